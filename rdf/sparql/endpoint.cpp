// The only file in rdf/ that includes httplib.h (README, "Layout").
#include "rdf/sparql/endpoint.hpp"

#include "rdf/parse/serd_error.hpp"

#include <httplib.h>
#include <serd/serd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace seeother::rdf::sparql {

struct Endpoint::Connection {
    explicit Connection(const std::string& scheme_host_port) : client(scheme_host_port) {}
    httplib::Client client;
    bool basic = false; ///< set up with Basic credentials (else Digest, when any)
};

namespace {

using Kind = StoreError::Kind;

std::string shortened(std::string text, std::size_t most = 300) {
    for (auto& c : text)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    if (text.size() > most)
        text = text.substr(0, most) + "…";
    return text;
}

struct Reading {
    Triples triples;
    std::string error;
    SerdEnv* env = nullptr;
};

Term to_term(const SerdNode* node, const SerdNode* datatype, const SerdNode* language,
             SerdEnv* env) {
    const auto text = [](const SerdNode* n) {
        return std::string(reinterpret_cast<const char*>(n->buf), n->n_bytes);
    };
    const auto iri = [&](const SerdNode* n) {
        if (n->type != SERD_CURIE)
            return text(n);
        SerdChunk prefix{};
        SerdChunk suffix{};
        if (serd_env_expand(env, n, &prefix, &suffix) != SERD_SUCCESS)
            throw StoreError(Kind::BadAnswer, "undefined prefix in the answer: " + text(n));
        return std::string(reinterpret_cast<const char*>(prefix.buf), prefix.len) +
               std::string(reinterpret_cast<const char*>(suffix.buf), suffix.len);
    };
    switch (node->type) {
    case SERD_BLANK:
        return Term::blank(text(node));
    case SERD_LITERAL:
        return Term::literal(text(node), datatype ? iri(datatype) : std::string(),
                             language ? text(language) : std::string());
    default:
        return Term::iri(iri(node));
    }
}

SerdStatus on_error(void* handle, const SerdError* error) {
    auto& reading = *static_cast<Reading*>(handle);
    if (reading.error.empty())
        reading.error = std::to_string(error->line) + ":" + std::to_string(error->col) + ": " +
                        format_serd_error(*error);
    return error->status;
}

SerdStatus on_base(void* handle, const SerdNode* uri) {
    return serd_env_set_base_uri(static_cast<Reading*>(handle)->env, uri);
}

SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
    return serd_env_set_prefix(static_cast<Reading*>(handle)->env, name, uri);
}

SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode*, const SerdNode* subject,
                        const SerdNode* predicate, const SerdNode* object, const SerdNode* datatype,
                        const SerdNode* language) {
    auto& reading = *static_cast<Reading*>(handle);
    try {
        reading.triples.push_back({to_term(subject, nullptr, nullptr, reading.env),
                                   to_term(predicate, nullptr, nullptr, reading.env),
                                   to_term(object, datatype, language, reading.env),
                                   {}});
    } catch (const StoreError& e) {
        reading.error = e.what();
        return SERD_ERR_BAD_SYNTAX;
    }
    return SERD_SUCCESS;
}

/// application/x-www-form-urlencoded: unreserved characters as they are, the rest %XX.
std::string form_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size() * 3 / 2);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
            encoded += c;
        } else {
            encoded += '%';
            encoded += hex[byte >> 4U];
            encoded += hex[byte & 15U];
        }
    }
    return encoded;
}

/// SEEOTHER_SPARQL_TRACE=1 prints each query and update, and what answered it (to see what
/// a page costs).
bool tracing() {
    static const bool on = std::getenv("SEEOTHER_SPARQL_TRACE") != nullptr;
    return on;
}

void trace(const char* what, const std::string& text) {
    constexpr std::size_t most = 20000; // an import's update is megabytes
    if (tracing())
        std::fprintf(stderr, "seeother: SPARQL %s:\n%s%s\n", what, text.substr(0, most).c_str(),
                     text.size() > most ? "…" : "");
}

/// "http://host:port/path?x" → ("http://host:port", "/path?x").
std::pair<std::string, std::string> split_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos ||
        (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0))
        throw std::invalid_argument("a SPARQL endpoint URL starts with http:// or https://, not '" +
                                    url + "'");
    const auto path = url.find('/', scheme_end + 3);
    if (path == scheme_end + 3)
        throw std::invalid_argument("no host in the SPARQL endpoint URL '" + url + "'");
    if (path == std::string::npos)
        return {url, "/"};
    return {url.substr(0, path), url.substr(path)};
}

} // namespace

Triples parse_triples(const std::string& text, bool turtle) {
    Reading reading;
    std::unique_ptr<SerdEnv, decltype(&serd_env_free)> env(serd_env_new(nullptr), serd_env_free);
    reading.env = env.get();
    std::unique_ptr<SerdReader, decltype(&serd_reader_free)> reader(
        serd_reader_new(turtle ? SERD_TURTLE : SERD_NTRIPLES, &reading, nullptr, on_base, on_prefix,
                        on_statement, nullptr),
        serd_reader_free);
    serd_reader_set_strict(reader.get(), true);
    serd_reader_set_error_sink(reader.get(), on_error, &reading);
    // Read as a stream of pages (serd_reader_read_string misreads an empty string).
    struct Source {
        const std::string& text;
        std::size_t at = 0;
    } source{text};
    const SerdSource read = [](void* buffer, std::size_t size, std::size_t count, void* stream) {
        auto& from = *static_cast<Source*>(stream);
        const std::size_t n = std::min(size * count, from.text.size() - from.at);
        std::memcpy(buffer, from.text.data() + from.at, n);
        from.at += n;
        return size == 0 ? 0 : n / size;
    };
    const SerdStreamErrorFunc no_error = [](void*) { return 0; };
    const SerdStatus status = serd_reader_read_source(
        reader.get(), read, no_error, &source, reinterpret_cast<const uint8_t*>("answer"), 4096);
    if (status > SERD_FAILURE || !reading.error.empty()) // FAILURE: an empty answer
        throw StoreError(
            Kind::BadAnswer,
            "the endpoint's answer does not parse as " +
                std::string(turtle ? "Turtle" : "N-Triples") + ": " +
                (reading.error.empty() ? "serd status " + std::to_string(status) : reading.error));
    return std::move(reading.triples);
}

Endpoint::Endpoint(EndpointSettings settings) : settings_(std::move(settings)) {
    std::tie(scheme_host_port_, path_) = split_url(settings_.url);
    if (!httplib::Client(scheme_host_port_).is_valid())
        throw std::invalid_argument("cannot use the SPARQL endpoint URL '" + settings_.url + "'");
}

Endpoint::~Endpoint() = default;

std::unique_ptr<Endpoint::Connection> Endpoint::acquire() const {
    {
        const std::lock_guard<std::mutex> lock(pool_mutex_);
        while (!pool_.empty()) {
            auto connection = std::move(pool_.back());
            pool_.pop_back();
            if (connection->basic == basic_auth_)
                return connection;
        }
    }
    auto connection = std::make_unique<Connection>(scheme_host_port_);
    auto& client = connection->client;
    client.set_keep_alive(true);
    // httplib writes a POST's head and body apart: without TCP_NODELAY the body waits for
    // the endpoint's delayed ACK of the head (40 ms on Linux), on every query.
    client.set_tcp_nodelay(true);
    client.set_follow_location(true);
    client.set_decompress(true);
    // Digest unless the endpoint asked for Basic (httplib answers a Digest challenge only
    // when no Basic credentials are set).
    connection->basic = basic_auth_;
    if (!settings_.user.empty()) {
        if (connection->basic)
            client.set_basic_auth(settings_.user, settings_.password);
        else
            client.set_digest_auth(settings_.user, settings_.password);
    }
    return connection;
}

void Endpoint::release(std::unique_ptr<Connection> connection) const {
    const std::lock_guard<std::mutex> lock(pool_mutex_);
    pool_.push_back(std::move(connection));
}

StoreError endpoint_error(StoreError::Kind kind, const std::string& url, const std::string& why,
                          const std::string& log_only) {
    return StoreError(kind, "SPARQL endpoint " + url + ": " + why + log_only,
                      "the SPARQL endpoint " + why);
}

Triples Endpoint::construct(const std::string& query) const {
    return construct(query, settings_.timeout, Asker::Request);
}

Triples Endpoint::construct(const std::string& query, std::chrono::milliseconds timeout,
                            Asker asker) const {
    const auto started = std::chrono::steady_clock::now();
    try {
        auto triples = exchange(query, timeout, started + timeout);
        const auto now = std::chrono::steady_clock::now();
        count(asker, now - started, nullptr);
        answered_ = now.time_since_epoch().count();
        return triples;
    } catch (const StoreError& e) {
        count(asker, std::chrono::steady_clock::now() - started, &e);
        throw;
    }
}

void Endpoint::probe(std::chrono::milliseconds timeout, Asker asker) const {
    construct("CONSTRUCT { <urn:x-seeother:result> <urn:x-seeother:hit> true } WHERE {}", timeout,
              asker);
}

Health Endpoint::health() const {
    using Clock = std::chrono::steady_clock;
    constexpr auto fresh = std::chrono::seconds(1);
    // The latest outcome, if it is recent: the later of the last answer and the last failure.
    const auto latest = [&]() -> std::optional<Health> {
        const auto answered = answered_.load();
        const auto failed = failed_.load();
        const auto last = Clock::time_point(Clock::duration(std::max(answered, failed)));
        if ((answered == 0 && failed == 0) || Clock::now() - last >= fresh)
            return std::nullopt;
        if (answered >= failed)
            return Health{};
        const std::lock_guard<std::mutex> lock(failure_mutex_);
        return Health{false, failure_};
    };
    if (const auto known = latest())
        return *known;
    const std::lock_guard<std::mutex> lock(probing_);
    if (const auto known = latest()) // another health check's probe, just now
        return *known;
    try {
        probe(std::min(settings_.timeout, probe_timeout), Asker::Background);
        return {};
    } catch (const StoreError& e) {
        return {false, e.detail()};
    }
}

void Endpoint::count(Asker asker, std::chrono::steady_clock::duration took,
                     const StoreError* failure) const {
    ++counters_.queries[asker == Asker::Request ? 0 : 1];
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
    counters_.microseconds += static_cast<std::uint64_t>(std::max<long long>(us, 0));
    const auto& bounds = query_seconds_bounds();
    const double seconds = static_cast<double>(us) / 1e6;
    const auto bucket = std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin();
    ++counters_.buckets.at(static_cast<std::size_t>(bucket));
    if (!failure)
        return;
    {
        const std::lock_guard<std::mutex> lock(failure_mutex_);
        failure_ = failure->detail();
    }
    failed_ = std::chrono::steady_clock::now().time_since_epoch().count();
    switch (failure->kind()) {
    case Kind::Unavailable:
        ++counters_.unavailable;
        break;
    case Kind::Timeout:
        ++counters_.timeouts;
        break;
    case Kind::BadAnswer:
        ++counters_.bad_answers;
        break;
    }
}

QueryCounters Endpoint::counters() const {
    QueryCounters c;
    c.request_queries = counters_.queries[0];
    c.background_queries = counters_.queries[1];
    c.unavailable = counters_.unavailable;
    c.timeouts = counters_.timeouts;
    c.bad_answers = counters_.bad_answers;
    c.seconds = static_cast<double>(counters_.microseconds.load()) / 1e6;
    std::size_t sum = 0;
    for (std::size_t i = 0; i < query_seconds_bounds().size(); ++i)
        c.at_most.push_back(sum += counters_.buckets[i]);
    return c;
}

Endpoint::Answer Endpoint::post(const std::string& content_type, const std::string& body,
                                const char* accept, std::chrono::milliseconds timeout,
                                std::chrono::steady_clock::time_point deadline) const {
    const auto started = std::chrono::steady_clock::now();
    const auto fail = [&](Kind kind, const std::string& why, const std::string& log_only = {}) {
        return endpoint_error(kind, settings_.url, why, log_only);
    };

    auto connection = acquire();
    auto& client = connection->client;
    // httplib's timeouts bound each connect, send and receive; the deadline checked as the
    // body arrives bounds the whole answer.
    // In whole milliseconds, rounded up and one more: httplib polls in milliseconds and
    // drops the rest, so a read that waits out the time left ends past the deadline (and is
    // told apart from a dropped connection), not just before it.
    const auto left =
        std::chrono::microseconds(std::max(std::chrono::ceil<std::chrono::milliseconds>(
                                               deadline - std::chrono::steady_clock::now()),
                                           std::chrono::milliseconds(0)) +
                                  std::chrono::milliseconds(1));
    client.set_connection_timeout(left);
    client.set_read_timeout(left);
    client.set_write_timeout(left);

    httplib::Request request;
    request.method = "POST";
    request.path = path_;
    request.headers = {{"Accept", accept}};
    request.set_header("Content-Type", content_type);
    request.body = body;
    // The body is gathered here rather than by httplib, so that the deadline is checked as
    // each piece arrives, chunked or not (httplib's progress callback skips chunked bodies).
    Answer answer;
    bool late = false;
    request.response_handler = [&](const httplib::Response&) {
        answer.body.clear(); // a new response: after a Digest challenge, the retried request's
        return true;
    };
    request.content_receiver = [&](const char* data, std::size_t size, uint64_t, uint64_t) {
        late = std::chrono::steady_clock::now() > deadline;
        if (!late)
            answer.body.append(data, size);
        return !late;
    };
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    const bool sent = [&] {
        if (!settings_.on_wait)
            return client.send(request, response, error);
        struct Waiting {
            const std::function<void(bool)>& tell;
            explicit Waiting(const std::function<void(bool)>& t) : tell(t) { tell(true); }
            ~Waiting() { tell(false); }
            Waiting(const Waiting&) = delete;
            Waiting& operator=(const Waiting&) = delete;
        } waiting(settings_.on_wait);
        return client.send(request, response, error);
    }();
    const bool timed_out = late || std::chrono::steady_clock::now() >= deadline;
    if (!sent) {
        // A connection that failed is not reused: a new one is made next time.
        const std::string why = httplib::to_string(error);
        if (error == httplib::Error::Connection || error == httplib::Error::SSLConnection ||
            error == httplib::Error::BindIPAddress ||
            error == httplib::Error::SSLServerVerification ||
            error == httplib::Error::SSLLoadingCerts)
            throw fail(Kind::Unavailable, "cannot be reached (" + why + ")");
        if (error == httplib::Error::ConnectionTimeout)
            throw fail(Kind::Unavailable, "cannot be reached (no connection within " +
                                              std::to_string(timeout.count()) + " ms)");
        if (timed_out || error == httplib::Error::Canceled)
            throw fail(Kind::Timeout, "gave no whole answer within " +
                                          std::to_string(timeout.count()) +
                                          " ms (--sparql-timeout)");
        throw fail(Kind::Unavailable, "dropped the connection (" + why + ")");
    }
    const bool used_basic = connection->basic;
    release(std::move(connection));
    if (tracing())
        std::fprintf(stderr, "seeother: SPARQL answer: HTTP %d, %zu bytes, %lld ms\n",
                     response.status, answer.body.size(),
                     static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::steady_clock::now() - started)
                                                .count()));

    if (response.status == 401 && !settings_.user.empty() && !used_basic &&
        response.get_header_value("WWW-Authenticate").rfind("Basic", 0) == 0) {
        basic_auth_ = true;
        return post(content_type, body, accept, timeout, deadline);
    }
    engine_ = response.get_header_value("Server").find("Virtuoso") != std::string::npos
                  ? Engine::Virtuoso
                  : Engine::Standard;
    answer.status = response.status;
    answer.content_type = response.get_header_value("Content-Type");
    answer.has_sql_state = response.has_header("X-SQL-State");
    answer.sql_state = response.get_header_value("X-SQL-State");
    return answer;
}

Triples Endpoint::exchange(const std::string& query, std::chrono::milliseconds timeout,
                           std::chrono::steady_clock::time_point deadline) const {
    const auto fail = [&](Kind kind, const std::string& why, const std::string& log_only = {}) {
        return endpoint_error(kind, settings_.url, why, log_only);
    };
    trace("query", query);
    const auto answer = post("application/x-www-form-urlencoded", "query=" + form_encode(query),
                             "application/n-triples, text/turtle;q=0.9", timeout, deadline);
    const std::string status = "answered HTTP " + std::to_string(answer.status);
    if (answer.status == 503 || answer.status == 429)
        throw fail(Kind::Unavailable, status, ": " + shortened(answer.body));
    if (answer.status < 200 || answer.status > 299)
        throw fail(Kind::BadAnswer, status, ": " + shortened(answer.body));
    // Virtuoso's "anytime" queries answer 200 with what they found before their own time
    // ran out, and say so only in this header: never take a partial answer.
    if (answer.has_sql_state)
        throw fail(Kind::Timeout,
                   "gave a partial answer (X-SQL-State " + shortened(answer.sql_state, 20) + ")");
    const std::string& type = answer.content_type;
    const bool ntriples = type.rfind("application/n-triples", 0) == 0 ||
                          type.rfind("text/plain", 0) == 0 || type.rfind("text/ntriples", 0) == 0;
    const bool turtle = type.rfind("text/turtle", 0) == 0;
    if (!ntriples && !turtle)
        throw fail(Kind::BadAnswer, "answered " +
                                        (type.empty() ? "no Content-Type" : shortened(type, 60)) +
                                        " where N-Triples or Turtle was asked for");
    try {
        return parse_triples(answer.body, turtle);
    } catch (const StoreError& e) {
        throw fail(Kind::BadAnswer,
                   std::string("gave an answer that does not parse as ") +
                       (turtle ? "Turtle" : "N-Triples"),
                   std::string(": ") + e.what() +
                       " (the answer began: " + shortened(answer.body, 120) + ")");
    }
}

void Endpoint::update(const std::string& update, std::chrono::milliseconds timeout) const {
    const auto started = std::chrono::steady_clock::now();
    const auto fail = [&](Kind kind, const std::string& why, const std::string& log_only = {}) {
        return endpoint_error(kind, settings_.url, why, log_only);
    };
    try {
        Answer answer;
        try {
            // The update as the body itself (SPARQL 1.1 Protocol, 2.2.2): a form would encode
            // most of an import's bytes three times over.
            trace("update", update);
            answer = post("application/sparql-update", update, "*/*", timeout, started + timeout);
        } catch (const StoreError& e) {
            if (e.kind() != Kind::Timeout)
                throw;
            // The engine may go on and apply what it was sent.
            throw fail(Kind::Timeout, "gave no answer to an update within " +
                                          std::to_string(timeout.count()) +
                                          " ms: it may still be applied");
        }
        const std::string status = "answered HTTP " + std::to_string(answer.status);
        const std::string& text = answer.body;
        // Virtuoso refuses an update from a user without the right with HTTP 500 and
        // "SR186: SECURITY: No permission to execute procedure DB.DBA.SPARQL_…".
        const bool refused = answer.status == 401 || answer.status == 403 ||
                             text.find("SR186") != std::string::npos ||
                             text.find("No permission") != std::string::npos ||
                             text.find("ermission denied") != std::string::npos;
        if (refused && (answer.status < 200 || answer.status > 299))
            throw fail(Kind::BadAnswer,
                       "refused the update (" + status +
                           ", no permission to write): grant the endpoint's user the right to "
                           "update (Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\") or give "
                           "--sparql-auth",
                       ": " + shortened(text));
        if (answer.status == 503 || answer.status == 429)
            throw fail(Kind::Unavailable, status, ": " + shortened(text));
        if (answer.status < 200 || answer.status > 299)
            throw fail(Kind::BadAnswer, status + " to an update", ": " + shortened(text));
        const auto now = std::chrono::steady_clock::now();
        count(Asker::Request, now - started, nullptr);
        answered_ = now.time_since_epoch().count();
    } catch (const StoreError& e) {
        count(Asker::Request, std::chrono::steady_clock::now() - started, &e);
        throw;
    }
}

} // namespace seeother::rdf::sparql
