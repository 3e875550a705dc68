// Where the parser's bytes come from: which files it reads and how (by name), plain files, gzip
// files and strings behind one reading loop. Private to rdf/parse.
#pragma once

#include "rdf/format.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::rdf {
class QuadSink;
} // namespace seeother::rdf

namespace seeother::rdf::parse_detail {

/// How a data file's name says to read it.
struct FileFormat {
    Format format;
    bool gzip;
};

/// From a name ending in .ttl, .nt, .nq, .trig, .rdf, .owl or .xml (any case), optionally
/// followed by .gz.
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

/// Passes another source through, keeping the line and (byte) column of the last byte.
class CountingSource final : public ByteSource {
  public:
    explicit CountingSource(ByteSource& inner) : inner_(inner) {}

    std::size_t read(char* buffer, std::size_t size) override;
    Position position() const { return at_; }

  private:
    ByteSource& inner_;
    Position at_{1, 0};
};

/// Reads RDF/XML (raptor2) from the source `open` gives into `sink`: relative IRIs resolve against
/// xml:base, else `base_iri`; `blank_prefix` goes before every blank node label; `on_statement`
/// (may be empty) after each quad. `name` stands for the input in errors; an error the parser gives
/// no place is placed by reading the input again. Throws ParseError.
void read_rdfxml(const std::function<std::unique_ptr<ByteSource>()>& open, const std::string& name,
                 QuadSink& sink, const std::string& base_iri, const std::string& blank_prefix,
                 const std::function<void()>& on_statement);

/// Whether the start of the file at `path` (gunzipped when `gzip`) names the RDF namespace,
/// as an .xml file that holds RDF/XML does; false when it cannot be read.
bool mentions_rdf_namespace(const std::string& path, bool gzip);

} // namespace seeother::rdf::parse_detail
