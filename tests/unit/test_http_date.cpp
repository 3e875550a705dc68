#include "server/http/http_date.hpp"

#include <catch2/catch.hpp>

#include <ctime>
#include <string>
#include <vector>

using seeother::server::format_http_date;
using seeother::server::parse_http_date;

namespace {
constexpr std::time_t nov_6_1994 = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
}

TEST_CASE("an HTTP date is sent as an IMF-fixdate", "[http_date]") {
    CHECK(format_http_date(nov_6_1994) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(format_http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST_CASE("an HTTP date is the one gmtime and strftime make, from year 1000 to 9999 and beyond",
          "[http_date]") {
    const auto expected = [](std::time_t time) {
        std::tm tm{};
        ::gmtime_r(&time, &tm);
        char text[40];
        std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        return std::string(text);
    };
    const std::time_t year_0 = -62167219200;     // 0000-01-01T00:00:00Z
    const std::time_t year_1000 = -30610224000;  // 1000-01-01T00:00:00Z
    const std::time_t year_10000 = 253402300800; // 10000-01-01T00:00:00Z
    std::vector<std::time_t> times = {0,      -1,         86399,      86400,         -86400,
                                      -86401, 951782400,  951868799,  4107542400,    4107628800,
                                      year_0, year_0 - 1, year_10000, year_10000 - 1};
    // Every 11.6 days or so across nine thousand years, each at another time of day.
    for (std::time_t t = year_1000; t < year_10000; t += 999983)
        times.push_back(t);
    for (const std::time_t t : times) {
        CAPTURE(t);
        if (t >= year_1000)
            CHECK(format_http_date(t) == expected(t));
    }
    // Before 1000, four digits all the same (RFC 9110's year = 4DIGIT; strftime writes fewer).
    CHECK(format_http_date(year_0) == "Sat, 01 Jan 0000 00:00:00 GMT");
    CHECK(format_http_date(-59042995201) == "Wed, 31 Dec 0098 23:59:59 GMT");
}

TEST_CASE("the three formats of RFC 9110 §5.6.7 are read", "[http_date]") {
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == nov_6_1994);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", nov_6_1994) == nov_6_1994);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == nov_6_1994);
    // The 29th of February of a leap year, and a leap second.
    CHECK(parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT").has_value());
    CHECK(parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT").has_value());
}

TEST_CASE("a two-digit year more than 50 years ahead is in the century before", "[http_date]") {
    const std::time_t in_2026 = 1796000000;
    // 70 would be 2070, 44 years ahead: kept; 99 would be 2099: 1999.
    CHECK(format_http_date(*parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT", in_2026)) ==
          "Wed, 01 Jan 2070 00:00:00 GMT");
    CHECK(format_http_date(*parse_http_date("Friday, 01-Jan-99 00:00:00 GMT", in_2026)) ==
          "Fri, 01 Jan 1999 00:00:00 GMT");
}

TEST_CASE("what is not an HTTP date is none", "[http_date]") {
    for (const char* text : {
             "", "yesterday",
             "Sun, 06 Nov 1994 08:49:37 UTC",  // GMT only
             "Sun, 06 Nov 1994 08:49:37 GMT ", // trailing space
             "sun, 06 Nov 1994 08:49:37 GMT",  // names are case-sensitive
             "Sun, 6 Nov 1994 08:49:37 GMT",   // two-digit day
             "Sun, 31 Nov 1994 08:49:37 GMT",  // no 31st of November
             "Mon, 29 Feb 2100 00:00:00 GMT",  // 2100 is no leap year
             "Sun, 06 Nov 1994 24:00:00 GMT",  // no hour 24
             "Sun, 06 Nov 1994 08:60:00 GMT",  // no minute 60
             "Sun, 06 Nov 94 08:49:37 GMT",    // IMF-fixdate has four digits
             "1994-11-06T08:49:37Z",           // ISO 8601
             "784111777",                      // seconds
         }) {
        CAPTURE(text);
        CHECK_FALSE(parse_http_date(text).has_value());
    }
}
