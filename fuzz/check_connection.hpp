// What must hold for any bytes a client sends on one connection: the session (the
// transport without its socket, server/http/session.hpp) answers them the same whether
// they come in one piece, cut in two at any position, or a byte at a time: the same
// requests reach the application, the same replies go out (interim 100 Continue aside,
// which depends on what has arrived), and the connection ends the same way. Every request
// the application sees is well-formed. Shared by fuzz_connection and the regression
// tests; returns what went wrong, or nullopt.
#pragma once

#include "server/http/http_server.hpp"
#include "server/http/session.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/uio.h>
#include <vector>

namespace seeother::fuzz {

namespace connection_detail {

/// What one run of a session produced.
struct Run {
    std::vector<std::string> requests; ///< as the application saw them, fields included
    std::string output;                ///< bytes written, interim replies left out
    bool closing = false;
    bool linger = false;
    std::string problem; ///< a malformed request that reached the application
};

inline bool is_token(std::string_view s) {
    if (s.empty())
        return false;
    for (const char c : s) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') ||
                        std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        if (!ok)
            return false;
    }
    return true;
}

inline bool is_field_text(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return false;
    }
    return true;
}

inline std::string check_request(const server::Request& r) {
    if (r.version != "HTTP/1.1" && r.version != "HTTP/1.0")
        return "version " + r.version;
    if (!is_token(r.method))
        return "method " + r.method;
    if (r.target.empty())
        return "empty target";
    for (const char ch : r.target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F)
            return "space or control in the target";
    }
    if (r.target.front() != '/' && r.method != "OPTIONS" && r.method != "CONNECT")
        return "target not a path: " + r.target;
    std::size_t hosts = 0;
    for (const auto& [name, value] : r.headers) {
        if (!is_token(name))
            return "field name not a token: " + name;
        if (!is_field_text(value))
            return "control character in the value of " + name;
        if (!value.empty() && (value.front() == ' ' || value.back() == ' '))
            return "untrimmed value of " + name;
        hosts += server::iequals(name, "Host") ? 1u : 0u;
    }
    if (hosts > 1)
        return "more than one Host";
    return {};
}

/// The stand-in application: it echoes each request; "/close" asks to close,
/// "/status/N" answers N.
struct Echo {
    Run* run = nullptr;
    server::Application application;
    Echo() {
        application.respond = [this](const server::Request& request) {
            std::string seen = request.method + '\n' + request.target + '\n' + request.version;
            for (const auto& [name, value] : request.headers)
                seen += '\n' + name + ": " + value;
            run->requests.push_back(seen);
            if (const auto problem = check_request(request);
                !problem.empty() && run->problem.empty())
                run->problem = problem;
            auto reply = std::make_shared<server::Reply>();
            const auto& t = request.target;
            if (t.rfind("/status/", 0) == 0 && t.size() == 11 && t[8] >= '1' && t[8] <= '5')
                reply->status = std::stoi(t.substr(8, 3));
            reply->close = t == "/close";
            reply->set("Content-Type", "text/plain");
            reply->body = seen;
            return std::shared_ptr<const server::Reply>(reply);
        };
        application.refuse = [](int status, std::string_view reason) {
            auto reply = std::make_shared<server::Reply>();
            reply->status = status;
            reply->body = std::string(reason);
            reply->close = true;
            return std::shared_ptr<const server::Reply>(reply);
        };
    }
};

inline server::ReplyWriter& writer() {
    static const auto w = server::make_reply_writer(
        5, 4, [] { return std::string("Thu, 01 Jan 1970 00:00:00 GMT"); });
    return *w;
}

/// Runs a session on `input` delivered in the pieces that `cuts` (ascending) mark.
inline Run run(std::string_view input, const std::vector<std::size_t>& cuts) {
    static const server::SessionSettings settings = [] {
        server::SessionSettings s;
        s.keep_alive_requests = 4; // reached by some inputs, so its close is checked too
        s.max_content = 300;
        return s;
    }();
    Run result;
    Echo echo;
    echo.run = &result;
    server::Session session(settings, echo.application, writer());
    const auto drain = [&] {
        auto& output = session.output();
        while (!output.empty()) {
            iovec iov[16];
            const auto n = output.gather(iov, 16);
            std::size_t bytes = 0;
            for (std::size_t i = 0; i < n; ++i) {
                std::string_view part(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
                bytes += part.size();
                if (part != "HTTP/1.1 100 Continue\r\n\r\n")
                    result.output.append(part);
            }
            output.consumed(bytes);
        }
    };
    std::size_t from = 0;
    for (std::size_t i = 0; i <= cuts.size(); ++i) {
        const auto to = i < cuts.size() ? cuts[i] : input.size();
        session.receive(input.substr(from, to - from));
        from = to;
        // As the socket loop does: answer a few at a time, write, go on.
        do {
            session.advance(3);
            drain();
        } while (session.has_request() && !session.closing());
    }
    session.end_of_input();
    session.advance();
    drain();
    result.closing = session.closing();
    result.linger = session.must_linger();
    return result;
}

inline std::string compare(const Run& expected, const Run& actual, const std::string& how) {
    if (actual.requests != expected.requests)
        return how + ": the application saw other requests (" +
               std::to_string(actual.requests.size()) + " against " +
               std::to_string(expected.requests.size()) + ")";
    if (actual.output != expected.output)
        return how + ": other replies were written";
    if (actual.closing != expected.closing || actual.linger != expected.linger)
        return how + ": the connection ends otherwise";
    return {};
}

} // namespace connection_detail

inline std::optional<std::string> check_connection(std::string_view input) {
    using namespace connection_detail;
    const Run whole = run(input, {});
    if (!whole.problem.empty())
        return "a malformed request reached the application: " + whole.problem;
    if (!whole.output.empty() && whole.output.rfind("HTTP/1.1 ", 0) != 0)
        return "the output does not start with a status line";
    if (!whole.closing)
        return "the session did not close at the end of the input";
    for (std::size_t cut = 1; cut < input.size(); ++cut)
        if (auto problem = compare(whole, run(input, {cut}), "cut at " + std::to_string(cut));
            !problem.empty())
            return problem;
    std::vector<std::size_t> bytes;
    for (std::size_t cut = 1; cut < input.size(); ++cut)
        bytes.push_back(cut);
    if (auto problem = compare(whole, run(input, bytes), "a byte at a time"); !problem.empty())
        return problem;
    return std::nullopt;
}

} // namespace seeother::fuzz
