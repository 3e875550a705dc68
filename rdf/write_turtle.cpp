// Turtle, TriG, N-Triples and N-Quads, in the bytes serd 0.30's writer wrote for them (it wrote
// them all once; the guard in tests/unit/test_byte_identity.cpp holds those bytes). This file
// decides what is written: the order, which blank nodes are nested or lists, which IRIs become
// prefixed names; turtle_layout.cpp lays the statements out and escapes them as serd did. It
// steers clear of the few inputs for which serd 0.30 wrote something that does not parse back
// (each is marked "serd:" below). TriG is Turtle written one graph at a time and wrapped in
// `<graph> { … }`: serd 0.30's own TriG writer lost its indentation and its place after lists.
#include "writers.hpp"

#include "turtle_layout.hpp"
#include "writer_util.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace seeother::rdf {
namespace {

using vocab::xsd_boolean;
using vocab::xsd_decimal;
using vocab::xsd_integer;

// ---------------------------------------------------------------------------------------------
// Prefixed names, after the Turtle grammar (PN_PREFIX, PN_LOCAL)

/// A PN_LOCAL that needs no backslash escape and no `%` (serd escapes `~`, `%` and the like with
/// a backslash; an IRI with those is clearer written in full), or the empty local name.
bool is_plain_pn_local(std::string_view local) {
    // Most local names are ASCII: a table look-up an octet, and the code-point walk below only
    // for the rest. Octets from 0x80 are in neither class.
    enum : unsigned char { may_start = 1, may_follow = 2 };
    static const std::array<unsigned char, 256> ascii = [] {
        std::array<unsigned char, 256> classes{};
        for (char32_t c = 0; c < 0x80; ++c)
            classes[c] = static_cast<unsigned char>(
                (is_pn_chars_u(c) || in_range(c, '0', '9') ? may_start : 0) |
                (is_pn_chars(c) || c == '.' ? may_follow : 0));
        return classes;
    }();
    const auto octet = [&](std::size_t i) { return static_cast<unsigned char>(local[i]); };
    if (local.empty())
        return true;
    std::size_t i = 0;
    if (ascii[octet(0)] & may_start)
        for (i = 1; i < local.size() && (ascii[octet(i)] & may_follow) != 0;)
            ++i;
    if (i == local.size())
        return local.back() != '.';
    if (octet(i) < 0x80)
        return false;
    char32_t last = 0;
    const bool ok = each_code_point(local, [&](char32_t c, std::size_t at) {
        last = c;
        return at == 0 ? is_pn_chars_u(c) || in_range(c, '0', '9') : is_pn_chars(c) || c == '.';
    });
    return ok && last != '.';
}

/// Turtle and TriG keep the declarations that can be written: a valid name bound to an absolute
/// IRI that needs no escaping.
PrefixTable::Rules turtle_prefix_rules() {
    const auto usable = [](const Prefix& p) {
        return is_pn_prefix(p.name) && is_absolute_iri(p.iri) && is_writable_iri(p.iri);
    };
    return {usable, is_plain_pn_local, turtle_rule};
}

// ---------------------------------------------------------------------------------------------
// Literals

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// An integer part without a needless sign or leading zero: "0", "42", "-7", not "+7", "007".
bool is_plain_integer(std::string_view s) {
    if (!s.empty() && s[0] == '-')
        s.remove_prefix(1);
    return all_digits(s) && (s.size() == 1 || s[0] != '0');
}

/// serd writes every xsd:integer, xsd:boolean and (dotted) xsd:decimal literal bare, whatever
/// its lexical form: `"abc"^^xsd:integer` would come out as `abc`, `"1"^^xsd:boolean` as `1`
/// (an integer). True when the bare form is Turtle's INTEGER, DECIMAL or BOOLEAN and reads back
/// as the same lexical form everywhere: rdflib, for one, reads `+007` as "7" and `.5` as "0.5".
bool bare_form_reads_back(const std::string& lexical, std::string_view datatype) {
    if (datatype == xsd_integer)
        return is_plain_integer(lexical) && lexical != "-0";
    if (datatype == xsd_decimal) {
        const auto dot = lexical.find('.');
        return dot != std::string::npos &&
               is_plain_integer(std::string_view(lexical).substr(0, dot)) &&
               all_digits(std::string_view(lexical).substr(dot + 1));
    }
    if (datatype == xsd_boolean)
        return lexical == "true" || lexical == "false";
    return false;
}

bool serd_writes_bare(std::string_view datatype) {
    return datatype == xsd_integer || datatype == xsd_decimal || datatype == xsd_boolean;
}

// ---------------------------------------------------------------------------------------------
// Turtle: deciding the shape

enum class Role { Subject, Predicate, Object };

/// Plans one Turtle graph: which blank nodes are nested, which are list cells, the order of
/// statements and the node text; then writes its statements, the way serd's reader would have
/// passed them to serd's writer. TriG plans each of its graphs with one planner and one shared
/// PrefixTable and set of labels.
class TurtlePlanner {
  public:
    /// `graph`: sorted, no duplicates. `must_label`: blank nodes never to nest (in TriG, those
    /// that occur in other graphs too).
    TurtlePlanner(const Graph& graph, PrefixTable& prefixes,
                  const std::function<bool(std::string_view)>& must_label = {})
        : graph_(graph), prefixes_(prefixes), index_(graph),
          shapes_(nested_blank_nodes(index_, excluded(index_.blanks(), must_label))) {
        // serd: inside a list, any statement whose object text is rdf:nil ends the list, so an
        // item equal to rdf:nil (the IRI, or a literal with that text) cannot be in one.
        mark_list_cells(index_, shapes_, [](const Term& item) { return item.value != rdf_nil; });
        fit_lists_to_serd();
        cap_nesting(index_, shapes_, true);
        order_statements();
        nested_labels_ =
            blank_labels(index_.blanks(), "n", [&](std::size_t id) { return shapes_.nested(id); });
        reserve_forced_prefixes();
    }

    const BlankIds& blanks() const { return index_.blanks(); }

    /// The blank nodes written by label (`_:b1`): those that are not nested.
    bool is_labelled(std::string_view blank) const {
        const std::size_t id = index_.blanks().id(blank);
        return id == no_index || !shapes_.nested(id);
    }

    /// Writes the statements to `out`, with `labels` (by the numbers of `label_ids`) for the
    /// blank nodes that are not nested. Prefixed names are chosen as they are written: the
    /// prefixes used are known at the end.
    void write(TurtleLayout& out, const BlankIds& label_ids,
               const std::vector<std::string>& labels) {
        out_ = &out;
        label_ids_ = &label_ids;
        labels_ = &labels;
        last_subject_ = nullptr;
        last_predicate_ = nullptr;
        // Subjects in term order: IRIs first, then the blank nodes that are not nested.
        for (const auto& block : index_.blocks())
            if (!is_nested(block.blank))
                write_block(block, 0);
        out.finish();
    }

  private:
    using Statement = GraphIndex::Statement;

    static std::vector<char> excluded(const BlankIds& blanks,
                                      const std::function<bool(std::string_view)>& must_label) {
        std::vector<char> out;
        if (must_label) {
            out.resize(blanks.size());
            for (std::size_t id = 0; id < blanks.size(); ++id)
                out[id] = must_label(blanks.label(id));
        }
        return out;
    }

    // By blank node number; no_index (not a blank node) is neither.
    bool is_nested(std::size_t id) const { return id != no_index && shapes_.nested(id); }
    bool is_cell(std::size_t id) const { return id != no_index && shapes_.is_cell(id); }

    const GraphIndex::Block& block_of(std::size_t blank) const {
        return index_.blocks()[index_.block_of(blank)];
    }

    bool is_list_statement(const Statement& st, std::size_t subject) const {
        return is_cell(st.object) && !is_cell(subject);
    }

    /// serd 0.30 loses its place after a list inside a nested blank node: the next statement of
    /// that node comes out without its `;` or `,`. So a nested blank node gets at most one list,
    /// written last; any other list in it is written as nested blank nodes (rdf:first/rdf:rest),
    /// whose cells are then nested blank nodes too and get the same treatment, until it holds.
    /// (At the top level serd merely starts a new block for the subject after a list; valid.)
    void fit_lists_to_serd() {
        std::vector<const Statement*> lists;
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t id = 0; id < index_.blanks().size(); ++id) {
                const std::size_t block = index_.block_of(id);
                if (!shapes_.nested(id) || shapes_.is_cell(id) || block == no_index)
                    continue;
                const auto& b = index_.blocks()[block];
                lists.clear();
                for (auto st = index_.begin(b); st != index_.end(b); ++st)
                    if (is_list_statement(*st, id))
                        lists.push_back(st);
                for (std::size_t i = 0; i + 1 < lists.size(); ++i) {
                    for (std::size_t cell = lists[i]->object; is_cell(cell);) {
                        shapes_.cell[cell] = 0;
                        cell = cell_parts(index_.begin(block_of(cell))).second->object;
                    }
                    changed = true;
                }
            }
        }
    }

    /// In each block: rdf:type first (serd writes it as `a`), then the other predicates in
    /// order; but statements whose object is a list last (see fit_lists_to_serd()).
    void order_statements() {
        std::vector<Statement> ordered;
        ordered.reserve(graph_.size()); // most blocks have a type to move first: one allocation
        for (const auto& block : index_.blocks()) {
            if (is_cell(block.blank))
                continue;
            const auto rank = [&](const Statement& st) {
                return is_list_statement(st, block.blank)              ? 2
                       : st.triple->predicate.value == vocab::rdf_type ? 0
                                                                       : 1;
            };
            const auto by_rank = [&](const Statement& a, const Statement& b) {
                return rank(a) < rank(b);
            };
            Statement* begin = index_.begin(block);
            Statement* end = index_.end(block);
            if (std::is_sorted(begin, end, by_rank))
                continue;
            // A stable sort by three ranks, without std::stable_sort's buffer and merges.
            ordered.clear();
            for (int r = 0; r <= 2; ++r)
                for (auto st = begin; st != end; ++st)
                    if (rank(*st) == r)
                        ordered.push_back(*st);
            std::copy(ordered.begin(), ordered.end(), begin);
        }
    }

    /// serd writes rdf:nil as `()` wherever it is, and some numeric literals bare whatever their
    /// lexical form; the fix for both is a prefixed name, so make sure one exists before any
    /// node is chosen (declaring `rdf:` or `xsd:` if the data has no prefix for them).
    void reserve_forced_prefixes() {
        for (const auto& t : graph_) {
            if (t.predicate.value == rdf_nil)
                prefixes_.ensure(t.predicate.value, rdf_ns, "rdf");
            const Term& o = t.object;
            if (!o.is_literal() || !o.language.empty())
                continue;
            if (o.datatype == rdf_nil)
                prefixes_.ensure(o.datatype, rdf_ns, "rdf");
            else if (serd_writes_bare(o.datatype) && !bare_form_reads_back(o.value, o.datatype))
                prefixes_.ensure(o.datatype, xsd_ns, "xsd");
        }
    }

    void write_block(const GraphIndex::Block& block, unsigned cont) {
        for (auto st = index_.begin(block); st != index_.end(block); ++st)
            write_triple(*st, block.blank, cont);
    }

    /// Writes `st` (whose subject is the blank node `subject`, if one) and, when its object is
    /// nested, everything inside that object. `cont` are the continuation flags of the
    /// enclosing construct, as serd's own reader would pass them. Recursion is as deep as the
    /// nesting: cap_nesting() bounds it.
    void write_triple(const Statement& st, std::size_t subject, unsigned cont,
                      bool list_link = false) {
        Nodes n = nodes(st, subject, list_link);
        if (!is_nested(st.object)) {
            write(cont, n);
            return;
        }
        if (is_cell(st.object)) {
            write(cont | list_object_begin, n);
            write_list(st.object, (cont & anon_cont) | list_cont);
            return;
        }
        const std::size_t block = index_.block_of(st.object);
        if (block == no_index) {
            write(cont | empty_object, n);
            return;
        }
        write(cont | anon_object_begin, n);
        write_block(index_.blocks()[block], anon_cont);
        out_->end_anon(n.object);
    }

    /// The items of the list whose first cell is `head`: each rdf:first (nested as usual), then
    /// the rdf:rest link, which serd writes as nothing until the final rdf:nil closes the list.
    void write_list(std::size_t head, unsigned cont) {
        for (std::size_t cell = head;;) {
            const auto [first, rest] = cell_parts(index_.begin(block_of(cell)));
            write_triple(*first, cell, cont, true);
            write(cont, nodes(*rest, cell, true));
            if (rest->object == no_index)
                break;
            cell = rest->object;
        }
    }

    /// The nodes of a statement.
    struct Nodes {
        TurtleNode subject, predicate, object, datatype;
        std::string_view language;
    };

    void write(unsigned flags, const Nodes& n) {
        out_->statement(flags, n.subject, n.predicate, n.object, n.datatype, n.language);
    }

    /// The nodes for `st`, whose subject is the blank node `subject` if one. `list_link`: an
    /// rdf:first or rdf:rest inside a list, which serd recognises by the full IRI (a prefixed
    /// name would break the list) and does not print.
    Nodes nodes(const Statement& st, std::size_t subject, bool list_link) {
        const Triple& t = *st.triple;
        Nodes n;
        // Statements come grouped by subject: name each subject once.
        if (!last_subject_ || *last_subject_ != t.subject)
            last_subject_node_ = node(t.subject, subject, Role::Subject);
        last_subject_ = &t.subject;
        n.subject = last_subject_node_;
        if (list_link) {
            n.predicate = {TurtleNode::Kind::Iri, false, t.predicate.value, {}};
        } else {
            // A subject's statements come in predicate order: a predicate is often the last one.
            if (!last_predicate_ || last_predicate_->value != t.predicate.value)
                last_predicate_node_ = node(t.predicate, no_index, Role::Predicate);
            last_predicate_ = &t.predicate;
            n.predicate = last_predicate_node_;
        }
        n.object = node(t.object, st.object, Role::Object);
        const Term& o = t.object;
        if (o.is_literal() && !o.language.empty())
            n.language = o.language;
        else if (o.is_literal() && !o.datatype.empty())
            n.datatype = datatype(o);
        return n;
    }

    /// The node for `term`; `blank`: its number, if it is a blank node.
    TurtleNode node(const Term& term, std::size_t blank, Role role) {
        using Kind = TurtleNode::Kind;
        if (term.is_blank()) {
            if (shapes_.nested(blank))
                return {Kind::Blank, false, nested_labels_[blank], {}};
            const bool own = label_ids_ == &index_.blanks(); // Turtle; TriG labels per dataset
            return {Kind::Blank, false, (*labels_)[own ? blank : label_ids_->id(term)], {}};
        }
        if (term.is_literal()) {
            // Long quotes only for multi-line text; serd would also pick them for a quote alone,
            // and would put a carriage return in raw, which editors and transports may rewrite.
            const bool multi_line = term.value.find('\n') != std::string::npos &&
                                    term.value.find('\r') == std::string::npos;
            return {Kind::Literal, multi_line, term.value, {}};
        }
        const std::string& iri = term.value;
        // serd writes rdf:type as `a` in predicates, rdf:nil as `()` everywhere.
        const bool serd_abbreviates = (role == Role::Predicate && iri == vocab::rdf_type) ||
                                      (role != Role::Predicate && iri == rdf_nil);
        if (!serd_abbreviates)
            if (auto name = prefixed_name(iri))
                return *name;
        assert(iri != rdf_nil || role != Role::Predicate); // reserve_forced_prefixes() made one
        return {Kind::Iri, false, iri, {}};
    }

    TurtleNode datatype(const Term& literal) {
        using Kind = TurtleNode::Kind;
        if (bare_form_reads_back(literal.value, literal.datatype))
            return {Kind::Iri, false, literal.datatype, {}}; // serd writes the literal bare
        if (auto name = prefixed_name(literal.datatype))
            return *name;
        assert(!serd_writes_bare(literal.datatype) && literal.datatype != rdf_nil);
        return {Kind::Iri, false, literal.datatype, {}};
    }

    std::optional<TurtleNode> prefixed_name(std::string_view iri) {
        const auto split = prefixes_.split(iri);
        if (!split)
            return std::nullopt;
        // turtle_prefix_rules() take only a PN_PREFIX and a plain local name: nothing to escape.
        return TurtleNode{TurtleNode::Kind::PrefixedName, false,
                          iri.substr(split->namespace_length), split->name, true};
    }

    const Graph& graph_;
    PrefixTable& prefixes_;
    GraphIndex index_; ///< statements in the order they are written
    Shapes shapes_;    ///< nested: [ … ], [] or ( … ); the others by label
    const BlankIds* label_ids_ = nullptr;
    const std::vector<std::string>* labels_ = nullptr; ///< `_:b1` …, for the others
    std::vector<std::string> nested_labels_; ///< never printed; serd tells nodes apart by them
    TurtleLayout* out_ = nullptr;
    const Term* last_subject_ = nullptr; ///< of the last nodes(), and its node
    TurtleNode last_subject_node_;
    const Term* last_predicate_ = nullptr; ///< of the last nodes() not in a list, and its node
    TurtleNode last_predicate_node_;
};

// ---------------------------------------------------------------------------------------------
// Line-based syntaxes

/// rdflib 6.1's N-Triples and N-Quads parser decodes escapes by running str.replace once per
/// escape in turn ("\t" → tab, …, then "\\" → "\"), so an escaped backslash followed by t, n, r,
/// b, f, " or ' is decoded twice: the literal a\b, written "a\\b", reads back as a, backspace.
/// The UCHAR \u005C is an equally valid way to write a backslash, and serd, rapper and rdflib
/// all read it right. Every backslash in serd's N-Triples output starts an escape (IRIs only
/// ever hold \u escapes), so replacing each two-character escape `\\` changes literals only.
std::string spell_backslash_as_uchar(std::string text) {
    if (text.find("\\\\") == std::string::npos)
        return text;
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
        } else if (text[i + 1] == '\\') {
            out += "\\u005C";
            ++i;
        } else {
            out += text[i];
            out += text[++i];
        }
    }
    return out;
}

/// The octets serd 0.30 does not write as they are in an IRI of an N-Triples line (controls,
/// space, 0x7F and `"<>\^`{|}`, as append_iriref() and serd's write_uri(); writable_iri() has
/// taken out all but 0x7F and `"\^`{|}`), and in a literal (controls, 0x7F, `"` and
/// backslash). One table lookup an octet, in one loop: a call to append_iriref() for each IRI
/// cost 1 % of an N-Triples request.
constexpr std::array<bool, 256> escaped_in_iri = [] {
    std::array<bool, 256> escaped{};
    for (std::size_t c = 0; c <= 0x20; ++c)
        escaped[c] = true;
    for (const char c : std::string_view("\"<>\\^`{|}"))
        escaped[static_cast<unsigned char>(c)] = true;
    escaped[0x7F] = true;
    return escaped;
}();
constexpr std::array<bool, 256> escaped_in_literal = [] {
    std::array<bool, 256> escaped{};
    for (std::size_t c = 0; c < 0x20; ++c)
        escaped[c] = true;
    escaped[0x7F] = escaped['"'] = escaped['\\'] = true;
    return escaped;
}();

#ifdef __SSE2__
/// The octets of the sixteen at `at` that escaped_in_iri (`iri`) or escaped_in_literal marks,
/// exactly, as a bit mask.
template <bool iri> unsigned escaped_octets(const char* at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const auto is = [&](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    // Up to the last control (unsigned: its minimum with that is itself), 0x7F, `"`, `\`.
    const __m128i control = _mm_set1_epi8(iri ? 0x20 : 0x1F);
    __m128i escaped =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, control), v), is(0x7F)),
                     _mm_or_si128(is('"'), is('\\')));
    if constexpr (iri)
        escaped = _mm_or_si128(escaped,
                               _mm_or_si128(_mm_or_si128(_mm_or_si128(is('<'), is('>')),
                                                         _mm_or_si128(is('^'), is('`'))),
                                            _mm_or_si128(_mm_or_si128(is('{'), is('|')), is('}'))));
    return static_cast<unsigned>(_mm_movemask_epi8(escaped));
}
#endif

/// The first octet of `text` from `from` that escaped_in_iri (`iri`) or escaped_in_literal
/// marks, or its size: sixteen at a time, the last sixteen overlapping the others, and one at
/// a time only in texts shorter than sixteen.
template <bool iri> std::size_t next_escaped(std::string_view text, std::size_t from) {
#ifdef __SSE2__
    if (text.size() >= 16) {
        for (; from + 16 <= text.size(); from += 16)
            if (const unsigned mask = escaped_octets<iri>(text.data() + from); mask != 0)
                return from + static_cast<std::size_t>(__builtin_ctz(mask));
        if (from == text.size())
            return from;
        const std::size_t start = text.size() - 16; // before `from`: those were looked at
        const unsigned mask = escaped_octets<iri>(text.data() + start) >> (from - start);
        return mask != 0 ? from + static_cast<std::size_t>(__builtin_ctz(mask)) : text.size();
    }
#endif
    const auto& escaped = iri ? escaped_in_iri : escaped_in_literal;
    while (from < text.size() && !escaped[static_cast<unsigned char>(text[from])])
        ++from;
    return from;
}

/// A node of an N-Triples or N-Quads line as serd 0.30 writes it: an IRI in <>, with
/// escaped_in_iri as \u escapes; a blank node as _:label; a literal in "", with \\, \", \n,
/// \r and \t, the other escaped_in_literal as \u escapes, and UTF-8 as it is.
void append_line_node(std::string& out, Term::Kind kind, std::string_view text) {
    if (kind == Term::Kind::Blank) {
        out += "_:";
        out += text;
        return;
    }
    const bool iri = kind == Term::Kind::Iri;
    const auto next = iri ? next_escaped<true> : next_escaped<false>;
    out += iri ? '<' : '"';
    std::size_t done = 0;
    for (std::size_t i = next(text, 0); i < text.size(); i = next(text, done)) {
        const auto c = static_cast<unsigned char>(text[i]);
        out.append(text, done, i - done);
        done = i + 1;
        if (iri) {
            append_uchar(out, c);
            continue;
        }
        if (!append_string_echar(out, c))
            append_uchar(out, c);
    }
    out.append(text, done, std::string_view::npos);
    out += iri ? '>' : '"';
}

/// A statement as written on a line: its blank nodes relabelled. The views are whole strings
/// of the statement or of the labels (see OutNode).
struct Line {
    const Triple* triple;
    std::string_view subject;
    std::string_view object;
    std::string_view graph;       ///< as ordered: "_:b1" for a blank graph name
    std::string_view graph_label; ///< "b1" for a blank graph name, else empty

    /// Term order with `value` in place of the term's own value.
    static int compare_relabelled(const Term& a, std::string_view a_value, const Term& b,
                                  std::string_view b_value) {
        if (a.kind != b.kind)
            return a.kind < b.kind ? -1 : 1;
        if (const int c = a_value.compare(b_value))
            return c;
        if (const int c = a.datatype.compare(b.datatype))
            return c;
        return a.language.compare(b.language);
    }

    /// By graph, then as the relabelled triples compare.
    friend bool operator<(const Line& a, const Line& b) {
        if (const int c = a.graph.compare(b.graph))
            return c < 0;
        if (const int c =
                compare_relabelled(a.triple->subject, a.subject, b.triple->subject, b.subject))
            return c < 0;
        if (const int c = compare(a.triple->predicate, b.triple->predicate))
            return c < 0;
        return compare_relabelled(a.triple->object, a.object, b.triple->object, b.object) < 0;
    }
};

/// N-Triples or N-Quads: one statement per line, sorted (N-Quads: by graph first, the default
/// graph first), blank nodes relabelled `_:b1`, `_:b2`, … UTF-8 is kept as it is.
std::string write_lines(const Graph& statements, bool quads) {
    const BlankIds blanks(statements);
    const auto labels = blank_labels(blanks, "b", [](std::size_t) { return true; });
    const auto relabel = [&](const Term& term) -> std::string_view {
        return term.is_blank() ? labels[blanks.id(term)] : term.value;
    };
    std::deque<std::string> blank_graphs; // "_:b1", … for ordering
    std::vector<Line> lines;
    lines.reserve(statements.size());
    for (const auto& t : statements) {
        Line line{&t, relabel(t.subject), relabel(t.object), t.graph, {}};
        if (auto blank = blank_graph_name(t.graph)) {
            line.graph_label = labels[blanks.id(*blank)];
            line.graph = blank_graphs.emplace_back("_:" + std::string(line.graph_label));
        }
        lines.push_back(line);
    }
    // Relabelling keeps the order unless there are ten blank nodes or more ("b10" < "b2").
    if (!std::is_sorted(lines.begin(), lines.end()))
        std::sort(lines.begin(), lines.end());

    // The bytes serd 0.30's N-Triples and N-Quads writer wrote for these lines (without style
    // flags: UTF-8 stays as it is), written here directly: serd's writer, a call and a few
    // node copies per statement, was a fifth of an N-Triples request.
    // tests/unit/test_byte_identity.cpp holds the bytes serd wrote for hostile fixtures.
    std::string out;
    std::size_t size = 0;
    for (const auto& line : lines) {
        const Triple& t = *line.triple;
        size += line.subject.size() + t.predicate.value.size() + line.object.size() +
                t.object.datatype.size() + t.object.language.size() + t.graph.size() + 16;
    }
    out.reserve(size + size / 8);
    for (const auto& line : lines) {
        const Triple& t = *line.triple;
        append_line_node(out, t.subject.kind, line.subject);
        out += ' ';
        append_line_node(out, Term::Kind::Iri, t.predicate.value);
        out += ' ';
        append_line_node(out, t.object.kind, line.object);
        if (t.object.is_literal() && !t.object.language.empty()) {
            out += '@';
            out += t.object.language;
        } else if (t.object.is_literal() && !t.object.datatype.empty()) {
            out += "^^";
            append_line_node(out, Term::Kind::Iri, t.object.datatype);
        }
        if (quads && !line.graph_label.empty()) {
            out += ' ';
            append_line_node(out, Term::Kind::Blank, line.graph_label);
        } else if (quads && !t.graph.empty()) {
            out += ' ';
            append_line_node(out, Term::Kind::Iri, t.graph);
        }
        out += " .\n";
    }
    return spell_backslash_as_uchar(std::move(out));
}

// ---------------------------------------------------------------------------------------------
// TriG

/// A graph name as an IRIREF, with the characters IRIs should not hold but Turtle can carry as
/// \u escapes escaped as serd does (writable_iri() has removed the others). Not serd's own
/// bytes (serd never wrote these labels), so 0x7F stays as it is.
std::string iriref(const std::string& iri) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "<";
    for (const char c : iri) {
        if (std::string_view("\"{}|^`\\").find(c) != std::string_view::npos) {
            out += "\\u00";
            out += hex[static_cast<unsigned char>(c) >> 4];
            out += hex[static_cast<unsigned char>(c) & 0xF];
        } else {
            out += c;
        }
    }
    return out + ">";
}

/// The document: the `@prefix` lines of the prefixes `table` handed out, serd's blank line, and
/// `body`, in one allocation.
std::string with_prefixes(const PrefixTable& table, std::string_view body) {
    const auto used = table.used();
    std::size_t size = body.size() + 1;
    for (const Prefix* p : used)
        size += p->name.size() + p->iri.size() + 16; // `@prefix `, `: <`, `> .`, an escape
    std::string document;
    document.reserve(size);
    for (const Prefix* p : used)
        append_prefix(document, p->name, p->iri);
    if (!document.empty() && !body.empty())
        document += '\n';
    document += body;
    return document;
}

/// About the size of a Turtle document of `graph`, to reserve: its terms' text and a few
/// octets of layout each statement.
std::size_t text_size(const Graph& graph) {
    std::size_t size = 0;
    for (const auto& t : graph)
        size += t.subject.value.size() + t.predicate.value.size() + t.object.value.size() +
                t.object.datatype.size() + t.object.language.size() + 8;
    return size;
}

} // namespace

std::string write_turtle(const Triples& triples, const PrefixView& prefixes, IriCheck check) {
    const Graph graph = merged_graph(triples, check);
    PrefixTable table(prefixes, turtle_prefix_rules());
    TurtlePlanner planner(graph, table);
    const BlankIds& blanks = planner.blanks();
    const auto labels = blank_labels(
        blanks, "b", [&](std::size_t id) { return planner.is_labelled(blanks.label(id)); });
    TextBuffer body(text_size(graph));
    TurtleLayout out(body);
    planner.write(out, blanks, labels);
    return with_prefixes(table, body.view());
}

std::string write_ntriples(const Triples& triples, IriCheck check) {
    return write_lines(merged_graph(triples, check), false);
}

std::string write_nquads(const Triples& triples, IriCheck check) {
    return write_lines(dataset(triples, check), true);
}

std::string write_trig(const Triples& triples, const PrefixView& prefixes, IriCheck check) {
    const Graph quads = dataset(triples, check);

    // One Turtle graph per graph name, the default graph first (dataset() sorts it first). A
    // planner never looks at graph names, so each graph is its quads as they are.
    std::vector<std::pair<std::string, Graph>> graphs;
    for (const auto& q : quads) {
        if (graphs.empty() || graphs.back().first != q.graph)
            graphs.emplace_back(q.graph, Graph());
        graphs.back().second.add(q);
    }

    // Blank node labels hold for the whole document, so a blank node that occurs in several
    // graphs, or names one, is never nested: it is written by label wherever it occurs.
    const BlankIds blanks(quads);
    constexpr std::size_t several = no_index;
    std::vector<std::size_t> graph_of(blanks.size(), no_index - 1); // the one graph, or several
    std::vector<char> must_label(blanks.size(), 0);
    for (std::size_t g = 0; g < graphs.size(); ++g)
        for (const auto& q : graphs[g].second) {
            for (const Term* term : {&q.subject, &q.object}) {
                if (!term->is_blank())
                    continue;
                std::size_t& seen = graph_of[blanks.id(*term)];
                seen = seen == no_index - 1 || seen == g ? g : several;
            }
            if (auto name = blank_graph_name(q.graph))
                must_label[blanks.id(*name)] = 1;
        }
    for (std::size_t id = 0; id < blanks.size(); ++id)
        if (graph_of[id] == several)
            must_label[id] = 1;

    PrefixTable table(prefixes, turtle_prefix_rules());
    std::vector<std::unique_ptr<TurtlePlanner>> planners;
    const auto labelled_everywhere = [&](std::string_view blank) {
        return must_label[blanks.id(blank)] != 0;
    };
    for (const auto& [name, graph] : graphs)
        planners.push_back(std::make_unique<TurtlePlanner>(graph, table, labelled_everywhere));
    const auto labels = blank_labels(blanks, "b", [&](std::size_t id) {
        if (must_label[id] || graph_of[id] >= graphs.size()) // a graph name only
            return true;
        return planners[graph_of[id]]->is_labelled(blanks.label(id));
    });

    TextBuffer blocks(text_size(quads));
    for (std::size_t i = 0; i < graphs.size(); ++i) {
        const std::string& name = graphs[i].first;
        if (!blocks.empty())
            blocks += '\n';
        if (name.empty()) { // the default graph: plain Turtle, as TriG allows
            TurtleLayout out(blocks);
            planners[i]->write(out, blanks, labels);
            continue;
        }
        // raptor 2.0.15 reads neither the GRAPH keyword nor a blank node as a graph label;
        // TriG 1.1 has both, and a blank node label is all there is for a blank graph name.
        if (auto blank = blank_graph_name(name))
            blocks.append("_:").append(std::string_view(labels[blanks.id(*blank)]));
        else if (auto curie = table.curie(name))
            blocks += *curie;
        else
            blocks += iriref(name);
        blocks += " {\n";
        TurtleLayout out(blocks, 1); // each line a tab in, but those inside long strings
        planners[i]->write(out, blanks, labels);
        blocks += "}\n";
    }

    return with_prefixes(table, blocks.view());
}

} // namespace seeother::rdf
