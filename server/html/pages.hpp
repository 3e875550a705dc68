// The pages for people, one file per kind: the description of a document, the home page,
// the class list, a class's instances, search, and the note in the body of a 303. Each
// gets a PageContext (never the HTTP request), asks the store bounded, indexed questions
// through it, and returns the HTML or the Problem (400, 404) that stops it.
#pragma once

#include "server/html/buffer.hpp"
#include "server/html/context.hpp"
#include "server/ld/document.hpp"
#include "server/ld/problem.hpp"

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace seeother::server::html {

/// Values per HTML page of a description (its subject triples, in the order the store
/// pages them, each with its blank-node closure), backlinks per page, and entries per page
/// of the class and instance lists.
inline constexpr std::size_t values_per_page = 200;
inline constexpr std::size_t backlinks_per_page = 100;
inline constexpr std::size_t list_per_page = 100;

/// Search results per page, and how many pages of them one may read.
inline constexpr std::size_t hits_per_page = 20;
inline constexpr std::size_t max_search_pages = 50;

/// Writes the JSON-LD embedded in a description page: the triples it shows, with the
/// document's prefixes.
using JsonLdWriter = std::function<std::string(const rdf::Triples&, const rdf::PrefixView&)>;

/// A valid HTML5 page describing a document's thing: page `document.page` of its values
/// and backlinks (looked up through the context), labels of what it links to, class
/// counts of its subjects, links to every RDF format. 404 past the last page. The JSON-LD
/// block is rdf::serialize's unless `json_ld` is given.
Result<std::string> description_page(const PageContext& context, const Document& document,
                                     const JsonLdWriter& json_ld = {});

/// The home page: size, the largest classes, search, and things to start from.
Result<std::string> home_page(const PageContext& context, std::size_t page);

/// Every class with its instance count, most instances first.
Result<std::string> classes_page(const PageContext& context, std::size_t page);

/// The instances of a class; `class_iri` as given in ?iri= (public or --base form).
Result<std::string> class_page(const PageContext& context, std::string_view class_iri,
                               std::size_t page);

/// Things whose label contains the query, ranked.
Result<std::string> search_page(const PageContext& context, std::string_view query,
                                std::size_t page);

/// The 404 page for browsers: what was not found, a search box and a link home.
std::string not_found_page(const PageContext& context, std::string_view message);

/// A table of contents of a hash document of several pages (document.contents), on its
/// first page: each term links to its page (?page=N#term), and a term shown on a later page
/// gets its id here, so that /P#term lands on its entry. The ids it takes join `ids`.
void append_contents(Buffer& out, const PageContext& context, const Document& document,
                     std::set<std::string, std::less<>>& ids);

/// The short note in the body of a 303: a link to the document.
std::string see_other_page(std::string_view location);

} // namespace seeother::server::html
