#include "rdf/sord/load.hpp"

#include "rdf/sord/sord_store.hpp"
#include "rdf/writer_util.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace seeother::rdf {
namespace {

/// The longest language tag Sord keeps (in a 16-byte array).
constexpr std::size_t max_language = 15;

std::string long_language(std::string_view language) {
    return "language tag `" + std::string(language) + "' is longer than the " +
           std::to_string(max_language) + " characters the store can keep";
}

/// Throws Refusal for a language tag longer than Sord keeps: never store a cut-down tag.
void refuse_long_language(const TermView& term) {
    if (term.language.size() > max_language)
        throw Refusal(long_language(term.language));
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
        const SordNode* p = intern_predicate(quad.predicate);
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
            refuse_long_language(term); // Sord keeps tags in a 16-byte array
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

    /// A data set has few predicates and every quad one: each is interned once and kept
    /// here, by its text (up to `kept_predicates`; the rest as the last one), which spares a
    /// quad a lookup in Sord's table of every node, mostly a cache miss in a large data set.
    struct KeptPredicate {
        std::size_t hash = 0;
        std::string text;
        NodeRef node;
    };
    static constexpr std::size_t kept_predicates = 512;

    const SordNode* intern_predicate(const TermView& predicate) {
        if (predicate_.node.get() && predicate_.text == predicate.value)
            return predicate_.node.get();
        if (predicate_slots_.empty())
            predicate_slots_.resize(2 * kept_predicates);
        const std::size_t hash = std::hash<std::string_view>()(predicate.value);
        const std::size_t mask = predicate_slots_.size() - 1;
        for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
            KeptPredicate& slot = predicate_slots_[at];
            if (!slot.node.get()) {
                if (predicates_kept_ == kept_predicates)
                    return intern_cached(predicate_, predicate);
                slot = {hash, std::string(predicate.value), intern(predicate)};
                ++predicates_kept_;
                return slot.node.get();
            }
            if (slot.hash == hash && slot.text == predicate.value)
                return slot.node.get();
        }
    }

    SordStore& store_;
    std::size_t added_ = 0;
    LastNode subject_;
    LastNode predicate_;                         ///< past kept_predicates
    std::vector<KeptPredicate> predicate_slots_; ///< open addressing, at most half full
    std::size_t predicates_kept_ = 0;
    LastNode graph_;
};

// ---- Reading beside interning -----------------------------------------------------------------
// Parsing and putting quads in the store take about a third and a half of a load: the parser
// runs on a thread of its own and hands its quads over in batches, copied out of its buffers,
// so that on two cores a load takes about as long as interning alone.

/// Quads and prefixes as the parser gave them, in order, their text copied into one buffer
/// (each string followed by a NUL, as the views the parser gives are, which Sord relies on).
class QuadBatch {
  public:
    /// About this much text a batch: large enough that handing it over costs nothing, small
    /// enough that the batches in flight are about a megabyte.
    static constexpr std::size_t text_room = std::size_t{1} << 18U;

    bool full() const { return text_.size() >= text_room; }
    bool empty() const { return entries_.empty(); }
    void clear() {
        text_.clear();
        entries_.clear();
    }

    void add_prefix(std::string_view name, std::string_view iri) {
        Entry entry;
        entry.is_prefix = true;
        entry.subject.value = keep(name);
        entry.predicate.value = keep(iri);
        entries_.push_back(entry);
    }

    void add_quad(const QuadView& quad) {
        Entry entry;
        entry.subject = keep(quad.subject);
        entry.predicate = keep(quad.predicate);
        entry.object = keep(quad.object);
        if (quad.graph) {
            entry.has_graph = true;
            entry.graph = keep(*quad.graph);
        }
        entries_.push_back(entry);
    }

    /// Gives every prefix and quad, in order, to `prefix(name, iri)` and `quad(QuadView)`.
    template <class Prefix, class Quad> void replay(Prefix&& prefix, Quad&& quad) const {
        for (const Entry& entry : entries_) {
            if (entry.is_prefix) {
                prefix(text(entry.subject.value), text(entry.predicate.value));
                continue;
            }
            QuadView view{term(entry.subject), term(entry.predicate), term(entry.object),
                          std::nullopt};
            if (entry.has_graph)
                view.graph = term(entry.graph);
            quad(view);
        }
    }

  private:
    struct Span { ///< in text_, which the parser's limits keep far below 4 GB
        std::uint32_t at = 0;
        std::uint32_t size = 0;
    };
    struct KeptTerm {
        Term::Kind kind = Term::Kind::Iri;
        Span value, datatype, language;
    };
    struct Entry {
        bool is_prefix = false; ///< a prefix: its name in subject.value, its IRI in predicate's
        bool has_graph = false;
        KeptTerm subject, predicate, object, graph;
    };

    Span keep(std::string_view text) {
        const Span span{static_cast<std::uint32_t>(text_.size()),
                        static_cast<std::uint32_t>(text.size())};
        text_.append(text).append(1, '\0');
        return span;
    }
    KeptTerm keep(const TermView& term) {
        KeptTerm kept;
        kept.kind = term.kind;
        kept.value = keep(term.value);
        if (!term.datatype.empty())
            kept.datatype = keep(term.datatype);
        if (!term.language.empty())
            kept.language = keep(term.language);
        return kept;
    }
    std::string_view text(Span span) const { return {text_.data() + span.at, span.size}; }
    TermView term(const KeptTerm& kept) const {
        return {kept.kind, text(kept.value), text(kept.datatype), text(kept.language)};
    }

    std::string text_;
    std::vector<Entry> entries_;
};

/// Thrown on the reading thread when the interning one has given up.
struct LoadStopped : std::exception {
    const char* what() const noexcept override { return "loading stopped"; }
};

/// The batches between the two threads: full ones on their way, empty ones back for reuse.
/// At most `in_flight` exist, so a parser faster than the store waits instead of buffering
/// the data set.
class BatchPipe {
  public:
    static constexpr std::size_t in_flight = 3;

    /// The reader's next empty batch, after handing over `full` (null at first).
    std::unique_ptr<QuadBatch> exchange(std::unique_ptr<QuadBatch> full) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (full) {
            full_.push_back(std::move(full));
            changed_.notify_all();
        }
        changed_.wait(lock, [&] { return stopped_ || !empty_.empty() || made_ < in_flight; });
        if (stopped_)
            throw LoadStopped();
        if (empty_.empty()) {
            ++made_;
            return std::make_unique<QuadBatch>();
        }
        auto batch = std::move(empty_.back());
        empty_.pop_back();
        return batch;
    }

    /// The reader is done: after `last`, or with the exception that stopped it.
    void finish(std::unique_ptr<QuadBatch> last, std::exception_ptr error) {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (last && !last->empty())
            full_.push_back(std::move(last));
        error_ = std::move(error);
        finished_ = true;
        changed_.notify_all();
    }

    /// The next full batch, or null when the reader finished (see error()).
    std::unique_ptr<QuadBatch> next() {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return !full_.empty() || finished_; });
        if (full_.empty() || error_) // a failed read is not worth interning further
            return nullptr;
        auto batch = std::move(full_.front());
        full_.pop_front();
        return batch;
    }

    void give_back(std::unique_ptr<QuadBatch> batch) {
        batch->clear();
        const std::lock_guard<std::mutex> lock(mutex_);
        empty_.push_back(std::move(batch));
        changed_.notify_all();
    }

    /// The interning side gave up: the reader stops at its next hand-over.
    void stop() {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopped_ = true;
        changed_.notify_all();
    }

    std::exception_ptr error() {
        const std::lock_guard<std::mutex> lock(mutex_);
        return error_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::unique_ptr<QuadBatch>> full_;
    std::vector<std::unique_ptr<QuadBatch>> empty_;
    std::size_t made_ = 0;
    bool finished_ = false;
    bool stopped_ = false;
    std::exception_ptr error_;
};

/// Whether every IRI of the quad (an IRI term's, a literal's datatype, the graph's name) is
/// writable as it is (is_writable_iri()).
bool all_iris_writable(const QuadView& quad) {
    const auto writable = [](const TermView& term) {
        return term.kind == Term::Kind::Iri       ? is_writable_iri(term.value)
               : term.kind == Term::Kind::Literal ? is_writable_iri(term.datatype)
                                                  : true;
    };
    return writable(quad.subject) && writable(quad.predicate) && writable(quad.object) &&
           (!quad.graph || writable(*quad.graph));
}

/// The reading thread's sink: what the store would refuse is refused here, where the parser
/// still knows the place in the input; the rest goes into batches. The IRIs are checked here
/// too, for the store to know whether the writers need to (SordStore::set_iris_writable()):
/// this thread has time to spare, the interning one has none.
class BatchingSink final : public QuadSink {
  public:
    explicit BatchingSink(BatchPipe& pipe) : pipe_(pipe), batch_(pipe.exchange(nullptr)) {}

    /// Whether every IRI of every quad so far was writable as it is.
    bool iris_writable() const { return iris_writable_; }

    void prefix(std::string_view name, std::string_view iri) override {
        batch_->add_prefix(name, iri);
    }

    void quad(const QuadView& quad) override {
        refuse_long_language(quad.object); // only literals have tags
        iris_writable_ = iris_writable_ && all_iris_writable(quad);
        batch_->add_quad(quad);
        if (batch_->full())
            batch_ = pipe_.exchange(std::move(batch_));
    }

    std::unique_ptr<QuadBatch> last() { return std::move(batch_); }

  private:
    BatchPipe& pipe_;
    std::unique_ptr<QuadBatch> batch_;
    bool iris_writable_ = true;
};

/// Runs `read(sink)` (a parse) on a thread of its own and puts its prefixes and quads in the
/// store through `store_sink` here; rethrows the reader's exception, or the store's. Returns
/// whether every IRI read was writable as it is.
bool read_beside(const std::function<void(QuadSink&)>& read, SordSink& store_sink) {
    BatchPipe pipe;
    bool writable = false;
    std::thread reader([&] {
        std::unique_ptr<QuadBatch> last;
        try {
            BatchingSink sink(pipe);
            read(sink);
            last = sink.last();
            writable = sink.iris_writable();
        } catch (const LoadStopped&) {
        } catch (...) {
            pipe.finish(nullptr, std::current_exception());
            return;
        }
        pipe.finish(std::move(last), nullptr);
    });
    try {
        while (auto batch = pipe.next()) {
            batch->replay(
                [&](std::string_view name, std::string_view iri) { store_sink.prefix(name, iri); },
                [&](const QuadView& quad) { store_sink.quad(quad); });
            pipe.give_back(std::move(batch));
        }
    } catch (...) {
        pipe.stop();
        reader.join();
        throw;
    }
    reader.join();
    if (const auto error = pipe.error())
        std::rethrow_exception(error);
    return writable;
}

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

/// Applies the changes, in order, to a store being loaded (load_store()). Returns whether
/// every IRI they add is writable as it is.
bool apply_changes(const std::vector<Change>& changes, SordStore& store, SordSink& sink,
                   LoadSummary& summary) {
    const auto started = std::chrono::steady_clock::now();
    bool writable = true;
    for (const auto& change : changes) {
        summary.removed += store.remove_descriptions(change.replaced);
        for (const auto& triple : change.added) {
            const QuadView quad = view(triple);
            writable = writable && all_iris_writable(quad);
            summary.added += sink.add(quad) ? 1U : 0U;
        }
    }
    summary.change_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return writable;
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
    const bool read_writable =
        read_beside([&](QuadSink& reading) { parse_files(files, reading, options); }, sink);
    LoadSummary loaded;
    loaded.file_quads = sink.added();
    const bool changes_writable = apply_changes(changes, *store, sink, loaded);
    store->set_iris_writable(read_writable && changes_writable);
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
    const bool read_writable = read_beside(
        [&](QuadSink& reading) {
            parse_string(text, *format, syntax_name, reading, base_iri, "f1_");
        },
        sink);
    LoadSummary loaded;
    const bool changes_writable = apply_changes(changes, *store, sink, loaded);
    store->set_iris_writable(read_writable && changes_writable);
    store->finish();
    return store;
}

} // namespace seeother::rdf
