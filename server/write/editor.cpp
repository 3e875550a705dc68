#include "server/write/editor.hpp"

#include "rdf/edit/edited_store.hpp"
#include "rdf/edit/journal.hpp"
#include "rdf/sparql/sparql_store.hpp"

#include <map>
#include <optional>

namespace seeother::server {
namespace {

class MemoryEditor final : public Editor {
  public:
    MemoryEditor(std::shared_ptr<const rdf::Store> base, const std::string& journal_path,
                 const std::function<void(const std::string&)>& warn, std::uint64_t compact_records)
        : current_(std::make_shared<const rdf::EditedStore>(std::move(base))),
          compact_records_(compact_records) {
        if (journal_path.empty())
            return;
        journal_.emplace(rdf::Journal::open(
            journal_path,
            [this](rdf::Change change) {
                origins_.insert(change.origin);
                current_ = current_->with(change);
            },
            warn));
        compacted_records_ = journal_->records();
    }

    std::shared_ptr<const rdf::Store> apply(const rdf::Change& change) override {
        if (journal_)
            journal_->append(change);
        current_ = current_->with(change);
        if (journal_ && journal_->records() > compact_records_ &&
            journal_->records() >= 2 * compacted_records_)
            compact();
        return current_;
    }

    std::shared_ptr<const rdf::Store> current() const override { return current_; }

    std::shared_ptr<const rdf::Store> rebase(std::shared_ptr<const rdf::Store> base) override {
        const auto net = net_change(*current_, current_->touched());
        current_ = std::make_shared<const rdf::EditedStore>(std::move(base))->with(net);
        return current_;
    }

    const std::set<std::string>& replayed_origins() const override { return origins_; }

  private:
    /// The journal becomes one record: what the changes so far amount to.
    void compact() {
        const auto net = net_change(*current_, current_->touched());
        journal_->compact({net});
        compacted_records_ = journal_->records();
    }

    std::shared_ptr<const rdf::EditedStore> current_;
    std::optional<rdf::Journal> journal_;
    std::set<std::string> origins_;
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
    std::shared_ptr<const rdf::Store> rebase(std::shared_ptr<const rdf::Store> base) override {
        return base;
    }
    const std::set<std::string>& replayed_origins() const override { return none_; }

  private:
    std::shared_ptr<const rdf::sparql::SparqlStore> store_;
    std::set<std::string> none_;
};

} // namespace

std::unique_ptr<Editor> memory_editor(std::shared_ptr<const rdf::Store> base,
                                      const std::string& journal_path,
                                      const std::function<void(const std::string&)>& warn,
                                      std::uint64_t compact_records) {
    return std::make_unique<MemoryEditor>(std::move(base), journal_path, warn, compact_records);
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
