// Who may write: the bearer tokens of --write-token-file, and the Authorization field that
// presents one (RFC 6750). Pure but for reading the file.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

class WriteTokens {
  public:
    /// The tokens of `path`: one a line, surrounding blanks trimmed; empty lines and lines
    /// starting with "#" skipped. Throws std::runtime_error naming the file when it cannot
    /// be read or holds no token; a token shorter than 16 characters (easy to guess) is
    /// taken, with a line in `warnings`.
    static WriteTokens read(const std::string& path, std::vector<std::string>* warnings = nullptr);
    /// For tests: these tokens as they are.
    explicit WriteTokens(const std::vector<std::string>& tokens);

    /// Whether `presented` is one of the tokens. Compares SHA-256 digests, every one in full,
    /// so that the time taken says nothing about how much of a token was right, nor its
    /// length.
    bool accepts(std::string_view presented) const;
    std::size_t size() const { return digests_.size(); }

  private:
    std::vector<std::array<std::uint8_t, 32>> digests_;
};

/// The token of an `Authorization: Bearer <token>` field value (scheme case-insensitive),
/// or nullopt for another scheme or a malformed value.
std::optional<std::string_view> bearer_token(std::string_view authorization);

} // namespace seeother::server
