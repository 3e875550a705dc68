#include "server/http/access_log.hpp"

#include "rdf/ascii.hpp"

#include <stdexcept>

namespace seeother::server {
namespace {

std::string_view first_element(std::string_view list) {
    return rdf::trim_ows(list.substr(0, list.find(',')));
}

/// The node of a Forwarded for= value (RFC 7239 §6): without quotes, brackets and port.
std::string_view forwarded_for(std::string_view field) {
    auto element = first_element(field);
    while (!element.empty()) {
        const auto semi = element.find(';');
        const auto pair = rdf::trim_ows(element.substr(0, semi));
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos &&
            rdf::iequals(rdf::trim_ows(pair.substr(0, eq)), "for")) {
            auto node = rdf::trim_ows(pair.substr(eq + 1));
            if (node.size() >= 2 && node.front() == '"' && node.back() == '"')
                node = node.substr(1, node.size() - 2);
            if (!node.empty() && node.front() == '[')
                return node.substr(1, node.find(']') - 1);
            return node.substr(0, node.find(':'));
        }
        if (semi == std::string_view::npos)
            break;
        element.remove_prefix(semi + 1);
    }
    return {};
}

void append_quoted(std::string& out, std::string_view s) {
    if (s.empty()) {
        out += '-';
        return;
    }
    for (const char c : s)
        out +=
            (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? '?' : c;
}

} // namespace

std::string_view log_client(const Request& request, std::string_view peer, bool trust_proxy) {
    if (!trust_proxy)
        return peer;
    std::string_view client;
    if (const auto forwarded = request.header("Forwarded"); !forwarded.empty())
        client = forwarded_for(forwarded);
    else
        client = first_element(request.header("X-Forwarded-For"));
    return client.empty() ? peer : client;
}

std::string access_log_line(std::string_view client, std::time_t when, const Request& request,
                            int status, std::size_t bytes) {
    char time[64];
    std::tm tm{};
    ::gmtime_r(&when, &tm);
    std::strftime(time, sizeof time, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    std::string line;
    append_quoted(line, client);
    line += " - - [";
    line += time;
    line += "] \"";
    if (request.method.empty()) {
        line += '-';
    } else {
        append_quoted(line, request.method);
        line += ' ';
        append_quoted(line, request.target);
        line += ' ';
        append_quoted(line, request.version);
    }
    line += "\" " + std::to_string(status) + " " + std::to_string(bytes) + " \"";
    append_quoted(line, request.header("Referer"));
    line += "\" \"";
    append_quoted(line, request.header("User-Agent"));
    line += "\"\n";
    return line;
}

AccessLog::AccessLog(const std::string& destination, bool trust_proxy) : trust_proxy_(trust_proxy) {
    if (destination.empty())
        return;
    file_ = destination == "-" ? stderr : std::fopen(destination.c_str(), "a");
    if (!file_)
        throw std::runtime_error("cannot open the access log " + destination);
    owned_ = destination != "-";
}

AccessLog::~AccessLog() {
    if (owned_)
        std::fclose(file_);
}

void AccessLog::write(const Request& request, std::string_view peer, int status,
                      std::size_t bytes) {
    const auto line = access_log_line(log_client(request, peer, trust_proxy_), std::time(nullptr),
                                      request, status, bytes);
    std::lock_guard lock(mutex_);
    std::fputs(line.c_str(), file_);
    std::fflush(file_);
}

} // namespace seeother::server
