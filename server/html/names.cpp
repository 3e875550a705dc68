#include "server/html/names.hpp"

#include "server/html/buffer.hpp"
#include "server/html/escape.hpp"
#include "server/html/layout.hpp"

#include "rdf/ascii.hpp"
#include "rdf/iri.hpp"
#include "rdf/vocab.hpp"
#include "rdf/writer_util.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
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
    // A table: every name a page shows is checked, a character at a time.
    static constexpr auto allowed = [] {
        std::array<bool, 256> set{};
        for (unsigned c = 0; c < 256; ++c)
            set[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_' || c == '-' || c == '.';
        return set;
    }();
    return !local.empty() && local.back() != '.' &&
           std::all_of(local.begin(), local.end(),
                       [](char c) { return allowed[static_cast<unsigned char>(c)]; });
}

/// The IRI as a prefixed name, when a data prefix (or a well-known one) covers it with a
/// simple local part; the longest namespace wins.
std::optional<PrefixedName> prefixed_name(std::string_view iri, const PageContext& context) {
    if (const auto split = context.prefix_names().split(iri))
        return PrefixedName{split->name, iri.substr(split->namespace_length)};
    const rdf::Prefix* best = nullptr;
    for (const auto& p : well_known_prefixes())
        if (iri.size() > p.iri.size() && iri.compare(0, p.iri.size(), p.iri) == 0 &&
            (!best || p.iri.size() > best->iri.size()))
            best = &p;
    if (!best || !simple_local(iri.substr(best->iri.size())))
        return std::nullopt;
    return PrefixedName{best->name, iri.substr(best->iri.size())};
}

/// "foaf:name", escaped. The local name needs no escape: it is a simple_local(); a prefix
/// mostly needs none either.
template <class Out>
void append_prefixed_name(Out& out, std::string_view prefix, std::string_view local) {
    if (simple_local(prefix))
        out += prefix;
    else
        append_html(out, prefix);
    out += ':';
    out += local;
}

/// A link to an IRI: `label`, or what `append_name` appends when it is null.
template <class Out, class AppendName>
void append_link(Out& out, const PageContext& context, std::string_view iri, const rdf::Term* label,
                 AppendName append_name) {
    const bool linkable = is_linkable(iri);
    if (linkable) {
        out += "<a class=\"iri\" href=\"";
        context.append_href(out, iri);
        out += '"';
    } else {
        out += "<span class=\"iri\"";
    }
    if (label)
        append_lang_attr(out, *label);
    out += '>';
    if (label)
        append_html(out, label->value);
    else
        append_name();
    out += linkable ? "</a>" : "</span>";
}

/// The small tag after a literal: its language, or its datatype unless xsd:string, whose
/// short name `append_datatype` appends.
template <class Out, class AppendDatatype>
void append_literal_tag(Out& out, const rdf::Term& literal, AppendDatatype append_datatype) {
    if (!literal.language.empty()) {
        out += "<small class=\"tag\">";
        append_html(out, literal.language);
        out += "</small>";
    } else if (!literal.datatype.empty() && literal.datatype != iri::xsd_string) {
        out += "<small class=\"tag\">";
        append_datatype();
        out += "</small>";
    }
}

/// append_literal_html(), with the datatype's short name from `append_datatype`.
template <class Out, class AppendDatatype>
void append_literal(Out& out, const rdf::Term& literal, AppendDatatype append_datatype);

} // namespace

rdf::PrefixTable& PageContext::prefix_names() const {
    if (!names_cache_.table)
        names_cache_.table = std::make_shared<rdf::PrefixTable>(
            prefixes,
            rdf::PrefixTable::Rules{[](const rdf::Prefix&) { return true; }, simple_local});
    return *names_cache_.table;
}

template <class Out> void PageContext::append_href(Out& out, std::string_view iri) const {
    if (!space) {
        append_uri_attr(out, iri);
        return;
    }
    // Percent-encoding goes an octet at a time: the pieces may be encoded apart.
    const auto [start, rest] = space->to_url().rewrite_parts(iri);
    if (!start.empty())
        append_uri_attr(out, start);
    append_uri_attr(out, rest);
}

int label_rank(std::string_view predicate) {
    const auto& ranked = rdf::label_predicates();
    const auto at = std::find(ranked.begin(), ranked.end(), predicate);
    return at == ranked.end() ? -1 : static_cast<int>(at - ranked.begin());
}

LabelMap lookup_labels(const PageContext& context, const std::vector<std::string>& iris) {
    if (!context.store || iris.empty())
        return {};
    const rdf::IriRewriter to_base = context.base_rewriter();
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
        if (const auto* label = choose_label(found[i], context.language))
            labels.emplace_hint(labels.end(), iris[i], std::move(*label));
    return labels;
}

const rdf::Term* choose_label(const std::vector<rdf::Term>& labels,
                              const LanguagePreference& language) {
    const rdf::Term* best = nullptr;
    int best_rank = 0;
    for (const auto& label : labels) {
        const int rank = language.rank(label.language);
        if (!best || rank < best_rank) {
            best = &label;
            best_rank = rank;
        }
    }
    return best;
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

template <class Out>
void append_short_name(Out& out, std::string_view iri, const PageContext& context) {
    const auto name = prefixed_name(iri, context);
    if (!name) {
        append_html(out, iri);
        return;
    }
    append_prefixed_name(out, name->prefix, name->local);
}

std::string label_or_name(const LabelMap& labels, std::string_view iri,
                          const PageContext& context) {
    if (const auto* label = label_of(labels, iri))
        return label->value;
    return short_name(iri, context);
}

template <class Out>
void append_label_or_name(Out& out, const rdf::Term* label, std::string_view iri,
                          const PageContext& context) {
    if (label)
        append_html(out, label->value);
    else
        append_short_name(out, iri, context);
}

template <class Out> void append_lang_attr(Out& out, const rdf::Term& term) {
    if (term.language.empty())
        return;
    out += " lang=\"";
    append_attr(out, term.language);
    out += '"';
}

template <class Out>
void append_iri_link(Out& out, const PageContext& context, std::string_view iri,
                     const LabelMap& labels) {
    append_link(out, context, iri, label_of(labels, iri),
                [&] { append_short_name(out, iri, context); });
}

std::string iri_link(const PageContext& context, std::string_view iri, const LabelMap& labels) {
    std::string html;
    append_iri_link(html, context, iri, labels);
    return html;
}

void PageNames::look_up_labels(const std::vector<std::string_view>& iris) {
    if (!context_.store || iris.empty())
        return;
    std::vector<std::size_t> asked; // entries_ indexes
    asked.reserve(iris.size());
    entries_.reserve(entries_.size() + iris.size());
    for (const auto iri : iris) {
        Entry* entry = find(iri, true);
        if (entry->asked)
            continue;
        entry->asked = true;
        asked.push_back(static_cast<std::size_t>(entry - entries_.data()));
    }
    ask(asked);
}

void PageNames::look_up_labels(const std::vector<Id>& ids) {
    if (!context_.store || ids.empty())
        return;
    std::vector<std::size_t> asked; // entries_ indexes
    asked.reserve(ids.size());
    for (const auto id : ids) {
        Entry& entry = entries_[id];
        if (entry.asked)
            continue;
        entry.asked = true;
        asked.push_back(id);
    }
    ask(asked);
}

void PageNames::ask(const std::vector<std::size_t>& asked) {
    std::optional<rdf::IriRewriter> own;
    const rdf::IriRewriter& to_base = context_.base_rewriter(own);
    // The IRIs in --base space: views of the entries' own, but for those the rewriting
    // changes, which are made (and kept until the store answers).
    std::vector<std::string_view> in_base;
    std::vector<std::string> rewritten;
    in_base.reserve(asked.size());
    if (to_base.active())
        rewritten.reserve(asked.size()); // never moved: in_base has views of them
    for (const auto i : asked) {
        const auto [start, rest] = to_base.rewrite_parts(entries_[i].iri);
        in_base.push_back(start.empty() ? rest
                                        : rewritten.emplace_back(std::string(start).append(rest)));
    }
    auto found = context_.store->preferred_labels(
        in_base, [&](std::string_view language) { return context_.language.rank(language); });
    for (std::size_t i = 0; i < asked.size(); ++i) {
        Entry& entry = entries_[asked[i]];
        // A deque: the labels stay where they are, the entries point at them.
        entry.label = found[i] ? &labels_.emplace_back(std::move(*found[i])) : nullptr;
        entry.link = nullptr; // a link or sorting name made before has no label
        entry.sorting = nullptr;
    }
}

const rdf::Term* PageNames::label(std::string_view iri) const {
    const Entry* entry = find(iri, false);
    return entry ? entry->label : nullptr;
}

PageNames::Entry* PageNames::find(std::string_view iri, bool add) const {
    // Eight octets a step, the last eight (overlapping) for the rest; mixed once at the end.
    const std::size_t n = iri.size();
    std::uint64_t hash = n * 0x9E3779B97F4A7C15ULL;
    std::uint64_t word = 0;
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 <= n; i += 8) {
            std::memcpy(&word, iri.data() + i, 8);
            hash = (hash ^ word) * 0xBF58476D1CE4E5B9ULL;
        }
        std::memcpy(&word, iri.data() + n - 8, 8);
    } else {
        for (std::size_t i = 0; i < n; ++i)
            word = (word << 8U) | static_cast<unsigned char>(iri[i]);
    }
    hash = (hash ^ word) * 0xBF58476D1CE4E5B9ULL;
    hash ^= hash >> 29U;
    hash *= 0x94D049BB133111EBULL;
    hash ^= hash >> 32U;

    if (add && 2 * (entries_.size() + 1) > slots_.size())
        grow(entries_.size() + 1);
    if (slots_.empty())
        return nullptr;
    std::size_t at = hash & (slots_.size() - 1);
    for (; slots_[at].entry != 0; at = (at + 1) & (slots_.size() - 1)) {
        Entry& entry = entries_[slots_[at].entry - 1];
        if (slots_[at].hash == hash && entry.iri == iri)
            return &entry;
    }
    if (!add)
        return nullptr;
    entries_.emplace_back().iri = iri;
    slots_[at] = {hash, static_cast<std::uint32_t>(entries_.size())};
    return &entries_.back();
}

void PageNames::reserve(std::size_t iris) {
    entries_.reserve(iris);
    if (2 * iris > slots_.size())
        grow(iris);
}

void PageNames::grow(std::size_t entries) const {
    std::size_t size = std::max<std::size_t>(64, slots_.size());
    while (size < 2 * entries)
        size *= 2;
    std::vector<Slot> old(size);
    old.swap(slots_);
    for (const Slot& slot : old)
        if (slot.entry != 0) {
            std::size_t at = slot.hash & (slots_.size() - 1);
            while (slots_[at].entry != 0)
                at = (at + 1) & (slots_.size() - 1);
            slots_[at] = slot;
        }
}

const PageNames::Entry& PageNames::prefixed(Entry& entry) const {
    if (entry.prefixed < 0) {
        // The local name is a view of the entry's IRI, which outlives the page.
        const auto name = prefixed_name(entry.iri, context_);
        entry.prefixed = name ? 1 : 0;
        if (name) {
            entry.prefix = name->prefix;
            entry.local = name->local;
        }
    }
    return entry;
}

std::string PageNames::short_name(Entry& found) const {
    const Entry& entry = prefixed(found);
    if (!entry.prefixed)
        return std::string(entry.iri);
    std::string text;
    text.reserve(entry.prefix.size() + 1 + entry.local.size());
    text += entry.prefix;
    text += ':';
    text += entry.local;
    return text;
}

template <class Out> void PageNames::append_short_name(Out& out, Entry& found) const {
    const Entry& entry = prefixed(found);
    if (!entry.prefixed) {
        append_html(out, entry.iri);
        return;
    }
    append_prefixed_name(out, entry.prefix, entry.local);
}

std::string PageNames::short_name(std::string_view iri) const {
    return short_name(*find(iri, true));
}

template <class Out> void PageNames::append_short_name(Out& out, std::string_view iri) const {
    append_short_name(out, *find(iri, true));
}

template <class Out> void PageNames::append_label_or_name(Out& out, std::string_view iri) const {
    Entry& entry = *find(iri, true);
    if (entry.label)
        append_html(out, entry.label->value);
    else
        append_short_name(out, entry);
}

namespace {

std::string_view written(const Buffer& out, std::size_t from) {
    return out.view().substr(from);
}
std::string_view written(const std::string& out, std::size_t from) {
    return std::string_view(out).substr(from);
}

} // namespace

template <class Out> void PageNames::append_iri_link(Out& out, Entry& entry) const {
    if (entry.link) {
        out.append(entry.link, entry.link_size);
        return;
    }
    const std::size_t from = out.size();
    append_link(out, context_, entry.iri, entry.label, [&] { append_short_name(out, entry); });
    // Kept for the next link to it: the markup of a link depends on the IRI alone.
    const std::string_view link = written(out, from);
    char* kept = texts_.room(link.size());
    std::memcpy(kept, link.data(), link.size());
    entry.link = kept;
    entry.link_size = static_cast<std::uint32_t>(link.size());
}

template <class Out> void PageNames::append_iri_link(Out& out, std::string_view iri) const {
    append_iri_link(out, *find(iri, true));
}

template <class Out> void PageNames::append_iri_link(Out& out, Id id) const {
    append_iri_link(out, entries_[id]);
}

std::string literal_html(const PageContext& context, const rdf::Term& literal) {
    std::string html;
    append_literal_html(html, context, literal);
    return html;
}

template <class Out>
void append_literal_html(Out& out, const PageContext& context, const rdf::Term& literal) {
    append_literal(out, literal, [&] { append_short_name(out, literal.datatype, context); });
}

template <class Out> void PageNames::append_literal_html(Out& out, const rdf::Term& literal) const {
    append_literal(out, literal, [&] { append_short_name(out, *find(literal.datatype, true)); });
}

std::string_view PageNames::sorting_name(Id id) const {
    Entry& entry = entries_[id];
    if (!entry.sorting) {
        // The label's text, or the short name, in lower case: written straight into its place.
        std::string_view parts[3] = {entry.label ? std::string_view(entry.label->value) : ""};
        if (!entry.label) {
            const Entry& named = prefixed(entry);
            if (named.prefixed)
                parts[0] = named.prefix, parts[1] = ":", parts[2] = named.local;
            else
                parts[0] = named.iri;
        }
        const std::size_t size = parts[0].size() + parts[1].size() + parts[2].size();
        char* text = texts_.room(size);
        char* at = text;
        for (const auto part : parts)
            at = std::transform(part.begin(), part.end(), at, rdf::ascii_lower);
        entry.sorting = text;
        entry.sorting_size = static_cast<std::uint32_t>(size);
    }
    return {entry.sorting, entry.sorting_size};
}

char* PageNames::Texts::room(std::size_t size) {
    if (size > left_) {
        const std::size_t block = std::max<std::size_t>(size, 4096);
        blocks_.emplace_back(new char[block]);
        at_ = blocks_.back().get();
        left_ = block;
    }
    char* text = at_;
    at_ += size;
    left_ -= size;
    return text;
}

namespace {

template <class Out, class AppendDatatype>
void append_literal(Out& out, const rdf::Term& literal, AppendDatatype append_datatype) {
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
    append_literal_tag(out, literal, append_datatype);
}

} // namespace

// Pages write into a std::string, the description page into a Buffer.
template void PageContext::append_href(std::string&, std::string_view) const;
template void append_short_name(std::string&, std::string_view, const PageContext&);
template void append_label_or_name(std::string&, const rdf::Term*, std::string_view,
                                   const PageContext&);
template void append_lang_attr(std::string&, const rdf::Term&);
template void append_iri_link(std::string&, const PageContext&, std::string_view, const LabelMap&);
template void PageNames::append_short_name(std::string&, std::string_view) const;
template void PageNames::append_label_or_name(std::string&, std::string_view) const;
template void PageNames::append_iri_link(std::string&, std::string_view) const;
template void PageNames::append_iri_link(std::string&, Id) const;
template void PageNames::append_short_name(std::string&, Entry&) const;
template void append_literal_html(std::string&, const PageContext&, const rdf::Term&);
template void PageNames::append_literal_html(std::string&, const rdf::Term&) const;
template void PageContext::append_href(Buffer&, std::string_view) const;
template void append_short_name(Buffer&, std::string_view, const PageContext&);
template void append_label_or_name(Buffer&, const rdf::Term*, std::string_view, const PageContext&);
template void append_lang_attr(Buffer&, const rdf::Term&);
template void append_iri_link(Buffer&, const PageContext&, std::string_view, const LabelMap&);
template void PageNames::append_short_name(Buffer&, std::string_view) const;
template void PageNames::append_label_or_name(Buffer&, std::string_view) const;
template void PageNames::append_iri_link(Buffer&, std::string_view) const;
template void PageNames::append_iri_link(Buffer&, Id) const;
template void PageNames::append_short_name(Buffer&, Entry&) const;
template void append_literal_html(Buffer&, const PageContext&, const rdf::Term&);
template void PageNames::append_literal_html(Buffer&, const rdf::Term&) const;

} // namespace seeother::server::html
