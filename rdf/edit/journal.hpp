// The write-ahead journal behind --journal FILE: every acknowledged write (an rdf::Change) is
// on disk before the reply, a crash at any moment loses no acknowledged write and applies none
// by half, and compaction keeps the file from growing forever without stalling the writes: it
// is written beside them, and only the records appended meanwhile are copied under the lock.
//
// The file (format 1) is UTF-8 text, and every line of it is an N-Quads comment or statement,
// so that any N-Quads reader can look inside (it sees the added triples):
//
//     #seeother-journal 1
//     #record 00000000000000c5 3f8cb50b
//     #origin "PUT /doc/x"
//     #replaced <http://example.org/x>
//     <http://example.org/x> <http://example.org/p> "v\u0000\n"@en .
//     _:w12_b0 <http://example.org/q> <http://example.org/x> <http://example.org/g> .
//
// The first line names the format and its version. Then come the records, one per Change, in
// the order they were appended. A record is a frame line, "#record ", the payload's length in
// bytes as 16 lowercase hex digits, a space, the CRC-32 (zlib's) of the payload as 8 lowercase
// hex digits, a line feed; then the payload: "#origin " and the origin as a quoted string,
// then "#replaced <IRI>" for each replaced IRI, then each added triple as an N-Quads line, all
// in the Change's order, every line ending in a line feed. Strings and IRIs are written as
// N-Quads spells them (\" \\ \n \r \t, \u00XX for the other control characters, and in IRIs for
// space and <>"{}|^`\), all other bytes as they are; blank node labels as they are in the
// Change (no relabelling). A record's payload never holds a line feed of its own, so a frame
// line cannot appear inside one.
#pragma once

#include "rdf/edit/change.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {

/// A journal that cannot be opened, read, written or compacted: which file, where in it (when
/// the problem is at a place), and what is wrong. what() is "FILE: byte N: message", or
/// "FILE: message".
class JournalError : public std::runtime_error {
  public:
    JournalError(std::string file, std::optional<std::uint64_t> offset, const std::string& message);

    const std::string& file() const { return file_; }
    const std::optional<std::uint64_t>& offset() const { return offset_; }
    const std::string& message() const { return message_; }

  private:
    std::string file_;
    std::optional<std::uint64_t> offset_;
    std::string message_;
};

/// The journal file, open for appending. One writer at a time: the caller serialises every
/// call of append, mark and compact(net) on one Journal. compact(net, upto), the compaction
/// beside the writes, may run on another thread while they go on (one compaction at a time).
/// An exclusive flock on the file keeps a second process (or a second Journal) from opening it
/// while this one is open. Movable (never while a compaction runs), not copyable; closing
/// (destruction, never while a compaction runs) releases the lock.
class Journal {
  public:
    /// A point in the journal: the records and bytes it held when mark() was called, in the
    /// file it then was (a compaction makes a new one).
    struct Mark {
        std::uint64_t records = 0;
        std::uint64_t bytes = 0;
        std::uint64_t file = 0; ///< how many compactions the journal had been through
    };

    /// Opens `path`, creating it (and fsyncing it and its directory) when it does not exist,
    /// and takes its lock (a JournalError if another holder has it). Refuses, and leaves as
    /// it is, a file that is not a journal of this format. Removes a compaction's temporary
    /// file left by a crash. Then checks every record's frame and checksum, and only when the
    /// whole file is sound hands every record, in order, to `replay`.
    ///
    /// A torn tail (a last record cut short by a crash during append, or whose checksum is
    /// wrong, with no valid record after it) is cut off: the file is truncated there and
    /// fsync'd, and `warn` is told. Damage anywhere before the last record throws a
    /// JournalError naming the byte offset of the first bad record and what is wrong with it,
    /// and changes nothing in the file. An exception from `replay` goes through.
    static Journal open(const std::string& path, const std::function<void(Change)>& replay,
                        const std::function<void(const std::string&)>& warn);

    Journal(Journal&& other) noexcept;
    Journal& operator=(Journal&& other) noexcept;
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;
    ~Journal();

    /// Appends one record and fdatasyncs before returning: once it returns, the change
    /// survives a crash. A JournalError for a change the format cannot carry (a literal or
    /// IRI as subject, a predicate that is not an IRI, a blank node label that is not an
    /// N-Quads label, a language tag that is not one, a literal with both a language and a
    /// datatype), with nothing written. When writing fails, what was written is cut off again
    /// and a JournalError thrown; when fdatasync (or that cut) fails, what is on disk is
    /// unknown, so the journal refuses every later append and compact: the server should stop
    /// taking writes. Waits while a compaction beside it copies the records appended since its
    /// mark and renames its file over the journal (the tail's size: one fdatasync, a rename
    /// and the directory's fsync), then appends to the new file.
    void append(const Change& change);

    /// Where the journal is now, for compact(net, upto).
    Mark mark() const;

    /// Replaces the whole journal by `net` (the net effect of everything so far, computed by
    /// the caller) atomically: compact(net, mark()), in the caller's thread.
    void compact(const std::vector<Change>& net);

    /// The compaction beside the writes: replaces the records before `upto` by `net` (their
    /// net effect, computed by the caller), keeping those appended since, while appends go on
    /// (from another thread). In order:
    ///  1. temp_path() is written with `net`, fsync'd and locked, without the journal's lock:
    ///     appends go on into the journal ("compact: written");
    ///  2. under the journal's lock (appends wait), the records appended since `upto` are
    ///     copied byte for byte from the journal onto the end of it and fdatasync'd ("compact:
    ///     tail copied"); it is renamed over the journal ("compact: renamed"), the directory
    ///     fsync'd, and appends go on into the new file.
    /// A crash at any point leaves either the old journal, whole, or the new one, whole, each
    /// with every acknowledged append (and perhaps the temporary file, which the next open
    /// removes); no append is acknowledged between the rename and the directory's fsync.
    ///
    /// Returns how many records the new journal held when it took over (net's and the copied
    /// ones). When `cancel` (checked before step 2, not during it) becomes true, the
    /// temporary file is removed, the journal stays as it is, and none is returned. On a
    /// failure before the rename (the disk full, a second compaction at once, a mark from
    /// before an earlier compaction, a journal an append broke meanwhile), the temporary file
    /// is removed, the old journal stays in use, whole, and a JournalError says "compaction
    /// failed, the journal is as it was": no acknowledged write is lost, and appends go on.
    /// When the directory's fsync fails after the rename, the new file is the journal but the
    /// rename may not survive a crash, so the journal refuses every later append and compact
    /// (as after a failed fdatasync) and a JournalError is thrown.
    std::optional<std::uint64_t> compact(const std::vector<Change>& net, const Mark& upto,
                                         const std::atomic<bool>* cancel = nullptr);

    std::uint64_t bytes() const { return bytes_; } ///< current file size
    std::uint64_t records() const { return records_; }
    const std::string& path() const { return path_; }

    /// Where compact() writes the new journal before renaming it over `path`: beside it, in
    /// the same directory, so that the rename is atomic.
    static std::string temp_path(const std::string& path);

  private:
    /// What a compaction on another thread shares with the appends.
    struct Shared {
        std::mutex mutex; ///< held by append, mark and a compaction's steps 2
        std::atomic<bool> compacting{false};
    };

    Journal(std::string path, int fd, std::uint64_t bytes, std::uint64_t records);

    /// Throws if an earlier failure left the file in a state nobody knows. Under the lock.
    void check_usable() const;

    std::string path_;
    std::unique_ptr<Shared> shared_; ///< null: moved from
    int fd_ = -1;                    ///< changed by a compaction, under the lock
    std::atomic<std::uint64_t> bytes_{0};
    std::atomic<std::uint64_t> records_{0};
    std::uint64_t file_ = 0; ///< compactions so far (Mark::file)
    bool broken_ = false;
};

/// The payload of a record for `change` (see the top of this file), and back. Exposed for
/// tests and tools. encode_record throws std::invalid_argument for a change the format cannot
/// carry; decode_record throws std::invalid_argument saying what is wrong, at which byte of
/// the payload.
std::string encode_record(const Change& change);
Change decode_record(std::string_view payload);

/// For crash and fault tests only: when set, called at each point where a crash leaves the
/// files in a state of its own: "append: written" (before the fdatasync), "compact: written"
/// (the temporary file holds `net`, fsync'd; before the journal's lock is taken and the tail
/// copied), "compact: tail copied" (the tail copied and fdatasync'd, under the lock, before
/// the rename), "compact: renamed" (under the lock, before the directory's fsync). A test's
/// child process _exit()s there to crash; a hook may also block (at "compact: written", a
/// compaction waits while appends go on), or throw to fail the step that follows as an I/O
/// error would (the fdatasync, the tail's copy, the rename, the directory's fsync). Called
/// from whichever thread is there: a compaction's own. Null in the server.
extern void (*journal_crash_point)(std::string_view where);

} // namespace seeother::rdf
