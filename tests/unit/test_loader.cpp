// Loading files and directories into a store: syntaxes, gzip, the directory walk, errors
// with their positions, prefixes, IRI resolution and blank node separation.
#include "rdf/sord/load.hpp"

#include "parse_error.hpp"
#include "term_text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <sys/stat.h>
#include <tuple>
#include <unordered_map>
#include <vector>

using namespace seeother::rdf;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string data_dir = SEEOTHER_TEST_DATA;

std::string data(const std::string& name) {
    return data_dir + "/" + name;
}

using seeother::test::parse_error;
using seeother::test::text;

/// Triples as N-Quads-like lines, so that a failed check prints something readable.
std::vector<std::string> lines(const Triples& triples) {
    std::vector<std::string> out;
    for (const auto& t : triples) {
        std::string line = text(t.subject) + " " + text(t.predicate) + " " + text(t.object);
        if (!t.graph.empty())
            line += t.graph.compare(0, 2, "_:") == 0 ? " " + t.graph : " <" + t.graph + ">";
        out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace

// --- syntaxes -------------------------------------------------------------------------------

TEST_CASE("every supported syntax loads, plain or gzipped", "[loader]") {
    struct Row {
        const char* file;
        const char* link_graph; // the graph of the ex:link statement, as printed by lines()
    };
    const Row rows[] = {
        {"load_syntax.ttl", ""},
        {"load_syntax.nt", ""},
        {"load_syntax.nq", " <http://example.org/graph/g>"},
        {"load_syntax.trig", " <http://example.org/graph/g>"},
        {"load_syntax.ttl.gz", ""},
        {"load_syntax.nq.gz", " <http://example.org/graph/g>"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.file);
        const auto store = load_store({data(row.file)});
        CHECK(
            lines(seeother::rdf::describe_all(*store, "http://example.org/id/s")) ==
            sorted({
                R"(<http://example.org/id/s> <http://example.org/vocab#name> "S"@en)",
                R"(<http://example.org/id/s> <http://example.org/vocab#count> "1"^^<http://www.w3.org/2001/XMLSchema#integer>)",
                "<http://example.org/id/s> <http://example.org/vocab#link> "
                "<http://example.org/id/o>" +
                    std::string(row.link_graph),
            }));
        CHECK(store->stats().triples == 3);
        CHECK(store->stats().subjects == 1);
    }
}

TEST_CASE("a load with changes folded in says what the data gave and what the changes did, "
          "and dates the data at the load",
          "[loader][fold]") {
    using seeother::rdf::Term;
    const std::string s = "http://example.org/id/s";
    const seeother::rdf::Change change{
        {s},
        {{Term::iri(s), Term::iri("http://example.org/vocab#name"), Term::literal("T"), {}},
         {Term::iri(s), Term::iri("http://example.org/vocab#name"), Term::literal("T"), {}}},
        "PUT /doc/s"};
    const seeother::rdf::Timestamp files_time{std::chrono::hours(24)};
    const auto started = std::chrono::system_clock::now();
    seeother::rdf::LoadSummary summary;
    const auto store = load_store({data("load_syntax.nq")}, {}, files_time, {change}, &summary);
    CHECK(summary.file_quads == 3);
    CHECK(summary.removed == 3);
    CHECK(summary.added == 1); // the same quad twice
    CHECK(store->stats().triples == 1);
    CHECK(store->last_modified() >= started);
    // Without changes, the files' time, as always.
    CHECK(load_store({data("load_syntax.nq")}, {}, files_time, {}, &summary)->last_modified() ==
          files_time);
    CHECK(summary.removed == 0);
}

TEST_CASE("a triple in several graphs is described once", "[loader]") {
    const auto store = load_store({data("load_graphs.nq")});
    const auto triples = seeother::rdf::describe_all(*store, "http://example.org/id/s");
    REQUIRE(triples.size() == 2);
    CHECK(triples[0].object == Term::literal("everywhere"));
    CHECK(triples[1].object == Term::literal("named"));
    CHECK(triples[1].graph == "http://example.org/graph/1");
    CHECK(store->stats().triples == 3);
    CHECK(store->stats().subjects == 2);
}

// --- finding the files ------------------------------------------------------------------

TEST_CASE("a directory is walked recursively for supported names only, in sorted order",
          "[loader]") {
    const std::string dir = data("load_dir");
    const auto files = expand_data_paths({dir});
    CHECK(files == std::vector<std::string>{dir + "/a.ttl", dir + "/sub/b.nt",
                                            dir + "/sub/deeper/c.nq.gz", dir + "/z.trig"});

    // notes.txt and old.ttl.bak are not RDF: loading them would fail.
    const auto store = load_store(files);
    for (const char* iri : {"http://example.org/id/a", "http://example.org/id/b",
                            "http://example.org/id/c", "http://example.org/id/z"}) {
        CAPTURE(iri);
        CHECK(seeother::rdf::describes(*store, iri));
    }
    CHECK(store->stats().triples == 4);
}

TEST_CASE("the files a directory holds that are no data are counted, the first named", "[loader]") {
    const std::string dir = data("load_dir");
    const auto found = find_data_files({dir});
    CHECK(found.files == expand_data_paths({dir}));
    CHECK(found.ignored == 2); // notes.txt, sub/old.ttl.bak
    CHECK(found.first_ignored == dir + "/notes.txt");
    CHECK(find_data_files({dir + "/a.ttl"}).ignored == 0);
}

TEST_CASE("the data changed when its newest file or directory did", "[loader]") {
    // A file removed from a directory leaves only the directory's time changed.
    const auto dir = std::filesystem::temp_directory_path() / "seeother-loader-modified";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "sub");
    const auto file = (dir / "sub" / "a.nt").string();
    std::ofstream(file) << "<http://e/a> <http://e/p> \"1\" .\n";
    const auto touch = [](const std::string& path, std::time_t when) {
        const timespec times[2] = {{when, 0}, {when, 0}};
        REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
    };
    touch(file, 1000000000);
    touch((dir / "sub").string(), 1100000000);
    touch(dir.string(), 1050000000);
    CHECK(find_data_files({dir.string()}).modified ==
          std::chrono::system_clock::from_time_t(1100000000));
    touch(file, 1200000000);
    CHECK(find_data_files({dir.string()}).modified ==
          std::chrono::system_clock::from_time_t(1200000000));
    CHECK(find_data_files({file}).modified == std::chrono::system_clock::from_time_t(1200000000));
    std::filesystem::remove_all(dir);
}

TEST_CASE("files given by name are sorted with the rest and listed once", "[loader]") {
    const std::string dir = data("load_dir");
    const auto files =
        expand_data_paths({dir + "/z.trig", dir, dir + "/./a.ttl", data("load_syntax.nt")});
    CHECK(files == std::vector<std::string>{dir + "/a.ttl", dir + "/sub/b.nt",
                                            dir + "/sub/deeper/c.nq.gz", dir + "/z.trig",
                                            data("load_syntax.nt")});
}

TEST_CASE("a path that does not exist is an error naming it", "[loader]") {
    const std::string missing = data("load_missing.ttl");
    for (const auto& error : {parse_error([&] {
                                  expand_data_paths({data("load_dir"), missing});
                              }),
                              parse_error([&] { load_store({missing}); })}) {
        CHECK(error.file() == missing);
        CHECK(error.line() == 0);
        CHECK(error.message() == "No such file or directory");
        CHECK(std::string(error.what()) == missing + ": No such file or directory");
    }
}

TEST_CASE("a file with an unsupported name is refused with the names that would work", "[loader]") {
    const std::string notes = data("load_dir/notes.txt");
    for (const auto& error : {parse_error([&] { expand_data_paths({notes}); }),
                              parse_error([&] { load_store({notes}); })}) {
        CHECK(error.file() == notes);
        CHECK_THAT(error.message(),
                   Contains(".ttl, .nt, .nq, .trig, .rdf, .owl or .xml") && Contains(".gz"));
    }
    const auto error = parse_error([] { load_store_from_string("", "inline.jsonld"); });
    CHECK(error.file() == "inline.jsonld");
    CHECK_THAT(error.message(), Contains(".ttl, .nt, .nq, .trig, .rdf, .owl or .xml"));
}

// --- errors in the data -----------------------------------------------------------------

TEST_CASE("a syntax error names the file, line and column", "[loader]") {
    struct Row {
        const char* file;
        unsigned line;
        unsigned column;
        const char* message;
    };
    const Row rows[] = {
        {"load_bad_syntax.ttl", 3, 36, "invalid IRI character"},
        {"load_bad_syntax.nt", 2, 70, "line end in short string"},
        // Found by our sink, not serd: the column is just after the statement's object.
        {"load_undefined_prefix.ttl", 4, 16, "undefined prefix `foo:' in `foo:b'"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.file);
        const auto error = parse_error([&] { load_store({data(row.file)}); });
        CHECK(error.file() == data(row.file));
        CHECK(error.line() == row.line);
        CHECK(error.column() == row.column);
        CHECK_THAT(error.message(), StartsWith(row.message));
        CHECK_THAT(error.what(), StartsWith(data(row.file) + ":" + std::to_string(row.line) + ":" +
                                            std::to_string(row.column) + ": "));
    }
}

TEST_CASE("an error in a string names the pseudo file", "[loader]") {
    const auto error = parse_error([] {
        load_store_from_string("<http://example.org/a> <http://example.org/p> \"x\" .\n"
                               "<http://example.org/a> <http://example.org/p> .\n",
                               "inline.nt");
    });
    CHECK(error.file() == "inline.nt");
    CHECK(error.line() == 2);
    CHECK(error.column() > 0);
}

TEST_CASE("an unreadable file is an error naming it", "[loader]") {
    struct Row {
        const char* file;
        const char* message;
    };
    const Row rows[] = {
        {"load_truncated.ttl.gz", "read error: unexpected end of file"},
        {"load_not_gzip.ttl.gz", "not in gzip format"},
        {"load_dir_named.ttl", "read error: Is a directory"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.file);
        const auto error = parse_error([&] { load_store({data(row.file)}); });
        CHECK(error.file() == data(row.file));
        CHECK(error.line() == 0);
        CHECK(error.message() == row.message);
    }
}

TEST_CASE("a directory with a data file's name is walked, not read", "[loader]") {
    CHECK(expand_data_paths({data("load_dir_named.ttl")}) ==
          std::vector<std::string>{data("load_dir_named.ttl/inner.nt")});
}

TEST_CASE("a relative IRI with no base to resolve it against is an error", "[loader]") {
    const auto error = parse_error(
        [] { load_store_from_string("<a> <http://example.org/p> \"x\" .\n", "inline.ttl"); });
    CHECK(error.line() == 1);
    CHECK_THAT(error.message(), Contains("relative IRI <a>"));
}

TEST_CASE("a language tag too long for the store is an error, never cut short", "[loader]") {
    const auto error = parse_error([] {
        load_store_from_string(
            "<http://example.org/a> <http://example.org/p> \"x\"@en-US-u-ca-islamic .",
            "inline.ttl");
    });
    CHECK(error.line() == 1);
    CHECK_THAT(error.message(), Contains("`en-US-u-ca-islamic'"));
    // 15 characters fit.
    const auto store = load_store_from_string(
        "<http://example.org/a> <http://example.org/p> \"x\"@de-CH-1901-x-ab .", "inline.ttl");
    CHECK(seeother::rdf::describe_all(*store, "http://example.org/a").at(0).object.language ==
          "de-CH-1901-x-ab");
}

// --- what the data means ----------------------------------------------------------------

TEST_CASE("prefixes are kept in declaration order and the first of a name wins", "[loader]") {
    ParseOptions options;
    options.base_iri = "http://example.org/data/";
    const auto store =
        load_store({data("load_prefixes_1.ttl"), data("load_prefixes_2.ttl")}, options);
    CHECK(store->prefixes().bindings() == Prefixes{
                                              {"ex", "http://example.org/first#"},
                                              {"", "http://example.org/default#"},
                                              {"foaf", "http://xmlns.com/foaf/0.1/"},
                                              {"rel", "http://example.org/data/vocab#"},
                                          });
    // Expansion follows each file's own declarations, whatever prefixes() keeps.
    CHECK(seeother::rdf::describes(*store, "http://example.org/redeclared#a"));
    CHECK(seeother::rdf::describes(*store, "http://example.org/second#c"));
    CHECK_FALSE(seeother::rdf::describes(*store, "http://example.org/first#a"));
}

TEST_CASE("relative IRIs resolve against the base IRI, or else the file's own URI", "[loader]") {
    struct Row {
        std::string base_iri;
        std::string expected_base; // what <alice> and vocab# are relative to
        std::string top;           // <#top>: relative to the whole base, file name included
    };
    const Row rows[] = {
        {"http://example.org/data/", "http://example.org/data/", "http://example.org/data/#top"},
        {"", "file://" + data_dir + "/", "file://" + data_dir + "/load_relative.ttl#top"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.base_iri);
        ParseOptions options;
        options.base_iri = row.base_iri;
        const auto store = load_store({data("load_relative.ttl")}, options);
        const std::string b = row.expected_base;
        CHECK(lines(seeother::rdf::describe_all(*store, b + "alice")) ==
              sorted({
                  "<" + b + "alice> <" + b + "vocab#knows> <" + b + "bob>",
                  "<" + b + "alice> <" + b + "vocab#page> <" + row.top + ">",
                  "<" + b + "alice> <" + b + "vocab#up> <" +
                      b.substr(0, b.rfind('/', b.size() - 2)) + "/x>",
              }));
        // @base in the file takes over from there; the prefix keeps what it was.
        CHECK(lines(seeother::rdf::describe_all(*store, "http://other.example/dir/carol")) ==
              std::vector<std::string>{"<http://other.example/dir/carol> <" + b +
                                       "vocab#knows> <http://other.example/dir/sub/dave>"});
    }
}

TEST_CASE("a base IRI that is not absolute is refused", "[loader]") {
    ParseOptions options;
    options.base_iri = "example.org/";
    const auto error = parse_error([&] { load_store({data("load_syntax.ttl")}, options); });
    CHECK_THAT(error.message(), Contains("<example.org/>"));
}

TEST_CASE("blank nodes with the same label in two files stay apart", "[loader]") {
    const auto store = load_store({data("load_blank_1.ttl"), data("load_blank_2.ttl")});
    CHECK(lines(seeother::rdf::describe_all(*store, "http://example.org/id/one")) ==
          sorted({
              "<http://example.org/id/one> <http://example.org/vocab#has> _:f1_b",
              R"(_:f1_b <http://example.org/vocab#file> "1")",
          }));
    CHECK(lines(seeother::rdf::describe_all(*store, "http://example.org/id/two")) ==
          sorted({
              "<http://example.org/id/two> <http://example.org/vocab#has> _:f2_b",
              R"(_:f2_b <http://example.org/vocab#file> "2")",
          }));
    CHECK(store->stats().subjects == 4);
}

TEST_CASE("blank node labels are the same each time the same input loads", "[loader]") {
    const char* turtle = "<http://example.org/a> <http://example.org/p> [ <http://example.org/q> "
                         "[ <http://example.org/r> _:x ] ] .";
    const auto first = load_store_from_string(turtle, "inline.ttl");
    const auto second = load_store_from_string(turtle, "inline.ttl");
    const auto triples = seeother::rdf::describe_all(*first, "http://example.org/a");
    CHECK(triples.size() == 3);
    CHECK(triples == seeother::rdf::describe_all(*second, "http://example.org/a"));
}

TEST_CASE("a literal typed xsd:string loads as the plain literal it equals", "[loader]") {
    const auto store =
        load_store_from_string("<http://example.org/a> <http://example.org/p> "
                               "\"x\"^^<http://www.w3.org/2001/XMLSchema#string>, \"x\" .",
                               "inline.ttl");
    CHECK(lines(seeother::rdf::describe_all(*store, "http://example.org/a")) ==
          std::vector<std::string>{R"(<http://example.org/a> <http://example.org/p> "x")"});
}

TEST_CASE("a literal holding U+0000 is loaded whole, in every syntax", "[loader]") {
    const std::string nul("a\0b", 3);
    for (const char* name : {"nul.ttl", "nul.nt", "nul.nq", "nul.trig"}) {
        CAPTURE(name);
        const auto store = load_store_from_string(
            "<http://example.org/a> <http://example.org/p> \"a\\u0000b\" .\n", name);
        const auto triples = describe_all(*store, "http://example.org/a");
        REQUIRE(triples.size() == 1);
        CHECK(triples.front().object.value == nul);
    }
}

TEST_CASE("a description is in term order where Sord's own order is not", "[loader]") {
    // Sord orders strings as strcmp() does (up to a U+0000), and a literal without a datatype
    // against one with a datatype by the datatype node's address.
    const auto store = load_store_from_string(
        "<http://example.org/a> <http://example.org/p> \"a\\u0000b\"@en, \"a\"@fr, \"5\", "
        "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>, \"5\"^^<http://example.org/t> .\n",
        "order.ttl");
    const auto triples = describe_all(*store, "http://example.org/a");
    REQUIRE(triples.size() == 5);
    CHECK(std::is_sorted(triples.begin(), triples.end()));
    CHECK(triples[0].object == Term::literal("5"));
    CHECK(triples[3].object == Term::literal("a", "", "fr"));
    CHECK(triples[4].object == Term::literal(std::string("a\0b", 3), "", "en"));
}

TEST_CASE("the Sord store knows its languages up to 256 distinct tags", "[loader]") {
    const auto data = [](int tags) {
        std::string turtle;
        for (int i = 0; i < tags; ++i)
            turtle += "<http://ex/s> <http://ex/p> \"v\"@x-" + std::to_string(i) + " .\n";
        return seeother::rdf::load_store_from_string(turtle, "languages.ttl");
    };
    const auto store = data(256); // owns what languages() points to
    const auto* known = store->languages();
    REQUIRE(known);
    CHECK(known->size() == 256);
    // Past the limit, keying a reader's languages by how they rank every tag would cost more
    // than it saves: the store says it does not know.
    CHECK_FALSE(data(257)->languages());
}

TEST_CASE("the Sord store has the links to any IRI object: backlinks() for a subject, "
          "links_to() for any",
          "[loader]") {
    const std::string type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    const auto store = load_store_from_string(R"(
@prefix e: <http://e/> .
e:a e:link e:x ; <http://zz/after> e:x ; a e:x .
e:b a e:x ; e:link e:x .
_:n a e:x .
e:C a e:C ; e:note "a class that is a subject" .
e:d a e:C ; e:link e:C .
<http://e/g1> { e:b e:link e:x }
)",
                                              "links.trig");
    const Term x = Term::iri("http://e/x");
    const auto link = [&](Term subject, const std::string& predicate) {
        return Triple{std::move(subject), Term::iri(predicate), x, {}};
    };
    // <x> is only an object (and a class): no backlinks, as the Store contract says.
    const auto none = store->backlinks("http://e/x", 0, 10);
    CHECK(none.total == 0);
    CHECK(none.predicates.empty());
    CHECK(none.triples.empty());

    // Its links: predicates in code-point order, rdf:type's (the class's instances, IRIs then
    // blank nodes) among them; the triple given again in <g1> once.
    const auto links = store->links_to("http://e/x", 0, 10);
    REQUIRE(links);
    CHECK(links->total == 6);
    CHECK(links->predicates ==
          std::vector<IriCount>{{"http://e/link", 2}, {type, 3}, {"http://zz/after", 1}});
    REQUIRE(links->triples.size() == 6);
    CHECK(links->triples[0] == link(Term::iri("http://e/a"), "http://e/link"));
    CHECK(links->triples[1] == link(Term::iri("http://e/b"), "http://e/link"));
    CHECK(links->triples[2] == link(Term::iri("http://e/a"), type));
    CHECK(links->triples[3] == link(Term::iri("http://e/b"), type));
    CHECK(links->triples[4].subject.is_blank());
    CHECK(links->triples[4].predicate == Term::iri(type));
    CHECK(links->triples[5] == link(Term::iri("http://e/a"), "http://zz/after"));
    // Pages across rdf:type's run.
    for (std::size_t offset = 0; offset <= 7; ++offset)
        for (std::size_t limit = 0; limit <= 7; ++limit) {
            CAPTURE(offset, limit);
            const auto page = store->links_to("http://e/x", offset, limit);
            REQUIRE(page);
            CHECK(page->total == 6);
            CHECK(page->predicates == links->predicates);
            const auto from = std::min<std::size_t>(offset, 6);
            const auto to = std::min<std::size_t>(offset + limit, 6);
            CHECK(page->triples ==
                  Triples(links->triples.begin() + static_cast<std::ptrdiff_t>(from),
                          links->triples.begin() + static_cast<std::ptrdiff_t>(to)));
        }

    // A class that is a subject: its rdf:type links are backlinks too, and count.
    const auto c = store->backlinks("http://e/C", 0, 10);
    CHECK(c.total == 3);
    CHECK(c.predicates == std::vector<IriCount>{{"http://e/link", 1}, {type, 2}});
    REQUIRE(c.triples.size() == 3);
    CHECK(c.triples[0].subject == Term::iri("http://e/d"));
    CHECK(c.triples[1].subject == Term::iri("http://e/C"));
    CHECK(c.triples[2].subject == Term::iri("http://e/d"));
    CHECK(store->links_to("http://e/C", 0, 10)->triples == c.triples);
    CHECK(store->most_referenced(10) == std::vector<IriCount>{{"http://e/C", 3}});

    // IRIs that are no object.
    CHECK(store->links_to("http://e/nothing", 0, 10)->total == 0);
    CHECK(store->links_to("http://e/link", 0, 10)->predicates.empty()); // a predicate only
    CHECK(store->links_to("http://e/a", 0, 10)->total == 0);            // a subject only
    CHECK(store->links_to("", 0, 10)->total == 0);
}

TEST_CASE("the Sord store's links to many IRIs, given in any order, are those of the data",
          "[loader]") {
    // Links to subjects and to other IRIs, from IRIs and blank nodes, some of rdf:type, in a
    // scrambled order: each IRI's links must be the data's, sorted by predicate, then subject.
    const std::string type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    const std::vector<std::string> predicates = {"http://e/p/a", "http://e/p/m", type,
                                                 "http://z/after"};
    std::set<std::tuple<std::string, std::string, std::string>> data; // object, predicate, subject
    std::string text;
    unsigned state = 12345;
    const auto next = [&](unsigned n) {
        state = state * 1103515245U + 12345U;
        return (state >> 8U) % n;
    };
    for (int i = 0; i < 600; ++i) {
        const auto s = next(30);
        const std::string subject =
            s < 24 ? "http://e/s/" + std::to_string(s) : "_:b" + std::to_string(s);
        const std::string& predicate = predicates[next(4)];
        const auto o = next(40); // 0..11 are subjects too, the rest only objects
        const std::string object =
            o < 12 ? "http://e/s/" + std::to_string(o) : "http://e/o/" + std::to_string(o);
        text +=
            (s < 24 ? "<" + subject + ">" : subject) + " <" + predicate + "> <" + object + "> .\n";
        data.insert({object, predicate, subject});
    }
    const auto store = load_store_from_string(text, "many.nt");
    constexpr auto every = static_cast<std::size_t>(-1);
    for (unsigned o = 0; o < 40; ++o) {
        const std::string object =
            o < 12 ? "http://e/s/" + std::to_string(o) : "http://e/o/" + std::to_string(o);
        CAPTURE(object);
        // The data's, as "predicate subject" lines, blank subjects as "~" after the IRIs.
        std::vector<std::string> want;
        for (const auto& [to, predicate, subject] : data)
            if (to == object)
                want.push_back(predicate + " " + (subject[0] == '_' ? "~" : subject));
        std::sort(want.begin(), want.end());
        const auto links = store->links_to(object, 0, every);
        REQUIRE(links);
        std::vector<std::string> got;
        for (const auto& t : links->triples)
            got.push_back(t.predicate.value + " " + (t.subject.is_blank() ? "~" : t.subject.value));
        CHECK(got == want);
        CHECK(links->total == want.size());
        std::size_t counted = 0;
        for (const auto& p : links->predicates)
            counted += p.count;
        CHECK(counted == want.size());
        CHECK(store->backlinks(object, 0, every).total == (o < 12 ? want.size() : 0U));
    }
}

TEST_CASE("the Sord store keeps apart the links to two IRIs of one hash", "[loader]") {
    // The links to IRIs that are no subject are ordered by a 32-bit hash of the IRI
    // (sord_store.cpp, object_hash): two IRIs of one hash, found here as it finds them, keep
    // their own links, each sorted.
    const auto hash = [](const std::string& iri) {
        const std::uint64_t h = std::hash<std::string_view>()(iri);
        return static_cast<std::uint32_t>(h ^ (h >> 32U));
    };
    std::unordered_map<std::uint32_t, std::string> seen;
    std::string a;
    std::string b;
    for (int i = 0; a.empty(); ++i) {
        std::string iri = "http://e/o/" + std::to_string(i);
        const auto [found, inserted] = seen.emplace(hash(iri), iri);
        if (!inserted) {
            a = found->second;
            b = std::move(iri);
        }
    }
    CAPTURE(a, b);
    std::string text;
    for (const auto& [subject, predicate, object] :
         std::vector<std::tuple<std::string, std::string, std::string>>{{"s1", "p2", a},
                                                                        {"s1", "p1", b},
                                                                        {"s2", "p1", a},
                                                                        {"s2", "p2", b},
                                                                        {"s3", "p1", a},
                                                                        {"s3", "p1", b}})
        text += "<http://e/" + subject + "> <http://e/" + predicate + "> <" + object + "> .\n";
    const auto store = load_store_from_string(text, "hash.nt");
    const auto lines = [&](const std::string& iri) {
        std::vector<std::string> out;
        const auto links = store->links_to(iri, 0, 10);
        REQUIRE(links);
        for (const auto& t : links->triples) {
            CHECK(t.object == Term::iri(iri));
            out.push_back(t.predicate.value + " " + t.subject.value);
        }
        return out;
    };
    CHECK(lines(a) == std::vector<std::string>{"http://e/p1 http://e/s2", "http://e/p1 http://e/s3",
                                               "http://e/p2 http://e/s1"});
    CHECK(lines(b) == std::vector<std::string>{"http://e/p1 http://e/s1", "http://e/p1 http://e/s3",
                                               "http://e/p2 http://e/s2"});
    CHECK(store->links_to(a + "x", 0, 10)->total == 0);
}

TEST_CASE("RDF/XML files load with the rest, a directory's XML without RDF is not read",
          "[loader][rdfxml]") {
    const std::string dir = std::string(SEEOTHER_TEST_DATA) + "/rdfxml";
    const auto found = find_data_files({dir});
    CHECK(found.files == std::vector<std::string>{dir + "/ontology.owl", dir + "/people.rdf"});
    CHECK(found.ignored == 1);
    CHECK(found.first_ignored == dir + "/catalog-v001.xml");
    ParseOptions options;
    options.base_iri = "http://onto.test/";
    const auto store = load_store(found.files, options);
    CHECK(store->stats().triples == 17);
    // Given by name, a .xml is read as RDF/XML whatever it holds: an error, never skipped.
    const auto error =
        seeother::test::parse_error([&] { load_store({dir + "/catalog-v001.xml"}, options); });
    CHECK(error.file() == dir + "/catalog-v001.xml");
}
