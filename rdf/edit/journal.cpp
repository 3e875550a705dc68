// The journal file: its records (encode_record, decode_record), reading it back with torn-tail
// recovery (open), appending and compacting with the fsyncs that make each step durable. The
// format is described in journal.hpp.
#include "rdf/edit/journal.hpp"

#include "rdf/writer_util.hpp"

#include <zlib.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace seeother::rdf {

void (*journal_crash_point)(std::string_view where) = nullptr;

namespace {

std::string describe(const std::optional<std::uint64_t>& offset, const std::string& message) {
    return offset ? "byte " + std::to_string(*offset) + ": " + message : message;
}

} // namespace

JournalError::JournalError(std::string file, std::optional<std::uint64_t> offset,
                           const std::string& message)
    : std::runtime_error(file + ": " + describe(offset, message)), file_(std::move(file)),
      offset_(offset), message_(message) {}

namespace {

// ---------------------------------------------------------------------------------------------
// Records

constexpr std::string_view file_header = "#seeother-journal 1\n";
constexpr std::string_view header_stem = "#seeother-journal ";
constexpr std::string_view frame_start = "#record ";
/// "#record " + 16 hex digits + " " + 8 hex digits + "\n".
constexpr std::size_t frame_size = 8 + 16 + 1 + 8 + 1;
constexpr std::string_view origin_start = "#origin ";
constexpr std::string_view replaced_start = "#replaced ";
constexpr char hex_digits[] = "0123456789abcdef";

void put_hex(char* out, std::uint64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value >>= 4U)
        out[i] = hex_digits[value & 0xFU];
}

/// `text`, lowercase hex digits (at most 16), as a number; none if it is anything else.
std::optional<std::uint64_t> parse_hex(std::string_view text) {
    if (text.empty() || text.size() > 16)
        return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        const char* at = std::strchr(hex_digits, c);
        if (c == '\0' || !at)
            return std::nullopt;
        value = value << 4U | static_cast<std::uint64_t>(at - hex_digits);
    }
    return value;
}

std::uint32_t crc_of(std::string_view bytes) {
    return static_cast<std::uint32_t>(
        crc32_z(0, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

void put_uchar(std::string& out, unsigned char c) {
    out += "\\u00";
    out += hex_digits[c >> 4U];
    out += hex_digits[c & 0xFU];
}

void put_iri(std::string& out, std::string_view iri) {
    out += '<';
    for (const char ch : iri) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F || std::string_view("<>\"{}|^`\\").find(ch) != std::string::npos)
            put_uchar(out, c);
        else
            out += ch;
    }
    out += '>';
}

void put_string(std::string& out, std::string_view text) {
    out += '"';
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (append_string_echar(out, c))
            continue;
        if (c < 0x20 || c == 0x7F)
            put_uchar(out, c);
        else
            out += ch;
    }
    out += '"';
}

/// Blank node labels and language tags are written as they are, up to the next space: they
/// may hold neither a space nor a control character.
void check_token(std::string_view token, const char* what) {
    if (token.empty())
        throw std::invalid_argument(std::string("an empty ") + what);
    for (const char ch : token) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F)
            throw std::invalid_argument(std::string(what) + " \"" + std::string(token) +
                                        "\" holds a space or a control character");
    }
}

void put_term(std::string& out, const Term& term) {
    switch (term.kind) {
    case Term::Kind::Iri:
        put_iri(out, term.value);
        return;
    case Term::Kind::Blank:
        check_token(term.value, "blank node label");
        out += "_:";
        out += term.value;
        return;
    case Term::Kind::Literal:
        put_string(out, term.value);
        if (!term.language.empty()) {
            if (!term.datatype.empty())
                throw std::invalid_argument("a literal with both a language (" + term.language +
                                            ") and a datatype (<" + term.datatype + ">)");
            check_token(term.language, "language tag");
            out += '@';
            out += term.language;
        } else if (!term.datatype.empty()) {
            out += "^^";
            put_iri(out, term.datatype);
        }
        return;
    }
}

/// Appends the payload for `change` to `out`.
void put_payload(std::string& out, const Change& change) {
    out += origin_start;
    put_string(out, change.origin);
    out += '\n';
    for (const auto& iri : change.replaced) {
        out += replaced_start;
        put_iri(out, iri);
        out += '\n';
    }
    for (const auto& t : change.added) {
        if (t.subject.is_literal())
            throw std::invalid_argument("a literal as subject");
        if (!t.predicate.is_iri())
            throw std::invalid_argument("a predicate that is not an IRI");
        put_term(out, t.subject);
        out += ' ';
        put_term(out, t.predicate);
        out += ' ';
        put_term(out, t.object);
        out += ' ';
        if (t.graph.compare(0, 2, "_:") == 0) {
            check_token(std::string_view(t.graph).substr(2), "blank node label");
            out += t.graph;
            out += ' ';
        } else if (!t.graph.empty()) {
            put_iri(out, t.graph);
            out += ' ';
        }
        out += ".\n";
    }
}

/// A whole record, frame line and payload, appended to `out`.
void put_record(std::string& out, const Change& change) {
    const std::size_t frame_at = out.size();
    out.append(frame_size, ' ');
    put_payload(out, change);
    const std::string_view payload = std::string_view(out).substr(frame_at + frame_size);
    char* frame = &out[frame_at];
    std::memcpy(frame, frame_start.data(), frame_start.size());
    put_hex(frame + 8, payload.size(), 16);
    put_hex(frame + 25, crc_of(payload), 8);
    frame[frame_size - 1] = '\n';
}

/// A payload that does not decode: what, at which byte of it.
struct DecodeError {
    std::size_t at;
    std::string message;
};

/// Reads exactly what put_payload writes.
class PayloadReader {
  public:
    explicit PayloadReader(std::string_view text) : text_(text) {}

    Change read() {
        Change change;
        expect(origin_start);
        change.origin = string();
        expect("\n");
        while (starts_with(replaced_start)) {
            at_ += replaced_start.size();
            change.replaced.push_back(iri());
            expect("\n");
        }
        while (at_ < text_.size()) {
            Triple t;
            t.subject = term(false);
            expect(" ");
            if (peek() != '<')
                fail("expected the predicate, an IRI");
            t.predicate = term(false);
            expect(" ");
            t.object = term(true);
            expect(" ");
            if (peek() != '.') {
                const Term graph = term(false);
                t.graph = graph.is_blank() ? "_:" + graph.value : graph.value;
                expect(" ");
            }
            expect(".\n");
            change.added.push_back(std::move(t));
        }
        return change;
    }

  private:
    [[noreturn]] void fail(const std::string& message) const { throw DecodeError{at_, message}; }

    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

    bool starts_with(std::string_view s) const { return text_.substr(at_, s.size()) == s; }

    void expect(std::string_view s) {
        if (!starts_with(s))
            fail("expected \"" + std::string(s == "\n" ? "\\n" : s) + "\"");
        at_ += s.size();
    }

    Term term(bool literal_allowed) {
        switch (peek()) {
        case '<':
            return Term::iri(iri());
        case '_':
            expect("_:");
            return Term::blank(token("blank node label"));
        case '"':
            if (literal_allowed)
                return literal();
            break;
        default:
            break;
        }
        fail(literal_allowed ? "expected an IRI, a blank node or a literal"
                             : "expected an IRI or a blank node");
    }

    Term literal() {
        Term term = Term::literal(string());
        if (peek() == '@') {
            ++at_;
            term.language = token("language tag");
        } else if (starts_with("^^")) {
            at_ += 2;
            term.datatype = iri();
        }
        return term;
    }

    /// Bytes up to the next space, at least one.
    std::string token(const char* what) {
        const std::size_t end = std::min(text_.find_first_of(" \n", at_), text_.size());
        if (end == at_)
            fail(std::string("an empty ") + what);
        std::string out(text_.substr(at_, end - at_));
        at_ = end;
        return out;
    }

    std::string iri() { return quoted('<', '>'); }
    std::string string() { return quoted('"', '"'); }

    std::string quoted(char open, char close) {
        const std::size_t start = at_;
        if (peek() != open)
            fail(std::string("expected ") + open);
        ++at_;
        std::string out;
        while (true) {
            if (at_ >= text_.size() || text_[at_] == '\n') {
                at_ = start;
                fail(std::string("no closing ") + close);
            }
            const char c = text_[at_++];
            if (c == close)
                return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ == text_.size())
                fail("a backslash at the end");
            const char e = text_[at_++];
            switch (e) {
            case 'u':
                put_utf8(out, hex_escape(4));
                break;
            case 'U':
                put_utf8(out, hex_escape(8));
                break;
            case 't':
            case 'n':
            case 'r':
            case 'b':
            case 'f':
            case '"':
            case '\'':
            case '\\':
                if (open == '<')
                    fail("an escape other than \\u or \\U in an IRI");
                out +=
                    std::string_view("\t\n\r\b\f\"'\\").at(std::string_view("tnrbf\"'\\").find(e));
                break;
            default:
                --at_;
                fail("an unknown escape");
            }
        }
    }

    std::uint32_t hex_escape(std::size_t digits) {
        const auto value = parse_hex(text_.substr(at_, digits));
        if (!value || at_ + digits > text_.size()) {
            at_ -= 2;
            fail("a \\u or \\U escape without its hex digits");
        }
        at_ += digits;
        if (*value > 0x10FFFF || (*value >= 0xD800 && *value <= 0xDFFF)) {
            at_ -= digits + 2;
            fail("an escape that is no Unicode scalar value");
        }
        return static_cast<std::uint32_t>(*value);
    }

    static void put_utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | cp >> 6U);
            out += static_cast<char>(0x80 | (cp & 0x3FU));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | cp >> 12U);
            out += static_cast<char>(0x80 | (cp >> 6U & 0x3FU));
            out += static_cast<char>(0x80 | (cp & 0x3FU));
        } else {
            out += static_cast<char>(0xF0 | cp >> 18U);
            out += static_cast<char>(0x80 | (cp >> 12U & 0x3FU));
            out += static_cast<char>(0x80 | (cp >> 6U & 0x3FU));
            out += static_cast<char>(0x80 | (cp & 0x3FU));
        }
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Files

std::string system_error(const std::string& doing) {
    return doing + ": " + std::strerror(errno);
}

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() {
        if (fd_ >= 0)
            ::close(fd_);
    }

    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

  private:
    int fd_ = -1;
};

/// Writes all of `bytes` (an O_APPEND file: at its end); false, errno set, on failure.
bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string directory_of(const std::string& path) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    return dir.empty() ? "." : dir;
}

/// fsyncs the directory holding `path`, so that a new name in it (a created file, a rename)
/// survives a crash; false, errno set, on failure.
bool sync_directory(const std::string& path) {
    const UniqueFd dir(::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    return dir.get() >= 0 && ::fsync(dir.get()) == 0;
}

/// Calls the test hook at `where`; true when it throws, a failure of the step that follows
/// (errno EIO, as an I/O error would set it).
bool fault(std::string_view where) {
    if (!journal_crash_point)
        return false;
    try {
        journal_crash_point(where);
        return false;
    } catch (...) {
        errno = EIO;
        return true;
    }
}

/// Copies the `n` bytes at `offset` of `from` (whole records, appended since a compaction's
/// mark) to the end of `to`; false, errno set, on failure.
bool copy_tail(int from, std::uint64_t offset, std::uint64_t n, int to) {
    std::string chunk;
    while (n > 0) {
        chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(n, 1U << 20U)));
        const ssize_t r = ::pread(from, chunk.data(), chunk.size(), static_cast<off_t>(offset));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO; // shorter than the journal's own count: never so
            return false;
        }
        chunk.resize(static_cast<std::size_t>(r));
        if (!write_all(to, chunk))
            return false;
        offset += chunk.size();
        n -= chunk.size();
    }
    return true;
}

/// Reads a file through a window of it held in memory: sequential reads of small records cost
/// one pread per megabyte, not two per record.
class WindowReader {
  public:
    WindowReader(int fd, std::uint64_t size) : fd_(fd), size_(size) {}

    /// The `n` bytes at `offset`, or fewer at the end of the file. Valid until the next call.
    std::string_view at(std::uint64_t offset, std::uint64_t n) {
        n = offset >= size_ ? 0 : std::min(n, size_ - offset);
        if (n == 0)
            return {};
        if (offset < start_ || offset + n > start_ + window_.size()) {
            const std::uint64_t want =
                std::min(std::max<std::uint64_t>(n, 1U << 20U), size_ - offset);
            window_.resize(want);
            std::size_t got = 0;
            while (got < want) {
                const ssize_t r =
                    ::pread(fd_, &window_[got], want - got, static_cast<off_t>(offset + got));
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0)
                    throw std::runtime_error(r == 0 ? "the file is shorter than it was"
                                                    : system_error("cannot read"));
                got += static_cast<std::size_t>(r);
            }
            start_ = offset;
        }
        return std::string_view(window_).substr(offset - start_, n);
    }

  private:
    int fd_;
    std::uint64_t size_;
    std::uint64_t start_ = 0;
    std::string window_;
};

/// What was found reading a record's frame at some offset.
struct Frame {
    std::uint64_t length = 0; ///< of the payload; the record is frame_size + length bytes
    std::string problem;      ///< empty when the record is whole and its checksum right
};

Frame read_frame(WindowReader& reader, std::uint64_t offset, std::uint64_t file_size) {
    Frame frame;
    const std::uint64_t left = file_size - offset;
    const std::string_view line = reader.at(offset, frame_size);
    if (line.size() < frame_size) {
        frame.problem = "a record's frame line cut short (" + std::to_string(line.size()) + " of " +
                        std::to_string(frame_size) + " bytes)";
        return frame;
    }
    const auto length = parse_hex(line.substr(8, 16));
    const auto crc = parse_hex(line.substr(25, 8));
    if (line.substr(0, 8) != frame_start || !length || line[24] != ' ' || !crc ||
        line[frame_size - 1] != '\n') {
        frame.problem = "not a record's frame line (\"#record\", 16 and 8 hex digits)";
        return frame;
    }
    frame.length = *length;
    const std::string said(line.substr(25, 8));
    if (*length > left - frame_size) {
        frame.problem = "a record of " + std::to_string(*length) + " bytes cut short (" +
                        std::to_string(left - frame_size) + " bytes follow its frame line)";
        return frame;
    }
    if (const std::uint32_t actual = crc_of(reader.at(offset + frame_size, *length));
        actual != *crc) {
        char text[9] = {};
        put_hex(text, actual, 8);
        frame.problem =
            "checksum mismatch (the frame line says " + said + ", the payload's is " + text + ")";
    }
    return frame;
}

/// The offset of the first whole record with a right checksum after `offset`, if any: a
/// record's frame line cannot appear inside a payload, so one found is one appended.
std::optional<std::uint64_t> next_valid_record(WindowReader& reader, std::uint64_t offset,
                                               std::uint64_t file_size) {
    constexpr std::uint64_t chunk = 1U << 20U;
    std::uint64_t from = offset + 1;
    while (from + frame_start.size() <= file_size) {
        const std::string_view window = reader.at(from, chunk);
        const std::size_t hit = window.find(frame_start);
        if (hit == std::string_view::npos) {
            if (window.size() < chunk)
                return std::nullopt;
            from += window.size() - (frame_start.size() - 1);
            continue;
        }
        const std::uint64_t candidate = from + hit;
        if (read_frame(reader, candidate, file_size).problem.empty())
            return candidate;
        from = candidate + 1;
    }
    return std::nullopt;
}

/// Takes the lock of the journal at `path`, open as `fd`; false if another holds it. True
/// only while `path` still names the file locked (a compaction elsewhere may have renamed a
/// new file over it since it was opened): `stale` says it no longer does.
bool lock(int fd, const std::string& path, bool& stale) {
    stale = false;
    int r;
    do {
        r = ::flock(fd, LOCK_EX | LOCK_NB);
    } while (r != 0 && errno == EINTR);
    if (r != 0) {
        if (errno == EWOULDBLOCK)
            return false;
        throw JournalError(path, std::nullopt, system_error("cannot lock the journal"));
    }
    struct stat open_file {};
    struct stat named_file {};
    if (::fstat(fd, &open_file) != 0)
        throw JournalError(path, std::nullopt, system_error("cannot stat the journal"));
    stale = ::stat(path.c_str(), &named_file) != 0 || open_file.st_ino != named_file.st_ino ||
            open_file.st_dev != named_file.st_dev;
    return !stale;
}

} // namespace

std::string encode_record(const Change& change) {
    std::string out;
    put_payload(out, change);
    return out;
}

Change decode_record(std::string_view payload) {
    try {
        return PayloadReader(payload).read();
    } catch (const DecodeError& e) {
        throw std::invalid_argument("byte " + std::to_string(e.at) +
                                    " of the record: " + e.message);
    }
}

// ---------------------------------------------------------------------------------------------
// Journal

std::string Journal::temp_path(const std::string& path) {
    return path + ".compacting";
}

Journal::Journal(std::string path, int fd, std::uint64_t bytes, std::uint64_t records)
    : path_(std::move(path)), shared_(std::make_unique<Shared>()), fd_(fd), bytes_(bytes),
      records_(records) {}

Journal::Journal(Journal&& other) noexcept
    : path_(std::move(other.path_)), shared_(std::move(other.shared_)),
      fd_(std::exchange(other.fd_, -1)), bytes_(other.bytes_.load()),
      records_(other.records_.load()), file_(other.file_), broken_(other.broken_) {}

Journal& Journal::operator=(Journal&& other) noexcept {
    std::swap(path_, other.path_);
    std::swap(shared_, other.shared_);
    std::swap(fd_, other.fd_);
    bytes_ = other.bytes_.exchange(bytes_);
    records_ = other.records_.exchange(records_);
    std::swap(file_, other.file_);
    std::swap(broken_, other.broken_);
    return *this;
}

Journal::~Journal() {
    if (fd_ >= 0)
        ::close(fd_);
}

Journal Journal::open(const std::string& path, const std::function<void(Change)>& replay,
                      const std::function<void(const std::string&)>& warn) {
    const auto error = [&path](const std::string& message,
                               std::optional<std::uint64_t> offset = std::nullopt) {
        return JournalError(path, offset, message);
    };

    // Open and lock: the same file by its name after the lock is taken.
    UniqueFd fd;
    bool created = false;
    for (int attempt = 0;; ++attempt) {
        fd = UniqueFd(::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC));
        created = false;
        if (fd.get() < 0 && errno == ENOENT) {
            fd = UniqueFd(
                ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC | O_CREAT | O_EXCL, 0666));
            created = fd.get() >= 0;
            if (fd.get() < 0 && errno == EEXIST)
                continue;
        }
        if (fd.get() < 0)
            throw error(system_error("cannot open the journal"));
        bool stale = false;
        if (lock(fd.get(), path, stale))
            break;
        if (!stale)
            throw error("the journal is in use: another seeother (or another Journal in this "
                        "process) holds its lock; one journal serves one server at a time");
        if (attempt == 100)
            throw error("the journal keeps being replaced while opening it");
    }

    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        throw error(system_error("cannot stat the journal"));
    std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
    WindowReader reader(fd.get(), size);

    // The header: a new or empty file gets one; a crash while creating the file may have left
    // part of one.
    const std::string_view head = reader.at(0, 64);
    const bool torn_header =
        size > 0 && size < file_header.size() && file_header.substr(0, head.size()) == head;
    if (size > 0 && !torn_header && head.substr(0, file_header.size()) != file_header) {
        if (head.substr(0, header_stem.size()) == header_stem) {
            const std::string_view rest = head.substr(header_stem.size());
            throw error("a journal of format " + std::string(rest.substr(0, rest.find('\n'))) +
                            ", and this seeother reads format 1 (left as it is)",
                        0);
        }
        throw error("not a seeother journal: it does not begin with \"#seeother-journal 1\" "
                    "(left as it is)",
                    0);
    }

    // A journal, then. A compaction that did not finish: the journal is the old one, whole.
    const std::string temp = temp_path(path);
    if (::unlink(temp.c_str()) == 0)
        warn(temp + ": removed, left by a compaction that did not finish (the journal is the "
                    "one before it)");
    else if (errno != ENOENT)
        throw error(system_error("cannot remove " + temp + ", left by a compaction"));

    if (torn_header)
        warn(path + ": byte 0: rewrote the journal's header, cut short by a crash (" +
             std::to_string(size) + " of " + std::to_string(file_header.size()) + " bytes)");
    if (size == 0 || torn_header) {
        if (::ftruncate(fd.get(), 0) != 0 || !write_all(fd.get(), file_header) ||
            ::fsync(fd.get()) != 0 || ((created || torn_header) && !sync_directory(path)))
            throw error(system_error("cannot write the journal's header"));
        return Journal(path, fd.release(), file_header.size(), 0);
    }

    // Every frame and checksum first, so that nothing is replayed from a damaged journal.
    std::uint64_t records = 0;
    std::uint64_t offset = file_header.size();
    try {
        while (offset < size) {
            const Frame frame = read_frame(reader, offset, size);
            if (frame.problem.empty()) {
                offset += frame_size + frame.length;
                ++records;
                continue;
            }
            if (const auto next = next_valid_record(reader, offset, size))
                throw error(frame.problem + ", and a whole record follows at byte " +
                                std::to_string(*next) +
                                ": the journal is damaged, not cut short by a crash",
                            offset);
            if (::ftruncate(fd.get(), static_cast<off_t>(offset)) != 0 || ::fsync(fd.get()) != 0)
                throw error(system_error("cannot cut off a torn last record"), offset);
            warn(path + ": byte " + std::to_string(offset) + ": cut off a torn last record (" +
                 std::to_string(size - offset) + " bytes, " + frame.problem +
                 "), left by a crash while appending; no acknowledged write is lost");
            size = offset;
            break;
        }
    } catch (const JournalError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw error(e.what(), offset);
    }

    // Then the records, in order.
    offset = file_header.size();
    WindowReader payloads(fd.get(), size);
    for (std::uint64_t i = 0; i < records; ++i) {
        const std::uint64_t length = *parse_hex(payloads.at(offset + 8, 16));
        Change change;
        try {
            change = PayloadReader(payloads.at(offset + frame_size, length)).read();
        } catch (const DecodeError& e) {
            throw error("a record whose checksum is right but which does not read (" + e.message +
                            ")",
                        offset + frame_size + e.at);
        } catch (const std::runtime_error& e) {
            throw error(e.what(), offset);
        }
        replay(std::move(change));
        offset += frame_size + length;
    }
    return Journal(path, fd.release(), size, records);
}

void Journal::check_usable() const {
    if (fd_ < 0)
        throw JournalError(path_, std::nullopt, "the journal was moved from");
    if (broken_)
        throw JournalError(path_, std::nullopt,
                           "an earlier write or fsync failed, so what is on disk is unknown: "
                           "the journal takes no more writes until the server restarts");
}

namespace {

/// The lock of a journal's shared state, or a JournalError for one moved from.
std::unique_lock<std::mutex> lock_shared(std::mutex* mutex, const std::string& path) {
    if (!mutex)
        throw JournalError(path, std::nullopt, "the journal was moved from");
    return std::unique_lock<std::mutex>(*mutex);
}

} // namespace

void Journal::append(const Change& change) {
    const auto locked = lock_shared(shared_ ? &shared_->mutex : nullptr, path_);
    check_usable();
    std::string record;
    try {
        put_record(record, change);
    } catch (const std::invalid_argument& e) {
        throw JournalError(path_, std::nullopt,
                           std::string("cannot journal a change holding ") + e.what());
    }
    if (!write_all(fd_, record)) {
        const std::string message = system_error("cannot append a record");
        if (::ftruncate(fd_, static_cast<off_t>(bytes_.load())) != 0)
            broken_ = true;
        throw JournalError(path_, bytes_.load(), message);
    }
    if (fault("append: written") || ::fdatasync(fd_) != 0) {
        broken_ = true;
        throw JournalError(path_, bytes_.load(),
                           system_error("cannot fdatasync an appended record"));
    }
    bytes_ += record.size();
    ++records_;
}

Journal::Mark Journal::mark() const {
    const auto locked = lock_shared(shared_ ? &shared_->mutex : nullptr, path_);
    return {records_, bytes_, file_};
}

void Journal::compact(const std::vector<Change>& net) {
    compact(net, mark());
}

std::optional<std::uint64_t> Journal::compact(const std::vector<Change>& net, const Mark& upto,
                                              const std::atomic<bool>* cancel) {
    const auto failed = [this](const std::string& message) {
        return JournalError(path_, std::nullopt,
                            "compaction failed, the journal is as it was: " + message);
    };
    if (!shared_)
        throw JournalError(path_, std::nullopt, "the journal was moved from");
    if (shared_->compacting.exchange(true))
        throw failed("another compaction is under way");
    struct Done {
        std::atomic<bool>& flag;
        ~Done() { flag = false; }
    } done{shared_->compacting};
    const auto cancelled = [cancel] { return cancel && cancel->load(); };

    // 1. The net effect, beside the journal, which appends go on into.
    const std::string temp = temp_path(path_);
    mode_t mode = 0;
    {
        const std::lock_guard locked(shared_->mutex);
        check_usable();
        if (upto.file != file_ || upto.bytes > bytes_ || upto.records > records_)
            throw failed("its mark is not a point of the journal as it is");
        struct stat st {};
        if (::fstat(fd_, &st) != 0)
            throw JournalError(path_, std::nullopt, system_error("cannot stat the journal"));
        mode = st.st_mode & 07777;
    }
    UniqueFd out(::open(temp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, mode));
    if (out.get() < 0)
        throw failed(system_error("cannot create " + temp));
    // Removes the temporary file on every way out before the rename.
    struct Temporary {
        const std::string& path;
        bool keep = false;
        ~Temporary() {
            if (!keep)
                ::unlink(path.c_str());
        }
    } temporary{temp};

    std::uint64_t size = 0;
    std::string buffer(file_header);
    try {
        for (const auto& change : net) {
            put_record(buffer, change);
            if (buffer.size() >= (1U << 20U)) {
                if (cancelled())
                    return std::nullopt;
                if (!write_all(out.get(), buffer))
                    throw failed(system_error("cannot write " + temp));
                size += buffer.size();
                buffer.clear();
            }
        }
    } catch (const std::invalid_argument& e) {
        throw failed(std::string("a change holding ") + e.what());
    }
    if (!write_all(out.get(), buffer))
        throw failed(system_error("cannot write " + temp));
    size += buffer.size();
    if (::fchmod(out.get(), mode) != 0 || ::fsync(out.get()) != 0)
        throw failed(system_error("cannot fsync " + temp));
    // The new file is locked before its name is the journal's.
    if (::flock(out.get(), LOCK_EX | LOCK_NB) != 0)
        throw failed(system_error("cannot lock " + temp));
    const bool hook_failed = fault("compact: written");
    if (cancelled())
        return std::nullopt;

    // 2. Under the lock: the records appended since the mark, then the rename.
    const std::lock_guard locked(shared_->mutex);
    check_usable();
    const std::uint64_t tail_bytes = bytes_ - upto.bytes;
    const std::uint64_t tail_records = records_ - upto.records;
    if (hook_failed)
        errno = EIO;
    if (hook_failed || !copy_tail(fd_, upto.bytes, tail_bytes, out.get()))
        throw failed(system_error("cannot copy the records appended since it began to " + temp));
    if (tail_bytes > 0 && ::fdatasync(out.get()) != 0)
        throw failed(system_error("cannot fdatasync " + temp));
    if (fault("compact: tail copied") || ::rename(temp.c_str(), path_.c_str()) != 0)
        throw failed(system_error("cannot rename " + temp + " to " + path_));
    temporary.keep = true;

    // The journal is the new file now, whatever follows.
    ::close(std::exchange(fd_, out.release()));
    bytes_ = size + tail_bytes;
    records_ = net.size() + tail_records;
    ++file_;
    if (fault("compact: renamed") || !sync_directory(path_)) {
        broken_ = true;
        throw JournalError(path_, std::nullopt,
                           system_error("cannot fsync the directory after compaction, so the "
                                        "rename may not survive a crash"));
    }
    return records_.load();
}

} // namespace seeother::rdf
