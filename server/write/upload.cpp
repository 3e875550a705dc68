#include "server/write/upload.hpp"

#include "rdf/ascii.hpp"
#include "rdf/parse/parse.hpp"

#include <zlib.h>

namespace seeother::server {
namespace {

/// Keeps what the parser reads, rewriting public URLs to the data's IRIs.
class Collect final : public rdf::QuadSink {
  public:
    Collect(rdf::Triples& out, const rdf::IriRewriter* to_data, std::atomic<std::size_t>* read)
        : out_(out), to_data_(to_data), read_(read) {}
    void quad(const rdf::QuadView& quad) override {
        auto triple = quad.to_triple();
        if (to_data_ && to_data_->active()) {
            to_data_->rewrite_in_place(triple.subject);
            to_data_->rewrite_in_place(triple.predicate);
            to_data_->rewrite_in_place(triple.object);
            if (!triple.graph.empty() && triple.graph.rfind("_:", 0) != 0)
                triple.graph = to_data_->rewrite(triple.graph);
        }
        out_.push_back(std::move(triple));
        if (read_)
            read_->fetch_add(1, std::memory_order_relaxed);
    }

  private:
    rdf::Triples& out_;
    const rdf::IriRewriter* to_data_;
    std::atomic<std::size_t>* read_;
};

std::string_view media_type_of(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    return rdf::trim_ows(content_type.substr(0, semicolon));
}

} // namespace

std::optional<rdf::Format> upload_format(std::string_view content_type) {
    const auto type = media_type_of(content_type);
    if (type.empty())
        return std::nullopt;
    for (const auto& format : rdf::formats()) {
        if (!format.is_rdf || format.format == rdf::Format::JsonLd)
            continue;
        if (rdf::iequals(type, format.media_type))
            return format.format;
        for (const auto alias : format.aliases)
            if (rdf::iequals(type, alias))
                return format.format;
    }
    return std::nullopt;
}

std::string upload_media_types() {
    std::string out;
    for (const auto& format : rdf::formats()) {
        if (!format.is_rdf || format.format == rdf::Format::JsonLd)
            continue;
        out += (out.empty() ? "" : ", ") + std::string(format.media_type);
    }
    return out;
}

std::optional<std::string> gunzip(std::string_view gzip, std::uint64_t max_bytes, bool& too_large) {
    too_large = false;
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
        return std::nullopt;
    std::string out;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
    stream.avail_in = static_cast<uInt>(gzip.size());
    char chunk[1 << 16];
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END)
            break;
        out.append(chunk, sizeof chunk - stream.avail_out);
        if (out.size() > max_bytes) {
            too_large = true;
            break;
        }
        if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0)
            break; // truncated: no more input, not at the end of the stream
    }
    inflateEnd(&stream);
    if (too_large)
        return std::nullopt;
    if (status != Z_STREAM_END || stream.avail_in != 0)
        return std::nullopt;
    return out;
}

Result<rdf::Triples> read_upload(const Request& request, const UploadSettings& settings) {
    const auto content_type = request.header("Content-Type");
    const auto format = upload_format(content_type);
    if (!format)
        return Problem{415, (content_type.empty() ? std::string("no Content-Type")
                                                  : "Content-Type " + std::string(content_type) +
                                                        " is not a syntax seeother reads") +
                                ": send one of " + upload_media_types()};
    const auto coding = rdf::trim_ows(request.header("Content-Encoding"));
    std::optional<std::string> inflated;
    if (rdf::iequals(coding, "gzip") || rdf::iequals(coding, "x-gzip")) {
        bool too_large = false;
        inflated = gunzip(request.body, settings.max_bytes, too_large);
        if (too_large)
            return Problem{413, "the content inflates to more than the upload limit"};
        if (!inflated)
            return bad_request("the content is not valid gzip");
    } else if (!coding.empty() && !rdf::iequals(coding, "identity")) {
        return Problem{415, "Content-Encoding " + std::string(coding) +
                                " is not one seeother reads: send gzip or none"};
    }
    rdf::Triples triples;
    Collect sink(triples, settings.to_data, settings.read);
    try {
        rdf::parse_string(inflated ? std::string_view(*inflated) : std::string_view(request.body),
                          *format, settings.name, sink, settings.base_url, settings.blank_prefix);
    } catch (const rdf::ParseError& error) {
        return Problem{400, error.what()};
    }
    return triples;
}

} // namespace seeother::server
