// Percent-decoding of request paths, percent-encoding of IRIs for HTTP headers, and
// rewriting of local IRIs from --base to the public URL.
#pragma once

#include "term.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::rdf {

/// How a request path maps to IRI characters.
enum class Decoding {
    /// Decode only what an IRI carries unencoded: UTF-8 octets >= 0x80 and RFC 3986
    /// unreserved characters. "%20" and "%2F" stay as they are (they are part of the IRI).
    Iri,
    /// Decode every escape (for clients that over-encode, e.g. "%28" for "(").
    Full,
};

/// Percent-decodes a path. nullopt when an escape is malformed ("%4", "%zz"), decodes to
/// NUL, or the result is not valid UTF-8.
std::optional<std::string> percent_decode(std::string_view path, Decoding decoding);

/// Makes an IRI safe for an HTTP header or an href: percent-encodes octets >= 0x80,
/// controls, space and the characters RFC 3986 never allows ("<>\"{}|\\^`"). Existing
/// escapes are kept.
std::string iri_to_uri(std::string_view iri);

/// Whether iri_to_uri() percent-encodes this octet.
constexpr bool unsafe_in_uri(unsigned char c) {
    return c >= 0x80 || c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"' || c == '{' ||
           c == '}' || c == '|' || c == '\\' || c == '^' || c == '`';
}

/// Maps every IRI starting with `from` to start with `to` instead: subjects, predicates,
/// objects, datatypes and graphs. A no-op when from == to. With several pairs (several
/// namespaces), the longest `from` an IRI starts with decides.
class IriRewriter {
  public:
    using Pair = std::pair<std::string, std::string>;

    IriRewriter(std::string from, std::string to);
    explicit IriRewriter(std::vector<Pair> pairs);

    bool active() const { return active_; }
    /// The (from, to) pairs, longest `from` first.
    const std::vector<Pair>& pairs() const { return pairs_; }
    /// The inverse mapping: every `to` back to its `from`.
    IriRewriter inverse() const;
    std::string rewrite(std::string_view iri) const;
    /// rewrite() in two pieces, without a copy: the new beginning (empty when there is none)
    /// and the rest of `iri`.
    std::pair<std::string_view, std::string_view> rewrite_parts(std::string_view iri) const;
    void rewrite_in_place(Term& term) const;
    void rewrite_in_place(Triples& triples) const;
    void rewrite_in_place(Prefixes& prefixes) const;
    /// Whether an IRI that is writable as it is (is_writable_iri()) stays so rewritten: each
    /// new beginning is writable and ASCII, so that no sequence to encode can form where it
    /// meets the rest.
    bool keeps_writable() const;

  private:
    /// The pair whose `from` is the longest prefix of `iri`, or null.
    const Pair* match(std::string_view iri) const;

    std::vector<Pair> pairs_; ///< longest `from` first
    bool active_ = false;
};

} // namespace seeother::rdf
