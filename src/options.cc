#include "byline/options.h"

#include "analysis.h"

namespace byline {

Status IndexOptions::Validate() const {
  if (!language.empty() && !IsKnownLanguage(language)) {
    return Status::InvalidArgument("unknown language \"" + language +
                                   "\" (try english, french, german, ..., or none)");
  }
  if (commit_every == 0) return Status::InvalidArgument("commit_every must be at least 1");
  return Status::Ok();
}

Status SearchOptions::Validate() const {
  if (time_limit_seconds < 0) return Status::InvalidArgument("time limit must not be negative");
  if (max_wildcard_expansion == 0) {
    return Status::InvalidArgument("max wildcard expansion must be at least 1");
  }
  if (reopen_interval_seconds < 0) {
    return Status::InvalidArgument("reopen interval must not be negative");
  }
  // Negated so NaN is refused too; Xapian takes whole milliseconds.
  if (!(remote_connect_timeout_seconds >= 0.001) || !(remote_timeout_seconds >= 0.001) ||
      remote_connect_timeout_seconds > 3600 || remote_timeout_seconds > 3600) {
    return Status::InvalidArgument("remote timeouts must be between 1 ms and 1 hour");
  }
  return Status::Ok();
}

}  // namespace byline
