// Every Store implementation the contract suite (test_store_contract.cpp) runs against, each
// as a factory that builds a store from Turtle or TriG text. The SPARQL store's factory is in
// tests/sparql/sparql_implementations.hpp: the suite is compiled into the SPARQL tests too.
#pragma once

#include "memory_store.hpp"

#include "rdf/edit/edited_store.hpp"
#include "rdf/parse/parse.hpp"
#include "rdf/sord/load.hpp"

#include <memory>
#include <string>
#include <tuple>

namespace seeother::test {

/// What a store keeps of the data as it was loaded: everything, for the stores that hold
/// it (a store over a SPARQL endpoint keeps less: tests/sparql/sparql_implementations.hpp).
struct KeepsEverything {
    static constexpr bool keeps_blank_labels = true; ///< the loader's labels (f1_b1)
    static constexpr bool keeps_graph_names = true;
    static constexpr bool keeps_prefixes = true;
    static constexpr bool asks_a_server = false;
    static constexpr int concurrent_rounds = 200;
    /// A literal as the store gives it back: the loader makes "s"^^xsd:string the plain
    /// literal it is in RDF 1.1.
    static rdf::Term as_answered(rdf::Term term) {
        if (term.datatype == "http://www.w3.org/2001/XMLSchema#string")
            term.datatype.clear();
        return term;
    }
};

/// The in-memory Sord store, loaded as `--data` would load a file.
struct SordStoreFactory : KeepsEverything {
    static std::unique_ptr<rdf::Store> make(const std::string& trig) {
        return rdf::load_store_from_string(trig, "contract.trig");
    }
};

/// The scanning stub, given what the parser reads (blank nodes labelled as the loader
/// labels them).
struct MemoryStoreFactory : KeepsEverything {
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

/// An EditedStore over the Sord store, after changes that leave the data as it was: of every
/// three subject IRIs, one is left alone, one deleted and then added back, one replaced by its
/// own description. So answers merge the base's and the edits'.
struct EditedStoreFactory : KeepsEverything {
    static std::shared_ptr<const rdf::EditedStore> make(const std::string& trig) {
        const std::shared_ptr<const rdf::Store> base =
            rdf::load_store_from_string(trig, "contract.trig");
        rdf::Change deleted{{}, {}, "delete"};
        rdf::Change restored{{}, {}, "add back"};
        rdf::Change replaced{{}, {}, "replace"};
        const auto subjects = base->subjects_page("", 0, static_cast<std::size_t>(-1)).items;
        for (std::size_t i = 0; i < subjects.size(); ++i) {
            if (i % 3 == 0)
                continue;
            const auto description = rdf::describe_all(*base, subjects[i]);
            auto& change = i % 3 == 1 ? restored : replaced;
            (i % 3 == 1 ? deleted : replaced).replaced.push_back(subjects[i]);
            change.added.insert(change.added.end(), description.begin(), description.end());
        }
        return std::make_shared<const rdf::EditedStore>(base)->with(deleted)->with(restored)->with(
            replaced);
    }
};

using StoreImplementations = std::tuple<SordStoreFactory, MemoryStoreFactory, EditedStoreFactory>;

} // namespace seeother::test
