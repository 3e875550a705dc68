// The write-ahead journal: records round-trip exactly, a torn tail is cut off at every length,
// damage before the end is refused, compaction is atomic across a crash (and a failure) at
// each of its steps and runs beside appends, one journal has one writer, and a file that is
// not a journal is left alone.
#include "rdf/edit/journal.hpp"

#include "journal_hooks.hpp"
#include "rdf/parse/parse.hpp"
#include "rdf/vocab.hpp"
#include "term_text.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace seeother::rdf;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;
using seeother::test::text;

/// A directory of its own for one test case, removed afterwards.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "seeother-journal-XXXXXX").string();
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

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

/// A journal opened, with what it replayed and warned.
struct Opened {
    std::vector<Change> replayed;
    std::vector<std::string> warnings;
    std::optional<Journal> journal;
};

Opened open_journal(const std::string& path) {
    Opened opened;
    opened.journal.emplace(Journal::open(
        path, [&](Change change) { opened.replayed.push_back(std::move(change)); },
        [&](const std::string& warning) { opened.warnings.push_back(warning); }));
    return opened;
}

std::string text(const Change& change) {
    std::string out = "origin \"" + change.origin + "\"\n";
    for (const auto& iri : change.replaced)
        out += "replaced <" + iri + ">\n";
    for (const auto& t : change.added)
        out += text(t.subject) + " " + text(t.predicate) + " " + text(t.object) + " " + t.graph +
               " .\n";
    return out;
}

/// Changes that stay readable when a check fails.
std::vector<std::string> texts(const std::vector<Change>& changes) {
    std::vector<std::string> out;
    for (const auto& change : changes)
        out.push_back(text(change));
    return out;
}

/// Random changes with every kind of term; `nquads_only`: only what an N-Quads reader reads
/// back the same (no xsd:string, IRIs and labels N-Quads can spell).
class RandomChanges {
  public:
    explicit RandomChanges(unsigned seed, bool nquads_only = false)
        : rng_(seed), nquads_only_(nquads_only) {}

    Change change() {
        Change change;
        if (below(10) == 0)
            return change; // the empty change
        change.origin = below(3) == 0 ? text() : "PUT /doc/" + std::to_string(below(1000));
        for (int n = below(4); n > 0; --n)
            change.replaced.push_back(iri().value);
        std::sort(change.replaced.begin(), change.replaced.end());
        change.replaced.erase(std::unique(change.replaced.begin(), change.replaced.end()),
                              change.replaced.end());
        for (int n = below(12); n > 0; --n)
            change.added.push_back(triple());
        return change;
    }

  private:
    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    template <typename T> const T& pick(const std::vector<T>& from) {
        return from[static_cast<std::size_t>(below(static_cast<int>(from.size())))];
    }

    std::string text() {
        static const std::vector<std::string> pieces = {"a",
                                                        "Z",
                                                        "0",
                                                        " ",
                                                        "é",
                                                        "日本語",
                                                        "😀",
                                                        std::string(1, '\0'),
                                                        "\x01",
                                                        "\x1f",
                                                        "\x7f",
                                                        "\n",
                                                        "\r\n",
                                                        "\t",
                                                        "\b",
                                                        "\f",
                                                        "\"",
                                                        "'",
                                                        "\\",
                                                        "\\u0041",
                                                        "\\n",
                                                        "<>",
                                                        "^^",
                                                        "@en",
                                                        "#record 0000000000000001 00000000\n",
                                                        " .\n",
                                                        "_:b0",
                                                        "\xef\xbb\xbf"};
        std::string out;
        if (below(40) == 0)
            return std::string(100000 + static_cast<std::size_t>(below(1000)), 'x') + pick(pieces);
        for (int n = below(12); n > 0; --n)
            out += pick(pieces);
        return out;
    }

    Term iri() {
        static const std::vector<std::string> safe = {"a", "b", "é", "%20", "#", "/", "?q=1", "日"};
        static const std::vector<std::string> odd = {" ", "<", ">",  "\"",   "{",    "}", "|",
                                                     "^", "`", "\\", "\x01", "\x7f", "\n"};
        std::string out = "http://example.org/";
        for (int n = below(6); n > 0; --n)
            out += nquads_only_ || below(5) != 0 ? pick(safe) : pick(odd);
        return Term::iri(out);
    }

    Term blank() {
        if (!nquads_only_ && below(4) == 0)
            return Term::blank(
                pick(std::vector<std::string>{"b1", "B1", "f1_x", "genid-é", "a.b", "x:y", "_"}));
        return Term::blank("w" + std::to_string(below(20)) + "_b" + std::to_string(below(5)));
    }

    Term literal() {
        static const std::vector<std::string> languages = {"en", "en-GB", "de-CH-1996", "x-a1",
                                                           "EN"};
        std::vector<std::string> datatypes = {
            std::string(vocab::xsd_integer), std::string(vocab::xsd_boolean),
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML", "http://example.org/dt#é"};
        if (!nquads_only_)
            datatypes.emplace_back(vocab::xsd_string);
        switch (below(3)) {
        case 0:
            return Term::literal(text());
        case 1:
            return Term::literal(text(), {}, pick(languages));
        default:
            return Term::literal(text(), pick(datatypes));
        }
    }

    Triple triple() {
        Triple t;
        t.subject = below(3) == 0 ? blank() : iri();
        t.predicate = iri();
        switch (below(3)) {
        case 0:
            t.object = iri();
            break;
        case 1:
            t.object = blank();
            break;
        default:
            t.object = literal();
        }
        switch (below(3)) {
        case 0:
            break;
        case 1:
            t.graph = iri().value;
            break;
        default:
            t.graph = "_:" + blank().value;
        }
        return t;
    }

    std::mt19937 rng_;
    bool nquads_only_;
};

Change small_change(const std::string& name) {
    Change change;
    change.origin = "PUT /doc/" + name;
    change.replaced = {"http://example.org/" + name};
    change.added = {{Term::iri("http://example.org/" + name),
                     Term::iri("http://example.org/p"),
                     Term::literal("value of " + name + "\n\"quoted\" \\ é", {}, "en"),
                     {}},
                    {Term::blank("w1_b0"), Term::iri("http://example.org/q"),
                     Term::iri("http://example.org/" + name), "http://example.org/g"}};
    return change;
}

/// Where a crash test's child stops (journal_crash_point).
std::string_view crash_at;

/// Runs `body` in a child process and returns its exit status: what `body` returns, 1 if it
/// throws. The child ends with _exit: no cleanup of any kind, as in a crash.
template <typename F> int in_child(F&& body) {
    const pid_t child = ::fork();
    if (child == 0) {
        int status = 1;
        try {
            status = body();
        } catch (...) {
        }
        ::_exit(status);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Runs `body` in a child process that dies at the crash point `where`; true if it died there.
template <typename F> bool crashes_at(std::string_view where, F&& body) {
    return in_child([&] {
               crash_at = where;
               journal_crash_point = [](std::string_view point) {
                   if (point == crash_at)
                       ::_exit(42);
               };
               body();
               return 0;
           }) == 42;
}

} // namespace

TEST_CASE("a new journal is a header line, and each record a frame line and N-Quads lines",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    Change change;
    change.origin = "PUT /doc/x";
    change.replaced = {"http://example.org/x"};
    change.added = {{Term::iri("http://example.org/x"),
                     Term::iri("http://example.org/p"),
                     Term::literal(std::string("v\0\n", 3), {}, "en"),
                     {}},
                    {Term::blank("w12_b0"), Term::iri("http://example.org/q"),
                     Term::iri("http://example.org/x"), "http://example.org/g"}};
    {
        auto opened = open_journal(path);
        CHECK(read_bytes(path) == "#seeother-journal 1\n");
        CHECK(opened.journal->bytes() == 20);
        opened.journal->append(change);
        CHECK(opened.journal->records() == 1);
        CHECK(opened.journal->bytes() == fs::file_size(path));
    }
    // The CRC-32 checked with Python's zlib.crc32.
    CHECK(read_bytes(path) ==
          "#seeother-journal 1\n"
          "#record 00000000000000c5 3f8cb50b\n"
          "#origin \"PUT /doc/x\"\n"
          "#replaced <http://example.org/x>\n"
          "<http://example.org/x> <http://example.org/p> \"v\\u0000\\n\"@en .\n"
          "_:w12_b0 <http://example.org/q> <http://example.org/x> <http://example.org/g> .\n");
}

TEST_CASE("random changes of every kind of term come back exactly, in order", "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    RandomChanges random(20261201);
    std::vector<Change> written;
    for (int i = 0; i < 300; ++i)
        written.push_back(random.change());
    {
        auto opened = open_journal(path);
        for (const auto& change : written)
            opened.journal->append(change);
        CHECK(opened.journal->records() == written.size());
        CHECK(opened.journal->bytes() == fs::file_size(path));
    }
    const auto opened = open_journal(path);
    CHECK(opened.warnings.empty());
    CHECK(opened.journal->records() == written.size());
    REQUIRE(opened.replayed.size() == written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
        INFO("record " << i);
        CHECK(text(opened.replayed[i]) == text(written[i]));
        CHECK(opened.replayed[i] == written[i]);
    }
}

TEST_CASE("a record's payload is N-Quads that rdf's parser reads to the same triples",
          "[journal]") {
    RandomChanges random(7, true);
    for (int i = 0; i < 200; ++i) {
        const Change change = random.change();
        const std::string payload = encode_record(change);
        struct Collect final : QuadSink {
            Triples triples;
            void quad(const QuadView& quad) override { triples.push_back(quad.to_triple()); }
        } sink;
        INFO(payload);
        parse_string(payload, Format::NQuads, "record", sink);
        CHECK(sink.triples == change.added);
        CHECK(decode_record(payload) == change);
    }
}

TEST_CASE("a torn last record, cut at any length, is cut off, earlier ones and later appends "
          "stay",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    const Change a = small_change("a");
    const Change b = small_change("b");
    const Change c = small_change("c");
    const Change d = small_change("d");
    std::uint64_t before_last = 0;
    {
        auto opened = open_journal(path);
        opened.journal->append(a);
        opened.journal->append(b);
        before_last = opened.journal->bytes();
        opened.journal->append(c);
    }
    const std::string whole = read_bytes(path);
    REQUIRE(whole.size() > before_last + 100);
    for (std::size_t cut = before_last + 1; cut < whole.size(); ++cut) {
        INFO("cut at byte " << cut << " of " << whole.size());
        write_bytes(path, whole.substr(0, cut));
        {
            auto opened = open_journal(path);
            REQUIRE(texts(opened.replayed) == texts({a, b}));
            REQUIRE(opened.warnings.size() == 1);
            CHECK_THAT(opened.warnings[0],
                       Contains("byte " + std::to_string(before_last) + ": cut off a torn"));
            REQUIRE(fs::file_size(path) == before_last);
            CHECK(opened.journal->bytes() == before_last);
            CHECK(opened.journal->records() == 2);
            opened.journal->append(d);
        }
        const auto reopened = open_journal(path);
        REQUIRE(reopened.warnings.empty());
        REQUIRE(texts(reopened.replayed) == texts({a, b, d}));
    }
}

TEST_CASE("what a crash leaves after the last record (zeros, garbage, a damaged last record) "
          "is cut off",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    std::uint64_t before_last = 0;
    {
        auto opened = open_journal(path);
        opened.journal->append(small_change("a"));
        before_last = opened.journal->bytes();
        opened.journal->append(small_change("b"));
    }
    const std::string whole = read_bytes(path);
    const auto tail_cut = [&](const std::string& file, std::size_t expected_size,
                              std::size_t expected_records) {
        write_bytes(path, file);
        const auto opened = open_journal(path);
        CHECK(opened.warnings.size() == 1);
        CHECK(opened.replayed.size() == expected_records);
        CHECK(fs::file_size(path) == expected_size);
    };
    SECTION("zeros") {
        tail_cut(whole + std::string(4096, '\0'), whole.size(), 2);
    }
    SECTION("garbage") {
        tail_cut(whole + "#record 00000000", whole.size(), 2);
    }
    SECTION("a whole last record with a wrong checksum") {
        std::string damaged = whole;
        damaged[damaged.size() - 5] ^= 0x01;
        tail_cut(damaged, before_last, 1);
    }
}

TEST_CASE("a damaged byte anywhere in a record before the last is refused, naming its offset, "
          "and the file is left as it is",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    std::uint64_t middle = 0;
    std::uint64_t middle_end = 0;
    {
        auto opened = open_journal(path);
        opened.journal->append(small_change("a"));
        middle = opened.journal->bytes();
        opened.journal->append(small_change("b"));
        middle_end = opened.journal->bytes();
        opened.journal->append(small_change("c"));
    }
    const std::string whole = read_bytes(path);
    for (std::size_t at = middle; at < middle_end; ++at) {
        INFO("byte " << at << " damaged");
        std::string damaged = whole;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x01);
        write_bytes(path, damaged);
        bool replayed = false;
        try {
            Journal::open(
                path, [&](Change) { replayed = true; }, [](const std::string&) {});
            FAIL("opened a damaged journal");
        } catch (const JournalError& e) {
            CHECK(e.file() == path);
            CHECK(e.offset() == middle);
            CHECK_THAT(e.what(), Contains(path + ": byte " + std::to_string(middle) + ": "));
            CHECK_THAT(e.what(), Contains("damaged"));
        }
        CHECK_FALSE(replayed);
        REQUIRE(read_bytes(path) == damaged);
    }
}

TEST_CASE("a whole record whose payload does not read is refused, naming the byte", "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    {
        auto opened = open_journal(path);
        opened.journal->append(small_change("a"));
    }
    const std::string payload = "#origin \"x\"\n<http://example.org/s> _:p <o> .\n";
    char frame[64];
    std::snprintf(frame, sizeof frame, "#record %016zx %08lx\n", payload.size(),
                  ::crc32(0, reinterpret_cast<const Bytef*>(payload.data()),
                          static_cast<uInt>(payload.size())));
    const std::string before = read_bytes(path);
    write_bytes(path, before + frame + payload);
    // The blank node predicate is 35 bytes into the payload.
    const auto at = before.size() + std::strlen(frame) + 35;
    CHECK_THROWS_WITH(open_journal(path),
                      Contains(path + ": byte " + std::to_string(at) +
                               ": a record whose checksum is right but which does not read "
                               "(expected the predicate, an IRI)"));
    CHECK(read_bytes(path) == before + frame + payload);
}

TEST_CASE("an append that cannot be written whole is cut off again, and the journal goes on",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    {
        auto opened = open_journal(path);
        opened.journal->append(small_change("a"));
    }
    const std::string before = read_bytes(path);
    // In a child: the file size limit stops the write part way (EFBIG).
    CHECK(in_child([&] {
              auto opened = open_journal(path);
              rlimit limit{};
              ::getrlimit(RLIMIT_FSIZE, &limit);
              const rlimit lowered{before.size() + 100, limit.rlim_max};
              ::signal(SIGXFSZ, SIG_IGN);
              ::setrlimit(RLIMIT_FSIZE, &lowered);
              try {
                  opened.journal->append(small_change("too big"));
                  return 2;
              } catch (const JournalError& e) {
                  if (std::string(e.what()).find("cannot append a record") == std::string::npos)
                      return 3;
              }
              if (read_bytes(path) != before || opened.journal->bytes() != before.size())
                  return 4;
              ::setrlimit(RLIMIT_FSIZE, &limit);
              opened.journal->append(small_change("b"));
              return 0;
          }) == 0);
    const auto reopened = open_journal(path);
    CHECK(reopened.warnings.empty());
    CHECK(texts(reopened.replayed) == texts({small_change("a"), small_change("b")}));
}

TEST_CASE("compaction replaces the journal by the net changes, and appends follow them",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    const std::vector<Change> net = {small_change("net1"), Change{}, small_change("net2")};
    {
        auto opened = open_journal(path);
        for (int i = 0; i < 20; ++i)
            opened.journal->append(small_change(std::to_string(i)));
        opened.journal->compact(net);
        CHECK(opened.journal->records() == 3);
        CHECK(opened.journal->bytes() == fs::file_size(path));
        CHECK_FALSE(fs::exists(Journal::temp_path(path)));
        opened.journal->append(small_change("after"));
        CHECK(opened.journal->bytes() == fs::file_size(path));
    }
    const auto reopened = open_journal(path);
    CHECK(reopened.warnings.empty());
    CHECK(texts(reopened.replayed) ==
          texts({small_change("net1"), Change{}, small_change("net2"), small_change("after")}));
}

TEST_CASE("a crash during compaction leaves the old journal or the new one, never a mix",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    const std::vector<Change> old = {small_change("a"), small_change("b")};
    const std::vector<Change> net = {small_change("net")};
    {
        auto opened = open_journal(path);
        for (const auto& change : old)
            opened.journal->append(change);
    }
    const std::string old_bytes = read_bytes(path);

    SECTION("before the rename: the old journal, and the temporary file is removed") {
        REQUIRE(crashes_at("compact: written", [&] { open_journal(path).journal->compact(net); }));
        REQUIRE(fs::exists(Journal::temp_path(path)));
        CHECK(read_bytes(path) == old_bytes);
        auto opened = open_journal(path);
        CHECK(texts(opened.replayed) == texts(old));
        REQUIRE(opened.warnings.size() == 1);
        CHECK_THAT(opened.warnings[0], Contains("compaction that did not finish"));
        CHECK_FALSE(fs::exists(Journal::temp_path(path)));
        opened.journal->append(small_change("c"));
        opened.journal.reset();
        CHECK(texts(open_journal(path).replayed) == texts({old[0], old[1], small_change("c")}));
    }
    SECTION("after the rename: the new journal") {
        REQUIRE(crashes_at("compact: renamed", [&] { open_journal(path).journal->compact(net); }));
        auto opened = open_journal(path);
        CHECK(opened.warnings.empty());
        CHECK(texts(opened.replayed) == texts(net));
        opened.journal->append(small_change("c"));
        opened.journal.reset();
        CHECK(texts(open_journal(path).replayed) == texts({net[0], small_change("c")}));
    }
    SECTION("an append written but not yet synced is whole or absent") {
        REQUIRE(crashes_at("append: written",
                           [&] { open_journal(path).journal->append(small_change("c")); }));
        const auto opened = open_journal(path);
        CHECK(opened.warnings.empty());
        CHECK(texts(opened.replayed) == texts({old[0], old[1], small_change("c")}));
    }
}

TEST_CASE("appends during a compaction beside them return at once and land in the compacted "
          "journal, which replays to the same changes",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    const std::size_t during = GENERATE(0U, 1U, 7U, 100U);
    RandomChanges random(static_cast<unsigned>(during));
    std::vector<Change> all;
    auto opened = open_journal(path);
    for (int i = 0; i < 20; ++i) {
        all.push_back(random.change());
        opened.journal->append(all.back());
    }
    // The records so far are their own net effect: the compacted journal replays the same.
    const std::vector<Change> net = all;
    const auto upto = opened.journal->mark();
    CHECK(upto.records == 20);
    CHECK(upto.bytes == fs::file_size(path));
    {
        seeother::test::JournalHooks hooks("compact: written");
        std::optional<std::uint64_t> records;
        std::thread compaction([&] { records = opened.journal->compact(net, upto); });
        REQUIRE(hooks.reached("compact: written"));
        CHECK(fs::exists(Journal::temp_path(path)));
        for (std::size_t i = 0; i < during; ++i) {
            all.push_back(random.change());
            opened.journal->append(all.back()); // returns while the compaction is held
        }
        CHECK(opened.journal->records() == 20 + during);
        CHECK_FALSE(hooks.held_too_long());
        hooks.release();
        compaction.join();
        CHECK_FALSE(hooks.held_too_long());
        CHECK(records == 20 + during);
    }
    CHECK(opened.journal->records() == 20 + during);
    CHECK(opened.journal->bytes() == fs::file_size(path));
    CHECK_FALSE(fs::exists(Journal::temp_path(path)));
    all.push_back(small_change("after"));
    opened.journal->append(all.back());
    opened.journal.reset();
    const auto reopened = open_journal(path);
    CHECK(reopened.warnings.empty());
    CHECK(texts(reopened.replayed) == texts(all));
}

TEST_CASE("a crash or a failure at each step of a compaction beside appends leaves a journal "
          "with every acknowledged append",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    const std::vector<Change> old = {small_change("a"), small_change("b")};
    const std::vector<Change> during = {small_change("c"), small_change("d")};
    const std::vector<Change> net = {small_change("net")}; // what `old` amounts to
    {
        auto opened = open_journal(path);
        for (const auto& change : old)
            opened.journal->append(change);
    }
    const std::string point =
        GENERATE(as<std::string>{}, "compact: written", "compact: tail copied", "compact: renamed");
    const bool renamed = point == "compact: renamed";
    const auto compact_after_appends = [&](Journal& journal) {
        const auto upto = journal.mark();
        for (const auto& change : during)
            journal.append(change); // acknowledged: on disk
        return journal.compact(net, upto);
    };
    // The old journal with every append, or the new one with those appended since the mark.
    std::vector<Change> expected = renamed ? net : old;
    expected.insert(expected.end(), during.begin(), during.end());

    SECTION("a crash (" + point + ")") {
        REQUIRE(crashes_at(point, [&] {
            auto crashing = open_journal(path);
            compact_after_appends(*crashing.journal);
        }));
        auto opened = open_journal(path);
        CHECK(texts(opened.replayed) == texts(expected));
        CHECK(opened.warnings.size() == (renamed ? 0U : 1U));
        CHECK_FALSE(fs::exists(Journal::temp_path(path)));
        opened.journal->append(small_change("e"));
        opened.journal.reset();
        expected.push_back(small_change("e"));
        CHECK(texts(open_journal(path).replayed) == texts(expected));
    }
    SECTION("a failure (" + point + ")") {
        auto opened = open_journal(path);
        {
            seeother::test::JournalHooks hooks({}, point);
            CHECK_THROWS_WITH(compact_after_appends(*opened.journal),
                              Contains(renamed ? "cannot fsync the directory after compaction"
                                               : "compaction failed, the journal is as it was"));
        }
        CHECK_FALSE(fs::exists(Journal::temp_path(path)));
        CHECK(opened.journal->bytes() == fs::file_size(path));
        if (renamed) {
            // The rename may not survive a crash: no more writes, none lost.
            CHECK_THROWS_WITH(opened.journal->append(small_change("e")),
                              Contains("takes no more writes"));
        } else {
            // The old journal, in use, whole.
            CHECK(opened.journal->records() == old.size() + during.size());
            opened.journal->append(small_change("e"));
            expected.push_back(small_change("e"));
        }
        opened.journal.reset();
        const auto reopened = open_journal(path);
        CHECK(reopened.warnings.empty());
        CHECK(texts(reopened.replayed) == texts(expected));
    }
}

TEST_CASE("one compaction at a time, from a mark of the journal as it is, one cancelled leaves "
          "it as it was",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    auto opened = open_journal(path);
    opened.journal->append(small_change("a"));
    const auto upto = opened.journal->mark();
    const std::string before = read_bytes(path);
    std::atomic<bool> cancel{false};
    {
        seeother::test::JournalHooks hooks("compact: written");
        std::optional<std::uint64_t> records = 99;
        std::thread compaction(
            [&] { records = opened.journal->compact({small_change("net")}, upto, &cancel); });
        REQUIRE(hooks.reached("compact: written"));
        // A second one refuses, and leaves the first one's file alone.
        CHECK_THROWS_WITH(opened.journal->compact({small_change("other")}),
                          Contains("another compaction is under way"));
        CHECK(fs::exists(Journal::temp_path(path)));
        cancel = true;
        hooks.release();
        compaction.join();
        CHECK_FALSE(records);
        CHECK(hooks.arrivals("compact: tail copied") == 0);
    }
    CHECK_FALSE(fs::exists(Journal::temp_path(path)));
    CHECK(read_bytes(path) == before);
    opened.journal->compact({small_change("net")}, upto);
    // That mark was of the file before this compaction.
    CHECK_THROWS_WITH(opened.journal->compact({small_change("other")}, upto),
                      Contains("its mark is not a point of the journal as it is"));
    CHECK_FALSE(fs::exists(Journal::temp_path(path)));
    opened.journal->append(small_change("b"));
    opened.journal.reset();
    CHECK(texts(open_journal(path).replayed) == texts({small_change("net"), small_change("b")}));
}

TEST_CASE("a second open of a journal in use fails clearly, before and after a compaction",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    auto first = open_journal(path);
    first.journal->append(small_change("a"));
    const auto second_open = [&] { open_journal(path); };
    CHECK_THROWS_WITH(second_open(), Contains(path + ": the journal is in use"));
    // Another process too.
    CHECK(in_child([&] {
              try {
                  second_open();
              } catch (const JournalError& e) {
                  return std::string(e.what()).find("in use") != std::string::npos ? 0 : 2;
              }
              return 3;
          }) == 0);
    first.journal->compact({small_change("net")});
    CHECK_THROWS_WITH(second_open(), Contains("the journal is in use"));
    first.journal.reset();
    CHECK(texts(open_journal(path).replayed) == texts({small_change("net")}));
}

TEST_CASE("a file that is not a journal is refused and left as it is", "[journal]") {
    TempDir dir;
    const auto path = dir.file("data.ttl");
    const auto refused = [&](const std::string& content, const std::string& why) {
        write_bytes(path, content);
        write_bytes(Journal::temp_path(path), "not ours either");
        try {
            open_journal(path);
            FAIL("opened " << content);
        } catch (const JournalError& e) {
            CHECK(e.offset() == 0);
            CHECK_THAT(e.what(), Contains(why));
        }
        CHECK(read_bytes(path) == content);
        CHECK(read_bytes(Journal::temp_path(path)) == "not ours either");
    };
    refused("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", "not a seeother journal");
    refused("#record 0000000000000000 00000000\n", "not a seeother journal");
    refused("#seeother-journal 2\n", "a journal of format 2, and this seeother reads format 1");
}

TEST_CASE("an empty file, or a header cut short by a crash, becomes an empty journal",
          "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    write_bytes(path, GENERATE(std::string(), std::string("#seeother-jour")));
    {
        auto opened = open_journal(path);
        CHECK(opened.replayed.empty());
        opened.journal->append(small_change("a"));
    }
    CHECK(texts(open_journal(path).replayed) == texts({small_change("a")}));
}

TEST_CASE("a change the format cannot carry is refused with nothing written", "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    auto opened = open_journal(path);
    const auto bytes = opened.journal->bytes();
    Change change = small_change("a");
    SECTION("a literal subject") {
        change.added[0].subject = Term::literal("x");
    }
    SECTION("a blank node predicate") {
        change.added[0].predicate = Term::blank("p");
    }
    SECTION("a blank node label with a space") {
        change.added[1].subject = Term::blank("a b");
    }
    SECTION("an empty blank node label") {
        change.added[1].subject = Term::blank("");
    }
    SECTION("a blank graph label with a line feed") {
        change.added[0].graph = "_:g\n";
    }
    SECTION("a language and a datatype") {
        change.added[0].object = Term::literal("x", "http://example.org/dt", "en");
    }
    CHECK_THROWS_WITH(opened.journal->append(change), Contains("cannot journal a change"));
    CHECK(opened.journal->bytes() == bytes);
    CHECK(fs::file_size(path) == bytes);
    opened.journal->append(small_change("b"));
    opened.journal.reset();
    CHECK(texts(open_journal(path).replayed) == texts({small_change("b")}));
}

TEST_CASE("a journal moves, and the moved-from one refuses writes", "[journal]") {
    TempDir dir;
    const auto path = dir.file("journal");
    std::optional<Journal> room;
    {
        auto opened = open_journal(path);
        room.emplace(std::move(*opened.journal));
        CHECK_THROWS_WITH(opened.journal->append(Change{}), Contains("moved from"));
    }
    room->append(small_change("a"));
    Journal other = std::move(*room);
    other.append(small_change("b"));
    CHECK(other.records() == 2);
    room.reset();
    CHECK_THROWS_WITH(open_journal(path), Contains("in use"));
}

TEST_CASE("append costs about one fdatasync", "[.journal-benchmark]") {
    using Clock = std::chrono::steady_clock;
    const auto micros = [](Clock::duration d) {
        return std::chrono::duration<double, std::micro>(d).count();
    };
    TempDir dir;
    const auto path = dir.file("journal");
    auto opened = open_journal(path);
    const Change change = small_change("a");
    std::vector<double> took;
    for (int i = 0; i < 500; ++i) {
        const auto start = Clock::now();
        opened.journal->append(change);
        took.push_back(micros(Clock::now() - start));
    }
    std::sort(took.begin(), took.end());
    WARN("append of a " << encode_record(change).size() << "-byte record, over " << took.size()
                        << ": median " << took[took.size() / 2] << " µs, 90% "
                        << took[took.size() * 9 / 10] << " µs, 99% " << took[took.size() * 99 / 100]
                        << " µs, max " << took.back() << " µs");

    Change import;
    for (int i = 0; i < 100000; ++i)
        import.added.push_back({Term::iri("http://example.org/s" + std::to_string(i / 10)),
                                Term::iri("http://example.org/p"),
                                Term::literal("value " + std::to_string(i), {}, "en"),
                                {}});
    auto start = Clock::now();
    const auto size = encode_record(import).size();
    const auto encoded = Clock::now() - start;
    start = Clock::now();
    opened.journal->append(import);
    WARN("a change of 100000 triples (" << size << " bytes): encoded in " << micros(encoded)
                                        << " µs, appended in " << micros(Clock::now() - start)
                                        << " µs");
    opened.journal.reset();
    start = Clock::now();
    const auto reopened = open_journal(path);
    WARN("reopened (" << reopened.journal->records() << " records, " << reopened.journal->bytes()
                      << " bytes) in " << micros(Clock::now() - start) << " µs");
}
