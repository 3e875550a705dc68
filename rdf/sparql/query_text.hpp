// The SPARQL text the SPARQL store sends: escaping of IRIs and strings, and one builder per
// question. Pure functions, so that each query can be checked without an endpoint. Every
// query is a CONSTRUCT whose answer is read as N-Triples (README, "SPARQL endpoint as the
// store"): counts and markers come back as triples in the urn:x-seeother: vocabulary.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf::sparql {

/// The vocabulary of the answers' bookkeeping triples.
namespace mark {
inline constexpr std::string_view result = "urn:x-seeother:result"; ///< subject of totals
inline constexpr std::string_view total = "urn:x-seeother:total";
inline constexpr std::string_view count = "urn:x-seeother:count";
inline constexpr std::string_view more = "urn:x-seeother:more"; ///< closure not fetched
inline constexpr std::string_view hit = "urn:x-seeother:hit";
inline constexpr std::string_view triples = "urn:x-seeother:triples";
inline constexpr std::string_view subjects = "urn:x-seeother:subjects";
inline constexpr std::string_view iri_subjects = "urn:x-seeother:iriSubjects";
inline constexpr std::string_view classes = "urn:x-seeother:classes";
inline constexpr std::string_view labels = "urn:x-seeother:labels";
} // namespace mark

/// `<iri>`, or nothing when the IRI is not absolute (no scheme: "", "x", "_:b1") or holds a
/// character that no SPARQL IRI can (space, controls, <>"{}|^`\): no endpoint can hold such
/// an IRI, so it describes nothing.
std::optional<std::string> iri_ref(std::string_view iri);

/// A SPARQL string literal "…" with ", \ and line ends escaped, other controls as \uXXXX.
std::string string_literal(std::string_view text);

/// `FROM <g>` for each graph (already checked IRIs), each on its own line.
std::string from_clauses(const std::vector<std::string>& graphs);

/// The subjects a description covers: a VALUES list, or a filter on a prefix (a hash
/// namespace too large to list).
struct SubjectPattern {
    std::vector<std::string> iris;     ///< as iri_ref() gives them
    std::optional<std::string> prefix; ///< subjects whose IRI starts with this, too
};

/// Text that keeps a closure out of the blank node in `variable` (a FILTER), or nothing.
using ClosureGuard = std::function<std::string(const std::string& variable)>;

/// The patterns that reach the blank-node closure of the blank node in ?o, level by level:
/// pattern k binds ?cs ?cp ?co to the triples of the blank nodes k blank hops from ?o, for
/// k < `depth`; with `lists`, each hop also follows rdf:rest* (a list of any length is one
/// level). `guard`, when given, is checked on every blank node a hop reaches (not on ?o).
std::vector<std::string> closure_levels(unsigned depth, bool lists, const ClosureGuard& guard = {});

/// The pattern that binds ?more to each blank node `depth` hops from ?o that has triples:
/// closure_levels(depth) did not reach its triples.
std::string closure_marker(unsigned depth, bool lists, const ClosureGuard& guard = {});

/// One page of a description with the blank-node closure of the page's objects to `depth`
/// levels (with `lists`, an rdf:rest* chain counts as one level), plus `urn:x-seeother:more`
/// on each blank node one level deeper that has triples, and the total of the subjects'
/// triples.
std::string describe_query(const SubjectPattern& subjects, const std::string& from,
                           std::size_t offset, std::size_t limit, unsigned depth, bool lists);

/// Virtuoso's concise bounded description of blank nodes named by their nodeID:// IRIs:
/// their whole closure, computed by the engine.
std::string cbd_query(const std::vector<std::string>& node_refs, const std::string& from);

/// Which candidates are subjects: `<c> urn:x-seeother:hit true` for each.
std::string described_query(const std::vector<std::string>& candidate_refs,
                            const std::string& from);

/// The label-property literals of each subject.
std::string labels_query(const std::vector<std::string>& subject_refs, const std::string& from);

/// Backlinks of a subject: a count per predicate, and one page of (subject, predicate).
std::string backlinks_query(const std::string& object_ref, const std::string& from,
                            std::size_t offset, std::size_t limit);

/// The instances of a class: their number and one page.
std::string instances_query(const std::string& class_ref, const std::string& from,
                            std::size_t offset, std::size_t limit);

/// Instance counts of the given classes, or of the `limit` largest from `offset`.
std::string class_counts_query(const std::vector<std::string>& class_refs, const std::string& from);
std::string classes_query(const std::string& from, std::size_t offset, std::size_t limit);

/// The subject IRIs starting with `prefix`: their number and one page, in code-point order.
std::string subjects_query(std::string_view prefix, const std::string& from, std::size_t offset,
                           std::size_t limit);

/// The subject IRIs under `base` that hold a '#' (the hash namespaces), at most `limit`.
std::string hash_subjects_query(std::string_view base, const std::string& from, std::size_t limit);

/// Label triples whose literal may contain `folded` (fold_for_search's form): letters
/// match their accented forms in either case. At most `limit` of them.
std::string search_query(std::string_view folded, const std::string& from, std::size_t limit);

/// Statistics: triples, subjects, subject IRIs, classes and labels, one scan each.
std::string stats_query(const std::string& from);

/// The subject IRIs used most as objects, with their counts.
std::string most_referenced_query(const std::string& from, std::size_t limit);

} // namespace seeother::rdf::sparql
