// Loading RDF files, directories or a string into the in-memory Sord store: the parser's quads
// (parse/parse.hpp) interned as Sord nodes, then the store's browse indexes built once.
#pragma once

#include "rdf/parse/parse.hpp"
#include "rdf/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace seeother::rdf {

/// Loads every file into one new in-memory store, whose data last changed at `modified`
/// (DataFiles::modified; by default the newest modification time of `files`, read before
/// loading). Throws ParseError on the first problem: nothing is returned half loaded.
std::unique_ptr<Store> load_store(const std::vector<std::string>& files,
                                  const ParseOptions& options = {},
                                  std::optional<Timestamp> modified = std::nullopt);

/// Loads RDF from a string (tests, small fixtures). `syntax_name` is a file name whose
/// extension picks the syntax, e.g. "inline.ttl". Throws ParseError.
std::unique_ptr<Store> load_store_from_string(const std::string& text,
                                              const std::string& syntax_name,
                                              const std::string& base_iri = {});

} // namespace seeother::rdf
