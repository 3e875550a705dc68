// HTML pages: the description of a thing, the 303 note and the home page. All escaping
// of data into markup happens here, through escape_html.
#pragma once

#include "rdf/format.hpp"
#include "rdf/store.hpp"
#include "rdf/term.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

/// Escapes text for HTML element content and double-quoted attribute values.
std::string escape_html(std::string_view text);

struct Alternate {
    rdf::Format format;
    std::string url; ///< absolute, percent-encoded
};

struct DescriptionPage {
    std::string thing;                       ///< public IRI of the thing (or of the hash document)
    std::string document_url;                ///< public URL of the document
    const rdf::Triples* triples = nullptr;   ///< already rewritten to the public URL
    const rdf::Prefixes* prefixes = nullptr; ///< for showing predicates as prefixed names
    std::vector<Alternate> alternates;       ///< every RDF format of this document
};

/// A valid HTML5 page describing the thing.
std::string render_description(const DescriptionPage& page);

/// The short note in the body of a 303: a link to the document.
std::string render_see_other(std::string_view location);

/// The page at "/": the data set's size and where to start.
std::string render_home(const rdf::StoreStats& stats, const std::vector<std::string>& things,
                        std::string_view public_base);

/// The first label of a thing in the triples: rdfs:label, skos:prefLabel, foaf:name,
/// schema:name, dcterms:title, in that order; English or untagged preferred. Empty if none.
std::string best_label(const rdf::Triples& triples, std::string_view subject);

} // namespace seeother::server
