// The questions the server asks of a data set, as two interfaces split by what callers
// need: Descriptions (what a document is made of) and Browsing (what the pages for people
// show). The in-memory Sord store (sord/sord_store.hpp) implements both; a SPARQL endpoint
// or a test stub is another implementation, with nothing in server/ changing.
#pragma once

#include "prefix_index.hpp"
#include "term.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::rdf {

/// A moment, as the system clock gives it (file modification times, load times).
using Timestamp = std::chrono::system_clock::time_point;

struct StoreStats {
    std::size_t triples = 0;
    std::size_t subjects = 0;     ///< distinct subjects, IRIs and blank nodes
    std::size_t iri_subjects = 0; ///< distinct subject IRIs (VoID's entities)
    std::size_t classes = 0;      ///< distinct IRIs used as the object of rdf:type
    std::size_t labels = 0;       ///< label literals in the search index
};

/// One page of a longer list, and how long the whole list is.
template <class T> struct Page {
    std::size_t total = 0;
    std::vector<T> items;
};

/// An IRI with a count: a class and its instances, a predicate and its uses.
struct IriCount {
    std::string iri;
    std::size_t count = 0;

    friend bool operator==(const IriCount& a, const IriCount& b) {
        return a.iri == b.iri && a.count == b.count;
    }
};

/// The triples that have an IRI as object ("referenced by").
struct Backlinks {
    std::size_t total = 0;            ///< every such triple
    std::vector<IriCount> predicates; ///< each predicate with its count, in IRI order
    Triples triples;                  ///< the requested page: by predicate, then subject
};

struct SearchHit {
    std::string iri; ///< a subject IRI
    Term label;      ///< its label that matched best
};

/// The label properties, best first: a thing's label is its first literal for the first of
/// these it has. The order is the one the README documents.
inline const std::vector<std::string_view>& label_predicates() {
    static const std::vector<std::string_view> predicates = {
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://xmlns.com/foaf/0.1/name",
        "http://schema.org/name",
        "https://schema.org/name",
        "http://purl.org/dc/terms/title",
        "http://purl.org/dc/elements/1.1/title",
        "http://www.w3.org/2004/02/skos/core#altLabel",
    };
    return predicates;
}

/// How a reader ranks a label's language tag ("" for none): the lower, the better.
using LanguageRank = std::function<int(std::string_view language)>;

/// Where the first of some labels that `rank` ranks lowest is; their size when there are none.
inline std::size_t preferred_label(const std::vector<Term>& labels, const LanguageRank& rank) {
    std::size_t best = labels.size();
    int best_rank = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (const int r = rank(labels[i].language); best == labels.size() || r < best_rank) {
            best = i;
            best_rank = r;
        }
    return best;
}

/// Why a store could not answer: it is unreachable, too slow, or answered nonsense. Stores
/// that can fail (a SPARQL endpoint) throw it from any question; the request handler turns
/// each kind into its status, never into a 404 or a 500. The in-memory store never throws it.
class StoreError : public std::runtime_error {
  public:
    enum class Kind {
        Unavailable, ///< cannot be reached or refuses for now: 503 with Retry-After
        Timeout,     ///< did not answer in time: 504
        BadAnswer,   ///< answered with an error or something unreadable: 502
    };
    /// `message` is for the operator's log (it may name hosts); `detail`, when given, says
    /// what went wrong in words fit for any client ("the SPARQL endpoint answered HTTP 500").
    StoreError(Kind kind, const std::string& message, std::string detail = {})
        : std::runtime_error(message), kind_(kind), detail_(std::move(detail)) {}
    Kind kind() const { return kind_; }
    const std::string& detail() const { return detail_; }

  private:
    Kind kind_;
    std::string detail_;
};

/// What a store that asks a server (a SPARQL endpoint) has seen of it, for /metrics.
struct QueryCounters {
    std::size_t request_queries = 0;    ///< sent to answer requests
    std::size_t background_queries = 0; ///< sent for statistics, indexes and health probes
    std::size_t unavailable = 0;        ///< failed: not reached, or refused (503, 429)
    std::size_t timeouts = 0;           ///< failed: no whole answer in time
    std::size_t bad_answers = 0;        ///< failed: an error status or an unreadable answer
    double seconds = 0;                 ///< from sending to the whole answer, all queries
    /// A histogram: how many queries took at most each of query_seconds_bounds().
    std::vector<std::size_t> at_most;
};

/// The bounds (seconds) of QueryCounters::at_most.
inline const std::vector<double>& query_seconds_bounds() {
    // Never destroyed: a background query (statistics refreshed in a thread of their own) may
    // still be counted while the process exits (ASan saw it read the freed vector).
    static const auto* const bounds = new std::vector<double>{
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return *bounds;
}

/// Whether a store can answer questions now (/healthz).
struct Health {
    bool up = true;
    std::string reason; ///< why not, in words fit for any client
};

/// The subjects one document describes: an IRI (a thing, <base>id/X), or, with `fragments`,
/// a hash namespace: the IRI and every subject IRI that starts with IRI + "#".
struct Subjects {
    std::string iri;
    bool fragments = false;

    friend bool operator==(const Subjects& a, const Subjects& b) {
        return a.iri == b.iri && a.fragments == b.fragments;
    }
};

/// What a document is made of. Implementations must be safe to call from many threads at
/// once. Every question is bounded: nothing returns an unbounded list.
class Descriptions {
  public:
    virtual ~Descriptions() = default;

    /// For each candidate, whether the data has a triple with its IRI as subject (or, with
    /// `fragments`, with any IRI#… as subject). One question for many: the resolver asks
    /// about every reading of a path at once.
    virtual std::vector<bool> described(const std::vector<Subjects>& candidates) const = 0;

    /// Whether every question is a round trip to another server (a SPARQL endpoint), so that
    /// one question about more beats two about less: the resolver then asks about every
    /// reading's format URLs with the readings, where a store in this process is asked
    /// about the format URLs of the document found only, in a second question.
    virtual bool remote() const { return false; }

    /// Whether every IRI in the store's triples (subjects, predicates, IRI objects, datatypes,
    /// graph names) is known to need no percent-encoding to be written (writable_iri()), as
    /// the store checked each while loading: the writers then take them as they are
    /// (IriCheck::Done) instead of checking each in every document. False when not known.
    virtual bool iris_writable() const { return false; }

    /// One page of a description: the triples whose subject is one of `subjects`, taken in
    /// a stable order (subjects in code-point order, then the store's own order) from
    /// `offset` to `offset + limit`, each with the whole blank-node closure of its object
    /// (recursively, cycles safe), sorted. `total` counts every triple with one of the
    /// subjects as subject, closures not included. Empty when nothing is described.
    virtual Page<Triple> describe(const Subjects& subjects, std::size_t offset,
                                  std::size_t limit) const = 0;

    /// The prefixes declared in the data, the first declaration of a name winning, indexed
    /// once when the store is made: a request's cost never depends on how many there are.
    virtual const PrefixIndex& prefixes() const = 0;

    /// When the data last changed, as far as the store can tell (every document's
    /// Last-Modified). Loaded from files: the newest modification time of the files and of
    /// the directories they were found in, read before loading (a file dated in the future
    /// stays so: replies clamp it to their Date). Loaded from text: when loading began. A
    /// store over data that changes underneath (a SPARQL endpoint): the moment of asking.
    virtual Timestamp last_modified() const = 0;
};

/// What the pages for people show: labels, backlinks, classes, search, statistics. Paged
/// questions take an offset and a limit and report the total, so nothing is cut silently.
class Browsing {
  public:
    virtual ~Browsing() = default;

    /// One page of the subject IRIs that start with `prefix`, in code-point order, and how
    /// many there are in all.
    virtual Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                            std::size_t limit) const = 0;

    /// For each IRI, the literals it has for the label_predicates(), in that order (then
    /// in term order); empty for an IRI that is not a subject or has no label.
    virtual std::vector<std::vector<Term>> labels(const std::vector<std::string>& iris) const = 0;

    /// For each IRI, the one of its labels() a reader prefers: the first that `rank` ranks
    /// lowest; none for an IRI without labels. A page shows one label of each IRI it links:
    /// a store may choose it without making the others. This one asks labels().
    virtual std::vector<std::optional<Term>>
    preferred_labels(const std::vector<std::string_view>& iris, const LanguageRank& rank) const {
        auto all = labels(std::vector<std::string>(iris.begin(), iris.end()));
        std::vector<std::optional<Term>> preferred(all.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            if (const std::size_t at = preferred_label(all[i], rank); at < all[i].size())
                preferred[i] = std::move(all[i][at]);
        return preferred;
    }

    /// The triples whose object is `iri`, when `iri` is also a subject (a document can
    /// only be shown for a subject; Store::links_to() answers for any IRI), with a count per
    /// predicate and one page of triples.
    /// Blank subjects here and in instances() may carry labels of the store's own.
    virtual Backlinks backlinks(std::string_view iri, std::size_t offset,
                                std::size_t limit) const = 0;

    /// The classes (IRI objects of rdf:type) with their instance counts, most instances
    /// first, then in code-point order.
    virtual Page<IriCount> classes(std::size_t offset, std::size_t limit) const = 0;

    /// The subjects typed `class_iri` (rdf:type), IRIs in code-point order, then blank nodes.
    virtual Page<Term> instances(std::string_view class_iri, std::size_t offset,
                                 std::size_t limit) const = 0;

    /// For each IRI, how many subjects have it as rdf:type (0 for an IRI that is no class).
    virtual std::vector<std::size_t>
    instance_counts(const std::vector<std::string>& class_iris) const = 0;

    /// The subject IRIs used most often as objects, most used first, at most `limit`.
    virtual std::vector<IriCount> most_referenced(std::size_t limit) const = 0;

    /// Subject IRIs whose label contains `query`, compared after fold_for_search (case and
    /// accents ignored). Ranked: a label equal to the query, then one starting with it,
    /// then one containing it; shorter labels first, then IRI order. One hit per subject.
    virtual Page<SearchHit> search(std::string_view query, std::size_t offset,
                                   std::size_t limit) const = 0;

    virtual StoreStats stats() const = 0;

    /// The distinct language tags of the data's literals, lowercase and sorted, prepared
    /// once and owned by the store (asked on every cacheable request: no copy, no count);
    /// nullptr when the store does not know them (too many, or too costly to ask). What a
    /// page shows depends on a reader's languages only through how they rank these.
    virtual const std::vector<std::string>* languages() const = 0;
};

/// A read-only RDF data set: both interfaces. A loaded store never changes (a reload
/// builds a new one), so every question is safe from many threads at once.
class Store : public Descriptions, public Browsing {
  public:
    // How the store is doing, for /healthz and /metrics: these never throw and never wait
    // long. A store that holds its data is always up, asks no server and knows its numbers.

    /// A store over a server answers from its latest answers, or asks one cheap question
    /// with a short timeout.
    virtual Health health() const { return {}; }
    /// Nothing for a store that asks no server.
    virtual std::optional<QueryCounters> query_counters() const { return std::nullopt; }
    /// The statistics when they are known without asking (stats() may wait for them).
    virtual std::optional<StoreStats> known_stats() const { return stats(); }

    /// backlinks() of any IRI, a subject or not: the triples that have it as object, as
    /// backlinks() gives them for a subject. What a store of versions over this one
    /// (rdf/edit/edited_store.hpp) needs when a write makes a subject of an IRI that is only an
    /// object here. None when the store cannot say (the default: a SPARQL endpoint's store,
    /// which no EditedStore is put over).
    virtual std::optional<Backlinks> links_to(std::string_view /*iri*/, std::size_t /*offset*/,
                                              std::size_t /*limit*/) const {
        return std::nullopt;
    }
};

/// Whether one IRI is a subject: a convenience over Descriptions::described().
inline bool describes(const Descriptions& store, std::string_view iri) {
    return store.described({Subjects{std::string(iri), false}}).front();
}

/// The whole description of one IRI (a test and tool convenience; requests page).
inline Triples describe_all(const Descriptions& store, std::string_view iri) {
    return store.describe(Subjects{std::string(iri), false}, 0, static_cast<std::size_t>(-1)).items;
}

} // namespace seeother::rdf
