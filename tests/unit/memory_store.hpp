// A Store over a plain vector of triples: the stub that proves server/ depends only on the
// interface, and keeps resolver tests independent of any parser. Every question is a scan:
// fine for a handful of triples, and simple enough to be obviously right. It honours the
// whole contract (test_store_contract.cpp runs it beside the Sord store).
#pragma once

#include "rdf/ascii.hpp"
#include "rdf/fold.hpp"
#include "rdf/store.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace seeother::test {

class MemoryStore final : public rdf::Store {
  public:
    /// `triples` in any order; a triple given twice (in any graphs) is kept once, with the
    /// graph it came with first. `declared`: every prefix declaration in the data, in order.
    /// The data last changed at `modified` (default: now).
    explicit MemoryStore(rdf::Triples triples, const rdf::Prefixes& declared = {},
                         rdf::Timestamp modified = std::chrono::system_clock::now())
        : modified_(modified) {
        const auto spo = [](const rdf::Triple& t) {
            return std::tie(t.subject, t.predicate, t.object);
        };
        std::stable_sort(triples.begin(), triples.end(),
                         [&](const auto& a, const auto& b) { return spo(a) < spo(b); });
        for (auto& t : triples)
            if (triples_.empty() || spo(triples_.back()) != spo(t))
                triples_.push_back(std::move(t));
        for (const auto& t : triples_)
            if (t.subject.is_iri())
                subjects_.insert(t.subject.value);
        for (const auto& prefix : declared)
            if (std::none_of(prefixes_.begin(), prefixes_.end(),
                             [&](const rdf::Prefix& kept) { return kept.name == prefix.name; }))
                prefixes_.push_back(prefix);
        prefix_index_ = rdf::PrefixIndex(prefixes_);
        std::set<std::string> found;
        for (const auto& t : triples_)
            if (t.object.is_literal() && !t.object.language.empty()) {
                std::string lower = t.object.language;
                for (auto& c : lower)
                    c = rdf::ascii_lower(c);
                found.insert(lower);
            }
        languages_.assign(found.begin(), found.end());
    }

    std::vector<bool> described(const std::vector<rdf::Subjects>& candidates) const override {
        std::vector<bool> found;
        for (const auto& candidate : candidates)
            found.push_back(!subjects_of(candidate).empty());
        return found;
    }
    rdf::Page<rdf::Triple> describe(const rdf::Subjects& subjects, std::size_t offset,
                                    std::size_t limit) const override {
        // The subjects' triples in order, then the closure of every blank object, found by
        // scanning again until nothing new is reached.
        rdf::Triples all;
        for (const auto& subject : subjects_of(subjects))
            for (const auto& t : triples_)
                if (t.subject.is_iri() && t.subject.value == subject)
                    all.push_back(t);
        auto page = page_of(all, offset, limit);
        std::set<std::string> reached;
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            const auto object = page.items[i].object;
            if (!object.is_blank() || !reached.insert(object.value).second)
                continue;
            for (const auto& t : triples_)
                if (t.subject == object)
                    page.items.push_back(t);
        }
        std::sort(page.items.begin(), page.items.end());
        return page;
    }
    rdf::Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                         std::size_t limit) const override {
        std::vector<std::string> found;
        for (const auto& s : subjects_)
            if (std::string_view(s).substr(0, prefix.size()) == prefix)
                found.push_back(s);
        return page_of(found, offset, limit);
    }
    std::vector<std::vector<rdf::Term>>
    labels(const std::vector<std::string>& iris) const override {
        std::vector<std::vector<rdf::Term>> out(iris.size());
        for (std::size_t i = 0; i < iris.size(); ++i)
            for (const auto& t : label_triples())
                if (t->subject.value == iris[i])
                    out[i].push_back(t->object);
        return out;
    }
    rdf::Backlinks backlinks(std::string_view iri, std::size_t offset,
                             std::size_t limit) const override {
        if (!subjects_.count(std::string(iri)))
            return {};
        return *links_to(iri, offset, limit);
    }
    std::optional<rdf::Backlinks> links_to(std::string_view iri, std::size_t offset,
                                           std::size_t limit) const override {
        rdf::Backlinks out;
        rdf::Triples all;
        for (const auto& t : triples_)
            if (t.object.is_iri() && t.object.value == iri)
                all.push_back({t.subject, t.predicate, t.object, {}});
        std::sort(all.begin(), all.end(), [](const rdf::Triple& a, const rdf::Triple& b) {
            return std::tie(a.predicate, a.subject) < std::tie(b.predicate, b.subject);
        });
        for (const auto& t : all) {
            if (out.predicates.empty() || out.predicates.back().iri != t.predicate.value)
                out.predicates.push_back({t.predicate.value, 0});
            ++out.predicates.back().count;
        }
        auto page = page_of(all, offset, limit);
        out.total = page.total;
        out.triples = std::move(page.items);
        return out;
    }
    rdf::Page<rdf::IriCount> classes(std::size_t offset, std::size_t limit) const override {
        std::map<std::string, std::size_t> counts;
        for (const auto& t : triples_)
            if (t.predicate.value == rdf::vocab::rdf_type && t.object.is_iri())
                ++counts[t.object.value];
        return page_of(most_first(counts), offset, limit);
    }
    rdf::Page<rdf::Term> instances(std::string_view class_iri, std::size_t offset,
                                   std::size_t limit) const override {
        std::vector<rdf::Term> all;
        for (const auto& t : triples_)
            if (t.predicate.value == rdf::vocab::rdf_type && t.object.is_iri() &&
                t.object.value == class_iri)
                all.push_back(t.subject);
        return page_of(all, offset, limit);
    }
    std::vector<std::size_t>
    instance_counts(const std::vector<std::string>& class_iris) const override {
        std::vector<std::size_t> counts;
        for (const auto& iri : class_iris)
            counts.push_back(instances(iri, 0, 0).total);
        return counts;
    }
    std::vector<rdf::IriCount> most_referenced(std::size_t limit) const override {
        std::map<std::string, std::size_t> counts;
        for (const auto& t : triples_)
            if (t.object.is_iri() && subjects_.count(t.object.value))
                ++counts[t.object.value];
        return page_of(most_first(counts), 0, limit).items;
    }
    rdf::Page<rdf::SearchHit> search(std::string_view query, std::size_t offset,
                                     std::size_t limit) const override {
        // The best label of each subject by (kind of match, folded length); among equals,
        // the first in label order.
        const auto folded = rdf::fold_for_search(query);
        std::map<std::string, std::pair<std::tuple<int, std::size_t>, rdf::Term>> best;
        for (const auto* t : label_triples()) {
            const auto label = rdf::fold_for_search(t->object.value);
            const auto at = label.find(folded);
            if (folded.empty() || at == std::string::npos)
                continue;
            const int kind = at > 0 ? 2 : label.size() == folded.size() ? 0 : 1;
            const auto key = std::make_tuple(kind, label.size());
            auto found = best.find(t->subject.value);
            if (found == best.end() || key < found->second.first)
                best[t->subject.value] = {key, t->object};
        }
        std::vector<std::pair<std::tuple<int, std::size_t, std::string>, rdf::SearchHit>> all;
        for (const auto& [iri, hit] : best)
            all.push_back({std::tuple_cat(hit.first, std::make_tuple(iri)), {iri, hit.second}});
        std::sort(all.begin(), all.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        rdf::Page<rdf::SearchHit> out;
        out.total = all.size();
        for (std::size_t i = offset; i < all.size() && out.items.size() < limit; ++i)
            out.items.push_back(all[i].second);
        return out;
    }
    const rdf::PrefixIndex& prefixes() const override { return prefix_index_; }
    const std::vector<std::string>* languages() const override { return &languages_; }
    rdf::Timestamp last_modified() const override { return modified_; }
    rdf::StoreStats stats() const override {
        std::set<rdf::Term> subjects;
        for (const auto& t : triples_)
            subjects.insert(t.subject);
        rdf::StoreStats stats;
        stats.triples = triples_.size();
        stats.subjects = subjects.size();
        stats.iri_subjects = subjects_.size();
        stats.classes = classes(0, 0).total;
        stats.labels = label_triples().size();
        return stats;
    }

  private:
    /// The subject IRIs a document describes, in code-point order.
    std::vector<std::string> subjects_of(const rdf::Subjects& subjects) const {
        std::vector<std::string> found;
        for (const auto& s : subjects_)
            if (s == subjects.iri ||
                (subjects.fragments && s.size() > subjects.iri.size() &&
                 s.compare(0, subjects.iri.size() + 1, subjects.iri + "#") == 0))
                found.push_back(s);
        return found;
    }

    /// The label literals of subject IRIs, in label order: by label_predicates(), then by
    /// subject, then in term order.
    std::vector<const rdf::Triple*> label_triples() const {
        std::vector<const rdf::Triple*> found;
        for (const auto predicate : rdf::label_predicates())
            for (const auto& t : triples_)
                if (t.subject.is_iri() && t.predicate.value == predicate && t.object.is_literal())
                    found.push_back(&t);
        return found;
    }

    /// Counts as IriCounts, most first, then in code-point order.
    static std::vector<rdf::IriCount> most_first(const std::map<std::string, std::size_t>& counts) {
        std::vector<rdf::IriCount> all;
        for (const auto& [iri, count] : counts)
            all.push_back({iri, count});
        std::stable_sort(all.begin(), all.end(),
                         [](const auto& a, const auto& b) { return a.count > b.count; });
        return all;
    }

    template <class T>
    static rdf::Page<T> page_of(const std::vector<T>& all, std::size_t offset, std::size_t limit) {
        rdf::Page<T> page;
        page.total = all.size();
        for (std::size_t i = offset; i < all.size() && page.items.size() < limit; ++i)
            page.items.push_back(all[i]);
        return page;
    }

    rdf::Timestamp modified_;
    rdf::Triples triples_;
    std::set<std::string> subjects_;
    rdf::Prefixes prefixes_;
    rdf::PrefixIndex prefix_index_;
    std::vector<std::string> languages_; ///< distinct tags, lowercase, sorted
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
