#include "sord_store.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <new>
#include <unordered_set>
#include <utility>

namespace seeother::rdf {

std::string format_serd_error(const SerdError& error) {
    va_list args;
    va_copy(args, *error.args);
    char buffer[1024];
    const int n = std::vsnprintf(buffer, sizeof buffer, error.fmt, args);
    va_end(args);
    std::string message = n < 0 ? std::string(error.fmt) : std::string(buffer);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r'))
        message.pop_back();
    return message;
}

namespace {

SerdStatus keep_first_sord_error(void* handle, const SerdError* error) {
    auto& message = *static_cast<std::string*>(handle);
    if (message.empty())
        message = format_serd_error(*error);
    return error->status;
}

std::string_view node_string(const SordNode* node) {
    std::size_t length = 0;
    const uint8_t* string = sord_node_get_string_counted(node, &length);
    return {reinterpret_cast<const char*>(string), length};
}

Term to_term(const SordNode* node) {
    switch (sord_node_get_type(node)) {
    case SORD_URI:
        return Term::iri(std::string(node_string(node)));
    case SORD_BLANK:
        return Term::blank(std::string(node_string(node)));
    case SORD_LITERAL:
        break;
    }
    const SordNode* datatype = sord_node_get_datatype(node);
    const char* language = sord_node_get_language(node);
    return Term::literal(std::string(node_string(node)),
                         datatype ? std::string(node_string(datatype)) : std::string(),
                         language ? std::string(language) : std::string());
}

std::string graph_name(const SordNode* graph) {
    if (!graph)
        return {};
    if (sord_node_get_type(graph) == SORD_BLANK)
        return "_:" + std::string(node_string(graph));
    return std::string(node_string(graph));
}

bool less_by_string(const SordNode* a, const SordNode* b) {
    return node_string(a) < node_string(b);
}

/// Frees an iterator under the lock that guards Sord's iterator count.
struct IteratorFree {
    std::mutex* mutex;
    void operator()(SordIter* iterator) const {
        const std::lock_guard<std::mutex> lock(*mutex);
        sord_iter_free(iterator);
    }
};
using IteratorPtr = std::unique_ptr<SordIter, IteratorFree>;

} // namespace

SordStore::SordStore() : world_(sord_world_new()) {
    if (!world_)
        throw std::bad_alloc();
    sord_world_set_error_sink(world_.get(), keep_first_sord_error, &sord_error_);
    model_.reset(sord_new(world_.get(), SORD_SPO, false));
    if (!model_)
        throw std::bad_alloc();
}

SordStore::~SordStore() = default;

bool SordStore::add(const SordNode* s, const SordNode* p, const SordNode* o, const SordNode* g) {
    const SordQuad quad = {s, p, o, g};
    return sord_add(model_.get(), quad);
}

void SordStore::add_prefix(std::string_view name, std::string_view iri) {
    if (prefix_names_.emplace(name).second)
        prefixes_.push_back({std::string(name), std::string(iri)});
}

void SordStore::finish() {
    subjects_.clear();
    stats_ = {};
    // The SPO index holds each subject's quads together, IRIs before blank nodes.
    const IteratorPtr it(sord_begin(model_.get()), IteratorFree{&iterator_count_mutex_});
    const SordNode* previous = nullptr;
    for (; !sord_iter_end(it.get()); sord_iter_next(it.get())) {
        const SordNode* subject = sord_iter_get_node(it.get(), SORD_SUBJECT);
        ++stats_.triples;
        if (subject != previous) {
            ++stats_.subjects;
            if (sord_node_get_type(subject) == SORD_URI)
                subjects_.push_back(subject);
            previous = subject;
        }
    }
    // Sord orders by strcmp, which is our order too; sort anyway rather than rely on it.
    if (!std::is_sorted(subjects_.begin(), subjects_.end(), less_by_string))
        std::sort(subjects_.begin(), subjects_.end(), less_by_string);
    subjects_.shrink_to_fit();
}

const SordNode* SordStore::find_subject(std::string_view iri) const {
    const auto found = std::lower_bound(
        subjects_.begin(), subjects_.end(), iri,
        [](const SordNode* node, std::string_view value) { return node_string(node) < value; });
    return found != subjects_.end() && node_string(*found) == iri ? *found : nullptr;
}

bool SordStore::describes(std::string_view iri) const {
    return find_subject(iri) != nullptr;
}

Triples SordStore::describe(std::string_view iri) const {
    Triples triples;
    const SordNode* root = find_subject(iri);
    if (!root)
        return triples;

    // Depth-first over the blank nodes reached as objects; each is searched once, so
    // cycles end and no triple is read twice.
    std::vector<const SordNode*> pending{root};
    std::unordered_set<const SordNode*> reached;
    while (!pending.empty()) {
        const SordNode* subject = pending.back();
        pending.pop_back();
        const Term subject_term = to_term(subject);

        IteratorPtr it(nullptr, IteratorFree{&iterator_count_mutex_});
        {
            const std::lock_guard<std::mutex> lock(iterator_count_mutex_);
            it.reset(sord_search(model_.get(), subject, nullptr, nullptr, nullptr));
        }
        for (; !sord_iter_end(it.get()); sord_iter_next(it.get())) {
            SordQuad quad;
            sord_iter_get(it.get(), quad);
            triples.push_back({subject_term, to_term(quad[SORD_PREDICATE]),
                               to_term(quad[SORD_OBJECT]), graph_name(quad[SORD_GRAPH])});
            const SordNode* object = quad[SORD_OBJECT];
            if (sord_node_get_type(object) == SORD_BLANK && reached.insert(object).second)
                pending.push_back(object);
        }
    }
    std::sort(triples.begin(), triples.end());
    return triples;
}

std::vector<std::string> SordStore::subjects_with_prefix(std::string_view prefix) const {
    std::vector<std::string> found;
    auto it = std::lower_bound(
        subjects_.begin(), subjects_.end(), prefix,
        [](const SordNode* node, std::string_view value) { return node_string(node) < value; });
    for (; it != subjects_.end(); ++it) {
        const std::string_view subject = node_string(*it);
        if (subject.substr(0, prefix.size()) != prefix)
            break;
        found.emplace_back(subject);
    }
    return found;
}

} // namespace seeother::rdf
