// Writes over HTTP (README, "Writes"): PUT, POST and DELETE of documents, and imports that
// answer 202 with a status URL which, once the import is done, answers 303 toward the
// result. Who may write (bearer tokens), what a write changes (an rdf::Change made from the
// request, checked against the document it names and its preconditions), and the replies;
// the Editor makes each change durable and the Service serves the store that shows it.
#pragma once

#include "server/http/reply.hpp"
#include "server/http/request.hpp"
#include "server/ld/site.hpp"
#include "server/write/editor.hpp"
#include "server/write/tokens.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace seeother::server {

/// Where imports are posted, and their status URLs below it (".../imports/3").
inline constexpr std::string_view imports_path = "/.well-known/seeother/imports";

struct WriteSettings {
    std::uint64_t max_upload = 16 << 20; ///< bytes of content, once decoded
    /// Where an import's content is kept (fsync'd) before its 202, until it is applied, so
    /// that a crash loses no accepted import; "" keeps nothing (the SPARQL store).
    std::string spool_dir;
};

/// An import as its status URL shows it.
struct ImportJob {
    enum class State { Queued, Running, Failed, Done };
    std::uint64_t id = 0;
    State state = State::Queued;
    std::size_t triples = 0; ///< read so far (Running), or applied (Done)
    std::string error;       ///< Failed: "NAME:LINE:COL: why", or why else
    std::int64_t accepted = 0, started = 0, finished = 0; ///< Unix times; 0: not yet
};

class WriteRoom {
  public:
    /// `publish` serves a store from now on (Service::replace_store).
    /// `touched`: the subject IRIs a write changed; null for a reload (everything may have).
    using Publish =
        std::function<void(std::shared_ptr<const rdf::Store>, const std::vector<std::string>*)>;

    WriteRoom(WriteSettings settings, WriteTokens tokens, std::unique_ptr<Editor> editor, Site site,
              Publish publish);
    ~WriteRoom();
    WriteRoom(const WriteRoom&) = delete;
    WriteRoom& operator=(const WriteRoom&) = delete;

    /// The reply to a write, an OPTIONS of a document, or a request about imports; nullopt
    /// for what the read side answers.
    std::optional<Reply> respond(const Request& request);

    /// Starts the import thread and queues the imports spooled before a restart that the
    /// journal does not hold yet.
    void start();
    /// The tokens re-read (on reload).
    void set_tokens(WriteTokens tokens);
    /// A reload: `load` builds the store from the data files again, folding in the net
    /// effect of the writes so far (Editor::fold()), while writes go on; those made meanwhile
    /// go on top of it, and the result is published. Nothing changes when `load` returns null
    /// (the reload is not to be swapped in) or throws (the exception goes through).
    void rebase(const LoadStore& load);
    /// The store with every write so far.
    std::shared_ptr<const rdf::Store> current() const;
    /// A copy of an import's state; nullopt for an unknown id.
    std::optional<ImportJob> import_job(std::uint64_t id) const;

  private:
    struct Queued {
        std::uint64_t id;
        Request request; ///< method, target, the fields that matter and the content
    };

    std::optional<Reply> unauthorized(const Request& request) const;
    Reply write_document(const Request& request);
    Reply accept_import(const Request& request);
    Reply import_status(const Request& request, std::string_view id_text);
    void run_imports();
    void run_import(Queued job);
    void update(std::uint64_t id, const std::function<void(ImportJob&)>& change);
    std::string next_blank_prefix();

    WriteSettings settings_;
    Site site_;
    Publish publish_;

    mutable std::mutex tokens_mutex_;
    std::shared_ptr<const WriteTokens> tokens_;

    /// One write at a time, from checking its preconditions to publishing its store.
    mutable std::mutex writing_;
    std::unique_ptr<Editor> editor_;
    std::uint64_t changes_ = 0;
    std::string nonce_; ///< this run's part of blank labels

    mutable std::mutex jobs_mutex_;
    std::condition_variable jobs_ready_;
    std::map<std::uint64_t, ImportJob> jobs_;
    std::deque<Queued> queue_;
    std::uint64_t next_import_ = 1;
    bool stopping_ = false;
    std::thread importer_;
};

} // namespace seeother::server
