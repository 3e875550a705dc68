// What every page gets from outside, never the HTTP request: where the site is, the reader's
// language choice, the data's prefixes, and the store to look labels, backlinks and counts
// up in, with the rewriting between --base and the public URL that every lookup needs.
#pragma once

#include "server/ld/language.hpp"

#include "rdf/iri.hpp"
#include "rdf/prefix_index.hpp"
#include "rdf/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::rdf {
class PrefixTable;
} // namespace seeother::rdf

namespace seeother::server::html {

struct PageContext {
    std::string base;                     ///< --base, ends in "/"
    std::string public_base;              ///< the URL the client sees, ends in "/"
    LanguagePreference language;          ///< for choosing labels and literals
    std::optional<std::string> lang;      ///< ?lang= in effect, kept in links and forms
    rdf::PrefixView prefixes;             ///< the data's, in public space, for prefixed names
    const rdf::Browsing* store = nullptr; ///< null: nothing is looked up (labels, backlinks…)

    /// A --base IRI as the client sees it.
    std::string to_public(std::string_view iri) const {
        return rdf::IriRewriter(base, public_base).rewrite(iri);
    }
    /// A public IRI as the store knows it.
    std::string to_base(std::string_view iri) const {
        return rdf::IriRewriter(public_base, base).rewrite(iri);
    }

    /// Prefixed names for IRIs by `prefixes` (names.cpp), the page's own table made on the
    /// first name it asks for: each name costs the IRI's length, however many prefixes the
    /// data declares. `prefixes` must not change after.
    rdf::PrefixTable& prefix_names() const;

  private:
    /// Copies as empty: a copy of a context may be given other prefixes.
    struct NamesCache {
        NamesCache() = default;
        NamesCache(const NamesCache&) {}
        NamesCache& operator=(const NamesCache&) {
            table.reset();
            return *this;
        }
        std::shared_ptr<rdf::PrefixTable> table;
    };
    mutable NamesCache names_cache_;
};

} // namespace seeother::server::html
