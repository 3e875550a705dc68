#include "server/html/browse.hpp"

#include "rdf/fold.hpp"
#include "rdf/format.hpp"
#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"

#include <algorithm>
#include <set>

namespace seeother::server {
namespace {

constexpr std::size_t classes_on_home = 20;
constexpr std::size_t entry_points_on_home = 12;
constexpr std::size_t void_examples = 3;
constexpr std::size_t void_class_partitions = 100;

namespace iri = rdf::vocab;

std::string host_of(std::string_view public_base) {
    std::string host(public_base);
    if (const auto scheme = host.find("://"); scheme != std::string::npos)
        host.erase(0, scheme + 3);
    if (!host.empty() && host.back() == '/')
        host.pop_back();
    return host;
}

std::string site_title(std::string_view public_base) {
    return "Linked Data at " + host_of(public_base);
}

/// Public IRI → --base IRI, for asking the store about what a page shows.
std::string to_base(const BrowseRequest& request, std::string_view iri) {
    return rdf::IriRewriter(request.public_base, request.base).rewrite(iri);
}

std::string to_public(const BrowseRequest& request, std::string_view iri) {
    return rdf::IriRewriter(request.base, request.public_base).rewrite(iri);
}

BrowseResult not_found(std::string message) {
    return {404, std::move(message)};
}

std::size_t page_count(std::size_t total, std::size_t per_page) {
    return std::max<std::size_t>(1, (total + per_page - 1) / per_page);
}

BrowseResult past_the_end(const BrowseRequest& request, std::size_t pages) {
    return not_found("there is no page " + std::to_string(request.page) + "; the last is page " +
                     std::to_string(pages));
}

std::string class_url(const PageContext& context, std::string_view class_iri) {
    return context.public_base + "class?iri=" + encode_query_value(class_iri) +
           (context.lang ? "&lang=" + encode_query_value(*context.lang) : "");
}

/// Labels for a batch of public IRIs, looked up in the store in one call.
LabelMap lookup_labels(const BrowseRequest& request, const std::vector<std::string>& iris) {
    const rdf::IriRewriter to_base(request.public_base, request.base);
    std::vector<std::string> in_base;
    if (to_base.active()) {
        in_base.reserve(iris.size());
        for (const auto& iri : iris)
            in_base.push_back(to_base.rewrite(iri));
    }
    auto found = request.store->labels(to_base.active() ? in_base : iris);
    LabelMap labels;
    // The description page asks in IRI order, which makes the hint right every time.
    for (std::size_t i = 0; i < iris.size(); ++i)
        if (auto label = choose_label(std::move(found[i]), request.language))
            labels.emplace_hint(labels.end(), iris[i], std::move(*label));
    return labels;
}

/// What every browsing page shares but the prefixes, which the caller chooses.
PageContext context_without_prefixes(const BrowseRequest& request) {
    PageContext context;
    context.public_base = request.public_base;
    context.language = request.language;
    context.lang = request.lang;
    context.lookup = [request](const std::vector<std::string>& iris) {
        return lookup_labels(request, iris);
    };
    return context;
}

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

std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
    return with_separators(n) + " " + std::string(n == 1 ? one : many);
}

std::string machine_footer(const PageContext& context) {
    return "<p>Served by seeother. For machines: <a href=\"" +
           escape_attr(context.public_base + ".well-known/void") +
           "\">VoID description</a> &middot; <a href=\"" +
           escape_attr(context.public_base + "sitemap.xml") + "\">sitemap</a>.</p>\n";
}

/// The search box at the top of the home and search pages.
std::string search_form(const PageContext& context, std::string_view query, bool autofocus) {
    std::string html = "<form class=\"search\" action=\"" +
                       escape_attr(context.public_base + "search") +
                       "\" method=\"get\" role=\"search\">\n<input type=\"search\" name=\"q\" "
                       "value=\"" +
                       escape_attr(query) + "\" aria-label=\"Search things by label\"" +
                       (autofocus ? " autofocus" : "") + ">\n";
    if (context.lang)
        html +=
            "<input type=\"hidden\" name=\"lang\" value=\"" + escape_attr(*context.lang) + "\">\n";
    return html + "<button type=\"submit\">Search</button>\n</form>\n";
}

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

PageContext page_context(const BrowseRequest& request) {
    PageContext context = context_without_prefixes(request);
    context.prefixes = request.store->prefixes();
    rdf::IriRewriter(request.base, request.public_base).rewrite_in_place(context.prefixes);
    return context;
}

BrowseResult document_page(const BrowseRequest& request, const DocumentInput& document) {
    PageContext context =
        document.prefixes ? context_without_prefixes(request) : page_context(request);
    if (document.prefixes)
        context.prefixes = *document.prefixes;

    // Backlinks of the thing, one page of them, with public IRIs.
    const rdf::IriRewriter to_public(request.base, request.public_base);
    const rdf::IriRewriter to_base(request.public_base, request.base);
    rdf::Backlinks backlinks = request.store->backlinks(
        document.thing_iri, (request.page - 1) * backlinks_per_page, backlinks_per_page);
    if (to_public.active()) {
        for (auto& p : backlinks.predicates)
            p.iri = to_public.rewrite(p.iri);
        for (auto& t : backlinks.triples) {
            if (t.subject.is_iri())
                t.subject.value = to_public.rewrite(t.subject.value);
            t.predicate.value = to_public.rewrite(t.predicate.value);
            t.object.value = to_public.rewrite(t.object.value);
        }
    }

    DescriptionPage page;
    page.thing = to_public.rewrite(document.thing_iri);
    page.document_url = document.document_url;
    page.triples = document.triples;
    page.alternates = document.alternates;
    page.page = request.page;
    page.backlinks = &backlinks;
    // Which of the subjects shown are classes, and of how many things.
    std::set<std::string_view> subjects;
    for (const auto& t : *document.triples)
        if (t.subject.is_iri())
            subjects.insert(t.subject.value);
    std::vector<std::string> in_base;
    in_base.reserve(subjects.size());
    for (const auto subject : subjects)
        in_base.push_back(to_base.rewrite(subject));
    const auto counts = request.store->instance_counts(in_base);
    std::size_t i = 0;
    for (const auto subject : subjects) {
        if (counts[i] > 0)
            page.instance_counts.emplace(subject, counts[i]);
        ++i;
    }
    const rdf::Prefixes* prefixes = document.prefixes;
    page.json_ld = [prefixes](const rdf::Triples& triples) {
        static const rdf::Prefixes none;
        return rdf::serialize(triples, rdf::Format::JsonLd, prefixes ? *prefixes : none);
    };

    auto html = render_description(context, page);
    if (!html)
        return not_found("there is no page " + std::to_string(request.page) + " of this document");
    return {200, std::move(*html)};
}

BrowseResult home_page(const BrowseRequest& request) {
    if (request.page > 1)
        return past_the_end(request, 1);
    const PageContext context = page_context(request);
    const auto& store = *request.store;
    const auto stats = store.stats();
    const auto classes = store.classes(0, classes_on_home);

    // Entry points: the most referenced things, then (when there are few links) the first
    // things under id/, or under the base.
    std::vector<std::pair<std::string, std::size_t>> entries;
    std::set<std::string> listed;
    for (const auto& top : store.most_referenced(entry_points_on_home))
        if (listed.insert(top.iri).second)
            entries.emplace_back(to_public(request, top.iri), top.count);
    for (const auto& prefix : {request.base + "id/", request.base}) {
        if (entries.size() >= entry_points_on_home)
            break;
        for (const auto& iri : store.subjects_page(prefix, 0, entry_points_on_home).items)
            if (entries.size() < entry_points_on_home && listed.insert(iri).second)
                entries.emplace_back(to_public(request, iri), 0);
    }
    std::vector<std::string> to_label;
    for (const auto& c : classes.items)
        to_label.push_back(to_public(request, c.iri));
    for (const auto& e : entries)
        to_label.push_back(e.first);
    const LabelMap labels = lookup_labels(request, to_label);

    const std::string title = site_title(request.public_base);
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
            const auto iri = to_public(request, c.iri);
            const auto label = labels.find(iri);
            const std::string name =
                label != labels.end() ? label->second.value : short_name(iri, context.prefixes);
            html += "<tr><td><a href=\"" + escape_attr(class_url(context, iri)) + "\">" +
                    escape_html(name) + "</a></td><td class=\"n\">" + with_separators(c.count) +
                    "</td></tr>\n";
        }
        html += "</tbody>\n</table>\n";
        if (classes.total > classes.items.size())
            html += "<p><a href=\"" + escape_attr(request.public_base + "classes") + "\">All " +
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
    return {200, page_start(context, start) + html + page_end(machine_footer(context))};
}

BrowseResult classes_page(const BrowseRequest& request) {
    const PageContext context = page_context(request);
    const auto& store = *request.store;
    const auto classes = store.classes((request.page - 1) * list_per_page, list_per_page);
    const auto pages = page_count(classes.total, list_per_page);
    if (request.page > pages)
        return past_the_end(request, pages);
    std::vector<std::string> iris;
    for (const auto& c : classes.items)
        iris.push_back(to_public(request, c.iri));
    const LabelMap labels = lookup_labels(request, iris);

    std::string html = "<h1>Classes</h1>\n<p>" + count_of(classes.total, "class", "classes") +
                       ", most instances first.</p>\n";
    if (!classes.items.empty()) {
        html += "<table>\n<thead><tr><th scope=\"col\">Class</th><th scope=\"col\">IRI</th>"
                "<th scope=\"col\" class=\"n\">Instances</th></tr></thead>\n<tbody>\n";
        for (std::size_t i = 0; i < classes.items.size(); ++i) {
            const auto& iri = iris[i];
            const auto label = labels.find(iri);
            const std::string name =
                label != labels.end() ? label->second.value : short_name(iri, context.prefixes);
            html += "<tr><td><a href=\"" + escape_attr(class_url(context, iri)) + "\">" +
                    escape_html(name) + "</a></td><td class=\"iri\">" + iri_link(context, iri, {}) +
                    "</td><td class=\"n\">" + with_separators(classes.items[i].count) +
                    "</td></tr>\n";
        }
        html += "</tbody>\n</table>\n";
    }
    html += pager_nav(context, request.page, pages);
    PageStart start;
    start.title = "Classes" + (request.page > 1 ? " (page " + std::to_string(request.page) + ")"
                                                : std::string());
    start.head = pager_head(context, request.page, pages);
    return {200, page_start(context, start) + html + page_end(machine_footer(context))};
}

BrowseResult class_page(const BrowseRequest& request, std::string_view class_iri) {
    if (class_iri.empty())
        return {400, "the class page needs the class IRI: /class?iri=IRI"};
    const PageContext context = page_context(request);
    const std::string public_iri = to_public(request, to_base(request, class_iri));
    const auto instances = request.store->instances(
        to_base(request, class_iri), (request.page - 1) * list_per_page, list_per_page);
    if (instances.total == 0)
        return not_found("nothing in the data has the type <" + public_iri + ">");
    const auto pages = page_count(instances.total, list_per_page);
    if (request.page > pages)
        return past_the_end(request, pages);

    std::vector<std::string> iris{public_iri};
    for (const auto& instance : instances.items)
        if (instance.is_iri())
            iris.push_back(to_public(request, instance.value));
    const LabelMap labels = lookup_labels(request, iris);
    const auto label = labels.find(public_iri);
    const std::string name =
        label != labels.end() ? label->second.value : short_name(public_iri, context.prefixes);

    std::string html =
        "<header>\n<h1>" + escape_html(name) + " <small>(class)</small></h1>\n<p class=\"iri\">" +
        iri_link(context, public_iri, {}) + "</p>\n<p>" +
        count_of(instances.total, "thing has", "things have") + " this type.</p>\n</header>\n";
    const std::size_t first = (request.page - 1) * list_per_page + 1;
    html += "<section aria-labelledby=\"instances\">\n<h2 id=\"instances\">Instances";
    if (pages > 1)
        html += " <small>(" + with_separators(first) + "&ndash;" +
                with_separators(first + instances.items.size() - 1) + " of " +
                with_separators(instances.total) + ")</small>";
    html += "</h2>\n<ol start=\"" + std::to_string(first) + "\">\n";
    for (const auto& instance : instances.items) {
        html += "<li>";
        if (instance.is_iri()) {
            const auto iri = to_public(request, instance.value);
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
    html += pager_nav(context, request.page, pages, extra);

    PageStart start;
    start.title =
        name + (request.page > 1 ? " (page " + std::to_string(request.page) + ")" : std::string());
    start.head = pager_head(context, request.page, pages, extra);
    return {200, page_start(context, start) + html + page_end(machine_footer(context))};
}

BrowseResult search_page(const BrowseRequest& request, std::string_view query) {
    const PageContext context = page_context(request);
    PageStart start;
    start.search_query = std::string(query);
    std::string html = "<h1>Search</h1>\n" + search_form(context, query, query.empty());
    if (rdf::fold_for_search(query).empty()) {
        if (request.page > 1)
            return past_the_end(request, 1);
        start.title = "Search";
        html += "<p class=\"muted\">Finds things whose label contains the words, whatever their "
                "case and accents: exact labels first, then labels that start with them, then "
                "the rest, shorter labels first.</p>\n";
        return {200, page_start(context, start) + html + page_end(machine_footer(context))};
    }

    const std::size_t offset = (request.page - 1) * hits_per_page;
    const auto hits = offset < max_search_pages * hits_per_page
                          ? request.store->search(query, offset, hits_per_page)
                          : rdf::Page<rdf::SearchHit>{};
    const auto readable = std::min(hits.total, max_search_pages * hits_per_page);
    const auto pages = page_count(readable, hits_per_page);
    if (request.page > pages)
        return past_the_end(request, pages);

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
        const auto all_labels = request.store->labels(hit_iris);
        const std::string folded_query = rdf::fold_for_search(query);
        html += "<ol class=\"hits\" start=\"" + std::to_string(offset + 1) + "\">\n";
        for (std::size_t i = 0; i < hits.items.size(); ++i) {
            rdf::SearchHit hit = hits.items[i];
            for (const auto& label : all_labels[i])
                if (request.language.rank(label.language) <
                        request.language.rank(hit.label.language) &&
                    rdf::fold_for_search(label.value).find(folded_query) != std::string::npos)
                    hit.label = label;
            const auto iri = to_public(request, hit.iri);
            html +=
                "<li><a href=\"" + escape_attr(rdf::iri_to_uri(iri)) + "\"" +
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
    html += pager_nav(context, request.page, pages, extra);
    start.head = pager_head(context, request.page, pages, extra);
    if (request.page > 1)
        start.title += " (page " + std::to_string(request.page) + ")";
    return {200, page_start(context, start) + html + page_end(machine_footer(context))};
}

BrowseResult sitemap(const BrowseRequest& request) {
    // Page 1 also lists the home page, so each file holds at most sitemap_urls URLs.
    constexpr std::size_t per_file = sitemap_urls - 1;
    const auto& store = *request.store;
    const auto total = store.subjects_page(request.base, 0, 0).total;
    const auto files = page_count(total, per_file);
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (files > 1 && !request.page_given) {
        xml += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
        for (std::size_t n = 1; n <= files; ++n)
            xml += "<sitemap><loc>" +
                   escape_xml(request.public_base + "sitemap.xml?page=" + std::to_string(n)) +
                   "</loc></sitemap>\n";
        return {200, xml + "</sitemapindex>\n"};
    }
    if (request.page > files)
        return past_the_end(request, files);

    const std::size_t offset = (request.page - 1) * per_file;
    const auto subjects = store.subjects_page(request.base, offset, per_file);
    xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    std::string previous;
    if (request.page == 1 && !rdf::describes(store, request.base)) {
        xml += "<url><loc>" + escape_xml(rdf::iri_to_uri(request.public_base)) + "</loc></url>\n";
    } else if (offset > 0) {
        // A hash document split over two files is listed in the first.
        const auto before = store.subjects_page(request.base, offset - 1, 1);
        if (!before.items.empty())
            previous = document_of(request.public_base, to_public(request, before.items.front()));
    }
    for (const auto& subject : subjects.items) {
        const auto url = document_of(request.public_base, to_public(request, subject));
        if (url.empty() || url == previous)
            continue;
        previous = url;
        xml += "<url><loc>" + escape_xml(rdf::iri_to_uri(url)) + "</loc></url>\n";
    }
    return {200, xml + "</urlset>\n"};
}

std::string void_dataset_iri(std::string_view public_base) {
    return std::string(public_base) + ".well-known/void#dataset";
}

rdf::Triples void_description(const rdf::Store& store, std::string_view base,
                              std::string_view public_base) {
    const rdf::IriRewriter rewriter{std::string(base), std::string(public_base)};
    const auto ns = [](const char* local) {
        return rdf::Term::iri(std::string(iri::void_ns) + local);
    };
    const auto integer = [](std::size_t n) {
        return rdf::Term::literal(std::to_string(n), std::string(iri::xsd_integer));
    };
    const auto document = rdf::Term::iri(std::string(public_base) + ".well-known/void");
    const auto dataset = rdf::Term::iri(void_dataset_iri(public_base));
    const auto stats = store.stats();
    rdf::Triples triples;
    const auto add = [&](const rdf::Term& s, const rdf::Term& p, rdf::Term o) {
        triples.push_back({s, p, std::move(o), {}});
    };
    add(document, rdf::Term::iri(std::string(rdf::vocab::rdf_type)), ns("DatasetDescription"));
    add(document, rdf::Term::iri(std::string(rdf::vocab::foaf_primary_topic)), dataset);
    add(dataset, rdf::Term::iri(std::string(rdf::vocab::rdf_type)), ns("Dataset"));
    add(dataset, rdf::Term::iri(std::string(iri::dcterms_title)),
        rdf::Term::literal(site_title(public_base), "", "en"));
    add(dataset, rdf::Term::iri(std::string(iri::dcterms_description)),
        rdf::Term::literal("Linked Data served by seeother: GET an IRI under the URI space for "
                           "a description of the thing, in the format your client asks for.",
                           "", "en"));
    add(dataset, rdf::Term::iri(std::string(iri::foaf_homepage)),
        rdf::Term::iri(std::string(public_base)));
    add(dataset, ns("uriSpace"), rdf::Term::literal(std::string(public_base)));
    add(dataset, ns("triples"), integer(stats.triples));
    add(dataset, ns("entities"), integer(stats.iri_subjects));
    add(dataset, ns("distinctSubjects"), integer(stats.subjects));
    add(dataset, ns("classes"), integer(stats.classes));
    auto examples = store.most_referenced(void_examples);
    if (examples.empty())
        for (auto& iri : store.subjects_page(std::string(base), 0, void_examples).items)
            examples.push_back({std::move(iri), 0});
    for (const auto& example : examples)
        add(dataset, ns("exampleResource"), rdf::Term::iri(rewriter.rewrite(example.iri)));
    for (const auto& row : rdf::formats()) {
        if (!row.is_rdf)
            continue;
        std::string name(row.name);
        if (name == "RDF/XML")
            name = "RDF_XML";
        add(dataset, ns("feature"), rdf::Term::iri(std::string(iri::formats_ns) + name));
    }
    const auto classes = store.classes(0, void_class_partitions);
    for (std::size_t i = 0; i < classes.items.size(); ++i) {
        const auto partition = rdf::Term::blank("class" + std::to_string(i + 1));
        add(dataset, ns("classPartition"), partition);
        add(partition, ns("class"), rdf::Term::iri(rewriter.rewrite(classes.items[i].iri)));
        add(partition, ns("entities"), integer(classes.items[i].count));
    }
    std::sort(triples.begin(), triples.end());
    return triples;
}

} // namespace seeother::server
