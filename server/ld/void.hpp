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

/// The public URL of the VoID description, without extension, percent-encoded.
std::string void_url(std::string_view public_base);

/// The public IRI of the void:Dataset described at /.well-known/void.
std::string void_dataset_iri(std::string_view public_base);

/// The VoID description as a document of one page (every format has its URL); `page` is
/// kept as asked, for the HTML to say whether it has such a page.
Document void_document(const rdf::Store& store, std::string_view base, std::string_view public_base,
                       std::size_t page);

} // namespace seeother::server
