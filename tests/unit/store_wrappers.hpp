// Stores that wrap another for handler tests: one counts the questions a request asks, one
// fails the way a remote store can (rdf::StoreError), so that the handler's answers to both
// can be pinned without a SPARQL endpoint.
#pragma once

#include "rdf/store.hpp"

#include <atomic>
#include <map>
#include <optional>
#include <string>

namespace seeother::test {

/// Forwards every question to the wrapped store, calling ask() with its name first. It stands
/// for a store behind a network (remote()), as the question counts are about, unless made
/// with Reach::Local.
class WrappedStore : public rdf::Store {
  public:
    enum class Reach { Remote, Local };
    explicit WrappedStore(const rdf::Store& inner, Reach reach = Reach::Remote)
        : inner_(inner), reach_(reach) {}

    std::vector<bool> described(const std::vector<rdf::Subjects>& candidates) const override {
        ask("described");
        return inner_.described(candidates);
    }
    bool remote() const override { return reach_ == Reach::Remote; }
    rdf::Page<rdf::Triple> describe(const rdf::Subjects& subjects, std::size_t offset,
                                    std::size_t limit) const override {
        ask("describe");
        return inner_.describe(subjects, offset, limit);
    }
    const rdf::PrefixIndex& prefixes() const override {
        ask("prefixes");
        return inner_.prefixes();
    }
    // Not a question: every store knows it without asking its data (README, "HTTP caching").
    rdf::Timestamp last_modified() const override { return inner_.last_modified(); }
    rdf::Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                         std::size_t limit) const override {
        ask("subjects_page");
        return inner_.subjects_page(prefix, offset, limit);
    }
    std::vector<std::vector<rdf::Term>>
    labels(const std::vector<std::string>& iris) const override {
        ask("labels");
        return inner_.labels(iris);
    }
    rdf::Backlinks backlinks(std::string_view iri, std::size_t offset,
                             std::size_t limit) const override {
        ask("backlinks");
        return inner_.backlinks(iri, offset, limit);
    }
    std::optional<rdf::Backlinks> links_to(std::string_view iri, std::size_t offset,
                                           std::size_t limit) const override {
        ask("links_to");
        return inner_.links_to(iri, offset, limit);
    }
    rdf::Page<rdf::IriCount> classes(std::size_t offset, std::size_t limit) const override {
        ask("classes");
        return inner_.classes(offset, limit);
    }
    rdf::Page<rdf::Term> instances(std::string_view class_iri, std::size_t offset,
                                   std::size_t limit) const override {
        ask("instances");
        return inner_.instances(class_iri, offset, limit);
    }
    std::vector<std::size_t>
    instance_counts(const std::vector<std::string>& class_iris) const override {
        ask("instance_counts");
        return inner_.instance_counts(class_iris);
    }
    std::vector<rdf::IriCount> most_referenced(std::size_t limit) const override {
        ask("most_referenced");
        return inner_.most_referenced(limit);
    }
    rdf::Page<rdf::SearchHit> search(std::string_view query, std::size_t offset,
                                     std::size_t limit) const override {
        ask("search");
        return inner_.search(query, offset, limit);
    }
    // Prepared with the store, so not a question (and never a failure).
    const std::vector<std::string>* languages() const override { return inner_.languages(); }
    rdf::StoreStats stats() const override {
        ask("stats");
        return inner_.stats();
    }
    // How the store is doing: not questions about the data, so not asked through ask().
    rdf::Health health() const override { return inner_.health(); }
    std::optional<rdf::QueryCounters> query_counters() const override {
        return inner_.query_counters();
    }
    std::optional<rdf::StoreStats> known_stats() const override { return inner_.known_stats(); }

  protected:
    virtual void ask(const std::string& question) const = 0;

  private:
    const rdf::Store& inner_;
    Reach reach_;
};

/// Counts the questions asked, by name. Not for concurrent use.
class CountingStore final : public WrappedStore {
  public:
    using WrappedStore::WrappedStore;

    /// Each question asked since the last reset, with how often.
    const std::map<std::string, int>& asked() const { return asked_; }
    int total() const {
        int n = 0;
        for (const auto& [question, count] : asked_)
            n += count;
        return n;
    }
    void reset() { asked_.clear(); }

  private:
    void ask(const std::string& question) const override { ++asked_[question]; }

    mutable std::map<std::string, int> asked_;
};

/// Throws rdf::StoreError of one kind from one question (or from every question when
/// `question` is empty), as an unreachable, slow or broken remote store would; `detail` is
/// the error's words for clients. It can be made to answer again, as an endpoint that comes
/// back does.
class FailingStore final : public WrappedStore {
  public:
    FailingStore(const rdf::Store& inner, rdf::StoreError::Kind kind, std::string question = {},
                 std::string detail = {})
        : WrappedStore(inner), kind_(kind), question_(std::move(question)),
          detail_(std::move(detail)) {}

    /// Fails from now on (the default), or answers as the wrapped store does.
    void set_failing(bool failing) { failing_ = failing; }

    /// Down while every question fails.
    rdf::Health health() const override {
        if (failing_ && question_.empty())
            return {false, detail_.empty() ? "the test store fails" : detail_};
        return WrappedStore::health();
    }

  private:
    void ask(const std::string& question) const override {
        if (failing_ && (question_.empty() || question == question_))
            throw rdf::StoreError(kind_, "the test store fails " + question, detail_);
    }

    rdf::StoreError::Kind kind_;
    std::string question_;
    std::string detail_;
    std::atomic<bool> failing_{true};
};

} // namespace seeother::test
