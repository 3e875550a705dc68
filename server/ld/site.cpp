#include "server/ld/site.hpp"

#include "rdf/ascii.hpp"

namespace seeother::server {
namespace {

/// The first element of a comma-separated list.
std::string_view first_element(std::string_view list) {
    return rdf::trim_ows(list.substr(0, list.find(',')));
}

/// host [ ":" port ] per RFC 3986 authority without userinfo: reg-name, IPv4 or [IPv6].
bool is_valid_authority(std::string_view host) {
    if (host.empty() || host.size() > 255)
        return false;
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') ||
                        std::string_view("-._~!$&'()*+,;=:[]%").find(c) != std::string_view::npos;
        if (!ok)
            return false;
    }
    return true;
}

std::string_view unquote(std::string_view v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
        return v.substr(1, v.size() - 2);
    return v;
}

/// proto and host of the first element of a Forwarded field (RFC 7239).
void read_forwarded(std::string_view field, std::string_view& proto, std::string_view& host) {
    std::string_view element = first_element(field);
    while (!element.empty()) {
        const auto semi = element.find(';');
        const auto pair = rdf::trim_ows(element.substr(0, semi));
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos) {
            const auto name = rdf::trim_ows(pair.substr(0, eq));
            const auto value = unquote(rdf::trim_ows(pair.substr(eq + 1)));
            if (iequals(name, "proto"))
                proto = value;
            else if (iequals(name, "host"))
                host = value;
        }
        if (semi == std::string_view::npos)
            break;
        element.remove_prefix(semi + 1);
    }
}

} // namespace

std::string_view site_name(std::string_view public_base) {
    if (const auto scheme = public_base.find("://"); scheme != std::string_view::npos)
        public_base.remove_prefix(scheme + 3);
    if (!public_base.empty() && public_base.back() == '/')
        public_base.remove_suffix(1);
    return public_base;
}

std::string site_title(std::string_view public_base) {
    return "Linked Data at " + std::string(site_name(public_base));
}

std::string with_trailing_slash(std::string url) {
    if (url.empty() || url.back() != '/')
        url += '/';
    return url;
}

Result<std::string> public_base(const Request& request, const Site& site) {
    if (site.public_url)
        return *site.public_url;

    std::string_view proto = "http";
    std::string_view host = request.header("Host");
    if (site.trust_proxy) {
        std::string_view fwd_proto;
        std::string_view fwd_host;
        if (const auto forwarded = request.header("Forwarded"); !forwarded.empty()) {
            read_forwarded(forwarded, fwd_proto, fwd_host);
        } else {
            fwd_proto = first_element(request.header("X-Forwarded-Proto"));
            fwd_host = first_element(request.header("X-Forwarded-Host"));
        }
        if (iequals(fwd_proto, "https"))
            proto = "https";
        if (!fwd_host.empty())
            host = fwd_host;
    }
    if (host.empty()) {
        if (request.version == "HTTP/1.0")
            return site.base;
        return bad_request(request.header("Host").empty()
                               ? "HTTP/1.1 requires a Host header field"
                               : "invalid Host header field: " +
                                     std::string(request.header("Host")));
    }
    if (!is_valid_authority(host))
        return bad_request("invalid Host header field: " + std::string(request.header("Host")));
    std::string url(proto);
    url += "://";
    url += host;
    url += '/';
    return url;
}

} // namespace seeother::server
