#include "server/html/escape.hpp"

#include "rdf/ascii.hpp"

#include <array>

namespace seeother::server::html {
namespace {

/// The entity for one of the five characters that can end text or an attribute value,
/// else empty. HTML and XML differ only in the apostrophe (`&apos;` is not HTML 4).
std::string_view markup_entity(char c, std::string_view apostrophe) {
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return apostrophe;
    default:
        return {};
    }
}

/// A table of the bytes in `chars`, for escaping loops that mostly copy.
constexpr std::array<bool, 256> byte_set(std::string_view chars) {
    std::array<bool, 256> set{};
    for (const char c : chars)
        set[static_cast<unsigned char>(c)] = true;
    return set;
}

constexpr auto markup_specials = byte_set("&<>\"'");
constexpr auto script_specials = byte_set("<>&");

/// Appends text with the characters that have an entity replaced, copying the runs in
/// between whole.
void append_markup(std::string& out, std::string_view text, std::string_view apostrophe) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!markup_specials[static_cast<unsigned char>(text[i])])
            continue;
        const auto entity = markup_entity(text[i], apostrophe);
        out.append(text.data() + run, i - run);
        out += entity;
        run = i + 1;
    }
    out.append(text.data() + run, text.size() - run);
}

} // namespace

void append_html(std::string& out, std::string_view text) {
    append_markup(out, text, "&#39;");
}

/// Inside a double-quoted value only '&' and '"' are special; the rest are escaped too so
/// that a value can never be mistaken for markup by a careless reader of the page.
void append_attr(std::string& out, std::string_view text) {
    append_html(out, text);
}

void append_query_value(std::string& out, std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4U];
            out += hex[u & 15U];
        }
    }
}

void append_script_data(std::string& out, std::string_view json) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (!script_specials[static_cast<unsigned char>(c)])
            continue;
        out.append(json.data() + run, i - run);
        out += c == '<' ? "\\u003c" : c == '>' ? "\\u003e" : "\\u0026";
        run = i + 1;
    }
    out.append(json.data() + run, json.size() - run);
}

namespace {

/// The string an append_* function writes for `text`.
template <class Append> std::string escaped(std::string_view text, Append append) {
    std::string out;
    out.reserve(text.size());
    append(out, text);
    return out;
}

} // namespace

std::string escape_html(std::string_view text) {
    return escaped(text, append_html);
}

std::string escape_attr(std::string_view text) {
    return escaped(text, append_attr);
}

std::string encode_query_value(std::string_view value) {
    return escaped(value, append_query_value);
}

std::string escape_script_data(std::string_view json) {
    return escaped(json, append_script_data);
}

std::string escape_xml(std::string_view text) {
    return escaped(text,
                   [](std::string& out, std::string_view t) { append_markup(out, t, "&apos;"); });
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && rdf::iequals(s.substr(0, prefix.size()), prefix);
}

bool is_linkable(std::string_view iri) {
    return starts_with_ci(iri, "http://") || starts_with_ci(iri, "https://") ||
           starts_with_ci(iri, "mailto:");
}

} // namespace seeother::server::html
