// JSON-LD 1.1, written by hand in a compact, readable shape that expands (jsonld.js toRDF,
// rdflib) to exactly the graph that was given:
//
// - An inline @context of the prefixes used, never a remote one. A prefix is only used when
//   its namespace ends in a gen-delim (`/`, `#`, `:`, …): JSON-LD 1.1 expands `ex:x` only
//   through such "prefix" terms. A prefix named like the scheme of some IRI in the graph
//   (`urn`, `mailto`) is not used, or that IRI, written in full, would read as a compact IRI.
// - One node object per subject in @graph (just the node object, when there is one); blank
//   nodes used once embedded; well-formed lists as @list, lists of lists included (1.1).
// - rdf:type with IRI objects as @type; other rdf:type objects under the rdf:type property.
// - Literals keep their exact lexical form: never a JSON number or boolean, always a string,
//   with @type for a datatype ("007"^^xsd:integer stays {"@value": "007", "@type":
//   "xsd:integer"}) and @language for a language tag. Plain strings are bare JSON strings.
// - JSON escaping: `"`, `\`, controls, U+2028 and U+2029 escaped; `</` written `<\/` and `<!`
//   written `\u003c!`, so the document can be embedded in an HTML <script> element as is.
//   For a page that embeds it (`script`), also what HTML forbids there: `<`, `>`, `&`, C1
//   controls and noncharacters as \u escapes, in the one pass.
#include "writers.hpp"

#include "text_buffer.hpp"
#include "writer_util.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace seeother::rdf {
namespace {

// ---- JSON ------------------------------------------------------------------------------------
// Written straight into the output: the layout is that of a JSON tree printed with two-space
// indents, where an object whose members are all "@" keys with strings (a value object, an
// {"@id": …}, {"@list": []}) stays on one line.

/// Where the run of octets written as they are ends in `text`, from `from`: printable ASCII
/// but '"', '\\' and '<' (and, in a script, '>' and '&'); text.size() when it runs to the end.
/// Most of a document's octets are looked at here: sixteen a step where the string is that
/// long (its last sixteen overlapping the rest), one by one in a shorter one.
std::size_t plain_run_end(std::string_view text, std::size_t from, bool script) {
    const char* const data = text.data();
    const std::size_t size = text.size();
#if defined(__SSE2__)
    if (size >= 16) {
        const auto special = [&, script](std::size_t at) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
            const auto is = [&](char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
            // Signed, below 0x20: the controls, and every octet from 0x80 (UTF-8, decoded).
            __m128i hit = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)), is(0x7F));
            hit = _mm_or_si128(hit, _mm_or_si128(_mm_or_si128(is('"'), is('\\')), is('<')));
            if (script)
                hit = _mm_or_si128(hit, _mm_or_si128(is('>'), is('&')));
            return static_cast<unsigned>(_mm_movemask_epi8(hit));
        };
        std::size_t at = from;
        for (; at + 16 <= size; at += 16)
            if (const unsigned hits = special(at); hits != 0)
                return at + static_cast<std::size_t>(__builtin_ctz(hits));
        if (at == size)
            return size;
        const unsigned hits = special(size - 16) >> (at - (size - 16));
        return hits != 0 ? at + static_cast<std::size_t>(__builtin_ctz(hits)) : size;
    }
#endif
    static constexpr auto plain_octets = [](bool in_script) {
        std::array<bool, 256> plain{};
        for (unsigned c = 0x20; c < 0x7F; ++c)
            plain[c] = c != '"' && c != '\\' && c != '<' && !(in_script && (c == '>' || c == '&'));
        return plain;
    };
    static constexpr std::array<bool, 256> plain_tables[2] = {plain_octets(false),
                                                              plain_octets(true)};
    const auto& plain = plain_tables[script ? 1 : 0];
    std::size_t at = from;
    while (at < size && plain[static_cast<unsigned char>(data[at])])
        ++at;
    return at;
}

/// Appends `text` as a JSON string; with `script`, safe in an HTML <script> element too.
void append_json_string(TextBuffer& out, std::string_view text, bool script) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto uchar = [&](char32_t c) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4)
            out += hex[(c >> shift) & 0xF];
    };
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t run = plain_run_end(text, i, script);
        out.append(text.data() + i, run - i);
        if ((i = run) == text.size())
            break;
        const Utf8Char u = decode_utf8_at(text, i);
        const char32_t c = u.valid ? u.code_point : 0xFFFD; // JSON text is UTF-8
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 || c == 0xFFFE ||
                   c == 0xFFFF) {
            uchar(c);
        } else if (c == '<' && i + 1 < text.size() && text[i + 1] == '/') {
            out += script ? "\\u003c\\/" : "<\\/";
            ++i; // the '/' is written
        } else if ((c == '<' && i + 1 < text.size() && text[i + 1] == '!') ||
                   (script && (c == '<' || c == '>' || c == '&' || in_range(c, 0x80, 0x9F) ||
                               in_range(c, 0xFDD0, 0xFDEF)))) {
            uchar(c);
        } else if (script && c > 0xFFFF && (c & 0xFFFE) == 0xFFFE) {
            uchar(0xD800 + ((c - 0x10000) >> 10)); // a noncharacter past U+FFFF: UTF-16
            uchar(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else if (!u.valid) {
            out += encode_utf8(c);
        } else {
            out.append(text.data() + i, u.length);
        }
        i += u.length;
    }
    out += '"';
}

void indent(TextBuffer& out, std::size_t depth) {
    out.append(depth * 2, ' ');
}

/// A JSON-LD keyword as a key: '@' and letters, which no JSON string escapes.
struct Keyword {
    std::string_view text;
};
constexpr Keyword at_id{"@id"};
constexpr Keyword at_type{"@type"};
constexpr Keyword at_value{"@value"};
constexpr Keyword at_language{"@language"};
constexpr Keyword at_list{"@list"};
constexpr Keyword at_graph{"@graph"};
constexpr Keyword at_context{"@context"};

void append_key(TextBuffer& out, std::string_view key, bool script) {
    append_json_string(out, key, script);
}

void append_key(TextBuffer& out, Keyword key, bool) {
    out += '"';
    out += key.text;
    out += '"';
}

/// Appends `"key": ` on a line of its own, after the previous member if `not_first`.
template <class Key>
void open_member(TextBuffer& out, std::size_t depth, Key key, bool not_first, bool script) {
    if (not_first)
        out += ",\n";
    indent(out, depth);
    append_key(out, key, script);
    out += ": ";
}

/// Appends `"key": "value"` to a one-line object, after ", " unless it is the first member.
template <class Key>
void append_flat_member(TextBuffer& out, bool& first, Key key, std::string_view value,
                        bool script) {
    if (!first)
        out += ", ";
    first = false;
    append_key(out, key, script);
    out += ": ";
    append_json_string(out, value, script);
}

/// Appends a one-line object of keywords with string values.
void append_flat_object(TextBuffer& out, bool script,
                        std::initializer_list<std::pair<Keyword, std::string_view>> members) {
    out += '{';
    bool first = true;
    for (const auto& [key, value] : members)
        append_flat_member(out, first, key, value, script);
    out += '}';
}

// ---- The document ----------------------------------------------------------------------------

bool ends_in_gen_delim(std::string_view iri) {
    return !iri.empty() && std::string_view(":/?#[]@").find(iri.back()) != std::string_view::npos;
}

class JsonLdWriter {
  public:
    JsonLdWriter(const Triples& triples, const PrefixView& prefixes, bool script, IriCheck check)
        : script_(script), graph_(merged_graph(triples, check)), index_(graph_),
          shapes_(nested_blank_nodes(index_)), graph_schemes_(schemes(graph_)),
          prefixes_(prefixes, rules(graph_schemes_, prefixes)) {
        mark_list_cells(index_, shapes_, [](const Term&) { return true; });
        cap_nesting(index_, shapes_, true);
        labels_ = blank_labels(index_.blanks(), "_:b",
                               [&](std::size_t id) { return !shapes_.nested(id); });
    }

    std::string write() {
        std::vector<const GraphIndex::Block*> top; // the node objects of the document
        for (const auto& block : index_.blocks())
            if (!is_nested(block.blank))
                top.push_back(&block);

        // The document's members after @context, which lists the prefixes they used.
        TextBuffer body(graph_.size() * 64);
        bool flat = false;
        if (top.size() == 1) {
            const Node node = shape(*top.front());
            flat = node.flat();
            write_members(node, 0, body);
        } else if (!top.empty()) {
            open_member(body, 1, at_graph, false, script_);
            body += "[\n";
            for (std::size_t i = 0; i < top.size(); ++i) {
                if (i)
                    body += ",\n";
                indent(body, 2);
                write_node(shape(*top[i]), 2, body);
            }
            body += '\n';
            indent(body, 1);
            body += ']';
        }

        const auto used = prefixes_.used();
        if (used.empty() && flat) { // {"@id": …} alone: on one line
            TextBuffer out(body.size() + 2);
            write_flat_node(shape(*top.front()), out);
            out += '\n';
            return std::string(out.view());
        }
        if (used.empty() && body.empty())
            return "{}\n";
        TextBuffer out(body.size() + used.size() * 48 + 16);
        out += "{\n";
        if (!used.empty()) {
            open_member(out, 1, at_context, false, script_);
            out += "{\n";
            for (std::size_t i = 0; i < used.size(); ++i) {
                open_member(out, 2, used[i]->name, i > 0, script_);
                append_json_string(out, used[i]->iri, script_);
            }
            out += '\n';
            indent(out, 1);
            out += '}';
            if (!body.empty())
                out += ",\n";
        }
        out += body.view();
        out += "\n}\n";
        return std::string(out.view());
    }

  private:
    /// Every scheme an IRI in the graph has.
    static std::set<std::string_view> schemes(const Graph& graph) {
        std::set<std::string_view> out;
        // Nearly every IRI of a document has the scheme of the one before (http): the set is
        // searched only when it changes.
        std::string_view last;
        const auto add = [&](const std::string& iri) {
            if (!out.empty() && iri.size() > last.size() && iri[last.size()] == ':' &&
                iri.compare(0, last.size(), last) == 0)
                return; // `last` again, seen without reading the scheme
            const auto scheme = iri_scheme(iri);
            if (scheme != last || out.empty()) {
                out.insert(scheme);
                last = scheme;
            }
        };
        for (const auto& t : graph) {
            for (const Term* term : {&t.subject, &t.predicate, &t.object})
                if (term->is_iri())
                    add(term->value);
            if (!t.object.datatype.empty())
                add(t.object.datatype);
        }
        return out;
    }

    /// `graph_schemes`: of the graph's IRIs; a prefix's namespace counts too (`view`). Both
    /// outlive the rules (members of the writer, and its caller's view).
    static PrefixTable::Rules rules(const std::set<std::string_view>& graph_schemes,
                                    const PrefixView& view) {
        const auto form = [](const Prefix& p) {
            return !p.name.empty() && is_pn_prefix(p.name) && is_absolute_iri(p.iri) &&
                   ends_in_gen_delim(p.iri);
        };
        // A binding of the index shown as it is: of the namespaces with its name as scheme,
        // the index's are the same for every request (kept), the view's own and the graph's
        // IRIs are this request's.
        const PrefixIndex* index = view.index;
        return {[form, &graph_schemes, &view](const Prefix& p) {
                    return form(p) && !graph_schemes.count(p.name) &&
                           !view.has_namespace_scheme(p.name);
                },
                [](std::string_view local) {
                    // "ex://x" would be read as an IRI with the scheme "ex", "ex:" is unclear.
                    return !local.empty() && local.substr(0, 2) != "//";
                },
                jsonld_rule,
                [form, index](const Prefix& p) {
                    return form(p) && index->count_with_scheme(p.name) == 0;
                },
                [&graph_schemes, &view](const Prefix& p) {
                    return !graph_schemes.count(p.name) && !view.has_own_namespace_scheme(p.name);
                }};
    }

    std::string_view iri(const std::string& value) {
        const auto curie = prefixes_.curie(value);
        return curie ? *curie : std::string_view(value);
    }

    using Statement = GraphIndex::Statement;

    // By blank node number; no_index (not a blank node) is neither.
    bool is_nested(std::size_t id) const { return id != no_index && shapes_.nested(id); }
    bool is_cell(std::size_t id) const { return id != no_index && shapes_.is_cell(id); }

    /// The block of a blank node's statements, or nullptr when it has none.
    const GraphIndex::Block* block_of(std::size_t blank) const {
        const std::size_t block = index_.block_of(blank);
        return block == no_index ? nullptr : &index_.blocks()[block];
    }

    /// A key of a node object and its values.
    struct Property {
        std::string_view key;
        std::size_t first = 0; ///< the values: Node::values[first, last)
        std::size_t last = 0;

        std::size_t size() const { return last - first; }
    };

    /// A node object's members: "@id", "@type", then the values grouped by key, keys in the
    /// order of their predicates. The values of all keys in one vector: a vector each was
    /// most of the allocations of a document.
    struct Node {
        std::string_view id; ///< empty: none (a nested blank node)
        std::vector<std::string_view> types;
        std::vector<Property> properties;
        std::vector<const Statement*> values;

        bool empty() const { return id.empty() && types.empty() && properties.empty(); }
        const Statement& value(const Property& p, std::size_t i) const {
            return *values[p.first + i];
        }

        /// Only "@" keys with one string each ("@id", one "@type"): written on one line.
        bool flat() const {
            const auto simple = [&](const Property& property) {
                return property.key.front() == '@' && property.size() == 1 &&
                       is_json_string(value(property, 0).triple->object);
            };
            return !empty() && types.size() <= 1 &&
                   std::all_of(properties.begin(), properties.end(), simple);
        }
    };

    /// Whether write_value() writes `object` as a bare JSON string.
    static bool is_json_string(const Term& object) {
        return object.is_literal() && object.language.empty() &&
               (object.datatype.empty() || object.datatype == vocab::xsd_string);
    }

    /// The node object of a subject: `blank` its number if it is a blank node, `block` its
    /// statements or nullptr.
    Node shape(const Term& subject, std::size_t blank, const GraphIndex::Block* block) {
        Node node;
        if (subject.is_iri())
            node.id = iri(subject.value);
        else if (!is_nested(blank))
            node.id = labels_[blank];
        if (!block)
            return node;
        const std::size_t size = block->end - block->begin;
        node.properties.reserve(size);
        node.values.reserve(size);
        const std::string* predicate = nullptr; // of the last key: predicates come in order
        std::string_view key;
        for (auto st = index_.begin(*block); st != index_.end(*block); ++st) {
            const Triple* t = st->triple;
            if (t->predicate.value == vocab::rdf_type && t->object.is_iri()) {
                node.types.push_back(iri(t->object.value));
                continue;
            }
            if (!predicate || *predicate != t->predicate.value) {
                predicate = &t->predicate.value;
                key = iri(*predicate);
            }
            if (node.properties.empty() || node.properties.back().key != key)
                node.properties.push_back({key, node.values.size(), node.values.size()});
            node.values.push_back(st);
            ++node.properties.back().last;
        }
        return node;
    }

    Node shape(const GraphIndex::Block& block) {
        return shape(*block.subject, block.blank, &block);
    }

    void write_flat_node(const Node& node, TextBuffer& out) const {
        out += '{';
        bool first = true;
        if (!node.id.empty())
            append_flat_member(out, first, at_id, node.id, script_);
        if (!node.types.empty())
            append_flat_member(out, first, at_type, node.types.front(), script_);
        for (const Property& property : node.properties)
            append_flat_member(out, first, property.key,
                               node.value(property, 0).triple->object.value, script_);
        out += '}';
    }

    /// The members of a node object at `depth`, one a line, without the braces.
    void write_members(const Node& node, std::size_t depth, TextBuffer& out) {
        bool not_first = false;
        if (!node.id.empty()) {
            open_member(out, depth + 1, at_id, not_first, script_);
            append_json_string(out, node.id, script_);
            not_first = true;
        }
        if (!node.types.empty()) {
            open_member(out, depth + 1, at_type, not_first, script_);
            if (node.types.size() == 1)
                append_json_string(out, node.types.front(), script_);
            else
                write_array(node.types.size(), depth + 1, out, [&](std::size_t i) {
                    append_json_string(out, node.types[i], script_);
                });
            not_first = true;
        }
        for (const Property& property : node.properties) {
            open_member(out, depth + 1, property.key, not_first, script_);
            if (property.size() == 1)
                write_value(node.value(property, 0), depth + 1, out);
            else
                write_array(property.size(), depth + 1, out, [&](std::size_t i) {
                    write_value(node.value(property, i), depth + 2, out);
                });
            not_first = true;
        }
    }

    /// A non-empty array at `depth`, its items one a line, each written by `item(i)`.
    template <class Item>
    static void write_array(std::size_t size, std::size_t depth, TextBuffer& out, Item item) {
        out += "[\n";
        for (std::size_t i = 0; i < size; ++i) {
            if (i)
                out += ",\n";
            indent(out, depth + 1);
            item(i);
        }
        out += '\n';
        indent(out, depth);
        out += ']';
    }

    void write_node(const Node& node, std::size_t depth, TextBuffer& out) {
        if (node.empty()) {
            out += "{}";
        } else if (node.flat()) {
            write_flat_node(node, out);
        } else {
            out += "{\n";
            write_members(node, depth, out);
            out += '\n';
            indent(out, depth);
            out += '}';
        }
    }

    /// The object of `st`. Recursion is as deep as the nesting: cap_nesting() bounds it.
    void write_value(const Statement& st, std::size_t depth, TextBuffer& out) {
        const Term& object = st.triple->object;
        if (object.is_iri()) {
            if (object.value == rdf_nil)
                out += "{\"@list\": []}";
            else
                append_flat_object(out, script_, {{at_id, iri(object.value)}});
        } else if (is_cell(st.object)) {
            std::vector<const Statement*> items;
            for (std::size_t cell = st.object; cell != no_index;) {
                const auto [first, rest] = cell_parts(index_.begin(*block_of(cell)));
                items.push_back(first);
                cell = rest->object;
            }
            out += "{\n";
            open_member(out, depth + 1, at_list, false, script_);
            write_array(items.size(), depth + 1, out,
                        [&](std::size_t i) { write_value(*items[i], depth + 2, out); });
            out += '\n';
            indent(out, depth);
            out += '}';
        } else if (is_nested(st.object)) {
            write_node(shape(object, st.object, block_of(st.object)), depth, out);
        } else if (object.is_blank()) {
            append_flat_object(out, script_, {{at_id, labels_[st.object]}});
        } else if (!object.language.empty()) {
            append_flat_object(out, script_,
                               {{at_value, object.value}, {at_language, object.language}});
        } else if (!object.datatype.empty() && object.datatype != vocab::xsd_string) {
            append_flat_object(out, script_,
                               {{at_value, object.value}, {at_type, iri(object.datatype)}});
        } else {
            append_json_string(out, object.value, script_);
        }
    }

    bool script_; ///< safe in an HTML <script> element
    Graph graph_;
    GraphIndex index_;
    Shapes shapes_; ///< nested: embedded in their referrer, cells as @list items
    std::set<std::string_view> graph_schemes_; ///< of the graph's IRIs, for the prefix rules
    PrefixTable prefixes_;
    std::vector<std::string> labels_; ///< "_:b1" for the others
};

} // namespace

std::string write_jsonld(const Triples& triples, const PrefixView& prefixes, bool script,
                         IriCheck check) {
    return JsonLdWriter(triples, prefixes, script, check).write();
}

} // namespace seeother::rdf
