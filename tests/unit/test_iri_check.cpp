// A store that checked every IRI it loaded for what must be percent-encoded to be written says
// so (Descriptions::iris_writable()), and its documents are written without checking each IRI
// again (rdf::IriCheck::Done). What it must never do: say so of a store holding an IRI that
// needs encoding, whose documents would then carry it raw, unreadable to every parser.
#include "rdf/edit/edited_store.hpp"
#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"
#include "rdf/sord/load.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

using seeother::rdf::Change;
using seeother::rdf::Format;
using seeother::rdf::IriCheck;
using seeother::rdf::load_store_from_string;
using seeother::rdf::Term;
using seeother::rdf::Triple;
using seeother::rdf::Triples;

namespace {

// U+FFFE and U+FFFF may be read from N-Triples as \u escapes (the parser refuses a space, '<'
// and '>' there; a write may bring them); no syntax can carry any of them in an IRI, so every
// writer percent-encodes them (writable_iri()).
constexpr const char* writable_data = "<http://example.org/id/a> <http://example.org/v#p> "
                                      "<http://example.org/id/b> .\n"
                                      "<http://example.org/id/a> <http://example.org/v#q> "
                                      "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n";

std::string with(const std::string& line) {
    return std::string(writable_data) + line + "\n";
}

Triple triple(std::string s, std::string p, Term o) {
    return {Term::iri(std::move(s)), Term::iri(std::move(p)), std::move(o), {}};
}

} // namespace

TEST_CASE("a store knows whether every IRI it loaded is writable as it is", "[iri-check]") {
    CHECK(load_store_from_string(writable_data, "inline.nt")->iris_writable());
    // An IRI to encode anywhere in a quad: subject, predicate, object, datatype, graph name.
    const char* const places[] = {
        "<http://example.org/id/c\\uFFFF> <http://example.org/v#p> \"x\" .",
        "<http://example.org/id/c> <http://example.org/v#p\\uFFFE> \"x\" .",
        "<http://example.org/id/c> <http://example.org/v#p> <http://example.org/x\\uFFFFy> .",
        "<http://example.org/id/c> <http://example.org/v#p> \"x\"^^<http://example.org/t\\uFFFF> .",
    };
    for (const char* line : places) {
        CAPTURE(line);
        CHECK_FALSE(load_store_from_string(with(line), "inline.nt")->iris_writable());
    }
    CHECK_FALSE(load_store_from_string(with("<http://example.org/id/c> <http://example.org/v#p> "
                                            "\"x\" <http://example.org/g\\uFFFF> ."),
                                       "inline.nq")
                    ->iris_writable());
    // Blank nodes, language tags and literal text are no IRIs.
    CHECK(load_store_from_string(with("_:b <http://example.org/v#p> \"{|}\"@en ."), "inline.nt")
              ->iris_writable());
}

TEST_CASE("a change with an IRI to encode makes the store loaded with it unsure", "[iri-check]") {
    Change change;
    change.added.push_back(triple("http://example.org/id/c", "http://example.org/v#p",
                                  Term::iri("http://example.org/x y")));
    CHECK_FALSE(load_store_from_string(writable_data, "inline.nt", {}, {change})->iris_writable());
    change.added.back().object = Term::iri("http://example.org/x");
    CHECK(load_store_from_string(writable_data, "inline.nt", {}, {change})->iris_writable());
}

TEST_CASE("an edited store is sure while its base and every change are", "[iri-check]") {
    const std::shared_ptr<const seeother::rdf::Store> base =
        load_store_from_string(writable_data, "inline.nt");
    const auto edited = std::make_shared<const seeother::rdf::EditedStore>(base);
    CHECK(edited->iris_writable());
    Change fine;
    fine.added.push_back(
        triple("http://example.org/id/c", "http://example.org/v#p", Term::literal("x")));
    const auto after_fine = edited->with(fine);
    CHECK(after_fine->iris_writable());
    Change odd;
    odd.added.push_back(triple("http://example.org/id/d", "http://example.org/v#p",
                               Term::iri("http://example.org/x<y>")));
    const auto after_odd = after_fine->with(odd);
    CHECK_FALSE(after_odd->iris_writable());
    CHECK_FALSE(after_odd->with(fine)->iris_writable()); // once unsure, unsure
    const std::shared_ptr<const seeother::rdf::Store> unsure_base =
        load_store_from_string(with("<http://example.org/id/c> <http://example.org/v#p> "
                                    "<http://example.org/x\\uFFFFy> ."),
                               "inline.nt");
    CHECK_FALSE(std::make_shared<const seeother::rdf::EditedStore>(unsure_base)->iris_writable());
}

TEST_CASE("documents of a store with an IRI to encode still encode it", "[iri-check]") {
    const auto store = load_store_from_string(
        with("<http://example.org/id/c> <http://example.org/v#p> <http://example.org/x\\uFFFFy> ."),
        "inline.nt");
    for (const char* accept : {"text/turtle", "application/n-triples", "application/ld+json",
                               "application/rdf+xml", "text/html"}) {
        CAPTURE(accept);
        const auto reply =
            seeother::server::handle(seeother::test::local_request("/doc/c", {{"Accept", accept}}),
                                     *store, seeother::test::site());
        REQUIRE(reply.status == 200);
        CHECK(reply.body.find("x%EF%BF%BFy") != std::string::npos);
        CHECK(reply.body.find("x\xEF\xBF\xBFy") == std::string::npos);
    }
}

TEST_CASE("a rewriter keeps IRIs writable when every new beginning is writable and ASCII",
          "[iri-check]") {
    using seeother::rdf::IriRewriter;
    CHECK(IriRewriter("http://example.org/", "https://data.test/").keeps_writable());
    CHECK(IriRewriter("http://example.org/", "http://example.org/").keeps_writable());
    CHECK(IriRewriter(std::vector<IriRewriter::Pair>{}).keeps_writable());
    CHECK_FALSE(
        IriRewriter("http://example.org/", "http://bad\xEF\xBF\xBF.test/").keeps_writable());
    CHECK_FALSE(IriRewriter("http://example.org/", "http://a b/").keeps_writable());
    // Writable, but not ASCII: an IRI starting with the rest of a sequence could end one.
    CHECK_FALSE(IriRewriter("http://example.org/", "http://caf\xC3\xA9.test/").keeps_writable());
    CHECK_FALSE(
        IriRewriter(std::vector<IriRewriter::Pair>{{"http://example.org/", "https://data.test/"},
                                                   {"http://other.test/", "http://x\xEF\xBF\xBE/"}})
            .keeps_writable());
}

TEST_CASE("writing unchecked what is writable writes the same bytes", "[iri-check]") {
    const Triples triples{
        triple("http://example.org/id/a", "http://example.org/v#p", Term::iri("http://x.test/b")),
        triple("http://example.org/id/a", "http://example.org/v#q",
               Term::literal("1", "http://www.w3.org/2001/XMLSchema#integer")),
        {Term::iri("http://example.org/id/a"), Term::iri("http://example.org/v#p"),
         Term::blank("n"), "http://example.org/g"},
        {Term::blank("n"), Term::iri("http://example.org/v#r"),
         Term::literal("caf\xC3\xA9", {}, "fr"), "http://example.org/g"},
    };
    const seeother::rdf::Prefixes prefixes{{"v", "http://example.org/v#"}};
    const seeother::rdf::PrefixIndex index(prefixes);
    const seeother::rdf::PrefixView view{&index, {}, {}};
    for (const Format format : {Format::Turtle, Format::NTriples, Format::RdfXml, Format::JsonLd,
                                Format::NQuads, Format::TriG}) {
        CAPTURE(seeother::rdf::info(format).name);
        CHECK(seeother::rdf::serialize(triples, format, view, IriCheck::Done) ==
              seeother::rdf::serialize(triples, format, view, IriCheck::Needed));
    }
    CHECK(seeother::rdf::serialize_jsonld_for_script(triples, view, IriCheck::Done) ==
          seeother::rdf::serialize_jsonld_for_script(triples, view, IriCheck::Needed));
}

TEST_CASE("a public URL that would need encoding has the IRIs under it checked", "[iri-check]") {
    const auto store = load_store_from_string(writable_data, "inline.nt");
    REQUIRE(store->iris_writable());
    auto site = seeother::test::site();
    site.public_url = "http://bad\xEF\xBF\xBF.test/";
    for (const char* accept : {"text/turtle", "application/ld+json", "text/html"}) {
        CAPTURE(accept);
        const auto reply = seeother::server::handle(
            seeother::test::local_request("/doc/a", {{"Accept", accept}}), *store, site);
        REQUIRE(reply.status == 200);
        CHECK(reply.body.find("bad%EF%BF%BF.test/id/b") != std::string::npos);
        CHECK(reply.body.find("bad\xEF\xBF\xBF.test/id/b") == std::string::npos);
    }
}
