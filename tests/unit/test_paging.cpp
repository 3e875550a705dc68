// Paging of long descriptions through handle(): a hub with 25,000 values and a hash
// vocabulary of 25,000 triples, walked page by page in HTML and in N-Triples. Every value is
// on exactly one page, every page gives the same page count, and no page carries more than
// one page's worth.
#include "rdf/loader.hpp"
#include "server/html/pages.hpp"
#include "server/ld/document.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>

using Catch::Matchers::Contains;
using seeother::server::Reply;

namespace {

const std::string base = "http://paging.test/";

Reply get(const seeother::rdf::Store& store, const std::string& target) {
    return seeother::server::handle(seeother::test::make_request(target, {{"Host", "paging.test"}}),
                                    store, seeother::test::site(base));
}

/// Every match of `pattern`'s first group in `text`.
std::vector<std::string> all_of(const std::string& text, const std::regex& pattern) {
    std::vector<std::string> found;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
         it != std::sregex_iterator(); ++it)
        found.push_back((*it)[1].str());
    return found;
}

/// The "Page N of M" of an HTML page: M, or 0 when it has none.
std::size_t page_count_of(const std::string& html, std::size_t page) {
    static const std::regex pager("<span>Page ([0-9,]+) of ([0-9,]+)</span>");
    std::smatch match;
    if (!std::regex_search(html, match, pager))
        return 0;
    const auto number = [](std::string text) {
        text.erase(std::remove(text.begin(), text.end(), ','), text.end());
        return static_cast<std::size_t>(std::stoul(text));
    };
    CHECK(number(match[1].str()) == page);
    return number(match[2].str());
}

/// Walks every HTML page of `path` and returns how often each literal value was shown.
std::map<std::string, int> walk_html(const seeother::rdf::Store& store, const std::string& path,
                                     std::size_t expected_pages) {
    static const std::regex value("<span class=\"lit\">([^<]*)</span>");
    std::map<std::string, int> shown;
    for (std::size_t page = 1; page <= expected_pages; ++page) {
        CAPTURE(page);
        const auto reply = get(store, path + ".html?page=" + std::to_string(page));
        REQUIRE(reply.status == 200);
        CHECK(page_count_of(reply.body, page) == expected_pages);
        const auto values = all_of(reply.body, value);
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
        static const std::regex next("<http://paging\\.test/([^>]*)>; rel=\"next\"");
        const auto link = std::string(reply.header("Link"));
        const auto found = all_of(link, next);
        target = found.empty() ? std::string() : "/" + found.front();
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
