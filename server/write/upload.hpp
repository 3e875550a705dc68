// The data a write carries: its syntax from Content-Type, its content coding undone, parsed
// into triples of the data's own space. Pure but for the parser; no store is touched.
#pragma once

#include "server/http/request.hpp"
#include "server/ld/problem.hpp"

#include "rdf/format.hpp"
#include "rdf/iri.hpp"
#include "rdf/term.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::server {

/// The syntax seeother reads that a Content-Type names (Turtle, N-Triples, N-Quads, TriG,
/// RDF/XML, by media type or alias, parameters ignored), or nullopt.
std::optional<rdf::Format> upload_format(std::string_view content_type);

/// "text/turtle, application/n-triples, …": the media types upload_format() takes.
std::string upload_media_types();

struct UploadSettings {
    std::string name;     ///< stands for the file in errors: "NAME:LINE:COL: why"
    std::string base_url; ///< relative IRIs resolve against it (the request's URL)
    const rdf::IriRewriter* to_data = nullptr; ///< public URLs to the data's IRIs, if any
    std::string blank_prefix;    ///< before every blank node label, so none meets the data's
    std::uint64_t max_bytes = 0; ///< the content once decoded, at most (gzip bombs: 413)
    std::atomic<std::size_t>* read = nullptr; ///< counts triples as they are read, if given
};

/// The triples of a write's content. Problems: 415 for a missing or unread Content-Type or
/// a Content-Encoding other than gzip or identity; 413 when decoding passes max_bytes; 400
/// for gzip that does not inflate, or RDF that does not parse ("NAME:LINE:COL: why").
Result<rdf::Triples> read_upload(const Request& request, const UploadSettings& settings);

/// `gzip` inflated, at most `max_bytes` of it; nullopt when it is not gzip; `too_large` set
/// when it inflates past the limit.
std::optional<std::string> gunzip(std::string_view gzip, std::uint64_t max_bytes, bool& too_large);

} // namespace seeother::server
