#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/names.hpp"
#include "server/html/pages.hpp"
#include "server/ld/query.hpp"

#include "rdf/fold.hpp"
#include "rdf/iri.hpp"

#include <algorithm>

namespace seeother::server::html {
namespace {

/// Highlights the first match of the folded query in a label with <mark>, escaping all.
std::string highlight(std::string_view label, std::string_view query) {
    const std::string folded_query = rdf::fold_for_search(query);
    // Fold one character at a time, remembering where each folded byte came from.
    std::string folded;
    std::vector<std::size_t> origin;
    for (std::size_t i = 0; i < label.size();) {
        std::size_t next = i + 1;
        while (next < label.size() && (static_cast<unsigned char>(label[next]) & 0xC0U) == 0x80U)
            ++next;
        const auto piece = label.substr(i, next - i);
        const std::string f = piece == " " || piece == "\t" || piece == "\n"
                                  ? std::string(" ")
                                  : rdf::fold_for_search(piece);
        for (std::size_t k = 0; k < f.size(); ++k)
            origin.push_back(i);
        folded += f;
        i = next;
    }
    origin.push_back(label.size());
    const auto at = folded_query.empty() ? std::string::npos : folded.find(folded_query);
    if (at == std::string::npos)
        return escape_html(label);
    const std::size_t begin = origin[at];
    std::size_t end = origin[at + folded_query.size()];
    if (end <= begin) // the match ends inside one character that folds to several
        end = begin + 1;
    while (end < label.size() && (static_cast<unsigned char>(label[end]) & 0xC0U) == 0x80U)
        ++end;
    return escape_html(label.substr(0, begin)) + "<mark>" +
           escape_html(label.substr(begin, end - begin)) + "</mark>" +
           escape_html(label.substr(end));
}

} // namespace

Result<std::string> search_page(const PageContext& context, std::string_view query,
                                std::size_t page) {
    PageStart start;
    start.search_query = std::string(query);
    std::string html = "<h1>Search</h1>\n" + search_form(context, query, query.empty());
    if (rdf::fold_for_search(query).empty()) {
        if (page > 1)
            return no_such_page(page, 1);
        start.title = "Search";
        html += "<p class=\"muted\">Finds things whose label contains the words, whatever their "
                "case and accents: exact labels first, then labels that start with them, then "
                "the rest, shorter labels first.</p>\n";
        return whole_page(context, start, html, machine_footer(context));
    }

    // The best hits the pages may show, in one question; subjects outside every namespace
    // are not served, so they are left out, and out of the count.
    const std::size_t offset = (page - 1) * hits_per_page;
    auto best = context.store->search(query, 0, max_search_pages * hits_per_page);
    if (context.space) {
        const auto found = best.items.size();
        best.items.erase(std::remove_if(best.items.begin(), best.items.end(),
                                        [&](const rdf::SearchHit& hit) {
                                            return !context.space->owner(hit.iri);
                                        }),
                         best.items.end());
        best.total -= found - best.items.size();
    }
    rdf::Page<rdf::SearchHit> hits{best.total, {}};
    for (std::size_t i = offset; i < best.items.size() && i < offset + hits_per_page; ++i)
        hits.items.push_back(std::move(best.items[i]));
    const auto readable = std::min(hits.total, max_search_pages * hits_per_page);
    const auto pages = page_count(readable, hits_per_page);
    if (page > pages)
        return no_such_page(page, pages);

    start.title = "Search: " + std::string(query);
    html += "<section aria-labelledby=\"results\">\n<h2 id=\"results\">" +
            count_of(hits.total, "thing matches", "things match") + " &ldquo;" +
            escape_html(query) + "&rdquo;</h2>\n";
    if (hits.total > readable)
        html += "<p class=\"muted\">Showing the best " + with_separators(readable) +
                "; add words to narrow the search.</p>\n";
    if (!hits.items.empty()) {
        // Show each hit by a label that matches in the reader's language, when it has one.
        std::vector<std::string> hit_iris;
        for (const auto& hit : hits.items)
            hit_iris.push_back(hit.iri);
        const auto all_labels = context.store->labels(hit_iris);
        const std::string folded_query = rdf::fold_for_search(query);
        html += "<ol class=\"hits\" start=\"" + std::to_string(offset + 1) + "\">\n";
        for (std::size_t i = 0; i < hits.items.size(); ++i) {
            rdf::SearchHit hit = hits.items[i];
            for (const auto& label : all_labels[i])
                if (context.language.rank(label.language) <
                        context.language.rank(hit.label.language) &&
                    rdf::fold_for_search(label.value).find(folded_query) != std::string::npos)
                    hit.label = label;
            const auto iri = context.to_public(hit.iri);
            html +=
                "<li><a href=\"" + escape_attr(rdf::iri_to_uri(context.href(iri))) + "\"" +
                (hit.label.language.empty() ? std::string()
                                            : " lang=\"" + escape_attr(hit.label.language) + "\"") +
                ">" + highlight(hit.label.value, query) + "</a>";
            if (!hit.label.language.empty())
                html += "<small class=\"tag\">" + escape_html(hit.label.language) + "</small>";
            html += "<br><small class=\"iri\">" + escape_html(iri) + "</small></li>\n";
        }
        html += "</ol>\n";
    }
    html += "</section>\n";
    const std::string extra = "q=" + encode_query_value(query);
    html += pager_nav(context, page, pages, extra);
    start.head = pager_head(context, page, pages, extra);
    start.title = paged_title(std::move(start.title), page);
    return whole_page(context, start, html, machine_footer(context));
}

} // namespace seeother::server::html
