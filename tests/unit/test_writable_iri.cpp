// is_writable_iri() and writable_iri() look at sixteen, then eight octets at a time: every suspect
// octet must be found wherever it stands in a word, and nothing else taken for one.
#include "rdf/writer_util.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

/// The octet-at-a-time rule of writer_util.hpp: controls, space, '<', '>', U+FFFE, U+FFFF.
bool writable_by_octets(const std::string& iri) {
    for (std::size_t i = 0; i < iri.size(); ++i) {
        const auto octet = static_cast<unsigned char>(iri[i]);
        if (octet <= 0x20 || octet == '<' || octet == '>')
            return false;
        if (octet == 0xEF && i + 2 < iri.size() && iri[i + 1] == '\xBF' &&
            (iri[i + 2] == '\xBE' || iri[i + 2] == '\xBF'))
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("every suspect octet is found at every place of an IRI", "[writable]") {
    const std::string plain = "http://example.org/a-long-path/with/segments?q=1&r=%20#frag";
    for (int octet = 0; octet < 256; ++octet)
        for (std::size_t at = 0; at < 40; ++at)
            for (const std::size_t length : {at + 1, at + 3, at + 9, plain.size()}) {
                if (length > plain.size())
                    continue;
                std::string iri = plain.substr(0, length);
                iri[at] = static_cast<char>(octet);
                INFO("octet " << octet << " at " << at << " of " << length);
                CHECK(seeother::rdf::is_writable_iri(iri) == writable_by_octets(iri));
            }
    for (const char* non_character : {"\xEF\xBF\xBE", "\xEF\xBF\xBF"})
        for (std::size_t at = 0; at < 20; ++at) {
            std::string iri = plain;
            iri.replace(at, 3, non_character);
            CHECK_FALSE(seeother::rdf::is_writable_iri(iri));
            CHECK(seeother::rdf::writable_iri(iri).find("%EF%BF%B") != std::string::npos);
        }
    CHECK(seeother::rdf::is_writable_iri("http://example.org/caf\xC3\xA9/\xE6\x9D\xB1"));
    CHECK(seeother::rdf::writable_iri("http://x.test/a b<c>") == "http://x.test/a%20b%3Cc%3E");
}
