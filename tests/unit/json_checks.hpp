// Reading the JSON-LD writer's output in process: a small strict JSON reader, and an expansion
// of the compact shape the writer uses into triples (enough to compare graphs without jsonld.js,
// which the interop check runs).
#pragma once

#include "rdf/term.hpp"
#include "rdf/writer_util.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::test {

// ---- A small JSON reader (RFC 8259), strict enough to prove the output is JSON ---------------

struct JsonValue {
    enum class Kind { Null, Boolean, Number, String, Array, Object };

    Kind kind = Kind::Null;
    std::string text; ///< a string's value, or a number's or boolean's source text
    std::vector<JsonValue> items;
    std::vector<std::pair<std::string, JsonValue>> members;

    bool has(std::string_view key) const {
        for (const auto& [name, value] : members)
            if (name == key)
                return true;
        return false;
    }

    const JsonValue& operator[](std::string_view key) const {
        for (const auto& [name, value] : members)
            if (name == key)
                return value;
        throw std::out_of_range("no member " + std::string(key));
    }

    const JsonValue& operator[](std::size_t i) const { return items.at(i); }

    bool is_string(std::string_view value) const { return kind == Kind::String && text == value; }
};

class JsonReader {
  public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    JsonValue document() {
        JsonValue v = value();
        space();
        if (at_ != text_.size())
            fail("text after the value");
        return v;
    }

  private:
    [[noreturn]] void fail(const std::string& why) const {
        throw std::runtime_error("JSON: " + why + " at " + std::to_string(at_));
    }

    void space() {
        while (at_ < text_.size() && std::string_view(" \t\n\r").find(text_[at_]) != npos)
            ++at_;
    }

    char peek() {
        space();
        if (at_ == text_.size())
            fail("unexpected end");
        return text_[at_];
    }

    void expect(char c) {
        if (peek() != c)
            fail(std::string("expected ") + c);
        ++at_;
    }

    JsonValue value() {
        const char c = peek();
        if (c == '{')
            return object();
        if (c == '[')
            return array();
        if (c == '"')
            return {JsonValue::Kind::String, string(), {}, {}};
        for (const char* word : {"true", "false", "null"})
            if (text_.substr(at_, std::string_view(word).size()) == word) {
                at_ += std::string_view(word).size();
                return {word[0] == 'n' ? JsonValue::Kind::Null : JsonValue::Kind::Boolean,
                        word,
                        {},
                        {}};
            }
        const auto start = at_;
        while (at_ < text_.size() && std::string_view("+-.0123456789eE").find(text_[at_]) != npos)
            ++at_;
        if (at_ == start)
            fail("unexpected character");
        return {JsonValue::Kind::Number, std::string(text_.substr(start, at_ - start)), {}, {}};
    }

    JsonValue object() {
        JsonValue v{JsonValue::Kind::Object, {}, {}, {}};
        expect('{');
        if (peek() == '}') {
            ++at_;
            return v;
        }
        for (;;) {
            if (peek() != '"')
                fail("expected a member name");
            std::string key = string();
            if (v.has(key))
                fail("duplicate member " + key);
            expect(':');
            v.members.emplace_back(std::move(key), value());
            if (peek() == '}') {
                ++at_;
                return v;
            }
            expect(',');
        }
    }

    JsonValue array() {
        JsonValue v{JsonValue::Kind::Array, {}, {}, {}};
        expect('[');
        if (peek() == ']') {
            ++at_;
            return v;
        }
        for (;;) {
            v.items.push_back(value());
            if (peek() == ']') {
                ++at_;
                return v;
            }
            expect(',');
        }
    }

    unsigned hex4() {
        if (at_ + 4 > text_.size())
            fail("short \\u escape");
        unsigned n = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[at_++];
            const auto digit = std::string_view("0123456789abcdef").find(char(c | 0x20));
            if (digit == npos)
                fail("bad \\u escape");
            n = n * 16 + static_cast<unsigned>(digit);
        }
        return n;
    }

    std::string string() {
        expect('"');
        std::string out;
        for (;;) {
            if (at_ == text_.size())
                fail("unterminated string");
            const char c = text_[at_++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                fail("raw control character in a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ == text_.size())
                fail("unterminated escape");
            const char e = text_[at_++];
            const auto simple = std::string_view("\"\\/bfnrt").find(e);
            if (simple != npos) {
                out += "\"\\/\b\f\n\r\t"[simple];
            } else if (e == 'u') {
                char32_t cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(at_, 2) == "\\u") {
                    at_ += 2;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4() - 0xDC00);
                }
                out += seeother::rdf::encode_utf8(cp);
            } else {
                fail("bad escape");
            }
        }
    }

    static constexpr auto npos = std::string_view::npos;
    std::string_view text_;
    std::size_t at_ = 0;
};

/// The triples of a document in the shape write_jsonld() writes (an inline @context of
/// prefixes, @graph or one node object, embedded node objects, @list, value objects), passed to
/// `emit(subject, predicate, object)` as they are read. Blank nodes the document leaves unnamed
/// get labels starting "j"; its own keep theirs ("_:b1" is blank "b1").
class JsonLdTriples {
  public:
    using Term = seeother::rdf::Term;
    using Emit = std::function<void(const Term&, const Term&, const Term&)>;

    explicit JsonLdTriples(Emit emit) : emit_(std::move(emit)) {}

    void document(const JsonValue& doc) {
        if (doc.kind != JsonValue::Kind::Object)
            throw std::runtime_error("JSON-LD: the document is not an object");
        if (doc.has("@context"))
            for (const auto& [name, iri] : doc["@context"].members)
                prefixes_[name] = iri.text;
        if (doc.has("@graph")) {
            for (const auto& node : doc["@graph"].items)
                node_object(node);
        } else if (doc.members.size() > (doc.has("@context") ? 1u : 0u)) {
            node_object(doc);
        }
    }

  private:
    Term expand(const std::string& text) const {
        if (text.compare(0, 2, "_:") == 0)
            return Term::blank(text.substr(2));
        const auto colon = text.find(':');
        if (colon != std::string::npos && text.compare(colon + 1, 2, "//") != 0) {
            const auto it = prefixes_.find(text.substr(0, colon));
            if (it != prefixes_.end())
                return Term::iri(it->second + text.substr(colon + 1));
        }
        return Term::iri(text);
    }

    Term fresh() { return Term::blank("j" + std::to_string(++fresh_)); }

    /// The subject a node object stands for, after emitting its triples.
    Term node_object(const JsonValue& node) {
        const Term subject = node.has("@id") ? expand(node["@id"].text) : fresh();
        for (const auto& [key, value] : node.members) {
            if (key == "@id" || key == "@context")
                continue;
            if (key == "@type") {
                const Term type = Term::iri(std::string(seeother::rdf::vocab::rdf_type));
                if (value.kind == JsonValue::Kind::Array)
                    for (const auto& item : value.items)
                        emit_(subject, type, expand(item.text));
                else
                    emit_(subject, type, expand(value.text));
                continue;
            }
            const Term predicate = expand(key);
            if (value.kind == JsonValue::Kind::Array)
                for (const auto& item : value.items)
                    emit_(subject, predicate, object(item));
            else
                emit_(subject, predicate, object(value));
        }
        return subject;
    }

    Term object(const JsonValue& value) {
        using seeother::rdf::vocab::rdf_first;
        using seeother::rdf::vocab::rdf_nil;
        using seeother::rdf::vocab::rdf_rest;
        if (value.kind == JsonValue::Kind::String)
            return Term::literal(value.text);
        if (value.kind != JsonValue::Kind::Object)
            throw std::runtime_error("JSON-LD: a value that is neither a string nor an object");
        if (value.has("@value"))
            return Term::literal(value["@value"].text,
                                 value.has("@type") ? expand(value["@type"].text).value : "",
                                 value.has("@language") ? value["@language"].text : "");
        if (value.has("@list")) {
            const auto& items = value["@list"].items;
            if (items.empty())
                return Term::iri(std::string(rdf_nil));
            const Term head = fresh();
            Term cell = head;
            for (std::size_t i = 0; i < items.size(); ++i) {
                emit_(cell, Term::iri(std::string(rdf_first)), object(items[i]));
                const Term next = i + 1 == items.size() ? Term::iri(std::string(rdf_nil)) : fresh();
                emit_(cell, Term::iri(std::string(rdf_rest)), next);
                cell = next;
            }
            return head;
        }
        if (value.members.size() == 1 && value.has("@id"))
            return expand(value["@id"].text);
        return node_object(value);
    }

    Emit emit_;
    std::map<std::string, std::string> prefixes_;
    std::size_t fresh_ = 0;
};

} // namespace seeother::test
