// Content codings (RFC 9110 §8.4, §12.5.3): which one a client's Accept-Encoding asks for,
// and the compression itself. seeother compresses its own replies, once per cached
// representation, instead of leaving it to cpp-httplib: httplib compresses every response
// again (brotli at its slowest quality costs about 12 ms for a 14 KB page) and ignores
// q-values. Pure: no I/O.
#pragma once

#include <string>
#include <string_view>

namespace seeother::server {

/// Bodies shorter than this are sent as they are: compression would save a few bytes at
/// best, and can make them longer.
inline constexpr std::size_t min_compressed_size = 256;

/// "br", "gzip" or "" (identity): the coding the client prefers among those seeother
/// applies. Weighs each by its q-value ("x-gzip" is gzip; "*" covers codings not named);
/// ties go to brotli, which compresses text better; a coding weighted below an explicit
/// "identity" loses to it. No field, an empty field or nothing acceptable: identity.
std::string_view choose_coding(std::string_view accept_encoding);

/// `body` compressed with `coding` ("br" at quality 4, "gzip" at level 6), or `body`
/// itself for "".
std::string compress(std::string_view body, std::string_view coding);

} // namespace seeother::server
