// The writers' output is part of the contract (issue 16: cold documents made faster, with the
// same bytes): every document of a bench data set and of the hostile fixtures, in every
// format, is rendered and digested, and the digests must equal those recorded from main before
// that work began (cb36db1). One byte changed anywhere fails the case that names its fixture
// and format.
//
// What is digested, per fixture: the answer to each subject's own path (a 303 and its
// Location, or a hash document), then its document in every format negotiated by Accept (the
// status, every header but Last-Modified, which follows the fixture file's date, and ETag, which
// must be strong_etag() of the body, and the body),
// the HTML also for a reader of German and French, and the next page where a reply links one;
// and, apart from the server, serialize() of each subject's whole description in every RDF
// syntax (subjects outside the base too). A deliberate change of output records new digests:
// run `unit_tests "[bytes]"` with SEEOTHER_PRINT_DIGESTS=1 and say why in the commit.
#include "rdf/serialize.hpp"
#include "rdf/sord/load.hpp"
#include "server/html/sha256.hpp"
#include "server/ld/document.hpp"
#include "server/ld/etag.hpp"
#include "server/ld/handlers.hpp"

#include "requests.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using seeother::server::Reply;

namespace {

struct Fixture {
    const char* file; ///< under tests/data
    const char* base;
};

// bench-500: bench/generate.py --things 500 (seed 1), gzip -9n.
constexpr Fixture fixtures[] = {
    {"bench/bench-500.ttl.gz", "http://bench.example/"},
    {"interop/tricky.ttl", "http://tricky.test/"},
    {"interop/graphs.trig", "http://graphs.test/"},
    {"interop/deep.ttl", "http://deep.test/"},
    {"ser_tricky.nt", "http://example.org/"},
    {"ser_awkward.nt", "http://example.org/"},
    {"e2e/things.ttl", "http://data.test/"},
    {"layout/dbpedia.ttl", "http://dbp.test/"},
};

struct Kind {
    const char* name;
    const char* accept;
    const char* accept_language; ///< or nullptr
};

constexpr Kind kinds[] = {
    {"turtle", "text/turtle", nullptr},
    {"ntriples", "application/n-triples", nullptr},
    {"nquads", "application/n-quads", nullptr},
    {"trig", "application/trig", nullptr},
    {"rdfxml", "application/rdf+xml", nullptr},
    {"jsonld", "application/ld+json", nullptr},
    {"html", "text/html", nullptr},
    {"html-de-fr", "text/html", "de, fr;q=0.8"},
};

constexpr seeother::rdf::Format rdf_formats[] = {
    seeother::rdf::Format::Turtle, seeother::rdf::Format::NTriples, seeother::rdf::Format::NQuads,
    seeother::rdf::Format::TriG,   seeother::rdf::Format::RdfXml,   seeother::rdf::Format::JsonLd,
};

/// A running SHA-256 would need an API of its own: the bytes are kept and digested once.
struct Digest {
    std::string bytes;
    std::map<int, std::size_t> statuses; ///< how many replies of each status (printed)

    void add(std::string_view field) {
        bytes += std::to_string(field.size());
        bytes += ':';
        bytes += field;
    }
    void add(const std::string& target, const Reply& reply) {
        add(target);
        add(std::to_string(reply.status));
        ++statuses[reply.status];
        for (const auto& [name, value] : reply.headers) {
            if (name == "ETag") {
                // A hash of the body (which is digested): its own function, which may change.
                CHECK(value == seeother::server::strong_etag(reply.body, {}));
                continue;
            }
            if (name != "Last-Modified") {
                add(name);
                add(value);
            }
        }
        add(reply.body);
    }
    std::string hex() const {
        static const char digits[] = "0123456789abcdef";
        std::string out;
        for (const auto byte : seeother::server::html::sha256(bytes)) {
            out += digits[byte >> 4];
            out += digits[byte & 15];
        }
        return out;
    }
};

/// The digests of one fixture: "kind" for the server's replies, "serialize-kind" for the
/// writers alone, "paths" for the subjects' own paths.
std::map<std::string, std::string> digests(const Fixture& fixture) {
    seeother::rdf::ParseOptions options;
    options.base_iri = fixture.base;
    const auto store =
        seeother::rdf::load_store({std::string(SEEOTHER_TEST_DATA) + "/" + fixture.file}, options);
    const auto site = seeother::test::site(fixture.base);
    const std::string base = fixture.base;
    const std::string public_root = "http://127.0.0.1:8080";

    std::map<std::string, Digest> parts;
    const auto subjects = store->subjects_page("", 0, static_cast<std::size_t>(-1)).items;
    std::vector<std::string> documents; // request paths, each once, in subject order
    for (const auto& iri : subjects) {
        if (iri.compare(0, base.size(), base) != 0)
            continue;
        std::string name = iri.substr(base.size());
        name = name.substr(0, name.find('#'));
        if (name.empty())
            continue; // "/": the home page
        const std::string path = "/" + seeother::server::name_to_uri(name);
        const auto reply =
            seeother::server::handle(seeother::test::local_request(path), *store, site);
        parts["paths"].add(path, reply);
        std::string document = path;
        if (reply.status == 303) {
            const auto location = std::string(reply.header("Location"));
            document = location.compare(0, public_root.size(), public_root) == 0
                           ? location.substr(public_root.size())
                           : location;
        }
        if (std::find(documents.begin(), documents.end(), document) == documents.end())
            documents.push_back(document);
    }
    for (const auto& document : documents)
        for (const auto& kind : kinds) {
            seeother::server::Headers headers{{"Accept", kind.accept}};
            if (kind.accept_language)
                headers.emplace_back("Accept-Language", kind.accept_language);
            const auto reply = seeother::server::handle(
                seeother::test::local_request(document, headers), *store, site);
            parts[kind.name].add(document, reply);
            const bool more = reply.header("Link").find("rel=\"next\"") != std::string::npos ||
                              reply.body.find("rel=\"next\"") != std::string::npos;
            if (more) {
                const auto next = document + "?page=2";
                parts[kind.name].add(
                    next, seeother::server::handle(seeother::test::local_request(next, headers),
                                                   *store, site));
            }
        }
    for (const auto& iri : subjects) {
        const auto triples = seeother::rdf::describe_all(*store, iri);
        seeother::rdf::PrefixView prefixes;
        prefixes.index = &store->prefixes();
        for (const auto format : rdf_formats) {
            auto& part = parts["serialize-" + std::string(seeother::rdf::info(format).extension)];
            part.add(iri);
            part.add(seeother::rdf::serialize(triples, format, prefixes));
        }
    }
    std::map<std::string, std::string> out;
    for (const auto& [name, part] : parts) {
        out[name] = part.hex();
        std::string statuses;
        for (const auto& [status, count] : part.statuses)
            statuses += " " + std::to_string(count) + " x " + std::to_string(status);
        if (!statuses.empty())
            out["statuses of " + name] = statuses;
    }
    return out;
}

// Recorded with SEEOTHER_PRINT_DIGESTS=1 from main at cb36db1 (before issue 16's work), and
// again at e2415e2 when the ETag left the digest (every digest of the first recording held).
const std::map<std::string, std::map<std::string, std::string>> recorded = {
    {"bench/bench-500.ttl.gz",
     {
         // html: 500 x 200
         // html-de-fr: 500 x 200
         // jsonld: 500 x 200
         // nquads: 500 x 200
         // ntriples: 500 x 200
         // paths: 500 x 303
         // rdfxml: 500 x 200
         // trig: 500 x 200
         // turtle: 500 x 200
         {"html", "86e0b60bcdbb08914aae679cd2541fd146b3d27cff9f62b65aae618a36354d44"},
         {"html-de-fr", "7b286fd405f1cef8bb889529eb313cf438220d3633d57b1ecb309e72ed83f78f"},
         {"jsonld", "d5da50fc0f768bcc41647690eb02ff12b4e2ceab9ef03fe6e530eba16c8299b3"},
         {"nquads", "0cefe093df7d8e6d97a920cef386f4ae1fc0ce1abbbb62c1bb6dfcb84c8f92bc"},
         {"ntriples", "1d01607edc1175c6459660844aaf4b056e9cc618272fdae2d32635a2c8d0cd57"},
         {"paths", "42d773a23d5ebb8afbeb55e4ca52f1a069c2a4ffd78d8abcc9a420cecb3f495b"},
         {"rdfxml", "71ab4c8137f36b6744416a959568929af72273c66a5f07c75f6112dbff75c5e6"},
         {"serialize-jsonld", "7b508f5fb5b1fccfd9b3537f4e516a7a64a0633fc68a0c1f926047cee81dd9ef"},
         {"serialize-nq", "458899aa6f3f34bd1cff284928d42f62881949544a7fb29d007ea69ed7ec238c"},
         {"serialize-nt", "458899aa6f3f34bd1cff284928d42f62881949544a7fb29d007ea69ed7ec238c"},
         {"serialize-rdf", "61cb3f26b8f7e850fe3323b6db1d170e10d269a9a020f815acce0c45fcac11e0"},
         {"serialize-trig", "d6be63b2b60decf9f893940ba331cdf891f9db64e9d74853b859c2559da4ee15"},
         {"serialize-ttl", "d6be63b2b60decf9f893940ba331cdf891f9db64e9d74853b859c2559da4ee15"},
         {"trig", "cf3218ed9f12e2b2b92db4e677c5b76795c2e28798ed4e127f168f53058b3ebc"},
         {"turtle", "7ba7b4bb0d0d270e5c49d3be80a62964f33169df043393d4162f100e473836ea"},
     }},
    {"interop/tricky.ttl",
     {
         // html: 14 x 200
         // html-de-fr: 14 x 200
         // jsonld: 14 x 200
         // nquads: 14 x 200
         // ntriples: 14 x 200
         // paths: 3 x 200 13 x 303
         // rdfxml: 14 x 200
         // trig: 14 x 200
         // turtle: 14 x 200
         {"html", "1ced1b81b167ad08bee30898e17451d26e7919aecc5ac1f2ba1fb4e9e02adc27"},
         {"html-de-fr", "8e879f9fca29d6545cb4d06ea7397658cf45cba8c38e4e350bb6fade9cb0e06f"},
         {"jsonld", "53cca582bbaf6c7343c86793ceb8cb70417d2c57b40b29602d895331299b1196"},
         {"nquads", "2f956ef64352077471ff755c3a533a8c1f78f66b4c67d90b374b0e1a8bf64df4"},
         {"ntriples", "e7a122fe25d87cd6cd26b809dd2cd957ddaf4d11c7f0acc77ee7ad1b3eac253e"},
         {"paths", "61cb55f67d116425b09e0e4e167b579b481046802308c7b418a6e40c1d54d770"},
         {"rdfxml", "1ce0b3568074ac1f7fd8ccdd04b4d94d0e4b91c6ab2f2ac10dac2360d312d618"},
         {"serialize-jsonld", "aa63fa8ffc986bc55a49bdf553eb7e72983230b2de0a5be2089d00eb7e08f187"},
         {"serialize-nq", "68609e6e67a7e3328a130d1ee0c29ddb4fba83abf94ec853eab315d1b6ed589b"},
         {"serialize-nt", "68609e6e67a7e3328a130d1ee0c29ddb4fba83abf94ec853eab315d1b6ed589b"},
         {"serialize-rdf", "057b43b0033188a0678cfbaefcac1e7922bd5aca473f16973fe5e95af051189a"},
         {"serialize-trig", "51c54e5beacc2ea7f01ecd7a6dd0d40b12950130755c95f6ecb2139b481a0727"},
         {"serialize-ttl", "51c54e5beacc2ea7f01ecd7a6dd0d40b12950130755c95f6ecb2139b481a0727"},
         {"trig", "b3c784e941333db92fffb877033047fa8189123b1d1806427fd9ea24c0a1ce56"},
         {"turtle", "c274a12484abff31bc30a2a6663e885c20d9779a7a0f094363cdba4fc0037fc6"},
     }},
    {"interop/graphs.trig",
     {
         // html: 3 x 200
         // html-de-fr: 3 x 200
         // jsonld: 3 x 200
         // nquads: 3 x 200
         // ntriples: 3 x 200
         // paths: 3 x 303
         // rdfxml: 3 x 200
         // trig: 3 x 200
         // turtle: 3 x 200
         {"html", "57edc1e896f9530fb5b5fee8098136a6d3866bb5132faae22529f138f240d995"},
         {"html-de-fr", "57edc1e896f9530fb5b5fee8098136a6d3866bb5132faae22529f138f240d995"},
         {"jsonld", "5f250ee96606137135496b6f99e30c7b433a22edbe591ccbb122f2c008362d34"},
         {"nquads", "2cfbd731443817161151603ba00f2057ff62bfd3805cc12e5e622ffb51f376ac"},
         {"ntriples", "b601dc67e091fc99bdf9a5221b991586791fbdf3201b160d6710c13f70da0a93"},
         {"paths", "fe7fbd074fa513b4295bccbbc864b358e111b8e85c9f52c16e572de0c5ee6dc9"},
         {"rdfxml", "669f71a3c85fc35d036fe6f4297540a708f74dd38bd818ab3bd0915094cc2adb"},
         {"serialize-jsonld", "ba4b0ed7b78be7bff36bdc489d64cac687ec02585637d4d67a8a8d7a4f652d72"},
         {"serialize-nq", "d5233c117bcbe434d397539d06c7be3c9ff00b33076f927e9ba18e2e006f2288"},
         {"serialize-nt", "77d68201ffd61a91a1009f56c9280ca0dfb07444cb7e7264c68a6d40c3ce8edb"},
         {"serialize-rdf", "1662d87536f44b4dbd7a8ebd40de55f4f96290c1ac85dbb78250bd335caeb820"},
         {"serialize-trig", "e2bebea60b6d7b086fe4a4047aca71c0a82179375441d3e4cc35c04b674b9267"},
         {"serialize-ttl", "081580f61ca85b64888af4bd229f6d9dd050f42f7ec93b38c728b175c4d1d91d"},
         {"trig", "c9f350fd6502140ddd55fba875034e51b71a6ed598af6d2aa92a4ba3bcb95242"},
         {"turtle", "ef5357c9b1041c864227f9ef6245a0593e39dadf414b5a30965c8ed5c5700e70"},
     }},
    {"interop/deep.ttl",
     {
         // html: 4 x 200
         // html-de-fr: 4 x 200
         // jsonld: 4 x 200
         // nquads: 4 x 200
         // ntriples: 4 x 200
         // paths: 4 x 303
         // rdfxml: 4 x 200
         // trig: 4 x 200
         // turtle: 4 x 200
         {"html", "de4400728669e2b62a94463369d30d18c8c8cedb5571f2f18cff4fe584ebec5b"},
         {"html-de-fr", "de4400728669e2b62a94463369d30d18c8c8cedb5571f2f18cff4fe584ebec5b"},
         {"jsonld", "37c1007cc523a2bb2fd53541d2488d9c4ce450dd1ccc42f957f840dac1ea9d24"},
         {"nquads", "017a5f04cd3df7dc7559cf9e32b94dc7c2ff3fabf76458706fcc07bcc687df34"},
         {"ntriples", "d78d6d9d855d063eb3ba798085b77be549ebf82fab755200f9dff2e7565b3351"},
         {"paths", "9d9c30e43aff5d64d3e0786b7fc5a98d8740fe357bd15442cfd9669ca7317da1"},
         {"rdfxml", "f088c3e8b57cf1b5b6d01c524906d524ca5f66b1bed6356dea34b1a6bf47481f"},
         {"serialize-jsonld", "8d8d578bc3919d496e255188aaedd95dd964f088b86db282eb4f45d00690f42c"},
         {"serialize-nq", "ff3154296ef655d45b4e255adb9f012072c41cc083098e4b27226524a0246e00"},
         {"serialize-nt", "ff3154296ef655d45b4e255adb9f012072c41cc083098e4b27226524a0246e00"},
         {"serialize-rdf", "36884b661662d29799d082e06fe79fe524805fc5ba5dd977e9b805490c7957d0"},
         {"serialize-trig", "7a8d3b86b90c36e13e467376a959e3fe7a81934b495cf44727c7eeda528e0e6b"},
         {"serialize-ttl", "7a8d3b86b90c36e13e467376a959e3fe7a81934b495cf44727c7eeda528e0e6b"},
         {"trig", "9c82e7c9e327f71e7846f5e9bb75c9574b6ac4c7114028cbcb3ac70e32eeeeac"},
         {"turtle", "8f907f0dae411516604f86a90c0557c2eb055e498e0dc6f3ce8dc3fb9cadc38d"},
     }},
    {"ser_tricky.nt",
     {
         // html: 2 x 200
         // html-de-fr: 2 x 200
         // jsonld: 2 x 200
         // nquads: 2 x 200
         // ntriples: 2 x 200
         // paths: 2 x 303
         // rdfxml: 2 x 200
         // trig: 2 x 200
         // turtle: 2 x 200
         {"html", "ddc7ebb4b7a1c9bd7a3bd7c35f311ee4d555b689054d1b24c3485cc92e858d06"},
         {"html-de-fr", "8f2b49e86367513d3ee470e5472ccac35342b4f089e3a53717f4b947acceb8eb"},
         {"jsonld", "bd3fa3d6d24f912f4ffe98011430470b2b8569c91707bc82e01be6b6ad6108c2"},
         {"nquads", "98e68b8646ff428d21e100bd551c7cdb4129d6e882cc2e4888e906e5cae9d3cf"},
         {"ntriples", "4e892ed19021b67abc4105826a2a43dd0401459a6d13e3cb27de12562650bd1f"},
         {"paths", "53375c9392a5fe4581ac265f6864ad669a9093a765b425bf63ac2c9b87b7ff65"},
         {"rdfxml", "f6c30726e44edf9b0420e904e66466d7c7ef25713dcf4eccc9aa93afa2d36317"},
         {"serialize-jsonld", "23274e62dcaf80a124cef6c3c2d0e3c6649ff4b2dd9fef1d7f0e51173d8697d4"},
         {"serialize-nq", "18503ec95ce656e5639f5772027b021ca73e1322a752eca537dd95478cb786e6"},
         {"serialize-nt", "18503ec95ce656e5639f5772027b021ca73e1322a752eca537dd95478cb786e6"},
         {"serialize-rdf", "1804846fed11ae5f44123b95ddd849395d792ab4baaf8dc3e8c1ba76221b794a"},
         {"serialize-trig", "710b7afcf026b7c385c7814872f8fa95d3cdbeb6a0c6efda268c40fc7e18a6db"},
         {"serialize-ttl", "710b7afcf026b7c385c7814872f8fa95d3cdbeb6a0c6efda268c40fc7e18a6db"},
         {"trig", "1a2f87de4c8e633c457223d7f8b265d140e565937c0c52dabe6c45ecf4126801"},
         {"turtle", "5a5d70255eba550e5b9218162c777466f4280820780a5261ccfc10773eabd3a8"},
     }},
    {"ser_awkward.nt",
     {
         // html: 2 x 200
         // html-de-fr: 2 x 200
         // jsonld: 2 x 200
         // nquads: 2 x 200
         // ntriples: 2 x 200
         // paths: 2 x 200
         // rdfxml: 2 x 200
         // trig: 2 x 200
         // turtle: 2 x 200
         {"html", "006d30d8ae3f1c74fa5505d2347c1a2fba704e7757929b4fcb440ba055244752"},
         {"html-de-fr", "006d30d8ae3f1c74fa5505d2347c1a2fba704e7757929b4fcb440ba055244752"},
         {"jsonld", "6858900d4113c17bbeb48916a7f1afbbf7690bde2212927b635b16a579ba05f0"},
         {"nquads", "e044c9b6c4e26798d1f29a9b2546cf67c563c8bbad98693f7ece5c190a28fd0d"},
         {"ntriples", "b246b459c27bb3072d483874c6ee7b7f2240c257f3ddeda3f7930161508773e3"},
         {"paths", "2ef58fb2788f60993dcde544ec690a177692e1b09c7e41609d20c1d795eb1381"},
         {"rdfxml", "b461875cfb25f45fb12adff2fa4c8ef51d9bf39698e081902ab72784b65d1cfc"},
         {"serialize-jsonld", "ad0da7be7e824c2a053367a0dcdba9eababd741a2d9d4cbc356c9f772932ac44"},
         {"serialize-nq", "a2b5a01ac7600f83238a84575788ad4c973f5f49f1dd0a9ee24be098bc247c04"},
         {"serialize-nt", "a2b5a01ac7600f83238a84575788ad4c973f5f49f1dd0a9ee24be098bc247c04"},
         {"serialize-rdf", "dfed90bfcb832b941d6c6df930c54abdc3b7a4f46574ade0b9ec9111d4b18744"},
         {"serialize-trig", "a631afc5140187e3eeeed96dad7297554ac7a88cc76c919e8a6ca902c6841881"},
         {"serialize-ttl", "a631afc5140187e3eeeed96dad7297554ac7a88cc76c919e8a6ca902c6841881"},
         {"trig", "48918bd0745c35363544c96f81b47d6d7e4cc43787c837bb2d05ad6bf943c379"},
         {"turtle", "2ef58fb2788f60993dcde544ec690a177692e1b09c7e41609d20c1d795eb1381"},
     }},
    {"e2e/things.ttl",
     {
         // html: 7 x 200 1 x 404
         // html-de-fr: 7 x 200 1 x 404
         // jsonld: 7 x 200 1 x 404
         // nquads: 7 x 200 1 x 404
         // ntriples: 7 x 200 1 x 404
         // paths: 2 x 200 6 x 303 1 x 404
         // rdfxml: 7 x 200 1 x 404
         // trig: 7 x 200 1 x 404
         // turtle: 7 x 200 1 x 404
         {"html", "0c2f7fbc29d75afb1a5b4ec408d65401852022d8314a57ebcf5e71201c430e5f"},
         {"html-de-fr", "0c2f7fbc29d75afb1a5b4ec408d65401852022d8314a57ebcf5e71201c430e5f"},
         {"jsonld", "5ce6e8f014efee1b72abe789f783cb31d75a12d57bad9de1d3f3d3305add6b64"},
         {"nquads", "7605e5fe4a4cf9e5a5a3dc0bac4d3aa3e9431a31a2496550c0334dd917f4368c"},
         {"ntriples", "dbd428d0849e987f766672f8be426fa8c24684c011e38b76c2d7df3114944d4d"},
         {"paths", "f33d0d21161ad389ea8d5aed4aaee228b9f14ac7b821c1e5dcd32fc998001911"},
         {"rdfxml", "01ead39c059b5735aa0ccd08faf55137e25392d32aeb8c7d7ce59a2557b00151"},
         {"serialize-jsonld", "38eb8e3337be7259bfbf25a3cba61be9d3997c1880b0d73eb966ea2870589a74"},
         {"serialize-nq", "f7d9f6a44430537e062427be7b968f29ff6e22e8489b14cc0dfabc93439c6057"},
         {"serialize-nt", "f7d9f6a44430537e062427be7b968f29ff6e22e8489b14cc0dfabc93439c6057"},
         {"serialize-rdf", "0fcba043bd7fa1c1d43d0880adc9709fc04aafa9a8b9eec71f9edd207810420a"},
         {"serialize-trig", "eccd6e1dcf70c133c3848538b2e269268001806fd6bcfe4b291a1e845ad41020"},
         {"serialize-ttl", "eccd6e1dcf70c133c3848538b2e269268001806fd6bcfe4b291a1e845ad41020"},
         {"trig", "cb374f861e9c079ee3c4ae3eb073652cd0e81080f1675d18c7dabc2ebf48fcd9"},
         {"turtle", "1fd4a54d2c2301f274eba24f80530816ad5df54b69e451927981996064a410de"},
     }},
    {"layout/dbpedia.ttl",
     {
         // html: 4 x 200
         // html-de-fr: 4 x 200
         // jsonld: 4 x 200
         // nquads: 4 x 200
         // ntriples: 4 x 200
         // paths: 4 x 200
         // rdfxml: 4 x 200
         // trig: 4 x 200
         // turtle: 4 x 200
         {"html", "9f63ca43d543311b9dbc9f6f530363f3bf1b7ef38671286d5a36c4cab4403ae1"},
         {"html-de-fr", "4fba524d018c5f08b58a0bcf597cc9315e98bfe272918956456153e6c3add4af"},
         {"jsonld", "b800ff201d347f38adaf3b934859f216e6978bc25599daa64f37c760567f08f1"},
         {"nquads", "487d1f0e4ffbe1aaded7a25f45bfc0f4a9d86b8e59faffb86e4a2bdc6bd2aba8"},
         {"ntriples", "f4fa588b03110d310b0733dcede55241951ce4c0ca70773ebdd250ba081115c6"},
         {"paths", "3d688aa70cf39082c1e1c07de046da093eb3b5e1857c8de875e21500f009640e"},
         {"rdfxml", "9c79bb849f792a2d7857dbbc78433df68c14c16b299024e0e29bfa5f37a0b6e5"},
         {"serialize-jsonld", "97003fc84d35869b8c6686d3fecfbfe7a41633525a324a42e091af9780ebd0ef"},
         {"serialize-nq", "563dacd230eacb978c59c04e069b162c74256afa67f07822f5d1a021dbed6aa7"},
         {"serialize-nt", "563dacd230eacb978c59c04e069b162c74256afa67f07822f5d1a021dbed6aa7"},
         {"serialize-rdf", "f1a91c262f23b133dffc8d633fdad68668c92fe3449d0e0f4b24cbc020e6cc66"},
         {"serialize-trig", "6822162346bfdc00bdf9b429f8d3d19a6e88dbdb5f656da58d56524c2a59f2e7"},
         {"serialize-ttl", "6822162346bfdc00bdf9b429f8d3d19a6e88dbdb5f656da58d56524c2a59f2e7"},
         {"trig", "b7c728f537b40d97a87a0c04904d836dad145cd2044239f4eb1446b73ad7f071"},
         {"turtle", "3d688aa70cf39082c1e1c07de046da093eb3b5e1857c8de875e21500f009640e"},
     }},
};

} // namespace

TEST_CASE("every document of the bench data and the fixtures has the bytes recorded before",
          "[bytes]") {
    const bool print = std::getenv("SEEOTHER_PRINT_DIGESTS") != nullptr;
    for (const auto& fixture : fixtures) {
        const auto got = digests(fixture);
        if (print) {
            std::printf("    {\"%s\",\n     {\n", fixture.file);
            for (const auto& [name, hex] : got)
                if (name.compare(0, 12, "statuses of ") == 0)
                    std::printf("         // %s:%s\n", name.c_str() + 12, hex.c_str());
            for (const auto& [name, hex] : got)
                if (name.compare(0, 12, "statuses of ") != 0)
                    std::printf("         {\"%s\", \"%s\"},\n", name.c_str(), hex.c_str());
            std::printf("     }},\n");
            continue;
        }
        const auto expected = recorded.find(fixture.file);
        INFO(fixture.file);
        REQUIRE(expected != recorded.end());
        CHECK(got.size() == expected->second.size() +
                                static_cast<std::size_t>(
                                    std::count_if(got.begin(), got.end(), [](const auto& entry) {
                                        return entry.first.compare(0, 12, "statuses of ") == 0;
                                    })));
        for (const auto& [name, hex] : got) {
            if (name.compare(0, 12, "statuses of ") == 0)
                continue; // said by the digests
            INFO(name);
            const auto want = expected->second.find(name);
            REQUIRE(want != expected->second.end());
            CHECK(hex == want->second);
        }
    }
}
