#include "rdf/sord/load.hpp"

#include "rdf/sord/sord_store.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

namespace seeother::rdf {
namespace {

/// The longest language tag Sord keeps (in a 16-byte array).
constexpr std::size_t max_language = 15;

std::string long_language(std::string_view language) {
    return "language tag `" + std::string(language) + "' is longer than the " +
           std::to_string(max_language) + " characters the store can keep";
}

/// One counted reference to an interned Sord node.
class NodeRef {
  public:
    NodeRef() = default;
    NodeRef(SordWorld* world, SordNode* node) : world_(world), node_(node) {}
    NodeRef(NodeRef&& other) noexcept
        : world_(other.world_), node_(std::exchange(other.node_, nullptr)) {}
    NodeRef& operator=(NodeRef&& other) noexcept {
        std::swap(world_, other.world_);
        std::swap(node_, other.node_);
        return *this;
    }
    ~NodeRef() {
        if (node_)
            sord_node_free(world_, node_);
    }

    const SordNode* get() const { return node_; }

  private:
    SordWorld* world_ = nullptr;
    SordNode* node_ = nullptr;
};

/// Characters in UTF-8 text: the bytes that do not continue a character (10xxxxxx), counted
/// eight at a time.
std::size_t count_chars(std::string_view text) {
    std::size_t continuations = 0;
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, 8);
        // 1 in each byte whose bit 7 is set and bit 6 clear; the multiplication adds the
        // eight bytes up into the top one.
        const std::uint64_t ones = (word & ~(word << 1U) & 0x8080808080808080ULL) >> 7U;
        continuations += static_cast<std::size_t>((ones * 0x0101010101010101ULL) >> 56U);
    }
    for (; i < text.size(); ++i)
        continuations += (static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U ? 1U : 0U;
    return text.size() - continuations;
}

/// A view as the measured SerdNode Sord interns, as serd_node_from_substring() makes it
/// (characters counted, quote and newline flags), only faster: serd's byte loop was a tenth
/// of loading. Only literals can hold quotes and line ends. Unlike serd_node_from_substring,
/// a literal's U+0000 (from "\u0000") is kept: Sord copies and compares counted bytes, so the
/// literal stays whole. The parser's views are followed by a NUL, which Sord's copies rely on.
SerdNode serd_node(SerdType type, std::string_view text) {
    SerdNodeFlags flags = 0;
    if (type == SERD_LITERAL) {
        if (text.find('\n') != std::string_view::npos || text.find('\r') != std::string_view::npos)
            flags |= SERD_HAS_NEWLINE;
        if (text.find('"') != std::string_view::npos)
            flags |= SERD_HAS_QUOTE;
    }
    return {reinterpret_cast<const uint8_t*>(text.data()), text.size(), count_chars(text), flags,
            type};
}

/// The parser's quads, interned as Sord nodes and added to the store.
class SordSink final : public QuadSink {
  public:
    explicit SordSink(SordStore& store) : store_(store) {}

    void prefix(std::string_view name, std::string_view iri) override {
        store_.add_prefix(name, iri);
    }

    void quad(const QuadView& quad) override { add(quad); }

    /// Whether the quad was new to the store.
    bool add(const QuadView& quad) {
        const SordNode* s = intern_cached(subject_, quad.subject);
        const SordNode* p = intern_cached(predicate_, quad.predicate);
        const NodeRef o = intern(quad.object);
        const SordNode* g = quad.graph ? intern_cached(graph_, *quad.graph) : nullptr;
        const bool added = store_.add(s, p, o.get(), g);
        added_ += added ? 1U : 0U;
        return added;
    }

    /// Quads new to the store so far.
    std::size_t added() const { return added_; }

  private:
    /// Throws Refusal for what Sord cannot keep.
    NodeRef intern(const TermView& term) {
        SordWorld* world = store_.world();
        SordNode* interned = nullptr;
        switch (term.kind) {
        case Term::Kind::Iri: {
            const SerdNode iri = serd_node(SERD_URI, term.value);
            interned = sord_node_from_serd_node(world, nullptr, &iri, nullptr, nullptr);
            break;
        }
        case Term::Kind::Blank: {
            const SerdNode blank = serd_node(SERD_BLANK, term.value);
            interned = sord_node_from_serd_node(world, nullptr, &blank, nullptr, nullptr);
            break;
        }
        case Term::Kind::Literal: {
            // Sord keeps language tags in a 16-byte array; never store a cut-down tag.
            if (term.language.size() > max_language)
                throw Refusal(long_language(term.language));
            const SerdNode literal = serd_node(SERD_LITERAL, term.value);
            const SerdNode datatype =
                term.datatype.empty() ? SERD_NODE_NULL : serd_node(SERD_URI, term.datatype);
            const SerdNode language =
                term.language.empty() ? SERD_NODE_NULL : serd_node(SERD_LITERAL, term.language);
            interned = sord_node_from_serd_node(world, nullptr, &literal,
                                                datatype.buf ? &datatype : nullptr,
                                                language.buf ? &language : nullptr);
            break;
        }
        }
        if (!interned)
            throw Refusal(store_.sord_error().empty()
                              ? "cannot store node `" + std::string(term.value) + "'"
                              : store_.sord_error());
        return {world, interned};
    }

    /// The node made from the last subject (predicate, graph): consecutive quads mostly
    /// repeat them, and reusing the node saves interning it again.
    struct LastNode {
        Term::Kind kind = Term::Kind::Iri;
        std::string text;
        NodeRef node;
    };

    const SordNode* intern_cached(LastNode& last, const TermView& term) {
        if (last.node.get() && last.kind == term.kind && last.text == term.value)
            return last.node.get();
        last.node = intern(term);
        last.kind = term.kind;
        last.text.assign(term.value);
        return last.node.get();
    }

    SordStore& store_;
    std::size_t added_ = 0;
    LastNode subject_;
    LastNode predicate_;
    LastNode graph_;
};

TermView view(const Term& term) {
    return {term.kind, term.value, term.datatype, term.language};
}

/// A Triple as the parser would give it: its graph "" for the default one, "_:label" for a
/// blank node. The views keep the Triple's NUL after each string, as the sink needs.
QuadView view(const Triple& triple) {
    QuadView quad{view(triple.subject), view(triple.predicate), view(triple.object), std::nullopt};
    const std::string_view graph = triple.graph;
    if (graph.rfind("_:", 0) == 0)
        quad.graph = TermView{Term::Kind::Blank, graph.substr(2), {}, {}};
    else if (!graph.empty())
        quad.graph = TermView{Term::Kind::Iri, graph, {}, {}};
    return quad;
}

/// Applies the changes, in order, to a store being loaded (load_store()).
void apply_changes(const std::vector<Change>& changes, SordStore& store, SordSink& sink,
                   LoadSummary& summary) {
    const auto started = std::chrono::steady_clock::now();
    for (const auto& change : changes) {
        summary.removed += store.remove_descriptions(change.replaced);
        for (const auto& triple : change.added)
            summary.added += sink.add(view(triple)) ? 1U : 0U;
    }
    summary.change_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

} // namespace

std::optional<std::string> unstorable(const Triples& triples) {
    const auto iri = [](std::string_view value) -> std::optional<std::string> {
        if (serd_uri_string_has_scheme(
                reinterpret_cast<const uint8_t*>(std::string(value).c_str())))
            return std::nullopt;
        return "<" + std::string(value) + "> is no absolute IRI (it has no scheme)";
    };
    const auto term = [&](const Term& t) -> std::optional<std::string> {
        switch (t.kind) {
        case Term::Kind::Iri:
            return iri(t.value);
        case Term::Kind::Blank:
            return std::nullopt;
        case Term::Kind::Literal:
            break;
        }
        if (t.language.size() > max_language)
            return long_language(t.language);
        if (!t.language.empty() && !t.datatype.empty())
            return "a literal cannot have both a language tag and a datatype";
        return t.datatype.empty() ? std::nullopt : iri(t.datatype);
    };
    for (const auto& triple : triples)
        for (const Term* t : {&triple.subject, &triple.predicate, &triple.object})
            if (auto why = term(*t))
                return why;
    for (const auto& triple : triples)
        if (!triple.graph.empty() && triple.graph.rfind("_:", 0) != 0)
            if (auto why = iri(triple.graph))
                return why;
    return std::nullopt;
}

std::unique_ptr<Store> load_store(const std::vector<std::string>& files,
                                  const ParseOptions& options, std::optional<Timestamp> modified,
                                  const std::vector<Change>& changes, LoadSummary* summary) {
    auto store = std::make_unique<SordStore>();
    // No file time to go by (no files): the data is as new as this load. With changes, too
    // (load.hpp).
    const auto changed = modified ? *modified : newest_modification(files);
    if (changed != Timestamp{} && changes.empty())
        store->set_last_modified(changed);
    SordSink sink(*store);
    parse_files(files, sink, options);
    LoadSummary loaded;
    loaded.file_quads = sink.added();
    apply_changes(changes, *store, sink, loaded);
    store->finish();
    if (summary)
        *summary = loaded;
    return store;
}

std::unique_ptr<Store> load_store_from_string(const std::string& text,
                                              const std::string& syntax_name,
                                              const std::string& base_iri,
                                              const std::vector<Change>& changes) {
    const auto format = format_of_name(syntax_name);
    if (!format)
        throw ParseError(syntax_name, 0, 0,
                         "unsupported syntax name: expected a name ending in .ttl, .nt, .nq, "
                         ".trig, .rdf, .owl or .xml");
    auto store = std::make_unique<SordStore>();
    SordSink sink(*store);
    parse_string(text, *format, syntax_name, sink, base_iri, "f1_");
    LoadSummary loaded;
    apply_changes(changes, *store, sink, loaded);
    store->finish();
    return store;
}

} // namespace seeother::rdf
