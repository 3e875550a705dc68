// Every representation seeother serves, defined once in one table: media type, aliases,
// file extension and name. Adding a format is a row here plus a writer in serialize.cpp.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace seeother::rdf {

enum class Format { Turtle, NTriples, RdfXml, JsonLd, NQuads, TriG, Html };

struct FormatInfo {
    Format format;
    std::string_view media_type;           ///< canonical, lowercase
    std::vector<std::string_view> aliases; ///< other media types that mean the same
    std::string_view extension;            ///< without the dot: "ttl"
    std::string_view name;                 ///< for people: "Turtle"
    std::string_view content_type;         ///< Content-Type value, with charset for text
    bool is_rdf;                           ///< an RDF syntax (HTML is not)
};

/// All formats, in the server's order of preference when the client likes several equally.
const std::vector<FormatInfo>& formats();

const FormatInfo& info(Format format);

/// The format for an extension without the dot ("ttl"), case-sensitive.
std::optional<Format> from_extension(std::string_view extension);

} // namespace seeother::rdf
