// The in-memory editor (server/write/editor.hpp): the journal's changes folded into the store
// loaded at start, compaction of a journal over such a start, reloads that fold the writes so
// far in while later writes go on, and changes the store cannot keep.
#include "server/write/editor.hpp"

#include "rdf/edit/journal.hpp"
#include "rdf/sord/load.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace seeother;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const std::string e = "http://e.test/";
const std::string rdfs_label = "http://www.w3.org/2000/01/rdf-schema#label";

/// Alice links to Carol, whom the data does not describe.
const std::string data = "<" + e + "alice> <" + rdfs_label + "> \"Alice\" ; <" + e + "knows> <" +
                         e + "carol> .\n<" + e + "bob> <" + rdfs_label + "> \"Bob\" .\n";

class TempDir {
  public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "seeother-editor-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }

    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    fs::path path_;
};

/// Loads `data` with the changes folded in, and remembers each call's changes.
struct Loader {
    std::vector<std::vector<rdf::Change>> calls;

    server::LoadStore function() {
        return [this](const std::vector<rdf::Change>& changes) {
            calls.push_back(changes);
            return std::shared_ptr<const rdf::Store>(
                rdf::load_store_from_string(data, "data.ttl", {}, changes));
        };
    }
};

rdf::Change put(const std::string& name, const std::string& label) {
    return {{e + name},
            {{rdf::Term::iri(e + name), rdf::Term::iri(rdfs_label), rdf::Term::literal(label), {}}},
            "PUT /doc/" + name};
}

std::string label_of(const rdf::Store& store, const std::string& name) {
    const auto labels = store.labels({e + name});
    return labels.front().empty() ? std::string() : labels.front().front().value;
}

std::vector<std::string> linking_to(const rdf::Store& store, const std::string& name) {
    std::vector<std::string> subjects;
    for (const auto& triple : store.backlinks(e + name, 0, 100).triples)
        subjects.push_back(triple.subject.value);
    return subjects;
}

const auto quiet = [](const std::string&) {};

} // namespace

TEST_CASE("at start the journal's changes are folded into the loaded store, and later writes "
          "are versions over it",
          "[editor]") {
    TempDir dir;
    const auto journal = dir.file("journal");
    {
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet);
        REQUIRE(loader.calls.size() == 1);
        CHECK(loader.calls[0].empty());
        editor->apply(put("carol", "Carol"));
        editor->apply(put("bob", "Robert"));
        // Before a restart: a version over the data, which shows the data's link to Carol at
        // once (as the folded store below does).
        CHECK(linking_to(*editor->current(), "carol") == std::vector<std::string>{e + "alice"});
    }
    Loader loader;
    auto editor = server::memory_editor(loader.function(), journal, quiet);
    REQUIRE(loader.calls.size() == 1);
    CHECK(loader.calls[0] == std::vector<rdf::Change>{put("carol", "Carol"), put("bob", "Robert")});
    const auto store = editor->current();
    CHECK(label_of(*store, "carol") == "Carol");
    CHECK(label_of(*store, "bob") == "Robert");
    CHECK(linking_to(*store, "carol") == std::vector<std::string>{e + "alice"});
    CHECK(editor->replayed_origins() == std::set<std::string>{"PUT /doc/carol", "PUT /doc/bob"});
    editor->apply(put("dave", "Dave"));
    CHECK(label_of(*editor->current(), "dave") == "Dave");
    CHECK(label_of(*editor->current(), "carol") == "Carol");
}

TEST_CASE("a compaction after a folded start keeps the writes the journal held before it",
          "[editor]") {
    TempDir dir;
    const auto journal = dir.file("journal");
    {
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet);
        editor->apply(put("carol", "Carol"));
        editor->apply(put("bob", "Robert"));
    }
    {
        // Two records at start: compacted once there are four (more than 1, and twice 2).
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet, 1);
        editor->apply(put("dave", "Dave"));
        editor->apply(put("erin", "Erin"));
    }
    Loader loader;
    auto editor = server::memory_editor(loader.function(), journal, quiet);
    REQUIRE(loader.calls.size() == 1);
    REQUIRE(loader.calls[0].size() == 1); // one record: the journal was compacted
    CHECK(loader.calls[0][0].origin == "compaction");
    CHECK(loader.calls[0][0].replaced ==
          std::vector<std::string>{e + "bob", e + "carol", e + "dave", e + "erin"});
    const auto store = editor->current();
    CHECK(label_of(*store, "carol") == "Carol");
    CHECK(label_of(*store, "bob") == "Robert");
    CHECK(label_of(*store, "dave") == "Dave");
    CHECK(label_of(*store, "erin") == "Erin");
    CHECK(label_of(*store, "alice") == "Alice");
}

TEST_CASE("a reload folds the writes so far into the store it builds; writes made meanwhile go "
          "on top of it",
          "[editor]") {
    Loader loader;
    auto editor = server::memory_editor(loader.function(), {}, quiet);
    editor->apply(put("carol", "Carol"));
    const auto before = editor->current();

    auto fold = editor->fold();
    REQUIRE(fold.changes.size() == 1);
    CHECK(fold.changes[0].replaced == std::vector<std::string>{e + "carol"});
    editor->apply(put("dave", "Dave")); // while the data files are read
    const auto loaded = loader.function()(fold.changes);
    const auto store = editor->rebase(loaded, fold);
    REQUIRE(store);
    CHECK(store == editor->current());
    CHECK(label_of(*store, "carol") == "Carol");
    CHECK(label_of(*store, "dave") == "Dave");
    CHECK(linking_to(*store, "carol") == std::vector<std::string>{e + "alice"}); // folded
    CHECK(linking_to(*before, "carol") == linking_to(*store, "carol")); // and before, at once

    // A reload given up changes nothing; a rebase needs its own fold.
    fold = editor->fold();
    editor->apply(put("erin", "Erin"));
    CHECK(editor->rebase(nullptr, fold) == nullptr);
    CHECK(label_of(*editor->current(), "erin") == "Erin");
    CHECK_THROWS_AS(editor->rebase(loaded, fold), std::logic_error);
    // Nothing written: nothing to fold.
    Loader other;
    auto untouched = server::memory_editor(other.function(), {}, quiet);
    CHECK(untouched->fold().changes.empty());
}

TEST_CASE("a change the store cannot keep is refused; one already in the journal is not folded, "
          "and neither are those after it",
          "[editor]") {
    TempDir dir;
    const auto journal = dir.file("journal");
    rdf::Change tagged = put("carol", "Carol");
    tagged.added[0].object.language = "en-x-sixteen-chars";
    {
        // Written before writes were checked for what the store can keep.
        auto file = rdf::Journal::open(
            journal, [](rdf::Change) {}, quiet);
        file.append(put("bob", "Robert"));
        file.append(tagged);
        file.append(put("dave", "Dave"));
    }
    std::vector<std::string> warnings;
    Loader loader;
    auto editor = server::memory_editor(loader.function(), journal,
                                        [&](const std::string& what) { warnings.push_back(what); });
    CHECK_THAT(*editor->cannot_keep(tagged.added), Contains("language tag `en-x-sixteen-chars'"));
    CHECK_FALSE(editor->cannot_keep(put("carol", "Carol").added));
    REQUIRE(loader.calls.size() == 1);
    CHECK(loader.calls[0] == std::vector<rdf::Change>{put("bob", "Robert")});
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Contains("change 2 (PUT /doc/carol)"));
    CHECK_THAT(warnings[0], Contains("the 1 after it"));
    const auto store = editor->current();
    CHECK(label_of(*store, "bob") == "Robert");
    CHECK(store->labels({e + "carol"}).front() == std::vector<rdf::Term>{tagged.added[0].object});
    CHECK(label_of(*store, "dave") == "Dave");
    // A reload cannot fold it either: the net change goes over the new store.
    auto fold = editor->fold();
    CHECK(fold.changes.empty());
    const auto reloaded = editor->rebase(loader.function()(fold.changes), fold);
    CHECK(reloaded->labels({e + "carol"}).front() ==
          std::vector<rdf::Term>{tagged.added[0].object});
    CHECK(label_of(*reloaded, "dave") == "Dave");
}
