#include "prefix_index.hpp"

#include "writer_util.hpp"

#include <algorithm>

namespace seeother::rdf {

PrefixIndex::PrefixIndex(Prefixes prefixes) : prefixes_(std::move(prefixes)) {
    // Views into prefixes_, which never changes again.
    std::unordered_map<std::string_view, std::uint32_t> namespace_of;
    std::size_t longest = 0;
    sorted_namespaces_.reserve(prefixes_.size());
    for (std::size_t i = 0; i < prefixes_.size(); ++i) {
        const std::string_view ns = prefixes_[i].iri;
        const auto binding = static_cast<std::uint32_t>(i);
        const auto [it, added] =
            namespace_of.emplace(ns, static_cast<std::uint32_t>(namespaces_.size()));
        if (added)
            namespaces_.push_back({ns, {}});
        namespaces_[it->second].bindings.push_back(binding);
        by_name_[prefixes_[i].name].push_back(binding);
        ++schemes_[iri_scheme(ns)];
        sorted_namespaces_.push_back(ns);
        longest = std::max(longest, ns.size());
    }
    std::sort(sorted_namespaces_.begin(), sorted_namespaces_.end());
    if (namespaces_.empty())
        return;

    has_length_.assign(longest + 1, 0);
    std::size_t capacity = 16;
    while (capacity < 2 * namespaces_.size())
        capacity *= 2;
    slots_.assign(capacity, Slot{});
    for (std::size_t n = 0; n < namespaces_.size(); ++n) {
        const std::string_view ns = namespaces_[n].iri;
        std::uint64_t hash = fnv_basis;
        for (const char c : ns)
            hash = step(hash, c);
        const std::uint64_t k = key(hash, ns.size());
        std::size_t at = k & (capacity - 1);
        while (slots_[at].ns != 0)
            at = (at + 1) & (capacity - 1);
        slots_[at] = {k, static_cast<std::uint32_t>(n + 1)};
        has_length_[ns.size()] = 1;
    }
}

const std::vector<std::uint32_t>& PrefixIndex::named(std::string_view name) const {
    static const std::vector<std::uint32_t> none;
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? none : it->second;
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

std::size_t PrefixIndex::count_with_scheme(std::string_view scheme) const {
    const auto it = schemes_.find(scheme);
    return it == schemes_.end() ? 0 : it->second;
}

std::string PrefixView::shown(std::string_view ns) const {
    if (rewrites() && ns.substr(0, from.size()) == from)
        return to + std::string(ns.substr(from.size()));
    return std::string(ns);
}

bool PrefixView::has_namespace_scheme(std::string_view scheme) const {
    for (const auto& p : first)
        if (iri_scheme(p.iri) == scheme)
            return true;
    if (!index)
        return false;
    std::size_t count = index->count_with_scheme(scheme);
    if (rewrites()) {
        // Namespaces under `from` are shown under `to`: they change scheme with it.
        const std::size_t moved = index->count_starting_with(from);
        if (moved > 0 && iri_scheme(from) == scheme)
            count -= std::min(count, moved);
        if (moved > 0 && iri_scheme(to) == scheme)
            return true;
    }
    return count > 0;
}

} // namespace seeother::rdf
