// The request-target split into path and query, and the one parser of the query string
// every route reads its parameters from (page, lang, q, iri), by exact parameter name.
#pragma once

#include "server/ld/problem.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::server {

/// A request-target's path (origin-form as is, absolute-form without scheme and authority,
/// RFC 9112 §3.2.2) and its query (after "?", up to any "#"); either may be empty.
struct Target {
    std::string_view path;
    std::string_view query;
};
Target split_target(std::string_view target);

/// The parameters of a raw query, decoded as an HTML form sends them
/// (application/x-www-form-urlencoded: "+" is a space, every %-escape decoded), in order.
/// nullopt for a malformed escape or invalid UTF-8.
std::optional<std::vector<std::pair<std::string, std::string>>>
parse_form(std::string_view raw_query);

/// What the routes read from the query; other parameters are ignored.
struct Query {
    std::optional<std::size_t> page; ///< ?page=N, 1-based, when given
    std::optional<std::string> lang; ///< ?lang=…, when present and not empty
    std::string q;                   ///< ?q=… (search)
    std::string iri;                 ///< ?iri=… (class)

    /// The page asked for, 1 when none was.
    std::size_t page_or_first() const { return page.value_or(1); }
};

/// How many pages of `per_page` items hold `total` items: at least 1.
std::size_t page_count(std::size_t total, std::size_t per_page);

/// 404 for a page past the last.
Problem no_such_page(std::size_t page, std::size_t last);

/// Reads a raw query. A 400 Problem when it is malformed or page is not a whole number from
/// 1 to 10^9.
Result<Query> parse_query(std::string_view raw_query);

} // namespace seeother::server
