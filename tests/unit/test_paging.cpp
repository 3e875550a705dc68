// Paging of long descriptions through handle(): a hub with 25,000 values and a hash
// vocabulary of 25,000 triples, walked page by page in HTML and in N-Triples. Every value is
// on exactly one page, every page gives the same page count, and no page carries more than
// one page's worth.
#include "rdf/sord/load.hpp"
#include "server/html/pages.hpp"
#include "server/ld/document.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using Catch::Matchers::Contains;
using seeother::server::Reply;

namespace {

const std::string base = "http://paging.test/";

Reply get(const seeother::rdf::Store& store, const std::string& target) {
    return seeother::server::handle(seeother::test::make_request(target, {{"Host", "paging.test"}}),
                                    store, seeother::test::site(base));
}

/// The text between each `open` and the next `close` in `text`.
std::vector<std::string> all_between(const std::string& text, const std::string& open,
                                     const std::string& close) {
    std::vector<std::string> found;
    for (auto at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
        at += open.size();
        const auto end = text.find(close, at);
        if (end == std::string::npos)
            break;
        found.push_back(text.substr(at, end - at));
        at = end;
    }
    return found;
}

/// A number written with thousands separators.
std::size_t number(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    return static_cast<std::size_t>(std::stoul(text));
}

/// The "Page N of M" of an HTML page: M, or 0 when it has none.
std::size_t page_count_of(const std::string& html, std::size_t page) {
    const auto pager = all_between(html, "<span>Page ", "</span>");
    if (pager.size() != 1)
        return 0;
    const auto of = pager.front().find(" of ");
    REQUIRE(of != std::string::npos);
    CHECK(number(pager.front().substr(0, of)) == page);
    return number(pager.front().substr(of + 4));
}

/// Walks every HTML page of `path` and returns how often each literal value was shown.
std::map<std::string, int> walk_html(const seeother::rdf::Store& store, const std::string& path,
                                     std::size_t expected_pages) {
    std::map<std::string, int> shown;
    for (std::size_t page = 1; page <= expected_pages; ++page) {
        CAPTURE(page);
        const auto reply = get(store, path + ".html?page=" + std::to_string(page));
        REQUIRE(reply.status == 200);
        CHECK(page_count_of(reply.body, page) == expected_pages);
        const auto values = all_between(reply.body, "<span class=\"lit\">", "</span>");
        CHECK(values.size() <= seeother::server::html::values_per_page);
        for (const auto& v : values)
            ++shown[v];
    }
    CHECK(get(store, path + ".html?page=" + std::to_string(expected_pages + 1)).status == 404);
    return shown;
}

/// Walks every N-Triples page of `path` (following rel="next") and returns how often each
/// line was sent.
std::map<std::string, int> walk_ntriples(const seeother::rdf::Store& store, const std::string& path,
                                         std::size_t expected_pages) {
    std::map<std::string, int> sent;
    std::string target = path + ".nt";
    std::size_t pages = 0;
    while (!target.empty()) {
        CAPTURE(target);
        const auto reply = get(store, target);
        REQUIRE(reply.status == 200);
        ++pages;
        std::size_t lines = 0;
        for (std::size_t at = 0, end; at < reply.body.size(); at = end + 1) {
            end = reply.body.find('\n', at);
            ++sent[reply.body.substr(at, end - at)];
            ++lines;
        }
        // One page's worth (and the document's foaf:primaryTopic).
        CHECK(lines <= seeother::server::description_page_size + 1);
        // The next page's URL: "<http://paging.test/…>; rel=\"next\"" in the Link field.
        const auto link = std::string(reply.header("Link"));
        const auto next = link.find(">; rel=\"next\"");
        const auto start = link.rfind("<" + base, next);
        target = next == std::string::npos
                     ? std::string()
                     : "/" + link.substr(start + 1 + base.size(), next - start - 1 - base.size());
    }
    CHECK(pages == expected_pages);
    return sent;
}

} // namespace

TEST_CASE("every value of a 25,000-value hub is on exactly one HTML page, with one page count",
          "[paging]") {
    std::string nt =
        "<" + base + "id/hub> <http://www.w3.org/2000/01/rdf-schema#label> \"Hub\" .\n";
    for (int i = 0; i < 25000; ++i)
        nt += "<" + base + "id/hub> <" + base + "vocab#v> \"v" + std::to_string(i) + "\" .\n";
    const auto store = seeother::rdf::load_store_from_string(nt, "hub.nt");

    // 25,001 values, 200 a page.
    const auto shown = walk_html(*store, "/doc/hub", 126);
    CHECK(shown.size() == 25001);
    for (const auto& [value, times] : shown) {
        CAPTURE(value);
        CHECK(times == 1);
    }
    // Every page says what it is about, wherever its label triple is.
    CHECK_THAT(get(*store, "/doc/hub.html?page=77").body, Contains("<h1>Hub</h1>"));

    // In RDF: three pages of 10,000, linked, each triple on one of them.
    const auto sent = walk_ntriples(*store, "/doc/hub", 3);
    std::size_t triples = 0;
    for (const auto& [line, times] : sent) {
        CAPTURE(line);
        if (line.find("primaryTopic") == std::string::npos) {
            CHECK(times == 1);
            ++triples;
        }
    }
    CHECK(triples == 25001);
    CHECK(get(*store, "/doc/hub.nt?page=4").status == 404);
}

TEST_CASE("a hash vocabulary larger than one RDF page is paged in RDF and in HTML", "[paging]") {
    // 12,500 terms with a label and a number each: 25,000 triples over <P#tN>.
    std::string nt;
    for (int i = 0; i < 12500; ++i) {
        const std::string term = "<" + base + "vocab#t" + std::to_string(i) + ">";
        nt += term + " <http://www.w3.org/2000/01/rdf-schema#label> \"Term " + std::to_string(i) +
              "\" .\n";
        nt += term + " <" + base + "ns#n> \"n" + std::to_string(i) + "\" .\n";
    }
    const auto store = seeother::rdf::load_store_from_string(nt, "vocab.nt");

    const auto first = get(*store, "/vocab.nt");
    CHECK_THAT(std::string(first.header("Link")),
               Contains("<http://paging.test/vocab.nt?page=2>; rel=\"next\""));
    const auto sent = walk_ntriples(*store, "/vocab", 3);
    CHECK(sent.size() == 25000);
    for (const auto& [line, times] : sent) {
        CAPTURE(line);
        CHECK(times == 1);
    }

    const auto shown = walk_html(*store, "/vocab", 125);
    CHECK(shown.size() == 25000);
    for (const auto& [value, times] : shown) {
        CAPTURE(value);
        CHECK(times == 1);
    }
}

TEST_CASE("a page past a long description's values but within its backlinks has none of them",
          "[paging]") {
    // 250 values (2 HTML pages) and 450 backlinks (5 pages).
    std::string nt = "<" + base + "id/hub> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" +
                     base + "vocab#Hub> .\n";
    for (int i = 0; i < 250; ++i)
        nt += "<" + base + "id/hub> <" + base + "vocab#v> \"v" + std::to_string(i) + "\" .\n";
    for (int i = 0; i < 450; ++i)
        nt += "<" + base + "id/m" + std::to_string(i) + "> <" + base + "vocab#member> <" + base +
              "id/hub> .\n";
    const auto store = seeother::rdf::load_store_from_string(nt, "hub.nt");
    const auto fourth = get(*store, "/doc/hub.html?page=4");
    REQUIRE(fourth.status == 200);
    CHECK_THAT(fourth.body, Contains("Page 4 of 5"));
    CHECK_THAT(fourth.body, Contains("All 251 values are on earlier pages."));
    CHECK_THAT(fourth.body, Contains("Showing 301&ndash;400 of 450."));
    CHECK(fourth.body.find("<span class=\"lit\">") == std::string::npos);
    CHECK(get(*store, "/doc/hub.html?page=6").status == 404);
}
