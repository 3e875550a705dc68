// What must hold for any Accept field value: parse_accept yields well-formed ranges that
// survive a round trip, and choose() picks an offered format consistently, whatever the
// order of the ranges or the set of formats offered. The same bytes also exercise the
// Accept-Encoding choice. Shared by fuzz_accept and the
// regression tests; returns what went wrong, or nullopt.
#pragma once

#include "rdf/format.hpp"
#include "server/ld/accept.hpp"
#include "server/ld/coding.hpp"
#include "server/ld/negotiate.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::fuzz {

namespace accept_detail {

inline bool is_lowercase(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

/// The ranges written back as a field: every parameter value quoted, the weight last.
inline std::string to_field(const std::vector<server::MediaRange>& ranges) {
    std::string field;
    for (const auto& range : ranges) {
        if (!field.empty())
            field += ", ";
        field += range.type + "/" + range.subtype;
        for (const auto& [name, value] : range.parameters) {
            field += ";" + name + "=\"";
            for (const char c : value) {
                if (c == '"' || c == '\\')
                    field += '\\';
                field += c;
            }
            field += '"';
        }
        const int w = range.weight;
        field += ";q=" + std::to_string(w / 1000) + "." + std::to_string(w / 100 % 10) +
                 std::to_string(w / 10 % 10) + std::to_string(w % 10);
    }
    return field;
}

inline bool same(const server::MediaRange& a, const server::MediaRange& b) {
    return a.type == b.type && a.subtype == b.subtype && a.parameters == b.parameters &&
           a.weight == b.weight;
}

inline bool offers(const std::vector<rdf::Format>& offered, rdf::Format format) {
    return std::find(offered.begin(), offered.end(), format) != offered.end();
}

} // namespace accept_detail

/// The same bytes read as Accept-Encoding: the choice is one seeother can apply, and it
/// does not depend on the order of the elements.
inline std::optional<std::string> check_accept_encoding(std::string_view field) {
    const auto coding = server::choose_coding(field);
    if (coding != "" && coding != "br" && coding != "gzip")
        return "choose_coding chose '" + std::string(coding) + "'";
    std::vector<std::string_view> elements;
    for (std::string_view rest = field;;) {
        const auto comma = rest.find(',');
        elements.push_back(rest.substr(0, comma));
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    std::string reversed;
    for (auto it = elements.rbegin(); it != elements.rend(); ++it)
        reversed += std::string(*it) + (std::next(it) == elements.rend() ? "" : ",");
    if (server::choose_coding(reversed) != coding)
        return "the order of the Accept-Encoding elements changed the coding";
    return std::nullopt;
}

inline std::optional<std::string> check_accept(std::string_view field) {
    using namespace accept_detail;
    const auto ranges = server::parse_accept(field);
    for (const auto& range : ranges) {
        if (range.type.empty() || range.subtype.empty())
            return "a media range with an empty type or subtype";
        if (!is_lowercase(range.type) || !is_lowercase(range.subtype))
            return "type or subtype not lowercased: " + range.type + "/" + range.subtype;
        if (range.type == "*" && range.subtype != "*")
            return "*/" + range.subtype + " was accepted";
        if (range.weight < 0 || range.weight > 1000)
            return "weight out of range: " + std::to_string(range.weight);
        for (const auto& parameter : range.parameters)
            if (parameter.first.empty() || !is_lowercase(parameter.first) || parameter.first == "q")
                return "bad parameter name: '" + parameter.first + "'";
        if (range.specificity() < 0 || range.specificity() > 3)
            return "specificity out of range";
    }

    const auto again = server::parse_accept(to_field(ranges));
    if (again.size() != ranges.size())
        return "round trip changed the number of ranges: " + to_field(ranges);
    for (std::size_t i = 0; i < ranges.size(); ++i)
        if (!same(ranges[i], again[i]))
            return "round trip changed range " + std::to_string(i) + ": " + to_field(ranges);

    std::vector<rdf::Format> all;
    for (const auto& row : rdf::formats())
        all.push_back(row.format);
    const auto chosen = server::choose(ranges, all);
    if (ranges.empty() && chosen != all.front())
        return "no usable range must yield the first format";

    // Each format is weighed on its own, so the order of the ranges cannot matter...
    auto reversed = ranges;
    std::reverse(reversed.begin(), reversed.end());
    if (server::choose(reversed, all) != chosen)
        return "the order of the ranges changed the choice";

    // ...and the winner stays the winner wherever it is offered: alone, or with others but
    // not all (one subset per format each way keeps this linear in the number of formats).
    for (std::size_t i = 0; i < all.size(); ++i) {
        std::vector<rdf::Format> others = all;
        others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
        for (const auto& offered : {std::vector<rdf::Format>{all[i]}, others}) {
            const auto choice = server::choose(ranges, offered);
            if (choice && !offers(offered, *choice))
                return "chose a format that was not offered";
            if (chosen && offers(offered, *chosen) && choice != chosen)
                return "a subset that offers the winner chose another format";
            if (!chosen && choice)
                return "a subset found an acceptable format the full set did not";
        }
    }
    return check_accept_encoding(field);
}

} // namespace seeother::fuzz
