#include "server/http/session.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <iostream>
#include <sys/uio.h>

namespace seeother::server {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t initial_buffer = 4096;
constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

/// Replies that carry no body, whatever their Content-Length says (RFC 9110 §6.4.1).
bool is_bodiless(const Request& request, int status) {
    return request.method == "HEAD" || status < 200 || status == 204 || status == 304;
}

/// Error replies end the connection: after them the client's next bytes cannot be trusted
/// to start a request.
bool closes_connection(int status) {
    switch (status) {
    case 400:
    case 413:
    case 414:
    case 431:
    case 500:
    case 501:
    case 505:
        return true;
    default:
        return false;
    }
}

} // namespace

void Output::add(std::string head, std::shared_ptr<const Reply> reply, bool with_body) {
    if (first_ == pieces_.size()) {
        pieces_.clear();
        first_ = 0;
        offset_ = 0;
    }
    Piece piece{std::move(head), std::move(reply), {}};
    if (with_body && piece.reply)
        piece.body = piece.reply->body;
    pieces_.push_back(std::move(piece));
}

std::size_t Output::gather(iovec* out, std::size_t max) const {
    std::size_t n = 0;
    std::size_t skip = offset_;
    for (std::size_t i = first_; i < pieces_.size() && n < max; ++i) {
        for (const std::string_view part : {std::string_view(pieces_[i].head), pieces_[i].body}) {
            if (skip >= part.size()) {
                skip -= part.size();
                continue;
            }
            if (n == max)
                break;
            out[n].iov_base = const_cast<char*>(part.data() + skip);
            out[n].iov_len = part.size() - skip;
            skip = 0;
            ++n;
        }
    }
    return n;
}

void Output::consumed(std::size_t bytes) {
    offset_ += bytes;
    while (first_ < pieces_.size()) {
        auto& piece = pieces_[first_];
        const auto size = piece.head.size() + piece.body.size();
        if (offset_ < size)
            break;
        offset_ -= size;
        piece = Piece{};
        ++first_;
    }
    if (first_ == pieces_.size()) {
        pieces_.clear();
        first_ = 0;
        offset_ = 0;
    }
}

Session::Session(const SessionSettings& settings, const Application& application,
                 ReplyWriter& writer)
    : settings_(settings), application_(application), writer_(writer) {}

char* Session::read_space(std::size_t at_least, std::size_t& room) {
    if (start_ == end_)
        start_ = end_ = 0;
    if (capacity_ - end_ < at_least) {
        if (start_ > 0) {
            std::memmove(buffer_.get(), buffer_.get() + start_, end_ - start_);
            end_ -= start_;
            start_ = 0;
        }
        if (capacity_ - end_ < at_least) {
            const auto capacity = std::max({capacity_ * 2, end_ + at_least, initial_buffer});
            std::unique_ptr<char[]> bigger(new char[capacity]);
            if (end_ > 0)
                std::memcpy(bigger.get(), buffer_.get(), end_);
            buffer_ = std::move(bigger);
            capacity_ = capacity;
        }
    }
    room = capacity_ - end_;
    return buffer_.get() + end_;
}

void Session::commit(std::size_t n) {
    end_ += n;
}

void Session::receive(std::string_view bytes) {
    std::size_t room = 0;
    char* space = read_space(bytes.size(), room);
    if (!bytes.empty())
        std::memcpy(space, bytes.data(), bytes.size());
    commit(bytes.size());
}

void Session::end_of_input() {
    eof_ = true;
}

bool Session::mid_request() const {
    return phase_ != Phase::Head || start_ != end_;
}

void Session::stop() {
    stopping_ = true;
}

void Session::release_buffer() {
    if (start_ == end_) {
        buffer_.reset();
        capacity_ = start_ = end_ = 0;
    }
}

bool Session::head_may_be_complete() {
    // Parse again only when a line has ended, or when the line being received has grown
    // past every line limit: a head arriving a byte at a time costs one parse per line.
    const auto view = unread();
    bool newline = false;
    if (scanned_ < view.size()) {
        if (const void* last = ::memrchr(view.data() + scanned_, '\n', view.size() - scanned_)) {
            newline = true;
            line_start_ =
                static_cast<std::size_t>(static_cast<const char*>(last) - view.data()) + 1;
        }
        scanned_ = view.size();
    }
    const auto longest = std::max(settings_.limits.request_line, settings_.limits.field_line) + 1;
    return newline || view.size() - line_start_ > longest;
}

void Session::advance(std::size_t max_requests) {
    more_ = false;
    std::size_t answered = 0;
    while (!closing_) {
        if (phase_ == Phase::Head) {
            if (start_ == end_ || (stopping_ && answered > 0)) {
                closing_ = eof_ || stopping_;
                break;
            }
            if (answered == max_requests) {
                more_ = true;
                break;
            }
            if (!head_may_be_complete()) {
                closing_ = eof_ || stopping_;
                break;
            }
            request_built_ = false;
            Refusal refusal;
            const auto outcome = parse_head(unread(), head_, refusal, settings_.limits);
            if (outcome == ParseOutcome::Incomplete) {
                closing_ = eof_ || stopping_;
                break;
            }
            if (outcome == ParseOutcome::Refused || !to_request(head_, request_, refusal)) {
                refuse(refusal);
                break;
            }
            request_built_ = true;
            head_done_ = Clock::now();
            persistent_ = head_.persistent;
            start_ += head_.size;
            scanned_ = line_start_ = 0;
            request_.body.clear();
            keep_content_ =
                settings_.max_upload > 0 && (request_.method == "PUT" || request_.method == "POST");
            const auto limit = keep_content_ ? settings_.max_upload : settings_.max_content;
            if (head_.framing == BodyFraming::Length) {
                if (head_.length > limit) {
                    refuse({413, content_too_large(limit)});
                    break;
                }
                remaining_ = head_.length;
                if (keep_content_)
                    request_.body.reserve(static_cast<std::size_t>(remaining_));
                phase_ = Phase::Length;
            } else if (head_.framing == BodyFraming::Chunked) {
                chunked_ = ChunkedBody(limit, keep_content_ ? &request_.body : nullptr);
                phase_ = Phase::Chunked;
            }
            // The client waits for this before it sends the content (RFC 9110 §10.1.1).
            if (phase_ != Phase::Head && head_.expect_continue && start_ == end_)
                output_.add(std::string(continue_line), nullptr, false);
        }
        if (phase_ == Phase::Length) {
            const auto take = std::min<std::uint64_t>(remaining_, end_ - start_);
            if (keep_content_)
                request_.body.append(buffer_.get() + start_, static_cast<std::size_t>(take));
            start_ += static_cast<std::size_t>(take);
            remaining_ -= take;
            if (remaining_ > 0) {
                closing_ = eof_ || stopping_;
                break;
            }
        } else if (phase_ == Phase::Chunked) {
            start_ += chunked_.consume(unread());
            if (chunked_.refused()) {
                refuse(chunked_.refusal());
                break;
            }
            if (!chunked_.done()) {
                closing_ = eof_ || stopping_;
                break;
            }
        }
        phase_ = Phase::Head;
        respond();
        ++answered;
    }
    if (start_ == end_)
        start_ = end_ = 0;
}

void Session::respond() {
    std::shared_ptr<const Reply> reply;
    try {
        reply = application_.respond(request_);
    } catch (const std::exception& e) {
        // A bug, not an answer: the client gets a 500 and the log the reason.
        std::cerr << "seeother: [server error] " << e.what() << " uri: " << request_.target
                  << std::endl;
    }
    if (!reply)
        reply = application_.refuse(500, "internal server error");
    const bool close = reply->close || !persistent_ || stopping_ ||
                       closes_connection(reply->status) ||
                       answered_ + 1 >= settings_.keep_alive_requests;
    queue(reply, close, false, head_done_);
    closing_ = close;
    // An upload's bytes are not kept for the life of the connection.
    if (keep_content_)
        std::string().swap(request_.body);
}

void Session::refuse(const Refusal& refusal) {
    if (!request_built_) {
        // What could be read of the request line, for the access log.
        const bool line = head_.has_request_line;
        request_.method.assign(line ? head_.method : std::string_view());
        request_.target.assign(line ? head_.target : std::string_view());
        request_.version.assign(line ? head_.version : std::string_view());
        request_.headers.clear();
        request_.body.clear();
    }
    closing_ = true;
    linger_ = true;
    queue(application_.refuse(refusal.status, refusal.reason), true, true, Clock::now());
}

void Session::queue(const std::shared_ptr<const Reply>& reply, bool close, bool refused,
                    Clock::time_point started) {
    const bool bodiless = is_bodiless(request_, reply->status);
    std::string head;
    writer_.write_head(request_, *reply, close, head);
    output_.add(std::move(head), reply, !bodiless);
    ++answered_;
    if (settings_.on_exchange) {
        const std::chrono::duration<double> took = Clock::now() - started;
        settings_.on_exchange(
            {request_, *reply, bodiless ? 0 : reply->body.size(), refused, took.count(), peer_});
    }
}

} // namespace seeother::server
