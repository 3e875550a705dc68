// HTTP caching (RFC 9110 §13, RFC 9111): Last-Modified from the data files' times, the
// conditional requests in their order, and Cache-Control on documents.
#include "http_helpers.hpp"

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace seeother::test;
namespace fs = std::filesystem;

namespace {

constexpr std::time_t data_time = 1600000000; // Sun, 13 Sep 2020 12:26:40 GMT
constexpr const char* data_date = "Sun, 13 Sep 2020 12:26:40 GMT";
constexpr const char* earlier = "Sun, 13 Sep 2020 12:26:39 GMT";
constexpr const char* later = "Sun, 13 Sep 2020 12:26:41 GMT";

/// A data directory whose one file, and the directory itself, were last changed at `when`.
struct DatedData {
    fs::path dir;
    explicit DatedData(std::time_t when) {
        char name[] = "/tmp/seeother-e2e-dated-XXXXXX";
        dir = ::mkdtemp(name);
        const auto file = dir / "data.ttl";
        std::ofstream(file) << "<http://data.test/id/a> <http://data.test/p> \"a\" .\n";
        const timespec times[2] = {{when, 0}, {when, 0}};
        ::utimensat(AT_FDCWD, file.c_str(), times, 0);
        ::utimensat(AT_FDCWD, dir.c_str(), times, 0);
    }
    ~DatedData() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

SeeotherProcess& dated_server() {
    static DatedData data(data_time);
    static SeeotherProcess server(serve_args({data.dir.string()}, "http://data.test/"));
    return server;
}

int status(const std::string& path, const httplib::Headers& headers,
           const std::string& method = "GET") {
    auto c = client(dated_server());
    auto res = method == "HEAD" ? c.Head(path, headers) : c.Get(path, headers);
    return res ? res->status : 0;
}

} // namespace

TEST_CASE("a document's Last-Modified is when its data files last changed", "[caching]") {
    auto res = client(dated_server()).Get("/doc/a");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Last-Modified") == data_date);
    CHECK(client(dated_server()).Get("/doc/a.nt")->get_header_value("Last-Modified") == data_date);
}

TEST_CASE("Last-Modified is never later than Date, even for files dated in the future",
          "[caching]") {
    DatedData future(std::time(nullptr) + 86400 * 365);
    SeeotherProcess server(serve_args({future.dir.string()}, "http://data.test/"));
    auto res = client(server).Get("/doc/a");
    REQUIRE(res);
    const auto date = res->get_header_value("Date");
    CHECK_FALSE(date.empty());
    // Both are IMF-fixdates of the same day at most a second apart: compare as times.
    std::tm last{}, now{};
    REQUIRE(
        ::strptime(res->get_header_value("Last-Modified").c_str(), "%a, %d %b %Y %T GMT", &last));
    REQUIRE(::strptime(date.c_str(), "%a, %d %b %Y %T GMT", &now));
    CHECK(::timegm(&last) <= ::timegm(&now));
}

TEST_CASE("If-Modified-Since is 304 when not modified since, 200 when modified after",
          "[caching]") {
    CHECK(status("/doc/a", {{"If-Modified-Since", data_date}}) == 304);
    CHECK(status("/doc/a", {{"If-Modified-Since", later}}) == 304);
    CHECK(status("/doc/a", {{"If-Modified-Since", earlier}}) == 200);
    CHECK(status("/doc/a", {{"If-Modified-Since", data_date}}, "HEAD") == 304);
    CHECK(status("/doc/a", {{"If-Modified-Since", "not a date"}}) == 200);
    auto res = client(dated_server()).Get("/doc/a", {{"If-Modified-Since", data_date}});
    CHECK(res->body.empty());
    CHECK_FALSE(res->get_header_value("ETag").empty());
    CHECK_FALSE(res->get_header_value("Cache-Control").empty());
    CHECK_FALSE(res->get_header_value("Date").empty());
}

TEST_CASE("If-Unmodified-Since is 412 when modified after that date", "[caching]") {
    CHECK(status("/doc/a", {{"If-Unmodified-Since", earlier}}) == 412);
    CHECK(status("/doc/a", {{"If-Unmodified-Since", data_date}}) == 200);
}

TEST_CASE("conditional requests are evaluated in RFC 9110 §13.2.2's order", "[caching]") {
    const auto etag = client(dated_server()).Get("/doc/a")->get_header_value("ETag");
    // If-None-Match decides, If-Modified-Since is not evaluated.
    CHECK(status("/doc/a", {{"If-None-Match", "\"other\""}, {"If-Modified-Since", later}}) == 200);
    CHECK(status("/doc/a", {{"If-None-Match", etag}, {"If-Modified-Since", earlier}}) == 304);
    // If-Match decides, If-Unmodified-Since is not evaluated.
    CHECK(status("/doc/a", {{"If-Match", etag}, {"If-Unmodified-Since", earlier}}) == 200);
    CHECK(status("/doc/a", {{"If-Match", "\"other\""}, {"If-Unmodified-Since", later}}) == 412);
    // A failed If-Match is 412 even where If-None-Match alone would be 304.
    CHECK(status("/doc/a", {{"If-Match", "\"other\""}, {"If-None-Match", etag}}) == 412);
}

TEST_CASE("redirects and errors are not subject to preconditions", "[caching]") {
    CHECK(status("/id/a", {{"If-Modified-Since", later}}) == 303);
    CHECK(status("/id/missing", {{"If-Unmodified-Since", earlier}}) == 404);
}

TEST_CASE("documents carry Cache-Control, --cache-control sets it, 303s keep --max-age",
          "[caching]") {
    auto res = client(dated_server()).Get("/doc/a");
    CHECK(res->get_header_value("Cache-Control") == "max-age=60, must-revalidate");
    CHECK(client(dated_server()).Get("/id/a")->get_header_value("Cache-Control") == "max-age=3600");

    DatedData data(data_time);
    auto args = serve_args({data.dir.string()}, "http://data.test/");
    args.insert(args.end(), {"--cache-control", "public, max-age=600", "--max-age", "120"});
    SeeotherProcess server(args);
    CHECK(client(server).Get("/doc/a")->get_header_value("Cache-Control") == "public, max-age=600");
    CHECK(client(server).Get("/id/a")->get_header_value("Cache-Control") == "max-age=120");
}
