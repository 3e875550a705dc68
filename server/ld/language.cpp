#include "server/ld/language.hpp"

#include "rdf/ascii.hpp"

#include <algorithm>

namespace seeother::server {
namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_alphanum(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/// language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"  (RFC 4647 §2.1)
bool parse_language_range(std::string_view text, std::string& range) {
    if (text == "*") {
        range = "*";
        return true;
    }
    std::size_t subtag = 0;
    bool first = true;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '-') {
            if (subtag == 0 || subtag > 8)
                return false;
            subtag = 0;
            first = false;
            continue;
        }
        if (!(first ? is_alpha(text[i]) : is_alphanum(text[i])))
            return false;
        ++subtag;
    }
    range.clear();
    for (const char c : text)
        range += rdf::ascii_lower(c);
    return true;
}

/// weight = OWS ";" OWS "q=" qvalue; qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
bool parse_weight(std::string_view text, int& weight) {
    if (text.size() < 3 || rdf::ascii_lower(text[0]) != 'q' || text[1] != '=')
        return false;
    text.remove_prefix(2);
    if (text.size() > 5 || (text[0] != '0' && text[0] != '1'))
        return false;
    int value = (text[0] - '0') * 1000;
    if (text.size() > 1) {
        if (text[1] != '.')
            return false;
        int scale = 100;
        for (std::size_t i = 2; i < text.size(); ++i, scale /= 10) {
            if (text[i] < '0' || text[i] > '9')
                return false;
            value += (text[i] - '0') * scale;
        }
    }
    if (value > 1000)
        return false;
    weight = value;
    return true;
}

bool is_english(std::string_view tag) {
    return rdf::iequals(tag.substr(0, 2), "en") && (tag.size() == 2 || tag[2] == '-');
}

/// Basic filtering: the range equals the tag or is a prefix of it ending at a subtag.
bool filters(std::string_view range, std::string_view tag) {
    return tag.size() >= range.size() && rdf::iequals(tag.substr(0, range.size()), range) &&
           (tag.size() == range.size() || tag[range.size()] == '-');
}

constexpr int untagged_rank = 100000;
constexpr int english_rank = untagged_rank + 1;
constexpr int other_rank = untagged_rank + 2;
constexpr int excluded_rank = untagged_rank + 3;

} // namespace

std::vector<LanguageRange> parse_accept_language(std::string_view field) {
    std::vector<LanguageRange> ranges;
    while (!field.empty()) {
        const auto comma = field.find(',');
        std::string_view element = rdf::trim_ows(field.substr(0, comma));
        field = comma == std::string_view::npos ? std::string_view() : field.substr(comma + 1);
        if (element.empty())
            continue;
        LanguageRange range;
        const auto semi = element.find(';');
        if (!parse_language_range(rdf::trim_ows(element.substr(0, semi)), range.range))
            continue;
        if (semi != std::string_view::npos &&
            !parse_weight(rdf::trim_ows(element.substr(semi + 1)), range.weight))
            continue;
        ranges.push_back(std::move(range));
    }
    std::stable_sort(ranges.begin(), ranges.end(),
                     [](const auto& a, const auto& b) { return a.weight > b.weight; });
    return ranges;
}

LanguagePreference::LanguagePreference(std::vector<LanguageRange> ranges)
    : ranges_(std::move(ranges)) {}

int LanguagePreference::rank(std::string_view tag) const {
    if (tag.empty())
        return untagged_rank;
    const int best = is_english(tag) ? english_rank : other_rank;
    bool any = false;
    for (std::size_t i = 0; i < ranges_.size(); ++i) {
        const auto& r = ranges_[i];
        if (r.range == "*") {
            any = any || r.weight > 0;
            continue;
        }
        // A fallback: the reader asked for "en-gb", the literal is "en".
        const bool exact = filters(r.range, tag);
        const bool fallback = !exact && filters(tag, r.range);
        if (!exact && !fallback)
            continue;
        if (r.weight == 0)
            return exact ? excluded_rank : best;
        return static_cast<int>(2 * i) + (exact ? 0 : 1);
    }
    // Only "*;q=0" with nothing else that matches excludes every other tag.
    const bool all_excluded = std::any_of(ranges_.begin(), ranges_.end(), [](const auto& r) {
        return r.range == "*" && r.weight == 0;
    });
    if (all_excluded && !any)
        return excluded_rank;
    return best;
}

std::string LanguagePreference::first() const {
    for (const auto& r : ranges_)
        if (r.range != "*" && r.weight > 0)
            return r.range;
    return {};
}

std::optional<LanguagePreference> choose_language(std::optional<std::string_view> lang_parameter,
                                                  std::string_view accept_language) {
    if (lang_parameter) {
        auto ranges = parse_accept_language(*lang_parameter);
        if (ranges.empty())
            return std::nullopt;
        return LanguagePreference(std::move(ranges));
    }
    return LanguagePreference(parse_accept_language(accept_language));
}

} // namespace seeother::server
