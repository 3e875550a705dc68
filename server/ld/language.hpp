// Which language a reader wants: Accept-Language (RFC 9110 §12.5.4) or a ?lang= override,
// matched against the language tags of literals (RFC 4647 basic filtering, with lookup's
// fallback from "en-GB" to "en"). Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

/// One element of Accept-Language, e.g. `fr-CH;q=0.8`.
struct LanguageRange {
    std::string range; ///< lowercase; "*" for any language
    int weight = 1000; ///< qvalue in thousandths; 0 excludes
};

/// Parses an Accept-Language value: ranges in order of preference (higher weight first,
/// then as given). Malformed elements are skipped; an empty result means "no preference".
std::vector<LanguageRange> parse_accept_language(std::string_view field);

/// Ranks literals' language tags by a reader's preferences. Lower is better.
class LanguagePreference {
  public:
    LanguagePreference() = default;
    explicit LanguagePreference(std::vector<LanguageRange> ranges);

    /// Rank of a literal's language tag ("" for no tag). Tags the reader asked for come
    /// first, in the reader's order (an exact or prefix match before a fallback from a
    /// longer range); then literals without a tag; then English; then any other; last the
    /// languages the reader excluded with q=0.
    int rank(std::string_view tag) const;

    /// The primary preference, for the page's own `lang`-aware links: the first range that
    /// is not "*" or excluded, else empty.
    std::string first() const;

    bool empty() const { return ranges_.empty(); }

  private:
    std::vector<LanguageRange> ranges_;
};

/// Chooses by ?lang= when given (a comma-separated list like Accept-Language), else by the
/// Accept-Language field. nullopt when ?lang= is present but holds no valid range.
std::optional<LanguagePreference> choose_language(std::optional<std::string_view> lang_parameter,
                                                  std::string_view accept_language);

} // namespace seeother::server
