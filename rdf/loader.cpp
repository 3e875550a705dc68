#include "loader.hpp"

#include "rdf/sord/sord_store.hpp"

#include <serd/serd.h>
#include <sord/sord.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

namespace seeother::rdf {

namespace fs = std::filesystem;

namespace {

std::string what_text(const std::string& file, unsigned line, unsigned column,
                      const std::string& message) {
    if (file.empty())
        return message;
    if (line == 0)
        return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

} // namespace

LoadError::LoadError(std::string file, unsigned line, unsigned column, const std::string& message)
    : std::runtime_error(what_text(file, line, column, message)), file_(std::move(file)),
      line_(line), column_(column), message_(message) {}

namespace {

// ---------------------------------------------------------------------------------------
// File names

constexpr const char* supported_names =
    "expected a name ending in .ttl, .nt, .nq or .trig, optionally followed by .gz";

struct InputFormat {
    SerdSyntax syntax;
    bool gzip;
};

std::optional<InputFormat> input_format(std::string_view file_name) {
    std::string name(file_name);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto ends_with = [&](std::string_view suffix) {
        return name.size() > suffix.size() &&
               std::string_view(name).substr(name.size() - suffix.size()) == suffix;
    };
    const bool gzip = ends_with(".gz");
    if (gzip)
        name.resize(name.size() - 3);
    static constexpr std::pair<std::string_view, SerdSyntax> table[] = {
        {".ttl", SERD_TURTLE}, {".nt", SERD_NTRIPLES}, {".nq", SERD_NQUADS}, {".trig", SERD_TRIG}};
    for (const auto& [suffix, syntax] : table)
        if (ends_with(suffix))
            return InputFormat{syntax, gzip};
    return std::nullopt;
}

std::optional<InputFormat> input_format_of_path(const std::string& path) {
    return input_format(fs::path(path).filename().string());
}

std::string errno_text(int error) {
    return std::generic_category().message(error);
}

// ---------------------------------------------------------------------------------------
// Byte sources: one reading loop for plain files, gzip files and strings.

/// Bytes for the reader. read() fills the whole buffer unless the input ends or fails;
/// error() then says why (empty at a clean end).
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
    const std::string& error() const { return error_; }

  protected:
    std::string error_;
};

struct FileClose {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

class PlainFileSource final : public ByteSource {
  public:
    explicit PlainFileSource(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
        if (!file_)
            throw LoadError(path, 0, 0, errno_text(errno));
    }

    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::fread(buffer, 1, size, file_.get());
        if (n < size && std::ferror(file_.get()))
            error_ = errno_text(errno);
        return n;
    }

  private:
    std::unique_ptr<std::FILE, FileClose> file_;
};

struct GzClose {
    void operator()(gzFile file) const { gzclose(file); }
};

class GzipFileSource final : public ByteSource {
  public:
    explicit GzipFileSource(const std::string& path) : path_(path) {
        errno = 0;
        file_.reset(gzopen(path.c_str(), "rb"));
        if (!file_)
            throw LoadError(path, 0, 0, errno ? errno_text(errno) : "cannot open gzip stream");
        gzbuffer(file_.get(), 1U << 17U);
        // zlib would pass a file that is not gzip through unchanged; a .gz name promises gzip.
        if (gzdirect(file_.get()) == 1)
            throw LoadError(path, 0, 0, "not in gzip format");
    }

    std::size_t read(char* buffer, std::size_t size) override {
        std::size_t total = 0;
        while (total < size) {
            const auto chunk = static_cast<unsigned>(std::min<std::size_t>(size - total, INT_MAX));
            const int n = gzread(file_.get(), buffer + total, chunk);
            if (n <= 0)
                break;
            total += static_cast<std::size_t>(n);
        }
        // A short read is the end, or an error; a truncated stream is only a Z_BUF_ERROR
        // that gzread does not report itself.
        if (total < size) {
            int code = Z_OK;
            const char* message = gzerror(file_.get(), &code);
            if (code != Z_OK) {
                error_ = message;
                // zlib puts the path first; LoadError names the file itself.
                const std::string prefix = path_ + ": ";
                if (error_.compare(0, prefix.size(), prefix) == 0)
                    error_.erase(0, prefix.size());
            }
        }
        return total;
    }

  private:
    std::string path_;
    std::unique_ptr<gzFile_s, GzClose> file_;
};

class StringSource final : public ByteSource {
  public:
    explicit StringSource(std::string_view text) : text_(text) {}

    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::min(size, text_.size() - position_);
        std::memcpy(buffer, text_.data() + position_, n);
        position_ += n;
        return n;
    }

  private:
    std::string_view text_;
    std::size_t position_ = 0;
};

struct Position {
    unsigned line = 0;
    unsigned column = 0;
};

/// Passes another source through, keeping the line and (byte) column of the last byte.
class CountingSource final : public ByteSource {
  public:
    explicit CountingSource(ByteSource& inner) : inner_(inner) {}

    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = inner_.read(buffer, size);
        error_ = inner_.error();
        for (std::size_t i = 0; i < n; ++i) {
            if (buffer[i] == '\n') {
                ++at_.line;
                at_.column = 0;
            } else {
                ++at_.column;
            }
        }
        return n;
    }

    Position position() const { return at_; }

  private:
    ByteSource& inner_;
    Position at_{1, 0};
};

std::size_t read_source(void* buffer, std::size_t size, std::size_t count, void* stream) {
    return static_cast<ByteSource*>(stream)->read(static_cast<char*>(buffer), size * count);
}

int source_error(void* stream) {
    return static_cast<ByteSource*>(stream)->error().empty() ? 0 : 1;
}

// ---------------------------------------------------------------------------------------
// Serd handles

struct ReaderFree {
    void operator()(SerdReader* reader) const { serd_reader_free(reader); }
};
using ReaderPtr = std::unique_ptr<SerdReader, ReaderFree>;

struct EnvFree {
    void operator()(SerdEnv* env) const { serd_env_free(env); }
};

/// A node that serd allocated (serd_node_new_*).
class OwnedSerdNode {
  public:
    explicit OwnedSerdNode(SerdNode node) : node_(node) {}
    OwnedSerdNode(const OwnedSerdNode&) = delete;
    OwnedSerdNode& operator=(const OwnedSerdNode&) = delete;
    ~OwnedSerdNode() { serd_node_free(&node_); }

    std::string_view view() const {
        return node_.buf ? std::string_view(reinterpret_cast<const char*>(node_.buf), node_.n_bytes)
                         : std::string_view();
    }

  private:
    SerdNode node_;
};

/// One counted reference to an interned Sord node.
class NodeRef {
  public:
    NodeRef() = default;
    NodeRef(SordWorld* world, SordNode* node) : world_(world), node_(node) {}
    NodeRef(NodeRef&& other) noexcept
        : world_(other.world_), node_(std::exchange(other.node_, nullptr)) {}
    NodeRef& operator=(NodeRef&& other) noexcept {
        std::swap(world_, other.world_);
        std::swap(node_, other.node_);
        return *this;
    }
    ~NodeRef() {
        if (node_)
            sord_node_free(world_, node_);
    }

    const SordNode* get() const { return node_; }
    explicit operator bool() const { return node_ != nullptr; }

  private:
    SordWorld* world_ = nullptr;
    SordNode* node_ = nullptr;
};

std::string_view view(const SerdNode& node) {
    return {reinterpret_cast<const char*>(node.buf), node.n_bytes};
}

const uint8_t* bytes(const char* string) {
    return reinterpret_cast<const uint8_t*>(string);
}

bool has_scheme(const std::string& iri) {
    return serd_uri_string_has_scheme(bytes(iri.c_str()));
}

std::string file_uri(const std::string& path) {
    std::error_code ec;
    fs::path absolute = fs::absolute(path, ec);
    if (ec)
        absolute = path;
    const OwnedSerdNode uri(
        serd_node_new_file_uri(bytes(absolute.string().c_str()), nullptr, nullptr, true));
    return std::string(uri.view());
}

// ---------------------------------------------------------------------------------------
// Progress

class Progress {
  public:
    explicit Progress(std::function<void(const LoadProgress&)> callback)
        : callback_(std::move(callback)), started_(Clock::now()), reported_(started_) {}

    void statement(const std::string& file) {
        // The clock is read only every 65536 statements to keep this cheap.
        if ((++triples_ & 0xFFFFU) == 0 && callback_)
            maybe_report(file);
    }

  private:
    using Clock = std::chrono::steady_clock;

    void maybe_report(const std::string& file) {
        const auto now = Clock::now();
        if (now - reported_ < std::chrono::seconds(1))
            return;
        reported_ = now;
        callback_({file, triples_, std::chrono::duration<double>(now - started_).count()});
    }

    std::function<void(const LoadProgress&)> callback_;
    std::size_t triples_ = 0;
    Clock::time_point started_;
    Clock::time_point reported_;
};

// ---------------------------------------------------------------------------------------
// Reading one input into the store

struct Input {
    std::string name; ///< file name, or the pseudo name of a string
    SerdSyntax syntax;
    std::function<std::unique_ptr<ByteSource>()> open;
};

constexpr std::size_t page_size = 1U << 16U;

/// Serd reports no position for a failure in our own sinks (an undefined prefix, say). Read
/// the input again a byte at a time, counting lines, and stop at the same event: base,
/// prefix or statement number `event`. The position is just after the statement's object.
Position locate_event(const Input& input, std::size_t event) {
    struct Locator {
        std::size_t target;
        std::size_t seen = 0;
        CountingSource* source = nullptr;
        Position at;

        SerdStatus next() {
            if (++seen != target)
                return SERD_SUCCESS;
            at = source->position();
            return SERD_ERR_UNKNOWN; // stop here
        }
    };
    try {
        const auto inner = input.open();
        CountingSource counting(*inner);
        Locator locator{event, 0, &counting, {}};
        const ReaderPtr reader(serd_reader_new(
            input.syntax, &locator, nullptr,
            [](void* h, const SerdNode*) { return static_cast<Locator*>(h)->next(); },
            [](void* h, const SerdNode*, const SerdNode*) {
                return static_cast<Locator*>(h)->next();
            },
            [](void* h, SerdStatementFlags, const SerdNode*, const SerdNode*, const SerdNode*,
               const SerdNode*, const SerdNode*,
               const SerdNode*) { return static_cast<Locator*>(h)->next(); },
            nullptr));
        if (!reader)
            return {};
        serd_reader_set_strict(reader.get(), true);
        serd_reader_set_error_sink(
            reader.get(), [](void*, const SerdError* e) { return e->status; }, nullptr);
        serd_reader_read_source(reader.get(), read_source, source_error, &counting,
                                bytes(input.name.c_str()), 1);
        return locator.at;
    } catch (const std::exception&) {
        return {};
    }
}

class InputLoader {
  public:
    InputLoader(SordStore& store, Progress& progress, const Input& input,
                const std::string& base_iri, std::string blank_prefix)
        : store_(store), progress_(progress), input_(input),
          blank_prefix_(std::move(blank_prefix)) {
        if (base_iri.empty()) {
            env_.reset(serd_env_new(nullptr));
        } else {
            const SerdNode base = serd_node_from_string(SERD_URI, bytes(base_iri.c_str()));
            env_.reset(serd_env_new(&base));
        }
        if (!env_)
            throw std::bad_alloc();
    }

    /// Reads the whole input into the store; throws LoadError on the first problem.
    void load() {
        const auto source = input_.open();
        const ReaderPtr reader(serd_reader_new(input_.syntax, this, nullptr, on_base, on_prefix,
                                               on_statement, nullptr));
        if (!reader)
            throw std::bad_alloc();
        serd_reader_set_strict(reader.get(), true);
        serd_reader_set_error_sink(reader.get(), on_error, this);
        serd_reader_add_blank_prefix(reader.get(), bytes(blank_prefix_.c_str()));

        const SerdStatus status =
            serd_reader_read_source(reader.get(), read_source, source_error, source.get(),
                                    bytes(input_.name.c_str()), page_size);

        if (exception_)
            std::rethrow_exception(exception_);
        // An unreadable or corrupt input explains any syntax error that followed it.
        if (!source->error().empty())
            throw LoadError(input_.name, 0, 0, "read error: " + source->error());
        if (sink_status_ != SERD_SUCCESS) {
            const Position at = locate_event(input_, events_);
            throw LoadError(input_.name, at.line, at.column, sink_message_);
        }
        if (reader_error_)
            throw LoadError(input_.name, reader_error_->line, reader_error_->column,
                            reader_error_->message);
        if (status > SERD_FAILURE)
            throw LoadError(input_.name, 0, 0,
                            reinterpret_cast<const char*>(serd_strerror(status)));
    }

  private:
    struct ReaderError {
        unsigned line;
        unsigned column;
        std::string message;
    };

    static SerdStatus on_error(void* handle, const SerdError* error) {
        auto& self = *static_cast<InputLoader*>(handle);
        if (!self.reader_error_) {
            try {
                self.reader_error_ =
                    ReaderError{error->line, error->col, format_serd_error(*error)};
            } catch (...) {
                self.exception_ = std::current_exception();
            }
        }
        return error->status;
    }

    static SerdStatus on_base(void* handle, const SerdNode* uri) {
        auto& self = *static_cast<InputLoader*>(handle);
        return self.guard([&] {
            ++self.events_;
            self.forget_last_nodes();
            if (serd_env_set_base_uri(self.env_.get(), uri) != SERD_SUCCESS)
                return self.fail(SERD_ERR_BAD_ARG,
                                 "invalid base IRI <" + std::string(view(*uri)) + ">");
            return SERD_SUCCESS;
        });
    }

    static SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
        auto& self = *static_cast<InputLoader*>(handle);
        return self.guard([&] {
            ++self.events_;
            self.forget_last_nodes();
            if (!self.absolute_iri(*uri))
                return self.sink_status_;
            const SerdNode absolute = serd_node_from_substring(
                SERD_URI, bytes(self.scratch_.c_str()), self.scratch_.size());
            if (serd_env_set_prefix(self.env_.get(), name, &absolute) != SERD_SUCCESS)
                return self.fail(SERD_ERR_BAD_ARG,
                                 "invalid prefix `" + std::string(view(*name)) + ":'");
            self.store_.add_prefix(view(*name), self.scratch_);
            return SERD_SUCCESS;
        });
    }

    static SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode* graph,
                                   const SerdNode* subject, const SerdNode* predicate,
                                   const SerdNode* object, const SerdNode* datatype,
                                   const SerdNode* language) {
        auto& self = *static_cast<InputLoader*>(handle);
        return self.guard([&] {
            ++self.events_;
            const SordNode* s = self.intern_cached(self.subject_, *subject);
            const SordNode* p = s ? self.intern_cached(self.predicate_, *predicate) : nullptr;
            const NodeRef o = p ? self.intern(*object, datatype, language) : NodeRef();
            const SordNode* g = o && graph ? self.intern_cached(self.graph_, *graph) : nullptr;
            if (!o || (graph && !g))
                return self.sink_status_;
            self.store_.add(s, p, o.get(), g);
            self.progress_.statement(self.input_.name);
            return SERD_SUCCESS;
        });
    }

    /// No exception may cross serd's C frames: keep it, stop reading, rethrow in load().
    template <typename F> SerdStatus guard(F&& body) {
        try {
            return body();
        } catch (...) {
            exception_ = std::current_exception();
            return SERD_ERR_INTERNAL;
        }
    }

    SerdStatus fail(SerdStatus status, std::string message) {
        if (sink_status_ == SERD_SUCCESS) {
            sink_status_ = status;
            sink_message_ = std::move(message);
        }
        return sink_status_;
    }

    /// Puts the absolute IRI of a URI or CURIE node in scratch_; false (and fail()) if
    /// there is none.
    bool absolute_iri(const SerdNode& node) {
        if (node.type == SERD_CURIE) {
            SerdChunk prefix;
            SerdChunk suffix;
            if (serd_env_expand(env_.get(), &node, &prefix, &suffix) != SERD_SUCCESS) {
                const std::string_view curie = view(node);
                fail(SERD_ERR_BAD_CURIE, "undefined prefix `" +
                                             std::string(curie.substr(0, curie.find(':'))) +
                                             ":' in `" + std::string(curie) + "'");
                return false;
            }
            scratch_.assign(reinterpret_cast<const char*>(prefix.buf), prefix.len);
            scratch_.append(reinterpret_cast<const char*>(suffix.buf), suffix.len);
        } else if (serd_uri_string_has_scheme(node.buf)) {
            scratch_.assign(view(node));
            return true;
        } else {
            SerdURI base;
            const SerdNode* base_node = serd_env_get_base_uri(env_.get(), &base);
            if (base_node->buf && base_node->n_bytes > 0) {
                const OwnedSerdNode resolved(serd_node_new_uri_from_node(&node, &base, nullptr));
                scratch_.assign(resolved.view());
            } else {
                scratch_.assign(view(node));
            }
        }
        if (has_scheme(scratch_))
            return true;
        fail(SERD_ERR_BAD_ARG, "relative IRI <" + std::string(view(node)) +
                                   "> and no absolute base IRI to resolve it against");
        return false;
    }

    NodeRef intern(const SerdNode& node, const SerdNode* datatype = nullptr,
                   const SerdNode* language = nullptr) {
        SordWorld* world = store_.world();
        SordNode* interned = nullptr;
        switch (node.type) {
        case SERD_URI:
        case SERD_CURIE: {
            if (!absolute_iri(node))
                return {};
            const SerdNode iri =
                serd_node_from_substring(SERD_URI, bytes(scratch_.c_str()), scratch_.size());
            interned = sord_node_from_serd_node(world, env_.get(), &iri, nullptr, nullptr);
            break;
        }
        case SERD_BLANK:
            interned = sord_node_from_serd_node(world, env_.get(), &node, nullptr, nullptr);
            break;
        case SERD_LITERAL: {
            SerdNode datatype_iri = SERD_NODE_NULL;
            if (datatype) {
                if (!absolute_iri(*datatype))
                    return {};
                // "x"^^xsd:string and "x" are the same RDF 1.1 literal: store one node.
                if (scratch_ != vocab::xsd_string)
                    datatype_iri = serd_node_from_substring(SERD_URI, bytes(scratch_.c_str()),
                                                            scratch_.size());
            }
            // Sord keeps language tags in a 16-byte array; never store a cut-down tag.
            if (language && language->n_bytes > 15) {
                fail(SERD_ERR_BAD_ARG, "language tag `" + std::string(view(*language)) +
                                           "' is longer than the 15 characters the store "
                                           "can keep");
                return {};
            }
            interned = sord_node_from_serd_node(
                world, env_.get(), &node, datatype_iri.buf ? &datatype_iri : nullptr, language);
            break;
        }
        case SERD_NOTHING:
            break;
        }
        if (!interned) {
            fail(SERD_ERR_INTERNAL, store_.sord_error().empty()
                                        ? "cannot store node `" + std::string(view(node)) + "'"
                                        : store_.sord_error());
            return {};
        }
        return {world, interned};
    }

    /// The node made from the last subject (predicate, graph) serd gave us: consecutive
    /// statements mostly repeat them, and reusing the node saves interning it again.
    struct LastNode {
        SerdType type = SERD_NOTHING;
        std::string text;
        NodeRef node;
    };

    const SordNode* intern_cached(LastNode& last, const SerdNode& node) {
        if (last.node && last.type == node.type && last.text == view(node))
            return last.node.get();
        NodeRef fresh = intern(node);
        if (!fresh)
            return nullptr;
        last.type = node.type;
        last.text.assign(view(node));
        last.node = std::move(fresh);
        return last.node.get();
    }

    /// @base and @prefix change what a relative IRI or a prefixed name stands for.
    void forget_last_nodes() {
        subject_ = {};
        predicate_ = {};
        graph_ = {};
    }

    SordStore& store_;
    Progress& progress_;
    const Input& input_;
    std::string blank_prefix_;
    std::unique_ptr<SerdEnv, EnvFree> env_;

    std::optional<ReaderError> reader_error_; ///< first error serd reported
    SerdStatus sink_status_ = SERD_SUCCESS;   ///< first failure in our sinks...
    std::string sink_message_;                ///< ...and what it was
    std::exception_ptr exception_;
    std::size_t events_ = 0; ///< base, prefix and statement events so far
    std::string scratch_;    ///< the last absolute IRI made by absolute_iri()
    LastNode subject_;
    LastNode predicate_;
    LastNode graph_;
};

void check_base_iri(const std::string& base_iri) {
    if (!base_iri.empty() && !has_scheme(base_iri))
        throw LoadError({}, 0, 0, "base IRI <" + base_iri + "> is not an absolute IRI");
}

} // namespace

std::vector<std::string> expand_data_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (!fs::exists(status))
            throw LoadError(path, 0, 0, ec ? ec.message() : "No such file or directory");
        if (!fs::is_directory(status)) {
            if (!input_format_of_path(path))
                throw LoadError(path, 0, 0,
                                std::string("unsupported file name: ") + supported_names);
            files.push_back(fs::path(path).lexically_normal().string());
            continue;
        }
        fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink,
                                            ec);
        fs::path current = path;
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            current = it->path();
            std::error_code type_ec;
            if (it->is_regular_file(type_ec) && input_format(current.filename().string()))
                files.push_back(current.lexically_normal().string());
        }
        if (ec)
            throw LoadError(current.string(), 0, 0, ec.message());
    }

    // Sorted, and each file once even when named twice (it would duplicate blank nodes).
    std::sort(files.begin(), files.end());
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (auto& file : files) {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(file, ec);
        if (seen.insert(ec ? file : canonical.string()).second)
            unique.push_back(std::move(file));
    }
    return unique;
}

std::unique_ptr<Store> load_store(const std::vector<std::string>& files,
                                  const LoadOptions& options) {
    check_base_iri(options.base_iri);
    auto store = std::make_unique<SordStore>();
    Progress progress(options.on_progress);
    std::size_t index = 0;
    for (const auto& file : files) {
        const auto format = input_format_of_path(file);
        if (!format)
            throw LoadError(file, 0, 0, std::string("unsupported file name: ") + supported_names);
        const bool gzip = format->gzip;
        const Input input{file, format->syntax, [&file, gzip]() -> std::unique_ptr<ByteSource> {
                              if (gzip)
                                  return std::make_unique<GzipFileSource>(file);
                              return std::make_unique<PlainFileSource>(file);
                          }};
        // A per-file blank node prefix keeps _:b in one file apart from _:b in another.
        InputLoader(*store, progress, input,
                    options.base_iri.empty() ? file_uri(file) : options.base_iri,
                    "f" + std::to_string(++index) + "_")
            .load();
    }
    store->finish();
    return store;
}

std::unique_ptr<Store> load_store_from_string(const std::string& text,
                                              const std::string& syntax_name,
                                              const std::string& base_iri) {
    check_base_iri(base_iri);
    const auto format = input_format(syntax_name);
    if (!format || format->gzip)
        throw LoadError(syntax_name, 0, 0,
                        "unsupported syntax name: expected a name ending in .ttl, .nt, .nq or "
                        ".trig");
    auto store = std::make_unique<SordStore>();
    Progress progress(nullptr);
    const Input input{syntax_name, format->syntax,
                      [&text] { return std::make_unique<StringSource>(text); }};
    InputLoader(*store, progress, input, base_iri, "f1_").load();
    store->finish();
    return store;
}

} // namespace seeother::rdf
