// What the RDF writers share, private to rdf/: the graph or dataset they write (IRIs made
// writable, sorted, no duplicates), deterministic blank node labels, UTF-8 decoding, the
// Turtle name characters (which XML names share), prefix choice, and which blank nodes form a
// tree that can be written nested (at most max_nesting_depth deep) and which of those are
// well-formed RDF list cells.
#pragma once

#include "prefix_index.hpp"
#include "serialize.hpp"
#include "term.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

/// Whether every IRI of the triple (an IRI term's, a literal's datatype, the graph's name) is
/// writable as it is.
bool is_writable(const Triple& triple);

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

    /// Sorts by `compare` (three-way: negative, zero, positive) and drops duplicates. Input is
    /// mostly sorted (a store's description, a triple or two added): neighbours are compared
    /// once each, for order and sameness at once, and only what breaks the order is sorted.
    template <class Compare> void sort_unique(Compare compare) {
        std::size_t kept = 0; // triples_[0, kept] sorted, without duplicates
        std::size_t i = 1;
        for (; i < triples_.size(); ++i) {
            const int order = compare(*triples_[kept], *triples_[i]);
            if (order > 0)
                break;
            if (order < 0)
                triples_[++kept] = triples_[i];
        }
        if (triples_.empty() || i == triples_.size()) {
            triples_.resize(triples_.empty() ? 0 : kept + 1);
            return;
        }
        const auto less = [&](const Triple* a, const Triple* b) { return compare(*a, *b) < 0; };
        constexpr std::size_t few = 8;
        if (triples_.size() - i <= few) {
            // A few out of place (a document adds its own triple or two at the end): each is
            // put where it belongs, unless it is there already.
            const Triple* rest[few];
            std::copy(triples_.begin() + static_cast<std::ptrdiff_t>(i), triples_.end(), rest);
            const std::size_t count = triples_.size() - i;
            triples_.resize(kept + 1);
            for (std::size_t r = 0; r < count; ++r) {
                const auto at = std::lower_bound(triples_.begin(), triples_.end(), rest[r], less);
                if (at == triples_.end() || compare(**at, *rest[r]) != 0)
                    triples_.insert(at, rest[r]);
            }
            return;
        }
        // The rest from triples_[i]: the duplicates dropped so far are gone, the tail sorted
        // and merged in.
        triples_.erase(triples_.begin() + static_cast<std::ptrdiff_t>(kept + 1),
                       triples_.begin() + static_cast<std::ptrdiff_t>(i));
        const auto tail = triples_.begin() + static_cast<std::ptrdiff_t>(kept + 1);
        std::sort(tail, triples_.end(), less);
        std::inplace_merge(triples_.begin(), tail, triples_.end(), less);
        const auto same = [&](const Triple* a, const Triple* b) { return compare(*a, *b) == 0; };
        triples_.erase(std::unique(triples_.begin(), triples_.end(), same), triples_.end());
    }

  private:
    std::vector<const Triple*> triples_;
    std::deque<Triple> owned_;
};

/// The merged graph of `triples`: graph names dropped, IRIs made writable, duplicates removed,
/// sorted. The triple formats write this, so input order never shows in the output.
/// With IriCheck::Done, the IRIs are taken as they are.
Graph merged_graph(const Triples& triples, IriCheck check = IriCheck::Needed);

/// The dataset of `triples`: like merged_graph(), but each triple keeps its graph name (empty:
/// the default graph; "_:label": a blank node). Sorted by graph, then by triple.
Graph dataset(const Triples& triples, IriCheck check = IriCheck::Needed);

/// The blank node a graph name stands for ("_:x" → blank "x"), or nullopt for an IRI or the
/// default graph.
std::optional<Term> blank_graph_name(const std::string& graph);

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

/// The two-character escapes serd writes in a string of every syntax, and the journal in its lines
/// (`\"`, `\\`, `\n`,
/// `\r`, `\t`); false, and nothing appended, for any other octet.
template <class Out> bool append_string_echar(Out& out, unsigned char c) {
    switch (c) {
    case '"':
        out += "\\\"";
        return true;
    case '\\':
        out += "\\\\";
        return true;
    case '\n':
        out += "\\n";
        return true;
    case '\r':
        out += "\\r";
        return true;
    case '\t':
        out += "\\t";
        return true;
    default:
        return false;
    }
}

// ---- Prefixes --------------------------------------------------------------------------------

/// The writers whose rules about bindings an index keeps the verdicts of (PrefixTable::Rules::
/// kept_number), one number each.
enum KeptRule : std::size_t { turtle_rule, rdfxml_rule, jsonld_rule };
static_assert(jsonld_rule < PrefixIndex::kept_rules);

/// The prefixes a document may use, and the ones it did use. What a syntax accepts as a prefix
/// binding and as a local name is given by `Rules`; choosing the prefix, marking it used and
/// inventing one are the same for every syntax. Per request: it looks at the bindings of the
/// view's index that an IRI's namespace could be, never at all of them.
class PrefixTable {
  public:
    struct Rules {
        using BindingRule = std::function<bool(const Prefix&)>;
        Rules(BindingRule usable_, std::function<bool(std::string_view)> plain_local_)
            : usable(std::move(usable_)), plain_local(std::move(plain_local_)) {}
        /// With `usable` depending on nothing but the binding: the index keeps its verdicts
        /// (PrefixIndex::kept_verdict(), under `number`).
        Rules(BindingRule usable_, std::function<bool(std::string_view)> plain_local_,
              std::size_t number)
            : usable(std::move(usable_)), plain_local(std::move(plain_local_)), kept(usable),
              kept_number(number) {}
        /// With `usable` in two parts, for the bindings of an index shown as they are: `kept`,
        /// which depends on nothing but the binding and which the index keeps (PrefixIndex::
        /// kept_verdict(), under `number`), and `also`, what else this request asks (none:
        /// nothing). Together they must say what `usable` says.
        Rules(BindingRule usable_, std::function<bool(std::string_view)> plain_local_,
              std::size_t number, BindingRule kept_, BindingRule also_ = {})
            : usable(std::move(usable_)), plain_local(std::move(plain_local_)),
              kept(std::move(kept_)), kept_number(number), also(std::move(also_)) {}

        BindingRule usable;                                ///< may this binding be declared?
        std::function<bool(std::string_view)> plain_local; ///< is this a local name?
        BindingRule kept;                                  ///< none: `usable` asked each time
        std::size_t kept_number = 0;
        BindingRule also;
    };

    /// The bindings of `view` after those of `ahead`: of the usable bindings of a name, the
    /// first wins.
    PrefixTable(const PrefixView& view, Rules rules, const Prefixes& ahead = {});

    /// `name:local` for `iri` by the prefix with the longest namespace that leaves a local name
    /// the rules accept (ties: the smaller name); nullopt when none fits. Marks that prefix used.
    /// The text lives as long as the table.
    std::optional<std::string_view> curie(std::string_view iri);

    /// curie() in pieces, without making its text: the prefix's name and the length of its
    /// namespace as shown (the local name is the rest of `iri`). Marks the prefix used. The
    /// name lives as long as the table.
    struct Split {
        std::string_view name;
        std::size_t namespace_length = 0;
    };
    std::optional<Split> split(std::string_view iri);

    /// Makes sure `iri` has a prefixed name, declaring `namespace_iri` under `preferred` (or
    /// `preferred1`, `preferred2`, … when that name is taken) if no prefix fits yet.
    void ensure(std::string_view iri, std::string_view namespace_iri, std::string_view preferred);

    /// The prefixes that curie() handed out, sorted by name, as the view shows them: valid until
    /// the table looks at another binding.
    std::vector<const Prefix*> used() const;

    /// Whether `name` is bound (used or not).
    bool has_name(std::string_view name);

    /// How many bindings of the view's index were looked at so far: tests check that it
    /// depends on the IRIs written, not on the number of prefixes.
    std::size_t probes() const { return probes_; }

  private:
    struct Local { ///< a binding ahead of the view's index, of the view's first, or ensure()'s
        Prefix prefix;
        bool effective = false; ///< usable, and no earlier usable binding of its name
        bool added = false;     ///< by ensure()
        bool used = false;
    };
    struct Seen { ///< a binding of the view's index that this table looked at
        std::size_t binding = 0;
        signed char usable = -1; ///< -1: not known yet
        signed char effective = -1;
        bool used = false;
        bool has_shown = false;
        Prefix shown; ///< as the view shows it, once has_shown (when it rewrites)
    };
    struct Choice {
        bool in_index = false;
        std::size_t at = 0;     ///< into local_, or a binding of the index
        std::size_t length = 0; ///< of the namespace as shown
        std::string_view name;
        std::size_t seen = 0; ///< of an index binding, once best() chose it
    };
    /// A choice best() made for a namespace that no binding's namespace extends: every IRI in
    /// that namespace whose local name the rules accept gets the same choice (the bindings of
    /// one namespace are ranked by name alone, and no longer namespace can win).
    struct Recent {
        std::string_view ns;
        Choice choice;
    };

    std::optional<Choice> best(std::string_view iri);
    /// The recent choice whose namespace `iri` starts with, or null.
    const Recent* recent(std::string_view iri) const;
    /// Keeps `c` as a recent choice, if no binding's namespace extends its namespace.
    void remember(const Choice& c);
    /// The index in seen_ of a binding, added if new.
    std::size_t seen(std::size_t binding);
    const Prefix& shown(std::size_t seen);
    bool usable(std::size_t seen);
    /// Whether an index binding (seen_[i]'s) is the one its name stands for.
    bool effective(std::size_t i);

    const PrefixView& view_;
    bool rewrites_ = false; ///< view_.rewrites(), asked once
    Rules rules_;
    std::deque<Local> local_; ///< a deque: split()'s names stay where they are
    std::vector<Seen> seen_;
    /// Up to this many bindings in the index, direct_ finds a binding's seen_ entry.
    static constexpr std::size_t direct_bindings = 256;
    std::vector<std::uint32_t> direct_; ///< seen_ index + 1 by binding, or 0
    std::vector<std::uint32_t> slots_;  ///< seen_ index + 1 by binding, open addressing
    std::vector<Choice> candidates_;    ///< of the last best(), reused
    /// A document's IRIs come from a few namespaces: best() looks at these before the bindings.
    static constexpr std::size_t recent_capacity = 8;
    std::array<Recent, recent_capacity> recent_{};
    std::size_t recent_count_ = 0;
    std::size_t recent_next_ = 0; ///< the one to replace when all are taken
    /// The text of what curie() returned, in blocks that never move: a string each was an
    /// allocation for most names.
    std::vector<std::unique_ptr<char[]>> name_blocks_;
    char* name_free_ = nullptr;
    std::size_t name_room_ = 0;
    std::size_t probes_ = 0;
};

// ---- Shapes: trees of blank nodes and lists --------------------------------------------------
// Blank nodes are numbered and the decisions kept in vectors by number: a description may hold
// millions of them, and maps keyed by terms made such a graph take a minute to write.

inline constexpr std::size_t no_index = static_cast<std::size_t>(-1);

/// The blank nodes of a graph (subjects, objects, blank graph names), numbered 0, 1, … in the
/// order of their labels, so that labels given in that order follow the input's.
class BlankIds {
  public:
    explicit BlankIds(const Graph& graph);

    std::size_t size() const { return labels_.size(); }
    /// The number of a blank node, or no_index when the graph does not hold it.
    std::size_t id(std::string_view label) const;
    std::size_t id(const Term& blank) const { return id(std::string_view(blank.value)); }
    std::string_view label(std::size_t id) const { return labels_[id]; }

  private:
    std::vector<std::string_view> labels_; ///< sorted; views into the graph's triples
    std::unordered_map<std::string_view, std::size_t> ids_;
};

/// A graph sorted by subject, indexed: its blank nodes numbered, and for each subject the run
/// of its statements (in graph order, which a writer may change within the run), each with the
/// number of its object when that is a blank node. Writers look blank nodes up by these numbers,
/// not by label: hashing every label a few times was most of writing a large graph.
class GraphIndex {
  public:
    struct Statement {
        const Triple* triple = nullptr;
        std::size_t object = no_index; ///< the object's blank node number, if it is one
    };
    struct Block {
        const Term* subject = nullptr;
        std::size_t blank = no_index; ///< the subject's blank node number, if it is one
        std::size_t begin = 0;        ///< into the statements
        std::size_t end = 0;
    };

    explicit GraphIndex(const Graph& graph);

    const BlankIds& blanks() const { return blanks_; }
    std::size_t blank_id(const Term& blank) const { return blanks_.id(blank); }

    /// The subjects in graph order (IRIs, then blank nodes, each in term order).
    const std::vector<Block>& blocks() const { return blocks_; }
    /// The block of a blank node (by number), or no_index when it is no subject.
    std::size_t block_of(std::size_t blank) const { return block_of_blank_[blank]; }

    const Statement* begin(const Block& b) const { return statements_.data() + b.begin; }
    const Statement* end(const Block& b) const { return statements_.data() + b.end; }
    Statement* begin(const Block& b) { return statements_.data() + b.begin; }
    Statement* end(const Block& b) { return statements_.data() + b.end; }

  private:
    BlankIds blanks_;
    std::vector<Statement> statements_;
    std::vector<Block> blocks_;
    std::vector<std::size_t> block_of_blank_;
};

/// Output labels `<stem>1`, `<stem>2`, … for the blank nodes (by number) for which `keep` is
/// true, in number order; empty for the others.
std::vector<std::string> blank_labels(const BlankIds& blanks, const std::string& stem,
                                      const std::function<bool(std::size_t)>& keep);

/// How a blank node is written: nested inside the one triple that refers to it (`referrer`),
/// and if so whether as a cell of a list; otherwise by label. By blank node number.
struct Shapes {
    std::vector<const Triple*> referrer; ///< nullptr: written by label
    std::vector<std::size_t> parent;     ///< the referrer's subject, if a blank node; or no_index
    std::vector<char> cell;              ///< nested and written as a list cell

    bool nested(std::size_t id) const { return referrer[id] != nullptr; }
    bool is_cell(std::size_t id) const { return cell[id] != 0; }
};

/// Blank nodes that can be written nested inside the one triple that refers to them: the object
/// of exactly one triple of the graph, and not on a cycle of such nodes (each would have to be
/// written inside the other), and not `excluded` (by number; may be empty). Following the single
/// referrers upwards from a nested node always ends at a subject that is written at the top.
/// No list cells yet.
Shapes nested_blank_nodes(const GraphIndex& index, const std::vector<char>& excluded = {});

/// Marks the nested blank nodes that are cells of a well-formed list: exactly one rdf:first and
/// one rdf:rest (nothing else), the rdf:rest chain ending in rdf:nil through such cells only.
/// `item_ok` may refuse a cell for its rdf:first object (a syntax that cannot hold that item).
void mark_list_cells(const GraphIndex& index, Shapes& shapes,
                     const std::function<bool(const Term&)>& item_ok);

/// Writes by label every nested blank node deeper than `max_depth` levels (a level: being
/// nested in a node, or a list in a node); each starts its own count at the top. With
/// `flat_lists`, the syntax writes a list's cells side by side (`( … )`, `@list`), so a cell's
/// rdf:rest cell is at the cell's level; otherwise each cell is one level deeper (RDF/XML).
/// Nothing changes for graphs that nest no deeper.
void cap_nesting(const GraphIndex& index, Shapes& shapes, bool flat_lists,
                 std::size_t max_depth = max_nesting_depth);

/// The rdf:first and rdf:rest statements of a list cell (its block's two), in that order.
std::pair<const GraphIndex::Statement*, const GraphIndex::Statement*>
cell_parts(const GraphIndex::Statement* statements);

} // namespace seeother::rdf
