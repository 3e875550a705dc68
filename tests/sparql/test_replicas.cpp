// Stateless replicas: two seeother processes on one endpoint give the same bytes and the same
// strong ETags for every representation of every document of the sample, and for every page
// for people, whatever order they are asked in. Only Date and Last-Modified may differ (over an
// endpoint, Last-Modified is when a replica rendered the reply; the strong ETags agree, and
// If-None-Match is what caches revalidate with first).
#include "sample.hpp"
#include "sparql_server.hpp"
#include "store_checks.hpp"

#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <utility>

namespace {

using namespace seeother;

struct Ask {
    std::string path;
    httplib::Headers headers;
};

/// Every request to compare: each document in each format, by extension and by Accept, in
/// each coding; the 303s; the pages for people.
std::vector<Ask> requests(const rdf::Store& files) {
    const auto subjects = test::all_subjects(files);
    std::vector<Ask> asks;
    const httplib::Headers identity{{"Accept-Encoding", "identity"}};
    for (const auto& path : test::document_paths(subjects, test::sample_base)) {
        for (const char* ext : {".ttl", ".nt", ".rdf", ".jsonld", ".nq", ".trig", ".html"})
            asks.push_back({path + ext, identity});
        for (const char* accept :
             {"text/turtle", "application/ld+json", "application/rdf+xml", "text/html", "*/*"})
            asks.push_back({path, {{"Accept", accept}, {"Accept-Encoding", "identity"}}});
        for (const char* coding : {"gzip", "br"}) {
            asks.push_back({path + ".html", {{"Accept-Encoding", coding}}});
            asks.push_back({path + ".ttl", {{"Accept-Encoding", coding}}});
        }
        if (path.rfind("/doc/", 0) == 0)
            asks.push_back({"/id/" + path.substr(5), identity});
    }
    for (const char* page : {"/", "/classes", "/search?q=a", "/search?q=lake", "/sitemap.xml",
                             "/.well-known/void", "/.well-known/void.ttl", "/id/nobody"})
        asks.push_back({page, identity});
    for (const auto& c : files.classes(0, 100).items)
        asks.push_back({"/class?iri=" + test::path_encode(c.iri), identity});
    return asks;
}

/// What must be the same: status, every header but Date and Last-Modified (names in lower
/// case, sorted), body.
struct Answer {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

Answer answer(httplib::Client& client, const Ask& ask) {
    const auto res = test::get(client, ask.path, ask.headers);
    Answer a{res.status, {}, res.body};
    for (const auto& [name, value] : res.headers) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower != "date" && lower != "last-modified" && lower != "keep-alive" &&
            lower != "connection")
            a.headers.emplace_back(lower, value);
    }
    std::sort(a.headers.begin(), a.headers.end());
    return a;
}

} // namespace

TEST_CASE("replicas: two processes on one endpoint give the same bytes and strong ETags",
          "[sparql][serve]") {
    const auto files =
        rdf::load_store_from_string(test::sample_text(), "sample.ttl", test::sample_base);
    const auto asks = requests(*files);
    const auto args = test::sparql_args_for(test::sample_text(), "sample.ttl", test::sample_base);
    test::SeeotherProcess one(args);
    test::SeeotherProcess two(args);
    auto first = test::client_of(one);
    auto second = test::client_of(two);

    // The second replica is asked in the reverse order: what each has seen before must not
    // matter.
    std::vector<Answer> from_one;
    for (const auto& ask : asks)
        from_one.push_back(answer(first, ask));
    std::vector<Answer> from_two(asks.size());
    for (std::size_t i = asks.size(); i-- > 0;)
        from_two[i] = answer(second, asks[i]);

    std::size_t documents = 0;
    for (std::size_t i = 0; i < asks.size(); ++i) {
        CAPTURE(asks[i].path, asks[i].headers);
        INFO(one.stderr_text() << two.stderr_text());
        CHECK(from_one[i].status < 500);
        CHECK(from_two[i].status == from_one[i].status);
        CHECK(from_two[i].headers == from_one[i].headers);
        CHECK(from_two[i].body == from_one[i].body);
        if (from_one[i].status == 200) {
            ++documents;
            const auto etag = std::find_if(from_one[i].headers.begin(), from_one[i].headers.end(),
                                           [](const auto& h) { return h.first == "etag"; });
            REQUIRE(etag != from_one[i].headers.end());
            CHECK(etag->second.rfind("W/", 0) != 0); // strong
        }
    }
    // Every request but the /id/ ones (303, and 404 for /id/nobody) is a 200.
    CHECK(documents ==
          static_cast<std::size_t>(std::count_if(asks.begin(), asks.end(), [](const Ask& ask) {
              return ask.path.rfind("/id/", 0) != 0;
          })));
}
