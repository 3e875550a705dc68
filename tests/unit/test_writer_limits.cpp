// The writers' limits: any chain or list the store holds renders in every format, without
// recursion as deep as the data and in output linear in the description (beyond
// rdf::max_nesting_depth, blank nodes are written by label); every format carries the same
// literals, U+0000 included; a predicate too long for an XML name still gives RDF/XML that
// libxml2 (rapper) reads. The big cases are read back as they stream by and checked for their
// shape: comparing graphs of a million blank nodes by canonical labels would take hours.
#include "rdf/serialize.hpp"

#include "json_checks.hpp"
#include "rdf_checks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rdf = seeother::rdf;
using namespace seeother::test;

namespace {

const Term thing = Term::iri(ex + "id/thing");
const Term next = Term::iri(ex + "next");
const Term items = Term::iri(ex + "items");
const Term rdf_first = Term::iri(rdf_ns + "first");
const Term rdf_rest = Term::iri(rdf_ns + "rest");
const Term rdf_nil = Term::iri(rdf_ns + "nil");

const Format every_format[] = {Format::Turtle, Format::NTriples, Format::RdfXml,
                               Format::JsonLd, Format::NQuads,   Format::TriG};

/// A blank node label that sorts as its number does: the triples below come sorted, as a store
/// describes them, and nothing needs sorting a million triples first.
std::string label(const char* stem, std::size_t n) {
    const std::string digits = std::to_string(n);
    return stem + std::string(7 - std::min<std::size_t>(7, digits.size()), '0') + digits;
}

/// thing next _:c1, _:c1 next _:c2, …, _:cN next "end": N blank nodes, N + 1 triples.
Triples chain(std::size_t links) {
    Triples out;
    out.reserve(links + 1);
    Term from = thing;
    for (std::size_t i = 1; i <= links; ++i) {
        Term to = Term::blank(label("c", i));
        out.push_back({std::move(from), next, to, {}});
        from = std::move(to);
    }
    out.push_back({std::move(from), next, Term::literal("end"), {}});
    return out;
}

/// thing items ("0" "1" … "N-1"): 2N + 1 triples.
Triples list(std::size_t length) {
    Triples out;
    out.reserve(2 * length + 1);
    out.push_back({thing, items, Term::blank(label("l", 0)), {}});
    for (std::size_t i = 0; i < length; ++i) {
        const Term cell = Term::blank(label("l", i));
        out.push_back({cell, rdf_first, Term::literal(std::to_string(i)), {}});
        out.push_back(
            {cell, rdf_rest, i + 1 == length ? rdf_nil : Term::blank(label("l", i + 1)), {}});
    }
    return out;
}

/// Calls `emit` for each triple of `document`, read by serd, by rapper (RDF/XML) or by the
/// JSON-LD reader of json_checks.hpp. CHECKs that the reading reports no error.
void read_each(const std::string& document, Format format,
               const std::function<void(Triple&&)>& emit) {
    std::string errors;
    switch (format) {
    case Format::RdfXml: {
        const RapperResult r = run_rapper(document, "rdfxml", "-q -o ntriples");
        INFO(r.errors);
        CHECK(r.status == 0);
        CHECK(r.errors.empty());
        read_rdf_each(r.output, SERD_NTRIPLES, errors, emit);
        break;
    }
    case Format::JsonLd:
        try {
            JsonLdTriples([&](const Term& s, const Term& p, const Term& o) {
                emit({s, p, o, {}});
            }).document(JsonReader(document).document());
        } catch (const std::exception& error) {
            errors = error.what();
        }
        break;
    default: {
        const SerdSyntax syntax = format == Format::Turtle   ? SERD_TURTLE
                                  : format == Format::NQuads ? SERD_NQUADS
                                  : format == Format::TriG   ? SERD_TRIG
                                                             : SERD_NTRIPLES;
        read_rdf_each(document, syntax, errors, emit);
    }
    }
    CHECK(errors == "");
}

Triples read_all(const std::string& document, Format format) {
    Triples out;
    read_each(document, format, [&](Triple&& t) { out.push_back(std::move(t)); });
    return out;
}

std::string key(const Term& t) {
    return (t.is_blank() ? "_:" : t.is_iri() ? "<" : "\"") + t.value;
}

/// Whether `document` holds exactly chain(links), up to blank node labels: every triple is one
/// link, each node has one, and following them from the thing passes `links` distinct blank
/// nodes before "end".
bool is_chain(const std::string& document, Format format, std::size_t links) {
    std::unordered_map<std::string, Term> link;
    link.reserve(links + 1);
    std::size_t triples = 0;
    bool well_formed = true;
    read_each(document, format, [&](Triple&& t) {
        ++triples;
        well_formed = well_formed && t.predicate == next &&
                      link.emplace(key(t.subject), std::move(t.object)).second;
    });
    if (!well_formed || triples != links + 1)
        return false;
    std::string at = key(thing);
    for (std::size_t i = 0; i <= links; ++i) {
        const auto it = link.find(at);
        if (it == link.end())
            return false;
        if (i == links)
            return it->second == Term::literal("end");
        if (!it->second.is_blank())
            return false;
        at = key(it->second);
    }
    return false;
}

/// Whether `document` holds exactly list(length), up to blank node labels.
bool is_list(const std::string& document, Format format, std::size_t length) {
    std::unordered_map<std::string, std::pair<Term, Term>> cells; // first, rest
    cells.reserve(length);
    Term head;
    std::size_t triples = 0;
    bool well_formed = true;
    read_each(document, format, [&](Triple&& t) {
        ++triples;
        if (t.subject == thing && t.predicate == items) {
            head = std::move(t.object);
            return;
        }
        auto& cell = cells[key(t.subject)];
        Term& slot = t.predicate == rdf_first ? cell.first : cell.second;
        well_formed = well_formed && (t.predicate == rdf_first || t.predicate == rdf_rest) &&
                      slot.value.empty();
        slot = std::move(t.object);
    });
    if (!well_formed || triples != 2 * length + 1 || cells.size() != length)
        return false;
    Term at = head;
    for (std::size_t i = 0; i < length; ++i) {
        const auto it = cells.find(key(at));
        if (!at.is_blank() || it == cells.end() ||
            it->second.first != Term::literal(std::to_string(i)))
            return false;
        at = it->second.second;
    }
    return at == rdf_nil;
}

// A million links or items in each format, one test case each: ctest runs them side by side.
// Before the nesting cap, Turtle, TriG, RDF/XML and JSON-LD overflowed the stack on the chain
// (from 20,000 links) and RDF/XML on the list; the output grew with the square of the depth.
// Under the sanitizers, ten times fewer: still far past those thresholds, at a tenth of the
// time (the ASan build runs these at a fifth of the speed).
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t very_long = 100000;
#else
constexpr std::size_t very_long = 1000000;
#endif

void check_chain(Format format) {
    const std::size_t links = very_long;
    const Triples input = chain(links);
    const std::string out = rdf::serialize(input, format, prefixes);
    CHECK(out.size() < input.size() * 200); // bytes per triple, whatever the depth
    CHECK(is_chain(out, format, links));
}

void check_list(Format format) {
    const std::size_t length = very_long;
    const Triples input = list(length);
    const std::string out = rdf::serialize(input, format, prefixes);
    CHECK(out.size() < input.size() * 200);
    CHECK(is_list(out, format, length));
}

} // namespace

TEST_CASE("Turtle renders a blank-node chain of a million links", "[writer_limits]") {
    check_chain(Format::Turtle);
}
TEST_CASE("N-Triples renders a blank-node chain of a million links", "[writer_limits]") {
    check_chain(Format::NTriples);
}
TEST_CASE("RDF/XML renders a blank-node chain of a million links", "[writer_limits]") {
    check_chain(Format::RdfXml);
}
TEST_CASE("JSON-LD renders a blank-node chain of a million links", "[writer_limits]") {
    check_chain(Format::JsonLd);
}
TEST_CASE("N-Quads renders a blank-node chain of a million links", "[writer_limits]") {
    check_chain(Format::NQuads);
}
TEST_CASE("TriG renders a blank-node chain of a million links", "[writer_limits]") {
    check_chain(Format::TriG);
}

TEST_CASE("Turtle renders an RDF list of a million items", "[writer_limits]") {
    check_list(Format::Turtle);
}
TEST_CASE("N-Triples renders an RDF list of a million items", "[writer_limits]") {
    check_list(Format::NTriples);
}
TEST_CASE("RDF/XML renders an RDF list of a million items", "[writer_limits]") {
    check_list(Format::RdfXml);
}
TEST_CASE("JSON-LD renders an RDF list of a million items", "[writer_limits]") {
    check_list(Format::JsonLd);
}
TEST_CASE("N-Quads renders an RDF list of a million items", "[writer_limits]") {
    check_list(Format::NQuads);
}
TEST_CASE("TriG renders an RDF list of a million items", "[writer_limits]") {
    check_list(Format::TriG);
}

// ---- The nesting cap --------------------------------------------------------------------------

namespace {

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

/// How each format names a blank node written by label.
std::string label_marker(Format format) {
    return format == Format::RdfXml ? "rdf:nodeID=" : format == Format::JsonLd ? "\"_:b" : "_:b";
}

} // namespace

TEST_CASE("Nesting as deep as the cap is written nested, one level more by label",
          "[writer_limits]") {
    for (const Format format : {Format::Turtle, Format::RdfXml, Format::JsonLd, Format::TriG}) {
        const std::string name(rdf::info(format).name);
        CAPTURE(name);
        const std::string within = rdf::serialize(chain(rdf::max_nesting_depth), format, prefixes);
        CHECK(occurrences(within, label_marker(format)) == 0);
        CHECK(is_chain(within, format, rdf::max_nesting_depth));
        // The node one level deeper is written at the top, referred to by its label; its own
        // nesting starts anew there.
        const std::size_t links = 3 * rdf::max_nesting_depth + 5;
        const std::string beyond = rdf::serialize(chain(links), format, prefixes);
        INFO(beyond);
        CHECK(occurrences(beyond, label_marker(format)) == 3 * 2);
        CHECK(is_chain(beyond, format, links));
    }
}

TEST_CASE("A list's items sit side by side: only RDF/XML, which has no list syntax, nests them",
          "[writer_limits]") {
    const std::size_t length = 5 * rdf::max_nesting_depth;
    for (const Format format : {Format::Turtle, Format::JsonLd, Format::TriG}) {
        const std::string name(rdf::info(format).name);
        CAPTURE(name);
        const std::string out = rdf::serialize(list(length), format, prefixes);
        CHECK(occurrences(out, label_marker(format)) == 0);
        CHECK(is_list(out, format, length));
    }
    // RDF/XML writes each cell inside the one before: a cell beyond the cap starts anew.
    const std::string rdfxml = rdf::serialize(list(length), Format::RdfXml, prefixes);
    CHECK(occurrences(rdfxml, "rdf:nodeID=") == 4 * 2);
    CHECK(is_list(rdfxml, Format::RdfXml, length));
}

TEST_CASE("A list nested as deep as the cap starts anew at the top, its items still a list",
          "[writer_limits]") {
    // thing next _:c1 … next _:cN, and _:cN items ("0" "1" "2").
    for (const Format format : {Format::Turtle, Format::JsonLd, Format::TriG}) {
        const std::string name(rdf::info(format).name);
        CAPTURE(name);
        Triples input = chain(rdf::max_nesting_depth);
        input.erase(std::remove_if(input.begin(), input.end(),
                                   [](const Triple& t) { return t.object.is_literal(); }),
                    input.end()); // no "end"
        const Term last = Term::blank(label("c", rdf::max_nesting_depth));
        for (const auto& t : list(3))
            input.push_back(t.subject == thing ? Triple{last, t.predicate, t.object, {}} : t);
        const std::string out = rdf::serialize(input, format, prefixes);
        INFO(out);
        CHECK(occurrences(out, label_marker(format)) == 2); // the list's head
        CHECK(canonical(read_all(out, format)) == canonical(input));
    }
}

// ---- Literals and predicates no format may lose -----------------------------------------------

TEST_CASE("A literal holding U+0000 is carried whole by every format but RDF/XML",
          "[writer_limits]") {
    const std::string with_nul("a\0b\0", 4);
    const Triples input{
        {thing, Term::iri(ex + "p"), Term::literal(with_nul), {}},
        {thing, Term::iri(ex + "q"), Term::literal(std::string("x\n\0y", 4), "", "en"), {}},
        {thing, Term::iri(ex + "r"), Term::literal(with_nul, ex + "type"), {}}};
    for (const Format format : every_format) {
        const std::string name(rdf::info(format).name);
        CAPTURE(name);
        const std::string out = rdf::serialize(input, format, prefixes);
        INFO(out);
        if (format == Format::RdfXml) {
            // XML 1.0 has no way to write U+0000, not even &#0;: U+FFFD and a comment.
            CHECK(contains(out, "held characters XML 1.0 cannot carry"));
            CHECK(
                canonical(read_all(out, format)) ==
                canonical({{thing, Term::iri(ex + "p"), Term::literal("a\uFFFDb\uFFFD"), {}},
                           {thing, Term::iri(ex + "q"), Term::literal("x\n\uFFFDy", "", "en"), {}},
                           {thing,
                            Term::iri(ex + "r"),
                            Term::literal("a\uFFFDb\uFFFD", ex + "type"),
                            {}}}));
        } else {
            CHECK(canonical(read_all(out, format)) == canonical(input));
        }
    }
}

TEST_CASE("A predicate too long for an XML name is split after a shorter name, or left out",
          "[writer_limits]") {
    // libxml2 (rapper) rejects names over 50,000 bytes: "Name too long".
    const std::string long_name = ex + "vocab/" + std::string(100000, 'p');
    const std::string no_short_name = ex + "vocab/p" + std::string(100000, '1');
    const Triples input{{thing, Term::iri(long_name), Term::literal("kept"), {}},
                        {thing, Term::iri(no_short_name), Term::literal("left out"), {}},
                        {thing, Term::iri(ex + "p"), Term::literal("short"), {}}};
    const std::string out = rdf::serialize(input, Format::RdfXml, prefixes);
    CHECK(out.size() < 100000 + 5000); // the long namespace once, no IRI in the comment
    CHECK(contains(out, "<!-- seeother: omitted a triple whose predicate <http://example.org/"));
    CHECK(canonical(read_all(out, Format::RdfXml)) == canonical({input[0], input[2]}));
    // The other formats write any IRI.
    for (const Format format : {Format::Turtle, Format::NTriples, Format::JsonLd}) {
        const std::string name(rdf::info(format).name);
        CAPTURE(name);
        CHECK(canonical(read_all(rdf::serialize(input, format, prefixes), format)) ==
              canonical(input));
    }
}
