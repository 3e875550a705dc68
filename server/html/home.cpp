#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/names.hpp"
#include "server/html/pages.hpp"
#include "server/ld/query.hpp"
#include "server/ld/site.hpp"

#include <set>

namespace seeother::server::html {
namespace {

constexpr std::size_t classes_on_home = 20;
constexpr std::size_t entry_points_on_home = 12;

} // namespace

Result<std::string> home_page(const PageContext& context, std::size_t page) {
    if (page > 1)
        return no_such_page(page, 1);
    const auto& store = *context.store;
    const auto stats = store.stats();
    const auto classes = store.classes(0, classes_on_home);

    // Entry points: the most referenced things, then (when there are few links) the first
    // things under id/, or under the base.
    std::vector<std::pair<std::string, std::size_t>> entries;
    std::set<std::string> listed;
    for (const auto& top : store.most_referenced(entry_points_on_home))
        if (listed.insert(top.iri).second)
            entries.emplace_back(context.to_public(top.iri), top.count);
    for (const auto& prefix : {context.base + "id/", context.base}) {
        if (entries.size() >= entry_points_on_home)
            break;
        for (const auto& iri : store.subjects_page(prefix, 0, entry_points_on_home).items)
            if (entries.size() < entry_points_on_home && listed.insert(iri).second)
                entries.emplace_back(context.to_public(iri), 0);
    }
    std::vector<std::string> to_label;
    for (const auto& c : classes.items)
        to_label.push_back(context.to_public(c.iri));
    for (const auto& e : entries)
        to_label.push_back(e.first);
    const LabelMap labels = lookup_labels(context, to_label);

    const std::string title = site_title(context.public_base);
    std::string html = "<h1>" + escape_html(title) + "</h1>\n<p>" +
                       count_of(stats.triples, "triple", "triples") + " about " +
                       count_of(stats.iri_subjects, "thing", "things");
    if (stats.subjects > stats.iri_subjects)
        html += " (and " +
                count_of(stats.subjects - stats.iri_subjects, "blank node", "blank nodes") + ")";
    html += ", in " + count_of(stats.classes, "class", "classes") + ".</p>\n";
    html += "<section aria-labelledby=\"find\">\n<h2 id=\"find\">Find a thing</h2>\n" +
            search_form(context, {}, false) + "<p class=\"muted\">Searches " +
            count_of(stats.labels, "label", "labels") +
            "; case and accents do not matter.</p>\n</section>\n";

    if (!classes.items.empty()) {
        html += "<section aria-labelledby=\"classes\">\n<h2 id=\"classes\">Classes</h2>\n"
                "<table>\n<thead><tr><th scope=\"col\">Class</th><th scope=\"col\" "
                "class=\"n\">Instances</th></tr></thead>\n<tbody>\n";
        for (const auto& c : classes.items) {
            const auto iri = context.to_public(c.iri);
            const std::string name = label_or_name(labels, iri, context);
            html += "<tr><td><a href=\"" + escape_attr(class_url(context, iri)) + "\">" +
                    escape_html(name) + "</a></td><td class=\"n\">" + with_separators(c.count) +
                    "</td></tr>\n";
        }
        html += "</tbody>\n</table>\n";
        if (classes.total > classes.items.size())
            html += "<p><a href=\"" + escape_attr(context.public_base + "classes") + "\">All " +
                    with_separators(classes.total) + " classes</a></p>\n";
        html += "</section>\n";
    }

    if (!entries.empty()) {
        html += "<section aria-labelledby=\"start\">\n<h2 id=\"start\">Where to start</h2>\n";
        html += entries.front().second > 0
                    ? "<p class=\"muted\">The things most often linked to first.</p>\n<ul>\n"
                    : "<ul>\n";
        for (const auto& [iri, count] : entries) {
            html += "<li>" + iri_link(context, iri, labels);
            if (count > 0)
                html += " <small>(" + count_of(count, "link", "links") + ")</small>";
            html += "</li>\n";
        }
        html += "</ul>\n</section>\n";
    }

    PageStart start;
    start.title = title;
    return whole_page(context, start, html, machine_footer(context));
}

} // namespace seeother::server::html
