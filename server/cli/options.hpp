// The command line, parsed into Options. Errors are exceptions with a message for people.
#pragma once

#include "server/ld/layout.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace seeother::server {

struct Options {
    std::vector<std::string> data; ///< --data, repeatable; empty: the bundled sample
    std::string base; ///< the first --base (or namespace), ending in "/"; the sample's base
    /// Every --base (or the config file's [[namespace]]s), each with its path and layout: one
    /// --base is served at "/", several each at its own IRI's path.
    Namespaces namespaces;
    std::string config;                    ///< --config FILE (TOML), when given
    bool keep_iris = false;                ///< --keep-iris: bodies name IRIs as the data has them
    std::string host = "127.0.0.1";        ///< --listen HOST:PORT
    int port = 8080;                       ///< 0: the system picks a free port
    std::optional<std::string> public_url; ///< --public-url, ending in "/"
    bool trust_proxy = false;              ///< --trust-proxy
    std::optional<int> max_age;            ///< --max-age of a 303; unset: see serve.cpp
    std::string cache_control = "max-age=60, must-revalidate"; ///< --cache-control of a 200
    int threads = 0;                        ///< --threads: workers at most; 0: one per core
    int max_connections = 50000;            ///< --max-connections open at once
    int keep_alive_timeout = 5;             ///< --keep-alive-timeout, seconds
    int keep_alive_requests = 10000;        ///< --keep-alive-requests per connection
    int read_timeout = 5;                   ///< --read-timeout: seconds for a request to arrive
    int write_timeout = 5;                  ///< --write-timeout: seconds for a reply to leave
    int cache_mb = 512;                     ///< --cache-mb: rendered replies kept, MiB; 0 off
    std::string access_log;                 ///< --access-log FILE, "-" for stderr
    std::string title;                      ///< --title of the data set (VoID)
    std::string license;                    ///< --license IRI (VoID)
    std::string publisher;                  ///< --publisher IRI or name (VoID)
    std::vector<std::string> dumps;         ///< --dump URL, repeatable (VoID void:dataDump)
    bool symmetric = false;                 ///< --symmetric: incoming triples in RDF too
    bool watch = false;                     ///< --watch: reload when a data file changes
    std::string sparql;                     ///< --sparql URL: the store is this endpoint
    std::vector<std::string> sparql_graphs; ///< --sparql-graph IRI, repeatable (FROM)
    std::string sparql_auth;                ///< --sparql-auth FILE holding user:password
    int sparql_timeout = 10;                ///< --sparql-timeout: seconds per query
    std::string sparql_update;              ///< --sparql-update URL; empty: --sparql's
    int cache_ttl = 60; ///< --cache-ttl: seconds a rendered reply serves before asking again
    std::string write_token_file; ///< --write-token-file: writes on, for these bearer tokens
    std::string journal;          ///< --journal FILE: where acknowledged writes are kept
    int max_upload_mb = 16;       ///< --max-upload-mb: content of a write, once decoded
    bool help = false;            ///< --help
    bool version = false;         ///< --version
};

/// A command line that cannot be obeyed; the message names the argument.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Parses argv (argv[0] is the program). Throws UsageError.
Options parse_options(int argc, const char* const* argv);

/// The --help text.
std::string usage();

/// The base of the bundled sample data set.
inline constexpr const char* sample_base = "http://example.org/";

} // namespace seeother::server
