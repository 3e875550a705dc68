// The writers' output is part of the contract (issue 16: cold documents made faster, with the
// same bytes): every document of a bench data set and of the hostile fixtures, in every
// format, is rendered and digested, and the digests must equal those recorded from main before
// that work began (cb36db1). One byte changed anywhere fails the case that names its fixture
// and format.
//
// What is digested, per fixture: the answer to each subject's own path (a 303 and its
// Location, or a hash document), then its document in every format negotiated by Accept (the
// status, every header but Last-Modified, which follows the fixture file's date, and the body),
// the HTML also for a reader of German and French, and the next page where a reply links one;
// and, apart from the server, serialize() of each subject's whole description in every RDF
// syntax (subjects outside the base too). A deliberate change of output records new digests:
// run `unit_tests "[bytes]"` with SEEOTHER_PRINT_DIGESTS=1 and say why in the commit.
#include "rdf/iri.hpp"
#include "rdf/serialize.hpp"
#include "rdf/sord/load.hpp"
#include "server/html/sha256.hpp"
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
        for (const auto& [name, value] : reply.headers)
            if (name != "Last-Modified") {
                add(name);
                add(value);
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

/// A name as URL path text, as the server's own links spell it.
std::string path_text(std::string_view name) {
    std::string uri;
    for (const char c : seeother::rdf::iri_to_uri(name)) {
        if (c == '?')
            uri += "%3F";
        else if (c == '#')
            uri += "%23";
        else
            uri += c;
    }
    return uri;
}

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
        const std::string path = "/" + path_text(name);
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

// Recorded from main at cb36db1 (before issue 16's work), with SEEOTHER_PRINT_DIGESTS=1.
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
         {"html", "c9d92fbb705a06d1fb536612b17cc6e91fdc755aa52855a470e9c4e3c4b0dc3d"},
         {"html-de-fr", "0637fe47e8cd8d90754051a4f5ecb92aba12a1326160b3eb5f2cfe96075fd709"},
         {"jsonld", "227881fe167296e10fc8d9c52651a8f52cc73ec42b29123fb6fe6918c320b4f9"},
         {"nquads", "0c0a6a7e15f01384b5b480e96fc36e6b1b2cb0ea4a301d07b7bd8120825e339e"},
         {"ntriples", "f36d4cc2359453470b23d024bba4a8620ba1bbac388e7d431cb70cb5521399fd"},
         {"paths", "42d773a23d5ebb8afbeb55e4ca52f1a069c2a4ffd78d8abcc9a420cecb3f495b"},
         {"rdfxml", "751ab5f6be15585bf2d7de27ac318aaa7367d5c7ce2a04b6f64609e48cb733eb"},
         {"serialize-jsonld", "7b508f5fb5b1fccfd9b3537f4e516a7a64a0633fc68a0c1f926047cee81dd9ef"},
         {"serialize-nq", "458899aa6f3f34bd1cff284928d42f62881949544a7fb29d007ea69ed7ec238c"},
         {"serialize-nt", "458899aa6f3f34bd1cff284928d42f62881949544a7fb29d007ea69ed7ec238c"},
         {"serialize-rdf", "61cb3f26b8f7e850fe3323b6db1d170e10d269a9a020f815acce0c45fcac11e0"},
         {"serialize-trig", "d6be63b2b60decf9f893940ba331cdf891f9db64e9d74853b859c2559da4ee15"},
         {"serialize-ttl", "d6be63b2b60decf9f893940ba331cdf891f9db64e9d74853b859c2559da4ee15"},
         {"trig", "301dea0338d509aa094e35e7f51b10c784ebc6edb0958cd6a35c5d97456a9d6b"},
         {"turtle", "35675c9204194a77049a0fcffb4d773ea7228684da85ed2dcde1a4704f1bb19c"},
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
         {"html", "4860a9d3b08f1ef7c0a04ee72a0a2d2315afcf08232a2032d952d55a9c70b356"},
         {"html-de-fr", "3cf46a587efe679b8564678c0f2a4a6784364d7bdc0829c2b26a00381467936e"},
         {"jsonld", "ea42008d09e272c6abeba4c8f1ba32c02a763c62dc4624a164a2d2a08480ae63"},
         {"nquads", "8564136a739f53b311f869528294e7adffe23e845b8ae7f8e4bf975ff6002020"},
         {"ntriples", "f4f61c5b4d4c7f5f32fabcb7c97c00d96f9e57e68b9225d75dd2554c7e9e4067"},
         {"paths", "fc7b99ffaab8f8040714176d07a63979c357ba22b4e0e6910f24f13ee34da368"},
         {"rdfxml", "a06d612aea991a9d97ac80684c41f25fa51baf93879b08435615e8c580f25ff4"},
         {"serialize-jsonld", "aa63fa8ffc986bc55a49bdf553eb7e72983230b2de0a5be2089d00eb7e08f187"},
         {"serialize-nq", "68609e6e67a7e3328a130d1ee0c29ddb4fba83abf94ec853eab315d1b6ed589b"},
         {"serialize-nt", "68609e6e67a7e3328a130d1ee0c29ddb4fba83abf94ec853eab315d1b6ed589b"},
         {"serialize-rdf", "057b43b0033188a0678cfbaefcac1e7922bd5aca473f16973fe5e95af051189a"},
         {"serialize-trig", "51c54e5beacc2ea7f01ecd7a6dd0d40b12950130755c95f6ecb2139b481a0727"},
         {"serialize-ttl", "51c54e5beacc2ea7f01ecd7a6dd0d40b12950130755c95f6ecb2139b481a0727"},
         {"trig", "963033fc1c5c16c2a55b0bc7b0fe6c4ab4ef06cb1d3bc9247c97923db99bc00f"},
         {"turtle", "806f96e7033a7c5789d6b3b9effc8cdb06605fff83b54e6c0e1c8a7829a5c692"},
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
         {"html", "638a32db295688fa074e516e29aa7bfec9b58e1293268e1169df610565b40d13"},
         {"html-de-fr", "638a32db295688fa074e516e29aa7bfec9b58e1293268e1169df610565b40d13"},
         {"jsonld", "09574bcec3d041dda687cb151bf66d1bef9e05475947daf4b7ebed624fd88131"},
         {"nquads", "75a033eea0238c0f4a9a73985b87ac08926c3b10a900cbee12148031c6174032"},
         {"ntriples", "86479f9ab5e58c86fec2a5131956506f7b3fbe326e425194504b3c582a72678b"},
         {"paths", "fe7fbd074fa513b4295bccbbc864b358e111b8e85c9f52c16e572de0c5ee6dc9"},
         {"rdfxml", "c35b580f9265f3ea326cc6c19bd9e2e594b010ac7246bf89b2b43d04f5111c67"},
         {"serialize-jsonld", "ba4b0ed7b78be7bff36bdc489d64cac687ec02585637d4d67a8a8d7a4f652d72"},
         {"serialize-nq", "d5233c117bcbe434d397539d06c7be3c9ff00b33076f927e9ba18e2e006f2288"},
         {"serialize-nt", "77d68201ffd61a91a1009f56c9280ca0dfb07444cb7e7264c68a6d40c3ce8edb"},
         {"serialize-rdf", "1662d87536f44b4dbd7a8ebd40de55f4f96290c1ac85dbb78250bd335caeb820"},
         {"serialize-trig", "e2bebea60b6d7b086fe4a4047aca71c0a82179375441d3e4cc35c04b674b9267"},
         {"serialize-ttl", "081580f61ca85b64888af4bd229f6d9dd050f42f7ec93b38c728b175c4d1d91d"},
         {"trig", "39d2c703f39308a6eea7318186bb798c2dddba12816b0d9de34649340d26b185"},
         {"turtle", "96d0d68e112ad19941297a85ff755898b4263a18c2dfc3de1a7863f3e1e7abcb"},
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
         {"html", "f0982f96083219ff79ab03a62c6f5302bb1f4593817668d5b764d07ab9ec701b"},
         {"html-de-fr", "f0982f96083219ff79ab03a62c6f5302bb1f4593817668d5b764d07ab9ec701b"},
         {"jsonld", "a87cb35cb8e360447194d746bdfb7b96d99b3d4fb07db92346c9cc5edc0172a2"},
         {"nquads", "c4aca8dee2d419bbec784c359a94081b5f516306625527c22096c734b2da2f2a"},
         {"ntriples", "1b82d69fa228f78b5d6e7ec10310a38530b5ee2c9ac6cfd05daefc5495bc8bd0"},
         {"paths", "9d9c30e43aff5d64d3e0786b7fc5a98d8740fe357bd15442cfd9669ca7317da1"},
         {"rdfxml", "7bc69340ef391310c801c2df947b0970b4d4d6a4748c8df69c6d7390d34c63ac"},
         {"serialize-jsonld", "8d8d578bc3919d496e255188aaedd95dd964f088b86db282eb4f45d00690f42c"},
         {"serialize-nq", "ff3154296ef655d45b4e255adb9f012072c41cc083098e4b27226524a0246e00"},
         {"serialize-nt", "ff3154296ef655d45b4e255adb9f012072c41cc083098e4b27226524a0246e00"},
         {"serialize-rdf", "36884b661662d29799d082e06fe79fe524805fc5ba5dd977e9b805490c7957d0"},
         {"serialize-trig", "7a8d3b86b90c36e13e467376a959e3fe7a81934b495cf44727c7eeda528e0e6b"},
         {"serialize-ttl", "7a8d3b86b90c36e13e467376a959e3fe7a81934b495cf44727c7eeda528e0e6b"},
         {"trig", "b9cea237b3f46b932a8b906f92d2dbdb372a7e584a6476cd0bff10c059a252bb"},
         {"turtle", "5fd4d5b1d9279ef77aa41093e8b391aa1aa7367327e4604f8058af1e73c7c6bb"},
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
         {"html", "9b19806114b2081bde2c659a92921c8f5ea1182e6ee253665743c5b664eab353"},
         {"html-de-fr", "2cd6acc2dcf723035bf00f6ae83e0573d9a0eba34e0c122a14f8001de6ea80df"},
         {"jsonld", "7a5046e21ce0371b27a6f6dbf628910e7ad6d378274a97d1fd6d372403a06881"},
         {"nquads", "d0e0efcfb778cf1ab35b3be1a20f19936ef6d868fa7e5805dbd5728b2bddbe13"},
         {"ntriples", "a56d5f7afd2b464461c0af23824106d9b889a12fd1c32731ff0bf6d77e4936ec"},
         {"paths", "53375c9392a5fe4581ac265f6864ad669a9093a765b425bf63ac2c9b87b7ff65"},
         {"rdfxml", "ee4f01705751be48f4e8db51c72385facc0c90645bc863194e839d5a1bc2595f"},
         {"serialize-jsonld", "23274e62dcaf80a124cef6c3c2d0e3c6649ff4b2dd9fef1d7f0e51173d8697d4"},
         {"serialize-nq", "18503ec95ce656e5639f5772027b021ca73e1322a752eca537dd95478cb786e6"},
         {"serialize-nt", "18503ec95ce656e5639f5772027b021ca73e1322a752eca537dd95478cb786e6"},
         {"serialize-rdf", "1804846fed11ae5f44123b95ddd849395d792ab4baaf8dc3e8c1ba76221b794a"},
         {"serialize-trig", "710b7afcf026b7c385c7814872f8fa95d3cdbeb6a0c6efda268c40fc7e18a6db"},
         {"serialize-ttl", "710b7afcf026b7c385c7814872f8fa95d3cdbeb6a0c6efda268c40fc7e18a6db"},
         {"trig", "8e608b275bfda49ba266479e9b9ea83d5554bc536248f2ea1eb43a6aadf5af01"},
         {"turtle", "5496a23a8804c253be7e301d89ae31017fe58f5b0dd325e3686bc92ab0ccb951"},
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
         {"html", "a6f47900b60c8a5742fbaa9bdf35ce2763b8b788ed8be4285c2c1bd714d8ba1a"},
         {"html-de-fr", "a6f47900b60c8a5742fbaa9bdf35ce2763b8b788ed8be4285c2c1bd714d8ba1a"},
         {"jsonld", "3acd7633c5982e74d37fe67d48dd42cd1708d8a60f041ff14a7b0f7e6e4d26e0"},
         {"nquads", "b4992c6a239a02f464bd1548d13fe36724c3d5818e0fde162f8ab65b08fc94a7"},
         {"ntriples", "cdeb1c8dc0ae59ab7cba3951ad3691bf9c45a1bd10d04cf5c9e3c23993e42b3d"},
         {"paths", "7e4fbbbbd2415b6597d023fffedd159ccf2c295aa28cba325114953f8113e756"},
         {"rdfxml", "662fecd5e35154f9a314e99085a89bbceb54ea922eb34603cb24e05986285368"},
         {"serialize-jsonld", "ad0da7be7e824c2a053367a0dcdba9eababd741a2d9d4cbc356c9f772932ac44"},
         {"serialize-nq", "a2b5a01ac7600f83238a84575788ad4c973f5f49f1dd0a9ee24be098bc247c04"},
         {"serialize-nt", "a2b5a01ac7600f83238a84575788ad4c973f5f49f1dd0a9ee24be098bc247c04"},
         {"serialize-rdf", "dfed90bfcb832b941d6c6df930c54abdc3b7a4f46574ade0b9ec9111d4b18744"},
         {"serialize-trig", "a631afc5140187e3eeeed96dad7297554ac7a88cc76c919e8a6ca902c6841881"},
         {"serialize-ttl", "a631afc5140187e3eeeed96dad7297554ac7a88cc76c919e8a6ca902c6841881"},
         {"trig", "7de25ec88aed1ef780b04022a301289aaa4abf537f5a15172f77c9c698f27896"},
         {"turtle", "7e4fbbbbd2415b6597d023fffedd159ccf2c295aa28cba325114953f8113e756"},
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
         {"html", "70781b210a2be5b4a04cae89e3879834b774907af770ad2253180ec7637d5bbd"},
         {"html-de-fr", "70781b210a2be5b4a04cae89e3879834b774907af770ad2253180ec7637d5bbd"},
         {"jsonld", "8bac6cfe4206ff3801b67490b028f977ede10c2636560121be5990829d9fdd48"},
         {"nquads", "04cacfbc95846b94bd380cf033ddd869d573a6df92c5fb6411f6342192599ef3"},
         {"ntriples", "b5b04d80c12810b680ba2c69ddb90fd4f398698d3c3d79ff25193efdda87cca6"},
         {"paths", "f420d267046aa3c9bae3061f2c1bdf40f69d950a24f9912fdc89ebefb1b56dc9"},
         {"rdfxml", "ed91945174b28adeb08cbfebf66ec4a056a6a4b4d36ae33f29336cd371945459"},
         {"serialize-jsonld", "38eb8e3337be7259bfbf25a3cba61be9d3997c1880b0d73eb966ea2870589a74"},
         {"serialize-nq", "f7d9f6a44430537e062427be7b968f29ff6e22e8489b14cc0dfabc93439c6057"},
         {"serialize-nt", "f7d9f6a44430537e062427be7b968f29ff6e22e8489b14cc0dfabc93439c6057"},
         {"serialize-rdf", "0fcba043bd7fa1c1d43d0880adc9709fc04aafa9a8b9eec71f9edd207810420a"},
         {"serialize-trig", "eccd6e1dcf70c133c3848538b2e269268001806fd6bcfe4b291a1e845ad41020"},
         {"serialize-ttl", "eccd6e1dcf70c133c3848538b2e269268001806fd6bcfe4b291a1e845ad41020"},
         {"trig", "6e1e4ffe855748d6e24276061d92c207d830016c1fcfe448f27b9a5a38251750"},
         {"turtle", "f9cf4dbd89b61cee72aa20ae7a0b74aaf2c28b2b2aedd14a64feaa2415d1e4b8"},
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
         {"html", "496671cc208050af65ef5c225141556d9dec57a628bda6231328805917563c02"},
         {"html-de-fr", "a8358ec23369fd8a799fe54fcfc12e9a3064c8502834c0817c657908d19584a4"},
         {"jsonld", "68a4b785c82ffbfd3287c615fa2cb6e7121a5f70d8d779ddd5fecb13be7b0c88"},
         {"nquads", "81efe135ec09abe4c2799bed4b2704806426c4dba2887cdd78562178b139c3cd"},
         {"ntriples", "ab4ac4e44a233214c8adf3169ffe3337f852123082bc0c84cb45cc8b2a8b22e0"},
         {"paths", "7461b272aa504133c0a583cb2f1ab9c783f87d01580e7498a1ef09f601152f78"},
         {"rdfxml", "637b5483b9a49e122b3f44459403ee38166634e37700a7894992bcd36d840c20"},
         {"serialize-jsonld", "97003fc84d35869b8c6686d3fecfbfe7a41633525a324a42e091af9780ebd0ef"},
         {"serialize-nq", "563dacd230eacb978c59c04e069b162c74256afa67f07822f5d1a021dbed6aa7"},
         {"serialize-nt", "563dacd230eacb978c59c04e069b162c74256afa67f07822f5d1a021dbed6aa7"},
         {"serialize-rdf", "f1a91c262f23b133dffc8d633fdad68668c92fe3449d0e0f4b24cbc020e6cc66"},
         {"serialize-trig", "6822162346bfdc00bdf9b429f8d3d19a6e88dbdb5f656da58d56524c2a59f2e7"},
         {"serialize-ttl", "6822162346bfdc00bdf9b429f8d3d19a6e88dbdb5f656da58d56524c2a59f2e7"},
         {"trig", "ff47f01a62e0a0c8482d35f5a86c7ccef7a10ef8bdbbb720bc401e25403a59d0"},
         {"turtle", "7461b272aa504133c0a583cb2f1ab9c783f87d01580e7498a1ef09f601152f78"},
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
