// What every page gets from outside, never the HTTP request: where the site is, the reader's
// language choice, the data's prefixes, and the store to look labels, backlinks and counts
// up in, with the rewriting between --base and the public URL that every lookup needs.
#pragma once

#include "server/ld/language.hpp"
#include "server/ld/layout.hpp"

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
    /// The namespaces as this request sees them; null: `base` published at `public_base`.
    const PublicSpace* space = nullptr;
    Shadowed shadowed = 0; ///< the own pages whose short paths the data takes

    /// Where a link to an IRI as pages show it leads: with --keep-iris, a local IRI's URL here.
    std::string href(std::string_view iri) const {
        return space ? space->to_url().rewrite(iri) : std::string(iri);
    }
    /// href() made a URI for an attribute value, appended without a copy (names.cpp); `Out`:
    /// std::string or Buffer.
    template <class Out> void append_href(Out& out, std::string_view iri) const;
    /// The URL of one of the server's own pages: its short path while the data leaves it free.
    std::string own_url(OwnPage page) const {
        return public_base +
               (shadowed & bit(page) ? reserved_path(page) : std::string(short_path(page)));
    }

    /// Data IRIs as the client sees them, and back.
    rdf::IriRewriter public_rewriter() const {
        return space ? space->to_shown() : rdf::IriRewriter(base, public_base);
    }
    rdf::IriRewriter base_rewriter() const {
        return space ? space->to_data() : rdf::IriRewriter(public_base, base);
    }

    /// The same, without a copy where the namespaces keep them; `own` holds one made here.
    const rdf::IriRewriter& public_rewriter(std::optional<rdf::IriRewriter>& own) const {
        return space ? space->to_shown() : own.emplace(base, public_base);
    }
    const rdf::IriRewriter& base_rewriter(std::optional<rdf::IriRewriter>& own) const {
        return space ? space->to_data() : own.emplace(public_base, base);
    }

    /// A --base IRI as the client sees it.
    std::string to_public(std::string_view iri) const { return public_rewriter().rewrite(iri); }
    /// A public IRI as the store knows it.
    std::string to_base(std::string_view iri) const { return base_rewriter().rewrite(iri); }

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
