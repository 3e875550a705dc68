#include "server/html/layout.hpp"

#include "server/html/buffer.hpp"
#include "server/html/escape.hpp"
#include "server/html/sha256.hpp"
#include "server/ld/site.hpp"

#include <charconv>
#include <iterator>
#include <limits>

namespace seeother::server::html {
namespace {

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
    ".ctl{border:1px dotted var(--muted);border-radius:3px;padding:0 .1em;font-size:.85em}"
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

std::string with_extra(std::string_view extra, std::string query) {
    if (extra.empty())
        return query;
    return std::string(extra) + (query.empty() ? "" : "&") + query;
}

} // namespace

const std::string& content_security_policy() {
    static const std::string policy = [] {
        const auto digest = sha256(style);
        return "default-src 'none'; style-src 'sha256-" + base64(digest.data(), digest.size()) +
               "'; img-src http: https: data:; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'none'";
    }();
    return policy;
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
    append_attr(out, context.own_url(OwnPage::Home));
    out += "\">";
    append_html(out, site_name(context.public_base));
    out += "</a>\n<form class=\"search\" action=\"";
    append_attr(out, context.own_url(OwnPage::Search));
    out += "\" method=\"get\" role=\"search\">\n"
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

std::string whole_page(const PageContext& context, const PageStart& start, std::string_view body,
                       std::string_view footer) {
    std::string html;
    html.reserve(style.size() + start.head.size() + body.size() + footer.size() + 1024);
    append_page_start(html, context, start);
    html += body;
    html += "</main>\n<footer>\n";
    html += footer;
    // Every page leads to the server's own pages, at the path no data can take.
    html += "<p><a href=\"";
    append_attr(html, context.public_base + reserved_path(OwnPage::Home));
    html += "\">This server's own pages</a>: home, search, classes, VoID and sitemap, whatever "
            "the data describes.</p>\n</footer>\n</body>\n</html>\n"; // append_page_end()
    return html;
}

std::string paged_title(std::string title, std::size_t page) {
    if (page > 1)
        title += " (page " + std::to_string(page) + ")";
    return title;
}

template <class Out> void append_with_separators(Out& out, std::size_t n) {
    char digits[std::numeric_limits<std::size_t>::digits10 + 1];
    const auto end = std::to_chars(std::begin(digits), std::end(digits), n).ptr;
    const auto count = static_cast<std::size_t>(end - digits);
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0 && (count - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
}

template void append_with_separators(std::string&, std::size_t);
template void append_with_separators(Buffer&, std::size_t);

std::string with_separators(std::size_t n) {
    std::string digits;
    append_with_separators(digits, n);
    return digits;
}

std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
    return with_separators(n) + " " + std::string(n == 1 ? one : many);
}

std::string machine_footer(const PageContext& context) {
    return "<p>Served by seeother. For machines: <a href=\"" +
           escape_attr(context.own_url(OwnPage::Void)) +
           "\">VoID description</a> &middot; <a href=\"" +
           escape_attr(context.own_url(OwnPage::Sitemap)) + "\">sitemap</a>.</p>\n";
}

/// The search box at the top of the home and search pages.
std::string search_form(const PageContext& context, std::string_view query, bool autofocus) {
    std::string html = "<form class=\"search\" action=\"" +
                       escape_attr(context.own_url(OwnPage::Search)) +
                       "\" method=\"get\" role=\"search\">\n<input type=\"search\" name=\"q\" "
                       "value=\"" +
                       escape_attr(query) + "\" aria-label=\"Search things by label\"" +
                       (autofocus ? " autofocus" : "") + ">\n";
    if (context.lang)
        html +=
            "<input type=\"hidden\" name=\"lang\" value=\"" + escape_attr(*context.lang) + "\">\n";
    return html + "<button type=\"submit\">Search</button>\n</form>\n";
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

std::string class_url(const PageContext& context, std::string_view class_iri) {
    return context.own_url(OwnPage::Class) + "?iri=" + encode_query_value(class_iri) +
           (context.lang ? "&lang=" + encode_query_value(*context.lang) : "");
}

} // namespace seeother::server::html
