#include "server/ld/sitemap.hpp"

#include "server/html/escape.hpp"
#include "server/ld/query.hpp"

#include "rdf/iri.hpp"

namespace seeother::server {
namespace {

using html::escape_xml;

/// Where a subject IRI (public) is documented: /doc/X for <public>id/X, /P for <public>P
/// and <public>P#…; empty when no document shows it (<public>id/X#f).
std::string document_of(std::string_view public_base, std::string_view subject) {
    if (subject.substr(0, public_base.size()) != public_base)
        return {};
    const auto rest = subject.substr(public_base.size());
    if (rest.substr(0, 3) == "id/") {
        if (rest.find('#') != std::string_view::npos || rest.size() == 3)
            return {};
        return std::string(public_base) + "doc/" + std::string(rest.substr(3));
    }
    return std::string(public_base) + std::string(rest.substr(0, rest.find('#')));
}

} // namespace

Result<std::string> sitemap(const rdf::Store& store, std::string_view base,
                            std::string_view public_base, std::optional<std::size_t> page) {
    // Page 1 also lists the home page, so each file holds at most sitemap_urls URLs.
    constexpr std::size_t per_file = sitemap_urls - 1;
    const rdf::IriRewriter to_public{std::string(base), std::string(public_base)};
    const auto total = store.subjects_page(base, 0, 0).total;
    const auto files = page_count(total, per_file);
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (files > 1 && !page) {
        xml += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
        for (std::size_t n = 1; n <= files; ++n)
            xml += "<sitemap><loc>" +
                   escape_xml(std::string(public_base) + "sitemap.xml?page=" + std::to_string(n)) +
                   "</loc></sitemap>\n";
        return xml + "</sitemapindex>\n";
    }
    const std::size_t file = page.value_or(1);
    if (file > files)
        return no_such_page(file, files);

    const std::size_t offset = (file - 1) * per_file;
    const auto subjects = store.subjects_page(base, offset, per_file);
    xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    std::string previous;
    if (file == 1 && !rdf::describes(store, base)) {
        xml += "<url><loc>" + escape_xml(rdf::iri_to_uri(public_base)) + "</loc></url>\n";
    } else if (offset > 0) {
        // A hash document split over two files is listed in the first.
        const auto before = store.subjects_page(base, offset - 1, 1);
        if (!before.items.empty())
            previous = document_of(public_base, to_public.rewrite(before.items.front()));
    }
    for (const auto& subject : subjects.items) {
        const auto url = document_of(public_base, to_public.rewrite(subject));
        if (url.empty() || url == previous)
            continue;
        previous = url;
        xml += "<url><loc>" + escape_xml(rdf::iri_to_uri(url)) + "</loc></url>\n";
    }
    return xml + "</urlset>\n";
}

} // namespace seeother::server
