// seeother serve: Options → load the store → serve until SIGINT/SIGTERM → exit code.
// SIGHUP (and, with --watch, a changed data file) reloads the data into a new store.
#include "server/cli/serve.hpp"

#include "server/cli/options.hpp"
#include "server/http/http_server.hpp"
#include "server/http/worker_pool.hpp"
#include "server/ld/service.hpp"
#include "server/ld/void.hpp"
#include "server/write/editor.hpp"
#include "server/write/write_room.hpp"

#include "rdf/namespaces.hpp"
#include "rdf/sord/load.hpp"
#include "rdf/sparql/sparql_store.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <sys/resource.h>
#include <thread>
#include <tuple>
#include <unistd.h>

namespace {

using namespace seeother;
namespace fs = std::filesystem;

/// With --sparql, workers that may wait on the endpoint at once, beyond --threads (which
/// bounds those that use a core): the endpoint's concurrency for cold requests.
constexpr int sparql_waiting = 32;
/// A 303's Cache-Control max-age without --max-age (with --sparql, at most --cache-ttl).
constexpr int default_max_age = 3600;

/// The bundled sample: installed (PREFIX/share/seeother/data beside PREFIX/bin), or ../data
/// next to the binary (build/), else the source tree's.
std::string sample_data_dir() {
    std::error_code ec;
    const auto binary_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    if (!ec)
        for (const char* relative : {"../share/seeother/data", "../data"})
            if (fs::is_directory(binary_dir / relative, ec))
                return (binary_dir / relative).lexically_normal().string();
    return SEEOTHER_SAMPLE_DIR;
}

rdf::DataFiles data_files(const server::Options& options) {
    std::vector<std::string> paths = options.data;
    if (paths.empty())
        paths.push_back(sample_data_dir());
    return rdf::find_data_files(paths);
}

/// The data files loaded into memory, with `changes` (the journal's writes) folded in;
/// `summary` hears what was loaded.
std::shared_ptr<const rdf::Store> load(const server::Options& options,
                                       const std::vector<rdf::Change>& changes,
                                       rdf::LoadSummary& summary) {
    const auto started = std::chrono::steady_clock::now();
    const auto found = data_files(options);
    const auto& files = found.files;
    // Other files in the directories are no data (README, "Data files"), but say so once.
    if (found.ignored > 0)
        std::fprintf(stderr,
                     "seeother: warning: %zu file%s under the --data directories %s not read: "
                     "not a data file's name, or XML without RDF (%s%s)\n",
                     found.ignored, found.ignored == 1 ? "" : "s",
                     found.ignored == 1 ? "is" : "are", found.first_ignored.c_str(),
                     found.ignored == 1 ? "" : ", ...");

    rdf::ParseOptions load_options;
    load_options.base_iri = options.base;
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    if (terminal) {
        load_options.on_progress = [](const rdf::ParseProgress& p) {
            std::fprintf(stderr, "\r\033[Kseeother: loading %s: %zu triples, %.0f triples/s",
                         p.file.c_str(), p.triples,
                         p.seconds > 0 ? double(p.triples) / p.seconds : 0.0);
            std::fflush(stderr);
        };
    }
    std::shared_ptr<const rdf::Store> store =
        rdf::load_store(files, load_options, found.modified, changes, &summary);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    const auto stats = store->stats();
    // Subjects outside every namespace are loaded (as objects, labels…) but not served.
    const auto served = server::things_in_namespaces(*store, options.namespaces);
    const auto outside = stats.iri_subjects > served ? stats.iri_subjects - served : 0;
    std::string folded;
    if (!changes.empty()) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.2f", summary.change_seconds);
        folded = " and " + std::to_string(changes.size()) + " write" +
                 (changes.size() == 1 ? "" : "s") + " folded in (" +
                 std::to_string(summary.removed) + " quads removed, " +
                 std::to_string(summary.added) + " added, in " + seconds + " s)";
    }
    std::fprintf(stderr,
                 "%sseeother: loaded %zu triples about %zu subjects from %zu file%s%s in %.2f "
                 "s%s\n",
                 terminal ? "\r\033[K" : "", stats.triples, stats.subjects, files.size(),
                 files.size() == 1 ? "" : "s", folded.c_str(), took.count(),
                 outside == 0 ? ""
                              : ("; " + std::to_string(outside) + " subject IRI" +
                                 (outside == 1 ? " lies" : "s lie") + " outside every --base and " +
                                 (outside == 1 ? "is" : "are") + " not served")
                                    .c_str());
    // A --base that names nothing is 404 everywhere: say which namespace the data has.
    for (const auto& space : options.namespaces)
        if (const auto closest = rdf::closest_namespace(*store, space.base))
            std::fprintf(stderr,
                         "seeother: warning: --base %s matches no subject in the data (every "
                         "thing's path will be 404); the closest namespace found is %s (%zu "
                         "subject%s)\n",
                         space.base.c_str(), closest->iri.c_str(), closest->subjects,
                         closest->subjects == 1 ? "" : "s");
    return store;
}

/// The store over --sparql: nothing is loaded; the endpoint is asked per request, and the
/// statistics and hash-IRI index are asked for in the background from now on.
std::shared_ptr<const rdf::Store> connect(const server::Options& options) {
    rdf::sparql::SparqlStoreOptions sparql;
    sparql.endpoint.url = options.sparql;
    sparql.update_url = options.sparql_update;
    sparql.endpoint.timeout = std::chrono::seconds(options.sparql_timeout);
    sparql.endpoint.on_wait = [](bool waiting) {
        server::WorkerPool::current_thread_waits(waiting);
    };
    if (!options.sparql_auth.empty())
        std::tie(sparql.endpoint.user, sparql.endpoint.password) =
            rdf::sparql::read_sparql_auth(options.sparql_auth);
    sparql.graphs = options.sparql_graphs;
    sparql.base = options.base;
    auto store = std::make_shared<rdf::sparql::SparqlStore>(std::move(sparql));
    std::fprintf(stderr, "seeother: reading the SPARQL endpoint %s (%zu graph%s)\n",
                 options.sparql.c_str(), options.sparql_graphs.size(),
                 options.sparql_graphs.size() == 1 ? "" : "s");
    // Served even when the endpoint is down now: requests get 503/504 until it answers.
    try {
        if (const auto limit = store->answer_limit())
            std::fprintf(stderr,
                         "seeother: warning: the SPARQL endpoint cuts answers at %zu triples "
                         "(Virtuoso: raise ResultSetMaxRows); larger descriptions may be cut\n",
                         *limit);
    } catch (const rdf::StoreError& e) {
        std::fprintf(stderr, "seeother: warning: %s\n", e.what());
    }
    store->warm();
    return store;
}

/// The store the options name: an endpoint, or the data files loaded into memory with
/// `changes` folded in (an endpoint keeps its writes itself: none to fold).
std::shared_ptr<const rdf::Store> open_store(const server::Options& options,
                                             const std::vector<rdf::Change>& changes,
                                             rdf::LoadSummary& summary) {
    return options.sparql.empty() ? load(options, changes, summary) : connect(options);
}

/// What reloads share: one runs at a time (SIGHUP and --watch may ask at once; a reload with
/// writes is a fold() and its rebase()), and each knows how many quads the data files gave
/// the store being served.
struct Reloads {
    std::mutex running;
    std::size_t file_quads = 0;
};

/// A fingerprint of the data files (names, sizes, modification times) for --watch.
std::string fingerprint(const server::Options& options) {
    std::string print;
    try {
        for (const auto& file : data_files(options).files) {
            std::error_code ec;
            const auto size = fs::file_size(file, ec);
            const auto time = fs::last_write_time(file, ec).time_since_epoch().count();
            print += file + ':' + std::to_string(size) + ':' + std::to_string(time) + '\n';
        }
    } catch (const std::exception& e) {
        print = std::string("unreadable: ") + e.what();
    }
    return print;
}

/// Whether a freshly loaded store may replace the serving one: a reload that loads nothing
/// from files that held triples is far more often a file caught while being rewritten (or
/// emptied by mistake) than an intended empty data set, which a restart still gives. For an
/// endpoint; in memory, reload() compares the quads the data files gave, writes not counted.
bool plausible_replacement(const rdf::Store& serving, const rdf::Store& loaded) {
    return loaded.stats().triples > 0 || serving.stats().triples == 0;
}

/// Loads the data again (with the writes so far folded in) and swaps it in; a failed or
/// implausible reload keeps the old data serving. With `expected`, the data files must still
/// have that fingerprint once read: a file that changed while it was read is not swapped in
/// (the watcher reads it again). Returns false when the files changed during the read.
bool reload(const server::Options& options, server::Service& service, server::WriteRoom* writes,
            Reloads& reloads, const std::string* expected = nullptr) {
    const std::lock_guard<std::mutex> one_at_a_time(reloads.running);
    bool stable = true;
    try {
        std::fprintf(stderr, "seeother: reloading the data\n");
        rdf::LoadSummary summary;
        const auto build =
            [&](const std::vector<rdf::Change>& changes) -> std::shared_ptr<const rdf::Store> {
            auto store = open_store(options, changes, summary);
            if (expected && fingerprint(options) != *expected) {
                std::fprintf(stderr, "seeother: the data files changed while they were read; "
                                     "not swapped in, reading them again once they are stable\n");
                stable = false;
                return nullptr;
            }
            const bool in_memory = options.sparql.empty();
            if (in_memory ? summary.file_quads == 0 && reloads.file_quads > 0
                          : !plausible_replacement(*service.store(), *store)) {
                std::fprintf(stderr,
                             "seeother: error: reload loaded 0 triples from files that held %zu; "
                             "still serving the old data (restart to serve empty data)\n",
                             in_memory ? reloads.file_quads : service.store()->stats().triples);
                return nullptr;
            }
            return store;
        };
        std::shared_ptr<const rdf::Store> swapped;
        if (writes) {
            writes->rebase([&](const std::vector<rdf::Change>& changes) {
                swapped = build(changes);
                return swapped;
            }); // the writes so far folded into the new data, those made meanwhile on top
        } else if ((swapped = build({}))) {
            service.replace_store(swapped);
        }
        if (swapped)
            reloads.file_quads = summary.file_quads;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "seeother: error: reload failed, still serving the old data: %s\n",
                     e.what());
    }
    return stable;
}

/// --watch: polls the data files' fingerprint; after a change, waits until the files have
/// stayed the same for `settle` (a writer that copies or appends in place is done), reads
/// them, and swaps the result in only if nothing changed during the read.
/// `loaded` is the fingerprint taken before the serving data was read.
void watch(const server::Options& options, server::Service& service, server::WriteRoom* writes,
           Reloads& reloads, std::string loaded, const std::atomic<bool>& stopped) {
    using namespace std::chrono_literals;
    constexpr auto poll = 250ms;
    constexpr auto settle = 1s;
    const auto nap = [&](std::chrono::milliseconds total) {
        for (auto slept = 0ms; slept < total && !stopped; slept += 50ms)
            std::this_thread::sleep_for(50ms);
    };
    while (!stopped) {
        nap(poll);
        std::string now = fingerprint(options);
        if (now == loaded)
            continue;
        // Stable: the same fingerprint twice, `settle` apart.
        for (std::string later; !stopped; now = std::move(later)) {
            nap(settle);
            later = fingerprint(options);
            if (later == now)
                break;
        }
        if (!stopped && reload(options, service, writes, reloads, &now))
            loaded = now;
    }
}

/// --write-token-file, with a warning for each token too short to be safe.
server::WriteTokens read_tokens(const std::string& path) {
    std::vector<std::string> warnings;
    auto tokens = server::WriteTokens::read(path, &warnings);
    for (const auto& warning : warnings)
        std::fprintf(stderr, "seeother: warning: %s\n", warning.c_str());
    return tokens;
}

/// Connections are file descriptors: allow as many as the system lets us (the soft limit
/// is often 1024, below --max-connections).
void raise_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

namespace seeother::server {

int serve(const server::Options& options) {
    raise_file_limit();
    // Block the signals in every thread; one thread waits for them with sigwait, so what
    // they trigger (stop, reload) runs as ordinary code, not in a signal handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    server::Site site;
    site.base = server::root_iri(options.namespaces);
    site.spaces = options.namespaces;
    site.keep_iris = options.keep_iris;
    site.public_url = options.public_url;
    site.trust_proxy = options.trust_proxy;
    site.see_other_max_age = options.max_age.value_or(
        options.sparql.empty() ? default_max_age : std::min(default_max_age, options.cache_ttl));
    site.cache_control = options.cache_control;
    site.symmetric = options.symmetric;
    site.publication = {options.title, options.license, options.publisher, options.dumps};
    // Files only change by a reload, which clears the cache; an endpoint changes underneath.
    const auto cache_ttl = options.sparql.empty() ? std::chrono::seconds::zero()
                                                  : std::chrono::seconds(options.cache_ttl);
    // Taken before the files are read: a change during the first load is seen by --watch.
    std::string loaded_print = options.watch ? fingerprint(options) : std::string();
    Reloads reloads;
    std::shared_ptr<const rdf::Store> store;
    std::unique_ptr<server::Editor> editor;
    if (!options.write_token_file.empty() && options.sparql.empty()) {
        // The journal's writes are folded into the data as it is loaded.
        editor = server::memory_editor(
            [&](const std::vector<rdf::Change>& changes) {
                rdf::LoadSummary summary;
                auto loaded = open_store(options, changes, summary);
                reloads.file_quads = summary.file_quads;
                return loaded;
            },
            options.journal,
            [](const std::string& what) {
                std::fprintf(stderr, "seeother: warning: %s\n", what.c_str());
            });
        if (options.journal.empty())
            std::fprintf(stderr, "seeother: warning: writes are on without --journal: they "
                                 "are kept in memory only and end with the process\n");
        else
            std::fprintf(stderr, "seeother: journal %s read, its writes folded into the data\n",
                         options.journal.c_str());
        store = editor->current();
    } else {
        rdf::LoadSummary summary;
        store = open_store(options, {}, summary);
        reloads.file_quads = summary.file_quads;
        if (!options.write_token_file.empty()) {
            editor = server::sparql_editor(
                std::dynamic_pointer_cast<const rdf::sparql::SparqlStore>(store));
            store = editor->current();
        }
    }
    server::Service service(store, site, static_cast<std::size_t>(options.cache_mb) * 1024 * 1024,
                            cache_ttl);
    std::unique_ptr<server::WriteRoom> writes;
    if (editor) {
        server::WriteSettings write_settings;
        write_settings.max_upload = static_cast<std::uint64_t>(options.max_upload_mb) << 20;
        if (!options.journal.empty()) {
            write_settings.spool_dir = options.journal + ".imports";
            fs::create_directories(write_settings.spool_dir);
        }
        writes = std::make_unique<server::WriteRoom>(
            std::move(write_settings), read_tokens(options.write_token_file), std::move(editor),
            site,
            [&service](std::shared_ptr<const rdf::Store> changed,
                       const std::vector<std::string>* touched) {
                if (touched)
                    service.write_store(std::move(changed), *touched);
                else
                    service.replace_store(std::move(changed));
            });
        service.set_writes([room = writes.get()](const server::Request& request) {
            return room->respond(request);
        });
        writes->start();
    }

    server::ServerSettings settings;
    settings.host = options.host;
    settings.port = options.port;
    // A SPARQL store's cold requests wait on the endpoint rather than compute: one worker per
    // core would leave the endpoint idle and turn clients away (503) while it answers, and 32
    // serving at once would make cached replies take turns on two cores. So workers use a core
    // each, and more start while others wait (the endpoint tells the pool: connect()).
    settings.threads = options.threads;
    settings.max_waiting = options.sparql.empty() ? 0 : sparql_waiting;
    settings.max_connections = options.max_connections;
    settings.keep_alive_timeout = options.keep_alive_timeout;
    settings.keep_alive_requests = options.keep_alive_requests;
    settings.read_timeout = options.read_timeout;
    settings.write_timeout = options.write_timeout;
    settings.access_log = options.access_log;
    settings.trust_proxy = options.trust_proxy;
    if (writes)
        settings.max_upload = static_cast<std::uint64_t>(options.max_upload_mb) << 20;

    // The transport asks the service for every reply, its own refusals included; the
    // service shows the transport's counters in /metrics.
    server::HttpServer http(
        {[&service](const server::Request& request) { return service.respond(request); },
         [&service](int status, std::string_view reason) {
             return service.refuse(status, reason);
         }},
        settings);
    service.set_transport_metrics([&http] { return http.metrics(); });
    const int port = http.bind();

    std::atomic<bool> stopped{false};
    std::thread signal_waiter([&] {
        while (true) {
            int signal = 0;
            sigwait(&signals, &signal);
            if (signal == SIGHUP && !stopped) {
                if (writes)
                    try {
                        writes->set_tokens(read_tokens(options.write_token_file));
                    } catch (const std::exception& e) {
                        std::fprintf(stderr, "seeother: error: %s; the old tokens stay\n",
                                     e.what());
                    }
                reload(options, service, writes.get(), reloads);
                continue;
            }
            break;
        }
        http.stop();
    });

    std::thread watcher;
    if (options.watch)
        watcher = std::thread([&, loaded = std::move(loaded_print)] {
            watch(options, service, writes.get(), reloads, loaded, stopped);
        });

    const bool v6 = options.host.find(':') != std::string::npos;
    std::cout << "listening on http://" << (v6 ? "[" : "") << options.host << (v6 ? "]" : "") << ":"
              << port << "/" << std::endl;
    http.run();
    stopped = true;

    // run() also returns if the server failed; wake the waiter in case no signal came.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    if (watcher.joinable())
        watcher.join();
    return 0;
}

} // namespace seeother::server
