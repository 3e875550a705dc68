#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/pages.hpp"

#include "rdf/iri.hpp"

#include <utility>
#include <vector>

namespace seeother::server::html {

void append_contents(Buffer& out, const PageContext& context, const Document& document,
                     std::set<std::string, std::less<>>& ids) {
    // The terms: the document's IRI#… subjects (the document itself is the page's heading).
    std::vector<std::pair<std::string_view, std::size_t>> terms;
    for (const auto& [iri, page] : document.contents)
        if (const auto hash = iri.find('#'); hash != std::string::npos)
            terms.emplace_back(std::string_view(iri).substr(hash + 1), page);
    if (terms.empty())
        return;
    ids.insert("contents");
    out += "<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents <small>(";
    append_with_separators(out, terms.size());
    out += terms.size() == 1 ? " term" : " terms";
    out += ", by name)</small></h2>\n<ol class=\"contents\">\n";
    for (const auto& [term, page] : terms) {
        // A term shown on a later page takes its id here (as description.cpp's sections
        // do: no white space, not "b-", not taken).
        const bool here = page == document.page;
        const bool id = !here && !term.empty() &&
                        term.find_first_of(" \t\n\f\r") == std::string_view::npos &&
                        term.substr(0, 2) != "b-" && ids.emplace(term).second;
        out += "<li";
        if (id)
            out += " id=\"" + escape_attr(term) + "\"";
        out += "><a href=\"";
        if (!here)
            out += page_query(context, page);
        out += "#" + escape_attr(rdf::iri_to_uri(term));
        out += "\">" + escape_html(term) + "</a>";
        if (!here)
            out += " <small>page " + with_separators(page) + "</small>";
        out += "</li>\n";
    }
    out += "</ol>\n</nav>\n";
}

} // namespace seeother::server::html
