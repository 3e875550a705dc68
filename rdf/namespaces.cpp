#include "rdf/namespaces.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

namespace seeother::rdf {
namespace {

/// Levenshtein distance, in bytes.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

/// Every namespace `iri` is in: its prefixes ending in "/" or "#" from the end of its
/// authority ("http://e.org/" for "http://e.org/id/x", then "http://e.org/id/").
void add_namespaces(std::string_view iri, std::map<std::string, std::size_t, std::less<>>& counts) {
    const auto scheme_end = iri.find("://");
    std::size_t from = scheme_end == std::string_view::npos ? iri.find(':') : scheme_end + 3;
    if (from == std::string_view::npos)
        return;
    const auto root = iri.find('/', from);
    if (root == std::string_view::npos)
        return;
    for (std::size_t at = root; at < iri.size(); ++at)
        if (iri[at] == '/' || iri[at] == '#') {
            ++counts[std::string(iri.substr(0, at + 1))];
            if (iri[at] == '#')
                break; // a fragment has no namespaces inside
        }
}

} // namespace

std::optional<Namespace> closest_namespace(const Browsing& store, std::string_view base,
                                           std::size_t max_subjects) {
    if (store.subjects_page(base, 0, 1).total > 0)
        return std::nullopt;
    std::map<std::string, std::size_t, std::less<>> counts;
    constexpr std::size_t batch = 10000;
    for (std::size_t offset = 0; offset < max_subjects; offset += batch) {
        const auto page = store.subjects_page("", offset, std::min(batch, max_subjects - offset));
        for (const auto& iri : page.items)
            add_namespaces(iri, counts);
        if (page.items.empty() || offset + page.items.size() >= page.total)
            break;
    }
    std::optional<Namespace> best;
    std::size_t best_distance = 0;
    for (const auto& [iri, subjects] : counts) {
        const auto distance = edit_distance(iri, base);
        if (!best || std::make_tuple(distance, best->subjects, iri.size()) <
                         std::make_tuple(best_distance, subjects, best->iri.size())) {
            best = Namespace{iri, subjects};
            best_distance = distance;
        }
    }
    return best;
}

} // namespace seeother::rdf
