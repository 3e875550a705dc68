// Every Store implementation the contract suite (test_store_contract.cpp) runs against, each
// as a factory that builds a store from Turtle or TriG text. Another store (the SPARQL one)
// is one more factory here and one more type in StoreImplementations.
#pragma once

#include "memory_store.hpp"

#include "rdf/parse/parse.hpp"
#include "rdf/sord/load.hpp"

#include <memory>
#include <string>
#include <tuple>

namespace seeother::test {

/// The in-memory Sord store, loaded as `--data` would load a file.
struct SordStoreFactory {
    static std::unique_ptr<rdf::Store> make(const std::string& trig) {
        return rdf::load_store_from_string(trig, "contract.trig");
    }
};

/// The scanning stub, given what the parser reads (blank nodes labelled as the loader
/// labels them).
struct MemoryStoreFactory {
    static std::unique_ptr<rdf::Store> make(const std::string& trig) {
        class Collect final : public rdf::QuadSink {
          public:
            rdf::Triples triples;
            rdf::Prefixes prefixes;

            void prefix(std::string_view name, std::string_view iri) override {
                prefixes.push_back({std::string(name), std::string(iri)});
            }
            void quad(const rdf::QuadView& quad) override { triples.push_back(quad.to_triple()); }
        } collect;
        rdf::parse_string(trig, rdf::Format::TriG, "contract.trig", collect, {}, "f1_");
        return std::make_unique<MemoryStore>(std::move(collect.triples), collect.prefixes);
    }
};

using StoreImplementations = std::tuple<SordStoreFactory, MemoryStoreFactory>;

} // namespace seeother::test
