// Turtle and N-Triples through serd's writer. serd does the escaping and the layout; this file
// decides what serd is asked to write: the order, which blank nodes are nested or lists, which
// IRIs become prefixed names, and it steers clear of the few inputs for which serd 0.30 would
// write something that does not parse back (each is marked "serd:" below).
#include "writers.hpp"

#include <serd/serd.h>

#include <algorithm>
#include <cassert>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {
namespace {

constexpr std::string_view rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view rdf_first = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
constexpr std::string_view rdf_rest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
constexpr std::string_view rdf_nil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
constexpr std::string_view xsd_ns = "http://www.w3.org/2001/XMLSchema#";
constexpr std::string_view xsd_integer = "http://www.w3.org/2001/XMLSchema#integer";
constexpr std::string_view xsd_decimal = "http://www.w3.org/2001/XMLSchema#decimal";
constexpr std::string_view xsd_boolean = "http://www.w3.org/2001/XMLSchema#boolean";

// ---------------------------------------------------------------------------------------------
// IRIs and the merged graph

/// `iri` with the characters that no IRIREF may hold, not even as a \u escape (controls, space,
/// `<`, `>`), percent-encoded: serd, rapper and rdflib all reject them, so no output could carry
/// them. serd writes the other characters IRIs should not contain (`"{}|^`\`) as \u escapes,
/// which all three read back; those are left alone.
std::string writable_iri(const std::string& iri) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(iri.size());
    for (char c : iri) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || c == '<' || c == '>') {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

Term writable(Term term) {
    if (term.is_iri())
        term.value = writable_iri(term.value);
    else if (term.is_literal() && !term.datatype.empty())
        term.datatype = writable_iri(term.datatype);
    return term;
}

/// The merged graph of `triples`: graph names dropped, IRIs made writable, duplicates removed,
/// sorted. Everything below works on this, so input order never shows in the output.
Triples merged_graph(const Triples& triples) {
    Triples graph;
    graph.reserve(triples.size());
    for (const auto& t : triples) {
        assert((t.subject.is_iri() || t.subject.is_blank()) && t.predicate.is_iri());
        graph.push_back({writable(t.subject), writable(t.predicate), writable(t.object), {}});
    }
    std::sort(graph.begin(), graph.end());
    graph.erase(std::unique(graph.begin(), graph.end()), graph.end());
    return graph;
}

/// Output labels for the blank nodes of `graph` that satisfy `keep`: `<stem>1`, `<stem>2`, … in
/// the order of their input labels, so the same input always gets the same labels.
template <typename Keep>
std::map<Term, std::string> blank_labels(const Triples& graph, const std::string& stem, Keep keep) {
    std::set<Term> blanks;
    for (const auto& t : graph) {
        if (t.subject.is_blank())
            blanks.insert(t.subject);
        if (t.object.is_blank())
            blanks.insert(t.object);
    }
    std::map<Term, std::string> labels;
    for (const auto& b : blanks)
        if (keep(b))
            labels.emplace(b, stem + std::to_string(labels.size() + 1));
    return labels;
}

// ---------------------------------------------------------------------------------------------
// Prefixed names, after the Turtle grammar (PN_PREFIX, PN_LOCAL)

std::optional<std::u32string> decode_utf8(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t n = lead < 0x80           ? 1
                              : (lead >> 5) == 0x6  ? 2
                              : (lead >> 4) == 0xE  ? 3
                              : (lead >> 3) == 0x1E ? 4
                                                    : 0;
        if (n == 0 || i + n > s.size())
            return std::nullopt;
        char32_t c = n == 1 ? lead : lead & (0x7Fu >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto cont = static_cast<unsigned char>(s[i + k]);
            if ((cont >> 6) != 0x2)
                return std::nullopt;
            c = (c << 6) | (cont & 0x3Fu);
        }
        out += c;
        i += n;
    }
    return out;
}

bool in(char32_t c, char32_t lo, char32_t hi) {
    return c >= lo && c <= hi;
}

bool is_pn_chars_base(char32_t c) {
    return in(c, 'A', 'Z') || in(c, 'a', 'z') || in(c, 0xC0, 0xD6) || in(c, 0xD8, 0xF6) ||
           in(c, 0xF8, 0x2FF) || in(c, 0x370, 0x37D) || in(c, 0x37F, 0x1FFF) ||
           in(c, 0x200C, 0x200D) || in(c, 0x2070, 0x218F) || in(c, 0x2C00, 0x2FEF) ||
           in(c, 0x3001, 0xD7FF) || in(c, 0xF900, 0xFDCF) || in(c, 0xFDF0, 0xFFFD) ||
           in(c, 0x10000, 0xEFFFF);
}

bool is_pn_chars_u(char32_t c) {
    return is_pn_chars_base(c) || c == '_';
}

bool is_pn_chars(char32_t c) {
    return is_pn_chars_u(c) || c == '-' || in(c, '0', '9') || c == 0xB7 || in(c, 0x300, 0x36F) ||
           in(c, 0x203F, 0x2040);
}

/// PN_PREFIX, or empty (the default prefix `:`).
bool is_pn_prefix(std::string_view name) {
    const auto cs = decode_utf8(name);
    if (!cs)
        return false;
    if (cs->empty())
        return true;
    if (!is_pn_chars_base(cs->front()) || cs->back() == '.')
        return false;
    return std::all_of(cs->begin(), cs->end(),
                       [](char32_t c) { return is_pn_chars(c) || c == '.'; });
}

/// A PN_LOCAL that needs no backslash escape and no `%` (serd escapes `~`, `%` and the like with
/// a backslash; an IRI with those is clearer written in full), or the empty local name.
bool is_plain_pn_local(std::string_view local) {
    const auto cs = decode_utf8(local);
    if (!cs)
        return false;
    if (cs->empty())
        return true;
    if (!(is_pn_chars_u(cs->front()) || in(cs->front(), '0', '9')) || cs->back() == '.')
        return false;
    return std::all_of(cs->begin(), cs->end(),
                       [](char32_t c) { return is_pn_chars(c) || c == '.'; });
}

bool is_absolute_iri(std::string_view iri) {
    const auto colon = iri.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return false;
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(iri[0]))
        return false;
    return std::all_of(
        iri.begin() + 1, iri.begin() + static_cast<std::ptrdiff_t>(colon), [&](char c) {
            return alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        });
}

/// The prefixes a Turtle document may use, and the ones it did use.
class PrefixTable {
  public:
    /// Keeps the declarations that can be written: a valid name bound to an absolute IRI that
    /// needs no escaping. Of two bindings of one name, the first wins.
    explicit PrefixTable(const Prefixes& prefixes) {
        for (const auto& p : prefixes) {
            if (!is_pn_prefix(p.name) || !is_absolute_iri(p.iri) || writable_iri(p.iri) != p.iri)
                continue;
            if (std::none_of(usable_.begin(), usable_.end(),
                             [&](const Prefix& q) { return q.name == p.name; }))
                usable_.push_back(p);
        }
    }

    /// `name:local` for `iri` by the prefix with the longest namespace that leaves a plain local
    /// name (ties: the smaller name); nullopt when none fits. Marks that prefix used.
    std::optional<std::string> curie(const std::string& iri) {
        const auto best = find(iri);
        if (!best)
            return std::nullopt;
        used_.insert(best->name);
        return best->name + ":" + iri.substr(best->iri.size());
    }

    /// Makes sure `iri` has a prefixed name, declaring `namespace_iri` under `preferred` (or
    /// `preferred1`, `preferred2`, … when that name is taken) if no prefix fits yet.
    void ensure(const std::string& iri, std::string_view namespace_iri,
                std::string_view preferred) {
        if (find(iri))
            return;
        std::string name(preferred);
        for (int n = 1; std::any_of(usable_.begin(), usable_.end(),
                                    [&](const Prefix& p) { return p.name == name; });
             ++n)
            name = std::string(preferred) + std::to_string(n);
        usable_.push_back({name, std::string(namespace_iri)});
        assert(find(iri));
    }

    /// The prefixes that curie() handed out, sorted by name.
    Prefixes used() const {
        Prefixes out;
        for (const auto& name : used_)
            for (const auto& p : usable_)
                if (p.name == name)
                    out.push_back(p);
        return out;
    }

  private:
    std::optional<Prefix> find(const std::string& iri) const {
        std::optional<Prefix> best;
        for (const auto& p : usable_) {
            if (iri.compare(0, p.iri.size(), p.iri) != 0 ||
                !is_plain_pn_local(std::string_view(iri).substr(p.iri.size())))
                continue;
            if (!best || p.iri.size() > best->iri.size() ||
                (p.iri.size() == best->iri.size() && p.name < best->name))
                best = p;
        }
        return best;
    }

    Prefixes usable_;
    std::set<std::string> used_;
};

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
// What serd is asked to write

/// One node as serd will see it; `text` owns the bytes the SerdNode points into.
struct OutNode {
    SerdType type = SERD_NOTHING;
    std::string text;
    SerdNodeFlags flags = 0;
};

/// A write_statement call, or (end_anon) the end of the nested blank node `subject`.
struct Op {
    bool end_anon = false;
    SerdStatementFlags flags = 0;
    OutNode subject, predicate, object, datatype, language;
};

struct Document {
    Prefixes prefixes;
    std::vector<Op> ops;
};

SerdNode to_serd(const OutNode& n) {
    SerdNode node = serd_node_from_substring(
        n.type, reinterpret_cast<const uint8_t*>(n.text.c_str()), n.text.size());
    node.flags = n.flags;
    return node;
}

/// A serd writer appending to a string. Every status is checked; errors serd reports through
/// its error sink are collected and thrown, never printed.
class SerdOutput {
  public:
    SerdOutput(SerdSyntax syntax, SerdStyle style)
        : env_(serd_env_new(nullptr)),
          writer_(serd_writer_new(syntax, style, env_.get(), nullptr, &SerdOutput::append, &out_)) {
        if (!env_ || !writer_)
            throw std::runtime_error("serialize: serd could not create a writer");
        serd_writer_set_error_sink(writer_.get(), &SerdOutput::on_error, this);
    }
    SerdOutput(const SerdOutput&) = delete;
    SerdOutput& operator=(const SerdOutput&) = delete;

    void prefix(const Prefix& p) {
        const OutNode name{SERD_LITERAL, p.name};
        const OutNode iri{SERD_URI, p.iri};
        const SerdNode name_node = to_serd(name);
        const SerdNode iri_node = to_serd(iri);
        check(serd_writer_set_prefix(writer_.get(), &name_node, &iri_node), "declaring a prefix");
    }

    void write(const Op& op) {
        const SerdNode s = to_serd(op.subject);
        if (op.end_anon) {
            check(serd_writer_end_anon(writer_.get(), &s), "ending a nested blank node");
            return;
        }
        const SerdNode p = to_serd(op.predicate);
        const SerdNode o = to_serd(op.object);
        const SerdNode d = to_serd(op.datatype);
        const SerdNode l = to_serd(op.language);
        check(serd_writer_write_statement(writer_.get(), op.flags, nullptr, &s, &p, &o,
                                          op.datatype.type == SERD_NOTHING ? nullptr : &d,
                                          op.language.type == SERD_NOTHING ? nullptr : &l),
              "writing a statement");
    }

    /// The document, ending in exactly one newline (or empty).
    std::string finish() {
        check(serd_writer_finish(writer_.get()), "finishing the document");
        writer_.reset(); // serd_writer_free() may still flush; let it, before out_ is taken
        while (!out_.empty() && out_.back() == '\n')
            out_.pop_back();
        if (!out_.empty())
            out_ += '\n';
        return std::move(out_);
    }

  private:
    struct EnvFree {
        void operator()(SerdEnv* env) const { serd_env_free(env); }
    };
    struct WriterFree {
        void operator()(SerdWriter* writer) const { serd_writer_free(writer); }
    };

    static size_t append(const void* buf, size_t len, void* stream) {
        static_cast<std::string*>(stream)->append(static_cast<const char*>(buf), len);
        return len;
    }

    static SerdStatus on_error(void* handle, const SerdError* error) {
        auto* self = static_cast<SerdOutput*>(handle);
        char message[512];
        va_list args;
        va_copy(args, *error->args);
        const int n = std::vsnprintf(message, sizeof message, error->fmt, args);
        va_end(args);
        if (!self->errors_.empty())
            self->errors_ += "; ";
        self->errors_ += n > 0 ? std::string(message) : std::string("unknown error");
        while (!self->errors_.empty() && self->errors_.back() == '\n')
            self->errors_.pop_back();
        return SERD_SUCCESS;
    }

    void check(SerdStatus status, const char* what) const {
        if (status == SERD_SUCCESS && errors_.empty())
            return;
        throw std::runtime_error(
            std::string("serialize: serd failed ") + what + ": " +
            (errors_.empty() ? std::string(reinterpret_cast<const char*>(serd_strerror(status)))
                             : errors_));
    }

    std::string out_;
    std::string errors_;
    std::unique_ptr<SerdEnv, EnvFree> env_;
    std::unique_ptr<SerdWriter, WriterFree> writer_; // after env_ and out_: freed first
};

// ---------------------------------------------------------------------------------------------
// Turtle: deciding the shape

enum class Role { Subject, Predicate, Object };

/// Plans a Turtle document: which blank nodes are nested, which are list cells, the order of
/// statements and the node text, all before serd sees any of it (so that only the prefixes
/// actually used are declared, and declared first).
class TurtlePlanner {
  public:
    TurtlePlanner(const Triples& graph, const Prefixes& prefixes)
        : graph_(graph), prefixes_(prefixes) {
        index();
        find_nested();
        find_list_cells();
        fit_lists_to_serd();
        order_statements();
        labels_ = blank_labels(graph_, "b", [&](const Term& b) { return !nested_.count(b); });
        nested_labels_ = blank_labels(graph_, "n", [&](const Term& b) { return nested_.count(b); });
        reserve_forced_prefixes();
    }

    Document plan() {
        // Subjects in term order: IRIs first, then the blank nodes that are not nested.
        for (const auto& [subject, statements] : by_subject_)
            if (!nested_.count(subject))
                write_block(subject, 0);
        return {prefixes_.used(), std::move(ops_)};
    }

  private:
    void index() {
        std::map<Term, std::size_t> references;
        for (const auto& t : graph_) {
            by_subject_[t.subject].push_back(&t);
            if (t.object.is_blank()) {
                ++references[t.object];
                referrer_[t.object] = &t;
            }
        }
        for (const auto& [blank, count] : references)
            if (count != 1)
                referrer_.erase(blank);
    }

    /// Nested: blank nodes that are the object of exactly one triple and not on a cycle of such
    /// nodes (each would have to be written inside the other). Following the single referrers
    /// upwards from a nested node always ends at a subject that is written at the top.
    void find_nested() {
        enum class Seen { OnPath, Done };
        std::map<Term, Seen> seen;
        std::set<Term> on_cycle;
        for (const auto& [start, unused] : referrer_) {
            std::vector<Term> path;
            Term node = start;
            while (referrer_.count(node)) {
                const auto it = seen.find(node);
                if (it != seen.end()) {
                    if (it->second == Seen::OnPath)
                        on_cycle.insert(std::find(path.begin(), path.end(), node), path.end());
                    break;
                }
                seen.emplace(node, Seen::OnPath);
                path.push_back(node);
                node = referrer_.at(node)->subject;
            }
            for (const auto& n : path)
                seen[n] = Seen::Done;
        }
        for (const auto& [blank, unused] : referrer_)
            if (!on_cycle.count(blank))
                nested_.insert(blank);
    }

    /// The rdf:rest object of a nested blank node shaped like a list cell (exactly one rdf:first
    /// and one rdf:rest, nothing else), or nullptr.
    const Term* cell_rest(const Term& node) const {
        const auto it = by_subject_.find(node);
        if (!nested_.count(node) || it == by_subject_.end() || it->second.size() != 2)
            return nullptr;
        const Triple* first = it->second[0];
        const Triple* rest = it->second[1];
        if (first->predicate.value != rdf_first || rest->predicate.value != rdf_rest)
            return nullptr;
        // serd: inside a list, any statement whose object text is rdf:nil ends the list, so an
        // item equal to rdf:nil (the IRI, or a literal with that text) cannot be written in one.
        if (first->object.value == rdf_nil)
            return nullptr;
        return &rest->object;
    }

    /// List cells: nested cells whose rdf:rest chain ends in rdf:nil through nested cells only.
    void find_list_cells() {
        std::map<Term, bool> is_cell;
        for (const auto& start : nested_) {
            std::vector<Term> chain;
            Term node = start;
            bool ok = false;
            for (;;) {
                if (const auto known = is_cell.find(node); known != is_cell.end()) {
                    ok = known->second;
                    break;
                }
                chain.push_back(node);
                const Term* rest = cell_rest(node);
                if (!rest || (rest->is_iri() && rest->value == rdf_nil) || !rest->is_blank()) {
                    ok = rest && rest->is_iri() && rest->value == rdf_nil;
                    break;
                }
                node = *rest;
            }
            for (const auto& n : chain)
                is_cell[n] = ok;
        }
        for (const auto& [node, ok] : is_cell)
            if (ok)
                cells_.insert(node);
    }

    bool is_list_statement(const Triple& t) const {
        return t.object.is_blank() && cells_.count(t.object) && !cells_.count(t.subject);
    }

    /// serd 0.30 loses its place after a list inside a nested blank node: the next statement of
    /// that node comes out without its `;` or `,`. So a nested blank node gets at most one list,
    /// written last; any other list in it is written as nested blank nodes (rdf:first/rdf:rest),
    /// whose cells are then nested blank nodes too and get the same treatment, until it holds.
    /// (At the top level serd merely starts a new block for the subject after a list; valid.)
    void fit_lists_to_serd() {
        for (bool changed = true; changed;) {
            changed = false;
            for (const auto& node : nested_) {
                const auto it = by_subject_.find(node);
                if (cells_.count(node) || it == by_subject_.end())
                    continue;
                std::vector<const Triple*> lists;
                for (const Triple* t : it->second)
                    if (is_list_statement(*t))
                        lists.push_back(t);
                for (std::size_t i = 0; i + 1 < lists.size(); ++i) {
                    for (Term cell = lists[i]->object; cells_.erase(cell);)
                        cell = *cell_rest(cell);
                    changed = true;
                }
            }
        }
    }

    /// In each block: rdf:type first (serd writes it as `a`), then the other predicates in
    /// order; but statements whose object is a list last (see fit_lists_to_serd()).
    void order_statements() {
        for (auto& [subject, statements] : by_subject_) {
            if (cells_.count(subject))
                continue;
            const auto rank = [&](const Triple* t) {
                return is_list_statement(*t) ? 2 : t->predicate.value == vocab::rdf_type ? 0 : 1;
            };
            std::stable_sort(statements.begin(), statements.end(),
                             [&](const Triple* a, const Triple* b) { return rank(a) < rank(b); });
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

    void write_block(const Term& subject, SerdStatementFlags cont) {
        for (const Triple* t : by_subject_.at(subject))
            write_triple(*t, cont);
    }

    /// Writes `t` and, when its object is nested, everything inside that object. `cont` are the
    /// continuation flags of the enclosing construct, as serd's own reader would pass them.
    void write_triple(const Triple& t, SerdStatementFlags cont, bool list_link = false) {
        Op op = statement(t, cont, list_link);
        const Term& o = t.object;
        if (!o.is_blank() || !nested_.count(o)) {
            ops_.push_back(std::move(op));
            return;
        }
        if (cells_.count(o)) {
            op.flags |= SERD_LIST_O_BEGIN;
            ops_.push_back(std::move(op));
            write_list(o, (cont & SERD_ANON_CONT) | SERD_LIST_CONT);
            return;
        }
        if (!by_subject_.count(o)) {
            op.flags |= SERD_EMPTY_O;
            ops_.push_back(std::move(op));
            return;
        }
        op.flags |= SERD_ANON_O_BEGIN;
        Op end;
        end.end_anon = true;
        end.subject = op.object;
        ops_.push_back(std::move(op));
        write_block(o, SERD_ANON_CONT);
        ops_.push_back(std::move(end));
    }

    /// The items of the list whose first cell is `head`: each rdf:first (nested as usual), then
    /// the rdf:rest link, which serd writes as nothing until the final rdf:nil closes the list.
    void write_list(const Term& head, SerdStatementFlags cont) {
        Term cell = head;
        for (;;) {
            const auto& statements = by_subject_.at(cell);
            const bool first_first = statements[0]->predicate.value == rdf_first;
            const Triple& first = *statements[first_first ? 0 : 1];
            const Triple& rest = *statements[first_first ? 1 : 0];
            write_triple(first, cont, true);
            ops_.push_back(statement(rest, cont, true));
            if (!rest.object.is_blank())
                break;
            cell = rest.object;
        }
    }

    /// The statement for `t`. `list_link`: an rdf:first or rdf:rest inside a list, which serd
    /// recognises by the full IRI (a prefixed name would break the list) and does not print.
    Op statement(const Triple& t, SerdStatementFlags flags, bool list_link = false) {
        Op op;
        op.flags = flags;
        op.subject = node(t.subject, Role::Subject);
        op.predicate =
            list_link ? OutNode{SERD_URI, t.predicate.value} : node(t.predicate, Role::Predicate);
        op.object = node(t.object, Role::Object);
        const Term& o = t.object;
        if (o.is_literal() && !o.language.empty())
            op.language = {SERD_LITERAL, o.language};
        else if (o.is_literal() && !o.datatype.empty())
            op.datatype = datatype(o);
        return op;
    }

    OutNode node(const Term& term, Role role) {
        if (term.is_blank()) {
            const auto it = labels_.find(term);
            return {SERD_BLANK, it != labels_.end() ? it->second : nested_labels_.at(term)};
        }
        if (term.is_literal()) {
            // Long quotes only for multi-line text; serd would also pick them for a quote alone,
            // and would put a carriage return in raw, which editors and transports may rewrite.
            const bool multi_line = term.value.find('\n') != std::string::npos &&
                                    term.value.find('\r') == std::string::npos;
            return {SERD_LITERAL, term.value, multi_line ? SerdNodeFlags{SERD_HAS_NEWLINE} : 0};
        }
        const std::string& iri = term.value;
        // serd writes rdf:type as `a` in predicates, rdf:nil as `()` everywhere.
        const bool serd_abbreviates = (role == Role::Predicate && iri == vocab::rdf_type) ||
                                      (role != Role::Predicate && iri == rdf_nil);
        if (!serd_abbreviates)
            if (auto curie = prefixes_.curie(iri))
                return {SERD_CURIE, std::move(*curie)};
        assert(iri != rdf_nil || role != Role::Predicate); // reserve_forced_prefixes() made one
        return {SERD_URI, iri};
    }

    OutNode datatype(const Term& literal) {
        if (bare_form_reads_back(literal.value, literal.datatype))
            return {SERD_URI, literal.datatype}; // serd writes the literal bare
        if (auto curie = prefixes_.curie(literal.datatype))
            return {SERD_CURIE, std::move(*curie)};
        assert(!serd_writes_bare(literal.datatype) && literal.datatype != rdf_nil);
        return {SERD_URI, literal.datatype};
    }

    const Triples& graph_;
    PrefixTable prefixes_;
    std::map<Term, std::vector<const Triple*>> by_subject_; ///< in the order they are written
    std::map<Term, const Triple*> referrer_; ///< blank nodes that are the object of one triple
    std::set<Term> nested_;              ///< written inside their referrer: [ … ], [] or ( … )
    std::set<Term> cells_;               ///< nested and written as list cells
    std::map<Term, std::string> labels_; ///< `_:b1` …, for blank nodes that are not nested
    std::map<Term, std::string> nested_labels_; ///< never printed; serd tells nodes apart by them
    std::vector<Op> ops_;
};

} // namespace

std::string write_turtle(const Triples& triples, const Prefixes& prefixes) {
    const Triples graph = merged_graph(triples);
    const Document doc = TurtlePlanner(graph, prefixes).plan();
    SerdOutput out(SERD_TURTLE, SERD_STYLE_ABBREVIATED);
    for (const auto& p : doc.prefixes)
        out.prefix(p);
    for (const auto& op : doc.ops)
        out.write(op);
    return out.finish();
}

std::string write_ntriples(const Triples& triples) {
    const Triples graph = merged_graph(triples);
    const auto labels = blank_labels(graph, "b", [](const Term&) { return true; });
    const auto relabel = [&](const Term& term) {
        return term.is_blank() ? Term::blank(labels.at(term)) : term;
    };
    Triples lines;
    lines.reserve(graph.size());
    for (const auto& t : graph)
        lines.push_back({relabel(t.subject), t.predicate, relabel(t.object), {}});
    std::sort(lines.begin(), lines.end());

    const auto node = [](const Term& term) {
        return OutNode{term.is_iri()     ? SERD_URI
                       : term.is_blank() ? SERD_BLANK
                                         : SERD_LITERAL,
                       term.value};
    };
    // No style flags: UTF-8 stays as it is (SERD_STYLE_ASCII would write \u escapes).
    SerdOutput out(SERD_NTRIPLES, static_cast<SerdStyle>(0));
    for (const auto& t : lines) {
        Op op;
        op.subject = node(t.subject);
        op.predicate = node(t.predicate);
        op.object = node(t.object);
        if (t.object.is_literal() && !t.object.language.empty())
            op.language = {SERD_LITERAL, t.object.language};
        else if (t.object.is_literal() && !t.object.datatype.empty())
            op.datatype = {SERD_URI, t.object.datatype};
        out.write(op);
    }
    return out.finish();
}

} // namespace seeother::rdf
