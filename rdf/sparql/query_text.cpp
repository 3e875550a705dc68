#include "rdf/sparql/query_text.hpp"

#include "rdf/fold.hpp"
#include "rdf/store.hpp"
#include "rdf/vocab.hpp"

#include <cstdio>
#include <limits>

namespace seeother::rdf::sparql {
namespace {

constexpr std::string_view rest = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>";

/// LIMIT beyond which a limit means "all": engines keep row counts in 32 or 64 bits.
constexpr std::size_t no_limit = std::size_t{1} << 40U;

std::string page_clauses(std::size_t offset, std::size_t limit) {
    std::string text;
    if (offset > 0)
        text += " OFFSET " + std::to_string(offset);
    if (limit < no_limit)
        text += " LIMIT " + std::to_string(limit);
    return text;
}

std::string mark_iri(std::string_view iri) {
    return "<" + std::string(iri) + ">";
}

/// The subjects' triples as ?s ?p ?o.
std::string subject_triples(const SubjectPattern& subjects) {
    std::string text;
    if (!subjects.prefix) {
        text += "VALUES ?s {";
        for (const auto& iri : subjects.iris)
            text += " " + iri;
        return text + " } ?s ?p ?o .";
    }
    text += "?s ?p ?o . FILTER(isIRI(?s) && (STRSTARTS(STR(?s), " +
            string_literal(*subjects.prefix) + ")";
    for (const auto& iri : subjects.iris)
        text += " || ?s = " + iri;
    return text + "))";
}

/// The closure branches of a description: closure_levels(), then closure_marker().
std::vector<std::string> closure_branches(unsigned depth, bool lists) {
    auto branches = closure_levels(depth, lists);
    branches.push_back(closure_marker(depth, lists));
    return branches;
}

std::string closure_template() {
    return "?cs ?cp ?co . ?more " + mark_iri(mark::more) + " true . ";
}

std::string values(std::string_view variable, const std::vector<std::string>& refs) {
    std::string text = "VALUES " + std::string(variable) + " {";
    for (const auto& ref : refs)
        text += " " + ref;
    return text + " }";
}

std::string label_values() {
    std::vector<std::string> refs;
    for (const auto predicate : label_predicates())
        refs.push_back(mark_iri(predicate));
    return values("?p", refs);
}

std::string utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6U));
        out += static_cast<char>(0x80 | (c & 0x3FU));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12U));
        out += static_cast<char>(0x80 | ((c >> 6U) & 0x3FU));
        out += static_cast<char>(0x80 | (c & 0x3FU));
    }
    return out;
}

/// For each ASCII letter, the Latin letters that fold_for_search folds to it alone ("e":
/// e|E|è|é|…, both cases), so that the engine's regular expression finds what folding would.
/// An alternation, not a class: Virtuoso's classes match bytes, not UTF-8 characters (and
/// its REGEX reads a stored literal's non-ASCII text only after LCASE).
const std::vector<std::string>& letter_classes() {
    static const std::vector<std::string> classes = [] {
        std::vector<std::string> found(26);
        for (char c = 'a'; c <= 'z'; ++c)
            found[static_cast<std::size_t>(c - 'a')] =
                std::string(1, c) + "|" + static_cast<char>(c - 'a' + 'A');
        const auto add_range = [&](char32_t first, char32_t last) {
            for (char32_t c = first; c <= last; ++c) {
                const std::string letter = utf8(c);
                const std::string folded = fold_for_search(letter);
                if (folded.size() == 1 && folded[0] >= 'a' && folded[0] <= 'z' && folded != letter)
                    found[static_cast<std::size_t>(folded[0] - 'a')] += "|" + letter;
            }
        };
        add_range(0xC0, 0x24F);
        add_range(0x1E00, 0x1EFF);
        return found;
    }();
    return classes;
}

/// A regular expression for `folded` (fold_for_search's form): letters as alternations of
/// their accented forms, white space runs as \s+, metacharacters as '.', which the store's
/// exact comparison afterwards makes harmless (and keeps the user's backslashes out of the
/// query, where SPARQL's \u pre-processing would read them).
std::string search_pattern(std::string_view folded) {
    std::string pattern;
    bool space = false;
    for (const char c : folded) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !pattern.empty();
            continue;
        }
        if (space)
            pattern += "\\s+";
        space = false;
        if (c >= 'a' && c <= 'z')
            pattern += "(" + letter_classes()[static_cast<std::size_t>(c - 'a')] + ")";
        else if (std::string_view("\\.*+?()[]{}|^$").find(c) != std::string_view::npos)
            pattern += '.';
        else
            pattern += c;
    }
    return pattern;
}

} // namespace

std::optional<std::string> iri_ref(std::string_view iri) {
    // A scheme (RFC 3987: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"): a relative
    // reference would be resolved against the endpoint's base, or refused by the engine.
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    const auto colon = iri.find(':');
    if (colon == std::string_view::npos || colon == 0 || !alpha(iri[0]))
        return std::nullopt;
    for (const char c : iri.substr(0, colon))
        if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.')
            return std::nullopt;
    for (const char c : iri) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
            c == '^' || c == '`' || c == '\\')
            return std::nullopt;
    }
    return "<" + std::string(iri) + ">";
}

std::string string_literal(std::string_view text) {
    std::string literal = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            literal += "\\\"";
            break;
        case '\\':
            literal += "\\\\";
            break;
        case '\n':
            literal += "\\n";
            break;
        case '\r':
            literal += "\\r";
            break;
        default:
            // Other controls as \u escapes: a raw U+0000 ends Virtuoso's query text.
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned char>(c));
                literal += escape;
            } else {
                literal += c;
            }
        }
    }
    return literal + "\"";
}

std::string from_clauses(const std::vector<std::string>& graphs) {
    std::string text;
    for (const auto& graph : graphs)
        text += "FROM " + graph + "\n";
    return text;
}

namespace {

/// The pattern from the blank node in ?o to the nodes `hops` blank hops away, and the variable
/// that holds them. With `lists`: ?o rest* ?n0 . ?n0 ?x1 ?m1 . FILTER(isBlank(?m1)) ?m1 rest*
/// ?n1 . ..., in ?n<hops>. Without: ?o ?x1 ?m1 . FILTER(isBlank(?m1)) ?m1 ?x2 ?m2 ..., in
/// ?m<hops> (?o for none): no BIND to rename a node, since Virtuoso joins a pattern to a
/// BIND's variable only after matching the pattern alone, over the whole store (a closure
/// query took 0.5 s at 270k triples, 10 ms without). Intermediate list cells are not checked
/// to be blank: the store keeps only what blank-only paths reach (reconstruct_closure).
struct Chain {
    std::string text;
    std::string node;
};

Chain closure_chain(unsigned hops, bool lists, const ClosureGuard& guard) {
    const std::string rest_path = " " + std::string(rest) + "* ";
    Chain chain{lists ? "?o" + rest_path + "?n0 . " : std::string(), lists ? "?n0" : "?o"};
    for (unsigned j = 1; j <= hops; ++j) {
        const auto m = "?m" + std::to_string(j);
        // With `lists`, rdf:rest is followed by the path only: as a hop too, each cell
        // would be reached along every path through the list.
        chain.text +=
            chain.node + " ?x" + std::to_string(j) + " " + m + " . FILTER(isBlank(" + m + ")" +
            (lists ? " && ?x" + std::to_string(j) + " != " + std::string(rest) : std::string()) +
            ") " + (guard ? guard(m) + " " : std::string());
        if (lists) {
            chain.node = "?n" + std::to_string(j);
            chain.text += m + rest_path + chain.node + " . ";
        } else {
            chain.node = m;
        }
    }
    return chain;
}

} // namespace

std::vector<std::string> closure_levels(unsigned depth, bool lists, const ClosureGuard& guard) {
    std::vector<std::string> branches;
    for (unsigned k = 0; k < depth; ++k) {
        const auto chain = closure_chain(k, lists, guard);
        branches.push_back(chain.text + (lists ? "BIND(" + chain.node + " AS ?cs) " : "") +
                           "FILTER(isBlank(?cs)) ?cs ?cp ?co ." +
                           (lists ? "" : " FILTER(?cs = " + chain.node + ")"));
    }
    return branches;
}

std::string closure_marker(unsigned depth, bool lists, const ClosureGuard& guard) {
    // One hop past the last level.
    const auto chain = closure_chain(depth - 1, lists, guard);
    return chain.text + chain.node + " ?xm ?more . FILTER(isBlank(?more)" +
           (lists ? " && ?xm != " + std::string(rest) : std::string()) + ") " +
           (guard ? guard("?more") + " " : std::string()) + "FILTER EXISTS { ?more ?ma ?mb }";
}

std::string describe_query(const SubjectPattern& subjects, const std::string& from,
                           std::size_t offset, std::size_t limit, unsigned depth, bool lists) {
    const std::string triples = subject_triples(subjects);
    // Code-point order of subject and predicate, then IRIs, blank nodes, literals as the
    // Sord store orders them; blank objects of one subject and predicate tie, and keep the
    // engine's own (stable) order of ?o.
    const std::string page =
        "{ SELECT DISTINCT ?s ?p ?o WHERE { " + triples +
        " } ORDER BY STR(?s) STR(?p) IF(isIRI(?o), 0, IF(isBlank(?o), 1, 2)) STR(?o) "
        "STR(DATATYPE(?o)) LANG(?o) ?o" +
        page_clauses(offset, limit) + " }";
    // Each closure branch starts from the page again rather than sharing it through an
    // OPTIONAL: under SPARQL's bottom-up semantics an engine may evaluate an OPTIONAL's
    // right side alone, over the whole store, before joining (Oxigraph does).
    std::string text = "CONSTRUCT { ?s ?p ?o . " + closure_template() + mark_iri(mark::result) +
                       " " + mark_iri(mark::total) + " ?total . }\n" + from + "WHERE {\n" +
                       "  { SELECT (COUNT(*) AS ?total) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { " +
                       triples + " } } }\n  UNION " + page + "\n";
    // The branches see only ?o of the page, so that they add no copies of its triples.
    for (const auto& branch : closure_branches(depth, lists))
        text += "  UNION { { SELECT ?o WHERE " + page + " } FILTER(isBlank(?o)) " + branch + " }\n";
    return text + "}\n";
}

std::string cbd_query(const std::vector<std::string>& node_refs, const std::string& from) {
    std::string text = "define sql:describe-mode \"CBD\"\nDESCRIBE";
    for (const auto& ref : node_refs)
        text += " " + ref;
    return text + "\n" + from;
}

std::string described_query(const std::vector<std::string>& candidate_refs,
                            const std::string& from) {
    return "CONSTRUCT { ?c " + mark_iri(mark::hit) + " true }\n" + from + "WHERE { " +
           values("?c", candidate_refs) + " FILTER EXISTS { ?c ?p ?o } }\n";
}

std::string labels_query(const std::vector<std::string>& subject_refs, const std::string& from) {
    return "CONSTRUCT { ?s ?p ?o }\n" + from + "WHERE { " + values("?s", subject_refs) + " " +
           label_values() + " ?s ?p ?o . FILTER(isLiteral(?o)) }\n";
}

std::string backlinks_query(const std::string& object_ref, const std::string& from,
                            std::size_t offset, std::size_t limit) {
    return "CONSTRUCT { ?p " + mark_iri(mark::count) + " ?n . ?s ?p " + object_ref + " . }\n" +
           from + "WHERE {\n  FILTER EXISTS { " + object_ref + " ?x ?y }\n" +
           "  { SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p " + object_ref +
           " } GROUP BY ?p }\n  UNION\n  { SELECT DISTINCT ?s ?p WHERE { ?s ?p " + object_ref +
           " } ORDER BY STR(?p) isBlank(?s) STR(?s) ?s" + page_clauses(offset, limit) + " }\n}\n";
}

std::string instances_query(const std::string& class_ref, const std::string& from,
                            std::size_t offset, std::size_t limit) {
    const std::string type = mark_iri(vocab::rdf_type);
    return "CONSTRUCT { " + mark_iri(mark::result) + " " + mark_iri(mark::total) + " ?n . ?s " +
           type + " " + class_ref + " . }\n" + from +
           "WHERE {\n  { SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s " + type + " " + class_ref +
           " } }\n  UNION\n  { SELECT DISTINCT ?s WHERE { ?s " + type + " " + class_ref +
           " } ORDER BY isBlank(?s) STR(?s) ?s" + page_clauses(offset, limit) + " }\n}\n";
}

std::string class_counts_query(const std::vector<std::string>& class_refs,
                               const std::string& from) {
    return "CONSTRUCT { ?c " + mark_iri(mark::count) + " ?n }\n" + from +
           "WHERE { SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { " + values("?c", class_refs) +
           " ?s " + mark_iri(vocab::rdf_type) + " ?c } GROUP BY ?c }\n";
}

std::string classes_query(const std::string& from, std::size_t offset, std::size_t limit) {
    return "CONSTRUCT { ?c " + mark_iri(mark::count) + " ?n }\n" + from +
           "WHERE { SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s " + mark_iri(vocab::rdf_type) +
           " ?c . FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY DESC(?n) STR(?c)" +
           page_clauses(offset, limit) + " }\n";
}

std::string subjects_query(std::string_view prefix, const std::string& from, std::size_t offset,
                           std::size_t limit) {
    // Virtuoso finds no string that starts with "".
    const std::string pattern =
        prefix.empty()
            ? "?s ?p ?o . FILTER(isIRI(?s))"
            : "?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), " + string_literal(prefix) + "))";
    return "CONSTRUCT { " + mark_iri(mark::result) + " " + mark_iri(mark::total) + " ?n . ?s " +
           mark_iri(mark::hit) + " true . }\n" + from +
           "WHERE {\n  { SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { " + pattern +
           " } }\n  UNION\n  { SELECT DISTINCT ?s WHERE { " + pattern + " } ORDER BY STR(?s)" +
           page_clauses(offset, limit) + " }\n}\n";
}

std::string hash_subjects_query(std::string_view base, const std::string& from, std::size_t limit) {
    return "CONSTRUCT { ?s " + mark_iri(mark::hit) + " true }\n" + from +
           "WHERE { SELECT DISTINCT ?s WHERE { ?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), " +
           string_literal(base) + ") && CONTAINS(STR(?s), \"#\")) }" + page_clauses(0, limit) +
           " }\n";
}

std::string search_query(std::string_view folded, const std::string& from, std::size_t limit) {
    return "CONSTRUCT { ?s ?p ?o }\n" + from + "WHERE { " + label_values() +
           " ?s ?p ?o . FILTER(isIRI(?s) && isLiteral(?o) && REGEX(LCASE(STR(?o)), " +
           string_literal(search_pattern(folded)) + ")) }" + page_clauses(0, limit) + "\n";
}

std::string stats_query(const std::string& from) {
    const std::string result = mark_iri(mark::result) + " ";
    std::string labels;
    for (const auto predicate : label_predicates())
        labels += (labels.empty() ? "" : ", ") + mark_iri(predicate);
    return "CONSTRUCT { " + result + mark_iri(mark::triples) + " ?t . " + result +
           mark_iri(mark::subjects) + " ?s . " + result + mark_iri(mark::iri_subjects) + " ?i . " +
           result + mark_iri(mark::classes) + " ?c . " + result + mark_iri(mark::labels) +
           " ?l . }\n" + from + "WHERE {\n" +
           "  { SELECT (COUNT(*) AS ?t) WHERE { ?ts ?tp ?to } }\n" +
           "  UNION { SELECT (COUNT(DISTINCT ?ss) AS ?s) WHERE { ?ss ?sp ?so } }\n" +
           "  UNION { SELECT (COUNT(DISTINCT ?is) AS ?i) WHERE { ?is ?ip ?io . FILTER(isIRI(?is)) "
           "} }\n" +
           "  UNION { SELECT (COUNT(DISTINCT ?cc) AS ?c) WHERE { ?cs " + mark_iri(vocab::rdf_type) +
           " ?cc . FILTER(isIRI(?cc)) } }\n" +
           "  UNION { SELECT (COUNT(*) AS ?l) WHERE { SELECT DISTINCT ?ls ?lp ?lo WHERE { ?ls ?lp "
           "?lo . FILTER(?lp IN (" +
           labels + ") && isIRI(?ls) && isLiteral(?lo)) } } }\n}\n";
}

std::string most_referenced_query(const std::string& from, std::size_t limit) {
    return "CONSTRUCT { ?o " + mark_iri(mark::count) + " ?n }\n" + from +
           "WHERE { SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(isIRI(?o)) FILTER EXISTS "
           "{ ?o ?x ?y } } GROUP BY ?o ORDER BY DESC(?n) STR(?o)" +
           page_clauses(0, limit) + " }\n";
}

} // namespace seeother::rdf::sparql
