// Folding text for search: one comparable form for "Genève", "GENEVE" and "geneve", used
// both for the label index and for the query, so that matching is a plain substring test.
#pragma once

#include <string>
#include <string_view>

namespace seeother::rdf {

/// Lowercases and strips diacritics from UTF-8 text: ASCII and Latin letters (Latin-1,
/// Latin Extended-A, Romanian comma letters; é→e, ß→ss, æ→ae, ł→l, œ→oe), Greek and
/// Cyrillic case; combining marks are dropped (so decomposed "e\u0301" folds like "é").
/// Runs of white space become one space, without leading or trailing space. Other
/// characters, and bytes that are not valid UTF-8, are kept as they are.
std::string fold_for_search(std::string_view text);

} // namespace seeother::rdf
