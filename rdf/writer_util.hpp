// What the RDF writers share, private to rdf/: the graph or dataset they write (IRIs made
// writable, sorted, no duplicates), deterministic blank node labels, UTF-8 decoding, the
// Turtle name characters (which XML names share), prefix choice, and which blank nodes form a
// tree that can be written nested and which of those are well-formed RDF list cells.
#pragma once

#include "term.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {

inline constexpr std::string_view rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view rdf_first = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr std::string_view rdf_rest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr std::string_view rdf_nil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
inline constexpr std::string_view xsd_ns = "http://www.w3.org/2001/XMLSchema#";

// ---- The graph or dataset to write -----------------------------------------------------------

/// `iri` with what no IRI may hold percent-encoded: controls, space, `<`, `>` (no syntax can
/// carry them, not even as a \u escape: serd, rapper and rdflib all reject them), and the
/// non-characters U+FFFE and U+FFFF (XML cannot carry them at all). Every format writes the
/// same IRIs, so every format describes the same graph.
std::string writable_iri(const std::string& iri);

/// The merged graph of `triples`: graph names dropped, IRIs made writable, duplicates removed,
/// sorted. The triple formats write this, so input order never shows in the output.
Triples merged_graph(const Triples& triples);

/// The dataset of `triples`: like merged_graph(), but each triple keeps its graph name (empty:
/// the default graph; "_:label": a blank node). Sorted by graph, then by triple.
Triples dataset(const Triples& triples);

/// The blank node a graph name stands for ("_:x" → blank "x"), or nullopt for an IRI or the
/// default graph.
std::optional<Term> blank_graph_name(const std::string& graph);

/// Output labels for the blank nodes of `graph` that satisfy `keep`: `<stem>1`, `<stem>2`, … in
/// the order of their input labels, so the same input always gets the same labels. Blank graph
/// names count as blank nodes.
std::map<Term, std::string> blank_labels(const Triples& graph, const std::string& stem,
                                         const std::function<bool(const Term&)>& keep);

// ---- Characters ------------------------------------------------------------------------------

/// One UTF-8 sequence: its code point and length in bytes. An invalid sequence (bad lead or
/// continuation byte, overlong form, surrogate, beyond U+10FFFF, cut short) is one byte long,
/// with `valid` false.
struct Utf8Char {
    char32_t code_point = 0;
    std::size_t length = 1;
    bool valid = false;
};

Utf8Char decode_utf8_at(std::string_view s, std::size_t at);

/// The code points of `s`, or nullopt when it is not valid UTF-8.
std::optional<std::u32string> decode_utf8(std::string_view s);

/// `c` as UTF-8.
std::string encode_utf8(char32_t c);

inline bool in_range(char32_t c, char32_t lo, char32_t hi) {
    return c >= lo && c <= hi;
}

/// The Turtle grammar's PN_CHARS_BASE, PN_CHARS_U and PN_CHARS. XML 1.0 (fifth edition) names
/// use the same classes: NameStartChar is PN_CHARS_U (plus ':'), NameChar is PN_CHARS plus '.'.
bool is_pn_chars_base(char32_t c);
bool is_pn_chars_u(char32_t c);
bool is_pn_chars(char32_t c);

/// PN_PREFIX, or empty (the default prefix `:`).
bool is_pn_prefix(std::string_view name);

/// scheme ":" …, per RFC 3986.
bool is_absolute_iri(std::string_view iri);

/// The scheme of an absolute IRI ("urn" for "urn:x"), or empty.
std::string_view iri_scheme(std::string_view iri);

// ---- Prefixes --------------------------------------------------------------------------------

/// The prefixes a document may use, and the ones it did use. What a syntax accepts as a prefix
/// binding and as a local name is given by `Rules`; choosing the prefix, marking it used and
/// inventing one are the same for every syntax.
class PrefixTable {
  public:
    struct Rules {
        std::function<bool(const Prefix&)> usable;         ///< may this binding be declared?
        std::function<bool(std::string_view)> plain_local; ///< is this a local name?
    };

    /// Keeps the usable declarations. Of two bindings of one name, the first wins.
    PrefixTable(const Prefixes& prefixes, Rules rules);

    /// `name:local` for `iri` by the prefix with the longest namespace that leaves a local name
    /// the rules accept (ties: the smaller name); nullopt when none fits. Marks that prefix used.
    std::optional<std::string> curie(const std::string& iri);

    /// The prefix curie() would use for `iri`, without marking it used.
    std::optional<Prefix> find(const std::string& iri) const;

    /// Makes sure `iri` has a prefixed name, declaring `namespace_iri` under `preferred` (or
    /// `preferred1`, `preferred2`, … when that name is taken) if no prefix fits yet.
    void ensure(const std::string& iri, std::string_view namespace_iri, std::string_view preferred);

    /// The prefixes that curie() handed out, sorted by name.
    Prefixes used() const;

    /// Whether `name` is bound (used or not).
    bool has_name(std::string_view name) const;

  private:
    Rules rules_;
    Prefixes usable_;
    std::set<std::string> used_;
};

// ---- Shapes: trees of blank nodes and lists --------------------------------------------------

/// The triples of `graph` by subject, each subject's in graph order.
std::map<Term, std::vector<const Triple*>> triples_by_subject(const Triples& graph);

/// Blank nodes that can be written nested inside the one triple that refers to them: the object
/// of exactly one triple of `graph`, and not on a cycle of such nodes (each would have to be
/// written inside the other), and not in `excluded`. Following the single referrers upwards
/// from a nested node always ends at a subject that is written at the top. Maps each to that
/// triple.
std::map<Term, const Triple*> nested_blank_nodes(const Triples& graph,
                                                 const std::set<Term>& excluded = {});

/// The nested blank nodes that are cells of a well-formed list: exactly one rdf:first and one
/// rdf:rest (nothing else), the rdf:rest chain ending in rdf:nil through such cells only.
/// `item_ok` may refuse a cell for its rdf:first object (a syntax that cannot hold that item).
std::set<Term> list_cells(const std::map<Term, std::vector<const Triple*>>& by_subject,
                          const std::map<Term, const Triple*>& nested,
                          const std::function<bool(const Term&)>& item_ok);

/// The rdf:first and rdf:rest triples of a list cell, in that order.
std::pair<const Triple*, const Triple*> cell_parts(const std::vector<const Triple*>& statements);

} // namespace seeother::rdf
