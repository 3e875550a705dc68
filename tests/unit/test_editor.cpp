// The in-memory editor (server/write/editor.hpp): the journal's changes folded into the store
// loaded at start, compaction of a journal over such a start and beside the writes (which do
// not wait for it, and lose nothing when it fails or the server stops), reloads that fold the
// writes so far in while later writes go on, and changes the store cannot keep.
#include "server/write/editor.hpp"

#include "journal_hooks.hpp"
#include "rdf/edit/journal.hpp"
#include "rdf/sord/load.hpp"
#include "term_text.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
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

/// A write to `name` of another kind than put(): a link to `to`, and a blank node.
rdf::Change put_linked(const std::string& name, const std::string& label, const std::string& to) {
    auto change = put(name, label);
    change.added.push_back(
        {rdf::Term::iri(e + name), rdf::Term::iri(e + "knows"), rdf::Term::iri(e + to), {}});
    change.added.push_back({rdf::Term::iri(e + name),
                            rdf::Term::iri(e + "address"),
                            rdf::Term::blank("w" + label + "_b0"),
                            {}});
    change.added.push_back({rdf::Term::blank("w" + label + "_b0"),
                            rdf::Term::iri(e + "city"),
                            rdf::Term::literal("in " + label),
                            {}});
    return change;
}

/// `name`'s description and the links to it, as sorted lines, blank node labels left out
/// (each store has its own).
std::vector<std::string> seen(const rdf::Store& store, const std::string& name) {
    std::vector<std::string> lines;
    const auto term = [](const rdf::Term& t) { return t.is_blank() ? "_:" : test::text(t); };
    for (const auto& t : rdf::describe_all(store, e + name))
        lines.push_back(term(t.subject) + " " + term(t.predicate) + " " + term(t.object));
    for (const auto& link : linking_to(store, name))
        lines.push_back("linked from " + link);
    std::sort(lines.begin(), lines.end());
    return lines;
}

/// Warnings, from whichever thread.
struct Warnings {
    std::mutex mutex;
    std::vector<std::string> said;

    std::function<void(const std::string&)> function() {
        return [this](const std::string& what) {
            std::lock_guard lock(mutex);
            said.push_back(what);
        };
    }
    /// Waits (at most 10 s) for one.
    std::vector<std::string> some() {
        for (int i = 0; i < 1000; ++i) {
            {
                std::lock_guard lock(mutex);
                if (!said.empty())
                    return said;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return {};
    }
};

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
        test::JournalHooks hooks;
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet, 1);
        editor->apply(put("dave", "Dave"));
        editor->apply(put("erin", "Erin"));
        // Beside the writes: done once renamed (a stop before would cancel it).
        REQUIRE(hooks.reached("compact: renamed"));
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

TEST_CASE("the write that crosses the compaction threshold does not wait for the compaction, "
          "nor do the writes after it, which the compacted journal keeps",
          "[editor]") {
    TempDir dir;
    const auto journal = dir.file("journal");
    const std::vector<std::string> later = {"frank", "grace", "heidi", "ivan"};
    {
        // Holds the compaction, once its file is written, until released.
        test::JournalHooks hooks("compact: written");
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet, 2);
        editor->apply(put("carol", "Carol"));
        editor->apply(put("dave", "Dave"));
        editor->apply(put("erin", "Erin")); // 3 records, more than 2: a compaction starts
        REQUIRE(hooks.reached("compact: written"));
        for (const auto& name : later) {
            editor->apply(put(name, name)); // returns while the compaction is held
            CHECK(label_of(*editor->current(), name) == name);
        }
        CHECK_FALSE(hooks.held_too_long());
        CHECK(hooks.arrivals("compact: tail copied") == 0);
        hooks.release();
        REQUIRE(hooks.reached("compact: renamed"));
        CHECK_FALSE(hooks.held_too_long());
    }
    Loader loader;
    auto editor = server::memory_editor(loader.function(), journal, quiet);
    REQUIRE(loader.calls.size() == 1);
    // The net effect up to the write that crossed the threshold, then the writes after it.
    const auto& replayed = loader.calls[0];
    REQUIRE(replayed.size() == 1 + later.size());
    CHECK(replayed[0].origin == "compaction");
    CHECK(replayed[0].replaced == std::vector<std::string>{e + "carol", e + "dave", e + "erin"});
    for (std::size_t i = 0; i < later.size(); ++i)
        CHECK(replayed[1 + i] == put(later[i], later[i]));
    for (const auto& name : {"carol", "dave", "erin", "frank", "ivan"})
        CHECK_FALSE(label_of(*editor->current(), name).empty());
}

TEST_CASE("a restart after compactions that overlapped writes (and a reload) serves what the "
          "writes made",
          "[editor]") {
    const std::size_t during = GENERATE(1U, 10U, 100U);
    TempDir dir;
    const auto journal = dir.file("journal");
    std::mt19937 random(static_cast<unsigned>(during));
    const auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    std::vector<std::string> names;
    for (int i = 0; i < 20; ++i)
        names.push_back("t" + std::to_string(i));
    names.push_back("alice"); // and the data's own
    std::vector<rdf::Change> writes;
    for (int i = 0; i < 300; ++i) {
        const auto& name = names[pick(names.size())];
        const auto label = name + "v" + std::to_string(i);
        writes.push_back(pick(3) == 0 ? put_linked(name, label, names[pick(names.size())])
                                      : put(name, label));
    }
    std::map<std::string, std::vector<std::string>> expected;
    {
        test::JournalHooks hooks("compact: written");
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet, 4);
        std::size_t i = 0;
        for (; i < 5; ++i) // the fifth starts a compaction, held while `during` writes go on
            editor->apply(writes[i]);
        REQUIRE(hooks.reached("compact: written"));
        for (std::size_t n = 0; n < during; ++n, ++i)
            editor->apply(writes[i]);
        CHECK_FALSE(hooks.held_too_long());
        hooks.release();
        // Then compactions come and go beside the writes, a reload among them.
        for (; i < 150; ++i)
            editor->apply(writes[i]);
        auto fold = editor->fold();
        for (; i < 200; ++i)
            editor->apply(writes[i]);
        REQUIRE(editor->rebase(loader.function()(fold.changes), fold));
        for (; i < writes.size(); ++i)
            editor->apply(writes[i]);
        REQUIRE(hooks.reached("compact: renamed", 2));
        for (const auto& name : names)
            expected[name] = seen(*editor->current(), name);
    } // a compaction still under way is cancelled
    CHECK_FALSE(fs::exists(rdf::Journal::temp_path(journal)));
    Loader loader;
    auto editor = server::memory_editor(loader.function(), journal, quiet);
    REQUIRE(loader.calls.size() == 1);
    CHECK(loader.calls[0].size() < writes.size());
    CHECK(loader.calls[0].front().origin == "compaction");
    // The same as the writes folded into the data, one by one.
    const auto folded = Loader().function()(writes);
    for (const auto& name : names) {
        CAPTURE(name);
        CHECK(seen(*editor->current(), name) == expected[name]);
        CHECK(seen(*folded, name) == expected[name]);
    }
}

TEST_CASE("a compaction that fails loses no acknowledged write: before its rename, writes go on "
          "into the journal as it was, after it, they stop",
          "[editor]") {
    TempDir dir;
    const auto journal = dir.file("journal");
    const std::string point =
        GENERATE(as<std::string>{}, "compact: written", "compact: tail copied", "compact: renamed");
    const bool renamed = point == "compact: renamed";
    std::vector<rdf::Change> acknowledged;
    {
        test::JournalHooks hooks({}, point);
        Warnings warnings;
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, warnings.function(), 2);
        for (const auto& name : {"carol", "dave", "erin"}) {
            acknowledged.push_back(put(name, name));
            editor->apply(acknowledged.back()); // the third starts a compaction, which fails
        }
        const auto said = warnings.some();
        REQUIRE(said.size() == 1);
        CHECK_THAT(said[0], Contains("no acknowledged write is lost"));
        CHECK_THAT(said[0], Contains(renamed ? "cannot fsync the directory after compaction"
                                             : "compaction failed, the journal is as it was"));
        CHECK_FALSE(fs::exists(rdf::Journal::temp_path(journal)));
        if (renamed) {
            // The journal's error, for every write after it.
            CHECK_THROWS_WITH(editor->apply(put("frank", "frank")),
                              Contains("takes no more writes"));
        } else {
            for (const auto& name : {"frank", "grace"}) {
                acknowledged.push_back(put(name, name));
                editor->apply(acknowledged.back());
            }
            CHECK(label_of(*editor->current(), "grace") == "grace");
        }
    }
    Loader loader;
    auto editor = server::memory_editor(loader.function(), journal, quiet);
    REQUIRE(loader.calls.size() == 1);
    if (renamed) {
        REQUIRE(loader.calls[0].size() == 1);
        CHECK(loader.calls[0][0].origin == "compaction");
    } else {
        CHECK(loader.calls[0] == acknowledged); // uncompacted
    }
    for (const auto& change : acknowledged)
        CHECK(label_of(*editor->current(), change.replaced[0].substr(e.size())) ==
              change.added[0].object.value);
}

TEST_CASE("destroying the editor (the server's stop) cancels a compaction under way, leaving "
          "the journal as it was",
          "[editor]") {
    TempDir dir;
    const auto journal = dir.file("journal");
    const std::vector<rdf::Change> acknowledged = {put("carol", "Carol"), put("dave", "Dave"),
                                                   put("erin", "Erin")};
    {
        test::JournalHooks hooks("compact: written");
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet, 2);
        for (const auto& change : acknowledged)
            editor->apply(change);
        REQUIRE(hooks.reached("compact: written"));
        CHECK_FALSE(hooks.held_too_long());
        std::thread stop([&] { editor.reset(); }); // waits for the compaction
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        hooks.release();
        stop.join();
        CHECK(hooks.arrivals("compact: tail copied") == 0); // cancelled where it was held
    }
    CHECK_FALSE(fs::exists(rdf::Journal::temp_path(journal)));
    Loader loader;
    auto editor = server::memory_editor(loader.function(), journal, quiet);
    REQUIRE(loader.calls.size() == 1);
    CHECK(loader.calls[0] == acknowledged);
}

TEST_CASE("kill -9 during writes and the compactions beside them loses no acknowledged write "
          "and half-applies none",
          "[editor]") {
    TempDir dir;
    const auto journal = dir.file("journal");
    constexpr int things = 8;
    constexpr int triples = 3; // put_linked: a label, a link, a blank node with a city
    std::map<std::string, int> acknowledged; // thing → its highest acknowledged version
    std::mt19937 random(11);
    int compactions = 0;
    int version = 0;
    for (int round = 0; round < 10; ++round) {
        int pipe_fds[2];
        REQUIRE(::pipe(pipe_fds) == 0);
        const pid_t child = ::fork();
        if (child == 0) {
            ::close(pipe_fds[0]);
            static int report = -1;
            report = pipe_fds[1];
            // Tells the parent of each compaction renamed over the journal.
            rdf::journal_crash_point = [](std::string_view where) {
                if (where == "compact: renamed")
                    (void)!::write(report, "c\n", 2);
            };
            try {
                Loader loader;
                auto editor = server::memory_editor(loader.function(), journal, quiet, 4);
                for (int v = version;; ++v) {
                    const auto name = "t" + std::to_string(v % things);
                    editor->apply(put_linked(name, std::to_string(v), "t0"));
                    const auto line = "w " + std::to_string(v) + "\n"; // acknowledged
                    (void)!::write(report, line.data(), line.size());
                }
            } catch (...) {
            }
            ::_exit(1);
        }
        ::close(pipe_fds[1]);
        std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 250));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        CHECK(WIFSIGNALED(status)); // not ended by a failure of its own
        std::string said;
        char buffer[4096];
        for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
            said.append(buffer, static_cast<std::size_t>(n));
        ::close(pipe_fds[0]);
        for (std::size_t at = 0; at < said.size();) {
            const auto end = said.find('\n', at);
            if (end == std::string::npos)
                break;
            const std::string line = said.substr(at, end - at);
            at = end + 1;
            if (line == "c") {
                ++compactions;
            } else {
                const int v = std::stoi(line.substr(2));
                acknowledged["t" + std::to_string(v % things)] = v;
                version = std::max(version, v + 1);
            }
        }
        // Every acknowledged write is there, whole: each thing at its last acknowledged
        // version or later (one under way may have reached the disk), never half of one.
        Loader loader;
        auto editor = server::memory_editor(loader.function(), journal, quiet);
        for (const auto& [name, last] : acknowledged) {
            CAPTURE(round, name, last);
            const auto lines = seen(*editor->current(), name);
            const auto label = label_of(*editor->current(), name);
            REQUIRE_FALSE(label.empty());
            const int v = std::stoi(label);
            CHECK(v >= last);
            CHECK(v % things == std::stoi(name.substr(1)));
            const std::string city = "_: <" + e + "city> \"in " + label + "\"";
            CHECK(std::count(lines.begin(), lines.end(), city) == 1);
            CHECK(lines.size() >= static_cast<std::size_t>(triples));
        }
        version += 1000; // the write under way at the kill may have reached the disk
    }
    CHECK(compactions > 0);
}

TEST_CASE("a reload folds the writes so far into the store it builds, writes made meanwhile go "
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

TEST_CASE("a change the store cannot keep is refused, one already in the journal is not folded, "
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
