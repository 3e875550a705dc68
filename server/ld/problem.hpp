// The one way the server reports why a request cannot be answered as asked: a Problem (an
// HTTP status and a short text for the client), returned as a value, alone or in a Result
// that holds either what was asked for or the Problem. handlers.cpp turns a Problem into a
// reply in one place; nothing in ld/ or html/ builds an error reply of its own.
#pragma once

#include "rdf/store.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace seeother::server {

struct Problem {
    int status = 500;
    std::string message; ///< the whole text of the reply, without the final newline

    friend bool operator==(const Problem& a, const Problem& b) {
        return a.status == b.status && a.message == b.message;
    }
};

/// 400: the request is malformed; `why` quotes the offending piece.
Problem bad_request(std::string_view why);

/// 404: nothing is there; `what` names what was looked for.
Problem not_found(std::string_view what);

/// 405 (the reply adds Allow).
Problem method_not_allowed(std::string_view method);

/// 412: If-Match or If-Unmodified-Since does not hold for the representation with `etag`.
Problem precondition_failed(std::string_view etag);

/// 502, 503 or 504 for a store that failed, by the kind of failure; the text names the
/// kind and the error's detail, never the store's own message (which may name a host the
/// client must not see).
Problem store_problem(const rdf::StoreError& error);

/// What was asked for, or why it cannot be had.
template <class T> class Result {
  public:
    Result(T value) : value_(std::move(value)) {}
    Result(Problem problem) : value_(std::move(problem)) {}

    bool ok() const { return value_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& operator*() { return std::get<0>(value_); }
    const T& operator*() const { return std::get<0>(value_); }
    T* operator->() { return &std::get<0>(value_); }
    const T* operator->() const { return &std::get<0>(value_); }

    const Problem& problem() const { return std::get<1>(value_); }

    /// The value, or `fallback` when there is a Problem.
    T value_or(T fallback) const { return ok() ? **this : std::move(fallback); }

  private:
    std::variant<T, Problem> value_;
};

} // namespace seeother::server
