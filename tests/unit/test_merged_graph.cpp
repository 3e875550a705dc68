// merged_graph() and dataset() sort and drop duplicates in one pass over input that is sorted
// already (a store's description), and fall back to sorting what breaks the order: every mix of
// order and duplicates must give the sorted set of the input.
#include "rdf/writer_util.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

using seeother::rdf::Term;
using seeother::rdf::Triple;
using seeother::rdf::Triples;

namespace {

Triple triple(int s, int p, int o, int g) {
    const std::string base = "http://example.org/";
    return {Term::iri(base + "s" + std::to_string(s)), Term::iri(base + "p" + std::to_string(p)),
            o % 2 ? Term::literal(std::to_string(o)) : Term::iri(base + "o" + std::to_string(o)),
            g == 0 ? std::string() : base + "g" + std::to_string(g)};
}

std::vector<Triple> as_vector(const seeother::rdf::Graph& graph) {
    return std::vector<Triple>(graph.begin(), graph.end());
}

} // namespace

TEST_CASE("merged and dataset graphs are the sorted set of their input, in any order",
          "[writer_util]") {
    std::mt19937 random(16);
    const auto pick = [&](unsigned long below) { return static_cast<int>(random() % below); };
    for (int round = 0; round < 2000; ++round) {
        const int size = static_cast<int>(random() % 24); // a tail of more and less than 8
        const auto spread = 1 + random() % 4;             // small: many duplicates
        Triples input;
        for (int i = 0; i < size; ++i)
            input.push_back(triple(pick(spread), pick(spread), pick(spread), pick(2)));
        // Mostly sorted, as descriptions come, with a few moved out of place or none.
        std::sort(input.begin(), input.end());
        for (int moves = static_cast<int>(random() % 3); moves > 0 && size > 1; --moves)
            std::swap(input[random() % input.size()], input[random() % input.size()]);
        INFO("round " << round);

        std::set<Triple> merged;
        for (const auto& t : input)
            merged.insert({t.subject, t.predicate, t.object, {}});
        CHECK(as_vector(seeother::rdf::merged_graph(input)) ==
              std::vector<Triple>(merged.begin(), merged.end()));

        std::vector<Triple> quads(input.begin(), input.end());
        std::sort(quads.begin(), quads.end(), [](const Triple& a, const Triple& b) {
            return a.graph != b.graph ? a.graph < b.graph : a < b;
        });
        quads.erase(std::unique(quads.begin(), quads.end()), quads.end());
        CHECK(as_vector(seeother::rdf::dataset(input)) == quads);
    }
}
