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
    std::size_t subjects = 0;
};

/// A read-only RDF data set. Implementations must be safe to call from many threads at
/// once: a loaded store never changes (a reload builds a new one).
class Store {
  public:
    virtual ~Store() = default;

    /// True when the IRI is the subject of at least one triple.
    virtual bool describes(std::string_view iri) const = 0;

    /// The concise bounded description of an IRI: every triple with it as subject, plus,
    /// recursively, every triple of each blank node reached from those (cycles are safe).
    /// Empty when the IRI is not a subject.
    virtual Triples describe(std::string_view iri) const = 0;

    /// Every subject IRI that starts with `prefix`, in code-point order.
    virtual std::vector<std::string> subjects_with_prefix(std::string_view prefix) const = 0;

    /// The prefixes declared in the loaded files, first declaration of a name wins.
    virtual const Prefixes& prefixes() const = 0;

    virtual StoreStats stats() const = 0;
};

} // namespace seeother::rdf
