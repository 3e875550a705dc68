// Maps a request path to what it is about, as a value: the Linked Data URL layout (layout.hpp)
// in one pure function (it asks the store what exists, nothing else).
#pragma once

#include "server/ld/layout.hpp"
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
        SeeOther,     ///< /id/X, <base>id/X is described: 303 to /doc/X (the layout's)
        Document,     ///< /doc/X[.ext]: the description of <base>id/X (the layout's)
        HashDocument, ///< /P[.ext]: <base>P and every <base>P#... subject
        Home,         ///< / when <base> itself is not described, or the reserved path
        Search,       ///< /search?q=…: things by label
        Classes,      ///< /classes: every class with its instance count
        Class,        ///< /class?iri=…: the instances of one class
        Sitemap,      ///< /sitemap.xml (an index of /sitemap.xml?page=N when large)
        Void,         ///< /.well-known/void[.ext]: the VoID description of the data set
        NotFound,     ///< nothing the data describes, and none of the server's own pages
    };

    Kind kind = Kind::NotFound;
    /// decoded X (SeeOther, Document), P (HashDocument), or, for NotFound, the path of the
    /// IRI that was looked for relative to its namespace's base ("id/X" for /id/X and /doc/X)
    std::string name;
    std::optional<rdf::Format> forced; ///< format chosen by a trailing .ext (Void too)
    /// Document and HashDocument: the formats whose URL (stem.ext) leads back to this
    /// document; not those where <base>id/X.ext (or <base>P.ext) is described itself,
    /// which the contract lets win.
    std::vector<rdf::Format> with_url;
    std::string iri;       ///< the data IRI it is about: <base>id/X, <base>P
    std::size_t space = 0; ///< its namespace (NotFound: the one looked in)
    bool rdf_only = false; ///< a split layout's data URL (/data/X): RDF formats only
    /// The server's own pages whose short paths the data describes (namespace at "/").
    Shadowed shadowed = 0;
    /// Whether `shadowed` was asked: not for a thing's path (/id/X), whose 303 shows no
    /// links; its 404 page asks shadowed_pages().
    bool shadowed_asked = true;

    /// Every field alike: what the tests and the path fuzzer compare routes by.
    friend bool operator==(const Route& a, const Route& b) {
        return a.kind == b.kind && a.name == b.name && a.forced == b.forced &&
               a.with_url == b.with_url && a.iri == b.iri && a.space == b.space &&
               a.rdf_only == b.rdf_only && a.shadowed == b.shadowed &&
               a.shadowed_asked == b.shadowed_asked;
    }
    friend bool operator!=(const Route& a, const Route& b) { return !(a == b); }
};

/// Resolves the path of a request target (raw, still percent-encoded, no query) against
/// the data, asking the store one question (Descriptions::described) about every reading
/// of the path, in the namespace whose path it falls under (the longest), and about which
/// format URLs of the document found lead back to it: in the same question for a remote
/// store, in a second one, for that document only, for a store in this process. The data comes
/// first: /search, /classes, /class, /sitemap.xml and /.well-known/void are the server's
/// own pages only when the data does not describe a document at that path (as / is the
/// home page only then); under /.well-known/seeother/ they always are. In a layout where
/// every IRI is a thing, a path that is both a thing and a hash document asks a second
/// question (whether it has IRI#… subjects). A 400 Problem for a path that does not start
/// with "/", or has a malformed percent-escape, NUL or invalid UTF-8.
Result<Route> resolve(std::string_view raw_path, const rdf::Descriptions& store,
                      const Namespaces& spaces);

/// The document a path would name were it described: its first Document or HashDocument
/// reading without a format extension (/doc/X: <base>id/X; /P: the hash namespace <base>P),
/// as a Route with iri and space set and nothing asked of a store; nullopt for a thing's
/// path, a path that may be a thing (every IRI is one in the slash layout), a path under the
/// server's own prefix, outside every namespace or malformed. Writes create documents there.
std::optional<Route> new_document(std::string_view raw_path, const Namespaces& spaces);

/// Which short paths of the server's own pages the data describes, in one question.
Shadowed shadowed_pages(const rdf::Descriptions& store, const Namespaces& spaces);

/// The same for one namespace, `base` (ending in "/") at "/" in the default layout.
Result<Route> resolve(std::string_view raw_path, const rdf::Descriptions& store,
                      std::string_view base);

} // namespace seeother::server
