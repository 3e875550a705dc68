// A Store over a SPARQL 1.1 endpoint (Virtuoso, Oxigraph, any engine that answers CONSTRUCT
// queries in N-Triples or Turtle): each question becomes one bounded query, the answers
// give the same results as the in-memory Sord store for the same data (README, "SPARQL
// endpoint as the store", says where and why they differ). Failures throw StoreError.
#pragma once

#include "rdf/edit/change.hpp"
#include "rdf/sparql/endpoint.hpp"
#include "rdf/sparql/query_text.hpp"
#include "rdf/sparql/update_text.hpp"
#include "rdf/store.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace seeother::rdf::sparql {

struct SparqlStoreOptions {
    EndpointSettings endpoint;
    /// --sparql-update: where SPARQL 1.1 Updates go, with the endpoint's credentials and
    /// timeout; empty: endpoint.url itself (Virtuoso's /sparql takes both; Oxigraph's server
    /// takes updates at /update).
    std::string update_url;
    /// Read only these (FROM); empty: the default graph. Writes add into the first, and
    /// delete from all of them.
    std::vector<std::string> graphs;
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
    /// for an endpoint URL (or update URL) or graph IRI that cannot be used.
    explicit SparqlStore(SparqlStoreOptions options);
    ~SparqlStore() override;
    SparqlStore(const SparqlStore&) = delete;
    SparqlStore& operator=(const SparqlStore&) = delete;

    /// How many triples the endpoint gives at most in one answer, when it cuts answers of
    /// 20,000 triples (Virtuoso's ResultSetMaxRows cuts silently: a cut closure would go
    /// unnoticed); nothing when it does not. One query. Throws StoreError.
    std::optional<std::size_t> answer_limit() const;

    /// Writes `change` with SPARQL 1.1 Update, to update_url. First each replaced IRI's
    /// description goes from every graph: its triples, and the blank-node closure of their
    /// objects, found as describe() finds it (standard engines: patterns 4, 8, then 16
    /// levels deep, lists one level; deeper is refused, as describe() refuses it. Virtuoso:
    /// read first, to any depth, then deleted by the blank nodes' stable names). A blank
    /// node that a subject IRI other than the replaced ones links to stays, with what hangs
    /// below it; one shared only through another description's blank nodes goes with this
    /// one. Then the added triples go into the first --sparql-graph (without one, the
    /// default graph; Virtuoso has none to write to, and refuses before sending). Their
    /// blank nodes become new blank nodes of the engine.
    ///
    /// Atomicity is the engine's. A standard engine gets the whole change in one request,
    /// which Oxigraph applies in one transaction: all or nothing. Virtuoso 7 runs a request's
    /// operations one by one and keeps those done when a later one fails, and takes only so
    /// much in one request (UpdateLimits::virtuoso(): some 10,000 triples, 1,000 with blank
    /// nodes): there a failure may leave part of the change written, which its error says;
    /// sending the change again repairs a replace (blank nodes of an add-only change would
    /// come twice). One apply() at a time goes through a store.
    ///
    /// Then the hash-IRI index is changed in place, and the statistics are asked for again:
    /// the next question that needs them waits for them, at most the query timeout.
    ///
    /// Throws std::invalid_argument, before anything is sent, for a term that no SPARQL text
    /// can hold (an IRI that iri_ref() refuses, a malformed language tag), or for more
    /// triples linked by blank nodes than the engine takes in one update. Throws StoreError
    /// as a query does: Unavailable (unreachable, 503, 429), Timeout (no answer within six
    /// times the query timeout, for each request: the engine may still apply it), BadAnswer
    /// (any other status; an endpoint that refuses updates for want of the right says so,
    /// and what to do, in the detail).
    void apply(const Change& change) const;

    /// Starts asking for the statistics and the hash-IRI index in the background (they
    /// scan the store), so that the first requests that need them need not wait.
    void warm() const;

    std::vector<bool> described(const std::vector<Subjects>& candidates) const override;
    bool remote() const override { return true; }
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
    /// The engine, asked once if it is not known yet.
    Engine engine() const;
    /// The operations that delete the descriptions of `subject_refs` with their closures
    /// (on Virtuoso, with `gather_into`: that gather them into that graph).
    std::vector<UpdateOperation> delete_operations(const std::vector<std::string>& subject_refs,
                                                   bool virtuoso,
                                                   const std::string& gather_into = {}) const;
    /// Sends `requests` in order, each made so that a failure leaves nothing visible written
    /// (but a timeout: see Endpoint::update).
    void send_updates(const std::vector<std::string>& requests) const;

    std::shared_ptr<Endpoint> endpoint_;
    std::shared_ptr<Endpoint> update_endpoint_;
    std::vector<std::string> graph_refs_;
    std::string from_;
    std::string base_;
    PrefixIndex prefixes_;
    std::unique_ptr<Refreshed<HashIndex>> hash_index_;
    std::unique_ptr<Refreshed<Statistics>> statistics_;
    mutable std::mutex writing_; ///< one apply() at a time
};

} // namespace seeother::rdf::sparql
