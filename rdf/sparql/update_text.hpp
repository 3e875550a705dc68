// The SPARQL 1.1 Update text that writes an rdf::Change through an endpoint: terms written
// exactly, the deletion of descriptions with their blank-node closures, and the added triples
// cut into as many operations and requests as the engine needs. Pure functions, so that every
// request can be checked without an endpoint (the store sends them: SparqlStore::apply).
#pragma once

#include "rdf/term.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace seeother::rdf::sparql {

/// A term as SPARQL text: <iri>, _:label, "…", "…"@tag or "…"^^<datatype>, with every
/// character of a literal kept (quotes, backslashes and controls escaped, U+0000 as
/// \u0000). Throws std::invalid_argument for what no SPARQL text can hold: an IRI that
/// iri_ref() refuses (relative, or with a space, a control or one of <>"{}|^`\), a language
/// tag that is not letters and digits in dash-separated parts, a blank node label that is
/// not letters, digits and '_'.
std::string term_text(const Term& term);

/// How much an engine takes in one update operation and in one request. No limit is
/// std::size_t(-1).
struct UpdateLimits {
    /// INSERT DATA may hold blank nodes. Virtuoso 7 refuses them ("Blank node '_:b' is not
    /// allowed in a constant clause"): there, the triples that have one go into
    /// INSERT { … } WHERE { }, whose template makes each blank node a fresh one too.
    bool blank_data = true;
    std::size_t data_per_operation = static_cast<std::size_t>(-1); ///< triples, INSERT DATA
    std::size_t data_per_request = static_cast<std::size_t>(-1);
    std::size_t blank_per_operation = static_cast<std::size_t>(-1); ///< triples, INSERT {…}
    std::size_t blank_per_request = static_cast<std::size_t>(-1);
    /// A group of triples linked by blank nodes is never split (its labels must stay in one
    /// operation); one larger than this cannot be written at all.
    std::size_t largest_blank_group = static_cast<std::size_t>(-1);

    /// An engine that takes any update in one request (Oxigraph: 100,000 triples in one
    /// INSERT DATA, 4 s).
    static UpdateLimits standard() { return {}; }
    /// Virtuoso 7.2, measured (tests/sparql/test_writes.cpp writes at them): its SPARQL
    /// parser runs out of stack past about 5,000 triples in one INSERT DATA ("SP030 memory
    /// exhausted"); an INSERT { … } WHERE { } compiles to SQL, which may not pass 10,000
    /// lines (1,000 triples passed, 2,000 not: "SP031 … exceeded 10000 lines of code"), and
    /// a whole request to one 32 KB code vector ("SQ199": 3 templates of 500 triples passed,
    /// 50 of 200 not). Templates cost about 0.6 ms a triple to compile; INSERT DATA 0.1 ms.
    static UpdateLimits virtuoso() { return {false, 2000, 10000, 500, 1000, 1000}; }
};

/// One operation of an update request, with what it weighs against UpdateLimits.
struct UpdateOperation {
    std::string text;
    std::size_t data = 0;  ///< against data_per_request
    std::size_t blank = 0; ///< against blank_per_request
};

/// The operation that deletes the descriptions of `subject_refs` (iri_ref()s): every triple
/// with one of them as subject and, in each, the blank-node closure of its objects to
/// `depth` levels, as closure_levels() reaches them (lists one level with `lists`). A blank
/// node that a subject IRI other than these links to is shared: it and what hangs below it
/// stay. With `graph_refs`, the closure is found in their merge (USING, as FROM for the
/// queries) and each triple is deleted from every one of them; without, from the default
/// graph. With `gather_into` (a graph's iri_ref), the triples are copied into that graph
/// instead, for staged_commit_operation() to delete.
std::string delete_operation(const std::vector<std::string>& subject_refs,
                             const std::vector<std::string>& graph_refs, unsigned depth, bool lists,
                             const std::string& gather_into = {});

/// The blank-node closure of the subjects' blank objects, to `depth` levels, with the
/// subjects' triples that have a blank object and urn:x-seeother:more on each node one
/// level deeper that has triples (as describe_query() without its page and total).
std::string closure_query(const std::vector<std::string>& subject_refs, const std::string& from,
                          unsigned depth, bool lists);

/// Virtuoso: the triples that link to the blank nodes of these labels (as its answers give
/// them: bN, which queries name <nodeID://bN>), as `?r urn:x-seeother:hit ?node`.
std::string virtuoso_referrers_query(const std::vector<std::string>& node_labels,
                                     const std::string& from);

/// Virtuoso: deletes every triple of the blank nodes of these labels from each graph
/// (constants: Virtuoso matches <nodeID://bN> to its blank node in a triple pattern and
/// through iri_to_id, not in VALUES or in a comparison with the IRI).
/// With `gather_into`, copies them into that graph instead (as delete_operation()).
std::string virtuoso_delete_nodes_operation(const std::vector<std::string>& node_labels,
                                            const std::vector<std::string>& graph_refs,
                                            const std::string& gather_into = {});

/// A change written in stages (Virtuoso, whose operations commit one by one): the triples to
/// delete gathered in the graph `doomed_ref`, those to add written into `adding_ref`. This one
/// operation deletes the former from each of `graph_refs` and copies the latter into
/// `into_ref` (blank nodes as they are: Virtuoso binds them to the nodes themselves), so the
/// whole change becomes visible in one transaction.
std::string staged_commit_operation(const std::string& doomed_ref, const std::string& adding_ref,
                                    const std::vector<std::string>& graph_refs,
                                    const std::string& into_ref);

/// Drops these graphs, if they exist.
std::string drop_graphs_operation(const std::vector<std::string>& graph_refs);

/// Whether delete_operation(depth) could leave blank nodes behind: a CONSTRUCT that marks
/// (urn:x-seeother:more) at most one blank node of the subjects' closure (shared nodes
/// followed too) deeper than `depth` levels.
std::string deeper_closure_query(const std::vector<std::string>& subject_refs,
                                 const std::string& from, unsigned depth, bool lists);

/// The operations that add `added` into `graph_ref` (GRAPH <g>) or the default graph, each
/// within `limits`. Blank node labels are renamed b0, b1, … (the change's own are fresh
/// anyway), each group of triples linked by blank nodes in one operation. Throws
/// std::invalid_argument for a term that term_text() refuses, or a blank group larger than
/// limits.largest_blank_group.
std::vector<UpdateOperation> insert_operations(const Triples& added,
                                               const std::optional<std::string>& graph_ref,
                                               const UpdateLimits& limits);

/// The operations, in order, gathered into as few requests as `limits` allow
/// (`;`-separated, SPARQL 1.1 Update's request syntax).
std::vector<std::string> update_requests(const std::vector<UpdateOperation>& operations,
                                         const UpdateLimits& limits);

} // namespace seeother::rdf::sparql
