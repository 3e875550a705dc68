// The real binary in SPARQL mode for end-to-end tests: its command line for data loaded into
// this run's engine, requests with bounded waits, and the numbers of its /metrics.
#pragma once

#include "sparql_factory.hpp"

#include "seeother_process.hpp"

#include <httplib.h>

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace seeother::test {

/// seeother --sparql ENDPOINT --sparql-graph G... --base BASE on a free port, naming things
/// by --base (--public-url), then `extra`.
inline std::vector<std::string> sparql_args(const std::string& endpoint,
                                            const std::vector<std::string>& graphs,
                                            const std::string& base,
                                            std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--sparql", endpoint,      "--base",       base,
                                  "--listen", "127.0.0.1:0", "--public-url", base};
    for (const auto& graph : graphs) {
        args.push_back("--sparql-graph");
        args.push_back(graph);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

/// The same over `text`, loaded into this run's engine.
inline std::vector<std::string> sparql_args_for(const std::string& text,
                                                const std::string& syntax_name,
                                                const std::string& base,
                                                std::vector<std::string> extra = {}) {
    return sparql_args(shared_engine().endpoint(), load_into_engine(text, syntax_name, base), base,
                       std::move(extra));
}

/// A client of the process that waits at most `seconds` for an answer, and leaves bodies as
/// they were sent (compressed or not).
inline httplib::Client client_of(const SeeotherProcess& server, int seconds = 60) {
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(seconds);
    client.set_decompress(false);
    return client;
}

/// GET that throws when no answer came (the test then fails with the reason).
inline httplib::Response get(httplib::Client& client, const std::string& path,
                             const httplib::Headers& headers = {}) {
    auto res = client.Get(path.c_str(), headers);
    if (!res)
        throw std::runtime_error("GET " + path + ": no answer (" + httplib::to_string(res.error()) +
                                 ")");
    return *res;
}

/// Asks again, every 100 ms, until `done` holds or `seconds` have passed; the last answer.
inline httplib::Response poll(httplib::Client& client, const std::string& path,
                              const std::function<bool(const httplib::Response&)>& done,
                              int seconds = 30) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (true) {
        auto res = get(client, path);
        if (done(res) || std::chrono::steady_clock::now() > deadline)
            return res;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

/// The value of one line of /metrics ("name{labels}"), or -1 when there is none.
inline double metric(httplib::Client& client, const std::string& name) {
    const auto body = get(client, "/metrics").body;
    const auto at = body.find("\n" + name + " ");
    if (at == std::string::npos)
        return -1;
    return std::stod(body.substr(at + name.size() + 2));
}

/// The queries sent so far to answer requests.
inline double request_queries(httplib::Client& client) {
    return metric(client, "seeother_store_queries_total{asked_by=\"request\"}");
}

} // namespace seeother::test
