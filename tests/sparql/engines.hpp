// The SPARQL engines the SPARQL-store tests run against, started and stopped by the tests
// themselves: Virtuoso 7 (Debian's virtuoso-opensource-7-bin, its own ini in a temporary
// directory, free ports, data loaded with isql-vt) and Oxigraph (npm `oxigraph` behind
// tests/sparql/oxigraph_server.mjs). One engine per test process, chosen by the
// SEEOTHER_SPARQL_ENGINE environment variable (virtuoso | oxigraph), started on first use.
#pragma once

#include "rdf/sparql/endpoint.hpp"

#include <httplib.h>

#include <arpa/inet.h>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace seeother::test {

namespace fs = std::filesystem;

/// A port nothing listens on right now (the system's choice; a small race is possible,
/// which the engines' start-up retries cover).
inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out)
        throw std::runtime_error("cannot write " + path.string());
}

/// A temporary directory, removed with everything in it.
class TempDir {
  public:
    explicit TempDir(const std::string& name) {
        std::string pattern = (fs::temp_directory_path() / (name + "-XXXXXX")).string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

/// A child process with stdout and stderr in a log file; killed (SIGTERM, then SIGKILL)
/// and reaped by the destructor.
class Child {
  public:
    Child(std::vector<std::string> argv, const fs::path& log, const fs::path& cwd = {}) {
        pid_ = ::fork();
        if (pid_ < 0)
            throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            // An engine never outlives a test process that was killed.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                ::dup2(fd, STDOUT_FILENO);
                ::dup2(fd, STDERR_FILENO);
            }
            if (!cwd.empty() && ::chdir(cwd.c_str()) != 0)
                std::_Exit(126);
            std::vector<char*> args;
            for (auto& a : argv)
                args.push_back(a.data());
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            std::_Exit(127);
        }
    }
    ~Child() { stop(); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// Waits for the exit; the exit status, or -1 when killed by a signal.
    int wait() {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    bool running() {
        if (pid_ <= 0)
            return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        return true;
    }

    /// SIGTERM, up to `grace` to exit, then SIGKILL.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(10)) {
        if (pid_ <= 0)
            return;
        ::kill(pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + grace;
        while (std::chrono::steady_clock::now() < deadline) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

  private:
    pid_t pid_ = -1;
};

/// Waits (bounded) until `url` answers `ASK {}` with 200.
inline bool answers(const std::string& base_url, const std::string& path,
                    std::chrono::seconds timeout, Child& child) {
    httplib::Client client(base_url);
    client.set_connection_timeout(1);
    client.set_read_timeout(5);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!child.running())
            return false;
        if (auto res = client.Post(path, "query=ASK%20%7B%7D", "application/x-www-form-urlencoded");
            res && res->status == 200)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

/// A running SPARQL engine that tests can load data into.
class Engine {
  public:
    virtual ~Engine() = default;
    virtual std::string name() const = 0;
    /// The SPARQL endpoint (query) URL.
    virtual std::string endpoint() const = 0;
    /// Loads RDF text (syntax by the extension of `syntax_name`: .ttl .nt .trig .nq), its
    /// default graph into `graph`, relative IRIs against `base`. Throws on failure.
    virtual void load(const std::string& text, const std::string& syntax_name,
                      const std::string& base, const std::string& graph) = 0;
    /// Runs a SPARQL 1.1 Update (INSERT DATA, DELETE DATA, ...). Throws on failure.
    virtual void update(const std::string& sparql_update) = 0;
    /// Stops the engine (fault tests).
    virtual void stop() = 0;

    /// Every named graph that holds a triple.
    std::set<std::string> graphs() const {
        rdf::sparql::Endpoint endpoint({this->endpoint(), {}, {}, std::chrono::seconds(30), {}});
        std::set<std::string> found;
        for (const auto& t : endpoint.construct(
                 "CONSTRUCT { ?g <urn:x-test:graph> true } WHERE { GRAPH ?g { ?s ?p ?o } }"))
            found.insert(t.subject.value);
        return found;
    }
};

inline std::string extension_of(const std::string& name) {
    return name.substr(name.rfind('.') + 1);
}

/// Virtuoso 7: its own database in a temporary directory, started in the foreground
/// (virtuoso-t -f) with small buffers, stopped with SIGTERM.
class VirtuosoEngine final : public Engine {
  public:
    VirtuosoEngine() {
        std::string failures;
        for (int attempt = 0; attempt < 3; ++attempt) {
            try {
                start();
                return;
            } catch (const std::exception& e) {
                failures += std::string(e.what()) + "\n";
            }
        }
        throw std::runtime_error("Virtuoso did not start:\n" + failures);
    }
    ~VirtuosoEngine() override { stop(); }

    std::string name() const override { return "virtuoso"; }
    std::string endpoint() const override {
        return "http://127.0.0.1:" + std::to_string(http_port_) + "/sparql";
    }
    int http_port() const { return http_port_; }

    void load(const std::string& text, const std::string& syntax_name, const std::string& base,
              const std::string& graph) override {
        const auto file = dir_->path() / ("load-" + std::to_string(++loads_) + ".data");
        write_file(file, text);
        // DB.DBA.TTLP reads Turtle and N-Triples; flag 256 adds TriG (named graphs), 512
        // N-Quads.
        const auto ext = extension_of(syntax_name);
        const int flags = ext == "trig" ? 256 : ext == "nq" ? 512 : 0;
        isql("DB.DBA.TTLP(file_to_string_output('" + file.string() + "'), '" + base + "', '" +
             graph + "', " + std::to_string(flags) + ");");
    }

    void update(const std::string& sparql_update) override {
        isql("SPARQL " + sparql_update + ";");
    }

    void stop() override {
        if (process_)
            process_->stop(std::chrono::seconds(20));
        process_.reset();
    }

    /// Runs SQL through isql-vt; throws with its output when it reports an error.
    std::string isql(const std::string& sql) const {
        const auto out = dir_->path() / "isql.out";
        Child isql(
            {"isql-vt", "127.0.0.1:" + std::to_string(sql_port_), "dba", "dba", "exec=" + sql},
            out);
        const int status = isql.wait();
        const std::string output = read_file(out);
        if (status != 0 || output.find("*** Error") != std::string::npos)
            throw std::runtime_error("isql-vt failed on: " + sql + "\n" + output);
        return output;
    }

  private:
    void start() {
        dir_ = std::make_unique<TempDir>("seeother-virtuoso");
        sql_port_ = free_port();
        http_port_ = free_port();
        const auto d = dir_->path().string();
        write_file(dir_->path() / "virtuoso.ini",
                   "[Database]\nDatabaseFile = " + d + "/db.db\nErrorLogFile = " + d +
                       "/db.log\nLockFile = " + d + "/db.lck\nTransactionFile = " + d +
                       "/db.trx\nxa_persistent_file = " + d +
                       "/db.pxa\nErrorLogLevel = 7\nFileExtend = 200\nMaxCheckpointRemap = "
                       "2000\nStriping = 0\nTempStorage = TempDatabase\n\n"
                       "[TempDatabase]\nDatabaseFile = " +
                       d + "/temp.db\nTransactionFile = " + d +
                       "/temp.trx\nMaxCheckpointRemap = 2000\nStriping = 0\n\n"
                       "[Parameters]\nServerPort = 127.0.0.1:" +
                       std::to_string(sql_port_) +
                       "\nServerThreads = 10\nCheckpointInterval = 0\nMaxSortedTopRows = "
                       "100000\nNumberOfBuffers = "
                       "10000\nMaxDirtyBuffers = 6000\nDirsAllowed = ., " +
                       d + "\n\n[HTTPServer]\nServerPort = 127.0.0.1:" +
                       std::to_string(http_port_) + "\nServerRoot = " + d +
                       "\nServerThreads = 8\nMaxClientConnections = 8\nKeepAliveTimeout = 60\n\n"
                       "[SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = "
                       "120\nMaxQueryCostEstimationTime = 0\n");
        process_ = std::make_unique<Child>(
            std::vector<std::string>{"virtuoso-t", "-f", "-c", d + "/virtuoso.ini"},
            dir_->path() / "virtuoso.out", dir_->path());
        if (!answers("http://127.0.0.1:" + std::to_string(http_port_), "/sparql",
                     std::chrono::seconds(60), *process_)) {
            const std::string log =
                read_file(dir_->path() / "virtuoso.out") + read_file(dir_->path() / "db.log");
            process_.reset();
            throw std::runtime_error("Virtuoso did not answer on port " +
                                     std::to_string(http_port_) + "; its log:\n" + log);
        }
    }

    std::unique_ptr<TempDir> dir_;
    std::unique_ptr<Child> process_;
    int sql_port_ = 0;
    int http_port_ = 0;
    int loads_ = 0;
};

/// Oxigraph in Node behind tests/sparql/oxigraph_server.mjs.
class OxigraphEngine final : public Engine {
  public:
    OxigraphEngine() : dir_("seeother-oxigraph") {
        std::string failures;
        for (int attempt = 0; attempt < 3; ++attempt) {
            port_ = free_port();
            process_ = std::make_unique<Child>(
                std::vector<std::string>{"node", SEEOTHER_SPARQL_TESTS "/oxigraph_server.mjs",
                                         "--port", std::to_string(port_)},
                dir_.path() / "oxigraph.log");
            if (answers(base_url(), "/sparql", std::chrono::seconds(30), *process_))
                return;
            failures += read_file(dir_.path() / "oxigraph.log") + "\n";
            process_.reset();
        }
        throw std::runtime_error("the Oxigraph server did not start (is tests/sparql/node_modules "
                                 "installed? scripts/test does it):\n" +
                                 failures);
    }
    ~OxigraphEngine() override { stop(); }

    std::string name() const override { return "oxigraph"; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::string endpoint() const override { return base_url() + "/sparql"; }

    void load(const std::string& text, const std::string& syntax_name, const std::string& base,
              const std::string& graph) override {
        const auto ext = extension_of(syntax_name);
        const std::string format = ext == "trig" ? "application/trig"
                                   : ext == "nq" ? "application/n-quads"
                                   : ext == "nt" ? "application/n-triples"
                                                 : "text/turtle";
        httplib::Client client(base_url());
        client.set_read_timeout(60);
        const auto res = client.Post("/load?format=" + format + "&graph=" + encode(graph) +
                                         "&base=" + encode(base),
                                     text, format);
        if (!res || res->status != 204)
            throw std::runtime_error("loading into Oxigraph failed: " +
                                     (res ? res->body : httplib::to_string(res.error())));
    }

    void update(const std::string& sparql_update) override {
        httplib::Client client(base_url());
        client.set_read_timeout(60);
        const auto res = client.Post("/sparql", "update=" + encode(sparql_update),
                                     "application/x-www-form-urlencoded");
        if (!res || res->status != 204)
            throw std::runtime_error("an update of Oxigraph failed: " +
                                     (res ? res->body : httplib::to_string(res.error())));
    }

    void stop() override {
        if (process_)
            process_->stop();
        process_.reset();
    }

  private:
    static std::string encode(const std::string& text) {
        std::string out;
        for (const char c : text) {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')
                out += c;
            else {
                char buffer[4];
                std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned char>(c));
                out += buffer;
            }
        }
        return out;
    }

    TempDir dir_;
    std::unique_ptr<Child> process_;
    int port_ = 0;
};

/// The engine of this test process (SEEOTHER_SPARQL_ENGINE), started on first use and
/// stopped when the process ends.
inline Engine& shared_engine() {
    static const std::unique_ptr<Engine> engine = []() -> std::unique_ptr<Engine> {
        const char* chosen = std::getenv("SEEOTHER_SPARQL_ENGINE");
        const std::string name = chosen ? chosen : "oxigraph";
        if (name == "virtuoso")
            return std::make_unique<VirtuosoEngine>();
        if (name == "oxigraph")
            return std::make_unique<OxigraphEngine>();
        throw std::runtime_error("SEEOTHER_SPARQL_ENGINE must be virtuoso or oxigraph, not " +
                                 name);
    }();
    return *engine;
}

} // namespace seeother::test
