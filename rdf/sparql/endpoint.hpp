// Talking to a SPARQL endpoint over HTTP(S): sends a CONSTRUCT query, reads its N-Triples
// (or Turtle) answer with serd, and turns every way it can fail into a StoreError. The
// connections are kept alive in a small pool, one per concurrent caller.
#pragma once

#include "rdf/store.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
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
};

/// What an endpoint is, as far as the store's strategy cares.
enum class Engine {
    Unknown,  ///< nothing answered yet
    Standard, ///< any engine but these
    Virtuoso, ///< names blank nodes across queries (nodeID://) and describes them (CBD)
};

/// The statistics of the queries sent so far (for /metrics and the tests).
struct EndpointCounters {
    std::atomic<std::size_t> queries{0};
    std::atomic<std::size_t> failures{0};
};

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
    Triples construct(const std::string& query, std::chrono::milliseconds timeout) const;

    /// The engine, as its Server header names it; Unknown before the first answer.
    Engine engine() const { return engine_.load(); }

    const EndpointSettings& settings() const { return settings_; }
    const EndpointCounters& counters() const { return counters_; }

  private:
    struct Connection;
    std::unique_ptr<Connection> acquire() const;
    void release(std::unique_ptr<Connection> connection) const;

    EndpointSettings settings_;
    std::string scheme_host_port_;
    std::string path_;
    mutable std::mutex pool_mutex_;
    mutable std::vector<std::unique_ptr<Connection>> pool_;
    mutable std::atomic<Engine> engine_{Engine::Unknown};
    mutable std::atomic<bool> basic_auth_{false}; ///< the endpoint asked for Basic, not Digest
    mutable EndpointCounters counters_;
};

/// Reads N-Triples or Turtle text into triples (blank nodes keep serd's labels). Throws
/// StoreError(BadAnswer) with serd's message when it does not parse.
Triples parse_triples(const std::string& text, bool turtle);

} // namespace seeother::rdf::sparql
