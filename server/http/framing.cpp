#include "server/http/framing.hpp"

#include "rdf/ascii.hpp"

#include <array>
#include <limits>

namespace seeother::server {
namespace {

/// tchar (RFC 9110 §5.6.2): the octets of a token.
constexpr std::array<bool, 256> token_table() {
    std::array<bool, 256> t{};
    for (int c = '0'; c <= '9'; ++c)
        t[static_cast<std::size_t>(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c)
        t[static_cast<std::size_t>(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c)
        t[static_cast<std::size_t>(c)] = true;
    for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
        t[static_cast<unsigned char>(c)] = true;
    return t;
}
constexpr auto is_tchar = token_table();

bool is_token(std::string_view s) {
    if (s.empty())
        return false;
    for (const char c : s)
        if (!is_tchar[static_cast<unsigned char>(c)])
            return false;
    return true;
}

/// field-vchar, SP or HTAB (RFC 9110 §5.5): everything but the controls and DEL.
bool is_field_text(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return false;
    }
    return true;
}

bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

/// The methods passed on to the application; any other token is 501 (RFC 9110 §9.1).
bool is_known_method(std::string_view m) {
    for (const char* known :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"})
        if (m == known)
            return true;
    return false;
}

/// A prefix of untrusted text to quote in a reason, without its controls.
std::string quote(std::string_view s) {
    std::string out;
    for (const char c : s.substr(0, 40))
        out += is_field_text(std::string_view(&c, 1)) ? c : '?';
    if (s.size() > 40)
        out += "...";
    return out;
}

/// 1*DIGIT as a number; values too large for 64 bits saturate (they are over any limit).
bool parse_length(std::string_view s, std::uint64_t& value) {
    if (s.empty())
        return false;
    value = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        constexpr auto max = std::numeric_limits<std::uint64_t>::max();
        value = value > (max - digit) / 10 ? max : value * 10 + digit;
    }
    return true;
}

/// One element after another of a comma-separated list, trimmed; empty ones skipped.
template <class Visit> void for_each_element(std::string_view list, Visit visit) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto element = rdf::trim_ows(list.substr(0, comma));
        if (!element.empty())
            visit(element);
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
}

constexpr const char* too_large_fields =
    "request header fields too large (at most 100 fields, 8 KiB a line, 32 KiB in all)";
constexpr std::size_t max_empty_lines = 16;
constexpr std::size_t max_chunk_line = 4096;
constexpr std::size_t max_trailer_bytes = 8192;

ParseOutcome refuse(Refusal& refusal, int status, std::string reason) {
    refusal.status = status;
    refusal.reason = std::move(reason);
    return ParseOutcome::Refused;
}

/// method SP request-target SP HTTP-version, each part checked.
ParseOutcome parse_request_line(std::string_view line, Head& head, Refusal& refusal) {
    const auto first = line.find(' ');
    const auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos)
        return refuse(refusal, 400,
                      "the request line must be METHOD, a space, the target, a space and the "
                      "HTTP version");
    head.method = line.substr(0, first);
    head.target = line.substr(first + 1, second - first - 1);
    head.version = line.substr(second + 1);
    head.has_request_line = true;
    if (!is_token(head.method))
        return refuse(refusal, 400, "the method is not a token");
    if (head.target.empty())
        return refuse(refusal, 400, "an empty request-target");
    for (const char ch : head.target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F)
            return refuse(refusal, 400,
                          "the request-target contains a space or a control character");
    }
    const auto v = head.version;
    if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || v[5] < '0' || v[5] > '9' || v[6] != '.' ||
        v[7] < '0' || v[7] > '9')
        return refuse(refusal, 400, "malformed HTTP version: " + quote(v));
    if (v != "HTTP/1.1" && v != "HTTP/1.0")
        return refuse(refusal, 505, "HTTP version not supported: " + quote(v));
    if (!is_known_method(head.method))
        return refuse(refusal, 501, "method not implemented: " + quote(head.method));
    return ParseOutcome::Complete;
}

/// name ":" OWS value OWS, checked; appended to head.fields.
ParseOutcome parse_field_line(std::string_view line, Head& head, Refusal& refusal) {
    if (is_ows(line.front()))
        return refuse(refusal, 400, "obs-fold: a field line starts with whitespace");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return refuse(refusal, 400, "a field line without a colon");
    const auto name = line.substr(0, colon);
    if (!name.empty() && is_ows(name.back()))
        return refuse(refusal, 400, "whitespace between a field name and its colon");
    if (!is_token(name))
        return refuse(refusal, 400, "a field name that is not a token");
    const auto value = rdf::trim_ows(line.substr(colon + 1));
    if (!is_field_text(value))
        return refuse(refusal, 400, "a control character in the value of " + quote(name));
    head.fields.emplace_back(name, value);
    return ParseOutcome::Complete;
}

/// What the fields say about framing and the connection (RFC 9112 §6, §9.3).
ParseOutcome read_fields(Head& head, Refusal& refusal) {
    bool has_length = false;
    bool has_coding = false;
    bool close = false;
    bool keep_alive = false;
    std::size_t hosts = 0;
    std::string_view codings;
    std::size_t chunked = 0;
    std::string_view last_coding;
    for (const auto& [name, value] : head.fields) {
        if (rdf::iequals(name, "Host")) {
            ++hosts;
        } else if (rdf::iequals(name, "Content-Length")) {
            std::uint64_t length = 0;
            if (!parse_length(value, length))
                return refuse(refusal, 400, "invalid Content-Length: " + quote(value));
            if (has_length && length != head.length)
                return refuse(refusal, 400, "conflicting Content-Length fields");
            has_length = true;
            head.length = length;
        } else if (rdf::iequals(name, "Transfer-Encoding")) {
            has_coding = true;
            codings = value;
            for_each_element(value, [&](std::string_view coding) {
                chunked += rdf::iequals(coding, "chunked") ? 1u : 0u;
                last_coding = coding;
            });
        } else if (rdf::iequals(name, "Connection")) {
            close = close || has_token(value, "close");
            keep_alive = keep_alive || has_token(value, "keep-alive");
        } else if (rdf::iequals(name, "Expect")) {
            head.expect_continue = rdf::iequals(value, "100-continue");
        }
    }
    if (hosts > 1)
        return refuse(refusal, 400, "more than one Host header field");
    const bool http10 = head.version == "HTTP/1.0";
    if (has_coding) {
        if (has_length)
            return refuse(refusal, 400, "both Transfer-Encoding and Content-Length");
        if (http10)
            return refuse(refusal, 400, "Transfer-Encoding in an HTTP/1.0 request");
        if (chunked != 1 || !rdf::iequals(last_coding, "chunked"))
            return refuse(refusal, 400,
                          "Transfer-Encoding must end in chunked, once: " + quote(codings));
        head.framing = BodyFraming::Chunked;
    } else if (has_length && head.length > 0) {
        head.framing = BodyFraming::Length;
    }
    head.expect_continue = head.expect_continue && !http10;
    head.persistent = !close && (!http10 || keep_alive);
    return ParseOutcome::Complete;
}

} // namespace

bool has_token(std::string_view field, std::string_view token) {
    bool found = false;
    for_each_element(
        field, [&](std::string_view element) { found = found || rdf::iequals(element, token); });
    return found;
}

ParseOutcome parse_head(std::string_view bytes, Head& head, Refusal& refusal,
                        const HeadLimits& limits) {
    head.fields.clear();
    head.framing = BodyFraming::None;
    head.length = 0;
    head.expect_continue = false;
    head.persistent = true;
    head.has_request_line = false;

    std::size_t pos = 0;
    for (std::size_t empty = 0; bytes.substr(pos, 2) == "\r\n"; ++empty) {
        if (empty == max_empty_lines)
            return refuse(refusal, 400, "too many empty lines before the request line");
        pos += 2;
    }

    // Each line is judged by its length first, whole or not, then by its syntax once whole:
    // a prefix of any line is refused exactly when the whole line would be, for the same
    // reason. `seen` counts the bytes before the LF (or all there are), CR included.
    auto end = bytes.find('\n', pos);
    std::size_t seen = (end == std::string_view::npos ? bytes.size() : end) - pos;
    if (seen > limits.request_line + 1)
        return refuse(refusal, 414, "request line longer than 8 KiB");
    if (end == std::string_view::npos)
        return ParseOutcome::Incomplete;
    if (seen == 0 || bytes[end - 1] != '\r')
        return refuse(refusal, 400, "a line ending in a bare LF instead of CRLF");
    if (const auto outcome = parse_request_line(bytes.substr(pos, seen - 1), head, refusal);
        outcome != ParseOutcome::Complete)
        return outcome;
    pos = end + 1;

    std::size_t field_bytes = 0;
    while (true) {
        if (pos == bytes.size())
            return ParseOutcome::Incomplete;
        end = bytes.find('\n', pos);
        seen = (end == std::string_view::npos ? bytes.size() : end) - pos;
        // A lone CR is, or may yet be, the empty line that ends the head.
        const bool may_end = seen == 1 && bytes[pos] == '\r';
        if (!may_end && (head.fields.size() >= limits.fields || seen > limits.field_line + 1 ||
                         field_bytes + seen + 1 > limits.field_bytes))
            return refuse(refusal, 431, too_large_fields);
        if (end == std::string_view::npos)
            return ParseOutcome::Incomplete;
        if (seen == 0 || bytes[end - 1] != '\r')
            return refuse(refusal, 400, "a line ending in a bare LF instead of CRLF");
        pos = end + 1;
        if (may_end)
            break;
        field_bytes += seen + 1;
        if (const auto outcome =
                parse_field_line(bytes.substr(end - seen, seen - 1), head, refusal);
            outcome != ParseOutcome::Complete)
            return outcome;
    }
    head.size = pos;
    return read_fields(head, refusal);
}

bool to_request(const Head& head, Request& request, Refusal& refusal) {
    request.method.assign(head.method);
    request.version.assign(head.version);
    request.headers.resize(head.fields.size());
    for (std::size_t i = 0; i < head.fields.size(); ++i) {
        request.headers[i].first.assign(head.fields[i].first);
        request.headers[i].second.assign(head.fields[i].second);
    }

    const auto target = head.target;
    if (target.front() == '/') {
        request.target.assign(target);
        return true;
    }
    if (target == "*") {
        request.target.assign(target);
        if (head.method == "OPTIONS")
            return true;
        refusal = {400, "the target * is for OPTIONS only"};
        return false;
    }
    const auto scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos) {
        request.target.assign(target);
        if (head.method == "CONNECT")
            return true; // authority-form; the application answers CONNECT
        refusal = {400, "the request-target is neither a path nor an absolute http URL"};
        return false;
    }
    const auto scheme = target.substr(0, scheme_end);
    if (!rdf::iequals(scheme, "http") && !rdf::iequals(scheme, "https")) {
        refusal = {400, "only http and https URLs can be requested, not " + quote(scheme)};
        return false;
    }
    // Absolute-form (RFC 9112 §3.2.2): the target's authority wins over Host.
    const auto rest = target.substr(scheme_end + 3);
    const auto authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.empty() || authority.find('@') != std::string_view::npos) {
        refusal = {400, "the target's authority must be a host (and port), without userinfo"};
        return false;
    }
    const auto path = rest.substr(authority.size());
    request.target.assign(path.empty() || path.front() != '/' ? "/" : "");
    request.target.append(path);
    bool replaced = false;
    for (auto& [name, value] : request.headers)
        if (iequals(name, "Host")) {
            value.assign(authority);
            replaced = true;
        }
    // HTTP/1.1 must still send Host (the application refuses it without); HTTP/1.0 need not.
    if (!replaced && head.version == "HTTP/1.0")
        request.headers.emplace_back("Host", std::string(authority));
    return true;
}

std::string content_too_large(std::uint64_t limit) {
    const bool mebibytes =
        limit >= (std::uint64_t{1} << 20) && limit % (std::uint64_t{1} << 20) == 0;
    return "request content larger than " + (mebibytes ? std::to_string(limit >> 20) + " MiB"
                                                       : std::to_string(limit >> 10) + " KiB");
}

std::size_t ChunkedBody::refuse(int status, std::string reason) {
    state_ = State::Refused;
    refusal_ = {status, std::move(reason)};
    return 0;
}

std::size_t ChunkedBody::consume(std::string_view bytes) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const auto rest = bytes.substr(pos);
        switch (state_) {
        case State::Size:
        case State::Trailer: {
            const bool size_line = state_ == State::Size;
            const auto end = rest.find('\n');
            const auto seen = end == std::string_view::npos ? rest.size() : end;
            if (size_line && seen > max_chunk_line)
                return refuse(400, "a chunk-size line longer than 4 KiB");
            if (!size_line && trailer_bytes_ + seen > max_trailer_bytes)
                return refuse(400, "a trailer section larger than 8 KiB");
            if (end == std::string_view::npos)
                return pos;
            if (end == 0 || rest[end - 1] != '\r')
                return refuse(400, "a line ending in a bare LF instead of CRLF");
            const auto line = rest.substr(0, end - 1);
            pos += end + 1;
            if (!size_line) {
                trailer_bytes_ += end + 1;
                if (line.empty()) {
                    state_ = State::Done;
                    return pos;
                }
                Head ignored;
                Refusal why;
                if (parse_field_line(line, ignored, why) != ParseOutcome::Complete)
                    return refuse(400, "a malformed trailer field");
                break;
            }
            std::size_t digits = 0;
            std::uint64_t size = 0;
            for (; digits < line.size(); ++digits) {
                const char c = rdf::ascii_lower(line[digits]);
                const int v = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                     : -1;
                if (v < 0)
                    break;
                if (size > (std::numeric_limits<std::uint64_t>::max() >> 4))
                    return refuse(413, content_too_large(max_bytes_));
                size = size * 16 + static_cast<std::uint64_t>(v);
            }
            const auto extension = rdf::trim_ows(line.substr(digits));
            if (digits == 0 || (!extension.empty() && extension.front() != ';') ||
                !is_field_text(extension))
                return refuse(400, "a malformed chunk size: " + quote(line));
            if (size > max_bytes_ - total_)
                return refuse(413, content_too_large(max_bytes_));
            total_ += size;
            remaining_ = size;
            state_ = size == 0 ? State::Trailer : State::Data;
            break;
        }
        case State::Data: {
            const auto n = static_cast<std::size_t>(
                std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(rest.size())));
            if (kept_)
                kept_->append(rest.data(), n);
            pos += n;
            remaining_ -= n;
            if (remaining_ == 0)
                state_ = State::DataEnd;
            break;
        }
        case State::DataEnd:
            if (rest[0] != '\r' || (rest.size() > 1 && rest[1] != '\n'))
                return refuse(400, "chunk data not followed by CRLF");
            if (rest.size() < 2)
                return pos;
            pos += 2;
            state_ = State::Size;
            break;
        case State::Done:
        case State::Refused:
            return pos;
        }
    }
    return pos;
}

} // namespace seeother::server
