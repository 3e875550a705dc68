#include "http_app.hpp"

#include "handlers.hpp"
#include "worker_pool.hpp"

#include <httplib.h>

#include <iostream>
#include <sys/socket.h>

namespace seeother::server {
namespace {

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

void write_reply(Reply reply, httplib::Response& res) {
    res.status = reply.status;
    for (auto& [name, value] : reply.headers)
        res.set_header(name.c_str(), value);
    res.body = std::move(reply.body);
}

/// cpp-httplib's task queue interface over our elastic pool.
class PoolQueue final : public httplib::TaskQueue {
  public:
    PoolQueue(std::size_t initial, std::size_t maximum) : pool_(initial, maximum) {}
    void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
    void shutdown() override { pool_.shutdown(); }

  private:
    WorkerPool pool_;
};

} // namespace

struct HttpServer::Impl {
    const rdf::Store& store;
    Site site;
    ServerSettings settings;
    httplib::Server http;
    int listen_fd = -1;

    Impl(const rdf::Store& s, Site si, ServerSettings se)
        : store(s), site(std::move(si)), settings(std::move(se)) {
        configure();
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
        });

        http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            write_reply(handle(to_request(req), store, site), res);
            return httplib::Server::HandlerResponse::Handled;
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

HttpServer::HttpServer(const rdf::Store& store, Site site, ServerSettings settings)
    : impl_(std::make_unique<Impl>(store, std::move(site), std::move(settings))) {}

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
    return port;
}

void HttpServer::run() {
    impl_->http.listen_after_bind();
}

void HttpServer::stop() {
    impl_->http.stop();
}

} // namespace seeother::server
