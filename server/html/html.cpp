#include "server/html/html.hpp"

#include "server/html/sha256.hpp"

#include "rdf/ascii.hpp"
#include "rdf/iri.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

namespace seeother::server {

using rdf::iequals;

namespace {

namespace iri = rdf::vocab;

/// Shown under the label: the first of these the thing has, in the reader's language.
constexpr std::string_view description_predicates[] = {
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://purl.org/dc/terms/description",
    "http://schema.org/description",
    "https://schema.org/description",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://purl.org/dc/elements/1.1/description",
};

/// Their http(s) values are shown as images.
constexpr std::string_view image_predicates[] = {
    "http://xmlns.com/foaf/0.1/depiction",
    "http://xmlns.com/foaf/0.1/img",
    "http://schema.org/image",
    "https://schema.org/image",
    "http://xmlns.com/foaf/0.1/logo",
    "http://schema.org/logo",
};

/// Prefixed names for vocabularies the data does not declare.
const rdf::Prefixes& well_known_prefixes() {
    static const rdf::Prefixes prefixes = {
        {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
        {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
        {"owl", "http://www.w3.org/2002/07/owl#"},
        {"xsd", "http://www.w3.org/2001/XMLSchema#"},
        {"foaf", "http://xmlns.com/foaf/0.1/"},
        {"schema", "http://schema.org/"},
        {"dcterms", "http://purl.org/dc/terms/"},
        {"dc", "http://purl.org/dc/elements/1.1/"},
        {"skos", "http://www.w3.org/2004/02/skos/core#"},
        {"void", "http://rdfs.org/ns/void#"},
        {"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"},
        {"prov", "http://www.w3.org/ns/prov#"},
        {"dcat", "http://www.w3.org/ns/dcat#"},
    };
    return prefixes;
}

/// The one stylesheet, inline, allowed by its hash. Colours meet WCAG AA contrast in both
/// schemes; the layout is one column on a phone and a two-column grid on a wider screen.
constexpr std::string_view style =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#595959;--line:#d9d9d9;"
    "--link:#0b57d0;--visited:#6b2fb3;--chip:#eef2f8;--focus:#0b57d0;--mark:#ffe58a}"
    "@media (prefers-color-scheme:dark){:root{--bg:#131416;--fg:#e8e8e8;--muted:#a9a9a9;"
    "--line:#3a3a3a;--link:#8ab4f8;--visited:#c9a2f9;--chip:#232a35;--focus:#8ab4f8;"
    "--mark:#6b5500}}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}"
    "a{color:var(--link)}a:visited{color:var(--visited)}"
    ":focus-visible{outline:3px solid var(--focus);outline-offset:2px}"
    ".skip{position:absolute;left:-100vw}.skip:focus{left:1rem;top:.5rem;background:var(--bg);"
    "padding:.25rem .5rem;z-index:1}"
    ".bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;"
    "justify-content:space-between;padding:.5rem 1rem;border-bottom:1px solid var(--line)}"
    ".bar .site{font-weight:600;text-decoration:none;overflow-wrap:anywhere}"
    "form.search{display:flex;gap:.25rem;flex:1 1 14rem;max-width:30rem}"
    "input[type=search]{flex:1;min-width:0;padding:.35rem .5rem;font:inherit;color:inherit;"
    "background:var(--bg);border:1px solid var(--muted);border-radius:4px}"
    "button{font:inherit;padding:.35rem .75rem;border:1px solid var(--muted);border-radius:4px;"
    "background:var(--chip);color:inherit;cursor:pointer}"
    "main{max-width:68rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0;overflow-wrap:anywhere}"
    "h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-bottom:.25rem;"
    "border-bottom:1px solid var(--line);overflow-wrap:anywhere}"
    ".iri{overflow-wrap:anywhere}p.iri{margin:.25rem 0;font-size:.9rem}"
    ".muted,small,.tag{color:var(--muted)}.tag{font-size:.8rem;margin-left:.35rem}"
    "ul.types{display:flex;flex-wrap:wrap;gap:.4rem;padding:0;margin:.5rem 0;list-style:none}"
    "ul.types li{background:var(--chip);border-radius:1rem;padding:.05rem .7rem}"
    ".desc{max-width:46rem;margin:.5rem 0}"
    "dl.props{display:grid;grid-template-columns:minmax(7rem,15rem) minmax(0,1fr);margin:0}"
    "dl.props>div{display:contents}"
    "dl.props dt,dl.props dd{margin:0;padding:.4rem .5rem;border-top:1px solid var(--line);"
    "overflow-wrap:anywhere}"
    "dl.props dt{color:var(--muted)}"
    "dl.props>div:first-child>dt,dl.props>div:first-child>dd{border-top:0}"
    "dd ul,ol.list{margin:0;padding-left:1.25rem}dd ul{list-style:none;padding:0}"
    "dd li+li{margin-top:.2rem}"
    ".lit{white-space:pre-wrap}"
    ".nested{border-left:3px solid var(--line);padding-left:.6rem;margin:.2rem 0}"
    ".nested dl.props{grid-template-columns:minmax(5rem,11rem) minmax(0,1fr)}"
    "img{max-width:100%;max-height:16rem;height:auto;display:block;margin:.25rem 0}"
    "summary{cursor:pointer}details.more>summary{color:var(--muted)}"
    "details[open] .ellipsis{display:none}"
    "nav.pager{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1.5rem 0}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.35rem .5rem;border-top:1px solid var(--line);"
    "vertical-align:top;overflow-wrap:anywhere}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "ol.hits{padding-left:1.5rem}ol.hits li{margin:.4rem 0}"
    "mark{background:var(--mark);color:inherit}"
    "footer{max-width:68rem;margin:2rem auto 0;padding:1rem;border-top:1px solid var(--line);"
    "color:var(--muted);font-size:.9rem}"
    "@media (max-width:40rem){dl.props,.nested dl.props{display:block}"
    "dl.props dd{border-top:0;padding-top:0}dl.props dt{padding-bottom:.1rem}"
    "h1{font-size:1.4rem}}";

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool is_image_source(std::string_view iri) {
    return starts_with_ci(iri, "http://") || starts_with_ci(iri, "https://");
}

template <std::size_t N> int index_in(const std::string_view (&list)[N], std::string_view iri) {
    for (std::size_t i = 0; i < N; ++i)
        if (list[i] == iri)
            return static_cast<int>(i);
    return -1;
}

int label_rank(std::string_view predicate) {
    const auto& ranked = rdf::label_predicates();
    const auto at = std::find(ranked.begin(), ranked.end(), predicate);
    return at == ranked.end() ? -1 : static_cast<int>(at - ranked.begin());
}

/// Cuts UTF-8 text at most `bytes` long, at a character boundary, preferably at a space.
std::string_view cut(std::string_view text, std::size_t bytes) {
    if (text.size() <= bytes)
        return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U)
        --end;
    const auto space = text.substr(0, end).rfind(' ');
    if (space != std::string_view::npos && space > bytes / 2)
        end = space;
    return text.substr(0, end);
}

std::string with_extra(std::string_view extra, std::string query) {
    if (extra.empty())
        return query;
    return std::string(extra) + (query.empty() ? "" : "&") + query;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Escaping, one function per context. Pages are written by appending to one buffer; the
// functions returning strings are for callers building small pieces.

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

void append_with_separators(std::string& out, std::size_t n) {
    char digits[std::numeric_limits<std::size_t>::digits10 + 1];
    const auto end = std::to_chars(std::begin(digits), std::end(digits), n).ptr;
    const auto count = static_cast<std::size_t>(end - digits);
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0 && (count - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
}

/// ` lang="…"` for a literal with a language tag.
void append_lang_attr(std::string& out, const rdf::Term& term) {
    if (term.language.empty())
        return;
    out += " lang=\"";
    append_attr(out, term.language);
    out += '"';
}

/// The parts of a prefixed name: "foaf" and "name" for foaf:name.
struct PrefixedName {
    std::string_view prefix;
    std::string_view local;
};

/// The IRI as a prefixed name, when a data prefix (or a well-known one) covers it with a
/// simple local part; the longest prefix wins.
std::optional<PrefixedName> prefixed_name(std::string_view iri, const rdf::Prefixes& prefixes) {
    const rdf::Prefix* best = nullptr;
    const auto consider = [&](const rdf::Prefixes& candidates) {
        for (const auto& p : candidates)
            if (!p.iri.empty() && iri.size() > p.iri.size() &&
                iri.substr(0, p.iri.size()) == p.iri && (!best || p.iri.size() > best->iri.size()))
                best = &p;
    };
    consider(prefixes);
    if (!best)
        consider(well_known_prefixes());
    if (!best)
        return std::nullopt;
    const auto local = iri.substr(best->iri.size());
    const bool simple = std::all_of(local.begin(), local.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
    if (!simple || local.back() == '.')
        return std::nullopt;
    return PrefixedName{best->name, local};
}

/// short_name(), escaped for element content or an attribute value.
void append_short_name(std::string& out, std::string_view iri, const rdf::Prefixes& prefixes) {
    const auto name = prefixed_name(iri, prefixes);
    if (!name) {
        append_html(out, iri);
        return;
    }
    append_html(out, name->prefix);
    out += ':';
    append_html(out, name->local);
}

/// The label's text when there is one, else the IRI's short name; escaped.
void append_label_or_name(std::string& out, const rdf::Term* label, std::string_view iri,
                          const rdf::Prefixes& prefixes) {
    if (label)
        append_html(out, label->value);
    else
        append_short_name(out, iri, prefixes);
}

/// A label from `labels` for the IRI, or null.
const rdf::Term* label_of(const LabelMap& labels, std::string_view iri) {
    const auto found = labels.find(iri);
    return found == labels.end() ? nullptr : &found->second;
}

void append_iri_link(std::string& out, const PageContext& context, std::string_view iri,
                     const LabelMap& labels) {
    const rdf::Term* label = label_of(labels, iri);
    const bool linkable = is_linkable(iri);
    if (linkable) {
        out += "<a class=\"iri\" href=\"";
        append_attr(out, rdf::iri_to_uri(iri));
        out += '"';
    } else {
        out += "<span class=\"iri\"";
    }
    if (label)
        append_lang_attr(out, *label);
    out += '>';
    append_label_or_name(out, label, iri, context.prefixes);
    out += linkable ? "</a>" : "</span>";
}

/// The small tag after a literal: its language, or its datatype unless xsd:string.
void append_literal_tag(std::string& out, const PageContext& context, const rdf::Term& literal) {
    if (!literal.language.empty()) {
        out += "<small class=\"tag\">";
        append_html(out, literal.language);
        out += "</small>";
    } else if (!literal.datatype.empty() && literal.datatype != iri::xsd_string) {
        out += "<small class=\"tag\">";
        append_short_name(out, literal.datatype, context.prefixes);
        out += "</small>";
    }
}

void append_literal_html(std::string& out, const PageContext& context, const rdf::Term& literal) {
    constexpr std::size_t long_bytes = 400;
    constexpr std::size_t long_lines = 8;
    const std::string_view text = literal.value;
    const bool long_text =
        text.size() > long_bytes ||
        static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) > long_lines;
    if (!long_text) {
        out += "<span class=\"lit\"";
        append_lang_attr(out, literal);
        out += '>';
        append_html(out, text);
        out += "</span>";
    } else {
        // Folded: the summary is the beginning, opening it shows the rest right after.
        auto head = cut(text, 240);
        if (const auto line = head.find('\n'); line != std::string_view::npos && line > 0)
            head = head.substr(0, line);
        out += "<details class=\"long\"";
        append_lang_attr(out, literal);
        out += "><summary><span class=\"lit\">";
        append_html(out, head);
        out += "</span><span class=\"ellipsis\">&hellip;</span> <small>(";
        append_with_separators(out, text.size());
        out += " characters)</small></summary><span class=\"lit\">";
        append_html(out, text.substr(head.size()));
        out += "</span></details>";
    }
    append_literal_tag(out, context, literal);
}

/// The site's name in the top bar: the public base without scheme and final slash.
std::string_view site_name(std::string_view public_base) {
    if (const auto scheme = public_base.find("://"); scheme != std::string_view::npos)
        public_base.remove_prefix(scheme + 3);
    if (!public_base.empty() && public_base.back() == '/')
        public_base.remove_suffix(1);
    return public_base;
}

void append_page_start(std::string& out, const PageContext& context, const PageStart& start) {
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"color-scheme\" content=\"light dark\">\n<title>";
    append_html(out, start.title);
    out += "</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>";
    out += style;
    out += "</style>\n";
    out += start.head;
    out += "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
           "<header class=\"bar\">\n<a class=\"site\" href=\"";
    append_attr(out, context.public_base);
    out += "\">";
    append_html(out, site_name(context.public_base));
    out += "</a>\n<form class=\"search\" action=\"";
    append_attr(out, context.public_base);
    out += "search\" method=\"get\" role=\"search\">\n"
           "<input type=\"search\" name=\"q\" value=\"";
    append_attr(out, start.search_query);
    out += "\" aria-label=\"Search by label\" placeholder=\"Search by label\">\n";
    if (context.lang) {
        out += "<input type=\"hidden\" name=\"lang\" value=\"";
        append_attr(out, *context.lang);
        out += "\">\n";
    }
    out += "<button type=\"submit\">Search</button>\n</form>\n</header>\n<main id=\"main\">\n";
}

void append_page_end(std::string& out, std::string_view footer) {
    out += "</main>\n<footer>\n";
    out += footer;
    out += "</footer>\n</body>\n</html>\n";
}

} // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_html(out, text);
    return out;
}

std::string escape_attr(std::string_view text) {
    return escape_html(text);
}

std::string encode_query_value(std::string_view value) {
    std::string out;
    append_query_value(out, value);
    return out;
}

std::string escape_script_data(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    append_script_data(out, json);
    return out;
}

std::string escape_xml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_markup(out, text, "&apos;");
    return out;
}

bool is_linkable(std::string_view iri) {
    return starts_with_ci(iri, "http://") || starts_with_ci(iri, "https://") ||
           starts_with_ci(iri, "mailto:");
}

const std::string& content_security_policy() {
    static const std::string policy = [] {
        const auto digest = sha256(style);
        return "default-src 'none'; style-src 'sha256-" + base64(digest.data(), digest.size()) +
               "'; img-src http: https: data:; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'none'";
    }();
    return policy;
}

// ---------------------------------------------------------------------------------------
// Shared pieces

std::string short_name(std::string_view iri, const rdf::Prefixes& prefixes) {
    const auto name = prefixed_name(iri, prefixes);
    if (!name)
        return std::string(iri);
    std::string text;
    text.reserve(name->prefix.size() + 1 + name->local.size());
    text += name->prefix;
    text += ':';
    text += name->local;
    return text;
}

std::string with_separators(std::size_t n) {
    std::string digits;
    append_with_separators(digits, n);
    return digits;
}

std::string page_query(const PageContext& context, std::size_t page, std::string_view extra) {
    std::string query;
    if (context.lang)
        query += "lang=" + encode_query_value(*context.lang);
    query += (query.empty() ? "page=" : "&page=") + std::to_string(page);
    query = with_extra(extra, query);
    return escape_attr("?" + query);
}

std::string pager_head(const PageContext& context, std::size_t page, std::size_t pages,
                       std::string_view extra) {
    std::string head;
    if (page > 1)
        head += "<link rel=\"prev\" href=\"" + page_query(context, page - 1, extra) + "\">\n";
    if (page < pages)
        head += "<link rel=\"next\" href=\"" + page_query(context, page + 1, extra) + "\">\n";
    return head;
}

std::string pager_nav(const PageContext& context, std::size_t page, std::size_t pages,
                      std::string_view extra) {
    if (pages <= 1)
        return {};
    std::string nav = "<nav class=\"pager\" aria-label=\"Pages\">\n";
    if (page > 1)
        nav += "<a rel=\"prev\" href=\"" + page_query(context, page - 1, extra) +
               "\">&larr; Previous</a>\n";
    nav += "<span>Page " + with_separators(page) + " of " + with_separators(pages) + "</span>\n";
    if (page < pages)
        nav += "<a rel=\"next\" href=\"" + page_query(context, page + 1, extra) +
               "\">Next &rarr;</a>\n";
    nav += "</nav>\n";
    return nav;
}

std::string page_start(const PageContext& context, const PageStart& start) {
    std::string html;
    html.reserve(style.size() + start.head.size() + 1024);
    append_page_start(html, context, start);
    return html;
}

std::string page_end(std::string_view footer) {
    std::string html;
    append_page_end(html, footer);
    return html;
}

std::string iri_link(const PageContext& context, std::string_view iri, const LabelMap& labels) {
    std::string html;
    append_iri_link(html, context, iri, labels);
    return html;
}

std::string literal_html(const PageContext& context, const rdf::Term& literal) {
    std::string html;
    append_literal_html(html, context, literal);
    return html;
}

std::optional<rdf::Term> choose_label(std::vector<rdf::Term> labels,
                                      const LanguagePreference& language) {
    rdf::Term* best = nullptr;
    int best_rank = 0;
    for (auto& label : labels) {
        const int rank = language.rank(label.language);
        if (!best || rank < best_rank) {
            best = &label;
            best_rank = rank;
        }
    }
    return best ? std::optional<rdf::Term>(std::move(*best)) : std::nullopt;
}

std::optional<rdf::Term> best_label(const rdf::Triples& triples, std::string_view subject,
                                    const LanguagePreference& language) {
    const rdf::Term* best = nullptr;
    std::pair<int, int> best_key;
    for (const auto& t : triples) {
        if (t.subject.is_literal() || t.subject.value != subject || !t.object.is_literal())
            continue;
        const int rank = label_rank(t.predicate.value);
        if (rank < 0)
            continue;
        const std::pair<int, int> key{language.rank(t.object.language), rank};
        if (!best || key < best_key) {
            best = &t.object;
            best_key = key;
        }
    }
    return best ? std::optional<rdf::Term>(*best) : std::nullopt;
}

// ---------------------------------------------------------------------------------------
// The description page

namespace {

/// A subject as the description groups triples: IRIs first, then blank nodes, each kind in
/// string order (the order of the sections).
struct SubjectKey {
    bool blank = false;
    std::string_view value; ///< into the triples

    static SubjectKey of(const rdf::Term& term) { return {term.is_blank(), term.value}; }

    friend bool operator<(const SubjectKey& a, const SubjectKey& b) {
        return std::tie(a.blank, a.value) < std::tie(b.blank, b.value);
    }
};

/// Lays a description out in sections, groups and values, pages it, and renders a page.
/// The page is written by appending to one buffer; strings of the triples are referred to,
/// not copied.
class DescriptionView {
  public:
    DescriptionView(const PageContext& context, const DescriptionPage& page)
        : context_(context), page_(page) {
        for (const auto& t : *page.triples) {
            // The document's foaf:primaryTopic is said in the footer, not as a section.
            if (t.predicate.value == rdf::vocab::foaf_primary_topic && t.subject.is_iri() &&
                t.subject.value != page.thing && t.object.value == page.thing) {
                primary_topic_ = &t;
                continue;
            }
            by_subject_[SubjectKey::of(t.subject)].push_back(&t);
            if (t.object.is_blank())
                ++blank_refs_[t.object.value];
            if (t.object.is_literal() && !t.object.language.empty())
                languages_.insert(t.object.language);
        }
    }

    std::optional<std::string> render() {
        predicate_labels_ = lookup(predicates());
        lay_out();
        const std::size_t backlink_total = page_.backlinks ? page_.backlinks->total : 0;
        const std::size_t pages =
            std::max<std::size_t>({1, (units_.size() + values_per_page - 1) / values_per_page,
                                   (backlink_total + backlinks_per_page - 1) / backlinks_per_page});
        if (page_.page > pages)
            return std::nullopt;
        pages_ = pages;
        first_unit_ = (page_.page - 1) * values_per_page;
        last_unit_ = std::min(units_.size(), first_unit_ + values_per_page);
        labels_ = lookup(iris_on_page());
        for (const auto& [iri, label] : predicate_labels_)
            labels_.emplace(iri, label);

        const auto thing_label = best_label(*page_.triples, page_.thing, context_.language);
        heading_ = thing_label ? thing_label->value : page_.thing;

        // Rendered first: it says which triples the page shows, for the JSON-LD in <head>.
        std::string body;
        body.reserve(body_size_estimate());
        intro(body, thing_label);
        sections(body);
        backlinks(body);
        body += pager_nav(context_, page_.page, pages_);
        std::string footer_html;
        footer(footer_html);

        PageStart start;
        start.title = heading_;
        if (page_.page > 1)
            start.title += " (page " + std::to_string(page_.page) + ")";
        start.head = head();
        std::string html;
        html.reserve(style.size() + start.head.size() + body.size() + footer_html.size() + 2048);
        append_page_start(html, context_, start);
        html += body;
        append_page_end(html, footer_html);
        return html;
    }

  private:
    struct Group {
        std::string_view predicate;
        std::vector<const rdf::Triple*> values; ///< preferred first, other languages after
        std::size_t preferred = 0;              ///< how many values are preferred
        std::pair<int, std::string> order;      ///< where it goes: predicate_order()
    };
    struct Section {
        const rdf::Term* subject;
        std::vector<Group> groups;
    };
    struct Unit {
        std::size_t section;
        std::size_t group;
        std::size_t value;
    };

    LabelMap lookup(const std::vector<std::string>& iris) const {
        if (!context_.lookup || iris.empty())
            return {};
        return context_.lookup(iris);
    }

    std::vector<std::string> predicates() const {
        std::vector<std::string_view> found;
        found.reserve(page_.triples->size());
        for (const auto& t : *page_.triples)
            found.push_back(t.predicate.value);
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        return {found.begin(), found.end()};
    }

    std::string predicate_name(std::string_view predicate) const {
        if (const auto* label = label_of(predicate_labels_, predicate))
            return label->value;
        return short_name(predicate, context_.prefixes);
    }

    /// Sorting key of a predicate: type, labels, descriptions, images, then by name.
    std::pair<int, std::string> predicate_order(std::string_view predicate) const {
        if (predicate == rdf::vocab::rdf_type)
            return {0, {}};
        if (const int rank = label_rank(predicate); rank >= 0)
            return {10 + rank, {}};
        if (const int d = index_in(description_predicates, predicate); d >= 0)
            return {30 + d, {}};
        if (index_in(image_predicates, predicate) >= 0)
            return {50, {}};
        std::string name = predicate_name(predicate);
        std::transform(name.begin(), name.end(), name.begin(), rdf::ascii_lower);
        return {100, name};
    }

    const std::vector<const rdf::Triple*>* triples_of(SubjectKey subject) const {
        const auto found = by_subject_.find(subject);
        return found == by_subject_.end() ? nullptr : &found->second;
    }
    const std::vector<const rdf::Triple*>* triples_of(const rdf::Term& subject) const {
        return triples_of(SubjectKey::of(subject));
    }
    const std::vector<const rdf::Triple*>* triples_of_thing() const {
        return triples_of(SubjectKey{false, page_.thing});
    }

    int references(std::string_view blank) const {
        const auto found = blank_refs_.find(blank);
        return found == blank_refs_.end() ? 0 : found->second;
    }

    /// Marks the blank nodes used once, reached from `subject`, as shown inline (depth
    /// first). placed_ holds every blank node already given a place, inline or as a section.
    void mark_inline(const rdf::Term& subject) {
        const auto* triples = triples_of(subject);
        if (!triples)
            return;
        for (const auto* t : *triples)
            if (t->object.is_blank() && references(t->object.value) == 1 &&
                placed_.insert(t->object.value).second) {
                inline_.insert(t->object.value);
                mark_inline(t->object);
            }
    }

    void lay_out() {
        // Sections: the thing, the other IRI subjects (a hash document), then the blank
        // nodes that are not shown inside another (referenced twice, or from nowhere).
        std::vector<const rdf::Term*> roots;
        if (const auto* own = triples_of_thing())
            roots.push_back(&own->front()->subject);
        for (const auto& [key, triples] : by_subject_)
            if (!key.blank && key.value != page_.thing)
                roots.push_back(&triples.front()->subject);
        for (const auto* root : roots)
            mark_inline(*root);
        // Blank nodes no IRI leads to: first those nothing uses (true roots), then those
        // left over (in cycles, or used more than once).
        for (const bool unused_only : {true, false})
            for (const auto& [key, triples] : by_subject_) {
                if (!key.blank || (unused_only && references(key.value) > 0) ||
                    !placed_.insert(key.value).second)
                    continue;
                roots.push_back(&triples.front()->subject);
                mark_inline(triples.front()->subject);
            }

        for (const auto* root : roots) {
            Section section{root, groups_of(*root)};
            for (std::size_t g = 0; g < section.groups.size(); ++g)
                for (std::size_t v = 0; v < section.groups[g].values.size(); ++v)
                    units_.push_back({sections_.size(), g, v});
            sections_.push_back(std::move(section));
        }
    }

    /// The subject's values grouped by predicate, in predicate_order().
    std::vector<Group> groups_of(const rdf::Term& subject) const {
        std::vector<Group> groups;
        const auto* triples = triples_of(subject);
        if (!triples)
            return groups;
        std::vector<const rdf::Triple*> by_predicate = *triples;
        std::stable_sort(by_predicate.begin(), by_predicate.end(),
                         [](const rdf::Triple* a, const rdf::Triple* b) {
                             return a->predicate.value < b->predicate.value;
                         });
        for (auto from = by_predicate.begin(); from != by_predicate.end();) {
            const std::string_view predicate = (*from)->predicate.value;
            const auto to = std::find_if(from, by_predicate.end(), [&](const rdf::Triple* t) {
                return t->predicate.value != predicate;
            });
            groups.push_back(group_of(predicate, {from, to}));
            from = to;
        }
        std::stable_sort(groups.begin(), groups.end(),
                         [](const Group& a, const Group& b) { return a.order < b.order; });
        return groups;
    }

    /// One predicate's values: literals in the reader's best language (among those of this
    /// property) come first; literals in other languages follow, shown folded.
    Group group_of(std::string_view predicate, std::vector<const rdf::Triple*> values) const {
        const auto tagged = [](const rdf::Triple* t) {
            return t->object.is_literal() && !t->object.language.empty();
        };
        int best = 0;
        bool any = false;
        for (const auto* t : values)
            if (tagged(t)) {
                const int rank = context_.language.rank(t->object.language);
                best = any ? std::min(best, rank) : rank;
                any = true;
            }
        const auto preferred = [&](const rdf::Triple* t) {
            return !tagged(t) || context_.language.rank(t->object.language) == best;
        };
        const auto others = std::stable_partition(values.begin(), values.end(), preferred);
        const auto count = static_cast<std::size_t>(others - values.begin());
        return {predicate, std::move(values), count, predicate_order(predicate)};
    }

    /// Every IRI the page shows: to look their labels up in one batch.
    std::vector<std::string> iris_on_page() const {
        std::vector<std::string_view> iris;
        std::vector<const rdf::Term*> pending;
        for (std::size_t u = first_unit_; u < last_unit_; ++u) {
            const auto& unit = units_[u];
            pending.push_back(
                &sections_[unit.section].groups[unit.group].values[unit.value]->object);
            pending.push_back(sections_[unit.section].subject);
        }
        std::unordered_set<std::string_view> seen_blanks;
        while (!pending.empty()) {
            const rdf::Term* term = pending.back();
            pending.pop_back();
            if (term->is_iri()) {
                iris.push_back(term->value);
            } else if (term->is_blank() && inline_.count(term->value) &&
                       seen_blanks.insert(term->value).second) {
                if (const auto* triples = triples_of(*term))
                    for (const auto* t : *triples) {
                        iris.push_back(t->predicate.value);
                        pending.push_back(&t->object);
                    }
            }
        }
        if (const auto* own = triples_of_thing())
            for (const auto* t : *own)
                if (t->predicate.value == rdf::vocab::rdf_type && t->object.is_iri())
                    iris.push_back(t->object.value);
        if (page_.backlinks)
            for (const auto& t : page_.backlinks->triples) {
                if (t.subject.is_iri())
                    iris.push_back(t.subject.value);
                iris.push_back(t.predicate.value);
            }
        std::sort(iris.begin(), iris.end());
        iris.erase(std::unique(iris.begin(), iris.end()), iris.end());
        std::vector<std::string> unlabelled;
        unlabelled.reserve(iris.size());
        for (const auto iri : iris)
            if (!label_of(predicate_labels_, iri))
                unlabelled.emplace_back(iri);
        return unlabelled;
    }

    /// Room for the body of a page, so that it is not copied as it grows.
    std::size_t body_size_estimate() const {
        constexpr std::size_t per_value = 256;
        constexpr std::size_t per_backlink = 160;
        const std::size_t values = last_unit_ > first_unit_ ? last_unit_ - first_unit_ : 0;
        const std::size_t backlinks = page_.backlinks ? page_.backlinks->triples.size() : 0;
        return 2048 + values * per_value + backlinks * per_backlink;
    }

    void link(std::string& out, std::string_view iri) const {
        append_iri_link(out, context_, iri, labels_);
    }

    std::string class_page_url(std::string_view class_iri) const {
        return context_.public_base + "class?iri=" + encode_query_value(class_iri) +
               (context_.lang ? "&lang=" + encode_query_value(*context_.lang) : "");
    }

    /// "<p><a …>N instances…</a></p>" for a subject that is a class.
    void instance_count(std::string& out, const std::string& subject, std::string_view more) {
        const auto count = page_.instance_counts.find(subject);
        if (count == page_.instance_counts.end())
            return;
        out += "<p><a href=\"";
        append_attr(out, class_page_url(subject));
        out += "\">";
        append_with_separators(out, count->second);
        out += count->second == 1 ? " instance" : " instances";
        out += more;
        out += "</a></p>\n";
    }

    void intro(std::string& out, const std::optional<rdf::Term>& label) {
        out += "<header>\n<h1";
        if (label)
            append_lang_attr(out, *label);
        out += '>';
        append_html(out, heading_);
        out += "</h1>\n";
        if (label) {
            out += "<p class=\"iri\">";
            link_as_iri(out, page_.thing);
            out += "</p>\n";
        }
        const auto* own = triples_of_thing();
        std::vector<std::string_view> types;
        const rdf::Term* description = nullptr;
        std::pair<int, int> description_key;
        if (own)
            for (const auto* t : *own) {
                if (t->predicate.value == rdf::vocab::rdf_type && t->object.is_iri())
                    types.push_back(t->object.value);
                const int d = index_in(description_predicates, t->predicate.value);
                if (d >= 0 && t->object.is_literal()) {
                    const std::pair<int, int> key{context_.language.rank(t->object.language), d};
                    if (!description || key < description_key) {
                        description = &t->object;
                        description_key = key;
                    }
                }
            }
        if (!types.empty()) {
            out += "<ul class=\"types\" aria-label=\"Types\">\n";
            for (const auto type : types)
                type_item(out, type);
            out += "</ul>\n";
        }
        if (description) {
            out += "<div class=\"desc\">";
            append_literal_html(out, context_, *description);
            out += "</div>\n";
        }
        instance_count(out, page_.thing, " of this class");
        language_switch(out);
        out += "</header>\n";
    }

    /// A type of the thing, linking to the page of its instances.
    void type_item(std::string& out, std::string_view type) const {
        const rdf::Term* label = label_of(labels_, type);
        out += "<li><a href=\"";
        append_attr(out, class_page_url(type));
        out += '"';
        if (label)
            append_lang_attr(out, *label);
        out += " title=\"All things of this type\">";
        append_label_or_name(out, label, type, context_.prefixes);
        out += "</a></li>\n";
    }

    static void link_as_iri(std::string& out, std::string_view iri) {
        if (!is_linkable(iri)) {
            out += "<span class=\"iri\">";
            append_html(out, iri);
            out += "</span>";
            return;
        }
        out += "<a class=\"iri\" href=\"";
        append_attr(out, rdf::iri_to_uri(iri));
        out += "\">";
        append_html(out, iri);
        out += "</a>";
    }

    /// Links to the same page in each language of its literals, when there is a choice.
    void language_switch(std::string& out) const {
        if (languages_.size() < 2 && !context_.lang)
            return;
        out += "<nav aria-label=\"Language\"><p class=\"muted\">Language: ";
        language_option(out, "automatic", page_.document_url, !context_.lang, {});
        for (const auto language : languages_) {
            out += " &middot; ";
            language_option(out, language, "?lang=" + encode_query_value(language),
                            context_.lang && iequals(*context_.lang, language), language);
        }
        out += "</p></nav>\n";
    }

    /// One choice of the language switch: a link, or the current choice in bold.
    static void language_option(std::string& out, std::string_view text, std::string_view href,
                                bool current, std::string_view tag) {
        if (current) {
            out += "<strong aria-current=\"page\"";
        } else {
            out += "<a href=\"";
            append_attr(out, href);
            out += '"';
        }
        if (!tag.empty()) {
            out += " lang=\"";
            append_attr(out, tag);
            out += '"';
        }
        out += '>';
        append_html(out, text);
        out += current ? "</strong>" : "</a>";
    }

    void sections(std::string& out) {
        std::size_t u = first_unit_;
        while (u < last_unit_) {
            const std::size_t s = units_[u].section;
            const auto& section = sections_[s];
            std::size_t end = u;
            while (end < last_unit_ && units_[end].section == s)
                ++end;
            section_start(out, section,
                          s == 0 && section.subject->is_iri() &&
                              section.subject->value == page_.thing);
            out += "<dl class=\"props\">\n";
            for (std::size_t k = u; k < end;) {
                const std::size_t g = units_[k].group;
                std::size_t group_end = k;
                while (group_end < end && units_[group_end].group == g)
                    ++group_end;
                group_html(out, section, g, units_[k].value, units_[group_end - 1].value + 1, 0);
                k = group_end;
            }
            out += "</dl>\n</section>\n";
            u = end;
        }
        if (units_.empty()) {
            out += "<p class=\"muted\">No properties.</p>\n";
        } else if (first_unit_ >= units_.size()) {
            out += "<p class=\"muted\">All ";
            append_with_separators(out, units_.size());
            out += " values are on earlier pages.</p>\n";
        }
    }

    /// The fragment of a hash IRI as its section's id, so that <P#x> lands on its section;
    /// empty when there is none, or when the page uses it already (its own ids, and the
    /// "b-" of blank nodes, are not taken).
    std::string_view section_id(std::string_view iri) {
        const auto hash = iri.find('#');
        if (hash == std::string_view::npos)
            return {};
        const auto id = iri.substr(hash + 1);
        if (id.empty() || id.find_first_of(" \t\n\f\r") != std::string_view::npos ||
            id.substr(0, 2) == "b-" || !used_ids_.emplace(id).second)
            return {};
        return id;
    }

    void section_start(std::string& out, const Section& section, bool is_thing) {
        if (is_thing) {
            out += "<section aria-labelledby=\"properties\">\n<h2 id=\"properties\">Properties";
            if (pages_ > 1) {
                out += " <small>(";
                append_with_separators(out, units_.size());
                out += " values)</small>";
            }
            out += "</h2>\n";
            return;
        }
        const rdf::Term& subject = *section.subject;
        out += "<section";
        if (subject.is_blank()) {
            out += " id=\"b-";
            append_attr(out, subject.value);
            out += '"';
        } else if (const auto id = section_id(subject.value); !id.empty()) {
            out += " id=\"";
            append_attr(out, id);
            out += '"';
        }
        out += ">\n<h2>";
        if (subject.is_blank()) {
            out += "Blank node ";
            append_html(out, subject.value);
        } else {
            link(out, subject.value);
            if (label_of(labels_, subject.value)) {
                out += " <small class=\"iri\">";
                append_short_name(out, subject.value, context_.prefixes);
                out += "</small>";
            }
        }
        out += "</h2>\n";
        if (subject.is_iri())
            instance_count(out, subject.value, {});
    }

    /// One predicate's values [from, to) as a dt/dd pair.
    void group_html(std::string& out, const Section& section, std::size_t g, std::size_t from,
                    std::size_t to, int depth) {
        const Group& group = section.groups[g];
        out += "<div><dt>";
        link(out, group.predicate);
        out += "</dt><dd>";
        // Values [from, split) are in the preferred language, [split, to) in others.
        const std::size_t split = std::clamp(group.preferred, from, to);
        if (split - from == 1 && split == to) {
            value_item(out, group, from, depth);
        } else {
            out += "<ul>";
            for (std::size_t v = from; v < split; ++v) {
                out += "<li>";
                value_item(out, group, v, depth);
                out += "</li>";
            }
            if (split < to)
                other_languages(out, group, split, to, depth);
            out += "</ul>";
        }
        out += "</dd></div>\n";
    }

    /// The values [from, to) not in the reader's language, folded under their languages.
    void other_languages(std::string& out, const Group& group, std::size_t from, std::size_t to,
                         int depth) {
        std::set<std::string_view> languages;
        for (std::size_t v = from; v < to; ++v)
            languages.insert(group.values[v]->object.language);
        out += "<li><details class=\"more\"><summary>";
        append_with_separators(out, to - from);
        out += " in other languages (";
        for (auto language = languages.begin(); language != languages.end(); ++language) {
            if (language != languages.begin())
                out += ", ";
            append_html(out, *language);
        }
        out += ")</summary><ul>";
        for (std::size_t v = from; v < to; ++v) {
            out += "<li>";
            value_item(out, group, v, depth);
            out += "</li>";
        }
        out += "</ul></details></li>";
    }

    void value_item(std::string& out, const Group& group, std::size_t v, int depth) {
        const rdf::Triple* t = group.values[v];
        shown_.push_back(t);
        value_html(out, *t, depth);
    }

    void value_html(std::string& out, const rdf::Triple& t, int depth) {
        const rdf::Term& object = t.object;
        switch (object.kind) {
        case rdf::Term::Kind::Literal:
            append_literal_html(out, context_, object);
            return;
        case rdf::Term::Kind::Iri:
            if (index_in(image_predicates, t.predicate.value) >= 0 && is_image_source(object.value))
                image_html(out, object.value, t.subject.is_iri() ? t.subject.value : page_.thing);
            link(out, object.value);
            return;
        case rdf::Term::Kind::Blank:
            break;
        }
        if (!inline_.count(object.value) || depth > 40) {
            out += "<a href=\"#b-";
            append_attr(out, object.value);
            out += "\">Blank node ";
            append_html(out, object.value);
            out += "</a>";
            return;
        }
        if (auto items = list_items(object)) {
            list_html(out, *items, depth);
            return;
        }
        const Section nested{&object, groups_of(object)};
        out += "<div class=\"nested\"><dl class=\"props\">\n";
        for (std::size_t g = 0; g < nested.groups.size(); ++g)
            group_html(out, nested, g, 0, nested.groups[g].values.size(), depth + 1);
        out += "</dl></div>";
    }

    void image_html(std::string& out, std::string_view src, std::string_view of) const {
        out += "<img src=\"";
        append_attr(out, rdf::iri_to_uri(src));
        out += "\" alt=\"Image of ";
        if (of == page_.thing)
            append_attr(out, heading_);
        else if (const auto* label = label_of(labels_, of))
            append_attr(out, label->value);
        else
            append_short_name(out, of, context_.prefixes);
        out += "\" loading=\"lazy\" referrerpolicy=\"no-referrer\">";
    }

    /// The items of a well-formed RDF list starting at blank node `head` (each node only
    /// rdf:first, rdf:rest and perhaps rdf:type rdf:List, each shown nowhere else), or
    /// nullopt. The list's triples count as shown.
    std::optional<std::vector<const rdf::Triple*>> list_items(const rdf::Term& head) {
        std::vector<const rdf::Triple*> items;
        std::vector<const rdf::Triple*> structure;
        std::unordered_set<std::string_view> visited;
        const rdf::Term* node = &head;
        while (true) {
            if (!node->is_blank() || !inline_.count(node->value) ||
                !visited.insert(node->value).second)
                return std::nullopt;
            const auto* triples = triples_of(*node);
            if (!triples)
                return std::nullopt;
            const rdf::Triple* first = nullptr;
            const rdf::Triple* rest = nullptr;
            for (const auto* t : *triples) {
                if (t->predicate.value == iri::rdf_first && !first)
                    first = t;
                else if (t->predicate.value == iri::rdf_rest && !rest)
                    rest = t;
                else if (t->predicate.value == rdf::vocab::rdf_type &&
                         t->object.value == iri::rdf_list)
                    structure.push_back(t);
                else
                    return std::nullopt;
            }
            if (!first || !rest)
                return std::nullopt;
            items.push_back(first);
            structure.push_back(rest);
            if (rest->object.is_iri() && rest->object.value == iri::rdf_nil)
                break;
            node = &rest->object;
        }
        shown_.insert(shown_.end(), structure.begin(), structure.end());
        return items;
    }

    void list_html(std::string& out, const std::vector<const rdf::Triple*>& items, int depth) {
        out += "<ol class=\"list\">";
        for (const auto* item : items) {
            shown_.push_back(item);
            out += "<li>";
            value_html(out, *item, depth + 1);
            out += "</li>";
        }
        out += "</ol>";
    }

    void backlinks(std::string& out) {
        if (!page_.backlinks || page_.backlinks->total == 0)
            return;
        const auto& links = *page_.backlinks;
        out += "<section aria-labelledby=\"referenced-by\">\n<h2 id=\"referenced-by\">"
               "Referenced by <small>(";
        append_with_separators(out, links.total);
        out += ")</small></h2>\n<p class=\"muted\">";
        for (std::size_t i = 0; i < links.predicates.size(); ++i) {
            const auto& p = links.predicates[i];
            out += (i == 0 ? "" : i + 1 == links.predicates.size() ? " and " : ", ");
            append_with_separators(out, p.count);
            out += " as ";
            link(out, p.iri);
        }
        out += ".</p>\n";
        if (links.triples.empty()) {
            out += "<p class=\"muted\">All are listed on earlier pages.</p>\n</section>\n";
            return;
        }
        out += "<dl class=\"props\">\n";
        for (std::size_t i = 0; i < links.triples.size();) {
            const auto& predicate = links.triples[i].predicate.value;
            out += "<div><dt>";
            link(out, predicate);
            out += "</dt><dd><ul>";
            for (; i < links.triples.size() && links.triples[i].predicate.value == predicate; ++i) {
                const auto& subject = links.triples[i].subject;
                out += "<li>";
                if (subject.is_iri())
                    link(out, subject.value);
                else
                    out += "<span class=\"muted\">a blank node</span>";
                out += "</li>";
            }
            out += "</ul></dd></div>\n";
        }
        out += "</dl>\n";
        const std::size_t first = (page_.page - 1) * backlinks_per_page + 1;
        if (links.total > links.triples.size()) {
            out += "<p class=\"muted\">Showing ";
            append_with_separators(out, first);
            out += "&ndash;";
            append_with_separators(out, first + links.triples.size() - 1);
            out += " of ";
            append_with_separators(out, links.total);
            out += ".</p>\n";
        }
        out += "</section>\n";
    }

    void footer(std::string& out) const {
        out += "<p>";
        if (primary_topic_) {
            out += "This document, ";
            link_as_iri(out, primary_topic_->subject.value);
            out += ", describes ";
            link_as_iri(out, page_.thing);
            out += ". ";
        }
        out += "Also as";
        for (std::size_t i = 0; i < page_.alternates.size(); ++i) {
            const auto& alt = page_.alternates[i];
            out += i == 0 ? " " : (i + 1 == page_.alternates.size() ? " or " : ", ");
            out += "<a href=\"";
            append_attr(out, alt.url);
            out += "\" type=\"";
            append_attr(out, rdf::info(alt.format).media_type);
            out += "\">";
            append_html(out, rdf::info(alt.format).name);
            out += "</a>";
        }
        out += ".</p>\n";
    }

    /// The extra markup of <head>: alternates, pager links and the JSON-LD of the page.
    std::string head() {
        std::string head;
        for (const auto& alt : page_.alternates) {
            head += "<link rel=\"alternate\" type=\"";
            append_attr(head, rdf::info(alt.format).media_type);
            head += "\" href=\"";
            append_attr(head, alt.url);
            head += "\">\n";
        }
        head += pager_head(context_, page_.page, pages_);
        if (page_.json_ld) {
            const std::string json = page_.json_ld(shown_triples());
            head.reserve(head.size() + json.size() + 64);
            head += "<script type=\"application/ld+json\">";
            append_script_data(head, json);
            head += "</script>\n";
        }
        return head;
    }

    /// The triples the page shows (and the document's primary topic), for its JSON-LD: all
    /// of them, without a copy, when the page shows all. The JSON-LD writer orders them.
    const rdf::Triples& shown_triples() {
        const rdf::Triples& all = *page_.triples;
        std::vector<bool> shown(all.size());
        for (const auto* t : shown_)
            shown[static_cast<std::size_t>(t - all.data())] = true;
        if (primary_topic_)
            shown[static_cast<std::size_t>(primary_topic_ - all.data())] = true;
        if (std::find(shown.begin(), shown.end(), false) == shown.end())
            return all;
        for (std::size_t i = 0; i < all.size(); ++i)
            if (shown[i])
                shown_subset_.push_back(all[i]);
        return shown_subset_;
    }

    const PageContext& context_;
    const DescriptionPage& page_;
    std::map<SubjectKey, std::vector<const rdf::Triple*>> by_subject_;
    std::unordered_map<std::string_view, int> blank_refs_;
    std::set<std::string_view> languages_;
    const rdf::Triple* primary_topic_ = nullptr;
    std::unordered_set<std::string_view> inline_; ///< blank nodes shown where they are used
    std::unordered_set<std::string_view> placed_;
    std::vector<Section> sections_;
    std::vector<Unit> units_;
    std::size_t first_unit_ = 0;
    std::size_t last_unit_ = 0;
    std::size_t pages_ = 1;
    LabelMap predicate_labels_;
    LabelMap labels_;
    std::string heading_;
    std::set<std::string, std::less<>> used_ids_ = {"main", "properties", "referenced-by"};
    std::vector<const rdf::Triple*> shown_; ///< for the JSON-LD of the page
    rdf::Triples shown_subset_;             ///< when the page shows only some
};

} // namespace

std::optional<std::string> render_description(const PageContext& context,
                                              const DescriptionPage& page) {
    return DescriptionView(context, page).render();
}

std::string render_see_other(std::string_view location) {
    const std::string url = escape_attr(location);
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<title>See Other</title>\n</head>\n<body>\n<p>The document describing this "
           "resource is at <a href=\"" +
           url + "\">" + escape_html(location) + "</a>.</p>\n</body>\n</html>\n";
}

} // namespace seeother::server
