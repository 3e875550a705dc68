// TurtleLayout (rdf/turtle_layout.hpp) against serd 0.30's own writer: the same statements go to
// both, and the bytes must be the same. Hand-picked cases for the escapes and layouts the bench
// data and the fixtures of the byte-identity guard may not reach, then random plans of the shape
// the Turtle planner makes (nesting, lists, `[]`, `,` and `;` in every combination).
#include "rdf/turtle_layout.hpp"

#include "rdf_checks.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace rdf = seeother::rdf;
using rdf::TurtleNode;
using Kind = rdf::TurtleNode::Kind;

constexpr bool same_value(rdf::TurtleFlag ours, SerdStatementFlag serds) {
    return static_cast<unsigned>(ours) == static_cast<unsigned>(serds);
}
static_assert(same_value(rdf::empty_object, SERD_EMPTY_O) &&
              same_value(rdf::anon_object_begin, SERD_ANON_O_BEGIN) &&
              same_value(rdf::anon_cont, SERD_ANON_CONT) &&
              same_value(rdf::list_object_begin, SERD_LIST_O_BEGIN) &&
              same_value(rdf::list_cont, SERD_LIST_CONT));

namespace {

const std::string rdf_type = seeother::test::rdf_ns + "type";
const std::string rdf_first = seeother::test::rdf_ns + "first";
const std::string rdf_rest = seeother::test::rdf_ns + "rest";
const std::string rdf_nil = seeother::test::rdf_ns + "nil";
const std::string xsd_integer = seeother::test::xsd_ns + "integer";
const std::string xsd_decimal = seeother::test::xsd_ns + "decimal";
const std::string xsd_boolean = seeother::test::xsd_ns + "boolean";

// Texts are views of string literals or of strings that outlive the writers: serd reads the
// NUL after a node's bytes.
TurtleNode iri(std::string_view text) {
    return {Kind::Iri, false, text, {}};
}
/// `name:local`, split as the Turtle writer splits it: views into the one text, which
/// serd_node() hands to serd whole.
TurtleNode name(std::string_view text) {
    const auto colon = text.find(':');
    return {Kind::PrefixedName, false, text.substr(colon + 1), text.substr(0, colon)};
}
TurtleNode blank(std::string_view text) {
    return {Kind::Blank, false, text, {}};
}
TurtleNode literal(std::string_view text) {
    return {Kind::Literal, false, text, {}};
}
TurtleNode long_literal(std::string_view text) {
    return {Kind::Literal, true, text, {}};
}

/// A write_statement() call, or (end_anon) the end of the nested blank node `subject`.
struct Call {
    unsigned flags = 0;
    TurtleNode subject, predicate, object, datatype;
    std::string_view language;
    bool end_anon = false;
};

Call end_of(TurtleNode node) {
    Call call;
    call.subject = node;
    call.end_anon = true;
    return call;
}

/// The document as write_turtle() puts it together: the prefix lines, a blank line, the body.
std::string with_layout(const rdf::Prefixes& prefixes, const std::vector<Call>& calls,
                        unsigned indent = 0) {
    std::string document;
    for (const auto& p : prefixes)
        rdf::append_prefix(document, p.name, p.iri);
    if (!document.empty())
        document += '\n';
    rdf::TextBuffer body(16); // small: the appends that make it grow are tested too
    rdf::TurtleLayout layout(body, indent);
    for (const auto& c : calls) {
        if (c.end_anon)
            layout.end_anon(c.subject);
        else
            layout.statement(c.flags, c.subject, c.predicate, c.object, c.datatype, c.language);
    }
    layout.finish();
    return document.append(body.view());
}

SerdNode serd_node(const TurtleNode& n) {
    SerdNode node = SERD_NODE_NULL;
    if (n.kind == Kind::None)
        return node;
    const std::string_view text =
        n.kind == Kind::PrefixedName
            ? std::string_view(n.prefix.data(), n.prefix.size() + 1 + n.text.size())
            : n.text;
    node.buf = reinterpret_cast<const uint8_t*>(text.data());
    node.n_bytes = text.size();
    node.n_chars = static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    node.flags = n.long_string ? SERD_HAS_NEWLINE : 0;
    node.type = n.kind == Kind::Iri            ? SERD_URI
                : n.kind == Kind::PrefixedName ? SERD_CURIE
                : n.kind == Kind::Blank        ? SERD_BLANK
                                               : SERD_LITERAL;
    return node;
}

size_t append_to(const void* buf, size_t len, void* stream) {
    static_cast<std::string*>(stream)->append(static_cast<const char*>(buf), len);
    return len;
}

SerdStatus count_error(void* handle, const SerdError*) {
    ++*static_cast<int*>(handle);
    return SERD_SUCCESS;
}

/// The same document written by serd 0.30's Turtle writer, ending in one newline.
std::string with_serd(const rdf::Prefixes& prefixes, const std::vector<Call>& calls) {
    std::string out;
    int errors = 0;
    SerdEnv* env = serd_env_new(nullptr);
    SerdWriter* writer =
        serd_writer_new(SERD_TURTLE, static_cast<SerdStyle>(SERD_STYLE_ABBREVIATED), env, nullptr,
                        &append_to, &out);
    serd_writer_set_error_sink(writer, &count_error, &errors);
    for (const auto& p : prefixes) {
        const SerdNode n = serd_node(literal(p.name));
        const SerdNode i = serd_node(iri(p.iri));
        CHECK(serd_writer_set_prefix(writer, &n, &i) == SERD_SUCCESS);
    }
    for (const auto& c : calls) {
        const SerdNode s = serd_node(c.subject);
        if (c.end_anon) {
            CHECK(serd_writer_end_anon(writer, &s) == SERD_SUCCESS);
            continue;
        }
        const SerdNode p = serd_node(c.predicate);
        const SerdNode o = serd_node(c.object);
        const SerdNode d = serd_node(c.datatype);
        const SerdNode l = serd_node(literal(c.language));
        CHECK(serd_writer_write_statement(writer, c.flags, nullptr, &s, &p, &o,
                                          c.datatype.kind == Kind::None ? nullptr : &d,
                                          c.language.empty() ? nullptr : &l) == SERD_SUCCESS);
    }
    CHECK(serd_writer_finish(writer) == SERD_SUCCESS);
    serd_writer_free(writer);
    serd_env_free(env);
    CHECK(errors == 0);
    // serd ends the document with a blank line, which write_turtle() always cut to one newline.
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out.empty() ? out : out + '\n';
}

/// Statements of one subject, one object each.
std::vector<Call> objects_of(const TurtleNode& subject, const TurtleNode& predicate,
                             const std::vector<TurtleNode>& objects) {
    std::vector<Call> calls;
    for (const auto& o : objects)
        calls.push_back({0, subject, predicate, o, {}, {}, false});
    return calls;
}

void check_same(const std::vector<Call>& calls, const rdf::Prefixes& prefixes = {}) {
    const std::string expected = with_serd(prefixes, calls);
    INFO("serd wrote:\n" << expected);
    CHECK(with_layout(prefixes, calls) == expected);
}

const TurtleNode s = iri("http://example.org/s");
const TurtleNode p = iri("http://example.org/p");
const TurtleNode q = name("ex:q");

} // namespace

TEST_CASE("Short literals escape controls, U+0000, quotes and backslashes as serd does",
          "[turtle_layout]") {
    check_same(objects_of(
        s, p,
        {literal(""), literal("plain"), literal("say \"hi\""), literal("back\\slash"),
         literal("\\\""), literal(std::string_view("nul\0here", 8)),
         literal(std::string_view("\0", 1)), literal("\t\n\r\b\f"), literal("\x01\x02\x1b\x1f\x7f"),
         literal("caf\xC3\xA9 \xF0\x9D\x84\x9E \xE2\x80\xA8"), literal("'single' '''"),
         literal("\"\"\"")}));
}

TEST_CASE("A literal's escapes are found wherever they stand", "[turtle_layout]") {
    // Literals are looked at sixteen, then eight octets at a time: an octet serd escapes at
    // every place of such blocks, in short and long strings.
    const std::string plain = "The quick brown fox jumps over the lazy dog, twice.";
    std::deque<std::string> texts; // serd reads the NUL after each
    std::vector<TurtleNode> objects;
    for (const char octet : std::string_view("\x01\x1f\x7f\"\\\n\t", 7))
        for (std::size_t at = 0; at < 40; ++at) {
            std::string& text = texts.emplace_back(plain.substr(0, at + 9));
            text[at] = octet;
            objects.push_back(literal(text));
            objects.push_back(long_literal(text));
        }
    check_same(objects_of(s, p, objects));
}

TEST_CASE("Long literals keep line breaks and escape a third quote and a closing one",
          "[turtle_layout]") {
    check_same(objects_of(s, p,
                          {long_literal("two\nlines"), long_literal("\n"), long_literal("a\"b\nc"),
                           long_literal("\"\"\n\"\""), long_literal("x\n\"\"\""),
                           long_literal("x\n\"\"\"\"\"y"), long_literal("ends\nin \""),
                           long_literal("\"\nstarts"), long_literal("tab\tff\f\nbs\b"),
                           long_literal("cr\r\nlf"), long_literal(std::string_view("nul\0\nx", 7)),
                           long_literal("back\\slash\n\\"), long_literal("\x01\x7f\n\xC3\xA9"),
                           long_literal("\" \" \"\n\"")}));
}

TEST_CASE("Language tags, datatypes, and the literals serd writes bare", "[turtle_layout]") {
    std::vector<Call> calls;
    const auto add = [&](TurtleNode o, TurtleNode datatype, std::string_view language = {}) {
        calls.push_back({0, s, p, o, datatype, language, false});
    };
    add(literal("chat"), {}, "fr");
    add(literal("colour"), {}, "en-GB");
    add(long_literal("zwei\nZeilen"), {}, "de-1996");
    add(literal("42"), iri(xsd_integer));
    add(literal("-7"), iri(xsd_integer));
    add(literal("abc"), iri(xsd_integer)); // bare whatever the text: the planner steers clear
    add(literal("true"), iri(xsd_boolean));
    add(literal("1.5"), iri(xsd_decimal));
    add(literal("5."), iri(xsd_decimal));                         // not bare: it ends in a dot
    add(literal("15"), iri(xsd_decimal));                         // not bare: no dot
    add(literal(std::string_view("1\0.5", 4)), iri(xsd_decimal)); // the dot after a NUL
    add(literal("42"), name("xsd:integer"));
    add(literal("x"), iri("http://example.org/type{1}"));
    add(literal("x"), iri(rdf_nil));
    add(literal("x"), name("ex:dt"));
    check_same(calls);
}

TEST_CASE("IRIs and prefixed names escape what serd escapes", "[turtle_layout]") {
    check_same(objects_of(
        s, p,
        {iri("http://example.org/a{b}|c^d`e\\f\"g"), iri("http://example.org/del\x7f"),
         iri("http://example.org/caf\xC3\xA9"), iri("http://example.org/x y<z>"), iri("urn:x-\x01"),
         iri(""), name("ex:a~b!c$d&e'f(g)h*i+j,k;l=m/n?o#p@q%r"), name(":empty"), name("ex:")}));
}

TEST_CASE("Every octet serd escapes in an IRI is escaped wherever it stands", "[turtle_layout]") {
    // IRIs are looked at sixteen octets at a time, the last sixteen overlapping: every place of
    // a block, and of the overlap, must be seen. The rule octet by octet is serd's
    // uri_must_escape().
    const auto reference = [](std::string_view iri) {
        static constexpr char hex[] = "0123456789ABCDEF";
        std::string out = "<";
        for (const char c : iri) {
            const auto octet = static_cast<unsigned char>(c);
            if (octet <= 0x20 || octet == 0x7F ||
                std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos) {
                out += "\\u00";
                out += hex[octet >> 4];
                out += hex[octet & 0xF];
            } else {
                out += c;
            }
        }
        return out + ">";
    };
    const std::string plain = "http://example.org/a-long-path/with/segments~x?q=1#frag";
    for (int octet = 1; octet < 256; ++octet)
        for (const std::size_t length : {16u, 17u, 31u, 32u, 40u, 55u})
            for (std::size_t at = 0; at < length; ++at) {
                std::string iri = plain.substr(0, length);
                iri[at] = static_cast<char>(octet);
                std::string ours;
                rdf::append_iriref(ours, iri);
                INFO("octet " << octet << " at " << at << " of " << length);
                REQUIRE(ours == reference(iri));
            }
}

TEST_CASE("A prefixed name is its whole `name:local`, as serd saw it, in two parts",
          "[turtle_layout]") {
    // The same local name under two prefixes is two subjects and two predicates; a name whose
    // whole text is an xsd IRI (prefix `http`) still makes serd write its literal bare.
    check_same({{0, name("a:x"), name("a:p"), literal("1"), {}, {}, false},
                {0, name("b:x"), name("a:p"), literal("2"), {}, {}, false},
                {0, name("b:x"), name("b:p"), literal("3"), {}, {}, false},
                {0,
                 name("b:x"),
                 name("b:p"),
                 literal("42"),
                 name("http://www.w3.org/2001/XMLSchema#integer"),
                 {},
                 false},
                {0, name("b:x"), name("b:p"), literal("7"), name("http:integer"), {}, false}});
}

TEST_CASE("rdf:type is `a` as a predicate only, rdf:nil is `()` anywhere", "[turtle_layout]") {
    check_same({
        {0, iri(rdf_type), iri(rdf_type), iri(rdf_type), {}, {}, false},
        {0, iri(rdf_type), iri(rdf_nil), iri(rdf_nil), {}, {}, false},
        {0, iri(rdf_nil), p, literal(rdf_nil), {}, {}, false},
        {0, iri(rdf_nil), q, iri(rdf_nil), {}, {}, false},
    });
}

TEST_CASE("Prefixes, the empty one too, and a blank line before the first subject",
          "[turtle_layout]") {
    const rdf::Prefixes prefixes{{"", "http://example.org/"},
                                 {"ex", "http://example.org/"},
                                 {"odd", "http://example.org/{odd}"}};
    check_same({{0, name(":s"), name(":p"), name(":o"), {}, {}, false},
                {0, name(":s"), name("ex:q"), blank("b1"), {}, {}, false},
                {0, blank("b1"), name(":p"), literal("x"), {}, {}, false}},
               prefixes);
}

TEST_CASE("Semicolons, commas, `[]`, `[ … ]` and `( … )` nest as serd lays them out",
          "[turtle_layout]") {
    const TurtleNode a = blank("n1"), b = blank("n2"), c1 = blank("n3"), c2 = blank("n4"),
                     e = blank("n5"), inner = blank("n6"), d = blank("n7");
    const TurtleNode first = iri(rdf_first), rest = iri(rdf_rest), nil = iri(rdf_nil);
    constexpr unsigned in_anon = rdf::anon_cont, in_list = rdf::list_cont;
    check_same({
        // s p [ q 1 ], [ q ( [] [ p "x" ] ) ] ; q _:b1 , [] .
        {rdf::anon_object_begin, s, p, a, {}, {}, false},
        {in_anon, a, q, literal("1"), {}, {}, false},
        end_of(a),
        {rdf::anon_object_begin, s, p, b, {}, {}, false},
        {in_anon | rdf::list_object_begin, b, q, c1, {}, {}, false},
        {in_anon | in_list | rdf::empty_object, c1, first, e, {}, {}, false},
        {in_anon | in_list, c1, rest, c2, {}, {}, false},
        {in_anon | in_list | rdf::anon_object_begin, c2, first, inner, {}, {}, false},
        {in_anon, inner, p, literal("x"), {}, {}, false},
        end_of(inner),
        {in_anon | in_list, c2, rest, nil, {}, {}, false},
        end_of(b),
        {0, s, q, blank("b1"), {}, {}, false},
        {rdf::empty_object, s, q, d, {}, {}, false},
        // A second subject: a list of a list, then more of the subject after it.
        {rdf::list_object_begin, blank("b1"), p, blank("n8"), {}, {}, false},
        {in_list | rdf::list_object_begin, blank("n8"), first, blank("n9"), {}, {}, false},
        {in_list, blank("n9"), first, literal("deep"), {}, {}, false},
        {in_list, blank("n9"), rest, nil, {}, {}, false},
        {in_list, blank("n8"), rest, nil, {}, {}, false},
        {0, blank("b1"), q, literal("after"), {}, {}, false},
    });
}

TEST_CASE("A TriG block is the Turtle a tab in, but for the lines inside long strings",
          "[turtle_layout]") {
    const TurtleNode a = blank("n1");
    const std::vector<Call> calls{
        {0, s, p, long_literal("one\ntwo\n\n  three"), {}, {}, false},
        {rdf::anon_object_begin, s, q, a, {}, {}, false},
        {rdf::anon_cont, a, p, literal("x"), {}, {}, false},
        end_of(a),
        {0, iri("http://example.org/t"), p, literal("y"), {}, {}, false},
    };
    CHECK(with_layout({}, calls, 1) == "\t<http://example.org/s>\n"
                                       "\t\t<http://example.org/p> \"\"\"one\n"
                                       "two\n"
                                       "\n"
                                       "  three\"\"\" ;\n"
                                       "\t\tex:q [\n"
                                       "\t\t\t<http://example.org/p> \"x\"\n"
                                       "\t\t] .\n"
                                       "\n"
                                       "\t<http://example.org/t>\n"
                                       "\t\t<http://example.org/p> \"y\" .\n");
}

namespace {

/// Random plans in the planner's grammar: subjects with a few statements each, whose objects
/// are plain, `[]`, nested blank nodes or lists, nested up to three deep.
class RandomPlan {
  public:
    explicit RandomPlan(unsigned seed) : random_(seed) {}

    std::vector<Call> make() {
        const std::size_t subjects = 1 + pick(4);
        for (std::size_t i = 0; i < subjects; ++i)
            block(pick(2) ? iri(keep("http://example.org/s" + std::to_string(i)))
                          : blank(keep("b" + std::to_string(i))),
                  0, 0);
        return std::move(calls_);
    }

  private:
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
    }
    std::string_view keep(std::string text) { return texts_.emplace_back(std::move(text)); }
    TurtleNode nested() { return blank(keep("n" + std::to_string(++nested_))); }

    /// No rdf:nil in a list: serd would take it for the list's end (the planner never asks).
    TurtleNode leaf(bool in_list) {
        static const TurtleNode leaves[] = {iri("http://example.org/o"),
                                            name("ex:o"),
                                            literal("x"),
                                            long_literal("a\n\"b\""),
                                            blank("b0"),
                                            literal("\t\\"),
                                            name("ex:other"),
                                            iri(rdf_nil)};
        return leaves[pick(std::size(leaves) - (in_list ? 1 : 0))];
    }

    /// A subject's statements, predicates in order so that `,` occurs.
    void block(TurtleNode subject, unsigned cont, int depth) {
        static const TurtleNode predicates[] = {iri(rdf_type), name("ex:p"), iri("urn:q"),
                                                name("ex:r")};
        std::size_t predicate = pick(2);
        for (std::size_t n = 1 + pick(3); n > 0; --n) {
            predicate = std::min(predicate + pick(2), std::size(predicates) - 1);
            triple(subject, predicates[predicate], cont, depth);
        }
    }

    /// One statement and, for a nested object, what is inside it.
    void triple(TurtleNode subject, TurtleNode predicate, unsigned cont, int depth) {
        const std::size_t shape = depth < 3 ? pick(6) : 0;
        if (shape <= 2) {
            calls_.push_back(
                {cont, subject, predicate, leaf(cont & rdf::list_cont), {}, {}, false});
        } else if (shape == 3) {
            calls_.push_back(
                {cont | rdf::empty_object, subject, predicate, nested(), {}, {}, false});
        } else if (shape == 4) {
            const TurtleNode object = nested();
            calls_.push_back(
                {cont | rdf::anon_object_begin, subject, predicate, object, {}, {}, false});
            block(object, rdf::anon_cont, depth + 1);
            calls_.push_back(end_of(object));
        } else {
            TurtleNode cell = nested();
            calls_.push_back(
                {cont | rdf::list_object_begin, subject, predicate, cell, {}, {}, false});
            const unsigned in_list = (cont & rdf::anon_cont) | rdf::list_cont;
            for (std::size_t n = 1 + pick(3); n > 0; --n) {
                triple(cell, iri(rdf_first), in_list, depth + 1);
                const TurtleNode next = n == 1 ? iri(rdf_nil) : nested();
                calls_.push_back({in_list, cell, iri(rdf_rest), next, {}, {}, false});
                cell = next;
            }
        }
    }

    std::mt19937 random_;
    std::deque<std::string> texts_; ///< a deque: the views stay valid
    std::size_t nested_ = 0;
    std::vector<Call> calls_;
};

} // namespace

TEST_CASE("Random plans of nested blank nodes and lists come out as serd wrote them",
          "[turtle_layout]") {
    const rdf::Prefixes prefixes{{"ex", "http://example.org/"}};
    for (unsigned seed = 0; seed < 2000; ++seed) {
        CAPTURE(seed);
        RandomPlan plan(seed);
        const std::vector<Call> calls = plan.make();
        const std::string expected = with_serd(prefixes, calls);
        INFO("serd wrote:\n" << expected);
        REQUIRE(with_layout(prefixes, calls) == expected);
    }
}
