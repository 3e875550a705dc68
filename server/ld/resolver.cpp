#include "server/ld/resolver.hpp"

#include "rdf/iri.hpp"

#include <vector>

namespace seeother::server {
namespace {

constexpr std::string_view id_prefix = "id/";
constexpr std::string_view doc_prefix = "doc/";

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

struct Split {
    std::string stem;
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
    return Split{std::string(name.substr(0, dot)), *format};
}

Route make(Route::Kind kind, std::string name, std::optional<rdf::Format> forced = {}) {
    Route route;
    route.kind = kind;
    route.name = std::move(name);
    route.forced = forced;
    return route;
}

} // namespace

std::string Route::thing_iri(std::string_view base) const {
    std::string iri(base);
    if (kind == Kind::SeeOther || kind == Kind::Document)
        iri += id_prefix;
    iri += name;
    return iri;
}

namespace {

/// Every question a path can raise, asked of the store at once: each reading of the path
/// as a thing or a hash namespace, with and without a format extension, and, for each,
/// whether the URLs of its formats name something else.
class Questions {
  public:
    /// Adds a question; returns its place in the answers.
    std::size_t ask(std::string iri, bool fragments) {
        asked_.push_back({std::move(iri), fragments});
        return asked_.size() - 1;
    }
    /// Adds the questions for a document's format URLs (IRI.ext), in format-table order.
    std::size_t ask_formats(const std::string& iri, bool fragments) {
        const std::size_t first = asked_.size();
        for (const auto& row : rdf::formats())
            ask(iri + "." + std::string(row.extension), fragments);
        return first;
    }
    void answer(const rdf::Descriptions& store) { answers_ = store.described(asked_); }
    bool operator[](std::size_t i) const { return answers_[i]; }

  private:
    std::vector<rdf::Subjects> asked_;
    std::vector<bool> answers_;
};

/// One way to read the path: the document it would be, and where its answers are.
struct Reading {
    Route::Kind kind;
    std::string name;
    std::optional<rdf::Format> forced;
    std::size_t described; ///< the question "is it described?"
    std::size_t formats;   ///< the first of its format-URL questions
};

} // namespace

Result<Route> resolve(std::string_view raw_path, const rdf::Descriptions& store,
                      std::string_view base) {
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

    // The readings in the order they win: things before hash namespaces, a name before
    // the same name less a format extension.
    const std::string id_base = std::string(base) + std::string(id_prefix);
    Questions questions;
    std::vector<Reading> readings;
    const auto read_as = [&](Route::Kind kind, std::string name, std::optional<rdf::Format> forced,
                             const std::string& iri, bool fragments, bool with_formats) {
        const auto described = questions.ask(iri, fragments);
        const auto formats = with_formats ? questions.ask_formats(iri, fragments) : 0;
        readings.push_back({kind, std::move(name), forced, described, formats});
    };
    if (starts_with(*as_iri, id_prefix)) {
        for (const auto& path : candidates) {
            const auto name = std::string_view(path).substr(id_prefix.size());
            if (!name.empty())
                read_as(Route::Kind::SeeOther, std::string(name), {}, id_base + std::string(name),
                        false, false);
        }
    } else {
        if (starts_with(*as_iri, doc_prefix)) {
            for (const auto& path : candidates) {
                const auto name = std::string_view(path).substr(doc_prefix.size());
                if (name.empty())
                    continue;
                read_as(Route::Kind::Document, std::string(name), {}, id_base + std::string(name),
                        false, true);
                if (auto split = split_extension(name))
                    read_as(Route::Kind::Document, split->stem, split->format,
                            id_base + split->stem, false, true);
            }
        }
        for (const auto& path : candidates) {
            // Names under id/ are things, served at /doc/: never a hash document, however
            // the path spells it (/id%2Fx decodes to id/x), so /id/x stays 404 when only
            // <base>id/x#f is described.
            if (starts_with(path, id_prefix))
                continue;
            read_as(Route::Kind::HashDocument, path, {}, std::string(base) + path, true, true);
            if (auto split = split_extension(path))
                read_as(Route::Kind::HashDocument, split->stem, split->format,
                        std::string(base) + split->stem, true, true);
        }
    }
    questions.answer(store);

    for (const auto& reading : readings) {
        if (!questions[reading.described])
            continue;
        Route route = make(reading.kind, reading.name, reading.forced);
        if (reading.kind != Route::Kind::SeeOther)
            for (std::size_t i = 0; i < rdf::formats().size(); ++i)
                if (!questions[reading.formats + i])
                    route.with_url.push_back(rdf::formats()[i].format);
        return route;
    }

    if (starts_with(*as_iri, id_prefix))
        return make(Route::Kind::NotFound, *as_iri);
    if (as_iri->empty())
        return make(Route::Kind::Home, {});
    if (*as_iri == "search")
        return make(Route::Kind::Search, {});
    if (*as_iri == "classes")
        return make(Route::Kind::Classes, {});
    if (*as_iri == "class")
        return make(Route::Kind::Class, {});
    if (*as_iri == "sitemap.xml")
        return make(Route::Kind::Sitemap, {});
    constexpr std::string_view void_path = ".well-known/void";
    if (*as_iri == void_path)
        return make(Route::Kind::Void, {});
    if (starts_with(*as_iri, void_path) && as_iri->size() > void_path.size() &&
        (*as_iri)[void_path.size()] == '.')
        if (const auto format = rdf::from_extension(as_iri->substr(void_path.size() + 1)))
            return make(Route::Kind::Void, {}, *format);

    if (starts_with(*as_iri, doc_prefix))
        return make(Route::Kind::NotFound,
                    std::string(id_prefix) + as_iri->substr(doc_prefix.size()));
    return make(Route::Kind::NotFound, *as_iri);
}

} // namespace seeother::server
