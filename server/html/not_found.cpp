#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/pages.hpp"

namespace seeother::server::html {

std::string not_found_page(const PageContext& context, std::string_view message) {
    PageStart start;
    start.title = "Not found";
    const std::string html = "<h1>Not found</h1>\n<p>" + escape_html(message) + ".</p>\n" +
                             search_form(context, {}, true) + "<p><a href=\"" +
                             escape_attr(context.own_url(OwnPage::Home)) +
                             "\">The home page</a> lists what there is.</p>\n";
    return whole_page(context, start, html, machine_footer(context));
}

} // namespace seeother::server::html
