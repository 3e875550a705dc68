// The prefixes of a data set, prepared once, and the view of them one request's writer takes:
// a writer looks up only the IRIs it writes, each in time that depends on the IRI's length and
// not on how many prefixes the data declares (100,000 prefixes made every render of a one-triple
// document take 16 s when each request scanned and rebuilt the list).
#pragma once

#include "term.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::rdf {

/// Bindings of names to namespaces, in their order, indexed by namespace (a hash of every
/// namespace, probed with the hashes of an IRI's prefixes of the lengths some namespace has) and
/// by name. Immutable once built: one per store, shared by every request.
class PrefixIndex {
  public:
    PrefixIndex() = default;
    explicit PrefixIndex(Prefixes prefixes);
    // The index holds views of its own bindings' strings, which a move leaves in place and a
    // copy would not.
    PrefixIndex(const PrefixIndex&) = delete;
    PrefixIndex& operator=(const PrefixIndex&) = delete;
    PrefixIndex(PrefixIndex&&) = default;
    PrefixIndex& operator=(PrefixIndex&&) = default;

    const Prefixes& bindings() const { return prefixes_; }
    std::size_t size() const { return prefixes_.size(); }

    /// Calls `found(binding)` (an index into bindings()) for each binding whose namespace
    /// `iri` starts with (the bindings of one namespace in their order).
    /// Counts the bindings it looked at in `*probes`, when given.
    template <class Found>
    void each_namespace_of(std::string_view iri, Found&& found,
                           std::size_t* probes = nullptr) const;

    /// The bindings of `name` (indexes into bindings()), in their order; empty if none.
    struct Range {
        const std::uint32_t* first = nullptr;
        const std::uint32_t* last = nullptr;
        const std::uint32_t* begin() const { return first; }
        const std::uint32_t* end() const { return last; }
    };
    Range named(std::string_view name) const;

    /// Whether no binding before this one has its name (then it is the name's first).
    bool first_of_name(std::size_t binding) const { return first_of_name_[binding] != 0; }

    /// How many bindings have a namespace that starts with `start`.
    std::size_t count_starting_with(std::string_view start) const;

    /// Whether some binding's namespace starts with `ns` and is longer.
    bool has_longer_namespace(std::string_view ns) const;
    /// has_longer_namespace() of a binding's namespace, known in advance.
    bool namespace_extended(std::size_t binding) const { return extended_[binding] != 0; }

    /// How many bindings have a namespace with this scheme (iri_scheme()).
    std::size_t count_with_scheme(std::string_view scheme) const;

    /// A writer's rule about bindings (may this one be declared?) that depends on nothing but
    /// the binding: `rule(bindings()[binding])`, asked once per index and kept for every
    /// request after. `number` tells the rules apart (below kept_rules); each number must
    /// always come with the same rule. Safe from many threads: two that ask at once both
    /// compute the same answer.
    bool kept_verdict(std::size_t number, std::size_t binding,
                      const std::function<bool(const Prefix&)>& rule) const;
    static constexpr std::size_t kept_rules = 3;

  private:
    struct Namespace {
        std::string_view iri;
        std::size_t first = 0; ///< its bindings: by_namespace_[first, last)
        std::size_t last = 0;
    };
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t ns = 0; ///< namespaces_ index + 1; 0: empty
    };

    static std::uint64_t step(std::uint64_t hash, char c) {
        return (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ull; // FNV-1a
    }
    static std::uint64_t key(std::uint64_t hash, std::size_t length) {
        std::uint64_t k = hash ^ (static_cast<std::uint64_t>(length) * 0x9E3779B97F4A7C15ull);
        k ^= k >> 31; // spread the high bits into the slot index
        return k * 0xBF58476D1CE4E5B9ull;
    }
    static constexpr std::uint64_t fnv_basis = 0xCBF29CE484222325ull;
    /// Up to this many namespaces, a lookup compares the IRI with each.
    static constexpr std::size_t few = 16;

    Prefixes prefixes_;
    std::vector<Namespace> namespaces_;
    std::vector<std::uint32_t> by_namespace_; ///< bindings by namespace, then in order
    std::vector<Slot> slots_;                 ///< open addressing, a power of two long
    std::vector<char> has_length_;            ///< by length: whether some namespace is that long
    std::vector<std::string_view> sorted_namespaces_; ///< of every binding
    std::vector<std::uint32_t> by_name_;              ///< bindings by name, then in order
    std::vector<char> first_of_name_;                 ///< by binding
    std::vector<char> extended_;                      ///< by binding
    /// Each scheme of the bindings' namespaces with how many have it, sorted: a few (http,
    /// https, urn), looked at for every binding a JSON-LD document may use.
    std::vector<std::pair<std::string_view, std::size_t>> scheme_counts_;
    /// kept_verdict()'s answers, rule by rule, a binding each: -1 unknown, 0 no, 1 yes.
    std::unique_ptr<std::atomic<std::int8_t>[]> verdicts_;
};

/// The prefixes one request's writer may use: a store's index, with the namespaces that start
/// with a pair's `first` seen as starting with its `second` instead (each --base rewritten to
/// its public URL, as IriRewriter does: the longest `first` a namespace starts with decides;
/// only the bindings a document uses are ever rewritten), after a few bindings of the
/// request's own in `first` (the VoID vocabularies), which come before the index's.
struct PrefixView {
    using Pair = std::pair<std::string, std::string>;

    const PrefixIndex* index = nullptr; ///< may be null: no prefixes but `first`
    std::vector<Pair> shown_as;         ///< longest `first` first (IriRewriter::pairs())
    Prefixes first;

    /// Whether some namespace may be shown otherwise than as it is.
    bool rewrites() const;

    /// The pair that decides how a namespace is shown (the longest `first` it starts with),
    /// or null.
    const Pair* pair_of(std::string_view ns) const;

    /// A namespace's IRI as this view shows it.
    std::string shown(std::string_view ns) const;

    /// Whether some namespace of the view (`first` or the index's, as shown) has this scheme.
    bool has_namespace_scheme(std::string_view scheme) const;
    /// Whether some namespace of `first` has this scheme.
    bool has_own_namespace_scheme(std::string_view scheme) const;
};

template <class Found>
void PrefixIndex::each_namespace_of(std::string_view iri, Found&& found,
                                    std::size_t* probes) const {
    const auto report = [&](const Namespace& ns) {
        for (std::size_t b = ns.first; b < ns.last; ++b) {
            if (probes)
                ++*probes;
            found(static_cast<std::size_t>(by_namespace_[b]));
        }
    };
    if (namespaces_.size() <= few) {
        // A comparison each is cheaper than hashing the IRI, and bounded all the same.
        // The last octet first: namespaces mostly share their beginnings (http://), and it
        // spares most of them a call to compare.
        for (const Namespace& ns : namespaces_)
            if (ns.iri.size() <= iri.size() &&
                (ns.iri.empty() || iri[ns.iri.size() - 1] == ns.iri.back()) &&
                std::char_traits<char>::compare(iri.data(), ns.iri.data(), ns.iri.size()) == 0)
                report(ns);
        return;
    }
    const std::size_t mask = slots_.size() - 1;
    const std::size_t longest = std::min(iri.size(), has_length_.size() - 1);
    std::uint64_t hash = fnv_basis;
    for (std::size_t length = 0;; ++length) {
        if (has_length_[length]) {
            const std::uint64_t k = key(hash, length);
            for (std::size_t at = k & mask; slots_[at].ns != 0; at = (at + 1) & mask) {
                if (slots_[at].key != k)
                    continue;
                const Namespace& ns = namespaces_[slots_[at].ns - 1];
                if (ns.iri.size() == length && iri.compare(0, length, ns.iri) == 0)
                    report(ns);
            }
        }
        if (length == longest)
            break;
        hash = step(hash, iri[length]);
    }
}

} // namespace seeother::rdf
