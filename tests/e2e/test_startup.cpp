// Starting and stopping the real binary: the listening line, signals, bad input.
#include "seeother_process.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace seeother::test;
using Catch::Matchers::Contains;

namespace {

std::string data(const std::string& name) {
    return std::string(SEEOTHER_TEST_DATA) + "/" + name;
}

} // namespace

TEST_CASE("it prints one listening line with the chosen port, even into a pipe", "[startup]") {
    SeeotherProcess server(serve_args({data("e2e")}, "http://data.test/"));
    CHECK(server.port() > 0);
    CHECK(server.listening_line() ==
          "listening on http://127.0.0.1:" + std::to_string(server.port()) + "/");
}

TEST_CASE("SIGTERM and SIGINT stop it with exit code 0 within 5 seconds", "[startup]") {
    for (int signal : {SIGTERM, SIGINT}) {
        CAPTURE(signal);
        SeeotherProcess server(serve_args({data("e2e")}, "http://data.test/"));
        const auto exit = server.stop(signal, std::chrono::seconds(5));
        INFO(server.stderr_text());
        CHECK(exit.exited);
        CHECK(exit.code == 0);
    }
}

TEST_CASE("it prints a one-line load summary on stderr", "[startup]") {
    SeeotherProcess server(serve_args({data("e2e")}, "http://data.test/"));
    const auto err = server.stderr_text();
    CHECK_THAT(err, Contains("triples"));
    CHECK_THAT(err, Contains("subjects"));
    server.stop();
}

TEST_CASE("with no arguments it serves the bundled sample", "[startup]") {
    SeeotherProcess server({"--listen", "127.0.0.1:0"});
    CHECK(server.port() > 0);
    CHECK(server.stop().code == 0);
}

TEST_CASE("a syntax error stops startup naming file, line and column", "[startup]") {
    struct Row {
        const char* file;
        const char* where;
    };
    for (const auto& row : {Row{"bad_syntax.ttl", "bad_syntax.ttl:3:36: "},
                            Row{"bad_syntax.nt", "bad_syntax.nt:2:45: "}}) {
        CAPTURE(row.file);
        SeeotherProcess server(serve_args({data("e2e"), data(row.file)}, "http://data.test/"),
                               false);
        const auto exit = server.wait(std::chrono::seconds(10));
        CHECK(exit.exited);
        CHECK(exit.code != 0);
        CHECK_THAT(server.stderr_text(), Contains(row.where));
    }
}

TEST_CASE("data nested deeper than serd's stack takes, or not UTF-8, stops startup at its place",
          "[startup]") {
    // 20,000 levels of [ ] (and 40,000 of ( )) overflowed serd's stack: a segfault.
    char name[] = "/tmp/seeother-e2e-hostile-XXXXXX";
    const std::string dir = ::mkdtemp(name);
    const auto repeat = [](const std::string& piece, int times) {
        std::string out;
        for (int i = 0; i < times; ++i)
            out += piece;
        return out;
    };
    struct Row {
        std::string file;
        std::string text;
        std::string error;
    };
    const std::string start = "<http://data.test/id/d> <http://data.test/p> ";
    const Row rows[] = {
        {"deep.ttl",
         start + repeat("[ <http://data.test/p> ", 20000) + "1" + repeat(" ]", 20000) + " .\n",
         "deep.ttl:1:5934: blank nodes and lists nested deeper than 256 levels"},
        {"deep-list.ttl", start + repeat("(", 40000) + "1" + repeat(")", 40000) + " .\n",
         "deep-list.ttl:1:302: blank nodes and lists nested deeper than 256 levels"},
        {"surrogate.nt", "\n" + start + "\"a\xED\xA0\x80\" .\n",
         "surrogate.nt:2:48: invalid UTF-8: the sequence 0xED 0xA0 encodes a surrogate"},
        {"surrogate-escape.nt", start + "\"a\\uD800\" .\n",
         "surrogate-escape.nt:1:48: escape \\uD800 is a surrogate, not a character"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.file);
        const std::string path = dir + "/" + row.file;
        std::ofstream(path) << row.text;
        SeeotherProcess server(serve_args({path}, "http://data.test/"), false);
        const auto exit = server.wait(std::chrono::seconds(20));
        CHECK(exit.exited);
        CHECK(exit.code == 1);
        CHECK_THAT(server.stderr_text(), Contains(row.error));
        std::remove(path.c_str());
    }
    ::rmdir(dir.c_str());
}

TEST_CASE("an unreadable or missing file stops startup with its name", "[startup]") {
    SeeotherProcess server(serve_args({data("does-not-exist.ttl")}, "http://data.test/"), false);
    const auto exit = server.wait(std::chrono::seconds(10));
    CHECK(exit.exited);
    CHECK(exit.code != 0);
    CHECK_THAT(server.stderr_text(), Contains("does-not-exist.ttl"));
}

TEST_CASE("bad command lines exit non-zero with a message", "[startup]") {
    SeeotherProcess server({"--bogus"}, false);
    const auto exit = server.wait(std::chrono::seconds(5));
    CHECK(exit.exited);
    CHECK(exit.code == 2);
    CHECK_THAT(server.stderr_text(), Contains("--bogus"));
}

TEST_CASE("a port in use stops startup with a message", "[startup]") {
    SeeotherProcess first(serve_args({data("e2e")}, "http://data.test/"));
    SeeotherProcess second({"--data", data("e2e"), "--base", "http://data.test/", "--listen",
                            "127.0.0.1:" + std::to_string(first.port())},
                           false);
    const auto exit = second.wait(std::chrono::seconds(10));
    CHECK(exit.exited);
    CHECK(exit.code != 0);
    CHECK_THAT(second.stderr_text(), Contains("cannot listen"));
}
