// The per-syntax writers behind serialize(), private to rdf/: serialize.cpp dispatches to
// them and nothing else calls them. Each takes the triples as given (any order, graph names
// included) and writes, sorted, so that equal input gives equal bytes: the merged graph for
// the triple syntaxes, the dataset (each triple in its graph) for N-Quads and TriG.
#pragma once

#include "prefix_index.hpp"
#include "term.hpp"

#include <string>

namespace seeother::rdf {

/// Turtle for people: used prefixes only, one block per subject, `a`, `;` and `,`, blank
/// nodes used once nested as `[ … ]`, well-formed RDF lists as `( … )`. The bytes serd 0.30's
/// writer wrote (write_turtle.cpp, turtle_layout.cpp).
std::string write_turtle(const Triples& triples, const PrefixView& prefixes,
                         IriCheck check = IriCheck::Needed);

/// N-Triples: one triple per line, sorted, blank nodes relabelled `_:b1`, `_:b2`, …
/// UTF-8 is kept as it is; a backslash in a literal is written `\u005C`. The bytes serd 0.30's
/// writer wrote, but for that backslash.
std::string write_ntriples(const Triples& triples, IriCheck check = IriCheck::Needed);

/// N-Quads: N-Triples with each triple's graph name (none for the default graph), sorted by
/// graph, the default graph first.
std::string write_nquads(const Triples& triples, IriCheck check = IriCheck::Needed);

/// TriG: the default graph as Turtle, then one `<graph> { … }` block per named graph, each as
/// pretty as the Turtle output; prefixes declared once, at the top; blank node labels shared
/// across blocks (a blank node in several graphs is never nested).
std::string write_trig(const Triples& triples, const PrefixView& prefixes,
                       IriCheck check = IriCheck::Needed);

/// RDF/XML (write_rdfxml.cpp): well-formed XML 1.0, prefixes from the data as xmlns, a blank
/// node used once nested with rdf:parseType="Resource", rdf:nodeID for the others. Predicates
/// that no XML name can spell, and characters XML 1.0 cannot carry, are documented there.
std::string write_rdfxml(const Triples& triples, const PrefixView& prefixes,
                         IriCheck check = IriCheck::Needed);

/// JSON-LD 1.1 (write_jsonld.cpp): an inline @context of the used prefixes, one node object per
/// subject, blank nodes used once embedded, lists as @list, every literal's lexical form exact.
/// With `script`, safe in an HTML <script> element as well (serialize_jsonld_for_script()).
std::string write_jsonld(const Triples& triples, const PrefixView& prefixes, bool script = false,
                         IriCheck check = IriCheck::Needed);

} // namespace seeother::rdf
