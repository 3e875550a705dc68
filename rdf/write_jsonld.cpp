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
#include "writers.hpp"

#include "writer_util.hpp"

#include <algorithm>
#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::rdf {
namespace {

// ---- JSON ------------------------------------------------------------------------------------

std::string json_string(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    out.reserve(text.size() + 2);
    const auto uchar = [&](char32_t c) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4)
            out += hex[(c >> shift) & 0xF];
    };
    for (std::size_t i = 0; i < text.size();) {
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
            out += "<\\/";
            ++i; // the '/' is written
        } else if (c == '<' && i + 1 < text.size() && text[i + 1] == '!') {
            uchar(c);
        } else if (!u.valid) {
            out += encode_utf8(c);
        } else {
            out.append(text.substr(i, u.length));
        }
        i += u.length;
    }
    return out + "\"";
}

/// A JSON value: a string, an object (members in order) or an array.
struct Json {
    enum class Kind { String, Object, Array };

    Kind kind = Kind::Object;
    std::string text;
    std::vector<std::pair<std::string, Json>> members;
    std::vector<Json> items;

    static Json string(std::string s) { return {Kind::String, std::move(s), {}, {}}; }
    static Json object() { return {Kind::Object, {}, {}, {}}; }
    static Json array() { return {Kind::Array, {}, {}, {}}; }

    void add(std::string key, Json value) {
        members.emplace_back(std::move(key), std::move(value));
    }

    /// A value object, an {"@id": …} or an empty {"@list": []}: written on one line.
    bool flat() const {
        const auto simple = [](const auto& m) {
            return m.first.front() == '@' &&
                   (m.second.kind == Kind::String ||
                    (m.second.kind == Kind::Array && m.second.items.empty()));
        };
        return kind == Kind::String || (kind == Kind::Object && !members.empty() &&
                                        std::all_of(members.begin(), members.end(), simple));
    }

    void write(std::string& out, std::size_t depth) const {
        const std::string inner((depth + 1) * 2, ' ');
        const std::string outer(depth * 2, ' ');
        if (kind == Kind::String) {
            out += json_string(text);
        } else if (kind == Kind::Object && flat()) {
            out += '{';
            for (std::size_t i = 0; i < members.size(); ++i) {
                out += (i ? ", " : "") + json_string(members[i].first) + ": ";
                members[i].second.write(out, depth + 1);
            }
            out += '}';
        } else if (kind == Kind::Object && members.empty()) {
            out += "{}";
        } else if (kind == Kind::Object) {
            out += "{\n";
            for (std::size_t i = 0; i < members.size(); ++i) {
                out += (i ? ",\n" : "") + inner + json_string(members[i].first) + ": ";
                members[i].second.write(out, depth + 1);
            }
            out += "\n" + outer + "}";
        } else if (items.empty()) {
            out += "[]";
        } else {
            out += "[\n";
            for (std::size_t i = 0; i < items.size(); ++i) {
                out += (i ? ",\n" : "") + inner;
                items[i].write(out, depth + 1);
            }
            out += "\n" + outer + "]";
        }
    }
};

// ---- The document ----------------------------------------------------------------------------

bool ends_in_gen_delim(std::string_view iri) {
    return !iri.empty() && std::string_view(":/?#[]@").find(iri.back()) != std::string_view::npos;
}

class JsonLdWriter {
  public:
    JsonLdWriter(const Triples& triples, const Prefixes& prefixes)
        : graph_(merged_graph(triples)), by_subject_(triples_by_subject(graph_)),
          nested_(nested_blank_nodes(graph_)),
          cells_(list_cells(by_subject_, nested_, [](const Term&) { return true; })),
          labels_(blank_labels(graph_, "b", [&](const Term& b) { return !nested_.count(b); })),
          prefixes_(prefixes, rules(schemes(graph_, prefixes))) {}

    std::string write() {
        std::vector<Json> nodes;
        for (const auto& [subject, statements] : by_subject_)
            if (!nested_.count(subject))
                nodes.push_back(node_object(subject));

        Json doc = Json::object();
        Json context = Json::object();
        for (const auto& p : prefixes_.used())
            context.add(p.name, Json::string(p.iri));
        if (!context.members.empty())
            doc.add("@context", std::move(context));
        if (nodes.size() == 1) {
            for (auto& member : nodes.front().members)
                doc.add(std::move(member.first), std::move(member.second));
        } else if (!nodes.empty()) {
            Json list = Json::array();
            list.items = std::move(nodes);
            doc.add("@graph", std::move(list));
        }
        std::string out;
        if (doc.members.empty())
            out = "{}";
        else
            doc.write(out, 0);
        return out + "\n";
    }

  private:
    /// Every scheme an IRI in the graph or a prefix's namespace has.
    static std::set<std::string> schemes(const Triples& graph, const Prefixes& prefixes) {
        std::set<std::string> out;
        const auto add = [&](std::string_view iri) { out.insert(std::string(iri_scheme(iri))); };
        for (const auto& t : graph) {
            for (const Term* term : {&t.subject, &t.predicate, &t.object})
                if (term->is_iri())
                    add(term->value);
            if (!t.object.datatype.empty())
                add(t.object.datatype);
        }
        for (const auto& p : prefixes)
            add(p.iri);
        return out;
    }

    static PrefixTable::Rules rules(std::set<std::string> schemes) {
        return {[schemes = std::move(schemes)](const Prefix& p) {
                    return !p.name.empty() && is_pn_prefix(p.name) && !schemes.count(p.name) &&
                           is_absolute_iri(p.iri) && ends_in_gen_delim(p.iri);
                },
                [](std::string_view local) {
                    // "ex://x" would be read as an IRI with the scheme "ex", "ex:" is unclear.
                    return !local.empty() && local.substr(0, 2) != "//";
                }};
    }

    std::string iri(const std::string& value) {
        auto curie = prefixes_.curie(value);
        return curie ? std::move(*curie) : value;
    }

    std::string blank_id(const Term& blank) const { return "_:" + labels_.at(blank); }

    Json node_object(const Term& subject) {
        Json node = Json::object();
        if (subject.is_iri())
            node.add("@id", Json::string(iri(subject.value)));
        else if (!nested_.count(subject))
            node.add("@id", Json::string(blank_id(subject)));
        const auto it = by_subject_.find(subject);
        if (it == by_subject_.end())
            return node;

        // Values grouped by key, keys in the order of their predicates.
        std::vector<std::pair<std::string, Json>> properties;
        Json types = Json::array();
        for (const Triple* t : it->second) {
            if (t->predicate.value == vocab::rdf_type && t->object.is_iri()) {
                types.items.push_back(Json::string(iri(t->object.value)));
                continue;
            }
            std::string key = iri(t->predicate.value);
            if (properties.empty() || properties.back().first != key)
                properties.emplace_back(std::move(key), Json::array());
            properties.back().second.items.push_back(value(t->object));
        }
        if (types.items.size() == 1)
            node.add("@type", std::move(types.items.front()));
        else if (!types.items.empty())
            node.add("@type", std::move(types));
        for (auto& [key, values] : properties)
            node.add(std::move(key), values.items.size() == 1 ? std::move(values.items.front())
                                                              : std::move(values));
        return node;
    }

    Json value(const Term& object) {
        Json v = Json::object();
        if (object.is_iri()) {
            if (object.value == rdf_nil) {
                v.add("@list", Json::array());
                return v;
            }
            v.add("@id", Json::string(iri(object.value)));
        } else if (object.is_blank() && cells_.count(object)) {
            Json items = Json::array();
            for (Term cell = object; cell.is_blank();) {
                const auto [first, rest] = cell_parts(by_subject_.at(cell));
                items.items.push_back(value(first->object));
                cell = rest->object;
            }
            v.add("@list", std::move(items));
        } else if (object.is_blank() && nested_.count(object)) {
            return node_object(object);
        } else if (object.is_blank()) {
            v.add("@id", Json::string(blank_id(object)));
        } else if (!object.language.empty()) {
            v.add("@value", Json::string(object.value));
            v.add("@language", Json::string(object.language));
        } else if (!object.datatype.empty() && object.datatype != vocab::xsd_string) {
            v.add("@value", Json::string(object.value));
            v.add("@type", Json::string(iri(object.datatype)));
        } else {
            return Json::string(object.value);
        }
        return v;
    }

    Triples graph_;
    std::map<Term, std::vector<const Triple*>> by_subject_;
    std::map<Term, const Triple*> nested_; ///< embedded in their referrer
    std::set<Term> cells_;                 ///< nested and written as @list items
    std::map<Term, std::string> labels_;   ///< "_:b1" for the others
    PrefixTable prefixes_;
};

} // namespace

std::string write_jsonld(const Triples& triples, const Prefixes& prefixes) {
    return JsonLdWriter(triples, prefixes).write();
}

} // namespace seeother::rdf
