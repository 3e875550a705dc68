// RDF/XML through raptor2 into the same QuadSink as serd's syntaxes: IRIs resolved by raptor
// (xml:base, else the base it is given), blank nodes kept apart per input, every failure
// (raptor's, the sink's) one ParseError with raptor's line and column. No raptor type
// leaves this file.
#include "rdf/parse/sources.hpp"

#include "rdf/parse/parse.hpp"
#include "rdf/vocab.hpp"

#include <raptor2.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace seeother::rdf::parse_detail {
namespace {

/// Raptor needs a base; without one, IRIs resolved against this one were relative, an error.
constexpr std::string_view no_base = "http://no-base.seeother.invalid/";

struct WorldFree {
    void operator()(raptor_world* world) const { raptor_free_world(world); }
};
struct ParserFree {
    void operator()(raptor_parser* parser) const { raptor_free_parser(parser); }
};
struct UriFree {
    void operator()(raptor_uri* uri) const { raptor_free_uri(uri); }
};

std::string_view text(const unsigned char* bytes, std::size_t size) {
    return {reinterpret_cast<const char*>(bytes), size};
}

std::string_view uri_text(raptor_uri* uri) {
    std::size_t size = 0;
    const unsigned char* bytes = raptor_uri_as_counted_string(uri, &size);
    return text(bytes, size);
}

/// One input read into a sink. Raptor calls the static on_* functions; no exception may
/// cross its C frames, so the first failure is kept, the parse aborted, and read() throws.
class RdfXmlReader {
  public:
    RdfXmlReader(QuadSink& sink, const std::string& name, const std::string& blank_prefix,
                 const std::function<void()>& on_statement)
        : sink_(sink), name_(name), blank_prefix_(blank_prefix), on_statement_(on_statement) {}

    /// Reads the whole input, in large chunks, or, with `by_line`, a line at a time (and the
    /// line `by_byte` a byte at a time), keeping the place of the last byte fed.
    void read(ByteSource& source, const std::string& base_iri, bool by_line = false,
              unsigned by_byte = 0) {
        start(base_iri);
        std::string buffer(1U << 16U, '\0');
        for (bool end = false; !end && !failed();) {
            const std::size_t got = source.read(buffer.data(), buffer.size());
            if (!source.error().empty())
                throw ParseError(name_, 0, 0, source.error());
            end = got < buffer.size();
            if (!by_line) {
                feed(buffer.data(), got, end);
                continue;
            }
            for (std::size_t at = 0; at < got && !failed();) {
                const bool bytewise = fed_.line == by_byte;
                const auto newline = buffer.find('\n', at);
                const std::size_t stop = bytewise ? at + 1 : (newline < got ? newline + 1 : got);
                feed(buffer.data() + at, stop - at, false);
                at = stop;
            }
            if (end && !failed())
                feed(buffer.data(), 0, true);
        }
        if (exception_)
            std::rethrow_exception(exception_);
        if (error_)
            throw *error_;
    }

    /// The first error, when it came with no place of its own (libxml2's errors and some of
    /// raptor's lose it); its place is then found by reading again (locate()).
    bool error_unplaced() const { return error_ && error_->line() == 0 && !exception_; }

    /// Where the last byte fed was: 1-based line, byte column.
    Position fed() const { return fed_; }

  private:
    void start(const std::string& base_iri) {
        world_.reset(raptor_new_world());
        if (!world_ || raptor_world_open(world_.get()) != 0)
            throw ParseError(name_, 0, 0, "cannot start the RDF/XML parser (raptor2)");
        raptor_world_set_log_handler(world_.get(), this, on_log);
        parser_.reset(raptor_new_parser(world_.get(), "rdfxml"));
        if (!parser_)
            throw ParseError(name_, 0, 0, "cannot start the RDF/XML parser (raptor2)");
        // Data files read nothing else: no external entity, no file, no network.
        raptor_parser_set_option(parser_.get(), RAPTOR_OPTION_NO_NET, nullptr, 1);
        raptor_parser_set_option(parser_.get(), RAPTOR_OPTION_NO_FILE, nullptr, 1);
        raptor_parser_set_option(parser_.get(), RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, nullptr, 0);
        raptor_parser_set_statement_handler(parser_.get(), this, on_statement);
        raptor_parser_set_namespace_handler(parser_.get(), this, on_namespace);
        const std::string base = base_iri.empty() ? std::string(no_base) : base_iri;
        base_.reset(
            raptor_new_uri(world_.get(), reinterpret_cast<const unsigned char*>(base.c_str())));
        if (raptor_parser_parse_start(parser_.get(), base_.get()) != 0)
            fail_here("cannot start reading");
    }

    void feed(const char* bytes, std::size_t size, bool end) {
        for (std::size_t i = 0; i < size; ++i) {
            if (bytes[i] == '\n') {
                ++fed_.line;
                fed_.column = 0;
            } else {
                ++fed_.column;
            }
        }
        raptor_parser_parse_chunk(parser_.get(), reinterpret_cast<const unsigned char*>(bytes),
                                  size, end ? 1 : 0);
    }

    bool failed() const { return error_ || exception_; }

    /// The place raptor is reading now.
    void fail_here(const std::string& message) {
        if (failed())
            return;
        const raptor_locator* at = raptor_parser_get_locator(parser_.get());
        const auto line = at && at->line > 0 ? static_cast<unsigned>(at->line) : 0U;
        const auto column = at && at->column > 0 ? static_cast<unsigned>(at->column) : 0U;
        error_.emplace(name_, line, line > 0 ? std::max(column, 1U) : 0U, message);
        raptor_parser_parse_abort(parser_.get());
    }

    static void on_log(void* self, raptor_log_message* message) {
        auto& reader = *static_cast<RdfXmlReader*>(self);
        // Warnings (an unknown rdf: name, say) are raptor's advice; errors stop the read.
        if (message->level < RAPTOR_LOG_LEVEL_ERROR || reader.failed())
            return;
        const raptor_locator* at = message->locator;
        const auto line = at && at->line > 0 ? static_cast<unsigned>(at->line) : 0U;
        const auto column = at && at->column > 0 ? static_cast<unsigned>(at->column) : 0U;
        reader.error_.emplace(reader.name_, line, line > 0 ? std::max(column, 1U) : 0U,
                              message->text ? message->text : "RDF/XML error");
        if (reader.parser_)
            raptor_parser_parse_abort(reader.parser_.get());
    }

    static void on_namespace(void* self, raptor_namespace* ns) {
        auto& reader = *static_cast<RdfXmlReader*>(self);
        reader.guard([&] {
            const unsigned char* prefix = raptor_namespace_get_prefix(ns);
            raptor_uri* uri = raptor_namespace_get_uri(ns);
            if (!uri)
                return;
            const auto name = prefix ? std::string_view(reinterpret_cast<const char*>(prefix))
                                     : std::string_view();
            reader.sink_.prefix(name, uri_text(uri));
        });
    }

    static void on_statement(void* self, raptor_statement* statement) {
        auto& reader = *static_cast<RdfXmlReader*>(self);
        reader.guard([&] {
            QuadView quad;
            reader.term(*statement->subject, quad.subject, reader.subject_);
            reader.term(*statement->predicate, quad.predicate, reader.subject_);
            reader.term(*statement->object, quad.object, reader.object_);
            reader.sink_.quad(quad);
            if (reader.on_statement_)
                reader.on_statement_();
        });
    }

    template <typename F> void guard(F&& body) {
        if (failed())
            return;
        try {
            body();
        } catch (const Refusal& refusal) {
            fail_here(refusal.what());
        } catch (...) {
            exception_ = std::current_exception();
            raptor_parser_parse_abort(parser_.get());
        }
    }

    /// `blank` holds a prefixed blank node label, which must live until the sink has the quad.
    void term(const raptor_term& term, TermView& out, std::string& blank) {
        switch (term.type) {
        case RAPTOR_TERM_TYPE_URI:
            out.kind = Term::Kind::Iri;
            out.value = uri_text(term.value.uri);
            if (out.value.substr(0, no_base.size()) == no_base)
                throw Refusal("relative IRI <" + std::string(out.value.substr(no_base.size())) +
                              "> and no absolute base IRI to resolve it against");
            return;
        case RAPTOR_TERM_TYPE_BLANK:
            out.kind = Term::Kind::Blank;
            blank = blank_prefix_;
            blank.append(text(term.value.blank.string, term.value.blank.string_len));
            out.value = blank;
            return;
        case RAPTOR_TERM_TYPE_LITERAL: {
            const auto& literal = term.value.literal;
            out.kind = Term::Kind::Literal;
            out.value = text(literal.string, literal.string_len);
            if (literal.datatype) {
                // "x"^^xsd:string and "x" are the same RDF 1.1 literal.
                const auto datatype = uri_text(literal.datatype);
                if (datatype != vocab::xsd_string)
                    out.datatype = datatype;
            }
            if (literal.language && literal.language_len > 0)
                out.language = text(literal.language, literal.language_len);
            return;
        }
        case RAPTOR_TERM_TYPE_UNKNOWN:
            break;
        }
        throw Refusal("a statement without a term");
    }

    QuadSink& sink_;
    const std::string& name_;
    const std::string& blank_prefix_;
    const std::function<void()>& on_statement_;
    std::unique_ptr<raptor_world, WorldFree> world_;
    std::unique_ptr<raptor_uri, UriFree> base_;
    std::unique_ptr<raptor_parser, ParserFree> parser_;
    Position fed_{1, 0};
    std::string subject_; ///< a subject's (or predicate's) prefixed blank label
    std::string object_;  ///< an object's
    std::optional<ParseError> error_;
    std::exception_ptr exception_;
};

/// Takes every quad and keeps none.
class Discard final : public QuadSink {
  public:
    void quad(const QuadView&) override {}
};

/// Where an unplaced error happens: the input read again a line at a time, which gives the
/// line whose bytes made the parser fail, then again with that line a byte at a time, which
/// gives the column (as near as libxml2's push parser, which may wait for a few bytes more).
Position locate(const std::function<std::unique_ptr<ByteSource>()>& open, const std::string& name,
                const std::string& base_iri) {
    Discard discard;
    const std::function<void()> none;
    Position at;
    for (const unsigned by_byte : {0U, 1U}) {
        RdfXmlReader again(discard, name, {}, none);
        try {
            again.read(*open(), base_iri, true, by_byte == 0 ? 0 : at.line);
        } catch (const ParseError&) {
            if (!again.error_unplaced())
                return {};
        }
        at = again.fed();
        // The line was counted past its newline: the failing line is the one before.
        if (at.column == 0 && at.line > 1)
            --at.line;
        if (by_byte == 0 && at.line == 0)
            break;
    }
    return at;
}

} // namespace

void read_rdfxml(const std::function<std::unique_ptr<ByteSource>()>& open, const std::string& name,
                 QuadSink& sink, const std::string& base_iri, const std::string& blank_prefix,
                 const std::function<void()>& on_statement) {
    RdfXmlReader reader(sink, name, blank_prefix, on_statement);
    try {
        reader.read(*open(), base_iri);
    } catch (const ParseError& error) {
        if (!reader.error_unplaced())
            throw;
        const Position at = locate(open, name, base_iri);
        throw ParseError(name, at.line, at.line > 0 ? std::max(at.column, 1U) : 0U,
                         error.message());
    }
}

} // namespace seeother::rdf::parse_detail
