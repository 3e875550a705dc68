#include "server/http/http_server.hpp"

#include "server/http/access_log.hpp"
#include "server/http/connection_loop.hpp"
#include "server/http/http_date.hpp"
#include "server/http/metrics.hpp"

#include <httplib.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <netdb.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

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

/// True when a field could split the header section. Replies are built from checked
/// requests, so this never fires; it is the last line of defence.
bool breaks_framing(std::string_view text) {
    for (const char c : text)
        if (c == '\r' || c == '\n' || c == '\0')
            return true;
    return false;
}

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

/// cpp-httplib writes each reply head through its own request cycle (process_request),
/// with seeother's reply handed in by the pre-routing handler. It is given no request
/// field to act on, so its own handling of Range (416), Expect, Accept-Encoding
/// (compression) and Connection never applies; the post-routing handler takes out what
/// it adds on its own (Content-Length: 0 on a 204 or 304, Accept-Ranges: bytes).
class HttplibWriter final : public httplib::Server, public ReplyWriter {
  public:
    HttplibWriter(int keep_alive_timeout, std::size_t keep_alive_requests,
                  std::function<std::string()> date)
        : date_(date ? std::move(date) : std::function<std::string()>(http_date)) {
        set_keep_alive_timeout(keep_alive_timeout);
        set_keep_alive_max_count(keep_alive_requests);
        set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
            const Reply& reply = *job->reply;
            res.status = reply.status;
            // Straight into the map: set_header scans every value byte by byte.
            for (const auto& [name, value] : reply.headers)
                if (!breaks_framing(name) && !breaks_framing(value))
                    res.headers.emplace(name, value);
            if (has_content_length(reply.status))
                res.headers.emplace("Content-Length", std::to_string(reply.body.size()));
            return httplib::Server::HandlerResponse::Handled;
        });
        set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
            const Reply& reply = *job->reply;
            if (!has_content_length(reply.status))
                res.headers.erase("Content-Length");
            if (reply.header("Accept-Ranges").empty())
                res.headers.erase("Accept-Ranges");
            // HTTP/1.0 closes by default: a connection kept open says so.
            if (!job->close && job->request->version == "HTTP/1.0")
                res.headers.emplace("Connection", "keep-alive");
            if (reply.header("Date").empty())
                res.headers.emplace("Date", date_());
        });
    }

    void write_head(const Request& request, const Reply& reply, bool close,
                    std::string& out) override {
        // The head of a kept-alive HTTP/1.1 reply depends only on the reply (and the
        // time): httplib writes it once, and a reply sent again (a cached one) reuses those
        // bytes with today's Date. GET and HEAD get the same head.
        const bool reusable = !close && request.version == "HTTP/1.1";
        if (reusable)
            if (const auto* memo = reply.head_memo.get()) {
                const auto start = out.size();
                out += memo->bytes;
                if (memo->date != std::string::npos)
                    out.replace(start + memo->date, date_length, date_());
                return;
            }
        const Job current{&request, &reply, close};
        job = &current;
        const auto start = out.size();
        HeadStream stream(out);
        bool closed = false;
        process_request(stream, close, closed, nullptr);
        job = nullptr;
        if (!reusable)
            return;
        auto memo = std::make_unique<HeadMemo::Head>();
        memo->bytes = out.substr(start);
        if (const auto date = memo->bytes.find("\r\nDate: ");
            date != std::string::npos && reply.header("Date").empty())
            memo->date = date + 8;
        reply.head_memo.set(std::move(memo));
    }

  private:
    struct Job {
        const Request* request;
        const Reply* reply;
        bool close;
    };
    static thread_local const Job* job;
    std::function<std::string()> date_;
};

thread_local const HttplibWriter::Job* HttplibWriter::job = nullptr;

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
                                               std::function<std::string()> date) {
    return std::make_unique<HttplibWriter>(keep_alive_timeout, keep_alive_requests,
                                           std::move(date));
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
