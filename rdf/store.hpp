// The questions the server asks of a data set, as an interface. The in-memory Sord store
// (sord_store.hpp) is the first implementation; a SPARQL client or a test stub is another.
#pragma once

#include "term.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {

struct StoreStats {
    std::size_t triples = 0;
    std::size_t subjects = 0;     ///< distinct subjects, IRIs and blank nodes
    std::size_t iri_subjects = 0; ///< distinct subject IRIs (VoID's entities)
    std::size_t classes = 0;      ///< distinct IRIs used as the object of rdf:type
    std::size_t labels = 0;       ///< label literals in the search index
};

/// One page of a longer list, and how long the whole list is.
template <class T> struct Page {
    std::size_t total = 0;
    std::vector<T> items;
};

/// An IRI with a count: a class and its instances, a predicate and its uses.
struct IriCount {
    std::string iri;
    std::size_t count = 0;

    friend bool operator==(const IriCount& a, const IriCount& b) {
        return a.iri == b.iri && a.count == b.count;
    }
};

/// The triples that have an IRI as object ("referenced by").
struct Backlinks {
    std::size_t total = 0;            ///< every such triple
    std::vector<IriCount> predicates; ///< each predicate with its count, in IRI order
    Triples triples;                  ///< the requested page: by predicate, then subject
};

struct SearchHit {
    std::string iri; ///< a subject IRI
    Term label;      ///< its label that matched best
};

/// The label properties, best first: a thing's label is its first literal for the first of
/// these it has. The order is the one the README documents.
inline const std::vector<std::string_view>& label_predicates() {
    static const std::vector<std::string_view> predicates = {
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://xmlns.com/foaf/0.1/name",
        "http://schema.org/name",
        "https://schema.org/name",
        "http://purl.org/dc/terms/title",
        "http://purl.org/dc/elements/1.1/title",
        "http://www.w3.org/2004/02/skos/core#altLabel",
    };
    return predicates;
}

/// A read-only RDF data set. Implementations must be safe to call from many threads at
/// once: a loaded store never changes (a reload builds a new one). Paged questions take
/// an offset and a limit and report the total, so that nothing is ever cut silently.
class Store {
  public:
    virtual ~Store() = default;

    /// True when the IRI is the subject of at least one triple.
    virtual bool describes(std::string_view iri) const = 0;

    /// The concise bounded description of an IRI: every triple with it as subject, plus,
    /// recursively, every triple of each blank node reached from those (cycles are safe).
    /// Empty when the IRI is not a subject.
    virtual Triples describe(std::string_view iri) const = 0;

    /// One page of a description, for things with more triples than one reply should
    /// carry: the triples with the IRI as subject from `offset` to `offset + limit` (in the
    /// store's own stable order), each with its whole blank-node closure, sorted. `total`
    /// counts every triple with the IRI as subject.
    virtual Page<Triple> describe_page(std::string_view iri, std::size_t offset,
                                       std::size_t limit) const = 0;

    /// Every subject IRI that starts with `prefix`, in code-point order.
    virtual std::vector<std::string> subjects_with_prefix(std::string_view prefix) const = 0;

    /// One page of subjects_with_prefix(prefix), and how many there are in all.
    virtual Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                            std::size_t limit) const = 0;

    /// For each IRI, the literals it has for the label_predicates(), in that order (then
    /// in term order); empty for an IRI that is not a subject or has no label.
    virtual std::vector<std::vector<Term>> labels(const std::vector<std::string>& iris) const = 0;

    /// The triples whose object is `iri`, when `iri` is also a subject (a document can
    /// only be shown for a subject), with a count per predicate and one page of triples.
    /// Blank subjects here and in instances() may carry labels of the store's own.
    virtual Backlinks backlinks(std::string_view iri, std::size_t offset,
                                std::size_t limit) const = 0;

    /// The classes (IRI objects of rdf:type) with their instance counts, most instances
    /// first, then in code-point order.
    virtual Page<IriCount> classes(std::size_t offset, std::size_t limit) const = 0;

    /// The subjects typed `class_iri` (rdf:type), IRIs in code-point order, then blank nodes.
    virtual Page<Term> instances(std::string_view class_iri, std::size_t offset,
                                 std::size_t limit) const = 0;

    /// The subject IRIs used most often as objects, most used first, at most `limit`.
    virtual std::vector<IriCount> most_referenced(std::size_t limit) const = 0;

    /// Subject IRIs whose label contains `query`, compared after fold_for_search (case and
    /// accents ignored). Ranked: a label equal to the query, then one starting with it,
    /// then one containing it; shorter labels first, then IRI order. One hit per subject.
    virtual Page<SearchHit> search(std::string_view query, std::size_t offset,
                                   std::size_t limit) const = 0;

    /// The prefixes declared in the loaded files, first declaration of a name wins.
    virtual const Prefixes& prefixes() const = 0;

    virtual StoreStats stats() const = 0;
};

} // namespace seeother::rdf
