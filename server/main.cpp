// seeother: argv → Options → load the store → serve until SIGINT/SIGTERM → exit code.
#include "http_app.hpp"
#include "options.hpp"

#include "rdf/loader.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace seeother;

/// The bundled sample: data/ beside the build (compiled in), or ../data next to the binary.
std::string sample_data_dir() {
    std::string beside_binary;
    char exe[4096];
    if (const auto n = ::readlink("/proc/self/exe", exe, sizeof exe - 1); n > 0) {
        std::string path(exe, static_cast<std::size_t>(n));
        beside_binary = path.substr(0, path.rfind('/')) + "/../data";
    }
    if (!beside_binary.empty() && ::access(beside_binary.c_str(), R_OK) == 0)
        return beside_binary;
    return SEEOTHER_SAMPLE_DIR;
}

std::unique_ptr<rdf::Store> load(const server::Options& options) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> paths = options.data;
    if (paths.empty())
        paths.push_back(sample_data_dir());
    const auto files = rdf::expand_data_paths(paths);

    rdf::LoadOptions load_options;
    load_options.base_iri = options.base;
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    if (terminal) {
        load_options.on_progress = [](const rdf::LoadProgress& p) {
            std::fprintf(stderr, "\rseeother: loading %s: %zu triples, %.0f triples/s   ",
                         p.file.c_str(), p.triples,
                         p.seconds > 0 ? double(p.triples) / p.seconds : 0.0);
            std::fflush(stderr);
        };
    }
    auto store = rdf::load_store(files, load_options);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    const auto stats = store->stats();
    std::fprintf(stderr,
                 "%sseeother: loaded %zu triples about %zu subjects from %zu file%s in %.2f s\n",
                 terminal ? "\r\033[K" : "", stats.triples, stats.subjects, files.size(),
                 files.size() == 1 ? "" : "s", took.count());
    return store;
}

int serve(const server::Options& options) {
    // Block the stop signals in every thread; one thread waits for them with sigwait, so
    // the handler can do real work (stop the server) instead of async-signal-safe only.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    const auto store = load(options);

    server::Site site;
    site.base = options.base;
    site.public_url = options.public_url;
    site.trust_proxy = options.trust_proxy;
    site.see_other_max_age = options.max_age;

    server::ServerSettings settings;
    settings.host = options.host;
    settings.port = options.port;
    settings.threads = options.threads;
    settings.max_connections = options.max_connections;
    settings.keep_alive_timeout = options.keep_alive_timeout;
    settings.keep_alive_requests = options.keep_alive_requests;

    server::HttpServer http(*store, site, settings);
    const int port = http.bind();

    std::atomic<bool> stopped{false};
    std::thread signal_waiter([&] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        // A signal can arrive before run() has started listening, when stop() is a no-op:
        // repeat it until run() has returned.
        while (!stopped) {
            http.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });

    const bool v6 = options.host.find(':') != std::string::npos;
    std::cout << "listening on http://" << (v6 ? "[" : "") << options.host << (v6 ? "]" : "") << ":"
              << port << "/" << std::endl;
    http.run();
    stopped = true;

    // run() also returns if the server failed; wake the waiter in case no signal came.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const auto options = server::parse_options(argc, argv);
        if (options.help) {
            std::cout << server::usage();
            return 0;
        }
        if (options.version) {
            std::cout << "seeother " << SEEOTHER_VERSION << "\n";
            return 0;
        }
        return serve(options);
    } catch (const server::UsageError& e) {
        std::cerr << "seeother: " << e.what() << "\n";
        return 2;
    } catch (const rdf::LoadError& e) {
        std::cerr << "seeother: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "seeother: error: " << e.what() << "\n";
        return 1;
    }
}
