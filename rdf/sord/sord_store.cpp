#include "rdf/sord/sord_store.hpp"

#include "rdf/ascii.hpp"
#include "rdf/fold.hpp"
#include "rdf/parse/serd_error.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <string.h> // memmem
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace seeother::rdf {

namespace {

SerdStatus keep_first_sord_error(void* handle, const SerdError* error) {
    auto& message = *static_cast<std::string*>(handle);
    if (message.empty())
        message = format_serd_error(*error);
    return error->status;
}

std::string_view node_string(const SordNode* node) {
    std::size_t length = 0;
    const uint8_t* string = sord_node_get_string_counted(node, &length);
    return {reinterpret_cast<const char*>(string), length};
}

/// A node with what ordering and copying it needs at hand: its kind and text, read through
/// one call (Sord answers each question through a call of its own, and in a large store the
/// first read of a node is a cache miss).
struct SortNode {
    const SordNode* node = nullptr;
    Term::Kind kind = Term::Kind::Iri;
    std::string_view text;

    SortNode() = default;
    explicit SortNode(const SordNode* n) : node(n) {
        const SerdNode* serd = sord_node_to_serd_node(n);
        kind = serd->type == SERD_URI     ? Term::Kind::Iri
               : serd->type == SERD_BLANK ? Term::Kind::Blank
                                          : Term::Kind::Literal;
        text = {reinterpret_cast<const char*>(serd->buf), serd->n_bytes};
    }

    /// The order of to_term(a) and to_term(b), without making them: interned nodes are equal
    /// when they are the same node, which most subjects and predicates of a description are.
    friend int compare(const SortNode& a, const SortNode& b) {
        if (a.node == b.node)
            return 0;
        if (a.kind != b.kind)
            return a.kind < b.kind ? -1 : 1;
        if (const int c = a.text.compare(b.text))
            return c;
        const auto datatype = [](const SordNode* n) {
            const SordNode* d = sord_node_get_datatype(n);
            return d ? node_string(d) : std::string_view();
        };
        if (const int c = datatype(a.node).compare(datatype(b.node)))
            return c;
        const auto language = [](const SordNode* n) {
            const char* l = sord_node_get_language(n);
            return l ? std::string_view(l) : std::string_view();
        };
        return language(a.node).compare(language(b.node));
    }
};

/// The node's Term, each string made once, in place (returned as a prvalue, the Term is
/// made where the caller puts it).
Term make_term(const SortNode& node) {
    if (node.kind != Term::Kind::Literal)
        return {node.kind, std::string(node.text), {}, {}};
    const SordNode* datatype = sord_node_get_datatype(node.node);
    const char* language = sord_node_get_language(node.node);
    return {Term::Kind::Literal, std::string(node.text),
            datatype ? std::string(node_string(datatype)) : std::string(),
            language ? std::string(language) : std::string()};
}

Term to_term(const SordNode* node) {
    return make_term(SortNode(node));
}

/// make_term() where the Term is to be: `terms.emplace_back(TermMaker{node})` constructs it in
/// place through the conversion.
struct TermMaker {
    SortNode node;
    operator Term() const { return make_term(node); }
};

std::string graph_name(const SordNode* graph) {
    if (!graph)
        return {};
    if (sord_node_get_type(graph) == SORD_BLANK)
        return "_:" + std::string(node_string(graph));
    return std::string(node_string(graph));
}

/// A quad as Sord nodes (graph null: the default graph), ordered as its Triple would be.
struct NodeQuad {
    SortNode subject;
    SortNode predicate;
    SortNode object;
    const SordNode* graph;

    friend bool operator<(const NodeQuad& a, const NodeQuad& b) {
        if (const int c = compare(a.subject, b.subject))
            return c < 0;
        if (const int c = compare(a.predicate, b.predicate))
            return c < 0;
        if (const int c = compare(a.object, b.object))
            return c < 0;
        return a.graph != b.graph && graph_name(a.graph) < graph_name(b.graph);
    }

    /// The quad's Triple, made where it is to be: `triples.emplace_back(quad.triple())`
    /// constructs it in place through the conversion, each string made once, into its place,
    /// with no Term or Triple moved.
    struct Maker {
        const NodeQuad* quad;
        operator Triple() const {
            return {make_term(quad->subject), make_term(quad->predicate), make_term(quad->object),
                    graph_name(quad->graph)};
        }
    };
    Maker triple() const { return {this}; }
};

bool less_by_string(const SordNode* a, const SordNode* b) {
    return node_string(a) < node_string(b);
}

/// What orders the links to IRIs that are no subject: any hash would do, the same at loading
/// and when looking one up. 32 bits: at 1M things, some 200 of the 1.3 million objects share
/// theirs with another. (tests/unit/test_loader.cpp makes IRIs of one hash the same way.)
std::uint32_t object_hash(std::string_view iri) {
    const std::uint64_t hash = std::hash<std::string_view>()(iri);
    return static_cast<std::uint32_t>(hash ^ (hash >> 32U));
}

/// Frees an iterator under the lock that guards Sord's iterator count.
struct IteratorFree {
    std::mutex* mutex;
    void operator()(SordIter* iterator) const {
        const std::lock_guard<std::mutex> lock(*mutex);
        sord_iter_free(iterator);
    }
};
using IteratorPtr = std::unique_ptr<SordIter, IteratorFree>;

/// A node's address, mixed: the hash of the pointer-keyed tables below.
std::size_t pointer_hash(const SordNode* node) {
    auto x = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(node));
    x ^= x >> 31U;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27U;
    return static_cast<std::size_t>(x);
}

/// The searches of one walk over the model, one iterator live at a time. Sord counts the
/// live iterators of a model without synchronisation (sord_search() and sord_iter_free()
/// change the count), so both run under the store's lock: freeing the last iterator and
/// making the next take one hold of it, not two.
class Searches {
  public:
    Searches(SordModel* model, std::mutex& mutex) : model_(model), mutex_(&mutex) {}
    Searches(const Searches&) = delete;
    Searches& operator=(const Searches&) = delete;
    ~Searches() { start(nullptr); }

    /// An iterator over the quads of `subject` (none: the end), valid until the next call;
    /// a null subject frees the last iterator only.
    SordIter* start(const SordNode* subject) {
        if (!iterator_ && !subject)
            return nullptr;
        const std::lock_guard<std::mutex> lock(*mutex_);
        if (iterator_)
            sord_iter_free(iterator_);
        iterator_ = subject ? sord_search(model_, subject, nullptr, nullptr, nullptr) : nullptr;
        return iterator_;
    }

  private:
    SordModel* model_;
    std::mutex* mutex_;
    SordIter* iterator_ = nullptr;
};

/// A set of blank nodes: open addressing over a power-of-two table at most half full, so that
/// a page reaching millions of them stays linear; nothing is allocated until the first one.
class NodeSet {
  public:
    /// False when `node` was in the set already.
    bool insert(const SordNode* node) {
        if ((size_ + 1) * 2 > slots_.size())
            grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = hash(node) & mask;; slot = (slot + 1) & mask) {
            if (slots_[slot] == node)
                return false;
            if (!slots_[slot]) {
                slots_[slot] = node;
                ++size_;
                return true;
            }
        }
    }

  private:
    static std::size_t hash(const SordNode* node) { return pointer_hash(node); }
    void grow() {
        std::vector<const SordNode*> old(std::max<std::size_t>(slots_.size() * 2, 32), nullptr);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const SordNode* node : old)
            if (node) {
                std::size_t slot = hash(node) & mask;
                while (slots_[slot])
                    slot = (slot + 1) & mask;
                slots_[slot] = node;
            }
    }

    std::vector<const SordNode*> slots_;
    std::size_t size_ = 0;
};

/// Node pointer → number, for the nodes given at construction (which it keeps a reference
/// to): open addressing over one flat array of numbers + 1, 4 bytes a slot at half load (a
/// probe reads the node at that number, where a pointer beside each number took 12 bytes a
/// slot: 16 MB more at the peak of loading 1M things). Used only while finish() builds the
/// indexes.
class PointerIndex {
  public:
    explicit PointerIndex(const std::vector<const SordNode*>& nodes) : nodes_(nodes) {
        std::size_t size = 16;
        while (size < nodes.size() * 2)
            size <<= 1U;
        mask_ = size - 1;
        slots_.assign(size, 0);
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            std::size_t slot = hash(nodes[i]);
            while (slots_[slot] != 0)
                slot = (slot + 1) & mask_;
            slots_[slot] = static_cast<std::uint32_t>(i + 1);
        }
    }

    /// The number of `node`, or -1 when it was not given.
    std::int64_t find(const SordNode* node) const {
        for (std::size_t slot = hash(node);; slot = (slot + 1) & mask_) {
            const std::uint32_t number = slots_[slot];
            if (number == 0)
                return -1;
            if (nodes_[number - 1] == node)
                return number - 1;
        }
    }

  private:
    std::size_t hash(const SordNode* node) const { return pointer_hash(node) & mask_; }

    const std::vector<const SordNode*>& nodes_;
    std::vector<std::uint32_t> slots_;
    std::size_t mask_ = 0;
};

/// Term order (lexical form, datatype, language) between two literal nodes.
bool literal_less(const SordNode* a, const SordNode* b) {
    if (const int c = node_string(a).compare(node_string(b)); c != 0)
        return c < 0;
    const SordNode* da = sord_node_get_datatype(a);
    const SordNode* db = sord_node_get_datatype(b);
    const std::string_view sa = da ? node_string(da) : std::string_view();
    const std::string_view sb = db ? node_string(db) : std::string_view();
    if (sa != sb)
        return sa < sb;
    const char* la = sord_node_get_language(a);
    const char* lb = sord_node_get_language(b);
    return std::string_view(la ? la : "") < std::string_view(lb ? lb : "");
}

template <class T>
std::vector<T> slice(const std::vector<T>& all, std::size_t offset, std::size_t limit) {
    if (offset >= all.size())
        return {};
    const auto end = offset + std::min(limit, all.size() - offset);
    return {all.begin() + static_cast<std::ptrdiff_t>(offset),
            all.begin() + static_cast<std::ptrdiff_t>(end)};
}

constexpr std::uint32_t no_rank = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t most_referenced_kept = 100;
/// Beyond this many distinct language tags, languages() says it does not know them.
constexpr std::size_t max_languages = 256;

} // namespace

SordStore::SordStore() : world_(sord_world_new()) {
    if (!world_)
        throw std::bad_alloc();
    sord_world_set_error_sink(world_.get(), keep_first_sord_error, &sord_error_);
    model_.reset(sord_new(world_.get(), SORD_SPO, false));
    if (!model_)
        throw std::bad_alloc();
}

SordStore::~SordStore() = default;

bool SordStore::add(const SordNode* s, const SordNode* p, const SordNode* o, const SordNode* g) {
    const SordQuad quad = {s, p, o, g};
    // Once remove_descriptions() counts blank objects: a triple new to the store (in any
    // graph) counts for its blank object.
    const bool counted = blank_objects_ && sord_node_get_type(o) == SORD_BLANK &&
                         !sord_ask(model_.get(), s, p, o, nullptr);
    if (!sord_add(model_.get(), quad))
        return false;
    if (counted)
        ++(*blank_objects_)[o];
    return true;
}

namespace {

/// Counted references to Sord nodes, given back together: they keep nodes alive (and their
/// addresses unique) while quads that hold them are erased.
class HeldNodes {
  public:
    explicit HeldNodes(SordWorld* world) : world_(world) {}
    HeldNodes(const HeldNodes&) = delete;
    HeldNodes& operator=(const HeldNodes&) = delete;
    ~HeldNodes() {
        for (SordNode* node : nodes_)
            sord_node_free(world_, node);
    }

    /// Takes over a reference the caller owns.
    const SordNode* adopt(SordNode* node) {
        nodes_.push_back(node);
        return node;
    }
    const SordNode* hold(const SordNode* node) { return adopt(sord_node_copy(node)); }

  private:
    SordWorld* world_;
    std::vector<SordNode*> nodes_;
};

} // namespace

std::size_t SordStore::remove_descriptions(const std::vector<std::string>& iris) {
    SordModel* const model = model_.get();
    HeldNodes held(world_.get());
    std::vector<const SordNode*> subjects;
    for (const auto& iri : iris) {
        const auto* text = reinterpret_cast<const uint8_t*>(iri.c_str());
        // Sord keeps no IRI without a scheme (and would report trying): no such subject.
        if (!serd_uri_string_has_scheme(text))
            continue;
        if (SordNode* node = sord_new_uri(world_.get(), text))
            subjects.push_back(held.adopt(node));
    }
    // Calls visit(object) for each blank object of the subject's triples, once per triple:
    // Sord's iteration shows a triple once, whatever graphs hold it.
    const auto each_blank_object = [&](const SordNode* subject, auto&& visit) {
        const IteratorPtr it(sord_search(model, subject, nullptr, nullptr, nullptr),
                             IteratorFree{&iterator_count_mutex_});
        for (; !sord_iter_end(it.get()); sord_iter_next(it.get())) {
            const SordNode* object = sord_iter_get_node(it.get(), SORD_OBJECT);
            if (sord_node_get_type(object) == SORD_BLANK)
                visit(object);
        }
    };

    // The closure: every blank node the subjects' triples reach, through blank nodes, each
    // with how many of the triples that would go (theirs and the closure's) have it as object.
    std::unordered_map<const SordNode*, std::size_t> reaching;
    std::vector<const SordNode*> closure;
    const auto reach = [&](const SordNode* blank) {
        if (reaching[blank]++ == 0)
            closure.push_back(held.hold(blank));
    };
    for (const SordNode* subject : subjects)
        each_blank_object(subject, reach);
    for (std::size_t i = 0; i < closure.size(); ++i)
        each_blank_object(closure[i], reach);

    // A blank node of the closure that more triples have as object than would go is reached
    // from outside: it stays, and so does everything it reaches (its triples no longer go).
    std::unordered_set<const SordNode*> staying;
    if (!closure.empty()) {
        if (!blank_objects_) {
            blank_objects_.emplace();
            const IteratorPtr it(sord_begin(model), IteratorFree{&iterator_count_mutex_});
            for (; !sord_iter_end(it.get()); sord_iter_next(it.get())) {
                const SordNode* object = sord_iter_get_node(it.get(), SORD_OBJECT);
                if (sord_node_get_type(object) == SORD_BLANK)
                    ++(*blank_objects_)[object];
            }
        }
        std::vector<const SordNode*> pending;
        const auto stay_if_reached_elsewhere = [&](const SordNode* blank) {
            const auto found = blank_objects_->find(blank);
            if (found != blank_objects_->end() && found->second > reaching[blank] &&
                staying.insert(blank).second)
                pending.push_back(blank);
        };
        for (const SordNode* blank : closure)
            stay_if_reached_elsewhere(blank);
        while (!pending.empty()) {
            const SordNode* blank = pending.back();
            pending.pop_back();
            each_blank_object(blank, [&](const SordNode* object) {
                --reaching[object];
                stay_if_reached_elsewhere(object);
            });
        }
    }

    // Every quad of what goes, each graph's copy included (sord_erase moves to the next
    // quad, copies too); the blank objects' counts lose each triple once.
    std::size_t removed = 0;
    const auto erase_quads = [&](const SordNode* subject) {
        const IteratorPtr it(sord_search(model, subject, nullptr, nullptr, nullptr),
                             IteratorFree{&iterator_count_mutex_});
        const SordNode* predicate = nullptr;
        const SordNode* object = nullptr;
        while (!sord_iter_end(it.get())) {
            SordQuad quad;
            sord_iter_get(it.get(), quad);
            const bool next_triple =
                quad[SORD_PREDICATE] != predicate || quad[SORD_OBJECT] != object;
            predicate = quad[SORD_PREDICATE];
            object = quad[SORD_OBJECT];
            if (next_triple && blank_objects_ && sord_node_get_type(object) == SORD_BLANK) {
                const auto found = blank_objects_->find(object);
                if (found != blank_objects_->end() && --found->second == 0)
                    blank_objects_->erase(found);
            }
            sord_erase(model, it.get());
            ++removed;
        }
    };
    for (const SordNode* subject : subjects)
        erase_quads(subject);
    for (const SordNode* blank : closure)
        if (!staying.count(blank))
            erase_quads(blank);
    return removed;
}

void SordStore::add_prefix(std::string_view name, std::string_view iri) {
    if (prefix_names_.emplace(name).second)
        prefixes_.push_back({std::string(name), std::string(iri)});
}

void SordStore::finish() {
    blank_objects_.reset();
    prefix_index_ = PrefixIndex(std::move(prefixes_));
    prefixes_.clear();
    prefix_names_.clear();
    build_indexes();
}

void SordStore::build_indexes() {
    // Every quad, in the model's order. The walks read the quads' nodes, scattered over the
    // heap: each quad is read `ahead` quads before it is visited, and its nodes prefetched then.
    const auto each_quad = [this](auto&& visit) {
        constexpr std::size_t ahead = 16;
        SordQuad ring[ahead];
        std::size_t read = 0;
        std::size_t visited = 0;
        const IteratorPtr it(sord_begin(model_.get()), IteratorFree{&iterator_count_mutex_});
        for (; !sord_iter_end(it.get()); sord_iter_next(it.get())) {
            if (read - visited == ahead)
                visit(ring[visited++ % ahead]);
            SordQuad& quad = ring[read++ % ahead];
            sord_iter_get(it.get(), quad);
            __builtin_prefetch(quad[SORD_SUBJECT]);
            __builtin_prefetch(quad[SORD_OBJECT]);
        }
        while (visited < read)
            visit(ring[visited++ % ahead]);
    };

    // First walk: the subjects, their triples, and the predicates. The SPO index holds each
    // subject's quads together, IRIs before blank nodes, in strcmp order of their strings,
    // which is code-point order: subjects_ comes out sorted. triples_before_[i + 1] counts
    // subject i's triples until the sums below. Predicates are few, so a plain map (consulted
    // only when the predicate changes), with how often each is used, to size the arrays below
    // exactly.
    subjects_.clear();
    triples_before_.assign(1, 0);
    stats_ = {};
    std::unordered_map<const SordNode*, std::size_t> predicate_uses;
    {
        const SordNode* subject = nullptr;
        bool subject_is_iri = false;
        const SordNode* predicate = nullptr;
        std::size_t* uses = nullptr;
        each_quad([&](const SordQuad& quad) {
            ++stats_.triples;
            if (quad[SORD_SUBJECT] != subject) {
                subject = quad[SORD_SUBJECT];
                ++stats_.subjects;
                subject_is_iri = sord_node_get_type(subject) == SORD_URI;
                if (subject_is_iri) {
                    subjects_.push_back(subject);
                    triples_before_.push_back(0);
                }
            }
            if (subject_is_iri)
                ++triples_before_.back();
            if (quad[SORD_PREDICATE] != predicate) {
                predicate = quad[SORD_PREDICATE];
                uses = &predicate_uses[predicate];
            }
            ++*uses;
        });
    }
    if (!std::is_sorted(subjects_.begin(), subjects_.end(), less_by_string))
        throw std::logic_error("seeother: Sord's subject order is not code-point order");
    if (stats_.subjects >= std::numeric_limits<SubjectId>::max())
        throw std::length_error("seeother: too many subjects to index (more than 2^32)");
    subjects_.shrink_to_fit();
    triples_before_.shrink_to_fit();
    std::partial_sum(triples_before_.begin(), triples_before_.end(), triples_before_.begin());
    stats_.iri_subjects = subjects_.size();
    index_subject_strings();

    const auto iri_count = static_cast<SubjectId>(subjects_.size());
    auto subject_index = std::make_unique<PointerIndex>(subjects_);
    const PointerIndex& subject_ids = *subject_index;

    predicates_.clear();
    for (const auto& entry : predicate_uses)
        predicates_.push_back(entry.first);
    std::sort(predicates_.begin(), predicates_.end(), less_by_string);
    predicates_.shrink_to_fit();
    std::unordered_map<const SordNode*, std::uint32_t> predicate_ids;
    std::vector<std::uint32_t> predicate_rank(predicates_.size(), no_rank);
    type_predicate_ = -1;
    std::size_t label_uses = 0;
    for (std::uint32_t id = 0; id < predicates_.size(); ++id) {
        predicate_ids[predicates_[id]] = id;
        const auto iri = node_string(predicates_[id]);
        if (iri == vocab::rdf_type)
            type_predicate_ = id;
        const auto& ranked = label_predicates();
        if (const auto at = std::find(ranked.begin(), ranked.end(), iri); at != ranked.end()) {
            predicate_rank[id] = static_cast<std::uint32_t>(at - ranked.begin());
            label_uses += predicate_uses[predicates_[id]];
        }
    }

    // Walks the quads with the subject's id and the predicate's id at hand. The model holds
    // a triple once, whatever graphs it was read in, so a typing is one instance (the store
    // contract's classes test reads one in two graphs).
    const auto each_numbered = [&](auto&& visit) {
        const SordNode* subject = nullptr;
        const SordNode* predicate = nullptr;
        SubjectId subject_id = 0;
        SubjectId next_blank = iri_count;
        std::uint32_t predicate_id = 0;
        each_quad([&](const SordQuad& quad) {
            if (quad[SORD_SUBJECT] != subject) {
                subject = quad[SORD_SUBJECT];
                subject_id = sord_node_get_type(subject) == SORD_URI
                                 ? static_cast<SubjectId>(subject_ids.find(subject))
                                 : next_blank++;
            }
            if (quad[SORD_PREDICATE] != predicate) {
                predicate = quad[SORD_PREDICATE];
                predicate_id = predicate_ids.at(predicate);
            }
            visit(quad, subject_id, predicate_id);
        });
    };

    // Whether the label last of `labels` (which end at `end`, in label_literals_) has the text
    // of one of the few before it: the search index keeps its text once (a person's name is
    // often both its rdfs:label and its foaf:name), as a match on the second would never be
    // the best. Only a few are compared, so that a subject with a million labels loads in
    // linear time; a repeat further back only keeps its text.
    const auto repeats_earlier = [](std::size_t labels,
                                    std::vector<const SordNode*>::const_iterator end) {
        constexpr std::size_t compared = 8;
        const auto text = node_string(*(end - 1));
        return std::any_of(end - static_cast<std::ptrdiff_t>(std::min(labels, compared + 1)),
                           end - 1,
                           [&](const SordNode* earlier) { return node_string(earlier) == text; });
    };

    // Second walk: count the links per object and the instances per class; gather the labels
    // of each IRI subject, in (rank, term) order, with the offsets of each subject's.
    link_offsets_.assign(subjects_.size() + 1, 0);
    std::unordered_map<const SordNode*, std::uint32_t> class_ids; // the instance counts, first
    label_literals_.clear();
    label_literals_.reserve(label_uses);
    label_offsets_.assign(subjects_.size() + 1, 0);
    std::vector<std::pair<std::uint32_t, const SordNode*>> subject_labels; // (rank, literal)
    SubjectId labelled = 0; // the IRI subject whose labels subject_labels holds
    std::size_t label_bytes = 0;
    const auto keep_labels = [&] {
        std::sort(subject_labels.begin(), subject_labels.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first : literal_less(a.second, b.second);
        });
        for (std::size_t i = 0; i < subject_labels.size(); ++i) {
            label_literals_.push_back(subject_labels[i].second);
            label_bytes += 1 + (repeats_earlier(i + 1, label_literals_.end())
                                    ? 0
                                    : node_string(subject_labels[i].second).size());
        }
        subject_labels.clear();
        label_offsets_[labelled + 1] = static_cast<std::uint32_t>(label_literals_.size());
    };
    std::size_t subject_link_count = 0;
    std::size_t other_link_count = 0;
    // Language tags: literals of one language come in runs, so compare with the last first.
    std::set<std::string> languages;
    std::string last_language;
    each_numbered([&](const SordQuad& quad, SubjectId subject, std::uint32_t predicate) {
        if (subject < iri_count && subject != labelled) {
            keep_labels(); // the last subject's (every IRI subject has quads: none skipped)
            labelled = subject;
        }
        const SordNode* object = quad[SORD_OBJECT];
        switch (sord_node_get_type(object)) {
        case SORD_URI:
            if (predicate == type_predicate_) {
                ++class_ids[object];
            } else if (const auto target = subject_ids.find(object); target >= 0) {
                ++link_offsets_[static_cast<std::size_t>(target) + 1];
                ++subject_link_count;
            } else {
                ++other_link_count;
            }
            break;
        case SORD_LITERAL:
            if (const char* language = sord_node_get_language(object);
                language && *language && last_language != language &&
                languages.size() <= max_languages) {
                last_language = language;
                std::string lower(language);
                std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
                languages.insert(std::move(lower));
            }
            if (predicate_rank[predicate] != no_rank && subject < iri_count) {
                subject_labels.emplace_back(predicate_rank[predicate], object);
            }
            break;
        case SORD_BLANK:
            break;
        }
    });
    if (iri_count > 0)
        keep_labels();
    if (languages.size() <= max_languages)
        languages_.emplace(languages.begin(), languages.end());
    if (subject_link_count >= std::numeric_limits<std::uint32_t>::max() ||
        other_link_count >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("seeother: too many links to index (more than 2^32)");
    if (label_literals_.size() >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("seeother: too many labels to index (more than 2^32)");
    label_literals_.shrink_to_fit();
    // The offsets of subjects after the last one with labels.
    for (std::size_t i = 1; i < label_offsets_.size(); ++i)
        label_offsets_[i] = std::max(label_offsets_[i], label_offsets_[i - 1]);

    // Classes in code-point order, each with the place of its instances in instance_ids_.
    classes_.clear();
    for (const auto& [node, count] : class_ids)
        classes_.push_back({node, 0, count});
    std::sort(classes_.begin(), classes_.end(), [](const ClassEntry& a, const ClassEntry& b) {
        return less_by_string(a.node, b.node);
    });
    classes_.shrink_to_fit();
    std::size_t instances = 0;
    for (std::uint32_t i = 0; i < classes_.size(); ++i) {
        classes_[i].begin = static_cast<std::uint32_t>(instances);
        instances += classes_[i].count;
        class_ids[classes_[i].node] = i;
    }
    if (instances >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("seeother: too many typings to index (more than 2^32)");
    instance_ids_.assign(instances, 0);

    // Third walk: place each link and each instance. offsets[i] is used as the cursor of
    // subject i, which leaves it at the end of i's range; shifting by one makes it the start
    // again. Links to other IRIs go in the order met, sorted below. Instances come in subject
    // order, ascending.
    for (std::size_t i = 1; i < link_offsets_.size(); ++i)
        link_offsets_[i] += link_offsets_[i - 1];
    subject_links_.assign(subject_link_count, predicates_.size(), stats_.subjects);
    other_links_.assign(other_link_count, predicates_.size(), stats_.subjects);
    other_objects_.assign(other_link_count, nullptr);
    if (subject_link_count + other_link_count + instances > 0) {
        std::vector<std::uint32_t>& cursor = link_offsets_;
        std::vector<std::uint32_t> placed(classes_.size(), 0);
        std::size_t other = 0;
        each_numbered([&](const SordQuad& quad, SubjectId subject, std::uint32_t predicate) {
            const SordNode* object = quad[SORD_OBJECT];
            if (sord_node_get_type(object) != SORD_URI)
                return;
            if (predicate == type_predicate_) {
                const std::uint32_t id = class_ids.find(object)->second;
                instance_ids_[classes_[id].begin + placed[id]++] = subject;
            } else if (const auto target = subject_ids.find(object); target >= 0) {
                subject_links_.set(cursor[static_cast<std::size_t>(target)]++,
                                   subject_links_.pack(predicate, subject));
            } else {
                other_objects_[other] = object;
                other_links_.set(other++, other_links_.pack(predicate, subject));
            }
        });
        for (std::size_t i = link_offsets_.size() - 1; i > 0; --i)
            link_offsets_[i] = link_offsets_[i - 1];
        link_offsets_[0] = 0;
        for (std::size_t i = 0; i + 1 < link_offsets_.size(); ++i)
            subject_links_.sort(link_offsets_[i], link_offsets_[i + 1]);
    }
    classes_by_count_.resize(classes_.size());
    for (std::uint32_t i = 0; i < classes_by_count_.size(); ++i)
        classes_by_count_[i] = i;
    std::stable_sort(
        classes_by_count_.begin(), classes_by_count_.end(),
        [this](std::uint32_t a, std::uint32_t b) { return classes_[a].count > classes_[b].count; });
    stats_.classes = classes_.size();

    subject_index.reset(); // the largest temporary: gone before the label text is built
    // The links to other IRIs by (their object's hash, object, link). Each object's hash is
    // computed once, and (hash << 32 | place) sorted as numbers; then the few runs of one hash
    // (an object's links, or objects of one hash) are sorted by (object, link); then the places
    // are followed in cycles, so that the two arrays are reordered in place. Sorted by string
    // instead, with two nodes and two strings read from all over the heap for each comparison,
    // the links took 1.4 s of a 73 s load at 1M things; so, 0.3 s.
    {
        std::vector<std::uint64_t> keyed(other_link_count);
        for (std::size_t i = 0; i < keyed.size(); ++i)
            keyed[i] = (std::uint64_t{object_hash(node_string(other_objects_[i]))} << 32U) | i;
        std::sort(keyed.begin(), keyed.end());
        const auto place = [&keyed](std::size_t i) { return static_cast<std::uint32_t>(keyed[i]); };
        for (std::size_t first = 0; first < keyed.size();) {
            std::size_t last = first + 1;
            while (last < keyed.size() && keyed[last] >> 32U == keyed[first] >> 32U)
                ++last;
            if (last - first > 1)
                std::sort(keyed.begin() + static_cast<std::ptrdiff_t>(first),
                          keyed.begin() + static_cast<std::ptrdiff_t>(last),
                          [this](std::uint64_t a, std::uint64_t b) {
                              const auto x = static_cast<std::uint32_t>(a);
                              const auto y = static_cast<std::uint32_t>(b);
                              if (other_objects_[x] != other_objects_[y])
                                  return std::less<const SordNode*>()(other_objects_[x],
                                                                      other_objects_[y]);
                              return other_links_.at(x) < other_links_.at(y);
                          });
            first = last;
        }
        // Place i takes what was at place(i); a place done is marked as its own.
        for (std::size_t i = 0; i < keyed.size(); ++i) {
            if (place(i) == i)
                continue;
            const SordNode* const object = other_objects_[i];
            const std::uint64_t link = other_links_.at(i);
            std::size_t to = i;
            for (std::size_t from = place(to); from != i; from = place(to)) {
                other_objects_[to] = other_objects_[from];
                other_links_.set(to, other_links_.at(from));
                keyed[to] = to;
                to = from;
            }
            other_objects_[to] = object;
            other_links_.set(to, link);
            keyed[to] = to;
        }
    }

    // The most referenced subjects, for the home page's entry points: their rdf:type links
    // are those of the classes among them.
    std::unordered_map<SubjectId, std::size_t> instances_of;
    for (const auto& entry : classes_)
        if (const auto id = find_subject_id(node_string(entry.node)); id >= 0)
            instances_of[static_cast<SubjectId>(id)] = entry.count;
    const auto reference_count = [&](SubjectId i) {
        const auto found = instances_of.find(i);
        return link_offsets_[i + 1] - link_offsets_[i] +
               (found == instances_of.end() ? 0 : found->second);
    };
    most_referenced_.clear();
    std::vector<SubjectId> by_references;
    for (SubjectId i = 0; i < iri_count; ++i)
        if (reference_count(i) > 0)
            by_references.push_back(i);
    const auto kept = std::min(by_references.size(), most_referenced_kept);
    std::partial_sort(by_references.begin(),
                      by_references.begin() + static_cast<std::ptrdiff_t>(kept),
                      by_references.end(), [&](SubjectId a, SubjectId b) {
                          const auto count_a = reference_count(a);
                          const auto count_b = reference_count(b);
                          return count_a != count_b ? count_a > count_b : a < b;
                      });
    most_referenced_.assign(by_references.begin(),
                            by_references.begin() + static_cast<std::ptrdiff_t>(kept));

    // The labels' text folded for search, NUL-separated, in the order of label_literals_
    // (a repeated one's empty); with the start of every label_sample-th. Folding never makes text
    // longer (every folded character takes at most the bytes of the original), so this reservation
    // is exact or a little more: no regrowth, no copy.
    label_text_.clear();
    label_text_.reserve(label_bytes);
    label_sample_starts_.clear();
    label_sample_starts_.reserve(label_literals_.size() / label_sample + 1);
    for (std::size_t subject = 0, i = 0; subject < subjects_.size(); ++subject)
        for (; i < label_offsets_[subject + 1]; ++i) {
            if (label_text_.size() >= std::numeric_limits<std::uint32_t>::max() / 2)
                throw std::length_error("seeother: too much label text to index (over 2 GB)");
            if (i % label_sample == 0)
                label_sample_starts_.push_back(static_cast<std::uint32_t>(label_text_.size()));
            const auto end = label_literals_.begin() + static_cast<std::ptrdiff_t>(i + 1);
            if (!repeats_earlier(i + 1 - label_offsets_[subject], end))
                label_text_ += fold_for_search(node_string(label_literals_[i]));
            label_text_ += '\0';
        }
    stats_.labels = label_literals_.size();
}

namespace {

std::uint64_t string_hash(std::string_view text) {
    return std::hash<std::string_view>()(text);
}

/// A table size, a power of two, with at least twice as many slots as `entries`.
std::size_t slots_for(std::size_t entries) {
    std::size_t size = 16;
    while (size < entries * 2)
        size <<= 1U;
    return size;
}

std::uint32_t tag_of(std::uint64_t hash) {
    return static_cast<std::uint32_t>(hash >> 32U);
}

} // namespace

void SordStore::index_subject_strings() {
    if (subjects_.size() >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("seeother: too many subjects to index (more than 2^32)");
    subject_slots_.assign(slots_for(subjects_.size()), 0);
    std::size_t mask = subject_slots_.size() - 1;
    std::size_t namespaces = 0;
    for (std::size_t id = 0; id < subjects_.size(); ++id) {
        const auto text = node_string(subjects_[id]);
        const std::uint64_t hash = string_hash(text);
        std::size_t slot = hash & mask;
        while (subject_slots_[slot] != 0)
            slot = (slot + 1) & mask;
        subject_slots_[slot] = static_cast<std::uint64_t>(tag_of(hash)) << 32U | (id + 1);
        namespaces += static_cast<std::size_t>(std::count(text.begin(), text.end(), '#'));
    }
    hash_slots_.clear();
    if (namespaces == 0)
        return;
    hash_slots_.assign(slots_for(namespaces), HashNamespace{});
    mask = hash_slots_.size() - 1;
    for (std::size_t id = 0; id < subjects_.size(); ++id) {
        const auto text = node_string(subjects_[id]);
        for (auto at = text.find('#'); at != std::string_view::npos; at = text.find('#', at + 1)) {
            const auto ns = text.substr(0, at);
            const std::uint64_t hash = string_hash(ns);
            std::size_t slot = hash & mask;
            bool known = false;
            for (; hash_slots_[slot].subject != 0; slot = (slot + 1) & mask) {
                const auto& entry = hash_slots_[slot];
                if (entry.tag == tag_of(hash) && entry.length == ns.size() &&
                    node_string(subjects_[entry.subject - 1]).substr(0, ns.size()) == ns) {
                    known = true;
                    break;
                }
            }
            if (!known)
                hash_slots_[slot] = {tag_of(hash), static_cast<std::uint32_t>(id + 1),
                                     static_cast<std::uint32_t>(ns.size())};
        }
    }
}

std::ptrdiff_t SordStore::find_subject_id(std::string_view iri) const {
    return subject_slots_.empty() ? -1 : find_subject_id(iri, string_hash(iri));
}

std::ptrdiff_t SordStore::find_subject_id(std::string_view iri, std::uint64_t hash) const {
    const std::size_t mask = subject_slots_.size() - 1;
    for (std::size_t slot = hash & mask; subject_slots_[slot] != 0; slot = (slot + 1) & mask) {
        const std::uint64_t entry = subject_slots_[slot];
        if (static_cast<std::uint32_t>(entry >> 32U) != tag_of(hash))
            continue;
        const auto id = static_cast<std::size_t>(entry & 0xFFFFFFFFU) - 1;
        if (node_string(subjects_[id]) == iri)
            return static_cast<std::ptrdiff_t>(id);
    }
    return -1;
}

template <class Iris>
void SordStore::find_subject_ids(const Iris& iris, std::ptrdiff_t* ids) const {
    const std::size_t count = iris.size();
    if (subject_slots_.empty()) {
        std::fill(ids, ids + count, -1);
        return;
    }
    // A lookup reads a slot, then subjects_, then a node, then its string, each a cache miss
    // in a large store, each waiting for the one before. Over a batch of IRIs, each step is
    // asked for (prefetched) for all of them before any is waited for.
    const std::size_t mask = subject_slots_.size() - 1;
    constexpr std::size_t batch = 16;
    std::uint64_t hashes[batch];
    std::uint32_t first[batch]; // the first subject (id + 1) with the IRI's tag; 0: none
    for (std::size_t begin = 0; begin < count; begin += batch) {
        const std::size_t n = std::min(batch, count - begin);
        for (std::size_t i = 0; i < n; ++i) {
            hashes[i] = string_hash(iris[begin + i]);
            __builtin_prefetch(&subject_slots_[hashes[i] & mask]);
        }
        for (std::size_t i = 0; i < n; ++i) {
            first[i] = 0;
            const std::uint32_t tag = tag_of(hashes[i]);
            for (std::size_t slot = hashes[i] & mask; subject_slots_[slot] != 0;
                 slot = (slot + 1) & mask)
                if (static_cast<std::uint32_t>(subject_slots_[slot] >> 32U) == tag) {
                    first[i] = static_cast<std::uint32_t>(subject_slots_[slot]);
                    __builtin_prefetch(&subjects_[first[i] - 1]);
                    break;
                }
        }
        for (std::size_t i = 0; i < n; ++i)
            if (first[i])
                __builtin_prefetch(subjects_[first[i] - 1]);
        for (std::size_t i = 0; i < n; ++i)
            if (first[i])
                __builtin_prefetch(sord_node_to_serd_node(subjects_[first[i] - 1])->buf);
        // No slot of the tag: no such subject. Another subject of the same tag (one IRI in
        // four billion): the whole lookup.
        for (std::size_t i = 0; i < n; ++i) {
            const std::string_view iri = iris[begin + i];
            ids[begin + i] = !first[i] ? -1
                             : node_string(subjects_[first[i] - 1]) == iri
                                 ? static_cast<std::ptrdiff_t>(first[i] - 1)
                                 : find_subject_id(iri, hashes[i]);
        }
    }
}

bool SordStore::has_hash_subjects(std::string_view iri) const {
    if (hash_slots_.empty())
        return false;
    const std::uint64_t hash = string_hash(iri);
    const std::size_t mask = hash_slots_.size() - 1;
    for (std::size_t slot = hash & mask; hash_slots_[slot].subject != 0; slot = (slot + 1) & mask) {
        const auto& entry = hash_slots_[slot];
        if (entry.tag == tag_of(hash) && entry.length == iri.size() &&
            node_string(subjects_[entry.subject - 1]).substr(0, iri.size()) == iri)
            return true;
    }
    return false;
}

SordStore::SubjectRanges SordStore::subject_ranges(const Subjects& subjects) const {
    const auto less = [](const SordNode* node, std::string_view value) {
        return node_string(node) < value;
    };
    const auto index = [this](auto it) { return static_cast<std::size_t>(it - subjects_.begin()); };
    SubjectRanges ranges;
    if (const auto id = find_subject_id(subjects.iri); id >= 0)
        ranges.at[ranges.count++] = {static_cast<std::size_t>(id),
                                     static_cast<std::size_t>(id) + 1};
    if (subjects.fragments && has_hash_subjects(subjects.iri)) {
        // Not simply the run after the IRI: "IRI!" sorts between IRI and "IRI#".
        const std::string hash = subjects.iri + '#';
        const auto first =
            std::lower_bound(subjects_.begin(), subjects_.end(), std::string_view(hash), less);
        const auto last = std::partition_point(first, subjects_.end(), [&](const SordNode* node) {
            return node_string(node).substr(0, hash.size()) == hash;
        });
        if (first != last)
            ranges.at[ranges.count++] = {index(first), index(last)};
    }
    return ranges;
}

std::vector<bool> SordStore::described(const std::vector<Subjects>& candidates) const {
    struct Iris {
        const std::vector<Subjects>& candidates;
        std::size_t size() const { return candidates.size(); }
        std::string_view operator[](std::size_t i) const { return candidates[i].iri; }
    };
    constexpr std::size_t on_stack = 32;
    std::ptrdiff_t few[on_stack];
    std::vector<std::ptrdiff_t> many(candidates.size() > on_stack ? candidates.size() : 0);
    std::ptrdiff_t* const ids = many.empty() ? few : many.data();
    find_subject_ids(Iris{candidates}, ids);
    std::vector<bool> found;
    found.reserve(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i)
        found.push_back(ids[i] >= 0 ||
                        (candidates[i].fragments && has_hash_subjects(candidates[i].iri)));
    return found;
}

Term SordStore::subject_term(SubjectId id) const {
    if (id < subjects_.size())
        return Term::iri(std::string(node_string(subjects_[id])));
    // Blank subjects are not kept (they are only ever shown as "a blank node"): named by
    // their number, which is stable for one loaded store.
    return Term::blank("s" + std::to_string(id - subjects_.size()));
}

Page<Triple> SordStore::describe(const Subjects& subjects, std::size_t offset,
                                 std::size_t limit) const {
    Page<Triple> page;
    const SubjectRanges ranges = subject_ranges(subjects);
    for (std::size_t r = 0; r < ranges.count; ++r)
        page.total += triples_before_[ranges.at[r].second] - triples_before_[ranges.at[r].first];

    // The subjects' triples, counted through triples_before_, from `offset` to `offset +
    // limit`; then depth-first over the blank nodes reached as objects, each searched once,
    // so that cycles end and no triple is read twice. A blank node's closure always comes
    // whole with the triple that reaches it.
    std::vector<NodeQuad> quads;
    if (offset < page.total && limit > 0)
        quads.reserve(std::min<std::uint64_t>(limit, page.total - offset) + 8);
    std::vector<const SordNode*> pending;
    NodeSet reached;
    Searches searches(model_.get(), iterator_count_mutex_);
    // One subject's quads as Sord gives them. The object nodes (each where the interning put
    // it: in a large store, a cache miss apiece) are asked for while the index is walked, read
    // once the walk of the subject is done, and their text asked for in turn.
    struct RawQuad {
        const SordNode* predicate;
        const SordNode* object;
        const SordNode* graph;
    };
    std::vector<RawQuad> raw;
    raw.reserve(std::min<std::size_t>(quads.capacity(), 1024));
    const auto read = [&](SordIter* it) {
        SordQuad quad;
        sord_iter_get(it, quad);
        __builtin_prefetch(quad[SORD_OBJECT]);
        raw.push_back({quad[SORD_PREDICATE], quad[SORD_OBJECT], quad[SORD_GRAPH]});
    };
    const auto take = [&](const SordNode* subject_node) {
        const SortNode subject(subject_node);
        SortNode predicate;
        for (const RawQuad& quad : raw) {
            if (quad.predicate != predicate.node)
                predicate = SortNode(quad.predicate);
            const SortNode object(quad.object);
            __builtin_prefetch(object.text.data());
            quads.push_back({subject, predicate, object, quad.graph});
            // A blank node that is the object of one quad only (Sord counts them) is met
            // here once: only others need remembering.
            if (object.kind == Term::Kind::Blank &&
                (sord_node_is_inline_object(quad.object) || reached.insert(quad.object)))
                pending.push_back(quad.object);
        }
        raw.clear();
    };

    std::uint64_t seen = 0; // triples of the subjects before the current one
    for (std::size_t r = 0; r < ranges.count; ++r) {
        const auto [first, last] = ranges.at[r];
        const std::uint64_t in_range = triples_before_[last] - triples_before_[first];
        if (offset >= seen + in_range || quads.size() >= limit) {
            seen += in_range;
            continue;
        }
        // The first subject of the range with a triple at or after `offset`.
        std::size_t id = first;
        if (offset > seen)
            id = static_cast<std::size_t>(
                     std::upper_bound(triples_before_.begin() + static_cast<std::ptrdiff_t>(first),
                                      triples_before_.begin() + static_cast<std::ptrdiff_t>(last),
                                      triples_before_[first] + (offset - seen)) -
                     triples_before_.begin()) -
                 1;
        for (; id < last && quads.size() < limit; ++id) {
            std::uint64_t index = seen + (triples_before_[id] - triples_before_[first]);
            SordIter* const it = searches.start(subjects_[id]);
            for (; !sord_iter_end(it) && quads.size() + raw.size() < limit;
                 sord_iter_next(it), ++index)
                if (index >= offset)
                    read(it);
            take(subjects_[id]);
        }
        seen += in_range;
    }
    const std::size_t subject_quads = quads.size();
    struct BlankGroup {
        std::string_view label;
        std::size_t first; ///< its quads: [first, last) of `quads`
        std::size_t last;
    };
    std::vector<BlankGroup> blank_groups;
    while (!pending.empty()) {
        const SordNode* subject = pending.back();
        pending.pop_back();
        SordIter* const it = searches.start(subject);
        for (; !sord_iter_end(it); sord_iter_next(it))
            read(it);
        const std::size_t first = quads.size();
        take(subject);
        if (quads.size() > first)
            blank_groups.push_back({quads[first].subject.text, first, quads.size()});
    }
    searches.start(nullptr);

    // The quads in Term order, mostly without sorting: the IRI subjects' quads come in the
    // subjects' order (subjects_'s), and blank subjects follow IRIs in Term order too. Sord
    // gives a subject's quads by predicate in strcmp() order, which is code-point order, and
    // a predicate's objects by Serd's node type (literals, then IRIs, then blank nodes), each
    // type by string, where Term order puts literals last. So the blank subjects are sorted
    // (by label), and each predicate's objects taken IRIs, blank nodes, literals. The order
    // found is checked, one comparison a quad: where Sord's order and Term order part (a
    // string with a U+0000, a literal without a datatype against the same text with one),
    // the quads are sorted as they come.
    std::vector<std::uint32_t> order;
    bool ordered = quads.size() <= std::numeric_limits<std::uint32_t>::max();
    if (ordered) {
        order.reserve(quads.size());
        const auto place = [&](std::size_t first, std::size_t last) {
            while (first < last) {
                std::size_t end = first + 1;
                while (end < last && quads[end].predicate.node == quads[first].predicate.node &&
                       quads[end].subject.node == quads[first].subject.node)
                    ++end;
                for (const auto kind : {Term::Kind::Iri, Term::Kind::Blank, Term::Kind::Literal})
                    for (std::size_t i = first; i < end; ++i)
                        if (quads[i].object.kind == kind)
                            order.push_back(static_cast<std::uint32_t>(i));
                first = end;
            }
        };
        place(0, subject_quads);
        std::sort(blank_groups.begin(), blank_groups.end(),
                  [](const BlankGroup& a, const BlankGroup& b) { return a.label < b.label; });
        for (const auto& group : blank_groups)
            place(group.first, group.last);
        // Between subjects the order holds as made: distinct IRIs in subjects_'s order, then
        // distinct blank labels sorted.
        for (std::size_t i = 1; ordered && i < order.size(); ++i) {
            const NodeQuad& a = quads[order[i - 1]];
            const NodeQuad& b = quads[order[i]];
            if (a.subject.node != b.subject.node)
                continue;
            ordered = a.predicate.node == b.predicate.node && a.object.node != b.object.node
                          ? compare(a.object, b.object) < 0
                          : a < b;
        }
    }
    if (!ordered) {
        std::sort(quads.begin(), quads.end());
        order.resize(quads.size());
        for (std::size_t i = 0; i < quads.size(); ++i)
            order[i] = static_cast<std::uint32_t>(i);
    }

    // One more: a document adds its own foaf:primaryTopic triple, which would otherwise move
    // every triple to a new array.
    page.items.reserve(quads.size() + 1);
    for (const std::uint32_t i : order)
        page.items.emplace_back(quads[i].triple());
    return page;
}

Page<std::string> SordStore::subjects_page(std::string_view prefix, std::size_t offset,
                                           std::size_t limit) const {
    const auto less = [](const SordNode* node, std::string_view value) {
        return node_string(node) < value;
    };
    const auto first = std::lower_bound(subjects_.begin(), subjects_.end(), prefix, less);
    // The subjects with the prefix end before the first string greater than every one of
    // them: the prefix followed by the largest byte.
    const auto last = std::partition_point(first, subjects_.end(), [&](const SordNode* node) {
        return node_string(node).substr(0, prefix.size()) == prefix;
    });
    Page<std::string> page;
    page.total = static_cast<std::size_t>(last - first);
    for (auto it = first + static_cast<std::ptrdiff_t>(std::min(offset, page.total));
         it != last && page.items.size() < limit; ++it)
        page.items.emplace_back(node_string(*it));
    return page;
}

template <class Iris>
std::vector<SordStore::IdRange> SordStore::label_ranges(const Iris& iris) const {
    std::vector<std::ptrdiff_t> ids(iris.size());
    find_subject_ids(iris, ids.data());
    // As in find_subject_ids(): each step asked for, for every IRI, before it is waited for:
    // the labels' offsets, then their literal nodes.
    for (const auto id : ids)
        if (id >= 0)
            __builtin_prefetch(&label_offsets_[static_cast<std::size_t>(id)]);
    std::vector<IdRange> ranges(iris.size());
    for (std::size_t i = 0; i < iris.size(); ++i)
        if (ids[i] >= 0) {
            const auto id = static_cast<std::size_t>(ids[i]);
            ranges[i] = {label_offsets_[id], label_offsets_[id + 1]};
            for (std::size_t at = ranges[i].first; at < ranges[i].second; ++at)
                __builtin_prefetch(label_literals_[at]);
        }
    return ranges;
}

std::vector<std::vector<Term>> SordStore::labels(const std::vector<std::string>& iris) const {
    std::vector<std::vector<Term>> found(iris.size());
    const auto ranges = label_ranges(iris);
    for (const auto& [first, last] : ranges)
        for (std::size_t at = first; at < last; ++at)
            __builtin_prefetch(sord_node_to_serd_node(label_literals_[at])->buf);
    for (std::size_t i = 0; i < iris.size(); ++i) {
        const auto [first, last] = ranges[i];
        found[i].reserve(last - first);
        for (std::size_t at = first; at < last; ++at)
            found[i].emplace_back(TermMaker{SortNode(label_literals_[at])});
    }
    return found;
}

std::vector<std::optional<Term>>
SordStore::preferred_labels(const std::vector<std::string_view>& iris,
                            const LanguageRank& rank) const {
    std::vector<std::optional<Term>> preferred(iris.size());
    const auto ranges = label_ranges(iris);
    // The labels are ranked by their nodes' language tags: only the one chosen is made a Term.
    for (std::size_t i = 0; i < iris.size(); ++i) {
        const auto [first, last] = ranges[i];
        const SordNode* best = nullptr;
        int best_rank = 0;
        for (std::size_t at = first; at < last; ++at) {
            const char* language = sord_node_get_language(label_literals_[at]);
            const int r = rank(language ? std::string_view(language) : std::string_view());
            if (!best || r < best_rank) {
                best = label_literals_[at];
                best_rank = r;
            }
        }
        if (best)
            preferred[i] = make_term(SortNode(best));
    }
    return preferred;
}

void SordStore::PackedLinks::assign(std::size_t size, std::size_t predicates,
                                    std::size_t subjects) {
    const auto bits = [](std::size_t count) {
        unsigned n = 0;
        while (n < 64 && (std::uint64_t{1} << n) < count)
            ++n;
        return n;
    };
    shift_ = std::max(bits(subjects), 1U);
    narrow_.clear();
    wide_.clear();
    if (shift_ + bits(predicates) <= 32) {
        narrow_.assign(size, 0);
        narrow_.shrink_to_fit();
    } else {
        shift_ = 32;
        wide_.assign(size, 0);
        wide_.shrink_to_fit();
    }
}

void SordStore::PackedLinks::set(std::size_t i, std::uint64_t packed) {
    if (wide_.empty())
        narrow_[i] = static_cast<std::uint32_t>(packed);
    else
        wide_[i] = packed;
}

void SordStore::PackedLinks::sort(std::size_t first, std::size_t last) {
    const auto at = [first](auto& links) {
        return links.begin() + static_cast<std::ptrdiff_t>(first);
    };
    if (wide_.empty())
        std::sort(at(narrow_), at(narrow_) + static_cast<std::ptrdiff_t>(last - first));
    else
        std::sort(at(wide_), at(wide_) + static_cast<std::ptrdiff_t>(last - first));
}

std::size_t SordStore::PackedLinks::lower_bound(std::size_t first, std::size_t last,
                                                std::uint64_t predicate) const {
    const std::uint64_t value = predicate << shift_;
    while (first < last) {
        const std::size_t middle = first + (last - first) / 2;
        if (at(middle) < value)
            first = middle + 1;
        else
            last = middle;
    }
    return first;
}

SordStore::LinkRange SordStore::find_links(std::string_view iri) const {
    if (const auto id = find_subject_id(iri); id >= 0)
        return {&subject_links_, link_offsets_[static_cast<std::size_t>(id)],
                link_offsets_[static_cast<std::size_t>(id) + 1]};
    // The objects of the IRI's hash (one, but for a collision), each with its run of links.
    const std::uint32_t hash = object_hash(iri);
    const auto end = other_objects_.end();
    auto first = std::partition_point(other_objects_.begin(), end, [hash](const SordNode* node) {
        return object_hash(node_string(node)) < hash;
    });
    while (first != end && object_hash(node_string(*first)) == hash) {
        const SordNode* const object = *first;
        const auto last = std::partition_point(
            first, end, [object](const SordNode* node) { return node == object; });
        if (node_string(object) == iri)
            return {&other_links_, static_cast<std::size_t>(first - other_objects_.begin()),
                    static_cast<std::size_t>(last - other_objects_.begin())};
        first = last;
    }
    return {&other_links_, 0, 0};
}

std::size_t SordStore::references(SubjectId id) const {
    std::size_t count = link_offsets_[id + 1] - link_offsets_[id];
    if (type_predicate_ >= 0)
        if (const auto index = find_class(node_string(subjects_[id])); index >= 0)
            count += classes_[static_cast<std::size_t>(index)].count;
    return count;
}

Backlinks SordStore::backlinks(std::string_view iri, std::size_t offset, std::size_t limit) const {
    if (find_subject_id(iri) < 0)
        return {};
    return *links_to(iri, offset, limit);
}

std::optional<Backlinks> SordStore::links_to(std::string_view iri, std::size_t offset,
                                             std::size_t limit) const {
    Backlinks result;
    const LinkRange range = find_links(iri);
    const PackedLinks* const links = range.links;
    const std::size_t first = range.first;
    const std::size_t last = range.last;
    // The rdf:type links, the class's instances (in subject id order, as links are), go
    // between the links of the predicates before rdf:type and those after.
    const ClassEntry* typed = nullptr;
    std::size_t split = last;
    if (type_predicate_ >= 0)
        if (const auto index = find_class(iri); index >= 0) {
            typed = &classes_[static_cast<std::size_t>(index)];
            split = links->lower_bound(first, last, static_cast<std::uint64_t>(type_predicate_));
        }
    const std::size_t instances = typed ? typed->count : 0;
    result.total = last - first + instances;
    // Links are sorted by predicate first: each predicate's run is found by bisection.
    const auto add_runs = [&](std::size_t from, std::size_t to) {
        while (from != to) {
            const std::uint32_t predicate = links->predicate(from);
            const std::size_t run_end = links->lower_bound(from, to, std::uint64_t{predicate} + 1);
            result.predicates.push_back(
                {std::string(node_string(predicates_[predicate])), run_end - from});
            from = run_end;
        }
    };
    add_runs(first, split);
    if (typed)
        result.predicates.push_back({std::string(vocab::rdf_type), instances});
    add_runs(split, last);

    const Term object = Term::iri(std::string(iri));
    const std::size_t before = split - first; // links before rdf:type's
    for (std::size_t at = std::min(offset, result.total);
         at < result.total && result.triples.size() < limit; ++at) {
        if (at >= before && at < before + instances) {
            result.triples.push_back({subject_term(instance_ids_[typed->begin + (at - before)]),
                                      Term::iri(std::string(vocab::rdf_type)),
                                      object,
                                      {}});
            continue;
        }
        const std::size_t link = first + (at < before ? at : at - instances);
        result.triples.push_back(
            {subject_term(links->subject(link)),
             Term::iri(std::string(node_string(predicates_[links->predicate(link)]))),
             object,
             {}});
    }
    return result;
}

Page<IriCount> SordStore::classes(std::size_t offset, std::size_t limit) const {
    Page<IriCount> page;
    page.total = classes_.size();
    for (const auto index : slice(classes_by_count_, offset, limit))
        page.items.push_back(
            {std::string(node_string(classes_[index].node)), classes_[index].count});
    return page;
}

std::ptrdiff_t SordStore::find_class(std::string_view class_iri) const {
    const auto found = std::lower_bound(classes_.begin(), classes_.end(), class_iri,
                                        [](const ClassEntry& entry, std::string_view value) {
                                            return node_string(entry.node) < value;
                                        });
    return found != classes_.end() && node_string(found->node) == class_iri
               ? found - classes_.begin()
               : -1;
}

Page<Term> SordStore::instances(std::string_view class_iri, std::size_t offset,
                                std::size_t limit) const {
    Page<Term> page;
    const auto index = find_class(class_iri);
    if (index < 0)
        return page;
    const auto& found = classes_[static_cast<std::size_t>(index)];
    page.total = found.count;
    for (std::size_t i = std::min<std::size_t>(offset, found.count);
         i < found.count && page.items.size() < limit; ++i)
        page.items.push_back(subject_term(instance_ids_[found.begin + i]));
    return page;
}

std::vector<std::size_t>
SordStore::instance_counts(const std::vector<std::string>& class_iris) const {
    std::vector<std::size_t> counts;
    counts.reserve(class_iris.size());
    for (const auto& iri : class_iris) {
        const auto index = find_class(iri);
        counts.push_back(index < 0 ? 0 : classes_[static_cast<std::size_t>(index)].count);
    }
    return counts;
}

std::vector<IriCount> SordStore::most_referenced(std::size_t limit) const {
    std::vector<IriCount> found;
    for (const auto id : slice(most_referenced_, 0, limit))
        found.push_back({std::string(node_string(subjects_[id])), references(id)});
    return found;
}

SordStore::LabelText SordStore::label_at(std::size_t at, LabelText from) const {
    // Far on: from the last sampled start at or before `at`. Then label by label.
    const std::size_t next_sample = from.label / label_sample + 1;
    if (next_sample < label_sample_starts_.size() && label_sample_starts_[next_sample] <= at) {
        const auto sample = static_cast<std::size_t>(
            std::upper_bound(label_sample_starts_.begin() +
                                 static_cast<std::ptrdiff_t>(next_sample),
                             label_sample_starts_.end(), static_cast<std::uint32_t>(at)) -
            label_sample_starts_.begin() - 1);
        from.label = sample * label_sample;
        from.start = label_sample_starts_[sample];
    }
    const char* const text = label_text_.data();
    for (;;) {
        const auto* nul = static_cast<const char*>(
            std::memchr(text + from.start, '\0', label_text_.size() - from.start));
        from.end = static_cast<std::size_t>(nul - text);
        if (from.end >= at)
            return from;
        ++from.label;
        from.start = from.end + 1;
    }
}

Page<SearchHit> SordStore::search(std::string_view query, std::size_t offset,
                                  std::size_t limit) const {
    Page<SearchHit> page;
    const std::string folded = fold_for_search(query);
    if (folded.empty() || label_literals_.empty() || folded.find('\0') != std::string::npos)
        return page;

    // One candidate per matching subject, keyed for ranking: (kind of match, label length,
    // subject id) packed into 64 bits, so that ranking is comparing integers. Only the best
    // offset + limit are kept, in a max-heap; the rest are only counted.
    struct Candidate {
        std::uint64_t key;
        std::uint32_t label;
    };
    const auto by_key = [](const Candidate& a, const Candidate& b) { return a.key < b.key; };
    const std::size_t wanted = offset + limit;
    std::vector<Candidate> best;
    best.reserve(std::min<std::size_t>(wanted, 4096) + 1);
    const auto keep = [&](const Candidate& c) {
        ++page.total;
        if (wanted == 0)
            return;
        if (best.size() < wanted) {
            best.push_back(c);
            std::push_heap(best.begin(), best.end(), by_key);
        } else if (c.key < best.front().key) {
            std::pop_heap(best.begin(), best.end(), by_key);
            best.back() = c;
            std::push_heap(best.begin(), best.end(), by_key);
        }
    };

    const char* const text = label_text_.data();
    const std::size_t size = label_text_.size();
    LabelText label{0, 0, 0};         // a label at or before every later match
    SubjectId subject = 0;            // the IRI subject whose labels hold `label`
    std::optional<Candidate> current; // the best label so far of the subject being read
    for (std::size_t from = 0; from < size;) {
        const char* hit = static_cast<const char*>(
            ::memmem(text + from, size - from, folded.data(), folded.size()));
        if (!hit)
            break;
        label = label_at(static_cast<std::size_t>(hit - text), label);
        const std::size_t at = static_cast<std::size_t>(hit - text);
        const std::size_t length = label.end - label.start;
        const std::uint64_t kind = at != label.start ? 2 : length == folded.size() ? 0 : 1;
        if (label_offsets_[subject + 1] <= label.label)
            subject = static_cast<SubjectId>(
                std::upper_bound(label_offsets_.begin() + subject + 1, label_offsets_.end(),
                                 static_cast<std::uint32_t>(label.label)) -
                label_offsets_.begin() - 1);
        const Candidate candidate{
            (kind << 62U) | (std::min<std::uint64_t>(length, 0x3FFFFFFF) << 32U) | subject,
            static_cast<std::uint32_t>(label.label)};
        // Labels of one subject are adjacent: keep the best of them.
        if (current && static_cast<SubjectId>(current->key) == subject) {
            if (candidate.key < current->key)
                current = candidate;
        } else {
            if (current)
                keep(*current);
            current = candidate;
        }
        from = label.end + 1; // one match per label is enough: the first is the best
        label = {label.label + 1, from, from};
    }
    if (current)
        keep(*current);

    std::sort_heap(best.begin(), best.end(), by_key);
    for (std::size_t i = offset; i < best.size(); ++i) {
        const auto hit_subject = static_cast<SubjectId>(best[i].key);
        page.items.push_back({std::string(node_string(subjects_[hit_subject])),
                              to_term(label_literals_[best[i].label])});
    }
    return page;
}

} // namespace seeother::rdf
