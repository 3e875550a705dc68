// serd 0.30.16's src/writer.c, the part a Turtle plan reaches, as the same state machine: the
// separators with their rules (when a newline and the indent, when a space), the context of the
// current subject and predicate that decides between `;`, `,` and a new subject, and a stack of
// contexts for `[ … ]`. Escaping is one table lookup an octet.
#include "turtle_layout.hpp"
#include "writer_util.hpp"

#include "vocab.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <iterator>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace seeother::rdf {

namespace {

template <class Out> void append_uchar_to(Out& out, unsigned char c) {
    static constexpr char hex[] = "0123456789ABCDEF";
    const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
    out.append(escape, sizeof escape);
}

using Table = std::array<bool, 256>;

/// The octets serd writes as \u escapes in an IRI (uri_must_escape(): controls, space, 0x7F and
/// `"<>\^`{|}`). Octets from 0x80 start UTF-8 sequences, which serd writes as they are.
constexpr Table escaped_in_iri = [] {
    Table escaped{};
    for (std::size_t c = 0; c <= 0x20; ++c)
        escaped[c] = true;
    for (const char c : std::string_view("\"<>\\^`{|}"))
        escaped[static_cast<unsigned char>(c)] = true;
    escaped[0x7F] = true;
    return escaped;
}();

/// The octets that end serd's bulk copy of a literal: controls, 0x7F, `"` and backslash.
constexpr Table special_in_literal = [] {
    Table special{};
    for (std::size_t c = 0; c < 0x20; ++c)
        special[c] = true;
    special[0x7F] = special['"'] = special['\\'] = true;
    return special;
}();

/// What serd escapes with a backslash in a prefixed name (lname_must_escape()).
constexpr Table escaped_in_name = [] {
    Table escaped{};
    for (const char c : std::string_view("'!#$%&()*+,/;=?@~"))
        escaped[static_cast<unsigned char>(c)] = true;
    return escaped;
}();

/// Whether no octet of the eight at `at` is special in a literal (SWAR: a high bit of `below`
/// is set for an octet under 0x20, of `has(c)` where an octet is c; octets from 0x80 set none).
bool plain_in_literal(const char* at) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    std::uint64_t word;
    std::memcpy(&word, at, 8);
    const auto has = [&](unsigned char c) {
        const std::uint64_t x = word ^ (ones * c);
        return (x - ones) & ~x & highs;
    };
    const std::uint64_t below = (word - ones * 0x20) & ~word & highs;
    return (below | has('"') | has('\\') | has(0x7F)) == 0;
}

/// Whether no octet of the sixteen at `at` is special in a literal: plain_in_literal() on two
/// words in one look.
bool plain_in_literal16(const char* at) {
#ifdef __SSE2__
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const auto is = [&](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    // Below 0x20 (unsigned: its minimum with 0x1F is itself), 0x7F, `"`, backslash.
    const __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v), is(0x7F)),
        _mm_or_si128(is('"'), is('\\')));
    return _mm_movemask_epi8(special) == 0;
#else
    return plain_in_literal(at) && plain_in_literal(at + 8);
#endif
}

/// Appends `text`, calling `escape(octet, at)` for each octet `table` marks instead. In a
/// literal, eight octets at a time while none is special (literals are the long texts).
template <const Table& table, class Out, class Escape>
void append_escaped(Out& out, std::string_view text, Escape&& escape) {
    std::size_t done = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if constexpr (&table == &special_in_literal) {
            while (i + 16 <= text.size() && plain_in_literal16(text.data() + i))
                i += 16;
            while (i + 8 <= text.size() && plain_in_literal(text.data() + i))
                i += 8;
            if (i == text.size())
                break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (!table[c])
            continue;
        out.append(text.data() + done, i - done);
        escape(c, i);
        done = i + 1;
    }
    out.append(text.data() + done, text.size() - done);
}

[[maybe_unused]] bool needs_no_escape(std::string_view name) {
    return std::none_of(name.begin(), name.end(),
                        [](char c) { return escaped_in_name[static_cast<unsigned char>(c)]; });
}

/// Whether no octet of `iri` is escaped_in_iri, looked at sixteen at a time (the last sixteen
/// overlapping the others); false also when it cannot tell (shorter than sixteen, or an octet
/// from 0x80).
bool surely_plain_iri(std::string_view iri) {
#ifdef __SSE2__
    if (iri.size() < 16)
        return false;
    // Signed, below 0x21 is up to 0x20 or from 0x80; above 0x7A is `{|}~` and 0x7F.
    const __m128i below = _mm_set1_epi8(0x21);
    const __m128i above = _mm_set1_epi8(0x7A);
    const __m128i tilde = _mm_set1_epi8('~');
    const auto any_of = [](__m128i v, std::string_view octets) {
        __m128i found = _mm_setzero_si128();
        for (const char c : octets)
            found = _mm_or_si128(found, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
        return found;
    };
    const auto plain_at = [&](std::size_t at) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(iri.data() + at));
        const __m128i high = _mm_andnot_si128(_mm_cmpeq_epi8(v, tilde), _mm_cmpgt_epi8(v, above));
        const __m128i escaped =
            _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, below), high), any_of(v, "\"<>\\^`"));
        return _mm_movemask_epi8(escaped) == 0;
    };
    for (std::size_t at = 0; at + 16 <= iri.size(); at += 16)
        if (!plain_at(at))
            return false;
    return iri.size() % 16 == 0 || plain_at(iri.size() - 16);
#else
    static_cast<void>(iri);
    return false;
#endif
}

template <class Out> void append_iri_text(Out& out, std::string_view iri) {
    if (surely_plain_iri(iri)) {
        out.append(iri.data(), iri.size());
        return;
    }
    append_escaped<escaped_in_iri>(out, iri,
                                   [&](unsigned char c, std::size_t) { append_uchar_to(out, c); });
}

/// A short string's text (serd's WRITE_STRING for Turtle).
template <class Out> void append_short_text(Out& out, std::string_view text) {
    append_escaped<special_in_literal>(out, text, [&](unsigned char c, std::size_t) {
        if (append_string_echar(out, c))
            return;
        switch (c) {
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            append_uchar_to(out, c);
        }
    });
}

/// A long string's text (WRITE_LONG_STRING): line breaks and tabs as they are; of a run of
/// quotes, the third and later escaped, and a quote that ends the text.
template <class Out> void append_long_text(Out& out, std::string_view text) {
    std::size_t run = 0; // of quotes, up to and including the last one
    std::size_t last_quote = 0;
    append_escaped<special_in_literal>(out, text, [&](unsigned char c, std::size_t at) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\n':
        case '\r':
        case '\t':
        case '\f':
            out += static_cast<char>(c);
            break;
        case '"':
            run = run > 0 && last_quote + 1 == at ? run + 1 : 1;
            last_quote = at;
            out += run >= 3 || at + 1 == text.size() ? "\\\"" : "\"";
            break;
        default:
            append_uchar_to(out, c);
        }
    });
}

bool same(const TurtleNode& a, const TurtleNode& b) {
    return a.kind == b.kind && a.text.size() == b.text.size() &&
           (a.text.data() == b.text.data() ||
            std::memcmp(a.text.data(), b.text.data(), a.text.size()) == 0) &&
           a.prefix == b.prefix;
}

/// Whether the node's text, as serd had it (`name:local` for a prefixed name), is `value`.
bool text_is(const TurtleNode& node, std::string_view value) {
    if (node.kind != TurtleNode::Kind::PrefixedName)
        return node.text == value;
    return value.size() == node.prefix.size() + 1 + node.text.size() &&
           value.substr(0, node.prefix.size()) == node.prefix && value[node.prefix.size()] == ':' &&
           value.substr(node.prefix.size() + 1) == node.text;
}

constexpr std::string_view xsd_ns = vocab::xsd;

/// serd writes these literals bare, `42` and not `"42"^^xsd:integer`: any lexical form of
/// xsd:integer and xsd:boolean, and of xsd:decimal one with a dot (before any NUL, as strchr()
/// looks) that does not end in one.
bool written_bare(std::string_view lexical, const TurtleNode& datatype) {
    std::string whole; // serd's text of a prefixed name, made only when it could be an xsd IRI
    std::string_view type = datatype.text;
    if (datatype.kind == TurtleNode::Kind::PrefixedName) {
        if (datatype.prefix != xsd_ns.substr(0, xsd_ns.find(':')))
            return false;
        type = whole.append(datatype.prefix).append(1, ':').append(datatype.text);
    }
    if (type.size() <= xsd_ns.size() || type.compare(0, xsd_ns.size(), xsd_ns) != 0)
        return false;
    const std::string_view name = type.substr(xsd_ns.size());
    if (name == "integer" || name == "boolean")
        return true;
    return name == "decimal" &&
           lexical.substr(0, lexical.find('\0')).find('.') != std::string_view::npos &&
           lexical.back() != '.';
}

} // namespace

namespace {

template <class Out> void append_prefix_to(Out& out, std::string_view name, std::string_view iri) {
    out += "@prefix ";
    out += name;
    out += ": <";
    append_iri_text(out, iri);
    out += "> .\n";
}

template <class Out> void append_iriref_to(Out& out, std::string_view iri) {
    out += '<';
    append_iri_text(out, iri);
    out += '>';
}

} // namespace

void append_uchar(std::string& out, unsigned char c) {
    append_uchar_to(out, c);
}

void append_prefix(std::string& out, std::string_view name, std::string_view iri) {
    append_prefix_to(out, name, iri);
}

void append_iriref(std::string& out, std::string_view iri) {
    append_iriref_to(out, iri);
}

// serd's Sep and its rules: the text, and whether a newline (and the indent) comes before it,
// after it when it follows a node, after it always; else a space after it when it follows a
// node and not the start. Those of directives, subjects opening `[` and graphs are not needed.
enum class TurtleLayout::Sep : unsigned char {
    Nothing,   ///< the start
    Node,      ///< after a node
    EndS,      ///< ` .` and a newline: the end of a subject (see finish())
    EndP,      ///< ` ;`
    EndO,      ///< ` ,`
    SP,        ///< between a subject and its first predicate
    PO,        ///< between a predicate and its object
    AnonBegin, ///< `[`
    AnonEnd,   ///< `]`
    ListBegin, ///< `(`
    ListSep,   ///< between list items
    ListEnd,   ///< `)`
};

namespace {

struct SepRule {
    std::string_view text;
    bool newline_before;
    bool newline_after_node;
    bool newline_after;
};

constexpr SepRule sep_rules[] = {
    {{}, false, false, false},  {{}, false, false, false},  {" .\n", false, false, false},
    {" ;", false, true, true},  {" ,", false, true, false}, {{}, false, true, false},
    {" ", false, false, false}, {"[", false, true, true},   {"]", true, false, false},
    {"(", false, false, false}, {{}, false, true, false},   {")", true, false, false},
};

} // namespace

TurtleLayout::TurtleLayout(TextBuffer& out, unsigned indent)
    : out_(out), base_indent_(indent), last_sep_(Sep::Nothing) {
    out_.append(base_indent_, '\t');
}

void TurtleLayout::write_newline() {
    static constexpr std::string_view newline = "\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
    const std::size_t tabs = base_indent_ + indent_;
    if (tabs < newline.size()) { // one append: this is every line
        out_.append(newline.data(), tabs + 1);
        return;
    }
    out_ += newline;
    out_.append(tabs - (newline.size() - 1), '\t');
}

void TurtleLayout::write_sep(Sep sep) {
    static_assert(std::size(sep_rules) == static_cast<std::size_t>(Sep::ListEnd) + 1);
    const SepRule& rule = sep_rules[static_cast<std::size_t>(sep)];
    if (rule.newline_before)
        write_newline();
    out_ += rule.text;
    if (rule.newline_after || (last_sep_ == Sep::Node && rule.newline_after_node))
        write_newline();
    else if (last_sep_ != Sep::Nothing && rule.newline_after_node)
        out_ += ' ';
    last_sep_ = sep;
}

void TurtleLayout::write_literal(const TurtleNode& node, const TurtleNode& datatype,
                                 std::string_view language) {
    if (datatype.kind != TurtleNode::Kind::None && written_bare(node.text, datatype)) {
        out_ += node.text;
        return;
    }
    if (node.long_string) {
        out_ += "\"\"\"";
        append_long_text(out_, node.text);
        out_ += "\"\"\"";
    } else {
        out_ += '"';
        append_short_text(out_, node.text);
        out_ += '"';
    }
    if (!language.empty()) {
        out_ += '@';
        out_ += language;
    } else if (datatype.kind != TurtleNode::Kind::None) {
        out_ += "^^";
        write_node(datatype, Field::None, 0);
    }
}

void TurtleLayout::write_node(const TurtleNode& node, Field field, unsigned flags,
                              const TurtleNode& datatype, std::string_view language) {
    switch (node.kind) {
    case TurtleNode::Kind::None:
        break;
    case TurtleNode::Kind::Literal:
        write_literal(node, datatype, language);
        break;
    case TurtleNode::Kind::Iri:
        assert(!(field == Field::Object && (flags & anon_object_begin))); // `[ == <iri>`: unused
        if (field == Field::Predicate && node.text == vocab::rdf_type)
            out_ += 'a';
        else if (node.text == vocab::rdf_nil)
            out_ += "()";
        else
            append_iriref_to(out_, node.text);
        break;
    case TurtleNode::Kind::PrefixedName: {
        if (node.plain_name) {
            assert(needs_no_escape(node.prefix) && needs_no_escape(node.text));
            out_.append(node.prefix).append(":", 1).append(node.text);
            break;
        }
        // serd escaped the whole `name:local`; ':' is never escaped, so each part on its own.
        const auto escape = [&](unsigned char c, std::size_t) {
            out_ += '\\';
            out_ += static_cast<char>(c);
        };
        append_escaped<escaped_in_name>(out_, node.prefix, escape);
        out_ += ':';
        append_escaped<escaped_in_name>(out_, node.text, escape);
        break;
    }
    case TurtleNode::Kind::Blank:
        if (field == Field::Object && (flags & anon_object_begin)) {
            ++indent_;
            write_sep(Sep::AnonBegin);
        } else if (field == Field::Object && (flags & list_object_begin)) {
            ++indent_;
            write_sep(Sep::ListBegin);
        } else if (field == Field::Object && (flags & empty_object)) {
            out_ += "[]";
        } else {
            out_ += "_:";
            out_ += node.text;
        }
        break;
    }
    last_sep_ = Sep::Node;
}

void TurtleLayout::write_predicate(const TurtleNode& predicate) {
    write_node(predicate, Field::Predicate, 0);
    write_sep(Sep::PO);
    context_.predicate = predicate;
}

void TurtleLayout::statement(unsigned flags, const TurtleNode& subject, const TurtleNode& predicate,
                             const TurtleNode& object, const TurtleNode& datatype,
                             std::string_view language) {
    if (flags & list_cont) {
        // An rdf:rest to rdf:nil closes the list; an rdf:first writes its item; the links
        // between cells write nothing. serd knows them by their text alone.
        if (text_is(object, vocab::rdf_nil)) {
            deindent();
            write_sep(Sep::ListEnd);
            return; // the context stays that of the last item
        }
        if (text_is(predicate, vocab::rdf_first)) {
            write_sep(Sep::ListSep);
            write_node(object, Field::Object, flags, datatype, language);
        }
    } else if (same(subject, context_.subject)) {
        if (same(predicate, context_.predicate)) {
            if (!(flags & anon_object_begin))
                ++indent_;
            write_sep(Sep::EndO);
            write_node(object, Field::Object, flags, datatype, language);
            if (!(flags & anon_object_begin))
                deindent();
        } else {
            write_sep(context_.predicate.kind != TurtleNode::Kind::None ? Sep::EndP : Sep::SP);
            write_predicate(predicate);
            write_node(object, Field::Object, flags, datatype, language);
        }
    } else {
        if (context_.subject.kind != TurtleNode::Kind::None) {
            deindent();
            if (anon_stack_.empty())
                write_sep(Sep::EndS);
        }
        if (!(flags & anon_cont)) {
            if (last_sep_ == Sep::EndS)
                write_newline();
            write_node(subject, Field::Subject, flags);
            ++indent_;
            write_sep(Sep::SP);
        } else {
            ++indent_;
        }
        context_ = {subject, {}};
        write_predicate(predicate);
        write_node(object, Field::Object, flags, datatype, language);
    }

    if (flags & anon_object_begin) {
        // Inside `[ … ]` the context starts with this statement's subject and no predicate,
        // as serd's does: the node's first statement then starts a "new subject".
        anon_stack_.push_back(context_);
        context_ = {subject, {}};
    } else {
        context_ = {subject, predicate};
    }
}

void TurtleLayout::end_anon(const TurtleNode& node) {
    assert(!anon_stack_.empty() && indent_ > 0);
    deindent();
    write_sep(Sep::AnonEnd);
    context_ = anon_stack_.back();
    anon_stack_.pop_back();
    if (same(node, context_.subject))
        context_ = {node, {}};
}

void TurtleLayout::finish() {
    if (context_.subject.kind != TurtleNode::Kind::None)
        write_sep(Sep::EndS);
    context_ = {};
    indent_ = 0;
}

} // namespace seeother::rdf
