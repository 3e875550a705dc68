#include "rdf/edit/edited_store.hpp"

#include "rdf/ascii.hpp"
#include "rdf/fold.hpp"
#include "rdf/writer_util.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace seeother::rdf {

namespace {

constexpr std::size_t all = std::numeric_limits<std::size_t>::max();
/// As a SordStore keeps (sord_store.cpp): most_referenced() answers at most this many.
constexpr std::size_t most_referenced_kept = 100;
/// As a SordStore: beyond this many language tags, languages() says it does not know them.
constexpr std::size_t max_languages = 256;

std::size_t add(std::size_t a, std::size_t b) {
    return a > all - b ? all : a + b;
}

std::size_t less_or_zero(std::size_t a, std::size_t b) {
    return a > b ? a - b : 0;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// --- Sord's order -----------------------------------------------------------------------------

/// Sord's node kinds in its order (SerdType: literal 1, IRI 2, blank node 4).
int sord_rank(Term::Kind kind) {
    switch (kind) {
    case Term::Kind::Literal:
        return 1;
    case Term::Kind::Iri:
        return 2;
    case Term::Kind::Blank:
        break;
    }
    return 4;
}

/// Strings as Sord compares them: as C strings (strcmp).
int c_compare(const std::string& a, const std::string& b) {
    return std::strcmp(a.c_str(), b.c_str());
}

/// Sord's node order (sord_node_compare): literals, IRIs, blank nodes; IRIs and labels as C
/// strings; literals by text, then plain before language-tagged before typed, then by tag or
/// datatype.
int sord_compare(const Term& a, const Term& b) {
    if (a.kind != b.kind)
        return sord_rank(a.kind) < sord_rank(b.kind) ? -1 : 1;
    if (const int c = c_compare(a.value, b.value); c != 0 || !a.is_literal())
        return c;
    const auto meta = [](const Term& t) {
        return !t.language.empty() ? 1 : !t.datatype.empty() ? 2 : 0;
    };
    if (meta(a) != meta(b))
        return meta(a) < meta(b) ? -1 : 1;
    return meta(a) == 1 ? c_compare(a.language, b.language) : c_compare(a.datatype, b.datatype);
}

/// A subject's triples in Sord's order: by predicate, then object.
bool sord_less(const Triple& a, const Triple& b) {
    if (const int c = c_compare(a.predicate.value, b.predicate.value))
        return c < 0;
    return sord_compare(a.object, b.object) < 0;
}

/// Named graphs in Sord's order: IRIs before blank nodes ("_:label"), then as C strings.
bool graph_less(const std::string& a, const std::string& b) {
    const bool a_blank = starts_with(a, "_:");
    const bool b_blank = starts_with(b, "_:");
    if (a_blank != b_blank)
        return b_blank;
    return c_compare(a, b) < 0;
}

/// The graph Sord shows for a triple stored in `kept` and then once more in `added`: Sord
/// keeps one quad in the default graph and refuses the others; named graphs are all kept and
/// the first in its order is shown.
const std::string& shown_graph(const std::string& kept, const std::string& added) {
    if (kept.empty() || added.empty())
        return kept;
    return graph_less(added, kept) ? added : kept;
}

bool same_statement(const Triple& a, const Triple& b) {
    return a.subject == b.subject && a.predicate == b.predicate && a.object == b.object;
}

/// Sorts by `less` (stably: earlier triples first among equals) and keeps one triple per
/// statement, with the graph Sord would show.
template <class Less> void sort_statements(Triples& triples, Less less) {
    std::stable_sort(triples.begin(), triples.end(), less);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < triples.size(); ++i) {
        if (kept > 0 && same_statement(triples[kept - 1], triples[i])) {
            triples[kept - 1].graph = shown_graph(triples[kept - 1].graph, triples[i].graph);
            continue;
        }
        if (kept != i)
            triples[kept] = std::move(triples[i]);
        ++kept;
    }
    triples.resize(kept);
}

/// Closure triples by subject (blank label), then as Triple orders the rest.
bool by_subject(const Triple& a, const Triple& b) {
    if (const int c = a.subject.value.compare(b.subject.value))
        return c < 0;
    if (const int c = compare(a.predicate, b.predicate))
        return c < 0;
    return compare(a.object, b.object) < 0;
}

// --- Labels and search ------------------------------------------------------------------------

/// The place of a label predicate in label_predicates(), or none.
std::optional<std::size_t> label_rank(const Term& predicate) {
    const auto& ranked = label_predicates();
    const auto at = std::find(ranked.begin(), ranked.end(), predicate.value);
    if (at == ranked.end())
        return std::nullopt;
    return static_cast<std::size_t>(at - ranked.begin());
}

/// An IRI's labels (its literals for the label predicates, in their order, then in term
/// order) and each folded for search, from its own triples.
struct Labels {
    std::vector<Term> terms;
    std::vector<std::string> folded;

    explicit Labels(const Triples& own) {
        std::vector<std::pair<std::size_t, const Term*>> found;
        for (const auto& triple : own)
            if (triple.object.is_literal())
                if (const auto rank = label_rank(triple.predicate))
                    found.emplace_back(*rank, &triple.object);
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first : *a.second < *b.second;
        });
        for (const auto& [rank, term] : found) {
            terms.push_back(*term);
            folded.push_back(fold_for_search(term->value));
        }
    }
};

/// How well a label matches, as a SordStore ranks it: an equal label (0), then one starting
/// with the query (1), then one containing it (2); shorter labels first.
struct Match {
    std::uint64_t kind = 0;
    std::uint64_t length = 0;

    friend bool operator<(const Match& a, const Match& b) {
        return a.kind != b.kind ? a.kind < b.kind : a.length < b.length;
    }
};

std::optional<Match> match(const std::string& folded_label, const std::string& folded_query) {
    const auto at = folded_label.find(folded_query);
    if (at == std::string::npos)
        return std::nullopt;
    const std::uint64_t kind = at != 0 ? 2 : folded_label.size() == folded_query.size() ? 0U : 1U;
    return Match{kind, std::min<std::uint64_t>(folded_label.size(), 0x3FFFFFFF)};
}

/// The label of `labels` that matches best (the first among equals), with how well.
std::optional<std::pair<Match, std::size_t>> best_match(const Labels& labels,
                                                        const std::string& folded_query) {
    std::optional<std::pair<Match, std::size_t>> best;
    for (std::size_t i = 0; i < labels.folded.size(); ++i)
        if (const auto m = match(labels.folded[i], folded_query); m && (!best || *m < best->first))
            best.emplace(*m, i);
    return best;
}

// --- Merging a page of the base's list with the edits -----------------------------------------

/// The edits' bearing on one list that the base keeps in order and pages: some of the base's
/// items taken away, others put in.
template <class Item> struct Merge {
    /// How many of the base's items are taken away.
    std::size_t removed = 0;
    /// The items put in, sorted by `less`.
    std::vector<Item> inserted;
    /// The base's items [start, start + count), with the base list's length.
    std::function<Page<Item>(std::size_t start, std::size_t count)> fetch;
    std::function<bool(const Item&, const Item&)> less;
    std::function<bool(const Item&)> is_removed;
    /// How many of the items taken away come before this base item.
    std::function<std::size_t(const Item&)> removed_before;
};

/// One page [offset, offset + limit) of the merged list. Every item taken away or put in moves
/// the others by one place at most, so the page comes from the base's items [offset - put in,
/// offset + limit + taken away]: only those are fetched, with one more to know where the
/// stretch ends. The place of the first is known by counting, before it, the items taken away
/// (removed_before) and those put in.
template <class Item>
Page<Item> merged_page(const Merge<Item>& merge, std::size_t offset, std::size_t limit) {
    std::size_t start = less_or_zero(offset, merge.inserted.size());
    const std::size_t want =
        limit == 0 ? 0 : add(add(offset - start, limit), add(merge.removed, 1));
    Page<Item> window = merge.fetch(start, want);
    if (window.items.empty() && start > 0 && window.total > 0 && want > 0) {
        // Past the base's end: start from its last item instead, to know where the page is.
        start = window.total - 1;
        window = merge.fetch(start, want);
    }
    Page<Item> page;
    page.total = less_or_zero(window.total, merge.removed) + merge.inserted.size();
    if (limit == 0)
        return page;
    const bool complete = window.items.size() < want;
    const std::size_t base_end = complete ? window.items.size() : window.items.size() - 1;
    auto in = merge.inserted.begin();
    std::size_t index = 0; // the place of the next item in the merged list
    if (start > 0 && !window.items.empty()) {
        const Item& first = window.items.front();
        in = std::lower_bound(merge.inserted.begin(), merge.inserted.end(), first, merge.less);
        index = start - std::min(start, merge.removed_before(first)) +
                static_cast<std::size_t>(in - merge.inserted.begin());
    }
    std::size_t b = 0;
    while (page.items.size() < limit) {
        while (b < base_end && merge.is_removed(window.items[b]))
            ++b;
        const bool base_left = b < base_end;
        const bool inserted_left =
            in != merge.inserted.end() && (complete || merge.less(*in, window.items[base_end]));
        if (!base_left && !inserted_left)
            break;
        const bool take_inserted =
            inserted_left && (!base_left || merge.less(*in, window.items[b]));
        const Item& next = take_inserted ? *in++ : window.items[b++];
        if (index++ >= offset)
            page.items.push_back(next);
    }
    return page;
}

/// A term in one of the store's lists (backlinks, instances) with its place in the base's list
/// (or, for one the edits put in, a place after all the base's of its group).
struct Placed {
    Term term;
    std::size_t place = 0;
};

} // namespace

// --- One version's edits ----------------------------------------------------------------------

namespace {

/// What the base described for a touched IRI when a change first touched it: what its
/// answers hold of it, to be taken away. Read once, shared by every later version.
struct BaseDescription {
    Triples own;     ///< the IRI's triples
    Triples closure; ///< the blank-node closure of their objects
    Labels labels;
    std::size_t blank_subjects = 0;

    BaseDescription(Triples own_triples, Triples closure_triples)
        : own(std::move(own_triples)), closure(std::move(closure_triples)), labels(own) {}
};

/// What the changes made of one touched IRI.
struct Edited {
    /// Null when the base did not describe the IRI.
    std::shared_ptr<const BaseDescription> base;
    Triples own;     ///< the IRI's triples, in Sord's order
    Triples closure; ///< the blank-node closure of their objects, by_subject
    Labels labels{own};
    std::size_t blank_subjects = 0;

    /// Whether it changes anything: the base described it, or it describes something now.
    bool bears() const { return base || !own.empty(); }
};

std::size_t distinct_subjects(const Triples& closure) {
    std::unordered_set<std::string_view> subjects;
    for (const auto& triple : closure)
        subjects.insert(triple.subject.value);
    return subjects.size();
}

/// The triples of `closure` (sorted by_subject) whose subject is the blank node `label`.
std::pair<Triples::const_iterator, Triples::const_iterator> closure_of(const Triples& closure,
                                                                       std::string_view label) {
    const auto first = std::lower_bound(
        closure.begin(), closure.end(), label,
        [](const Triple& t, std::string_view value) { return t.subject.value < value; });
    auto last = first;
    while (last != closure.end() && last->subject.value == label)
        ++last;
    return {first, last};
}

/// Adds to `out` the closure (from `closure`, sorted by_subject) of the blank objects of
/// `triples`, each blank node once (`reached`), cycles safe.
void add_closure(const Triples& closure, Triples::const_iterator first,
                 Triples::const_iterator last, std::unordered_set<std::string>& reached,
                 Triples& out) {
    std::vector<std::string> pending;
    for (auto it = first; it != last; ++it)
        if (it->object.is_blank() && reached.insert(it->object.value).second)
            pending.push_back(it->object.value);
    while (!pending.empty()) {
        const std::string label = std::move(pending.back());
        pending.pop_back();
        const auto [from, to] = closure_of(closure, label);
        for (auto it = from; it != to; ++it) {
            out.push_back(*it);
            if (it->object.is_blank() && reached.insert(it->object.value).second)
                pending.push_back(it->object.value);
        }
    }
}

/// Links to one IRI that the edits take away from the base's or put in. Shared by the
/// versions it is the same for; views into the triples of touched IRIs, which every version
/// holding it keeps (an IRI never leaves the touched, and its base description goes with it).
struct LinkDelta {
    std::string object;
    struct Removed {
        std::vector<std::string_view> iris; ///< subject IRIs, sorted
        std::size_t blanks = 0;             ///< blank subjects
    };
    std::map<std::string_view, Removed> removed; ///< by predicate
    std::vector<const Triple*> added;            ///< sorted: predicate, IRIs then blank nodes
    std::size_t removed_total = 0;

    bool empty() const { return removed.empty() && added.empty(); }
};

/// Instances of one class that the edits take away from the base's or put in; shared as
/// LinkDelta is.
struct TypeDelta {
    std::string type;
    std::vector<std::string_view> removed_iris; ///< sorted
    std::size_t removed_blanks = 0;
    std::vector<std::string_view> added_iris;   ///< sorted
    std::vector<std::string_view> added_blanks; ///< sorted

    std::size_t removed() const { return removed_iris.size() + removed_blanks; }
    std::size_t added() const { return added_iris.size() + added_blanks.size(); }
    bool empty() const { return removed() == 0 && added() == 0; }
};

/// What the edits change in counts, and in the lists that the base indexes. Each version's is
/// the one before with the change's IRIs counted anew: a copy of one pointer per key, and
/// work in proportion to the change.
struct EditIndex {
    std::unordered_map<std::string_view, std::shared_ptr<const LinkDelta>> links; ///< by object
    std::map<std::string_view, std::shared_ptr<const TypeDelta>> types;           ///< by class
    std::size_t with_labels = 0; ///< touched IRIs that have (or had, in the base) labels
    /// Every tag of the edits' literals so far (lowercase): a superset of those in use.
    std::shared_ptr<const std::set<std::string>> languages;
    std::size_t triples_removed = 0, triples_added = 0;
    std::size_t subjects_removed = 0, subjects_added = 0;
    std::size_t iris_removed = 0, iris_added = 0;
    std::size_t labels_removed = 0, labels_added = 0;
};

/// Triples sorted as backlinks are: by predicate, then IRI subjects, then blank ones.
bool link_less(const Triple* a, const Triple* b) {
    if (const int c = a->predicate.value.compare(b->predicate.value))
        return c < 0;
    if (a->subject.kind != b->subject.kind)
        return a->subject.is_iri();
    return a->subject.value < b->subject.value;
}

bool is_type(const Term& predicate) {
    return predicate.is_iri() && predicate.value == vocab::rdf_type;
}

/// One change's update of an EditIndex: the deltas it touches are copied once, changed, and
/// put back by finish().
class IndexUpdate {
  public:
    explicit IndexUpdate(EditIndex& index) : index_(index) {}

    /// A touched IRI's base description, taken away from the base's answers (once, when the
    /// IRI is first touched).
    void take_away(const BaseDescription& base) {
        for (const Triples* triples : {&base.own, &base.closure})
            for (const auto& triple : *triples) {
                if (!triple.object.is_iri())
                    continue;
                Writing& link = links(triple.object.value);
                auto& removed = link.delta->removed[triple.predicate.value];
                if (triple.subject.is_iri())
                    removed.iris.insert(std::upper_bound(removed.iris.begin(), removed.iris.end(),
                                                         std::string_view(triple.subject.value)),
                                        triple.subject.value);
                else
                    ++removed.blanks;
                ++link.delta->removed_total;
                if (is_type(triple.predicate)) {
                    TypeDelta& type = types(triple.object.value).delta_ref();
                    if (triple.subject.is_iri())
                        type.removed_iris.insert(
                            std::upper_bound(type.removed_iris.begin(), type.removed_iris.end(),
                                             std::string_view(triple.subject.value)),
                            triple.subject.value);
                    else
                        ++type.removed_blanks;
                }
            }
        index_.triples_removed += base.own.size() + base.closure.size();
        index_.subjects_removed += 1 + base.blank_subjects;
        index_.iris_removed += 1;
        index_.labels_removed += base.labels.terms.size();
    }

    /// What an earlier version made of a touched IRI, no longer.
    void forget(const Edited& e) {
        for (const Triples* triples : {&e.own, &e.closure})
            for (const auto& triple : *triples) {
                if (!triple.object.is_iri())
                    continue;
                links(triple.object.value).gone.insert(&triple);
                if (is_type(triple.predicate))
                    types(triple.object.value).gone.insert(triple.subject.value.data());
            }
        index_.triples_added -= e.own.size() + e.closure.size();
        index_.subjects_added -= (e.own.empty() ? 0U : 1U) + e.blank_subjects;
        index_.iris_added -= e.own.empty() ? 0U : 1U;
        index_.labels_added -= e.labels.terms.size();
        index_.with_labels -= labelled(e) ? 1U : 0U;
    }

    /// What this version makes of a touched IRI.
    void count(const Edited& e) {
        for (const Triples* triples : {&e.own, &e.closure})
            for (const auto& triple : *triples) {
                if (triple.object.is_literal() && !triple.object.language.empty())
                    tags_.insert(triple.object.language);
                if (!triple.object.is_iri())
                    continue;
                links(triple.object.value).added.push_back(&triple);
                if (is_type(triple.predicate)) {
                    TypeDelta& type = types(triple.object.value).delta_ref();
                    (triple.subject.is_iri() ? type.added_iris : type.added_blanks)
                        .push_back(triple.subject.value);
                }
            }
        index_.triples_added += e.own.size() + e.closure.size();
        index_.subjects_added += (e.own.empty() ? 0U : 1U) + e.blank_subjects;
        index_.iris_added += e.own.empty() ? 0U : 1U;
        index_.labels_added += e.labels.terms.size();
        index_.with_labels += labelled(e) ? 1U : 0U;
    }

    void finish() {
        // Entries, not structured bindings: C++17 lambdas cannot capture those (clang says so).
        for (auto& entry : links_) {
            const auto& object = entry.first;
            auto& link = entry.second;
            auto& added = link.delta->added;
            const auto& gone_links = link.gone;
            added.erase(std::remove_if(added.begin(), added.end(),
                                       [&](const Triple* t) { return gone_links.count(t) > 0; }),
                        added.end());
            std::sort(link.added.begin(), link.added.end(), link_less);
            const auto middle = added.insert(added.end(), link.added.begin(), link.added.end());
            std::inplace_merge(added.begin(), middle, added.end(), link_less);
            index_.links.erase(object);
            if (!link.delta->empty())
                index_.links.emplace(link.delta->object, std::move(link.delta));
        }
        for (auto& entry : types_) {
            const auto& type_iri = entry.first;
            auto& type = entry.second;
            TypeDelta& delta = *type.delta;
            const auto& gone_types = type.gone;
            const auto gone = [&](std::string_view view) {
                return gone_types.count(view.data()) > 0;
            };
            for (auto* list : {&delta.added_iris, &delta.added_blanks}) {
                list->erase(std::remove_if(list->begin(), list->end(), gone), list->end());
                std::sort(list->begin(), list->end());
            }
            index_.types.erase(type_iri);
            if (!delta.empty())
                index_.types.emplace(delta.type, std::move(type.delta));
        }
        if (!tags_.empty()) {
            auto languages = index_.languages
                                 ? std::make_shared<std::set<std::string>>(*index_.languages)
                                 : std::make_shared<std::set<std::string>>();
            for (const auto tag : tags_) {
                std::string lower(tag);
                std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
                languages->insert(std::move(lower));
            }
            index_.languages = std::move(languages);
        }
    }

  private:
    static bool labelled(const Edited& e) {
        return !e.labels.terms.empty() || (e.base && !e.base->labels.terms.empty());
    }

    /// A delta being written: a copy of the version's, the triples gone from it, and those
    /// to put in.
    struct Writing {
        std::shared_ptr<LinkDelta> delta;
        std::unordered_set<const Triple*> gone;
        std::vector<const Triple*> added;
    };
    struct TypeWriting {
        std::shared_ptr<TypeDelta> delta;
        std::unordered_set<const char*> gone; ///< subjects' strings, by address

        TypeDelta& delta_ref() { return *delta; }
    };

    Writing& links(std::string_view object) {
        if (const auto found = links_.find(object); found != links_.end())
            return found->second;
        auto delta = std::make_shared<LinkDelta>();
        if (const auto found = index_.links.find(object); found != index_.links.end())
            *delta = *found->second;
        else
            delta->object = std::string(object);
        const std::string_view key = delta->object;
        return links_.emplace(key, Writing{std::move(delta), {}, {}}).first->second;
    }

    TypeWriting& types(std::string_view type_iri) {
        if (const auto found = types_.find(type_iri); found != types_.end())
            return found->second;
        auto delta = std::make_shared<TypeDelta>();
        if (const auto found = index_.types.find(type_iri); found != index_.types.end())
            *delta = *found->second;
        else
            delta->type = std::string(type_iri);
        const std::string_view key = delta->type;
        return types_.emplace(key, TypeWriting{std::move(delta), {}}).first->second;
    }

    EditIndex& index_;
    std::unordered_map<std::string_view, Writing> links_;
    std::map<std::string_view, TypeWriting> types_;
    std::unordered_set<std::string_view> tags_;
};

/// The touched classes (objects of rdf:type in the edits or in what they took away), ranked.
struct ClassRanking {
    std::vector<IriCount> removed;  ///< those the base has, by its rank
    std::vector<IriCount> inserted; ///< those with instances now, by rank
    std::ptrdiff_t delta = 0;       ///< classes now less classes in the base
};

/// Of the IRIs whose number of backlinks, or whether they are subjects, the edits may have
/// changed (the objects of their links, and the touched IRIs), the most referenced subjects
/// now (as many as most_referenced() ever answers), ranked.
struct Referenced {
    std::vector<IriCount> ranked;
};

/// Most first, then in code-point order (classes, the most referenced).
bool by_rank(const IriCount& a, const IriCount& b) {
    return a.count != b.count ? a.count > b.count : a.iri < b.iri;
}

std::size_t count_before(const std::vector<std::string_view>& sorted, std::string_view value) {
    return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), value) -
                                    sorted.begin());
}

} // namespace

/// What the base answered about IRIs the edits bear on, for every version over it: the base
/// never changes, so each is asked once.
struct EditedStore::BaseCounts {
    std::mutex mutex;
    /// Links to the IRIs it describes (backlinks()) and to subjects a change made (links_to()).
    std::unordered_map<std::string, std::size_t> backlinks;
    std::unordered_map<std::string, bool> described;
};

struct EditedStore::Edits {
    std::map<std::string, std::shared_ptr<const Edited>, std::less<>> edited;
    std::size_t edited_triples = 0;
    Timestamp modified;
    /// Whether every change's IRIs are writable as they are (is_writable()).
    bool iris_writable = true;

    EditIndex index;

    mutable std::once_flag classes_once;
    mutable std::unique_ptr<const ClassRanking> classes;
    mutable std::once_flag referenced_once;
    mutable std::unique_ptr<const Referenced> referenced;
    mutable std::once_flag languages_once;
    mutable std::optional<std::vector<std::string>> languages;

    const Edited* find(std::string_view iri) const {
        const auto found = edited.find(iri);
        return found == edited.end() ? nullptr : found->second.get();
    }

    /// The touched IRIs that `subjects` names and that change something, in code-point order.
    std::vector<std::pair<const std::string*, const Edited*>> in(const Subjects& subjects) const {
        std::vector<std::pair<const std::string*, const Edited*>> found;
        if (const auto it = edited.find(subjects.iri); it != edited.end() && it->second->bears())
            found.emplace_back(&it->first, it->second.get());
        if (subjects.fragments) {
            const std::string hash = subjects.iri + '#';
            for (auto it = edited.lower_bound(hash);
                 it != edited.end() && starts_with(it->first, hash); ++it)
                if (it->second->bears())
                    found.emplace_back(&it->first, it->second.get());
        }
        return found;
    }

    const EditIndex& edit_index() const { return index; }

    /// The class ranking merged with the base's: built once per version, on first use.
    const ClassRanking& class_ranking(const Store& base) const;
    /// The most referenced among the IRIs the edits bear on: once per version, on first use.
    const Referenced& most_referenced(const Store& base, BaseCounts& counts) const;
};

// --- Versions ---------------------------------------------------------------------------------

EditedStore::EditedStore(std::shared_ptr<const Store> base)
    : base_(std::move(base)), counts_(std::make_shared<BaseCounts>()) {}

EditedStore::EditedStore(std::shared_ptr<const Store> base, std::shared_ptr<BaseCounts> counts,
                         std::shared_ptr<const Edits> edits)
    : base_(std::move(base)), counts_(std::move(counts)), edits_(std::move(edits)) {}

EditedStore::~EditedStore() = default;

std::shared_ptr<const EditedStore> EditedStore::with(const Change& change) const {
    auto next = std::make_shared<Edits>();
    if (edits_) {
        next->edited = edits_->edited;
        next->edited_triples = edits_->edited_triples;
        next->index = edits_->index;
        next->iris_writable = edits_->iris_writable;
    }
    next->iris_writable = next->iris_writable &&
                          std::all_of(change.added.begin(), change.added.end(),
                                      [](const Triple& triple) { return is_writable(triple); });
    IndexUpdate update(next->index);
    next->modified = std::chrono::system_clock::now();

    // The change's triples: those of subject IRIs by IRI (in order), those of blank nodes by
    // label, to be reached from the former.
    std::map<std::string_view, std::vector<const Triple*>> of_iri;
    std::unordered_map<std::string_view, std::vector<const Triple*>> of_blank;
    for (const auto& triple : change.added) {
        if (triple.subject.is_iri())
            of_iri[triple.subject.value].push_back(&triple);
        else if (triple.subject.is_blank())
            of_blank[triple.subject.value].push_back(&triple);
    }
    const std::set<std::string_view> replaced(change.replaced.begin(), change.replaced.end());
    std::set<std::string_view> touched = replaced;
    for (const auto& [iri, triples] : of_iri)
        touched.insert(iri);

    for (const auto iri : touched) {
        Edited e;
        if (const auto* before = next->find(iri)) {
            e.base = before->base;
            e.own = before->own;
            e.closure = before->closure;
            next->edited_triples -= before->own.size() + before->closure.size();
            update.forget(*before);
        } else {
            // Touched for the first time: the base's description is where it starts.
            auto page = base_->describe(Subjects{std::string(iri), false}, 0, all);
            Triples own;
            Triples closure;
            for (auto& triple : page.items)
                (triple.subject.is_iri() ? own : closure).push_back(std::move(triple));
            if (!own.empty()) {
                sort_statements(own, sord_less);
                sort_statements(closure, by_subject);
                auto base = std::make_shared<BaseDescription>(own, closure);
                base->blank_subjects = distinct_subjects(closure);
                update.take_away(*base);
                e.base = std::move(base);
                e.own = std::move(own);
                e.closure = std::move(closure);
            }
        }
        if (replaced.count(iri) > 0) {
            e.own.clear();
            e.closure.clear();
        }
        if (const auto added = of_iri.find(iri); added != of_iri.end()) {
            for (const Triple* triple : added->second)
                e.own.push_back(*triple);
            sort_statements(e.own, sord_less);
            // The closure anew: what it held, and the change's blank triples now reached.
            Triples closure;
            std::unordered_set<std::string> reached;
            std::vector<std::string> pending;
            for (const auto& triple : e.own)
                if (triple.object.is_blank() && reached.insert(triple.object.value).second)
                    pending.push_back(triple.object.value);
            const auto take = [&](const Triple& triple) {
                closure.push_back(triple);
                if (triple.object.is_blank() && reached.insert(triple.object.value).second)
                    pending.push_back(triple.object.value);
            };
            while (!pending.empty()) {
                const std::string label = std::move(pending.back());
                pending.pop_back();
                const auto [from, to] = closure_of(e.closure, label);
                for (auto it = from; it != to; ++it)
                    take(*it);
                if (const auto blank = of_blank.find(label); blank != of_blank.end())
                    for (const Triple* triple : blank->second)
                        take(*triple);
            }
            sort_statements(closure, by_subject);
            e.closure = std::move(closure);
        }
        e.labels = Labels(e.own);
        e.blank_subjects = distinct_subjects(e.closure);
        next->edited_triples += e.own.size() + e.closure.size();
        auto made = std::make_shared<const Edited>(std::move(e));
        update.count(*made);
        next->edited[std::string(iri)] = std::move(made);
    }
    update.finish();
    return std::shared_ptr<const EditedStore>(new EditedStore(base_, counts_, std::move(next)));
}

bool EditedStore::iris_writable() const {
    return base_->iris_writable() && (!edits_ || edits_->iris_writable);
}

std::size_t EditedStore::edited_triples() const {
    return edits_ ? edits_->edited_triples : 0;
}

std::vector<std::string> EditedStore::touched() const {
    std::vector<std::string> iris;
    if (edits_)
        for (const auto& [iri, edited] : edits_->edited)
            iris.push_back(iri);
    return iris;
}

// --- Descriptions -----------------------------------------------------------------------------

std::vector<bool> EditedStore::described(const std::vector<Subjects>& candidates) const {
    auto found = base_->described(candidates);
    if (!edits_)
        return found;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Subjects& candidate = candidates[i];
        const auto touched = edits_->in(candidate);
        if (touched.empty())
            continue;
        if (std::any_of(touched.begin(), touched.end(),
                        [](const auto& t) { return !t.second->own.empty(); })) {
            found[i] = true;
            continue;
        }
        if (!found[i])
            continue; // the base has none, and the edits none either
        // Whether the base has a subject in the namespace that no change touched.
        std::size_t in_base = 0;
        if (candidate.fragments)
            in_base += base_->subjects_page(candidate.iri + '#', 0, 0).total;
        if (const auto* e = edits_->find(candidate.iri))
            in_base += e->base ? 1U : 0U;
        else
            in_base += describes(*base_, candidate.iri) ? 1U : 0U;
        std::size_t removed = 0;
        for (const auto& t : touched)
            removed += t.second->base ? 1U : 0U;
        found[i] = in_base > removed;
    }
    return found;
}

namespace {

/// Adds a touched IRI's triples [from, to) (in Sord's order) and their closure.
void add_edited(const Edited& e, std::size_t from, std::size_t to,
                std::unordered_set<std::string>& reached, Triples& out) {
    const auto first = e.own.begin() + static_cast<std::ptrdiff_t>(from);
    const auto last = e.own.begin() + static_cast<std::ptrdiff_t>(to);
    out.insert(out.end(), first, last);
    add_closure(e.closure, first, last, reached, out);
}

void sort_unique(Triples& triples) {
    std::sort(triples.begin(), triples.end());
    triples.erase(std::unique(triples.begin(), triples.end()), triples.end());
}

} // namespace

Page<Triple> EditedStore::describe(const Subjects& subjects, std::size_t offset,
                                   std::size_t limit) const {
    if (!edits_)
        return base_->describe(subjects, offset, limit);
    const auto touched = edits_->in(subjects);
    if (touched.empty())
        return base_->describe(subjects, offset, limit);
    Page<Triple> page;
    std::unordered_set<std::string> reached;
    if (!subjects.fragments) {
        const Edited& e = *touched.front().second;
        page.total = e.own.size();
        if (offset < e.own.size())
            add_edited(e, offset, offset + std::min(limit, e.own.size() - offset), reached,
                       page.items);
        sort_unique(page.items);
        return page;
    }

    // The base's triples of the namespace, in its order (subjects in code-point order), with the
    // touched IRIs' cut out and the edits' put in their place: stretches of the base's list
    // between the touched IRIs, where each falls found by bisection over one-triple pages,
    // only as far as the page reaches.
    const std::size_t base_total = base_->describe(subjects, 0, 0).total;
    page.total = base_total;
    for (const auto& [iri, e] : touched)
        page.total = less_or_zero(page.total, e->base ? e->base->own.size() : 0) + e->own.size();
    const auto subject_at = [&](std::size_t at) {
        for (auto& triple : base_->describe(subjects, at, 1).items)
            if (triple.subject.is_iri())
                return std::move(triple.subject.value);
        return std::string();
    };
    std::size_t base_at = 0; // the base's triples before it are placed
    const auto place_of = [&](const std::string& iri) {
        std::size_t low = base_at;
        std::size_t high = base_total;
        if (iri == subjects.iri)
            return low; // the namespace's own IRI comes first
        while (low < high) {
            const std::size_t middle = low + (high - low) / 2;
            if (subject_at(middle) < iri)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    };
    const std::size_t end = add(offset, limit);
    std::size_t at = 0; // the place in the merged list of base_at
    const auto stretch = [&](const Edited* e, std::size_t from, std::size_t size) {
        const std::size_t first = std::max(offset, at);
        const std::size_t last = std::min(end, at + size);
        if (first < last) {
            const std::size_t local = from + (first - at);
            if (e) {
                add_edited(*e, local, local + (last - first), reached, page.items);
            } else {
                auto part = base_->describe(subjects, local, last - first);
                page.items.insert(page.items.end(), std::make_move_iterator(part.items.begin()),
                                  std::make_move_iterator(part.items.end()));
            }
        }
        at += size;
    };
    for (const auto& [iri, e] : touched) {
        if (at >= end)
            break;
        const std::size_t place = place_of(*iri);
        stretch(nullptr, base_at, place - base_at);
        stretch(e, 0, e->own.size());
        base_at = std::max(base_at, place + (e->base ? e->base->own.size() : 0));
    }
    if (at < end && base_total > base_at)
        stretch(nullptr, base_at, base_total - base_at);
    sort_unique(page.items);
    return page;
}

const PrefixIndex& EditedStore::prefixes() const {
    return base_->prefixes();
}

Timestamp EditedStore::last_modified() const {
    return edits_ ? edits_->modified : base_->last_modified();
}

// --- Browsing ---------------------------------------------------------------------------------

Page<std::string> EditedStore::subjects_page(std::string_view prefix, std::size_t offset,
                                             std::size_t limit) const {
    if (!edits_)
        return base_->subjects_page(prefix, offset, limit);
    Merge<std::string> merge;
    std::vector<std::string_view> removed;
    for (auto it = edits_->edited.lower_bound(prefix);
         it != edits_->edited.end() && starts_with(it->first, prefix); ++it) {
        if (it->second->base)
            removed.push_back(it->first);
        if (!it->second->own.empty())
            merge.inserted.push_back(it->first);
    }
    if (removed.empty() && merge.inserted.empty())
        return base_->subjects_page(prefix, offset, limit);
    merge.removed = removed.size();
    merge.fetch = [&](std::size_t start, std::size_t count) {
        return base_->subjects_page(prefix, start, count);
    };
    merge.less = std::less<std::string>();
    merge.is_removed = [&](const std::string& iri) { return edits_->find(iri) != nullptr; };
    merge.removed_before = [&](const std::string& iri) { return count_before(removed, iri); };
    return merged_page(merge, offset, limit);
}

std::vector<std::vector<Term>> EditedStore::labels(const std::vector<std::string>& iris) const {
    if (!edits_ || std::none_of(iris.begin(), iris.end(), [&](const std::string& iri) {
            return edits_->find(iri) != nullptr;
        }))
        return base_->labels(iris);
    std::vector<std::string> asked;
    for (const auto& iri : iris)
        if (!edits_->find(iri))
            asked.push_back(iri);
    auto answers = base_->labels(asked);
    std::vector<std::vector<Term>> found(iris.size());
    std::size_t next = 0;
    for (std::size_t i = 0; i < iris.size(); ++i) {
        if (const auto* e = edits_->find(iris[i]))
            found[i] = e->labels.terms;
        else
            found[i] = std::move(answers.at(next++));
    }
    return found;
}

std::vector<std::optional<Term>>
EditedStore::preferred_labels(const std::vector<std::string_view>& iris,
                              const LanguageRank& rank) const {
    if (!edits_ || std::none_of(iris.begin(), iris.end(),
                                [&](std::string_view iri) { return edits_->find(iri) != nullptr; }))
        return base_->preferred_labels(iris, rank);
    std::vector<std::string_view> asked;
    for (const auto iri : iris)
        if (!edits_->find(iri))
            asked.push_back(iri);
    auto answers = base_->preferred_labels(asked, rank);
    std::vector<std::optional<Term>> found(iris.size());
    std::size_t next = 0;
    for (std::size_t i = 0; i < iris.size(); ++i) {
        if (const auto* e = edits_->find(iris[i])) {
            const auto& labels = e->labels.terms;
            if (const std::size_t at = preferred_label(labels, rank); at < labels.size())
                found[i] = labels[at];
        } else {
            found[i] = std::move(answers.at(next++));
        }
    }
    return found;
}

Backlinks EditedStore::backlinks(std::string_view iri, std::size_t offset,
                                 std::size_t limit) const {
    if (!edits_)
        return base_->backlinks(iri, offset, limit);
    const Edited* e = edits_->find(iri);
    const bool linked = edits_->edit_index().links.count(iri) > 0;
    if (!e && !linked)
        return base_->backlinks(iri, offset, limit);
    // Only a subject has backlinks: the base's backlinks() has them for one it describes, its
    // links_to() for one a change made (which, when the base cannot say, has only the edits').
    if (e ? e->own.empty() : !describes(*base_, iri))
        return {};
    if (!e || e->base)
        return merged_links(iri, BaseLinks::Backlinks, offset, limit);
    if (base_->links_to(iri, 0, 0))
        return merged_links(iri, BaseLinks::LinksTo, offset, limit);
    return merged_links(iri, BaseLinks::None, offset, limit);
}

std::optional<Backlinks> EditedStore::links_to(std::string_view iri, std::size_t offset,
                                               std::size_t limit) const {
    if (!edits_ || !edits_->edit_index().links.count(iri))
        return base_->links_to(iri, offset, limit);
    if (!base_->links_to(iri, 0, 0))
        return std::nullopt;
    return merged_links(iri, BaseLinks::LinksTo, offset, limit);
}

Backlinks EditedStore::merged_links(std::string_view iri, BaseLinks from, std::size_t offset,
                                    std::size_t limit) const {
    const auto base_links = [&](std::size_t start, std::size_t count) {
        switch (from) {
        case BaseLinks::Backlinks:
            return base_->backlinks(iri, start, count);
        case BaseLinks::LinksTo:
            return base_->links_to(iri, start, count).value_or(Backlinks{});
        case BaseLinks::None:
            break;
        }
        return Backlinks{};
    };
    const EditIndex& index = edits_->edit_index();
    const auto links = index.links.find(iri);
    if (links == index.links.end())
        return base_links(offset, limit);
    const LinkDelta& delta = *links->second;
    const bool in_base = from != BaseLinks::None;
    const Backlinks head = base_links(0, 0);

    // Each predicate's run in the base's list (IRI subjects, then blank ones) and in the edits.
    struct Run {
        std::size_t start = 0; ///< in the base's list
        std::size_t size = 0;
        const LinkDelta::Removed* removed = nullptr;
        std::size_t added = 0;
        std::size_t removed_before = 0; ///< taken away from the runs before this one

        std::size_t end() const { return start + size; }
        std::size_t removed_iris() const { return removed ? removed->iris.size() : 0; }
        std::size_t removed_blanks() const { return removed ? removed->blanks : 0; }
    };
    std::map<std::string, Run> runs;
    std::size_t at = 0;
    for (const auto& [predicate, count] : head.predicates) {
        runs[predicate] = Run{at, count, nullptr, 0, 0};
        at += count;
    }
    std::size_t removed_total = 0;
    if (in_base)
        for (const auto& [predicate, removed] : delta.removed) {
            auto& run = runs[std::string(predicate)];
            run.removed = &removed;
            removed_total += removed.iris.size() + removed.blanks;
        }
    for (const Triple* triple : delta.added)
        ++runs[triple->predicate.value].added;
    Backlinks result;
    std::size_t removed_so_far = 0;
    for (auto& [predicate, run] : runs) {
        run.removed_before = removed_so_far;
        removed_so_far += run.removed_iris() + run.removed_blanks();
        const std::size_t count =
            less_or_zero(run.size, run.removed_iris() + run.removed_blanks()) + run.added;
        if (count > 0)
            result.predicates.push_back({predicate, count});
    }

    // The base's items carry their place in its list; the edits' blank subjects come after
    // the base's of their predicate.
    struct Link {
        Triple triple;
        std::size_t place = 0;
    };
    Merge<Link> merge;
    merge.removed = removed_total;
    std::map<std::string, std::size_t> blanks_added;
    for (const Triple* added : delta.added) {
        const Triple& triple = *added;
        Link link{triple, 0};
        link.triple.graph.clear(); // as the base gives them
        if (triple.subject.is_blank()) {
            link.triple.subject = Term::blank("e" + triple.subject.value);
            link.place =
                runs.at(triple.predicate.value).end() + blanks_added[triple.predicate.value]++;
        }
        merge.inserted.push_back(std::move(link));
    }
    merge.fetch = [&](std::size_t start, std::size_t count) {
        Page<Link> page;
        if (!in_base)
            return page;
        auto part = base_links(start, count);
        page.total = part.total;
        for (auto& triple : part.triples)
            page.items.push_back({std::move(triple), start + page.items.size()});
        return page;
    };
    merge.less = [&](const Link& a, const Link& b) {
        if (const int c = a.triple.predicate.value.compare(b.triple.predicate.value))
            return c < 0;
        if (a.triple.subject.kind != b.triple.subject.kind)
            return a.triple.subject.is_iri();
        if (a.triple.subject.is_iri())
            return a.triple.subject.value < b.triple.subject.value;
        return a.place < b.place;
    };
    merge.is_removed = [&](const Link& link) {
        if (link.triple.subject.is_iri())
            return edits_->find(link.triple.subject.value) != nullptr;
        const Run& run = runs.at(link.triple.predicate.value);
        return link.place >= run.end() - std::min(run.size, run.removed_blanks());
    };
    merge.removed_before = [&](const Link& link) {
        const Run& run = runs.at(link.triple.predicate.value);
        std::size_t before = run.removed_before;
        if (link.triple.subject.is_iri()) {
            if (run.removed)
                before += count_before(run.removed->iris, link.triple.subject.value);
        } else {
            before +=
                run.removed_iris() +
                less_or_zero(link.place, run.end() - std::min(run.size, run.removed_blanks()));
        }
        return before;
    };
    auto page = merged_page(merge, offset, limit);
    result.total = page.total;
    for (auto& link : page.items)
        result.triples.push_back(std::move(link.triple));
    return result;
}

const ClassRanking& EditedStore::Edits::class_ranking(const Store& base) const {
    std::call_once(classes_once, [&] {
        // The touched classes counted anew, from the base's counts.
        const EditIndex& built = edit_index();
        ClassRanking ranking;
        std::vector<std::string> asked;
        for (const auto& [type_iri, delta] : built.types)
            asked.emplace_back(type_iri);
        const auto counts = base.instance_counts(asked);
        std::size_t i = 0;
        for (const auto& [type_iri, delta] : built.types) {
            const std::size_t before = counts.at(i++);
            const std::size_t now = less_or_zero(before, delta->removed()) + delta->added();
            if (before > 0)
                ranking.removed.push_back({std::string(type_iri), before});
            if (now > 0)
                ranking.inserted.push_back({std::string(type_iri), now});
            ranking.delta += (now > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
        }
        std::sort(ranking.removed.begin(), ranking.removed.end(), by_rank);
        std::sort(ranking.inserted.begin(), ranking.inserted.end(), by_rank);
        classes = std::make_unique<const ClassRanking>(std::move(ranking));
    });
    return *classes;
}

const Referenced& EditedStore::Edits::most_referenced(const Store& base, BaseCounts& counts) const {
    std::call_once(referenced_once, [&] {
        const EditIndex& built = edit_index();
        // What the base says of the IRIs the edits bear on: asked once for every version.
        std::vector<Subjects> unknown;      // not touched: whether the base describes it
        std::vector<std::string> uncounted; // described by the base: its backlinks there
        std::vector<std::string> made;      // subjects a change made: the base's links_to()
        std::string key;                    // (lookups without an allocation each)
        {
            const std::lock_guard<std::mutex> lock(counts.mutex);
            for (const auto& [object, delta] : built.links)
                if (!find(object) && !counts.described.count(key.assign(object)))
                    unknown.push_back({key, false});
            for (const auto& [iri, e] : edited)
                if (!e->own.empty() && !counts.backlinks.count(iri))
                    (e->base ? uncounted : made).push_back(iri);
        }
        const auto described = base.described(unknown);
        for (std::size_t i = 0; i < unknown.size(); ++i)
            if (described.at(i))
                uncounted.push_back(unknown[i].iri);
        std::vector<std::size_t> totals;
        for (const auto& iri : uncounted)
            totals.push_back(base.backlinks(iri, 0, 0).total);
        for (const auto& iri : made) {
            const auto links = base.links_to(iri, 0, 0); // none: only the edits' links count
            totals.push_back(links ? links->total : 0);
        }
        const std::lock_guard<std::mutex> lock(counts.mutex);
        for (std::size_t i = 0; i < unknown.size(); ++i)
            counts.described[unknown[i].iri] = described.at(i);
        for (std::size_t i = 0; i < uncounted.size(); ++i)
            counts.backlinks[uncounted[i]] = totals[i];
        for (std::size_t i = 0; i < made.size(); ++i)
            counts.backlinks[made[i]] = totals[uncounted.size() + i];

        // Each one's count now: the base's, less the links taken away, plus those put in;
        // only subjects count. The best are kept, in a heap (worst on top).
        using Entry = std::pair<std::size_t, std::string_view>;
        const auto ranks_before = [](const Entry& a, const Entry& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        };
        std::vector<Entry> best;
        const auto consider = [&](std::string_view iri, std::size_t count) {
            if (count == 0)
                return;
            best.emplace_back(count, iri);
            std::push_heap(best.begin(), best.end(), ranks_before);
            if (best.size() > most_referenced_kept) {
                std::pop_heap(best.begin(), best.end(), ranks_before);
                best.pop_back();
            }
        };
        for (const auto& [object, delta] : built.links)
            if (!find(object) && counts.described.at(key.assign(object)))
                consider(object, less_or_zero(counts.backlinks.at(key), delta->removed_total) +
                                     delta->added.size());
        for (const auto& [iri, e] : edited) {
            if (e->own.empty())
                continue;
            const auto links = built.links.find(iri);
            std::size_t count =
                less_or_zero(counts.backlinks.at(iri),
                             links == built.links.end() ? 0 : links->second->removed_total);
            if (links != built.links.end())
                count += links->second->added.size();
            consider(iri, count);
        }
        std::sort(best.begin(), best.end(), ranks_before);
        Referenced found;
        for (const auto& [count, iri] : best)
            found.ranked.push_back({std::string(iri), count});
        referenced = std::make_unique<const Referenced>(std::move(found));
    });
    return *referenced;
}

Page<IriCount> EditedStore::classes(std::size_t offset, std::size_t limit) const {
    if (!edits_ || edits_->edit_index().types.empty())
        return base_->classes(offset, limit);
    const EditIndex& index = edits_->edit_index();
    const ClassRanking& ranking = edits_->class_ranking(*base_);
    Merge<IriCount> merge;
    merge.removed = ranking.removed.size();
    merge.inserted = ranking.inserted;
    merge.fetch = [&](std::size_t start, std::size_t count) {
        return base_->classes(start, count);
    };
    merge.less = by_rank;
    merge.is_removed = [&](const IriCount& c) { return index.types.count(c.iri) > 0; };
    merge.removed_before = [&](const IriCount& c) {
        return static_cast<std::size_t>(
            std::lower_bound(ranking.removed.begin(), ranking.removed.end(), c, by_rank) -
            ranking.removed.begin());
    };
    return merged_page(merge, offset, limit);
}

Page<Term> EditedStore::instances(std::string_view class_iri, std::size_t offset,
                                  std::size_t limit) const {
    if (!edits_)
        return base_->instances(class_iri, offset, limit);
    const EditIndex& index = edits_->edit_index();
    const auto found = index.types.find(std::string(class_iri));
    if (found == index.types.end())
        return base_->instances(class_iri, offset, limit);
    const TypeDelta& delta = *found->second;
    // IRIs in code-point order, then blank nodes: the base's last ones are those taken away
    // (which blank node is shown where is this store's own), the edits' come after them.
    constexpr std::size_t after_the_base = all / 2;
    std::size_t base_total = 0;
    Merge<Placed> merge;
    merge.removed = delta.removed();
    for (const auto iri : delta.added_iris)
        merge.inserted.push_back({Term::iri(std::string(iri)), 0});
    for (const auto label : delta.added_blanks)
        merge.inserted.push_back(
            {Term::blank("e" + std::string(label)), after_the_base + merge.inserted.size()});
    merge.fetch = [&](std::size_t start, std::size_t count) {
        auto part = base_->instances(class_iri, start, count);
        base_total = part.total;
        Page<Placed> page;
        page.total = part.total;
        for (auto& term : part.items)
            page.items.push_back({std::move(term), start + page.items.size()});
        return page;
    };
    merge.less = [](const Placed& a, const Placed& b) {
        if (a.term.kind != b.term.kind)
            return a.term.is_iri();
        return a.term.is_iri() ? a.term.value < b.term.value : a.place < b.place;
    };
    const auto first_removed_blank = [&] {
        return base_total - std::min(base_total, delta.removed_blanks);
    };
    merge.is_removed = [&](const Placed& item) {
        return item.term.is_iri() ? edits_->find(item.term.value) != nullptr
                                  : item.place >= first_removed_blank();
    };
    merge.removed_before = [&](const Placed& item) {
        if (item.term.is_blank())
            return delta.removed_iris.size() + less_or_zero(item.place, first_removed_blank());
        return count_before(delta.removed_iris, item.term.value);
    };
    const auto merged = merged_page(merge, offset, limit);
    Page<Term> page;
    page.total = merged.total;
    for (const auto& item : merged.items)
        page.items.push_back(item.term);
    return page;
}

std::vector<std::size_t>
EditedStore::instance_counts(const std::vector<std::string>& class_iris) const {
    auto counts = base_->instance_counts(class_iris);
    if (!edits_)
        return counts;
    const EditIndex& index = edits_->edit_index();
    for (std::size_t i = 0; i < class_iris.size(); ++i)
        if (const auto found = index.types.find(class_iris[i]); found != index.types.end())
            counts[i] = less_or_zero(counts[i], found->second->removed()) + found->second->added();
    return counts;
}

std::vector<IriCount> EditedStore::most_referenced(std::size_t limit) const {
    if (!edits_)
        return base_->most_referenced(limit);
    const Referenced& referenced = edits_->most_referenced(*base_, *counts_);
    limit = std::min(limit, most_referenced_kept);
    // The base's first `limit` that no change bears on are among its first `limit` + those
    // the edits bear on (which are counted anew).
    const EditIndex& index = edits_->edit_index();
    auto found = base_->most_referenced(add(limit, index.links.size() + edits_->edited.size()));
    found.erase(std::remove_if(found.begin(), found.end(),
                               [&](const IriCount& c) {
                                   return index.links.count(c.iri) > 0 || edits_->find(c.iri);
                               }),
                found.end());
    found.insert(found.end(), referenced.ranked.begin(), referenced.ranked.end());
    std::sort(found.begin(), found.end(), by_rank);
    if (found.size() > limit)
        found.resize(limit);
    return found;
}

Page<SearchHit> EditedStore::search(std::string_view query, std::size_t offset,
                                    std::size_t limit) const {
    if (!edits_ || edits_->edit_index().with_labels == 0)
        return base_->search(query, offset, limit);
    const std::string folded = fold_for_search(query);
    if (folded.empty() || folded.find('\0') != std::string::npos)
        return {};
    // Ranked as a SordStore ranks: how well the best label matches, then the IRI.
    struct Hit {
        SearchHit hit;
        Match match;
    };
    std::vector<Hit> removed; // the base's hits of touched IRIs
    Merge<Hit> merge;
    for (const auto& [iri, e] : edits_->edited) {
        if (e->base)
            if (const auto best = best_match(e->base->labels, folded))
                removed.push_back({{iri, {}}, best->first});
        if (const auto best = best_match(e->labels, folded))
            merge.inserted.push_back({{iri, e->labels.terms[best->second]}, best->first});
    }
    if (removed.empty() && merge.inserted.empty())
        return base_->search(query, offset, limit);
    merge.less = [](const Hit& a, const Hit& b) {
        if (a.match < b.match || b.match < a.match)
            return a.match < b.match;
        return a.hit.iri < b.hit.iri;
    };
    std::sort(removed.begin(), removed.end(), merge.less);
    std::sort(merge.inserted.begin(), merge.inserted.end(), merge.less);
    merge.removed = removed.size();
    merge.fetch = [&](std::size_t start, std::size_t count) {
        auto part = base_->search(query, start, count);
        Page<Hit> page;
        page.total = part.total;
        for (auto& hit : part.items) {
            const auto m = match(fold_for_search(hit.label.value), folded);
            page.items.push_back({std::move(hit), m.value_or(Match{})});
        }
        return page;
    };
    merge.is_removed = [&](const Hit& h) { return edits_->find(h.hit.iri) != nullptr; };
    merge.removed_before = [&](const Hit& h) {
        return static_cast<std::size_t>(
            std::lower_bound(removed.begin(), removed.end(), h, merge.less) - removed.begin());
    };
    const auto merged = merged_page(merge, offset, limit);
    Page<SearchHit> page;
    page.total = merged.total;
    for (const auto& h : merged.items)
        page.items.push_back(h.hit);
    return page;
}

namespace {

StoreStats with_edits(StoreStats stats, const EditIndex& index, const ClassRanking& classes) {
    stats.triples = less_or_zero(stats.triples, index.triples_removed) + index.triples_added;
    stats.subjects = less_or_zero(stats.subjects, index.subjects_removed) + index.subjects_added;
    stats.iri_subjects = less_or_zero(stats.iri_subjects, index.iris_removed) + index.iris_added;
    stats.labels = less_or_zero(stats.labels, index.labels_removed) + index.labels_added;
    if (classes.delta < 0)
        stats.classes = less_or_zero(stats.classes, static_cast<std::size_t>(-classes.delta));
    else
        stats.classes += static_cast<std::size_t>(classes.delta);
    return stats;
}

} // namespace

StoreStats EditedStore::stats() const {
    if (!edits_)
        return base_->stats();
    const EditIndex& index = edits_->edit_index();
    return with_edits(base_->stats(), index, edits_->class_ranking(*base_));
}

std::optional<StoreStats> EditedStore::known_stats() const {
    auto known = base_->known_stats();
    if (!edits_ || !known)
        return known;
    const EditIndex& index = edits_->edit_index();
    return with_edits(*known, index, edits_->class_ranking(*base_));
}

const std::vector<std::string>* EditedStore::languages() const {
    if (!edits_)
        return base_->languages();
    std::call_once(edits_->languages_once, [this] {
        const auto* base = base_->languages();
        if (!base)
            return;
        std::set<std::string> tags(base->begin(), base->end());
        if (const auto& edited = edits_->edit_index().languages)
            tags.insert(edited->begin(), edited->end());
        if (tags.size() <= max_languages)
            edits_->languages.emplace(tags.begin(), tags.end());
    });
    return edits_->languages ? &*edits_->languages : nullptr;
}

Health EditedStore::health() const {
    return base_->health();
}

std::optional<QueryCounters> EditedStore::query_counters() const {
    return base_->query_counters();
}

} // namespace seeother::rdf
