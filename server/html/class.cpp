#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/names.hpp"
#include "server/html/pages.hpp"
#include "server/ld/query.hpp"

#include "rdf/iri.hpp"

namespace seeother::server::html {

Result<std::string> class_page(const PageContext& context, std::string_view class_iri,
                               std::size_t page) {
    if (class_iri.empty())
        return bad_request("the class page needs the class IRI: /class?iri=IRI");
    const std::string public_iri = context.to_public(context.to_base(class_iri));
    const auto instances = context.store->instances(context.to_base(class_iri),
                                                    (page - 1) * list_per_page, list_per_page);
    if (instances.total == 0)
        return not_found("nothing in the data has the type <" + public_iri + ">");
    const auto pages = page_count(instances.total, list_per_page);
    if (page > pages)
        return no_such_page(page, pages);

    std::vector<std::string> iris{public_iri};
    for (const auto& instance : instances.items)
        if (instance.is_iri())
            iris.push_back(context.to_public(instance.value));
    const LabelMap labels = lookup_labels(context, iris);
    const std::string name = label_or_name(labels, public_iri, context);

    std::string html =
        "<header>\n<h1>" + escape_html(name) + " <small>(class)</small></h1>\n<p class=\"iri\">" +
        iri_link(context, public_iri, {}) + "</p>\n<p>" +
        count_of(instances.total, "thing has", "things have") + " this type.</p>\n</header>\n";
    const std::size_t first = (page - 1) * list_per_page + 1;
    html += "<section aria-labelledby=\"instances\">\n<h2 id=\"instances\">Instances";
    if (pages > 1)
        html += " <small>(" + with_separators(first) + "&ndash;" +
                with_separators(first + instances.items.size() - 1) + " of " +
                with_separators(instances.total) + ")</small>";
    html += "</h2>\n<ol start=\"" + std::to_string(first) + "\">\n";
    for (const auto& instance : instances.items) {
        html += "<li>";
        if (instance.is_iri()) {
            const auto iri = context.to_public(instance.value);
            html += iri_link(context, iri, labels);
            if (labels.count(iri))
                html += " <small class=\"iri\">" + escape_html(iri) + "</small>";
        } else {
            html += "<span class=\"muted\">a blank node</span>";
        }
        html += "</li>\n";
    }
    html += "</ol>\n</section>\n";
    const std::string extra = "iri=" + encode_query_value(public_iri);
    html += pager_nav(context, page, pages, extra);

    PageStart start;
    start.title = paged_title(name, page);
    start.head = pager_head(context, page, pages, extra);
    return whole_page(context, start, html, machine_footer(context));
}

} // namespace seeother::server::html
