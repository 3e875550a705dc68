// The text of a page as it is written: rdf::TextBuffer, whose appends are inline (a
// std::string's go through a call into libstdc++ each, and a description page makes some seven
// hundred of them). The helpers that write markup (escape.hpp, names.hpp) write into a Buffer
// or a std::string alike.
#pragma once

#include "rdf/text_buffer.hpp"

namespace seeother::server::html {

using Buffer = rdf::TextBuffer;

} // namespace seeother::server::html
