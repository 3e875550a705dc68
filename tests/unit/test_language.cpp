// Accept-Language parsing and the ranking of literal language tags.
#include "server/ld/language.hpp"

#include <catch2/catch.hpp>

using namespace seeother::server;

namespace {

std::vector<std::string> ranges(std::string_view field) {
    std::vector<std::string> out;
    for (const auto& r : parse_accept_language(field))
        out.push_back(r.range + ";" + std::to_string(r.weight));
    return out;
}

LanguagePreference prefer(std::string_view field) {
    return LanguagePreference(parse_accept_language(field));
}

} // namespace

TEST_CASE("Accept-Language is parsed into ranges by descending weight, stable", "[language]") {
    CHECK(ranges("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5") ==
          std::vector<std::string>{"fr-ch;1000", "fr;900", "en;800", "de;700", "*;500"});
    CHECK(ranges("de;q=0.5, en") == std::vector<std::string>{"en;1000", "de;500"});
    CHECK(ranges("en, fr") == std::vector<std::string>{"en;1000", "fr;1000"});
    CHECK(ranges(" EN-gb ;q=1.000 ") == std::vector<std::string>{"en-gb;1000"});
    CHECK(ranges("").empty());
}

TEST_CASE("malformed Accept-Language elements are skipped, not fatal", "[language]") {
    CHECK(ranges("en;q=2, fr;q=0.5x, 12, toolongtag, de-, -de, e n, it;q=0.3") ==
          std::vector<std::string>{"it;300"});
    CHECK(ranges(",,,").empty());
    CHECK(ranges("zh-Hant-TW;q=0.1") == std::vector<std::string>{"zh-hant-tw;100"});
}

TEST_CASE("tags the reader asked for rank first, in the reader's order", "[language]") {
    const auto p = prefer("fr-CH, de;q=0.8");
    CHECK(p.rank("fr-CH") < p.rank("de"));
    CHECK(p.rank("fr-ch") == p.rank("fr-CH")); // tags compare case-insensitively
    CHECK(p.rank("de-AT") == p.rank("de"));    // "de" filters "de-AT"
    CHECK(p.rank("fr") < p.rank("de"));        // lookup falls back from fr-CH to fr
    CHECK(p.rank("fr-CH") < p.rank("fr"));     // but the exact tag is better
    CHECK(p.rank("de") < p.rank(""));
}

TEST_CASE("without a match: untagged, then English, then any other language", "[language]") {
    const auto none = prefer("");
    CHECK(none.rank("") < none.rank("en"));
    CHECK(none.rank("en") < none.rank("fr"));
    CHECK(none.rank("en-GB") == none.rank("en"));
    CHECK(none.rank("fr") == none.rank("de"));
    CHECK(none.rank("eno") == none.rank("fr")); // "eno" is not English

    const auto japanese = prefer("ja");
    CHECK(japanese.rank("ja") < japanese.rank(""));
    CHECK(japanese.rank("") < japanese.rank("en"));
    CHECK(japanese.rank("en") < japanese.rank("fr"));
}

TEST_CASE("q=0 excludes a language below every other", "[language]") {
    const auto p = prefer("fr, en;q=0");
    CHECK(p.rank("de") < p.rank("en"));
    CHECK(p.rank("en-US") > p.rank("de"));
    const auto only = prefer("fr, *;q=0");
    CHECK(only.rank("de") > only.rank("en-GB") - 1);
    CHECK(only.rank("fr") < only.rank(""));
    CHECK(only.rank("de") > only.rank(""));
}

TEST_CASE("the first preference ignores wildcards and exclusions", "[language]") {
    CHECK(prefer("*, fr;q=0.5").first() == "fr");
    CHECK(prefer("en;q=0, de;q=0.1").first() == "de");
    CHECK(prefer("").first().empty());
}

TEST_CASE("?lang= overrides Accept-Language and must hold a valid range", "[language]") {
    const auto chosen = choose_language(std::string_view("fr"), "en");
    REQUIRE(chosen);
    CHECK(chosen->rank("fr") < chosen->rank("en"));
    const auto list = choose_language(std::string_view("de,fr;q=0.5"), "en");
    REQUIRE(list);
    CHECK(list->rank("de") < list->rank("fr"));
    CHECK_FALSE(choose_language(std::string_view("<script>"), "en"));
    const auto header = choose_language(std::nullopt, "fr");
    REQUIRE(header);
    CHECK(header->rank("fr") < header->rank("en"));
}
