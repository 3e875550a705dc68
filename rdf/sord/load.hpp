// Loading RDF files, directories or a string into the in-memory Sord store: the parser's quads
// (parse/parse.hpp) interned as Sord nodes, writes (rdf::Change, from the journal) applied to
// them, then the store's browse indexes built once.
#pragma once

#include "rdf/edit/change.hpp"
#include "rdf/parse/parse.hpp"
#include "rdf/store.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace seeother::rdf {

/// What a load put in the store, for its caller's log and checks.
struct LoadSummary {
    std::size_t file_quads = 0; ///< quads the data gave (repeats of a quad not counted)
    std::size_t removed = 0;    ///< quads the changes took away
    std::size_t added = 0;      ///< quads the changes added (repeats not counted)
    double change_seconds = 0;  ///< spent applying the changes
};

/// Loads every file into one new in-memory store, whose data last changed at `modified`
/// (DataFiles::modified; by default the newest modification time of `files`, read before
/// loading). Throws ParseError on the first problem: nothing is returned half loaded.
///
/// Then, before the store builds its indexes, applies `changes` in order, as writes do
/// (rdf/edit/change.hpp): the descriptions of a change's `replaced` IRIs go, then its added
/// triples come in. A blank node that a staying quad also reaches stays (see
/// SordStore::remove_descriptions), unlike in an EditedStore, which never meets one from a
/// Change. The result is exactly the store loaded from the data less the removed quads, then
/// each change's added triples, in that order (which named graph shows a triple held in
/// several depends on it). With changes, the data last changed when this load began: they
/// were made at times the store does not know, all before it. Throws Refusal for a change
/// the store cannot keep (unstorable()); `summary`, when given, hears what was loaded.
std::unique_ptr<Store> load_store(const std::vector<std::string>& files,
                                  const ParseOptions& options = {},
                                  std::optional<Timestamp> modified = std::nullopt,
                                  const std::vector<Change>& changes = {},
                                  LoadSummary* summary = nullptr);

/// Loads RDF from a string (tests, small fixtures), then applies `changes` as load_store()
/// does. `syntax_name` is a file name whose extension picks the syntax, e.g. "inline.ttl".
/// Throws ParseError, or Refusal for a change the store cannot keep.
std::unique_ptr<Store> load_store_from_string(const std::string& text,
                                              const std::string& syntax_name,
                                              const std::string& base_iri = {},
                                              const std::vector<Change>& changes = {});

/// Why the in-memory store cannot keep these triples as they are (a language tag longer than
/// the 15 characters Sord keeps, an IRI without a scheme), in words fit for any client; none
/// when it can. Loading a data file refuses such a term too.
std::optional<std::string> unstorable(const Triples& triples);

} // namespace seeother::rdf
