#include "rdf/sparql/update_text.hpp"

#include "rdf/sparql/query_text.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace seeother::rdf::sparql {
namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// SPARQL's LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
bool is_language_tag(std::string_view tag) {
    bool first = true;
    std::size_t part = 0;
    for (const char c : tag) {
        if (c == '-') {
            if (part == 0)
                return false;
            first = false;
            part = 0;
        } else if (is_alpha(c) || (!first && is_digit(c))) {
            ++part;
        } else {
            return false;
        }
    }
    return part > 0;
}

std::string checked_iri(const std::string& iri) {
    if (auto ref = iri_ref(iri))
        return std::move(*ref);
    throw std::invalid_argument("no SPARQL text can hold the IRI '" + iri + "'");
}

std::string values(const std::vector<std::string>& refs) {
    std::string text = "VALUES ?s {";
    for (const auto& ref : refs)
        text += " " + ref;
    return text + " }";
}

/// Keeps the closure out of a blank node that a subject IRI other than `subject_refs`
/// links to (a node shared with another description).
ClosureGuard shared_guard(const std::vector<std::string>& subject_refs) {
    std::string others;
    for (const auto& ref : subject_refs)
        others += (others.empty() ? "" : ", ") + ref;
    return [others](const std::string& variable) {
        const std::string r = variable + "_r";
        return "FILTER NOT EXISTS { " + r + " " + variable + "_rp " + variable +
               " . FILTER(isIRI(" + r + ") && " + r + " NOT IN (" + others + ")) }";
    };
}

/// The start of every closure pattern: a blank object of a subject, not shared.
std::string blank_objects(const std::vector<std::string>& subject_refs, const ClosureGuard& guard) {
    return values(subject_refs) + " ?s ?p ?o . FILTER(isBlank(?o)) " + guard("?o") + " ";
}

/// Virtuoso's blank nodes by the labels its answers give them (bN, or BN as serd renames
/// them): bif:iri_to_id("nodeID://bN"), each label checked to be one.
std::string node_ids(const std::vector<std::string>& labels) {
    std::string text;
    for (const auto& label : labels) {
        if (label.size() < 2 || (label[0] != 'b' && label[0] != 'B') ||
            !std::all_of(label.begin() + 1, label.end(), is_digit))
            throw std::invalid_argument("not a Virtuoso blank node label: '" + label + "'");
        text += (text.empty() ? "" : ", ") + std::string("bif:iri_to_id(\"nodeID://b") +
                label.substr(1) + "\")";
    }
    return text;
}

/// Union-find over the added triples: those that share a blank node are one group.
class Groups {
  public:
    explicit Groups(const Triples& triples) : parent_(triples.size()) {
        std::iota(parent_.begin(), parent_.end(), std::size_t{0});
        std::unordered_map<std::string, std::size_t> first;
        for (std::size_t i = 0; i < triples.size(); ++i)
            for (const Term* term : {&triples[i].subject, &triples[i].object})
                if (term->is_blank()) {
                    const auto [at, fresh] = first.emplace(term->value, i);
                    if (!fresh)
                        join(at->second, i);
                }
    }
    std::size_t root(std::size_t i) {
        while (parent_[i] != i)
            i = parent_[i] = parent_[parent_[i]];
        return i;
    }

  private:
    void join(std::size_t a, std::size_t b) { parent_[root(a)] = root(b); }
    std::vector<std::size_t> parent_;
};

/// Operations, gathered into requests of at most so many triples of each kind.
class Requests {
  public:
    explicit Requests(const UpdateLimits& limits) : limits_(limits) {}

    void add(std::string operation, std::size_t data, std::size_t blank) {
        if (!current_.empty() &&
            (data_ + data > limits_.data_per_request || blank_ + blank > limits_.blank_per_request))
            close();
        current_ += (current_.empty() ? "" : " ;\n") + operation;
        data_ += data;
        blank_ += blank;
    }

    std::vector<std::string> done() {
        close();
        return std::move(requests_);
    }

  private:
    void close() {
        if (!current_.empty())
            requests_.push_back(std::move(current_) + "\n");
        current_.clear();
        data_ = blank_ = 0;
    }

    const UpdateLimits& limits_;
    std::vector<std::string> requests_;
    std::string current_;
    std::size_t data_ = 0;
    std::size_t blank_ = 0;
};

} // namespace

std::string term_text(const Term& term) {
    switch (term.kind) {
    case Term::Kind::Iri:
        return checked_iri(term.value);
    case Term::Kind::Blank:
        if (term.value.empty() || !std::all_of(term.value.begin(), term.value.end(), [](char c) {
                return is_alpha(c) || is_digit(c) || c == '_';
            }))
            throw std::invalid_argument("no SPARQL text can hold the blank node label '" +
                                        term.value + "'");
        return "_:" + term.value;
    case Term::Kind::Literal:
        break;
    }
    std::string text = string_literal(term.value);
    if (!term.language.empty()) {
        if (!is_language_tag(term.language))
            throw std::invalid_argument("no SPARQL text can hold the language tag '" +
                                        term.language + "'");
        return text + "@" + term.language;
    }
    if (!term.datatype.empty() && term.datatype != vocab::rdf_lang_string)
        text += "^^" + checked_iri(term.datatype);
    return text;
}

namespace {

/// What an operation does with the triples its WHERE finds (`pattern`): deletes them from
/// each graph (the default graph without any), or copies them into `gather_into`.
std::string delete_template(const std::string& pattern, const std::vector<std::string>& graph_refs,
                            const std::string& gather_into) {
    if (!gather_into.empty())
        return "INSERT { GRAPH " + gather_into + " { " + pattern + " } }\n";
    std::string text = "DELETE {";
    if (graph_refs.empty())
        text += " " + pattern;
    for (const auto& graph : graph_refs)
        text += " GRAPH " + graph + " { " + pattern + " }";
    return text + " }\n";
}

} // namespace

std::string delete_operation(const std::vector<std::string>& subject_refs,
                             const std::vector<std::string>& graph_refs, unsigned depth, bool lists,
                             const std::string& gather_into) {
    std::string text = delete_template("?s ?p ?o . ?cs ?cp ?co .", graph_refs, gather_into);
    for (const auto& graph : graph_refs)
        text += "USING " + graph + "\n";
    // Every branch starts from the subjects again (rather than joining a union to them once):
    // an engine may evaluate a group's parts bottom-up, a branch alone over the whole store.
    text += "WHERE {\n  { " + values(subject_refs) + " ?s ?p ?o . }\n";
    const auto guard = shared_guard(subject_refs);
    for (const auto& level : closure_levels(depth, lists, guard))
        text += "  UNION { " + blank_objects(subject_refs, guard) + level + " }\n";
    return text + "}";
}

std::string closure_query(const std::vector<std::string>& subject_refs, const std::string& from,
                          unsigned depth, bool lists) {
    const std::string start = values(subject_refs) + " ?s ?p ?o . FILTER(isBlank(?o)) ";
    std::string text = "CONSTRUCT { ?s ?p ?o . ?cs ?cp ?co . ?more <" + std::string(mark::more) +
                       "> true . }\n" + from + "WHERE {\n  { " + start + "}\n";
    for (const auto& level : closure_levels(depth, lists))
        text += "  UNION { " + start + level + " }\n";
    return text + "  UNION { " + start + closure_marker(depth, lists) + " }\n}\n";
}

std::string virtuoso_referrers_query(const std::vector<std::string>& node_labels,
                                     const std::string& from) {
    // Not filtered to IRI referrers in the engine: Virtuoso then scans every triple.
    return "CONSTRUCT { ?r <" + std::string(mark::hit) + "> ?x }\n" + from +
           "WHERE { ?r ?rp ?x . FILTER(?x IN (" + node_ids(node_labels) + ")) }\n";
}

std::string virtuoso_delete_nodes_operation(const std::vector<std::string>& node_labels,
                                            const std::vector<std::string>& graph_refs,
                                            const std::string& gather_into) {
    std::string text = delete_template("?x ?p ?o", graph_refs, gather_into);
    for (const auto& graph : graph_refs)
        text += "USING " + graph + "\n";
    return text + "WHERE { ?x ?p ?o . FILTER(?x IN (" + node_ids(node_labels) + ")) }";
}

std::string staged_commit_operation(const std::string& doomed_ref, const std::string& adding_ref,
                                    const std::vector<std::string>& graph_refs,
                                    const std::string& into_ref) {
    // One WHERE for both: each row binds either the doomed triple or the added one, and a
    // template with an unbound variable makes nothing of that row.
    return delete_template("?s ?p ?o", graph_refs, {}) + "INSERT { GRAPH " + into_ref +
           " { ?a ?b ?c } }\nWHERE { { GRAPH " + doomed_ref + " { ?s ?p ?o } } UNION { GRAPH " +
           adding_ref + " { ?a ?b ?c } } }";
}

std::string drop_graphs_operation(const std::vector<std::string>& graph_refs) {
    std::string text;
    for (const auto& graph : graph_refs)
        text += (text.empty() ? "" : " ;\n") + std::string("DROP SILENT GRAPH ") + graph;
    return text;
}

std::string deeper_closure_query(const std::vector<std::string>& subject_refs,
                                 const std::string& from, unsigned depth, bool lists) {
    // Without the guard of shared nodes: what it finds bounds what any delete_operation()
    // of some of these subjects reaches.
    return "CONSTRUCT { ?more <" + std::string(mark::more) + "> true }\n" + from + "WHERE { " +
           values(subject_refs) + " ?s ?p ?o . FILTER(isBlank(?o)) " +
           closure_marker(depth, lists) + " } LIMIT 1\n";
}

std::vector<UpdateOperation> insert_operations(const Triples& added,
                                               const std::optional<std::string>& graph_ref,
                                               const UpdateLimits& limits) {
    // Every term written first, so that a term no SPARQL text can hold fails before anything
    // is sent; blank nodes renamed b0, b1, ... in order of appearance.
    std::unordered_map<std::string, std::string> labels;
    const auto text_of = [&](const Term& term) {
        if (!term.is_blank())
            return term_text(term);
        const auto [at, fresh] = labels.emplace(term.value, "_:b" + std::to_string(labels.size()));
        return at->second;
    };
    std::vector<std::string> lines;
    lines.reserve(added.size());
    for (const auto& t : added)
        lines.push_back(text_of(t.subject) + " " + text_of(t.predicate) + " " + text_of(t.object) +
                        " .");

    // The triples by group (those without blank nodes are groups of one), in order.
    Groups groups(added);
    std::unordered_map<std::size_t, std::vector<std::size_t>> members;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < added.size(); ++i) {
        auto& group = members[groups.root(i)];
        if (group.empty())
            order.push_back(groups.root(i));
        group.push_back(i);
    }

    const std::string open = graph_ref ? "{ GRAPH " + *graph_ref + " {\n" : "{\n";
    const std::string close = graph_ref ? "} }" : "}";
    std::vector<UpdateOperation> operations;
    std::string data;
    std::size_t data_count = 0;
    const auto flush_data = [&] {
        if (data_count > 0)
            operations.push_back({"INSERT DATA " + open + data + close, data_count, 0});
        data.clear();
        data_count = 0;
    };
    std::string blank;
    std::size_t blank_count = 0;
    const auto flush_blank = [&] {
        if (blank_count > 0)
            operations.push_back({"INSERT " + open + blank + close + " WHERE { }", 0, blank_count});
        blank.clear();
        blank_count = 0;
    };
    for (const auto root : order) {
        const auto& group = members[root];
        const auto& t = added[group.front()];
        const bool has_blank = t.subject.is_blank() || t.object.is_blank();
        if (!has_blank || limits.blank_data) {
            for (const auto i : group) {
                if (data_count == limits.data_per_operation)
                    flush_data();
                data += lines[i] + "\n";
                ++data_count;
            }
            continue;
        }
        if (group.size() > limits.largest_blank_group)
            throw std::invalid_argument(
                "the engine takes at most " + std::to_string(limits.largest_blank_group) +
                " triples linked by blank nodes in one update, and " +
                std::to_string(group.size()) + " are (a list or a structure that large)");
        if (blank_count > 0 && blank_count + group.size() > limits.blank_per_operation)
            flush_blank();
        for (const auto i : group)
            blank += lines[i] + "\n";
        blank_count += group.size();
    }
    flush_data();
    flush_blank();
    return operations;
}

std::vector<std::string> update_requests(const std::vector<UpdateOperation>& operations,
                                         const UpdateLimits& limits) {
    Requests requests(limits);
    for (const auto& operation : operations)
        requests.add(operation.text, operation.data, operation.blank);
    return requests.done();
}

} // namespace seeother::rdf::sparql
