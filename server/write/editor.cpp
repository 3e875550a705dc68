#include "server/write/editor.hpp"

#include "rdf/edit/edited_store.hpp"
#include "rdf/edit/journal.hpp"
#include "rdf/sord/load.hpp"
#include "rdf/sparql/sparql_store.hpp"

#include <map>
#include <optional>
#include <stdexcept>

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

class MemoryEditor final : public Editor {
  public:
    MemoryEditor(const LoadStore& load, const std::string& journal_path,
                 const std::function<void(const std::string&)>& warn, std::uint64_t compact_records)
        : compact_records_(compact_records) {
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

    std::shared_ptr<const rdf::Store> apply(const rdf::Change& change) override {
        if (journal_)
            journal_->append(change);
        current_ = current_->with(change);
        touch(change);
        if (pending_)
            pending_->later.push_back(change);
        if (journal_ && journal_->records() > compact_records_ &&
            journal_->records() >= 2 * compacted_records_)
            compact();
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
        if (touched_.empty())
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

    /// Counts `change`'s subject IRIs among the touched.
    void touch(const rdf::Change& change) {
        touched_.insert(change.replaced.begin(), change.replaced.end());
        for (const auto& triple : change.added)
            if (triple.subject.is_iri())
                touched_.insert(triple.subject.value);
    }

    std::vector<std::string> touched() const { return {touched_.begin(), touched_.end()}; }

    /// The journal becomes one record: what the changes since the data files amount to.
    void compact() {
        journal_->compact({net_change(*current_, touched())});
        compacted_records_ = journal_->records();
    }

    std::shared_ptr<const rdf::EditedStore> current_;
    std::optional<rdf::Journal> journal_;
    std::set<std::string> origins_;
    /// Every subject IRI a change has touched since the data files: the journal's at start,
    /// and every change since, whether folded into the store or a version over it.
    std::set<std::string> touched_;
    std::optional<Pending> pending_;
    std::uint64_t folds_ = 0;
    std::uint64_t compact_records_;
    std::uint64_t compacted_records_ = 0;
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
    for (const auto& iri : touched)
        for (auto& triple : rdf::describe_all(store, iri)) {
            relabel(triple.subject);
            relabel(triple.object);
            net.added.push_back(std::move(triple));
        }
    return net;
}

} // namespace seeother::server
