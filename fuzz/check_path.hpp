// What must hold for any request path: the two percent-decodings agree on what is
// malformed, iri_to_uri yields header-safe text that round-trips, and every route the
// resolver returns is backed by the data (and its document URL leads back to it), the same
// whether the store is asked as one in this process or as a remote one. Shared by
// fuzz_path and the regression tests; returns what went wrong, or nullopt.
#pragma once

#include "fuzz_data.hpp"

#include "rdf/format.hpp"
#include "rdf/iri.hpp"
#include "server/ld/resolver.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::fuzz {

namespace path_detail {

inline bool is_uri_safe(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F || std::string_view("<>\"{}|\\^`").find(ch) != s.npos)
            return false;
    }
    return true;
}

inline std::string kind_name(server::Route::Kind kind) {
    using Kind = server::Route::Kind;
    switch (kind) {
    case Kind::SeeOther:
        return "SeeOther";
    case Kind::Document:
        return "Document";
    case Kind::HashDocument:
        return "HashDocument";
    case Kind::NotFound:
        return "NotFound";
    default: // the server's own pages
        return "Route::Kind " + std::to_string(static_cast<int>(kind));
    }
}

inline std::string show(const server::Route& route) {
    std::string text = kind_name(route.kind) + " '" + route.name + "'";
    if (route.forced)
        text += " ." + std::string(rdf::info(*route.forced).extension);
    return text;
}

inline std::optional<std::string> check_decoding(std::string_view path) {
    using rdf::Decoding;
    const auto iri = rdf::percent_decode(path, Decoding::Iri);
    const auto full = rdf::percent_decode(path, Decoding::Full);
    if (iri.has_value() != full.has_value())
        return "only one of the two decodings rejected the path";
    if (!iri)
        return std::nullopt;
    if (iri->size() > path.size() || full->size() > iri->size())
        return "decoding made the path longer";
    if (iri->find('\0') != std::string::npos || full->find('\0') != std::string::npos)
        return "a decoded path contains NUL";
    // Iri keeps exactly the escapes Full decodes, so decoding its output fully is Full.
    if (rdf::percent_decode(*iri, Decoding::Full) != full)
        return "Full decoding of the Iri decoding differs from Full decoding";
    return std::nullopt;
}

inline std::optional<std::string> check_iri_to_uri(std::string_view text) {
    const std::string uri = rdf::iri_to_uri(text);
    if (!is_uri_safe(uri))
        return "iri_to_uri left an unsafe octet: " + uri;
    if (rdf::iri_to_uri(uri) != uri)
        return "iri_to_uri is not idempotent";
    // Without escapes of its own, valid UTF-8 comes back unchanged from a full decoding.
    if (text.find('%') == std::string_view::npos)
        if (const auto valid = rdf::percent_decode(text, rdf::Decoding::Full))
            if (rdf::percent_decode(uri, rdf::Decoding::Full) != *valid)
                return "iri_to_uri does not round-trip through percent_decode: " + uri;
    return std::nullopt;
}

/// The same data, asked as a store behind a network is: the resolver then asks about every
/// reading's format URLs with the readings, in one round, and must find the same route.
class AsRemote final : public rdf::Descriptions {
  public:
    explicit AsRemote(const rdf::Descriptions& data) : data_(data) {}
    std::vector<bool> described(const std::vector<rdf::Subjects>& candidates) const override {
        return data_.described(candidates);
    }
    rdf::Page<rdf::Triple> describe(const rdf::Subjects& subjects, std::size_t offset,
                                    std::size_t limit) const override {
        return data_.describe(subjects, offset, limit);
    }
    const rdf::PrefixIndex& prefixes() const override { return data_.prefixes(); }
    rdf::Timestamp last_modified() const override { return data_.last_modified(); }
    bool remote() const override { return true; }

  private:
    const rdf::Descriptions& data_;
};

inline bool is_hash_document(const rdf::Store& data, const std::string& iri) {
    return rdf::describes(data, iri) || data.subjects_page(iri + "#", 0, 0).total > 0;
}

inline bool is_thing(const rdf::Store& data, const std::string& iri) {
    return rdf::describes(data, iri);
}

/// The document URLs the server hands out for a route (Location, Content-Location, Link)
/// resolve back to the same document, in the format they name. `exists` says whether an
/// IRI has a document of its own: <base>id/X.ttl, when described, is another thing, and
/// the contract lets it win.
template <typename Exists>
std::optional<std::string> check_urls(const rdf::Store& data, const server::Route& route,
                                      const std::string& url, Exists exists) {
    using Kind = server::Route::Kind;
    const auto expected = route.kind == Kind::HashDocument ? Kind::HashDocument : Kind::Document;
    const std::string thing = route.iri;
    const auto resolved = server::resolve(url, data, base);
    if (!resolved)
        return "the URL " + url + " of " + show(route) + " is a bad request";
    const auto& plain = *resolved;
    if (plain.kind != expected || plain.name != route.name || plain.forced)
        return "the URL " + url + " of " + show(route) + " resolves to " + show(plain);
    for (const auto& row : rdf::formats()) {
        const std::string ext = "." + std::string(row.extension);
        const bool listed = std::find(plain.with_url.begin(), plain.with_url.end(), row.format) !=
                            plain.with_url.end();
        if (listed == exists(data, thing + ext))
            return show(route) + (listed ? " lists " : " does not list ") + "the URL " + url + ext +
                   ", which is " + (listed ? "" : "not ") + "another document's";
        if (!listed)
            continue;
        const auto resolved_forced = server::resolve(url + ext, data, base);
        if (!resolved_forced)
            return "the URL " + url + ext + " of " + show(route) + " is a bad request";
        const auto& forced = *resolved_forced;
        if (forced.kind != expected || forced.name != route.name || forced.forced != row.format)
            return "the URL " + url + ext + " of " + show(route) + " resolves to " + show(forced);
    }
    return std::nullopt;
}

inline std::optional<std::string> check_route(std::string_view path) {
    using Kind = server::Route::Kind;
    const rdf::Store& data = store();
    const auto resolved = server::resolve(path, data, base);
    const bool well_formed = !path.empty() && path.front() == '/' &&
                             rdf::percent_decode(path.substr(1), rdf::Decoding::Iri);
    if (resolved.ok() != well_formed)
        return well_formed ? "a bad request for a well-formed path: " + resolved.problem().message
                           : "no bad request for a malformed path: " + show(*resolved);
    if (!resolved)
        return std::nullopt;
    const auto& route = *resolved;
    const auto as_remote = server::resolve(path, AsRemote(data), base);
    if (!as_remote)
        return "a bad request only when the store is asked in one round";
    if (route != *as_remote)
        return show(route) + " asked in two rounds, " + show(*as_remote) + " in one";

    const std::string thing = route.iri;
    if (route.kind == Kind::HashDocument) {
        if (!is_hash_document(data, thing))
            return "HashDocument for <" + thing + ">, which has no description";
        return check_urls(data, route, "/" + rdf::iri_to_uri(route.name), is_hash_document);
    }
    // The home page is at / when the data leaves it free, and always at its reserved path.
    if (route.kind == Kind::Home && path != "/" && path != "/" + std::string(server::own_prefix))
        return "Home for a path other than / and /" + std::string(server::own_prefix);
    if (route.kind != Kind::SeeOther && route.kind != Kind::Document)
        return std::nullopt; // not found, or one of the server's own pages
    if (route.name.empty() || !is_thing(data, thing))
        return show(route) + " for <" + thing + ">, which is not described";

    return check_urls(data, route, "/doc/" + rdf::iri_to_uri(route.name), is_thing);
}

} // namespace path_detail

inline std::optional<std::string> check_path(std::string_view path) {
    if (auto problem = path_detail::check_decoding(path))
        return problem;
    if (auto problem = path_detail::check_iri_to_uri(path))
        return problem;
    return path_detail::check_route(path);
}

} // namespace seeother::fuzz
