#include "server/ld/resolver.hpp"

#include "rdf/iri.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace seeother::server {
namespace {

/// The file name, before a format extension, of a namespace root's format URLs: the root
/// document /P/ is also /P/index.ttl (/P/.ttl would be a dot-file, which proxies refuse).
constexpr std::string_view root_stem = "index";

constexpr std::size_t no_space = static_cast<std::size_t>(-1);

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

struct Split {
    std::string_view stem;
    rdf::Format format;
};

/// "x.ttl" → {"x", Turtle}; nullopt when there is no known extension or no stem.
std::optional<Split> split_extension(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0)
        return std::nullopt;
    const auto extension = name.substr(dot + 1);
    if (extension.find('/') != std::string_view::npos)
        return std::nullopt;
    const auto format = rdf::from_extension(extension);
    if (!format)
        return std::nullopt;
    return Split{name.substr(0, dot), *format};
}

Route make(Route::Kind kind, std::string name, std::optional<rdf::Format> forced = {}) {
    Route route;
    route.kind = kind;
    route.name = std::move(name);
    route.forced = forced;
    return route;
}

/// One way to read a path within a namespace: the document it would be, and the question
/// that says whether it is there.
struct Reading {
    Route::Kind kind;
    std::string name;
    std::optional<rdf::Format> forced;
    std::string iri;
    bool fragments;        ///< asked as a hash namespace
    bool rdf_only = false; ///< a split layout's data URL
    /// A hash reading in a layout where every IRI is a thing: it is a hash document only
    /// when <iri> is no thing of its own or has IRI#… subjects.
    bool confirm = false;

    bool is_document() const {
        return kind == Route::Kind::Document || kind == Route::Kind::HashDocument;
    }
};

/// An IRI as the pieces it is made of (a base, a layout's prefix, a name), put together only
/// when kept: most readings are compared, then dropped.
struct IriParts {
    std::string_view a, b, c;

    IriParts(std::string_view first, std::string_view second = {}, std::string_view third = {})
        : a(first), b(second), c(third) {}

    std::size_t size() const { return a.size() + b.size() + c.size(); }
    std::string str() const { return std::string(a).append(b).append(c); }
    bool operator==(std::string_view iri) const {
        return iri.size() == size() && iri.substr(0, a.size()) == a &&
               iri.substr(a.size(), b.size()) == b && iri.substr(a.size() + b.size()) == c;
    }
};

/// A Reading as each_reading() shows it: views into the path and the namespace, so that
/// looking at readings allocates nothing.
struct ReadingView {
    Route::Kind kind;
    std::string_view name;
    std::optional<rdf::Format> forced;
    IriParts iri;
    bool fragments;
    bool rdf_only = false;
    bool confirm = false;

    Reading reading() const {
        return {kind, std::string(name), forced, iri.str(), fragments, rdf_only, confirm};
    }
};

/// Calls `visit` with every reading of a path relative to a namespace (`paths`: its
/// decodings, the one that keeps an IRI's own escapes first), in the order they win:
/// documents, then hash namespaces and things, a name before the same name less a format
/// extension, and last the root's format URLs (index.ttl); stops when `visit` returns false.
template <class Visit>
void each_reading(const Namespace& space, const std::string* paths, std::size_t count,
                  Visit&& visit) {
    const Layout& layout = space.layout;
    const auto with = [](std::string_view a, std::string_view b = {}, std::string_view c = {}) {
        return IriParts{a, b, c};
    };
    const auto thing_iri = [&](std::string_view name) {
        return with(space.base, layout.things, name);
    };
    const std::string* const end = paths + count;
    const std::string& first = *paths;
    if (!layout.things.empty() && starts_with(first, layout.things)) {
        // Names under things/ are things, served at their documents: never a hash document,
        // however the path spells them (/id%2Fx decodes to id/x), so /id/x stays 404 when
        // only <base>id/x#f is described.
        for (const std::string* path = paths; path != end; ++path) {
            const auto name = std::string_view(*path).substr(layout.things.size());
            if (!name.empty() &&
                !visit(ReadingView{Route::Kind::SeeOther, name, {}, thing_iri(name), false}))
                return;
        }
        return;
    }
    for (const bool pages : {false, true}) {
        const std::string& prefix = pages ? layout.pages : layout.data;
        if ((pages && !layout.split()) || !starts_with(first, prefix))
            continue;
        for (const std::string* path = paths; path != end; ++path) {
            const auto name = std::string_view(*path).substr(prefix.size());
            if (name.empty())
                continue;
            if (pages) {
                if (!visit(ReadingView{Route::Kind::Document, name, rdf::Format::Html,
                                       thing_iri(name), false}))
                    return;
                continue;
            }
            if (!visit(ReadingView{
                    Route::Kind::Document, name, {}, thing_iri(name), false, layout.split()}))
                return;
            if (auto split = split_extension(name);
                split && (!layout.split() || rdf::info(split->format).is_rdf))
                if (!visit(ReadingView{Route::Kind::Document, split->stem, split->format,
                                       thing_iri(split->stem), false, layout.split()}))
                    return;
        }
    }
    const bool every_iri = layout.things.empty();
    for (const std::string* at = paths; at != end; ++at) {
        const std::string& path = *at;
        if (!every_iri && starts_with(path, layout.things))
            continue;
        const bool may_be_thing = every_iri && !path.empty();
        if (!visit(ReadingView{Route::Kind::HashDocument,
                               path,
                               {},
                               with(space.base, path),
                               true,
                               false,
                               may_be_thing}))
            return;
        if (may_be_thing &&
            !visit(ReadingView{
                Route::Kind::SeeOther, path, {}, with(space.base, layout.things, path), false}))
            return;
        if (auto split = split_extension(path))
            if (!visit(ReadingView{Route::Kind::HashDocument, split->stem, split->format,
                                   with(space.base, split->stem), true, false, every_iri}))
                return;
    }
    if (auto split = split_extension(first); split && split->stem == root_stem)
        visit(ReadingView{Route::Kind::HashDocument, {}, split->format, with(space.base), true});
}

/// Every reading of a path relative to a namespace, as each_reading() gives them.
std::vector<Reading> readings_of(const Namespace& space, const std::vector<std::string>& paths) {
    std::vector<Reading> readings;
    each_reading(space, paths.data(), paths.size(), [&](const ReadingView& reading) {
        readings.push_back(reading.reading());
        return true;
    });
    return readings;
}

/// The path, relative to its namespace, of a document's URL in one format.
/// Into `path`, whose room is reused.
void format_path(std::string& path, const Layout& layout, const Reading& reading,
                 const rdf::FormatInfo& row) {
    if (reading.kind == Route::Kind::HashDocument) {
        path.assign(reading.name.empty() ? root_stem : std::string_view(reading.name));
    } else if (layout.split() && row.format == rdf::Format::Html) {
        path.assign(layout.pages).append(reading.name);
        return;
    } else {
        path.assign(layout.data).append(reading.name);
    }
    path.append(1, '.').append(row.extension);
}

/// Every question a path raises, asked of the store at once, each asked once.
class Questions {
  public:
    Questions() { // a document path with an extension asks about 30
        asked_.reserve(64);
        keys_.reserve(64);
    }
    /// Adds a question; returns its place in the answers. A path raises a few dozen at most
    /// (its readings, each format URL's, the server's own pages), asked about again and
    /// again (a hundred times for /doc/X.nt): each is found by a short key among a few
    /// dozen, and allocates nothing when it was asked before.
    std::size_t ask(const IriParts& iri, bool fragments) {
        // The length, `fragments` and the last 8 octets: the questions of a path share long
        // beginnings and differ at their ends (id/x.ttl, doc/x.ttl, doc/x.nt …).
        // The last 8 octets in one load when the last part has them (a name mostly has).
        std::uint64_t last = 0;
        if (iri.c.size() >= 8) {
            std::memcpy(&last, iri.c.data() + iri.c.size() - 8, 8);
        } else {
            std::size_t taken = 0;
            for (const std::string_view part : {iri.c, iri.b, iri.a})
                for (std::size_t i = part.size(); i-- > 0 && taken < 8; ++taken)
                    last |= std::uint64_t{static_cast<unsigned char>(part[i])} << (8 * (7 - taken));
        }
        const std::uint64_t key =
            last ^ (((iri.size() << 1U) | (fragments ? 1U : 0U)) * 0x9E3779B97F4A7C15ULL);
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] == key && asked_[i].fragments == fragments && iri == asked_[i].iri)
                return i;
        asked_.push_back({iri.str(), fragments});
        keys_.push_back(key);
        return asked_.size() - 1;
    }
    void answer(const rdf::Descriptions& store) { answers_ = store.described(asked_); }
    bool operator[](std::size_t i) const { return answers_[i]; }

  private:
    std::vector<rdf::Subjects> asked_;
    std::vector<std::uint64_t> keys_; ///< by question: a key of its IRI and `fragments`
    std::vector<bool> answers_;
};

/// A reading with its questions: whether it is described, whether it is a thing (to
/// confirm a hash reading), and, per format, the readings of its URL that would win over
/// it (when one is described, the URL names something else).
struct Asked {
    Reading reading;
    std::size_t described;
    std::size_t thing = 0;
    std::vector<std::vector<std::size_t>> claims;
};

/// Whether <iri> has IRI#… subjects besides itself: its hash namespace has more triples.
bool has_fragments(const rdf::Descriptions& store, const std::string& iri) {
    return store.describe({iri, true}, 0, 0).total > store.describe({iri, false}, 0, 0).total;
}

/// The server's own page at a path relative to the root, if it is one.
std::optional<Route> own_page(std::string_view path, bool reserved) {
    const auto page = [&](OwnPage p) {
        return path == (reserved ? reserved_path(p) : std::string(short_path(p)));
    };
    if (page(OwnPage::Home))
        return make(Route::Kind::Home, {});
    if (page(OwnPage::Search))
        return make(Route::Kind::Search, {});
    if (page(OwnPage::Classes))
        return make(Route::Kind::Classes, {});
    if (page(OwnPage::Class))
        return make(Route::Kind::Class, {});
    if (page(OwnPage::Sitemap))
        return make(Route::Kind::Sitemap, {});
    const std::string void_path =
        reserved ? reserved_path(OwnPage::Void) : std::string(short_path(OwnPage::Void));
    if (path == void_path)
        return make(Route::Kind::Void, {});
    if (starts_with(path, void_path) && path.size() > void_path.size() &&
        path[void_path.size()] == '.')
        if (const auto format = rdf::from_extension(path.substr(void_path.size() + 1)))
            return make(Route::Kind::Void, {}, *format);
    return std::nullopt;
}

} // namespace

std::optional<Route> new_document(std::string_view raw_path, const Namespaces& spaces) {
    if (raw_path.empty() || raw_path.front() != '/')
        return std::nullopt;
    const auto path = rdf::percent_decode(raw_path.substr(1), rdf::Decoding::Iri);
    if (!path || starts_with(*path, own_prefix))
        return std::nullopt;
    const auto index = namespace_of_path(spaces, *path);
    if (!index)
        return std::nullopt;
    const Namespace& space = spaces[*index];
    for (const auto& reading : readings_of(space, {path->substr(space.path.size() - 1)})) {
        if (!reading.is_document() || reading.confirm)
            return std::nullopt;
        if (reading.forced)
            continue;
        Route route = make(reading.kind, reading.name);
        route.iri = reading.iri;
        route.space = *index;
        route.rdf_only = reading.rdf_only;
        return route;
    }
    return std::nullopt;
}

Shadowed shadowed_pages(const rdf::Descriptions& store, const Namespaces& spaces) {
    std::vector<rdf::Subjects> asked;
    std::vector<OwnPage> pages;
    for (const auto& space : spaces)
        if (space.path == "/")
            for (const auto page : own_pages) {
                asked.push_back({space.base + std::string(short_path(page)), true});
                pages.push_back(page);
            }
    if (asked.empty())
        return 0;
    const auto answers = store.described(asked);
    Shadowed shadowed = 0;
    for (std::size_t i = 0; i < pages.size(); ++i)
        if (answers[i])
            shadowed |= bit(pages[i]);
    return shadowed;
}

Result<Route> resolve(std::string_view raw_path, const rdf::Descriptions& store,
                      std::string_view base) {
    return resolve(raw_path, store, Namespaces{default_namespace(std::string(base))});
}

Result<Route> resolve(std::string_view raw_path, const rdf::Descriptions& store,
                      const Namespaces& spaces) {
    if (raw_path.empty() || raw_path.front() != '/')
        return bad_request("the request path must start with '/': " + std::string(raw_path));
    const auto whole_path = raw_path;
    raw_path.remove_prefix(1);

    // Clients send an IRI's non-ASCII characters percent-encoded and keep its own escapes
    // ("%20") as they are, so the IRI-preserving decoding is tried first; a fully decoded
    // path serves clients that also encode reserved characters.
    const auto as_iri = rdf::percent_decode(raw_path, rdf::Decoding::Iri);
    if (!as_iri)
        return bad_request("malformed percent-escape, NUL or invalid UTF-8 in the path: " +
                           std::string(whole_path));
    std::vector<std::string> candidates{*as_iri};
    if (auto full = rdf::percent_decode(raw_path, rdf::Decoding::Full); full && *full != *as_iri)
        candidates.push_back(std::move(*full));

    Questions questions;
    const bool reserved = starts_with(*as_iri, own_prefix);
    // The namespace the path falls under, or no_space.
    const std::size_t index =
        reserved ? no_space : namespace_of_path(spaces, *as_iri).value_or(no_space);
    std::vector<Asked> asked;
    if (index != no_space) {
        const Namespace& space = spaces[index];
        const std::size_t mount = space.path.size() - 1;
        std::vector<std::string> paths;
        for (const auto& candidate : candidates)
            if (starts_with(candidate, std::string_view(space.path).substr(1)))
                paths.push_back(candidate.substr(mount));
        std::string url; // a format URL's path, its room reused
        for (auto& reading : readings_of(space, paths)) {
            Asked a{reading, questions.ask({reading.iri}, reading.fragments), 0, {}};
            if (reading.confirm)
                a.thing = questions.ask({reading.iri}, false);
            if (reading.is_document())
                for (const auto& row : rdf::formats()) {
                    // The URL's readings before this document's: any described one wins.
                    auto& claims = a.claims.emplace_back();
                    bool reached = false;
                    format_path(url, space.layout, reading, row);
                    each_reading(space, &url, 1, [&](const ReadingView& other) {
                        if (other.kind == reading.kind && other.name == reading.name &&
                            other.forced == row.format) {
                            reached = true;
                            return false;
                        }
                        claims.push_back(questions.ask(other.iri, other.fragments));
                        return true;
                    });
                    if (!reached) // the URL does not lead here at all
                        claims.push_back(no_space);
                }
            asked.push_back(std::move(a));
        }
    }
    // Which short paths of the server's own pages the data takes (in the namespace at "/"),
    // for the links of pages; not asked for a thing's path (a 303, or a 404 that asks itself).
    const bool things_only =
        !asked.empty() && std::all_of(asked.begin(), asked.end(), [](const Asked& a) {
            return a.reading.kind == Route::Kind::SeeOther;
        });
    std::vector<std::pair<OwnPage, std::size_t>> shadows;
    if (!things_only)
        for (std::size_t i = 0; i < spaces.size(); ++i)
            if (spaces[i].path == "/")
                for (const auto page : own_pages)
                    shadows.emplace_back(page,
                                         questions.ask({spaces[i].base, short_path(page)}, true));
    questions.answer(store);

    Shadowed shadowed = 0;
    for (const auto& [page, question] : shadows)
        if (questions[question])
            shadowed |= bit(page);
    const auto finish = [&](Route route) {
        route.shadowed = shadowed;
        route.shadowed_asked = !things_only;
        return route;
    };

    for (const auto& a : asked) {
        const Reading& reading = a.reading;
        if (!questions[a.described])
            continue;
        if (reading.confirm && questions[a.thing] && !has_fragments(store, reading.iri))
            continue;
        Route route = make(reading.kind, reading.name, reading.forced);
        route.iri = reading.iri;
        route.space = index;
        route.rdf_only = reading.rdf_only;
        if (reading.is_document())
            for (std::size_t i = 0; i < rdf::formats().size(); ++i) {
                bool claimed = false;
                for (const auto claim : a.claims[i])
                    claimed = claimed || claim == no_space || questions[claim];
                if (!claimed)
                    route.with_url.push_back(rdf::formats()[i].format);
            }
        return finish(std::move(route));
    }

    if (reserved)
        return finish(own_page(*as_iri, true).value_or(make(Route::Kind::NotFound, *as_iri)));
    if (index == no_space || spaces[index].path == "/")
        if (auto page = own_page(*as_iri, false))
            return finish(std::move(*page));
    if (index == no_space) {
        Route route = make(Route::Kind::NotFound, *as_iri);
        route.space = no_space;
        return finish(std::move(route));
    }
    // Not found: name the IRI that was looked for, relative to the namespace's base.
    const Namespace& space = spaces[index];
    std::string name = as_iri->substr(space.path.size() - 1);
    for (const auto& prefix : {space.layout.data, space.layout.pages})
        if (starts_with(name, prefix) &&
            (space.layout.things.empty() || !starts_with(name, space.layout.things))) {
            name = space.layout.things + name.substr(prefix.size());
            break;
        }
    Route route = make(Route::Kind::NotFound, std::move(name));
    route.space = index;
    return finish(std::move(route));
}

} // namespace seeother::server
