// The in-memory Store on Sord, and the few calls the loader (load.cpp) needs to fill it.
// Private to rdf/: only rdf/*.cpp include this header, so no Sord type escapes the RDF layer.
#pragma once

#include "rdf/store.hpp"

#include <sord/sord.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace seeother::rdf {

struct SordWorldDeleter {
    void operator()(SordWorld* world) const { sord_world_free(world); }
};
struct SordModelDeleter {
    void operator()(SordModel* model) const { sord_free(model); }
};

/// Quads live in one Sord model with the SPO index only (no graph index): describe() needs
/// nothing but "every quad with this subject". The graph of a quad is kept in the quad;
/// the default graph is a null node. A triple that occurs in several graphs is reported
/// once, with the graph that was loaded first (Sord's SPO iteration folds the others).
///
/// Loading (add, add_prefix, finish) is single-threaded. After finish() the store never
/// changes and every const member is safe to call from many threads at once.
class SordStore final : public Store {
  public:
    SordStore();
    SordStore(const SordStore&) = delete;
    SordStore& operator=(const SordStore&) = delete;
    ~SordStore() override;

    /// Nodes are interned here; the loader makes them with sord_node_from_serd_node.
    SordWorld* world() const { return world_.get(); }

    /// Adds a quad (g null: the default graph). False when the quad was already there.
    bool add(const SordNode* s, const SordNode* p, const SordNode* o, const SordNode* g);

    /// Loading only, before finish(): takes away the descriptions of `iris`, as a Change's
    /// `replaced` says (rdf/edit/change.hpp). Removed: every quad with one of `iris` as subject,
    /// and every quad whose subject is a blank node that only those quads reach (directly, or
    /// through other such blank nodes). A blank node that some quad staying in the store also
    /// reaches stays, with its own quads (and so the blank nodes they reach): one shared with
    /// another subject's description, or reached from an orphan blank node. So the store is
    /// exactly the one loaded from its data less the removed quads. Each named graph's copy of
    /// a triple goes with it. Returns how many quads were removed.
    ///
    /// Cost: the quads of the subjects removed or examined; the first call that meets a blank
    /// object also counts, once, how many triples have each blank node as object (one walk of
    /// the store), and add() keeps those counts from then on, until finish().
    std::size_t remove_descriptions(const std::vector<std::string>& iris);

    /// Keeps a declared prefix unless one of that name is already kept (first wins).
    void add_prefix(std::string_view name, std::string_view iri);

    /// The first error Sord reported (Sord only reports misuse), empty if none.
    const std::string& sord_error() const { return sord_error_; }

    /// When the data last changed (default: when the store was made).
    void set_last_modified(Timestamp modified) { last_modified_ = modified; }

    /// Loading only: whoever added the quads says it checked every IRI in them (iris_writable()).
    /// Not said, the store does not know.
    void set_iris_writable(bool writable) { iris_writable_ = writable; }

    /// Ends loading: counts and builds the read-side lookups. Call once, after all add().
    void finish();

    std::vector<bool> described(const std::vector<Subjects>& candidates) const override;
    Page<Triple> describe(const Subjects& subjects, std::size_t offset,
                          std::size_t limit) const override;
    Page<std::string> subjects_page(std::string_view prefix, std::size_t offset,
                                    std::size_t limit) const override;
    std::vector<std::vector<Term>> labels(const std::vector<std::string>& iris) const override;
    std::vector<std::optional<Term>> preferred_labels(const std::vector<std::string_view>& iris,
                                                      const LanguageRank& rank) const override;
    /// Empty for an IRI that is not a subject (the Store contract); links_to() has its links.
    Backlinks backlinks(std::string_view iri, std::size_t offset, std::size_t limit) const override;
    /// Never none: every IRI object's links are indexed.
    std::optional<Backlinks> links_to(std::string_view iri, std::size_t offset,
                                      std::size_t limit) const override;
    Page<IriCount> classes(std::size_t offset, std::size_t limit) const override;
    Page<Term> instances(std::string_view class_iri, std::size_t offset,
                         std::size_t limit) const override;
    std::vector<std::size_t>
    instance_counts(const std::vector<std::string>& class_iris) const override;
    std::vector<IriCount> most_referenced(std::size_t limit) const override;
    Page<SearchHit> search(std::string_view query, std::size_t offset,
                           std::size_t limit) const override;
    const PrefixIndex& prefixes() const override { return prefix_index_; }
    Timestamp last_modified() const override { return last_modified_; }
    bool iris_writable() const override { return iris_writable_; }
    /// `triples`: distinct triples; `subjects`: distinct subjects, IRIs and blank nodes.
    StoreStats stats() const override { return stats_; }
    const std::vector<std::string>* languages() const override {
        return languages_ ? &*languages_ : nullptr;
    }

  private:
    /// A subject's number: its place in subjects_ for an IRI; subjects_.size() plus its
    /// place among the blank subjects (in Sord's order) for a blank node.
    using SubjectId = std::uint32_t;

    struct ClassEntry {
        const SordNode* node;
        std::uint32_t begin; ///< first of its instances in instance_ids_
        std::uint32_t count;
    };

    /// Index of an IRI subject in subjects_, or -1.
    std::ptrdiff_t find_subject_id(std::string_view iri) const;
    /// The same, given string_hash(iri) (subject_slots_ not empty).
    std::ptrdiff_t find_subject_id(std::string_view iri, std::uint64_t hash) const;
    /// find_subject_id() of each of `iris` (iris[i] a string_view, iris.size() of them) into
    /// ids[i], the lookups of a batch overlapping their cache misses.
    template <class Iris> void find_subject_ids(const Iris& iris, std::ptrdiff_t* ids) const;
    /// Indexes [first, last) into subjects_ or label_literals_.
    using IdRange = std::pair<std::size_t, std::size_t>;
    /// Where the labels of each of `iris` are in label_literals_ (empty for a non-subject),
    /// their nodes prefetched.
    template <class Iris> std::vector<IdRange> label_ranges(const Iris& iris) const;
    /// A label of label_text_: its index and the [start, end) of its text.
    struct LabelText {
        std::size_t label;
        std::size_t start;
        std::size_t end;
    };
    /// The label that position `at` of label_text_ is in, looked for from label `from` (its
    /// index and start: at or before `at`).
    LabelText label_at(std::size_t at, LabelText from) const;
    /// Whether some subject IRI starts with `iri` + "#".
    bool has_hash_subjects(std::string_view iri) const;
    /// Builds subject_slots_ and hash_slots_ from subjects_.
    void index_subject_strings();
    /// The subjects that `subjects` names, as at most two ranges (the IRI, its IRI# run),
    /// in code-point order: at[0 .. count).
    struct SubjectRanges {
        std::array<IdRange, 2> at;
        std::size_t count = 0;
    };
    SubjectRanges subject_ranges(const Subjects& subjects) const;
    /// Index of the class in classes_, or -1.
    std::ptrdiff_t find_class(std::string_view class_iri) const;
    Term subject_term(SubjectId id) const;
    void build_indexes();

    // Declared world first so that the model is freed before the world it uses.
    std::unique_ptr<SordWorld, SordWorldDeleter> world_;
    std::unique_ptr<SordModel, SordModelDeleter> model_;
    std::string sord_error_;

    /// Every subject IRI node, in code-point order of its string: described() and
    /// subjects_page() binary-search it, and it hands describe() the node to search
    /// for without interning a new one (interning mutates the world).
    std::vector<const SordNode*> subjects_;
    /// Every subject IRI by the hash of its string: open addressing over a power-of-two table
    /// at most half full, each slot the hash's high 32 bits and the subject id + 1 (0: empty).
    /// A lookup reads one or two slots and one string, where a binary search of subjects_
    /// read twenty strings scattered over the store (at 1M things, a cache miss each).
    std::vector<std::uint64_t> subject_slots_;
    /// The hash namespaces: for each subject IRI and each '#' in it, the text before that '#'
    /// (so that "is any subject <iri#…>" is one lookup), by hash, as in subject_slots_.
    struct HashNamespace {
        std::uint32_t tag = 0;     ///< the hash's high 32 bits
        std::uint32_t subject = 0; ///< a subject id + 1 whose IRI starts with it; 0: empty
        std::uint32_t length = 0;  ///< of the namespace IRI
    };
    std::vector<HashNamespace> hash_slots_;
    /// triples_before_[i]: the triples of subjects_[0 .. i) (one more entry than subjects_),
    /// so that a document's total and the subject holding its Nth triple need no walk.
    std::vector<std::uint64_t> triples_before_;

    /// Links (predicate id, subject id), each packed in one integer with the predicate in the
    /// high bits, so that integer order is (predicate, subject) order: 32 bits a link when
    /// both numbers fit in them together (the benchmark's 2.85 million subjects and 36
    /// predicates at 1M things take 22 + 6), else 64.
    class PackedLinks {
      public:
        /// Room for `size` links, of predicate ids below `predicates` and subject ids below
        /// `subjects`.
        void assign(std::size_t size, std::size_t predicates, std::size_t subjects);
        std::size_t size() const { return wide_.empty() ? narrow_.size() : wide_.size(); }
        std::uint64_t at(std::size_t i) const { return wide_.empty() ? narrow_[i] : wide_[i]; }
        void set(std::size_t i, std::uint64_t packed);
        std::uint64_t pack(std::uint32_t predicate, SubjectId subject) const {
            return (std::uint64_t{predicate} << shift_) | subject;
        }
        std::uint32_t predicate(std::size_t i) const {
            return static_cast<std::uint32_t>(at(i) >> shift_);
        }
        SubjectId subject(std::size_t i) const {
            return static_cast<SubjectId>(at(i) & ((std::uint64_t{1} << shift_) - 1));
        }
        /// Sorts [first, last).
        void sort(std::size_t first, std::size_t last);
        /// The first link of [first, last), sorted, whose predicate id is `predicate` or more.
        std::size_t lower_bound(std::size_t first, std::size_t last, std::uint64_t predicate) const;

      private:
        std::vector<std::uint32_t> narrow_;
        std::vector<std::uint64_t> wide_;
        unsigned shift_ = 32;
    };
    /// Where the links to one IRI are: [first, last) of `links`.
    struct LinkRange {
        const PackedLinks* links;
        std::size_t first;
        std::size_t last;
    };
    LinkRange find_links(std::string_view iri) const;
    /// The number of triples with subject IRI `id` as object.
    std::size_t references(SubjectId id) const;

    /// The reverse index, over every IRI that is the object of a triple (not only subjects:
    /// an EditedStore asks links_to() for an IRI a write makes a subject), less the links of
    /// rdf:type: a class's instances below are those, and answers put them in at rdf:type's
    /// place (the classes are indexed anyway; in the benchmark's data they are 35 % of the
    /// links, and none of their classes is a subject).
    ///  - To subject IRIs: subject i's links are subject_links_[link_offsets_[i] ..
    ///    link_offsets_[i + 1]), sorted.
    ///  - To IRIs that are no subject (external links, mostly one each: mailto:, sameAs): one
    ///    entry per link, no offsets, the object's node beside each, sorted by (a hash of the
    ///    object's IRI, object, link). 12 bytes a link in all, where a per-object layout (a node
    ///    and an offset per object, 4 bytes per link) would take 16 for a link alone.
    /// At 1M things of the benchmark (5.6 million links to subjects, 1.3 million to other
    /// IRIs, 3.7 million of rdf:type), 42 MB, where 64-bit links to subjects alone took 49;
    /// the same index over every IRI object, rdf:type's links in it, 64 bits a link and an
    /// offset per object, would have taken some 55 MB more.
    std::vector<std::uint32_t> link_offsets_;
    PackedLinks subject_links_;
    std::vector<const SordNode*> other_objects_;
    PackedLinks other_links_;
    /// The id of rdf:type in predicates_, or -1 when the data has none.
    std::int64_t type_predicate_ = -1;
    /// Every predicate, in code-point order: a predicate id is its place here.
    std::vector<const SordNode*> predicates_;
    /// The most referenced subjects (ids), most first.
    std::vector<SubjectId> most_referenced_;

    /// Classes in code-point order, their instances (subject ids, ascending) in one array,
    /// and the class indexes by descending instance count.
    std::vector<ClassEntry> classes_;
    std::vector<SubjectId> instance_ids_;
    std::vector<std::uint32_t> classes_by_count_;

    /// The label literals of IRI subjects, by (subject, rank of the predicate in
    /// label_predicates(), term order): subject i's are label_literals_[label_offsets_[i] ..
    /// label_offsets_[i + 1]) (8 bytes a label and 4 a subject, where entries of subject,
    /// rank and literal took 16 a label).
    std::vector<const SordNode*> label_literals_;
    std::vector<std::uint32_t> label_offsets_;
    /// Each label folded for search, NUL-separated, in the order of label_literals_ (a label
    /// with the string of one of the eight before it of its subject empty: a match there could
    /// not be the subject's best); and where every label_sample-th label starts, from which a match
    /// finds its label by counting NULs (an offset for every label took 11 MB at 1M things).
    std::string label_text_;
    static constexpr std::size_t label_sample = 64;
    std::vector<std::uint32_t> label_sample_starts_;

    Prefixes prefixes_;
    PrefixIndex prefix_index_; ///< prefixes_, indexed (and moved) by finish()
    std::unordered_set<std::string> prefix_names_;
    StoreStats stats_;
    std::optional<std::vector<std::string>> languages_; ///< none: more than the limit
    Timestamp last_modified_ = std::chrono::system_clock::now();
    bool iris_writable_ = false;

    /// While loading, once remove_descriptions() needed them: for each blank node, how many
    /// distinct triples (graphs not told apart) have it as object; absent when none.
    std::optional<std::unordered_map<const SordNode*, std::size_t>> blank_objects_;

    /// Sord keeps a plain (non-atomic) count of live iterators in the model, changed by
    /// sord_find() and sord_iter_free(); this lock serialises only those two calls, not the
    /// iteration between them, which only reads.
    mutable std::mutex iterator_count_mutex_;
};

} // namespace seeother::rdf
