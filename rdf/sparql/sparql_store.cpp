#include "rdf/sparql/sparql_store.hpp"

#include "rdf/fold.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace seeother::rdf::sparql {
namespace {

using Kind = StoreError::Kind;
using Clock = std::chrono::steady_clock;

/// Background questions scan the store: they get longer than a request's.
std::chrono::milliseconds background_timeout(std::chrono::milliseconds timeout) {
    return std::max<std::chrono::milliseconds>(timeout * 6, std::chrono::seconds(60));
}

/// An answer that makes no sense, said to clients without the endpoint's address.
StoreError bad_answer(const std::string& why) {
    return StoreError(Kind::BadAnswer, "SPARQL endpoint " + why, "the SPARQL endpoint " + why);
}

std::size_t count_of(const Term& term) {
    std::size_t value = 0;
    const auto& text = term.value;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!term.is_literal() || ec != std::errc() || end != text.data() + text.size())
        throw bad_answer("answered a count that is no number: '" + text.substr(0, 40) + "'");
    return value;
}

bool is(const Term& term, std::string_view iri) {
    return term.is_iri() && term.value == iri;
}

/// Virtuoso names a blank node nodeID://bN in queries and _:bN in answers (which serd
/// reads as bN, or BN: it renames labels like its own generated ones).
std::optional<std::string> virtuoso_node_ref(const std::string& label) {
    if (label.size() < 2 || (label[0] != 'b' && label[0] != 'B'))
        return std::nullopt;
    for (std::size_t i = 1; i < label.size(); ++i)
        if (label[i] < '0' || label[i] > '9')
            return std::nullopt;
    return "<nodeID://b" + label.substr(1) + ">";
}

/// What a describe answer holds, sorted out.
struct DescribeAnswer {
    std::optional<std::size_t> total;
    Triples page;                                    ///< the subjects' triples
    std::unordered_map<std::string, Triples> blanks; ///< each fetched blank node's triples
    std::unordered_set<std::string> more;            ///< blank nodes past the depth

    void add(Triples triples) {
        for (auto& t : triples) {
            if (is(t.subject, mark::result) && is(t.predicate, mark::total))
                total = count_of(t.object);
            else if (t.subject.is_blank() && is(t.predicate, mark::more))
                more.insert(t.subject.value);
            else if (t.subject.is_blank())
                blanks[t.subject.value].push_back(std::move(t));
            else
                page.push_back(std::move(t));
        }
    }
};

/// The blank-node closure of the page's objects from what the answers hold, following
/// blank nodes only. Returns the nodes it reached that have triples not fetched yet.
std::vector<std::string> reconstruct_closure(const DescribeAnswer& answer, Triples& closure) {
    std::vector<std::string> missing;
    std::unordered_set<std::string> reached;
    std::vector<std::string> pending;
    const auto reach = [&](const Term& object) {
        if (object.is_blank() && reached.insert(object.value).second)
            pending.push_back(object.value);
    };
    for (const auto& t : answer.page)
        reach(t.object);
    while (!pending.empty()) {
        const std::string node = std::move(pending.back());
        pending.pop_back();
        if (const auto found = answer.blanks.find(node); found != answer.blanks.end()) {
            for (const auto& t : found->second) {
                closure.push_back(t);
                reach(t.object);
            }
        } else if (answer.more.count(node)) {
            missing.push_back(node);
        }
        // Otherwise the node has no triples: one with triples this close would have been
        // fetched or marked.
    }
    return missing;
}

/// On Virtuoso: reconstruct_closure(), with the nodes past the answer's depth asked for by
/// their CBD (at most 8 rounds). Returns the nodes still missing.
std::vector<std::string> virtuoso_closure(const Endpoint& endpoint, const std::string& from,
                                          DescribeAnswer& answer, Triples& closure) {
    auto missing = reconstruct_closure(answer, closure);
    for (int round = 0; !missing.empty() && round < 8; ++round) {
        std::vector<std::string> refs;
        for (const auto& node : missing)
            if (auto ref = virtuoso_node_ref(node))
                refs.push_back(std::move(*ref));
        if (refs.size() != missing.size())
            break;
        // The CBD of a node holds all of its closure: nothing stays marked.
        for (const auto& node : missing)
            answer.more.erase(node);
        answer.add(endpoint.construct(cbd_query(refs, from)));
        closure.clear();
        missing = reconstruct_closure(answer, closure);
    }
    return missing;
}

void sort_unique(Triples& triples) {
    std::sort(triples.begin(), triples.end());
    triples.erase(std::unique(triples.begin(), triples.end()), triples.end());
}

/// An answer cut short (Virtuoso's ResultSetMaxRows cuts silently) must not pass as a page.
void check_page_size(std::size_t got, std::size_t total, std::size_t offset, std::size_t limit,
                     const std::string& what) {
    const std::size_t expected = offset >= total ? 0 : std::min(limit, total - offset);
    if (got != expected)
        throw bad_answer("answered " + std::to_string(got) + " " + what + " where " +
                         std::to_string(expected) +
                         " were expected (an answer cut by a row limit?)");
}

std::string checked_graph(const std::string& graph) {
    const auto ref = iri_ref(graph);
    if (!ref || graph.find(':') == std::string::npos)
        throw std::invalid_argument("--sparql-graph expects an absolute IRI, not '" + graph + "'");
    return *ref;
}

} // namespace

std::pair<std::string, std::string> read_sparql_auth(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line))
        throw std::runtime_error("cannot read the SPARQL credentials file '" + path + "'");
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0)
        throw std::runtime_error("the SPARQL credentials file '" + path +
                                 "' must hold user:password on its first line");
    return {line.substr(0, colon), line.substr(colon + 1)};
}

struct SparqlStore::HashIndex {
    std::vector<std::string> iris; ///< subject IRIs under --base with a '#', sorted
    bool complete = true;          ///< false: more than hash_index_cap, the rest not kept

    /// The indexed IRIs that start with `prefix`.
    std::pair<std::size_t, std::size_t> range(const std::string& prefix) const {
        const auto first = std::lower_bound(iris.begin(), iris.end(), prefix);
        const auto last = std::partition_point(first, iris.end(), [&](const std::string& iri) {
            return iri.compare(0, prefix.size(), prefix) == 0;
        });
        return {static_cast<std::size_t>(first - iris.begin()),
                static_cast<std::size_t>(last - iris.begin())};
    }
};

struct SparqlStore::Statistics {
    StoreStats stats;
    std::vector<IriCount> classes; ///< most instances first, then code-point order
    bool classes_complete = true;
    std::unordered_map<std::string, std::size_t> class_counts;
    std::vector<IriCount> most_referenced;
};

/// A value computed in a background thread (its queries scan the store, so they get a longer
/// timeout than a request), then again every `every` while the old one serves. A request
/// waits for the first value at most its own timeout: then it fails (Timeout), or with the
/// computation's own error, and the next request tries again. After a write, the value is
/// either changed in place (modify) or stale (invalidate): then a request waits, at most its
/// own timeout, for the value computed after the write, and takes the old one if that is
/// late. The thread holds only shared state, so a store can go away while it runs.
template <class T> class SparqlStore::Refreshed {
  public:
    Refreshed(std::function<T()> compute, std::chrono::seconds every,
              std::chrono::milliseconds wait, std::string what)
        : state_(std::make_shared<State>()) {
        state_->compute = std::move(compute);
        state_->every = every;
        state_->wait = wait;
        state_->what = std::move(what);
    }

    /// Starts computing, unless it is under way or fresh.
    void start() const {
        const std::lock_guard<std::mutex> lock(state_->mutex);
        start_locked();
    }

    /// The value if there is one, without waiting.
    std::shared_ptr<const T> current() const {
        const std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->value;
    }

    std::shared_ptr<const T> get() const {
        std::unique_lock<std::mutex> lock(state_->mutex);
        if (state_->value) {
            if (!stale_locked()) {
                if (Clock::now() - state_->made >= state_->every)
                    start_locked();
                return state_->value;
            }
            start_locked();
            state_->ready.wait_for(lock, state_->wait, [&] {
                return !stale_locked() || (!state_->computing && state_->error);
            });
            return state_->value; // the old value when the new one is late or failed
        }
        if (!state_->computing) {
            state_->error = nullptr;
            start_locked();
        }
        const bool done = state_->ready.wait_for(lock, state_->wait, [&] {
            return state_->value || (!state_->computing && state_->error);
        });
        if (state_->value)
            return state_->value;
        if (done && state_->error)
            std::rethrow_exception(state_->error);
        const std::string why = "did not give the " + state_->what + " in time (still asking)";
        throw StoreError(Kind::Timeout, "SPARQL endpoint " + why, "the SPARQL endpoint " + why);
    }

    /// The data changed in a way `change` knows: the value is changed in place (a copy) and
    /// holds as fresh. A computation begun before is thrown away.
    void modify(const std::function<void(T&)>& change) const {
        const std::lock_guard<std::mutex> lock(state_->mutex);
        ++state_->generation;
        if (!state_->value)
            return; // the first computation, if under way, starts again
        auto copy = std::make_shared<T>(*state_->value);
        change(*copy);
        state_->value = std::move(copy);
        state_->value_generation = state_->generation;
    }

    /// The data changed: the value is stale, and computed again now.
    void invalidate() const {
        const std::lock_guard<std::mutex> lock(state_->mutex);
        ++state_->generation;
        start_locked();
    }

  private:
    struct State {
        std::mutex mutex;
        std::condition_variable ready;
        std::function<T()> compute;
        std::chrono::seconds every{};
        std::chrono::milliseconds wait{};
        std::string what;
        std::shared_ptr<const T> value;
        std::exception_ptr error; ///< why the last computation failed
        Clock::time_point made;
        bool computing = false;
        /// Writes seen (modify, invalidate), and how many of them the value reflects.
        std::uint64_t generation = 0;
        std::uint64_t value_generation = 0;
    };

    /// Under the mutex: a write came after the value was made.
    static bool stale(const State& state) { return state.value_generation != state.generation; }
    bool stale_locked() const { return stale(*state_); }

    void start_locked() const {
        if (state_->computing ||
            (state_->value && !stale_locked() && Clock::now() - state_->made < state_->every))
            return;
        state_->computing = true;
        std::thread([state = state_] {
            std::unique_lock<std::mutex> lock(state->mutex);
            while (true) {
                const auto begun = state->generation;
                lock.unlock();
                std::shared_ptr<const T> value;
                std::exception_ptr error;
                try {
                    value = std::make_shared<const T>(state->compute());
                } catch (...) {
                    error = std::current_exception(); // an old value keeps serving
                }
                lock.lock();
                // Not over a value that a write changed since this computation began.
                if (value && (!state->value || begun >= state->value_generation)) {
                    state->value = value;
                    state->value_generation = begun;
                }
                state->error = error;
                state->made = Clock::now();
                state->ready.notify_all();
                // A write came while asking: ask again, so that the value holds it.
                if (error || !stale(*state))
                    break;
            }
            state->computing = false;
            state->ready.notify_all();
        }).detach();
    }

    std::shared_ptr<State> state_;
};

SparqlStore::SparqlStore(SparqlStoreOptions options)
    : endpoint_(std::make_shared<Endpoint>(options.endpoint)), base_(options.base) {
    auto update = options.endpoint;
    if (!options.update_url.empty())
        update.url = options.update_url;
    update_endpoint_ = std::make_shared<Endpoint>(update);
    for (const auto& graph : options.graphs)
        graph_refs_.push_back(checked_graph(graph));
    from_ = from_clauses(graph_refs_);

    const auto background = background_timeout(options.endpoint.timeout);
    hash_index_ = std::make_unique<Refreshed<HashIndex>>(
        [endpoint = endpoint_, from = from_, base = base_, background] {
            HashIndex index;
            if (base.empty())
                return index;
            for (auto& t : endpoint->construct(hash_subjects_query(base, from, hash_index_cap + 1),
                                               background, Asker::Background))
                if (t.subject.is_iri() && is(t.predicate, mark::hit))
                    index.iris.push_back(std::move(t.subject.value));
            std::sort(index.iris.begin(), index.iris.end());
            index.iris.erase(std::unique(index.iris.begin(), index.iris.end()), index.iris.end());
            if (index.iris.size() > hash_index_cap) {
                index.complete = false;
                index.iris.clear(); // a partial list can only answer "yes"; keep none
            }
            return index;
        },
        options.refresh, options.endpoint.timeout, "hash IRIs");

    statistics_ = std::make_unique<Refreshed<Statistics>>(
        [endpoint = endpoint_, from = from_, background] {
            Statistics s;
            for (const auto& t :
                 endpoint->construct(stats_query(from), background, Asker::Background)) {
                if (!is(t.subject, mark::result))
                    continue;
                if (is(t.predicate, mark::triples))
                    s.stats.triples = count_of(t.object);
                else if (is(t.predicate, mark::subjects))
                    s.stats.subjects = count_of(t.object);
                else if (is(t.predicate, mark::iri_subjects))
                    s.stats.iri_subjects = count_of(t.object);
                else if (is(t.predicate, mark::classes))
                    s.stats.classes = count_of(t.object);
                else if (is(t.predicate, mark::labels))
                    s.stats.labels = count_of(t.object);
            }
            for (const auto& t : endpoint->construct(classes_query(from, 0, classes_cap + 1),
                                                     background, Asker::Background))
                if (t.subject.is_iri() && is(t.predicate, mark::count))
                    s.classes.push_back({t.subject.value, count_of(t.object)});
            const auto by_count = [](const IriCount& a, const IriCount& b) {
                return a.count != b.count ? a.count > b.count : a.iri < b.iri;
            };
            std::sort(s.classes.begin(), s.classes.end(), by_count);
            if (s.classes.size() > classes_cap) {
                s.classes.resize(classes_cap);
                s.classes_complete = false;
            }
            for (const auto& c : s.classes)
                s.class_counts.emplace(c.iri, c.count);
            for (const auto& t : endpoint->construct(most_referenced_query(from, 100), background,
                                                     Asker::Background))
                if (t.subject.is_iri() && is(t.predicate, mark::count))
                    s.most_referenced.push_back({t.subject.value, count_of(t.object)});
            std::sort(s.most_referenced.begin(), s.most_referenced.end(), by_count);
            return s;
        },
        options.refresh, options.endpoint.timeout, "statistics");
}

SparqlStore::~SparqlStore() = default;

std::optional<std::size_t> SparqlStore::answer_limit() const {
    // 200 x 100 distinct triples made from nothing but the query.
    std::string query = "CONSTRUCT { ?s <" + std::string(mark::hit) + "> ?b } WHERE { VALUES ?a {";
    for (int i = 0; i < 200; ++i)
        query += " " + std::to_string(i);
    query += " } VALUES ?b {";
    for (int i = 0; i < 100; ++i)
        query += " " + std::to_string(i);
    query += " } BIND(IRI(CONCAT(\"" + std::string(mark::result) + ":\", STR(?a))) AS ?s) }";
    auto triples = endpoint_->construct(query);
    sort_unique(triples);
    if (triples.size() >= 20000)
        return std::nullopt;
    return triples.size();
}

void SparqlStore::warm() const {
    hash_index_->start();
    statistics_->start();
}

std::shared_ptr<const SparqlStore::HashIndex> SparqlStore::hash_index() const {
    return hash_index_->get();
}

std::shared_ptr<const SparqlStore::Statistics> SparqlStore::statistics() const {
    return statistics_->get();
}

std::optional<SubjectPattern> SparqlStore::subject_pattern(const Subjects& subjects) const {
    auto ref = iri_ref(subjects.iri);
    if (!ref)
        return std::nullopt;
    SubjectPattern pattern;
    pattern.iris.push_back(std::move(*ref));
    if (!subjects.fragments)
        return pattern;
    const std::string hash = subjects.iri + '#';
    const bool indexed = !base_.empty() && hash.compare(0, base_.size(), base_) == 0;
    const auto index = indexed ? hash_index() : nullptr;
    // A listed namespace is named subject by subject (the engine's index finds each); an
    // unlisted one is a prefix filter, which engines answer by scanning.
    constexpr std::size_t most_listed = 1000;
    if (index && index->complete) {
        const auto [first, last] = index->range(hash);
        if (last - first <= most_listed) {
            for (auto i = first; i < last; ++i)
                if (auto iri = iri_ref(index->iris[i]))
                    pattern.iris.push_back(std::move(*iri));
            return pattern;
        }
    }
    pattern.prefix = hash;
    return pattern;
}

std::vector<bool> SparqlStore::described(const std::vector<Subjects>& candidates) const {
    std::vector<bool> found(candidates.size(), false);
    std::vector<std::string> refs;
    for (const auto& candidate : candidates)
        if (auto ref = iri_ref(candidate.iri))
            refs.push_back(std::move(*ref));
    std::sort(refs.begin(), refs.end());
    refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
    std::unordered_set<std::string> subjects;
    if (!refs.empty())
        for (auto& t : endpoint_->construct(described_query(refs, from_)))
            if (t.subject.is_iri() && is(t.predicate, mark::hit))
                subjects.insert(std::move(t.subject.value));

    std::shared_ptr<const HashIndex> index;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& candidate = candidates[i];
        found[i] = subjects.count(candidate.iri) > 0;
        if (found[i] || !candidate.fragments || !iri_ref(candidate.iri))
            continue;
        const std::string hash = candidate.iri + '#';
        if (!base_.empty() && hash.compare(0, base_.size(), base_) == 0) {
            if (!index)
                index = hash_index();
            if (index->complete) {
                const auto [first, last] = index->range(hash);
                found[i] = first != last;
                continue;
            }
        }
        // Not indexed: one scan, stopped by the first match.
        found[i] = !endpoint_->construct(hash_subjects_query(hash, from_, 1)).empty();
    }
    return found;
}

Page<Triple> SparqlStore::describe(const Subjects& subjects, std::size_t offset,
                                   std::size_t limit) const {
    Page<Triple> page;
    const auto pattern = subject_pattern(subjects);
    if (!pattern)
        return page;
    // Virtuoso: a shallow first query, then its own CBD of what is left, by the blank nodes'
    // stable names. Other engines: deeper queries until the closure is whole.
    const bool virtuoso = engine() == Engine::Virtuoso;
    for (unsigned depth = virtuoso ? virtuoso_depth : initial_depth;; depth *= 2) {
        DescribeAnswer answer;
        answer.add(
            endpoint_->construct(describe_query(*pattern, from_, offset, limit, depth, !virtuoso)));
        if (!answer.total)
            throw bad_answer("gave a description without its total");
        sort_unique(answer.page);
        for (const auto& t : answer.page)
            if (!t.subject.is_iri())
                throw bad_answer("gave an unexpected triple in a description");
        check_page_size(answer.page.size(), *answer.total, offset, limit, "triples");

        Triples closure;
        const auto missing = virtuoso ? virtuoso_closure(*endpoint_, from_, answer, closure)
                                      : reconstruct_closure(answer, closure);
        if (!missing.empty()) {
            if (depth * 2 > max_depth)
                throw bad_answer("holds blank nodes nested deeper than " +
                                 std::to_string(max_depth) +
                                 " levels, more than one query can follow on this engine");
            continue;
        }
        page.total = *answer.total;
        page.items = std::move(answer.page);
        page.items.insert(page.items.end(), std::make_move_iterator(closure.begin()),
                          std::make_move_iterator(closure.end()));
        sort_unique(page.items);
        return page;
    }
}

Page<std::string> SparqlStore::subjects_page(std::string_view prefix, std::size_t offset,
                                             std::size_t limit) const {
    Page<std::string> page;
    const std::string wanted(prefix);
    if (!base_.empty() && wanted.compare(0, base_.size(), base_) == 0 &&
        wanted.find('#', base_.size()) != std::string::npos) {
        const auto index = hash_index();
        if (index->complete) {
            const auto [first, last] = index->range(wanted);
            page.total = last - first;
            for (auto i = first + std::min(offset, page.total);
                 i < last && page.items.size() < limit; ++i)
                page.items.push_back(index->iris[i]);
            return page;
        }
    }
    std::optional<std::size_t> total;
    for (auto& t : endpoint_->construct(subjects_query(prefix, from_, offset, limit))) {
        if (is(t.subject, mark::result) && is(t.predicate, mark::total))
            total = count_of(t.object);
        else if (t.subject.is_iri() && is(t.predicate, mark::hit))
            page.items.push_back(std::move(t.subject.value));
    }
    std::sort(page.items.begin(), page.items.end());
    page.items.erase(std::unique(page.items.begin(), page.items.end()), page.items.end());
    page.total = total.value_or(0);
    check_page_size(page.items.size(), page.total, offset, limit, "subjects");
    return page;
}

std::vector<std::vector<Term>> SparqlStore::labels(const std::vector<std::string>& iris) const {
    std::vector<std::vector<Term>> found(iris.size());
    std::unordered_map<std::string, std::vector<std::size_t>> places;
    std::vector<std::string> refs;
    for (std::size_t i = 0; i < iris.size(); ++i)
        if (auto ref = iri_ref(iris[i])) {
            auto& at = places[iris[i]];
            if (at.empty())
                refs.push_back(std::move(*ref));
            at.push_back(i);
        }
    const auto& ranked = label_predicates();
    std::map<std::string, std::vector<std::pair<std::size_t, Term>>> by_subject;
    constexpr std::size_t batch = 1000; // IRIs per query: keeps the query text modest
    for (std::size_t from = 0; from < refs.size(); from += batch) {
        const std::vector<std::string> part(
            refs.begin() + static_cast<std::ptrdiff_t>(from),
            refs.begin() + static_cast<std::ptrdiff_t>(std::min(refs.size(), from + batch)));
        for (auto& t : endpoint_->construct(labels_query(part, from_))) {
            const auto rank = std::find(ranked.begin(), ranked.end(), t.predicate.value);
            if (!t.subject.is_iri() || !t.object.is_literal() || rank == ranked.end())
                continue;
            by_subject[t.subject.value].emplace_back(
                static_cast<std::size_t>(rank - ranked.begin()), std::move(t.object));
        }
    }
    for (auto& [subject, labels] : by_subject) {
        std::sort(labels.begin(), labels.end());
        labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
        const auto at = places.find(subject);
        if (at == places.end())
            continue;
        for (const auto i : at->second)
            for (const auto& label : labels)
                found[i].push_back(label.second);
    }
    return found;
}

Backlinks SparqlStore::backlinks(std::string_view iri, std::size_t offset,
                                 std::size_t limit) const {
    Backlinks result;
    const auto ref = iri_ref(iri);
    if (!ref)
        return result;
    for (auto& t : endpoint_->construct(backlinks_query(*ref, from_, offset, limit))) {
        if (is(t.predicate, mark::count) && t.subject.is_iri()) {
            result.predicates.push_back({t.subject.value, count_of(t.object)});
            result.total += result.predicates.back().count;
        } else if (t.object.is_iri() && t.object.value == iri) {
            result.triples.push_back(std::move(t));
        }
    }
    std::sort(result.predicates.begin(), result.predicates.end(),
              [](const IriCount& a, const IriCount& b) { return a.iri < b.iri; });
    // By predicate, then subject: IRIs in code-point order, then blank nodes.
    std::sort(result.triples.begin(), result.triples.end(), [](const Triple& a, const Triple& b) {
        if (const int c = a.predicate.value.compare(b.predicate.value))
            return c < 0;
        return a.subject < b.subject;
    });
    result.triples.erase(std::unique(result.triples.begin(), result.triples.end()),
                         result.triples.end());
    check_page_size(result.triples.size(), result.total, offset, limit, "backlinks");
    return result;
}

Page<IriCount> SparqlStore::classes(std::size_t offset, std::size_t limit) const {
    const auto s = statistics();
    Page<IriCount> page;
    page.total = s->stats.classes;
    if (s->classes_complete || offset + limit <= s->classes.size()) {
        for (auto i = std::min(offset, s->classes.size());
             i < s->classes.size() && page.items.size() < limit; ++i)
            page.items.push_back(s->classes[i]);
        return page;
    }
    for (const auto& t : endpoint_->construct(classes_query(from_, offset, limit)))
        if (t.subject.is_iri() && is(t.predicate, mark::count))
            page.items.push_back({t.subject.value, count_of(t.object)});
    std::sort(page.items.begin(), page.items.end(), [](const IriCount& a, const IriCount& b) {
        return a.count != b.count ? a.count > b.count : a.iri < b.iri;
    });
    return page;
}

Page<Term> SparqlStore::instances(std::string_view class_iri, std::size_t offset,
                                  std::size_t limit) const {
    Page<Term> page;
    const auto ref = iri_ref(class_iri);
    if (!ref)
        return page;
    std::optional<std::size_t> total;
    for (auto& t : endpoint_->construct(instances_query(*ref, from_, offset, limit))) {
        if (is(t.subject, mark::result) && is(t.predicate, mark::total))
            total = count_of(t.object);
        else if (is(t.predicate, vocab::rdf_type))
            page.items.push_back(std::move(t.subject));
    }
    // IRIs in code-point order, then blank nodes (Term order puts IRIs first).
    std::sort(page.items.begin(), page.items.end());
    page.items.erase(std::unique(page.items.begin(), page.items.end()), page.items.end());
    page.total = total.value_or(0);
    check_page_size(page.items.size(), page.total, offset, limit, "instances");
    return page;
}

std::vector<std::size_t>
SparqlStore::instance_counts(const std::vector<std::string>& class_iris) const {
    const auto s = statistics();
    std::vector<std::size_t> counts(class_iris.size(), 0);
    std::vector<std::string> unknown;
    for (std::size_t i = 0; i < class_iris.size(); ++i) {
        if (const auto found = s->class_counts.find(class_iris[i]); found != s->class_counts.end())
            counts[i] = found->second;
        else if (!s->classes_complete)
            if (auto ref = iri_ref(class_iris[i]))
                unknown.push_back(std::move(*ref));
    }
    if (unknown.empty())
        return counts;
    std::unordered_map<std::string, std::size_t> asked;
    for (const auto& t : endpoint_->construct(class_counts_query(unknown, from_)))
        if (t.subject.is_iri() && is(t.predicate, mark::count))
            asked[t.subject.value] = count_of(t.object);
    for (std::size_t i = 0; i < class_iris.size(); ++i)
        if (const auto found = asked.find(class_iris[i]); found != asked.end())
            counts[i] = found->second;
    return counts;
}

std::vector<IriCount> SparqlStore::most_referenced(std::size_t limit) const {
    const auto s = statistics();
    return {s->most_referenced.begin(),
            s->most_referenced.begin() +
                static_cast<std::ptrdiff_t>(std::min(limit, s->most_referenced.size()))};
}

Page<SearchHit> SparqlStore::search(std::string_view query, std::size_t offset,
                                    std::size_t limit) const {
    Page<SearchHit> page;
    const std::string folded = fold_for_search(query);
    if (folded.empty())
        return page;
    // The engine finds candidates (letters in any case and accent); seeother folds and ranks
    // them exactly as the Sord store does.
    const auto& ranked = label_predicates();
    struct Candidate {
        std::string subject;
        std::size_t rank;
        Term label;
    };
    std::vector<Candidate> candidates;
    for (auto& t : endpoint_->construct(search_query(folded, from_, search_candidates))) {
        const auto rank = std::find(ranked.begin(), ranked.end(), t.predicate.value);
        if (t.subject.is_iri() && t.object.is_literal() && rank != ranked.end())
            candidates.push_back({std::move(t.subject.value),
                                  static_cast<std::size_t>(rank - ranked.begin()),
                                  std::move(t.object)});
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        if (const int c = a.subject.compare(b.subject))
            return c < 0;
        if (a.rank != b.rank)
            return a.rank < b.rank;
        return a.label < b.label;
    });
    struct Hit {
        int kind;
        std::size_t length;
        const Candidate* candidate;
    };
    std::vector<Hit> hits;
    for (const auto& candidate : candidates) {
        const std::string label = fold_for_search(candidate.label.value);
        const auto at = label.find(folded);
        if (at == std::string::npos)
            continue;
        const Hit hit{at > 0 ? 2 : label.size() == folded.size() ? 0 : 1, label.size(), &candidate};
        if (!hits.empty() && hits.back().candidate->subject == candidate.subject) {
            if (std::tie(hit.kind, hit.length) < std::tie(hits.back().kind, hits.back().length))
                hits.back() = hit;
        } else {
            hits.push_back(hit);
        }
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.kind != b.kind)
            return a.kind < b.kind;
        if (a.length != b.length)
            return a.length < b.length;
        return a.candidate->subject < b.candidate->subject;
    });
    page.total = hits.size();
    for (auto i = std::min(offset, hits.size()); i < hits.size() && page.items.size() < limit; ++i)
        page.items.push_back({hits[i].candidate->subject, hits[i].candidate->label});
    return page;
}

Engine SparqlStore::engine() const {
    if (endpoint_->engine() == Engine::Unknown)
        endpoint_->probe(endpoint_->settings().timeout, Asker::Request);
    return endpoint_->engine();
}

std::vector<UpdateOperation>
SparqlStore::delete_operations(const std::vector<std::string>& subject_refs, bool virtuoso,
                               const std::string& gather_into) const {
    std::vector<UpdateOperation> operations;
    if (subject_refs.empty())
        return operations;
    const auto in_groups = [](const std::vector<std::string>& all, std::size_t size,
                              const std::function<void(const std::vector<std::string>&)>& use) {
        for (std::size_t at = 0; at < all.size(); at += size)
            use({all.begin() + static_cast<std::ptrdiff_t>(at),
                 all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), at + size))});
    };
    if (!virtuoso) {
        // As describe() does: deeper until no blank node is left past the depth. Subjects in
        // groups, each its own operation (the shared-node guard names them all).
        unsigned depth = initial_depth;
        while (
            !endpoint_->construct(deeper_closure_query(subject_refs, from_, depth, true)).empty()) {
            if (depth * 2 > max_depth)
                throw bad_answer("holds blank nodes nested deeper than " +
                                 std::to_string(max_depth) +
                                 " levels: a description this deep cannot be replaced or "
                                 "deleted on this engine");
            depth *= 2;
        }
        in_groups(subject_refs, 100, [&](const std::vector<std::string>& group) {
            operations.push_back({delete_operation(group, graph_refs_, depth, true), group.size()});
        });
        return operations;
    }

    // Virtuoso: the closure found as describe() finds it (a shallow query, then the CBD of
    // the nodes left, by their stable names), then deleted by those names.
    constexpr std::size_t group_size = 500;
    DescribeAnswer answer;
    in_groups(subject_refs, group_size, [&](const std::vector<std::string>& group) {
        answer.add(endpoint_->construct(closure_query(group, from_, virtuoso_depth, false)));
    });
    Triples closure;
    if (!virtuoso_closure(*endpoint_, from_, answer, closure).empty())
        throw bad_answer("holds blank nodes nested deeper than its descriptions can be followed");
    std::unordered_map<std::string, std::vector<std::string>> children;
    std::vector<std::string> nodes; // the blank nodes with triples
    for (const auto& t : closure) {
        auto& below = children[t.subject.value];
        if (below.empty())
            nodes.push_back(t.subject.value);
        if (t.object.is_blank())
            below.push_back(t.object.value);
    }
    // Shared: a subject IRI that is not replaced links to it.
    const std::unordered_set<std::string> replaced(subject_refs.begin(), subject_refs.end());
    std::unordered_set<std::string> shared;
    in_groups(nodes, group_size, [&](const std::vector<std::string>& group) {
        for (const auto& t : endpoint_->construct(virtuoso_referrers_query(group, from_)))
            if (t.subject.is_iri() && t.object.is_blank() &&
                !replaced.count("<" + t.subject.value + ">"))
                shared.insert(t.object.value);
    });
    std::vector<std::string> doomed;
    std::unordered_set<std::string> reached;
    std::vector<std::string> pending;
    const auto reach = [&](const std::string& node) {
        if (!shared.count(node) && reached.insert(node).second)
            pending.push_back(node);
    };
    for (const auto& t : answer.page)
        if (t.object.is_blank())
            reach(t.object.value);
    while (!pending.empty()) {
        const std::string node = std::move(pending.back());
        pending.pop_back();
        if (const auto below = children.find(node); below != children.end()) {
            doomed.push_back(node);
            for (const auto& child : below->second)
                reach(child);
        }
    }
    in_groups(subject_refs, group_size, [&](const std::vector<std::string>& group) {
        operations.push_back(
            {delete_operation(group, graph_refs_, 0, false, gather_into), group.size()});
    });
    in_groups(doomed, group_size, [&](const std::vector<std::string>& group) {
        operations.push_back(
            {virtuoso_delete_nodes_operation(group, graph_refs_, gather_into), group.size()});
    });
    return operations;
}

void SparqlStore::apply(const Change& change) const {
    if (change.replaced.empty() && change.added.empty())
        return;
    const std::lock_guard<std::mutex> lock(writing_);
    const bool virtuoso = engine() == Engine::Virtuoso;
    if (virtuoso && graph_refs_.empty()) {
        const std::string why = "(Virtuoso) takes writes only into a named graph: start "
                                "seeother with --sparql-graph";
        throw StoreError(Kind::BadAnswer, "SPARQL endpoint " + why, "the SPARQL endpoint " + why);
    }
    std::vector<std::string> refs;
    for (const auto& iri : change.replaced)
        if (auto ref = iri_ref(iri)) // no other IRI can be in the endpoint
            refs.push_back(std::move(*ref));
    if (!virtuoso) {
        // The additions first: a term that cannot be written fails before anything is asked.
        const auto limits = UpdateLimits::standard();
        std::optional<std::string> into;
        if (!graph_refs_.empty())
            into = graph_refs_.front();
        auto inserts = insert_operations(change.added, into, limits);
        auto operations = delete_operations(refs, false);
        operations.insert(operations.end(), std::make_move_iterator(inserts.begin()),
                          std::make_move_iterator(inserts.end()));
        send_updates(update_requests(operations, limits));
    } else {
        // Virtuoso commits each operation of a request apart (one that fails leaves those
        // before it applied), and a large change needs many requests (UpdateLimits). So the
        // change is written first into two graphs of its own, which no query reads (queries
        // name their graphs: Virtuoso takes writes only with --sparql-graph), then made
        // visible by one operation, one transaction. A failure before it writes nothing.
        // Named apart from every other change, of this process or of a replica's.
        static const std::string run =
            std::to_string(std::random_device{}()) + "-" + std::to_string(std::random_device{}());
        static std::atomic<std::uint64_t> changes{0};
        const std::string stage =
            "urn:x-seeother:staged:" + run + "-" + std::to_string(changes.fetch_add(1));
        const std::string adding = "<" + stage + ":add>";
        const std::string doomed = "<" + stage + ":delete>";
        const auto limits = UpdateLimits::virtuoso();
        auto inserts = insert_operations(change.added, adding, limits);
        auto operations = delete_operations(refs, true, doomed);
        operations.insert(operations.end(), std::make_move_iterator(inserts.begin()),
                          std::make_move_iterator(inserts.end()));
        auto requests = update_requests(operations, limits);
        requests.push_back(
            staged_commit_operation(doomed, adding, graph_refs_, graph_refs_.front()));
        const auto drop_stage = [&] {
            try {
                update_endpoint_->update(drop_graphs_operation({adding, doomed}),
                                         update_endpoint_->settings().timeout * 6);
            } catch (const StoreError&) {
                // Left behind, unread: a graph of this name is never used again.
            }
        };
        try {
            send_updates(requests);
        } catch (const StoreError& e) {
            // A request that timed out may still run: what it reads stays where it is.
            if (e.kind() != Kind::Timeout)
                drop_stage();
            throw;
        }
        drop_stage();
    }

    // The hash IRIs as they are now: the replaced ones went, the added subjects came.
    std::vector<std::string> added;
    if (!base_.empty())
        for (const auto& t : change.added)
            if (t.subject.is_iri() && t.subject.value.compare(0, base_.size(), base_) == 0 &&
                t.subject.value.find('#') != std::string::npos)
                added.push_back(t.subject.value);
    std::sort(added.begin(), added.end());
    added.erase(std::unique(added.begin(), added.end()), added.end());
    auto replaced = change.replaced; // sorted, as a Change promises; cheaply made sure of
    std::sort(replaced.begin(), replaced.end());
    hash_index_->modify([&](HashIndex& index) {
        if (!index.complete)
            return; // nothing kept: documents filter by prefix in the engine
        std::vector<std::string> kept;
        std::set_difference(index.iris.begin(), index.iris.end(), replaced.begin(), replaced.end(),
                            std::back_inserter(kept));
        index.iris.clear();
        std::set_union(kept.begin(), kept.end(), added.begin(), added.end(),
                       std::back_inserter(index.iris));
        if (index.iris.size() > hash_index_cap) {
            index.complete = false;
            index.iris.clear();
        }
    });
    statistics_->invalidate();
}

void SparqlStore::send_updates(const std::vector<std::string>& requests) const {
    // Each request of an import may take long (Virtuoso: about a second for 10,000 triples;
    // Oxigraph: 4 s for 100,000 in one): six times a query's timeout.
    const auto timeout = update_endpoint_->settings().timeout * 6;
    try {
        for (const auto& request : requests)
            update_endpoint_->update(request, timeout);
    } catch (const StoreError&) {
        // A request that timed out may still be applied (its error says so): ask for
        // everything again.
        hash_index_->invalidate();
        statistics_->invalidate();
        throw;
    }
}

StoreStats SparqlStore::stats() const {
    return statistics()->stats;
}

Health SparqlStore::health() const {
    return endpoint_->health();
}

std::optional<QueryCounters> SparqlStore::query_counters() const {
    // Updates count as a request's queries.
    auto counters = endpoint_->counters();
    const auto updates = update_endpoint_->counters();
    counters.request_queries += updates.request_queries;
    counters.unavailable += updates.unavailable;
    counters.timeouts += updates.timeouts;
    counters.bad_answers += updates.bad_answers;
    counters.seconds += updates.seconds;
    for (std::size_t i = 0; i < counters.at_most.size() && i < updates.at_most.size(); ++i)
        counters.at_most[i] += updates.at_most[i];
    return counters;
}

std::optional<StoreStats> SparqlStore::known_stats() const {
    if (const auto s = statistics_->current())
        return s->stats;
    return std::nullopt;
}

} // namespace seeother::rdf::sparql
