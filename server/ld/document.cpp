#include "server/ld/document.hpp"

#include "server/ld/query.hpp"

#include "rdf/iri.hpp"
#include "rdf/vocab.hpp"
#include "rdf/writer_util.hpp"

#include <algorithm>
#include <cstring>
#include <map>

namespace seeother::server {

// "?" and "#" would end the path in a URL (<base>id/what? is at /doc/what%3F).
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

std::string document_url(const Route& route, const PublicSpace& space, bool for_people) {
    const Namespace& ns = space.namespaces()[route.space];
    if (route.kind == Route::Kind::HashDocument)
        return rdf::iri_to_uri(space.url_of(ns)) + name_to_uri(route.name);
    return rdf::iri_to_uri(space.url_of(ns) + (for_people ? ns.layout.pages : ns.layout.data)) +
           name_to_uri(route.name);
}

std::string format_url(const Document& document, rdf::Format format) {
    if (format == rdf::Format::Html && !document.html_url.empty())
        return document.html_url;
    return (document.stem.empty() ? document.url : document.stem) + "." +
           std::string(rdf::info(format).extension);
}

Document locate_document(const Route& route, const PublicSpace& space, bool for_people) {
    const bool hash = route.kind == Route::Kind::HashDocument;
    Document document;
    document.url = document_url(route, space, for_people);
    if (hash && route.name.empty())
        document.stem = document.url + "index";
    if (!hash && space.namespaces()[route.space].layout.split()) {
        document.stem = document_url(route, space, false);
        document.html_url = document_url(route, space, true);
    }
    document.with_url = route.with_url;
    return document;
}

Document describe_document(const rdf::Descriptions& store, const Route& route,
                           const PublicSpace& space, std::size_t page, std::size_t page_size,
                           bool for_people) {
    const Namespace& ns = space.namespaces()[route.space];
    const std::string& thing = route.iri;
    const bool hash = route.kind == Route::Kind::HashDocument;
    const rdf::Subjects subjects{thing, hash};
    auto described = store.describe(subjects, (page - 1) * page_size, page_size);
    Document document = locate_document(route, space, for_people);
    document.total = described.total;
    document.page = page;
    document.pages = page_count(described.total, page_size);
    if (document.past_end())
        described = store.describe(subjects, 0, page_size);
    document.triples = std::move(described.items);
    document.prefixes = {&store.prefixes(), space.to_shown().pairs(), {}};
    space.to_shown().rewrite_in_place(document.triples);
    document.thing = space.to_shown().rewrite(thing);
    if (!hash) {
        // The document is <base>doc/X at its public URL (also with --keep-iris: it is this
        // server's document, wherever the thing's IRI points); as a hash document <base>P,
        // it is what it describes.
        const auto& prefix = for_people ? ns.layout.pages : ns.layout.data;
        const auto url =
            space.to_url().rewrite(space.to_shown().rewrite(ns.base + prefix + route.name));
        document.triples.push_back({rdf::Term::iri(url),
                                    rdf::Term::iri(std::string(rdf::vocab::foaf_primary_topic)),
                                    rdf::Term::iri(document.thing),
                                    {}});
    }
    // The thing's IRI (from the request's path) and the primary topic triple's are the
    // document's own: checked here, once each.
    if (store.iris_writable() && space.to_shown().keeps_writable() &&
        (hash ? rdf::is_writable_iri(document.thing) : rdf::is_writable(document.triples.back())))
        document.iri_check = rdf::IriCheck::Done;
    return document;
}

std::vector<std::pair<std::string, std::size_t>> hash_contents(const rdf::Descriptions& store,
                                                               const Route& route,
                                                               const PublicSpace& space,
                                                               std::size_t page_size) {
    constexpr std::size_t chunk = 10000;
    constexpr std::size_t most = 10 * chunk;
    const rdf::Subjects subjects{route.iri, true};
    const std::string hash = route.iri + '#';
    // Subject triples per subject IRI; the store pages subjects in code-point order.
    std::map<std::string, std::size_t> counts;
    for (std::size_t offset = 0;; offset += chunk) {
        const auto page = store.describe(subjects, offset, chunk);
        if (page.total > most)
            return {};
        for (const auto& t : page.items)
            if (t.subject.is_iri() && (t.subject.value == route.iri ||
                                       t.subject.value.compare(0, hash.size(), hash) == 0))
                ++counts[t.subject.value];
        if (offset + chunk >= page.total)
            break;
    }
    std::vector<std::pair<std::string, std::size_t>> contents;
    std::size_t before = 0;
    for (const auto& [iri, count] : counts) {
        contents.emplace_back(space.to_shown().rewrite(iri), before / page_size + 1);
        before += count;
    }
    return contents;
}

Document describe_document(const rdf::Descriptions& store, const Route& route,
                           std::string_view base, std::string_view public_base, std::size_t page,
                           std::size_t page_size) {
    const Namespaces spaces{default_namespace(std::string(base))};
    Route located = route;
    if (located.iri.empty()) // a route built by hand: the default layout names its thing
        located.iri =
            std::string(base) +
            (route.kind == Route::Kind::HashDocument ? "" : spaces.front().layout.things) +
            route.name;
    return describe_document(store, located, PublicSpace(spaces, std::string(public_base), false),
                             page, page_size, false);
}

std::string alternates_link(const Document& document, rdf::Format chosen) {
    // Built for every document: its size is counted first, then the pieces are copied into
    // place (a std::string's appends are a call into libstdc++ each, some thirty here).
    const std::string& stem = document.stem.empty() ? document.url : document.stem;
    static constexpr std::string_view separator = ", ";
    static constexpr std::string_view rel = ">; rel=\"alternate\"; type=\"";
    const auto linked = [&](const rdf::FormatInfo& row) {
        return row.format != chosen && std::find(document.with_url.begin(), document.with_url.end(),
                                                 row.format) != document.with_url.end();
    };
    const auto own_url = [&](const rdf::FormatInfo& row) { // format_url()
        return row.format == rdf::Format::Html && !document.html_url.empty();
    };
    std::size_t size = 0;
    for (const auto& row : rdf::formats())
        if (linked(row))
            size +=
                separator.size() + 1 +
                (own_url(row) ? document.html_url.size() : stem.size() + 1 + row.extension.size()) +
                rel.size() + row.media_type.size() + 1;
    if (size == 0)
        return {};
    std::string link(size - separator.size(), '\0');
    char* at = link.data();
    const auto put = [&at](std::string_view piece) {
        std::memcpy(at, piece.data(), piece.size());
        at += piece.size();
    };
    for (const auto& row : rdf::formats()) {
        if (!linked(row))
            continue;
        if (at != link.data())
            put(separator);
        *at++ = '<';
        if (own_url(row)) {
            put(document.html_url);
        } else {
            put(stem);
            *at++ = '.';
            put(row.extension);
        }
        put(rel);
        put(row.media_type);
        *at++ = '"';
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
