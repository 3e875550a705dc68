// Prefixes prepared once per store: a writer looks only at the bindings an IRI it writes could
// use, whatever their number, and a view rewrites --base to the public URL in only the bindings
// a document uses, with the same output as rewriting the whole list first.
#include "rdf/iri.hpp"
#include "rdf/prefix_index.hpp"
#include "rdf/serialize.hpp"
#include "rdf/writer_util.hpp"

#include "rdf_checks.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace rdf = seeother::rdf;
using namespace seeother::test;

namespace {

/// `count` prefixes p0, p1, … bound to http://example.org/ns/0/, …/1/, …, and then `extra`.
rdf::Prefixes many_prefixes(std::size_t count, const rdf::Prefixes& extra = {}) {
    rdf::Prefixes out;
    out.reserve(count + extra.size());
    for (std::size_t i = 0; i < count; ++i)
        out.push_back({"p" + std::to_string(i), ex + "ns/" + std::to_string(i) + "/"});
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

rdf::PrefixTable::Rules any_binding() {
    return {[](const rdf::Prefix&) { return true; },
            [](std::string_view local) { return local.find('/') == std::string_view::npos; }};
}

const rdf::Format rdf_formats[] = {rdf::Format::Turtle, rdf::Format::NTriples, rdf::Format::RdfXml,
                                   rdf::Format::JsonLd, rdf::Format::NQuads,   rdf::Format::TriG};

} // namespace

TEST_CASE("A writer looks at the bindings an IRI's namespace could be, not at all of them",
          "[prefix_index]") {
    const rdf::PrefixIndex index(many_prefixes(100000, {{"ex", ex}}));
    rdf::PrefixView view;
    view.index = &index;
    rdf::PrefixTable table(view, any_binding());
    CHECK(table.curie(ex + "ns/12345/thing") == std::optional<std::string_view>("p12345:thing"));
    CHECK(table.curie(ex + "ns/99999/") == std::optional<std::string_view>("p99999:"));
    CHECK(table.curie(ex + "thing") == std::optional<std::string_view>("ex:thing"));
    CHECK(table.curie("http://elsewhere.example/x") == std::nullopt);
    // Each IRI met its own namespaces only: ex, and p12345 or p99999.
    CHECK(table.probes() <= 5);
    rdf::Prefixes used;
    for (const rdf::Prefix* p : table.used())
        used.push_back(*p);
    CHECK(used ==
          rdf::Prefixes{{"ex", ex}, {"p12345", ex + "ns/12345/"}, {"p99999", ex + "ns/99999/"}});
    CHECK(table.has_name("p54321"));
    CHECK_FALSE(table.has_name("p100000"));
}

TEST_CASE("Every format renders with 100,000 prefixes declaring only those it uses",
          "[prefix_index]") {
    // Rebuilding and scanning the list per render took 16 s a render; now the index is built
    // once and each of these renders looks up a few IRIs.
    const rdf::PrefixIndex index(many_prefixes(100000));
    rdf::PrefixView view;
    view.index = &index;
    const Triples input{
        {Term::iri(ex + "ns/7/thing"), Term::iri(ex + "ns/99/name"), Term::literal("x"), {}}};
    for (int round = 0; round < 50; ++round)
        for (const auto format : rdf_formats) {
            const std::string out = rdf::serialize(input, format, view);
            if (round > 0)
                continue;
            const std::string name(rdf::info(format).name);
            CAPTURE(name);
            INFO(out);
            CHECK(out ==
                  rdf::serialize(input, format,
                                 rdf::Prefixes{{"p7", ex + "ns/7/"}, {"p99", ex + "ns/99/"}}));
        }
}

TEST_CASE("A view rewrites the bindings it uses as rewriting the whole list would",
          "[prefix_index]") {
    const std::string base = "http://example.org/";
    const std::string public_url = "https://public.test:8443/data/";
    const rdf::Prefixes list{
        {"ex", base},                       // the base itself
        {"id", base + "id/"},               // under the base
        {"v", "http://example.org/vocab#"}, // under the base too
        {"org", "http://example.org"},      // starts the base, not under it
        {"foaf", "http://xmlns.com/foaf/0.1/"},
        {"bad", "relative/"}, // unusable, and then the same name usable
        {"bad", base + "bad/"},
        {"ex", "http://other.example/"},    // a second binding of a name: the first wins
        {"http", "http://scheme.example/"}, // named like a scheme: never in JSON-LD
        {"https", base + "s/"},             // like the public URL's scheme, once rewritten
    };
    const rdf::Prefixes first{{"void", "http://rdfs.org/ns/void#"}, {"foaf", "http://f.example/"}};
    Triples input = fixture("ser_tricky.nt");
    for (const auto& iri : {base + "id/a", base + "vocab#p", base + "bad/x", base + "s/y",
                            std::string("http://example.org#frag"), base,
                            std::string("http://xmlns.com/foaf/0.1/name"),
                            std::string("http://rdfs.org/ns/void#Dataset")})
        input.push_back({Term::iri(base + "id/s"), Term::iri(iri), Term::iri(iri), {}});
    const rdf::IriRewriter rewriter(base, public_url);

    // What the server did per request: rewrite every triple and every prefix, then write.
    Triples rewritten = input;
    rewriter.rewrite_in_place(rewritten);
    rdf::Prefixes whole = first;
    for (const auto& p : list)
        whole.push_back(p);
    rewriter.rewrite_in_place(whole);

    const rdf::PrefixIndex index(list);
    rdf::PrefixView view;
    view.index = &index;
    view.shown_as = {{base, public_url}};
    view.first = first;
    for (const auto format : rdf_formats) {
        const std::string name(rdf::info(format).name);
        CAPTURE(name);
        CHECK(rdf::serialize(rewritten, format, view) == rdf::serialize(rewritten, format, whole));
    }
}

TEST_CASE("A view over several namespaces shows each under its own public URL, the longest first",
          "[prefix_index]") {
    // Two namespaces, one inside the other, each served at a URL of its own (--config), and
    // one kept as it is (--keep-iris is every pair kept): written through the view, exactly as
    // when every prefix was rewritten first.
    const std::vector<rdf::IriRewriter::Pair> pairs{
        {"http://example.org/", "https://a.test/"},
        {"http://example.org/vocab/", "https://b.test/v/"},
        {"http://kept.test/", "http://kept.test/"}};
    const rdf::IriRewriter rewriter(pairs);
    const rdf::Prefixes list{
        {"ex", "http://example.org/"},         {"id", "http://example.org/id/"},
        {"v", "http://example.org/vocab/"},    {"vt", "http://example.org/vocab/terms#"},
        {"k", "http://kept.test/ns#"},         {"https", "http://example.org/s/"},
        {"foaf", "http://xmlns.com/foaf/0.1/"}};
    Triples input;
    for (const std::string iri : {"http://example.org/id/a", "http://example.org/vocab/p",
                                  "http://example.org/vocab/terms#t", "http://kept.test/ns#x",
                                  "http://example.org/s/y", "http://xmlns.com/foaf/0.1/name"})
        input.push_back({Term::iri("http://example.org/id/s"), Term::iri(iri), Term::iri(iri), {}});
    Triples rewritten = input;
    rewriter.rewrite_in_place(rewritten);
    rdf::Prefixes whole = list;
    rewriter.rewrite_in_place(whole);

    const rdf::PrefixIndex index(list);
    rdf::PrefixView view;
    view.index = &index;
    view.shown_as = rewriter.pairs();
    CHECK(view.shown("http://example.org/vocab/terms#") == "https://b.test/v/terms#");
    CHECK(view.shown("http://example.org/id/") == "https://a.test/id/");
    for (const auto format : rdf_formats) {
        const std::string name(rdf::info(format).name);
        CAPTURE(name);
        CHECK(rdf::serialize(rewritten, format, view) == rdf::serialize(rewritten, format, whole));
    }
}

TEST_CASE("Of the usable bindings of a name, the first wins, in any syntax", "[prefix_index]") {
    const Triples input{{Term::iri(ex + "s"), Term::iri(ex + "p"), Term::literal("o"), {}}};
    const rdf::Prefixes list{{"ex", "relative/"}, {"ex", ex}, {"ex", "http://other.example/"}};
    const std::string turtle = rdf::serialize(input, rdf::Format::Turtle, list);
    CHECK(contains(turtle, "@prefix ex: <http://example.org/> ."));
    CHECK(contains(turtle, "ex:s"));
}

TEST_CASE("A table chooses for an IRI what a new table would, whatever it chose before",
          "[prefix_index]") {
    // best() remembers its choices by namespace: a remembered choice must never hide a longer
    // namespace, a smaller name of the same namespace, or a shorter one for a local name that
    // the longer one leaves unfit; nor outlive a binding ensure() adds.
    const rdf::Prefixes list{
        {"ex", ex},
        {"h", ex + "h#"},          // extends ex:, and `h#y` would be a local name of ex:
        {"z", ex + "same/"},       // one namespace, two names: the smaller wins
        {"a", ex + "same/"},       //
        {"d", ex + "deep/"},       //
        {"dd", ex + "deep/er/"},   // extends d: (after d: was remembered)
        {"e", ""},                 // the empty namespace: every IRI starts with it
        {"ex", ex + "second/"},    // a name's second binding: never used
        {"v", ex + "v/"},          // also in `first`, with another namespace
        {"w", "http://w.example"}, // extended by the view's first binding
    };
    const rdf::PrefixIndex index(list);
    for (const bool with_first : {false, true}) {
        rdf::PrefixView view;
        view.index = &index;
        if (with_first)
            view.first = {{"v", ex + "vocab/"}, {"ww", "http://w.example-ns#"}};
        const std::vector<std::string> iris{ex + "x",
                                            ex + "h#y",
                                            ex + "x2",
                                            ex + "h#y2",
                                            ex + "same/s",
                                            ex + "same/t",
                                            ex + "deep/a",
                                            ex + "deep/er/b",
                                            ex + "deep/c",
                                            ex + "deep/x/y",
                                            ex + "deep/er/x/y",
                                            ex + "v/t",
                                            ex + "vocab/t",
                                            ex + "second/q",
                                            "urn:x",
                                            "http://w.examplez",
                                            "http://w.example-ns#n",
                                            "http://w.example-ns#n2",
                                            ex + "same/a/b",
                                            ex + "x/y"};
        rdf::PrefixTable table(view, any_binding());
        for (int round = 0; round < 2; ++round)
            for (const auto& iri : iris) {
                rdf::PrefixTable fresh(view, any_binding());
                CAPTURE(with_first, round, iri);
                const auto chosen = table.curie(iri);
                const auto expected = fresh.curie(iri);
                REQUIRE(chosen.has_value() == expected.has_value());
                if (chosen)
                    CHECK(*chosen == *expected);
            }
    }
}

TEST_CASE("A binding ensure() declares wins over the choices a table remembered",
          "[prefix_index]") {
    // Local names may not end in a dot: `m.` is no local name of n:, but `m.a` is.
    const rdf::PrefixTable::Rules rules{
        [](const rdf::Prefix&) { return true; },
        [](std::string_view local) { return local.empty() || local.back() != '.'; }};
    const rdf::PrefixIndex index(rdf::Prefixes{{"n", ex + "dot/"}});
    rdf::PrefixView view;
    view.index = &index;
    rdf::PrefixTable table(view, rules);
    CHECK(table.curie(ex + "dot/k") == std::optional<std::string_view>("n:k"));
    table.ensure(ex + "dot/m.", ex + "dot/m.", "m");
    CHECK(table.curie(ex + "dot/m.a") == std::optional<std::string_view>("m:a"));
    CHECK(table.curie(ex + "dot/k2") == std::optional<std::string_view>("n:k2"));
}

TEST_CASE("The index counts the bindings whose namespace has a scheme", "[prefix_index]") {
    // A JSON-LD prefix named like such a scheme would read as an IRI: the writer asks.
    const rdf::PrefixIndex index(many_prefixes(3, {{"u1", "urn:x:"},
                                                   {"u2", "urn:y:"},
                                                   {"s", "https://example.org/"},
                                                   {"m", "mailto:"},
                                                   {"again", "urn:x:"}}));
    CHECK(index.count_with_scheme("http") == 3);
    CHECK(index.count_with_scheme("urn") == 3);
    CHECK(index.count_with_scheme("https") == 1);
    CHECK(index.count_with_scheme("mailto") == 1);
    CHECK(index.count_with_scheme("htt") == 0);
    CHECK(index.count_with_scheme("ftp") == 0);
    CHECK(index.count_with_scheme("") == 0);
    CHECK(rdf::PrefixIndex(rdf::Prefixes{}).count_with_scheme("http") == 0);
}

TEST_CASE("An index asks a kept rule once per binding and keeps each rule's verdicts apart",
          "[prefix_index]") {
    const rdf::PrefixIndex index(rdf::Prefixes{{"a", ex + "a/"}, {"b", ex + "b/"}});
    int asked = 0;
    const auto named_a = [&](const rdf::Prefix& p) {
        ++asked;
        return p.name == "a";
    };
    for (int round = 0; round < 3; ++round) {
        CHECK(index.kept_verdict(0, 0, named_a));
        CHECK_FALSE(index.kept_verdict(0, 1, named_a));
    }
    CHECK(asked == 2);
    const auto named_b = [&](const rdf::Prefix& p) {
        ++asked;
        return p.name == "b";
    };
    CHECK_FALSE(index.kept_verdict(1, 0, named_b));
    CHECK(index.kept_verdict(1, 1, named_b));
    CHECK(asked == 4);
}

TEST_CASE("A binding's verdict kept by the index is the rule's, in every syntax",
          "[prefix_index]") {
    // The kept part of each writer's rule, with what the request adds, against the whole rule,
    // which a view that rewrites (nothing here) asks instead: the same output, whichever binding
    // the rules refuse and why.
    const rdf::Prefixes list{
        {"ex", ex},                    // fine
        {"urn", "http://u.example/"},  // named like the scheme of an IRI in the graph
        {"http", "http://h.example/"}, // named like the scheme of the graph's and bindings' IRIs
        {"zz", "http://z.example/"},   // named like the scheme of a binding of the index only
        {"zother", "zz:thing/"},
        {"tag", "http://t.example/"},      // named like the scheme of one of the view's own
        {"slash", "http://s.example/x"},   // no delimiter at the end (JSON-LD)
        {"rel", "relative/"},              // not absolute
        {"xmlfoo", "http://xml.example/"}, // reserved in XML
        {"1bad", "http://n.example/"},     // not a name
        {"sp", "http://sp.example/a\xEF\xBF\xBF/"}, // must be encoded
        {"rdf", "http://not-rdf.example/"},         // rdf only for the RDF namespace (RDF/XML)
    };
    const rdf::Prefixes first{{"own", "tag:example.org,2026:"}};
    Triples triples;
    for (const auto& p : list)
        if (p.name != "zother") // no zz: IRI in the graph
            triples.push_back({Term::iri(ex + "s"),
                               Term::iri(ex + "p"),
                               Term::iri(p.iri == "relative/" ? ex + "r" : p.iri + "y"),
                               {}});
    triples.push_back({Term::iri(ex + "s"), Term::iri(ex + "p"), Term::iri("urn:x:1"), {}});
    const rdf::PrefixIndex index(list);
    rdf::PrefixView kept;
    kept.index = &index;
    kept.first = first;
    rdf::PrefixView asked = kept;
    asked.shown_as = {{"http://nothing.example/", "http://elsewhere.example/"}};
    REQUIRE(asked.rewrites());
    for (const auto format : rdf_formats) {
        CAPTURE(rdf::info(format).name);
        CHECK(rdf::serialize(triples, format, kept) == rdf::serialize(triples, format, asked));
    }
}
