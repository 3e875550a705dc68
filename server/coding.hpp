// Which content coding the HTTP layer will apply to a response. cpp-httplib (Debian's
// build, with zlib and brotli) compresses on its own, after our handler has run; a strong
// ETag must differ per coding and Vary must name Accept-Encoding, so the handler needs to
// know the outcome in advance. This mirrors cpp-httplib 0.11's rule exactly.
#pragma once

#include <string_view>

namespace seeother::server {

/// True when the HTTP layer may compress a body of this Content-Type (the whole field
/// value: "text/…" except event streams, and a few application types without parameters).
bool is_compressible(std::string_view content_type);

/// "br", "gzip" or "" (identity): what the HTTP layer will send for this Accept-Encoding.
/// cpp-httplib looks for the substrings "br", then "gzip", ignoring q-values.
std::string_view content_coding(std::string_view accept_encoding, std::string_view content_type);

} // namespace seeother::server
