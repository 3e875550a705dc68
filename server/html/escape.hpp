// Every escape of data into markup, one function per context: element text, attribute value,
// URL query value, JSON in a data block, and XML (the sitemap). Pages are written by
// appending to one buffer (append_*); the functions returning strings are for small pieces.
#pragma once

#include <string>
#include <string_view>

namespace seeother::server::html {

/// Appends text for HTML element content. `Out`: std::string or Buffer (buffer.hpp).
template <class Out> void append_html(Out& out, std::string_view text);

/// Appends text for a double-quoted HTML attribute value.
template <class Out> void append_attr(Out& out, std::string_view text);

/// Appends an IRI made a URI for a double-quoted attribute value (an href, a src): what
/// append_attr(rdf::iri_to_uri(iri)) appends, in one pass and without a copy.
template <class Out> void append_uri_attr(Out& out, std::string_view iri);

/// Appends a query parameter value, percent-encoded (everything but RFC 3986 unreserved).
template <class Out> void append_query_value(Out& out, std::string_view value);

/// Appends JSON made safe inside <script type="application/ld+json">: "<", ">" and "&" become
/// \u escapes (JSON has them only inside strings), so "</script>" or "<!--" never appear
/// and the block cannot end early or change the parser's state.
void append_script_data(std::string& out, std::string_view json);

std::string escape_html(std::string_view text);
std::string escape_attr(std::string_view text);
std::string encode_query_value(std::string_view value);
std::string escape_script_data(std::string_view json);

/// Escapes text for XML element content and attribute values.
std::string escape_xml(std::string_view text);

/// ASCII case-insensitive prefix test, for URL schemes.
bool starts_with_ci(std::string_view s, std::string_view prefix);

/// Only these become hyperlinks: http, https and mailto IRIs (javascript:, data: and the
/// rest are shown as text).
bool is_linkable(std::string_view iri);

} // namespace seeother::server::html
