// HTTP dates (RFC 9110 §5.6.7): the one format servers send (IMF-fixdate), and the three
// formats recipients must accept (IMF-fixdate, the obsolete RFC 850 and asctime forms).
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::server {

/// `time` as an IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::time_t time);

/// The time an HTTP-date names, in any of its three formats ("Sun, 06 Nov 1994 08:49:37
/// GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"); nullopt for anything
/// else, an impossible date or time included. A two-digit year more than 50 years after
/// `now` is the last such year in the past.
std::optional<std::time_t> parse_http_date(std::string_view text,
                                           std::time_t now = std::time(nullptr));

} // namespace seeother::server
