#include "rdf/parse/sources.hpp"

#include "rdf/parse/parse.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace seeother::rdf::parse_detail {
namespace {

std::string errno_text(int error) {
    return std::generic_category().message(error);
}

struct FileClose {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

class PlainFileSource final : public ByteSource {
  public:
    explicit PlainFileSource(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
        if (!file_)
            throw ParseError(path, 0, 0, errno_text(errno));
    }

    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::fread(buffer, 1, size, file_.get());
        if (n < size && std::ferror(file_.get()))
            error_ = errno_text(errno);
        return n;
    }

  private:
    std::unique_ptr<std::FILE, FileClose> file_;
};

struct GzClose {
    void operator()(gzFile file) const { gzclose(file); }
};

class GzipFileSource final : public ByteSource {
  public:
    explicit GzipFileSource(const std::string& path) : path_(path) {
        errno = 0;
        file_.reset(gzopen(path.c_str(), "rb"));
        if (!file_)
            throw ParseError(path, 0, 0, errno ? errno_text(errno) : "cannot open gzip stream");
        gzbuffer(file_.get(), 1U << 17U);
        // zlib would pass a file that is not gzip through unchanged; a .gz name promises gzip.
        if (gzdirect(file_.get()) == 1)
            throw ParseError(path, 0, 0, "not in gzip format");
    }

    std::size_t read(char* buffer, std::size_t size) override {
        std::size_t total = 0;
        while (total < size) {
            const auto chunk = static_cast<unsigned>(std::min<std::size_t>(size - total, INT_MAX));
            const int n = gzread(file_.get(), buffer + total, chunk);
            if (n <= 0)
                break;
            total += static_cast<std::size_t>(n);
        }
        // A short read is the end, or an error; a truncated stream is only a Z_BUF_ERROR
        // that gzread does not report itself.
        if (total < size) {
            int code = Z_OK;
            const char* message = gzerror(file_.get(), &code);
            if (code != Z_OK) {
                error_ = message;
                // zlib puts the path first; ParseError names the file itself.
                const std::string prefix = path_ + ": ";
                if (error_.compare(0, prefix.size(), prefix) == 0)
                    error_.erase(0, prefix.size());
            }
        }
        return total;
    }

  private:
    std::string path_;
    std::unique_ptr<gzFile_s, GzClose> file_;
};

class StringSource final : public ByteSource {
  public:
    explicit StringSource(std::string_view text) : text_(text) {}

    std::size_t read(char* buffer, std::size_t size) override {
        const std::size_t n = std::min(size, text_.size() - position_);
        std::memcpy(buffer, text_.data() + position_, n);
        position_ += n;
        return n;
    }

  private:
    std::string_view text_;
    std::size_t position_ = 0;
};

} // namespace

std::unique_ptr<ByteSource> open_file(const std::string& path, bool gzip) {
    if (gzip)
        return std::make_unique<GzipFileSource>(path);
    return std::make_unique<PlainFileSource>(path);
}

std::unique_ptr<ByteSource> open_string(std::string_view text) {
    return std::make_unique<StringSource>(text);
}

} // namespace seeother::rdf::parse_detail
