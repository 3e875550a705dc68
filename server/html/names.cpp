#include "server/html/names.hpp"

#include "server/html/escape.hpp"
#include "server/html/layout.hpp"

#include "rdf/iri.hpp"
#include "rdf/vocab.hpp"
#include "rdf/writer_util.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>

namespace seeother::server::html {
namespace {

namespace iri = rdf::vocab;

/// Prefixed names for vocabularies the data does not declare.
const rdf::Prefixes& well_known_prefixes() {
    static const rdf::Prefixes prefixes = {
        {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
        {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
        {"owl", "http://www.w3.org/2002/07/owl#"},
        {"xsd", "http://www.w3.org/2001/XMLSchema#"},
        {"foaf", "http://xmlns.com/foaf/0.1/"},
        {"schema", "http://schema.org/"},
        {"dcterms", "http://purl.org/dc/terms/"},
        {"dc", "http://purl.org/dc/elements/1.1/"},
        {"skos", "http://www.w3.org/2004/02/skos/core#"},
        {"void", "http://rdfs.org/ns/void#"},
        {"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"},
        {"prov", "http://www.w3.org/ns/prov#"},
        {"dcat", "http://www.w3.org/ns/dcat#"},
    };
    return prefixes;
}

/// Cuts UTF-8 text at most `bytes` long, at a character boundary, preferably at a space.
std::string_view cut(std::string_view text, std::size_t bytes) {
    if (text.size() <= bytes)
        return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U)
        --end;
    const auto space = text.substr(0, end).rfind(' ');
    if (space != std::string_view::npos && space > bytes / 2)
        end = space;
    return text.substr(0, end);
}

/// The parts of a prefixed name: "foaf" and "name" for foaf:name.
struct PrefixedName {
    std::string_view prefix;
    std::string_view local;
};

/// A local part a page shows after a prefix: letters, digits, '_', '-' and '.', not last.
bool simple_local(std::string_view local) {
    return !local.empty() && local.back() != '.' &&
           std::all_of(local.begin(), local.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
           });
}

/// The IRI as a prefixed name, when a data prefix (or a well-known one) covers it with a
/// simple local part; the longest namespace wins.
std::optional<PrefixedName> prefixed_name(std::string_view iri, const PageContext& context) {
    if (const auto name = context.prefix_names().curie(iri)) {
        const auto colon = name->find(':'); // a prefix name has none
        return PrefixedName{name->substr(0, colon), name->substr(colon + 1)};
    }
    const rdf::Prefix* best = nullptr;
    for (const auto& p : well_known_prefixes())
        if (iri.size() > p.iri.size() && iri.compare(0, p.iri.size(), p.iri) == 0 &&
            (!best || p.iri.size() > best->iri.size()))
            best = &p;
    if (!best || !simple_local(iri.substr(best->iri.size())))
        return std::nullopt;
    return PrefixedName{best->name, iri.substr(best->iri.size())};
}

/// The small tag after a literal: its language, or its datatype unless xsd:string.
void append_literal_tag(std::string& out, const PageContext& context, const rdf::Term& literal) {
    if (!literal.language.empty()) {
        out += "<small class=\"tag\">";
        append_html(out, literal.language);
        out += "</small>";
    } else if (!literal.datatype.empty() && literal.datatype != iri::xsd_string) {
        out += "<small class=\"tag\">";
        append_short_name(out, literal.datatype, context);
        out += "</small>";
    }
}

} // namespace

rdf::PrefixTable& PageContext::prefix_names() const {
    if (!names_cache_.table)
        names_cache_.table = std::make_shared<rdf::PrefixTable>(
            prefixes,
            rdf::PrefixTable::Rules{[](const rdf::Prefix&) { return true; }, simple_local});
    return *names_cache_.table;
}

int label_rank(std::string_view predicate) {
    const auto& ranked = rdf::label_predicates();
    const auto at = std::find(ranked.begin(), ranked.end(), predicate);
    return at == ranked.end() ? -1 : static_cast<int>(at - ranked.begin());
}

LabelMap lookup_labels(const PageContext& context, const std::vector<std::string>& iris) {
    if (!context.store || iris.empty())
        return {};
    const rdf::IriRewriter to_base(context.public_base, context.base);
    std::vector<std::string> in_base;
    if (to_base.active()) {
        in_base.reserve(iris.size());
        for (const auto& iri : iris)
            in_base.push_back(to_base.rewrite(iri));
    }
    auto found = context.store->labels(to_base.active() ? in_base : iris);
    LabelMap labels;
    // Callers ask in IRI order, which makes the hint right every time.
    for (std::size_t i = 0; i < iris.size(); ++i)
        if (auto label = choose_label(std::move(found[i]), context.language))
            labels.emplace_hint(labels.end(), iris[i], std::move(*label));
    return labels;
}

std::optional<rdf::Term> choose_label(std::vector<rdf::Term> labels,
                                      const LanguagePreference& language) {
    rdf::Term* best = nullptr;
    int best_rank = 0;
    for (auto& label : labels) {
        const int rank = language.rank(label.language);
        if (!best || rank < best_rank) {
            best = &label;
            best_rank = rank;
        }
    }
    return best ? std::optional<rdf::Term>(std::move(*best)) : std::nullopt;
}

std::optional<rdf::Term> best_label(const rdf::Triples& triples, std::string_view subject,
                                    const LanguagePreference& language) {
    const rdf::Term* best = nullptr;
    std::pair<int, int> best_key;
    for (const auto& t : triples) {
        if (t.subject.is_literal() || t.subject.value != subject || !t.object.is_literal())
            continue;
        const int rank = label_rank(t.predicate.value);
        if (rank < 0)
            continue;
        const std::pair<int, int> key{language.rank(t.object.language), rank};
        if (!best || key < best_key) {
            best = &t.object;
            best_key = key;
        }
    }
    return best ? std::optional<rdf::Term>(*best) : std::nullopt;
}

const rdf::Term* label_of(const LabelMap& labels, std::string_view iri) {
    const auto found = labels.find(iri);
    return found == labels.end() ? nullptr : &found->second;
}

std::string short_name(std::string_view iri, const PageContext& context) {
    const auto name = prefixed_name(iri, context);
    if (!name)
        return std::string(iri);
    std::string text;
    text.reserve(name->prefix.size() + 1 + name->local.size());
    text += name->prefix;
    text += ':';
    text += name->local;
    return text;
}

void append_short_name(std::string& out, std::string_view iri, const PageContext& context) {
    const auto name = prefixed_name(iri, context);
    if (!name) {
        append_html(out, iri);
        return;
    }
    append_html(out, name->prefix);
    out += ':';
    append_html(out, name->local);
}

std::string label_or_name(const LabelMap& labels, std::string_view iri,
                          const PageContext& context) {
    if (const auto* label = label_of(labels, iri))
        return label->value;
    return short_name(iri, context);
}

void append_label_or_name(std::string& out, const rdf::Term* label, std::string_view iri,
                          const PageContext& context) {
    if (label)
        append_html(out, label->value);
    else
        append_short_name(out, iri, context);
}

void append_lang_attr(std::string& out, const rdf::Term& term) {
    if (term.language.empty())
        return;
    out += " lang=\"";
    append_attr(out, term.language);
    out += '"';
}

void append_iri_link(std::string& out, const PageContext& context, std::string_view iri,
                     const LabelMap& labels) {
    const rdf::Term* label = label_of(labels, iri);
    const bool linkable = is_linkable(iri);
    if (linkable) {
        out += "<a class=\"iri\" href=\"";
        append_attr(out, rdf::iri_to_uri(iri));
        out += '"';
    } else {
        out += "<span class=\"iri\"";
    }
    if (label)
        append_lang_attr(out, *label);
    out += '>';
    append_label_or_name(out, label, iri, context);
    out += linkable ? "</a>" : "</span>";
}

std::string iri_link(const PageContext& context, std::string_view iri, const LabelMap& labels) {
    std::string html;
    append_iri_link(html, context, iri, labels);
    return html;
}

std::string literal_html(const PageContext& context, const rdf::Term& literal) {
    std::string html;
    append_literal_html(html, context, literal);
    return html;
}

void append_literal_html(std::string& out, const PageContext& context, const rdf::Term& literal) {
    constexpr std::size_t long_bytes = 400;
    constexpr std::size_t long_lines = 8;
    const std::string_view text = literal.value;
    const bool long_text =
        text.size() > long_bytes ||
        static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) > long_lines;
    if (!long_text) {
        out += "<span class=\"lit\"";
        append_lang_attr(out, literal);
        out += '>';
        append_html(out, text);
        out += "</span>";
    } else {
        // Folded: the summary is the beginning, opening it shows the rest right after.
        auto head = cut(text, 240);
        if (const auto line = head.find('\n'); line != std::string_view::npos && line > 0)
            head = head.substr(0, line);
        out += "<details class=\"long\"";
        append_lang_attr(out, literal);
        out += "><summary><span class=\"lit\">";
        append_html(out, head);
        out += "</span><span class=\"ellipsis\">&hellip;</span> <small>(";
        append_with_separators(out, text.size());
        out += " characters)</small></summary><span class=\"lit\">";
        append_html(out, text.substr(head.size()));
        out += "</span></details>";
    }
    append_literal_tag(out, context, literal);
}

} // namespace seeother::server::html
