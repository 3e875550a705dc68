#include "server/ld/conditional.hpp"

#include "server/http/http_date.hpp"
#include "server/ld/etag.hpp"

#include <array>

namespace seeother::server {
namespace {

constexpr std::array<std::string_view, 4> precondition_fields = {
    "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"};

/// Every line of a list field, as one list ("If-Match: a" and "If-Match: b" are "a, b").
std::string list_field(const Request& request, std::string_view name) {
    std::string list;
    for (const auto& [field, value] : request.headers)
        if (iequals(field, name))
            list += (list.empty() ? "" : ", ") + value;
    return list;
}

/// The date a date field gives, or none when it is absent, not an HTTP-date, or given more
/// than once (RFC 9110 §13.1.3 and §13.1.4: ignored).
std::optional<std::time_t> date_field(const Request& request, std::string_view name) {
    if (request.count(name) != 1)
        return std::nullopt;
    return parse_http_date(request.header(name));
}

bool is_get_or_head(const Request& request) {
    return request.method == "GET" || request.method == "HEAD";
}

} // namespace

Precondition evaluate_preconditions(const Request& request, const Validators& selected) {
    // 1, 2: the representation must be the one the client has (or older than its date).
    if (request.count("If-Match") > 0) {
        const auto tags = list_field(request, "If-Match");
        if (!entity_tags_match(tags, selected.etag, Comparison::Strong))
            return Precondition::Failed;
    } else if (const auto since = date_field(request, "If-Unmodified-Since");
               since && selected.last_modified && *selected.last_modified > *since) {
        return Precondition::Failed;
    }
    // 3, 4: the client's copy is current.
    if (request.count("If-None-Match") > 0) {
        const auto tags = list_field(request, "If-None-Match");
        if (entity_tags_match(tags, selected.etag, Comparison::Weak))
            return is_get_or_head(request) ? Precondition::NotModified : Precondition::Failed;
    } else if (const auto since = date_field(request, "If-Modified-Since");
               since && is_get_or_head(request) && selected.last_modified &&
               *selected.last_modified <= *since) {
        return Precondition::NotModified;
    }
    return Precondition::Proceed;
}

bool has_preconditions(const Request& request) {
    for (const auto& field : request.headers)
        for (const auto name : precondition_fields)
            if (iequals(field.first, name))
                return true;
    return false;
}

Request without_preconditions(Request request) {
    auto& headers = request.headers;
    for (auto it = headers.begin(); it != headers.end();) {
        bool drop = false;
        for (const auto name : precondition_fields)
            drop = drop || iequals(it->first, name);
        it = drop ? headers.erase(it) : it + 1;
    }
    return request;
}

Reply not_modified(const Reply& ok) {
    Reply reply;
    reply.status = 304;
    for (const auto& field : ok.headers)
        for (const auto name : {"ETag", "Content-Location", "Vary", "Cache-Control", "Expires"})
            if (iequals(field.first, name))
                reply.headers.push_back(field);
    return reply;
}

Result<Reply> apply_preconditions(const Request& request, Reply reply) {
    if (reply.status != 200 || !has_preconditions(request))
        return reply;
    Validators selected;
    selected.etag = reply.header("ETag");
    if (const auto modified = reply.header("Last-Modified"); !modified.empty())
        selected.last_modified = parse_http_date(modified);
    switch (evaluate_preconditions(request, selected)) {
    case Precondition::Proceed:
        break;
    case Precondition::NotModified:
        return not_modified(reply);
    case Precondition::Failed:
        return precondition_failed(selected.etag);
    }
    return reply;
}

} // namespace seeother::server
