// Strict HTTP/1.1 request framing over bytes (RFC 9112): where a request head ends, what it
// says, how its body is delimited, or why the request is refused. Pure functions over a
// buffer, checked before any request value exists. Every decision depends only on the bytes
// up to the point where it is made, so a request split across segments is read exactly as
// the same bytes in one piece.
#pragma once

#include "server/http/request.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::server {

/// Sizes beyond which a request is refused: 414 for the request line, 431 for the fields.
struct HeadLimits {
    std::size_t request_line = 8 * 1024; ///< bytes, CRLF excluded
    std::size_t field_line = 8 * 1024;   ///< bytes of one field line, CRLF excluded
    std::size_t fields = max_header_fields;
    std::size_t field_bytes = max_header_bytes; ///< all field lines, CRLFs included

    /// The most bytes a head within these limits can take (empty lines before it aside).
    std::size_t max_head() const { return request_line + 2 + field_bytes + 2; }
};

/// How a request's content is delimited (RFC 9112 §6.3).
enum class BodyFraming { None, Length, Chunked };

/// A complete request head; the views point into the buffer it was parsed from.
struct Head {
    std::size_t size = 0; ///< bytes up to and including the empty line ending the head
    std::string_view method;
    std::string_view target;
    std::string_view version;
    bool has_request_line = false; ///< method, target and version are read (even if refused)
    /// Field lines in order: names as sent, values without surrounding whitespace.
    std::vector<std::pair<std::string_view, std::string_view>> fields;
    BodyFraming framing = BodyFraming::None;
    std::uint64_t length = 0;     ///< the Content-Length, for BodyFraming::Length
    bool expect_continue = false; ///< HTTP/1.1 with Expect: 100-continue
    bool persistent = true;       ///< the client lets the connection stay open after the reply
};

/// A request the transport answers itself: the status and a short reason for the body.
struct Refusal {
    int status = 400;
    std::string reason;
};

enum class ParseOutcome { Incomplete, Complete, Refused };

/// Reads the head at the start of `bytes` into `head` (Complete), or says that more bytes
/// are needed (Incomplete) or why the request is refused (Refused: 400, 414, 431, 501 or
/// 505). Empty lines before the request line are skipped (RFC 9112 §2.2).
ParseOutcome parse_head(std::string_view bytes, Head& head, Refusal& refusal,
                        const HeadLimits& limits = {});

/// The request a complete head stands for: an absolute-form target becomes origin-form
/// and its authority replaces Host (RFC 9112 §3.2.2); a target of another form or scheme
/// is refused. Fills `request` (reusing its storage) or `refusal`; returns false when
/// refused.
bool to_request(const Head& head, Request& request, Refusal& refusal);

/// "request content larger than 64 KiB": the reason of a 413 for `limit` bytes.
std::string content_too_large(std::uint64_t limit);

/// A chunked body (RFC 9112 §7.1) read as it arrives, trailer section included, its data
/// appended to `kept` when given (else discarded); refused when malformed (400) or larger
/// than its limit (413).
class ChunkedBody {
  public:
    explicit ChunkedBody(std::uint64_t max_bytes = 0, std::string* kept = nullptr)
        : max_bytes_(max_bytes), kept_(kept) {}

    /// Consumes what it can of `bytes`; returns how many bytes it took. A line that has not
    /// arrived whole is left for the next call.
    std::size_t consume(std::string_view bytes);
    bool done() const { return state_ == State::Done; }
    bool refused() const { return state_ == State::Refused; }
    const Refusal& refusal() const { return refusal_; }

  private:
    enum class State { Size, Data, DataEnd, Trailer, Done, Refused };
    std::size_t refuse(int status, std::string reason);

    std::uint64_t max_bytes_;
    std::string* kept_;
    std::uint64_t total_ = 0;
    std::uint64_t remaining_ = 0;
    std::size_t trailer_bytes_ = 0;
    State state_ = State::Size;
    Refusal refusal_;
};

/// True when the comma-separated list `field` holds `token` (ASCII case-insensitive).
bool has_token(std::string_view field, std::string_view token);

} // namespace seeother::server
