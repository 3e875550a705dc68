#include "server/cli/options.hpp"

#include "server/cli/config.hpp"
#include "server/ld/site.hpp"

#include <charconv>

namespace seeother::server {
namespace {

int parse_int(const std::string& flag, const std::string& text, int min, int max) {
    int value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max)
        throw UsageError(flag + " expects a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", not '" + text + "'");
    return value;
}

/// "HOST:PORT", "[v6]:PORT" or ":PORT".
void parse_listen(const std::string& text, Options& options) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos)
        throw UsageError("--listen expects HOST:PORT, e.g. 127.0.0.1:8080, not '" + text + "'");
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    options.host = host.empty() ? "0.0.0.0" : host;
    options.port = parse_int("--listen", text.substr(colon + 1), 0, 65535);
}

bool has_scheme(const std::string& url) {
    return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

} // namespace

std::string usage() {
    return R"(Usage: seeother [serve] [OPTION]...
Serve RDF data as Linked Data: /id/X answers 303 See Other to /doc/X, a description of
<BASE>id/X in Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG or HTML, chosen by
content negotiation.

  --data PATH          RDF file (.ttl .nt .nq .trig, RDF/XML .rdf .owl .xml, optionally
                       .gz) or directory, read recursively; repeatable. Default: the
                       bundled sample data.
  --base URI           IRI prefix of the data set's own resources, e.g. http://example.org/
                       (required with --data; default: the sample's http://example.org/);
                       repeatable: several namespaces, each served at its IRI's own path
  --layout LAYOUT      which IRIs under --base name things and where their documents are:
                       id (default: /id/X -> 303 -> /doc/X), dbpedia (/resource/X -> 303 ->
                       /page/X for people, /data/X.ttl for machines), slash (every IRI
                       /X -> 303 -> /doc/X); then ,things=P ,pages=P ,data=P to change a
                       prefix, e.g. slash,data=about/
  --config FILE        a TOML file of [[namespace]] tables (base, path, layout, things,
                       pages, data) and keep-iris, instead of --base and --layout
  --keep-iris          serve every IRI as the data has it (links to local things still lead
                       here), instead of rewriting --base to the public URL
  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080; port 0: any free port)
  --public-url URL     the URL clients use, when it differs from the Host they send
  --trust-proxy        take the public URL from Forwarded / X-Forwarded-Proto/-Host
  --max-age SECONDS    Cache-Control max-age of 303 responses (default 3600; with
                       --sparql, at most --cache-ttl)
  --cache-control VALUE           Cache-Control of documents and pages (default
                                  "max-age=60, must-revalidate"; "" sends none)
  --threads N          worker threads serving requests at once, at most (default: one
                       per core); with --sparql, up to 32 more while workers wait on
                       the endpoint; idle connections hold no thread
  --max-connections N  connections open at once (default 50000, within the open-file
                       limit); beyond it, and while every worker is stuck on a long
                       request, new clients get 503 and are closed. Independent of
                       --threads: fewer connections than threads leaves threads unused
  --keep-alive-timeout SECONDS    idle time before a kept-alive connection closes (default 5)
  --keep-alive-requests N         requests per kept-alive connection (default 10000)
  --read-timeout SECONDS          time a client has to send a whole request head, and
                                  each piece of its content (default 5)
  --write-timeout SECONDS         time a client may take no bytes of a reply (default 5)
  --cache-mb N         memory for rendered replies, MiB (default 512; 0 turns it off)
  --access-log FILE    one line per request, combined log format ("-": stderr; default off)
  --title TEXT         the data set's title in its VoID description
  --license IRI        its licence (VoID dcterms:license)
  --publisher IRI|NAME its publisher (VoID dcterms:publisher)
  --dump URL           a dump of the whole data set (VoID void:dataDump; a path from /
                       is on this server); repeatable
  --symmetric          RDF descriptions also carry the triples that point at the thing
                       (paged with its own triples)
  --watch              reload the data when a file under --data changes (also on SIGHUP)
  --sparql URL         read the data from this SPARQL endpoint (http or https) instead of
                       --data; needs --base
  --sparql-graph IRI   read only this graph of the endpoint (FROM); repeatable; default:
                       the endpoint's default graph
  --sparql-auth FILE   user:password for the endpoint (HTTP Basic or Digest), from a file
  --sparql-timeout SECONDS        time each query may take (default 10)
  --sparql-update URL  the endpoint's SPARQL 1.1 Update URL, for writes (default: --sparql)
  --cache-ttl SECONDS  how long a rendered reply serves before the data is asked again
                       (default 60)
  --write-token-file FILE         take writes (PUT, POST, DELETE, imports) from clients
                       that send one of the bearer tokens of FILE, one a line
                       (re-read on SIGHUP); without it, writes are 405
  --journal FILE       where every acknowledged write is kept (fsync'd) and replayed
                       from at start, after --data; without it, writes to the in-memory
                       store end with the process (a warning says so)
  --max-upload-mb N    content of a write or an import, once decoded, in MiB (default 16)
  --help               show this help and exit
  --version            show the version and exit
)";
}

Options parse_options(int argc, const char* const* argv) {
    Options options;
    std::vector<std::string> bases;
    std::optional<Layout> layout;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        bool has_inline_value = false;
        if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_inline_value = true;
        }
        const auto next = [&]() -> std::string {
            if (has_inline_value)
                return value;
            if (i + 1 >= argc)
                throw UsageError(arg + " needs a value (see --help)");
            return argv[++i];
        };
        const auto flag_only = [&] {
            if (has_inline_value)
                throw UsageError(arg + " takes no value");
        };

        if (arg == "--data") {
            options.data.push_back(next());
        } else if (arg == "--base") {
            auto base = next();
            if (!has_scheme(base))
                throw UsageError("--base expects an http:// or https:// IRI, not '" + base + "'");
            bases.push_back(with_trailing_slash(base));
            options.base = bases.front();
        } else if (arg == "--layout") {
            std::string problem;
            layout = parse_layout(next(), problem);
            if (!layout)
                throw UsageError("--layout: " + problem);
        } else if (arg == "--config") {
            options.config = next();
        } else if (arg == "--keep-iris") {
            flag_only();
            options.keep_iris = true;
        } else if (arg == "--listen") {
            parse_listen(next(), options);
        } else if (arg == "--public-url") {
            auto url = next();
            if (!has_scheme(url))
                throw UsageError("--public-url expects an http:// or https:// URL, not '" + url +
                                 "'");
            options.public_url = with_trailing_slash(url);
        } else if (arg == "--trust-proxy") {
            flag_only();
            options.trust_proxy = true;
        } else if (arg == "--max-age") {
            options.max_age = parse_int(arg, next(), 0, 31536000);
        } else if (arg == "--cache-control") {
            options.cache_control = next();
            for (const char c : options.cache_control)
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                    throw UsageError("--cache-control must be a field value, without control "
                                     "characters");
        } else if (arg == "--threads") {
            options.threads = parse_int(arg, next(), 1, 1024);
        } else if (arg == "--max-connections") {
            options.max_connections = parse_int(arg, next(), 1, 1000000);
        } else if (arg == "--keep-alive-timeout") {
            options.keep_alive_timeout = parse_int(arg, next(), 1, 3600);
        } else if (arg == "--keep-alive-requests") {
            options.keep_alive_requests = parse_int(arg, next(), 1, 1000000000);
        } else if (arg == "--read-timeout") {
            options.read_timeout = parse_int(arg, next(), 1, 3600);
        } else if (arg == "--write-timeout") {
            options.write_timeout = parse_int(arg, next(), 1, 3600);
        } else if (arg == "--cache-mb") {
            options.cache_mb = parse_int(arg, next(), 0, 1 << 20);
        } else if (arg == "--access-log") {
            options.access_log = next();
        } else if (arg == "--title") {
            options.title = next();
        } else if (arg == "--license") {
            options.license = next();
            if (!has_scheme(options.license))
                throw UsageError("--license expects an http:// or https:// IRI, not '" +
                                 options.license + "'");
        } else if (arg == "--publisher") {
            options.publisher = next();
        } else if (arg == "--dump") {
            auto dump = next();
            if (!has_scheme(dump) && dump.rfind('/', 0) != 0)
                throw UsageError("--dump expects an http:// or https:// URL or a path from /, "
                                 "not '" +
                                 dump + "'");
            options.dumps.push_back(std::move(dump));
        } else if (arg == "--symmetric") {
            flag_only();
            options.symmetric = true;
        } else if (arg == "--watch") {
            flag_only();
            options.watch = true;
        } else if (arg == "--sparql") {
            options.sparql = next();
            if (!has_scheme(options.sparql))
                throw UsageError("--sparql expects an http:// or https:// URL, not '" +
                                 options.sparql + "'");
        } else if (arg == "--sparql-graph") {
            options.sparql_graphs.push_back(next());
        } else if (arg == "--sparql-auth") {
            options.sparql_auth = next();
        } else if (arg == "--sparql-timeout") {
            options.sparql_timeout = parse_int(arg, next(), 1, 3600);
        } else if (arg == "--sparql-update") {
            options.sparql_update = next();
            if (!has_scheme(options.sparql_update))
                throw UsageError("--sparql-update expects an http:// or https:// URL, not '" +
                                 options.sparql_update + "'");
        } else if (arg == "--write-token-file") {
            options.write_token_file = next();
        } else if (arg == "--journal") {
            options.journal = next();
        } else if (arg == "--max-upload-mb") {
            options.max_upload_mb = parse_int(arg, next(), 1, 1 << 20);
        } else if (arg == "--cache-ttl") {
            options.cache_ttl = parse_int(arg, next(), 0, 31536000);
        } else if (arg == "--help" || arg == "-h") {
            flag_only();
            options.help = true;
        } else if (arg == "--version") {
            flag_only();
            options.version = true;
        } else {
            throw UsageError("unknown argument '" + arg + "' (see --help)");
        }
    }
    if (!options.config.empty()) {
        if (!bases.empty() || layout)
            throw UsageError("--config " + options.config +
                             " names the namespaces and their layouts; give no --base or "
                             "--layout with it");
        auto config = read_config(options.config);
        options.namespaces = std::move(config.namespaces);
        options.keep_iris = options.keep_iris || config.keep_iris.value_or(false);
        options.base = options.namespaces.front().base;
    } else {
        for (const auto& base : bases) {
            Namespace space;
            space.base = base;
            if (layout)
                space.layout = *layout;
            space.path.clear(); // chosen below
            options.namespaces.push_back(std::move(space));
        }
    }
    // One namespace is served at "/", several each at the path of its own IRI.
    for (auto& space : options.namespaces)
        if (space.path.empty())
            space.path = options.namespaces.size() == 1 ? "/" : iri_path(space.base);
    if (auto problem = check_namespaces(options.namespaces); problem && !options.namespaces.empty())
        throw UsageError(*problem);
    if (!options.sparql.empty()) {
        if (!options.data.empty())
            throw UsageError("--sparql and --data exclude each other: the data comes from one");
        if (options.watch)
            throw UsageError("--watch watches --data files; an endpoint's data is asked again "
                             "after --cache-ttl");
        if (options.base.empty())
            throw UsageError("--sparql needs --base, the IRI prefix of the data set's resources");
        if (!options.journal.empty())
            throw UsageError("--journal keeps the writes of the in-memory store; the SPARQL "
                             "endpoint keeps its own");
    } else if (!options.sparql_graphs.empty() || !options.sparql_auth.empty() ||
               !options.sparql_update.empty()) {
        throw UsageError(std::string(!options.sparql_graphs.empty() ? "--sparql-graph"
                                     : !options.sparql_auth.empty() ? "--sparql-auth"
                                                                    : "--sparql-update") +
                         " needs --sparql URL");
    }
    if (!options.journal.empty() && options.write_token_file.empty())
        throw UsageError("--journal needs --write-token-file: without it, nothing writes");
    if (!options.data.empty() && options.base.empty())
        throw UsageError("--data needs --base, the IRI prefix of the data set's resources");
    if (options.base.empty()) {
        options.base = sample_base;
        if (layout)
            throw UsageError("--layout needs --base: the sample keeps its own layout");
    }
    if (options.namespaces.empty())
        options.namespaces.push_back(default_namespace(options.base));
    return options;
}

} // namespace seeother::server
