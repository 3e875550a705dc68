#include "server/ld/accept.hpp"

#include "rdf/ascii.hpp"

#include <optional>

namespace seeother::server {
namespace {

using rdf::ascii_lower;

// RFC 9110 §5.6.2: tchar.
bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 9110 §5.6.3: OWS is spaces and horizontal tabs only.
bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

// RFC 9110 §5.6.4: qdtext, and the octets a quoted-pair may escape.
bool is_qdtext(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || u == ' ' || u == 0x21 || (u >= 0x23 && u <= 0x5B) ||
           (u >= 0x5D && u <= 0x7E) || u >= 0x80;
}
bool is_quotable(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u <= 0x7E) || u >= 0x80;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = ascii_lower(c);
    return out;
}

std::string_view trim_ows(std::string_view text) {
    while (!text.empty() && is_ows(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_ows(text.back()))
        text.remove_suffix(1);
    return text;
}

// Where the list element starting at `start` ends: the next comma that is not inside a
// quoted-string. A quoted-string can only begin right after "=" (a parameter value), so a
// stray quote elsewhere is an ordinary (invalid) octet and cannot swallow later elements;
// an unterminated quoted-string runs to the end of the field.
std::size_t element_end(std::string_view field, std::size_t start) {
    std::size_t i = start;
    while (i < field.size()) {
        if (field[i] == ',')
            return i;
        if (field[i] == '"' && i > start && field[i - 1] == '=') {
            ++i;
            while (i < field.size() && field[i] != '"')
                i += field[i] == '\\' ? 2u : 1u;
            if (i >= field.size())
                return field.size();
        }
        ++i;
    }
    return field.size();
}

// A cursor over one list element; every read either consumes a whole production or fails.
class Reader {
  public:
    explicit Reader(std::string_view text) : text_(text) {}

    bool at_end() const { return pos_ == text_.size(); }
    char peek() const { return text_[pos_]; }

    bool eat(char c) {
        if (at_end() || peek() != c)
            return false;
        ++pos_;
        return true;
    }

    void skip_ows() {
        while (!at_end() && is_ows(peek()))
            ++pos_;
    }

    // token = 1*tchar
    std::optional<std::string_view> read_token() {
        std::size_t start = pos_;
        while (!at_end() && is_tchar(peek()))
            ++pos_;
        if (pos_ == start)
            return std::nullopt;
        return text_.substr(start, pos_ - start);
    }

    // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; returns the unescaped value.
    std::optional<std::string> read_quoted_string() {
        if (!eat('"'))
            return std::nullopt;
        std::string value;
        while (!at_end()) {
            char c = text_[pos_++];
            if (c == '"')
                return value;
            if (c == '\\') {
                if (at_end() || !is_quotable(peek()))
                    return std::nullopt;
                value += text_[pos_++];
            } else if (is_qdtext(c)) {
                value += c;
            } else {
                return std::nullopt;
            }
        }
        return std::nullopt; // unterminated
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> parse_qvalue(std::string_view text) {
    if (text.empty() || (text[0] != '0' && text[0] != '1'))
        return std::nullopt;
    int units = text[0] - '0';
    if (text.size() == 1)
        return units * 1000;
    if (text[1] != '.' || text.size() > 5)
        return std::nullopt;
    int thousandths = 0;
    int scale = 100;
    for (char c : text.substr(2)) {
        if (c < '0' || c > '9' || (units == 1 && c != '0'))
            return std::nullopt;
        thousandths += (c - '0') * scale;
        scale /= 10;
    }
    return units * 1000 + thousandths;
}

struct Parameter {
    std::string name; // lowercase
    std::string value;
    bool has_value = false;
    bool quoted = false;
};

// parameter = parameter-name [ "=" parameter-value ]; the value is required everywhere but
// in an accept-ext, which the caller checks.
std::optional<Parameter> parse_parameter(Reader& in) {
    auto name = in.read_token();
    if (!name)
        return std::nullopt;
    Parameter parameter{lowercase(*name), {}, false, false};
    if (!in.eat('='))
        return parameter;
    parameter.has_value = true;
    if (auto token = in.read_token()) {
        parameter.value = std::string(*token);
    } else if (auto quoted = in.read_quoted_string()) {
        parameter.value = std::move(*quoted);
        parameter.quoted = true;
    } else {
        return std::nullopt;
    }
    return parameter;
}

// media-range [ weight *( accept-ext ) ] for one list element with no surrounding OWS.
std::optional<MediaRange> parse_media_range(std::string_view element) {
    Reader in(element);
    auto type = in.read_token();
    if (!type || !in.eat('/'))
        return std::nullopt;
    auto subtype = in.read_token();
    if (!subtype)
        return std::nullopt;

    MediaRange range;
    range.type = lowercase(*type);
    range.subtype = lowercase(*subtype);
    if (range.type == "*" && range.subtype != "*")
        return std::nullopt;

    bool weighed = false; // parameters after the weight are accept-ext: checked, then ignored
    while (!in.at_end()) {
        in.skip_ows();
        if (!in.eat(';'))
            return std::nullopt;
        in.skip_ows();
        if (in.at_end() || in.peek() == ';')
            continue; // RFC 9110 §5.6.6 allows empty parameters: "a/b;;c=d", "a/b;"
        auto parameter = parse_parameter(in);
        if (!parameter || (!parameter->has_value && !weighed))
            return std::nullopt;
        if (weighed)
            continue;
        if (parameter->name == "q") {
            auto weight = parameter->quoted ? std::nullopt : parse_qvalue(parameter->value);
            if (!weight)
                return std::nullopt;
            range.weight = *weight;
            weighed = true;
            continue;
        }
        range.parameters.emplace_back(std::move(parameter->name), std::move(parameter->value));
    }
    return range;
}

} // namespace

int MediaRange::specificity() const {
    if (type == "*")
        return 0;
    if (subtype == "*")
        return 1;
    return parameters.empty() ? 2 : 3;
}

std::vector<MediaRange> parse_accept(std::string_view field) {
    std::vector<MediaRange> ranges;
    std::size_t start = 0;
    while (start <= field.size()) {
        std::size_t end = element_end(field, start);
        auto element = trim_ows(field.substr(start, end - start));
        if (!element.empty())
            if (auto range = parse_media_range(element))
                ranges.push_back(std::move(*range));
        start = end + 1;
    }
    return ranges;
}

} // namespace seeother::server
