// Terms as N-Triples-like text, so that failed checks print something readable.
#pragma once

#include "rdf/term.hpp"

#include <string>

namespace seeother::test {

inline std::string text(const rdf::Term& term) {
    switch (term.kind) {
    case rdf::Term::Kind::Iri:
        return "<" + term.value + ">";
    case rdf::Term::Kind::Blank:
        return "_:" + term.value;
    case rdf::Term::Kind::Literal:
        break;
    }
    std::string literal = "\"" + term.value + "\"";
    if (!term.language.empty())
        return literal + "@" + term.language;
    if (!term.datatype.empty())
        return literal + "^^<" + term.datatype + ">";
    return literal;
}

} // namespace seeother::test
