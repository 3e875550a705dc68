#include "server/ld/publisher.hpp"

#include "server/ld/document.hpp"

#include "rdf/iri.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>

namespace seeother::server {
namespace {

constexpr std::string_view dcterms = "http://purl.org/dc/terms/";
constexpr std::string_view foaf = "http://xmlns.com/foaf/0.1/";

rdf::Term term(std::string_view ns, const char* local) {
    return rdf::Term::iri(std::string(ns) + local);
}

bool is_absolute(std::string_view iri) {
    const auto colon = iri.find(':');
    return colon != std::string_view::npos && colon > 0 && iri.find_first_of("/?#") > colon;
}

} // namespace

void add_publication(Document& document, const Publication& publication,
                     std::string_view public_base) {
    const auto dataset = rdf::Term::iri(document.thing);
    auto& triples = document.triples;
    const auto add = [&](const rdf::Term& s, const rdf::Term& p, rdf::Term o) {
        triples.push_back({s, p, std::move(o), {}});
    };
    if (!publication.title.empty()) {
        const auto title = term(dcterms, "title");
        triples.erase(std::remove_if(triples.begin(), triples.end(),
                                     [&](const rdf::Triple& t) {
                                         return t.subject == dataset && t.predicate == title;
                                     }),
                      triples.end());
        add(dataset, title, rdf::Term::literal(publication.title));
    }
    if (!publication.license.empty())
        add(dataset, term(dcterms, "license"), rdf::Term::iri(publication.license));
    if (!publication.publisher.empty()) {
        if (is_absolute(publication.publisher)) {
            add(dataset, term(dcterms, "publisher"), rdf::Term::iri(publication.publisher));
        } else {
            const auto agent = rdf::Term::blank("publisher");
            add(dataset, term(dcterms, "publisher"), agent);
            add(agent, rdf::Term::iri(std::string(rdf::vocab::rdf_type)), term(foaf, "Agent"));
            add(agent, term(foaf, "name"), rdf::Term::literal(publication.publisher));
        }
    }
    for (const auto& dump : publication.dumps) {
        const auto url = dump.rfind('/', 0) == 0
                             ? rdf::iri_to_uri(std::string(public_base) + dump.substr(1))
                             : dump;
        add(dataset, rdf::Term::iri(std::string(rdf::vocab::void_ns) + "dataDump"),
            rdf::Term::iri(url));
    }
    std::sort(triples.begin(), triples.end());
    document.total = triples.size();
}

} // namespace seeother::server
