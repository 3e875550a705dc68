#include "server/ld/negotiate.hpp"

#include "rdf/ascii.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <tuple>

namespace seeother::server {
namespace {

using rdf::iequals;

// How closely one range names one format. Ranks compare by specificity first; at equal
// specificity a range naming the canonical media type (the one Content-Type will carry)
// beats one naming an alias, so "text/turtle;q=0" is not undone by "application/x-turtle";
// then the higher weight wins, so a type listed twice gets its better weight.
struct Fit {
    int specificity;
    bool canonical;
    int weight;

    bool operator>(const Fit& other) const {
        return std::tie(specificity, canonical, weight) >
               std::tie(other.specificity, other.canonical, other.weight);
    }
};

// Every representation seeother serves is UTF-8, so a range asking for another charset
// names something the server cannot produce.
bool charset_allows_utf8(const MediaRange& range) {
    for (const auto& [name, value] : range.parameters)
        if (name == "charset" && !iequals(value, "utf-8"))
            return false;
    return true;
}

/// Whether `range` is type/subtype `media_type`, in any case (without making "type/subtype").
bool names(const MediaRange& range, std::string_view media_type) {
    const std::size_t slash = range.type.size();
    return media_type.size() == slash + 1 + range.subtype.size() && media_type[slash] == '/' &&
           iequals(range.type, media_type.substr(0, slash)) &&
           iequals(range.subtype, media_type.substr(slash + 1));
}

std::optional<Fit> fit(const MediaRange& range, const rdf::FormatInfo& format) {
    if (!charset_allows_utf8(range))
        return std::nullopt;
    Fit result{range.specificity(), true, range.weight};
    if (range.type == "*")
        return result;

    // "type/*" covers the canonical media type only: the response is labelled with it, so
    // "application/*" must not yield HTML through its "application/xhtml+xml" alias.
    std::string_view canonical = format.media_type;
    std::string_view canonical_type = canonical.substr(0, canonical.find('/'));
    if (range.subtype == "*")
        return iequals(range.type, canonical_type) ? std::optional(result) : std::nullopt;

    if (names(range, canonical))
        return result;
    for (auto alias : format.aliases) {
        if (names(range, alias)) {
            result.canonical = false;
            return result;
        }
    }
    return std::nullopt;
}

// The weight of the best-fitting range, or 0 when no range matches.
int weigh(const std::vector<MediaRange>& ranges, const rdf::FormatInfo& format) {
    std::optional<Fit> best;
    for (const auto& range : ranges) {
        auto candidate = fit(range, format);
        if (candidate && (!best || *candidate > *best))
            best = candidate;
    }
    return best ? best->weight : 0;
}

} // namespace

std::optional<rdf::Format> choose(const std::vector<MediaRange>& ranges,
                                  const std::vector<rdf::Format>& offered) {
    if (offered.empty())
        return std::nullopt;
    if (ranges.empty())
        return offered.front();

    std::optional<rdf::Format> chosen;
    int chosen_weight = 0;
    for (auto format : offered) {
        int weight = weigh(ranges, rdf::info(format));
        if (weight > chosen_weight) { // strictly greater: ties keep the earlier format
            chosen = format;
            chosen_weight = weight;
        }
    }
    return chosen;
}

std::optional<rdf::Format> choose_accepted(std::string_view accept,
                                           const std::vector<rdf::Format>& offered) {
    struct Answer {
        std::string accept;
        std::vector<rdf::Format> offered;
        std::optional<rdf::Format> chosen;
    };
    // Longer fields are negotiated every time: a flood of made-up ones costs no memory.
    constexpr std::size_t longest_kept = 512;
    thread_local std::array<Answer, 8> answers;
    thread_local std::size_t next = 0; // the answer replaced next: the oldest
    thread_local std::size_t kept = 0;
    for (std::size_t i = 0; i < kept; ++i)
        if (answers[i].accept == accept && answers[i].offered == offered)
            return answers[i].chosen;
    const auto chosen = choose(parse_accept(accept), offered);
    if (accept.size() <= longest_kept) {
        Answer& answer = answers[next];
        answer.accept.assign(accept);
        answer.offered = offered;
        answer.chosen = chosen;
        next = (next + 1) % answers.size();
        kept = std::max(kept, next == 0 ? answers.size() : next);
    }
    return chosen;
}

} // namespace seeother::server
