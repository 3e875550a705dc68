#include "server/write/editor.hpp"

#include "rdf/edit/edited_store.hpp"
#include "rdf/edit/journal.hpp"
#include "rdf/sord/load.hpp"
#include "rdf/sparql/sparql_store.hpp"

#include <atomic>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>

namespace seeother::server {
namespace {

/// How many of `changes`, from the first, the in-memory store can fold in: those before the
/// first it cannot keep.
std::size_t foldable(const std::vector<rdf::Change>& changes,
                     const std::function<void(const std::string&)>& warn) {
    for (std::size_t i = 0; i < changes.size(); ++i)
        if (const auto why = rdf::unstorable(changes[i].added)) {
            if (warn)
                warn("the journal's change " + std::to_string(i + 1) + " (" + changes[i].origin +
                     ") cannot be folded into the loaded data (" + *why + "): it and the " +
                     std::to_string(changes.size() - i - 1) +
                     " after it are served over the data, as versions");
            return i;
        }
    return changes.size();
}

/// net_change(), given up (none) once `cancel` is true.
std::optional<rdf::Change> net_change_unless(const rdf::Store& store,
                                             const std::vector<std::string>& touched,
                                             const std::atomic<bool>* cancel) {
    rdf::Change net;
    net.origin = "compaction";
    net.replaced = touched;
    std::map<std::string, std::string> labels;
    const auto relabel = [&](rdf::Term& term) {
        if (!term.is_blank())
            return;
        const auto [at, added] = labels.try_emplace(term.value, std::string());
        if (added)
            at->second = "n" + std::to_string(labels.size()) + "_";
        term.value = at->second;
    };
    std::size_t described = 0;
    for (const auto& iri : touched) {
        if (cancel && ++described % 256 == 0 && *cancel)
            return std::nullopt;
        for (auto& triple : rdf::describe_all(store, iri)) {
            relabel(triple.subject);
            relabel(triple.object);
            net.added.push_back(std::move(triple));
        }
    }
    return net;
}

using IriSet = std::set<std::string>;

class MemoryEditor final : public Editor {
  public:
    MemoryEditor(const LoadStore& load, const std::string& journal_path,
                 const std::function<void(const std::string&)>& warn, std::uint64_t compact_records)
        : warn_(warn), compact_records_(compact_records) {
        std::vector<rdf::Change> replayed;
        if (!journal_path.empty()) {
            journal_.emplace(rdf::Journal::open(
                journal_path,
                [&](rdf::Change change) {
                    origins_.insert(change.origin);
                    touch(change);
                    replayed.push_back(std::move(change));
                },
                warn));
            compacted_records_ = journal_->records();
        }
        const auto folded = foldable(replayed, warn);
        if (folded == replayed.size()) {
            current_ = std::make_shared<const rdf::EditedStore>(load(replayed));
            return;
        }
        const auto split = replayed.begin() + static_cast<std::ptrdiff_t>(folded);
        current_ = std::make_shared<const rdf::EditedStore>(load({replayed.begin(), split}));
        for (auto it = split; it != replayed.end(); ++it)
            current_ = current_->with(*it);
    }

    /// A compaction under way is cancelled (its temporary file removed, the journal left as
    /// it is) or, past its point of no return, finished; either way waited for.
    ~MemoryEditor() override {
        if (compaction_) {
            compaction_->cancel = true;
            finish_compaction(true);
        }
    }

    std::shared_ptr<const rdf::Store> apply(const rdf::Change& change) override {
        if (journal_)
            journal_->append(change);
        current_ = current_->with(change);
        touch(change);
        if (pending_)
            pending_->later.push_back(change);
        if (journal_) {
            finish_compaction(false);
            if (!compaction_ && journal_->records() > compact_records_ &&
                journal_->records() >= 2 * compacted_records_)
                start_compaction();
        }
        return current_;
    }

    std::shared_ptr<const rdf::Store> current() const override { return current_; }

    std::optional<std::string> cannot_keep(const rdf::Triples& added) const override {
        return rdf::unstorable(added);
    }

    Fold fold() override {
        Fold fold;
        fold.id = ++folds_;
        // Built, then moved in: clang (C++17) takes Pending for not default-constructible
        // inside the class that declares it.
        pending_ = Pending{fold.id, {}, {}};
        if (fresh_.empty() && frozen_.empty())
            return fold;
        auto net = net_change(*current_, touched());
        if (rdf::unstorable(net.added))
            pending_->over.push_back(std::move(net));
        else
            fold.changes.push_back(std::move(net));
        return fold;
    }

    std::shared_ptr<const rdf::Store> rebase(std::shared_ptr<const rdf::Store> base,
                                             const Fold& fold) override {
        if (!pending_ || pending_->id != fold.id)
            throw std::logic_error("seeother: a rebase without its fold");
        const Pending pending = std::move(*pending_);
        pending_.reset();
        if (!base)
            return nullptr;
        current_ = std::make_shared<const rdf::EditedStore>(std::move(base));
        for (const auto* list : {&pending.over, &pending.later})
            for (const auto& change : *list)
                current_ = current_->with(change);
        return current_;
    }

    const std::set<std::string>& replayed_origins() const override { return origins_; }

  private:
    /// A reload under way: the fold() it started with, and what goes over its new store.
    struct Pending {
        std::uint64_t id = 0;
        std::vector<rdf::Change> over;  ///< the net change, when it could not be folded
        std::vector<rdf::Change> later; ///< applied since the fold()
    };

    /// A compaction beside the writes: what it started from, and what it came to.
    struct Compaction {
        std::shared_ptr<const rdf::EditedStore> store;      ///< the version at the mark
        std::vector<std::shared_ptr<const IriSet>> touched; ///< the IRIs touched up to it
        rdf::Journal::Mark upto;
        std::atomic<bool> cancel{false};
        std::atomic<bool> done{false};
        // Set by its thread before `done`:
        std::shared_ptr<const IriSet> merged; ///< `touched` as one set
        std::optional<std::uint64_t> records; ///< the new journal's when it took over
        bool failed = false;
        std::thread thread;
    };

    /// Counts `change`'s subject IRIs among the touched.
    void touch(const rdf::Change& change) {
        const auto add = [this](const std::string& iri) {
            for (const auto& set : frozen_)
                if (set->count(iri))
                    return;
            fresh_.insert(iri);
        };
        for (const auto& iri : change.replaced)
            add(iri);
        for (const auto& triple : change.added)
            if (triple.subject.is_iri())
                add(triple.subject.value);
    }

    std::vector<std::string> touched() const {
        IriSet all(fresh_);
        for (const auto& set : frozen_)
            all.insert(set->begin(), set->end());
        return {all.begin(), all.end()};
    }

    /// Starts compacting the journal, in a thread of its own, to one record: what the changes
    /// up to now amount to. The write that calls it does not wait for it, nor do later ones
    /// (but for the copy of the records they appended meanwhile: Journal::compact).
    void start_compaction() {
        try {
            if (!fresh_.empty()) {
                frozen_.push_back(std::make_shared<const IriSet>(std::move(fresh_)));
                fresh_.clear();
            }
            auto job = std::make_unique<Compaction>();
            job->store = current_;
            job->touched = frozen_;
            job->upto = journal_->mark();
            Compaction& run = *job;
            job->thread = std::thread([this, &run] { run_compaction(run); });
            compaction_ = std::move(job);
        } catch (const std::exception& e) {
            // The write is durable and applied: it stands, uncompacted.
            warn("cannot start a compaction (" + std::string(e.what()) +
                 "); the journal goes on as it is");
            compacted_records_ = journal_->records();
        }
    }

    /// The compaction's thread: reads only its own version, which never changes.
    void run_compaction(Compaction& run) {
        try {
            run.merged = run.touched.size() == 1 ? run.touched.front() : [&run] {
                auto merged = std::make_shared<IriSet>();
                for (const auto& set : run.touched)
                    merged->insert(set->begin(), set->end());
                return std::shared_ptr<const IriSet>(std::move(merged));
            }();
            auto net = net_change_unless(*run.store, {run.merged->begin(), run.merged->end()},
                                         &run.cancel);
            run.store.reset(); // the version (and its base) need not outlive the reading
            if (net)
                run.records = journal_->compact({std::move(*net)}, run.upto, &run.cancel);
        } catch (const std::exception& e) {
            run.failed = true;
            warn(std::string(e.what()) +
                 " (no acknowledged write is lost; compaction is tried again once the journal "
                 "has doubled)");
        } catch (...) {
            run.failed = true;
            warn("compaction failed (no acknowledged write is lost; it is tried again once the "
                 "journal has doubled)");
        }
        run.store.reset();
        run.done = true;
    }

    /// Takes in what a compaction that is done came to; with `wait`, waits for it to be done.
    void finish_compaction(bool wait) {
        if (!compaction_ || (!wait && !compaction_->done))
            return;
        compaction_->thread.join();
        const Compaction& run = *compaction_;
        if (run.merged)
            frozen_ = {run.merged};
        if (run.records)
            compacted_records_ = *run.records;
        else if (run.failed)
            compacted_records_ = journal_->records();
        compaction_.reset();
    }

    void warn(const std::string& what) const {
        if (warn_)
            warn_(what);
    }

    std::shared_ptr<const rdf::EditedStore> current_;
    std::optional<rdf::Journal> journal_;
    std::function<void(const std::string&)> warn_;
    std::set<std::string> origins_;
    /// Every subject IRI a change has touched since the data files (the journal's at start,
    /// and every change since, whether folded into the store or a version over it): those in
    /// the sets a compaction has taken (which never change), and those touched since.
    std::vector<std::shared_ptr<const IriSet>> frozen_;
    IriSet fresh_;
    std::optional<Pending> pending_;
    std::uint64_t folds_ = 0;
    std::uint64_t compact_records_;
    std::uint64_t compacted_records_ = 0;
    std::unique_ptr<Compaction> compaction_; ///< the one under way, or done and not taken in
};

class SparqlEditor final : public Editor {
  public:
    explicit SparqlEditor(std::shared_ptr<const rdf::sparql::SparqlStore> store)
        : store_(std::move(store)) {}

    std::shared_ptr<const rdf::Store> apply(const rdf::Change& change) override {
        store_->apply(change);
        return store_;
    }
    std::shared_ptr<const rdf::Store> current() const override { return store_; }
    std::optional<std::string> cannot_keep(const rdf::Triples&) const override {
        return std::nullopt;
    }
    /// The endpoint keeps the writes: a reload folds nothing and serves what it connected to.
    Fold fold() override { return {}; }
    std::shared_ptr<const rdf::Store> rebase(std::shared_ptr<const rdf::Store> base,
                                             const Fold&) override {
        return base;
    }
    const std::set<std::string>& replayed_origins() const override { return none_; }

  private:
    std::shared_ptr<const rdf::sparql::SparqlStore> store_;
    std::set<std::string> none_;
};

} // namespace

std::unique_ptr<Editor> memory_editor(const LoadStore& load, const std::string& journal_path,
                                      const std::function<void(const std::string&)>& warn,
                                      std::uint64_t compact_records) {
    return std::make_unique<MemoryEditor>(load, journal_path, warn, compact_records);
}

std::unique_ptr<Editor> sparql_editor(std::shared_ptr<const rdf::sparql::SparqlStore> store) {
    return std::make_unique<SparqlEditor>(std::move(store));
}

rdf::Change net_change(const rdf::Store& store, const std::vector<std::string>& touched) {
    return *net_change_unless(store, touched, nullptr);
}

} // namespace seeother::server
