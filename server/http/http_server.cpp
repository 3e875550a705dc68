#include "server/http/http_server.hpp"

#include "server/http/metrics.hpp"
#include "server/http/worker_pool.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>

namespace seeother::server {
namespace {

using Clock = std::chrono::steady_clock;

Request to_request(const httplib::Request& req) {
    Request request;
    request.method = req.method;
    request.target = req.target;
    request.version = req.version;
    request.headers.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers)
        request.headers.emplace_back(name, value);
    return request;
}

/// True when a field value could split the header section. Replies are built from
/// validated requests (framing.cpp), so this never fires; it is the last line of defence.
bool breaks_framing(const std::string& value) {
    for (const char c : {'\r', '\n', '\0'})
        if (std::memchr(value.data(), c, value.size()))
            return true;
    return false;
}

void write_reply(const Reply& reply, httplib::Response& res) {
    res.status = reply.status;
    // Straight into the map: set_header's own check scans every value byte by byte, a
    // visible share of a cached reply's cost.
    for (const auto& [name, value] : reply.headers)
        if (!breaks_framing(value))
            res.headers.emplace(name, value);
    res.body = reply.body;
}

std::string reason_phrase(int status) {
    switch (status) {
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 416:
        return "Range Not Satisfiable";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Error " + std::to_string(status);
    }
}

/// After this handler, cpp-httplib would compress the body (again, and ignoring q-values)
/// when Accept-Encoding names br or gzip, and would cut it to a Range while keeping our
/// status. The reply is final as it is: it carries its own content coding, and Range is
/// ignored, as RFC 9110 §14.2 allows. httplib hands handlers its own, non-const Request
/// as a const reference, so dropping what it would act on is well defined.
void take_over_from_httplib(const httplib::Request& req) {
    auto& own = const_cast<httplib::Request&>(req);
    own.headers.erase("Accept-Encoding");
    own.ranges.clear();
}

/// Set while a connection is served by the shedding pool: every request on it is 503.
thread_local bool shedding = false;

/// cpp-httplib's task queue interface over our elastic pool. When every thread the pool
/// may have is busy, a new connection is not queued behind them: a small pool of its own
/// answers its requests at once with 503 and Retry-After, and asks it to close.
class PoolQueue final : public httplib::TaskQueue {
  public:
    PoolQueue(std::size_t initial, std::size_t maximum) : pool_(initial, maximum), shed_(2, 16) {}
    void enqueue(std::function<void()> fn) override {
        if (!pool_.saturated()) {
            pool_.enqueue(std::move(fn));
            return;
        }
        shed_.enqueue([fn = std::move(fn)] {
            shedding = true;
            fn();
            shedding = false;
        });
    }
    void shutdown() override {
        pool_.shutdown();
        shed_.shutdown();
    }

  private:
    WorkerPool pool_;
    WorkerPool shed_;
};

/// One line per request in the combined log format, to a file or stderr.
class AccessLog {
  public:
    explicit AccessLog(const std::string& destination) {
        if (destination.empty())
            return;
        file_ = destination == "-" ? stderr : std::fopen(destination.c_str(), "a");
        if (!file_)
            throw std::runtime_error("cannot open the access log " + destination);
        owned_ = destination != "-";
    }
    ~AccessLog() {
        if (owned_)
            std::fclose(file_);
    }
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    bool enabled() const { return file_ != nullptr; }

    void write(const httplib::Request& req, const httplib::Response& res) {
        char when[64];
        const std::time_t now = std::time(nullptr);
        std::tm tm{};
        ::gmtime_r(&now, &tm);
        std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
        const auto quoted = [](const std::string& s) {
            std::string out;
            for (const char c : s)
                out += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '?' : c;
            return out.empty() ? std::string("-") : out;
        };
        const std::string line = req.remote_addr + " - - [" + when + "] \"" +
                                 quoted(req.method + " " + req.target + " " + req.version) + "\" " +
                                 std::to_string(res.status) + " " +
                                 std::to_string(res.body.size()) + " \"" +
                                 quoted(req.get_header_value("Referer")) + "\" \"" +
                                 quoted(req.get_header_value("User-Agent")) + "\"\n";
        std::lock_guard lock(mutex_);
        std::fputs(line.c_str(), file_);
        std::fflush(file_);
    }

  private:
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    std::mutex mutex_;
};

/// Shuts down the reading side of every accepted TCP connection on `port` in this process.
/// cpp-httplib has no way to close idle kept-alive connections on shutdown; a thread
/// waiting on one sees end-of-stream and ends.
void close_connections(int port) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (...) {
            continue;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
            continue;
        int listening = 0;
        socklen_t len = sizeof listening;
        if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || listening)
            continue;
        sockaddr_storage local{};
        socklen_t local_len = sizeof local;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0)
            continue;
        int local_port = -1;
        if (local.ss_family == AF_INET)
            local_port = ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
        else if (local.ss_family == AF_INET6)
            local_port = ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port);
        if (local_port == port)
            ::shutdown(fd, SHUT_RD);
    }
}

} // namespace

struct HttpServer::Impl {
    Service& service;
    ServerSettings settings;
    AccessLog access_log;
    Metrics metrics;
    httplib::Server http;
    int listen_fd = -1;
    int port = 0;
    std::atomic<int> in_flight{0}; ///< requests between routing and logging

    Impl(Service& s, ServerSettings se)
        : service(s), settings(std::move(se)), access_log(settings.access_log) {
        configure();
    }

    /// /healthz and /metrics belong to the operator, not to the data set.
    bool operations(const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/healthz") {
            res.set_header("Cache-Control", "no-store");
            res.set_content("ok\n", "text/plain; charset=utf-8");
            return true;
        }
        if (req.path == "/metrics") {
            res.set_header("Cache-Control", "no-store");
            res.set_content(metrics.prometheus(service.store()->stats(), service.cache_stats(),
                                               service.generation()),
                            "text/plain; version=0.0.4; charset=utf-8");
            return true;
        }
        return false;
    }

    void configure() {
        // cpp-httplib's defaults are slow or fragile for a public server; each is set here
        // on purpose (README, "Defaults"). Nagle's algorithm with delayed ACKs costs ~40 ms
        // per response with a body.
        http.set_tcp_nodelay(true);
        http.set_keep_alive_max_count(static_cast<std::size_t>(settings.keep_alive_requests));
        http.set_keep_alive_timeout(settings.keep_alive_timeout);
        http.set_read_timeout(settings.read_timeout, 0);
        http.set_write_timeout(settings.write_timeout, 0);
        http.set_payload_max_length(64 * 1024);
        // Thread per connection: the pool grows with the open connections (up to
        // --max-connections) so that kept-alive clients never starve a new one.
        const auto initial = static_cast<std::size_t>(settings.threads);
        const auto maximum = static_cast<std::size_t>(settings.max_connections);
        http.new_task_queue = [initial, maximum] { return new PoolQueue(initial, maximum); };
        http.set_socket_options([this](socket_t fd) {
            int yes = 1;
            ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            listen_fd = fd;
        });

        // CORS on every response, httplib's own errors included: browser code may follow
        // the 303 and read every header that matters.
        http.set_default_headers({
            {"Access-Control-Allow-Origin", "*"},
            {"Access-Control-Expose-Headers", "Location, Content-Location, Link, Vary, ETag"},
            {"X-Content-Type-Options", "nosniff"},
            // Range is ignored (see take_over_from_httplib); httplib would otherwise claim
            // "bytes" on HEAD replies.
            {"Accept-Ranges", "none"},
        });

        http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            const auto started = Clock::now();
            in_flight.fetch_add(1, std::memory_order_relaxed);
            if (shedding) {
                res.status = 503;
                res.set_header("Retry-After", "1");
                res.set_header("Connection", "close");
                res.set_content("The server is busy; try again in a second.\n",
                                "text/plain; charset=utf-8");
            } else if (!operations(req, res)) {
                write_reply(*service.respond(to_request(req)), res);
                take_over_from_httplib(req);
            }
            // Counted here, not in the logger: the logger runs after the write, when the
            // client may already have asked /metrics about this request.
            const std::chrono::duration<double> took = Clock::now() - started;
            metrics.record(res.status, took.count());
            return httplib::Server::HandlerResponse::Handled;
        });

        http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            in_flight.fetch_sub(1, std::memory_order_relaxed);
            if (access_log.enabled())
                access_log.write(req, res);
        });

        // Errors httplib produces itself (bad request line, oversized URI) get a body too.
        http.set_error_handler(httplib::Server::HandlerWithResponse(
            [](const httplib::Request&, httplib::Response& res) {
                if (!res.body.empty())
                    return httplib::Server::HandlerResponse::Unhandled;
                res.set_content(reason_phrase(res.status) + "\n", "text/plain; charset=utf-8");
                return httplib::Server::HandlerResponse::Handled;
            }));

        http.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                      std::exception_ptr ep) {
            std::string what = "unknown exception";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            std::cerr << "seeother: [server error] " << what << " uri: " << req.target << std::endl;
            res.status = 500;
            res.set_content("Internal server error\n", "text/plain; charset=utf-8");
        });
    }
};

HttpServer::HttpServer(Service& service, ServerSettings settings)
    : impl_(std::make_unique<Impl>(service, std::move(settings))) {}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
    auto& s = impl_->settings;
    int port = s.port;
    if (port == 0) {
        port = impl_->http.bind_to_any_port(s.host);
    } else if (!impl_->http.bind_to_port(s.host, port)) {
        port = -1;
    }
    if (port <= 0)
        throw std::runtime_error("cannot listen on " + s.host + ":" + std::to_string(s.port) +
                                 " (address in use, or not an address of this machine?)");
    // httplib listens with a backlog of 5; a burst of new connections would be refused.
    // Linux lets a second listen() raise it.
    if (impl_->listen_fd >= 0)
        ::listen(impl_->listen_fd, SOMAXCONN);
    impl_->port = port;
    return port;
}

void HttpServer::run() {
    impl_->http.listen_after_bind();
}

void HttpServer::stop() {
    impl_->http.stop();
    // Requests in flight finish (for up to three seconds); then idle kept-alive
    // connections are closed, so that run() can return.
    const auto deadline = Clock::now() + std::chrono::seconds(3);
    while (impl_->in_flight.load() > 0 && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (impl_->port > 0)
        close_connections(impl_->port);
}

} // namespace seeother::server
