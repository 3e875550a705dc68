#include "prefix_index.hpp"

#include "writer_util.hpp"

#include <algorithm>
#include <type_traits>

namespace seeother::rdf {

PrefixIndex::PrefixIndex(Prefixes prefixes) : prefixes_(std::move(prefixes)) {
    // Sorted vectors rather than hash maps of vectors: a server builds one index per store,
    // but serialize() with a plain list builds one per call.
    const auto n = static_cast<std::uint32_t>(prefixes_.size());
    verdicts_ = std::make_unique<std::atomic<std::int8_t>[]>(kept_rules * n);
    for (std::size_t i = 0; i < kept_rules * n; ++i)
        verdicts_[i].store(-1, std::memory_order_relaxed);
    by_namespace_.resize(n);
    by_name_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i)
        by_namespace_[i] = by_name_[i] = i;
    std::stable_sort(by_namespace_.begin(), by_namespace_.end(),
                     [&](auto a, auto b) { return prefixes_[a].iri < prefixes_[b].iri; });
    std::stable_sort(by_name_.begin(), by_name_.end(),
                     [&](auto a, auto b) { return prefixes_[a].name < prefixes_[b].name; });
    first_of_name_.assign(n, 0);
    for (std::size_t k = 0; k < n; ++k)
        first_of_name_[by_name_[k]] =
            k == 0 || prefixes_[by_name_[k - 1]].name != prefixes_[by_name_[k]].name;
    std::size_t longest = 0;
    sorted_namespaces_.reserve(n);
    std::vector<std::string_view> schemes;
    schemes.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::string_view ns = prefixes_[by_namespace_[k]].iri;
        if (namespaces_.empty() || namespaces_.back().iri != ns)
            namespaces_.push_back({ns, k, k});
        ++namespaces_.back().last;
        sorted_namespaces_.push_back(ns);
        schemes.push_back(iri_scheme(ns));
        longest = std::max(longest, ns.size());
    }
    std::sort(schemes.begin(), schemes.end());
    for (const std::string_view scheme : schemes)
        if (!scheme_counts_.empty() && scheme_counts_.back().first == scheme)
            ++scheme_counts_.back().second;
        else
            scheme_counts_.emplace_back(scheme, 1);
    // A namespace that others start with is followed by them in sorted order.
    extended_.assign(n, 0);
    for (std::size_t k = 0; k + 1 < namespaces_.size(); ++k) {
        const std::string_view ns = namespaces_[k].iri;
        if (namespaces_[k + 1].iri.substr(0, ns.size()) == ns)
            for (std::size_t b = namespaces_[k].first; b < namespaces_[k].last; ++b)
                extended_[by_namespace_[b]] = 1;
    }
    if (namespaces_.size() <= few)
        return; // looked up by comparing each

    has_length_.assign(longest + 1, 0);
    std::size_t capacity = 16;
    while (capacity < 2 * namespaces_.size())
        capacity *= 2;
    slots_.assign(capacity, Slot{});
    for (std::size_t k = 0; k < namespaces_.size(); ++k) {
        const std::string_view ns = namespaces_[k].iri;
        std::uint64_t hash = fnv_basis;
        for (const char c : ns)
            hash = step(hash, c);
        const std::uint64_t slot_key = key(hash, ns.size());
        std::size_t at = slot_key & (capacity - 1);
        while (slots_[at].ns != 0)
            at = (at + 1) & (capacity - 1);
        slots_[at] = {slot_key, static_cast<std::uint32_t>(k + 1)};
        has_length_[ns.size()] = 1;
    }
}

PrefixIndex::Range PrefixIndex::named(std::string_view name) const {
    const auto [first, last] =
        std::equal_range(by_name_.begin(), by_name_.end(), name, [&](const auto& a, const auto& b) {
            if constexpr (std::is_same_v<std::decay_t<decltype(a)>, std::string_view>)
                return a < prefixes_[b].name;
            else
                return prefixes_[a].name < b;
        });
    return {by_name_.data() + (first - by_name_.begin()),
            by_name_.data() + (last - by_name_.begin())};
}

std::size_t PrefixIndex::count_starting_with(std::string_view start) const {
    const auto first =
        std::lower_bound(sorted_namespaces_.begin(), sorted_namespaces_.end(), start);
    const auto last =
        std::partition_point(first, sorted_namespaces_.end(), [&](std::string_view ns) {
            return ns.substr(0, start.size()) == start;
        });
    return static_cast<std::size_t>(last - first);
}

bool PrefixIndex::has_longer_namespace(std::string_view ns) const {
    // The namespaces that start with `ns` follow it in sorted order; the longer ones come after
    // those equal to it.
    const auto after = std::upper_bound(sorted_namespaces_.begin(), sorted_namespaces_.end(), ns);
    return after != sorted_namespaces_.end() && after->substr(0, ns.size()) == ns;
}

std::size_t PrefixIndex::count_with_scheme(std::string_view scheme) const {
    const auto at = std::lower_bound(scheme_counts_.begin(), scheme_counts_.end(), scheme,
                                     [](const std::pair<std::string_view, std::size_t>& entry,
                                        std::string_view s) { return entry.first < s; });
    return at != scheme_counts_.end() && at->first == scheme ? at->second : 0;
}

bool PrefixIndex::kept_verdict(std::size_t number, std::size_t binding,
                               const std::function<bool(const Prefix&)>& rule) const {
    std::atomic<std::int8_t>& verdict = verdicts_[number * prefixes_.size() + binding];
    std::int8_t known = verdict.load(std::memory_order_relaxed);
    if (known < 0) {
        known = rule(prefixes_[binding]) ? 1 : 0;
        verdict.store(known, std::memory_order_relaxed);
    }
    return known != 0;
}

bool PrefixView::rewrites() const {
    return std::any_of(shown_as.begin(), shown_as.end(),
                       [](const Pair& p) { return p.first != p.second; });
}

const PrefixView::Pair* PrefixView::pair_of(std::string_view ns) const {
    for (const auto& p : shown_as)
        if (ns.substr(0, p.first.size()) == p.first)
            return &p;
    return nullptr;
}

std::string PrefixView::shown(std::string_view ns) const {
    if (const Pair* p = pair_of(ns))
        return p->second + std::string(ns.substr(p->first.size()));
    return std::string(ns);
}

bool PrefixView::has_own_namespace_scheme(std::string_view scheme) const {
    return std::any_of(first.begin(), first.end(),
                       [&](const Prefix& p) { return iri_scheme(p.iri) == scheme; });
}

bool PrefixView::has_namespace_scheme(std::string_view scheme) const {
    if (has_own_namespace_scheme(scheme))
        return true;
    if (!index)
        return false;
    std::size_t count = index->count_with_scheme(scheme);
    for (const Pair& pair : shown_as) {
        // Named, not a structured binding: a lambda below uses it (C++17 cannot capture one).
        const std::string& from = pair.first;
        const std::string& to = pair.second;
        if (from == to)
            continue;
        // Namespaces under `from` are shown under `to`: they change scheme with it (counted
        // once, under the outermost `from`, for nested ones).
        const std::size_t moved = index->count_starting_with(from);
        if (moved > 0 && iri_scheme(to) == scheme)
            return true;
        const bool outermost = std::none_of(shown_as.begin(), shown_as.end(), [&](const Pair& p) {
            return p.first != p.second && p.first.size() < from.size() &&
                   from.compare(0, p.first.size(), p.first) == 0;
        });
        if (outermost && moved > 0 && iri_scheme(from) == scheme)
            count -= std::min(count, moved);
    }
    return count > 0;
}

} // namespace seeother::rdf
