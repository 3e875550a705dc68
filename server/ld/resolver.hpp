// Maps a request path to what it is about, as a value: the Linked Data URL layout in one
// pure function (it asks the store what exists, nothing else).
#pragma once

#include "server/ld/problem.hpp"

#include "rdf/format.hpp"
#include "rdf/store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

struct Route {
    enum class Kind {
        SeeOther,     ///< /id/X, <base>id/X is described: 303 to /doc/X
        Document,     ///< /doc/X[.ext]: the description of <base>id/X
        HashDocument, ///< /P[.ext]: <base>P and every <base>P#... subject
        Home,         ///< / when <base> itself is not described
        Search,       ///< /search?q=…: things by label
        Classes,      ///< /classes: every class with its instance count
        Class,        ///< /class?iri=…: the instances of one class
        Sitemap,      ///< /sitemap.xml (an index of /sitemap.xml?page=N when large)
        Void,         ///< /.well-known/void[.ext]: the VoID description of the data set
        NotFound,     ///< nothing the data describes, and none of the server's own pages
    };

    Kind kind = Kind::NotFound;
    /// decoded X (SeeOther, Document), P (HashDocument), or, for NotFound, the path of the
    /// IRI that was looked for relative to the base ("id/X" for /id/X and /doc/X)
    std::string name;
    std::optional<rdf::Format> forced; ///< format chosen by a trailing .ext (Void too)
    /// Document and HashDocument: the formats whose URL (stem.ext) leads back to this
    /// document; not those where <base>id/X.ext (or <base>P.ext) is described itself,
    /// which the contract lets win.
    std::vector<rdf::Format> with_url;

    /// The IRI the route is about: <base>id/X or <base>P.
    std::string thing_iri(std::string_view base) const;
};

/// Resolves the path of a request target (raw, still percent-encoded, no query) against
/// the data, asking the store one question (Descriptions::described) about every reading
/// of the path. `base` is --base, ending in "/". The data comes first: /search, /classes,
/// /class, /sitemap.xml and /.well-known/void are the server's own pages only when the
/// data does not describe a document at that path (as / is the home page only then). A 400
/// Problem for a path that does not start with "/", or has a malformed percent-escape, NUL
/// or invalid UTF-8.
Result<Route> resolve(std::string_view raw_path, const rdf::Descriptions& store,
                      std::string_view base);

} // namespace seeother::server
