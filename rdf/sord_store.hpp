// The in-memory Store on Sord, and the few calls the loader needs to fill it. Private to
// rdf/: only rdf/*.cpp include this header, so no Sord type escapes the RDF layer.
#pragma once

#include "store.hpp"

#include <sord/sord.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace seeother::rdf {

/// A SerdError (fmt + va_list) as one line of text, without the trailing newline.
std::string format_serd_error(const SerdError& error);

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

    /// Keeps a declared prefix unless one of that name is already kept (first wins).
    void add_prefix(std::string_view name, std::string_view iri);

    /// The first error Sord reported (Sord only reports misuse), empty if none.
    const std::string& sord_error() const { return sord_error_; }

    /// Ends loading: counts and builds the read-side lookups. Call once, after all add().
    void finish();

    bool describes(std::string_view iri) const override;
    Triples describe(std::string_view iri) const override;
    std::vector<std::string> subjects_with_prefix(std::string_view prefix) const override;
    const Prefixes& prefixes() const override { return prefixes_; }
    /// `triples`: distinct triples; `subjects`: distinct subjects, IRIs and blank nodes.
    StoreStats stats() const override { return stats_; }

  private:
    const SordNode* find_subject(std::string_view iri) const;

    // Declared world first so that the model is freed before the world it uses.
    std::unique_ptr<SordWorld, SordWorldDeleter> world_;
    std::unique_ptr<SordModel, SordModelDeleter> model_;
    std::string sord_error_;

    /// Every subject IRI node, in code-point order of its string: describes() and
    /// subjects_with_prefix() binary-search it, and it hands describe() the node to search
    /// for without interning a new one (interning mutates the world).
    std::vector<const SordNode*> subjects_;
    Prefixes prefixes_;
    std::unordered_set<std::string> prefix_names_;
    StoreStats stats_;

    /// Sord keeps a plain (non-atomic) count of live iterators in the model, changed by
    /// sord_find() and sord_iter_free(); this lock serialises only those two calls, not the
    /// iteration between them, which only reads.
    mutable std::mutex iterator_count_mutex_;
};

} // namespace seeother::rdf
