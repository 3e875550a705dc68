#include "server/ld/query.hpp"

#include "rdf/iri.hpp"

#include <algorithm>

namespace seeother::server {

Target split_target(std::string_view target) {
    // Absolute-form: the path begins at the first "/" after the authority, else it is "/".
    // Origin-form, which starts with "/", is every request but a proxy's: not searched.
    const auto scheme_end =
        !target.empty() && target.front() != '/' ? target.find("://") : std::string_view::npos;
    const bool absolute = scheme_end != std::string_view::npos;
    const auto rest = absolute ? target.substr(scheme_end + 3) : target;
    // A loop, where find_first_of("?#") calls memchr once per octet of the target.
    std::size_t end = 0;
    while (end < rest.size() && rest[end] != '?' && rest[end] != '#')
        ++end;
    if (end == rest.size())
        end = std::string_view::npos;
    Target split{rest.substr(0, end), {}};
    if (absolute) {
        const auto slash = split.path.find('/');
        split.path = slash == std::string_view::npos ? "/" : split.path.substr(slash);
    }
    if (end != std::string_view::npos && rest[end] == '?') {
        split.query = rest.substr(end + 1);
        split.query = split.query.substr(0, split.query.find('#'));
    }
    return split;
}

std::optional<std::vector<std::pair<std::string, std::string>>>
parse_form(std::string_view raw_query) {
    std::vector<std::pair<std::string, std::string>> parameters;
    const auto decode = [](std::string_view part) -> std::optional<std::string> {
        std::string plus_as_space(part);
        for (auto& c : plus_as_space)
            if (c == '+')
                c = ' ';
        return rdf::percent_decode(plus_as_space, rdf::Decoding::Full);
    };
    while (!raw_query.empty()) {
        const auto amp = raw_query.find('&');
        const auto pair = raw_query.substr(0, amp);
        raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        auto name = decode(pair.substr(0, eq));
        auto value =
            decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!name || !value)
            return std::nullopt;
        parameters.emplace_back(std::move(*name), std::move(*value));
    }
    return parameters;
}

std::size_t page_count(std::size_t total, std::size_t per_page) {
    return std::max<std::size_t>(1, (total + per_page - 1) / per_page);
}

Problem no_such_page(std::size_t page, std::size_t last) {
    return not_found("there is no page " + std::to_string(page) + "; the last is page " +
                     std::to_string(last));
}

Result<Query> parse_query(std::string_view raw_query) {
    const auto parameters = parse_form(raw_query);
    if (!parameters)
        return bad_request("malformed percent-escape, NUL or invalid UTF-8 in the query");
    Query query;
    for (const auto& [name, value] : *parameters) {
        if (name == "page") {
            const bool digits = !value.empty() && value.size() <= 10 &&
                                value.find_first_not_of("0123456789") == std::string::npos;
            const auto number = digits ? std::stoull(value) : 0;
            if (number < 1 || number > 1000000000)
                return bad_request("page must be a whole number from 1 to 1000000000, not '" +
                                   value.substr(0, 40) + "'");
            query.page = static_cast<std::size_t>(number);
        } else if (name == "lang") {
            if (!value.empty())
                query.lang = value;
        } else if (name == "q") {
            query.q = value;
        } else if (name == "iri") {
            query.iri = value;
        }
    }
    return query;
}

} // namespace seeother::server
