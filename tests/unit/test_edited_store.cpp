// EditedStore (rdf/edit/edited_store.hpp): versions over an immutable base. The main case is a
// property test: random data loaded into a SordStore, then random changes, and after each one
// every question, at many offsets and limits, asked of the EditedStore and of a SordStore
// freshly loaded with the effective data; both must answer the same.
#include "store_wrappers.hpp"
#include "term_text.hpp"

#include "rdf/edit/edited_store.hpp"
#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

using namespace seeother::rdf;
using seeother::test::text;

namespace {

constexpr std::size_t all = static_cast<std::size_t>(-1);

const std::string e = "http://e.test/";
const std::string rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const std::string rdfs_label = "http://www.w3.org/2000/01/rdf-schema#label";
const std::string skos_pref = "http://www.w3.org/2004/02/skos/core#prefLabel";
const std::string foaf_name = "http://xmlns.com/foaf/0.1/name";
const std::string schema_name = "http://schema.org/name";
const std::string xsd_integer = "http://www.w3.org/2001/XMLSchema#integer";

// --- Writing data as N-Quads ------------------------------------------------------------------

std::string escaped(const std::string& value) {
    std::string out;
    for (const char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string nquad_term(const Term& term) {
    if (!term.is_literal())
        return text(term);
    std::string literal = "\"" + escaped(term.value) + "\"";
    if (!term.language.empty())
        return literal + "@" + term.language;
    if (!term.datatype.empty())
        return literal + "^^<" + term.datatype + ">";
    return literal;
}

std::string nquads(const Triples& triples) {
    std::string out;
    for (const auto& t : triples) {
        out += nquad_term(t.subject) + " " + nquad_term(t.predicate) + " " + nquad_term(t.object);
        if (!t.graph.empty())
            out += " <" + t.graph + ">";
        out += " .\n";
    }
    return out;
}

std::shared_ptr<const Store> load(const Triples& triples) {
    return load_store_from_string(nquads(triples), "data.nq");
}

/// The loader puts "f1_" before every blank label it reads: a store loaded from a model's
/// triples has "f1_" before the model's labels. Taken off, they are the model's.
Term unprefixed(Term term) {
    if (term.is_blank() && term.value.rfind("f1_", 0) == 0)
        term.value.erase(0, 3);
    return term;
}

Triples unprefixed(Triples triples) {
    for (auto& t : triples) {
        t.subject = unprefixed(std::move(t.subject));
        t.object = unprefixed(std::move(t.object));
    }
    std::sort(triples.begin(), triples.end());
    return triples;
}

Triple prefixed(Triple t) {
    if (t.subject.is_blank())
        t.subject.value = "f1_" + t.subject.value;
    if (t.object.is_blank())
        t.object.value = "f1_" + t.object.value;
    return t;
}

// --- The effective data, kept naively ---------------------------------------------------------

/// The data as quads in loading order: what a fresh store is loaded with. Blank labels as
/// the EditedStore sees them (the base's with the loader's prefix).
struct Model {
    Triples quads;

    /// The description of `iri` in the data: its quads and the closure of their blank objects.
    std::vector<std::size_t> description(const std::string& iri) const {
        std::vector<std::size_t> found;
        std::set<std::string> reached;
        std::vector<std::string> pending;
        const auto take = [&](std::size_t i) {
            found.push_back(i);
            if (quads[i].object.is_blank() && reached.insert(quads[i].object.value).second)
                pending.push_back(quads[i].object.value);
        };
        for (std::size_t i = 0; i < quads.size(); ++i)
            if (quads[i].subject == Term::iri(iri))
                take(i);
        while (!pending.empty()) {
            const std::string label = pending.back();
            pending.pop_back();
            for (std::size_t i = 0; i < quads.size(); ++i)
                if (quads[i].subject == Term::blank(label))
                    take(i);
        }
        return found;
    }

    void apply(const Change& change) {
        std::set<std::size_t> gone;
        for (const auto& iri : change.replaced)
            for (const auto i : description(iri))
                gone.insert(i);
        Triples kept;
        for (std::size_t i = 0; i < quads.size(); ++i)
            if (!gone.count(i))
                kept.push_back(quads[i]);
        quads = std::move(kept);
        quads.insert(quads.end(), change.added.begin(), change.added.end());
    }

    /// A fresh SordStore over the data; its blank labels get "f1_" (see unprefixed()).
    std::shared_ptr<const Store> fresh() const {
        Triples written;
        for (const auto& q : quads)
            written.push_back(q);
        return load(written);
    }
};

// --- Random data and changes ------------------------------------------------------------------

struct Pools {
    std::vector<std::string> base;     ///< subjects of the base (each has triples)
    std::vector<std::string> fresh;    ///< IRIs only changes make subjects (the base links to
                                       ///< some: a subject a change makes has links at once)
    std::vector<std::string> external; ///< objects only, never subjects
    std::vector<std::string> classes;
    std::vector<std::string> questions; ///< every IRI worth asking about
};

Pools make_pools() {
    Pools pools;
    for (int i = 0; i < 16; ++i)
        pools.base.push_back(e + "id/" + std::to_string(i));
    for (const char* fragment : {"", "#a", "#b", "#c", "#d", "#e", "#a#deep"})
        pools.base.push_back(e + "v" + fragment);
    pools.base.push_back(e + "v!x");    // between the IRI and IRI# in code-point order
    pools.base.push_back(e + "vocab");  // a longer IRI
    pools.base.push_back(e + "C0");     // a class that is also a subject
    pools.base.push_back(e + "w#only"); // a fragment without its document
    for (int i = 0; i < 6; ++i)
        pools.fresh.push_back(e + "new/" + std::to_string(i));
    for (const char* iri : {"id/3a", "id/10a", "v#0", "v#bb", "v#z", "w", "w#also", "v#a#new"})
        pools.fresh.push_back(e + iri);
    for (int i = 0; i < 4; ++i)
        pools.external.push_back(e + "ext/" + std::to_string(i));
    for (int i = 0; i < 4; ++i)
        pools.classes.push_back(e + "C" + std::to_string(i));
    for (const auto* list : {&pools.base, &pools.fresh, &pools.external, &pools.classes})
        pools.questions.insert(pools.questions.end(), list->begin(), list->end());
    for (const char* iri : {"id/", "v#", "nothing", "", "id/1"})
        pools.questions.push_back(e + iri);
    std::sort(pools.questions.begin(), pools.questions.end());
    pools.questions.erase(std::unique(pools.questions.begin(), pools.questions.end()),
                          pools.questions.end());
    return pools;
}

class Generator {
  public:
    Generator(unsigned seed, const Pools& pools) : random_(seed), pools_(pools) {}

    std::size_t below(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
    }
    bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
    template <class T> const T& pick(const std::vector<T>& list) {
        return list[below(list.size())];
    }

    std::string graph() {
        const auto n = below(100);
        return n < 70 ? "" : n < 85 ? e + "g1" : e + "g2";
    }

    Term literal() {
        static const std::vector<std::string> texts = {
            "Genève", "geneva",        "Geneva Smith", "New Geneva", "gen",
            "Paris",  "paris, france", "Zürich",       "zurich",     "x",
            "1",      "two\nlines",    "say \"hi\"",   "Ωmega",      "ÉCOLE"};
        static const std::vector<std::string> languages = {"en", "fr", "EN-gb", "de", "el"};
        const std::string& lexical = pick(texts);
        const auto n = below(10);
        if (n < 4)
            return Term::literal(lexical);
        if (n < 8)
            return Term::literal(lexical, "", changes && chance(10) ? "pt-BR" : pick(languages));
        return Term::literal(lexical, n == 8 ? xsd_integer : e + "dt");
    }

    /// One description: `subject`'s triples and blank closures, linking to `linkable`.
    Triples description(const std::string& subject, const std::vector<std::string>& linkable,
                        const std::string& blank_prefix) {
        Triples triples;
        const auto count = 1 + below(6);
        for (std::size_t i = 0; i < count; ++i)
            add_triple(Term::iri(subject), linkable, blank_prefix, 0, triples);
        return triples;
    }

    void add_triple(const Term& subject, const std::vector<std::string>& linkable,
                    const std::string& blank_prefix, int depth, Triples& out) {
        static const std::vector<std::string> labels = {rdfs_label, skos_pref, foaf_name,
                                                        schema_name};
        Triple t{subject, {}, {}, graph()};
        const auto kind = below(depth < 2 ? 10 : 8);
        if (kind < 3) {
            t.predicate = Term::iri(pick(labels));
            t.object = literal();
        } else if (kind < 4) {
            t.predicate = Term::iri(e + "p" + std::to_string(below(3)));
            t.object = literal();
        } else if (kind < 6) {
            t.predicate = Term::iri(e + (chance(50) ? "link" : "p0"));
            t.object = Term::iri(pick(linkable));
        } else if (kind < 8) {
            t.predicate = Term::iri(rdf_type);
            t.object = Term::iri(pick(pools_.classes));
        } else {
            t.predicate = Term::iri(e + (chance(50) ? "has" : "link"));
            t.object = Term::blank(blank_prefix + "b" + std::to_string(blanks_++));
            const auto inner = 1 + below(3);
            for (std::size_t i = 0; i < inner; ++i)
                add_triple(t.object, linkable, blank_prefix, depth + 1, out);
        }
        out.push_back(t);
        if (chance(10)) { // the same statement in another graph, or the default one
            Triple again = t;
            again.graph = graph();
            out.push_back(again);
        }
    }

    std::mt19937& random() { return random_; }

    /// Changes use a language tag that the base data never does.
    bool changes = false;

  private:
    std::mt19937 random_;
    const Pools& pools_;
    std::size_t blanks_ = 0;
};

/// Base data: a description for every base IRI, some orphan blank nodes; links to base
/// subjects, external IRIs and half of the IRIs only changes make subjects.
Triples base_data(Generator& generate, const Pools& pools) {
    std::vector<std::string> linkable = pools.base;
    linkable.insert(linkable.end(), pools.external.begin(), pools.external.end());
    for (std::size_t i = 0; i < pools.fresh.size(); i += 2)
        linkable.push_back(pools.fresh[i]);
    Triples data;
    for (const auto& iri : pools.base) {
        const auto triples = generate.description(iri, linkable, "");
        data.insert(data.end(), triples.begin(), triples.end());
    }
    for (int i = 0; i < 2; ++i) {
        const Term orphan = Term::blank("orphan" + std::to_string(i));
        data.push_back({orphan, Term::iri(e + "link"), Term::iri(generate.pick(linkable)), {}});
        data.push_back({orphan, Term::iri(rdf_type), Term::iri(generate.pick(pools.classes)), {}});
    }
    return data;
}

/// A random change to `model`'s data; its blank labels are "w<step>_…".
Change random_change(Generator& generate, const Pools& pools, const Model& model, int step) {
    std::vector<std::string> subjects = pools.base;
    subjects.insert(subjects.end(), pools.fresh.begin(), pools.fresh.end());
    std::vector<std::string> linkable = subjects;
    linkable.insert(linkable.end(), pools.external.begin(), pools.external.end());
    const std::string blanks = "w" + std::to_string(step) + "_";
    Change change;
    change.origin = "step " + std::to_string(step);
    std::set<std::string> replaced;
    const auto count = 1 + generate.below(generate.chance(20) ? 4 : 1);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& subject = generate.pick(subjects);
        const auto kind = generate.below(6);
        if (kind <= 2 && !replaced.insert(subject).second)
            continue;
        if (kind == 0 || kind == 1) { // replaced by new content (PUT), or deleted
            if (kind == 0) {
                const auto triples = generate.description(subject, linkable, blanks);
                change.added.insert(change.added.end(), triples.begin(), triples.end());
            }
        } else if (kind == 2) { // replaced by its own description, relabelled
            for (const auto index : model.description(subject)) {
                Triple t = model.quads[index];
                if (t.subject.is_blank())
                    t.subject.value = blanks + t.subject.value;
                if (t.object.is_blank())
                    t.object.value = blanks + t.object.value;
                change.added.push_back(t);
            }
        } else if (kind == 3) { // a statement it has, again, in another graph
            for (const auto index : model.description(subject)) {
                const Triple& t = model.quads[index];
                if (t.subject == Term::iri(subject) && !t.object.is_blank() && generate.chance(50))
                    change.added.push_back({t.subject, t.predicate, t.object, generate.graph()});
            }
        } else { // triples added (POST)
            const auto triples = generate.description(subject, linkable, blanks);
            change.added.insert(change.added.end(), triples.begin(), triples.end());
        }
    }
    change.replaced.assign(replaced.begin(), replaced.end());
    return change;
}

// --- Comparing every answer -------------------------------------------------------------------

std::string show(const Triples& triples) {
    std::string out;
    for (const auto& t : triples)
        out += "  " + text(t.subject) + " " + text(t.predicate) + " " + nquad_term(t.object) +
               (t.graph.empty() ? "" : " <" + t.graph + ">") + "\n";
    return out;
}

std::string show(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items)
        out += " " + item;
    return out;
}

std::string show(const std::vector<IriCount>& items) {
    std::string out;
    for (const auto& item : items)
        out += " " + item.iri + "=" + std::to_string(item.count);
    return out;
}

std::string show(const std::vector<Term>& items) {
    std::string out;
    for (const auto& item : items)
        out += " " + nquad_term(item);
    return out;
}

std::string show(const std::vector<std::size_t>& items) {
    std::string out;
    for (const auto item : items)
        out += " " + std::to_string(item);
    return out;
}

std::string show(const StoreStats& s) {
    return std::to_string(s.triples) + " triples, " + std::to_string(s.subjects) + " subjects, " +
           std::to_string(s.iri_subjects) + " IRIs, " + std::to_string(s.classes) + " classes, " +
           std::to_string(s.labels) + " labels";
}

/// Blank subjects of backlinks and instances carry labels of a store's own: compared as "_:".
Term anonymous(Term term) {
    if (term.is_blank())
        term.value.clear();
    return term;
}

/// The (offset, limit) pairs worth asking for a list of `total` items.
std::vector<std::pair<std::size_t, std::size_t>> pages(std::size_t total) {
    std::vector<std::pair<std::size_t, std::size_t>> found = {
        {0, all}, {0, 0}, {0, 1}, {1, 2}, {2, 3}, {total, 2}, {total + 3, 1}};
    if (total > 0)
        found.push_back({total - 1, 5});
    if (total > 4)
        found.push_back({total / 2, total / 3 + 1});
    return found;
}

/// How many answers the comparisons below have compared, in all.
std::size_t answers_compared = 0;

/// Asks both stores everything; counts and reports the differences.
class Comparison {
  public:
    /// `unprefix`: `fresh` was loaded from a model's text, its blank labels prefixed (see
    /// unprefixed()); false for a store whose labels are already those `edited` shows.
    Comparison(const Store& edited, const Store& fresh, const Pools& pools, std::string where,
               bool unprefix = true)
        : edited_(edited), fresh_(fresh), pools_(pools), where_(std::move(where)),
          unprefix_(unprefix) {}

    std::size_t run() {
        described_and_describe();
        subjects_and_labels();
        backlinks();
        classes();
        search();
        numbers();
        return failures_;
    }

    std::size_t failures() const { return failures_; }

    void numbers() {
        const auto g = edited_.stats();
        const auto w = fresh_.stats();
        same_number(g.triples, w.triples, "stats: triples (" + show(g) + " / " + show(w) + ")");
        same_number(g.subjects, w.subjects, "stats: subjects");
        same_number(g.iri_subjects, w.iri_subjects, "stats: IRI subjects");
        same_number(g.classes, w.classes, "stats: classes");
        same_number(g.labels, w.labels, "stats: labels");
        const auto known = edited_.known_stats();
        same_number(known.has_value(), true, "known_stats");
        if (known)
            same_number(known->triples, w.triples, "known_stats: triples");
        // Languages: a superset of the tags in use.
        const auto* got = edited_.languages();
        const auto* want = fresh_.languages();
        same_number(got != nullptr, want != nullptr, "languages known");
        if (got && want)
            for (const auto& tag : *want)
                same_number(std::binary_search(got->begin(), got->end(), tag), true,
                            "languages has " + tag);
    }

  private:
    template <class T> void same(const T& got, const T& want, const std::string& question) {
        ++answers_compared;
        if (got == want || failures_ > 10)
            return;
        ++failures_;
        FAIL_CHECK(where_ << ": " << question << "\n got:\n"
                          << show(got) << "\n want:\n"
                          << show(want));
    }
    void same_number(std::size_t got, std::size_t want, const std::string& question) {
        ++answers_compared;
        if (got == want || failures_ > 10)
            return;
        ++failures_;
        FAIL_CHECK(where_ << ": " << question << ": got " << got << ", want " << want);
    }
    static std::string page_name(std::size_t offset, std::size_t limit) {
        return "[" + std::to_string(offset) + ", " +
               (limit == all ? std::string("all") : std::to_string(limit)) + ")";
    }

    void described_and_describe() {
        std::vector<Subjects> candidates;
        for (const auto& iri : pools_.questions)
            for (const bool fragments : {false, true})
                candidates.push_back({iri, fragments});
        const auto got = edited_.described(candidates);
        const auto want = fresh_.described(candidates);
        for (std::size_t i = 0; i < candidates.size(); ++i)
            same_number(got[i], want[i],
                        "described " + candidates[i].iri + (candidates[i].fragments ? "#" : ""));
        for (const auto& candidate : candidates) {
            const std::string name =
                "describe " + candidate.iri + (candidate.fragments ? " (fragments) " : " ");
            const auto whole = fresh_.describe(candidate, 0, all);
            for (const auto& [offset, limit] : pages(whole.total)) {
                const auto g = edited_.describe(candidate, offset, limit);
                const auto w = fresh_.describe(candidate, offset, limit);
                same_number(g.total, w.total, name + page_name(offset, limit) + " total");
                same(g.items, wanted(w.items), name + page_name(offset, limit));
            }
            if (candidate.fragments && whole.total > 3)
                for (std::size_t offset = 0; offset < whole.total; offset += 2)
                    same(edited_.describe(candidate, offset, 2).items,
                         wanted(fresh_.describe(candidate, offset, 2).items),
                         name + page_name(offset, 2));
        }
    }

    void subjects_and_labels() {
        for (const std::string& prefix :
             {std::string(), e, e + "id/", e + "id/1", e + "v", e + "v#", e + "v#a", e + "new/",
              e + "w", std::string("zzz")}) {
            const auto total = fresh_.subjects_page(prefix, 0, 0).total;
            for (const auto& [offset, limit] : pages(total)) {
                const auto g = edited_.subjects_page(prefix, offset, limit);
                const auto w = fresh_.subjects_page(prefix, offset, limit);
                same_number(g.total, w.total, "subjects_page " + prefix + " total");
                same(g.items, w.items, "subjects_page " + prefix + page_name(offset, limit));
            }
        }
        const auto got = edited_.labels(pools_.questions);
        const auto want = fresh_.labels(pools_.questions);
        for (std::size_t i = 0; i < pools_.questions.size(); ++i)
            same(got[i], want[i], "labels " + pools_.questions[i]);
        same_number(edited_.labels({}).size(), 0, "labels of nothing");
        // The label a reader prefers: the edits' own chosen as the base's are.
        const std::vector<std::string_view> views(pools_.questions.begin(), pools_.questions.end());
        const LanguageRank rank = [](std::string_view tag) { return tag == "en" ? 0 : 1; };
        const auto got_preferred = edited_.preferred_labels(views, rank);
        const auto want_preferred = fresh_.preferred_labels(views, rank);
        const auto listed = [](const std::optional<Term>& label) {
            return label ? std::vector<Term>{*label} : std::vector<Term>{};
        };
        for (std::size_t i = 0; i < pools_.questions.size(); ++i)
            same(listed(got_preferred[i]), listed(want_preferred[i]),
                 "preferred label " + pools_.questions[i]);
    }

    void backlinks() {
        const auto compare = [&](const Backlinks& g, const Backlinks& w, const std::string& name) {
            same_number(g.total, w.total, name + " total");
            same(g.predicates, w.predicates, name + " predicates");
            Triples gt = g.triples;
            Triples wt = w.triples;
            for (auto* triples : {&gt, &wt})
                for (auto& t : *triples)
                    t.subject = anonymous(t.subject);
            same(gt, wt, name);
        };
        for (const auto& iri : pools_.questions) {
            const auto total = fresh_.backlinks(iri, 0, 0).total;
            for (const auto& [offset, limit] : pages(total))
                compare(edited_.backlinks(iri, offset, limit), fresh_.backlinks(iri, offset, limit),
                        "backlinks " + iri + page_name(offset, limit));
            // Links to any IRI, a subject or not: what a version over this store would ask.
            const auto links = fresh_.links_to(iri, 0, 0);
            same_number(links.has_value(), true, "links_to " + iri + " known");
            if (!links)
                continue;
            for (const auto& [offset, limit] : pages(links->total)) {
                const auto g = edited_.links_to(iri, offset, limit);
                same_number(g.has_value(), true, "links_to " + iri + " known");
                if (g)
                    compare(*g, *fresh_.links_to(iri, offset, limit),
                            "links_to " + iri + page_name(offset, limit));
            }
        }
        for (const std::size_t limit : {0U, 1U, 3U, 10U, 100U, 1000U})
            same(edited_.most_referenced(limit), fresh_.most_referenced(limit),
                 "most_referenced " + std::to_string(limit));
    }

    void classes() {
        const auto total = fresh_.classes(0, 0).total;
        for (const auto& [offset, limit] : pages(total)) {
            const auto g = edited_.classes(offset, limit);
            const auto w = fresh_.classes(offset, limit);
            same_number(g.total, w.total, "classes total");
            same(g.items, w.items, "classes" + page_name(offset, limit));
        }
        std::vector<std::string> classes = pools_.classes;
        classes.push_back(e + "id/1");
        classes.push_back(e + "nothing");
        same(edited_.instance_counts(classes), fresh_.instance_counts(classes), "instance_counts");
        for (const auto& c : classes) {
            const auto count = fresh_.instances(c, 0, 0).total;
            for (const auto& [offset, limit] : pages(count)) {
                const auto g = edited_.instances(c, offset, limit);
                const auto w = fresh_.instances(c, offset, limit);
                same_number(g.total, w.total, "instances " + c + " total");
                std::vector<Term> gi;
                std::vector<Term> wi;
                for (const auto& t : g.items)
                    gi.push_back(anonymous(t));
                for (const auto& t : w.items)
                    wi.push_back(anonymous(t));
                same(gi, wi, "instances " + c + page_name(offset, limit));
            }
        }
    }

    void search() {
        for (const char* query : {"gen", "geneva", "GENÈVE", "par", "paris", "zur", "x", "1", "e",
                                  "ω", "ecole", " ", "nothing at all"}) {
            const auto total = fresh_.search(query, 0, 0).total;
            for (const auto& [offset, limit] : pages(total)) {
                const auto g = edited_.search(query, offset, limit);
                const auto w = fresh_.search(query, offset, limit);
                const std::string name = std::string("search ") + query + page_name(offset, limit);
                same_number(g.total, w.total, name + " total");
                same(hits(g.items), hits(w.items), name);
            }
        }
    }

    /// The fresh store's triples with the blank labels the edited one shows.
    Triples wanted(Triples triples) const {
        if (unprefix_)
            return unprefixed(std::move(triples));
        return triples;
    }

    static std::vector<std::string> hits(const std::vector<SearchHit>& items) {
        std::vector<std::string> out;
        for (const auto& hit : items)
            out.push_back(hit.iri + " (" + nquad_term(hit.label) + ")");
        return out;
    }

    const Store& edited_;
    const Store& fresh_;
    const Pools& pools_;
    std::string where_;
    bool unprefix_;
    std::size_t failures_ = 0;
};

std::string show_change(const Change& change) {
    std::string out = change.origin + ": replaced" + show(change.replaced) + "; added\n";
    return out + show(change.added);
}

/// Runs `steps` random changes from `seed`, comparing after each; false at the first step
/// that differs.
bool run_seed(unsigned seed, int steps) {
    const Pools pools = make_pools();
    Generator generate(seed, pools);
    const Triples data = base_data(generate, pools);
    generate.changes = true;
    Model model;
    for (const auto& t : data)
        model.quads.push_back(prefixed(t));
    auto version = std::make_shared<const EditedStore>(load(data));
    {
        const auto fresh = model.fresh();
        Comparison compare(*version, *fresh, pools, "seed " + std::to_string(seed));
        if (compare.run() > 0)
            return false;
    }
    for (int step = 1; step <= steps; ++step) {
        const Change change = random_change(generate, pools, model, step);
        const auto before = version;
        const auto fresh_before = model.fresh();
        model.apply(change);
        version = version->with(change);
        const auto fresh = model.fresh();
        const std::string where = "seed " + std::to_string(seed) + ", step " +
                                  std::to_string(step) + "\n" + show_change(change);
        Comparison compare(*version, *fresh, pools, where);
        if (compare.run() > 0)
            return false;
        // The version before is as it was.
        Comparison again(*before, *fresh_before, pools, where + " (the version before)");
        again.numbers();
        if (again.failures() > 0)
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("after every random change, an EditedStore answers every question as a fresh store "
          "loaded with the effective data",
          "[edit]") {
    for (const unsigned seed : {1U, 2U, 3U, 4U, 5U, 6U, 7U, 8U}) {
        const bool same = run_seed(seed, 50);
        CHECK(same);
        if (!same)
            break;
    }
    CHECK(answers_compared > 100000);
}

namespace {

/// Runs `steps` random changes from `seed`; after each, a store loaded from the base data with
/// every change so far folded in (load_store_from_string) must answer every question as the
/// EditedStore over the plain base does, and as a fresh store loaded with the effective data.
/// False at the first step that differs.
bool run_folded_seed(unsigned seed, int steps) {
    const Pools pools = make_pools();
    Generator generate(seed, pools);
    const Triples data = base_data(generate, pools);
    const std::string text = nquads(data);
    generate.changes = true;
    Model model;
    for (const auto& t : data)
        model.quads.push_back(prefixed(t));
    auto version = std::make_shared<const EditedStore>(load(data));
    std::vector<Change> changes;
    for (int step = 0; step <= steps; ++step) {
        std::string where = "seed " + std::to_string(seed) + ", step " + std::to_string(step);
        if (step > 0) {
            changes.push_back(random_change(generate, pools, model, step));
            model.apply(changes.back());
            version = version->with(changes.back());
            where += "\n" + show_change(changes.back());
        }
        const auto folded = load_store_from_string(text, "data.nq", {}, changes);
        const auto fresh = model.fresh();
        Comparison as_fresh(*folded, *fresh, pools, where + "\n(folded, against a fresh store)");
        if (as_fresh.run() > 0)
            return false;
        // The EditedStore's languages() may keep tags no longer used: it is the one compared.
        Comparison as_edited(*version, *folded, pools,
                             where + "\n(the EditedStore, against the folded store)", false);
        if (as_edited.run() > 0)
            return false;
        const bool same_languages = *folded->languages() == *fresh->languages();
        CHECK(same_languages);
        if (!same_languages)
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("a store loaded with random changes folded in answers every question as the "
          "EditedStore over the plain data and as a fresh store of the effective data",
          "[edit][fold]") {
    const auto before = answers_compared;
    for (const unsigned seed : {11U, 12U, 13U, 14U, 15U, 16U}) {
        const bool same = run_folded_seed(seed, 40);
        CHECK(same);
        if (!same)
            break;
    }
    CHECK(answers_compared - before > 100000);
}

// --- Focused cases ----------------------------------------------------------------------------

namespace {

const char* const small = R"(
@prefix ex: <http://e.test/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:a rdfs:label "Anne" ; ex:link ex:b ; a ex:Person ; ex:has [ ex:p "a's blank" ] .
ex:b rdfs:label "Bert" ; ex:link ex:a ; a ex:Person .
ex:c rdfs:label "Carl"@en ; ex:link ex:outside .
)";

std::shared_ptr<const Store> load_turtle(const std::string& turtle) {
    return load_store_from_string(turtle, "small.ttl");
}

Triple triple(const std::string& s, const std::string& p, Term o) {
    return {Term::iri(e + s), Term::iri(p.rfind("http", 0) == 0 ? p : e + p), std::move(o), {}};
}

/// Records the stretches of paged lists asked of the wrapped store.
class RecordingStore final : public seeother::test::WrappedStore {
  public:
    using WrappedStore::WrappedStore;

    Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                    std::size_t limit) const override {
        asked_.emplace_back(offset, limit);
        return WrappedStore::subjects_page(prefix, offset, limit);
    }
    Page<SearchHit> search(std::string_view query, std::size_t offset,
                           std::size_t limit) const override {
        asked_.emplace_back(offset, limit);
        return WrappedStore::search(query, offset, limit);
    }

    std::vector<std::pair<std::size_t, std::size_t>> take() const {
        return std::exchange(asked_, {});
    }

  private:
    void ask(const std::string&) const override {}

    mutable std::vector<std::pair<std::size_t, std::size_t>> asked_;
};

} // namespace

TEST_CASE("an EditedStore with no change answers as its base, and says what it holds", "[edit]") {
    const auto base = load_turtle(small);
    const auto store = std::make_shared<const EditedStore>(base);
    CHECK(store->base() == base);
    CHECK(store->touched().empty());
    CHECK(store->edited_triples() == 0);
    CHECK(store->last_modified() == base->last_modified());
    CHECK(describe_all(*store, e + "a") == describe_all(*base, e + "a"));
    CHECK(store->languages() == base->languages()); // the base's own, not a copy

    const auto before = std::chrono::system_clock::now();
    const auto edited =
        store->with({{e + "c"}, {triple("d", rdfs_label, Term::literal("Dora"))}, "PUT"});
    CHECK(edited->touched() == std::vector<std::string>{e + "c", e + "d"});
    CHECK(edited->edited_triples() == 1);
    CHECK(edited->last_modified() >= before);
    CHECK(edited->base() == base);
    const auto later = edited->with({{}, {triple("c", "p", Term::literal("back"))}, "POST"});
    CHECK(later->touched() == std::vector<std::string>{e + "c", e + "d"});
    CHECK(later->edited_triples() == 2);
    CHECK(later->last_modified() >= edited->last_modified());
    // Each version stays as it was.
    CHECK_FALSE(describes(*edited, e + "c"));
    CHECK(describes(*later, e + "c"));
    CHECK(describes(*store, e + "c"));
    CHECK_FALSE(describes(*store, e + "d"));
}

TEST_CASE("a question no change bears on is asked of the base once, as it was asked", "[edit]") {
    const auto sord = load_turtle(small);
    const auto counting = std::make_shared<seeother::test::CountingStore>(*sord);
    const auto store = std::make_shared<const EditedStore>(counting)->with(
        {{e + "c"}, {triple("c", rdfs_label, Term::literal("Carla"))}, "PUT"});
    const auto once = [&](const char* question) {
        return counting->asked() == std::map<std::string, int>{{question, 1}};
    };
    store->backlinks(e + "nothing", 0, 10); // builds the edits' index (asking the base nothing)
    counting->reset();
    describe_all(*store, e + "a");
    CHECK(once("describe"));
    counting->reset();
    describes(*store, e + "a");
    CHECK(once("described"));
    counting->reset();
    store->subjects_page(e + "a", 0, 10);
    CHECK(once("subjects_page"));
    counting->reset();
    store->labels({e + "a", e + "b"});
    CHECK(once("labels"));
    counting->reset();
    CHECK(store->backlinks(e + "a", 0, 10).total == 1);
    CHECK(once("backlinks"));
    counting->reset();
    store->classes(0, 10);
    CHECK(once("classes"));
    counting->reset();
    store->instances(e + "Person", 0, 10);
    CHECK(once("instances"));
    counting->reset();
    store->search("anne", 0, 10); // nothing touched has (or had) such a label
    CHECK(counting->asked() == std::map<std::string, int>{{"search", 1}});
}

TEST_CASE("a page deep in a long list fetches from the base only what it can come from", "[edit]") {
    std::string turtle;
    char name[32];
    for (int i = 0; i < 1000; ++i) {
        std::snprintf(name, sizeof name, "%04d", i);
        turtle += "<" + e + "id/" + name + "> <" + rdfs_label + "> \"thing " + name + "\" .\n";
    }
    const auto sord = load_turtle(turtle);
    const auto recording = std::make_shared<RecordingStore>(*sord);
    const Change change{{e + "id/0500", e + "id/0901"},
                        {triple("id/0500a", rdfs_label, Term::literal("thing 0500a")),
                         triple("id/0902", rdfs_label, Term::literal("thing 0902 again"))},
                        "PUT"};
    const auto store = std::make_shared<const EditedStore>(recording)->with(change);
    Model model;
    for (int i = 0; i < 1000; ++i) {
        std::snprintf(name, sizeof name, "%04d", i);
        model.quads.push_back(triple(std::string("id/") + name, rdfs_label,
                                     Term::literal(std::string("thing ") + name)));
    }
    model.apply(change);
    const auto fresh = model.fresh();
    recording->take();

    const auto page = store->subjects_page(e + "id/", 900, 10);
    CHECK(page.items == fresh->subjects_page(e + "id/", 900, 10).items);
    CHECK(page.total == fresh->subjects_page(e + "id/", 0, 0).total);
    for (const auto& [offset, limit] : recording->take()) {
        CHECK(offset >= 890);
        CHECK(limit <= 20);
    }
    const auto hits = store->search("thing", 700, 5);
    CHECK(hits.items.size() == 5);
    CHECK(hits.total == fresh->search("thing", 0, 0).total);
    for (std::size_t i = 0; i < hits.items.size(); ++i)
        CHECK(hits.items[i].iri == fresh->search("thing", 700, 5).items[i].iri);
    const auto asked = recording->take();
    REQUIRE(asked.size() == 1); // one scan of the base's labels
    CHECK(asked[0].first >= 690);
    CHECK(asked[0].second <= 20);
}

TEST_CASE("backlinks of a subject a change made hold the base's links to it at once", "[edit]") {
    // <n> is only an object in the base (a class too): its links come from the base's
    // links_to(), merged with the edits' as for a subject the base describes.
    const auto base =
        load_turtle("<" + e + "a> <" + e + "link> <" + e + "n> ; <" + e + "p0> <" + e +
                    "n> .\n_:x <" + e + "link> <" + e + "n> .\n<" + e + "c> a <" + e + "n> .");
    CHECK(base->backlinks(e + "n", 0, 10).total == 0); // not a subject (yet)
    const auto store = std::make_shared<const EditedStore>(base)->with(
        {{},
         {triple("n", rdfs_label, Term::literal("N")), triple("b", "link", Term::iri(e + "n"))},
         "POST"});
    const auto links = store->backlinks(e + "n", 0, 10);
    CHECK(links.total == 5);
    CHECK(links.predicates == std::vector<IriCount>{{e + "link", 3}, {e + "p0", 1}, {rdf_type, 1}});
    REQUIRE(links.triples.size() == 5);
    CHECK(links.triples[0].subject == Term::iri(e + "a"));
    CHECK(links.triples[1].subject == Term::iri(e + "b"));
    CHECK(links.triples[2].subject.is_blank());
    CHECK(links.triples[3] ==
          Triple{Term::iri(e + "a"), Term::iri(e + "p0"), Term::iri(e + "n"), {}});
    CHECK(links.triples[4] ==
          Triple{Term::iri(e + "c"), Term::iri(rdf_type), Term::iri(e + "n"), {}});
    const auto page = store->backlinks(e + "n", 1, 2);
    CHECK(page.total == 5);
    CHECK(page.triples == Triples(links.triples.begin() + 1, links.triples.begin() + 3));
    CHECK(store->most_referenced(10) == std::vector<IriCount>{{e + "n", 5}});

    // The base's links less those the edits took away: <a>'s went with it.
    const auto again = store->with({{e + "a"}, {}, "DELETE"});
    const auto fewer = again->backlinks(e + "n", 0, 10);
    CHECK(fewer.total == 3);
    CHECK(fewer.predicates == std::vector<IriCount>{{e + "link", 2}, {rdf_type, 1}});
    CHECK(again->most_referenced(10) == std::vector<IriCount>{{e + "n", 3}});
    // No longer a subject: no backlinks, but the links are still there.
    const auto gone = again->with({{e + "n"}, {}, "DELETE"});
    CHECK(gone->backlinks(e + "n", 0, 10).total == 0);
    CHECK(gone->most_referenced(10).empty());
    REQUIRE(gone->links_to(e + "n", 0, 10));
    CHECK(gone->links_to(e + "n", 0, 10)->total == 3);

    // Over a base that cannot say (links_to() gives none), only the edits' links.
    class NoLinksTo final : public seeother::test::WrappedStore {
      public:
        using WrappedStore::WrappedStore;
        std::optional<Backlinks> links_to(std::string_view, std::size_t,
                                          std::size_t) const override {
            return std::nullopt;
        }

      private:
        void ask(const std::string&) const override {}
    };
    const auto blind = std::make_shared<const EditedStore>(std::make_shared<NoLinksTo>(*base))
                           ->with({{},
                                   {triple("n", rdfs_label, Term::literal("N")),
                                    triple("b", "link", Term::iri(e + "n"))},
                                   "POST"});
    CHECK(blind->backlinks(e + "n", 0, 10).total == 1);
    CHECK(blind->most_referenced(10) == std::vector<IriCount>{{e + "n", 1}});
    CHECK_FALSE(blind->links_to(e + "n", 0, 10));
}

TEST_CASE("a store loaded with a change folded in lists the data's links to a subject the "
          "change made",
          "[edit][fold]") {
    // As the EditedStore over the data answers (above).
    const std::string data = "<" + e + "a> <" + e + "link> <" + e + "n> .";
    const Change change{
        {},
        {triple("n", rdfs_label, Term::literal("N")), triple("b", "link", Term::iri(e + "n"))},
        "POST"};
    const auto folded = load_store_from_string(data, "small.ttl", {}, {change});
    const auto links = folded->backlinks(e + "n", 0, 10);
    CHECK(links.total == 2);
    REQUIRE(links.triples.size() == 2);
    CHECK(links.triples[0].subject == Term::iri(e + "a"));
    CHECK(links.triples[1].subject == Term::iri(e + "b"));
    CHECK(folded->most_referenced(10) == std::vector<IriCount>{{e + "n", 2}});
}

TEST_CASE("changes folded in take away a replaced IRI's blank nodes that nothing else reaches, "
          "every graph's copy, and keep those something else reaches",
          "[edit][fold]") {
    const auto i = [](const std::string& name) { return "<" + e + name + "> "; };
    const std::string label = "<" + rdfs_label + "> ";
    const std::string data = i("a") + i("p") + "_:s .\n" +            // shared with <b>
                             i("b") + i("p") + "_:s .\n" +            //
                             "_:s " + i("q") + "\"shared\" .\n" +     //
                             i("a") + i("p") + "_:own .\n" +          // only <a> reaches these,
                             "_:own " + i("q") + "_:deep .\n" +       // through a cycle
                             "_:deep " + i("q") + "\"deep\" .\n" +    //
                             "_:deep " + i("r") + "_:own .\n" +       //
                             "_:orphan " + i("link") + "_:kept .\n" + // an orphan reaches it
                             i("a") + i("p") + "_:kept .\n" +         //
                             "_:kept " + i("q") + "\"kept by the orphan\" .\n" + "_:kept " +
                             i("q") + "_:below .\n" + // and what it reaches
                             "_:below " + i("q") + "\"below\" .\n" + i("a") + label + "\"A\" " +
                             i("g1") + ".\n" +                             // two graphs' copies
                             i("a") + label + "\"A\" " + i("g2") + ".\n" + //
                             i("a") + i("link") + i("c") + ".\n" +         //
                             i("c") + label + "\"C\" .\n" +                //
                             i("b") + i("link") + i("a") + ".\n";
    const auto in = [](Triple t, const std::string& graph) {
        t.graph = e + graph;
        return t;
    };
    const std::vector<Change> changes = {
        {{e + "a"},
         {in(triple("a", rdfs_label, Term::literal("A2")), "g2"),
          triple("a", rdfs_label, Term::literal("A2")), // after the copy in <g2>: not kept
          triple("a", "p", Term::blank("w1_n")),
          {Term::blank("w1_n"), Term::iri(e + "q"), Term::literal("new"), {}}},
         "PUT /doc/a"},
        {{e + "c", e + "nothing"}, {triple("c", "link", Term::iri(e + "a"))}, "PUT /doc/c"},
        {{},
         {triple("x", rdfs_label, Term::literal("X")),
          triple("x", "p", Term::blank("w3_sh")),
          in(triple("y", "p", Term::blank("w3_sh")), "g1"),
          triple("y", "p", Term::blank("w3_sh")),
          {Term::blank("w3_sh"), Term::iri(e + "q"), Term::literal("shared by x and y"), {}}},
         "import 1"},
        {{e + "b"}, {}, "DELETE /doc/b"}, // now only <b> reached _:s
        {{e + "x"}, {}, "DELETE /doc/x"}, // <y> still reaches _:w3_sh
        {{e + "y"}, {}, "DELETE /doc/y"},
    };
    // The effective data, by hand: the data less what went, then what came, in that order.
    // Blank labels as the folded store shows them: the data's with the loader's "f1_" (loading
    // this text adds one more, which the comparison takes off), the changes' as they are.
    const std::string after_1 =
        i("b") + i("p") + "_:f1_s .\n" + "_:f1_s " + i("q") + "\"shared\" .\n" + "_:f1_orphan " +
        i("link") + "_:f1_kept .\n" + "_:f1_kept " + i("q") + "\"kept by the orphan\" .\n" +
        "_:f1_kept " + i("q") + "_:f1_below .\n" + "_:f1_below " + i("q") + "\"below\" .\n" +
        i("c") + label + "\"C\" .\n" + i("b") + i("link") + i("a") + ".\n" + i("a") + label +
        "\"A2\" " + i("g2") + ".\n" + i("a") + label + "\"A2\" .\n" + i("a") + i("p") +
        "_:w1_n .\n" + "_:w1_n " + i("q") + "\"new\" .\n";
    const std::string kept = "_:f1_orphan " + i("link") + "_:f1_kept .\n" + "_:f1_kept " + i("q") +
                             "\"kept by the orphan\" .\n" + "_:f1_kept " + i("q") +
                             "_:f1_below .\n" + "_:f1_below " + i("q") + "\"below\" .\n" + i("a") +
                             label + "\"A2\" " + i("g2") + ".\n" + i("a") + label + "\"A2\" .\n" +
                             i("a") + i("p") + "_:w1_n .\n" + "_:w1_n " + i("q") + "\"new\" .\n" +
                             i("c") + i("link") + i("a") + ".\n";
    const std::string after_5 = kept + i("y") + i("p") + "_:w3_sh " + i("g1") + ".\n" + i("y") +
                                i("p") + "_:w3_sh .\n" + "_:w3_sh " + i("q") +
                                "\"shared by x and y\" .\n";
    Pools pools;
    for (const char* name : {"a", "b", "c", "x", "y", "nothing", "q"})
        pools.questions.push_back(e + name);
    for (const auto& [count, effective] :
         std::vector<std::pair<std::size_t, std::string>>{{1, after_1}, {5, after_5}, {6, kept}}) {
        const std::vector<Change> folded_in(changes.begin(),
                                            changes.begin() + static_cast<std::ptrdiff_t>(count));
        const auto folded = load_store_from_string(data, "data.nq", {}, folded_in);
        const auto want = load_store_from_string(effective, "effective.nq");
        Comparison compare(*folded, *want, pools,
                           "after " + std::to_string(count) + " changes:\n" + effective);
        CHECK(compare.run() == 0);
        CHECK(*folded->languages() == *want->languages());
    }
    // What the shared blank node means for <b>: its description is whole, as the data says.
    const auto folded = load_store_from_string(data, "data.nq", {}, {changes[0]});
    CHECK(describe_all(*folded, e + "b").size() == 3);
    CHECK(folded->stats().triples == 11); // the 12 lines of after_1, one of them a repeat
}

TEST_CASE("a blank node shared by two descriptions leaves one of them with the other "
          "(documented)",
          "[edit]") {
    const auto base = load_turtle("<" + e + "a> <" + e + "p> _:shared . <" + e + "b> <" + e +
                                  "p> _:shared . _:shared <" + e + "q> \"in both\" .");
    const auto store = std::make_shared<const EditedStore>(base)->with({{e + "a"}, {}, "DELETE"});
    CHECK_FALSE(describes(*store, e + "a"));
    CHECK(describe_all(*store, e + "b").size() == 2); // <b>'s description, from the base
    CHECK(store->stats().triples == 1); // counted as gone with <a>, as a fresh store would
}

TEST_CASE("readers of a version are undisturbed while a writer makes new ones, and each "
          "version's indexes are built once for many threads",
          "[edit]") {
    const Pools pools = make_pools();
    Generator generate(7, pools);
    const Triples data = base_data(generate, pools);
    Model model;
    for (const auto& t : data)
        model.quads.push_back(prefixed(t));
    std::shared_ptr<const EditedStore> published = std::make_shared<const EditedStore>(load(data));
    std::vector<Change> changes;
    for (int step = 1; step <= 60; ++step) {
        changes.push_back(random_change(generate, pools, model, step));
        model.apply(changes.back());
    }

    std::atomic<bool> done{false};
    std::atomic<int> wrong{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r)
        readers.emplace_back([&] {
            while (!done) {
                const auto version = std::atomic_load(&published);
                // The same version asked twice, at once with others: the same answers.
                const auto first = version->stats();
                const auto classes = version->classes(0, all).items;
                const auto links = version->backlinks(e + "id/3", 0, all).total;
                const auto hits = version->search("gen", 0, all).total;
                const auto described = version->subjects_page("", 0, all).items;
                const auto second = version->stats();
                if (first.triples != second.triples || first.classes != second.classes ||
                    classes != version->classes(0, all).items ||
                    links != version->backlinks(e + "id/3", 0, all).total ||
                    hits != version->search("gen", 0, all).total ||
                    described != version->subjects_page("", 0, all).items)
                    ++wrong;
            }
        });
    for (const auto& change : changes) {
        std::atomic_store(&published, std::atomic_load(&published)->with(change));
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    done = true;
    for (auto& reader : readers)
        reader.join();
    CHECK(wrong == 0);
    const auto fresh = model.fresh();
    Comparison compare(*published, *fresh, pools, "after the writer");
    CHECK(compare.run() == 0);
}

// --- Cost -------------------------------------------------------------------------------------

namespace {

template <class F> double microseconds(F&& f, int repeats = 1) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i)
        f();
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    return took.count() / repeats;
}

} // namespace

// Run by hand: unit_tests "[edit-bench]". Prints what with() and the questions cost on a few
// hundred thousand triples, next to the base's own answers.
TEST_CASE("EditedStore costs, printed", "[.][edit-bench]") {
    const std::string b = "http://b.test/";
    const int things = 30000;
    const int fragments = 5000;
    std::string data;
    char id[64];
    const auto thing = [&](int i) {
        std::snprintf(id, sizeof id, "%sid/%05d", b.c_str(), i);
        return std::string(id);
    };
    std::mt19937 random(1);
    for (int i = 0; i < things; ++i) {
        const std::string s = "<" + thing(i) + "> ";
        data += s + "<" + rdfs_label + "> \"name " + std::to_string(i) + "\"@en .\n";
        data += s + "<" + rdf_type + "> <" + b + "C" + std::to_string(i % 50) + "> .\n";
        data += s + "<" + b + "link> <" + thing(0) + "> .\n"; // every thing links to the hub
        data += s + "<" + b + "link> <" + thing(static_cast<int>(random() % things)) + "> .\n";
        data += s + "<" + b + "has> _:h" + std::to_string(i) + " .\n";
        data += "_:h" + std::to_string(i) + " <" + b + "p> \"v\" ; <" + b + "q> " +
                std::to_string(i) + " .\n";
        for (int k = 0; k < 3; ++k)
            data +=
                s + "<" + b + "p" + std::to_string(k) + "> \"value " + std::to_string(k) + "\" .\n";
    }
    for (int i = 0; i < fragments; ++i) {
        const std::string s = "<" + b + "v#f" + std::to_string(i) + "> ";
        data += s + "<" + rdfs_label + "> \"fragment " + std::to_string(i) + "\" .\n";
        for (int k = 0; k < 3; ++k)
            data += s + "<" + b + "p" + std::to_string(k) + "> \"value\" .\n";
    }
    std::shared_ptr<const Store> base;
    const double load_us = microseconds([&] { base = load_store_from_string(data, "bench.ttl"); });
    std::printf("base: %zu triples, loaded in %.0f ms\n", base->stats().triples, load_us / 1000);

    const auto put = [&](int i, int step) {
        Change change;
        change.origin = "PUT " + std::to_string(step);
        change.replaced = {thing(i)};
        const std::string w = "w" + std::to_string(step) + "_";
        change.added = {
            {Term::iri(thing(i)),
             Term::iri(rdfs_label),
             Term::literal("edited " + std::to_string(i), "", "fr"),
             {}},
            {Term::iri(thing(i)),
             Term::iri(rdf_type),
             Term::iri(b + "C" + std::to_string(step % 7)),
             {}},
            {Term::iri(thing(i)), Term::iri(b + "link"), Term::iri(thing(0)), {}},
            {Term::iri(thing(i)), Term::iri(b + "has"), Term::blank(w + "x"), {}},
            {Term::blank(w + "x"), Term::iri(b + "p"), Term::literal("new"), {}},
        };
        return change;
    };
    std::shared_ptr<const EditedStore> version = std::make_shared<const EditedStore>(base);
    const double first_with = microseconds([&] { version = version->with(put(12345, 1)); });
    std::printf("with(): one PUT on the base: %.0f us\n", first_with);

    // Questions on a version with many edits: the first asks build the per-version indexes.
    const auto questions = [&](const Store& store, const char* name) {
        std::printf("%s:\n", name);
        std::printf("  describe (touched or not)      %8.1f us\n",
                    microseconds([&] { describe_all(store, thing(12345)); }, 200));
        std::printf("  describe hash ns [2500, +50)   %8.1f us\n",
                    microseconds(
                        [&] {
                            store.describe({b + "v", true}, 10000, 50);
                        },
                        20));
        std::printf("  subjects_page [20000, +50)     %8.1f us\n",
                    microseconds([&] { store.subjects_page(b + "id/", 20000, 50); }, 50));
        std::printf("  backlinks(hub) [1000, +50)     %8.1f us\n",
                    microseconds([&] { store.backlinks(thing(0), 1000, 50); }, 50));
        std::printf("  classes [0, +20)               %8.1f us\n",
                    microseconds([&] { store.classes(0, 20); }, 50));
        std::printf("  instances(C3) [100, +50)       %8.1f us\n",
                    microseconds([&] { store.instances(b + "C3", 100, 50); }, 50));
        std::printf("  search \"name 12\" [0, +20)      %8.1f us\n",
                    microseconds([&] { store.search("name 12", 0, 20); }, 5));
        std::printf("  most_referenced(10)            %8.1f us\n",
                    microseconds([&] { store.most_referenced(10); }, 50));
        std::printf("  stats                          %8.1f us\n",
                    microseconds([&] { store.stats(); }, 50));
    };
    questions(*base, "the base");
    std::set<int> touched = {12345};
    for (const int edits : {100, 1000, 5000}) {
        double total = 0;
        double last = 0;
        int made = 0;
        for (; static_cast<int>(touched.size()) < edits; ++made) {
            const int subject = static_cast<int>(random() % things);
            touched.insert(subject);
            const auto change = put(subject, made + 2);
            last = microseconds([&] { version = version->with(change); });
            total += last;
        }
        std::printf("%zu IRIs touched (%zu triples held): with() took %.0f us on average, the "
                    "last %.0f us\n",
                    version->touched().size(), version->edited_triples(), total / made, last);
        // Touch fragments of the hash namespace too, for describe's bisection.
        Change fragment_edit;
        for (int k = 0; k < 10; ++k)
            fragment_edit.replaced.push_back(b + "v#f" + std::to_string(k * 400));
        std::sort(fragment_edit.replaced.begin(), fragment_edit.replaced.end());
        version = version->with(fragment_edit);
        const double index = microseconds([&] { version->languages(); });
        const double ranking = microseconds([&] { version->classes(0, 20); });
        const double referenced = microseconds([&] { version->most_referenced(10); });
        std::printf("  first questions after it: the edits' index %.0f us, then the class ranking "
                    "%.0f us, the most referenced %.0f us\n",
                    index, ranking, referenced);
        const auto next = version->with(put(1, edits + 1));
        const double next_index = microseconds([&] { next->languages(); });
        const double next_referenced = microseconds([&] { next->most_referenced(10); });
        std::printf("  and after one more PUT: the index %.0f us, the most referenced %.0f us\n",
                    next_index, next_referenced);
        questions(*version, ("after " + std::to_string(edits) + " edits").c_str());
    }
}
