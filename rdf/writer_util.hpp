// What the RDF writers share, private to rdf/: the graph or dataset they write (IRIs made
// writable, sorted, no duplicates), deterministic blank node labels, UTF-8 decoding, the
// Turtle name characters (which XML names share), prefix choice, and which blank nodes form a
// tree that can be written nested and which of those are well-formed RDF list cells.
#pragma once

#include "term.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {

using vocab::rdf_first;
using vocab::rdf_nil;
using vocab::rdf_rest;
inline constexpr std::string_view rdf_ns = vocab::rdf;
inline constexpr std::string_view xsd_ns = vocab::xsd;

// ---- The graph or dataset to write -----------------------------------------------------------

/// `iri` with what no IRI may hold percent-encoded: controls, space, `<`, `>` (no syntax can
/// carry them, not even as a \u escape: serd, rapper and rdflib all reject them), and the
/// non-characters U+FFFE and U+FFFF (XML cannot carry them at all). Every format writes the
/// same IRIs, so every format describes the same graph.
std::string writable_iri(const std::string& iri);

/// Whether writable_iri(iri) == iri, without making a copy.
bool is_writable_iri(std::string_view iri);

/// The triples a writer writes, in order. Each points into the triples the graph was made from
/// or, where a triple had to change (an IRI made writable, a graph name dropped), into a copy
/// the graph owns: a Triple holds ten strings, and copying them all was most of the writing.
/// So a Graph lives no longer than the triples it was made from.
class Graph {
  public:
    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Triple;
        using difference_type = std::ptrdiff_t;
        using pointer = const Triple*;
        using reference = const Triple&;

        explicit const_iterator(std::vector<const Triple*>::const_iterator at) : at_(at) {}
        const Triple& operator*() const { return **at_; }
        const Triple* operator->() const { return *at_; }
        const_iterator& operator++() {
            ++at_;
            return *this;
        }
        friend bool operator==(const_iterator a, const_iterator b) { return a.at_ == b.at_; }
        friend bool operator!=(const_iterator a, const_iterator b) { return a.at_ != b.at_; }

      private:
        std::vector<const Triple*>::const_iterator at_;
    };

    Graph() = default;
    Graph(Graph&&) = default; // a deque's elements stay where they are when it is moved
    Graph& operator=(Graph&&) = default;
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;

    const_iterator begin() const { return const_iterator(triples_.begin()); }
    const_iterator end() const { return const_iterator(triples_.end()); }
    std::size_t size() const { return triples_.size(); }

    void reserve(std::size_t n) { triples_.reserve(n); }
    /// Appends `t`, which must outlive the graph.
    void add(const Triple& t) { triples_.push_back(&t); }
    /// Appends a triple the graph keeps.
    void add_copy(Triple t) { triples_.push_back(&owned_.emplace_back(std::move(t))); }

    /// Sorts by `less` and drops duplicates. Input is mostly sorted (a store's description, a
    /// triple or two added), so only the tail after the sorted run is sorted, then merged in.
    template <class Less> void sort_unique(Less less) {
        const auto by_pointer = [&](const Triple* a, const Triple* b) { return less(*a, *b); };
        const auto tail = std::is_sorted_until(triples_.begin(), triples_.end(), by_pointer);
        if (tail != triples_.end()) {
            std::sort(tail, triples_.end(), by_pointer);
            std::inplace_merge(triples_.begin(), tail, triples_.end(), by_pointer);
        }
        const auto same = [](const Triple* a, const Triple* b) { return *a == *b; };
        triples_.erase(std::unique(triples_.begin(), triples_.end(), same), triples_.end());
    }

  private:
    std::vector<const Triple*> triples_;
    std::deque<Triple> owned_;
};

/// The merged graph of `triples`: graph names dropped, IRIs made writable, duplicates removed,
/// sorted. The triple formats write this, so input order never shows in the output.
Graph merged_graph(const Triples& triples);

/// The dataset of `triples`: like merged_graph(), but each triple keeps its graph name (empty:
/// the default graph; "_:label": a blank node). Sorted by graph, then by triple.
Graph dataset(const Triples& triples);

/// The blank node a graph name stands for ("_:x" → blank "x"), or nullopt for an IRI or the
/// default graph.
std::optional<Term> blank_graph_name(const std::string& graph);

/// Output labels for the blank nodes of `graph` that satisfy `keep`: `<stem>1`, `<stem>2`, … in
/// the order of their input labels, so the same input always gets the same labels. Blank graph
/// names count as blank nodes.
std::map<Term, std::string> blank_labels(const Graph& graph, const std::string& stem,
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

/// Calls `f(code_point, byte_offset)` for each code point of `s` in turn, stopping when it
/// returns false. False when it did, or when `s` is not valid UTF-8.
template <class F> bool each_code_point(std::string_view s, F&& f) {
    for (std::size_t i = 0; i < s.size();) {
        const auto byte = static_cast<unsigned char>(s[i]);
        const Utf8Char c = byte < 0x80 ? Utf8Char{byte, 1, true} : decode_utf8_at(s, i);
        if (!c.valid || !f(c.code_point, i))
            return false;
        i += c.length;
    }
    return true;
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
    /// The text lives as long as the table.
    std::optional<std::string_view> curie(std::string_view iri);

    /// Makes sure `iri` has a prefixed name, declaring `namespace_iri` under `preferred` (or
    /// `preferred1`, `preferred2`, … when that name is taken) if no prefix fits yet.
    void ensure(std::string_view iri, std::string_view namespace_iri, std::string_view preferred);

    /// The prefixes that curie() handed out, sorted by name.
    Prefixes used() const;

    /// Whether `name` is bound (used or not).
    bool has_name(std::string_view name) const;

  private:
    struct Entry {
        Prefix prefix;
        bool used = false;
    };

    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    void add(const Prefix& prefix);
    /// The index of the entry curie() uses for `iri`, or `none`.
    std::size_t best(std::string_view iri) const;

    Rules rules_;
    std::vector<Entry> entries_;    ///< by namespace length, longest first, then by name
    std::deque<std::string> names_; ///< what curie() returned: a deque never moves them
};

// ---- Shapes: trees of blank nodes and lists --------------------------------------------------

/// The triples of `graph` by subject, each subject's in graph order.
std::map<Term, std::vector<const Triple*>> triples_by_subject(const Graph& graph);

/// Blank nodes that can be written nested inside the one triple that refers to them: the object
/// of exactly one triple of `graph`, and not on a cycle of such nodes (each would have to be
/// written inside the other), and not in `excluded`. Following the single referrers upwards
/// from a nested node always ends at a subject that is written at the top. Maps each to that
/// triple.
std::map<Term, const Triple*> nested_blank_nodes(const Graph& graph,
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
