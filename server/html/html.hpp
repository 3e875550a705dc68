// HTML pages: the description of a thing, the 303 note, and the pieces every browsing page
// shares (head, bar, pager, links to things). All escaping of data into markup happens
// here, with one function per context: element text, attribute value, URL query value,
// JSON in a data block, and XML (the sitemap).
#pragma once

#include "server/ld/language.hpp"

#include "rdf/format.hpp"
#include "rdf/store.hpp"
#include "rdf/term.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace seeother::server {

/// Escapes text for HTML element content.
std::string escape_html(std::string_view text);

/// Escapes text for a double-quoted HTML attribute value.
std::string escape_attr(std::string_view text);

/// Percent-encodes a query parameter value (everything but RFC 3986 unreserved).
std::string encode_query_value(std::string_view value);

/// Makes JSON safe inside <script type="application/ld+json">: "<", ">" and "&" become
/// \u escapes (JSON has them only inside strings), so "</script>" or "<!--" never
/// appear and the block cannot end early or change the parser's state.
std::string escape_script_data(std::string_view json);

/// Escapes text for XML element content and attribute values.
std::string escape_xml(std::string_view text);

/// Only these become hyperlinks: http, https and mailto IRIs (javascript:, data: and the
/// rest are shown as text).
bool is_linkable(std::string_view iri);

/// The Content-Security-Policy sent with every HTML page: no script runs, nothing loads
/// but the page's own inline style (by its hash) and http(s) images; forms submit only to
/// this server.
const std::string& content_security_policy();

/// Values per page of a description, backlinks per page, and entries per page of the
/// class, search and instance lists.
inline constexpr std::size_t values_per_page = 200;
inline constexpr std::size_t backlinks_per_page = 100;
inline constexpr std::size_t list_per_page = 100;

/// Labels of IRIs, already chosen for the reader's language: public IRI → label literal.
/// Ordered with a transparent comparison, so that an IRI is found without copying it.
using LabelMap = std::map<std::string, rdf::Term, std::less<>>;

/// Looks up labels of public IRIs in one batch.
using LabelLookup = std::function<LabelMap(const std::vector<std::string>&)>;

/// What every browsing page shares: where the site is, the reader's language choice and
/// the prefixes for showing IRIs as prefixed names.
struct PageContext {
    std::string public_base;         ///< ends in "/"
    LanguagePreference language;     ///< for choosing labels and literals
    std::optional<std::string> lang; ///< ?lang= in effect, kept in links and forms
    rdf::Prefixes prefixes;          ///< in public space, for prefixed names
    LabelLookup lookup;              ///< may be empty: no labels for linked IRIs
};

/// The head and the top bar of a page, up to and including <main>.
struct PageStart {
    std::string title;
    std::string head;         ///< extra markup for <head> (already escaped)
    std::string search_query; ///< to show in the search box
};
std::string page_start(const PageContext& context, const PageStart& start);

/// Closes <main>, adds the footer (already escaped markup) and ends the document.
std::string page_end(std::string_view footer);

/// A link to an IRI showing its label (or a prefixed name, or the IRI); plain text for an
/// IRI that is not linkable.
std::string iri_link(const PageContext& context, std::string_view iri, const LabelMap& labels);

/// A literal, escaped, with its language or datatype shown small; long ones folded.
std::string literal_html(const PageContext& context, const rdf::Term& literal);

/// "foaf:name" when a data prefix (or a well-known one) covers the IRI, else the IRI.
std::string short_name(std::string_view iri, const rdf::Prefixes& prefixes);

/// "1,234".
std::string with_separators(std::size_t n);

/// The query string for page `page` with ?lang= kept: "?lang=fr&page=2" (escaped for an
/// attribute), "?" + `extra` parameters first when given (already encoded).
std::string page_query(const PageContext& context, std::size_t page, std::string_view extra = {});

/// Link elements for <head> and a pager <nav>, for page `page` of `pages`.
std::string pager_head(const PageContext& context, std::size_t page, std::size_t pages,
                       std::string_view extra = {});
std::string pager_nav(const PageContext& context, std::size_t page, std::size_t pages,
                      std::string_view extra = {});

/// The label to show for a subject among some triples: its label literals in the reader's
/// best language, then by the order of rdf::label_predicates(). Empty if none.
std::optional<rdf::Term> best_label(const rdf::Triples& triples, std::string_view subject,
                                    const LanguagePreference& language = {});

/// The best of some label literals for the reader (they come in label_predicates order).
std::optional<rdf::Term> choose_label(std::vector<rdf::Term> labels,
                                      const LanguagePreference& language);

struct Alternate {
    rdf::Format format;
    std::string url; ///< absolute, percent-encoded
};

struct DescriptionPage {
    std::string thing;                     ///< public IRI of the thing (or of the hash document)
    std::string document_url;              ///< public URL of the document, percent-encoded
    const rdf::Triples* triples = nullptr; ///< already rewritten to the public URL
    std::vector<Alternate> alternates;     ///< every RDF format of this document
    std::size_t page = 1;                  ///< 1-based
    const rdf::Backlinks* backlinks = nullptr; ///< one page of them (public IRIs), or none
    /// Instance counts of the subjects on the page that are classes (public IRIs).
    std::unordered_map<std::string, std::size_t> instance_counts;
    /// Serializes the triples shown on the page for the embedded JSON-LD; may be empty.
    std::function<std::string(const rdf::Triples&)> json_ld;
};

/// A valid HTML5 page describing the thing: page `page.page` of its values and backlinks.
/// nullopt when that page is past the last one.
std::optional<std::string> render_description(const PageContext& context,
                                              const DescriptionPage& page);

/// The short note in the body of a 303: a link to the document.
std::string render_see_other(std::string_view location);

} // namespace seeother::server
