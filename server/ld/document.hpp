// Documents apart from pages: which triples a document carries (the description of a thing
// or of a hash namespace, a page at a time, in public space) and the URLs that name it and
// its formats. No HTTP request and nothing rendered here: handlers.cpp negotiates and
// replies, and a command that exports documents can build the same ones.
#pragma once

#include "server/ld/layout.hpp"
#include "server/ld/problem.hpp"
#include "server/ld/resolver.hpp"

#include "rdf/format.hpp"
#include "rdf/store.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::server {

/// Subject triples per page of an RDF description: a description with more is paged with
/// ?page=N and Link rel="next"/"prev", each page carrying its triples' blank-node closure.
inline constexpr std::size_t description_page_size = 10000;

/// One page of a document, in public space: the one record for a document, whatever
/// renders it (a serializer for RDF, html::description_page for people).
struct Document {
    std::string thing; ///< the public IRI it is about: <public>id/X, <public>P, VoID's dataset
    std::string url;   ///< its public URL without extension, percent-encoded
    /// Where format URLs start, when not at `url`: a split layout's /data/X, a namespace
    /// root's /index (so that / is /index.ttl in Turtle).
    std::string stem;
    /// The URL of its HTML, when not stem.html: a split layout's /page/X.
    std::string html_url;
    /// The formats whose URL (stem.ext) leads back to this document: not those where the
    /// thing's IRI plus .ext is described itself, which the contract lets win.
    std::vector<rdf::Format> with_url;
    /// The page's subject triples with their blank-node closures, sorted, and the
    /// document's foaf:primaryTopic triple when it has one.
    rdf::Triples triples;
    /// The store's prefixes, their --base namespaces shown under the public URL (valid as
    /// long as the store is), after any of the document's own.
    rdf::PrefixView prefixes;
    /// Done when every IRI of `triples` is known to be writable as it is: the store checked
    /// its own (rdf::Descriptions::iris_writable()), and the public URLs and the document's
    /// own IRIs keep them so. The writers then skip checking each.
    rdf::IriCheck iri_check = rdf::IriCheck::Needed;
    std::size_t page = 1;  ///< as asked, 1-based
    std::size_t pages = 1; ///< pages of `page_size` subject triples, at least 1
    std::size_t total = 0; ///< subject triples on all pages, closures not counted

    /// Page 1 of a hash document of several pages: each subject IRI (in public space, in
    /// code-point order) with the page its first value is on, for a table of contents.
    std::vector<std::pair<std::string, std::size_t>> contents;

    /// A page past the last: it carries the first page's triples, for what every page
    /// says about the thing (its label, types and description), but none of its values.
    bool past_end() const { return page > pages; }
};

/// The public URL of the document a route (SeeOther, Document or HashDocument) leads to,
/// without extension, percent-encoded: /doc/X for a thing (a split layout's /page/X when
/// `for_people`, else /data/X), /P for a hash namespace; under its namespace's path.
std::string document_url(const Route& route, const PublicSpace& space, bool for_people = false);

/// A name (X of /doc/X, P of /P) as URL path text: iri_to_uri, with "?" and "#" escaped too.
std::string name_to_uri(std::string_view name);

/// A document's URLs (url, stem, html_url, with_url), without its triples.
Document locate_document(const Route& route, const PublicSpace& space, bool for_people);

/// The contents of a HashDocument route: each subject IRI (public) with the page of
/// `page_size` values its first value falls on. Asks for the whole description, 10,000
/// triples at a time, up to 100,000; empty beyond.
std::vector<std::pair<std::string, std::size_t>> hash_contents(const rdf::Descriptions& store,
                                                               const Route& route,
                                                               const PublicSpace& space,
                                                               std::size_t page_size);

/// The URL of a document in one format: stem.ext (or its HTML URL).
std::string format_url(const Document& document, rdf::Format format);

/// Page `page` of the document a Document or HashDocument route names: `page_size` subject
/// triples a page, in the stable order Descriptions::describe takes them, each with its
/// blank-node closure. A page past the last carries the first page's triples (past_end()):
/// whether it exists is the renderer's call (RDF: only for a one-page description, which
/// is then whole on every page; HTML: while there are backlinks to show). Asks the store
/// for the page and the prefixes, and for the first page again on a page past the end.
/// `for_people`: the HTML document, which a split layout serves at a URL of its own.
Document describe_document(const rdf::Descriptions& store, const Route& route,
                           const PublicSpace& space, std::size_t page, std::size_t page_size,
                           bool for_people);

/// The same in the default layout of one namespace, `base` published at `public_base`.
Document describe_document(const rdf::Descriptions& store, const Route& route,
                           std::string_view base, std::string_view public_base, std::size_t page,
                           std::size_t page_size);

/// The Link field value naming every format of the document but `chosen`, as alternates.
std::string alternates_link(const Document& document, rdf::Format chosen);

/// The Link field value for the pages before and after the document's page, at `path`
/// (public URL of the request without query); empty for a document of one page.
std::string pages_link(const Document& document, std::string_view path);

} // namespace seeother::server
