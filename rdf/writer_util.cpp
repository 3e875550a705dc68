#include "writer_util.hpp"

#include <algorithm>
#include <array>
#include <cassert>

namespace seeother::rdf {

// ---- The graph or dataset to write -----------------------------------------------------------

namespace {

/// The octets that may start what writable_iri() changes: one table lookup per octet, as every
/// IRI of every document is checked.
constexpr std::array<bool, 256> suspect_octets = [] {
    std::array<bool, 256> suspect{};
    for (std::size_t byte = 0; byte <= 0x20; ++byte)
        suspect[byte] = true;
    suspect['<'] = suspect['>'] = suspect[0xEF] = true;
    return suspect;
}();

/// Where `iri` holds the first octet writable_iri() would change, or npos.
std::size_t first_unwritable(std::string_view iri, std::size_t from = 0) {
    for (std::size_t i = from; i < iri.size(); ++i) {
        const auto byte = static_cast<unsigned char>(iri[i]);
        if (!suspect_octets[byte])
            continue;
        if (byte != 0xEF)
            return i;
        if (i + 2 < iri.size() && iri[i + 1] == '\xBF' &&
            (iri[i + 2] == '\xBE' || iri[i + 2] == '\xBF')) // U+FFFE, U+FFFF
            return i;
    }
    return std::string_view::npos;
}

} // namespace

bool is_writable_iri(std::string_view iri) {
    return first_unwritable(iri) == std::string_view::npos;
}

std::string writable_iri(const std::string& iri) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::size_t done = 0;
    std::size_t at = first_unwritable(iri);
    if (at == std::string_view::npos)
        return iri;
    std::string out;
    out.reserve(iri.size() + 8);
    const auto percent = [&](char c) {
        const auto byte = static_cast<unsigned char>(c);
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 0xF];
    };
    for (; at != std::string_view::npos; at = first_unwritable(iri, done)) {
        out.append(iri, done, at - done);
        const bool non_character = static_cast<unsigned char>(iri[at]) == 0xEF;
        const std::size_t length = non_character ? 3 : 1;
        for (std::size_t k = 0; k < length; ++k)
            percent(iri[at + k]);
        done = at + length;
    }
    out.append(iri, done, std::string::npos);
    return out;
}

namespace {

void make_writable(std::string& iri) {
    if (!is_writable_iri(iri))
        iri = writable_iri(iri);
}

void make_writable(Term& term) {
    if (term.is_iri())
        make_writable(term.value);
    else if (term.is_literal() && !term.datatype.empty())
        make_writable(term.datatype);
}

void make_writable(Triple& t) {
    make_writable(t.subject);
    make_writable(t.predicate);
    make_writable(t.object);
    if (!t.graph.empty() && !blank_graph_name(t.graph))
        make_writable(t.graph);
}

bool is_writable(const Term& term) {
    return term.is_iri()       ? is_writable_iri(term.value)
           : term.is_literal() ? is_writable_iri(term.datatype)
                               : true;
}

bool is_writable(const Triple& t) {
    assert((t.subject.is_iri() || t.subject.is_blank()) && t.predicate.is_iri());
    return is_writable(t.subject) && is_writable(t.predicate) && is_writable(t.object) &&
           (t.graph.empty() || blank_graph_name(t.graph) || is_writable_iri(t.graph));
}

void add_writable_copy(Graph& graph, Triple copy) {
    make_writable(copy);
    graph.add_copy(std::move(copy));
}

} // namespace

Graph merged_graph(const Triples& triples) {
    Graph graph;
    graph.reserve(triples.size());
    for (const auto& t : triples) {
        if (t.graph.empty() && is_writable(t))
            graph.add(t);
        else
            add_writable_copy(graph, {t.subject, t.predicate, t.object, {}});
    }
    graph.sort_unique(std::less<Triple>());
    return graph;
}

Graph dataset(const Triples& triples) {
    Graph quads;
    quads.reserve(triples.size());
    for (const auto& t : triples) {
        if (is_writable(t))
            quads.add(t);
        else
            add_writable_copy(quads, t);
    }
    quads.sort_unique([](const Triple& a, const Triple& b) {
        const int by_graph = a.graph.compare(b.graph);
        return by_graph != 0 ? by_graph < 0 : a < b;
    });
    return quads;
}

std::optional<Term> blank_graph_name(const std::string& graph) {
    if (graph.size() > 2 && graph.compare(0, 2, "_:") == 0)
        return Term::blank(graph.substr(2));
    return std::nullopt;
}

std::map<Term, std::string> blank_labels(const Graph& graph, const std::string& stem,
                                         const std::function<bool(const Term&)>& keep) {
    std::set<Term> blanks;
    for (const auto& t : graph) {
        if (t.subject.is_blank())
            blanks.insert(t.subject);
        if (t.object.is_blank())
            blanks.insert(t.object);
        if (auto name = blank_graph_name(t.graph))
            blanks.insert(std::move(*name));
    }
    std::map<Term, std::string> labels;
    for (const auto& b : blanks)
        if (keep(b))
            labels.emplace(b, stem + std::to_string(labels.size() + 1));
    return labels;
}

// ---- Characters ------------------------------------------------------------------------------

Utf8Char decode_utf8_at(std::string_view s, std::size_t at) {
    const auto lead = static_cast<unsigned char>(s[at]);
    const std::size_t n = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xE  ? 3
                          : (lead >> 3) == 0x1E ? 4
                                                : 0;
    if (n == 0 || at + n > s.size())
        return {};
    char32_t c = n == 1 ? lead : lead & (0x7Fu >> n);
    for (std::size_t k = 1; k < n; ++k) {
        const auto cont = static_cast<unsigned char>(s[at + k]);
        if ((cont >> 6) != 0x2)
            return {};
        c = (c << 6) | (cont & 0x3Fu);
    }
    static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < smallest[n] || in_range(c, 0xD800, 0xDFFF) || c > 0x10FFFF)
        return {};
    return {c, n, true};
}

std::optional<std::u32string> decode_utf8(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char c = decode_utf8_at(s, i);
        if (!c.valid)
            return std::nullopt;
        out += c.code_point;
        i += c.length;
    }
    return out;
}

std::string encode_utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

bool is_pn_chars_base(char32_t c) {
    return in_range(c, 'A', 'Z') || in_range(c, 'a', 'z') || in_range(c, 0xC0, 0xD6) ||
           in_range(c, 0xD8, 0xF6) || in_range(c, 0xF8, 0x2FF) || in_range(c, 0x370, 0x37D) ||
           in_range(c, 0x37F, 0x1FFF) || in_range(c, 0x200C, 0x200D) ||
           in_range(c, 0x2070, 0x218F) || in_range(c, 0x2C00, 0x2FEF) ||
           in_range(c, 0x3001, 0xD7FF) || in_range(c, 0xF900, 0xFDCF) ||
           in_range(c, 0xFDF0, 0xFFFD) || in_range(c, 0x10000, 0xEFFFF);
}

bool is_pn_chars_u(char32_t c) {
    return is_pn_chars_base(c) || c == '_';
}

bool is_pn_chars(char32_t c) {
    return is_pn_chars_u(c) || c == '-' || in_range(c, '0', '9') || c == 0xB7 ||
           in_range(c, 0x300, 0x36F) || in_range(c, 0x203F, 0x2040);
}

bool is_pn_prefix(std::string_view name) {
    char32_t last = 0;
    const bool ok = each_code_point(name, [&](char32_t c, std::size_t at) {
        last = c;
        return at == 0 ? is_pn_chars_base(c) : is_pn_chars(c) || c == '.';
    });
    return ok && last != '.';
}

std::string_view iri_scheme(std::string_view iri) {
    const auto colon = iri.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return {};
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(iri[0]))
        return {};
    const bool ok =
        std::all_of(iri.begin() + 1, iri.begin() + static_cast<std::ptrdiff_t>(colon), [&](char c) {
            return alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        });
    return ok ? iri.substr(0, colon) : std::string_view{};
}

bool is_absolute_iri(std::string_view iri) {
    return !iri_scheme(iri).empty();
}

// ---- Prefixes --------------------------------------------------------------------------------

PrefixTable::PrefixTable(const Prefixes& prefixes, Rules rules) : rules_(std::move(rules)) {
    for (const auto& p : prefixes)
        if (!has_name(p.name) && rules_.usable(p))
            add(p);
}

void PrefixTable::add(const Prefix& prefix) {
    // Longest namespace first, then by name: the first that fits an IRI is the best.
    const auto before = [](const Entry& e, const Prefix& p) {
        return e.prefix.iri.size() != p.iri.size() ? e.prefix.iri.size() > p.iri.size()
                                                   : e.prefix.name < p.name;
    };
    entries_.insert(std::lower_bound(entries_.begin(), entries_.end(), prefix, before),
                    Entry{prefix, false});
}

std::size_t PrefixTable::best(std::string_view iri) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const std::string& ns = entries_[i].prefix.iri;
        if (ns.size() <= iri.size() && iri.compare(0, ns.size(), ns) == 0 &&
            rules_.plain_local(iri.substr(ns.size())))
            return i;
    }
    return none;
}

std::optional<std::string_view> PrefixTable::curie(std::string_view iri) {
    const std::size_t found = best(iri);
    if (found == none)
        return std::nullopt;
    Entry& entry = entries_[found];
    entry.used = true;
    const std::string_view local = iri.substr(entry.prefix.iri.size());
    std::string& name = names_.emplace_back();
    name.reserve(entry.prefix.name.size() + 1 + local.size());
    name.append(entry.prefix.name).append(1, ':').append(local);
    return name;
}

void PrefixTable::ensure(std::string_view iri, std::string_view namespace_iri,
                         std::string_view preferred) {
    if (best(iri) != none)
        return;
    std::string name(preferred);
    for (int n = 1; has_name(name); ++n)
        name = std::string(preferred) + std::to_string(n);
    add({name, std::string(namespace_iri)});
    assert(best(iri) != none);
}

Prefixes PrefixTable::used() const {
    Prefixes out;
    for (const auto& e : entries_)
        if (e.used)
            out.push_back(e.prefix);
    std::sort(out.begin(), out.end(),
              [](const Prefix& a, const Prefix& b) { return a.name < b.name; });
    return out;
}

bool PrefixTable::has_name(std::string_view name) const {
    return std::any_of(entries_.begin(), entries_.end(),
                       [&](const Entry& e) { return e.prefix.name == name; });
}

// ---- Shapes ----------------------------------------------------------------------------------

std::map<Term, std::vector<const Triple*>> triples_by_subject(const Graph& graph) {
    std::map<Term, std::vector<const Triple*>> by_subject;
    for (const auto& t : graph)
        by_subject[t.subject].push_back(&t);
    return by_subject;
}

std::map<Term, const Triple*> nested_blank_nodes(const Graph& graph,
                                                 const std::set<Term>& excluded) {
    std::map<Term, std::size_t> references;
    std::map<Term, const Triple*> referrer;
    for (const auto& t : graph) {
        if (t.object.is_blank()) {
            ++references[t.object];
            referrer[t.object] = &t;
        }
    }
    for (const auto& [blank, count] : references)
        if (count != 1 || excluded.count(blank))
            referrer.erase(blank);

    enum class Seen { OnPath, Done };
    std::map<Term, Seen> seen;
    std::set<Term> on_cycle;
    for (const auto& [start, unused] : referrer) {
        std::vector<Term> path;
        Term node = start;
        while (referrer.count(node)) {
            const auto it = seen.find(node);
            if (it != seen.end()) {
                if (it->second == Seen::OnPath)
                    on_cycle.insert(std::find(path.begin(), path.end(), node), path.end());
                break;
            }
            seen.emplace(node, Seen::OnPath);
            path.push_back(node);
            node = referrer.at(node)->subject;
        }
        for (const auto& n : path)
            seen[n] = Seen::Done;
    }
    for (const auto& blank : on_cycle)
        referrer.erase(blank);
    return referrer;
}

std::pair<const Triple*, const Triple*> cell_parts(const std::vector<const Triple*>& statements) {
    assert(statements.size() == 2);
    const bool first_first = statements[0]->predicate.value == rdf_first;
    return {statements[first_first ? 0 : 1], statements[first_first ? 1 : 0]};
}

std::set<Term> list_cells(const std::map<Term, std::vector<const Triple*>>& by_subject,
                          const std::map<Term, const Triple*>& nested,
                          const std::function<bool(const Term&)>& item_ok) {
    // The rdf:rest object of a nested blank node shaped like a list cell, or nullptr.
    const auto cell_rest = [&](const Term& node) -> const Term* {
        const auto it = by_subject.find(node);
        if (!nested.count(node) || it == by_subject.end() || it->second.size() != 2)
            return nullptr;
        const auto [first, rest] = cell_parts(it->second);
        if (first->predicate.value != rdf_first || rest->predicate.value != rdf_rest ||
            !item_ok(first->object))
            return nullptr;
        return &rest->object;
    };
    std::map<Term, bool> is_cell;
    for (const auto& [start, unused] : nested) {
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
            if (!rest || !rest->is_blank()) {
                ok = rest && rest->is_iri() && rest->value == rdf_nil;
                break;
            }
            node = *rest;
        }
        for (const auto& n : chain)
            is_cell[n] = ok;
    }
    std::set<Term> cells;
    for (const auto& [node, ok] : is_cell)
        if (ok)
            cells.insert(node);
    return cells;
}

} // namespace seeother::rdf
