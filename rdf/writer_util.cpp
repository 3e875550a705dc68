#include "writer_util.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
    // Eight octets at a time while none is suspect (SWAR): the high bit of each byte of
    // `suspect` is set for an octet from 0x80, up to 0x20 (below 0x80, adding 0x5F sets the
    // high bit only from 0x21, and carries into no other byte), or equal to '<' or '>' (a
    // byte of `x` is zero there, and `(x - ones) & ~x` sets a high bit when one is). Any
    // suspect word is looked at octet by octet below.
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    const auto has_octet = [](std::uint64_t word, unsigned char octet) {
        const std::uint64_t x = word ^ (ones * octet);
        return (x - ones) & ~x & highs;
    };
    std::size_t i = from;
#ifdef __SSE2__
    // Sixteen at a time first: a signed octet below 0x21 is one up to 0x20 or from 0x80.
    const __m128i below = _mm_set1_epi8(0x21);
    const __m128i open = _mm_set1_epi8('<');
    const __m128i close = _mm_set1_epi8('>');
    const auto suspect_at = [&](std::size_t at) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(iri.data() + at));
        const __m128i suspect =
            _mm_or_si128(_mm_cmplt_epi8(v, below),
                         _mm_or_si128(_mm_cmpeq_epi8(v, open), _mm_cmpeq_epi8(v, close)));
        return _mm_movemask_epi8(suspect) != 0;
    };
    if (iri.size() - from >= 16) {
        for (; i + 16 <= iri.size(); i += 16)
            if (suspect_at(i))
                break;
        if (i + 16 > iri.size()) {
            // The rest is shorter than sixteen: the last sixteen, which overlap what was looked
            // at, instead of an octet at a time.
            i = iri.size() - 16;
            if (!suspect_at(i))
                return std::string_view::npos;
        }
    }
#endif
    for (; i + 8 <= iri.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, iri.data() + i, 8);
        const std::uint64_t suspect = (word & highs) | (~((word & ~highs) + ones * 0x5F) & highs) |
                                      has_octet(word, '<') | has_octet(word, '>');
        if (suspect != 0)
            break;
    }
    for (; i < iri.size(); ++i) {
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

void add_writable_copy(Graph& graph, Triple copy) {
    make_writable(copy);
    graph.add_copy(std::move(copy));
}

} // namespace

bool is_writable(const Triple& t) {
    assert((t.subject.is_iri() || t.subject.is_blank()) && t.predicate.is_iri());
    return is_writable(t.subject) && is_writable(t.predicate) && is_writable(t.object) &&
           (t.graph.empty() || blank_graph_name(t.graph) || is_writable_iri(t.graph));
}

Graph merged_graph(const Triples& triples, IriCheck check) {
    const bool checked = check == IriCheck::Done;
    Graph graph;
    graph.reserve(triples.size());
    for (const auto& t : triples) {
        if (t.graph.empty() && (checked || is_writable(t)))
            graph.add(t);
        else
            add_writable_copy(graph, {t.subject, t.predicate, t.object, {}});
    }
    graph.sort_unique([](const Triple& a, const Triple& b) { return compare(a, b); });
    return graph;
}

Graph dataset(const Triples& triples, IriCheck check) {
    const bool checked = check == IriCheck::Done;
    Graph quads;
    quads.reserve(triples.size());
    for (const auto& t : triples) {
        if (checked || is_writable(t))
            quads.add(t);
        else
            add_writable_copy(quads, t);
    }
    quads.sort_unique([](const Triple& a, const Triple& b) {
        const int by_graph = a.graph.compare(b.graph);
        return by_graph != 0 ? by_graph : compare(a, b);
    });
    return quads;
}

std::optional<Term> blank_graph_name(const std::string& graph) {
    if (graph.size() > 2 && graph.compare(0, 2, "_:") == 0)
        return Term::blank(graph.substr(2));
    return std::nullopt;
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
    // Most names are ASCII letters and digits: no need to decode them.
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!name.empty() && letter(name[0]) && std::all_of(name.begin() + 1, name.end(), [&](char c) {
            return letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }))
        return true;
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

PrefixTable::PrefixTable(const PrefixView& view, Rules rules, const Prefixes& ahead)
    : view_(view), rewrites_(view.rewrites()), rules_(std::move(rules)) {
    for (const Prefixes* list : {&ahead, &view.first})
        for (const auto& p : *list) {
            const bool taken = std::any_of(local_.begin(), local_.end(), [&](const Local& l) {
                return l.effective && l.prefix.name == p.name;
            });
            local_.push_back({p, !taken && rules_.usable(p), false, false});
        }
}

std::size_t PrefixTable::seen(std::size_t binding) {
    if (seen_.empty()) // a request looks at a handful of bindings: one allocation for them
        seen_.reserve(std::min<std::size_t>(view_.index->size(), 16));
    // An index of a few bindings (most data sets declare a dozen) gets a slot per binding; a
    // larger one a small table of its own, as a request looks at a handful of its bindings.
    if (view_.index->size() <= direct_bindings) {
        if (direct_.empty())
            direct_.assign(view_.index->size(), 0);
        std::uint32_t& slot = direct_[binding];
        if (slot == 0) {
            seen_.emplace_back().binding = binding;
            slot = static_cast<std::uint32_t>(seen_.size());
        }
        return slot - 1;
    }
    const auto slot = [&](std::size_t b) {
        return (b * 0x9E3779B97F4A7C15ull >> 20) & (slots_.size() - 1);
    };
    if (2 * (seen_.size() + 1) > slots_.size()) {
        slots_.assign(std::max<std::size_t>(16, 2 * slots_.size()), 0);
        for (std::size_t i = 0; i < seen_.size(); ++i) {
            std::size_t at = slot(seen_[i].binding);
            while (slots_[at] != 0)
                at = (at + 1) & (slots_.size() - 1);
            slots_[at] = static_cast<std::uint32_t>(i + 1);
        }
    }
    std::size_t at = slot(binding);
    for (; slots_[at] != 0; at = (at + 1) & (slots_.size() - 1))
        if (seen_[slots_[at] - 1].binding == binding)
            return slots_[at] - 1;
    slots_[at] = static_cast<std::uint32_t>(seen_.size() + 1);
    seen_.emplace_back().binding = binding;
    return seen_.size() - 1;
}

const Prefix& PrefixTable::shown(std::size_t i) {
    Seen& s = seen_[i];
    if (!rewrites_) // shown as it is: no copy
        return view_.index->bindings()[s.binding];
    if (!s.has_shown) {
        const Prefix& p = view_.index->bindings()[s.binding];
        s.shown = {p.name, view_.shown(p.iri)};
        s.has_shown = true;
    }
    return s.shown;
}

bool PrefixTable::usable(std::size_t i) {
    if (seen_[i].usable < 0) {
        bool usable = false;
        if (rules_.kept && !rewrites_) { // shown as it is: the index's binding itself
            const std::size_t binding = seen_[i].binding;
            usable = view_.index->kept_verdict(rules_.kept_number, binding, rules_.kept) &&
                     (!rules_.also || rules_.also(view_.index->bindings()[binding]));
        } else {
            usable = rules_.usable(shown(i));
        }
        seen_[i].usable = usable ? 1 : 0;
    }
    return seen_[i].usable != 0;
}

bool PrefixTable::effective(std::size_t i) {
    if (seen_[i].effective >= 0)
        return seen_[i].effective != 0;
    const std::size_t binding = seen_[i].binding;
    const std::string& name = view_.index->bindings()[binding].name;
    bool ok = usable(i);
    for (const auto& l : local_)
        ok = ok && !(l.effective && !l.added && l.prefix.name == name);
    if (ok && !view_.index->first_of_name(binding))
        for (const std::uint32_t earlier : view_.index->named(name)) {
            if (!ok || earlier >= binding)
                break;
            ok = !usable(seen(earlier));
        }
    seen_[i].effective = ok ? 1 : 0;
    return ok;
}

const PrefixTable::Recent* PrefixTable::recent(std::string_view iri) const {
    // No recent namespace extends another: at most one is a start of `iri`.
    for (std::size_t i = 0; i < recent_count_; ++i) {
        const std::string_view ns = recent_[i].ns;
        if (ns.size() <= iri.size() && (ns.empty() || iri[ns.size() - 1] == ns.back()) &&
            iri.compare(0, ns.size(), ns) == 0)
            return &recent_[i];
    }
    return nullptr;
}

void PrefixTable::remember(const Choice& c) {
    if (rewrites_) // a namespace as shown may be extended by another as shown: not kept
        return;
    const std::string_view ns =
        c.in_index ? view_.index->bindings()[c.at].iri : local_[c.at].prefix.iri;
    if (c.in_index ? view_.index->namespace_extended(c.at)
                   : view_.index && view_.index->has_longer_namespace(ns))
        return;
    for (const auto& l : local_)
        if (l.prefix.iri.size() > ns.size() && l.prefix.iri.compare(0, ns.size(), ns) == 0)
            return;
    if (recent_count_ < recent_capacity) {
        recent_[recent_count_++] = {ns, c};
    } else {
        recent_[recent_next_] = {ns, c};
        recent_next_ = (recent_next_ + 1) % recent_capacity;
    }
}

std::optional<PrefixTable::Choice> PrefixTable::best(std::string_view iri) {
    if (const Recent* r = recent(iri))
        if (rules_.plain_local(iri.substr(r->choice.length)))
            return r->choice;
    // Otherwise a shorter namespace may still leave a local name: all candidates, in order.
    candidates_.clear();
    for (std::size_t i = 0; i < local_.size(); ++i) {
        const Prefix& p = local_[i].prefix;
        if (local_[i].effective && p.iri.size() <= iri.size() &&
            iri.compare(0, p.iri.size(), p.iri) == 0)
            candidates_.push_back({false, i, p.iri.size(), p.name});
    }
    if (view_.index) {
        const Prefixes& bindings = view_.index->bindings();
        const auto add = [&](std::size_t b, std::size_t length) {
            candidates_.push_back({true, b, length, bindings[b].name});
        };
        if (!rewrites_) {
            view_.index->each_namespace_of(
                iri, [&](std::size_t b) { add(b, bindings[b].iri.size()); }, &probes_);
        } else {
            // A namespace under a pair's `from` is shown under its `to`: an IRI under `to` is
            // looked up as it was before the rewriting, and only the namespaces that pair
            // decides count; namespaces shown as they are, as they are.
            view_.index->each_namespace_of(
                iri,
                [&](std::size_t b) {
                    const auto* pair = view_.pair_of(bindings[b].iri);
                    if (!pair || pair->first == pair->second)
                        add(b, bindings[b].iri.size());
                },
                &probes_);
            for (const auto& pair : view_.shown_as) {
                const std::string& from = pair.first; // a lambda uses it: no structured binding
                const std::string& to = pair.second;
                if (from == to || iri.substr(0, to.size()) != to)
                    continue;
                const std::string before = from + std::string(iri.substr(to.size()));
                view_.index->each_namespace_of(
                    before,
                    [&](std::size_t b) {
                        if (view_.pair_of(bindings[b].iri) == &pair)
                            add(b, bindings[b].iri.size() - from.size() + to.size());
                    },
                    &probes_);
            }
        }
    }
    // The longest namespace first, then the smaller name: the first that is the binding of its
    // name and leaves a local name wins.
    if (candidates_.size() > 1)
        std::sort(candidates_.begin(), candidates_.end(), [](const Choice& a, const Choice& b) {
            return a.length != b.length ? a.length > b.length : a.name < b.name;
        });
    for (Choice& c : candidates_) {
        if (c.in_index && !effective(c.seen = seen(c.at)))
            continue;
        if (rules_.plain_local(iri.substr(c.length))) {
            remember(c);
            return c;
        }
    }
    return std::nullopt;
}

std::optional<PrefixTable::Split> PrefixTable::split(std::string_view iri) {
    const auto choice = best(iri);
    if (!choice)
        return std::nullopt;
    if (choice->in_index)
        seen_[choice->seen].used = true;
    else
        local_[choice->at].used = true;
    return Split{choice->name, choice->length};
}

std::optional<std::string_view> PrefixTable::curie(std::string_view iri) {
    const auto parts = split(iri);
    if (!parts)
        return std::nullopt;
    const std::string_view local = iri.substr(parts->namespace_length);
    const std::size_t size = parts->name.size() + 1 + local.size();
    if (size > name_room_) {
        constexpr std::size_t block_size = 2048; // a description's names, mostly
        name_room_ = std::max(size, block_size);
        name_blocks_.emplace_back(new char[name_room_]);
        name_free_ = name_blocks_.back().get();
    }
    char* name = name_free_;
    std::memcpy(name, parts->name.data(), parts->name.size());
    name[parts->name.size()] = ':';
    if (!local.empty()) // an empty view may have no pointer, which memcpy must not be given
        std::memcpy(name + parts->name.size() + 1, local.data(), local.size());
    name_free_ += size;
    name_room_ -= size;
    return std::string_view(name, size);
}

void PrefixTable::ensure(std::string_view iri, std::string_view namespace_iri,
                         std::string_view preferred) {
    if (best(iri))
        return;
    std::string name(preferred);
    for (int n = 1; has_name(name); ++n)
        name = std::string(preferred) + std::to_string(n);
    local_.push_back({{name, std::string(namespace_iri)}, true, true, false});
    recent_count_ = recent_next_ = 0; // the new binding may win or extend a recent namespace
    assert(best(iri));
}

std::vector<const Prefix*> PrefixTable::used() const {
    std::vector<const Prefix*> used;
    used.reserve(local_.size() + seen_.size());
    for (const auto& l : local_)
        if (l.used)
            used.push_back(&l.prefix);
    for (const auto& s : seen_)
        if (s.used)
            used.push_back(rewrites_ ? &s.shown : &view_.index->bindings()[s.binding]);
    // Only effective bindings are used, and no two of those have one name: no ties to keep in
    // order.
    std::sort(used.begin(), used.end(),
              [](const Prefix* a, const Prefix* b) { return a->name < b->name; });
    return used;
}

bool PrefixTable::has_name(std::string_view name) {
    for (const auto& l : local_)
        if (l.effective && l.prefix.name == name)
            return true;
    if (!view_.index)
        return false;
    for (const std::uint32_t binding : view_.index->named(name))
        if (usable(seen(binding)))
            return true;
    return false;
}

// ---- Shapes ----------------------------------------------------------------------------------

BlankIds::BlankIds(const Graph& graph) {
    // Blank subjects come sorted (the graph is sorted by subject); objects and graph names not.
    std::vector<std::string_view> subjects;
    std::vector<std::string_view> others;
    for (const auto& t : graph) {
        if (t.subject.is_blank() && (subjects.empty() || subjects.back() != t.subject.value))
            subjects.push_back(t.subject.value);
        if (t.object.is_blank())
            others.push_back(t.object.value);
        if (t.graph.size() > 2 && t.graph.compare(0, 2, "_:") == 0)
            others.push_back(std::string_view(t.graph).substr(2));
    }
    if (!std::is_sorted(subjects.begin(), subjects.end()))
        std::sort(subjects.begin(), subjects.end());
    std::sort(others.begin(), others.end());
    labels_.reserve(subjects.size() + others.size());
    std::set_union(subjects.begin(), subjects.end(), others.begin(), others.end(),
                   std::back_inserter(labels_));
    labels_.erase(std::unique(labels_.begin(), labels_.end()), labels_.end());
    ids_.reserve(labels_.size());
    for (std::size_t i = 0; i < labels_.size(); ++i)
        ids_.emplace(labels_[i], i);
}

std::size_t BlankIds::id(std::string_view label) const {
    const auto it = ids_.find(label);
    return it == ids_.end() ? no_index : it->second;
}

GraphIndex::GraphIndex(const Graph& graph) : blanks_(graph) {
    statements_.reserve(graph.size());
    block_of_blank_.assign(blanks_.size(), no_index);
    for (const auto& t : graph) {
        if (blocks_.empty() || *blocks_.back().subject != t.subject) {
            Block block{&t.subject, no_index, statements_.size(), statements_.size()};
            if (t.subject.is_blank()) {
                block.blank = blanks_.id(t.subject);
                assert(block_of_blank_[block.blank] == no_index && "the graph is sorted");
                block_of_blank_[block.blank] = blocks_.size();
            }
            blocks_.push_back(block);
        }
        statements_.push_back({&t, t.object.is_blank() ? blanks_.id(t.object) : no_index});
        ++blocks_.back().end;
    }
}

std::vector<std::string> blank_labels(const BlankIds& blanks, const std::string& stem,
                                      const std::function<bool(std::size_t)>& keep) {
    std::vector<std::string> labels(blanks.size());
    std::size_t n = 0;
    for (std::size_t id = 0; id < blanks.size(); ++id)
        if (keep(id))
            labels[id] = stem + std::to_string(++n);
    return labels;
}

Shapes nested_blank_nodes(const GraphIndex& index, const std::vector<char>& excluded) {
    const std::size_t n = index.blanks().size();
    Shapes shapes;
    shapes.referrer.assign(n, nullptr);
    shapes.parent.assign(n, no_index);
    shapes.cell.assign(n, 0);
    std::vector<char> references(n, 0); // 0, 1, or 2 for "more than one"
    for (const auto& block : index.blocks())
        for (auto st = index.begin(block); st != index.end(block); ++st) {
            if (st->object == no_index)
                continue;
            if (references[st->object] < 2)
                ++references[st->object];
            shapes.referrer[st->object] = st->triple;
            shapes.parent[st->object] = block.blank;
        }
    for (std::size_t id = 0; id < n; ++id)
        if (references[id] != 1 || (!excluded.empty() && excluded[id]))
            shapes.referrer[id] = nullptr;

    enum : char { Unseen, OnPath, Done };
    std::vector<char> seen(n, Unseen);
    std::vector<char> on_cycle(n, 0);
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < n; ++start) {
        path.clear();
        for (std::size_t node = start; node != no_index && shapes.nested(node);
             node = shapes.parent[node]) {
            if (seen[node] == OnPath) {
                for (auto it = std::find(path.begin(), path.end(), node); it != path.end(); ++it)
                    on_cycle[*it] = 1;
                break;
            }
            if (seen[node] == Done)
                break;
            seen[node] = OnPath;
            path.push_back(node);
        }
        for (const std::size_t node : path)
            seen[node] = Done;
    }
    for (std::size_t id = 0; id < n; ++id)
        if (on_cycle[id])
            shapes.referrer[id] = nullptr;
    return shapes;
}

std::pair<const GraphIndex::Statement*, const GraphIndex::Statement*>
cell_parts(const GraphIndex::Statement* statements) {
    const bool first_first = statements[0].triple->predicate.value == rdf_first;
    return {&statements[first_first ? 0 : 1], &statements[first_first ? 1 : 0]};
}

void mark_list_cells(const GraphIndex& index, Shapes& shapes,
                     const std::function<bool(const Term&)>& item_ok) {
    const std::size_t n = index.blanks().size();
    // The rdf:rest statement of a nested blank node shaped like a list cell, or nullptr.
    const auto cell_rest = [&](std::size_t id) -> const GraphIndex::Statement* {
        const std::size_t block = index.block_of(id);
        if (!shapes.nested(id) || block == no_index)
            return nullptr;
        const auto& b = index.blocks()[block];
        if (b.end - b.begin != 2)
            return nullptr;
        const auto [first, rest] = cell_parts(index.begin(b));
        if (first->triple->predicate.value != rdf_first ||
            rest->triple->predicate.value != rdf_rest || !item_ok(first->triple->object))
            return nullptr;
        return rest;
    };
    enum : char { Unknown, Yes, No };
    std::vector<char> is_cell(n, Unknown);
    std::vector<std::size_t> chain;
    for (std::size_t start = 0; start < n; ++start) {
        if (!shapes.nested(start) || is_cell[start] != Unknown)
            continue;
        chain.clear();
        bool ok = false;
        for (std::size_t node = start;;) {
            if (is_cell[node] != Unknown) {
                ok = is_cell[node] == Yes;
                break;
            }
            chain.push_back(node);
            is_cell[node] = No; // until the chain is decided
            const GraphIndex::Statement* rest = cell_rest(node);
            if (!rest || rest->object == no_index) {
                const Term* end = rest ? &rest->triple->object : nullptr;
                ok = end && end->is_iri() && end->value == rdf_nil;
                break;
            }
            node = rest->object;
        }
        for (const std::size_t node : chain)
            is_cell[node] = ok ? Yes : No;
    }
    for (std::size_t id = 0; id < n; ++id)
        shapes.cell[id] = is_cell[id] == Yes;
}

void cap_nesting(const GraphIndex& index, Shapes& shapes, bool flat_lists, std::size_t max_depth) {
    const std::size_t n = index.blanks().size();
    constexpr std::size_t unknown = no_index;
    std::vector<std::size_t> depth(n, unknown); // 0: written at the top
    std::vector<std::size_t> path;
    for (std::size_t start = 0; start < n; ++start) {
        // Up to a node whose level is known or that is written at the top, then down again.
        path.clear();
        for (std::size_t node = start; node != no_index && depth[node] == unknown;
             node = shapes.parent[node]) {
            if (!shapes.nested(node)) {
                depth[node] = 0;
                break;
            }
            path.push_back(node);
        }
        for (auto it = path.rbegin(); it != path.rend(); ++it) {
            const std::size_t node = *it;
            const std::size_t parent = shapes.parent[node];
            const bool continues_list = flat_lists && parent != no_index && shapes.nested(parent) &&
                                        shapes.is_cell(parent) && shapes.is_cell(node) &&
                                        shapes.referrer[node]->predicate.value == rdf_rest;
            depth[node] = (parent == no_index ? 0 : depth[parent]) + (continues_list ? 0 : 1);
            if (depth[node] > max_depth) {
                shapes.referrer[node] = nullptr;
                shapes.cell[node] = 0;
                depth[node] = 0;
            }
        }
    }
}

} // namespace seeother::rdf
