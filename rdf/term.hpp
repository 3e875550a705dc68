// RDF terms and triples as plain C++ values: the face of a Sord node that the rest of
// seeother sees. No Serd or Sord type ever appears outside rdf/*.cpp.
#pragma once

#include "vocab.hpp"

#include <string>
#include <vector>

namespace seeother::rdf {

struct Term {
    enum class Kind { Iri, Blank, Literal };

    Kind kind = Kind::Iri;
    std::string value;    ///< IRI, blank node label (without "_:"), or literal lexical form
    std::string datatype; ///< literal datatype IRI; empty for a plain or language-tagged literal
    std::string language; ///< literal language tag, empty if none

    static Term iri(std::string v) { return {Kind::Iri, std::move(v), {}, {}}; }
    static Term blank(std::string label) { return {Kind::Blank, std::move(label), {}, {}}; }
    static Term literal(std::string lexical, std::string datatype = {}, std::string language = {}) {
        return {Kind::Literal, std::move(lexical), std::move(datatype), std::move(language)};
    }

    bool is_iri() const { return kind == Kind::Iri; }
    bool is_blank() const { return kind == Kind::Blank; }
    bool is_literal() const { return kind == Kind::Literal; }

    friend bool operator==(const Term& a, const Term& b) {
        return a.kind == b.kind && a.value == b.value && a.datatype == b.datatype &&
               a.language == b.language;
    }
    friend bool operator!=(const Term& a, const Term& b) { return !(a == b); }
    /// Orders by kind, value, datatype, language. Each string is compared once (std::tie's
    /// operator< compares equal members twice, and sorting triples is hot).
    friend int compare(const Term& a, const Term& b) {
        if (a.kind != b.kind)
            return a.kind < b.kind ? -1 : 1;
        if (const int c = a.value.compare(b.value))
            return c;
        if (const int c = a.datatype.compare(b.datatype))
            return c;
        return a.language.compare(b.language);
    }
    friend bool operator<(const Term& a, const Term& b) { return compare(a, b) < 0; }
};

struct Triple {
    Term subject;
    Term predicate;
    Term object;
    std::string graph; ///< named graph IRI; empty for the default graph

    friend bool operator==(const Triple& a, const Triple& b) {
        return a.subject == b.subject && a.predicate == b.predicate && a.object == b.object &&
               a.graph == b.graph;
    }
    /// Orders by subject, predicate, object, graph.
    friend int compare(const Triple& a, const Triple& b) {
        if (const int c = compare(a.subject, b.subject))
            return c;
        if (const int c = compare(a.predicate, b.predicate))
            return c;
        if (const int c = compare(a.object, b.object))
            return c;
        return a.graph.compare(b.graph);
    }
    friend bool operator<(const Triple& a, const Triple& b) { return compare(a, b) < 0; }
};

using Triples = std::vector<Triple>;

/// What a writer knows of the IRIs of the triples it is given (subjects, predicates, IRI
/// objects, datatypes, graph names): nothing, so that each is checked for what must be
/// percent-encoded to be written (writable_iri()); or that none needs it, as a store that
/// checked every IRI it holds while loading knows (Descriptions::iris_writable()).
enum class IriCheck { Needed, Done };

/// A namespace prefix declared in the data (`@prefix name: <iri> .`).
struct Prefix {
    std::string name;
    std::string iri;

    friend bool operator==(const Prefix& a, const Prefix& b) {
        return a.name == b.name && a.iri == b.iri;
    }
};

using Prefixes = std::vector<Prefix>;

} // namespace seeother::rdf
