// The URL layout: which IRIs of a namespace name things and where their documents live, for
// one namespace or several (each a base IRI served under a path of its own), the paths of the
// server's own pages, and how one request sees it all (public URLs, or the data's own IRIs
// with --keep-iris). Pure values and functions: resolver.cpp reads paths through them,
// document.cpp writes URLs through them.
#pragma once

#include "rdf/iri.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

/// Where a namespace's things and their documents are, as paths relative to the namespace:
/// the thing <base>things X is served at /things X, which answers 303 See Other to its
/// document /data X (RDF and HTML, negotiated) or, when `pages` differs from `data`, to
/// /pages X for people and /data X for machines, chosen by negotiation at the 303.
/// IRIs outside `things` are hash documents (/P describes <base>P and every <base>P#…).
struct Layout {
    std::string things = "id/"; ///< "" : every IRI under the base that is no hash document
    std::string pages = "doc/";
    std::string data = "doc/";

    bool split() const { return pages != data; }

    friend bool operator==(const Layout& a, const Layout& b) {
        return a.things == b.things && a.pages == b.pages && a.data == b.data;
    }
};

/// The layouts that have names: "id" (the default: /id/X → /doc/X), "dbpedia" (/resource/X
/// → /page/X or /data/X), "slash" (every IRI is a thing: /X → /doc/X). nullopt for others.
std::optional<Layout> named_layout(std::string_view name);

/// "id, dbpedia, slash": for messages.
std::string layout_names();

/// A base IRI and where and how its IRIs are served.
struct Namespace {
    std::string base;       ///< the IRI prefix of the data's own things, ending in "/"
    std::string path = "/"; ///< where <base>X is served: at path X; starts and ends with "/"
    Layout layout;
};
using Namespaces = std::vector<Namespace>;

/// `base` at "/" in the default layout: what a single --base means.
inline Namespace default_namespace(std::string base) {
    Namespace space;
    space.base = std::move(base);
    return space;
}

/// What is wrong with a layout (a prefix that is not a relative path ending in "/", two that
/// overlap, one under the server's own path), or nullopt.
std::optional<std::string> check_layout(const Layout& layout);

/// What is wrong with a set of namespaces (a base or path given twice, a bad path or
/// layout), or nullopt.
std::optional<std::string> check_namespaces(const Namespaces& spaces);

/// The IRI that the server's root stands for: the first namespace's base less its path
/// (http://qudt.org/ for http://qudt.org/vocab/unit/ at /vocab/unit/), its base at "/".
std::string root_iri(const Namespaces& spaces);

/// The path of an IRI's authority-relative part, ending in "/": "/vocab/unit/" for
/// http://qudt.org/vocab/unit/. The default path of each of several namespaces.
std::string iri_path(std::string_view base);

/// The server's own pages. Each has a short path (/search), served when the data leaves it
/// free, and a reserved one (/.well-known/seeother/search) that data never shadows.
enum class OwnPage { Home, Search, Classes, Class, Sitemap, Void };
inline constexpr OwnPage own_pages[] = {OwnPage::Home,  OwnPage::Search,  OwnPage::Classes,
                                        OwnPage::Class, OwnPage::Sitemap, OwnPage::Void};
inline constexpr std::string_view own_prefix = ".well-known/seeother/";

/// "search", relative to the server's root ("" for the home page).
std::string_view short_path(OwnPage page);
/// ".well-known/seeother/search".
std::string reserved_path(OwnPage page);

/// Which own pages the data shadows at their short paths: a bit per OwnPage.
using Shadowed = unsigned;
inline constexpr Shadowed bit(OwnPage page) {
    return 1U << static_cast<unsigned>(page);
}

/// The namespaces as one request sees them: each published at the public URL of the server
/// plus its path. Bodies name local IRIs by their public URLs, or, with `keep_iris`, as the
/// data has them (links still lead here: to_url()).
class PublicSpace {
  public:
    PublicSpace(const Namespaces& spaces, std::string root, bool keep_iris);

    const std::string& root() const { return root_; }
    const Namespaces& namespaces() const { return *spaces_; }
    /// The public URL of a namespace: the root plus its path.
    std::string url_of(const Namespace& space) const;
    /// Data IRIs as bodies show them; its inverse; and bodies' IRIs as URLs of this server.
    /// Each is built when first asked for (a 303 needs none): one PublicSpace per request.
    const rdf::IriRewriter& to_shown() const;
    const rdf::IriRewriter& to_data() const;
    const rdf::IriRewriter& to_url() const;
    /// The namespace a data IRI belongs to: the longest base it starts with.
    std::optional<std::size_t> owner(std::string_view data_iri) const;

  private:
    const Namespaces* spaces_;
    std::string root_;
    bool keep_iris_;
    mutable std::optional<rdf::IriRewriter> to_shown_;
    mutable std::optional<rdf::IriRewriter> to_data_;
    mutable std::optional<rdf::IriRewriter> to_url_;
};

/// The namespace of a request path: the one with the longest path the decoded path
/// (without its leading "/") starts with; nullopt when none.
std::optional<std::size_t> namespace_of_path(const Namespaces& spaces, std::string_view path);

} // namespace seeother::server
