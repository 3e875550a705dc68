// Reading RDF text into a stream of quads: Turtle, N-Triples, N-Quads and TriG, from files
// (optionally gzipped), directories or strings, with FILE:LINE:COL errors. It builds nothing:
// a QuadSink decides what the quads become (the in-memory store, a request body's graph, a
// count). Serd does the reading; no Serd type appears here.
#pragma once

#include "rdf/format.hpp"
#include "rdf/term.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {

/// Input that could not be read: where, and why. line/column are 1-based, 0 when the error
/// is not about a position (an unreadable file, say). what() is "FILE:LINE:COL: message".
class ParseError : public std::runtime_error {
  public:
    ParseError(std::string file, unsigned line, unsigned column, const std::string& message);

    const std::string& file() const { return file_; }
    unsigned line() const { return line_; }
    unsigned column() const { return column_; }
    const std::string& message() const { return message_; }

  private:
    std::string file_;
    unsigned line_;
    unsigned column_;
    std::string message_;
};

/// What parsing accepts, the same in every syntax (README, "Limits and operations"). Serd's
/// reader recurses for each [ and ( (about 550 bytes of stack a level): deeper nesting is
/// refused before serd reads it, with a wide margin even for a 2 MiB thread stack. Longer
/// strings and IRIs are refused before they are held in memory.
inline constexpr std::size_t max_input_nesting = 256;                   ///< [ and ( open at once
inline constexpr std::size_t max_literal_bytes = std::size_t{16} << 20; ///< a string, as written
/// An IRI as written, or as made from a prefixed name or a relative IRI; a blank node label.
inline constexpr std::size_t max_iri_bytes = std::size_t{64} << 10;

/// "`what` longer than N KiB" (or MiB) for a limit of those above.
std::string too_long(const std::string& what, std::size_t limit);

/// A term as the parser hands it over: views of the parser's buffers, valid only during the
/// call that receives them. IRIs are absolute (relative ones resolved, prefixed names
/// expanded); blank node labels carry the input's blank prefix; a literal typed xsd:string
/// has no datatype (it is the plain literal). Every non-empty view is followed by a NUL byte,
/// so that C APIs may take data() as a string.
struct TermView {
    Term::Kind kind = Term::Kind::Iri;
    std::string_view value;    ///< IRI, blank node label (without "_:"), or lexical form
    std::string_view datatype; ///< literal datatype IRI; empty for none
    std::string_view language; ///< literal language tag; empty for none

    Term to_term() const;
};

struct QuadView {
    TermView subject;
    TermView predicate;
    TermView object;
    std::optional<TermView> graph; ///< none: the default graph

    /// The quad as a Triple (graph "_:label" for a blank node graph name).
    Triple to_triple() const;
};

/// Where the parser puts what it reads, in reading order.
class QuadSink {
  public:
    virtual ~QuadSink() = default;
    /// A prefix declaration, its IRI made absolute; most sinks only want the quads.
    virtual void prefix(std::string_view /*name*/, std::string_view /*iri*/) {}
    virtual void quad(const QuadView& quad) = 0;
};

/// Thrown by a QuadSink that cannot take what it was given (a store's limit): the parser
/// stops and throws a ParseError with this message at the place of the quad in the input.
class Refusal : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The syntax a file name gives through its last extension (.ttl .nt .nq .trig, any case)
/// when the parser reads it; none for another name.
std::optional<Format> format_of_name(std::string_view name);

/// The RDF files named by `paths`: files as given, directories walked recursively for the
/// names parse_file() reads, sorted so that reading order (and so prefix choice) is stable,
/// each once. Throws ParseError for a path that does not exist or a file it cannot read.
std::vector<std::string> expand_data_paths(const std::vector<std::string>& paths);

struct ParseProgress {
    std::string file;    ///< file being read
    std::size_t triples; ///< quads read so far, over all files
    double seconds;      ///< since reading started
};

struct ParseOptions {
    /// Relative IRIs in the data resolve against this (--base); when empty, against each
    /// file's own file: URI, as serdi does.
    std::string base_iri;
    /// Called at most about once a second while reading; may be empty.
    std::function<void(const ParseProgress&)> on_progress;
};

/// Reads `path` (.ttl .nt .nq .trig, optionally followed by .gz) into `sink`; relative IRIs
/// resolve against `base_iri`, or the file's own URI when it is empty; `blank_prefix` goes
/// before every blank node label. Throws ParseError on the first problem.
void parse_file(const std::string& path, QuadSink& sink, const std::string& base_iri = {},
                const std::string& blank_prefix = {});

/// Reads every file in order into one sink. Blank nodes of different files never merge:
/// each file's labels get a prefix of their own ("f1_", "f2_", ...). Throws ParseError on
/// the first problem.
void parse_files(const std::vector<std::string>& files, QuadSink& sink,
                 const ParseOptions& options = {});

/// Reads `text` in `format` (Turtle, N-Triples, N-Quads or TriG); `name` stands for the file
/// in errors. Without `base_iri`, a relative IRI is an error. Throws ParseError.
void parse_string(std::string_view text, Format format, const std::string& name, QuadSink& sink,
                  const std::string& base_iri = {}, const std::string& blank_prefix = {});

} // namespace seeother::rdf
