// Status and Result<T>: how the core library reports failure.
//
// No exception crosses include/byline/. Each front end (indexer, searchd, search)
// maps a StatusCode to its own form once: an exit code or an HTTP status.
#ifndef BYLINE_STATUS_H_
#define BYLINE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace byline {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // the caller passed something unusable (bad article, bad option)
  kInvalidQuery,     // a query could not be parsed even by the fallback parser
  kNotFound,         // no such article, or no index at that path
  kBusy,             // the index is locked by another writer, or the server is at its
                     // limit of searches at once (searchd --max-searches)
  kCorruption,       // the database on disk is damaged
  kIOError,          // reading or writing a file failed
  kUnavailable,      // a remote shard or resource cannot be reached
  kTimeout,          // a query ran past its time limit
  kInternal,         // a bug or an unexpected library error
};

// Returns a stable snake_case name, e.g. "invalid_argument", for JSON and logs.
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status InvalidQuery(std::string m) { return {StatusCode::kInvalidQuery, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Busy(std::string m) { return {StatusCode::kBusy, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Timeout(std::string m) { return {StatusCode::kTimeout, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid_argument: <message>", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "a Result built from a Status must carry an error");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace byline

#endif  // BYLINE_STATUS_H_
