// Question-by-question comparison of two stores holding the same data: the Sord store (the
// reference) and a SparqlStore. Descriptions are compared as graphs (blank node labels
// differ between stores): each blank node is named by a colour refined from what it
// points to, so a description and each of its pages compare as multisets of triples.
// Literals pass through the engine's documented rewrites (Literals below) on both sides.
#pragma once

#include "rdf/store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace seeother::test {

/// How an engine rewrites literals on loading (README: "Engine quirks"), applied to both
/// sides so that only these differences are forgiven: language tags in lower case; an
/// explicit xsd:string is a plain literal (RDF 1.1 says they are one); xsd:integer,
/// xsd:decimal, xsd:boolean and xsd:double in canonical form.
inline rdf::Term engine_form(rdf::Term term) {
    if (!term.is_literal())
        return term;
    for (auto& c : term.language)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    if (term.datatype == xsd + "string")
        term.datatype.clear();
    else if (term.datatype == xsd + "integer") {
        char* end = nullptr;
        const long long value = std::strtoll(term.value.c_str(), &end, 10);
        if (end && *end == '\0')
            term.value = std::to_string(value);
    } else if (term.datatype == xsd + "decimal" && term.value.find('.') != std::string::npos) {
        while (term.value.back() == '0')
            term.value.pop_back();
        if (term.value.back() == '.')
            term.value.pop_back();
    } else if (term.datatype == xsd + "boolean") {
        if (term.value == "1")
            term.value = "true";
        if (term.value == "0")
            term.value = "false";
    } else if (term.datatype == xsd + "double" || term.datatype == xsd + "float") {
        char* end = nullptr;
        const double value = std::strtod(term.value.c_str(), &end);
        if (end && *end == '\0') {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%.17g", value);
            term.value = buffer;
        }
    }
    return term;
}

/// The text of a term for comparison, blank nodes by their colour.
inline std::string term_key(const rdf::Term& term,
                            const std::map<std::string, std::string>& colour) {
    switch (term.kind) {
    case rdf::Term::Kind::Iri:
        return "<" + term.value + ">";
    case rdf::Term::Kind::Blank: {
        const auto found = colour.find(term.value);
        return "_:" + (found == colour.end() ? std::string("?") : found->second);
    }
    case rdf::Term::Kind::Literal:
        break;
    }
    const auto t = engine_form(term);
    return "\"" + t.value + "\"^^" + t.datatype + "@" + t.language;
}

/// Colours of the blank nodes of `triples`: refined from their outgoing triples for a fixed
/// number of rounds, so that equal closures get equal colours in any two graphs.
inline std::map<std::string, std::string> blank_colours(const rdf::Triples& triples) {
    std::map<std::string, std::string> colour;
    for (const auto& t : triples) {
        if (t.subject.is_blank())
            colour[t.subject.value] = "b";
        if (t.object.is_blank())
            colour[t.object.value] = "b";
    }
    for (int round = 0; round < 24; ++round) {
        std::map<std::string, std::vector<std::string>> outgoing;
        for (const auto& t : triples)
            if (t.subject.is_blank())
                outgoing[t.subject.value].push_back(t.predicate.value + " " +
                                                    term_key(t.object, colour));
        std::map<std::string, std::string> next;
        for (const auto& [node, old] : colour) {
            auto edges = outgoing[node];
            std::sort(edges.begin(), edges.end());
            std::string signature = "{";
            for (const auto& e : edges)
                signature += e + ";";
            signature += "}";
            // Hashing keeps colours short; a collision would only make the check laxer.
            next[node] = std::to_string(std::hash<std::string>{}(signature));
        }
        colour = std::move(next);
    }
    return colour;
}

/// The triples as sorted comparable lines (graph names dropped: a SPARQL store serves the
/// merged graph).
inline std::vector<std::string> graph_lines(const rdf::Triples& triples) {
    const auto colour = blank_colours(triples);
    std::vector<std::string> lines;
    for (const auto& t : triples)
        lines.push_back(term_key(t.subject, colour) + " " + term_key(t.predicate, colour) + " " +
                        term_key(t.object, colour));
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    return lines;
}

/// Lines of the triples whose subject is not blank (a description's own triples), each
/// blank object named by its closure's colour within `all`.
inline std::vector<std::string> subject_lines(const rdf::Triples& all) {
    const auto colour = blank_colours(all);
    std::vector<std::string> lines;
    for (const auto& t : all)
        if (!t.subject.is_blank())
            lines.push_back(term_key(t.subject, colour) + " " + term_key(t.predicate, colour) +
                            " " + term_key(t.object, colour));
    std::sort(lines.begin(), lines.end());
    return lines;
}

inline std::vector<std::string> term_lines(const std::vector<rdf::Term>& terms) {
    std::vector<std::string> lines;
    for (const auto& t : terms)
        lines.push_back(t.is_blank() ? "_:" : term_key(t, {}));
    return lines;
}

/// Every subject IRI of a store, in code-point order.
inline std::vector<std::string> all_subjects(const rdf::Store& store) {
    return store.subjects_page("", 0, static_cast<std::size_t>(-1)).items;
}

/// Whether descriptions agree: existence, whole descriptions, and every page of three page
/// sizes (each page closed under blank nodes, the pages together the whole description).
inline void check_descriptions(const rdf::Store& expected, const rdf::Store& actual,
                               const std::string& base) {
    const auto subjects = all_subjects(expected);
    REQUIRE(all_subjects(actual) == subjects);

    std::vector<rdf::Subjects> candidates;
    std::set<std::string> namespaces;
    for (const auto& s : subjects) {
        candidates.push_back({s, false});
        candidates.push_back({s, true});
        candidates.push_back({s + ".ttl", false});
        if (const auto hash = s.find('#'); hash != std::string::npos)
            namespaces.insert(s.substr(0, hash));
    }
    for (const auto& ns : namespaces) {
        candidates.push_back({ns, true});
        candidates.push_back({ns, false});
        candidates.push_back({ns + "x", true});
    }
    candidates.push_back({base + "id/not-described", false});
    candidates.push_back({base + "id/not-described", true});
    candidates.push_back({base + "a<b>\"c", false});
    CHECK(actual.described(candidates) == expected.described(candidates));

    std::vector<rdf::Subjects> documents;
    for (const auto& s : subjects)
        documents.push_back({s, false});
    for (const auto& ns : namespaces)
        documents.push_back({ns, true});
    for (const auto& document : documents) {
        CAPTURE(document.iri, document.fragments);
        const auto all = static_cast<std::size_t>(-1);
        const auto want = expected.describe(document, 0, all);
        const auto got = actual.describe(document, 0, all);
        CHECK(got.total == want.total);
        CHECK(graph_lines(got.items) == graph_lines(want.items));
        // Pages of 3 to the end; pages of 1 at the start (where a blank object may sit at
        // a page's edge). Each page closed under blank nodes; the pages together the whole.
        for (const std::size_t size : {std::size_t{1}, std::size_t{3}}) {
            CAPTURE(size);
            const std::size_t end = size == 1 ? std::min<std::size_t>(want.total, 3) : want.total;
            std::vector<std::string> together;
            for (std::size_t offset = 0; offset < end; offset += size) {
                CAPTURE(offset);
                const auto page = actual.describe(document, offset, size);
                CHECK(page.total == want.total);
                const auto lines = subject_lines(page.items);
                CHECK(lines.size() == std::min(size, want.total - offset));
                together.insert(together.end(), lines.begin(), lines.end());
                const auto whole = graph_lines(want.items);
                for (const auto& line : graph_lines(page.items))
                    CHECK(std::binary_search(whole.begin(), whole.end(), line));
            }
            std::sort(together.begin(), together.end());
            if (end == want.total)
                CHECK(together == subject_lines(want.items));
        }
        CHECK(actual.describe(document, want.total, 10).items.empty());
    }
}

/// Whether the browsing questions agree.
inline void check_browsing(const rdf::Store& expected, const rdf::Store& actual,
                           const std::vector<std::string>& searches) {
    const auto all = static_cast<std::size_t>(-1);
    auto subjects = all_subjects(expected);
    auto asked = subjects;
    asked.push_back("http://nowhere.test/x");
    const auto want_labels = expected.labels(asked);
    const auto got_labels = actual.labels(asked);
    REQUIRE(got_labels.size() == want_labels.size());
    for (std::size_t i = 0; i < asked.size(); ++i) {
        CAPTURE(asked[i]);
        CHECK(term_lines(got_labels[i]) == term_lines(want_labels[i]));
    }

    for (const auto& s : asked) {
        CAPTURE(s);
        const auto want = expected.backlinks(s, 0, all);
        const auto got = actual.backlinks(s, 0, all);
        CHECK(got.total == want.total);
        CHECK(got.predicates == want.predicates);
        const auto lines = [](const rdf::Backlinks& b) {
            std::vector<std::string> out;
            for (const auto& t : b.triples)
                out.push_back((t.subject.is_blank() ? "_:" : t.subject.value) + " " +
                              t.predicate.value);
            return out;
        };
        CHECK(lines(got) == lines(want));
        if (want.total > 1) {
            const auto second = actual.backlinks(s, 1, 1);
            CHECK(second.total == want.total);
            REQUIRE(second.triples.size() == 1);
            CHECK(lines(second).front() == lines(want)[1]);
        }
    }

    const auto want_classes = expected.classes(0, all);
    CHECK(actual.classes(0, all).items == want_classes.items);
    CHECK(actual.classes(0, all).total == want_classes.total);
    std::vector<std::string> class_iris{"http://nowhere.test/NoClass"};
    for (const auto& c : want_classes.items) {
        CAPTURE(c.iri);
        class_iris.push_back(c.iri);
        const auto want = expected.instances(c.iri, 0, all);
        const auto got = actual.instances(c.iri, 0, all);
        CHECK(got.total == want.total);
        CHECK(term_lines(got.items) == term_lines(want.items));
        if (want.total > 1)
            CHECK(term_lines(actual.instances(c.iri, 1, 1).items) ==
                  term_lines(expected.instances(c.iri, 1, 1).items));
    }
    CHECK(actual.instance_counts(class_iris) == expected.instance_counts(class_iris));
    CHECK(actual.instances("http://nowhere.test/NoClass", 0, 10).total == 0);
    CHECK(actual.most_referenced(100) == expected.most_referenced(100));

    const auto want_stats = expected.stats();
    const auto got_stats = actual.stats();
    CHECK(got_stats.triples == want_stats.triples);
    CHECK(got_stats.subjects == want_stats.subjects);
    CHECK(got_stats.iri_subjects == want_stats.iri_subjects);
    CHECK(got_stats.classes == want_stats.classes);
    CHECK(got_stats.labels == want_stats.labels);

    for (const auto& query : searches) {
        CAPTURE(query);
        const auto want = expected.search(query, 0, 1000);
        const auto got = actual.search(query, 0, 1000);
        CHECK(got.total == want.total);
        const auto hits = [](const rdf::Page<rdf::SearchHit>& page) {
            std::vector<std::string> out;
            for (const auto& hit : page.items)
                out.push_back(hit.iri + " " + term_key(hit.label, {}));
            return out;
        };
        CHECK(hits(got) == hits(want));
        CHECK(hits(actual.search(query, 1, 2)) == hits(expected.search(query, 1, 2)));
    }
}

} // namespace seeother::test
