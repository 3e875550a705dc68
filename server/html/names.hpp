// How a term is shown on a page: an IRI by its label in the reader's language, else as a
// prefixed name, else as itself, linked when its scheme allows; a literal escaped, with its
// language or datatype small. Labels of linked IRIs are looked up in one store question.
#pragma once

#include "server/html/context.hpp"
#include "server/ld/language.hpp"

#include "rdf/term.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::server::html {

/// Labels of IRIs, already chosen for the reader's language: public IRI → label literal.
/// Ordered with a transparent comparison, so that an IRI is found without copying it.
using LabelMap = std::map<std::string, rdf::Term, std::less<>>;

/// The labels of public IRIs, asked of the store in one question (labels() in --base space)
/// and chosen for the reader's language; empty without a store or IRIs.
LabelMap lookup_labels(const PageContext& context, const std::vector<std::string>& iris);

/// The best of some label literals for the reader (they come in label_predicates order), or
/// null when there are none.
const rdf::Term* choose_label(const std::vector<rdf::Term>& labels,
                              const LanguagePreference& language);

/// The label to show for a subject among some triples: its label literals in the reader's
/// best language, then by the order of rdf::label_predicates(). Empty if none.
std::optional<rdf::Term> best_label(const rdf::Triples& triples, std::string_view subject,
                                    const LanguagePreference& language = {});

/// Where a predicate stands in rdf::label_predicates(), or -1.
int label_rank(std::string_view predicate);

/// A label from `labels` for the IRI, or null.
const rdf::Term* label_of(const LabelMap& labels, std::string_view iri);

/// "foaf:name" when a data prefix (or a well-known one) covers the IRI, else the IRI.
std::string short_name(std::string_view iri, const PageContext& context);
template <class Out>
void append_short_name(Out& out, std::string_view iri, const PageContext& context);

/// The IRI's label text when `labels` has one, else its short name (not escaped).
std::string label_or_name(const LabelMap& labels, std::string_view iri, const PageContext& context);
/// The label's text, or, lacking one, the IRI's short name; escaped.
template <class Out>
void append_label_or_name(Out& out, const rdf::Term* label, std::string_view iri,
                          const PageContext& context);

/// ` lang="…"` for a literal with a language tag; nothing for one without.
template <class Out> void append_lang_attr(Out& out, const rdf::Term& term);

/// A link to an IRI showing its label (or a prefixed name, or the IRI); plain text for an
/// IRI that is not linkable.
template <class Out>
void append_iri_link(Out& out, const PageContext& context, std::string_view iri,
                     const LabelMap& labels);
std::string iri_link(const PageContext& context, std::string_view iri, const LabelMap& labels);

/// The names one page shows for the IRIs it links, each worked out once however often the
/// IRI is shown: its label for the reader (the labels of the page asked in one question), its
/// short name, whether it is linkable, and the markup of a link to it. The IRIs are views of
/// strings that outlive it (the page's terms). An IRI may be named by its id, found once.
class PageNames {
  public:
    using Id = std::uint32_t;

    explicit PageNames(const PageContext& context) : context_(context) {}

    /// Room for this many IRIs.
    void reserve(std::size_t iris);

    /// The id of an IRI, made if new.
    Id id(std::string_view iri) const { return static_cast<Id>(find(iri, true) - entries_.data()); }

    /// Looks the labels of these public IRIs up, in one question (repeats are asked once).
    void look_up_labels(const std::vector<std::string_view>& iris);
    void look_up_labels(const std::vector<Id>& ids);

    /// The label of an IRI looked up, or null.
    const rdf::Term* label(std::string_view iri) const;
    const rdf::Term* label(Id id) const { return entries_[id].label; }

    /// As the free functions of the same names, with what they work out kept.
    std::string short_name(std::string_view iri) const;
    template <class Out> void append_short_name(Out& out, std::string_view iri) const;
    template <class Out> void append_short_name(Out& out, Id id) const {
        append_short_name(out, entries_[id]);
    }
    template <class Out> void append_label_or_name(Out& out, std::string_view iri) const;
    template <class Out> void append_iri_link(Out& out, std::string_view iri) const;
    template <class Out> void append_iri_link(Out& out, Id id) const;
    /// As append_literal_html(), the datatype's short name worked out once a page.
    template <class Out> void append_literal_html(Out& out, const rdf::Term& literal) const;

    /// The label's text, else the short name, in ASCII lower case, for sorting by name: made
    /// once per IRI, and valid as long as this object.
    std::string_view sorting_name(Id id) const;

  private:
    struct Entry {
        std::string_view iri;
        const rdf::Term* label = nullptr; ///< into labels_
        bool asked = false;               ///< whether its label was looked up
        signed char prefixed = -1;        ///< has a prefixed name: -1 not known yet
        std::string_view prefix;          ///< "foaf" of foaf:name
        std::string_view local;           ///< "name"
        const char* sorting = nullptr;    ///< sorting_name(), into texts_, once made
        std::uint32_t sorting_size = 0;
        const char* link = nullptr; ///< the markup of a link to it, into texts_, once written
        std::uint32_t link_size = 0;
    };
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t entry = 0; ///< entries_ index + 1; 0: empty
    };
    /// The entry of an IRI, made if new when `add`, else null when there is none.
    Entry* find(std::string_view iri, bool add) const;
    /// Slots for this many entries at least: twice as many, a power of two.
    void grow(std::size_t entries) const;
    /// The entry with its prefixed name worked out.
    const Entry& prefixed(Entry& entry) const;
    std::string short_name(Entry& entry) const;
    template <class Out> void append_short_name(Out& out, Entry& entry) const;
    template <class Out> void append_iri_link(Out& out, Entry& entry) const;
    /// Asks the store for the labels of the entries `asked` (entries_ indexes).
    void ask(const std::vector<std::size_t>& asked);

    const PageContext& context_;
    std::deque<rdf::Term> labels_; ///< the store's labels the entries point at
    // A memo: names are found once. A table of our own, hashed a word at a time: a page makes
    // a few hundred lookups of long IRIs, and std::unordered_map's were a tenth of its cost.
    mutable std::vector<Entry> entries_; ///< an Entry& lasts until the next find()
    mutable std::vector<Slot> slots_;    ///< open addressing, a power of two long
    /// Text that lasts as long as the page, in blocks that never move (sorting names, links).
    class Texts {
      public:
        /// Room for `size` octets.
        char* room(std::size_t size);

      private:
        std::vector<std::unique_ptr<char[]>> blocks_;
        char* at_ = nullptr;
        std::size_t left_ = 0;
    };
    mutable Texts texts_;
};

/// A literal, escaped, with its language or datatype shown small; long ones folded.
template <class Out>
void append_literal_html(Out& out, const PageContext& context, const rdf::Term& literal);
std::string literal_html(const PageContext& context, const rdf::Term& literal);

} // namespace seeother::server::html
