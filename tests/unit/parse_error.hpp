// The ParseError that parsing or loading throws, for the tests that check its place and text.
#pragma once

#include "rdf/parse/parse.hpp"

#include <catch2/catch.hpp>

namespace seeother::test {

/// Runs `parse` and returns the ParseError it throws; fails the test if it throws none.
template <typename F> rdf::ParseError parse_error(F&& parse) {
    try {
        parse();
    } catch (const rdf::ParseError& e) {
        return e;
    }
    FAIL("no ParseError was thrown");
    throw; // unreachable: FAIL throws
}

} // namespace seeother::test
