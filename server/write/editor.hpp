// Where writes go, made durable: the in-memory store's versions with the journal on disk, or
// the SPARQL endpoint. The write room decides what a request changes (an rdf::Change); an
// editor only makes it last and returns the store that shows it.
#pragma once

#include "rdf/edit/change.hpp"
#include "rdf/store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace seeother::rdf::sparql {
class SparqlStore;
} // namespace seeother::rdf::sparql

namespace seeother::server {

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
    /// A reload built `base` from the data files again: the changes so far on top of it.
    virtual std::shared_ptr<const rdf::Store> rebase(std::shared_ptr<const rdf::Store> base) = 0;
    /// The origins of the changes found in the journal at start ("import 3"), so that an
    /// import spooled before a crash is not applied twice.
    virtual const std::set<std::string>& replayed_origins() const = 0;
};

struct JournalStats {
    std::uint64_t bytes = 0;
    std::uint64_t records = 0;
    std::uint64_t compactions = 0;
};

/// Writes to the in-memory store, each appended to the journal at `journal_path` (fsync'd)
/// before it is applied; with no path, kept in memory only (they end with the process).
/// Opening replays the journal on `base` (`warn` hears of a torn tail cut off). The journal
/// is compacted to the net effect of its changes once it holds more than `compact_records`
/// records and has doubled since the last compaction.
std::unique_ptr<Editor> memory_editor(std::shared_ptr<const rdf::Store> base,
                                      const std::string& journal_path,
                                      const std::function<void(const std::string&)>& warn,
                                      std::uint64_t compact_records = 1000);

/// Writes sent to the endpoint as SPARQL 1.1 Update; the endpoint keeps them.
std::unique_ptr<Editor> sparql_editor(std::shared_ptr<const rdf::sparql::SparqlStore> store);

/// The net effect of the changes that made `store` out of its base, as one change: every
/// touched subject replaced by its description now, blank nodes relabelled "n<k>_…" so that
/// they never meet a base's own (`touched`: the subject IRIs any change named).
rdf::Change net_change(const rdf::Store& store, const std::vector<std::string>& touched);

} // namespace seeother::server
