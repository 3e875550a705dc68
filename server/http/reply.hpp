// An HTTP response as a plain value, so handlers can be tested without a socket.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seeother::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// The head the transport wrote for a reply, kept with it: a cached reply is sent many
/// times, and its head is the same each time but for Date. Set once, then only read, by
/// any thread; a copy of a reply starts without one (it may be changed, e.g. into a 304).
class HeadMemo {
  public:
    struct Head {
        std::string bytes;
        std::size_t date = std::string::npos; ///< where the Date value starts, if any
    };
    HeadMemo() = default;
    HeadMemo(const HeadMemo&) noexcept {}
    HeadMemo& operator=(const HeadMemo&) noexcept {
        delete head_.exchange(nullptr);
        return *this;
    }
    ~HeadMemo() { delete head_.load(); }

    const Head* get() const { return head_.load(std::memory_order_acquire); }
    /// Keeps `head` unless another thread kept one first.
    void set(std::unique_ptr<Head> head) const {
        const Head* none = nullptr;
        if (head_.compare_exchange_strong(none, head.get(), std::memory_order_release))
            head.release();
    }

  private:
    mutable std::atomic<const Head*> head_{nullptr};
};

struct Reply {
    int status = 200;
    Headers headers; ///< in order; names as they are sent
    std::string body;
    /// The connection closes after this reply (it says Connection: close), e.g. a 503 that
    /// sheds load. The transport also closes after every error reply and when asked to.
    bool close = false;
    /// The data IRI whose description alone this reply shows (an RDF document, not its
    /// HTML, which shows labels and links of other things): a write about other IRIs leaves
    /// it as it is, so the reply cache keeps it. Empty for every other reply.
    std::string about;
    /// The transport's, not the application's: see HeadMemo.
    HeadMemo head_memo;

    /// The first header with this name (ASCII case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
    void set(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
};

} // namespace seeother::server
