#include "format.hpp"

#include "ascii.hpp"

#include <cassert>

namespace seeother::rdf {
const std::vector<FormatInfo>& formats() {
    // Order is the server's preference for ties: Turtle first, so "*/*" and a missing
    // Accept field get Turtle, as the contract says.
    static const std::vector<FormatInfo> table{
        {Format::Turtle,
         "text/turtle",
         {"application/x-turtle"},
         "ttl",
         "Turtle",
         "text/turtle; charset=utf-8",
         true},
        {Format::NTriples,
         "application/n-triples",
         {},
         "nt",
         "N-Triples",
         "application/n-triples; charset=utf-8",
         true},
        {Format::Html,
         "text/html",
         {"application/xhtml+xml"},
         "html",
         "HTML",
         "text/html; charset=utf-8",
         false},
    };
    return table;
}

const FormatInfo& info(Format format) {
    for (const auto& row : formats())
        if (row.format == format)
            return row;
    assert(false && "every Format has a row in the table");
    return formats().front();
}

std::optional<Format> from_media_type(std::string_view media_type) {
    for (const auto& row : formats()) {
        if (iequals(row.media_type, media_type))
            return row.format;
        for (auto alias : row.aliases)
            if (iequals(alias, media_type))
                return row.format;
    }
    return std::nullopt;
}

std::optional<Format> from_extension(std::string_view extension) {
    for (const auto& row : formats())
        if (row.extension == extension)
            return row.format;
    return std::nullopt;
}

} // namespace seeother::rdf
