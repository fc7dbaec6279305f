// The deletion guard: a deletion by rule (byline-indexer's --sync and
// --delete-query, byline-searchd's POST /admin/delete) that would delete more
// than a limit deletes nothing, unless forced, and says what would have gone.
// Both programs check it here, so they refuse the same deletions.
#ifndef BYLINE_DELETE_GUARD_H_
#define BYLINE_DELETE_GUARD_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "byline/status.h"

namespace byline {

// The most articles one deletion by rule may delete without forcing it.
struct DeleteLimit {
  bool percent = true;
  double value = 10;  // a share of the index in %, or a count

  // The limit for an index of `articles`.
  uint64_t For(uint64_t articles) const;
  // "10% of 520, 52 articles" or "500 articles".
  std::string Describe(uint64_t articles) const;
};

// "500" or "10%" (also "2.5%"); InvalidArgument ("expected a count (500) or
// a share of the index up to 100% (10%), got ...") otherwise.
Result<DeleteLimit> ParseDeleteLimit(const std::string& text);

// "a, b, c" or "a, b, ... (the first 20 of 523)".
std::string IdList(const std::vector<std::string>& ids);

// Whether `what` (e.g. "--delete-query \"x\"") may delete `ids` from an index
// that held `articles` before the change: OK when `force` or within `limit`
// (named `limit_name`, e.g. "--max-delete"), else InvalidArgument saying how
// many, the limit, that nothing was
// deleted, which ids, and then `how_to_force` (e.g. "Run again with --force
// to delete them, or set --max-delete").
Status CheckDeleteLimit(const std::string& what, const std::vector<std::string>& ids,
                        uint64_t articles, const DeleteLimit& limit, const std::string& limit_name,
                        bool force, const std::string& how_to_force);

// The deletion by rule itself: checks `ids` as CheckDeleteLimit does (a
// refusal deletes nothing; *refused, when given, tells it from a failure),
// then deletes them one by one with `remove` (false: there was none),
// telling `on_deleted` of each that was. A failure of `remove` stops it.
Status DeleteWithinLimit(const std::string& what, const std::vector<std::string>& ids,
                         uint64_t articles, const DeleteLimit& limit, const std::string& limit_name,
                         bool force, const std::string& how_to_force,
                         const std::function<Result<bool>(const std::string& id)>& remove,
                         const std::function<void(const std::string& id)>& on_deleted,
                         bool* refused = nullptr);

}  // namespace byline

#endif  // BYLINE_DELETE_GUARD_H_
