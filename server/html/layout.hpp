// The frame every page shares: the one inline style and the Content-Security-Policy that
// allows it, the head and top bar, the footer, the pager, the search form, and the way
// numbers and links to the server's own pages are written.
#pragma once

#include "server/html/context.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace seeother::server::html {

/// The Content-Security-Policy sent with every HTML page: no script runs, nothing loads
/// but the page's own inline style (by its hash) and http(s) images; forms submit only to
/// this server.
const std::string& content_security_policy();

/// The head and the top bar of a page, up to and including <main>.
struct PageStart {
    std::string title;
    std::string head;         ///< extra markup for <head> (already escaped)
    std::string search_query; ///< to show in the search box
};
void append_page_start(std::string& out, const PageContext& context, const PageStart& start);

/// Closes <main>, adds the footer (already escaped markup) and ends the document.
void append_page_end(std::string& out, std::string_view footer);

/// A whole page around a body: start, body, end.
std::string whole_page(const PageContext& context, const PageStart& start, std::string_view body,
                       std::string_view footer);

/// The footer of the browsing pages: links to the VoID description and the sitemap.
std::string machine_footer(const PageContext& context);

/// "Title" on page 1, "Title (page 2)" after.
std::string paged_title(std::string title, std::size_t page);

/// "1,234".
std::string with_separators(std::size_t n);
template <class Out> void append_with_separators(Out& out, std::size_t n);

/// "1 thing" or "1,234 things".
std::string count_of(std::size_t n, std::string_view one, std::string_view many);

/// The query string for page `page` with ?lang= kept: "?lang=fr&page=2" (escaped for an
/// attribute), "?" + `extra` parameters first when given (already encoded).
std::string page_query(const PageContext& context, std::size_t page, std::string_view extra = {});

/// Link elements for <head> and a pager <nav>, for page `page` of `pages`.
std::string pager_head(const PageContext& context, std::size_t page, std::size_t pages,
                       std::string_view extra = {});
std::string pager_nav(const PageContext& context, std::size_t page, std::size_t pages,
                      std::string_view extra = {});

/// The URL of the page listing the instances of a class (public IRI), ?lang= kept.
std::string class_url(const PageContext& context, std::string_view class_iri);

/// The search box of the home and search pages.
std::string search_form(const PageContext& context, std::string_view query, bool autofocus);

} // namespace seeother::server::html
