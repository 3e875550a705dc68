#include "server/write/tokens.hpp"

#include "server/html/sha256.hpp"

#include "rdf/ascii.hpp"

#include <fstream>
#include <stdexcept>

namespace seeother::server {

namespace {
constexpr std::size_t min_token_length = 16;
} // namespace

WriteTokens::WriteTokens(const std::vector<std::string>& tokens) {
    for (const auto& token : tokens)
        digests_.push_back(html::sha256(token));
}

WriteTokens WriteTokens::read(const std::string& path, std::vector<std::string>* warnings) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error(path + ": cannot read the write token file");
    std::vector<std::string> tokens;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto token = rdf::trim_ows(line);
        if (token.empty() || token.front() == '#')
            continue;
        if (token.size() < min_token_length && warnings)
            warnings->push_back(path + ":" + std::to_string(number) +
                                ": a token shorter than 16 characters is easy to guess");
        tokens.emplace_back(token);
    }
    if (tokens.empty())
        throw std::runtime_error(path + ": no token in the write token file");
    return WriteTokens(tokens);
}

bool WriteTokens::accepts(std::string_view presented) const {
    const auto digest = html::sha256(presented);
    bool any = false;
    for (const auto& known : digests_) {
        std::uint8_t difference = 0;
        for (std::size_t i = 0; i < known.size(); ++i)
            difference = static_cast<std::uint8_t>(difference | (known[i] ^ digest[i]));
        any = any | (difference == 0);
    }
    return any;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "bearer";
    const auto value = rdf::trim_ows(authorization);
    if (value.size() <= scheme.size() || !rdf::iequals(value.substr(0, scheme.size()), scheme) ||
        value[scheme.size()] != ' ')
        return std::nullopt;
    const auto token = rdf::trim_ows(value.substr(scheme.size() + 1));
    // RFC 6750 §2.1: b64token, one of them.
    if (token.empty() || token.find_first_of(" \t,") != std::string_view::npos)
        return std::nullopt;
    return token;
}

} // namespace seeother::server
