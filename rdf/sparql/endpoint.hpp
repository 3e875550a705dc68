// Talking to a SPARQL endpoint over HTTP(S): sends a CONSTRUCT query, reads its N-Triples
// (or Turtle) answer with serd, and turns every way it can fail into a StoreError. The
// connections are kept alive in a small pool, one per concurrent caller.
#pragma once

#include "rdf/store.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace seeother::rdf::sparql {

struct EndpointSettings {
    std::string url;      ///< http(s)://host[:port]/path[?query]
    std::string user;     ///< HTTP Basic or Digest, when not empty
    std::string password; ///< with `user`
    std::chrono::milliseconds timeout{std::chrono::seconds(10)}; ///< per query, whole answer
    /// Told true as the calling thread begins to wait for the endpoint's answer and false
    /// when it has it (or failed): the server lets another thread use the core meanwhile.
    std::function<void(bool waiting)> on_wait;
};

/// What an endpoint is, as far as the store's strategy cares.
enum class Engine {
    Unknown,  ///< nothing answered yet
    Standard, ///< any engine but these
    Virtuoso, ///< names blank nodes across queries (nodeID://) and describes them (CBD)
};

/// Who a query is for: a request waits for it; the background does not (statistics, the
/// hash-IRI index, health probes). Counted apart, so that /metrics shows what requests cost.
enum class Asker { Request, Background };

/// A StoreError for what went wrong with the endpoint at `url`: `why` is said to clients
/// ("the SPARQL endpoint " + why), `log_only` only to the operator (after the URL and why).
StoreError endpoint_error(StoreError::Kind kind, const std::string& url, const std::string& why,
                          const std::string& log_only = {});

class Endpoint {
  public:
    /// Throws std::invalid_argument for a URL that is not http(s)://host[:port]/path.
    explicit Endpoint(EndpointSettings settings);
    ~Endpoint();
    Endpoint(const Endpoint&) = delete;
    Endpoint& operator=(const Endpoint&) = delete;

    /// Runs a CONSTRUCT (or DESCRIBE) query and returns its triples, blank nodes labelled
    /// as the answer labels them (one answer's labels are consistent; another's are not).
    /// `timeout` overrides the settings' one (longer, for background statistics). Throws
    /// StoreError: Unavailable (cannot connect, 503, 429), Timeout (no whole answer in
    /// time), BadAnswer (any other status, a type that is not N-Triples or Turtle, a body
    /// that does not parse, Virtuoso's partial "anytime" answer).
    Triples construct(const std::string& query) const;
    Triples construct(const std::string& query, std::chrono::milliseconds timeout,
                      Asker asker) const;

    /// Sends a SPARQL 1.1 Update (one request, `application/sparql-update`): returns when the
    /// endpoint answered 2xx. Throws StoreError: Unavailable (cannot connect, 503, 429),
    /// Timeout (no answer in `timeout`: the engine may still apply it), BadAnswer (any other
    /// status; a refusal for want of the right to write, Virtuoso's "SR186 … No permission"
    /// among them, says so and what to do). Counted as a request's query.
    void update(const std::string& update, std::chrono::milliseconds timeout) const;

    /// The cheapest query there is (a constant answer): it tells the engine apart, and
    /// whether the endpoint answers at all.
    void probe(std::chrono::milliseconds timeout, Asker asker) const;

    /// What the latest query (a request's, the background's or a probe's) found, when it
    /// ended within the last second: up if it got an answer, else down with its failure.
    /// Older than that: the answer to a probe with a short timeout (the smaller of the
    /// settings' one and 2 s), one at a time, so that a flood of health checks asks once a
    /// second.
    Health health() const;

    /// The engine, as its Server header names it; Unknown before the first answer.
    Engine engine() const { return engine_.load(); }

    const EndpointSettings& settings() const { return settings_; }
    QueryCounters counters() const;

    static constexpr std::chrono::milliseconds probe_timeout{2000};

  private:
    struct Connection;
    std::unique_ptr<Connection> acquire() const;
    void release(std::unique_ptr<Connection> connection) const;
    /// What an endpoint answered, whatever its status.
    struct Answer {
        int status = 0;
        std::string content_type;
        bool has_sql_state = false; ///< Virtuoso's X-SQL-State: a partial answer
        std::string sql_state;
        std::string body;
    };
    /// One POST of `body`; throws StoreError only when no answer came (unreachable, dropped,
    /// late).
    Answer post(const std::string& content_type, const std::string& body, const char* accept,
                std::chrono::milliseconds timeout,
                std::chrono::steady_clock::time_point deadline) const;
    /// One query over HTTP; throws StoreError.
    Triples exchange(const std::string& query, std::chrono::milliseconds timeout,
                     std::chrono::steady_clock::time_point deadline) const;
    /// Counts a query that took `took`, and its failure, if any.
    void count(Asker asker, std::chrono::steady_clock::duration took,
               const StoreError* failure) const;

    /// Lock-free, since every query updates them.
    struct Counters {
        std::array<std::atomic<std::size_t>, 2> queries{}; ///< by Asker
        std::atomic<std::size_t> unavailable{0};
        std::atomic<std::size_t> timeouts{0};
        std::atomic<std::size_t> bad_answers{0};
        std::atomic<std::uint64_t> microseconds{0};
        std::array<std::atomic<std::size_t>, 14> buckets{}; ///< query_seconds_bounds(), +Inf
    };

    EndpointSettings settings_;
    std::string scheme_host_port_;
    std::string path_;
    mutable std::mutex pool_mutex_;
    mutable std::vector<std::unique_ptr<Connection>> pool_;
    mutable std::atomic<Engine> engine_{Engine::Unknown};
    mutable std::atomic<bool> basic_auth_{false}; ///< the endpoint asked for Basic, not Digest
    mutable Counters counters_;
    /// steady_clock ticks of the last answer; 0 before the first
    mutable std::atomic<std::chrono::steady_clock::rep> answered_{0};
    /// steady_clock ticks of the last failure; 0 before the first
    mutable std::atomic<std::chrono::steady_clock::rep> failed_{0};
    mutable std::mutex failure_mutex_;
    mutable std::string failure_; ///< the last failure's detail (under failure_mutex_)
    mutable std::mutex probing_;  ///< one health probe at a time
};

/// Reads N-Triples or Turtle text into triples (blank nodes keep serd's labels). Throws
/// StoreError(BadAnswer) with serd's message when it does not parse.
Triples parse_triples(const std::string& text, bool turtle);

} // namespace seeother::rdf::sparql
