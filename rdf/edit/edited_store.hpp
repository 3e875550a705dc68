// A Store that takes writes: versions over an immutable base. The base (the in-memory
// SordStore, heavily indexed, a minute to load) never changes; each write makes a new version,
// which keeps only what the changes made of the IRIs they touched and answers every question
// by merging that with the base's answers. The caller publishes each version atomically and
// folds the edits into a new base (load_store() with the changes, rdf/sord/load.hpp) when it
// builds one: the server does at start and on a reload.
#pragma once

#include "rdf/edit/change.hpp"
#include "rdf/store.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {

/// The data an EditedStore answers for (its effective data) is a set of descriptions, one per
/// subject IRI. For an IRI no change has touched, it is the base's: the triples with that IRI
/// as subject and the blank-node closure of their objects. For a touched IRI, it is what the
/// changes made of it, in their order, starting from the base's description: a change that
/// replaces the IRI empties it; each added triple with the IRI as subject joins it, with the
/// added triples of blank nodes reachable from it (blank labels of a change never meet the
/// base's, nor another change's). Blank nodes that the base has as subjects but that no
/// subject IRI reaches (orphans) stay as they are. As triples: the base's triples, less the
/// base descriptions of the touched IRIs, plus the touched IRIs' descriptions.
///
/// Like Sord, the data keeps one triple per (subject, predicate, object): one already kept in
/// the default graph stays so; otherwise the first of its named graphs in Sord's order (IRIs
/// before blank nodes, then code-point order) is the one shown.
///
/// Every question of rdf::Store answers exactly as a SordStore freshly loaded with the
/// effective data would (in the order above: the base's data first, then each change's added
/// triples), with these exceptions, all documented where they apply:
///  - blank subjects in backlinks() and instances() carry labels of this store's own (as the
///    Store contract allows): the base's for the base's, "e" + the label for the edits'; which
///    of a predicate's (or class's) blank subjects is shown where is not a fresh store's, but
///    their number, the pages and everything else are;
///  - most_referenced() is exact unless the base's list is cut (a SordStore keeps its 100 most
///    referenced) and the edits lower one of those: a subject the base ranked beyond its cut
///    may then be missing from the last places;
///  - languages() may hold tags no longer in use (a superset of the data's): what matters, the
///    reply cache's keys, is that it holds every tag in use;
///  - Sord orders a plain literal, a language-tagged one and a typed one of the same text by
///    their kinds (in that order), and literals by their text as C strings: so does this store.
///
/// The links to a subject a change made (an IRI the base has only as an object, if at all) come
/// from the base's links_to(), which a SordStore answers for every IRI. Over a base that cannot
/// say (links_to() gives none: no base in use), backlinks() of such a subject would hold only
/// the edits' links, and most_referenced() would count it so.
///
/// Blank nodes shared between descriptions (one blank node in the closures of two subject
/// IRIs, which Turtle written by hand rarely makes and a Change never does): replacing one of
/// the IRIs takes the shared blank node's triples away, as from a fresh store, from every
/// count (stats, backlinks, types), but the other IRI's description, from the base, still
/// shows them (a base loaded with the change folded in keeps them: rdf/sord/load.hpp). Blank
/// nodes shared by descriptions of the edits are counted in each. A change's blank triples
/// reachable from no subject IRI of the change (which a Change never holds) are dropped;
/// reachable from two, they join both descriptions.
///
/// Cost: with() reads from the base the description of each IRI a change touches for the first
/// time (once: later versions share it), counts the change into the version's index of the
/// edits (a copy of the index's entries that the change bears on: for an IRI that many edits
/// link to, its list of those links), and copies one pointer per touched IRI and per IRI the
/// edits link to (about 1 ms for 5,000 touched IRIs). Questions that no change bears on go
/// straight to the base, after a lookup among the touched IRIs or in that index. The merged
/// class ranking and the most referenced subjects are computed once per version, on first use,
/// in proportion to the edits (the latter asks the base about each IRI the edits link to once
/// for all versions). Where the base's answer is a page of a longer list, only the stretch of
/// it that the requested page can come from is fetched (from offset - what the edits put in
/// to offset + limit + what they take away), never the whole list.
///
/// A version never changes: every const member is safe to call from many threads at once, and
/// readers holding a version are undisturbed by later ones.
class EditedStore final : public Store {
  public:
    /// The base with no change yet.
    explicit EditedStore(std::shared_ptr<const Store> base);
    ~EditedStore() override;
    EditedStore(const EditedStore&) = delete;
    EditedStore& operator=(const EditedStore&) = delete;

    /// A new version: this one with `change` applied (its invariants, change.hpp, assumed).
    /// This version never changes: readers holding it go on undisturbed; the caller publishes
    /// the new one atomically. Writers are serialised by the caller (with() itself is safe from
    /// many threads, but two writers starting from one version make two unrelated versions).
    /// Cost: see the class comment; in proportion to the change and the edits so far, never to
    /// the base's size.
    std::shared_ptr<const EditedStore> with(const Change& change) const;

    /// Triples held by the edits (the touched IRIs' descriptions, closures included), for the
    /// caller's decision to fold them into a new base.
    std::size_t edited_triples() const;

    /// Every subject IRI a change has touched so far (replaced, or subject of an added
    /// triple), sorted; also those a change emptied.
    std::vector<std::string> touched() const;

    const std::shared_ptr<const Store>& base() const { return base_; }

    std::vector<bool> described(const std::vector<Subjects>& candidates) const override;
    bool remote() const override { return base_->remote(); }
    /// The base's, while every change's IRIs are written as they are too.
    bool iris_writable() const override;
    /// A touched IRI's triples come in Sord's order (by predicate, then object: literals, IRIs,
    /// blank nodes), as a fresh store pages them. For a hash namespace with touched IRIs, the
    /// base is asked where each of them falls among its triples (a bisection of a few one-triple
    /// pages each), then for the stretches between them.
    Page<Triple> describe(const Subjects& subjects, std::size_t offset,
                          std::size_t limit) const override;
    /// The base's.
    const PrefixIndex& prefixes() const override;
    /// When the newest change was made; the base's before any.
    Timestamp last_modified() const override;

    Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                    std::size_t limit) const override;
    std::vector<std::vector<Term>> labels(const std::vector<std::string>& iris) const override;
    std::vector<std::optional<Term>> preferred_labels(const std::vector<std::string_view>& iris,
                                                      const LanguageRank& rank) const override;
    /// Blank subjects: see the class comment. Of a subject a change made, the base's links come
    /// from its links_to(); a base that cannot say (none) gives only the edits' links.
    Backlinks backlinks(std::string_view iri, std::size_t offset, std::size_t limit) const override;
    Page<IriCount> classes(std::size_t offset, std::size_t limit) const override;
    /// Blank instances: see the class comment.
    Page<Term> instances(std::string_view class_iri, std::size_t offset,
                         std::size_t limit) const override;
    std::vector<std::size_t>
    instance_counts(const std::vector<std::string>& class_iris) const override;
    /// At most 100, as a SordStore keeps; see the class comment for when the last places may
    /// differ from a fresh store's.
    std::vector<IriCount> most_referenced(std::size_t limit) const override;
    Page<SearchHit> search(std::string_view query, std::size_t offset,
                           std::size_t limit) const override;
    StoreStats stats() const override;
    /// The base's tags and those of the edits' literals (lowercase, sorted): a superset of the
    /// tags in use; nullptr when the base does not know its own or there are more than 256.
    const std::vector<std::string>* languages() const override;

    /// The base's.
    Health health() const override;
    /// The base's.
    std::optional<QueryCounters> query_counters() const override;
    /// The base's, with the edits counted in; none when the base does not know its own.
    std::optional<StoreStats> known_stats() const override;
    /// The base's links_to() merged with the edits' links, as backlinks() merges; none when
    /// the base's is none.
    std::optional<Backlinks> links_to(std::string_view iri, std::size_t offset,
                                      std::size_t limit) const override;

  private:
    struct Edits;      ///< one version's edits (edited_store.cpp)
    struct BaseCounts; ///< what the base said, kept for every version over it

    EditedStore(std::shared_ptr<const Store> base, std::shared_ptr<BaseCounts> counts,
                std::shared_ptr<const Edits> edits);

    /// Which of the base's answers the links to an IRI start from.
    enum class BaseLinks {
        Backlinks, ///< backlinks(): the base describes the IRI
        LinksTo,   ///< links_to()
        None,      ///< nothing: the base cannot say (links_to() gives none)
    };
    /// The links to `iri` now: the base's, less those the edits took away, plus theirs.
    Backlinks merged_links(std::string_view iri, BaseLinks from, std::size_t offset,
                           std::size_t limit) const;

    std::shared_ptr<const Store> base_;
    std::shared_ptr<BaseCounts> counts_;
    std::shared_ptr<const Edits> edits_; ///< null: no change yet
};

} // namespace seeother::rdf
