#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/names.hpp"
#include "server/html/pages.hpp"
#include "server/ld/query.hpp"

namespace seeother::server::html {

Result<std::string> classes_page(const PageContext& context, std::size_t page) {
    const auto& store = *context.store;
    const auto classes = store.classes((page - 1) * list_per_page, list_per_page);
    const auto pages = page_count(classes.total, list_per_page);
    if (page > pages)
        return no_such_page(page, pages);
    std::vector<std::string> iris;
    for (const auto& c : classes.items)
        iris.push_back(context.to_public(c.iri));
    const LabelMap labels = lookup_labels(context, iris);

    std::string html = "<h1>Classes</h1>\n<p>" + count_of(classes.total, "class", "classes") +
                       ", most instances first.</p>\n";
    if (!classes.items.empty()) {
        html += "<table>\n<thead><tr><th scope=\"col\">Class</th><th scope=\"col\">IRI</th>"
                "<th scope=\"col\" class=\"n\">Instances</th></tr></thead>\n<tbody>\n";
        for (std::size_t i = 0; i < classes.items.size(); ++i) {
            const auto& iri = iris[i];
            const std::string name = label_or_name(labels, iri, context);
            html += "<tr><td><a href=\"" + escape_attr(class_url(context, iri)) + "\">" +
                    escape_html(name) + "</a></td><td class=\"iri\">" + iri_link(context, iri, {}) +
                    "</td><td class=\"n\">" + with_separators(classes.items[i].count) +
                    "</td></tr>\n";
        }
        html += "</tbody>\n</table>\n";
    }
    html += pager_nav(context, page, pages);
    PageStart start;
    start.title = paged_title("Classes", page);
    start.head = pager_head(context, page, pages);
    return whole_page(context, start, html, machine_footer(context));
}

} // namespace seeother::server::html
