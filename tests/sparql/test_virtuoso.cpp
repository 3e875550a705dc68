// What only Virtuoso does: HTTP Digest auth on its /sparql-auth endpoint.
#include "sparql_factory.hpp"

#include <catch2/catch.hpp>

namespace {

using namespace seeother;

const std::string base = "http://auth.test/";
const std::string data = "<http://auth.test/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "
                         "\"a\" .\n";

} // namespace

TEST_CASE("Virtuoso's /sparql-auth: Digest auth from --sparql-auth's user:password",
          "[sparql][virtuoso]") {
    auto options = test::sparql_options(test::load_into_engine(data, "auth.ttl", base), base);
    auto& url = options.endpoint.url;
    url = url.substr(0, url.rfind('/')) + "/sparql-auth";
    try {
        rdf::describes(rdf::sparql::SparqlStore(options), base + "id/a");
        FAIL("answered without credentials");
    } catch (const rdf::StoreError& e) {
        CAPTURE(e.what());
        CHECK(e.kind() == rdf::StoreError::Kind::BadAnswer); // 401
    }
    options.endpoint.user = "dba";
    options.endpoint.password = "dba";
    CHECK(rdf::describes(rdf::sparql::SparqlStore(options), base + "id/a"));
}
