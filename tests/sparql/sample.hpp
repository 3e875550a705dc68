// The bundled sample (data/) as one Turtle text, and the paths of every document it has.
#pragma once

#include "engines.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace seeother::test {

inline const std::string sample_base = "http://example.org/";

/// All the sample's files as one Turtle text (prefix lines may repeat; Turtle allows it).
inline std::string sample_text() {
    std::string text;
    for (const char* name : {"people.ttl", "places.ttl", "project.ttl", "vocab.ttl"})
        text += read_file(std::string(SEEOTHER_SAMPLE_DATA) + "/" + name) + "\n";
    return text;
}

/// A path as a client sends it: UTF-8 bytes and reserved characters percent-encoded, '/'
/// kept.
inline std::string path_encode(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || std::string_view("-._~/").find(c) != std::string_view::npos) {
            out += c;
        } else {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", byte);
            out += buffer;
        }
    }
    return out;
}

/// The document path of each subject IRI under `base`: /doc/X for <base>id/X, /P for a
/// hash IRI <base>P#f, /P for any other <base>P; each once.
inline std::vector<std::string> document_paths(const std::vector<std::string>& subjects,
                                               const std::string& base) {
    std::vector<std::string> paths;
    for (const auto& iri : subjects) {
        if (iri.compare(0, base.size(), base) != 0)
            continue;
        std::string rest = iri.substr(base.size());
        rest = rest.substr(0, rest.find('#'));
        const std::string path = rest.compare(0, 3, "id/") == 0
                                     ? "/doc/" + path_encode(rest.substr(3))
                                     : "/" + path_encode(rest);
        if (std::find(paths.begin(), paths.end(), path) == paths.end())
            paths.push_back(path);
    }
    return paths;
}

} // namespace seeother::test
