// A Store over a SPARQL 1.1 endpoint (Virtuoso, Oxigraph, any engine that answers CONSTRUCT
// queries in N-Triples or Turtle): each question becomes one bounded query, the answers
// give the same results as the in-memory Sord store for the same data (README, "SPARQL
// endpoint as the store", says where and why they differ). Failures throw StoreError.
#pragma once

#include "rdf/sparql/endpoint.hpp"
#include "rdf/sparql/query_text.hpp"
#include "rdf/store.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace seeother::rdf::sparql {

struct SparqlStoreOptions {
    EndpointSettings endpoint;
    std::vector<std::string> graphs; ///< read only these (FROM); empty: the default graph
    std::string base; ///< --base: the hash IRIs under it are indexed (hash documents)
    /// How often the statistics and the hash-IRI index are asked for again, in the
    /// background (the old ones serve meanwhile). Their queries scan the store and may take
    /// six times the query timeout, at least a minute.
    std::chrono::seconds refresh{300};
};

/// `user:password` from the first line of `path` (the secret stays out of `ps`). Throws
/// std::runtime_error naming the file when it cannot be read or has no colon.
std::pair<std::string, std::string> read_sparql_auth(const std::string& path);

class SparqlStore final : public Store {
  public:
    /// Does not contact the endpoint: the first question does. Throws std::invalid_argument
    /// for an endpoint URL or graph IRI that cannot be used.
    explicit SparqlStore(SparqlStoreOptions options);
    ~SparqlStore() override;
    SparqlStore(const SparqlStore&) = delete;
    SparqlStore& operator=(const SparqlStore&) = delete;

    /// How many triples the endpoint gives at most in one answer, when it cuts answers of
    /// 20,000 triples (Virtuoso's ResultSetMaxRows cuts silently: a cut closure would go
    /// unnoticed); nothing when it does not. One query. Throws StoreError.
    std::optional<std::size_t> answer_limit() const;

    /// Starts asking for the statistics and the hash-IRI index in the background (they
    /// scan the store), so that the first requests that need them need not wait.
    void warm() const;

    std::vector<bool> described(const std::vector<Subjects>& candidates) const override;
    Page<Triple> describe(const Subjects& subjects, std::size_t offset,
                          std::size_t limit) const override;
    /// None: an endpoint keeps no prefixes (pages use well-known ones).
    const PrefixIndex& prefixes() const override { return prefixes_; }
    /// Now: the endpoint's data may change at any time, and an earlier time (when the store
    /// was opened) would let a client's If-Modified-Since hold a changed document as current.
    Timestamp last_modified() const override { return std::chrono::system_clock::now(); }

    Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                    std::size_t limit) const override;
    std::vector<std::vector<Term>> labels(const std::vector<std::string>& iris) const override;
    Backlinks backlinks(std::string_view iri, std::size_t offset, std::size_t limit) const override;
    Page<IriCount> classes(std::size_t offset, std::size_t limit) const override;
    Page<Term> instances(std::string_view class_iri, std::size_t offset,
                         std::size_t limit) const override;
    std::vector<std::size_t>
    instance_counts(const std::vector<std::string>& class_iris) const override;
    std::vector<IriCount> most_referenced(std::size_t limit) const override;
    Page<SearchHit> search(std::string_view query, std::size_t offset,
                           std::size_t limit) const override;
    /// `triples` counts the triples as the engine stores them: one in two graphs counts
    /// twice (the Sord store counts it once).
    StoreStats stats() const override;
    /// Not asked: it would scan every literal of the endpoint. Without them, the reply cache
    /// keys a reader's language ranges as they are.
    const std::vector<std::string>* languages() const override { return nullptr; }

    /// The endpoint's (Endpoint::health()).
    Health health() const override;
    std::optional<QueryCounters> query_counters() const override;
    /// Once the first statistics have come (the background asks for them).
    std::optional<StoreStats> known_stats() const override;

    const Endpoint& endpoint() const { return *endpoint_; }

    /// Blank-node nesting (lists count as one level) that one describe query reaches; a
    /// deeper closure is asked again with twice the depth, up to max_depth.
    static constexpr unsigned initial_depth = 4;
    static constexpr unsigned max_depth = 16;
    /// On Virtuoso, the first query reaches this deep (without following lists, which its
    /// transitive paths make slow); the rest comes from one CBD DESCRIBE of the blank nodes
    /// left, by their nodeID:// names, however deep.
    static constexpr unsigned virtuoso_depth = 2;
    /// Hash IRIs kept in memory; beyond, hash documents filter by prefix in the engine.
    static constexpr std::size_t hash_index_cap = 100000;
    /// Classes kept with their counts; later pages of /classes ask the engine.
    static constexpr std::size_t classes_cap = 9999; // Virtuoso sorts at most 10000 rows
    /// Label triples a search reads from the engine before ranking them.
    static constexpr std::size_t search_candidates = 10000;

  private:
    struct HashIndex;
    struct Statistics;
    template <class T> class Refreshed;

    std::shared_ptr<const HashIndex> hash_index() const;
    std::shared_ptr<const Statistics> statistics() const;
    /// The subjects of a document as a query pattern; nothing when the IRI cannot be asked.
    std::optional<SubjectPattern> subject_pattern(const Subjects& subjects) const;

    std::shared_ptr<Endpoint> endpoint_;
    std::string from_;
    std::string base_;
    PrefixIndex prefixes_;
    std::unique_ptr<Refreshed<HashIndex>> hash_index_;
    std::unique_ptr<Refreshed<Statistics>> statistics_;
};

} // namespace seeother::rdf::sparql
