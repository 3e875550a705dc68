// Turns a set of triples into the bytes of one RDF syntax: the single dispatch point over
// the RDF rows of the format table.
#pragma once

#include "format.hpp"
#include "term.hpp"

#include <string>

namespace seeother::rdf {

/// Serializes `triples` in an RDF `format` (not Html). Output is deterministic: the same
/// triples and prefixes always give the same bytes. Prefixes are used where the syntax
/// has them; only those that some IRI in the output uses are declared. N-Quads and TriG
/// keep each triple's graph; the other syntaxes write the merged graph. What RDF/XML cannot
/// say (some predicates, some characters) is documented in write_rdfxml.cpp and README.md.
std::string serialize(const Triples& triples, Format format, const Prefixes& prefixes);

} // namespace seeother::rdf
