// Reads RDF files and directories (.ttl .nt .nq .trig, each optionally .gz) into a store.
#pragma once

#include "store.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace seeother::rdf {

/// A file that could not be loaded: where, and why. line/column are 1-based, 0 when the
/// error is not about a position (an unreadable file, say).
class LoadError : public std::runtime_error {
  public:
    LoadError(std::string file, unsigned line, unsigned column, const std::string& message);

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

struct LoadProgress {
    std::string file;    ///< file being read
    std::size_t triples; ///< triples loaded so far, over all files
    double seconds;      ///< since loading started
};

struct LoadOptions {
    /// Relative IRIs in the data resolve against this (--base); when empty, against the
    /// file's own file: URI, as serdi does.
    std::string base_iri;
    /// Called at most about once a second while loading; may be empty.
    std::function<void(const LoadProgress&)> on_progress;
};

/// The RDF files named by `paths`: files as given, directories walked recursively for the
/// supported extensions, sorted so that loading order (and so prefix choice) is stable.
/// Throws LoadError for a path that does not exist or a file with an unsupported name.
std::vector<std::string> expand_data_paths(const std::vector<std::string>& paths);

/// Loads every file into one new in-memory store. Throws LoadError on the first problem:
/// nothing is returned half loaded.
std::unique_ptr<Store> load_store(const std::vector<std::string>& files,
                                  const LoadOptions& options = {});

/// Loads RDF from a string (tests, small fixtures). `syntax_name` is a file name whose
/// extension picks the syntax, e.g. "inline.ttl". Throws LoadError.
std::unique_ptr<Store> load_store_from_string(const std::string& text,
                                              const std::string& syntax_name,
                                              const std::string& base_iri = {});

} // namespace seeother::rdf
