// SHA-256 (FIPS 180-4) and base64 (RFC 4648): what a CSP hash source ('sha256-…') needs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace seeother::server::html {

std::array<std::uint8_t, 32> sha256(std::string_view data);

/// Standard base64 with padding.
std::string base64(const std::uint8_t* data, std::size_t size);

} // namespace seeother::server::html
