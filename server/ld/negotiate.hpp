// Chooses a representation from the client's media ranges (RFC 9110 §12.5.1). Pure.
#pragma once

#include "rdf/format.hpp"
#include "server/ld/accept.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace seeother::server {

/// The offered format the client prefers. Each format is weighed by the most specific
/// range that matches it (so `text/turtle;q=0` excludes Turtle even under `*/*`); the
/// highest weight wins and ties go to the earlier format in `offered` (the server's
/// preference). An empty `ranges` (no Accept field) accepts everything. nullopt when no
/// offered format has a weight above zero (406).
/// A range names a format by its media type or an alias (ASCII case-insensitive); at equal
/// specificity the media type beats an alias, and a repeated range its better weight.
/// `type/*` covers media types, not aliases. A charset other than utf-8 never matches.
std::optional<rdf::Format> choose(const std::vector<MediaRange>& ranges,
                                  const std::vector<rdf::Format>& offered);

/// choose(parse_accept(accept), offered): what an Accept field's value picks. Each thread
/// remembers its last few answers: clients send few distinct Accept fields, a request
/// negotiates more than once (its reply, its cache key) and parsing and weighing a browser's
/// field costs a few thousand instructions.
std::optional<rdf::Format> choose_accepted(std::string_view accept,
                                           const std::vector<rdf::Format>& offered);

} // namespace seeother::server
