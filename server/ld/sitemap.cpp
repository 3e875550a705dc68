#include "server/ld/sitemap.hpp"

#include "server/html/escape.hpp"
#include "server/ld/query.hpp"

#include "rdf/iri.hpp"

#include <algorithm>

namespace seeother::server {
namespace {

using html::escape_xml;

/// Where a subject IRI (data) of a namespace is documented, publicly: /doc/X for <base>id/X
/// (a split layout's page for people), /P for <base>P and <base>P#…; empty when no document
/// shows it (<base>id/X#f).
std::string document_of(const PublicSpace& space, const Namespace& ns, std::string_view subject) {
    const auto rest = subject.substr(ns.base.size());
    const auto& things = ns.layout.things;
    const bool thing = things.empty() ? rest.find('#') == std::string_view::npos && !rest.empty()
                                      : rest.substr(0, things.size()) == things;
    if (thing) {
        const auto name = rest.substr(things.size());
        if (name.find('#') != std::string_view::npos || name.empty())
            return {};
        return space.url_of(ns) + ns.layout.pages + std::string(name);
    }
    return space.url_of(ns) + std::string(rest.substr(0, rest.find('#')));
}

/// The subjects of every namespace, one after the other, as one list to page through.
class Subjects {
  public:
    Subjects(const rdf::Store& store, const PublicSpace& space) : store_(store), space_(space) {
        for (const auto& ns : space.namespaces())
            totals_.push_back(store.subjects_page(ns.base, 0, 0).total);
    }
    std::size_t total() const {
        std::size_t all = 0;
        for (const auto t : totals_)
            all += t;
        return all;
    }
    /// The document URLs of subjects [offset, offset + limit) of the list, in order;
    /// subjects another namespace owns are left to it.
    std::vector<std::string> urls(std::size_t offset, std::size_t limit) const {
        std::vector<std::string> urls;
        const auto& spaces = space_.namespaces();
        for (std::size_t i = 0; i < spaces.size() && limit > 0; ++i) {
            if (offset >= totals_[i]) {
                offset -= totals_[i];
                continue;
            }
            const auto page = store_.subjects_page(spaces[i].base, offset, limit);
            for (const auto& subject : page.items)
                urls.push_back(space_.owner(subject) == i ? document_of(space_, spaces[i], subject)
                                                          : std::string());
            limit -= std::min(limit, page.items.size());
            offset = 0;
        }
        return urls;
    }

  private:
    const rdf::Store& store_;
    const PublicSpace& space_;
    std::vector<std::size_t> totals_;
};

} // namespace

Result<std::string> sitemap(const rdf::Store& store, const PublicSpace& space,
                            std::string_view home, std::optional<std::size_t> page) {
    // Page 1 also lists the home page, so each file holds at most sitemap_urls URLs.
    constexpr std::size_t per_file = sitemap_urls - 1;
    const Subjects subjects(store, space);
    const auto total = subjects.total();
    const auto files = page_count(total, per_file);
    const auto& public_base = space.root();
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
    const auto urls = subjects.urls(offset, per_file);
    xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    std::string previous;
    const auto& spaces = space.namespaces();
    const auto root = std::find_if(spaces.begin(), spaces.end(),
                                   [](const Namespace& ns) { return ns.path == "/"; });
    if (file == 1 && (root == spaces.end() || !rdf::describes(store, root->base))) {
        xml += "<url><loc>" + escape_xml(rdf::iri_to_uri(home)) + "</loc></url>\n";
    } else if (offset > 0) {
        // A hash document split over two files is listed in the first.
        const auto before = subjects.urls(offset - 1, 1);
        if (!before.empty())
            previous = before.front();
    }
    for (const auto& url : urls) {
        if (url.empty() || url == previous)
            continue;
        previous = url;
        xml += "<url><loc>" + escape_xml(rdf::iri_to_uri(url)) + "</loc></url>\n";
    }
    return xml + "</urlset>\n";
}

} // namespace seeother::server
