// Where writes go, made durable: the in-memory store's versions with the journal on disk, or
// the SPARQL endpoint. The write room decides what a request changes (an rdf::Change); an
// editor only makes it last and returns the store that shows it.
#pragma once

#include "rdf/edit/change.hpp"
#include "rdf/store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace seeother::rdf::sparql {
class SparqlStore;
} // namespace seeother::rdf::sparql

namespace seeother::server {

/// Builds the in-memory store from the data files with `changes` folded in, in order
/// (rdf::load_store). Throws when it cannot.
using LoadStore =
    std::function<std::shared_ptr<const rdf::Store>(const std::vector<rdf::Change>& changes)>;

/// One writer at a time: the caller serialises every call.
class Editor {
  public:
    virtual ~Editor() = default;
    /// Makes `change` durable and visible, in that order; returns the store to serve from
    /// now on (readers of the previous one go on undisturbed). Throws, acknowledging
    /// nothing, when it cannot: rdf::StoreError from an endpoint, std::runtime_error when
    /// the journal cannot be written.
    virtual std::shared_ptr<const rdf::Store> apply(const rdf::Change& change) = 0;
    /// The store with every change so far.
    virtual std::shared_ptr<const rdf::Store> current() const = 0;
    /// Why this editor's store cannot keep `added` (the in-memory store: rdf::unstorable), in
    /// words fit for any client; none when it can. Reads nothing that writes change: callable
    /// at any time.
    virtual std::optional<std::string> cannot_keep(const rdf::Triples& added) const = 0;

    /// A reload in two steps, so that writes go on while the data files are read: fold() says
    /// what the store built from them again must fold in (the net effect of every change so
    /// far); rebase() takes that store and serves it with the changes applied since fold() on
    /// top. Reloads never overlap: each fold() is followed by its rebase().
    struct Fold {
        std::vector<rdf::Change> changes; ///< for the new store to fold in, in order
        std::uint64_t id = 0;             ///< which fold() this is
    };
    virtual Fold fold() = 0;
    /// `base` was built from the data files with `fold.changes` folded in: returns the store
    /// to serve from now on. A null `base` (the reload was given up): nothing changes, and
    /// null is returned.
    virtual std::shared_ptr<const rdf::Store> rebase(std::shared_ptr<const rdf::Store> base,
                                                     const Fold& fold) = 0;
    /// The origins of the changes found in the journal at start ("import 3"), so that an
    /// import spooled before a crash is not applied twice.
    virtual const std::set<std::string>& replayed_origins() const = 0;
};

/// Writes to the in-memory store, each appended to the journal at `journal_path` (fsync'd)
/// before it is applied; with no path, kept in memory only (they end with the process).
///
/// Opening reads the journal's changes (`warn` hears of a torn tail cut off), then has `load`
/// build the store from the data files with them folded in: the store a restart serves is
/// indexed whole, as if the data files said what the writes made of them, and later writes
/// are versions over it (rdf::EditedStore). A change the store cannot keep (cannot_keep(),
/// from a journal written before writes were checked for it) is not folded: it and the changes
/// after it are versions over the store, as `warn` says. A reload (fold(), rebase()) folds the
/// net effect of every change so far into the store built again, the same way.
///
/// The journal is compacted to the net effect of its changes (net_change() over every IRI a
/// change has touched since the data files, those read from the journal at start included)
/// once it holds more than `compact_records` records and has doubled since the last compaction.
/// The compaction runs beside the writes, in a thread of its own, from the version the write
/// that crossed the threshold made and the journal's mark then (rdf::Journal::compact): that
/// write returns at once, and later ones go on into the journal, waiting only while the records
/// they appended meanwhile are copied onto the compacted file and it is renamed over the journal.
/// One compaction at a time; a write that finds one done takes in its outcome. A reload neither
/// waits for nor disturbs one (both read versions, which never change). Destroying the editor
/// (the server's stop) cancels one under way (its temporary file removed, the journal as it
/// was) or, once it is copying the tail, lets it finish, and waits for it.
///
/// A compaction that fails before its rename (the disk full) leaves the journal as it was, in
/// use, with every acknowledged write: `warn` (which may be called from the compaction's
/// thread) says why, writes go on, and the next compaction is tried once the journal has
/// doubled again. One whose directory fsync fails after the rename leaves the journal unable
/// to take writes, as a failed fdatasync does: `warn` says so, and every later write fails
/// with the journal's error until the server restarts (no acknowledged write is lost).
std::unique_ptr<Editor> memory_editor(const LoadStore& load, const std::string& journal_path,
                                      const std::function<void(const std::string&)>& warn,
                                      std::uint64_t compact_records = 1000);

/// Writes sent to the endpoint as SPARQL 1.1 Update; the endpoint keeps them.
std::unique_ptr<Editor> sparql_editor(std::shared_ptr<const rdf::sparql::SparqlStore> store);

/// The net effect of the changes that made `store` out of its base, as one change: every
/// touched subject replaced by its description now, blank nodes relabelled "n<k>_…" so that
/// they never meet a base's own (`touched`: the subject IRIs any change named).
rdf::Change net_change(const rdf::Store& store, const std::vector<std::string>& touched);

} // namespace seeother::server
