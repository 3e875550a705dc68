// The data set every fuzz target and regression test resolves against: a few of each kind
// of thing the server must get right (plain names, blank-node trees and cycles, hash IRIs,
// non-ASCII and reserved characters, names with dots and slashes, hostile literals).
#pragma once

#include "rdf/sord/load.hpp"
#include "rdf/store.hpp"

#include <memory>

namespace seeother::fuzz {

/// --base of the fuzz data set.
inline constexpr const char* base = "http://example.org/";

/// No literal mentions the base, so a rewritten reply must not contain it anywhere.
inline constexpr const char* turtle = R"ttl(
@prefix ex: <http://example.org/vocab#> .
@prefix id: <http://example.org/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:alice a foaf:Person ;
    rdfs:label "Alice"@en, "Alicia"@es ;
    foaf:name "Alice Example" ;
    foaf:mbox <mailto:alice@example.net> ;
    foaf:homepage <https://alice.example.net/> ;
    ex:knows id:bob, <http://example.org/id/café> ;
    ex:age "42"^^xsd:integer ;
    ex:score "7"^^ex:points ;
    ex:address [ ex:city "Paris" ; ex:geo [ ex:lat "48.85"^^xsd:decimal ] ] ;
    ex:favourites ( "tea" id:bob [ ex:note "inside a list" ] ) ;
    ex:loop _:ring1 .
_:ring1 ex:next _:ring2 .
_:ring2 ex:next _:ring1 ; rdfs:label "a blank-node cycle" .
id:bob foaf:name "Bob" ; ex:knows id:alice .

<http://example.org/id/café> rdfs:label "Café \"Zum Löwen\"" ; skos:prefLabel "カフェ"@ja .
<http://example.org/id/日本> rdfs:label "日本"@ja .
<http://example.org/id/Zürich/straße> rdfs:label "Straße in Zürich"@de .
<http://example.org/id/with%20space> rdfs:label "an IRI with an escape of its own" .
<http://example.org/id/a(b)> rdfs:label "reserved characters" .
<http://example.org/id/x;y=z> rdfs:label "sub-delimiters" .
<http://example.org/id/what?> rdfs:label "a name with an empty query" .
<http://example.org/id/v1.0> rdfs:label "version 1.0" .
<http://example.org/id/v1.0.ttl> rdfs:label "a thing whose name ends in .ttl" .
<http://example.org/id/dir/sub/thing> rdfs:label "a nested name" .
<http://example.org/id/dir/> rdfs:label "a name ending in a slash" .
<http://example.org/id/.hidden> rdfs:label "a name starting with a dot" .
<http://example.org/id/> rdfs:label "the empty name" .
<http://example.org/id/evil> rdfs:label "<script>alert(1)</script>" ;
    rdfs:comment "line one\nline two\ttab & \"quotes\" 'apostrophes' </p><!--" ;
    ex:link <javascript:alert(1)>, <data:text/html,hi> .

<http://example.org/id/frag#f> rdfs:label "only a hash IRI under id/" .
<http://example.org/doc/odd#x> rdfs:label "a hash IRI under doc/" .
<http://example.org/notes.ttl#n1> rdfs:label "a hash document whose name has an extension" .
<http://example.org/people> rdfs:label "people" .
<http://example.org/people#me> foaf:name "Me" ; ex:knows id:alice .
ex:Person a rdfs:Class ; rdfs:label "Person" .
ex:knows a rdf:Property ; rdfs:label "knows"@en ; rdfs:range ex:Person .

<http://example.com/elsewhere> rdfs:label "not local" .
<http://example.org.evil/x> rdfs:label "looks local, is not" .
)ttl";

/// The store, loaded once per process.
inline const rdf::Store& store() {
    static const std::unique_ptr<rdf::Store> loaded =
        rdf::load_store_from_string(turtle, "fuzz.ttl", base);
    return *loaded;
}

} // namespace seeother::fuzz
