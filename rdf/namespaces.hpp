// Which namespaces the data's subjects are in, for telling a publisher whose --base matches
// none of them which one it probably meant.
#pragma once

#include "rdf/store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::rdf {

/// A namespace of subject IRIs: an IRI prefix ending in "/" or "#" (the root of an
/// authority at the shortest), and how many of the subjects looked at are under it.
struct Namespace {
    std::string iri;
    std::size_t subjects = 0;
};

/// When no subject IRI starts with `base`: the namespace of the subjects nearest to it in
/// edit distance (ties: more subjects, then the shorter IRI), from the first `max_subjects`
/// subjects in code-point order. nullopt when a subject starts with `base`, or there is no
/// IRI subject. Asks the store a few pages of subjects.
std::optional<Namespace> closest_namespace(const Browsing& store, std::string_view base,
                                           std::size_t max_subjects = 1000000);

} // namespace seeother::rdf
