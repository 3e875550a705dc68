// Parses the HTTP Accept field (RFC 9110 §12.5.1) into media ranges. Pure: no I/O.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::server {

/// One element of an Accept field, e.g. `text/turtle;charset=utf-8;q=0.8`.
struct MediaRange {
    std::string type;    ///< lowercase; "*" for a wildcard
    std::string subtype; ///< lowercase; "*" for a wildcard
    /// media-type parameters before the weight: names lowercase, values unquoted
    std::vector<std::pair<std::string, std::string>> parameters;
    /// qvalue in thousandths: q=1 is 1000, q=0.5 is 500, q=0 is 0 (excluded)
    int weight = 1000;

    /// 3 for type/subtype with parameters, 2 for type/subtype, 1 for type/*, 0 for */*.
    int specificity() const;
};

/// Parses an Accept field value. Names are case-insensitive; malformed elements (no "/",
/// bad token, "*/html", q out of range or malformed) are skipped, never fatal. An empty
/// or all-malformed field yields an empty list. Quoted values may hold "," and ";"; an
/// unterminated one runs to the end of the field. Parameters after q are ignored.
std::vector<MediaRange> parse_accept(std::string_view field);

} // namespace seeother::server
