// The store contract suite (tests/unit/test_store_contract.cpp) compiled into the SPARQL tests:
// its one implementation is the SparqlStore over this run's engine (engines.hpp), each text
// loaded into a graph of its own. What an endpoint cannot keep is declared here, and the
// suite checks that exactly that is lost (README, "SPARQL endpoint as the store").
#pragma once

#include "sparql_factory.hpp"

#include <cctype>
#include <memory>
#include <string>
#include <tuple>

namespace seeother::test {

struct SparqlStoreFactory {
    /// SPARQL keeps no blank node label from one answer to the next: answers are compared
    /// up to a renaming of blank nodes.
    static constexpr bool keeps_blank_labels = false;
    /// FROM merges the graphs: every triple comes back in the default graph.
    static constexpr bool keeps_graph_names = false;
    /// An endpoint keeps no prefix declarations.
    static constexpr bool keeps_prefixes = false;
    static constexpr bool asks_a_server = true;
    /// Each question is a round trip: fewer of them in the many-threads case.
    static constexpr int concurrent_rounds = 10;

    /// A literal as the engine gives it back (the quirks test_quirks.cpp pins): both put
    /// the language tag in lower case; Virtuoso keeps an explicit xsd:string, which the
    /// parser (and Oxigraph) make the plain literal it is in RDF 1.1.
    static rdf::Term as_answered(rdf::Term term) {
        for (auto& c : term.language)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (shared_engine().name() != "virtuoso" &&
            term.datatype == "http://www.w3.org/2001/XMLSchema#string")
            term.datatype.clear();
        return term;
    }

    static std::unique_ptr<rdf::Store> make(const std::string& trig) {
        // Under this base the hash namespaces of the suite (http://ex/v#…) are indexed.
        return make_sparql_store(trig, "contract.trig", "http://ex/");
    }
};

using StoreImplementations = std::tuple<SparqlStoreFactory>;

} // namespace seeother::test
