#include "server/ld/coding.hpp"

#include <brotli/decode.h>
#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdint>
#include <string>

using seeother::server::choose_coding;
using seeother::server::compress;

namespace {

std::string gunzip(const std::string& data) {
    z_stream stream{};
    REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
    std::string out(1 << 20, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    REQUIRE(status == Z_STREAM_END);
    return out;
}

std::string unbrotli(const std::string& data) {
    std::string out(1 << 20, '\0');
    std::size_t size = out.size();
    REQUIRE(BrotliDecoderDecompress(data.size(), reinterpret_cast<const std::uint8_t*>(data.data()),
                                    &size, reinterpret_cast<std::uint8_t*>(out.data())) ==
            BROTLI_DECODER_RESULT_SUCCESS);
    out.resize(size);
    return out;
}

} // namespace

TEST_CASE("brotli is preferred to gzip at equal weight", "[coding]") {
    CHECK(choose_coding("gzip, deflate, br") == "br");
    CHECK(choose_coding("gzip, deflate, br, zstd") == "br"); // Chromium
    CHECK(choose_coding("gzip") == "gzip");
    CHECK(choose_coding("x-gzip") == "gzip");
    CHECK(choose_coding("GZIP") == "gzip");
    CHECK(choose_coding("*") == "br");
}

TEST_CASE("q-values decide, and q=0 refuses a coding", "[coding]") {
    CHECK(choose_coding("br;q=0.5, gzip") == "gzip");
    CHECK(choose_coding("br;q=0, gzip;q=0.1") == "gzip");
    CHECK(choose_coding("gzip;q=0, br;q=0").empty());
    CHECK(choose_coding("*;q=0").empty());
    CHECK(choose_coding("*, br;q=0") == "gzip");
    CHECK(choose_coding("gzip; q=0.8 , br ; q=0.9") == "br");
    // A coding weighted below an explicit identity loses to it.
    CHECK(choose_coding("gzip;q=0.5, identity").empty());
    CHECK(choose_coding("gzip, identity;q=0.5") == "gzip");
}

TEST_CASE("no field, an empty field and unknown codings mean identity", "[coding]") {
    CHECK(choose_coding("").empty());
    CHECK(choose_coding("deflate").empty());
    CHECK(choose_coding("identity").empty());
    CHECK(choose_coding("zstd, compress").empty());
    // Malformed weights are skipped, not guessed at.
    CHECK(choose_coding("gzip;q=2").empty());
    CHECK(choose_coding("gzip;q=0.1234").empty());
    CHECK(choose_coding("gzip;level=9").empty());
    CHECK(choose_coding("gzip;q=abc, br;q=0.1") == "br");
}

TEST_CASE("compressed bodies decompress to the same bytes", "[coding]") {
    std::string body;
    for (int i = 0; i < 200; ++i)
        body += "<http://example.org/id/" + std::to_string(i) + "> a <http://example.org/T> .\n";
    body += "caf\xc3\xa9";
    body.push_back('\0'); // bytes, not text
    const auto br = compress(body, "br");
    const auto gz = compress(body, "gzip");
    CHECK(br.size() < body.size() / 4);
    CHECK(gz.size() < body.size() / 4);
    CHECK(unbrotli(br) == body);
    CHECK(gunzip(gz) == body);
    CHECK(compress(body, "") == body);
    CHECK(unbrotli(compress("", "br")).empty());
    CHECK(gunzip(compress("", "gzip")).empty());
}
