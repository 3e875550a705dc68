// ParseError and its texts, and which files are data files: by name, and by walking
// directories.
#include "rdf/parse/parse.hpp"
#include "rdf/parse/sources.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

namespace seeother::rdf {

namespace fs = std::filesystem;

namespace {

std::string what_text(const std::string& file, unsigned line, unsigned column,
                      const std::string& message) {
    if (file.empty())
        return message;
    if (line == 0)
        return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

constexpr const char* supported_names =
    "expected a name ending in .ttl, .nt, .nq or .trig, optionally followed by .gz";

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

bool has_suffix(std::string_view name, std::string_view suffix) {
    return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

std::optional<parse_detail::FileFormat> file_format_of_path(const std::string& path) {
    return parse_detail::file_format_of_name(fs::path(path).filename().string());
}

} // namespace

ParseError::ParseError(std::string file, unsigned line, unsigned column, const std::string& message)
    : std::runtime_error(what_text(file, line, column, message)), file_(std::move(file)),
      line_(line), column_(column), message_(message) {}

std::string too_long(const std::string& what, std::size_t limit) {
    const bool mebibytes = limit % (std::size_t{1} << 20) == 0;
    return what + " longer than " + std::to_string(limit >> (mebibytes ? 20U : 10U)) +
           (mebibytes ? " MiB" : " KiB");
}

std::optional<Format> format_of_name(std::string_view name) {
    const std::string lower = lowercase(name);
    static constexpr std::pair<std::string_view, Format> table[] = {{".ttl", Format::Turtle},
                                                                    {".nt", Format::NTriples},
                                                                    {".nq", Format::NQuads},
                                                                    {".trig", Format::TriG}};
    for (const auto& [suffix, format] : table)
        if (has_suffix(lower, suffix))
            return format;
    return std::nullopt;
}

namespace parse_detail {

std::optional<FileFormat> file_format_of_name(std::string_view name) {
    const bool gzip = has_suffix(lowercase(name), ".gz");
    if (gzip)
        name.remove_suffix(3);
    if (const auto format = format_of_name(name))
        return FileFormat{*format, gzip};
    return std::nullopt;
}

FileFormat file_format(const std::string& path) {
    if (const auto format = file_format_of_path(path))
        return *format;
    throw ParseError(path, 0, 0, std::string("unsupported file name: ") + supported_names);
}

} // namespace parse_detail

std::vector<std::string> expand_data_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (!fs::exists(status))
            throw ParseError(path, 0, 0, ec ? ec.message() : "No such file or directory");
        if (!fs::is_directory(status)) {
            parse_detail::file_format(path);
            files.push_back(fs::path(path).lexically_normal().string());
            continue;
        }
        fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink,
                                            ec);
        fs::path current = path;
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            current = it->path();
            std::error_code type_ec;
            if (it->is_regular_file(type_ec) && file_format_of_path(current.string()))
                files.push_back(current.lexically_normal().string());
        }
        if (ec)
            throw ParseError(current.string(), 0, 0, ec.message());
    }

    // Sorted, and each file once even when named twice (it would duplicate blank nodes).
    std::sort(files.begin(), files.end());
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (auto& file : files) {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(file, ec);
        if (seen.insert(ec ? file : canonical.string()).second)
            unique.push_back(std::move(file));
    }
    return unique;
}

} // namespace seeother::rdf
