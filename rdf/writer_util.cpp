#include "writer_util.hpp"

#include <algorithm>
#include <cassert>

namespace seeother::rdf {

// ---- The graph or dataset to write -----------------------------------------------------------

std::string writable_iri(const std::string& iri) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(iri.size());
    const auto percent = [&](char c) {
        const auto byte = static_cast<unsigned char>(c);
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 0xF];
    };
    for (std::size_t i = 0; i < iri.size(); ++i) {
        const char c = iri[i];
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || c == '<' || c == '>') {
            percent(c);
        } else if (byte == 0xEF && i + 2 < iri.size() && iri[i + 1] == '\xBF' &&
                   (iri[i + 2] == '\xBE' || iri[i + 2] == '\xBF')) { // U+FFFE, U+FFFF
            for (std::size_t k = 0; k < 3; ++k)
                percent(iri[i + k]);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

Term writable(Term term) {
    if (term.is_iri())
        term.value = writable_iri(term.value);
    else if (term.is_literal() && !term.datatype.empty())
        term.datatype = writable_iri(term.datatype);
    return term;
}

std::string writable_graph(const std::string& graph) {
    return graph.empty() || blank_graph_name(graph) ? graph : writable_iri(graph);
}

} // namespace

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

Triples dataset(const Triples& triples) {
    Triples quads;
    quads.reserve(triples.size());
    for (const auto& t : triples) {
        assert((t.subject.is_iri() || t.subject.is_blank()) && t.predicate.is_iri());
        quads.push_back({writable(t.subject), writable(t.predicate), writable(t.object),
                         writable_graph(t.graph)});
    }
    const auto by_graph = [](const Triple& a, const Triple& b) {
        return a.graph != b.graph ? a.graph < b.graph : a < b;
    };
    std::sort(quads.begin(), quads.end(), by_graph);
    quads.erase(std::unique(quads.begin(), quads.end()), quads.end());
    return quads;
}

std::optional<Term> blank_graph_name(const std::string& graph) {
    if (graph.size() > 2 && graph.compare(0, 2, "_:") == 0)
        return Term::blank(graph.substr(2));
    return std::nullopt;
}

std::map<Term, std::string> blank_labels(const Triples& graph, const std::string& stem,
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
    for (const auto& p : prefixes) {
        if (!rules_.usable(p))
            continue;
        if (std::none_of(usable_.begin(), usable_.end(),
                         [&](const Prefix& q) { return q.name == p.name; }))
            usable_.push_back(p);
    }
}

std::optional<std::string> PrefixTable::curie(const std::string& iri) {
    const auto best = find(iri);
    if (!best)
        return std::nullopt;
    used_.insert(best->name);
    return best->name + ":" + iri.substr(best->iri.size());
}

void PrefixTable::ensure(const std::string& iri, std::string_view namespace_iri,
                         std::string_view preferred) {
    if (find(iri))
        return;
    std::string name(preferred);
    for (int n = 1; has_name(name); ++n)
        name = std::string(preferred) + std::to_string(n);
    usable_.push_back({name, std::string(namespace_iri)});
    assert(find(iri));
}

Prefixes PrefixTable::used() const {
    Prefixes out;
    for (const auto& name : used_)
        for (const auto& p : usable_)
            if (p.name == name)
                out.push_back(p);
    return out;
}

bool PrefixTable::has_name(std::string_view name) const {
    return std::any_of(usable_.begin(), usable_.end(),
                       [&](const Prefix& p) { return p.name == name; });
}

std::optional<Prefix> PrefixTable::find(const std::string& iri) const {
    std::optional<Prefix> best;
    for (const auto& p : usable_) {
        if (iri.compare(0, p.iri.size(), p.iri) != 0 ||
            !rules_.plain_local(std::string_view(iri).substr(p.iri.size())))
            continue;
        if (!best || p.iri.size() > best->iri.size() ||
            (p.iri.size() == best->iri.size() && p.name < best->name))
            best = p;
    }
    return best;
}

// ---- Shapes ----------------------------------------------------------------------------------

std::map<Term, std::vector<const Triple*>> triples_by_subject(const Triples& graph) {
    std::map<Term, std::vector<const Triple*>> by_subject;
    for (const auto& t : graph)
        by_subject[t.subject].push_back(&t);
    return by_subject;
}

std::map<Term, const Triple*> nested_blank_nodes(const Triples& graph,
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
