// Maps a request path to what it is about, as a value: the Linked Data URL layout in one
// pure function (it asks the store what exists, nothing else).
#pragma once

#include "rdf/format.hpp"
#include "rdf/store.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace seeother::server {

struct Route {
    enum class Kind {
        SeeOther,     ///< /id/X, <base>id/X is described: 303 to /doc/X
        Document,     ///< /doc/X[.ext]: the description of <base>id/X
        HashDocument, ///< /P[.ext]: <base>P and every <base>P#... subject
        Home,         ///< / when <base> itself is not described
        NotFound,
        BadRequest, ///< malformed percent-escape or invalid UTF-8 in the path
    };

    Kind kind = Kind::NotFound;
    /// decoded X (SeeOther, Document), P (HashDocument), or, for NotFound, the path of the
    /// IRI that was looked for relative to the base ("id/X" for /id/X and /doc/X)
    std::string name;
    std::optional<rdf::Format> forced; ///< format chosen by a trailing .ext
    std::string detail;                ///< why, for BadRequest

    /// The IRI the route is about: <base>id/X or <base>P.
    std::string thing_iri(std::string_view base) const;
};

/// Resolves the path of a request target (raw, still percent-encoded, no query) against
/// the data. `base` is --base, ending in "/".
Route resolve(std::string_view raw_path, const rdf::Store& store, std::string_view base);

} // namespace seeother::server
