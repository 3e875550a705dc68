#include "server/ld/document.hpp"

#include "server/ld/query.hpp"

#include "rdf/iri.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>

namespace seeother::server {
namespace {

/// A name (X of /doc/X, P of /P) as URL path text: iri_to_uri, and "?" and "#" escaped too,
/// since in a URL they would end the path (<base>id/what? is at /doc/what%3F).
std::string name_to_uri(std::string_view name) {
    std::string uri;
    for (const char c : rdf::iri_to_uri(name)) {
        if (c == '?')
            uri += "%3F";
        else if (c == '#')
            uri += "%23";
        else
            uri += c;
    }
    return uri;
}

} // namespace

std::string document_url(const Route& route, std::string_view public_base) {
    if (route.kind == Route::Kind::HashDocument)
        return rdf::iri_to_uri(public_base) + name_to_uri(route.name);
    return rdf::iri_to_uri(std::string(public_base) + "doc/") + name_to_uri(route.name);
}

std::string format_url(const Document& document, rdf::Format format) {
    return document.url + "." + std::string(rdf::info(format).extension);
}

Document describe_document(const rdf::Descriptions& store, const Route& route,
                           std::string_view base, std::string_view public_base, std::size_t page,
                           std::size_t page_size) {
    const std::string thing = route.thing_iri(base);
    const rdf::Subjects subjects{thing, route.kind == Route::Kind::HashDocument};
    auto described = store.describe(subjects, (page - 1) * page_size, page_size);
    Document document;
    document.total = described.total;
    document.page = page;
    document.pages = page_count(described.total, page_size);
    if (document.past_end())
        described = store.describe(subjects, 0, page_size);
    document.triples = std::move(described.items);
    if (route.kind == Route::Kind::Document) {
        // The document is <base>doc/X; as a hash document <base>P, it is what it describes.
        document.triples.push_back({rdf::Term::iri(std::string(base) + "doc/" + route.name),
                                    rdf::Term::iri(std::string(rdf::vocab::foaf_primary_topic)),
                                    rdf::Term::iri(thing),
                                    {}});
    }
    document.prefixes = {&store.prefixes(), std::string(base), std::string(public_base), {}};
    const rdf::IriRewriter to_public{std::string(base), std::string(public_base)};
    to_public.rewrite_in_place(document.triples);
    document.thing = to_public.rewrite(thing);
    document.url = document_url(route, public_base);
    document.with_url = route.with_url;
    return document;
}

std::string alternates_link(const Document& document, rdf::Format chosen) {
    std::string link;
    for (const auto& row : rdf::formats()) {
        if (row.format == chosen || std::find(document.with_url.begin(), document.with_url.end(),
                                              row.format) == document.with_url.end())
            continue;
        if (!link.empty())
            link += ", ";
        link += "<" + format_url(document, row.format) + ">; rel=\"alternate\"; type=\"" +
                std::string(row.media_type) + "\"";
    }
    return link;
}

std::string pages_link(const Document& document, std::string_view path) {
    if (document.pages <= 1)
        return {};
    const auto url = [&](std::size_t n) {
        return "<" + std::string(path) + "?page=" + std::to_string(n) + ">";
    };
    std::string links;
    if (document.page > 1)
        links += url(document.page - 1) + "; rel=\"prev\"";
    if (document.page < document.pages)
        links += (links.empty() ? "" : ", ") + url(document.page + 1) + "; rel=\"next\"";
    return links;
}

} // namespace seeother::server
