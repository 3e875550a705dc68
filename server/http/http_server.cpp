#include "server/http/http_server.hpp"

#include "server/http/access_log.hpp"
#include "server/http/connection_loop.hpp"
#include "server/http/http_date.hpp"
#include "server/http/metrics.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <netdb.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace seeother::server {
namespace {

/// The current time as an HTTP date (RFC 9110 §5.6.7), formatted once a second per thread.
std::string http_date() {
    thread_local std::time_t cached = 0;
    thread_local std::string text;
    const std::time_t now = std::time(nullptr);
    if (now != cached) {
        text = format_http_date(now);
        cached = now;
    }
    return text;
}

/// "Sun, 06 Dec 2026 22:16:13 GMT": every HTTP date has this length.
constexpr std::size_t date_length = 29;

/// Replies that never carry Content-Length: 1xx and 204 (RFC 9110 §8.6); and 304, whose
/// length would have to be the 200's (we send none, as RFC 9110 §8.6 allows).
bool has_content_length(int status) {
    return status >= 200 && status != 204 && status != 304;
}

/// What httplib reads and writes for one reply: a stand-in request line (the request
/// itself is seeother's, parsed and checked in framing.cpp), and the reply head it writes.
class HeadStream final : public httplib::Stream {
  public:
    explicit HeadStream(std::string& out) : out_(out) {}
    bool is_readable() const override { return true; }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, size_t size) override {
        const auto n = std::min(size, line.size() - read_);
        std::memcpy(ptr, line.data() + read_, n);
        read_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        out_.append(ptr, size);
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip.clear();
        port = 0;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip.clear();
        port = 0;
    }
    socket_t socket() const override { return INVALID_SOCKET; }

  private:
    static constexpr std::string_view line = "GET / HTTP/1.1\r\n\r\n";
    std::size_t read_ = 0;
    std::string& out_;
};

/// What one head says: the reply's fields that cannot split the head, and the two the writer
/// adds (Content-Length, Date). `flags` holds what else changes the head's shape.
struct HeadFields {
    int status = 200;
    std::vector<std::pair<std::string_view, std::string_view>> headers;
    std::string content_length; ///< empty: none (1xx, 204, 304)
    std::string date;           ///< empty: the reply has its own
    bool close = false;
    bool http10 = false;
    bool accept_ranges = false; ///< the reply has a non-empty Accept-Ranges

    HeadFields(const Request& request, const Reply& reply, bool closing)
        : status(reply.status), close(closing), http10(request.version == "HTTP/1.0"),
          accept_ranges(!reply.header("Accept-Ranges").empty()) {
        headers.reserve(reply.headers.size());
        for (const auto& [name, value] : reply.headers)
            // A field that could split the head is left out. Replies are built from
            // checked requests, so this never fires: it is the last line of defence.
            if (!has_cr_lf_or_nul(name) && !has_cr_lf_or_nul(value))
                headers.emplace_back(name, value);
        if (has_content_length(status))
            content_length = std::to_string(reply.body.size());
    }

    /// The values in the order a layout numbers them: the fields', Content-Length, Date.
    template <class Each> void each_value(Each&& each) const {
        for (const auto& field : headers)
            each(field.second);
        if (!content_length.empty())
            each(std::string_view(content_length));
        if (!date.empty())
            each(std::string_view(date));
    }

    /// Everything but the values: equal shapes get heads that differ only in the values.
    void shape(std::string& key) const {
        key += std::to_string(status);
        key +=
            static_cast<char>('0' + (close ? 1 : 0) + (http10 ? 2 : 0) + (accept_ranges ? 4 : 0) +
                              (content_length.empty() ? 0 : 8) + (date.empty() ? 0 : 16));
        for (const auto& field : headers) {
            key += field.first;
            key += '\n';
        }
    }
};

/// The head httplib writes for one shape of reply, as text with a numbered value between
/// each two parts (HeadFields::each_value's order). httplib writes a head through a whole
/// request cycle (a stand-in request parsed, a map of fields, snprintf per field): about a
/// tenth of a cold document's CPU. It writes each shape once, with markers for values; the
/// heads after are its text with the values put in, the very bytes it would write.
class HeadLayout {
  public:
    /// The layout of `head`, written with marker(i) for each of `values` values; null when
    /// the markers cannot be told apart from the rest (a name holding one).
    static std::unique_ptr<const HeadLayout> read(std::string_view head, std::size_t values) {
        auto layout = std::make_unique<HeadLayout>();
        std::vector<bool> seen(values, false);
        std::size_t from = 0;
        for (std::size_t at; (at = head.find(mark, from)) != std::string_view::npos;) {
            const std::size_t end = head.find(mark, at + 1);
            if (end == std::string_view::npos || end == at + 1 || end - at > 6)
                return nullptr;
            std::size_t index = 0;
            for (std::size_t i = at + 1; i < end; ++i) {
                if (head[i] < '0' || head[i] > '9')
                    return nullptr;
                index = index * 10 + static_cast<std::size_t>(head[i] - '0');
            }
            if (index >= values || seen[index])
                return nullptr;
            seen[index] = true;
            layout->parts_.push_back({std::string(head.substr(from, at - from)), index});
            from = end + 1;
        }
        if (std::find(seen.begin(), seen.end(), false) != seen.end())
            return nullptr;
        layout->tail_ = std::string(head.substr(from));
        return layout;
    }

    static std::string marker(std::size_t index) { return mark + std::to_string(index) + mark; }

    /// Appends the head of `fields` (this layout's shape); returns where the value numbered
    /// `date` (when not npos) starts in `out`.
    std::size_t write(const HeadFields& fields, std::size_t date, std::string& out) const {
        thread_local std::vector<std::string_view> values;
        values.clear();
        fields.each_value([](std::string_view v) { values.push_back(v); });
        // One resize, then a copy a piece: a head is some forty pieces, and an append each
        // cost more than the copying.
        std::size_t size = tail_.size();
        for (const Part& part : parts_)
            size += part.text.size() + values[part.value].size();
        std::size_t at = out.size();
        out.resize(at + size);
        const auto copy = [&](std::string_view piece) {
            if (!piece.empty()) // an empty view's data may be null, which memcpy must not get
                std::memcpy(&out[at], piece.data(), piece.size());
            at += piece.size();
        };
        std::size_t date_at = std::string::npos;
        for (const Part& part : parts_) {
            copy(part.text);
            if (part.value == date)
                date_at = at;
            copy(values[part.value]);
        }
        copy(tail_);
        return date_at;
    }

  private:
    static constexpr char mark = '\x01';
    struct Part {
        std::string text; ///< written before the value
        std::size_t value;
    };
    std::vector<Part> parts_;
    std::string tail_;
};

/// cpp-httplib writes each reply head through its own request cycle (process_request),
/// with seeother's reply handed in by the pre-routing handler. It is given no request
/// field to act on, so its own handling of Range (416), Expect, Accept-Encoding
/// (compression) and Connection never applies; the post-routing handler takes out what
/// it adds on its own (Content-Length: 0 on a 204 or 304, Accept-Ranges: bytes). Each
/// shape of head is written by httplib once per thread (HeadLayout).
class HttplibWriter final : public httplib::Server, public ReplyWriter {
  public:
    HttplibWriter(int keep_alive_timeout, std::size_t keep_alive_requests,
                  std::function<std::string()> date, bool layouts)
        : date_(date ? std::move(date) : std::function<std::string()>(http_date)),
          layouts_(layouts), serial_(next_serial++) {
        set_keep_alive_timeout(keep_alive_timeout);
        set_keep_alive_max_count(keep_alive_requests);
        set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
            const HeadFields& fields = *job;
            res.status = fields.status;
            // Straight into the map: set_header scans every value byte by byte.
            for (const auto& [name, value] : fields.headers)
                res.headers.emplace(name, value);
            if (!fields.content_length.empty())
                res.headers.emplace("Content-Length", fields.content_length);
            return httplib::Server::HandlerResponse::Handled;
        });
        set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
            const HeadFields& fields = *job;
            if (fields.content_length.empty())
                res.headers.erase("Content-Length");
            if (!fields.accept_ranges)
                res.headers.erase("Accept-Ranges");
            // HTTP/1.0 closes by default: a connection kept open says so.
            if (!fields.close && fields.http10)
                res.headers.emplace("Connection", "keep-alive");
            if (!fields.date.empty())
                res.headers.emplace("Date", fields.date);
        });
    }

    void write_head(const Request& request, const Reply& reply, bool close,
                    std::string& out) override {
        // The head of a kept-alive HTTP/1.1 reply depends only on the reply (and the
        // time): a reply sent again (a cached one) reuses its bytes with today's Date. GET
        // and HEAD get the same head.
        const bool reusable = !close && request.version == "HTTP/1.1";
        if (reusable)
            if (const auto* memo = reply.head_memo.get()) {
                const auto start = out.size();
                out += memo->bytes;
                if (memo->date != std::string::npos)
                    out.replace(start + memo->date, date_length, date_());
                return;
            }
        HeadFields fields(request, reply, close);
        if (reply.header("Date").empty())
            fields.date = date_();
        const auto start = out.size();
        std::size_t date_at = std::string::npos;
        if (const HeadLayout* layout = layouts_ ? layout_of(fields) : nullptr) {
            date_at = layout->write(
                fields, fields.date.empty() ? std::string::npos : value_count(fields) - 1, out);
        } else {
            write_by_httplib(fields, out);
            if (!fields.date.empty())
                if (const auto date = out.find("\r\nDate: ", start); date != std::string::npos)
                    date_at = date + 8;
        }
        if (!reusable)
            return;
        auto memo = std::make_unique<HeadMemo::Head>();
        memo->bytes = out.substr(start);
        if (date_at != std::string::npos)
            memo->date = date_at - start;
        reply.head_memo.set(std::move(memo));
    }

  private:
    static std::size_t value_count(const HeadFields& fields) {
        std::size_t n = 0;
        fields.each_value([&](std::string_view) { ++n; });
        return n;
    }

    void write_by_httplib(const HeadFields& fields, std::string& out) {
        job = &fields;
        HeadStream stream(out);
        bool closed = false;
        process_request(stream, fields.close, closed, nullptr);
        job = nullptr;
    }

    /// The layout of this shape of head, asked of httplib the first time this thread meets
    /// it; null when it has none (HeadLayout::read).
    const HeadLayout* layout_of(const HeadFields& fields) {
        struct Known {
            std::unordered_map<std::string, std::unique_ptr<const HeadLayout>> layouts;
            std::string key;
        };
        thread_local Known known;
        known.key.assign(reinterpret_cast<const char*>(&serial_), sizeof serial_);
        fields.shape(known.key);
        if (const auto found = known.layouts.find(known.key); found != known.layouts.end())
            return found->second.get();
        // Shapes are few (a kind of reply each); a flood of odd ones starts the memo afresh.
        if (known.layouts.size() >= 1024)
            known.layouts.clear();
        HeadFields marked = fields;
        std::vector<std::string> markers;
        std::size_t n = 0;
        fields.each_value([&](std::string_view) { markers.push_back(HeadLayout::marker(n++)); });
        for (std::size_t i = 0; i < marked.headers.size(); ++i)
            marked.headers[i].second = markers[i];
        std::size_t next = marked.headers.size();
        if (!marked.content_length.empty())
            marked.content_length = markers[next++];
        if (!marked.date.empty())
            marked.date = markers[next];
        std::string head;
        write_by_httplib(marked, head);
        auto& slot = known.layouts[known.key];
        slot = HeadLayout::read(head, markers.size());
        return slot.get();
    }

    static thread_local const HeadFields* job;
    static inline std::atomic<std::uint64_t> next_serial{0};
    std::function<std::string()> date_;
    bool layouts_;
    std::uint64_t serial_;
};

thread_local const HeadFields* HttplibWriter::job = nullptr;

/// At most this many connections fit in the open-file limit: some descriptors stay for
/// data files and logs, and some for connections that are answered 503 and closed.
std::size_t connections_within_file_limit(std::size_t wanted) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return wanted;
    const auto files = static_cast<std::size_t>(limit.rlim_cur);
    const std::size_t reserve = 1100;
    return std::max<std::size_t>(
        1, std::min(wanted, files > reserve * 2 ? files - reserve : files / 2));
}

} // namespace

std::unique_ptr<ReplyWriter> make_reply_writer(int keep_alive_timeout,
                                               std::size_t keep_alive_requests,
                                               std::function<std::string()> date,
                                               HeadLayouts layouts) {
    return std::make_unique<HttplibWriter>(keep_alive_timeout, keep_alive_requests, std::move(date),
                                           layouts == HeadLayouts::kept);
}

struct HttpServer::Impl {
    ServerSettings settings;
    Application application;
    AccessLog access_log;
    Metrics metrics;
    std::unique_ptr<ReplyWriter> writer;
    std::unique_ptr<ConnectionLoop> loop;
    LoopSettings loop_settings;
    int listen_fd = -1;

    Impl(Application app, ServerSettings s)
        : settings(std::move(s)), application(std::move(app)),
          access_log(settings.access_log, settings.trust_proxy),
          writer(make_reply_writer(settings.keep_alive_timeout,
                                   static_cast<std::size_t>(settings.keep_alive_requests))) {
        auto& ls = loop_settings;
        ls.session.keep_alive_requests = static_cast<std::size_t>(settings.keep_alive_requests);
        ls.session.max_upload = settings.max_upload;
        ls.session.on_exchange = [this](const Exchange& e) {
            metrics.record(e.reply.status, e.seconds);
            if (e.refused)
                metrics.refused(e.reply.status);
            if (access_log.enabled())
                access_log.write(e.request, e.peer, e.reply.status, e.body_bytes);
        };
        const auto cores = std::max(1u, std::thread::hardware_concurrency());
        ls.threads = settings.threads > 0 ? static_cast<std::size_t>(settings.threads) : cores;
        ls.max_waiting = static_cast<std::size_t>(std::max(settings.max_waiting, 0));
        ls.max_connections =
            connections_within_file_limit(static_cast<std::size_t>(settings.max_connections));
        ls.keep_alive_timeout = std::chrono::seconds(settings.keep_alive_timeout);
        ls.read_timeout = std::chrono::seconds(settings.read_timeout);
        ls.write_timeout = std::chrono::seconds(settings.write_timeout);
        loop = std::make_unique<ConnectionLoop>(loop_settings, application, *writer);
    }

    ~Impl() {
        if (listen_fd >= 0)
            ::close(listen_fd);
    }
};

HttpServer::HttpServer(Application application, ServerSettings settings)
    : impl_(std::make_unique<Impl>(std::move(application), std::move(settings))) {}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
    const auto& s = impl_->settings;
    const auto fail = [&] {
        return std::runtime_error("cannot listen on " + s.host + ":" + std::to_string(s.port) +
                                  " (address in use, or not an address of this machine?)");
    };
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (::getaddrinfo(s.host.c_str(), std::to_string(s.port).c_str(), &hints, &found) != 0)
        throw fail();
    int fd = -1;
    for (auto* ai = found; ai && fd < 0; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        // A burst of new connections waits in a long backlog rather than being refused.
        if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(found);
    if (fd < 0)
        throw fail();
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
    impl_->listen_fd = fd;
    return ntohs(local.ss_family == AF_INET6
                     ? reinterpret_cast<const sockaddr_in6&>(local).sin6_port
                     : reinterpret_cast<const sockaddr_in&>(local).sin_port);
}

void HttpServer::run() {
    const int fd = impl_->listen_fd;
    impl_->listen_fd = -1; // the loop owns it now
    impl_->loop->run(fd);
}

void HttpServer::stop() {
    impl_->loop->stop();
}

std::string HttpServer::metrics() const {
    return impl_->metrics.prometheus(impl_->loop->connections());
}

} // namespace seeother::server
