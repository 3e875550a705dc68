// The pages for exploring a data set: its description pages with labels and backlinks,
// the home page, the class list and class pages, search, the sitemap and the VoID
// description. Each asks the store bounded, indexed questions (one page at a time) and
// renders through html.hpp. No HTTP here: handlers.cpp turns the results into replies.
#pragma once

#include "server/html/html.hpp"
#include "server/ld/language.hpp"

#include "rdf/store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::server {

/// Who asks, where, and in which language.
struct BrowseRequest {
    const rdf::Store* store = nullptr;
    std::string base;                ///< --base, ending in "/"
    std::string public_base;         ///< the URL the client sees, ending in "/"
    LanguagePreference language;     ///< from ?lang= or Accept-Language
    std::optional<std::string> lang; ///< ?lang= as given, kept in links
    std::size_t page = 1;
    bool page_given = false; ///< ?page= was in the query (the sitemap index needs to know)
};

/// A page, or why there is none: status 200 with HTML or XML, else 400/404 with a message.
struct BrowseResult {
    int status = 200;
    std::string body;
};

/// The shared context of a browsing page: labels looked up in the store (through the
/// public/base rewriting) and chosen for the reader's language.
PageContext page_context(const BrowseRequest& request);

/// What the document handler already knows about a document.
struct DocumentInput {
    std::string thing_iri;                   ///< in --base space
    std::string document_url;                ///< public URL, percent-encoded, without extension
    const rdf::Triples* triples = nullptr;   ///< the description, rewritten to the public URL
    const rdf::Prefixes* prefixes = nullptr; ///< rewritten to the public URL
    std::vector<Alternate> alternates;
};

/// The HTML page of a document (page request.page): labels, backlinks, class counts.
BrowseResult document_page(const BrowseRequest& request, const DocumentInput& document);

BrowseResult home_page(const BrowseRequest& request);
BrowseResult classes_page(const BrowseRequest& request);
/// `class_iri` as given in ?iri= (public or --base form).
BrowseResult class_page(const BrowseRequest& request, std::string_view class_iri);
BrowseResult search_page(const BrowseRequest& request, std::string_view query);

/// Search results per page, and how many pages of them one may read.
inline constexpr std::size_t hits_per_page = 20;
inline constexpr std::size_t max_search_pages = 50;

/// The sitemap: a urlset of document URLs, or, beyond sitemap_urls, a sitemap index of
/// /sitemap.xml?page=N (each a urlset).
inline constexpr std::size_t sitemap_urls = 50000;
BrowseResult sitemap(const BrowseRequest& request);

/// The VoID description of the data set, in public space: a void:Dataset with its size,
/// URI space, example resources, class partitions and the formats served.
rdf::Triples void_description(const rdf::Store& store, std::string_view base,
                              std::string_view public_base);

/// The public IRI of the void:Dataset described at /.well-known/void.
std::string void_dataset_iri(std::string_view public_base);

} // namespace seeother::server
