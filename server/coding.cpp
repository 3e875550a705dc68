#include "coding.hpp"

namespace seeother::server {

bool is_compressible(std::string_view content_type) {
    return (content_type.substr(0, 5) == "text/" && content_type != "text/event-stream") ||
           content_type == "image/svg+xml" || content_type == "application/javascript" ||
           content_type == "application/json" || content_type == "application/xml" ||
           content_type == "application/xhtml+xml";
}

std::string_view content_coding(std::string_view accept_encoding, std::string_view content_type) {
    if (!is_compressible(content_type))
        return {};
    if (accept_encoding.find("br") != std::string_view::npos)
        return "br";
    if (accept_encoding.find("gzip") != std::string_view::npos)
        return "gzip";
    return {};
}

} // namespace seeother::server
