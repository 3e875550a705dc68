// What the publisher says about the data set (--title, --license, --publisher, --dump), added
// to its VoID description.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace seeother::server {

struct Document;

struct Publication {
    std::string title;              ///< dcterms:title instead of the generated one; empty: kept
    std::string license;            ///< dcterms:license, an absolute IRI; empty: none
    std::string publisher;          ///< dcterms:publisher: an IRI, or a name (a foaf:Agent)
    std::vector<std::string> dumps; ///< void:dataDump each: absolute URLs, or paths from "/"
};

/// Adds `publication` to the VoID document `document` (void_document's), whose public base is
/// `public_base`: a dump path "/x" becomes <public_base>x. The triples stay sorted.
void add_publication(Document& document, const Publication& publication,
                     std::string_view public_base);

} // namespace seeother::server
