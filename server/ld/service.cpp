#include "server/ld/service.hpp"

#include "server/ld/conditional.hpp"
#include "server/ld/handlers.hpp"

#include <cstdio>
#include <unordered_set>

namespace seeother::server {
namespace {

constexpr const char* text_plain = "text/plain; charset=utf-8";

bool is_cacheable(const Request& request, const Reply& reply) {
    if (request.method != "GET" && request.method != "HEAD")
        return false;
    switch (reply.status) {
    case 200:
    case 303:
    case 404:
    case 406:
        return true;
    default:
        return false;
    }
}

/// What every response carries: CORS, so that browser code may follow the 303 and read
/// every header that matters; and Accept-Ranges: none, since Range is ignored (RFC 9110
/// §14.2 allows it).
Reply finished(Reply reply) {
    reply.set("Access-Control-Allow-Origin", "*");
    reply.set("Access-Control-Expose-Headers", "Location, Content-Location, Link, Vary, ETag");
    reply.set("X-Content-Type-Options", "nosniff");
    reply.set("Accept-Ranges", "none");
    return reply;
}

std::shared_ptr<const Reply> shared(Reply reply) {
    return std::make_shared<const Reply>(finished(std::move(reply)));
}

const char* title(int status) {
    switch (status) {
    case 400:
        return "Bad request";
    case 413:
        return "Content too large";
    case 414:
        return "URI too long";
    case 431:
        return "Request header fields too large";
    case 501:
        return "Not implemented";
    case 505:
        return "HTTP version not supported";
    default:
        return "Error";
    }
}

std::string number(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", value);
    return buf;
}

void line(std::string& out, const char* name, const char* type, const char* help, double value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + number(value) + "\n";
}

/// The queries of a store that asks a server (a SPARQL endpoint).
void query_lines(std::string& out, const rdf::QueryCounters& c) {
    out += "# HELP seeother_store_queries_total Queries sent to the store's server, by what "
           "asked: requests, or the background (statistics, indexes, health probes).\n"
           "# TYPE seeother_store_queries_total counter\n"
           "seeother_store_queries_total{asked_by=\"request\"} " +
           number(static_cast<double>(c.request_queries)) +
           "\nseeother_store_queries_total{asked_by=\"background\"} " +
           number(static_cast<double>(c.background_queries)) + "\n";
    out += "# HELP seeother_store_query_errors_total Queries that failed, by kind: unavailable "
           "(503), timeout (504), bad_answer (502).\n"
           "# TYPE seeother_store_query_errors_total counter\n";
    for (const auto& [kind, count] :
         {std::pair{"unavailable", c.unavailable}, std::pair{"timeout", c.timeouts},
          std::pair{"bad_answer", c.bad_answers}})
        out += std::string("seeother_store_query_errors_total{kind=\"") + kind + "\"} " +
               number(static_cast<double>(count)) + "\n";
    out += "# HELP seeother_store_query_seconds Time from sending a query to its whole answer.\n"
           "# TYPE seeother_store_query_seconds histogram\n";
    const auto& bounds = rdf::query_seconds_bounds();
    for (std::size_t i = 0; i < bounds.size() && i < c.at_most.size(); ++i)
        out += "seeother_store_query_seconds_bucket{le=\"" + number(bounds[i]) + "\"} " +
               number(static_cast<double>(c.at_most[i])) + "\n";
    const double count = static_cast<double>(c.request_queries + c.background_queries);
    out += "seeother_store_query_seconds_bucket{le=\"+Inf\"} " + number(count) +
           "\nseeother_store_query_seconds_sum " + number(c.seconds) +
           "\nseeother_store_query_seconds_count " + number(count) + "\n";
}

/// Whether a reply says the store failed (handle() gives these statuses for nothing else).
bool store_failed(const Reply& reply) {
    return reply.status == 502 || reply.status == 503 || reply.status == 504;
}

/// A reply kept past its time to live, served because the store failed: honest about its
/// age (RFC 9111 §5.1), otherwise as it was.
std::shared_ptr<const Reply> aged(const ReplyCache::Stale& stale) {
    Reply reply = *stale.reply;
    reply.set("Age",
              std::to_string(std::chrono::duration_cast<std::chrono::seconds>(stale.age).count()));
    return std::make_shared<const Reply>(std::move(reply));
}

} // namespace

Service::Service(std::shared_ptr<const rdf::Store> store, Site site, std::size_t cache_bytes,
                 std::chrono::seconds cache_ttl, std::function<ReplyCache::Clock::time_point()> now)
    : site_(std::move(site)),
      current_(std::make_shared<const Snapshot>(Snapshot{std::move(store), 0})),
      cache_(cache_bytes, 16, cache_ttl, std::move(now)) {
    Reply busy;
    busy.status = 503;
    busy.set("Retry-After", "1");
    busy.set("Content-Type", text_plain);
    busy.body = "The server is busy; try again in a second.\n";
    busy.close = true;
    busy_ = shared(std::move(busy));
}

std::shared_ptr<const Service::Snapshot> Service::snapshot() const {
    return std::atomic_load(&current_);
}

std::shared_ptr<const rdf::Store> Service::store() const {
    return snapshot()->store;
}

void Service::replace_store(std::shared_ptr<const rdf::Store> store) {
    // Read, increment and publish as one step: two reloads at once (SIGHUP and --watch)
    // must not give two stores one generation, or cached replies of one would serve the
    // other.
    std::lock_guard lock(replacing_);
    const auto was = snapshot();
    std::atomic_store(
        &current_, std::make_shared<const Snapshot>(Snapshot{std::move(store), was->generation + 1,
                                                             was->loads + 1, was->writes}));
    cache_.clear();
}

void Service::write_store(std::shared_ptr<const rdf::Store> store,
                          const std::vector<std::string>& touched) {
    // A hash document is about the IRI before the "#", and a document's format links
    // depend on whether <IRI>.ext is described: drop the documents of those IRIs too.
    std::unordered_set<std::string_view> changed;
    for (const auto& iri : touched) {
        changed.insert(iri);
        changed.insert(std::string_view(iri).substr(0, iri.find('#')));
        if (const auto dot = iri.rfind('.'); dot != std::string::npos && dot > iri.rfind('/'))
            changed.insert(std::string_view(iri).substr(0, dot));
    }
    std::lock_guard lock(replacing_);
    const auto was = snapshot();
    std::atomic_store(
        &current_, std::make_shared<const Snapshot>(Snapshot{std::move(store), was->generation + 1,
                                                             was->loads, was->writes + 1}));
    cache_.keep_only([&](const Reply& reply) {
        return !reply.about.empty() && changed.count(reply.about) == 0;
    });
}

void Service::set_writes(std::function<std::optional<Reply>(const Request&)> writes) {
    writes_ = std::move(writes);
}

void Service::set_transport_metrics(std::function<std::string()> metrics) {
    transport_metrics_ = std::move(metrics);
}

std::shared_ptr<const Reply> Service::refuse(int status, std::string_view reason) const {
    if (status == 503)
        return busy_;
    Reply reply;
    reply.status = status;
    reply.set("Content-Type", text_plain);
    reply.body = status == 500 ? std::string("Internal server error")
                               : std::string(title(status)) + ": " + std::string(reason);
    reply.body += '\n';
    reply.close = true;
    return shared(std::move(reply));
}

std::shared_ptr<const Reply> Service::operations(const Request& request) const {
    if (request.method != "GET" && request.method != "HEAD")
        return nullptr;
    const auto path = std::string_view(request.target).substr(0, request.target.find('?'));
    if (path != "/healthz" && path != "/metrics")
        return nullptr;
    Reply reply;
    reply.set("Cache-Control", "no-store");
    if (path == "/healthz") {
        reply.set("Content-Type", text_plain);
        const auto health = store()->health();
        if (health.up) {
            reply.body = "ok\n";
        } else {
            reply.status = 503;
            reply.set("Retry-After", "5");
            reply.body = "unavailable: " + health.reason + "\n";
        }
        return shared(std::move(reply));
    }
    reply.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    if (transport_metrics_)
        reply.body = transport_metrics_();
    const auto current = store();
    const auto cache = cache_.stats();
    auto& out = reply.body;
    // A store that has not got its statistics yet (from an endpoint) shows none.
    if (const auto stats = current->known_stats()) {
        line(out, "seeother_store_triples", "gauge", "Triples in the loaded data.",
             static_cast<double>(stats->triples));
        line(out, "seeother_store_subjects", "gauge", "Distinct subjects in the loaded data.",
             static_cast<double>(stats->subjects));
    }
    if (const auto queries = current->query_counters())
        query_lines(out, *queries);
    line(out, "seeother_reloads_total", "counter", "Successful data reloads.",
         static_cast<double>(snapshot()->loads));
    line(out, "seeother_writes_total", "counter", "Writes applied (PUT, POST, DELETE, imports).",
         static_cast<double>(snapshot()->writes));
    line(out, "seeother_cache_entries", "gauge", "Rendered replies held in the cache.",
         static_cast<double>(cache.entries));
    line(out, "seeother_cache_bytes", "gauge", "Bytes held by the reply cache.",
         static_cast<double>(cache.bytes));
    line(out, "seeother_cache_hits_total", "counter", "Requests answered from the cache.",
         static_cast<double>(cache.hits));
    line(out, "seeother_cache_misses_total", "counter", "Cacheable requests rendered afresh.",
         static_cast<double>(cache.misses));
    line(out, "seeother_cache_admissions_total", "counter",
         "Rendered replies taken into the cache.", static_cast<double>(cache.admissions));
    line(out, "seeother_cache_rejections_total", "counter",
         "Rendered replies refused: asked for less often than what they would push out.",
         static_cast<double>(cache.rejections));
    line(out, "seeother_cache_evictions_total", "counter", "Replies pushed out to make room.",
         static_cast<double>(cache.evictions));
    line(out, "seeother_cache_stale_total", "counter",
         "Replies served past --cache-ttl because the store failed.",
         static_cast<double>(cache.stale));
    return shared(std::move(reply));
}

std::shared_ptr<const Reply> Service::respond(const Request& request) {
    if (const auto why = too_large(request))
        return refuse(431, *why);
    // The operator's, before the data: /healthz and /metrics are never the data set's.
    if (auto reply = operations(request))
        return reply;
    if (writes_)
        if (auto reply = writes_(request))
            return shared(std::move(*reply));
    const auto snap = snapshot();
    const bool may_cache = request.method == "GET" || request.method == "HEAD";
    const std::vector<std::string>* languages = may_cache ? snap->store->languages() : nullptr;
    const auto variant =
        may_cache && !malformed(request) ? variant_key(request, site_, languages) : std::nullopt;
    if (!variant)
        return shared(handle(request, *snap->store, site_));

    // Replies are keyed by the store they were rendered from. A server that takes writes
    // also keeps RDF documents across writes about other IRIs (write_store), under a key of
    // the reload they were rendered after: a second lookup only where writes are on.
    const bool writable = static_cast<bool>(writes_);
    const std::string key = std::to_string(snap->generation) + '\n' + *variant;
    const std::string document_key =
        writable ? 'd' + std::to_string(snap->loads) + '\n' + *variant : std::string();
    std::shared_ptr<const Reply> reply = writable ? cache_.find(document_key, false) : nullptr;
    if (!reply)
        reply = cache_.find(key);
    if (!reply) {
        // Render the unconditional reply, which is the one worth keeping; requests for the
        // same key meanwhile wait for it. The one that rendered it keeps it.
        bool rendered = false;
        reply = flights_.share(
            key,
            [&] { return shared(handle(without_preconditions(request), *snap->store, site_)); },
            rendered);
        if (rendered && is_cacheable(request, *reply)) {
            if (writable && !reply->about.empty()) {
                // Kept only while its store is served: a write that came meanwhile has
                // already dropped what it changed, and must not see it come back.
                std::lock_guard lock(replacing_);
                if (snapshot() == snap)
                    cache_.insert(document_key, reply);
            } else {
                cache_.insert(key, reply);
            }
        } else if (store_failed(*reply)) {
            // Stale if error: the last good reply, however old, rather than none.
            auto stale = writable ? cache_.find_stale(document_key) : std::nullopt;
            if (stale || (stale = cache_.find_stale(key)))
                reply = aged(*stale);
        }
    }
    if (!has_preconditions(request))
        return reply;
    return shared(conditional_reply(request, *reply));
}

} // namespace seeother::server
