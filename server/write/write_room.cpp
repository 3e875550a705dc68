#include "server/write/write_room.hpp"

#include "server/html/escape.hpp"
#include "server/http/http_date.hpp"
#include "server/ld/accept.hpp"
#include "server/ld/conditional.hpp"
#include "server/ld/document.hpp"
#include "server/ld/etag.hpp"
#include "server/ld/handlers.hpp"
#include "server/ld/negotiate.hpp"
#include "server/ld/resolver.hpp"
#include "server/write/upload.hpp"

#include "rdf/serialize.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <iostream>
#include <random>
#include <set>
#include <unistd.h>
#include <unordered_map>

namespace seeother::server {
namespace {

constexpr const char* text_plain = "text/plain; charset=utf-8";
constexpr const char* write_methods = "GET, HEAD, OPTIONS, PUT, POST, DELETE";

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Reply text_reply(int status, std::string body) {
    Reply reply;
    reply.status = status;
    reply.set("Content-Type", text_plain);
    reply.set("Cache-Control", "no-store");
    reply.body = std::move(body) + '\n';
    return reply;
}

Reply problem_reply(const Problem& problem) {
    Reply reply = text_reply(problem.status, problem.message);
    if (problem.status == 503)
        reply.set("Retry-After", "5");
    return reply;
}

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

/// The public URL prefix of a request, or a Problem.
Result<std::string> public_root(const Request& request, const Site& site) {
    return public_base(request, site);
}

/// The request as a GET for `format`, with the fields that choose the public URL kept:
/// how the read side would answer a client of this writer.
Request get_for(const Request& request, const std::string& path, rdf::Format format) {
    Request get;
    get.method = "GET";
    get.target = path;
    get.version = request.version;
    for (const auto& [name, value] : request.headers)
        if (iequals(name, "Host") || iequals(name, "Forwarded") ||
            iequals(name, "X-Forwarded-Proto") || iequals(name, "X-Forwarded-Host"))
            get.headers.emplace_back(name, value);
    get.headers.emplace_back("Accept", std::string(rdf::info(format).media_type));
    return get;
}

/// Every entity tag a client may hold for the document at `path` now: each format's, with
/// each content coding.
std::vector<std::string> current_etags(const Request& request, const std::string& path,
                                       const rdf::Store& store, const Site& site) {
    std::vector<std::string> tags;
    for (const auto& row : rdf::formats()) {
        const Reply reply = handle(get_for(request, path, row.format), store, site);
        if (reply.status != 200)
            continue;
        for (const std::string_view coding : {"", "gzip", "br"})
            tags.push_back(strong_etag(reply.body, coding));
    }
    return tags;
}

/// RFC 9110 §13.2.2 for a write to a document that exists (with `tags`) or not: nullopt to
/// proceed, else the 412.
std::optional<Problem> failed_precondition(const Request& request, bool exists,
                                           const std::vector<std::string>& tags,
                                           rdf::Timestamp last_modified) {
    const auto if_match = request.header("If-Match");
    if (request.count("If-Match") > 0) {
        bool matched = false;
        if (rdf::trim_ows(if_match) == "*")
            matched = exists;
        else
            for (const auto& tag : tags)
                matched = matched || entity_tags_match(if_match, tag, Comparison::Strong);
        if (!matched)
            return precondition_failed(exists ? "the document's current ETag"
                                              : "a document that does not exist");
    } else if (exists && request.count("If-Unmodified-Since") == 1) {
        const auto since = parse_http_date(request.header("If-Unmodified-Since"));
        const auto modified = std::chrono::system_clock::to_time_t(last_modified);
        if (since && modified > *since)
            return precondition_failed("the document's Last-Modified");
    }
    if (request.count("If-None-Match") > 0 && exists) {
        const auto field = request.header("If-None-Match");
        bool matched = rdf::trim_ows(field) == "*";
        for (const auto& tag : tags)
            matched = matched || entity_tags_match(field, tag, Comparison::Weak);
        if (matched)
            return precondition_failed("If-None-Match: the document exists as it is");
    }
    return std::nullopt;
}

/// Whether `iri` is one of the subjects a document names.
bool within(const rdf::Subjects& subjects, std::string_view iri) {
    if (iri == subjects.iri)
        return true;
    return subjects.fragments && iri.size() > subjects.iri.size() &&
           iri.compare(0, subjects.iri.size(), subjects.iri) == 0 &&
           iri[subjects.iri.size()] == '#';
}

/// Why these triples cannot be a change: a blank node no IRI subject reaches (it would
/// belong to no description), or, for a document, an IRI subject that is not its own.
std::optional<std::string> unfit(const rdf::Triples& triples, const rdf::Subjects* document) {
    std::unordered_map<std::string, std::vector<const rdf::Triple*>> by_blank;
    std::vector<std::string> reached;
    for (const auto& triple : triples) {
        if (triple.subject.is_blank()) {
            by_blank[triple.subject.value].push_back(&triple);
            continue;
        }
        if (document && !within(*document, triple.subject.value))
            return "the content describes <" + triple.subject.value + ">, which is not <" +
                   document->iri + ">" + (document->fragments ? " or one of its #fragments" : "") +
                   ": a write to a document is about its own subjects";
        if (triple.object.is_blank())
            reached.push_back(triple.object.value);
    }
    std::set<std::string> seen(reached.begin(), reached.end());
    while (!reached.empty()) {
        const auto label = std::move(reached.back());
        reached.pop_back();
        const auto found = by_blank.find(label);
        if (found == by_blank.end())
            continue;
        for (const auto* triple : found->second)
            if (triple->object.is_blank() && seen.insert(triple->object.value).second)
                reached.push_back(triple->object.value);
    }
    for (const auto& [label, unused] : by_blank)
        if (!seen.count(label))
            return "blank node _:" + label.substr(label.find('_') + 1) +
                   " is the subject of triples that no IRI subject leads to";
    return std::nullopt;
}

/// The subject IRIs a change touches: those it replaces, and the IRI subjects it adds to.
std::vector<std::string> touched_by(const rdf::Change& change) {
    std::vector<std::string> out = change.replaced;
    for (const auto& triple : change.added)
        if (triple.subject.is_iri())
            out.push_back(triple.subject.value);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

/// The subject IRIs a document describes now: its IRI, and for a hash document every IRI#….
std::vector<std::string> described_subjects(const rdf::Store& store,
                                            const rdf::Subjects& subjects) {
    std::vector<std::string> out{subjects.iri};
    if (!subjects.fragments)
        return out;
    constexpr std::size_t page = 10000;
    for (std::size_t offset = 0;; offset += page) {
        auto some = store.subjects_page(subjects.iri + "#", offset, page);
        for (auto& iri : some.items)
            out.push_back(std::move(iri));
        if (offset + page >= some.total)
            break;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string_view state_name(ImportJob::State state) {
    switch (state) {
    case ImportJob::State::Queued:
        return "queued";
    case ImportJob::State::Running:
        return "running";
    case ImportJob::State::Failed:
        return "failed";
    case ImportJob::State::Done:
        return "done";
    }
    return "";
}

/// schema.org's word for a job's state.
std::string action_status(ImportJob::State state) {
    switch (state) {
    case ImportJob::State::Queued:
        return "http://schema.org/PotentialActionStatus";
    case ImportJob::State::Running:
        return "http://schema.org/ActiveActionStatus";
    case ImportJob::State::Failed:
        return "http://schema.org/FailedActionStatus";
    case ImportJob::State::Done:
        return "http://schema.org/CompletedActionStatus";
    }
    return "";
}

std::string iso_time(std::int64_t unix) {
    const std::time_t t = static_cast<std::time_t>(unix);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// An import's state as RDF: a schema:Action.
rdf::Triples job_triples(const ImportJob& job, const std::string& url) {
    const auto schema = [](std::string_view local) {
        return "http://schema.org/" + std::string(local);
    };
    const auto it = rdf::Term::iri(url);
    rdf::Triples out;
    const auto add = [&](std::string_view predicate, rdf::Term object) {
        out.push_back({it, rdf::Term::iri(schema(predicate)), std::move(object), {}});
    };
    out.push_back({it,
                   rdf::Term::iri(std::string(rdf::vocab::rdf_type)),
                   rdf::Term::iri(schema("Action")),
                   {}});
    add("name", rdf::Term::literal("import " + std::to_string(job.id)));
    add("actionStatus", rdf::Term::iri(action_status(job.state)));
    const std::string xsd_datetime = "http://www.w3.org/2001/XMLSchema#dateTime";
    if (job.started)
        add("startTime", rdf::Term::literal(iso_time(job.started), xsd_datetime));
    if (job.finished)
        add("endTime", rdf::Term::literal(iso_time(job.finished), xsd_datetime));
    if (job.state == ImportJob::State::Failed)
        add("error", rdf::Term::literal(job.error));
    add("description",
        rdf::Term::literal(std::to_string(job.triples) + " triples " +
                           (job.state == ImportJob::State::Done ? "imported" : "read")));
    std::sort(out.begin(), out.end());
    return out;
}

std::string job_page(const ImportJob& job) {
    std::string title =
        "Import " + std::to_string(job.id) + ": " + std::string(state_name(job.state));
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    if (job.state == ImportJob::State::Queued || job.state == ImportJob::State::Running)
        out += "<meta http-equiv=\"refresh\" content=\"2\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           html::escape_html(title) + "</title>\n</head>\n<body>\n<h1>" + html::escape_html(title) +
           "</h1>\n<p>";
    switch (job.state) {
    case ImportJob::State::Queued:
        out += "Waiting for the imports before it.";
        break;
    case ImportJob::State::Running:
        out += std::to_string(job.triples) + " triples read so far. This page reloads itself.";
        break;
    case ImportJob::State::Failed:
        out += "Nothing was imported: <code>" + html::escape_html(job.error) + "</code>";
        break;
    case ImportJob::State::Done:
        out += std::to_string(job.triples) + " triples imported.";
        break;
    }
    out += "</p>\n</body>\n</html>\n";
    return out;
}

/// What an import's content needs to be read again after a restart.
constexpr std::string_view spool_magic = "seeother-import 1\n";

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

/// Keeps `request`'s content and the fields that say how to read it as spool_dir/ID,
/// durably (written, fsync'd, renamed into place, directory fsync'd).
bool spool(const std::string& dir, std::uint64_t id, const Request& request) {
    const auto path = dir + "/" + std::to_string(id);
    const auto temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    std::string head(spool_magic);
    for (const auto* name : {"Content-Type", "Content-Encoding", "Content-Disposition", "Host"})
        head += std::string(request.header(name)) + "\n";
    head += request.target + "\n";
    const bool ok = write_all(fd, head) && write_all(fd, request.body) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0)
        return false;
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0)
        return false;
    const bool synced = ::fsync(dir_fd) == 0;
    ::close(dir_fd);
    return synced;
}

/// A spooled import read back; nullopt when the file is not one.
std::optional<Request> unspool(const std::string& path) {
    FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return std::nullopt;
    std::string bytes;
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file)) > 0;)
        bytes.append(buf, n);
    std::fclose(file);
    if (bytes.compare(0, spool_magic.size(), spool_magic) != 0)
        return std::nullopt;
    std::size_t at = spool_magic.size();
    std::vector<std::string> lines;
    for (int i = 0; i < 5; ++i) {
        const auto end = bytes.find('\n', at);
        if (end == std::string::npos)
            return std::nullopt;
        lines.push_back(bytes.substr(at, end - at));
        at = end + 1;
    }
    Request request;
    request.method = "POST";
    request.version = "HTTP/1.1";
    const char* names[] = {"Content-Type", "Content-Encoding", "Content-Disposition", "Host"};
    for (int i = 0; i < 4; ++i)
        if (!lines[static_cast<std::size_t>(i)].empty())
            request.headers.emplace_back(names[i], lines[static_cast<std::size_t>(i)]);
    request.target = lines[4];
    request.body = bytes.substr(at);
    return request;
}

/// The name an import's errors give its content: the filename of Content-Disposition, or
/// "import-ID".
std::string import_name(const Request& request, std::uint64_t id) {
    const auto disposition = request.header("Content-Disposition");
    const auto at = disposition.find("filename=");
    if (at != std::string_view::npos) {
        auto name = disposition.substr(at + 9);
        name = name.substr(0, name.find(';'));
        name = rdf::trim_ows(name);
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
            name = name.substr(1, name.size() - 2);
        const auto slash = name.find_last_of("/\\");
        if (slash != std::string_view::npos)
            name.remove_prefix(slash + 1);
        if (!name.empty() && name.find_first_of("\r\n") == std::string_view::npos)
            return std::string(name);
    }
    return "import-" + std::to_string(id);
}

} // namespace

WriteRoom::WriteRoom(WriteSettings settings, WriteTokens tokens, std::unique_ptr<Editor> editor,
                     Site site, Publish publish)
    : settings_(std::move(settings)), site_(std::move(site)), publish_(std::move(publish)),
      tokens_(std::make_shared<const WriteTokens>(std::move(tokens))), editor_(std::move(editor)) {
    std::random_device random;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", random());
    nonce_ = buf;
    for (const auto& origin : editor_->replayed_origins())
        if (origin.rfind("import ", 0) == 0)
            next_import_ = std::max<std::uint64_t>(
                next_import_, std::strtoull(origin.c_str() + 7, nullptr, 10) + 1);
}

WriteRoom::~WriteRoom() {
    {
        std::lock_guard lock(jobs_mutex_);
        stopping_ = true;
    }
    jobs_ready_.notify_all();
    if (importer_.joinable())
        importer_.join();
}

void WriteRoom::start() {
    std::vector<std::uint64_t> spooled;
    if (!settings_.spool_dir.empty())
        if (DIR* dir = ::opendir(settings_.spool_dir.c_str())) {
            while (const dirent* entry = ::readdir(dir)) {
                const std::string name = entry->d_name;
                if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos)
                    spooled.push_back(std::strtoull(name.c_str(), nullptr, 10));
                else if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0)
                    ::unlink((settings_.spool_dir + "/" + name).c_str()); // never acknowledged
            }
            ::closedir(dir);
        }
    std::sort(spooled.begin(), spooled.end());
    {
        std::lock_guard lock(jobs_mutex_);
        for (const auto id : spooled) {
            next_import_ = std::max(next_import_, id + 1);
            const auto path = settings_.spool_dir + "/" + std::to_string(id);
            if (editor_->replayed_origins().count("import " + std::to_string(id))) {
                ::unlink(path.c_str()); // applied and journaled before the crash
                continue;
            }
            auto request = unspool(path);
            if (!request) {
                std::cerr << "seeother: " << path << " is not a spooled import; left alone\n";
                continue;
            }
            std::cerr << "seeother: resuming import " << id << " accepted before the restart\n";
            ImportJob job;
            job.id = id;
            job.accepted = unix_now();
            jobs_[id] = job;
            queue_.push_back({id, std::move(*request)});
        }
    }
    importer_ = std::thread([this] { run_imports(); });
}

void WriteRoom::set_tokens(WriteTokens tokens) {
    std::lock_guard lock(tokens_mutex_);
    tokens_ = std::make_shared<const WriteTokens>(std::move(tokens));
}

void WriteRoom::rebase(const LoadStore& load) {
    Editor::Fold fold;
    {
        std::lock_guard lock(writing_);
        fold = editor_->fold();
    }
    std::shared_ptr<const rdf::Store> base;
    try {
        base = load(fold.changes); // writes go on meanwhile
    } catch (...) {
        std::lock_guard lock(writing_);
        editor_->rebase(nullptr, fold);
        throw;
    }
    std::lock_guard lock(writing_);
    if (auto store = editor_->rebase(std::move(base), fold))
        publish_(std::move(store), nullptr);
}

std::shared_ptr<const rdf::Store> WriteRoom::current() const {
    std::lock_guard lock(writing_);
    return editor_->current();
}

std::optional<ImportJob> WriteRoom::import_job(std::uint64_t id) const {
    std::lock_guard lock(jobs_mutex_);
    const auto found = jobs_.find(id);
    if (found == jobs_.end())
        return std::nullopt;
    return found->second;
}

std::optional<Reply> WriteRoom::unauthorized(const Request& request) const {
    std::shared_ptr<const WriteTokens> tokens;
    {
        std::lock_guard lock(tokens_mutex_);
        tokens = tokens_;
    }
    const auto field = request.header("Authorization");
    const auto token = bearer_token(field);
    if (token && request.count("Authorization") == 1 && tokens->accepts(*token))
        return std::nullopt;
    // RFC 6750 §3: no credentials, no error code; wrong ones, invalid_token.
    Reply reply = text_reply(401, field.empty() ? "Writes need Authorization: Bearer <token>"
                                                : "The bearer token is not one of this server's");
    reply.set("WWW-Authenticate",
              field.empty() ? std::string("Bearer realm=\"seeother\"")
                            : std::string("Bearer realm=\"seeother\", error=\"invalid_token\""));
    return reply;
}

std::string WriteRoom::next_blank_prefix() {
    return "w" + nonce_ + std::to_string(++changes_) + "_";
}

std::optional<Reply> WriteRoom::respond(const Request& request) {
    const auto path = path_of(request.target);
    if (path == imports_path || (path.size() > imports_path.size() &&
                                 path.compare(0, imports_path.size(), imports_path) == 0 &&
                                 path[imports_path.size()] == '/')) {
        if (path == imports_path) {
            if (request.method == "POST")
                return accept_import(request);
            if (request.method == "OPTIONS") {
                Reply reply;
                reply.status = 204;
                reply.set("Allow", "OPTIONS, POST");
                return reply;
            }
            Reply reply =
                text_reply(405, "Imports are posted here: POST, with the data as content");
            reply.set("Allow", "OPTIONS, POST");
            return reply;
        }
        if (request.method != "GET" && request.method != "HEAD") {
            Reply reply = text_reply(405, "An import's state is read with GET");
            reply.set("Allow", "GET, HEAD");
            return reply;
        }
        return import_status(request, path.substr(imports_path.size() + 1));
    }
    if (request.method == "OPTIONS") {
        // A document, existing or not, takes writes; the read side answers the rest.
        const auto store = current();
        const auto spaces = site_.namespaces();
        const auto route = resolve(path, *store, spaces);
        const bool document = route && (route->kind == Route::Kind::Document ||
                                        route->kind == Route::Kind::HashDocument);
        if (!document && !new_document(path, spaces))
            return std::nullopt;
        Reply reply;
        reply.status = 204;
        reply.set("Allow", write_methods);
        if (!request.header("Access-Control-Request-Method").empty()) {
            reply.set("Access-Control-Allow-Methods", write_methods);
            reply.set("Access-Control-Allow-Headers",
                      "Accept, Accept-Language, Authorization, Content-Type, Content-Encoding, "
                      "If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since");
            reply.set("Access-Control-Max-Age", "86400");
        }
        return reply;
    }
    if (request.method != "PUT" && request.method != "POST" && request.method != "DELETE")
        return std::nullopt;
    if (auto refused = unauthorized(request))
        return refused;
    return write_document(request);
}

Reply WriteRoom::write_document(const Request& request) {
    const std::string path(path_of(request.target));
    const auto root = public_root(request, site_);
    if (!root)
        return problem_reply(root.problem());
    const auto spaces = site_.namespaces();
    const PublicSpace space(spaces, *root, site_.keep_iris);

    std::lock_guard lock(writing_);
    const auto store = editor_->current();
    try {
        const auto resolved = resolve(path, *store, spaces);
        if (!resolved)
            return problem_reply(resolved.problem());
        std::optional<Route> route;
        bool exists = false;
        if (resolved->kind == Route::Kind::Document ||
            resolved->kind == Route::Kind::HashDocument) {
            route = *resolved;
            exists = true;
        } else if (resolved->kind == Route::Kind::NotFound) {
            route = new_document(path, spaces);
        }
        if (!route) {
            Reply reply = text_reply(405, "Only documents take writes: " + path + " is not one" +
                                              (resolved->kind == Route::Kind::SeeOther
                                                   ? " (it names a thing: write to its document)"
                                                   : ""));
            reply.set("Allow", "GET, HEAD, OPTIONS");
            return reply;
        }
        const rdf::Subjects subjects{route->iri, route->kind == Route::Kind::HashDocument};
        const auto url = document_url(*route, space);

        if (request.method == "DELETE" && !exists)
            return text_reply(404, "Nothing to delete: no data describes <" +
                                       space.to_shown().rewrite(route->iri) + ">");
        if (has_preconditions(request)) {
            const auto tags =
                exists ? current_etags(request, path, *store, site_) : std::vector<std::string>{};
            if (const auto failed =
                    failed_precondition(request, exists, tags, store->last_modified()))
                return problem_reply(*failed);
        }

        rdf::Change change;
        change.origin = request.method + " " + path;
        if (request.method != "DELETE") {
            UploadSettings upload;
            upload.name = "content";
            upload.base_url = url;
            upload.to_data = &space.to_data();
            upload.blank_prefix = next_blank_prefix();
            upload.max_bytes = settings_.max_upload;
            auto triples = read_upload(request, upload);
            if (!triples)
                return problem_reply(triples.problem());
            if (const auto why = unfit(*triples, &subjects))
                return problem_reply({422, *why});
            if (const auto why = editor_->cannot_keep(*triples))
                return problem_reply({422, *why});
            change.added = std::move(*triples);
        }
        if (request.method != "POST")
            change.replaced = described_subjects(*store, subjects);
        const auto touched = touched_by(change);
        publish_(editor_->apply(change), &touched);

        if (request.method == "POST") {
            Reply reply = text_reply(303, "See " + url);
            reply.set("Location", url);
            return reply;
        }
        if (request.method == "PUT" && !exists) {
            Reply reply = text_reply(201, "Created " + url);
            reply.set("Location", url);
            return reply;
        }
        Reply reply;
        reply.status = 204;
        reply.set("Cache-Control", "no-store");
        return reply;
    } catch (const rdf::StoreError& error) {
        std::cerr << "seeother: [write failed] " << error.what() << '\n';
        return problem_reply(store_problem(error));
    } catch (const std::invalid_argument& error) {
        // The store cannot say it (the SPARQL store: a term SPARQL cannot write, a blank-node
        // group larger than the engine takes), checked before anything was sent.
        return problem_reply(
            {422, std::string("the store cannot take this content: ") + error.what()});
    } catch (const std::exception& error) {
        std::cerr << "seeother: [write failed] " << error.what() << '\n';
        return text_reply(500, "The write could not be made durable; nothing was changed");
    }
}

Reply WriteRoom::accept_import(const Request& request) {
    if (auto refused = unauthorized(request))
        return *refused;
    if (!upload_format(request.header("Content-Type")))
        return problem_reply(
            {415, (request.header("Content-Type").empty()
                       ? std::string("no Content-Type")
                       : "Content-Type " + std::string(request.header("Content-Type")) +
                             " is not a syntax seeother reads") +
                      ": send one of " + upload_media_types()});
    const auto root = public_root(request, site_);
    if (!root)
        return problem_reply(root.problem());
    std::uint64_t id = 0;
    {
        std::lock_guard lock(jobs_mutex_);
        id = next_import_++;
    }
    if (!settings_.spool_dir.empty() && !spool(settings_.spool_dir, id, request)) {
        std::cerr << "seeother: [import refused] cannot keep its content in " << settings_.spool_dir
                  << '\n';
        return text_reply(503, "The import could not be kept on disk; try again later");
    }
    const auto url = *root + std::string(imports_path.substr(1)) + "/" + std::to_string(id);
    {
        std::lock_guard lock(jobs_mutex_);
        ImportJob job;
        job.id = id;
        job.accepted = unix_now();
        jobs_[id] = job;
        queue_.push_back({id, request});
    }
    jobs_ready_.notify_one();
    Reply reply = text_reply(202, "Import " + std::to_string(id) + " accepted; its state: " + url);
    reply.set("Location", url);
    return reply;
}

Reply WriteRoom::import_status(const Request& request, std::string_view id_text) {
    const auto job = id_text.empty() ||
                             id_text.find_first_not_of("0123456789") != std::string_view::npos ||
                             id_text.size() > 18
                         ? std::nullopt
                         : import_job(std::strtoull(std::string(id_text).c_str(), nullptr, 10));
    if (!job)
        return text_reply(404, "No import " + std::string(id_text) +
                                   " (imports are remembered until the server restarts)");
    const auto root = public_root(request, site_);
    if (!root)
        return problem_reply(root.problem());
    if (job->state == ImportJob::State::Done) {
        const auto location = *root + reserved_path(OwnPage::Void);
        Reply reply =
            text_reply(303, "Import " + std::to_string(job->id) + " is done: see " + location);
        reply.set("Location", location);
        return reply;
    }
    std::vector<rdf::Format> offered;
    for (const auto& row : rdf::formats())
        if (row.format == rdf::Format::Html || row.is_rdf)
            offered.push_back(row.format);
    const auto format = choose(parse_accept(request.header("Accept")), offered);
    if (!format)
        return text_reply(406, "An import's state is HTML or RDF");
    Reply reply;
    reply.set("Content-Type", std::string(rdf::info(*format).content_type));
    reply.set("Cache-Control", "no-store");
    reply.set("Vary", "Accept");
    const auto url = *root + std::string(request.target.substr(1, request.target.find('?') - 1));
    reply.body = *format == rdf::Format::Html
                     ? job_page(*job)
                     : rdf::serialize(job_triples(*job, url), *format,
                                      rdf::Prefixes{{"schema", "http://schema.org/"}});
    return reply;
}

void WriteRoom::update(std::uint64_t id, const std::function<void(ImportJob&)>& change) {
    std::lock_guard lock(jobs_mutex_);
    change(jobs_[id]);
}

void WriteRoom::run_imports() {
    for (;;) {
        Queued next;
        {
            std::unique_lock lock(jobs_mutex_);
            jobs_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_)
                return;
            next = std::move(queue_.front());
            queue_.pop_front();
        }
        run_import(std::move(next));
    }
}

void WriteRoom::run_import(Queued job) {
    const auto id = job.id;
    update(id, [](ImportJob& j) {
        j.state = ImportJob::State::Running;
        j.started = unix_now();
    });
    const auto fail = [&](const std::string& why) {
        update(id, [&](ImportJob& j) {
            j.state = ImportJob::State::Failed;
            j.error = why;
            j.finished = unix_now();
        });
        if (!settings_.spool_dir.empty())
            ::unlink((settings_.spool_dir + "/" + std::to_string(id)).c_str());
    };
    std::atomic<std::size_t> read{0};
    std::atomic<bool> reading{true};
    std::thread progress([&] {
        while (reading.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            const auto n = read.load(std::memory_order_relaxed);
            update(id, [n](ImportJob& j) { j.triples = n; });
        }
    });
    const auto root = public_root(job.request, site_).value_or(site_.base);
    const auto spaces = site_.namespaces();
    const PublicSpace space(spaces, root, site_.keep_iris);
    UploadSettings upload;
    upload.name = import_name(job.request, id);
    upload.base_url = root;
    upload.to_data = &space.to_data();
    upload.max_bytes = settings_.max_upload;
    upload.read = &read;
    {
        std::lock_guard lock(writing_);
        upload.blank_prefix = next_blank_prefix();
    }
    auto triples = read_upload(job.request, upload);
    reading = false;
    progress.join();
    if (!triples)
        return fail(triples.problem().message);
    if (const auto why = unfit(*triples, nullptr))
        return fail(*why);
    if (const auto why = editor_->cannot_keep(*triples))
        return fail(*why);
    rdf::Change change;
    change.origin = "import " + std::to_string(id);
    const auto count = triples->size();
    change.added = std::move(*triples);
    try {
        std::lock_guard lock(writing_);
        const auto touched = touched_by(change);
        publish_(editor_->apply(change), &touched);
    } catch (const std::exception& error) {
        std::cerr << "seeother: [import " << id << " failed] " << error.what() << '\n';
        return fail(std::string("the store refused it: ") + error.what());
    }
    update(id, [count](ImportJob& j) {
        j.state = ImportJob::State::Done;
        j.triples = count;
        j.finished = unix_now();
    });
    if (!settings_.spool_dir.empty())
        ::unlink((settings_.spool_dir + "/" + std::to_string(id)).c_str());
}

} // namespace seeother::server
