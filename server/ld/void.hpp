// The VoID description of the data set (/.well-known/void), a document for machines: a
// void:Dataset with its size, URI space, example resources, class partitions and the
// formats served, built from the store's statistics, in public space.
#pragma once

#include "server/ld/document.hpp"

#include "rdf/store.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace seeother::server {

/// The public URL of the VoID description, without extension, percent-encoded: at `path`
/// (the short .well-known/void, or the reserved one when the data describes that).
std::string void_url(std::string_view public_base,
                     std::string_view path = short_path(OwnPage::Void));

/// The public IRI of the void:Dataset described at `path`.
std::string void_dataset_iri(std::string_view public_base,
                             std::string_view path = short_path(OwnPage::Void));

/// The things of the data set: subject IRIs under its namespaces (one question per
/// namespace that no other contains); subjects outside them are not served.
std::size_t things_in_namespaces(const rdf::Browsing& store, const Namespaces& spaces);

/// The VoID description as a document of one page (every format has its URL); `page` is
/// kept as asked, for the HTML to say whether it has such a page.
Document void_document(const rdf::Store& store, const PublicSpace& space, std::string_view path,
                       std::size_t page);

} // namespace seeother::server
