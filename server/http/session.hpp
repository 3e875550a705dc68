// One HTTP/1.1 connection's protocol, without the socket: the bytes the client sent go in,
// the replies to every request complete among them come out, in order, with the decision
// to keep the connection or close it. One read buffer lives as long as the connection, so
// pipelined requests are answered in order and a request split across segments is
// answered exactly as the same bytes in one piece; request content is read and discarded,
// never taken for a request. The socket loop (connection_loop.hpp) feeds it and writes what
// it produces; tests and the fuzz target feed it directly.
#pragma once

#include "server/http/framing.hpp"
#include "server/http/reply.hpp"
#include "server/http/request.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct iovec;

namespace seeother::server {

/// What the transport asks of the application, as values: the reply to each request it
/// has read, and the reply for a request it refuses itself (framing, limits, overload:
/// 400, 413, 414, 431, 501, 505, 503) given its status and a short reason.
struct Application {
    std::function<std::shared_ptr<const Reply>(const Request&)> respond;
    std::function<std::shared_ptr<const Reply>(int status, std::string_view reason)> refuse;
};

/// Writes the status line and header fields of a reply (the body is the session's).
class ReplyWriter {
  public:
    virtual ~ReplyWriter() = default;
    /// Appends the head of `reply` to `request` to `out`, ending in the empty line;
    /// `close` says the connection closes after it.
    virtual void write_head(const Request& request, const Reply& reply, bool close,
                            std::string& out) = 0;
};

/// One request answered, as the access log and the metrics see it.
struct Exchange {
    const Request& request; ///< refused: what could be read of the request line
    const Reply& reply;
    std::size_t body_bytes; ///< body bytes sent (0 for HEAD, 204, 304)
    bool refused;           ///< refused by the transport; the application never saw it
    double seconds;         ///< from the complete request to its reply
    std::string_view peer;  ///< the client's address, as set_peer() gave it
};

struct SessionSettings {
    HeadLimits limits;
    std::uint64_t max_content = 64 * 1024; ///< request content read and discarded; 413 beyond
    /// When not 0, the content of PUT and POST is kept in Request::body, up to this many
    /// bytes (413 beyond): the server takes writes.
    std::uint64_t max_upload = 0;
    std::size_t keep_alive_requests = 10000;
    std::function<void(const Exchange&)> on_exchange; ///< optional: every reply as it is queued
};

/// Bytes waiting to be written: reply heads, and reply bodies shared with the reply cache
/// (never copied).
class Output {
  public:
    void add(std::string head, std::shared_ptr<const Reply> reply, bool with_body);
    bool empty() const { return first_ == pieces_.size(); }
    /// Fills up to `max` iovecs with what is left, in order; returns how many.
    std::size_t gather(iovec* out, std::size_t max) const;
    /// Drops the first `bytes` written.
    void consumed(std::size_t bytes);

  private:
    struct Piece {
        std::string head;
        std::shared_ptr<const Reply> reply; ///< keeps the body alive while it is written
        std::string_view body;
    };
    std::vector<Piece> pieces_;
    std::size_t first_ = 0;  ///< pieces before it are written
    std::size_t offset_ = 0; ///< bytes of pieces_[first_] written (head, then body)
};

class Session {
  public:
    Session(const SessionSettings& settings, const Application& application, ReplyWriter& writer);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// A place for at least `at_least` bytes at the end of the read buffer; after reading
    /// n bytes into it, commit(n).
    char* read_space(std::size_t at_least, std::size_t& room);
    void commit(std::size_t n);
    /// read_space, copy and commit in one.
    void receive(std::string_view bytes);
    /// The client sends nothing more (it half-closed, or the connection ended).
    void end_of_input();

    /// Answers requests complete in the buffer, at most `max_requests` of them, until one
    /// is incomplete or the connection is to close; replies are appended to output().
    void advance(std::size_t max_requests = SIZE_MAX);

    Output& output() { return output_; }
    /// Nothing more will be read or answered: close once output() is written.
    bool closing() const { return closing_; }
    /// Read out what the client still sends before closing: it was refused while sending,
    /// or bytes it sent are unread (closing on them would reset the connection and could
    /// destroy the reply before the client reads it).
    bool must_linger() const { return linger_ || start_ != end_; }
    /// Part of a request has arrived, or its content is being read.
    bool mid_request() const;
    /// A request's content is being read (it has a head).
    bool reading_content() const { return phase_ != Phase::Head; }
    /// advance() stopped at max_requests with bytes of further requests unread.
    bool has_request() const { return more_; }
    std::size_t answered() const { return answered_; }
    /// The client's address, for Exchange::peer.
    void set_peer(std::string peer) { peer_ = std::move(peer); }
    const std::string& peer() const { return peer_; }

    /// The server stops: what is being answered is finished, with Connection: close; no
    /// further request is read.
    void stop();
    /// Frees the read buffer when it holds nothing (an idle connection costs no buffer).
    void release_buffer();

  private:
    enum class Phase { Head, Length, Chunked };

    std::string_view unread() const { return {buffer_.get() + start_, end_ - start_}; }
    bool head_may_be_complete();
    void respond();
    void refuse(const Refusal& refusal);
    void queue(const std::shared_ptr<const Reply>& reply, bool close, bool refused,
               std::chrono::steady_clock::time_point started);

    const SessionSettings& settings_;
    const Application& application_;
    ReplyWriter& writer_;

    std::unique_ptr<char[]> buffer_;
    std::size_t capacity_ = 0;
    std::size_t start_ = 0;      ///< first unread byte
    std::size_t end_ = 0;        ///< one past the last byte received
    std::size_t scanned_ = 0;    ///< bytes of the unread head already searched for a LF
    std::size_t line_start_ = 0; ///< where the head's last, incomplete line starts

    Phase phase_ = Phase::Head;
    Head head_;
    Request request_;
    bool request_built_ = false; ///< request_ holds the request being answered
    bool persistent_ = true;
    std::uint64_t remaining_ = 0; ///< Phase::Length: content bytes still to read
    bool keep_content_ = false;   ///< the content goes to request_.body
    ChunkedBody chunked_;
    std::chrono::steady_clock::time_point head_done_;

    Output output_;
    std::string peer_;
    std::size_t answered_ = 0;
    bool more_ = false;
    bool eof_ = false;
    bool closing_ = false;
    bool linger_ = false; ///< refused mid-request
    bool stopping_ = false;
};

} // namespace seeother::server
