// The per-syntax writers behind serialize(), private to rdf/: serialize.cpp dispatches to
// them and nothing else calls them. Each takes the triples as given (any order, graph names
// included) and writes the merged graph, sorted, so that equal input gives equal bytes.
#pragma once

#include "term.hpp"

#include <string>

namespace seeother::rdf {

/// Turtle for people: used prefixes only, one block per subject, `a`, `;` and `,`, blank
/// nodes used once nested as `[ … ]`, well-formed RDF lists as `( … )`. Written by serd.
std::string write_turtle(const Triples& triples, const Prefixes& prefixes);

/// N-Triples: one triple per line, sorted, blank nodes relabelled `_:b1`, `_:b2`, …
/// UTF-8 is kept as is. Written by serd.
std::string write_ntriples(const Triples& triples);

} // namespace seeother::rdf
