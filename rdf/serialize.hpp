// Turns a set of triples into the bytes of one RDF syntax: the single dispatch point over
// the RDF rows of the format table.
#pragma once

#include "format.hpp"
#include "prefix_index.hpp"
#include "term.hpp"

#include <cstddef>
#include <string>

namespace seeother::rdf {

/// How deep blank nodes are nested in any syntax (README, "Limits"): `[ … ]` in Turtle and TriG,
/// rdf:parseType="Resource" in RDF/XML, an embedded node object in JSON-LD; a list counts as a
/// level, its items sit side by side. A blank node that would be nested deeper is written by
/// label (`_:b1`, rdf:nodeID, "@id": "_:b1") at the top, where its own nesting starts anew. Real
/// data nests a few levels; 64 bounds the writers' recursion and the output's indentation (the
/// output stays linear in the description), and keeps every output within what parsers accept:
/// libxml2 (rapper) stops at 256 element levels, rdflib's JSON-LD reader recurses in Python.
inline constexpr std::size_t max_nesting_depth = 64;

/// Serializes `triples` in an RDF `format` (not Html). Output is deterministic: the same
/// triples and prefixes always give the same bytes. Prefixes are used where the syntax
/// has them; only those that some IRI in the output uses are declared. N-Quads and TriG
/// keep each triple's graph; the other syntaxes write the merged graph. What RDF/XML cannot
/// say (some predicates, some characters) is documented in write_rdfxml.cpp and README.md.
/// The same, with prefixes prepared once (a PrefixIndex per store, seen through a PrefixView
/// per request): the cost of a call then depends on the triples, not on the number of prefixes.
/// With IriCheck::Done (the triples' IRIs known to need no percent-encoding), the IRIs are
/// written as they are, unchecked.
std::string serialize(const Triples& triples, Format format, const PrefixView& prefixes,
                      IriCheck check = IriCheck::Needed);

/// JSON-LD as serialize() writes it, with what HTML forbids inside a <script> element escaped
/// as well, in the same pass: "<", ">", "&", C1 controls and noncharacters become \u escapes
/// (they occur only in JSON strings, where the escapes say the same). For pages that embed it.
std::string serialize_jsonld_for_script(const Triples& triples, const PrefixView& prefixes,
                                        IriCheck check = IriCheck::Needed);

/// Prefixes given as a list: indexed for this call (the cost of a call grows with the list).
std::string serialize(const Triples& triples, Format format, const Prefixes& prefixes);

} // namespace seeother::rdf
