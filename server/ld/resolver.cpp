#include "server/ld/resolver.hpp"

#include "rdf/iri.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <utility>
#include <vector>

namespace seeother::server {
namespace {

/// The file name, before a format extension, of a namespace root's format URLs: the root
/// document /P/ is also /P/index.ttl (/P/.ttl would be a dot-file, which proxies refuse).
constexpr std::string_view root_stem = "index";

constexpr std::size_t no_space = static_cast<std::size_t>(-1);

bool starts_with(std::string_view s, std::string_view prefix) {
    // An octet at a time: the prefixes (a layout's "doc/", "id/") are shorter than a call.
    if (s.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (s[i] != prefix[i])
            return false;
    return true;
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
    // No known extension has a '/': "a.b/c" has none.
    const auto format = rdf::from_extension(name.substr(dot + 1));
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

/// Writes the pieces one after another over `out`, in the room it has (a string kept from
/// path to path): one resize and a copy each, not an assign and appends.
void write_over(std::string& out, std::initializer_list<std::string_view> pieces) {
    std::size_t size = 0;
    for (const std::string_view piece : pieces)
        size += piece.size();
    out.resize(size);
    char* at = out.data();
    for (const std::string_view piece : pieces)
        if (!piece.empty()) { // an empty piece's data may be null, which memcpy may not get
            std::memcpy(at, piece.data(), piece.size());
            at += piece.size();
        }
}

/// An IRI as the pieces it is made of (a base, a layout's prefix, a name), put together only
/// when kept: most readings are compared, then dropped.
struct IriParts {
    std::string_view a, b, c;

    IriParts(std::string_view first, std::string_view second = {}, std::string_view third = {})
        : a(first), b(second), c(third) {}

    std::size_t size() const { return a.size() + b.size() + c.size(); }
    std::string str() const {
        std::string out;
        out.reserve(size());
        return out.append(a).append(b).append(c);
    }
    /// Writes the IRI over `out`, in the room it has.
    void write_over(std::string& out) const { seeother::server::write_over(out, {a, b, c}); }
    bool operator==(std::string_view iri) const {
        return iri.size() == size() && iri.substr(0, a.size()) == a &&
               iri.substr(a.size(), b.size()) == b && iri.substr(a.size() + b.size()) == c;
    }
};

/// One way to read a path within a namespace: the document it would be, and the question
/// that says whether it is there. Views into the path and the namespace: a path's readings,
/// and those of its documents' format URLs, are looked at and asked about, and only the one
/// that wins is copied (into its Route).
struct Reading {
    Route::Kind kind;
    std::string_view name;
    std::optional<rdf::Format> forced;
    IriParts iri;
    bool fragments;        ///< asked as a hash namespace
    bool rdf_only = false; ///< a split layout's data URL
    /// A hash reading in a layout where every IRI is a thing: it is a hash document only
    /// when <iri> is no thing of its own or has IRI#… subjects.
    bool confirm = false;

    bool is_document() const {
        return kind == Route::Kind::Document || kind == Route::Kind::HashDocument;
    }
};

/// Calls `visit` with every reading of a path relative to a namespace (`paths`: its
/// decodings, the one that keeps an IRI's own escapes first), in the order they win:
/// documents, then hash namespaces and things, a name before the same name less a format
/// extension, and last the root's format URLs (index.ttl); stops when `visit` returns false.
template <class Visit>
void each_reading(const Namespace& space, const std::string_view* paths, std::size_t count,
                  Visit&& visit) {
    const Layout& layout = space.layout;
    const auto with = [](std::string_view a, std::string_view b = {}, std::string_view c = {}) {
        return IriParts{a, b, c};
    };
    const auto thing_iri = [&](std::string_view name) {
        return with(space.base, layout.things, name);
    };
    const std::string_view* const end = paths + count;
    const std::string_view first = *paths;
    const bool pages_apart = layout.split(); // asked once: it compares two strings
    if (!layout.things.empty() && starts_with(first, layout.things)) {
        // Names under things/ are things, served at their documents: never a hash document,
        // however the path spells them (/id%2Fx decodes to id/x), so /id/x stays 404 when
        // only <base>id/x#f is described.
        for (const std::string_view* path = paths; path != end; ++path) {
            const auto name = path->substr(layout.things.size());
            if (!name.empty() &&
                !visit(Reading{Route::Kind::SeeOther, name, {}, thing_iri(name), false}))
                return;
        }
        return;
    }
    for (const bool pages : {false, true}) {
        const std::string& prefix = pages ? layout.pages : layout.data;
        if ((pages && !pages_apart) || !starts_with(first, prefix))
            continue;
        for (const std::string_view* path = paths; path != end; ++path) {
            const auto name = path->substr(prefix.size());
            if (name.empty())
                continue;
            if (pages) {
                if (!visit(Reading{Route::Kind::Document, name, rdf::Format::Html, thing_iri(name),
                                   false}))
                    return;
                continue;
            }
            if (!visit(
                    Reading{Route::Kind::Document, name, {}, thing_iri(name), false, pages_apart}))
                return;
            if (auto split = split_extension(name);
                split && (!pages_apart || rdf::info(split->format).is_rdf))
                if (!visit(Reading{Route::Kind::Document, split->stem, split->format,
                                   thing_iri(split->stem), false, pages_apart}))
                    return;
        }
    }
    const bool every_iri = layout.things.empty();
    for (const std::string_view* at = paths; at != end; ++at) {
        const std::string_view path = *at;
        if (!every_iri && starts_with(path, layout.things))
            continue;
        const bool may_be_thing = every_iri && !path.empty();
        if (!visit(Reading{Route::Kind::HashDocument,
                           path,
                           {},
                           with(space.base, path),
                           true,
                           false,
                           may_be_thing}))
            return;
        if (may_be_thing &&
            !visit(Reading{
                Route::Kind::SeeOther, path, {}, with(space.base, layout.things, path), false}))
            return;
        if (auto split = split_extension(path))
            if (!visit(Reading{Route::Kind::HashDocument, split->stem, split->format,
                               with(space.base, split->stem), true, false, every_iri}))
                return;
    }
    if (auto split = split_extension(first); split && split->stem == root_stem)
        visit(Reading{Route::Kind::HashDocument, {}, split->format, with(space.base), true});
}

/// The path, relative to its namespace, of a document's URL in one format.
/// Into `path`, whose room is reused.
void format_path(std::string& path, const Layout& layout, const Reading& reading,
                 const rdf::FormatInfo& row) {
    if (reading.kind == Route::Kind::HashDocument)
        write_over(path, {reading.name.empty() ? root_stem : reading.name, ".", row.extension});
    else if (row.format == rdf::Format::Html && layout.split())
        write_over(path, {layout.pages, reading.name});
    else
        write_over(path, {layout.data, reading.name, ".", row.extension});
}

/// Every question a path raises, each asked once, asked of the store together.
class Questions {
  public:
    /// Forgets the last path's questions, keeping the room they took.
    void clear() {
        count_ = 0;
        answered_ = 0;
        std::fill(slots_.begin(), slots_.end(), 0U);
    }
    /// Adds a question; returns its place in the answers. A path raises a few dozen (its
    /// readings, each format URL's, the server's own pages), asked about again and again
    /// (a hundred times for /doc/X.nt): each is found by a short key in a small table, and
    /// copies nothing when it was asked before.
    std::size_t ask(const IriParts& iri, bool fragments) {
        // The length, `fragments` and the last 8 octets: the questions of a path share long
        // beginnings and differ at their ends (id/x.ttl, doc/x.ttl, doc/x.nt …).
        // The last 8 octets in one load when the last part that has any has them (a name, or
        // a hash reading's path, mostly has).
        std::uint64_t last = 0;
        const std::string_view tail = !iri.c.empty() ? iri.c : !iri.b.empty() ? iri.b : iri.a;
        if (tail.size() >= 8) {
            std::memcpy(&last, tail.data() + tail.size() - 8, 8);
        } else {
            std::size_t taken = 0;
            for (const std::string_view part : {iri.c, iri.b, iri.a})
                for (std::size_t i = part.size(); i-- > 0 && taken < 8; ++taken)
                    last |= std::uint64_t{static_cast<unsigned char>(part[i])} << (8 * (7 - taken));
        }
        const std::uint64_t key =
            (last ^ (((iri.size() << 1U) | (fragments ? 1U : 0U)) * 0x9E3779B97F4A7C15ULL)) *
            0xFF51AFD7ED558CCDULL;
        if (2 * (count_ + 1) > slots_.size())
            grow();
        const std::size_t mask = slots_.size() - 1;
        std::size_t slot = static_cast<std::size_t>(key >> 40U) & mask;
        for (; slots_[slot] != 0; slot = (slot + 1) & mask) {
            const std::size_t i = slots_[slot] - 1;
            if (keys_[i] == key && subjects_[i].fragments == fragments && iri == subjects_[i].iri)
                return i;
        }
        // The IRI is written over a string of an earlier path's, in the room it has.
        if (count_ == subjects_.size()) {
            subjects_.emplace_back();
            keys_.emplace_back();
            if (!spare_.empty()) {
                subjects_.back().iri = std::move(spare_.back());
                spare_.pop_back();
            }
        }
        rdf::Subjects& asked = subjects_[count_];
        iri.write_over(asked.iri);
        asked.fragments = fragments;
        longest_ = std::max(longest_, iri.size());
        keys_[count_] = key;
        slots_[slot] = static_cast<std::uint32_t>(++count_);
        return count_ - 1;
    }
    /// Asks the store every question not answered yet, at once (none: nothing is asked).
    void answer(const rdf::Descriptions& store) {
        // The strings of questions this path did not ask are put aside with their room.
        while (subjects_.size() > count_) {
            spare_.push_back(std::move(subjects_.back().iri));
            subjects_.pop_back();
            keys_.pop_back();
        }
        if (answered_ == 0) {
            answers_ = store.described(subjects_);
        } else if (answered_ < count_) {
            // The new questions lent to a vector of their own, and taken back.
            const auto first = subjects_.begin() + static_cast<std::ptrdiff_t>(answered_);
            more_.assign(std::make_move_iterator(first), std::make_move_iterator(subjects_.end()));
            const auto more = store.described(more_);
            std::move(more_.begin(), more_.end(), first);
            answers_.insert(answers_.end(), more.begin(), more.end());
        }
        answered_ = count_;
    }
    bool operator[](std::size_t i) const { return answers_[i]; }
    /// The longest IRI asked about so far: every string kept has at most about that room.
    std::size_t longest() const { return longest_; }

  private:
    void grow() {
        slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), 0U);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = 0; i < count_; ++i) {
            std::size_t slot = static_cast<std::size_t>(keys_[i] >> 40U) & mask;
            while (slots_[slot] != 0)
                slot = (slot + 1) & mask;
            slots_[slot] = static_cast<std::uint32_t>(i + 1);
        }
    }

    /// The questions, the first count_ of this path (the rest are an earlier path's).
    std::vector<rdf::Subjects> subjects_;
    std::vector<std::uint64_t> keys_;  ///< by question: a key of its IRI and `fragments`
    std::vector<std::uint32_t> slots_; ///< open addressing by key: question + 1, or 0
    std::vector<std::string> spare_;   ///< strings kept for their room
    std::vector<rdf::Subjects> more_;  ///< a second round's questions, while asked
    std::size_t count_ = 0;
    std::size_t answered_ = 0; ///< the first questions, which the store has answered
    std::size_t longest_ = 0;
    std::vector<bool> answers_;
};

/// A reading with its questions: whether it is described, whether it is a thing (to
/// confirm a hash reading), and, when asked with the readings (a remote store), where its
/// claims begin: per format, the readings of its URL that would win over it (when one is
/// described, the URL names something else).
struct Asked {
    Reading reading;
    std::size_t described;
    std::size_t thing = 0;
    std::size_t claims = 0;
};

/// What resolving a path works in, kept by each thread from one path to the next, so that
/// a request allocates here only what it returns: a path asks a few dozen questions about
/// IRIs of a few dozen octets each.
struct Scratch {
    Questions questions;
    std::vector<Asked> asked;
    /// Per document reading and format, from its Asked::claims on: how many questions claim
    /// the format's URL, then those questions (no_space: the URL does not lead back at all).
    std::vector<std::size_t> claims;
    std::string url;                                      ///< a format URL's path
    std::vector<std::pair<OwnPage, std::size_t>> shadows; ///< the own pages' questions
    bool busy = false;

    void clear() {
        questions.clear();
        asked.clear();
        claims.clear();
        shadows.clear();
    }
};

/// The thread's Scratch while a resolve() uses it; a fresh one in the unlikely case that it
/// is in use already (a store that resolved a path while being asked). The room a long path
/// took is given back.
class ScratchLease {
  public:
    ScratchLease() : scratch_(kept_.busy ? own_.emplace() : kept_) {
        scratch_.clear();
        scratch_.busy = true;
    }
    ~ScratchLease() {
        scratch_.busy = false;
        // A path of a few kilobytes keeps a hundred kilobytes: fine once, not for the
        // thread's life.
        constexpr std::size_t longest_kept = 1024;
        if (&scratch_ == &kept_ && kept_.questions.longest() > longest_kept)
            kept_ = Scratch();
    }
    ScratchLease(const ScratchLease&) = delete;
    ScratchLease& operator=(const ScratchLease&) = delete;
    Scratch& operator*() { return scratch_; }

  private:
    static thread_local Scratch kept_;
    std::optional<Scratch> own_;
    Scratch& scratch_;
};

thread_local Scratch ScratchLease::kept_;

/// Asks, for each format of a document reading, about the readings of its URL that would win
/// over it (when one is described, the URL names something else); returns where in
/// scratch.claims they begin (Scratch::claims says how they are laid out).
std::size_t ask_claims(Scratch& scratch, const Namespace& space, const Reading& reading) {
    std::vector<std::size_t>& claims = scratch.claims;
    const std::size_t begin = claims.size();
    for (const auto& row : rdf::formats()) {
        // The URL's readings before this document's: any described one wins.
        const std::size_t count_at = claims.size();
        claims.push_back(0);
        bool reached = false;
        format_path(scratch.url, space.layout, reading, row);
        const std::string_view url_path = scratch.url;
        each_reading(space, &url_path, 1, [&](const Reading& other) {
            if (other.forced == row.format && other.kind == reading.kind &&
                other.name == reading.name) {
                reached = true;
                return false;
            }
            claims.push_back(scratch.questions.ask(other.iri, other.fragments));
            return true;
        });
        if (!reached) // the URL does not lead here at all
            claims.push_back(no_space);
        claims[count_at] = claims.size() - count_at - 1;
    }
    return begin;
}

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
    const std::string_view relative = std::string_view(*path).substr(space.path.size() - 1);
    std::optional<Route> found;
    each_reading(space, &relative, 1, [&](const Reading& reading) {
        if (!reading.is_document() || reading.confirm)
            return false;
        if (reading.forced)
            return true;
        Route route = make(reading.kind, std::string(reading.name));
        route.iri = reading.iri.str();
        route.space = *index;
        route.rdf_only = reading.rdf_only;
        found = std::move(route);
        return false;
    });
    return found;
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
    // path serves clients that also encode reserved characters. Without a '%', both are the
    // path itself.
    const auto as_iri = rdf::percent_decode(raw_path, rdf::Decoding::Iri);
    if (!as_iri)
        return bad_request("malformed percent-escape, NUL or invalid UTF-8 in the path: " +
                           std::string(whole_path));
    std::optional<std::string> full;
    if (raw_path.find('%') != std::string_view::npos)
        if (full = rdf::percent_decode(raw_path, rdf::Decoding::Full); full && *full == *as_iri)
            full.reset();
    const std::string_view candidates[] = {*as_iri, full ? std::string_view(*full) : ""};
    const std::size_t candidate_count = full ? 2 : 1;

    const auto& formats = rdf::formats();
    // Whether the format URLs of every document reading are asked about with the readings
    // (a remote store: one round trip), or those of the document found only, after.
    const bool one_round = store.remote();
    ScratchLease lease;
    Scratch& scratch = *lease;
    Questions& questions = scratch.questions;
    std::vector<Asked>& asked = scratch.asked;
    std::vector<std::size_t>& claims = scratch.claims;
    const bool reserved = starts_with(*as_iri, own_prefix);
    // The namespace the path falls under, or no_space.
    const std::size_t index =
        reserved ? no_space : namespace_of_path(spaces, *as_iri).value_or(no_space);
    if (index != no_space) {
        const Namespace& space = spaces[index];
        const std::string_view mount = std::string_view(space.path).substr(1);
        std::string_view paths[2];
        std::size_t path_count = 0;
        for (std::size_t i = 0; i < candidate_count; ++i)
            if (starts_with(candidates[i], mount))
                paths[path_count++] = candidates[i].substr(mount.size());
        each_reading(space, paths, path_count, [&](const Reading& reading) {
            Asked a{reading, questions.ask(reading.iri, reading.fragments)};
            if (reading.confirm)
                a.thing = questions.ask(reading.iri, false);
            if (one_round && reading.is_document())
                a.claims = ask_claims(scratch, space, reading);
            asked.push_back(a);
            return true;
        });
    }
    // Which short paths of the server's own pages the data takes (in the namespace at "/"),
    // for the links of pages; not asked for a thing's path (a 303, or a 404 that asks itself).
    const bool things_only =
        !asked.empty() && std::all_of(asked.begin(), asked.end(), [](const Asked& a) {
            return a.reading.kind == Route::Kind::SeeOther;
        });
    auto& shadows = scratch.shadows;
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
        if (reading.confirm && questions[a.thing] && !has_fragments(store, reading.iri.str()))
            continue;
        Route route = make(reading.kind, std::string(reading.name), reading.forced);
        route.iri = reading.iri.str();
        route.space = index;
        route.rdf_only = reading.rdf_only;
        if (reading.is_document()) {
            std::size_t at = a.claims;
            if (!one_round) {
                at = ask_claims(scratch, spaces[index], reading);
                questions.answer(store);
            }
            for (std::size_t i = 0; i < formats.size(); ++i) {
                const std::size_t count = claims[at++];
                bool claimed = false;
                for (std::size_t k = at; k < at + count && !claimed; ++k)
                    claimed = claims[k] == no_space || questions[claims[k]];
                at += count;
                if (!claimed)
                    route.with_url.push_back(formats[i].format);
            }
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
