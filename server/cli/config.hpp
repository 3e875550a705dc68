// The config file (--config FILE, TOML): the namespaces a server publishes, each with its base,
// the path it is served at and its URL layout, for what one --base and --layout cannot say.
// Read with toml++ (Debian's libtomlplusplus-dev); the only file that includes it is config.cpp.
#pragma once

#include "server/ld/layout.hpp"

#include <optional>
#include <string>

namespace seeother::server {

struct Config {
    Namespaces namespaces;         ///< [[namespace]] tables, in file order
    std::optional<bool> keep_iris; ///< keep-iris = true|false, when the file says
};

/// Reads a config file. Throws UsageError naming FILE:LINE:COL for a syntax error, an
/// unknown key, a value of the wrong type or a bad layout.
Config read_config(const std::string& path);

/// The same from text (`name` stands for the file in messages).
Config parse_config(std::string_view text, const std::string& name);

/// Reads a --layout value: a layout's name (id, dbpedia, slash), then, comma-separated,
/// things=PREFIX, pages=PREFIX or data=PREFIX to change one prefix ("slash,data=about/").
/// data= alone sets pages too. nullopt when it cannot be read (the caller names the flag).
std::optional<Layout> parse_layout(std::string_view spec, std::string& problem);

} // namespace seeother::server
