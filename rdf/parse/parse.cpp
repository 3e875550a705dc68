// Serd's reader driven into a QuadSink: IRIs made absolute, blank nodes kept apart per input,
// every failure (serd's, ours, the sink's) turned into one ParseError with its place.
#include "rdf/parse/parse.hpp"

#include "rdf/parse/scanner.hpp"
#include "rdf/parse/serd_error.hpp"
#include "rdf/parse/sources.hpp"

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <new>
#include <system_error>
#include <utility>

namespace seeother::rdf {

std::string format_serd_error(const SerdError& error) {
    va_list args;
    va_copy(args, *error.args);
    char buffer[1024];
    const int n = std::vsnprintf(buffer, sizeof buffer, error.fmt, args);
    va_end(args);
    std::string message = n < 0 ? std::string(error.fmt) : std::string(buffer);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r'))
        message.pop_back();
    return message;
}

Term TermView::to_term() const {
    return {kind, std::string(value), std::string(datatype), std::string(language)};
}

Triple QuadView::to_triple() const {
    std::string graph_name;
    if (graph)
        graph_name = (graph->kind == Term::Kind::Blank ? "_:" : "") + std::string(graph->value);
    return {subject.to_term(), predicate.to_term(), object.to_term(), std::move(graph_name)};
}

namespace {

using parse_detail::ByteSource;
using parse_detail::Position;
using parse_detail::ScannedSource;

// ---------------------------------------------------------------------------------------
// Serd handles and small helpers

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
    std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    if (ec)
        absolute = path;
    const OwnedSerdNode uri(
        serd_node_new_file_uri(bytes(absolute.string().c_str()), nullptr, nullptr, true));
    return std::string(uri.view());
}

void check_base_iri(const std::string& base_iri) {
    if (!base_iri.empty() && !has_scheme(base_iri))
        throw ParseError({}, 0, 0, "base IRI <" + base_iri + "> is not an absolute IRI");
}

SerdSyntax serd_syntax(Format format, const std::string& name) {
    switch (format) {
    case Format::Turtle:
        return SERD_TURTLE;
    case Format::NTriples:
        return SERD_NTRIPLES;
    case Format::NQuads:
        return SERD_NQUADS;
    case Format::TriG:
        return SERD_TRIG;
    case Format::RdfXml:
    case Format::JsonLd:
    case Format::Html:
        break;
    }
    throw ParseError(name, 0, 0,
                     "cannot read " + std::string(info(format).name) +
                         ": expected Turtle, N-Triples, N-Quads or TriG");
}

std::size_t read_source(void* buffer, std::size_t size, std::size_t count, void* stream) {
    return static_cast<ByteSource*>(stream)->read(static_cast<char*>(buffer), size * count);
}

int source_error(void* stream) {
    return static_cast<ByteSource*>(stream)->error().empty() ? 0 : 1;
}

// ---------------------------------------------------------------------------------------
// Progress

class Progress {
  public:
    explicit Progress(std::function<void(const ParseProgress&)> callback)
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

    std::function<void(const ParseProgress&)> callback_;
    std::size_t triples_ = 0;
    Clock::time_point started_;
    Clock::time_point reported_;
};

// ---------------------------------------------------------------------------------------
// Reading one input

struct Input {
    std::string name; ///< file name, or the pseudo name of a string
    SerdSyntax syntax;
    std::function<std::unique_ptr<ByteSource>()> open;
};

/// Small, as serd reads to the end of its page after an error it passes over (ScannedSource::
/// stop()): at most this many more levels of nesting than the scanner let through.
constexpr std::size_t page_size = 1U << 10U;

/// Serd reports no position for a failure in our own sinks (an undefined prefix, say), nor
/// for a few of its own. Read the input again a byte at a time, counting lines (and scanned as
/// the first time), and stop at the same event: base, prefix or statement number `event`, just
/// after the statement's object; or, for no_event, where serd stops.
constexpr std::size_t no_event = static_cast<std::size_t>(-1);

Position locate_event(const Input& input, std::size_t event) {
    struct Locator {
        std::size_t target;
        std::size_t seen = 0;
        ScannedSource* source = nullptr;
        Position at;

        SerdStatus next() {
            if (++seen != target)
                return SERD_SUCCESS;
            at = source->scanner().position();
            return SERD_ERR_UNKNOWN; // stop here
        }
    };
    try {
        const auto inner = input.open();
        ScannedSource scanned(*inner);
        Locator locator{event, 0, &scanned, {}};
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
        serd_reader_read_source(reader.get(), read_source, source_error, &scanned,
                                bytes(input.name.c_str()), 1);
        return locator.seen >= event ? locator.at : scanned.scanner().position();
    } catch (const std::exception&) {
        return {};
    }
}

/// An absolute IRI made from a prefixed name or a relative IRI, and the text it was made from.
/// Consecutive statements mostly repeat their subject, predicate and datatype, and what such
/// text means changes only at @base and @prefix: the IRI is made again only when the text
/// changes.
struct MadeIri {
    SerdType type = SERD_NOTHING; ///< SERD_NOTHING: nothing made, or forgotten
    std::string text;
    std::string iri;
};

/// One input read into a sink. Serd calls the static on_* functions; each turns serd's nodes
/// into views (IRIs made absolute in buffers of its own where serd's text is not already
/// the absolute IRI) and hands them on.
class InputReader {
  public:
    InputReader(QuadSink& sink, const Input& input, const std::string& base_iri,
                const std::string& blank_prefix, Progress* progress)
        : sink_(sink), input_(input), blank_prefix_(blank_prefix), progress_(progress) {
        if (base_iri.empty()) {
            env_.reset(serd_env_new(nullptr));
        } else {
            const SerdNode base = serd_node_from_string(SERD_URI, bytes(base_iri.c_str()));
            env_.reset(serd_env_new(&base));
        }
        if (!env_)
            throw std::bad_alloc();
    }

    /// Reads the whole input into the sink; throws ParseError on the first problem.
    void read() {
        const auto inner = input_.open();
        // Serd reads only what the scanner let through, and stops where it found a problem.
        ScannedSource source(*inner);
        source_ = &source;
        const ReaderPtr reader(serd_reader_new(input_.syntax, this, nullptr, on_base, on_prefix,
                                               on_statement, nullptr));
        if (!reader)
            throw std::bad_alloc();
        serd_reader_set_strict(reader.get(), true);
        serd_reader_set_error_sink(reader.get(), on_error, this);
        if (!blank_prefix_.empty())
            serd_reader_add_blank_prefix(reader.get(), bytes(blank_prefix_.c_str()));

        const SerdStatus status =
            serd_reader_read_source(reader.get(), read_source, source_error, &source,
                                    bytes(input_.name.c_str()), page_size);

        if (exception_)
            std::rethrow_exception(exception_);
        // An unreadable or corrupt input explains any syntax error that followed it.
        if (!source.error().empty())
            throw ParseError(input_.name, 0, 0, "read error: " + source.error());
        // Serd counts the end of the input as a byte, and may place an error past it.
        if (const Position end = source.scanner().position(); reader_error_) {
            auto& at = *reader_error_;
            if (at.line > end.line || (at.line == end.line && at.column > end.column + 1)) {
                at.line = end.line;
                at.column = end.column + 1;
            }
        }
        const auto error = reading_error(status);
        if (const auto& problem = source.scanner().problem(); problem && !before(error, *problem))
            throw ParseError(input_.name, problem->at.line, problem->at.column, problem->message);
        if (error)
            throw *error;
    }

  private:
    /// Whether serd's or a sink's error comes before the scanner's problem in the input. Serd
    /// read only up to the problem, and places an error it finds there (cut short) at the
    /// byte before it, or at it on line 1.
    static bool before(const std::optional<ParseError>& error,
                       const parse_detail::ScanProblem& problem) {
        if (!error || error->line() == 0)
            return false;
        return error->line() < problem.at.line ||
               (error->line() == problem.at.line && error->column() + 1 < problem.at.column);
    }

    /// The first error of serd or of the sinks, if any.
    std::optional<ParseError> reading_error(SerdStatus status) const {
        if (reader_error_ && sink_status_ == SERD_SUCCESS)
            return ParseError(input_.name, reader_error_->line, reader_error_->column,
                              reader_error_->message);
        if (sink_status_ == SERD_SUCCESS && status <= SERD_FAILURE)
            return std::nullopt;
        // Just after a line end, the place is the next line's first byte.
        const Position at = locate_event(input_, sink_status_ ? events_ : no_event);
        return ParseError(input_.name, at.line, std::max(at.column, 1U),
                          sink_status_ ? sink_message_
                                       : reinterpret_cast<const char*>(serd_strerror(status)));
    }

    struct ReaderError {
        unsigned line;
        unsigned column;
        std::string message;
    };

    static SerdStatus on_error(void* handle, const SerdError* error) {
        auto& self = *static_cast<InputReader*>(handle);
        self.source_->stop();
        if (!self.reader_error_) {
            try {
                // Serd's column is 0 just after a line end: the error is at the next line's
                // first byte.
                self.reader_error_ =
                    ReaderError{error->line, std::max(error->col, 1U), format_serd_error(*error)};
            } catch (...) {
                self.exception_ = std::current_exception();
            }
        }
        return error->status;
    }

    static SerdStatus on_base(void* handle, const SerdNode* uri) {
        auto& self = *static_cast<InputReader*>(handle);
        return self.guard([&] {
            ++self.events_;
            self.forget_made_iris();
            if (serd_env_set_base_uri(self.env_.get(), uri) != SERD_SUCCESS)
                return self.fail(SERD_ERR_BAD_ARG,
                                 "invalid base IRI <" + std::string(view(*uri)) + ">");
            return SERD_SUCCESS;
        });
    }

    static SerdStatus on_prefix(void* handle, const SerdNode* name, const SerdNode* uri) {
        auto& self = *static_cast<InputReader*>(handle);
        return self.guard([&] {
            ++self.events_;
            self.forget_made_iris();
            MadeIri declared;
            const auto iri = self.absolute_iri(*uri, declared);
            if (!iri)
                return self.sink_status_;
            const SerdNode absolute =
                serd_node_from_substring(SERD_URI, bytes(iri->data()), iri->size());
            if (serd_env_set_prefix(self.env_.get(), name, &absolute) != SERD_SUCCESS)
                return self.fail(SERD_ERR_BAD_ARG,
                                 "invalid prefix `" + std::string(view(*name)) + ":'");
            self.sink_.prefix(view(*name), *iri);
            return SERD_SUCCESS;
        });
    }

    static SerdStatus on_statement(void* handle, SerdStatementFlags, const SerdNode* graph,
                                   const SerdNode* subject, const SerdNode* predicate,
                                   const SerdNode* object, const SerdNode* datatype,
                                   const SerdNode* language) {
        auto& self = *static_cast<InputReader*>(handle);
        return self.guard([&] {
            ++self.events_;
            QuadView quad;
            if (!self.term(*subject, nullptr, nullptr, self.made_[0], quad.subject) ||
                !self.term(*predicate, nullptr, nullptr, self.made_[1], quad.predicate) ||
                !self.term(*object, datatype, language, self.made_[2], quad.object))
                return self.sink_status_;
            if (graph) {
                quad.graph.emplace();
                if (!self.term(*graph, nullptr, nullptr, self.made_[3], *quad.graph))
                    return self.sink_status_;
            }
            self.sink_.quad(quad);
            if (self.progress_)
                self.progress_->statement(self.input_.name);
            return SERD_SUCCESS;
        });
    }

    /// No exception may cross serd's C frames: keep it, stop reading, rethrow in read(). A
    /// sink's Refusal is a failure at this place in the input. After any failure nothing more
    /// reaches the sink: serd may read on (it passes over errors inside [ … ]).
    template <typename F> SerdStatus guard(F&& body) {
        if (exception_ || reader_error_ || sink_status_ != SERD_SUCCESS)
            return SERD_ERR_UNKNOWN;
        try {
            return body();
        } catch (const Refusal& refusal) {
            return fail(SERD_ERR_BAD_ARG, refusal.what());
        } catch (...) {
            exception_ = std::current_exception();
            source_->stop();
            return SERD_ERR_INTERNAL;
        }
    }

    SerdStatus fail(SerdStatus status, std::string message) {
        source_->stop();
        if (sink_status_ == SERD_SUCCESS) {
            sink_status_ = status;
            sink_message_ = std::move(message);
        }
        return sink_status_;
    }

    /// The absolute IRI of a URI or CURIE node: serd's own text when it already is one, else
    /// the IRI `made` keeps (made again when the text differs). None (and fail()) when there
    /// is none.
    std::optional<std::string_view> absolute_iri(const SerdNode& node, MadeIri& made) {
        if (node.type == SERD_URI && serd_uri_string_has_scheme(node.buf))
            return view(node);
        if (made.type == node.type && made.text == view(node))
            return std::string_view(made.iri);
        made.type = SERD_NOTHING;
        std::string& iri = made.iri;
        if (node.type == SERD_CURIE) {
            SerdChunk prefix;
            SerdChunk suffix;
            if (serd_env_expand(env_.get(), &node, &prefix, &suffix) != SERD_SUCCESS) {
                const std::string_view curie = view(node);
                fail(SERD_ERR_BAD_CURIE, "undefined prefix `" +
                                             std::string(curie.substr(0, curie.find(':'))) +
                                             ":' in `" + std::string(curie) + "'");
                return std::nullopt;
            }
            iri.assign(reinterpret_cast<const char*>(prefix.buf), prefix.len);
            iri.append(reinterpret_cast<const char*>(suffix.buf), suffix.len);
        } else {
            SerdURI base;
            const SerdNode* base_node = serd_env_get_base_uri(env_.get(), &base);
            if (base_node->buf && base_node->n_bytes > 0) {
                const OwnedSerdNode resolved(serd_node_new_uri_from_node(&node, &base, nullptr));
                iri.assign(resolved.view());
            } else {
                iri.assign(view(node));
            }
        }
        if (!has_scheme(iri)) {
            fail(SERD_ERR_BAD_ARG, "relative IRI <" + std::string(view(node)) +
                                       "> and no absolute base IRI to resolve it against");
            return std::nullopt;
        }
        // As written, an IRI is no longer than the scanner let it be; as made, it may be.
        if (iri.size() > max_iri_bytes) {
            fail(SERD_ERR_BAD_ARG,
                 too_long("an IRI", max_iri_bytes) +
                     (node.type == SERD_CURIE ? ", made from a prefixed name" : ", once resolved"));
            return std::nullopt;
        }
        made.type = node.type;
        made.text.assign(view(node));
        return std::string_view(iri);
    }

    void forget_made_iris() {
        for (auto& made : made_)
            made.type = SERD_NOTHING;
    }

    /// One term as a view (an IRI made in `made` where needed); false (and fail()) when it
    /// cannot be made.
    bool term(const SerdNode& node, const SerdNode* datatype, const SerdNode* language,
              MadeIri& made, TermView& out) {
        switch (node.type) {
        case SERD_URI:
        case SERD_CURIE:
            if (const auto iri = absolute_iri(node, made)) {
                out.kind = Term::Kind::Iri;
                out.value = *iri;
                return true;
            }
            return false;
        case SERD_BLANK:
            if (node.n_bytes > max_iri_bytes) {
                fail(SERD_ERR_BAD_ARG, too_long("a blank node label", max_iri_bytes));
                return false;
            }
            out.kind = Term::Kind::Blank;
            out.value = view(node);
            // Serd takes the statement's '.' off the end of a label (_:b1.) but leaves it in
            // its buffer: the view must end in a NUL all the same.
            if (node.buf[node.n_bytes] != '\0') {
                made.type = SERD_NOTHING;
                made.iri.assign(out.value);
                out.value = made.iri;
            }
            return true;
        case SERD_LITERAL:
            out.kind = Term::Kind::Literal;
            out.value = view(node);
            if (datatype) {
                const auto iri = absolute_iri(*datatype, made_[4]);
                if (!iri)
                    return false;
                // "x"^^xsd:string and "x" are the same RDF 1.1 literal.
                if (*iri != vocab::xsd_string)
                    out.datatype = *iri;
            }
            if (language)
                out.language = view(*language);
            return true;
        case SERD_NOTHING:
            break;
        }
        fail(SERD_ERR_INTERNAL, "a statement without a node");
        return false;
    }

    QuadSink& sink_;
    const Input& input_;
    std::string blank_prefix_;
    Progress* progress_;
    std::unique_ptr<SerdEnv, EnvFree> env_;
    ScannedSource* source_ = nullptr; ///< while read() runs

    std::optional<ReaderError> reader_error_; ///< first error serd reported
    SerdStatus sink_status_ = SERD_SUCCESS;   ///< first failure in our sinks...
    std::string sink_message_;                ///< ...and what it was
    std::exception_ptr exception_;
    std::size_t events_ = 0; ///< base, prefix and statement events so far
    /// The IRIs made for a statement's subject, predicate, object, graph and datatype, which
    /// must all live until the sink has the quad.
    MadeIri made_[5];
};

Input file_input(const std::string& path) {
    const auto format = parse_detail::file_format(path);
    const bool gzip = format.gzip;
    return {path, serd_syntax(format.format, path),
            [path, gzip] { return parse_detail::open_file(path, gzip); }};
}

/// A file's base IRI is its own URI unless one is given.
void read_file(const std::string& path, QuadSink& sink, const std::string& base_iri,
               const std::string& blank_prefix, Progress* progress) {
    const Input input = file_input(path);
    InputReader(sink, input, base_iri.empty() ? file_uri(path) : base_iri, blank_prefix, progress)
        .read();
}

} // namespace

void parse_file(const std::string& path, QuadSink& sink, const std::string& base_iri,
                const std::string& blank_prefix) {
    check_base_iri(base_iri);
    read_file(path, sink, base_iri, blank_prefix, nullptr);
}

void parse_files(const std::vector<std::string>& files, QuadSink& sink,
                 const ParseOptions& options) {
    check_base_iri(options.base_iri);
    Progress progress(options.on_progress);
    std::size_t index = 0;
    for (const auto& file : files)
        read_file(file, sink, options.base_iri, "f" + std::to_string(++index) + "_", &progress);
}

void parse_string(std::string_view text, Format format, const std::string& name, QuadSink& sink,
                  const std::string& base_iri, const std::string& blank_prefix) {
    check_base_iri(base_iri);
    const Input input{name, serd_syntax(format, name),
                      [text] { return parse_detail::open_string(text); }};
    InputReader(sink, input, base_iri, blank_prefix, nullptr).read();
}

} // namespace seeother::rdf
