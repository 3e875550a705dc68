// The write-ahead journal behind --journal FILE: every acknowledged write (an rdf::Change) is
// on disk before the reply, a crash at any moment loses no acknowledged write and applies none
// by half, and compaction keeps the file from growing forever.
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

#include <cstdint>
#include <functional>
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
/// call (append, compact) on one Journal; an exclusive flock on the file keeps a second
/// process (or a second Journal) from opening it while this one is open. Movable, not
/// copyable; closing (destruction) releases the lock.
class Journal {
  public:
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
    /// taking writes.
    void append(const Change& change);

    /// Replaces the whole journal by `net` (the net effect of everything so far, computed by
    /// the caller) atomically: temp_path() is written, fsync'd, locked, renamed over the
    /// journal, and the directory fsync'd. A crash at any point leaves either the old or the
    /// new journal (and perhaps the temporary file, which the next open removes). On a
    /// failure before the rename the old journal stays, in use, and a JournalError is thrown.
    void compact(const std::vector<Change>& net);

    std::uint64_t bytes() const { return bytes_; } ///< current file size
    std::uint64_t records() const { return records_; }
    const std::string& path() const { return path_; }

    /// Where compact() writes the new journal before renaming it over `path`: beside it, in
    /// the same directory, so that the rename is atomic.
    static std::string temp_path(const std::string& path);

  private:
    Journal(std::string path, int fd, std::uint64_t bytes, std::uint64_t records);

    /// Throws if an earlier failure left the file in a state nobody knows.
    void check_usable() const;

    std::string path_;
    int fd_ = -1;
    std::uint64_t bytes_ = 0;
    std::uint64_t records_ = 0;
    bool broken_ = false;
};

/// The payload of a record for `change` (see the top of this file), and back. Exposed for
/// tests and tools. encode_record throws std::invalid_argument for a change the format cannot
/// carry; decode_record throws std::invalid_argument saying what is wrong, at which byte of
/// the payload.
std::string encode_record(const Change& change);
Change decode_record(std::string_view payload);

/// For crash tests only: when set, called at each point where a crash leaves the files in a
/// state of its own: "append: written" (before the fdatasync), "compact: written" (the
/// temporary file complete and fsync'd, before the rename), "compact: renamed" (before the
/// directory's fsync). A test's child process _exit()s there. Null in the server.
extern void (*journal_crash_point)(std::string_view where);

} // namespace seeother::rdf
