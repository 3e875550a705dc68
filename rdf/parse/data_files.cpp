// ParseError and its texts, and which files are data files: by name, and by walking
// directories.
#include "rdf/parse/parse.hpp"
#include "rdf/parse/sources.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sys/stat.h>
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

constexpr const char* supported_names = "expected a name ending in .ttl, .nt, .nq, .trig, "
                                        ".rdf, .owl or .xml, optionally followed by .gz";

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

/// Whether a file found in a directory is read: a data file's name, and for .xml (a name
/// other XML shares: Protégé's catalog-v001.xml, say), RDF/XML inside.
bool holds_data(const std::string& path) {
    const auto format = file_format_of_path(path);
    if (!format)
        return false;
    auto name = lowercase(fs::path(path).filename().string());
    if (format->gzip)
        name.resize(name.size() - 3);
    return !has_suffix(name, ".xml") || parse_detail::mentions_rdf_namespace(path, format->gzip);
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
    static constexpr std::pair<std::string_view, Format> table[] = {
        {".ttl", Format::Turtle}, {".nt", Format::NTriples}, {".nq", Format::NQuads},
        {".trig", Format::TriG},  {".rdf", Format::RdfXml},  {".owl", Format::RdfXml},
        {".xml", Format::RdfXml}};
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

DataFiles find_data_files(const std::vector<std::string>& paths) {
    DataFiles found;
    std::vector<std::string> walked;
    const auto ignore = [&](const std::string& file) {
        if (found.ignored++ == 0 || file < found.first_ignored)
            found.first_ignored = file;
    };
    std::vector<std::string>& files = found.files;
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
        walked.push_back(path);
        fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink,
                                            ec);
        fs::path current = path;
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            current = it->path();
            std::error_code type_ec;
            if (it->is_directory(type_ec))
                walked.push_back(current.string());
            else if (!it->is_regular_file(type_ec))
                continue;
            else if (holds_data(current.string()))
                files.push_back(current.lexically_normal().string());
            else
                ignore(current.lexically_normal().string());
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
    files = std::move(unique);
    walked.insert(walked.end(), files.begin(), files.end());
    found.modified = newest_modification(walked);
    return found;
}

std::vector<std::string> expand_data_paths(const std::vector<std::string>& paths) {
    return find_data_files(paths).files;
}

std::chrono::system_clock::time_point newest_modification(const std::vector<std::string>& paths) {
    std::chrono::system_clock::time_point newest{};
    for (const auto& path : paths) {
        // stat(), not std::filesystem: C++17 has no conversion from its file clock.
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0)
            continue;
        const auto modified = std::chrono::system_clock::from_time_t(info.st_mtim.tv_sec) +
                              std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::nanoseconds(info.st_mtim.tv_nsec));
        newest = std::max(newest, modified);
    }
    return newest;
}

} // namespace seeother::rdf
