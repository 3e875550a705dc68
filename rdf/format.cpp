#include "format.hpp"

#include <cassert>
#include <cstdint>
#include <utility>

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
        // No application/xml alias: browsers send it (q=0.9, after text/html) and mean a
        // document to display, and a generic XML client would not know what to do with RDF.
        {Format::RdfXml,
         "application/rdf+xml",
         {},
         "rdf",
         "RDF/XML",
         "application/rdf+xml; charset=utf-8",
         true},
        // No application/json alias: plain JSON is a generic syntax, not an RDF format, and a
        // client asking for it wants some JSON API's shape; the contract names only
        // application/ld+json. JSON is always UTF-8, so the type has no charset parameter.
        {Format::JsonLd,
         "application/ld+json",
         {},
         "jsonld",
         "JSON-LD",
         "application/ld+json",
         true},
        // The quad syntaxes after the triple syntaxes: a client that names both equally gets
        // the simpler one. text/x-nquads and application/x-trig are raptor's older names.
        {Format::NQuads,
         "application/n-quads",
         {"text/x-nquads"},
         "nq",
         "N-Quads",
         "application/n-quads; charset=utf-8",
         true},
        {Format::TriG,
         "application/trig",
         {"application/x-trig"},
         "trig",
         "TriG",
         "application/trig; charset=utf-8",
         true},
        // HTML last: no browser names an RDF type, so HTML never ties with one for a browser,
        // and an RDF client that accepts HTML as much as RDF is better served with RDF.
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

namespace {

/// An extension of at most 8 octets as one word, for comparing it in one step.
std::uint64_t packed(std::string_view extension) {
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < extension.size(); ++i)
        word |= std::uint64_t{static_cast<unsigned char>(extension[i])} << (8 * i);
    return word;
}

} // namespace

std::optional<Format> from_extension(std::string_view extension) {
    // The extensions alone, side by side, each a word and its length: a path's readings and
    // those of its documents' format URLs (the resolver) look up a few dozen.
    struct Known {
        std::uint64_t word;
        std::size_t size;
        Format format;
    };
    static const auto extensions = [] {
        std::vector<Known> table;
        for (const auto& row : formats()) {
            assert(row.extension.size() <= 8);
            table.push_back({packed(row.extension), row.extension.size(), row.format});
        }
        return table;
    }();
    if (extension.size() > 8)
        return std::nullopt;
    const std::uint64_t word = packed(extension);
    for (const auto& known : extensions)
        if (known.word == word && known.size == extension.size())
            return known.format;
    return std::nullopt;
}

} // namespace seeother::rdf
