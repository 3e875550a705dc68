#include "server/ld/handlers.hpp"

#include "server/html/browse.hpp"
#include "server/html/html.hpp"
#include "server/ld/accept.hpp"
#include "server/ld/coding.hpp"
#include "server/ld/etag.hpp"
#include "server/ld/language.hpp"
#include "server/ld/negotiate.hpp"
#include "server/ld/resolver.hpp"

#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"

#include <algorithm>
#include <variant>

namespace seeother::server {
namespace {

constexpr const char* text_plain = "text/plain; charset=utf-8";

Reply plain(int status, std::string body) {
    Reply reply;
    reply.status = status;
    reply.set("Content-Type", text_plain);
    reply.body = std::move(body);
    reply.body += '\n';
    return reply;
}

Reply bad_request(std::string_view why) {
    return plain(400, "Bad request: " + std::string(why));
}

Reply not_found(std::string_view why) {
    return plain(404, "Not found: " + std::string(why));
}

Reply method_not_allowed(std::string_view method) {
    Reply reply = plain(
        405, "Method " + std::string(method) +
                 " is not allowed here; this server is read-only. Allowed: " + allowed_methods);
    reply.set("Allow", allowed_methods);
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
    reply.set("Content-Type", "text/html; charset=utf-8");
    reply.set("Content-Security-Policy", content_security_policy());
    reply.body = render_see_other(location);
    return reply;
}

/// The path of a request-target: origin-form as is, absolute-form without scheme and
/// authority (RFC 9112 §3.2.2), never the query. Empty when the target is not a path.
std::string_view target_path(std::string_view target) {
    if (const auto scheme_end = target.find("://");
        scheme_end != std::string_view::npos && target.front() != '/') {
        const auto path_start = target.find('/', scheme_end + 3);
        target = path_start == std::string_view::npos ? "/" : target.substr(path_start);
    }
    return target.substr(0, target.find_first_of("?#"));
}

/// A name (X of /doc/X, P of /P) as URL path text: iri_to_uri, and "?" and "#" escaped too,
/// since in a URL they would end the path (<base>id/what? is at /doc/what%3F).
std::string name_to_uri(std::string_view name) {
    std::string uri;
    for (const char c : rdf::iri_to_uri(name)) {
        if (c == '?')
            uri += "%3F";
        else if (c == '#')
            uri += "%23";
        else
            uri += c;
    }
    return uri;
}

/// What a document is made of, in --base space.
struct Document {
    std::string document_iri; ///< <base>doc/X or <base>P
    std::string thing_iri;    ///< <base>id/X or <base>P
    std::string url_stem;     ///< public URL without extension, percent-encoded
    rdf::Triples triples;
    std::size_t subject_triples = 0; ///< triples with the thing as subject, on all pages
    /// The formats whose URL (stem.ext) leads back to this document: not those where
    /// <base>id/X.ext (or <base>P.ext) is described itself, which the contract lets win.
    std::vector<rdf::Format> with_url;
};

Document build_document(const Route& route, const rdf::Store& store, const Site& site,
                        const std::string& public_base, std::size_t page) {
    Document doc;
    doc.thing_iri = route.thing_iri(site.base);
    const rdf::Subjects subjects{doc.thing_iri, route.kind == Route::Kind::HashDocument};
    auto described =
        store.describe(subjects, (page - 1) * description_page_size, description_page_size);
    // A description that fits one page is whole on every ?page= (which then pages
    // only the HTML's backlinks and values).
    if (page > 1 && described.total <= description_page_size)
        described = store.describe(subjects, 0, description_page_size);
    doc.triples = std::move(described.items);
    doc.subject_triples = described.total;
    if (route.kind == Route::Kind::Document) {
        doc.document_iri = site.base + "doc/" + route.name;
        doc.triples.push_back({rdf::Term::iri(doc.document_iri),
                               rdf::Term::iri(std::string(rdf::vocab::foaf_primary_topic)),
                               rdf::Term::iri(doc.thing_iri),
                               {}});
        doc.url_stem = rdf::iri_to_uri(public_base + "doc/") + name_to_uri(route.name);
    } else {
        doc.document_iri = doc.thing_iri;
        doc.url_stem = rdf::iri_to_uri(public_base) + name_to_uri(route.name);
    }
    doc.with_url = route.with_url;
    return doc;
}

bool has(const std::vector<rdf::Format>& formats, rdf::Format format) {
    return std::find(formats.begin(), formats.end(), format) != formats.end();
}

std::string format_url(const std::string& stem, rdf::Format format) {
    return stem + "." + std::string(rdf::info(format).extension);
}

std::vector<rdf::Format> offered_formats() {
    std::vector<rdf::Format> offered;
    for (const auto& row : rdf::formats())
        offered.push_back(row.format);
    return offered;
}

Reply not_acceptable(const std::string& stem, const std::vector<rdf::Format>& with_url) {
    std::string body = "None of the available representations is acceptable. Available:\n";
    for (const auto& row : rdf::formats()) {
        body += "  ";
        body += row.media_type;
        if (has(with_url, row.format)) {
            body += "  ";
            body += format_url(stem, row.format);
        }
        body += '\n';
    }
    body.pop_back();
    return plain(406, body);
}

std::string link_alternates(const std::string& stem, rdf::Format chosen,
                            const std::vector<rdf::Format>& with_url) {
    std::string link;
    for (const auto& row : rdf::formats()) {
        if (row.format == chosen || !has(with_url, row.format))
            continue;
        if (!link.empty())
            link += ", ";
        link += "<" + format_url(stem, row.format) + ">; rel=\"alternate\"; type=\"" +
                std::string(row.media_type) + "\"";
    }
    return link;
}

/// What a browsing page needs from the request: the reader's language and the page.
struct Browsing {
    BrowseRequest request;
    bool by_accept_language = true; ///< no ?lang=: the HTML depends on Accept-Language
};

/// Reads ?page= and ?lang= (with Accept-Language); a 400 reply when they are malformed.
std::variant<Browsing, Reply> browsing(const Request& request, const rdf::Store& store,
                                       const Site& site, const std::string& public_base,
                                       BrowseParameters& parameters) {
    const auto target = request.target;
    const auto question = target.find('?');
    const std::string_view query = question == std::string::npos
                                       ? std::string_view()
                                       : std::string_view(target).substr(question + 1);
    auto [parsed, problem] = parse_browse_parameters(query.substr(0, query.find('#')));
    if (!problem.empty())
        return bad_request(problem);
    parameters = std::move(parsed);
    const auto language = choose_language(
        parameters.lang ? std::optional<std::string_view>(*parameters.lang) : std::nullopt,
        request.header("Accept-Language"));
    if (!language)
        return bad_request("lang must be a language range such as en or fr-CH, not '" +
                           parameters.lang->substr(0, 40) + "'");
    Browsing b;
    b.request.store = &store;
    b.request.base = site.base;
    b.request.public_base = public_base;
    b.request.language = *language;
    b.request.lang = parameters.lang;
    b.request.page = parameters.page;
    b.request.page_given = query.find("page=") != std::string_view::npos;
    b.by_accept_language = !parameters.lang.has_value();
    return b;
}

/// Adds what every successful representation carries: Content-Type, the content coding
/// the client prefers (applied here, once per cached reply), a strong ETag for that
/// coding, and Vary; HTML also gets the Content-Security-Policy.
void finish_representation(const Request& request, Reply& reply, std::string_view content_type,
                           std::string vary) {
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
        reply.set("Content-Security-Policy", content_security_policy());
}

/// A browsing page as a reply: HTML (or XML for the sitemap), or the error it reports.
Reply page_reply(const Request& request, BrowseResult result, const Browsing& browse,
                 std::string_view content_type = "text/html; charset=utf-8") {
    if (result.status != 200)
        return result.status == 400 ? bad_request(result.body) : not_found(result.body);
    Reply reply;
    reply.body = std::move(result.body);
    finish_representation(request, reply, content_type,
                          browse.by_accept_language && content_type.substr(0, 9) == "text/html"
                              ? "Accept-Language"
                              : "");
    return reply;
}

/// A negotiated representation of triples (a document, the VoID description): RDF
/// through the serializers, HTML through the browsing pages.
Reply negotiated_reply(const Request& request, const std::optional<rdf::Format>& forced,
                       const std::string& url_stem, const std::vector<rdf::Format>& with_url,
                       const Browsing& browse, const std::string& thing_iri, rdf::Triples triples,
                       const rdf::IriRewriter& rewriter, rdf::Prefixes prefixes) {
    std::optional<rdf::Format> format = forced;
    if (!format) {
        format = choose(parse_accept(request.header("Accept")), offered_formats());
        if (!format) {
            Reply reply = not_acceptable(url_stem, with_url);
            reply.set("Vary", "Accept");
            return reply;
        }
    }

    rewriter.rewrite_in_place(triples);
    rewriter.rewrite_in_place(prefixes);
    Reply reply;
    const bool html = !rdf::info(*format).is_rdf;
    if (html) {
        DocumentInput input;
        input.thing_iri = thing_iri;
        input.document_url = url_stem;
        input.triples = &triples;
        input.prefixes = &prefixes;
        for (const auto& row : rdf::formats())
            if (row.is_rdf && has(with_url, row.format))
                input.alternates.push_back({row.format, format_url(url_stem, row.format)});
        auto page = document_page(browse.request, input);
        if (page.status != 200)
            return not_found(page.body);
        reply.body = std::move(page.body);
    } else {
        reply.body = rdf::serialize(triples, *format, prefixes);
    }

    // Each content coding is a representation of its own: its own ETag, and a Vary that
    // says the coding depends on Accept-Encoding. HTML also depends on Accept-Language
    // unless ?lang= chose.
    std::string vary = forced ? "" : "Accept";
    if (html && browse.by_accept_language)
        vary += vary.empty() ? "Accept-Language" : ", Accept-Language";
    if (has(with_url, *format))
        reply.set("Content-Location", format_url(url_stem, *format));
    if (auto link = link_alternates(url_stem, *format, with_url); !link.empty())
        reply.set("Link", std::move(link));
    finish_representation(request, reply, rdf::info(*format).content_type, vary);
    return reply;
}

/// Adds rel="prev" and rel="next" links when a description has more than one page.
void link_pages(Reply& reply, const Request& request, std::size_t page, std::size_t pages,
                const std::string& public_base) {
    if (pages <= 1 || reply.status != 200)
        return;
    const std::string path(target_path(request.target).substr(1));
    const auto url = [&](std::size_t n) {
        return "<" + public_base + path + "?page=" + std::to_string(n) + ">";
    };
    std::string links;
    if (page > 1)
        links += url(page - 1) + "; rel=\"prev\"";
    if (page < pages)
        links += (links.empty() ? "" : ", ") + url(page + 1) + "; rel=\"next\"";
    for (auto& [name, value] : reply.headers)
        if (iequals(name, "Link")) {
            value += ", " + links;
            return;
        }
    reply.set("Link", links);
}

Reply document_reply(const Request& request, const Route& route, const rdf::Store& store,
                     const Site& site, const std::string& public_base, const Browsing& browse) {
    Document doc = build_document(route, store, site, public_base, browse.request.page);
    const std::size_t pages =
        (doc.subject_triples + description_page_size - 1) / description_page_size;
    // Past the last page of a paged description; a short description leaves ?page= to the
    // browsing pages (backlinks).
    if (pages > 1 && browse.request.page > pages)
        return not_found("page " + std::to_string(browse.request.page) + " of a description with " +
                         std::to_string(std::max<std::size_t>(pages, 1)) + " page(s)");
    const rdf::IriRewriter rewriter(site.base, public_base);
    Reply reply =
        negotiated_reply(request, route.forced, doc.url_stem, doc.with_url, browse, doc.thing_iri,
                         std::move(doc.triples), rewriter, store.prefixes());
    link_pages(reply, request, browse.request.page, pages, public_base);
    return reply;
}

Reply void_reply(const Request& request, const Route& route, const rdf::Store& store,
                 const Site& site, const std::string& public_base, const Browsing& browse) {
    // Built in public space already: rewriting is the identity.
    const rdf::IriRewriter same(public_base, public_base);
    rdf::Prefixes prefixes = {{"void", "http://rdfs.org/ns/void#"},
                              {"dcterms", "http://purl.org/dc/terms/"},
                              {"foaf", "http://xmlns.com/foaf/0.1/"},
                              {"formats", "http://www.w3.org/ns/formats/"}};
    for (const auto& p : store.prefixes())
        if (std::none_of(prefixes.begin(), prefixes.end(),
                         [&](const rdf::Prefix& kept) { return kept.name == p.name; }))
            prefixes.push_back(p);
    const rdf::IriRewriter to_public(site.base, public_base);
    to_public.rewrite_in_place(prefixes);
    return negotiated_reply(
        request, route.forced, rdf::iri_to_uri(public_base + ".well-known/void"), offered_formats(),
        browse, rdf::IriRewriter(public_base, site.base).rewrite(void_dataset_iri(public_base)),
        void_description(store, site.base, public_base), same, std::move(prefixes));
}

Reply answer(const Request& request, const rdf::Store& store, const Site& site) {
    if (request.method == "OPTIONS")
        return options_reply(request);
    if (request.method != "GET" && request.method != "HEAD")
        return method_not_allowed(request.method);

    const auto public_base = server::public_base(request, site);
    if (!public_base)
        return bad_request(request.header("Host").empty()
                               ? "HTTP/1.1 requires a Host header field"
                               : "invalid Host header field: " +
                                     std::string(request.header("Host")));

    const auto path = target_path(request.target);
    const Route route = resolve(path, store, site.base);
    if (route.kind == Route::Kind::BadRequest)
        return bad_request(route.detail + ": " + std::string(path));
    if (route.kind == Route::Kind::NotFound)
        return not_found("nothing in the data describes <" + *public_base + route.name + ">");
    if (route.kind == Route::Kind::SeeOther)
        return see_other(rdf::iri_to_uri(*public_base + "doc/") + name_to_uri(route.name),
                         site.see_other_max_age);

    BrowseParameters parameters;
    auto parsed = browsing(request, store, site, *public_base, parameters);
    if (auto* error = std::get_if<Reply>(&parsed))
        return std::move(*error);
    const auto& browse = std::get<Browsing>(parsed);
    switch (route.kind) {
    case Route::Kind::Home:
        return page_reply(request, home_page(browse.request), browse);
    case Route::Kind::Search:
        return page_reply(request, search_page(browse.request, parameters.q), browse);
    case Route::Kind::Classes:
        return page_reply(request, classes_page(browse.request), browse);
    case Route::Kind::Class:
        return page_reply(request, class_page(browse.request, parameters.iri), browse);
    case Route::Kind::Sitemap:
        return page_reply(request, sitemap(browse.request), browse,
                          "application/xml; charset=utf-8");
    case Route::Kind::Void:
        return void_reply(request, route, store, site, *public_base, browse);
    case Route::Kind::Document:
    case Route::Kind::HashDocument:
        return document_reply(request, route, store, site, *public_base, browse);
    case Route::Kind::BadRequest:
    case Route::Kind::NotFound:
    case Route::Kind::SeeOther:
        break;
    }
    return not_found(path);
}

} // namespace

Reply handle(const Request& request, const rdf::Store& store, const Site& site) {
    if (const auto problem = malformed(request))
        return bad_request(*problem);
    return apply_if_none_match(request, answer(request, store, site));
}

std::string variant_key(const Request& request, const Site& site) {
    // Fields are separated by a byte no target or header value may hold (framing.cpp
    // rejects NUL, CR and LF), so the key reads back unambiguously.
    std::string key = request.target;
    key += '\n';
    key += request.version;
    key += '\n';
    key += public_base(request, site).value_or("!");
    key += '\n';
    const auto format = choose(parse_accept(request.header("Accept")), offered_formats());
    key += format ? rdf::info(*format).extension : "!";
    key += '\n';
    for (const auto& range : parse_accept_language(request.header("Accept-Language"))) {
        key += range.range;
        key += ';';
        key += std::to_string(range.weight);
        key += ',';
    }
    key += '\n';
    key += choose_coding(request.header("Accept-Encoding"));
    return key;
}

} // namespace seeother::server
