#include "server/ld/coding.hpp"

#include "rdf/ascii.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>

namespace seeother::server {
namespace {

/// A q-value in thousandths ("q=0.5" → 500), nullopt when malformed (RFC 9110 §12.4.2).
std::optional<int> parse_qvalue(std::string_view text) {
    if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1'))
        return std::nullopt;
    int value = (text[0] - '0') * 1000;
    if (text.size() > 1) {
        if (text[1] != '.')
            return std::nullopt;
        int scale = 100;
        for (const char c : text.substr(2)) {
            if (c < '0' || c > '9')
                return std::nullopt;
            value += (c - '0') * scale;
            scale /= 10;
        }
    }
    return value <= 1000 ? std::optional<int>(value) : std::nullopt;
}

struct Weights {
    std::optional<int> br, gzip, identity, any;
};

/// Each coding's weight as the field gives it; elements that do not parse are skipped.
Weights parse_accept_encoding(std::string_view field) {
    Weights weights;
    while (!field.empty()) {
        const auto comma = field.find(',');
        std::string_view element = field.substr(0, comma);
        field = comma == std::string_view::npos ? std::string_view() : field.substr(comma + 1);

        const auto semicolon = element.find(';');
        const auto coding = rdf::trim_ows(element.substr(0, semicolon));
        int weight = 1000;
        if (semicolon != std::string_view::npos) {
            const auto parameter = rdf::trim_ows(element.substr(semicolon + 1));
            if (parameter.size() < 2 || !rdf::iequals(parameter.substr(0, 2), "q="))
                continue;
            const auto q = parse_qvalue(parameter.substr(2));
            if (!q)
                continue;
            weight = *q;
        }
        const auto keep = [weight](std::optional<int>& slot) {
            slot = slot ? std::max(*slot, weight) : weight;
        };
        if (rdf::iequals(coding, "br"))
            keep(weights.br);
        else if (rdf::iequals(coding, "gzip") || rdf::iequals(coding, "x-gzip"))
            keep(weights.gzip);
        else if (rdf::iequals(coding, "identity"))
            keep(weights.identity);
        else if (coding == "*")
            keep(weights.any);
    }
    return weights;
}

/// The smallest window of 2^bits bytes that holds the whole body, within [low, high]:
/// both encoders otherwise set up (and clear) state for megabytes to compress a few KB.
int window_bits(std::size_t size, int low, int high) {
    int bits = low;
    while (bits < high && (std::size_t{1} << bits) < size)
        ++bits;
    return bits;
}

std::string brotli(std::string_view body) {
    std::string out(BrotliEncoderMaxCompressedSize(body.size()), '\0');
    std::size_t size = out.size();
    // Quality 4 compresses these documents as well as gzip -6 does, in less time; 5 and
    // up gain a few per cent for about twice the time, paid on every cache miss.
    if (!BrotliEncoderCompress(4, window_bits(body.size(), BROTLI_MIN_WINDOW_BITS, 22),
                               BROTLI_MODE_TEXT, body.size(),
                               reinterpret_cast<const std::uint8_t*>(body.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data())))
        throw std::runtime_error("brotli compression failed");
    out.resize(size);
    return out;
}

std::string gzip(std::string_view body) {
    z_stream stream{};
    // +16 asks for the gzip wrapper. A memory level below the default 8 keeps the hash
    // table in step with a small window.
    const int bits = window_bits(body.size(), 9, 15);
    if (deflateInit2(&stream, 6, Z_DEFLATED, bits + 16, std::min(8, bits - 7),
                     Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("gzip compression failed to start");
    std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    stream.avail_in = static_cast<uInt>(body.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        throw std::runtime_error("gzip compression failed");
    return out;
}

} // namespace

std::string_view choose_coding(std::string_view accept_encoding) {
    const Weights w = parse_accept_encoding(accept_encoding);
    const int br = w.br.value_or(w.any.value_or(0));
    const int gzip = w.gzip.value_or(w.any.value_or(0));
    const int best = std::max(br, gzip);
    if (best == 0 || (w.identity && *w.identity > best))
        return {};
    return br >= gzip ? "br" : "gzip";
}

std::string compress(std::string_view body, std::string_view coding) {
    if (coding == "br")
        return brotli(body);
    if (coding == "gzip")
        return gzip(body);
    return std::string(body);
}

} // namespace seeother::server
