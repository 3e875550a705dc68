#include "server/cli/config.hpp"

#include "server/cli/options.hpp"
#include "server/ld/site.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace seeother::server {
namespace {

std::string where(const std::string& name, const toml::source_region& source) {
    return name + ":" + std::to_string(source.begin.line) + ":" +
           std::to_string(source.begin.column);
}

[[noreturn]] void fail(const std::string& name, const toml::node& node, const std::string& what) {
    throw UsageError(where(name, node.source()) + ": " + what);
}

std::string string_of(const std::string& name, const toml::node& node, std::string_view key) {
    const auto* value = node.as_string();
    if (!value)
        fail(name, node, "`" + std::string(key) + "` must be a string");
    return value->get();
}

/// One [[namespace]] table.
Namespace read_namespace(const std::string& name, const toml::table& table) {
    Namespace space;
    bool has_base = false;
    bool has_path = false;
    // The layout first (a named one), then the single prefixes over it, whatever their order.
    if (const auto* layout = table.get("layout")) {
        const auto value = string_of(name, *layout, "layout");
        const auto named = named_layout(value);
        if (!named)
            fail(name, *layout,
                 "unknown layout '" + value + "'; the layouts are " + layout_names() +
                     ", or set things, pages and data");
        space.layout = *named;
    }
    const bool unsplit = !space.layout.split();
    bool pages_set = false;
    for (const auto& [key, node] : table) {
        const std::string_view k = key.str();
        if (k == "base") {
            space.base = string_of(name, node, k);
            if (space.base.rfind("http://", 0) != 0 && space.base.rfind("https://", 0) != 0)
                fail(name, node,
                     "`base` must be an http:// or https:// IRI, not '" + space.base + "'");
            space.base = with_trailing_slash(space.base);
            has_base = true;
        } else if (k == "path") {
            space.path = string_of(name, node, k);
            if (space.path.empty() || space.path.back() != '/')
                space.path += '/';
            if (space.path.front() != '/')
                space.path.insert(0, "/");
            has_path = true;
        } else if (k == "things") {
            space.layout.things = string_of(name, node, k);
        } else if (k == "pages") {
            space.layout.pages = string_of(name, node, k);
            pages_set = true;
        } else if (k == "data") {
            space.layout.data = string_of(name, node, k);
        } else if (k != "layout") {
            fail(name, node,
                 "unknown key `" + std::string(k) +
                     "` in [[namespace]]; the keys are base, path, layout, things, pages, data");
        }
    }
    if (!pages_set && table.get("data") && unsplit) // data alone moves both, as --layout
        space.layout.pages = space.layout.data;
    if (!has_base)
        throw UsageError(where(name, table.source()) + ": a [[namespace]] needs `base`");
    if (!has_path)
        space.path.clear(); // chosen once all namespaces are read
    if (auto problem = check_layout(space.layout))
        throw UsageError(where(name, table.source()) + ": the layout of " + space.base + ": " +
                         *problem);
    return space;
}

} // namespace

Config parse_config(std::string_view text, const std::string& name) {
    toml::table root;
    try {
        root = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        throw UsageError(where(name, e.source()) + ": " + std::string(e.description()));
    }
    Config config;
    for (const auto& [key, node] : root) {
        const std::string_view k = key.str();
        if (k == "keep-iris") {
            const auto* value = node.as_boolean();
            if (!value)
                fail(name, node, "`keep-iris` must be true or false");
            config.keep_iris = value->get();
        } else if (k == "namespace") {
            const auto* tables = node.as_array();
            if (!tables || !tables->is_array_of_tables())
                fail(name, node, "`namespace` must be tables: write [[namespace]]");
            for (const auto& table : *tables)
                config.namespaces.push_back(read_namespace(name, *table.as_table()));
        } else {
            fail(name, node,
                 "unknown key `" + std::string(k) + "`; the keys are keep-iris and [[namespace]]");
        }
    }
    if (config.namespaces.empty())
        throw UsageError(name + ": no [[namespace]] table with a `base`");
    return config;
}

Config read_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UsageError("cannot read the config file " + path);
    std::stringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path);
}

std::optional<Layout> parse_layout(std::string_view spec, std::string& problem) {
    Layout layout;
    bool first = true;
    bool pages_set = false;
    bool data_set = false;
    bool unsplit = true; // the named layout serves pages and data at one prefix
    while (true) {
        const auto comma = spec.find(',');
        const auto item = spec.substr(0, comma);
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) {
            const auto named = first ? named_layout(item) : std::nullopt;
            if (!named) {
                problem = "'" + std::string(item) + "' is no layout; the layouts are " +
                          layout_names() + ", optionally followed by ,things=P ,pages=P ,data=P";
                return std::nullopt;
            }
            layout = *named;
            unsplit = !layout.split();
        } else {
            const auto key = item.substr(0, eq);
            const std::string value(item.substr(eq + 1));
            if (key == "things") {
                layout.things = value;
            } else if (key == "pages") {
                layout.pages = value;
                pages_set = true;
            } else if (key == "data") {
                layout.data = value;
                data_set = true;
            } else {
                problem =
                    "'" + std::string(key) + "' is no prefix of a layout (things, pages, data)";
                return std::nullopt;
            }
        }
        first = false;
        if (comma == std::string_view::npos)
            break;
        spec.remove_prefix(comma + 1);
    }
    // data= alone, over a layout whose pages and data were one, moves both.
    if (data_set && !pages_set && unsplit)
        layout.pages = layout.data;
    if (auto bad = check_layout(layout)) {
        problem = *bad;
        return std::nullopt;
    }
    return layout;
}

} // namespace seeother::server
