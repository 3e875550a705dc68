// The sitemap (/sitemap.xml), a document for machines: the URL of every document the data
// has (/doc/X for <base>id/X, /P for <base>P and its hash IRIs, as each namespace's layout
// places them), and the home page.
#pragma once

#include "server/ld/layout.hpp"
#include "server/ld/problem.hpp"

#include "rdf/store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::server {

/// URLs per sitemap file: beyond, /sitemap.xml is an index of /sitemap.xml?page=N.
inline constexpr std::size_t sitemap_urls = 50000;

/// The sitemap as XML: with no page asked for, the one urlset, or the index of the files
/// when there is more than one; else the urlset of file `page` (404 past the last).
/// `home` is the home page's URL (its short or reserved path).
Result<std::string> sitemap(const rdf::Store& store, const PublicSpace& space,
                            std::string_view home, std::optional<std::size_t> page);

} // namespace seeother::server
