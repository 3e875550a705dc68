#include "handlers.hpp"

#include "accept.hpp"
#include "coding.hpp"
#include "etag.hpp"
#include "framing.hpp"
#include "html.hpp"
#include "negotiate.hpp"
#include "resolver.hpp"

#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"

#include <algorithm>

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

/// What a document is made of, in --base space.
struct Document {
    std::string document_iri; ///< <base>doc/X or <base>P
    std::string thing_iri;    ///< <base>id/X or <base>P
    std::string url_stem;     ///< public URL without extension, percent-encoded
    rdf::Triples triples;
};

rdf::Triples describe_hash_document(const rdf::Store& store, const std::string& iri) {
    rdf::Triples triples = store.describe(iri);
    for (const auto& subject : store.subjects_with_prefix(iri + '#')) {
        auto more = store.describe(subject);
        triples.insert(triples.end(), std::make_move_iterator(more.begin()),
                       std::make_move_iterator(more.end()));
    }
    std::sort(triples.begin(), triples.end());
    triples.erase(std::unique(triples.begin(), triples.end()), triples.end());
    return triples;
}

Document build_document(const Route& route, const rdf::Store& store, const Site& site,
                        const std::string& public_base) {
    Document doc;
    doc.thing_iri = route.thing_iri(site.base);
    if (route.kind == Route::Kind::Document) {
        doc.document_iri = site.base + "doc/" + route.name;
        doc.triples = store.describe(doc.thing_iri);
        doc.triples.push_back({rdf::Term::iri(doc.document_iri),
                               rdf::Term::iri(rdf::vocab::foaf_primary_topic),
                               rdf::Term::iri(doc.thing_iri),
                               {}});
        doc.url_stem = rdf::iri_to_uri(public_base + "doc/" + route.name);
    } else {
        doc.document_iri = doc.thing_iri;
        doc.triples = describe_hash_document(store, doc.thing_iri);
        doc.url_stem = rdf::iri_to_uri(public_base + route.name);
    }
    return doc;
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

Reply not_acceptable(const std::string& stem) {
    std::string body = "None of the available representations is acceptable. Available:\n";
    for (const auto& row : rdf::formats()) {
        body += "  ";
        body += row.media_type;
        body += "  ";
        body += format_url(stem, row.format);
        body += '\n';
    }
    body.pop_back();
    return plain(406, body);
}

std::string link_alternates(const std::string& stem, rdf::Format chosen) {
    std::string link;
    for (const auto& row : rdf::formats()) {
        if (row.format == chosen)
            continue;
        if (!link.empty())
            link += ", ";
        link += "<" + format_url(stem, row.format) + ">; rel=\"alternate\"; type=\"" +
                std::string(row.media_type) + "\"";
    }
    return link;
}

std::string render(const Document& doc, rdf::Format format, const rdf::Store& store,
                   const rdf::IriRewriter& rewriter) {
    rdf::Triples triples = doc.triples;
    rewriter.rewrite_in_place(triples);
    rdf::Prefixes prefixes = store.prefixes();
    rewriter.rewrite_in_place(prefixes);
    if (rdf::info(format).is_rdf)
        return rdf::serialize(triples, format, prefixes);

    DescriptionPage page;
    page.thing = rewriter.rewrite(doc.thing_iri);
    page.document_url = doc.url_stem;
    page.triples = &triples;
    page.prefixes = &prefixes;
    for (const auto& row : rdf::formats())
        if (row.is_rdf)
            page.alternates.push_back({row.format, format_url(doc.url_stem, row.format)});
    return render_description(page);
}

Reply document_reply(const Request& request, const Route& route, const rdf::Store& store,
                     const Site& site, const std::string& public_base) {
    const Document doc = build_document(route, store, site, public_base);

    std::optional<rdf::Format> format = route.forced;
    if (!format) {
        format = choose(parse_accept(request.header("Accept")), offered_formats());
        if (!format) {
            Reply reply = not_acceptable(doc.url_stem);
            reply.set("Vary", "Accept");
            return reply;
        }
    }

    const rdf::IriRewriter rewriter(site.base, public_base);
    Reply reply;
    reply.body = render(doc, *format, store, rewriter);

    // Each content coding is a representation of its own: its own ETag, and a Vary that
    // says the coding depends on Accept-Encoding.
    const auto content_type = rdf::info(*format).content_type;
    const auto coding = content_coding(request.header("Accept-Encoding"), content_type);
    const std::string etag = strong_etag(reply.body, coding);
    std::string vary = route.forced ? "" : "Accept";
    if (is_compressible(content_type))
        vary += vary.empty() ? "Accept-Encoding" : ", Accept-Encoding";

    if (!vary.empty())
        reply.set("Vary", vary);
    reply.set("Content-Location", format_url(doc.url_stem, *format));
    reply.set("Link", link_alternates(doc.url_stem, *format));
    reply.set("ETag", etag);
    if (none_match(request.header("If-None-Match"), etag)) {
        reply.status = 304;
        reply.body.clear();
        return reply;
    }
    reply.set("Content-Type", std::string(content_type));
    return reply;
}

Reply home_reply(const Request& request, const rdf::Store& store, const Site& site,
                 const std::string& public_base) {
    std::vector<std::string> things;
    const rdf::IriRewriter rewriter(site.base, public_base);
    for (auto& iri : store.subjects_with_prefix(site.base + "id/")) {
        if (things.size() == 100)
            break;
        things.push_back(rewriter.rewrite(iri));
    }
    Reply reply;
    reply.body = render_home(store.stats(), things, public_base);
    reply.set("Content-Type", "text/html; charset=utf-8");
    reply.set("ETag", strong_etag(reply.body, content_coding(request.header("Accept-Encoding"),
                                                             "text/html; charset=utf-8")));
    reply.set("Vary", "Accept-Encoding");
    return reply;
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
    switch (route.kind) {
    case Route::Kind::BadRequest:
        return bad_request(route.detail + ": " + std::string(path));
    case Route::Kind::NotFound:
        return not_found("nothing in the data describes <" + *public_base + route.name + ">");
    case Route::Kind::SeeOther:
        return see_other(rdf::iri_to_uri(*public_base + "doc/" + route.name),
                         site.see_other_max_age);
    case Route::Kind::Home:
        return home_reply(request, store, site, *public_base);
    case Route::Kind::Document:
    case Route::Kind::HashDocument:
        return document_reply(request, route, store, site, *public_base);
    }
    return not_found(path);
}

} // namespace

Reply handle(const Request& request, const rdf::Store& store, const Site& site) {
    if (const auto problem = malformed(request))
        return bad_request(*problem);
    return answer(request, store, site);
}

} // namespace seeother::server
