// What must hold for any input the loader is given: it never crashes, in a thread with a
// small stack (512 KiB: a recursion bounded only by the input would overflow it); an error
// names the input and a place in it; a load that succeeds holds only valid UTF-8, and every
// subject can be described, and its HTML page rendered with no code point HTML forbids.
// Shared by fuzz_load and the regression tests; returns what went wrong, or nullopt.
#pragma once

#include "rdf/format.hpp"
#include "rdf/parse/parse.hpp"
#include "rdf/sord/load.hpp"
#include "server/html/pages.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace seeother::fuzz {

namespace load_detail {

/// Runs `body` in a thread with a stack of `bytes`.
template <class Body> void run_with_stack(std::size_t bytes, Body body) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, bytes);
    pthread_t thread;
    const auto start = [](void* argument) -> void* {
        (*static_cast<Body*>(argument))();
        return nullptr;
    };
    if (pthread_create(&thread, &attributes, start, &body) == 0)
        pthread_join(thread, nullptr);
    else
        body();
    pthread_attr_destroy(&attributes);
}

/// What is wrong with `text` as UTF-8 for the store (invalid, a surrogate, past U+10FFFF) or,
/// with `html`, as the text of a page (also a control but tab, LF and CR, or a noncharacter).
inline std::optional<std::string> text_problem(std::string_view text, bool html) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80   ? 1
                                   : lead < 0xC2 ? 0
                                   : lead < 0xE0 ? 2
                                   : lead < 0xF0 ? 3
                                   : lead < 0xF5 ? 4
                                                 : 0;
        if (length == 0 || i + length > text.size())
            return "invalid UTF-8 at byte " + std::to_string(i);
        std::uint32_t code = length == 1 ? lead : lead & (0x7FU >> length);
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0U) != 0x80)
                return "invalid UTF-8 at byte " + std::to_string(i);
            code = (code << 6U) | (next & 0x3FU);
        }
        const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < least[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return "invalid UTF-8 (overlong, surrogate or too large) at byte " + std::to_string(i);
        const bool control = (code < 0x20 && code != '\t' && code != '\n' && code != '\r') ||
                             (code >= 0x7F && code <= 0x9F);
        const bool noncharacter = (code >= 0xFDD0 && code <= 0xFDEF) || (code & 0xFFFEU) == 0xFFFE;
        if (html && (control || noncharacter))
            return "code point U+" + std::to_string(code) + " raw in the page at byte " +
                   std::to_string(i);
        i += length;
    }
    return std::nullopt;
}

inline std::optional<std::string> term_problem(const rdf::Term& term) {
    for (const std::string* text : {&term.value, &term.datatype, &term.language})
        if (auto problem = text_problem(*text, false))
            return "a stored term: " + *problem;
    return std::nullopt;
}

/// The place of an error lies in the input: a line it has, a column up to one past the end
/// of that line.
inline std::optional<std::string> place_problem(const rdf::ParseError& error,
                                                std::string_view text) {
    if (error.line() == 0 || error.column() == 0)
        return "an error without a place: " + std::string(error.what());
    std::size_t start = 0;
    for (unsigned line = 1; line < error.line(); ++line) {
        start = text.find('\n', start);
        if (start == std::string_view::npos)
            return "an error past the last line: " + std::string(error.what());
        ++start;
    }
    const auto end = std::min(text.find('\n', start), text.size());
    if (error.column() > end - start + 1)
        return "an error past the end of its line: " + std::string(error.what());
    return std::nullopt;
}

inline std::string show_json_ld(const rdf::Triples&, const rdf::PrefixView&) {
    return "{}";
}

inline std::optional<std::string> check_loaded(const rdf::Store& store) {
    const auto subjects = store.subjects_page("", 0, 50);
    for (const auto& subject : subjects.items) {
        const auto triples = rdf::describe_all(store, subject);
        if (triples.empty())
            return "no description of the subject <" + subject + ">";
        for (const auto& t : triples)
            for (const rdf::Term* term : {&t.subject, &t.predicate, &t.object})
                if (auto problem = term_problem(*term))
                    return problem;
        server::html::PageContext context;
        context.base = context.public_base = "http://fuzz.test/";
        context.prefixes = {&store.prefixes(), context.base, context.base, {}};
        context.store = &store;
        server::Document document;
        document.thing = subject;
        document.url = "http://fuzz.test/doc/x";
        document.with_url = {rdf::Format::Turtle};
        document.triples = triples;
        const auto page = server::html::description_page(context, document, show_json_ld);
        if (!page)
            return "no page for <" + subject + ">";
        if (auto problem = text_problem(*page, true))
            return "the page of <" + subject + ">: " + *problem;
    }
    return std::nullopt;
}

} // namespace load_detail

/// The first byte chooses the syntax (Turtle, N-Triples, N-Quads, TriG, by its value modulo
/// 4: '0' to '3' in the seeds); the rest is the input.
inline std::optional<std::string> check_load(std::string_view input) {
    using namespace load_detail;
    if (input.empty())
        return std::nullopt;
    static constexpr const char* names[] = {"fuzz.ttl", "fuzz.nt", "fuzz.nq", "fuzz.trig"};
    const std::string name = names[static_cast<unsigned char>(input[0]) % 4];
    const std::string text(input.substr(1));
    std::optional<std::string> problem;
    run_with_stack(std::size_t{512} << 10, [&] {
        try {
            const auto store = rdf::load_store_from_string(text, name, "http://fuzz.test/");
            problem = check_loaded(*store);
        } catch (const rdf::ParseError& error) {
            if (error.file() != name)
                problem = "an error naming another file: " + std::string(error.what());
            else
                problem = place_problem(error, text);
        }
    });
    return problem;
}

} // namespace seeother::fuzz
