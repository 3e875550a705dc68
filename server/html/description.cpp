#include "server/html/buffer.hpp"
#include "server/html/escape.hpp"
#include "server/html/layout.hpp"
#include "server/html/names.hpp"
#include "server/html/pages.hpp"
#include "server/ld/query.hpp"

#include "rdf/ascii.hpp"
#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace seeother::server::html {
namespace {

namespace iri = rdf::vocab;
using rdf::iequals;

/// Shown under the label: the first of these the thing has, in the reader's language.
constexpr std::string_view description_predicates[] = {
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://purl.org/dc/terms/description",
    "http://schema.org/description",
    "https://schema.org/description",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://purl.org/dc/elements/1.1/description",
};

/// Blank nodes used once are shown where they are used, this many levels deep at most; a
/// deeper one gets a section of its own, where nesting starts again: the page stays linear in
/// the description, and its rendering recurses no deeper than this.
constexpr std::size_t max_nesting = 40;

/// Items of an RDF list shown; the rest are counted, and left to the RDF formats.
constexpr std::size_t max_list_items = 1000;

/// Their http(s) values are shown as images.
constexpr std::string_view image_predicates[] = {
    "http://xmlns.com/foaf/0.1/depiction",
    "http://xmlns.com/foaf/0.1/img",
    "http://schema.org/image",
    "https://schema.org/image",
    "http://xmlns.com/foaf/0.1/logo",
    "http://schema.org/logo",
};

/// A format's media type and name as an alternate link shows them, escaped once for all
/// pages.
struct Alternate {
    const rdf::FormatInfo* format;
    std::string type_attr; ///< its media type, for an attribute
    std::string name_html; ///< its name, for text
};

const Alternate& alternate(const rdf::FormatInfo& format) {
    static const std::vector<Alternate> all = [] {
        std::vector<Alternate> made;
        for (const auto& row : rdf::formats())
            made.push_back({&row, escape_attr(row.media_type), escape_html(row.name)});
        return made;
    }();
    return all[static_cast<std::size_t>(&format - rdf::formats().data())];
}

bool is_image_source(std::string_view iri) {
    return starts_with_ci(iri, "http://") || starts_with_ci(iri, "https://");
}

template <std::size_t N> int index_in(const std::string_view (&list)[N], std::string_view iri) {
    for (std::size_t i = 0; i < N; ++i)
        if (list[i] == iri)
            return static_cast<int>(i);
    return -1;
}

/// A subject as the description groups triples: IRIs first, then blank nodes, each kind in
/// string order (the order of the sections).
struct SubjectKey {
    bool blank = false;
    std::string_view value; ///< into the triples

    static SubjectKey of(const rdf::Term& term) { return {term.is_blank(), term.value}; }

    friend bool operator<(const SubjectKey& a, const SubjectKey& b) {
        return std::tie(a.blank, a.value) < std::tie(b.blank, b.value);
    }
};

/// Lays one page of a document out in sections, groups and values, and renders it. The
/// document brings the page's values (subject triples, in the store's order) with their
/// blank-node closures; the page orders them by predicate within the page. The page is
/// written by appending to one buffer; strings of the triples are referred to, not copied.
class DescriptionView {
  public:
    DescriptionView(const PageContext& context, const Document& document,
                    const JsonLdWriter& json_ld)
        : context_(context), document_(document), json_ld_(json_ld), names_(context) {
        // A subject's triples mostly come together: the map is searched once for each run of
        // them, and room for the run is taken at once.
        const rdf::Triples& triples = document.triples;
        for (std::size_t from = 0; from < triples.size();) {
            const rdf::Term& subject = triples[from].subject;
            std::size_t to = from + 1;
            while (to < triples.size() && triples[to].subject.value == subject.value &&
                   triples[to].subject.kind == subject.kind)
                ++to;
            std::vector<const rdf::Triple*>* own = nullptr; // made at its first triple
            for (std::size_t i = from; i < to; ++i) {
                const rdf::Triple& t = triples[i];
                // The document's foaf:primaryTopic is said in the footer, not as a section.
                if (t.predicate.value == rdf::vocab::foaf_primary_topic && t.subject.is_iri() &&
                    t.subject.value != document.thing && t.object.value == document.thing) {
                    primary_topic_ = &t;
                    continue;
                }
                if (!own) {
                    own = &by_subject_[SubjectKey::of(subject)];
                    own->reserve(own->size() + (to - i));
                }
                own->push_back(&t);
                if (t.object.is_blank())
                    ++blank_refs_[t.object.value];
                if (t.object.is_literal() && !t.object.language.empty())
                    languages_.push_back(t.object.language);
            }
            from = to;
        }
        std::sort(languages_.begin(), languages_.end());
        languages_.erase(std::unique(languages_.begin(), languages_.end()), languages_.end());
        // format_url() of each RDF format is the stem and its extension, which needs no escape.
        stem_attr_ = escape_attr(document.stem.empty() ? document.url : document.stem);
        alternates_.reserve(rdf::formats().size());
        for (const auto& row : rdf::formats())
            if (row.is_rdf && std::find(document.with_url.begin(), document.with_url.end(),
                                        row.format) != document.with_url.end())
                alternates_.push_back(&alternate(row));
    }

    Result<std::string> render() {
        look_up_backlinks();
        // The description's pages, or more when its backlinks need them.
        const std::size_t backlink_total = backlinks_ ? backlinks_->total : 0;
        pages_ = std::max(document_.pages, page_count(backlink_total, backlinks_per_page));
        if (document_.page > pages_)
            return not_found("there is no page " + std::to_string(document_.page) +
                             " of this document");
        look_up_counts();
        names_.look_up_labels(name_iris());
        lay_out();

        auto thing_label = best_label(document_.triples, document_.thing, context_.language);
        // On a page of a long description the label may be on another page.
        if (const auto* label = names_.label(document_.thing); !thing_label && label)
            thing_label = *label;
        heading_ = thing_label ? thing_label->value : document_.thing;

        // Rendered first: it says which triples the page shows, for the JSON-LD in <head>.
        Buffer body(body_size_estimate());
        // Most pages show every value; a long description grows it past this.
        shown_.reserve(std::min<std::size_t>(document_.triples.size(), 4096));
        intro(body, thing_label);
        if (!document_.contents.empty())
            append_contents(body, context_, document_, used_ids());
        sections(body);
        backlinks(body);
        body += pager_nav(context_, document_.page, pages_);
        Buffer footer_html(1024);
        footer(footer_html);

        PageStart start;
        start.title = paged_title(heading_, document_.page);
        start.head = head();
        return whole_page(context_, start, body.view(), footer_html.view());
    }

  private:
    struct Group {
        PageNames::Id predicate = 0;
        std::string_view predicate_iri;
        const rdf::Triple* const* values = nullptr; ///< preferred first, other languages after
        std::size_t size = 0;
        std::size_t preferred = 0;              ///< how many values are preferred
        std::pair<int, std::string_view> order; ///< where it goes: predicate_order()
    };
    /// A subject's values in groups, which point into `values`.
    struct Groups {
        std::vector<const rdf::Triple*> values;
        std::vector<Group> list;
    };
    struct Section {
        const rdf::Term* subject;
        Groups groups;
    };
    /// The page's backlinks, in public space (none without a store).
    void look_up_backlinks() {
        if (!context_.store)
            return;
        std::optional<rdf::IriRewriter> own_base;
        std::optional<rdf::IriRewriter> own_public;
        backlinks_ = context_.store->backlinks(
            context_.base_rewriter(own_base).rewrite(document_.thing),
            (document_.page - 1) * backlinks_per_page, backlinks_per_page);
        const rdf::IriRewriter& to_public = context_.public_rewriter(own_public);
        for (auto& p : backlinks_->predicates)
            p.iri = to_public.rewrite(p.iri);
        to_public.rewrite_in_place(backlinks_->triples);
    }

    /// Which subjects of the page are classes, and of how many things: one question. Only
    /// those of sections are shown (the document's own IRI, of the primary topic, is not).
    void look_up_counts() {
        if (!context_.store)
            return;
        std::vector<std::string_view> subjects;
        for (const auto& entry : by_subject_)
            if (!entry.first.blank)
                subjects.push_back(entry.first.value);
        if (subjects.empty())
            return;
        std::optional<rdf::IriRewriter> own;
        const rdf::IriRewriter& to_base = context_.base_rewriter(own);
        std::vector<std::string> in_base;
        in_base.reserve(subjects.size());
        for (const auto subject : subjects)
            in_base.push_back(to_base.rewrite(subject));
        const auto counts = context_.store->instance_counts(in_base);
        for (std::size_t i = 0; i < subjects.size(); ++i)
            if (counts[i] > 0)
                instance_counts_.emplace(subjects[i], counts[i]);
    }

    /// Sorting key of a predicate: type, labels, descriptions, images, then by name (its
    /// label or short name in lower case, made once a page).
    std::pair<int, std::string_view> predicate_order(PageNames::Id id,
                                                     std::string_view predicate) const {
        if (predicate == rdf::vocab::rdf_type)
            return {0, {}};
        if (const int rank = label_rank(predicate); rank >= 0)
            return {10 + rank, {}};
        if (const int d = index_in(description_predicates, predicate); d >= 0)
            return {30 + d, {}};
        if (index_in(image_predicates, predicate) >= 0)
            return {50, {}};
        return {100, names_.sorting_name(id)};
    }

    const std::vector<const rdf::Triple*>* triples_of(SubjectKey subject) const {
        const auto found = by_subject_.find(subject);
        return found == by_subject_.end() ? nullptr : &found->second;
    }
    const std::vector<const rdf::Triple*>* triples_of(const rdf::Term& subject) const {
        return triples_of(SubjectKey::of(subject));
    }
    const std::vector<const rdf::Triple*>* triples_of_thing() const {
        return triples_of(SubjectKey{false, document_.thing});
    }

    int references(std::string_view blank) const {
        const auto found = blank_refs_.find(blank);
        return found == blank_refs_.end() ? 0 : found->second;
    }

    /// A well-formed RDF list shown as one: its items (rdf:first triples) and the triples of
    /// its structure (rdf:rest, rdf:type rdf:List), the first `shown_structure` of them those
    /// of the nodes whose items are shown.
    struct List {
        std::vector<const rdf::Triple*> items;
        std::vector<const rdf::Triple*> structure;
        std::size_t shown_structure = 0;
    };

    /// The list starting at blank node `head` (used once, just placed) when it is a
    /// well-formed RDF list: each node has one rdf:first, one rdf:rest and perhaps rdf:type
    /// rdf:List and nothing else, and is used once, by the node before it; the last rest is
    /// rdf:nil. Its nodes are then placed, shown where the list is. Null otherwise.
    const List* place_list(const rdf::Term& head) {
        // Most blank nodes are no list: found out without a walk (nor a memo in not_lists_,
        // which a walk would leave at the same answer).
        const auto* own = triples_of(head);
        if (!own || std::none_of(own->begin(), own->end(), [](const rdf::Triple* t) {
                return t->predicate.value == iri::rdf_first;
            }))
            return nullptr;
        List list;
        std::vector<std::string_view> nodes;
        std::unordered_set<std::string_view> seen;
        for (const rdf::Term* node = &head;;) {
            const auto* triples = triples_of(*node);
            bool fits = triples && !not_lists_.count(node->value) &&
                        (node == &head || (node->is_blank() && references(node->value) == 1 &&
                                           !placed_.count(node->value))) &&
                        seen.insert(node->value).second;
            const rdf::Triple* first = nullptr;
            const rdf::Triple* rest = nullptr;
            for (std::size_t i = 0; fits && i < triples->size(); ++i) {
                const rdf::Triple* t = (*triples)[i];
                if (t->predicate.value == iri::rdf_first && !first)
                    first = t;
                else if (t->predicate.value == iri::rdf_rest && !rest)
                    rest = t;
                else if (t->predicate.value == rdf::vocab::rdf_type &&
                         t->object.value == iri::rdf_list)
                    list.structure.push_back(t);
                else
                    fits = false;
            }
            if (!fits || !first || !rest) {
                // No node on the way starts a list either: found out once, for all of them.
                not_lists_.insert(nodes.begin(), nodes.end());
                not_lists_.insert(node->value);
                return nullptr;
            }
            nodes.push_back(node->value);
            list.items.push_back(first);
            list.structure.push_back(rest);
            if (list.items.size() == max_list_items)
                list.shown_structure = list.structure.size();
            if (rest->object.is_iri() && rest->object.value == iri::rdf_nil)
                break;
            node = &rest->object;
        }
        if (list.items.size() <= max_list_items)
            list.shown_structure = list.structure.size();
        for (const auto node : nodes) {
            placed_.insert(node);
            inline_.insert(node);
        }
        return &lists_.emplace(head.value, std::move(list)).first->second;
    }

    /// Gives every blank node reached from `root` a place, depth first in the order of the
    /// triples, with a stack of our own (a description may nest a million levels): a node
    /// used once is shown where it is used, down to max_nesting levels, then it becomes a
    /// section (appended to `roots`) and nesting starts again from it. The items of a list
    /// nest one level deeper than the list; those past max_list_items, and what only they
    /// lead to, are shown nowhere. placed_ holds every blank node given a place.
    void place_from(const rdf::Term& root, std::vector<const rdf::Term*>& roots) {
        struct Frame {
            const std::vector<const rdf::Triple*>* triples;
            std::size_t next;
            std::size_t end;
            std::size_t depth; ///< of the values: 0 in a section
            bool hidden;       ///< past a list's shown items
        };
        std::vector<Frame> stack;
        const auto push = [&](const rdf::Term& subject, std::size_t depth, bool hidden) {
            if (const auto* triples = triples_of(subject))
                stack.push_back({triples, 0, triples->size(), depth, hidden});
        };
        push(root, 0, false);
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (top.next == top.end) {
                stack.pop_back();
                continue;
            }
            const rdf::Term& object = (*top.triples)[top.next++]->object;
            const std::size_t depth = top.depth;
            const bool hidden = top.hidden;
            if (!object.is_blank() || references(object.value) != 1 ||
                !placed_.insert(object.value).second)
                continue;
            if (hidden || depth > max_nesting) {
                if (!hidden)
                    roots.push_back(&object);
                push(object, 0, hidden);
                continue;
            }
            inline_.insert(object.value);
            if (const List* list = place_list(object)) {
                const auto& items = list->items;
                const std::size_t shown = std::min(items.size(), max_list_items);
                if (shown < items.size())
                    stack.push_back({&items, shown, items.size(), 0, true});
                stack.push_back({&items, 0, shown, depth + 1, false});
                continue;
            }
            push(object, depth + 1, false);
        }
    }

    void lay_out() {
        // Sections: the thing, the other IRI subjects (a hash document), then the blank
        // nodes that are not shown inside another (referenced twice, or from nowhere).
        std::vector<const rdf::Term*> roots;
        if (const auto* own = triples_of_thing())
            roots.push_back(&own->front()->subject);
        for (const auto& [key, triples] : by_subject_)
            if (!key.blank && key.value != document_.thing)
                roots.push_back(&triples.front()->subject);
        for (std::size_t r = 0, iri_roots = roots.size(); r < iri_roots; ++r)
            place_from(*roots[r], roots);
        // Blank nodes no IRI leads to: first those nothing uses (true roots), then those
        // left over (in cycles, or used more than once).
        for (const bool unused_only : {true, false})
            for (const auto& [key, triples] : by_subject_) {
                if (!key.blank || (unused_only && references(key.value) > 0) ||
                    !placed_.insert(key.value).second)
                    continue;
                roots.push_back(&triples.front()->subject);
                place_from(triples.front()->subject, roots);
            }

        for (const auto* root : roots)
            sections_.push_back({root, groups_of(*root)});
    }

    /// The subject's values grouped by predicate, in predicate_order(), then by predicate IRI;
    /// in each group the values keep their order, those in the reader's language first.
    Groups groups_of(const rdf::Term& subject) const {
        Groups groups;
        const auto* triples = triples_of(subject);
        if (!triples)
            return groups;
        // Each value keyed by its predicate's id, then its place: sorted, a group's values
        // come together in their order. Ids are compared, not IRIs.
        const std::size_t n = triples->size();
        std::vector<std::uint64_t> keys(n);
        for (std::size_t i = 0; i < n; ++i)
            keys[i] = (std::uint64_t{predicate_id(*(*triples)[i])} << 32U) | i;
        std::sort(keys.begin(), keys.end());
        groups.values.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            groups.values[i] = (*triples)[keys[i] & 0xFFFFFFFFU];
        std::vector<const rdf::Triple*> others;
        groups.list.reserve(n);
        for (std::size_t from = 0; from < n;) {
            const auto id = static_cast<PageNames::Id>(keys[from] >> 32U);
            std::size_t to = from + 1;
            while (to < n && (keys[to] >> 32U) == id)
                ++to;
            Group& group = groups.list.emplace_back();
            group.predicate = id;
            group.predicate_iri = groups.values[from]->predicate.value;
            group.values = groups.values.data() + from;
            group.size = to - from;
            group.preferred = prefer(groups.values.data() + from, to - from, others);
            group.order = predicate_order(id, group.predicate_iri);
            from = to;
        }
        std::sort(groups.list.begin(), groups.list.end(), [](const Group& a, const Group& b) {
            if (a.order.first != b.order.first)
                return a.order.first < b.order.first;
            if (const int by_name = a.order.second.compare(b.order.second); by_name != 0)
                return by_name < 0;
            return a.predicate_iri < b.predicate_iri;
        });
        return groups;
    }

    /// Puts the values in the reader's best language among those of a property (literals in
    /// other languages after them, in their order) first; returns how many they are.
    std::size_t prefer(const rdf::Triple** values, std::size_t size,
                       std::vector<const rdf::Triple*>& others) const {
        const auto tagged = [](const rdf::Triple* t) {
            return t->object.is_literal() && !t->object.language.empty();
        };
        int best = 0;
        bool any = false;
        for (std::size_t i = 0; i < size; ++i)
            if (tagged(values[i])) {
                const int rank = context_.language.rank(values[i]->object.language);
                best = any ? std::min(best, rank) : rank;
                any = true;
            }
        if (!any)
            return size;
        others.clear();
        std::size_t kept = 0;
        for (std::size_t i = 0; i < size; ++i) {
            const rdf::Triple* t = values[i];
            if (!tagged(t) || context_.language.rank(t->object.language) == best)
                values[kept++] = t;
            else
                others.push_back(t);
        }
        std::copy(others.begin(), others.end(), values + kept);
        return kept;
    }

    PageNames::Id predicate_id(const rdf::Triple& t) const {
        return predicate_ids_[static_cast<std::size_t>(&t - document_.triples.data())];
    }
    PageNames::Id object_id(const rdf::Triple& t) const {
        return object_ids_[static_cast<std::size_t>(&t - document_.triples.data())];
    }

    /// Names every IRI the page may show (the ids of the triples' predicates and IRI objects,
    /// and of the backlinks, are kept), and returns those whose labels the page looks up in
    /// one question: all of them, or, on a page past the values, what the header shows; the
    /// thing's own; and the backlinks'. Repeats are left in: the question asks each once.
    std::vector<PageNames::Id> name_iris() {
        const auto& triples = document_.triples;
        const bool past_end = document_.past_end();
        const std::size_t backlinks = backlinks_ ? backlinks_->triples.size() : 0;
        // Room for most pages' names; a description of many blank nodes grows it as it goes.
        names_.reserve(std::min<std::size_t>(1024, 1 + 2 * triples.size() + 2 * backlinks));
        std::vector<PageNames::Id> ids{names_.id(document_.thing)};
        ids.reserve(1 + 3 * triples.size() + 2 * backlinks);
        predicate_ids_.resize(triples.size());
        object_ids_.resize(triples.size());
        const rdf::Term* subject = nullptr;    // its triples come together: its IRI once
        const rdf::Triple* previous = nullptr; // triples[i - 1], once named
        for (std::size_t i = 0; i < triples.size(); ++i) {
            const rdf::Triple& t = triples[i];
            if (&t == primary_topic_) {
                previous = nullptr;
                continue;
            }
            // A subject's values of one property mostly come together: their IRI found once.
            const bool repeated = previous && previous->predicate.value == t.predicate.value;
            predicate_ids_[i] = repeated ? predicate_ids_[i - 1] : names_.id(t.predicate.value);
            previous = &t;
            if (t.object.is_iri())
                object_ids_[i] = names_.id(t.object.value);
            if (past_end) {
                if (t.object.is_iri() && t.predicate.value == rdf::vocab::rdf_type &&
                    t.subject.is_iri() && t.subject.value == document_.thing)
                    ids.push_back(object_ids_[i]);
                continue;
            }
            if (t.subject.is_iri() && !(subject && subject->value == t.subject.value))
                ids.push_back(names_.id((subject = &t.subject)->value));
            if (!repeated)
                ids.push_back(predicate_ids_[i]);
            if (t.object.is_iri())
                ids.push_back(object_ids_[i]);
        }
        if (backlinks_) {
            // By predicate, then subject: a predicate's IRI is found once for its run.
            const auto& links = backlinks_->triples;
            backlink_ids_.reserve(2 * links.size());
            for (std::size_t i = 0; i < links.size(); ++i) {
                const rdf::Triple& t = links[i];
                backlink_ids_.push_back(t.subject.is_iri() ? names_.id(t.subject.value) : 0);
                if (t.subject.is_iri())
                    ids.push_back(backlink_ids_.back());
                if (i > 0 && links[i - 1].predicate.value == t.predicate.value) {
                    backlink_ids_.push_back(backlink_ids_[2 * i - 1]);
                    continue;
                }
                ids.push_back(backlink_ids_.emplace_back(names_.id(t.predicate.value)));
            }
        }
        return ids;
    }

    /// Room for the body of a page, so that it is not copied as it grows.
    std::size_t body_size_estimate() const {
        constexpr std::size_t per_value = 256;
        constexpr std::size_t per_backlink = 160;
        const std::size_t values = document_.past_end() ? 0 : document_.triples.size();
        const std::size_t backlinks = backlinks_ ? backlinks_->triples.size() : 0;
        // No more: the blank-node closure of a value may be a million triples, shown in part.
        constexpr std::size_t most = std::size_t{4} << 20;
        return std::min(most, 2048 + values * per_value + backlinks * per_backlink);
    }

    void link(Buffer& out, std::string_view iri) const { names_.append_iri_link(out, iri); }

    /// class_url(), escaped for an attribute: the page's URL once, the rest needs no escape
    /// but the '&' before lang (percent-encoded query values have none).
    void append_class_url(Buffer& out, std::string_view class_iri) {
        if (class_url_start_.empty())
            class_url_start_ = escape_attr(context_.own_url(OwnPage::Class)) + "?iri=";
        out += class_url_start_;
        append_query_value(out, class_iri);
        if (context_.lang) {
            out += "&amp;lang=";
            append_query_value(out, *context_.lang);
        }
    }

    /// "<p><a …>N instances…</a></p>" for a subject that is a class.
    void instance_count(Buffer& out, const std::string& subject, std::string_view more) {
        const auto count = instance_counts_.find(subject);
        if (count == instance_counts_.end())
            return;
        out += "<p><a href=\"";
        append_class_url(out, subject);
        out += "\">";
        append_with_separators(out, count->second);
        out += count->second == 1 ? " instance" : " instances";
        out += more;
        out += "</a></p>\n";
    }

    void intro(Buffer& out, const std::optional<rdf::Term>& label) {
        out += "<header>\n<h1";
        if (label)
            append_lang_attr(out, *label);
        out += '>';
        append_html(out, heading_);
        out += "</h1>\n";
        if (label) {
            out += "<p class=\"iri\">";
            link_as_iri(out, document_.thing);
            out += "</p>\n";
        }
        const auto* own = triples_of_thing();
        std::vector<std::string_view> types;
        const rdf::Term* description = nullptr;
        std::pair<int, int> description_key;
        if (own)
            for (const auto* t : *own) {
                if (t->predicate.value == rdf::vocab::rdf_type && t->object.is_iri())
                    types.push_back(t->object.value);
                const int d = index_in(description_predicates, t->predicate.value);
                if (d >= 0 && t->object.is_literal()) {
                    const std::pair<int, int> key{context_.language.rank(t->object.language), d};
                    if (!description || key < description_key) {
                        description = &t->object;
                        description_key = key;
                    }
                }
            }
        if (!types.empty()) {
            out += "<ul class=\"types\" aria-label=\"Types\">\n";
            for (const auto type : types)
                type_item(out, type);
            out += "</ul>\n";
        }
        if (description) {
            out += "<div class=\"desc\">";
            names_.append_literal_html(out, *description);
            out += "</div>\n";
        }
        instance_count(out, document_.thing, " of this class");
        language_switch(out);
        out += "</header>\n";
    }

    /// A type of the thing, linking to the page of its instances.
    void type_item(Buffer& out, std::string_view type) {
        const rdf::Term* label = names_.label(type);
        out += "<li><a href=\"";
        append_class_url(out, type);
        out += '"';
        if (label)
            append_lang_attr(out, *label);
        out += " title=\"All things of this type\">";
        names_.append_label_or_name(out, type);
        out += "</a></li>\n";
    }

    void link_as_iri(Buffer& out, std::string_view iri) const {
        if (!is_linkable(iri)) {
            out += "<span class=\"iri\">";
            append_html(out, iri);
            out += "</span>";
            return;
        }
        out += "<a class=\"iri\" href=\"";
        context_.append_href(out, iri);
        out += "\">";
        append_html(out, iri);
        out += "</a>";
    }

    /// Links to the same page in each language of its literals, when there is a choice.
    void language_switch(Buffer& out) const {
        if (languages_.size() < 2 && !context_.lang)
            return;
        out += "<nav aria-label=\"Language\"><p class=\"muted\">Language: ";
        language_option(out, "automatic", document_.url, !context_.lang, {});
        for (const auto language : languages_) {
            out += " &middot; ";
            language_option(out, language, "?lang=" + encode_query_value(language),
                            context_.lang && iequals(*context_.lang, language), language);
        }
        out += "</p></nav>\n";
    }

    /// One choice of the language switch: a link, or the current choice in bold.
    static void language_option(Buffer& out, std::string_view text, std::string_view href,
                                bool current, std::string_view tag) {
        if (current) {
            out += "<strong aria-current=\"page\"";
        } else {
            out += "<a href=\"";
            append_attr(out, href);
            out += '"';
        }
        if (!tag.empty()) {
            out += " lang=\"";
            append_attr(out, tag);
            out += '"';
        }
        out += '>';
        append_html(out, text);
        out += current ? "</strong>" : "</a>";
    }

    void sections(Buffer& out) {
        if (document_.past_end()) {
            out += "<p class=\"muted\">All ";
            append_with_separators(out, value_count());
            out += " values are on earlier pages.</p>\n";
            return;
        }
        for (std::size_t s = 0; s < sections_.size(); ++s) {
            const auto& section = sections_[s];
            section_start(out, section,
                          s == 0 && section.subject->is_iri() &&
                              section.subject->value == document_.thing);
            out += "<dl class=\"props\">\n";
            for (const auto& group : section.groups.list)
                group_html(out, group, 0);
            out += "</dl>\n</section>\n";
        }
        if (sections_.empty())
            out += "<p class=\"muted\">No properties.</p>\n";
    }

    /// How many values the description has: for a description of one page, every value it
    /// lists (those of blank nodes shown as sections too); for a longer one, its subject
    /// triples, which it is paged by.
    std::size_t value_count() const {
        if (document_.pages > 1)
            return document_.total;
        std::size_t values = 0;
        for (const auto& section : sections_)
            values += section.groups.values.size();
        return values;
    }

    /// The ids the page has taken: its own, and those of terms and sections so far.
    std::set<std::string, std::less<>>& used_ids() {
        if (used_ids_.empty())
            used_ids_ = {"main", "properties", "referenced-by"};
        return used_ids_;
    }

    /// The fragment of a hash IRI as its section's id, so that <P#x> lands on its section;
    /// empty when there is none, or when the page uses it already (its own ids, and the
    /// "b-" of blank nodes, are not taken).
    std::string_view section_id(std::string_view iri) {
        const auto hash = iri.find('#');
        if (hash == std::string_view::npos)
            return {};
        const auto id = iri.substr(hash + 1);
        if (id.empty() || id.find_first_of(" \t\n\f\r") != std::string_view::npos ||
            id.substr(0, 2) == "b-" || !used_ids().emplace(id).second)
            return {};
        return id;
    }

    void section_start(Buffer& out, const Section& section, bool is_thing) {
        if (is_thing) {
            out += "<section aria-labelledby=\"properties\">\n<h2 id=\"properties\">Properties";
            if (pages_ > 1) {
                out += " <small>(";
                append_with_separators(out, value_count());
                out += " values)</small>";
            }
            out += "</h2>\n";
            return;
        }
        const rdf::Term& subject = *section.subject;
        out += "<section";
        if (subject.is_blank()) {
            out += " id=\"b-";
            append_attr(out, subject.value);
            out += '"';
        } else if (const auto id = section_id(subject.value); !id.empty()) {
            out += " id=\"";
            append_attr(out, id);
            out += '"';
        }
        out += ">\n<h2>";
        if (subject.is_blank()) {
            out += "Blank node ";
            append_html(out, subject.value);
        } else {
            link(out, subject.value);
            if (names_.label(subject.value)) {
                out += " <small class=\"iri\">";
                names_.append_short_name(out, subject.value);
                out += "</small>";
            }
        }
        out += "</h2>\n";
        if (subject.is_iri())
            instance_count(out, subject.value, {});
    }

    /// One predicate's values as a dt/dd pair.
    void group_html(Buffer& out, const Group& group, int depth) {
        out += "<div><dt>";
        names_.append_iri_link(out, group.predicate);
        out += "</dt><dd>";
        // Values before `split` are in the preferred language, the others after.
        const std::size_t split = group.preferred;
        const std::size_t to = group.size;
        if (split == 1 && split == to) {
            value_item(out, group, 0, depth);
        } else {
            out += "<ul>";
            for (std::size_t v = 0; v < split; ++v) {
                out += "<li>";
                value_item(out, group, v, depth);
                out += "</li>";
            }
            if (split < to)
                other_languages(out, group, split, to, depth);
            out += "</ul>";
        }
        out += "</dd></div>\n";
    }

    /// The values [from, to) not in the reader's language, folded under their languages.
    void other_languages(Buffer& out, const Group& group, std::size_t from, std::size_t to,
                         int depth) {
        // Sorted, each once: a few, in a vector rather than a tree.
        std::vector<std::string_view> languages;
        languages.reserve(to - from);
        for (std::size_t v = from; v < to; ++v)
            languages.push_back(group.values[v]->object.language);
        std::sort(languages.begin(), languages.end());
        languages.erase(std::unique(languages.begin(), languages.end()), languages.end());
        out += "<li><details class=\"more\"><summary>";
        append_with_separators(out, to - from);
        out += " in other languages (";
        for (auto language = languages.begin(); language != languages.end(); ++language) {
            if (language != languages.begin())
                out += ", ";
            append_html(out, *language);
        }
        out += ")</summary><ul>";
        for (std::size_t v = from; v < to; ++v) {
            out += "<li>";
            value_item(out, group, v, depth);
            out += "</li>";
        }
        out += "</ul></details></li>";
    }

    void value_item(Buffer& out, const Group& group, std::size_t v, int depth) {
        const rdf::Triple* t = group.values[v];
        shown_.push_back(t);
        value_html(out, *t, depth);
    }

    void value_html(Buffer& out, const rdf::Triple& t, int depth) {
        const rdf::Term& object = t.object;
        switch (object.kind) {
        case rdf::Term::Kind::Literal:
            names_.append_literal_html(out, object);
            return;
        case rdf::Term::Kind::Iri:
            if (index_in(image_predicates, t.predicate.value) >= 0 && is_image_source(object.value))
                image_html(out, object.value,
                           t.subject.is_iri() ? t.subject.value : document_.thing);
            names_.append_iri_link(out, object_id(t));
            return;
        case rdf::Term::Kind::Blank:
            break;
        }
        if (!inline_.count(object.value) || depth > static_cast<int>(max_nesting)) {
            out += "<a href=\"#b-";
            append_attr(out, object.value);
            out += "\">Blank node ";
            append_html(out, object.value);
            out += "</a>";
            return;
        }
        if (const auto list = lists_.find(object.value); list != lists_.end()) {
            list_html(out, list->second, depth);
            return;
        }
        out += "<div class=\"nested\"><dl class=\"props\">\n";
        for (const auto& group : groups_of(object).list)
            group_html(out, group, depth + 1);
        out += "</dl></div>";
    }

    void image_html(Buffer& out, std::string_view src, std::string_view of) const {
        out += "<img src=\"";
        append_uri_attr(out, src);
        out += "\" alt=\"Image of ";
        if (of == document_.thing)
            append_attr(out, heading_);
        else if (const auto* label = names_.label(of))
            append_attr(out, label->value);
        else
            names_.append_short_name(out, of);
        out += "\" loading=\"lazy\" referrerpolicy=\"no-referrer\">";
    }

    /// A list's items in order, at most max_list_items of them, and how many more there are
    /// (they are in the RDF formats).
    void list_html(Buffer& out, const List& list, int depth) {
        const std::size_t shown = std::min(list.items.size(), max_list_items);
        shown_.insert(shown_.end(), list.structure.begin(),
                      list.structure.begin() + static_cast<std::ptrdiff_t>(list.shown_structure));
        out += "<ol class=\"list\">";
        for (std::size_t i = 0; i < shown; ++i) {
            shown_.push_back(list.items[i]);
            out += "<li>";
            value_html(out, *list.items[i], depth + 1);
            out += "</li>";
        }
        out += "</ol>";
        if (shown == list.items.size())
            return;
        out += "<p class=\"muted\">The first ";
        append_with_separators(out, shown);
        out += " of ";
        append_with_separators(out, list.items.size());
        out += " items";
        if (!alternates_.empty()) {
            out += "; all of them are in ";
            alternate_links(out);
        }
        out += ".</p>";
    }

    void backlinks(Buffer& out) {
        if (!backlinks_ || backlinks_->total == 0)
            return;
        const auto& links = *backlinks_;
        out += "<section aria-labelledby=\"referenced-by\">\n<h2 id=\"referenced-by\">"
               "Referenced by <small>(";
        append_with_separators(out, links.total);
        out += ")</small></h2>\n<p class=\"muted\">";
        for (std::size_t i = 0; i < links.predicates.size(); ++i) {
            const auto& p = links.predicates[i];
            out += (i == 0 ? "" : i + 1 == links.predicates.size() ? " and " : ", ");
            append_with_separators(out, p.count);
            out += " as ";
            link(out, p.iri);
        }
        out += ".</p>\n";
        if (links.triples.empty()) {
            out += "<p class=\"muted\">All are listed on earlier pages.</p>\n</section>\n";
            return;
        }
        out += "<dl class=\"props\">\n";
        for (std::size_t i = 0; i < links.triples.size();) {
            const auto& predicate = links.triples[i].predicate.value;
            out += "<div><dt>";
            names_.append_iri_link(out, backlink_ids_[2 * i + 1]);
            out += "</dt><dd><ul>";
            for (; i < links.triples.size() && links.triples[i].predicate.value == predicate; ++i) {
                const auto& subject = links.triples[i].subject;
                out += "<li>";
                if (subject.is_iri())
                    names_.append_iri_link(out, backlink_ids_[2 * i]);
                else
                    out += "<span class=\"muted\">a blank node</span>";
                out += "</li>";
            }
            out += "</ul></dd></div>\n";
        }
        out += "</dl>\n";
        const std::size_t first = (document_.page - 1) * backlinks_per_page + 1;
        if (links.total > links.triples.size()) {
            out += "<p class=\"muted\">Showing ";
            append_with_separators(out, first);
            out += "&ndash;";
            append_with_separators(out, first + links.triples.size() - 1);
            out += " of ";
            append_with_separators(out, links.total);
            out += ".</p>\n";
        }
        out += "</section>\n";
    }

    void footer(Buffer& out) const {
        out += "<p>";
        if (primary_topic_) {
            out += "This document, ";
            link_as_iri(out, primary_topic_->subject.value);
            out += ", describes ";
            link_as_iri(out, document_.thing);
            out += ". ";
        }
        out += "Also as ";
        alternate_links(out);
        out += ".</p>\n";
    }

    /// format_url() of an RDF format, percent-encoded and escaped.
    template <class Out> void append_url_attr(Out& out, const rdf::FormatInfo& format) const {
        out += stem_attr_;
        out += '.';
        out += format.extension;
    }

    /// "Turtle, N-Triples or JSON-LD", each a link to this document in that format.
    void alternate_links(Buffer& out) const {
        for (std::size_t i = 0; i < alternates_.size(); ++i) {
            const Alternate& alt = *alternates_[i];
            out += i == 0 ? "" : (i + 1 == alternates_.size() ? " or " : ", ");
            out += "<a href=\"";
            append_url_attr(out, *alt.format);
            out += "\" type=\"";
            out += alt.type_attr;
            out += "\">";
            out += alt.name_html;
            out += "</a>";
        }
    }

    /// The extra markup of <head>: alternates, pager links and the JSON-LD of the page.
    std::string head() {
        // Written into a Buffer, whose appends are inline, then copied once.
        Buffer head(1024);
        for (const auto* alt : alternates_) {
            head += "<link rel=\"alternate\" type=\"";
            head += alt->type_attr;
            head += "\" href=\"";
            append_url_attr(head, *alt->format);
            head += "\">\n";
        }
        head += pager_head(context_, document_.page, pages_);
        // The writer's own JSON-LD is made safe for the element as it is written.
        const std::string json =
            json_ld_ ? escape_script_data(json_ld_(shown_triples(), document_.prefixes))
                     : rdf::serialize_jsonld_for_script(shown_triples(), document_.prefixes,
                                                        document_.iri_check);
        constexpr std::string_view script_start = "<script type=\"application/ld+json\">";
        constexpr std::string_view script_end = "</script>\n";
        std::string whole;
        whole.reserve(head.size() + script_start.size() + json.size() + script_end.size());
        whole.append(head.view()).append(script_start).append(json).append(script_end);
        return whole;
    }

    /// The triples the page shows (and the document's primary topic), for its JSON-LD: all
    /// of them, without a copy, when the page shows all. The JSON-LD writer orders them.
    const rdf::Triples& shown_triples() {
        const rdf::Triples& all = document_.triples;
        std::vector<bool> shown(all.size());
        for (const auto* t : shown_)
            shown[static_cast<std::size_t>(t - all.data())] = true;
        if (primary_topic_)
            shown[static_cast<std::size_t>(primary_topic_ - all.data())] = true;
        if (std::find(shown.begin(), shown.end(), false) == shown.end())
            return all;
        for (std::size_t i = 0; i < all.size(); ++i)
            if (shown[i])
                shown_subset_.push_back(all[i]);
        return shown_subset_;
    }

    const PageContext& context_;
    const Document& document_;
    const JsonLdWriter& json_ld_;
    std::optional<rdf::Backlinks> backlinks_; ///< this page's, public IRIs; none without a store
    /// Instance counts of the subjects on the page that are classes (public IRIs).
    std::unordered_map<std::string, std::size_t> instance_counts_;
    std::vector<const Alternate*> alternates_; ///< every RDF format of this document
    std::string stem_attr_;       ///< the URL of the formats but their extension, escaped
    std::string class_url_start_; ///< of append_class_url(), once made
    /// Ids of names_: of each triple's predicate and (an IRI) object, by place in the
    /// document's triples; of each backlink's subject (an IRI) and predicate, two a backlink.
    std::vector<PageNames::Id> predicate_ids_;
    std::vector<PageNames::Id> object_ids_;
    std::vector<PageNames::Id> backlink_ids_;
    std::map<SubjectKey, std::vector<const rdf::Triple*>> by_subject_;
    std::unordered_map<std::string_view, int> blank_refs_;
    std::vector<std::string_view> languages_; ///< of the literals, sorted, each once
    const rdf::Triple* primary_topic_ = nullptr;
    std::unordered_set<std::string_view> inline_; ///< blank nodes shown where they are used
    std::unordered_set<std::string_view> placed_;
    std::unordered_map<std::string_view, List> lists_; ///< by head, shown as lists
    std::unordered_set<std::string_view> not_lists_;   ///< blank nodes known to start none
    std::vector<Section> sections_;
    std::size_t pages_ = 1;
    PageNames names_; ///< labels and short names of the IRIs shown
    std::string heading_;
    std::set<std::string, std::less<>> used_ids_; ///< used_ids()', once asked for
    std::vector<const rdf::Triple*> shown_;       ///< for the JSON-LD of the page
    rdf::Triples shown_subset_;                   ///< when the page shows only some
};

} // namespace

Result<std::string> description_page(const PageContext& context, const Document& document,
                                     const JsonLdWriter& json_ld) {
    return DescriptionView(context, document, json_ld).render();
}

} // namespace seeother::server::html
