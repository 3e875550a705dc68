// A SparqlStore made from RDF text, the way the store contract suite makes its stores: the
// text is loaded into this process's engine (engines.hpp) under a fresh graph (a TriG's
// named graphs keep their names), and the store reads exactly those graphs (FROM). This is
// the factory to plug into a templated contract suite as its SPARQL implementation.
#pragma once

#include "engines.hpp"

#include "rdf/sparql/sparql_store.hpp"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace seeother::test {

/// The graphs that hold `text` once loaded into the shared engine; each text is loaded
/// once per process.
inline std::vector<std::string>
load_into_engine(const std::string& text, const std::string& syntax_name, const std::string& base) {
    static std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::string>>
        loaded;
    static int fresh = 0;
    const auto key = std::make_tuple(text, syntax_name, base);
    if (const auto found = loaded.find(key); found != loaded.end())
        return found->second;
    Engine& engine = shared_engine();
    const std::string graph = "urn:x-seeother-test:graph:" + std::to_string(++fresh);
    const auto before = engine.graphs();
    engine.load(text, syntax_name, base, graph);
    std::vector<std::string> graphs{graph};
    for (const auto& g : engine.graphs())
        if (!before.count(g) && g != graph)
            graphs.push_back(g);
    loaded.emplace(key, graphs);
    return graphs;
}

inline rdf::sparql::SparqlStoreOptions sparql_options(std::vector<std::string> graphs,
                                                      const std::string& base) {
    rdf::sparql::SparqlStoreOptions options;
    options.endpoint.url = shared_engine().endpoint();
    options.endpoint.timeout = std::chrono::seconds(60);
    options.graphs = std::move(graphs);
    options.base = base;
    return options;
}

/// Text → engine → SparqlStore (the contract suite's factory signature).
inline std::unique_ptr<rdf::Store> make_sparql_store(const std::string& text,
                                                     const std::string& syntax_name,
                                                     const std::string& base) {
    return std::make_unique<rdf::sparql::SparqlStore>(
        sparql_options(load_into_engine(text, syntax_name, base), base));
}

} // namespace seeother::test
