#include "html.hpp"

#include "sha256.hpp"

#include "rdf/ascii.hpp"
#include "rdf/iri.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace seeother::server {

using rdf::iequals;

namespace {

namespace iri {
constexpr std::string_view rdf_first = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
constexpr std::string_view rdf_rest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
constexpr std::string_view rdf_nil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
constexpr std::string_view rdf_list = "http://www.w3.org/1999/02/22-rdf-syntax-ns#List";
constexpr std::string_view xsd_string = "http://www.w3.org/2001/XMLSchema#string";
} // namespace iri

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

std::string lang_attr(const rdf::Term& term) {
    return term.language.empty() ? std::string() : " lang=\"" + escape_attr(term.language) + "\"";
}

std::string with_extra(std::string_view extra, std::string query) {
    if (extra.empty())
        return query;
    return std::string(extra) + (query.empty() ? "" : "&") + query;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Escaping, one function per context

namespace {

/// The five characters that can end text or an attribute value, as entities. HTML and
/// XML differ only in the apostrophe (`&apos;` is not HTML 4).
std::string escape_markup(std::string_view text, std::string_view apostrophe) {
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
            out += apostrophe;
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

std::string escape_html(std::string_view text) {
    return escape_markup(text, "&#39;");
}

std::string escape_attr(std::string_view text) {
    // Inside a double-quoted value only '&' and '"' are special; the rest are escaped too
    // so that a value can never be mistaken for markup by a careless reader of the page.
    return escape_html(text);
}

std::string encode_query_value(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
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
    return out;
}

std::string escape_script_data(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    for (const char c : json) {
        switch (c) {
        case '<':
            out += "\\u003c";
            break;
        case '>':
            out += "\\u003e";
            break;
        case '&':
            out += "\\u0026";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string escape_xml(std::string_view text) {
    return escape_markup(text, "&apos;");
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
        return std::string(iri);
    const auto local = iri.substr(best->iri.size());
    const bool simple = std::all_of(local.begin(), local.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
    return simple && local.back() != '.' ? best->name + ":" + std::string(local) : std::string(iri);
}

std::string with_separators(std::size_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3)
        digits.insert(i - 3, ",");
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
    std::string site = context.public_base;
    if (const auto scheme = site.find("://"); scheme != std::string::npos)
        site.erase(0, scheme + 3);
    if (!site.empty() && site.back() == '/')
        site.pop_back();
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n<title>" +
        escape_html(start.title) + "</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>" +
        std::string(style) + "</style>\n" + start.head +
        "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
        "<header class=\"bar\">\n<a class=\"site\" href=\"" +
        escape_attr(context.public_base) + "\">" + escape_html(site) +
        "</a>\n<form class=\"search\" action=\"" + escape_attr(context.public_base + "search") +
        "\" method=\"get\" role=\"search\">\n"
        "<input type=\"search\" name=\"q\" value=\"" +
        escape_attr(start.search_query) +
        "\" aria-label=\"Search by label\" placeholder=\"Search by label\">\n";
    if (context.lang)
        html +=
            "<input type=\"hidden\" name=\"lang\" value=\"" + escape_attr(*context.lang) + "\">\n";
    html += "<button type=\"submit\">Search</button>\n</form>\n</header>\n<main id=\"main\">\n";
    return html;
}

std::string page_end(std::string_view footer) {
    std::string html = "</main>\n<footer>\n";
    html += footer;
    html += "</footer>\n</body>\n</html>\n";
    return html;
}

std::string iri_link(const PageContext& context, std::string_view iri, const LabelMap& labels) {
    const auto found = labels.find(std::string(iri));
    std::string text;
    std::string lang;
    if (found != labels.end()) {
        text = escape_html(found->second.value);
        lang = lang_attr(found->second);
    } else {
        text = escape_html(short_name(iri, context.prefixes));
    }
    if (!is_linkable(iri))
        return "<span class=\"iri\"" + lang + ">" + text + "</span>";
    return "<a class=\"iri\" href=\"" + escape_attr(rdf::iri_to_uri(iri)) + "\"" + lang + ">" +
           text + "</a>";
}

std::string literal_html(const PageContext& context, const rdf::Term& literal) {
    constexpr std::size_t long_bytes = 400;
    constexpr std::size_t long_lines = 8;
    const std::string_view text = literal.value;
    std::string tag;
    if (!literal.language.empty())
        tag = "<small class=\"tag\">" + escape_html(literal.language) + "</small>";
    else if (!literal.datatype.empty() && literal.datatype != iri::xsd_string)
        tag = "<small class=\"tag\">" +
              escape_html(short_name(literal.datatype, context.prefixes)) + "</small>";
    const auto lang = lang_attr(literal);
    const bool long_text =
        text.size() > long_bytes ||
        static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) > long_lines;
    if (!long_text)
        return "<span class=\"lit\"" + lang + ">" + escape_html(text) + "</span>" + tag;
    // Folded: the summary is the beginning, opening it shows the rest right after.
    auto head = cut(text, 240);
    if (const auto line = head.find('\n'); line != std::string_view::npos && line > 0)
        head = head.substr(0, line);
    return "<details class=\"long\"" + lang + "><summary><span class=\"lit\">" + escape_html(head) +
           "</span><span class=\"ellipsis\">&hellip;</span> <small>(" +
           with_separators(text.size()) + " characters)</small></summary><span class=\"lit\">" +
           escape_html(text.substr(head.size())) + "</span></details>" + tag;
}

std::optional<rdf::Term> choose_label(const std::vector<rdf::Term>& labels,
                                      const LanguagePreference& language) {
    const rdf::Term* best = nullptr;
    int best_rank = 0;
    for (const auto& label : labels) {
        const int rank = language.rank(label.language);
        if (!best || rank < best_rank) {
            best = &label;
            best_rank = rank;
        }
    }
    return best ? std::optional<rdf::Term>(*best) : std::nullopt;
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

std::string subject_key(const rdf::Term& term) {
    return (term.is_blank() ? "_:" : "") + term.value;
}

std::string blank_anchor(std::string_view label) {
    return "b-" + std::string(label);
}

/// Lays a description out in sections, groups and values, pages it, and renders a page.
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
            by_subject_[subject_key(t.subject)].push_back(&t);
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

        std::string body = intro(thing_label);
        body += sections();
        body += backlinks();
        body += pager_nav(context_, page_.page, pages_);

        std::string head;
        for (const auto& alt : page_.alternates)
            head += "<link rel=\"alternate\" type=\"" +
                    escape_attr(rdf::info(alt.format).media_type) + "\" href=\"" +
                    escape_attr(alt.url) + "\">\n";
        head += pager_head(context_, page_.page, pages_);
        if (page_.json_ld) {
            rdf::Triples shown;
            for (const auto* t : shown_)
                shown.push_back(*t);
            if (primary_topic_)
                shown.push_back(*primary_topic_);
            std::sort(shown.begin(), shown.end());
            shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
            head += "<script type=\"application/ld+json\">" +
                    escape_script_data(page_.json_ld(shown)) + "</script>\n";
        }

        PageStart start;
        start.title = heading_;
        if (page_.page > 1)
            start.title += " (page " + std::to_string(page_.page) + ")";
        start.head = std::move(head);
        return page_start(context_, start) + body + page_end(footer());
    }

  private:
    struct Group {
        std::string predicate;
        std::vector<const rdf::Triple*> values; ///< preferred first, other languages after
        std::size_t preferred = 0;              ///< how many values are preferred
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
        std::set<std::string> found;
        for (const auto& t : *page_.triples)
            found.insert(t.predicate.value);
        return {found.begin(), found.end()};
    }

    std::string predicate_name(const std::string& predicate) const {
        const auto found = predicate_labels_.find(predicate);
        if (found != predicate_labels_.end())
            return found->second.value;
        return short_name(predicate, context_.prefixes);
    }

    /// Sorting key of a predicate: type, labels, descriptions, images, then by name.
    std::pair<int, std::string> predicate_order(const std::string& predicate) const {
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

    const std::vector<const rdf::Triple*>* triples_of(const rdf::Term& subject) const {
        const auto found = by_subject_.find(subject_key(subject));
        return found == by_subject_.end() ? nullptr : &found->second;
    }

    /// Marks the blank nodes used once, reached from `subject`, as shown inline (depth
    /// first). placed_ holds every blank node already given a place, inline or as a section.
    void mark_inline(const rdf::Term& subject) {
        const auto* triples = triples_of(subject);
        if (!triples)
            return;
        for (const auto* t : *triples)
            if (t->object.is_blank() && blank_refs_[t->object.value] == 1 &&
                placed_.insert(t->object.value).second) {
                inline_.insert(t->object.value);
                mark_inline(t->object);
            }
    }

    void lay_out() {
        // Sections: the thing, the other IRI subjects (a hash document), then the blank
        // nodes that are not shown inside another (referenced twice, or from nowhere).
        std::vector<const rdf::Term*> roots;
        if (const auto* own = triples_of(rdf::Term::iri(page_.thing)))
            roots.push_back(&own->front()->subject);
        for (const auto& [key, triples] : by_subject_)
            if (triples.front()->subject.is_iri() && triples.front()->subject.value != page_.thing)
                roots.push_back(&triples.front()->subject);
        for (const auto* root : roots)
            mark_inline(*root);
        // Blank nodes no IRI leads to: first those nothing uses (true roots), then those
        // left over (in cycles, or used more than once).
        for (const bool unused_only : {true, false})
            for (const auto& [key, triples] : by_subject_) {
                const auto& subject = triples.front()->subject;
                if (!subject.is_blank() || (unused_only && blank_refs_[subject.value] > 0) ||
                    !placed_.insert(subject.value).second)
                    continue;
                roots.push_back(&subject);
                mark_inline(subject);
            }

        for (const auto* root : roots) {
            Section section{root, groups_of(*root)};
            for (std::size_t g = 0; g < section.groups.size(); ++g)
                for (std::size_t v = 0; v < section.groups[g].values.size(); ++v)
                    units_.push_back({sections_.size(), g, v});
            sections_.push_back(std::move(section));
        }
    }

    std::vector<Group> groups_of(const rdf::Term& subject) const {
        std::map<std::string, std::vector<const rdf::Triple*>> by_predicate;
        if (const auto* triples = triples_of(subject))
            for (const auto* t : *triples)
                by_predicate[t->predicate.value].push_back(t);
        std::vector<Group> groups;
        for (auto& [predicate, values] : by_predicate) {
            Group group{predicate, {}, 0};
            // Literals in the reader's best language (among those of this property) come
            // first; literals in other languages follow, shown folded.
            int best = 0;
            bool any = false;
            for (const auto* t : values)
                if (t->object.is_literal() && !t->object.language.empty()) {
                    const int rank = context_.language.rank(t->object.language);
                    best = any ? std::min(best, rank) : rank;
                    any = true;
                }
            const auto preferred = [&](const rdf::Triple* t) {
                return !t->object.is_literal() || t->object.language.empty() ||
                       context_.language.rank(t->object.language) == best;
            };
            std::stable_partition(values.begin(), values.end(), preferred);
            group.preferred =
                static_cast<std::size_t>(std::count_if(values.begin(), values.end(), preferred));
            group.values = std::move(values);
            groups.push_back(std::move(group));
        }
        std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
            return predicate_order(a.predicate) < predicate_order(b.predicate);
        });
        return groups;
    }

    /// Every IRI the page shows: to look their labels up in one batch.
    std::vector<std::string> iris_on_page() const {
        std::set<std::string> iris;
        std::vector<const rdf::Term*> pending;
        for (std::size_t u = first_unit_; u < last_unit_; ++u) {
            const auto& unit = units_[u];
            pending.push_back(
                &sections_[unit.section].groups[unit.group].values[unit.value]->object);
            pending.push_back(sections_[unit.section].subject);
        }
        std::unordered_set<std::string> seen_blanks;
        while (!pending.empty()) {
            const rdf::Term* term = pending.back();
            pending.pop_back();
            if (term->is_iri()) {
                iris.insert(term->value);
            } else if (term->is_blank() && inline_.count(term->value) &&
                       seen_blanks.insert(term->value).second) {
                if (const auto* triples = triples_of(*term))
                    for (const auto* t : *triples) {
                        iris.insert(t->predicate.value);
                        pending.push_back(&t->object);
                    }
            }
        }
        if (const auto* own = triples_of(rdf::Term::iri(page_.thing)))
            for (const auto* t : *own)
                if (t->predicate.value == rdf::vocab::rdf_type && t->object.is_iri())
                    iris.insert(t->object.value);
        if (page_.backlinks)
            for (const auto& t : page_.backlinks->triples) {
                if (t.subject.is_iri())
                    iris.insert(t.subject.value);
                iris.insert(t.predicate.value);
            }
        for (const auto& [predicate, label] : predicate_labels_)
            iris.erase(predicate);
        return {iris.begin(), iris.end()};
    }

    std::string link(std::string_view iri) const { return iri_link(context_, iri, labels_); }

    std::string class_page_url(std::string_view class_iri) const {
        return context_.public_base + "class?iri=" + encode_query_value(class_iri) +
               (context_.lang ? "&lang=" + encode_query_value(*context_.lang) : "");
    }

    std::string intro(const std::optional<rdf::Term>& label) {
        std::string html = "<header>\n<h1" + (label ? lang_attr(*label) : std::string()) + ">" +
                           escape_html(heading_) + "</h1>\n";
        if (label)
            html += "<p class=\"iri\">" + link_as_iri(page_.thing) + "</p>\n";
        const auto* own = triples_of(rdf::Term::iri(page_.thing));
        std::vector<std::string> types;
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
            html += "<ul class=\"types\" aria-label=\"Types\">\n";
            for (const auto& type : types) {
                const auto found = labels_.find(type);
                const std::string name = found != labels_.end()
                                             ? found->second.value
                                             : short_name(type, context_.prefixes);
                html += "<li><a href=\"" + escape_attr(class_page_url(type)) + "\"" +
                        (found != labels_.end() ? lang_attr(found->second) : std::string()) +
                        " title=\"All things of this type\">" + escape_html(name) + "</a></li>\n";
            }
            html += "</ul>\n";
        }
        if (description)
            html += "<div class=\"desc\">" + literal_html(context_, *description) + "</div>\n";
        if (const auto count = page_.instance_counts.find(page_.thing);
            count != page_.instance_counts.end())
            html += "<p><a href=\"" + escape_attr(class_page_url(page_.thing)) + "\">" +
                    with_separators(count->second) + " instance" + (count->second == 1 ? "" : "s") +
                    " of this class</a></p>\n";
        html += language_switch();
        html += "</header>\n";
        return html;
    }

    std::string link_as_iri(std::string_view iri) const {
        if (!is_linkable(iri))
            return "<span class=\"iri\">" + escape_html(iri) + "</span>";
        return "<a class=\"iri\" href=\"" + escape_attr(rdf::iri_to_uri(iri)) + "\">" +
               escape_html(iri) + "</a>";
    }

    /// Links to the same page in each language of its literals, when there is a choice.
    std::string language_switch() const {
        if (languages_.size() < 2 && !context_.lang)
            return {};
        std::string html = "<nav aria-label=\"Language\"><p class=\"muted\">Language: ";
        const auto option = [&](const std::string& text, const std::string& href, bool current,
                                const std::string& lang) {
            if (current)
                return "<strong aria-current=\"page\"" + lang + ">" + escape_html(text) +
                       "</strong>";
            return "<a href=\"" + escape_attr(href) + "\"" + lang + ">" + escape_html(text) +
                   "</a>";
        };
        html += option("automatic", page_.document_url, !context_.lang, "");
        for (const auto& language : languages_)
            html += " &middot; " + option(language, "?lang=" + encode_query_value(language),
                                          context_.lang && iequals(*context_.lang, language),
                                          " lang=\"" + escape_attr(language) + "\"");
        html += "</p></nav>\n";
        return html;
    }

    std::string sections() {
        std::string html;
        std::size_t u = first_unit_;
        while (u < last_unit_) {
            const std::size_t s = units_[u].section;
            const auto& section = sections_[s];
            std::size_t end = u;
            while (end < last_unit_ && units_[end].section == s)
                ++end;
            html += section_start(section, s == 0 && section.subject->is_iri() &&
                                               section.subject->value == page_.thing);
            html += "<dl class=\"props\">\n";
            for (std::size_t k = u; k < end;) {
                const std::size_t g = units_[k].group;
                std::size_t group_end = k;
                while (group_end < end && units_[group_end].group == g)
                    ++group_end;
                html += group_html(section, g, units_[k].value, units_[group_end - 1].value + 1, 0);
                k = group_end;
            }
            html += "</dl>\n</section>\n";
            u = end;
        }
        if (units_.empty())
            html += "<p class=\"muted\">No properties.</p>\n";
        else if (first_unit_ >= units_.size())
            html += "<p class=\"muted\">All " + with_separators(units_.size()) +
                    " values are on earlier pages.</p>\n";
        return html;
    }

    std::string section_start(const Section& section, bool is_thing) {
        if (is_thing) {
            std::string html = "<section aria-labelledby=\"properties\">\n<h2 id=\"properties\">"
                               "Properties";
            if (pages_ > 1)
                html += " <small>(" + with_separators(units_.size()) + " values)</small>";
            return html + "</h2>\n";
        }
        const rdf::Term& subject = *section.subject;
        std::string id;
        if (subject.is_blank()) {
            id = blank_anchor(subject.value);
        } else if (const auto hash = subject.value.find('#'); hash != std::string::npos) {
            // The fragment is the section's id, so that <P#x> lands on its section. Ids the
            // page uses itself (and the "b-" of blank nodes) are not taken.
            id = subject.value.substr(hash + 1);
            if (id.empty() || id.find_first_of(" \t\n\f\r") != std::string::npos ||
                id.rfind("b-", 0) == 0 || !used_ids_.insert(id).second)
                id.clear();
        }
        std::string html = "<section";
        if (!id.empty())
            html += " id=\"" + escape_attr(id) + "\"";
        html += ">\n<h2>";
        if (subject.is_blank()) {
            html += "Blank node " + escape_html(subject.value);
        } else {
            html += link(subject.value);
            if (labels_.count(subject.value))
                html += " <small class=\"iri\">" +
                        escape_html(short_name(subject.value, context_.prefixes)) + "</small>";
        }
        html += "</h2>\n";
        if (subject.is_iri())
            if (const auto count = page_.instance_counts.find(subject.value);
                count != page_.instance_counts.end())
                html += "<p><a href=\"" + escape_attr(class_page_url(subject.value)) + "\">" +
                        with_separators(count->second) + " instance" +
                        (count->second == 1 ? "" : "s") + "</a></p>\n";
        return html;
    }

    /// One predicate's values [from, to) as a dt/dd pair.
    std::string group_html(const Section& section, std::size_t g, std::size_t from, std::size_t to,
                           int depth) {
        const Group& group = section.groups[g];
        std::string html = "<div><dt>" + link(group.predicate) + "</dt><dd>";
        std::vector<std::string> preferred;
        std::vector<std::string> others;
        std::set<std::string> other_languages;
        for (std::size_t v = from; v < to; ++v) {
            const rdf::Triple* t = group.values[v];
            shown_.push_back(t);
            (v < group.preferred ? preferred : others).push_back(value_html(*t, depth));
            if (v >= group.preferred)
                other_languages.insert(t->object.language);
        }
        if (preferred.size() == 1 && others.empty()) {
            html += preferred.front();
        } else {
            html += "<ul>";
            for (const auto& item : preferred)
                html += "<li>" + item + "</li>";
            if (!others.empty()) {
                std::string names;
                for (const auto& language : other_languages)
                    names += (names.empty() ? "" : ", ") + language;
                html += "<li><details class=\"more\"><summary>" + with_separators(others.size()) +
                        " in other languages (" + escape_html(names) + ")</summary><ul>";
                for (const auto& item : others)
                    html += "<li>" + item + "</li>";
                html += "</ul></details></li>";
            }
            html += "</ul>";
        }
        html += "</dd></div>\n";
        return html;
    }

    std::string value_html(const rdf::Triple& t, int depth) {
        const rdf::Term& object = t.object;
        switch (object.kind) {
        case rdf::Term::Kind::Literal:
            return literal_html(context_, object);
        case rdf::Term::Kind::Iri:
            if (index_in(image_predicates, t.predicate.value) >= 0 && is_image_source(object.value))
                return image_html(object.value,
                                  t.subject.is_iri() ? t.subject.value : page_.thing) +
                       link(object.value);
            return link(object.value);
        case rdf::Term::Kind::Blank:
            break;
        }
        if (!inline_.count(object.value) || depth > 40)
            return "<a href=\"#" + escape_attr(blank_anchor(object.value)) + "\">Blank node " +
                   escape_html(object.value) + "</a>";
        if (auto items = list_items(object))
            return list_html(*items, depth);
        const auto groups = groups_of(object);
        const Section nested{&object, groups};
        std::string html = "<div class=\"nested\"><dl class=\"props\">\n";
        for (std::size_t g = 0; g < groups.size(); ++g)
            html += group_html(nested, g, 0, groups[g].values.size(), depth + 1);
        html += "</dl></div>";
        return html;
    }

    std::string image_html(const std::string& src, const std::string& of) const {
        const auto label = labels_.find(of);
        const std::string name = of == page_.thing        ? heading_
                                 : label != labels_.end() ? label->second.value
                                                          : short_name(of, context_.prefixes);
        return "<img src=\"" + escape_attr(rdf::iri_to_uri(src)) + "\" alt=\"Image of " +
               escape_attr(name) + "\" loading=\"lazy\" referrerpolicy=\"no-referrer\">";
    }

    /// The items of a well-formed RDF list starting at blank node `head` (each node only
    /// rdf:first, rdf:rest and perhaps rdf:type rdf:List, each shown nowhere else), or
    /// nullopt. The list's triples count as shown.
    std::optional<std::vector<const rdf::Triple*>> list_items(const rdf::Term& head) {
        std::vector<const rdf::Triple*> items;
        std::vector<const rdf::Triple*> structure;
        std::unordered_set<std::string> visited;
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

    std::string list_html(const std::vector<const rdf::Triple*>& items, int depth) {
        std::string html = "<ol class=\"list\">";
        for (const auto* item : items) {
            shown_.push_back(item);
            html += "<li>" + value_html(*item, depth + 1) + "</li>";
        }
        return html + "</ol>";
    }

    std::string backlinks() const {
        if (!page_.backlinks || page_.backlinks->total == 0)
            return {};
        const auto& links = *page_.backlinks;
        std::string html = "<section aria-labelledby=\"referenced-by\">\n<h2 id=\"referenced-by\">"
                           "Referenced by <small>(" +
                           with_separators(links.total) + ")</small></h2>\n<p class=\"muted\">";
        for (std::size_t i = 0; i < links.predicates.size(); ++i) {
            const auto& p = links.predicates[i];
            html += (i == 0 ? "" : i + 1 == links.predicates.size() ? " and " : ", ");
            html += with_separators(p.count) + " as " + link(p.iri);
        }
        html += ".</p>\n";
        if (links.triples.empty()) {
            html += "<p class=\"muted\">All are listed on earlier pages.</p>\n</section>\n";
            return html;
        }
        html += "<dl class=\"props\">\n";
        for (std::size_t i = 0; i < links.triples.size();) {
            const auto& predicate = links.triples[i].predicate.value;
            html += "<div><dt>" + link(predicate) + "</dt><dd><ul>";
            for (; i < links.triples.size() && links.triples[i].predicate.value == predicate; ++i) {
                const auto& subject = links.triples[i].subject;
                html += "<li>" +
                        (subject.is_iri() ? link(subject.value)
                                          : "<span class=\"muted\">a blank node</span>") +
                        "</li>";
            }
            html += "</ul></dd></div>\n";
        }
        html += "</dl>\n";
        const std::size_t first = (page_.page - 1) * backlinks_per_page + 1;
        if (links.total > links.triples.size())
            html += "<p class=\"muted\">Showing " + with_separators(first) + "&ndash;" +
                    with_separators(first + links.triples.size() - 1) + " of " +
                    with_separators(links.total) + ".</p>\n";
        html += "</section>\n";
        return html;
    }

    std::string footer() const {
        std::string html = "<p>";
        if (primary_topic_)
            html += "This document, " + link_as_iri(primary_topic_->subject.value) +
                    ", describes " + link_as_iri(page_.thing) + ". ";
        html += "Also as";
        for (std::size_t i = 0; i < page_.alternates.size(); ++i) {
            const auto& alt = page_.alternates[i];
            html += i == 0 ? " " : (i + 1 == page_.alternates.size() ? " or " : ", ");
            html += "<a href=\"" + escape_attr(alt.url) + "\" type=\"" +
                    escape_attr(rdf::info(alt.format).media_type) + "\">" +
                    escape_html(rdf::info(alt.format).name) + "</a>";
        }
        html += ".</p>\n";
        return html;
    }

    const PageContext& context_;
    const DescriptionPage& page_;
    std::map<std::string, std::vector<const rdf::Triple*>> by_subject_;
    std::unordered_map<std::string, int> blank_refs_;
    std::set<std::string> languages_;
    const rdf::Triple* primary_topic_ = nullptr;
    std::unordered_set<std::string> inline_; ///< blank nodes shown where they are used
    std::unordered_set<std::string> placed_;
    std::vector<Section> sections_;
    std::vector<Unit> units_;
    std::size_t first_unit_ = 0;
    std::size_t last_unit_ = 0;
    std::size_t pages_ = 1;
    LabelMap predicate_labels_;
    LabelMap labels_;
    std::string heading_;
    std::set<std::string> used_ids_ = {"main", "properties", "referenced-by"};
    std::vector<const rdf::Triple*> shown_; ///< for the JSON-LD of the page
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
