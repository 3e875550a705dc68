// What must hold for any request handled in process: the fuzz input becomes a Request
// ("METHOD [VERSION]" line, target line, then "Name: value" lines), which is answered by the
// Service (as the server answers it: CORS, /healthz, /metrics included) for three
// deployments (direct, behind a trusted proxy, with --public-url). Every reply has an
// expected status and header-safe fields; a 303 leads to a document, a 200 carries ETag and
// Content-Type and revalidates to 304, and its Content-Location serves the same bytes.
// Shared by fuzz_request and the regression tests; returns what went wrong, or nullopt.
#pragma once

#include "fuzz_data.hpp"

#include "server/ld/handlers.hpp"
#include "server/ld/service.hpp"
#include "server/ld/site.hpp"

#include <map>
#include <memory>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::fuzz {

namespace request_detail {

inline std::string_view next_line(std::string_view& rest) {
    const auto end = rest.find('\n');
    const auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    return line;
}

inline std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

inline bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

inline bool is_header_safe(std::string_view s) {
    return s.find_first_of(std::string_view("\0\r\n", 3)) == std::string_view::npos;
}

inline bool is_absolute_url(std::string_view url) {
    if (!starts_with(url, "http://") && !starts_with(url, "https://"))
        return false;
    for (const char ch : url) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F)
            return false;
    }
    return true;
}

inline std::vector<server::Site> sites() {
    server::Site direct;
    direct.base = base;
    server::Site proxied = direct;
    proxied.trust_proxy = true;
    server::Site published = direct;
    published.public_url = "https://proxy.example.net/ld/";
    return {direct, proxied, published};
}

inline std::string describe(const server::Site& site) {
    if (site.public_url)
        return "with --public-url " + *site.public_url;
    return site.trust_proxy ? "with --trust-proxy" : "direct";
}

/// The reply the server gives for `site`: its Service, on the fuzz data set, without a
/// reply cache (so that each request is answered afresh).
inline std::shared_ptr<const server::Reply> respond(const server::Request& request,
                                                    const server::Site& site) {
    static std::map<std::string, std::unique_ptr<server::Service>> services;
    auto& service = services[describe(site)];
    if (!service) {
        // Not owned: the data set lives as long as the process.
        const std::shared_ptr<const rdf::Store> data(std::shared_ptr<const rdf::Store>(), &store());
        service = std::make_unique<server::Service>(data, site, 0);
    }
    return service->respond(request);
}

/// The operator's paths, which are no documents: no ETag, never the same bytes twice.
inline bool is_operations(const server::Request& request) {
    const auto path = std::string_view(request.target).substr(0, request.target.find('?'));
    return path == "/healthz" || path == "/metrics";
}

/// The same request for another target, without its conditions (If-None-Match, If-Match,
/// If-Modified-Since, If-Unmodified-Since: another target has other validators).
inline server::Request derived(const server::Request& request, std::string target) {
    server::Request out = request;
    out.method = "GET";
    out.target = std::move(target);
    out.headers.clear();
    for (const auto& field : request.headers)
        if (!server::iequals(field.first.substr(0, 3), "If-"))
            out.headers.push_back(field);
    return out;
}

inline bool is_expected_status(int status) {
    // 412: an If-Match or If-Unmodified-Since that fails (RFC 9110 §13.1.1, §13.1.4).
    for (const int expected : {200, 204, 303, 304, 400, 404, 405, 406, 412, 431})
        if (status == expected)
            return true;
    return false;
}

inline std::optional<std::string> check_reply(const server::Request& request,
                                              const server::Site& site) {
    const auto answered = respond(request, site);
    const server::Reply& reply = *answered;
    const int status = reply.status;
    if (!is_expected_status(status))
        return "unexpected status " + std::to_string(status);
    for (const auto& [name, value] : reply.headers)
        if (name.empty() || !is_header_safe(name) || !is_header_safe(value))
            return "NUL, CR or LF in header " + name;
    if (status != 204 && status != 304 && reply.header("Content-Type").empty())
        return std::to_string(status) + " without Content-Type";
    if ((status == 204 || status == 405) && reply.header("Allow") != server::allowed_methods)
        return std::to_string(status) + " without the right Allow";
    if (status == 304 && !reply.body.empty())
        return "304 with a body";
    if (reply.header("Access-Control-Allow-Origin") != "*")
        return std::to_string(status) + " without Access-Control-Allow-Origin: *";
    if (is_operations(request) && status == 200)
        return std::nullopt;

    // A 303 or a document (it has a Content-Location) never names the internal base once a
    // public URL is set. (Pages such as /search may echo the query, which could name it.)
    const bool is_document = !reply.header("Content-Location").empty();
    if (site.public_url && (status == 303 || is_document)) {
        if (reply.body.find(site.base) != std::string::npos)
            return std::to_string(status) + " body names the base " + site.base;
        for (const auto& field : reply.headers)
            if (field.second.find(site.base) != std::string::npos)
                return std::to_string(status) + " header " + field.first + " names the base";
    }

    if (status == 303) {
        const std::string location(reply.header("Location"));
        const auto public_base = server::public_base(request, site);
        if (!is_absolute_url(location) || !public_base || !starts_with(location, *public_base))
            return "303 Location is not an absolute URL under the public base: " + location;
        // Never a 303 that leads nowhere: following it yields the document.
        const auto follow = derived(request, "/" + location.substr(public_base->size()));
        const auto followed = respond(follow, site);
        if (followed->status != 200 && followed->status != 406)
            return "303 to " + location + " leads to " + std::to_string(followed->status);
    }

    if (status == 200 || status == 304) {
        const std::string etag(reply.header("ETag"));
        if (etag.size() < 2 || etag.front() != '"' || etag.back() != '"')
            return std::to_string(status) + " without a strong ETag: '" + etag + "'";
    }

    if (status == 200) {
        const std::string etag(reply.header("ETag"));
        server::Request again = derived(request, request.target);
        again.method = request.method;
        again.headers.emplace_back("If-None-Match", etag);
        const auto revalidated = respond(again, site);
        if (revalidated->status != 304 || revalidated->header("ETag") != etag)
            return "If-None-Match: " + etag + " yields " + std::to_string(revalidated->status);

        const std::string location(reply.header("Content-Location"));
        if (!location.empty()) {
            const auto public_base = server::public_base(request, site);
            if (!is_absolute_url(location) || !public_base || !starts_with(location, *public_base))
                return "Content-Location is not an absolute URL under the public base: " + location;
            const auto follow = derived(request, "/" + location.substr(public_base->size()));
            const auto followed = respond(follow, site);
            if (followed->status != 200 || followed->body != reply.body ||
                followed->header("Content-Type") != reply.header("Content-Type"))
                return "Content-Location " + location + " does not serve the same bytes (" +
                       std::to_string(followed->status) + ")";
        }
    }
    return std::nullopt;
}

} // namespace request_detail

/// The request a fuzz input stands for: "METHOD [VERSION]\nTARGET\nName: value\n...".
/// The version defaults to HTTP/1.1; a line without ":" is a field with an empty value.
inline server::Request parse_request(std::string_view input) {
    using namespace request_detail;
    server::Request request;
    const auto first = next_line(input);
    const auto space = first.find(' ');
    request.method = std::string(first.substr(0, space));
    request.version =
        space == std::string_view::npos ? "HTTP/1.1" : std::string(first.substr(space + 1));
    request.target = std::string(next_line(input));
    while (!input.empty()) {
        const auto line = next_line(input);
        if (line.empty())
            continue;
        const auto colon = line.find(':');
        const auto value =
            colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        request.headers.emplace_back(std::string(line.substr(0, colon)),
                                     std::string(trim_ows(value)));
    }
    return request;
}

inline std::optional<std::string> check_request(std::string_view input) {
    using namespace request_detail;
    const server::Request request = parse_request(input);
    for (const auto& site : sites())
        if (auto problem = check_reply(request, site))
            return *problem + " (" + describe(site) + ")";
    return std::nullopt;
}

} // namespace seeother::fuzz
