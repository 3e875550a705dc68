// The text of a page as it is written, appended to only. Its appends are inline: a
// std::string's go through a call into libstdc++ (and its memcpy) each, and a description page
// makes some seven hundred of them. The helpers that write markup (escape.hpp, names.hpp)
// write into a Buffer or a std::string alike.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

namespace seeother::server::html {

class Buffer {
  public:
    explicit Buffer(std::size_t room = 1024) { grow(room); }
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    void append(const char* text, std::size_t size) {
        // An empty view may have no pointer, which memcpy must not be given even for nothing.
        if (size == 0)
            return;
        if (size > static_cast<std::size_t>(limit_ - end_))
            grow(size);
        std::memcpy(end_, text, size);
        end_ += size;
    }
    Buffer& operator+=(std::string_view text) {
        append(text.data(), text.size());
        return *this;
    }
    Buffer& operator+=(char c) {
        if (end_ == limit_)
            grow(1);
        *end_++ = c;
        return *this;
    }

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

} // namespace seeother::server::html
