#include "server/ld/layout.hpp"

namespace seeother::server {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

/// A path segment run that a URL may carry as it is: unreserved and sub-delims, '@', ':'.
bool is_plain_path(std::string_view path) {
    for (const char c : path) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') ||
                        std::string_view("-._~!$&'()*+,;=:@/").find(c) != std::string_view::npos;
        if (!ok)
            return false;
    }
    return path.find("//") == std::string_view::npos;
}

/// A layout prefix: empty (things only), or a relative path ending in "/".
std::optional<std::string> check_prefix(std::string_view what, std::string_view prefix,
                                        bool may_be_empty) {
    if (prefix.empty()) {
        if (may_be_empty)
            return std::nullopt;
        return std::string(what) + " must not be empty";
    }
    if (prefix.front() == '/' || prefix.back() != '/' || !is_plain_path(prefix) || prefix == "./" ||
        prefix.find("../") != std::string_view::npos)
        return std::string(what) +
               " must be a relative path ending in '/', such as \"doc/\", not '" +
               std::string(prefix) + "'";
    if (starts_with(prefix, own_prefix) || starts_with(own_prefix, prefix))
        return std::string(what) + " '" + std::string(prefix) +
               "' overlaps the server's own pages under /" + std::string(own_prefix);
    return std::nullopt;
}

} // namespace

std::optional<Layout> named_layout(std::string_view name) {
    if (name == "id")
        return Layout{};
    if (name == "dbpedia")
        return Layout{"resource/", "page/", "data/"};
    if (name == "slash")
        return Layout{"", "doc/", "doc/"};
    return std::nullopt;
}

std::string layout_names() {
    return "id, dbpedia, slash";
}

std::optional<std::string> check_layout(const Layout& layout) {
    if (auto problem = check_prefix("things", layout.things, true))
        return problem;
    // data before pages: "data=" alone sets both, and is the one to name.
    if (auto problem = check_prefix("data", layout.data, false))
        return problem;
    if (auto problem = check_prefix("pages", layout.pages, false))
        return problem;
    // A path under two of them would be read two ways.
    const std::pair<std::string_view, std::string_view> named[] = {
        {"things", layout.things}, {"pages", layout.pages}, {"data", layout.data}};
    for (const auto& [a, pa] : named)
        for (const auto& [b, pb] : named)
            if (&a != &b && !pa.empty() && !pb.empty() && pa != pb &&
                (starts_with(pa, pb) || starts_with(pb, pa)))
                return std::string(a) + " '" + std::string(pa) + "' and " + std::string(b) + " '" +
                       std::string(pb) + "' overlap";
    if (!layout.things.empty() && (layout.things == layout.pages || layout.things == layout.data))
        return "things and documents need prefixes of their own, not both '" + layout.things + "'";
    return std::nullopt;
}

std::optional<std::string> check_namespaces(const Namespaces& spaces) {
    if (spaces.empty())
        return "no namespace: give --base";
    for (std::size_t i = 0; i < spaces.size(); ++i) {
        const auto& space = spaces[i];
        if (space.path.empty() || space.path.front() != '/' || space.path.back() != '/' ||
            !is_plain_path(space.path.substr(1)) || space.path.find("/../") != std::string::npos)
            return "the path of " + space.base + " must start and end with '/', not '" +
                   space.path + "'";
        if (starts_with(space.path.substr(1), own_prefix))
            return "the path " + space.path + " of " + space.base +
                   " is under the server's own pages";
        if (auto problem = check_layout(space.layout))
            return "the layout of " + space.base + ": " + *problem;
        for (std::size_t j = 0; j < i; ++j) {
            if (spaces[j].base == space.base)
                return "the namespace " + space.base + " is given twice";
            if (spaces[j].path == space.path)
                return space.base + " and " + spaces[j].base + " are both served at " + space.path +
                       ": give each a path of its own (a config file's `path`)";
        }
    }
    return std::nullopt;
}

std::string iri_path(std::string_view base) {
    const auto scheme = base.find("://");
    const auto from = scheme == std::string_view::npos ? 0 : scheme + 3;
    const auto slash = base.find('/', from);
    if (slash == std::string_view::npos)
        return "/";
    std::string path(base.substr(slash));
    if (path.back() != '/')
        path += '/';
    return path;
}

std::string root_iri(const Namespaces& spaces) {
    if (spaces.empty())
        return {};
    const auto& first = spaces.front();
    const std::string_view mount = std::string_view(first.path).substr(1);
    const std::string_view base = first.base;
    if (base.size() > mount.size() && base.substr(base.size() - mount.size()) == mount)
        return std::string(base.substr(0, base.size() - mount.size()));
    return first.base;
}

std::string_view short_path(OwnPage page) {
    switch (page) {
    case OwnPage::Home:
        return "";
    case OwnPage::Search:
        return "search";
    case OwnPage::Classes:
        return "classes";
    case OwnPage::Class:
        return "class";
    case OwnPage::Sitemap:
        return "sitemap.xml";
    case OwnPage::Void:
        return ".well-known/void";
    }
    return "";
}

std::string reserved_path(OwnPage page) {
    return std::string(own_prefix) +
           std::string(page == OwnPage::Void ? std::string_view("void") : short_path(page));
}

namespace {

std::vector<rdf::IriRewriter::Pair> published(const Namespaces& spaces, const std::string& root) {
    std::vector<rdf::IriRewriter::Pair> pairs;
    pairs.reserve(spaces.size());
    for (const auto& space : spaces)
        pairs.emplace_back(space.base, root + space.path.substr(1));
    return pairs;
}

std::vector<rdf::IriRewriter::Pair> unchanged(const Namespaces& spaces) {
    std::vector<rdf::IriRewriter::Pair> pairs;
    pairs.reserve(spaces.size());
    for (const auto& space : spaces)
        pairs.emplace_back(space.base, space.base);
    return pairs;
}

} // namespace

PublicSpace::PublicSpace(const Namespaces& spaces, std::string root, bool keep_iris)
    : spaces_(&spaces), root_(std::move(root)), keep_iris_(keep_iris) {}

const rdf::IriRewriter& PublicSpace::to_shown() const {
    if (!to_shown_)
        to_shown_.emplace(keep_iris_ ? unchanged(*spaces_) : published(*spaces_, root_));
    return *to_shown_;
}

const rdf::IriRewriter& PublicSpace::to_data() const {
    if (!to_data_)
        to_data_.emplace(to_shown().inverse());
    return *to_data_;
}

const rdf::IriRewriter& PublicSpace::to_url() const {
    if (!to_url_)
        to_url_.emplace(keep_iris_ ? published(*spaces_, root_) : unchanged(*spaces_));
    return *to_url_;
}

std::string PublicSpace::url_of(const Namespace& space) const {
    return root_ + space.path.substr(1);
}

std::optional<std::size_t> PublicSpace::owner(std::string_view data_iri) const {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < spaces_->size(); ++i) {
        const auto& base = (*spaces_)[i].base;
        if (starts_with(data_iri, base) && (!best || base.size() > (*spaces_)[*best].base.size()))
            best = i;
    }
    return best;
}

std::optional<std::size_t> namespace_of_path(const Namespaces& spaces, std::string_view path) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < spaces.size(); ++i) {
        const std::string_view mount = std::string_view(spaces[i].path).substr(1);
        if (starts_with(path, mount) && (!best || mount.size() > spaces[*best].path.size() - 1))
            best = i;
    }
    return best;
}

} // namespace seeother::server
