#include "serialize.hpp"

#include "writers.hpp"

#include <cassert>
#include <stdexcept>

namespace seeother::rdf {

std::string serialize(const Triples& triples, Format format, const Prefixes& prefixes) {
    if (format == Format::NTriples || format == Format::NQuads)
        return serialize(triples, format, PrefixView{}); // no prefixes: nothing to index
    const PrefixIndex index(prefixes);
    PrefixView view;
    view.index = &index;
    return serialize(triples, format, view);
}

std::string serialize(const Triples& triples, Format format, const PrefixView& prefixes,
                      IriCheck check) {
    switch (format) {
    case Format::Turtle:
        return write_turtle(triples, prefixes, check);
    case Format::NTriples:
        return write_ntriples(triples, check);
    case Format::RdfXml:
        return write_rdfxml(triples, prefixes, check);
    case Format::JsonLd:
        return write_jsonld(triples, prefixes, false, check);
    case Format::NQuads:
        return write_nquads(triples, check);
    case Format::TriG:
        return write_trig(triples, prefixes, check);
    case Format::Html:
        break;
    }
    // HTML is a page for people, rendered by the server layer (server/html.cpp).
    assert(false && "serialize() writes RDF syntaxes only; HTML is rendered by the server");
    throw std::logic_error("serialize: not an RDF syntax: " + std::string(info(format).name));
}

std::string serialize_jsonld_for_script(const Triples& triples, const PrefixView& prefixes,
                                        IriCheck check) {
    return write_jsonld(triples, prefixes, true, check);
}

} // namespace seeother::rdf
