#include "server/html/sha256.hpp"

namespace seeother::server::html {
namespace {

constexpr std::uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) {
    return (x >> n) | (x << (32U - n));
}

void compress(std::uint32_t state[8], const std::uint8_t block[64]) {
    std::uint32_t w[64];
    for (unsigned t = 0; t < 16; ++t)
        w[t] = (std::uint32_t{block[4 * t]} << 24U) | (std::uint32_t{block[4 * t + 1]} << 16U) |
               (std::uint32_t{block[4 * t + 2]} << 8U) | std::uint32_t{block[4 * t + 3]};
    for (unsigned t = 16; t < 64; ++t) {
        const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3U);
        const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10U);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (unsigned t = 0; t < 64; ++t) {
        const std::uint32_t big_s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        const std::uint32_t choice = (e & f) ^ (~e & g);
        const std::uint32_t t1 = h + big_s1 + choice + round_constants[t] + w[t];
        const std::uint32_t big_s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        const std::uint32_t t2 = big_s0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

} // namespace

std::array<std::uint8_t, 32> sha256(std::string_view data) {
    std::uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::uint8_t block[64];
    std::size_t i = 0;
    for (; i + 64 <= data.size(); i += 64) {
        for (std::size_t k = 0; k < 64; ++k)
            block[k] = static_cast<std::uint8_t>(data[i + k]);
        compress(state, block);
    }
    // The tail, a 1 bit, zeros, and the length in bits as a 64-bit big-endian number.
    std::size_t n = 0;
    for (; i < data.size(); ++i)
        block[n++] = static_cast<std::uint8_t>(data[i]);
    block[n++] = 0x80;
    if (n > 56) {
        while (n < 64)
            block[n++] = 0;
        compress(state, block);
        n = 0;
    }
    while (n < 56)
        block[n++] = 0;
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8U;
    for (unsigned k = 0; k < 8; ++k)
        block[56 + k] = static_cast<std::uint8_t>(bits >> (56U - 8U * k));
    compress(state, block);

    std::array<std::uint8_t, 32> digest{};
    for (unsigned k = 0; k < 8; ++k)
        for (unsigned b = 0; b < 4; ++b)
            digest[4 * k + b] = static_cast<std::uint8_t>(state[k] >> (24U - 8U * b));
    return digest;
}

std::string base64(const std::uint8_t* data, std::size_t size) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (std::size_t i = 0; i < size; i += 3) {
        const std::uint32_t group = (std::uint32_t{data[i]} << 16U) |
                                    (i + 1 < size ? std::uint32_t{data[i + 1]} << 8U : 0U) |
                                    (i + 2 < size ? std::uint32_t{data[i + 2]} : 0U);
        out += alphabet[(group >> 18U) & 63U];
        out += alphabet[(group >> 12U) & 63U];
        out += i + 1 < size ? alphabet[(group >> 6U) & 63U] : '=';
        out += i + 2 < size ? alphabet[group & 63U] : '=';
    }
    return out;
}

} // namespace seeother::server::html
