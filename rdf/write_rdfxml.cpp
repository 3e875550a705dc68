// RDF/XML, written by hand: well-formed XML 1.0 whatever the data holds, read back as the same
// graph by rdflib (expat) and rapper (libxml2). Three things RDF/XML cannot say, and what this
// writer does instead (README.md, "Formats", says the same):
//
// - A predicate is an element name, namespace + local name, and the local name must be a
//   non-empty NCName. A predicate the data's prefixes cannot split that way is split at its
//   longest NCName suffix under a generated prefix (ns1, ns2, …). One that ends in a character
//   no name may end in (`#`, `/`, `%20`, …) has no RDF/XML form at all: its triple is omitted
//   and an XML comment says so. So is a triple whose predicate is one of RDF/XML's own syntax
//   names (rdf:li, rdf:Description, rdf:about, …), which a parser would read as syntax.
// - XML 1.0 cannot carry U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE or U+FFFF, not
//   even as character references. In a literal, each is written as U+FFFD and an XML comment
//   before the element says so. (IRIs never hold them: writable_iri() percent-encodes them.)
// - Names use only characters that every edition of XML 1.0 allows in names: expat (rdflib's
//   parser) still uses the first edition's tables, which lack most letters added since. A
//   local name with other characters is split after them, as above.
#include "writers.hpp"

#include "writer_util.hpp"

#include <algorithm>
#include <cassert>
#include <string>
#include <string_view>

namespace seeother::rdf {
namespace {

// ---- Names -----------------------------------------------------------------------------------

/// Letters beyond ASCII that XML 1.0 allows in names in its first edition (Appendix B, the
/// tables expat uses) and in its fifth (libxml2): the common alphabets and CJK.
bool is_common_name_letter(char32_t c) {
    static constexpr std::pair<char32_t, char32_t> ranges[] = {
        {0xC0, 0xD6},     {0xD8, 0xF6},     {0xF8, 0xFF},   {0x100, 0x131},   {0x134, 0x13E},
        {0x141, 0x148},   {0x14A, 0x17E},   {0x180, 0x1C3}, {0x1CD, 0x1F0},   {0x1F4, 0x1F5},
        {0x1FA, 0x217},   {0x386, 0x386},   {0x388, 0x38A}, {0x38C, 0x38C},   {0x38E, 0x3A1},
        {0x3A3, 0x3CE},   {0x401, 0x40C},   {0x40E, 0x44F}, {0x451, 0x45C},   {0x45E, 0x481},
        {0x5D0, 0x5EA},   {0x621, 0x63A},   {0x641, 0x64A}, {0x3041, 0x3094}, {0x30A1, 0x30FA},
        {0x4E00, 0x9FA5}, {0xAC00, 0xD7A3},
    };
    return std::any_of(std::begin(ranges), std::end(ranges),
                       [&](const auto& r) { return in_range(c, r.first, r.second); });
}

bool is_name_start(char32_t c) {
    return in_range(c, 'A', 'Z') || in_range(c, 'a', 'z') || c == '_' || is_common_name_letter(c);
}

bool is_name_char(char32_t c) {
    return is_name_start(c) || in_range(c, '0', '9') || c == '-' || c == '.' || c == 0xB7;
}

/// The longest prefix name or local name written: libxml2 (rapper) rejects names over 50,000
/// bytes ("Name too long"); no vocabulary comes near this.
constexpr std::size_t max_name_bytes = 1000;

/// An NCName (no colon) made of the characters above, and not too long.
bool is_ncname(std::string_view name) {
    return !name.empty() && name.size() <= max_name_bytes &&
           each_code_point(name, [](char32_t c, std::size_t at) {
               return at == 0 ? is_name_start(c) : is_name_char(c);
           });
}

/// Where the longest NCName suffix of `iri` starts, or npos when it has none. The name may be
/// longer than max_name_bytes.
std::size_t longest_ncname_suffix_start(std::string_view iri) {
    const auto cs = decode_utf8(iri);
    if (!cs)
        return std::string_view::npos;
    std::size_t run = cs->size(); // the trailing run of name characters starts here
    while (run > 0 && is_name_char((*cs)[run - 1]))
        --run;
    std::size_t start = run;
    while (start < cs->size() && !is_name_start((*cs)[start]))
        ++start;
    if (start == cs->size())
        return std::string_view::npos;
    std::size_t bytes = 0; // code points → byte offset
    for (std::size_t i = 0; i < start; ++i)
        bytes += encode_utf8((*cs)[i]).size();
    return bytes;
}

/// Where the longest NCName suffix of `iri` of at most max_name_bytes starts, or npos.
std::size_t ncname_suffix_start(std::string_view iri) {
    std::size_t start = longest_ncname_suffix_start(iri);
    if (start == std::string_view::npos || iri.size() - start <= max_name_bytes)
        return start;
    // Name characters all the way from `start`: the first name start within reach will do.
    start = iri.size() - max_name_bytes;
    while (start < iri.size() && (static_cast<unsigned char>(iri[start]) & 0xC0) == 0x80)
        ++start; // to a code point's first byte
    while (start < iri.size()) {
        const Utf8Char c = decode_utf8_at(iri, start);
        if (is_name_start(c.code_point))
            return start;
        start += c.length;
    }
    return std::string_view::npos;
}

/// At most the first 200 bytes of `iri`, cut at a code point, and "…" if it was longer: enough
/// to find the triple in the data, not a 100 KB comment.
std::string_view abridged(std::string_view iri, bool& cut) {
    cut = iri.size() > 200;
    if (!cut)
        return iri;
    std::size_t end = 200;
    while (end > 0 && (static_cast<unsigned char>(iri[end]) & 0xC0) == 0x80)
        --end;
    return iri.substr(0, end);
}

/// RDF/XML's own names, which a parser reads as syntax, never as a property (RDF/XML §7.2.5,
/// coreSyntaxTerms, rdf:Description, rdf:li and the removed oldTerms).
bool is_syntax_name(std::string_view iri) {
    static constexpr std::string_view names[] = {
        "RDF",      "ID",          "about", "parseType", "resource",        "nodeID",
        "datatype", "Description", "li",    "aboutEach", "aboutEachPrefix", "bagID",
    };
    if (iri.substr(0, rdf_ns.size()) != rdf_ns)
        return false;
    const auto local = iri.substr(rdf_ns.size());
    return std::find(std::begin(names), std::end(names), local) != std::end(names);
}

/// Prefix bindings usable as xmlns: an NCName not starting with "xml" (reserved by Namespaces
/// in XML) bound to an absolute IRI; `rdf` only for the RDF namespace, which has no other name.
PrefixTable::Rules xml_prefix_rules() {
    const auto usable = [](const Prefix& p) {
        const bool reserved =
            p.name.size() >= 3 && std::equal(p.name.begin(), p.name.begin() + 3, "xml",
                                             [](char a, char b) { return (a | 0x20) == b; });
        return is_ncname(p.name) && !reserved && is_absolute_iri(p.iri) && is_writable_iri(p.iri) &&
               (p.name == "rdf") == (p.iri == rdf_ns);
    };
    return {usable, is_ncname, rdfxml_rule};
}

// ---- Text ------------------------------------------------------------------------------------

/// Whether XML 1.0 can carry `c` (its Char production).
bool is_xml_char(char32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || in_range(c, 0x20, 0xD7FF) ||
           in_range(c, 0xE000, 0xFFFD) || in_range(c, 0x10000, 0x10FFFF);
}

enum class Context { Text, Attribute, Comment };

/// Appends `text` escaped for XML character data, a double-quoted attribute value or a comment
/// (which has no escapes: there only "--" is replaced). What XML cannot carry (or invalid
/// UTF-8) becomes U+FFFD; `replaced` tells whether any did.
void append_escaped(std::string& out, std::string_view text, Context context,
                    bool* replaced = nullptr) {
    const std::size_t start = out.size();
    const bool markup = context != Context::Comment;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const Utf8Char u = byte < 0x80 ? Utf8Char{byte, 1, true} : decode_utf8_at(text, i);
        const char32_t c = u.code_point;
        if (!u.valid || !is_xml_char(c)) {
            out += "\xEF\xBF\xBD"; // U+FFFD
            if (replaced)
                *replaced = true;
        } else if (markup && c == '&') {
            out += "&amp;";
        } else if (markup && c == '<') {
            out += "&lt;";
        } else if (markup && c == '>') {
            out += "&gt;"; // so that "]]>" never appears
        } else if (markup && c == '\r') {
            out += "&#13;"; // a raw CR would be read as a line feed
        } else if (context == Context::Attribute && c == '"') {
            out += "&quot;";
        } else if (context == Context::Attribute && (c == '\t' || c == '\n')) {
            out += c == '\t' ? "&#9;" : "&#10;"; // attribute values are whitespace-normalized
        } else if (context == Context::Comment && c == '-' && out.size() > start &&
                   out.back() == '-') {
            out += "%2D"; // a comment cannot hold "--"
        } else {
            out.append(text.substr(i, u.length));
        }
        i += u.length;
    }
    if (context == Context::Comment && out.size() > start && out.back() == '-')
        out += ' '; // nor end in "-"
}

std::string escape(std::string_view text, Context context, bool* replaced = nullptr) {
    std::string out;
    out.reserve(text.size());
    append_escaped(out, text, context, replaced);
    return out;
}

/// Appends ` name="value"`.
void append_attribute(std::string_view name, std::string_view value, std::string& out) {
    out.append(" ").append(name).append("=\"");
    append_escaped(out, value, Context::Attribute);
    out += '"';
}

// ---- The document ----------------------------------------------------------------------------

class RdfXmlWriter {
  public:
    RdfXmlWriter(const Triples& triples, const PrefixView& prefixes, IriCheck check)
        : graph_(merged_graph(triples, check)), index_(graph_),
          prefixes_(prefixes, xml_prefix_rules(), {{"rdf", std::string(rdf_ns)}}) {
        // A triple that cannot be written takes none of its object with it: a blank node it
        // refers to is written at the top, by rdf:nodeID, if it has triples of its own.
        std::vector<char> orphans(index_.blanks().size(), 0);
        for (const auto& t : graph_)
            if (!element_name(t.predicate.value) && t.object.is_blank())
                orphans[index_.blank_id(t.object)] = 1;
        shapes_ = nested_blank_nodes(index_, orphans);
        cap_nesting(index_, shapes_, false); // no list syntax: each cell is a level
        labels_ =
            blank_labels(index_.blanks(), "b", [&](std::size_t id) { return !shapes_.nested(id); });
    }

    std::string write() {
        prefixes_.curie(std::string(rdf_ns) + "Description"); // rdf:RDF, rdf:Description
        std::string body;
        for (const auto& block : index_.blocks()) {
            if (is_nested(block.blank))
                continue;
            body += "\t<rdf:Description";
            append_node_attribute(*block.subject, block.blank, "rdf:about", body);
            body += ">\n";
            write_properties(block, 2, body);
            body += "\t</rdf:Description>\n";
        }
        std::string doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF";
        for (const Prefix* p : prefixes_.used()) {
            doc += "\n\txmlns:";
            doc += p->name;
            doc += "=\"";
            append_escaped(doc, p->iri, Context::Attribute);
            doc += '"';
        }
        doc.reserve(doc.size() + body.size() + 16);
        return doc.append(">\n").append(body).append("</rdf:RDF>\n");
    }

  private:
    /// The qualified name for a predicate, declaring a prefix for it if need be; nullopt when
    /// there is none (see the top of this file).
    std::optional<std::string_view> element_name(const std::string& iri) {
        if (is_syntax_name(iri))
            return std::nullopt;
        if (const auto name = prefixes_.curie(iri))
            return name;
        const auto split = ncname_suffix_start(iri);
        if (split == std::string_view::npos)
            return std::nullopt;
        std::string prefix;
        for (int n = 1; prefix.empty() || prefixes_.has_name(prefix); ++n)
            prefix = "ns" + std::to_string(n);
        prefixes_.ensure(iri, iri.substr(0, split), prefix);
        return prefixes_.curie(iri);
    }

    /// Appends ` rdf:about="iri"` (or the given attribute) for an IRI, ` rdf:nodeID="b1"` for a
    /// blank node written by label, nothing for a nested one.
    /// `blank`: the node's number, if it is a blank node.
    void append_node_attribute(const Term& node, std::size_t blank, std::string_view iri_attribute,
                               std::string& out) const {
        if (node.is_iri()) {
            append_attribute(iri_attribute, node.value, out);
            return;
        }
        if (const std::string& label = labels_[blank]; !label.empty())
            append_attribute("rdf:nodeID", label, out);
    }

    bool is_nested(std::size_t id) const { return id != no_index && shapes_.nested(id); }

    /// Recursion is as deep as the nesting: cap_nesting() bounds it.
    void write_properties(const GraphIndex::Block& block, std::size_t depth, std::string& out) {
        // rdf:type first, as Turtle's `a`, then the others in order.
        std::vector<GraphIndex::Statement> statements(index_.begin(block), index_.end(block));
        std::stable_partition(statements.begin(), statements.end(), [](const auto& st) {
            return st.triple->predicate.value == vocab::rdf_type;
        });
        for (const auto& st : statements)
            write_property(st, depth, out);
    }

    void write_property(const GraphIndex::Statement& st, std::size_t depth, std::string& out) {
        const Triple& t = *st.triple;
        const auto indent = [&] { out.append(depth, '\t'); };
        const auto name = element_name(t.predicate.value);
        if (!name) {
            indent();
            bool cut = false;
            const std::string_view shown = abridged(t.predicate.value, cut);
            out += "<!-- seeother: omitted a triple whose predicate ";
            out += escape("<" + std::string(shown) + (cut ? "…>" : ">"), Context::Comment);
            out += " RDF/XML cannot write: no XML name ends as this IRI does -->\n";
            return;
        }
        const Term& o = t.object;
        if (o.is_iri() || (o.is_blank() && !is_nested(st.object))) {
            indent();
            out.append("<").append(*name);
            append_node_attribute(o, st.object, "rdf:resource", out);
            out += "/>\n";
        } else if (o.is_blank()) {
            indent();
            out.append("<").append(*name).append(" rdf:parseType=\"Resource\"");
            const std::size_t block = index_.block_of(st.object);
            if (block == no_index) {
                out += "/>\n";
                return;
            }
            out += ">\n";
            write_properties(index_.blocks()[block], depth + 1, out);
            indent();
            out.append("</").append(*name).append(">\n");
        } else {
            bool replaced = false;
            const std::string text = escape(o.value, Context::Text, &replaced);
            if (replaced) {
                indent();
                out += "<!-- seeother: this literal held characters XML 1.0 cannot carry; each "
                       "is written as U+FFFD -->\n";
            }
            indent();
            out.append("<").append(*name);
            if (!o.language.empty())
                append_attribute("xml:lang", o.language, out);
            else if (!o.datatype.empty())
                append_attribute("rdf:datatype", o.datatype, out);
            out.append(">").append(text).append("</").append(*name).append(">\n");
        }
    }

    Graph graph_;
    GraphIndex index_;
    PrefixTable prefixes_;
    Shapes shapes_;                   ///< nested: inside their referrer, parseType Resource
    std::vector<std::string> labels_; ///< rdf:nodeID for the others
};

} // namespace

std::string write_rdfxml(const Triples& triples, const PrefixView& prefixes, IriCheck check) {
    return RdfXmlWriter(triples, prefixes, check).write();
}

} // namespace seeother::rdf
