#include "memory_store.hpp"
#include "server/ld/resolver.hpp"
#include "store_wrappers.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using seeother::rdf::Format;
using seeother::server::resolve;
using Kind = seeother::server::Route::Kind;

namespace {

const std::string base = "http://example.org/";

const auto store = seeother::test::store_with_subjects({
    "http://example.org/id/alice",
    "http://example.org/id/v1.0",
    "http://example.org/id/café",
    "http://example.org/id/a/b/c",
    "http://example.org/id/report.ttl",
    "http://example.org/id/hello%20world",
    "http://example.org/id/paren(1)",
    "http://example.org/id/onlyhash#f",
    "http://example.org/vocab#Person",
    "http://example.org/vocab#knows",
    "http://example.org/ns/terms",
});

} // namespace

TEST_CASE("/id/X for a described thing is a 303 to the document about X", "[resolver]") {
    const auto route = *resolve("/id/alice", store, base);
    CHECK(route.kind == Kind::SeeOther);
    CHECK(route.name == "alice");
    CHECK(route.iri == "http://example.org/id/alice");
}

TEST_CASE("/id/X for an IRI the data does not describe is not found", "[resolver]") {
    CHECK(resolve("/id/bob", store, base)->kind == Kind::NotFound);
    CHECK(resolve("/id/", store, base)->kind == Kind::NotFound);
}

TEST_CASE("/id/x is not found when only <base>id/x#f is a subject", "[resolver]") {
    CHECK(resolve("/id/onlyhash", store, base)->kind == Kind::NotFound);
}

TEST_CASE("/id/X never selects a format by extension", "[resolver]") {
    CHECK(resolve("/id/alice.ttl", store, base)->kind == Kind::NotFound);
}

TEST_CASE("a name with a dot resolves to the resource with that name", "[resolver]") {
    const auto see_other = *resolve("/id/v1.0", store, base);
    CHECK(see_other.kind == Kind::SeeOther);
    CHECK(see_other.name == "v1.0");
    const auto doc = *resolve("/doc/v1.0", store, base);
    CHECK(doc.kind == Kind::Document);
    CHECK(doc.name == "v1.0");
    CHECK_FALSE(doc.forced);
}

TEST_CASE("names may contain slashes", "[resolver]") {
    CHECK(resolve("/id/a/b/c", store, base)->kind == Kind::SeeOther);
    const auto doc = *resolve("/doc/a/b/c.nt", store, base);
    CHECK(doc.kind == Kind::Document);
    CHECK(doc.name == "a/b/c");
    CHECK(doc.forced == Format::NTriples);
}

TEST_CASE("/doc/X is the negotiated document about <base>id/X", "[resolver]") {
    const auto route = *resolve("/doc/alice", store, base);
    CHECK(route.kind == Kind::Document);
    CHECK(route.name == "alice");
    CHECK_FALSE(route.forced);
}

TEST_CASE("a trailing extension on /doc/X forces its format", "[resolver]") {
    struct Row {
        const char* path;
        Format format;
    };
    for (const auto& row :
         {Row{"/doc/alice.ttl", Format::Turtle}, Row{"/doc/alice.nt", Format::NTriples},
          Row{"/doc/alice.html", Format::Html}}) {
        CAPTURE(row.path);
        const auto route = *resolve(row.path, store, base);
        CHECK(route.kind == Kind::Document);
        CHECK(route.name == "alice");
        CHECK(route.forced == row.format);
    }
}

TEST_CASE("an extension is part of the name when <base>id/X.ext is itself described",
          "[resolver]") {
    const auto route = *resolve("/doc/report.ttl", store, base);
    CHECK(route.kind == Kind::Document);
    CHECK(route.name == "report.ttl");
    CHECK_FALSE(route.forced);
    const auto forced = *resolve("/doc/report.ttl.nt", store, base);
    CHECK(forced.name == "report.ttl");
    CHECK(forced.forced == Format::NTriples);
}

TEST_CASE("an unknown extension is just part of an unknown name", "[resolver]") {
    const auto route = *resolve("/doc/alice.xyz", store, base);
    CHECK(route.kind == Kind::NotFound);
    CHECK(route.name == "id/alice.xyz");
}

TEST_CASE("/doc/X for an undescribed X names the thing that was looked for", "[resolver]") {
    const auto route = *resolve("/doc/bob", store, base);
    CHECK(route.kind == Kind::NotFound);
    CHECK(route.name == "id/bob");
}

TEST_CASE("percent-encoded UTF-8 matches the IRI with those characters", "[resolver]") {
    const auto route = *resolve("/id/caf%C3%A9", store, base);
    CHECK(route.kind == Kind::SeeOther);
    CHECK(route.name == "café");
    CHECK(resolve("/doc/caf%c3%a9.ttl", store, base)->forced == Format::Turtle);
}

TEST_CASE("raw UTF-8 in the path matches too", "[resolver]") {
    CHECK(resolve("/id/café", store, base)->kind == Kind::SeeOther);
}

TEST_CASE("an escape that is part of the IRI is kept", "[resolver]") {
    const auto route = *resolve("/id/hello%20world", store, base);
    CHECK(route.kind == Kind::SeeOther);
    CHECK(route.name == "hello%20world");
}

TEST_CASE("over-encoded reserved characters still find the IRI", "[resolver]") {
    const auto route = *resolve("/id/paren%281%29", store, base);
    CHECK(route.kind == Kind::SeeOther);
    CHECK(route.name == "paren(1)");
}

TEST_CASE("unreserved characters may be percent-encoded", "[resolver]") {
    CHECK(resolve("/id/%61lice", store, base)->name == "alice");
}

TEST_CASE("malformed escapes, NUL and invalid UTF-8 are bad requests", "[resolver]") {
    for (const char* path : {"/id/%", "/id/%4", "/id/%zz", "/id/a%00b", "/id/%C3", "/id/%FF",
                             "/id/%C0%AF", "/id/%ED%A0%80", "/doc/%E2%82"}) {
        CAPTURE(path);
        CHECK(resolve(path, store, base).problem().status == 400);
    }
}

TEST_CASE("a path that does not start with a slash is a bad request", "[resolver]") {
    CHECK(resolve("", store, base).problem().status == 400);
    CHECK(resolve("id/alice", store, base).problem().status == 400);
}

TEST_CASE("/P describes a hash namespace when <base>P#... subjects exist", "[resolver]") {
    const auto route = *resolve("/vocab", store, base);
    CHECK(route.kind == Kind::HashDocument);
    CHECK(route.name == "vocab");
    CHECK(route.iri == "http://example.org/vocab");
    CHECK_FALSE(route.forced);
}

TEST_CASE("/P.ext forces the format of a hash document", "[resolver]") {
    const auto route = *resolve("/vocab.ttl", store, base);
    CHECK(route.kind == Kind::HashDocument);
    CHECK(route.name == "vocab");
    CHECK(route.forced == Format::Turtle);
}

TEST_CASE("a prefix of a hash namespace is not that namespace", "[resolver]") {
    CHECK(resolve("/voc", store, base)->kind == Kind::NotFound);
    CHECK(resolve("/vocabulary", store, base)->kind == Kind::NotFound);
}

TEST_CASE("/P is served when <base>P itself is described", "[resolver]") {
    const auto route = *resolve("/ns/terms", store, base);
    CHECK(route.kind == Kind::HashDocument);
    CHECK(route.name == "ns/terms");
}

TEST_CASE("the root is the home page unless <base> itself is described", "[resolver]") {
    CHECK(resolve("/", store, base)->kind == Kind::Home);
    const auto described = seeother::test::store_with_subjects({"http://example.org/"});
    CHECK(resolve("/", described, base)->kind == Kind::HashDocument);
}

TEST_CASE("a base with a path maps request paths below it", "[resolver]") {
    const auto nested = seeother::test::store_with_subjects({"http://example.org/data/id/x"});
    const auto route = *resolve("/id/x", nested, "http://example.org/data/");
    CHECK(route.kind == Kind::SeeOther);
    CHECK(route.iri == "http://example.org/data/id/x");
}

TEST_CASE("the server's own browsing pages have their own routes", "[resolver]") {
    CHECK(resolve("/search", store, base)->kind == Kind::Search);
    CHECK(resolve("/classes", store, base)->kind == Kind::Classes);
    CHECK(resolve("/class", store, base)->kind == Kind::Class);
    CHECK(resolve("/sitemap.xml", store, base)->kind == Kind::Sitemap);
    const auto void_route = *resolve("/.well-known/void", store, base);
    CHECK(void_route.kind == Kind::Void);
    CHECK_FALSE(void_route.forced);
    const auto void_ttl = *resolve("/.well-known/void.ttl", store, base);
    CHECK(void_ttl.kind == Kind::Void);
    CHECK(void_ttl.forced == Format::Turtle);
    CHECK(resolve("/.well-known/void.exe", store, base)->kind == Kind::NotFound);
    CHECK(resolve("/.well-known/voids", store, base)->kind == Kind::NotFound);
    CHECK(resolve("/search/x", store, base)->kind == Kind::NotFound);
    CHECK(resolve("/Search", store, base)->kind == Kind::NotFound);
}

TEST_CASE("data that describes a browsing path wins over the browsing page", "[resolver]") {
    const auto described = seeother::test::store_with_subjects(
        {"http://example.org/search", "http://example.org/sitemap.xml#it"});
    CHECK(resolve("/search", described, base)->kind == Kind::HashDocument);
    CHECK(resolve("/sitemap.xml", described, base)->kind == Kind::HashDocument);
    CHECK(resolve("/classes", described, base)->kind == Kind::Classes);
}

TEST_CASE("a name ending in '/' has format URLs too", "[resolver]") {
    const auto dir = seeother::test::store_with_subjects({"http://example.org/id/dir/"});
    const auto route = *resolve("/doc/dir/.ttl", dir, base);
    CHECK(route.kind == Kind::Document);
    CHECK(route.name == "dir/");
    CHECK(route.forced == Format::Turtle);
    CHECK(resolve("/doc/.ttl", dir, base)->kind == Kind::NotFound);
}

TEST_CASE("names under id/ are never hash documents, however the path spells them", "[resolver]") {
    CHECK(resolve("/id%2Fonlyhash", store, base)->kind == Kind::NotFound);
    CHECK(resolve("/id/onlyhash", store, base)->kind == Kind::NotFound);
}

namespace {

/// Every format, in the table's order: the format URLs of a document no other IRI takes.
std::vector<Format> all_formats() {
    std::vector<Format> formats;
    for (const auto& row : seeother::rdf::formats())
        formats.push_back(row.format);
    return formats;
}

std::vector<Format> all_but(Format left_out) {
    auto formats = all_formats();
    formats.erase(std::find(formats.begin(), formats.end(), left_out));
    return formats;
}

} // namespace

TEST_CASE("a document has every format URL that no described IRI takes", "[resolver]") {
    CHECK(resolve("/doc/alice", store, base)->with_url == all_formats());
    CHECK(resolve("/doc/alice.nt", store, base)->with_url == all_formats());
    CHECK(resolve("/doc/alice.html", store, base)->with_url == all_formats());
    CHECK(resolve("/vocab", store, base)->with_url == all_formats());
    CHECK(resolve("/vocab.jsonld", store, base)->with_url == all_formats());
    CHECK(resolve("/id/alice", store, base)->with_url.empty());
}

TEST_CASE("data that describes <base>id/X.ext takes the format URL /doc/X.ext", "[resolver]") {
    const auto data = seeother::test::store_with_subjects(
        {"http://example.org/id/x", "http://example.org/id/x.ttl", "http://example.org/id/y.nt",
         "http://example.org/id/y.nt.html"});
    // /doc/x.ttl is the document about <id/x.ttl>, so <id/x> has no Turtle URL.
    for (const char* path : {"/doc/x", "/doc/x.nt", "/doc/x.html"}) {
        CAPTURE(path);
        const auto route = *resolve(path, data, base);
        CHECK(route.kind == Kind::Document);
        CHECK(route.name == "x");
        CHECK(route.with_url == all_but(Format::Turtle));
    }
    const auto dotted = *resolve("/doc/x.ttl", data, base);
    CHECK(dotted.name == "x.ttl");
    CHECK_FALSE(dotted.forced);
    CHECK(dotted.with_url == all_formats());
    // <id/y.nt> is described, <id/y> is not: /doc/y.nt is y.nt's own document, whose HTML
    // URL is taken by <id/y.nt.html>.
    const auto y = *resolve("/doc/y.nt", data, base);
    CHECK(y.name == "y.nt");
    CHECK_FALSE(y.forced);
    CHECK(y.with_url == all_but(Format::Html));
    CHECK(resolve("/doc/y.nt.ttl", data, base)->with_url == all_but(Format::Html));
    CHECK(resolve("/doc/y", data, base)->kind == Kind::NotFound);
}

TEST_CASE("data that describes <base>P.ext takes a hash document's format URL", "[resolver]") {
    const auto data = seeother::test::store_with_subjects(
        {"http://example.org/vocab#a", "http://example.org/vocab.rdf#b",
         "http://example.org/doc/z#c", "http://example.org/id/z.nt"});
    const auto vocab = *resolve("/vocab", data, base);
    CHECK(vocab.kind == Kind::HashDocument);
    CHECK(vocab.with_url == all_but(Format::RdfXml));
    const auto rdf = *resolve("/vocab.rdf", data, base);
    CHECK(rdf.kind == Kind::HashDocument);
    CHECK(rdf.name == "vocab.rdf");
    CHECK_FALSE(rdf.forced);
    // Under doc/, a format URL is first a thing's document: /doc/z.nt is about <id/z.nt>.
    const auto z = *resolve("/doc/z", data, base);
    CHECK(z.kind == Kind::HashDocument);
    CHECK(z.name == "doc/z");
    CHECK(z.with_url == all_but(Format::NTriples));
}

TEST_CASE("data that describes the server's own short paths is told to every document page",
          "[resolver]") {
    using seeother::server::bit;
    using seeother::server::OwnPage;
    const auto data =
        seeother::test::store_with_subjects({"http://example.org/id/x", "http://example.org/search",
                                             "http://example.org/.well-known/void#it"});
    const auto shadows = bit(OwnPage::Search) | bit(OwnPage::Void);
    for (const char* path : {"/doc/x", "/doc/x.ttl", "/doc/x.html", "/search", "/nothing"}) {
        CAPTURE(path);
        const auto route = *resolve(path, data, base);
        CHECK(route.shadowed == shadows);
        CHECK(route.shadowed_asked);
    }
    CHECK(resolve("/search", data, base)->kind == Kind::HashDocument);
    CHECK(resolve("/.well-known/void", data, base)->kind == Kind::HashDocument);
    CHECK(resolve("/.well-known/void.ttl", data, base)->forced == Format::Turtle);
    CHECK(resolve("/classes", data, base)->kind == Kind::Classes);
    // A thing's 303 shows no links: not asked.
    const auto thing = *resolve("/id/x", data, base);
    CHECK(thing.kind == Kind::SeeOther);
    CHECK_FALSE(thing.shadowed_asked);
    CHECK(thing.shadowed == 0);
}

TEST_CASE("a path resolves the same after a long one, a failing store, or again", "[resolver]") {
    const auto first = *resolve("/doc/alice.html", store, base);
    // A long path (its questions take more room than most) and one with many questions.
    CHECK(resolve("/doc/" + std::string(5000, 'a') + ".ttl", store, base)->kind == Kind::NotFound);
    CHECK(resolve("/doc/a%2Fb.c.d.ttl.nt.html", store, base)->kind == Kind::NotFound);
    const seeother::test::FailingStore failing(store, seeother::rdf::StoreError::Kind::Unavailable);
    CHECK_THROWS_AS(resolve("/doc/alice.html", failing, base), seeother::rdf::StoreError);
    const auto again = *resolve("/doc/alice.html", store, base);
    CHECK(again.kind == first.kind);
    CHECK(again.name == first.name);
    CHECK(again.forced == first.forced);
    CHECK(again.with_url == first.with_url);
    CHECK(again.iri == first.iri);
    CHECK(again.shadowed == first.shadowed);
}

// Layouts other than the default (server/ld/layout.hpp), and several namespaces.

namespace {

using seeother::server::Layout;
using seeother::server::named_layout;
using seeother::server::Namespace;
using seeother::server::Namespaces;

Namespaces one_space(const std::string& base_iri, const Layout& layout, std::string path = "/") {
    Namespace space;
    space.base = base_iri;
    space.path = std::move(path);
    space.layout = layout;
    return {space};
}

} // namespace

TEST_CASE("the DBpedia layout reads /resource/, /page/ and /data/", "[resolver][layout]") {
    const auto data = seeother::test::store_with_subjects(
        {"http://dbp.test/resource/Berlin", "http://dbp.test/resource/Data.ttl"});
    const auto spaces = one_space("http://dbp.test/", *named_layout("dbpedia"));
    const auto thing = *resolve("/resource/Berlin", data, spaces);
    CHECK(thing.kind == Kind::SeeOther);
    CHECK(thing.iri == "http://dbp.test/resource/Berlin");
    const auto page = *resolve("/page/Berlin", data, spaces);
    CHECK(page.kind == Kind::Document);
    CHECK(page.forced == Format::Html);
    const auto data_url = *resolve("/data/Berlin", data, spaces);
    CHECK(data_url.kind == Kind::Document);
    CHECK(data_url.rdf_only);
    CHECK_FALSE(data_url.forced);
    CHECK(resolve("/data/Berlin.ttl", data, spaces)->forced == Format::Turtle);
    // HTML lives at /page/X, never /data/X.html.
    CHECK(resolve("/data/Berlin.html", data, spaces)->kind == Kind::NotFound);
    // A name ending in .ttl is its own document; its Turtle URL is .ttl.ttl.
    const auto dotted = *resolve("/data/Data.ttl", data, spaces);
    CHECK(dotted.kind == Kind::Document);
    CHECK(dotted.name == "Data.ttl");
    CHECK_FALSE(dotted.forced);
    CHECK(resolve("/id/Berlin", data, spaces)->kind == Kind::NotFound);
}

TEST_CASE("the slash layout makes every IRI a thing, except hash namespaces",
          "[resolver][layout]") {
    const auto data = seeother::test::store_with_subjects(
        {"http://u.test/unit/M", "http://u.test/unit/", "http://u.test/unit/terms#a",
         "http://u.test/unit/doc/odd"});
    const auto spaces = one_space("http://u.test/unit/", *named_layout("slash"));
    const auto thing = *resolve("/M", data, spaces);
    CHECK(thing.kind == Kind::SeeOther);
    CHECK(thing.iri == "http://u.test/unit/M");
    CHECK(resolve("/doc/M", data, spaces)->kind == Kind::Document);
    const auto hash = *resolve("/terms", data, spaces);
    CHECK(hash.kind == Kind::HashDocument);
    // The namespace root is a document, with format URLs at index.ext.
    const auto root = *resolve("/", data, spaces);
    CHECK(root.kind == Kind::HashDocument);
    const auto index = *resolve("/index.ttl", data, spaces);
    CHECK(index.kind == Kind::HashDocument);
    CHECK(index.name.empty());
    CHECK(index.forced == Format::Turtle);
    CHECK(resolve("/nothing", data, spaces)->kind == Kind::NotFound);
}

TEST_CASE("several namespaces: a path belongs to the one with the longest path",
          "[resolver][layout]") {
    const auto data = seeother::test::store_with_subjects(
        {"http://a.test/id/x", "http://units.test/vocab/unit/M"});
    Namespaces spaces = one_space("http://a.test/", Layout{});
    spaces.push_back(
        one_space("http://units.test/vocab/unit/", *named_layout("slash"), "/unit/").front());
    const auto a = *resolve("/id/x", data, spaces);
    CHECK(a.kind == Kind::SeeOther);
    CHECK(a.space == 0);
    const auto unit = *resolve("/unit/M", data, spaces);
    CHECK(unit.kind == Kind::SeeOther);
    CHECK(unit.space == 1);
    CHECK(unit.iri == "http://units.test/vocab/unit/M");
    CHECK(resolve("/unit/doc/M.nt", data, spaces)->forced == Format::NTriples);
}

TEST_CASE("the reserved paths are the server's own pages, whatever the data describes",
          "[resolver][layout]") {
    const auto data = seeother::test::store_with_subjects(
        {"http://example.org/", "http://example.org/classes", "http://example.org/search"});
    const auto spaces = one_space("http://example.org/", Layout{});
    CHECK(resolve("/", data, spaces)->kind == Kind::HashDocument);
    const auto classes = *resolve("/classes", data, spaces);
    CHECK(classes.kind == Kind::HashDocument);
    using seeother::server::bit;
    using seeother::server::OwnPage;
    CHECK(classes.shadowed & bit(OwnPage::Home));
    CHECK(classes.shadowed & bit(OwnPage::Classes));
    CHECK(classes.shadowed & bit(OwnPage::Search));
    CHECK_FALSE(classes.shadowed & bit(OwnPage::Class));
    CHECK(resolve("/.well-known/seeother/", data, spaces)->kind == Kind::Home);
    CHECK(resolve("/.well-known/seeother/classes", data, spaces)->kind == Kind::Classes);
    CHECK(resolve("/.well-known/seeother/search", data, spaces)->kind == Kind::Search);
    CHECK(resolve("/.well-known/seeother/void.ttl", data, spaces)->forced == Format::Turtle);
    CHECK(resolve("/.well-known/seeother/other", data, spaces)->kind == Kind::NotFound);
}

TEST_CASE("a dot before a '/' starts no format extension", "[resolver]") {
    const auto dotted = seeother::test::store_with_subjects(
        {"http://example.org/id/a", "http://example.org/id/a.ttl/b"});
    const auto doc = *resolve("/doc/a.ttl/b", dotted, base);
    CHECK(doc.kind == Kind::Document);
    CHECK(doc.name == "a.ttl/b");
    CHECK_FALSE(doc.forced);
    CHECK(resolve("/doc/a.nt/b", dotted, base)->kind == Kind::NotFound);
    CHECK(resolve("/doc/a.ttl/", dotted, base)->kind == Kind::NotFound);
}

// How the questions are asked: a store in this process about the format URLs of the document
// found only, after the readings; a remote one about every reading's with the readings.

namespace {

using seeother::test::WrappedStore;

/// Records each batch of described() questions, by IRI.
class BatchRecorder final : public WrappedStore {
  public:
    using WrappedStore::WrappedStore;
    std::vector<bool> described(const std::vector<seeother::rdf::Subjects>& asked) const override {
        auto& batch = batches.emplace_back();
        for (const auto& subjects : asked)
            batch.push_back(subjects.iri + (subjects.fragments ? "#…" : ""));
        return WrappedStore::described(asked);
    }
    mutable std::vector<std::vector<std::string>> batches;

  private:
    void ask(const std::string&) const override {}
};

bool has(const std::vector<std::string>& batch, const std::string& iri) {
    return std::find(batch.begin(), batch.end(), iri) != batch.end();
}

/// The batches of questions that resolving /doc/alice asks of `store` asked `reach`'s way;
/// the route has every format URL either way.
std::vector<std::vector<std::string>> alice_batches(WrappedStore::Reach reach) {
    const BatchRecorder recorder(store, reach);
    CHECK(resolve("/doc/alice", recorder, base)->with_url == all_formats());
    return recorder.batches;
}

} // namespace

TEST_CASE("a store in this process is asked about the found document's format URLs after",
          "[resolver]") {
    const auto local = alice_batches(WrappedStore::Reach::Local);
    REQUIRE(local.size() == 2);
    // First the readings: the thing's document, the hash namespace doc/alice.
    CHECK(has(local[0], "http://example.org/id/alice"));
    CHECK(has(local[0], "http://example.org/doc/alice#…"));
    CHECK_FALSE(has(local[0], "http://example.org/id/alice.ttl"));
    // Then what would take the found document's format URLs (<id/alice.ttl> …) only: not
    // what would take those of the hash reading that lost (<doc/alice.ttl#…>).
    CHECK(has(local[1], "http://example.org/id/alice.ttl"));
    CHECK(has(local[1], "http://example.org/id/alice.html"));
    CHECK_FALSE(has(local[1], "http://example.org/doc/alice.ttl#…"));
    CHECK_FALSE(has(local[1], "http://example.org/id/alice"));

    // A thing's path, and a path nothing describes, have no format URLs to ask about.
    const BatchRecorder thing(store, WrappedStore::Reach::Local);
    CHECK(resolve("/id/alice", thing, base)->kind == Kind::SeeOther);
    CHECK(resolve("/doc/nobody.ttl", thing, base)->kind == Kind::NotFound);
    CHECK(thing.batches.size() == 2);
}

TEST_CASE("a remote store is asked once, about every reading's format URLs too", "[resolver]") {
    const auto remote = alice_batches(WrappedStore::Reach::Remote);
    REQUIRE(remote.size() == 1);
    CHECK(has(remote[0], "http://example.org/id/alice"));
    CHECK(has(remote[0], "http://example.org/id/alice.ttl"));
    CHECK(has(remote[0], "http://example.org/doc/alice.ttl#…"));
}

TEST_CASE("both ways of asking resolve every path alike", "[resolver]") {
    const auto taken = seeother::test::store_with_subjects(
        {"http://example.org/id/x", "http://example.org/id/x.ttl", "http://example.org/id/y.nt",
         "http://example.org/id/y.nt.html", "http://example.org/vocab#a",
         "http://example.org/vocab.rdf#b", "http://example.org/doc/z#c",
         "http://example.org/id/z.nt", "http://example.org/search", "http://example.org/",
         "http://example.org/id/a.ttl/b"});
    const auto slash_data = seeother::test::store_with_subjects(
        {"http://u.test/unit/M", "http://u.test/unit/", "http://u.test/unit/terms#a",
         "http://u.test/unit/terms", "http://u.test/unit/doc/odd", "http://u.test/unit/M.ttl"});
    const auto dbpedia_data = seeother::test::store_with_subjects(
        {"http://dbp.test/resource/Berlin", "http://dbp.test/resource/Data.ttl"});
    const auto slash = one_space("http://u.test/unit/", *named_layout("slash"));
    const auto dbpedia = one_space("http://dbp.test/", *named_layout("dbpedia"));
    const auto plain = one_space(base, Layout{});
    const std::vector<std::string> paths = {"/",
                                            "/id/x",
                                            "/doc/x",
                                            "/doc/x.ttl",
                                            "/doc/x.nt",
                                            "/doc/x.html",
                                            "/doc/y",
                                            "/doc/y.nt",
                                            "/doc/y.nt.ttl",
                                            "/vocab",
                                            "/vocab.rdf",
                                            "/vocab.ttl",
                                            "/doc/z",
                                            "/doc/z.nt",
                                            "/doc/z.ttl",
                                            "/search",
                                            "/classes",
                                            "/index.ttl",
                                            "/doc/a.ttl/b",
                                            "/doc/alice",
                                            "/doc/alice.html",
                                            "/vocab.html",
                                            "/ns/terms.jsonld",
                                            "/doc/caf%C3%A9.nt",
                                            "/M",
                                            "/M.ttl",
                                            "/terms",
                                            "/terms.ttl",
                                            "/doc/M",
                                            "/doc/odd",
                                            "/resource/Berlin",
                                            "/page/Berlin",
                                            "/data/Berlin",
                                            "/data/Berlin.ttl",
                                            "/data/Data.ttl",
                                            "/nothing"};
    const std::pair<const seeother::rdf::Store*, const Namespaces*> cases[] = {
        {&store, &plain}, {&taken, &plain}, {&slash_data, &slash}, {&dbpedia_data, &dbpedia}};
    for (const auto& [data, spaces] : cases)
        for (const auto& path : paths) {
            CAPTURE(path, spaces->front().base);
            const BatchRecorder local(*data, WrappedStore::Reach::Local);
            const BatchRecorder remote(*data, WrappedStore::Reach::Remote);
            const auto a = resolve(path, local, *spaces);
            const auto b = resolve(path, remote, *spaces);
            REQUIRE(a.ok() == b.ok());
            if (a)
                CHECK(*a == *b);
        }
}
