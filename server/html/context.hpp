// What every page gets from outside, never the HTTP request: where the site is, the reader's
// language choice, the data's prefixes, and the store to look labels, backlinks and counts
// up in, with the rewriting between --base and the public URL that every lookup needs.
#pragma once

#include "server/ld/language.hpp"

#include "rdf/iri.hpp"
#include "rdf/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace seeother::server::html {

class PrefixNames;

struct PageContext {
    std::string base;                     ///< --base, ends in "/"
    std::string public_base;              ///< the URL the client sees, ends in "/"
    LanguagePreference language;          ///< for choosing labels and literals
    std::optional<std::string> lang;      ///< ?lang= in effect, kept in links and forms
    rdf::Prefixes prefixes;               ///< in public space, for prefixed names
    const rdf::Browsing* store = nullptr; ///< null: nothing is looked up (labels, backlinks…)

    /// A --base IRI as the client sees it.
    std::string to_public(std::string_view iri) const {
        return rdf::IriRewriter(base, public_base).rewrite(iri);
    }
    /// A public IRI as the store knows it.
    std::string to_base(std::string_view iri) const {
        return rdf::IriRewriter(public_base, base).rewrite(iri);
    }

    /// `prefixes` indexed for prefixed names (names.hpp), built on the first name a page
    /// asks for: a data set may declare 100,000 prefixes, and a page shows hundreds of names.
    /// `prefixes` must not change after.
    const PrefixNames& prefix_names() const;

  private:
    /// Copies as empty: a copy of a context may be given other prefixes.
    struct NamesCache {
        NamesCache() = default;
        NamesCache(const NamesCache&) {}
        NamesCache& operator=(const NamesCache&) {
            names.reset();
            return *this;
        }
        std::shared_ptr<const PrefixNames> names;
    };
    mutable NamesCache names_cache_;
};

} // namespace seeother::server::html
