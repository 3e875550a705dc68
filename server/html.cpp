#include "html.hpp"

#include "request.hpp"

#include "rdf/iri.hpp"

#include <algorithm>
#include <map>

namespace seeother::server {
namespace {

constexpr const char* label_predicates[] = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://schema.org/name",
    "https://schema.org/name",
    "http://purl.org/dc/terms/title",
};

constexpr const char* style = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;"
                              "padding:1rem;line-height:1.5}"
                              "table{border-collapse:collapse;width:100%}"
                              "th,td{text-align:left;vertical-align:top;padding:.3rem;"
                              "border-bottom:1px solid #ddd}"
                              "th{width:30%;font-weight:normal;color:#555}"
                              ".iri{word-break:break-all}small{color:#777}";

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

/// Only these schemes become hyperlinks; javascript:, data: and the rest stay text.
bool is_linkable(std::string_view iri) {
    return starts_with_ci(iri, "http://") || starts_with_ci(iri, "https://") ||
           starts_with_ci(iri, "mailto:");
}

/// "foaf:name" when a declared prefix covers the IRI with a simple local name.
std::string short_name(std::string_view iri, const rdf::Prefixes& prefixes) {
    const rdf::Prefix* best = nullptr;
    for (const auto& p : prefixes)
        if (!p.iri.empty() && iri.substr(0, p.iri.size()) == p.iri && iri.size() > p.iri.size() &&
            (!best || p.iri.size() > best->iri.size()))
            best = &p;
    if (!best)
        return std::string(iri);
    const auto local = iri.substr(best->iri.size());
    const bool simple = std::all_of(local.begin(), local.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
    return simple ? best->name + ":" + std::string(local) : std::string(iri);
}

std::string iri_html(std::string_view iri, const rdf::Prefixes& prefixes) {
    const std::string text = escape_html(short_name(iri, prefixes));
    if (!is_linkable(iri))
        return "<span class=\"iri\">" + text + "</span>";
    return "<a class=\"iri\" href=\"" + escape_html(rdf::iri_to_uri(iri)) + "\">" + text + "</a>";
}

std::string blank_anchor(std::string_view label) {
    return "b-" + escape_html(label);
}

std::string term_html(const rdf::Term& term, const rdf::Prefixes& prefixes) {
    switch (term.kind) {
    case rdf::Term::Kind::Iri:
        return iri_html(term.value, prefixes);
    case rdf::Term::Kind::Blank:
        return "<a href=\"#" + blank_anchor(term.value) + "\">_:" + escape_html(term.value) +
               "</a>";
    case rdf::Term::Kind::Literal: {
        std::string out = "<span>" + escape_html(term.value) + "</span>";
        if (!term.language.empty())
            out += " <small lang=\"en\">@" + escape_html(term.language) + "</small>";
        else if (!term.datatype.empty() && term.datatype != rdf::vocab::xsd_string)
            out += " <small>" + escape_html(short_name(term.datatype, prefixes)) + "</small>";
        return out;
    }
    }
    return {};
}

std::string page_head(std::string_view title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>" +
           escape_html(title) + "</title>\n<style>" + style + "</style>\n";
}

} // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string best_label(const rdf::Triples& triples, std::string_view subject) {
    for (const char* predicate : label_predicates) {
        const rdf::Term* fallback = nullptr;
        for (const auto& t : triples) {
            if (t.subject.value != subject || t.subject.is_literal() ||
                t.predicate.value != predicate || !t.object.is_literal())
                continue;
            const auto& lang = t.object.language;
            if (lang.empty() || lang == "en" || starts_with_ci(lang, "en-"))
                return t.object.value;
            if (!fallback)
                fallback = &t.object;
        }
        if (fallback)
            return fallback->value;
    }
    return {};
}

std::string render_description(const DescriptionPage& page) {
    const auto& triples = *page.triples;
    const auto& prefixes = *page.prefixes;
    const std::string label = best_label(triples, page.thing);
    const std::string heading = label.empty() ? page.thing : label;

    // One section per subject: the thing first, then the rest in sorted order.
    std::map<std::pair<bool, std::string>, std::vector<const rdf::Triple*>> by_subject;
    for (const auto& t : triples) {
        const bool is_thing = t.subject.is_iri() && t.subject.value == page.thing;
        by_subject[{!is_thing, (t.subject.is_blank() ? "_:" : "") + t.subject.value}].push_back(&t);
    }

    std::string html = page_head(heading);
    for (const auto& alt : page.alternates)
        html += "<link rel=\"alternate\" type=\"" + std::string(rdf::info(alt.format).media_type) +
                "\" href=\"" + escape_html(alt.url) + "\">\n";
    html += "</head>\n<body>\n<header>\n<h1>" + escape_html(heading) + "</h1>\n<p>" +
            iri_html(page.thing, {}) + "</p>\n</header>\n<main>\n";

    for (const auto& [key, rows] : by_subject) {
        const rdf::Term& subject = rows.front()->subject;
        html += "<section";
        if (subject.is_blank())
            html += " id=\"" + blank_anchor(subject.value) + "\"";
        html += ">\n";
        if (key.first)
            html += "<h2>" + term_html(subject, prefixes) + "</h2>\n";
        html += "<table>\n";
        std::string_view previous;
        for (const rdf::Triple* t : rows) {
            html += "<tr><th>";
            if (t->predicate.value != previous)
                html += iri_html(t->predicate.value, prefixes);
            previous = t->predicate.value;
            html += "</th><td>" + term_html(t->object, prefixes) + "</td></tr>\n";
        }
        html += "</table>\n</section>\n";
    }

    html += "</main>\n<footer>\n<p>This description as";
    for (std::size_t i = 0; i < page.alternates.size(); ++i) {
        const auto& alt = page.alternates[i];
        html += i == 0 ? " " : (i + 1 == page.alternates.size() ? " or " : ", ");
        html += "<a href=\"" + escape_html(alt.url) + "\" type=\"" +
                std::string(rdf::info(alt.format).media_type) + "\">" +
                std::string(rdf::info(alt.format).name) + "</a>";
    }
    html += ".</p>\n</footer>\n</body>\n</html>\n";
    return html;
}

std::string render_see_other(std::string_view location) {
    const std::string url = escape_html(location);
    return page_head("See Other") +
           "</head>\n<body>\n<p>The document describing this resource "
           "is at <a href=\"" +
           url + "\">" + url + "</a>.</p>\n</body>\n</html>\n";
}

std::string render_home(const rdf::StoreStats& stats, const std::vector<std::string>& things,
                        std::string_view public_base) {
    std::string html = page_head("Linked Data at " + std::string(public_base));
    html += "</head>\n<body>\n<header>\n<h1>Linked Data at " + escape_html(public_base) +
            "</h1>\n</header>\n<main>\n<p>" + std::to_string(stats.triples) + " triples about " +
            std::to_string(stats.subjects) + " subjects.</p>\n";
    if (!things.empty()) {
        html += "<h2>Things</h2>\n<ul>\n";
        for (const auto& iri : things)
            html += "<li>" + iri_html(iri, {}) + "</li>\n";
        html += "</ul>\n";
    }
    html += "</main>\n</body>\n</html>\n";
    return html;
}

} // namespace seeother::server
