#include "server/html/escape.hpp"
#include "server/html/pages.hpp"

namespace seeother::server::html {

std::string see_other_page(std::string_view location) {
    const std::string url = escape_attr(location);
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<title>See Other</title>\n</head>\n<body>\n<p>The document describing this "
           "resource is at <a href=\"" +
           url + "\">" + escape_html(location) + "</a>.</p>\n</body>\n</html>\n";
}

} // namespace seeother::server::html
