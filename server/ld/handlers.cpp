#include "server/ld/handlers.hpp"

#include "server/html/context.hpp"
#include "server/html/layout.hpp"
#include "server/html/pages.hpp"
#include "server/http/http_date.hpp"
#include "server/ld/accept.hpp"
#include "server/ld/coding.hpp"
#include "server/ld/conditional.hpp"
#include "server/ld/document.hpp"
#include "server/ld/etag.hpp"
#include "server/ld/language.hpp"
#include "server/ld/negotiate.hpp"
#include "server/ld/problem.hpp"
#include "server/ld/publisher.hpp"
#include "server/ld/query.hpp"
#include "server/ld/resolver.hpp"
#include "server/ld/sitemap.hpp"
#include "server/ld/void.hpp"

#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"

#include <algorithm>
#include <chrono>

namespace seeother::server {
namespace {

constexpr const char* text_plain = "text/plain; charset=utf-8";
constexpr const char* text_html = "text/html; charset=utf-8";

/// How long a client should wait before asking again when the store is unavailable.
constexpr const char* store_retry_after = "5";

/// The reply for a Problem: its text, and the fields its status calls for. The one place
/// an error becomes a reply.
Reply reply_of(const Problem& problem) {
    Reply reply;
    reply.status = problem.status;
    reply.set("Content-Type", text_plain);
    reply.body = problem.message + '\n';
    if (problem.status == 405)
        reply.set("Allow", allowed_methods);
    else if (problem.status == 406)
        reply.set("Vary", "Accept");
    else if (problem.status == 503)
        reply.set("Retry-After", store_retry_after);
    return reply;
}

Reply options_reply(const Request& request) {
    Reply reply;
    reply.status = 204;
    reply.set("Allow", allowed_methods);
    // A CORS preflight: allow what a Linked Data client sends.
    if (!request.header("Access-Control-Request-Method").empty()) {
        reply.set("Access-Control-Allow-Methods", allowed_methods);
        const auto asked = request.header("Access-Control-Request-Headers");
        reply.set("Access-Control-Allow-Headers",
                  asked.empty() ? "Accept, Accept-Language, If-None-Match, If-Modified-Since"
                                : std::string(asked));
        reply.set("Access-Control-Max-Age", "86400");
    }
    return reply;
}

/// `negotiated`: the location depends on Accept (a split layout's page or data).
Reply see_other(const std::string& location, int max_age, bool negotiated) {
    Reply reply;
    reply.status = 303;
    reply.set("Location", location);
    if (negotiated)
        reply.set("Vary", "Accept");
    reply.set("Cache-Control", "max-age=" + std::to_string(max_age));
    reply.set("Content-Type", text_html);
    reply.set("Content-Security-Policy", html::content_security_policy());
    reply.body = html::see_other_page(location);
    return reply;
}

const std::vector<rdf::Format>& offered_formats() {
    static const std::vector<rdf::Format> offered = [] {
        std::vector<rdf::Format> all;
        for (const auto& row : rdf::formats())
            all.push_back(row.format);
        return all;
    }();
    return offered;
}

/// The RDF formats: what a split layout's data URL offers.
const std::vector<rdf::Format>& rdf_formats() {
    static const std::vector<rdf::Format> offered = [] {
        std::vector<rdf::Format> rdf;
        for (const auto& row : rdf::formats())
            if (row.is_rdf)
                rdf.push_back(row.format);
        return rdf;
    }();
    return offered;
}

/// HTML first, then the RDF formats: the home page, which a client that asks for RDF gets
/// as the data set's VoID description.
const std::vector<rdf::Format>& home_formats() {
    static const std::vector<rdf::Format> offered = [] {
        auto html_first = rdf_formats();
        html_first.insert(html_first.begin(), rdf::Format::Html);
        return html_first;
    }();
    return offered;
}

bool has(const std::vector<rdf::Format>& formats, rdf::Format format) {
    return std::find(formats.begin(), formats.end(), format) != formats.end();
}

/// Whether the client prefers HTML (a browser): the 303 of a split layout and 404s ask.
bool prefers_html(const Request& request) {
    return choose_accepted(request.header("Accept"), offered_formats()) == rdf::Format::Html;
}

/// 406, listing every media type, with its URL where the document has one.
Problem not_acceptable(const Document& urls) {
    std::string text = "None of the available representations is acceptable. Available:";
    for (const auto& row : rdf::formats()) {
        text += "\n  ";
        text += row.media_type;
        if (has(urls.with_url, row.format)) {
            text += "  ";
            text += format_url(urls, row.format);
        }
    }
    return {406, std::move(text)};
}

/// The format a document is sent in: the forced one, else the one Accept prefers among
/// `offered`. `urls()` gives the Document that names the format URLs, made for a 406 only.
template <class Urls>
Result<rdf::Format> negotiate(const Request& request, const std::optional<rdf::Format>& forced,
                              const Urls& urls,
                              const std::vector<rdf::Format>& offered = offered_formats()) {
    if (forced)
        return *forced;
    if (const auto chosen = choose_accepted(request.header("Accept"), offered))
        return *chosen;
    return not_acceptable(urls());
}

/// What the request asks besides its path: the page, the reader's language and where the
/// site is, as pages see it.
struct Asked {
    Query query;
    html::PageContext context;      ///< without prefixes: the routes that show names add them
    bool by_accept_language = true; ///< no ?lang=: HTML depends on Accept-Language
};

/// The page context every page of a request gets: where the site is and how it names things.
html::PageContext page_context(const Request& request, const rdf::Store& store, const Site& site,
                               const PublicSpace& space, Shadowed shadowed) {
    html::PageContext context;
    context.base = site.base;
    context.public_base = space.root();
    context.store = &store;
    context.space = &space;
    context.shadowed = shadowed;
    context.language = choose_language(std::nullopt, request.header("Accept-Language"))
                           .value_or(LanguagePreference{});
    return context;
}

Result<Asked> read_asked(const Request& request, const rdf::Store& store, const Site& site,
                         const PublicSpace& space, Shadowed shadowed, std::string_view raw_query) {
    auto query = parse_query(raw_query);
    if (!query)
        return query.problem();
    const auto language =
        choose_language(query->lang ? std::optional<std::string_view>(*query->lang) : std::nullopt,
                        request.header("Accept-Language"));
    if (!language)
        return bad_request("lang must be a language range such as en or fr-CH, not '" +
                           query->lang->substr(0, 40) + "'");
    Asked asked;
    asked.context = page_context(request, store, site, space, shadowed);
    asked.context.language = *language;
    asked.context.lang = query->lang;
    asked.by_accept_language = !query->lang;
    asked.query = std::move(*query);
    return asked;
}

/// Adds what every successful representation carries: Content-Type, the content coding
/// the client prefers (applied here, once per cached reply), a strong ETag for that
/// coding, and Vary; HTML also gets the Content-Security-Policy.
Reply representation(const Request& request, std::string body, std::string_view content_type,
                     std::string vary) {
    Reply reply;
    reply.body = std::move(body);
    vary += vary.empty() ? "Accept-Encoding" : ", Accept-Encoding";
    reply.set("Vary", vary);
    const auto coding = reply.body.size() >= min_compressed_size
                            ? choose_coding(request.header("Accept-Encoding"))
                            : std::string_view();
    reply.set("ETag", strong_etag(reply.body, coding));
    if (!coding.empty()) {
        reply.body = compress(reply.body, coding);
        reply.set("Content-Encoding", std::string(coding));
    }
    reply.set("Content-Type", std::string(content_type));
    if (content_type.substr(0, 9) == "text/html")
        reply.set("Content-Security-Policy", html::content_security_policy());
    return reply;
}

/// A browsing page (HTML) as a reply, or the Problem that stops it.
Result<Reply> page_reply(const Request& request, Result<std::string> page, const Asked& asked) {
    if (!page)
        return page.problem();
    return representation(request, std::move(*page), text_html,
                          asked.by_accept_language ? "Accept-Language" : "");
}

/// The data's prefixes in public space, for the pages that show prefixed names.
html::PageContext with_prefixes(html::PageContext context, const rdf::Store& store) {
    context.prefixes = {&store.prefixes(), context.public_rewriter().pairs(), {}};
    return context;
}

/// A document in the negotiated format: RDF through the serializers, HTML through the
/// description page; with Content-Location, Link (alternates, then, for RDF, the pages of a
/// paged description at `public_path`) and Vary.
Result<Reply> document_reply(const Request& request, const Document& document, rdf::Format format,
                             bool negotiated, const Asked& asked, const std::string& public_path) {
    const bool is_html = !rdf::info(format).is_rdf;
    std::string body;
    if (is_html) {
        html::PageContext context = asked.context;
        context.prefixes = document.prefixes;
        auto page = html::description_page(context, document);
        if (!page)
            return page.problem();
        body = std::move(*page);
    } else {
        body = rdf::serialize(document.triples, format, document.prefixes, document.iri_check);
    }

    // Each content coding is a representation of its own: its own ETag, and a Vary that
    // says the coding depends on Accept-Encoding. HTML also depends on Accept-Language
    // unless ?lang= chose.
    std::string vary = negotiated ? "Accept" : "";
    if (is_html && asked.by_accept_language)
        vary += vary.empty() ? "Accept-Language" : ", Accept-Language";
    Reply reply = representation(request, std::move(body), rdf::info(format).content_type, vary);
    if (has(document.with_url, format))
        reply.set("Content-Location", format_url(document, format));
    auto link = alternates_link(document, format);
    // RDF pages link to each other here; HTML pages do in their <head>.
    if (const auto pages = is_html ? std::string() : pages_link(document, public_path);
        !pages.empty())
        link += (link.empty() ? "" : ", ") + pages;
    if (!link.empty())
        reply.set("Link", std::move(link));
    return reply;
}

/// --symmetric: page N of an RDF description also carries page N of the triples whose
/// object is the thing (description_page_size a page, in Browsing::backlinks' order), so a
/// hub's incoming links are paged like its own triples; the document has as many pages as
/// the longer of the two needs.
void add_incoming(Document& document, const rdf::Store& store, const std::string& thing,
                  const rdf::IriRewriter& to_shown) {
    const auto incoming =
        store.backlinks(thing, (document.page - 1) * description_page_size, description_page_size);
    document.pages = std::max(document.pages, page_count(incoming.total, description_page_size));
    auto triples = incoming.triples;
    to_shown.rewrite_in_place(triples);
    // A triple from the thing to itself is in both.
    document.triples.insert(document.triples.end(), triples.begin(), triples.end());
    std::sort(document.triples.begin(), document.triples.end());
    document.triples.erase(std::unique(document.triples.begin(), document.triples.end()),
                           document.triples.end());
}

Result<Reply> describe_reply(const Request& request, const Route& route, const rdf::Store& store,
                             const Asked& asked, std::string_view path, bool symmetric) {
    const auto& context = asked.context;
    const PublicSpace& space = *context.space;
    const auto format = negotiate(
        request, route.forced, [&] { return locate_document(route, space, false); },
        route.rdf_only ? rdf_formats() : offered_formats());
    if (!format)
        return format.problem();
    // One ?page= for each representation: RDF pages of description_page_size subject
    // triples, HTML pages of values_per_page values (and backlinks_per_page backlinks).
    const bool is_html = !rdf::info(*format).is_rdf;
    const std::size_t page = asked.query.page_or_first();
    Document document =
        describe_document(store, route, space, page,
                          is_html ? html::values_per_page : description_page_size, is_html);
    // HTML shows them as "Referenced by"; --symmetric puts them in the RDF.
    if (!is_html && symmetric)
        add_incoming(document, store, route.iri, space.to_shown());
    if (!is_html && document.pages > 1 && document.past_end())
        return not_found("page " + std::to_string(page) + " of a description with " +
                         std::to_string(document.pages) + " page(s)");
    if (is_html && route.kind == Route::Kind::HashDocument && page == 1 && document.pages > 1)
        document.contents = hash_contents(store, route, space, html::values_per_page);
    auto reply = document_reply(request, document, *format, !route.forced, asked,
                                context.public_base + std::string(path.substr(1)));
    // --symmetric RDF carries other things' triples; HTML their labels and links.
    if (reply && !is_html && !symmetric)
        reply->about = route.iri;
    return reply;
}

Result<Reply> void_reply(const Request& request, const Route& route, const rdf::Store& store,
                         const Asked& asked, const Publication& publication) {
    const auto& context = asked.context;
    const std::string path = context.shadowed & bit(OwnPage::Void)
                                 ? reserved_path(OwnPage::Void)
                                 : std::string(short_path(OwnPage::Void));
    Document document = void_document(store, *context.space, path, asked.query.page_or_first());
    const auto format =
        negotiate(request, route.forced, [&]() -> const Document& { return document; });
    if (!format)
        return format.problem();
    add_publication(document, publication, context.public_base);
    return document_reply(request, document, *format, !route.forced, asked, {});
}

Result<Reply> sitemap_reply(const Request& request, const rdf::Store& store, const Asked& asked) {
    auto xml = sitemap(store, *asked.context.space, asked.context.own_url(OwnPage::Home),
                       asked.query.page);
    if (!xml)
        return xml.problem();
    return representation(request, std::move(*xml), "application/xml; charset=utf-8", "");
}

/// The home page for people; for a client that asks for RDF, the data set's description.
Result<Reply> home_reply(const Request& request, const Route& route, const rdf::Store& store,
                         const Asked& asked, const Publication& publication) {
    const auto chosen = choose_accepted(request.header("Accept"), home_formats());
    if (chosen && rdf::info(*chosen).is_rdf)
        return void_reply(request, route, store, asked, publication);
    auto page = html::home_page(with_prefixes(asked.context, store), asked.query.page_or_first());
    if (!page)
        return page.problem();
    return representation(request, std::move(*page), text_html,
                          asked.by_accept_language ? "Accept, Accept-Language" : "Accept");
}

/// What a path names, once resolved to one of the server's own pages or a document.
Result<Reply> routed(const Request& request, const Route& route, const rdf::Store& store,
                     const Site& site, const PublicSpace& space, const Target& target) {
    if (route.kind == Route::Kind::NotFound) {
        const auto where = route.space < space.namespaces().size()
                               ? space.to_shown().rewrite(space.namespaces()[route.space].base)
                               : space.root();
        return not_found("nothing in the data describes <" + where + route.name + ">");
    }
    if (route.kind == Route::Kind::SeeOther) {
        const bool split = space.namespaces()[route.space].layout.split();
        return see_other(document_url(route, space, split && prefers_html(request)),
                         site.see_other_max_age, split);
    }

    const auto asked = read_asked(request, store, site, space, route.shadowed, target.query);
    if (!asked)
        return asked.problem();
    const auto page = asked->query.page_or_first();
    switch (route.kind) {
    case Route::Kind::Home:
        return home_reply(request, route, store, *asked, site.publication);
    case Route::Kind::Search:
        return page_reply(
            request, html::search_page(with_prefixes(asked->context, store), asked->query.q, page),
            *asked);
    case Route::Kind::Classes:
        return page_reply(request, html::classes_page(with_prefixes(asked->context, store), page),
                          *asked);
    case Route::Kind::Class:
        return page_reply(
            request, html::class_page(with_prefixes(asked->context, store), asked->query.iri, page),
            *asked);
    case Route::Kind::Sitemap:
        return sitemap_reply(request, store, *asked);
    case Route::Kind::Void:
        return void_reply(request, route, store, *asked, site.publication);
    case Route::Kind::Document:
    case Route::Kind::HashDocument:
        return describe_reply(request, route, store, *asked, target.path, site.symmetric);
    case Route::Kind::NotFound:
    case Route::Kind::SeeOther:
        break;
    }
    return not_found(target.path);
}

/// A 404: for a browser, a small page with a search box and a link home; else the text.
Reply not_found_reply(const Request& request, const rdf::Store& store, const Site& site,
                      const PublicSpace& space, Shadowed shadowed, const Problem& problem) {
    if (!prefers_html(request)) {
        Reply reply = reply_of(problem);
        reply.set("Vary", "Accept");
        return reply;
    }
    auto context = with_prefixes(page_context(request, store, site, space, shadowed), store);
    Reply reply = representation(request, html::not_found_page(context, problem.message), text_html,
                                 "Accept, Accept-Language");
    reply.status = 404;
    return reply;
}

Result<Reply> answer(const Request& request, const rdf::Store& store, const Site& site) {
    if (request.method == "OPTIONS")
        return options_reply(request);
    if (request.method != "GET" && request.method != "HEAD")
        return method_not_allowed(request.method);

    const auto public_base = server::public_base(request, site);
    if (!public_base)
        return public_base.problem();

    // serve sets site.spaces; a Site with only a base (tests) gets its one namespace here.
    const Namespaces fallback = site.spaces.empty() ? site.namespaces() : Namespaces{};
    const Namespaces& spaces = site.spaces.empty() ? fallback : site.spaces;
    const PublicSpace space(spaces, *public_base, site.keep_iris);
    const auto target = split_target(request.target);
    const auto resolved = resolve(target.path, store, spaces);
    if (!resolved)
        return resolved.problem();
    auto reply = routed(request, *resolved, store, site, space, target);
    if (!reply && reply.problem().status == 404) {
        // Only the page for browsers links the server's own pages.
        const auto shadowed = resolved->shadowed_asked || !prefers_html(request)
                                  ? resolved->shadowed
                                  : shadowed_pages(store, spaces);
        return not_found_reply(request, store, site, space, shadowed, reply.problem());
    }
    return reply;
}

/// What caches need of a 200: Last-Modified, when the data last changed but never later
/// than now (so never later than the Date the transport adds when it sends the reply), and
/// the site's Cache-Control.
void add_freshness(Reply& reply, const rdf::Store& store, const Site& site) {
    const auto modified = std::min(store.last_modified(), std::chrono::system_clock::now());
    reply.set("Last-Modified", format_http_date(std::chrono::system_clock::to_time_t(modified)));
    if (!site.cache_control.empty() && reply.header("Cache-Control").empty())
        reply.set("Cache-Control", site.cache_control);
}

} // namespace

Reply handle(const Request& request, const rdf::Store& store, const Site& site) {
    if (const auto problem = malformed(request))
        return reply_of(bad_request(*problem));
    Reply reply = [&] {
        try {
            auto answered = answer(request, store, site);
            return answered ? std::move(*answered) : reply_of(answered.problem());
        } catch (const rdf::StoreError& error) {
            // A store that cannot answer is a gateway problem, never a missing document.
            return reply_of(store_problem(error));
        }
    }();
    if (reply.status == 200)
        add_freshness(reply, store, site);
    return conditional_reply(request, std::move(reply));
}

Reply conditional_reply(const Request& request, Reply reply) {
    auto answered = apply_preconditions(request, std::move(reply));
    return answered ? std::move(*answered) : reply_of(answered.problem());
}

namespace {

/// The format a path's extension names, if any (whether it forces it is the resolver's call).
std::optional<rdf::Format> extension_format(std::string_view path) {
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
        return std::nullopt;
    return rdf::from_extension(path.substr(dot + 1));
}

/// The server's own pages for people: HTML whatever Accept says.
bool is_own_page(std::string_view path) {
    for (const std::string_view page : {"/", "/search", "/classes", "/class"})
        if (path == page)
            return true;
    return path.substr(0, 22) == "/.well-known/seeother/";
}

/// Whether the path is under a split layout's pages (/page/X): HTML whatever Accept says.
bool is_people_page(std::string_view path, const Site& site) {
    // Without site.spaces, the one namespace is in the default layout, which is not split.
    for (const auto& space : site.spaces)
        if (space.layout.split() && path.substr(0, space.path.size()) == space.path &&
            path.substr(space.path.size(), space.layout.pages.size()) == space.layout.pages)
            return true;
    return false;
}

/// Whether the reply can only be RDF or plain text, which never depend on Accept-Language:
/// a path with an RDF extension (forced, or another thing's, negotiated to RDF or to a
/// 406), or a negotiated RDF format on a path that is no page for people.
bool never_html(std::string_view path, const std::optional<rdf::Format>& chosen) {
    const auto named = extension_format(path);
    const bool chosen_rdf = chosen && rdf::info(*chosen).is_rdf;
    if (named && rdf::info(*named).is_rdf)
        return chosen_rdf || !chosen;
    return chosen_rdf && !named && !is_own_page(path);
}

} // namespace

std::optional<std::string> variant_key(const Request& request, const Site& site,
                                       const std::vector<std::string>* data_languages) {
    // Only what can change the reply: the path, the query parameters the routes read (others
    // are ignored, so junk query strings share one entry), and the outcome of each
    // negotiation; Accept-Language only where the reply may be HTML. Fields are separated by
    // a byte no target or header value may hold (framing rejects NUL, CR and LF).
    const auto target = split_target(request.target);
    const auto query = parse_query(target.query);
    if (!query)
        return std::nullopt; // a 400: not worth keeping, and it must not meet a cached 200
    std::string key;
    key.reserve(target.path.size() + query->q.size() + query->iri.size() + 128);
    key += target.path;
    key += '\n';
    key += query->page ? std::to_string(*query->page) : "-";
    key += '\n';
    key += query->lang.value_or("-");
    key += '\n';
    key += query->q;
    key += '\n';
    key += query->iri;
    key += '\n';
    key += request.version;
    key += '\n';
    key += public_base(request, site).value_or("!");
    key += '\n';
    const auto accept = request.header("Accept");
    const auto format = choose_accepted(accept, offered_formats());
    key += format ? rdf::info(*format).extension : "!";
    // The home page weighs HTML first: a tie between HTML and RDF goes the other way there.
    static const std::string reserved_home = "/" + reserved_path(OwnPage::Home);
    if (target.path == "/" || target.path == reserved_home) {
        const auto home = choose_accepted(accept, home_formats());
        key += home ? rdf::info(*home).extension : "!";
    }
    key += '\n';
    if (!never_html(target.path, format) || is_people_page(target.path, site)) {
        auto ranges = parse_accept_language(request.header("Accept-Language"));
        if (data_languages) {
            // A page depends on the reader's languages only through the order in which they
            // rank the data's tags and untagged literals (LanguagePreference::rank), so
            // readers who order them alike share an entry: a flood of made-up languages is
            // one entry, not one per value.
            const LanguagePreference preference(std::move(ranges));
            std::vector<int> ranks{preference.rank("")};
            for (const auto& tag : *data_languages)
                ranks.push_back(preference.rank(tag));
            std::vector<int> order = ranks;
            std::sort(order.begin(), order.end());
            order.erase(std::unique(order.begin(), order.end()), order.end());
            for (const int rank : ranks) {
                key += std::to_string(std::lower_bound(order.begin(), order.end(), rank) -
                                      order.begin());
                key += ',';
            }
        } else {
            for (const auto& range : ranges) {
                key += range.range;
                key += ';';
                key += std::to_string(range.weight);
                key += ',';
            }
        }
    }
    key += '\n';
    key += choose_coding(request.header("Accept-Encoding"));
    return key;
}

} // namespace seeother::server
