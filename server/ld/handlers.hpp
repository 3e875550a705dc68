// The Linked Data HTTP semantics as one function from request to reply: resolving,
// negotiating, rendering, conditional requests and errors. No sockets, no httplib.
#pragma once

#include "server/http/reply.hpp"
#include "server/http/request.hpp"
#include "server/ld/site.hpp"

#include "rdf/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace seeother::server {

/// The methods every path allows.
inline constexpr const char* allowed_methods = "GET, HEAD, OPTIONS";

/// Answers one request: resolve the path, build the document or page it names, reply.
/// Expected outcomes (303, 304, 400, 404, 405, 406) are replies, never exceptions; a
/// store that throws rdf::StoreError gets 503 (with Retry-After), 504 or 502. CORS headers
/// are added by Service, to every response.
Reply handle(const Request& request, const rdf::Store& store, const Site& site);

/// What handle()'s reply to a GET or HEAD depends on besides the store, as a string: the
/// path, the query parameters the routes read (page, lang, q, iri: others never change a
/// reply), the HTTP version, the public base URL, and the outcome of each negotiation (the
/// format Accept chooses, the content coding, and, where the reply may be HTML, how
/// Accept-Language ranks `data_languages` (the store's languages(); the ranges themselves
/// when nullptr)) rather than the spelling of those fields. Two requests with
/// equal keys get equal replies from the same store (If-None-Match aside), so the key
/// indexes the reply cache: browsers that spell Accept differently share its entries, and
/// neither junk query strings nor languages multiply a Turtle document. nullopt for a
/// malformed query (a 400), which is never cached.
std::optional<std::string> variant_key(const Request& request, const Site& site,
                                       const std::vector<std::string>* data_languages);

} // namespace seeother::server
