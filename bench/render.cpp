// seeother-render: how long the server takes to answer a document request when nothing is
// cached, with no sockets in the way. It loads a data file, then calls server::handle for
// each thing of a list, in each kind of request the HTTP benchmark makes, and prints the
// microseconds per request (wall clock, and the CPU time of the thread that renders: the
// figure to compare on a shared machine) and the bytes per reply. Meant for profiling:
//   perf record -g build-bench/seeother-render data.ttl things.txt --kind turtle
#include "rdf/sord/load.hpp"
#include "server/ld/handlers.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <time.h>

namespace {

using seeother::server::Request;

/// CPU time of the calling thread, in microseconds.
double thread_cpu_us() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

struct Kind {
    const char* name;
    const char* suffix; ///< appended to /doc/X
    const char* accept; ///< Accept header, or nullptr
};

constexpr Kind kinds[] = {
    {"turtle", "", "text/turtle"}, {"jsonld", "", "application/ld+json"},
    {"html", ".html", nullptr},    {"ntriples", ".nt", nullptr},
    {"rdfxml", ".rdf", nullptr},
};

int usage() {
    std::fprintf(stderr,
                 "usage: seeother-render DATA THINGS [--base IRI] [--kind NAME] "
                 "[--repeat N] [--split yes]\n  THINGS: one name X of <base>id/X per line\n"
                 "  --split yes: each kind renders its own share of THINGS (every Nth of N\n"
                 "    kinds), so that no kind meets the others' things warm in the caches\n"
                 "  kinds: turtle jsonld html ntriples rdfxml (default: all)\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3)
        return usage();
    const std::string data = argv[1];
    std::string base = "http://bench.example/";
    std::string only;
    int repeat = 1;
    bool split = false;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string_view option = argv[i];
        if (option == "--base")
            base = argv[i + 1];
        else if (option == "--kind")
            only = argv[i + 1];
        else if (option == "--repeat")
            repeat = std::atoi(argv[i + 1]);
        else if (option == "--split")
            split = std::string_view(argv[i + 1]) == "yes";
        else
            return usage();
    }

    std::vector<std::string> things;
    std::ifstream list(argv[2]);
    for (std::string line; std::getline(list, line);)
        if (!line.empty())
            things.push_back(line);
    if (things.empty())
        return usage();

    seeother::rdf::ParseOptions options;
    options.base_iri = base;
    const auto store = seeother::rdf::load_store({data}, options);
    seeother::server::Site site;
    site.base = base;

    std::size_t kind_count = 0;
    for (const auto& kind : kinds)
        if (only.empty() || only == kind.name)
            ++kind_count;
    std::size_t kind_number = 0;
    for (const auto& kind : kinds) {
        if (!only.empty() && only != kind.name)
            continue;
        const std::size_t share = kind_number++;
        std::size_t bytes = 0;
        std::size_t requests = 0;
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = thread_cpu_us();
        for (int r = 0; r < repeat; ++r)
            for (std::size_t t = 0; t < things.size(); ++t) {
                if (split && t % kind_count != share)
                    continue;
                const std::string& thing = things[t];
                Request request;
                request.method = "GET";
                request.version = "HTTP/1.1";
                request.target = "/doc/" + thing + kind.suffix;
                request.headers.emplace_back("Host", "bench.example");
                if (kind.accept)
                    request.headers.emplace_back("Accept", kind.accept);
                const auto reply = seeother::server::handle(request, *store, site);
                if (reply.status != 200) {
                    std::fprintf(stderr, "%s: %d\n", request.target.c_str(), reply.status);
                    return 1;
                }
                bytes += reply.body.size();
                ++requests;
            }
        const double cpu = thread_cpu_us() - cpu_start;
        const std::chrono::duration<double, std::micro> spent =
            std::chrono::steady_clock::now() - start;
        std::printf("%-9s %8.1f us/request %8.1f cpu-us/request %8zu bytes/reply  (%zu requests)\n",
                    kind.name, spent.count() / static_cast<double>(requests),
                    cpu / static_cast<double>(requests), bytes / requests, requests);
    }
}
