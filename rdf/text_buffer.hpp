// Text as it is written, appended to only, with inline appends: a std::string's go through a
// call into libstdc++ each, and a document is written in hundreds of small pieces (a Turtle
// description, an HTML page). Whoever wants a std::string copies view() once, at the end.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

namespace seeother::rdf {

class TextBuffer {
  public:
    explicit TextBuffer(std::size_t room = 1024) { grow(std::max<std::size_t>(room, 16)); }
    TextBuffer(const TextBuffer&) = delete;
    TextBuffer& operator=(const TextBuffer&) = delete;

    TextBuffer& append(const char* text, std::size_t size) {
        // An empty view may have no pointer, which memcpy must not be given even for nothing.
        if (size == 0)
            return *this;
        if (size > static_cast<std::size_t>(limit_ - end_))
            grow(size);
        std::memcpy(end_, text, size);
        end_ += size;
        return *this;
    }
    TextBuffer& append(std::string_view text) { return append(text.data(), text.size()); }
    /// `count` copies of `c`.
    TextBuffer& append(std::size_t count, char c) {
        if (count > static_cast<std::size_t>(limit_ - end_))
            grow(count);
        std::memset(end_, c, count);
        end_ += count;
        return *this;
    }
    TextBuffer& operator+=(std::string_view text) { return append(text.data(), text.size()); }
    TextBuffer& operator+=(char c) {
        if (end_ == limit_)
            grow(1);
        *end_++ = c;
        return *this;
    }

    bool empty() const { return end_ == text_.get(); }
    std::size_t size() const { return static_cast<std::size_t>(end_ - text_.get()); }
    /// The text written, valid until the next append.
    std::string_view view() const { return {text_.get(), size()}; }

  private:
    /// Room for `more` octets at least: the room doubles, as a std::string's does. Not
    /// zeroed, unlike a std::string's.
    void grow(std::size_t more) {
        const std::size_t used = size();
        const std::size_t room =
            std::max(2 * static_cast<std::size_t>(limit_ - text_.get()), used + more);
        std::unique_ptr<char[]> text(new char[room]);
        if (used > 0)
            std::memcpy(text.get(), text_.get(), used);
        text_ = std::move(text);
        end_ = text_.get() + used;
        limit_ = text_.get() + room;
    }

    std::unique_ptr<char[]> text_;
    char* end_ = nullptr;
    char* limit_ = nullptr;
};

} // namespace seeother::rdf
