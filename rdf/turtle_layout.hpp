// The bytes serd 0.30.16's Turtle writer wrote, written directly, private to rdf/: its escaping
// of IRIs, prefixed names and literals, and its layout (subject on a line of its own, `;` and
// `,`, tabs, `[ … ]`, `( … )`, a blank line between subjects) as the state machine serd runs
// over a stream of statements. write_turtle.cpp decides what the statements are; this file only
// decides how they look, so the output is serd's for the same statements, byte for byte.
#pragma once

#include "text_buffer.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::rdf {

/// What a statement opens or continues: serd's SerdStatementFlags that a Turtle plan uses,
/// with serd's values (the tests run the same statements through serd).
enum TurtleFlag : unsigned {
    empty_object = 1u << 2,      ///< SERD_EMPTY_O: the object is `[]`
    anon_object_begin = 1u << 4, ///< SERD_ANON_O_BEGIN: the object opens `[`
    anon_cont = 1u << 5,         ///< SERD_ANON_CONT: a statement inside `[ … ]`
    list_object_begin = 1u << 7, ///< SERD_LIST_O_BEGIN: the object opens `(`
    list_cont = 1u << 8,         ///< SERD_LIST_CONT: an rdf:first or rdf:rest inside `( … )`
};

/// A node as serd's writer sees it. The text must stay where it is while the layout lives: the
/// layout keeps views of the current subject and predicate, as serd kept copies.
struct TurtleNode {
    enum class Kind : unsigned char { None, Iri, PrefixedName, Blank, Literal };

    Kind kind = Kind::None;
    bool long_string = false; ///< a literal written in `"""` (serd: SERD_HAS_NEWLINE)
    std::string_view text;    ///< IRI, the local name, label (without `_:`) or lexical form
    std::string_view prefix;  ///< a prefixed name's `name`: written `name:local` (no copy made)
    /// A prefixed name known to hold nothing serd escapes (a PN_PREFIX and a local name of
    /// PN_CHARS and dots): written as it is, without looking at each octet.
    bool plain_name = false;
};

/// `\u` and four upper-case hex digits: serd's escape for an octet it will not write raw.
void append_uchar(std::string& out, unsigned char c);

/// `@prefix name: <iri> .` and a newline, as serd_writer_set_prefix() wrote it first thing.
void append_prefix(std::string& out, std::string_view name, std::string_view iri);

/// `<iri>`, with the octets serd escapes (`"{}|^` and backslash; what writable_iri() leaves)
/// as \u escapes.
void append_iriref(std::string& out, std::string_view iri);

/// serd_writer_write_statement() and serd_writer_end_anon() of a Turtle writer without a graph,
/// appending to a string. Text is taken to be valid UTF-8 (the loaders check it, and the
/// N-Triples writer takes it so too): where serd reported an octet that cannot start a UTF-8
/// sequence as an error, this writes it as it is.
class TurtleLayout {
  public:
    /// Appends to `out`, every line but those inside long strings with `indent` tabs more than
    /// serd wrote (a TriG block), starting with them.
    explicit TurtleLayout(TextBuffer& out, unsigned indent = 0);

    /// A statement; `datatype` (None: none) and `language` (empty: none) for a literal object.
    void statement(unsigned flags, const TurtleNode& subject, const TurtleNode& predicate,
                   const TurtleNode& object, const TurtleNode& datatype = {},
                   std::string_view language = {});

    /// The end of the nested blank node `node` (`]`).
    void end_anon(const TurtleNode& node);

    /// The end of the last subject (` .` and a newline), as serd_writer_finish() wrote it but
    /// for the blank line serd 0.30.16 put after it, which write_turtle() always cut.
    void finish();

  private:
    enum class Sep : unsigned char;
    enum class Field : unsigned char { None, Subject, Predicate, Object };
    struct Context {
        TurtleNode subject, predicate; ///< Kind::None: not set
    };

    void write_sep(Sep sep);
    void write_newline();
    void write_node(const TurtleNode& node, Field field, unsigned flags,
                    const TurtleNode& datatype = {}, std::string_view language = {});
    void write_literal(const TurtleNode& node, const TurtleNode& datatype,
                       std::string_view language);
    void write_predicate(const TurtleNode& predicate);
    void deindent() { indent_ -= indent_ > 0 ? 1 : 0; }

    TextBuffer& out_;
    unsigned base_indent_;
    unsigned indent_ = 0;
    Sep last_sep_;
    Context context_;
    std::vector<Context> anon_stack_;
};

} // namespace seeother::rdf
