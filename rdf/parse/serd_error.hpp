// Serd's error reports as text, for the parser and for the Sord store (Sord reports misuse
// through Serd's error type). Private to rdf/: only rdf/*.cpp include it.
#pragma once

#include <serd/serd.h>

#include <string>

namespace seeother::rdf {

/// A SerdError (fmt + va_list) as one line of text, without the trailing newline.
std::string format_serd_error(const SerdError& error);

} // namespace seeother::rdf
