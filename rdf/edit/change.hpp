// One write to a data set, as a store applies it and the journal keeps it. Writes are about
// descriptions: the unit a document shows (every triple with an IRI as subject, with the
// blank-node closure of its objects), so that a change, its journal record and its
// compaction all speak of the same thing.
#pragma once

#include "rdf/term.hpp"

#include <string>
#include <vector>

namespace seeother::rdf {

/// First the descriptions of `replaced` go (every triple with one of those IRIs as subject,
/// and, in each description, the blank-node closure of its objects), then `added` comes in.
/// PUT is both (the document's subjects replaced by the body), DELETE only the first, POST
/// and an import only the second.
///
/// Invariants the writer checks before a Change exists (so stores and the journal may rely
/// on them): every added triple's subject is an IRI, or a blank node reachable from an added
/// triple whose subject is an IRI; blank node labels are unique to this change (the writer
/// renames a body's labels to "w<sequence>_<label>"), so they never meet the data's own;
/// `replaced` is sorted and holds each IRI once.
struct Change {
    std::vector<std::string> replaced;
    Triples added;
    /// What made it, for the log and the journal ("PUT /doc/x", "import 3"): never read back
    /// into the data.
    std::string origin;

    friend bool operator==(const Change& a, const Change& b) {
        return a.replaced == b.replaced && a.added == b.added && a.origin == b.origin;
    }
};

} // namespace seeother::rdf
