// Where the data set lives (--base) and where clients see it (the public URL), and the
// per-site settings that shape replies.
#pragma once

#include "server/http/request.hpp"
#include "server/ld/layout.hpp"
#include "server/ld/problem.hpp"
#include "server/ld/publisher.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace seeother::server {

struct Site {
    std::string base;  ///< --base, always ending in "/"; the one namespace when `spaces` is empty
    Namespaces spaces; ///< several namespaces (or one with another layout or path); else `base`
    bool keep_iris = false;                ///< --keep-iris: bodies name IRIs as the data does
    std::optional<std::string> public_url; ///< --public-url, ending in "/"
    bool trust_proxy = false;              ///< honour Forwarded / X-Forwarded-*
    int see_other_max_age = 3600;          ///< Cache-Control max-age of a 303, seconds

    /// `spaces`, or `base` at "/" in the default layout.
    Namespaces namespaces() const {
        return spaces.empty() ? Namespaces{default_namespace(base)} : spaces;
    }

    /// Cache-Control of every 200 (documents and pages); empty: none.
    std::string cache_control = "max-age=60, must-revalidate";
    /// --symmetric: RDF descriptions also carry the triples whose object is the thing.
    bool symmetric = false;
    /// What the publisher says about the data set, in its VoID description.
    Publication publication;
};

/// The URL prefix the client sees, ending in "/": --public-url when set; else, with
/// --trust-proxy, the first Forwarded element's proto/host or X-Forwarded-Proto/-Host;
/// else http:// plus the Host field; else (HTTP/1.0 without Host) --base. A 400 Problem
/// when an HTTP/1.1 request has no Host, or the Host (or forwarded host) is not a valid
/// authority.
Result<std::string> public_base(const Request& request, const Site& site);

/// The site's name: the public base without scheme and final slash ("data.example.org").
std::string_view site_name(std::string_view public_base);

/// The data set's title, on the home page and in VoID: "Linked Data at data.example.org".
std::string site_title(std::string_view public_base);

/// Appends "/" when missing, so "<base>id/X" concatenates correctly.
std::string with_trailing_slash(std::string url);

} // namespace seeother::server
