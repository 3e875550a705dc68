#include "server/ld/problem.hpp"

#include "server/ld/handlers.hpp"

namespace seeother::server {

Problem bad_request(std::string_view why) {
    return {400, "Bad request: " + std::string(why)};
}

Problem not_found(std::string_view what) {
    return {404, "Not found: " + std::string(what)};
}

Problem method_not_allowed(std::string_view method) {
    return {405, "Method " + std::string(method) +
                     " is not allowed here; this server is read-only. Allowed: " + allowed_methods};
}

Problem precondition_failed(std::string_view etag) {
    return {412, "Precondition failed: If-Match or If-Unmodified-Since does not hold for the "
                 "current representation (ETag " +
                     std::string(etag) + ")"};
}

Problem store_problem(const rdf::StoreError& error) {
    // The store's detail says what went wrong in words meant for clients; its message may
    // name hosts, and is not shown.
    const std::string detail = error.detail().empty() ? "" : " (" + error.detail() + ")";
    switch (error.kind()) {
    case rdf::StoreError::Kind::Unavailable:
        return {503, "Service unavailable: the data store cannot be reached or refuses "
                     "requests for now" +
                         detail + "; try again later"};
    case rdf::StoreError::Kind::Timeout:
        return {504, "Gateway timeout: the data store did not answer in time" + detail};
    case rdf::StoreError::Kind::BadAnswer:
        break;
    }
    return {502,
            "Bad gateway: the data store answered with an error or something unreadable" + detail};
}

} // namespace seeother::server
