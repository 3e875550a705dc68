#include "server/ld/service.hpp"

#include "server/http/framing.hpp"
#include "server/ld/etag.hpp"
#include "server/ld/handlers.hpp"

namespace seeother::server {
namespace {

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

} // namespace

Service::Service(std::shared_ptr<const rdf::Store> store, Site site, std::size_t cache_bytes)
    : site_(std::move(site)),
      current_(std::make_shared<const Snapshot>(Snapshot{std::move(store), 0})),
      cache_(cache_bytes) {}

std::shared_ptr<const Service::Snapshot> Service::snapshot() const {
    return std::atomic_load(&current_);
}

std::shared_ptr<const rdf::Store> Service::store() const {
    return snapshot()->store;
}

void Service::replace_store(std::shared_ptr<const rdf::Store> store) {
    const auto generation = snapshot()->generation + 1;
    std::atomic_store(&current_,
                      std::make_shared<const Snapshot>(Snapshot{std::move(store), generation}));
    cache_.clear();
}

std::shared_ptr<const Reply> Service::respond(const Request& request) {
    if (const auto why = too_large(request)) {
        auto reply = std::make_shared<Reply>();
        reply->status = 431;
        reply->set("Content-Type", "text/plain; charset=utf-8");
        reply->body = "Request header fields too large: " + *why + "\n";
        return reply;
    }
    const auto snap = snapshot();
    const bool may_cache = request.method == "GET" || request.method == "HEAD";
    if (!may_cache || malformed(request))
        return std::make_shared<const Reply>(handle(request, *snap->store, site_));

    const std::string key = std::to_string(snap->generation) + '\n' + variant_key(request, site_);
    std::shared_ptr<const Reply> reply = cache_.find(key);
    if (!reply) {
        // Render the unconditional reply, which is the one worth keeping.
        Request unconditional = request;
        for (auto it = unconditional.headers.begin(); it != unconditional.headers.end();)
            it = iequals(it->first, "If-None-Match") ? unconditional.headers.erase(it) : it + 1;
        reply = std::make_shared<const Reply>(handle(unconditional, *snap->store, site_));
        if (is_cacheable(request, *reply))
            cache_.insert(key, reply);
    }
    if (request.header("If-None-Match").empty())
        return reply;
    return std::make_shared<const Reply>(apply_if_none_match(request, *reply));
}

} // namespace seeother::server
