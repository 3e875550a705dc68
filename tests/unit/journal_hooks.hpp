// Test hooks at the journal's crash points (rdf::journal_crash_point), for tests of the
// compaction beside the writes: counts who arrived where, holds a compaction at one point
// until the test lets it go, fails the step after another.
#pragma once

#include "rdf/edit/journal.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace seeother::test {

/// Installed while it lives (one at a time). Destroy it after whatever compacts: the hook is
/// a plain pointer that a compaction's thread reads.
class JournalHooks {
  public:
    /// `hold_at`: the point where the hook waits until release() (at most `patience`: then it
    /// goes on and held_too_long() says so); `fail_at`: the point where it throws.
    explicit JournalHooks(std::string hold_at = {}, std::string fail_at = {},
                          std::chrono::milliseconds patience = std::chrono::seconds(5))
        : hold_at_(std::move(hold_at)), fail_at_(std::move(fail_at)), patience_(patience) {
        current() = this;
        rdf::journal_crash_point = [](std::string_view where) { current()->arrive(where); };
    }
    ~JournalHooks() {
        release();
        rdf::journal_crash_point = nullptr;
        current() = nullptr;
    }
    JournalHooks(const JournalHooks&) = delete;
    JournalHooks& operator=(const JournalHooks&) = delete;

    /// Lets go of whoever waits, and of whoever comes to wait later.
    void release() {
        std::lock_guard lock(mutex_);
        released_ = true;
        changed_.notify_all();
    }

    /// Waits (at most 10 s) until `where` has been reached `times` times; false if it was not.
    bool reached(std::string_view where, int times = 1) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(10), [&] {
            const auto found = arrivals_.find(std::string(where));
            return found != arrivals_.end() && found->second >= times;
        });
    }

    /// How many times `where` has been reached so far.
    int arrivals(std::string_view where) {
        std::lock_guard lock(mutex_);
        const auto found = arrivals_.find(std::string(where));
        return found == arrivals_.end() ? 0 : found->second;
    }

    /// Whether the hold ran out of patience: the test could not go on while it held.
    bool held_too_long() {
        std::lock_guard lock(mutex_);
        return held_too_long_;
    }

  private:
    static JournalHooks*& current() {
        static JournalHooks* hooks = nullptr;
        return hooks;
    }

    void arrive(std::string_view where) {
        std::unique_lock lock(mutex_);
        ++arrivals_[std::string(where)];
        changed_.notify_all();
        if (where == hold_at_ && !changed_.wait_for(lock, patience_, [&] { return released_; }))
            held_too_long_ = true;
        if (where == fail_at_)
            throw std::runtime_error("injected failure at " + std::string(where));
    }

    std::string hold_at_;
    std::string fail_at_;
    std::chrono::milliseconds patience_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, int> arrivals_;
    bool released_ = false;
    bool held_too_long_ = false;
};

} // namespace seeother::test
