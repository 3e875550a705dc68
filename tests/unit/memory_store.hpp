// A Store over a plain vector of triples: the stub that proves server/ depends only on the
// interface, and keeps resolver tests independent of any parser.
#pragma once

#include "rdf/store.hpp"

#include <algorithm>
#include <set>

namespace seeother::test {

class MemoryStore final : public rdf::Store {
  public:
    explicit MemoryStore(rdf::Triples triples) : triples_(std::move(triples)) {
        for (const auto& t : triples_)
            if (t.subject.is_iri())
                subjects_.insert(t.subject.value);
    }

    bool describes(std::string_view iri) const override {
        return subjects_.count(std::string(iri)) > 0;
    }
    rdf::Triples describe(std::string_view iri) const override {
        rdf::Triples out;
        for (const auto& t : triples_)
            if (t.subject.is_iri() && t.subject.value == iri)
                out.push_back(t);
        return out;
    }
    std::vector<std::string> subjects_with_prefix(std::string_view prefix) const override {
        std::vector<std::string> out;
        for (const auto& s : subjects_)
            if (std::string_view(s).substr(0, prefix.size()) == prefix)
                out.push_back(s);
        return out;
    }
    const rdf::Prefixes& prefixes() const override { return prefixes_; }
    rdf::StoreStats stats() const override { return {triples_.size(), subjects_.size()}; }

  private:
    rdf::Triples triples_;
    std::set<std::string> subjects_;
    rdf::Prefixes prefixes_;
};

/// A store where each IRI is the subject of one rdfs:label triple.
inline MemoryStore store_with_subjects(const std::vector<std::string>& iris) {
    rdf::Triples triples;
    for (const auto& iri : iris)
        triples.push_back({rdf::Term::iri(iri),
                           rdf::Term::iri("http://www.w3.org/2000/01/rdf-schema#label"),
                           rdf::Term::literal("x"),
                           {}});
    return MemoryStore(std::move(triples));
}

} // namespace seeother::test
