#include "server/ld/void.hpp"

#include "server/ld/site.hpp"

#include "rdf/iri.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>

namespace seeother::server {
namespace {

constexpr std::size_t void_examples = 3;
constexpr std::size_t void_class_partitions = 100;

namespace iri = rdf::vocab;

} // namespace

std::string void_url(std::string_view public_base) {
    return rdf::iri_to_uri(std::string(public_base) + ".well-known/void");
}

std::string void_dataset_iri(std::string_view public_base) {
    return std::string(public_base) + ".well-known/void#dataset";
}

namespace {

/// The triples of the VoID description, sorted.
rdf::Triples void_triples(const rdf::Store& store, std::string_view base,
                          std::string_view public_base) {
    const rdf::IriRewriter rewriter{std::string(base), std::string(public_base)};
    const auto ns = [](const char* local) {
        return rdf::Term::iri(std::string(iri::void_ns) + local);
    };
    const auto integer = [](std::size_t n) {
        return rdf::Term::literal(std::to_string(n), std::string(iri::xsd_integer));
    };
    const auto document = rdf::Term::iri(std::string(public_base) + ".well-known/void");
    const auto dataset = rdf::Term::iri(void_dataset_iri(public_base));
    const auto stats = store.stats();
    rdf::Triples triples;
    const auto add = [&](const rdf::Term& s, const rdf::Term& p, rdf::Term o) {
        triples.push_back({s, p, std::move(o), {}});
    };
    add(document, rdf::Term::iri(std::string(rdf::vocab::rdf_type)), ns("DatasetDescription"));
    add(document, rdf::Term::iri(std::string(rdf::vocab::foaf_primary_topic)), dataset);
    add(dataset, rdf::Term::iri(std::string(rdf::vocab::rdf_type)), ns("Dataset"));
    add(dataset, rdf::Term::iri(std::string(iri::dcterms_title)),
        rdf::Term::literal(site_title(public_base), "", "en"));
    add(dataset, rdf::Term::iri(std::string(iri::dcterms_description)),
        rdf::Term::literal("Linked Data served by seeother: GET an IRI under the URI space for "
                           "a description of the thing, in the format your client asks for.",
                           "", "en"));
    add(dataset, rdf::Term::iri(std::string(iri::foaf_homepage)),
        rdf::Term::iri(std::string(public_base)));
    add(dataset, ns("uriSpace"), rdf::Term::literal(std::string(public_base)));
    add(dataset, ns("triples"), integer(stats.triples));
    add(dataset, ns("entities"), integer(stats.iri_subjects));
    add(dataset, ns("distinctSubjects"), integer(stats.subjects));
    add(dataset, ns("classes"), integer(stats.classes));
    auto examples = store.most_referenced(void_examples);
    if (examples.empty())
        for (auto& iri : store.subjects_page(std::string(base), 0, void_examples).items)
            examples.push_back({std::move(iri), 0});
    for (const auto& example : examples)
        add(dataset, ns("exampleResource"), rdf::Term::iri(rewriter.rewrite(example.iri)));
    for (const auto& row : rdf::formats()) {
        if (!row.is_rdf)
            continue;
        std::string name(row.name);
        if (name == "RDF/XML")
            name = "RDF_XML";
        add(dataset, ns("feature"), rdf::Term::iri(std::string(iri::formats_ns) + name));
    }
    const auto classes = store.classes(0, void_class_partitions);
    for (std::size_t i = 0; i < classes.items.size(); ++i) {
        const auto partition = rdf::Term::blank("class" + std::to_string(i + 1));
        add(dataset, ns("classPartition"), partition);
        add(partition, ns("class"), rdf::Term::iri(rewriter.rewrite(classes.items[i].iri)));
        add(partition, ns("entities"), integer(classes.items[i].count));
    }
    std::sort(triples.begin(), triples.end());
    return triples;
}

} // namespace

Document void_document(const rdf::Store& store, std::string_view base, std::string_view public_base,
                       std::size_t page) {
    Document document;
    document.thing = void_dataset_iri(public_base);
    document.url = void_url(public_base);
    for (const auto& row : rdf::formats())
        document.with_url.push_back(row.format);
    document.triples = void_triples(store, base, public_base);
    document.total = document.triples.size();
    document.page = page;
    // Its own vocabularies first, then the data's prefixes where their names are free.
    document.prefixes = {&store.prefixes(),
                         std::string(base),
                         std::string(public_base),
                         {{"void", std::string(iri::void_ns)},
                          {"dcterms", "http://purl.org/dc/terms/"},
                          {"foaf", "http://xmlns.com/foaf/0.1/"},
                          {"formats", std::string(iri::formats_ns)}}};
    return document;
}

} // namespace seeother::server
