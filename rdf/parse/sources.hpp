// Where the parser's bytes come from: which files it reads and how (by name), plain files, gzip
// files and strings behind one reading loop. Private to rdf/parse.
#pragma once

#include "rdf/format.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::rdf::parse_detail {

/// How a data file's name says to read it.
struct FileFormat {
    Format format;
    bool gzip;
};

/// From a name ending in .ttl, .nt, .nq or .trig (any case), optionally followed by .gz.
std::optional<FileFormat> file_format_of_name(std::string_view name);

/// The same for the file at `path`; throws ParseError naming the names that would work.
FileFormat file_format(const std::string& path);

/// Bytes for the reader. read() fills the whole buffer unless the input ends or fails;
/// error() then says why (empty at a clean end).
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
    const std::string& error() const { return error_; }

  protected:
    std::string error_;
};

/// The file at `path`, gunzipped when `gzip`. Throws ParseError when it cannot be opened (or,
/// with `gzip`, is not gzip).
std::unique_ptr<ByteSource> open_file(const std::string& path, bool gzip);

/// The bytes of `text`, which must outlive the source.
std::unique_ptr<ByteSource> open_string(std::string_view text);

struct Position {
    unsigned line = 0;
    unsigned column = 0;
};

} // namespace seeother::rdf::parse_detail
