#include "server/http/http_date.hpp"

#include <array>
#include <cstdint>

namespace seeother::server {
namespace {

constexpr std::array<std::string_view, 7> short_days = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> long_days = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// Reads the grammar's pieces off the front of the text; any mismatch leaves it failed.
class Reader {
  public:
    explicit Reader(std::string_view text) : rest_(text) {}

    bool ok() const { return ok_; }
    bool at_end() const { return ok_ && rest_.empty(); }

    void literal(std::string_view expected) {
        if (ok_ && rest_.substr(0, expected.size()) == expected)
            rest_.remove_prefix(expected.size());
        else
            ok_ = false;
    }

    /// The index of the name (case-sensitive, as the grammar's %s"…" is) that comes next.
    template <std::size_t N> int name(const std::array<std::string_view, N>& names) {
        for (std::size_t i = 0; ok_ && i < N; ++i)
            if (rest_.substr(0, names[i].size()) == names[i]) {
                rest_.remove_prefix(names[i].size());
                return static_cast<int>(i);
            }
        ok_ = false;
        return -1;
    }

    /// Exactly `n` digits, or, with `space_padded`, a space then n - 1 digits.
    int digits(std::size_t n, bool space_padded = false) {
        if (space_padded && ok_ && !rest_.empty() && rest_.front() == ' ') {
            rest_.remove_prefix(1);
            --n;
        }
        int value = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!ok_ || rest_.empty() || rest_.front() < '0' || rest_.front() > '9') {
                ok_ = false;
                return 0;
            }
            value = value * 10 + (rest_.front() - '0');
            rest_.remove_prefix(1);
        }
        return value;
    }

    /// time-of-day = hour ":" minute ":" second
    void time_of_day(std::tm& tm) {
        tm.tm_hour = digits(2);
        literal(":");
        tm.tm_min = digits(2);
        literal(":");
        tm.tm_sec = digits(2);
    }

  private:
    std::string_view rest_;
    bool ok_ = true;
};

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/// The time of a broken-down UTC date, when it is a real one (a leap second allowed).
std::optional<std::time_t> checked(std::tm tm) {
    static constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int year = tm.tm_year + 1900;
    const int days = days_in[tm.tm_mon] + (tm.tm_mon == 1 && is_leap(year) ? 1 : 0);
    if (tm.tm_mday < 1 || tm.tm_mday > days || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return std::nullopt;
    return ::timegm(&tm);
}

} // namespace

std::string format_http_date(std::time_t time) {
    // The civil date from the days since 1970-01-01 (Howard Hinnant's days_from_civil
    // inverse), where gmtime_r takes glibc's time zone lock and strftime reads the locale:
    // every 200 carries a Last-Modified. Years past four digits go the long way.
    const std::int64_t seconds = time;
    const std::int64_t days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
    const std::int64_t of_day = seconds - days * 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t day_of_era = z - era * 146097;
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t shifted_month = (5 * day_of_year + 2) / 153; // March is 0
    const std::int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    const std::int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
        std::tm tm{};
        ::gmtime_r(&time, &tm);
        char text[40];
        std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        return text;
    }
    const auto weekday = static_cast<std::size_t>(((days % 7) + 11) % 7); // 1970-01-01: Thursday
    std::string text = "Thu, 01 Jan 1970 00:00:00 GMT";
    const auto put = [&text](std::size_t at, std::int64_t value, std::size_t digits) {
        for (std::size_t i = digits; i-- > 0; value /= 10)
            text[at + i] = static_cast<char>('0' + value % 10);
    };
    text.replace(0, 3, short_days[weekday]);
    put(5, day, 2);
    text.replace(8, 3, months[static_cast<std::size_t>(month - 1)]);
    put(12, year, 4);
    put(17, of_day / 3600, 2);
    put(20, of_day / 60 % 60, 2);
    put(23, of_day % 60, 2);
    return text;
}

std::optional<std::time_t> parse_http_date(std::string_view text, std::time_t now) {
    std::tm tm{};
    // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year
    {
        Reader r(text);
        r.name(short_days);
        r.literal(", ");
        tm.tm_mday = r.digits(2);
        r.literal(" ");
        tm.tm_mon = r.name(months);
        r.literal(" ");
        tm.tm_year = r.digits(4) - 1900;
        r.literal(" ");
        r.time_of_day(tm);
        r.literal(" GMT");
        if (r.at_end())
            return checked(tm);
    }
    // rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = day "-" month "-" 2DIGIT
    {
        Reader r(text);
        r.name(long_days);
        r.literal(", ");
        tm.tm_mday = r.digits(2);
        r.literal("-");
        tm.tm_mon = r.name(months);
        r.literal("-");
        const int two_digits = r.digits(2);
        r.literal(" ");
        r.time_of_day(tm);
        r.literal(" GMT");
        if (r.at_end()) {
            // RFC 9110 §5.6.7: more than 50 years ahead means the century before.
            std::tm today{};
            ::gmtime_r(&now, &today);
            const int this_year = today.tm_year + 1900;
            int year = this_year - this_year % 100 + two_digits;
            if (year > this_year + 50)
                year -= 100;
            tm.tm_year = year - 1900;
            return checked(tm);
        }
    }
    // asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP
    // DIGIT ))
    {
        Reader r(text);
        r.name(short_days);
        r.literal(" ");
        tm.tm_mon = r.name(months);
        r.literal(" ");
        tm.tm_mday = r.digits(2, true);
        r.literal(" ");
        r.time_of_day(tm);
        r.literal(" ");
        tm.tm_year = r.digits(4) - 1900;
        if (r.at_end())
            return checked(tm);
    }
    return std::nullopt;
}

} // namespace seeother::server
