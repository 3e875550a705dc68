#include "server/ld/handlers.hpp"

#include "server/html/context.hpp"
#include "server/html/layout.hpp"
#include "server/html/pages.hpp"
#include "server/ld/accept.hpp"
#include "server/ld/coding.hpp"
#include "server/ld/document.hpp"
#include "server/ld/etag.hpp"
#include "server/ld/language.hpp"
#include "server/ld/negotiate.hpp"
#include "server/ld/problem.hpp"
#include "server/ld/query.hpp"
#include "server/ld/resolver.hpp"
#include "server/ld/sitemap.hpp"
#include "server/ld/void.hpp"

#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"

#include <algorithm>

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
                  asked.empty() ? "Accept, Accept-Language, If-None-Match" : std::string(asked));
        reply.set("Access-Control-Max-Age", "86400");
    }
    return reply;
}

Reply see_other(const std::string& location, int max_age) {
    Reply reply;
    reply.status = 303;
    reply.set("Location", location);
    reply.set("Cache-Control", "max-age=" + std::to_string(max_age));
    reply.set("Content-Type", text_html);
    reply.set("Content-Security-Policy", html::content_security_policy());
    reply.body = html::see_other_page(location);
    return reply;
}

std::vector<rdf::Format> offered_formats() {
    std::vector<rdf::Format> offered;
    for (const auto& row : rdf::formats())
        offered.push_back(row.format);
    return offered;
}

bool has(const std::vector<rdf::Format>& formats, rdf::Format format) {
    return std::find(formats.begin(), formats.end(), format) != formats.end();
}

/// 406, listing every media type, with its URL where the document has one.
Problem not_acceptable(const std::string& url, const std::vector<rdf::Format>& with_url) {
    std::string text = "None of the available representations is acceptable. Available:";
    for (const auto& row : rdf::formats()) {
        text += "\n  ";
        text += row.media_type;
        if (has(with_url, row.format)) {
            text += "  ";
            text += url + "." + std::string(row.extension);
        }
    }
    return {406, std::move(text)};
}

/// The format a document is sent in: the forced one, else the one Accept prefers.
Result<rdf::Format> negotiate(const Request& request, const std::optional<rdf::Format>& forced,
                              const std::string& url, const std::vector<rdf::Format>& with_url) {
    if (forced)
        return *forced;
    if (const auto chosen = choose(parse_accept(request.header("Accept")), offered_formats()))
        return *chosen;
    return not_acceptable(url, with_url);
}

/// What the request asks besides its path: the page, the reader's language and where the
/// site is, as pages see it.
struct Asked {
    Query query;
    html::PageContext context;      ///< without prefixes: the routes that show names add them
    bool by_accept_language = true; ///< no ?lang=: HTML depends on Accept-Language
};

Result<Asked> read_asked(const Request& request, const rdf::Store& store, const Site& site,
                         const std::string& public_base, std::string_view raw_query) {
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
    asked.context.base = site.base;
    asked.context.public_base = public_base;
    asked.context.language = *language;
    asked.context.lang = query->lang;
    asked.context.store = &store;
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
    context.prefixes = {&store.prefixes(), context.base, context.public_base, {}};
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
        body = rdf::serialize(document.triples, format, document.prefixes);
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

Result<Reply> describe_reply(const Request& request, const Route& route, const rdf::Store& store,
                             const Asked& asked, std::string_view path) {
    const auto& context = asked.context;
    const std::string url = document_url(route, context.public_base);
    const auto format = negotiate(request, route.forced, url, route.with_url);
    if (!format)
        return format.problem();
    // One ?page= for each representation: RDF pages of description_page_size subject
    // triples, HTML pages of values_per_page values (and backlinks_per_page backlinks).
    const bool is_html = !rdf::info(*format).is_rdf;
    const std::size_t page = asked.query.page_or_first();
    const Document document =
        describe_document(store, route, context.base, context.public_base, page,
                          is_html ? html::values_per_page : description_page_size);
    if (!is_html && document.pages > 1 && document.past_end())
        return not_found("page " + std::to_string(page) + " of a description with " +
                         std::to_string(document.pages) + " page(s)");
    return document_reply(request, document, *format, !route.forced, asked,
                          context.public_base + std::string(path.substr(1)));
}

Result<Reply> void_reply(const Request& request, const Route& route, const rdf::Store& store,
                         const Asked& asked) {
    const auto& context = asked.context;
    const auto format =
        negotiate(request, route.forced, void_url(context.public_base), offered_formats());
    if (!format)
        return format.problem();
    const Document document =
        void_document(store, context.base, context.public_base, asked.query.page_or_first());
    return document_reply(request, document, *format, !route.forced, asked, {});
}

Result<Reply> sitemap_reply(const Request& request, const rdf::Store& store, const Asked& asked) {
    auto xml = sitemap(store, asked.context.base, asked.context.public_base, asked.query.page);
    if (!xml)
        return xml.problem();
    return representation(request, std::move(*xml), "application/xml; charset=utf-8", "");
}

Result<Reply> answer(const Request& request, const rdf::Store& store, const Site& site) {
    if (request.method == "OPTIONS")
        return options_reply(request);
    if (request.method != "GET" && request.method != "HEAD")
        return method_not_allowed(request.method);

    const auto public_base = server::public_base(request, site);
    if (!public_base)
        return public_base.problem();

    const auto target = split_target(request.target);
    const auto resolved = resolve(target.path, store, site.base);
    if (!resolved)
        return resolved.problem();
    const Route& route = *resolved;
    if (route.kind == Route::Kind::NotFound)
        return not_found("nothing in the data describes <" + *public_base + route.name + ">");
    if (route.kind == Route::Kind::SeeOther)
        return see_other(document_url(route, *public_base), site.see_other_max_age);

    const auto asked = read_asked(request, store, site, *public_base, target.query);
    if (!asked)
        return asked.problem();
    const auto page = asked->query.page_or_first();
    switch (route.kind) {
    case Route::Kind::Home:
        return page_reply(request, html::home_page(with_prefixes(asked->context, store), page),
                          *asked);
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
        return void_reply(request, route, store, *asked);
    case Route::Kind::Document:
    case Route::Kind::HashDocument:
        return describe_reply(request, route, store, *asked, target.path);
    case Route::Kind::NotFound:
    case Route::Kind::SeeOther:
        break;
    }
    return not_found(target.path);
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
    return apply_if_none_match(request, std::move(reply));
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
    std::string key(target.path);
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
    const auto format = choose(parse_accept(request.header("Accept")), offered_formats());
    key += format ? rdf::info(*format).extension : "!";
    key += '\n';
    if (!never_html(target.path, format)) {
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
