// Checks for the RDF writers' tests: reading output back with serd (graph names included),
// comparing graphs and datasets up to blank node names, and running rapper, the second parser
// (test cases tagged [rapper], reported as skipped where rapper is not installed).
#pragma once

#include "rdf/format.hpp"
#include "rdf/term.hpp"

#include <catch2/catch.hpp>

// serd's pkg-config include directory is private to seeother_rdf.
#if __has_include(<serd/serd.h>)
#include <serd/serd.h>
#else
#include <serd-0/serd/serd.h>
#endif

#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace seeother::test {

using rdf::Format;
using rdf::Term;
using rdf::Triple;
using rdf::Triples;

inline const std::string rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline const std::string xsd_ns = "http://www.w3.org/2001/XMLSchema#";
inline const std::string ex = "http://example.org/";

/// The prefixes the fixtures are written with: some used, `dc` never.
inline const rdf::Prefixes prefixes{
    {"rdf", rdf_ns},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", xsd_ns},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"dc", "http://purl.org/dc/terms/"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"ex", ex},
    {"v", "http://example.org/vocab#"},
};

/// A blank node used once (holding another), one that two subjects share, and a cycle: the
/// shapes each writer nests or labels in its own way.
inline Triples blank_node_shapes() {
    const Term s = Term::iri(ex + "s");
    return {
        {s, Term::iri(ex + "address"), Term::blank("a"), {}},
        {Term::blank("a"), Term::iri(ex + "city"), Term::literal("Zürich"), {}},
        {Term::blank("a"), Term::iri(ex + "geo"), Term::blank("empty"), {}},
        {s, Term::iri(ex + "knows"), Term::blank("shared"), {}},
        {Term::iri(ex + "t"), Term::iri(ex + "knows"), Term::blank("shared"), {}},
        {Term::blank("x"), Term::iri(ex + "next"), Term::blank("x"), {}},
    };
}

// ---- Reading RDF back with serd ----------------------------------------------------------------

struct Reading {
    std::unique_ptr<SerdEnv, void (*)(SerdEnv*)> env{serd_env_new(nullptr), serd_env_free};
};

inline std::string text(const SerdNode& node) {
    return std::string(reinterpret_cast<const char*>(node.buf), node.n_bytes);
}

inline std::string expand(const Reading& reading, const SerdNode* node) {
    SerdNode full = serd_env_expand_node(reading.env.get(), node);
    std::string out = text(full);
    serd_node_free(&full);
    return out;
}

inline Term to_term(const Reading& reading, const SerdNode* node, const SerdNode* datatype,
                    const SerdNode* lang) {
    switch (node->type) {
    case SERD_BLANK:
        return Term::blank(text(*node));
    case SERD_LITERAL:
        return Term::literal(text(*node), datatype ? expand(reading, datatype) : "",
                             lang ? text(*lang) : "");
    default:
        return Term::iri(expand(reading, node));
    }
}

/// Calls `emit` with each triple of `document` in `syntax` as serd reads it, with its graph
/// name (empty for the default graph, "_:label" for a blank node); errors land in `errors`.
/// Nothing is kept: documents of millions of triples are checked as they stream by.
inline void read_rdf_each(const std::string& document, SerdSyntax syntax, std::string& errors,
                          const std::function<void(Triple&&)>& emit) {
    struct Streaming : Reading {
        const std::function<void(Triple&&)>* emit = nullptr;
    } reading;
    reading.emit = &emit;
    const auto on_prefix = [](void* handle, const SerdNode* name, const SerdNode* uri) {
        return serd_env_set_prefix(static_cast<Reading*>(handle)->env.get(), name, uri);
    };
    const auto on_statement = [](void* handle, SerdStatementFlags, const SerdNode* graph,
                                 const SerdNode* s, const SerdNode* p, const SerdNode* o,
                                 const SerdNode* datatype, const SerdNode* lang) {
        auto& r = *static_cast<Streaming*>(handle);
        std::string graph_name;
        if (graph && graph->type == SERD_BLANK)
            graph_name = "_:" + text(*graph);
        else if (graph)
            graph_name = expand(r, graph);
        (*r.emit)({to_term(r, s, nullptr, nullptr), to_term(r, p, nullptr, nullptr),
                   to_term(r, o, datatype, lang), graph_name});
        return SERD_SUCCESS;
    };
    const auto on_error = [](void* handle, const SerdError* error) {
        char message[512];
        va_list args;
        va_copy(args, *error->args);
        std::vsnprintf(message, sizeof message, error->fmt, args);
        va_end(args);
        *static_cast<std::string*>(handle) +=
            std::to_string(error->line) + ":" + std::to_string(error->col) + ": " + message;
        return SERD_SUCCESS;
    };
    std::unique_ptr<SerdReader, void (*)(SerdReader*)> reader(
        serd_reader_new(syntax, &reading, nullptr, nullptr, on_prefix, on_statement, nullptr),
        serd_reader_free);
    serd_reader_set_error_sink(reader.get(), on_error, &errors);
    const SerdStatus status =
        serd_reader_read_string(reader.get(), reinterpret_cast<const uint8_t*>(document.c_str()));
    if (status != SERD_SUCCESS && errors.empty())
        errors = "serd status " + std::to_string(status);
}

/// The triples of `document` in `syntax`, as serd reads them, each with its graph name (empty
/// for the default graph, "_:label" for a blank node); errors land in `errors`.
inline Triples read_rdf(const std::string& document, SerdSyntax syntax, std::string& errors) {
    Triples triples;
    read_rdf_each(document, syntax, errors, [&](Triple&& t) { triples.push_back(std::move(t)); });
    return triples;
}

/// `document` in one of the formats serd reads (Turtle, N-Triples, N-Quads, TriG), read back;
/// CHECKs that serd reports no error.
inline Triples read_back(const std::string& document, Format format) {
    const SerdSyntax syntax = format == Format::Turtle   ? SERD_TURTLE
                              : format == Format::NQuads ? SERD_NQUADS
                              : format == Format::TriG   ? SERD_TRIG
                                                         : SERD_NTRIPLES;
    std::string errors;
    Triples triples = read_rdf(document, syntax, errors);
    INFO(document);
    INFO(errors);
    CHECK(errors.empty());
    return triples;
}

/// A fixture from tests/data, read by serd (N-Triples, or TriG for a .trig file).
inline Triples fixture(const std::string& name) {
    std::ifstream in(std::string(SEEOTHER_TEST_DATA) + "/" + name, std::ios::binary);
    REQUIRE(in);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string errors;
    const bool trig = name.size() > 5 && name.compare(name.size() - 5, 5, ".trig") == 0;
    Triples triples = read_rdf(buffer.str(), trig ? SERD_TRIG : SERD_NTRIPLES, errors);
    INFO(name);
    REQUIRE(errors.empty());
    return triples;
}

// ---- Comparing graphs up to blank node names ---------------------------------------------------
// Colour refinement gives each blank node a colour from its neighbourhood alone; where that
// leaves ties (symmetric structures), each member of the first tied class is singled out in turn
// and the smallest result kept. Exact, and fast enough for fixtures of a few dozen blank nodes.

/// N-Triples-like text for a term; literals escaped so that every triple stays on one line.
inline std::string show(const Term& t) {
    switch (t.kind) {
    case Term::Kind::Iri:
        return "<" + t.value + ">";
    case Term::Kind::Blank:
        return "_:" + t.value;
    case Term::Kind::Literal:
        break;
    }
    std::string escaped;
    for (const char c : t.value) {
        switch (c) {
        case '\n':
            escaped += "\\n";
            break;
        case '\r':
            escaped += "\\r";
            break;
        case '"':
        case '\\':
            escaped += '\\';
            escaped += c;
            break;
        default:
            escaped += c;
        }
    }
    // Language tags compare case-insensitively (RDF 1.1); rapper lowercases them.
    std::string language = t.language;
    for (char& c : language)
        c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return "\"" + escaped + "\"" + (language.empty() ? "" : "@" + language) +
           (t.datatype.empty() ? "" : "^^<" + t.datatype + ">");
}

using Colours = std::map<Term, std::size_t>;

inline Colours refine(const Triples& graph, Colours colours) {
    for (;;) {
        const auto shade = [&](const Term& t) {
            return t.is_blank() ? "_" + std::to_string(colours.at(t)) : show(t);
        };
        std::map<Term, std::vector<std::string>> signature;
        for (const auto& [blank, colour] : colours)
            signature[blank].push_back(std::to_string(colour));
        for (const auto& t : graph) {
            if (t.subject.is_blank())
                signature[t.subject].push_back("s " + show(t.predicate) + " " + shade(t.object));
            if (t.object.is_blank())
                signature[t.object].push_back("o " + shade(t.subject) + " " + show(t.predicate));
        }
        std::set<std::vector<std::string>> distinct;
        for (auto& [blank, sig] : signature) {
            std::sort(sig.begin() + 1, sig.end());
            distinct.insert(sig);
        }
        Colours next;
        for (const auto& [blank, sig] : signature)
            next[blank] =
                static_cast<std::size_t>(std::distance(distinct.begin(), distinct.find(sig)));
        const auto classes = [](const Colours& c) {
            std::set<std::size_t> s;
            for (const auto& [blank, colour] : c)
                s.insert(colour);
            return s.size();
        };
        if (classes(next) == classes(colours))
            return next;
        colours = std::move(next);
    }
}

inline std::vector<std::string> canonical_lines(const Triples& graph, Colours colours) {
    colours = refine(graph, std::move(colours));
    std::map<std::size_t, std::vector<Term>> classes;
    for (const auto& [blank, colour] : colours)
        classes[colour].push_back(blank);
    for (const auto& [colour, members] : classes) {
        if (members.size() < 2)
            continue;
        std::vector<std::string> best;
        for (const auto& member : members) {
            Colours singled = colours;
            singled[member] = colours.size(); // a colour no other node has
            auto candidate = canonical_lines(graph, singled);
            if (best.empty() || candidate < best)
                best = std::move(candidate);
        }
        return best;
    }
    const auto name = [&](const Term& t) {
        return t.is_blank() ? Term::blank("c" + std::to_string(colours.at(t))) : t;
    };
    std::vector<std::string> lines;
    for (const auto& t : graph)
        lines.push_back(show(name(t.subject)) + " " + show(t.predicate) + " " +
                        show(name(t.object)) + " .");
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    return lines;
}

inline std::vector<std::string> canonical_lines(Triples triples) {
    for (auto& t : triples)
        t.graph.clear();
    std::sort(triples.begin(), triples.end());
    triples.erase(std::unique(triples.begin(), triples.end()), triples.end());
    Colours colours;
    for (const auto& t : triples) {
        if (t.subject.is_blank())
            colours[t.subject] = 0;
        if (t.object.is_blank())
            colours[t.object] = 0;
    }
    return canonical_lines(triples, colours);
}

/// The graph as sorted N-Triples-like lines with canonical blank node names: equal strings mean
/// isomorphic graphs (graph names ignored).
inline std::string canonical(const Triples& triples) {
    std::string out;
    for (const auto& line : canonical_lines(triples))
        out += line + "\n";
    return out;
}

inline std::size_t distinct_triples(const Triples& triples) {
    return canonical_lines(triples).size();
}

/// The dataset as canonical lines: like canonical(), with each triple's graph name folded into
/// its predicate, so equal strings mean the same triples in the same graphs. Graph names must
/// be IRIs or empty.
inline std::string canonical_dataset(Triples quads) {
    for (auto& q : quads) {
        REQUIRE((q.graph.empty() || q.graph.compare(0, 2, "_:") != 0));
        if (!q.graph.empty())
            q.predicate = Term::iri(q.graph + " " + q.predicate.value);
        q.graph.clear();
    }
    return canonical(quads);
}

// ---- rapper ---------------------------------------------------------------------------------

struct RapperResult {
    int status = -1;
    std::string output; ///< stdout
    std::string errors; ///< stderr
};

inline bool rapper_on_path() {
    static const bool found = std::system("command -v rapper > /dev/null 2>&1") == 0;
    return found;
}

/// Whether the [rapper] test cases can run. When they cannot, says why in a line that ctest
/// reports as a skip (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt): a [rapper] case only
/// checks with rapper, so a skip never hides another failure.
inline bool rapper_installed() {
    if (!rapper_on_path())
        WARN("SKIPPED: rapper is not on PATH (scripts/install-deps --test installs it)");
    return rapper_on_path();
}

/// Runs `rapper -i <syntax> <arguments>` on `document`. FAILs when rapper is not installed: a
/// case that runs rapper asks rapper_installed() first.
inline RapperResult run_rapper(const std::string& document, const std::string& syntax,
                               const std::string& arguments) {
    if (!rapper_on_path())
        FAIL("rapper is not on PATH, and this case did not ask rapper_installed()");
    static int counter = 0;
    const auto stem =
        std::filesystem::temp_directory_path() /
        ("seeother_test_rdf_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    const auto path = stem.string() + ".in";
    const auto errors = stem.string() + ".err";
    {
        std::ofstream out(path, std::ios::binary);
        out << document;
    }
    RapperResult result;
    const std::string command =
        "rapper -i " + syntax + " " + arguments + " '" + path + "' 2>'" + errors + "'";
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
            result.output.append(buffer, n);
        result.status = ::pclose(pipe);
    }
    std::ifstream err(errors, std::ios::binary);
    result.errors.assign(std::istreambuf_iterator<char>(err), {});
    std::filesystem::remove(path);
    std::filesystem::remove(errors);
    return result;
}

/// rapper parses `document` without an error or warning and counts `expected` triples.
inline void check_with_rapper(const std::string& document, const std::string& syntax,
                              std::size_t expected) {
    const RapperResult r = run_rapper(document, syntax, "-c");
    INFO(document);
    INFO(r.errors);
    CHECK(r.status == 0);
    CHECK(r.errors.find("Error") == std::string::npos);
    CHECK(r.errors.find("Warning") == std::string::npos);
    CHECK(r.errors.find("returned " + std::to_string(expected) + " triple") != std::string::npos);
}

/// The triples (with graph names) rapper reads from `document`; CHECKs that it reads it without
/// an error or warning.
inline Triples rapper_parse(const std::string& document, const std::string& syntax) {
    const RapperResult r = run_rapper(document, syntax, "-q -o nquads");
    INFO(document);
    INFO(r.errors);
    CHECK(r.status == 0);
    CHECK(r.errors.empty());
    // rapper writes a backslash in an IRI as \\, which N-Quads only allows in literals, and
    // serd rightly rejects; \u005C is the same backslash in both.
    std::string output;
    for (std::size_t i = 0; i < r.output.size(); ++i) {
        if (r.output[i] == '\\' && i + 1 < r.output.size()) {
            const char next = r.output[++i];
            output += next == '\\' ? std::string("\\u005C") : std::string{'\\', next};
        } else {
            output += r.output[i];
        }
    }
    std::string errors;
    Triples triples = read_rdf(output, SERD_NQUADS, errors);
    INFO(r.output);
    CHECK(errors.empty());
    return triples;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace seeother::test
