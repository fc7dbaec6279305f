#include "byline/delete_guard.h"

#include <cstdio>
#include <cstdlib>

namespace byline {
namespace {

// Ids named in a message before "... (the first 20 of N)".
constexpr size_t kIdsShown = 20;

}  // namespace

uint64_t DeleteLimit::For(uint64_t articles) const {
  if (!percent) return static_cast<uint64_t>(value);
  return static_cast<uint64_t>(static_cast<double>(articles) * value / 100.0);
}

std::string DeleteLimit::Describe(uint64_t articles) const {
  const uint64_t n = For(articles);
  std::string count = std::to_string(n) + (n == 1 ? " article" : " articles");
  if (!percent) return count;
  char share[32];
  std::snprintf(share, sizeof share, "%g%%", value);
  return std::string(share) + " of " + std::to_string(articles) + ", " + count;
}

Result<DeleteLimit> ParseDeleteLimit(const std::string& text) {
  DeleteLimit limit;
  std::string number = text;
  limit.percent = !number.empty() && number.back() == '%';
  if (limit.percent) number.pop_back();
  char* end = nullptr;
  limit.value = std::strtod(number.c_str(), &end);
  const bool whole = limit.value == static_cast<double>(static_cast<uint64_t>(limit.value));
  if (number.empty() || end != number.c_str() + number.size() || !(limit.value >= 0) ||
      (limit.percent && limit.value > 100) || (!limit.percent && !whole)) {
    return Status::InvalidArgument(
        "expected a count (500) or a share of the index up to 100% (10%), got \"" + text + "\"");
  }
  return limit;
}

std::string IdList(const std::vector<std::string>& ids) {
  std::string text;
  for (size_t i = 0; i < ids.size() && i < kIdsShown; ++i) {
    text += (i > 0 ? ", " : "") + ids[i];
  }
  if (ids.size() > kIdsShown) {
    text +=
        ", ... (the first " + std::to_string(kIdsShown) + " of " + std::to_string(ids.size()) + ")";
  }
  return text;
}

Status CheckDeleteLimit(const std::string& what, const std::vector<std::string>& ids,
                        uint64_t articles, const DeleteLimit& limit, const std::string& limit_name,
                        bool force, const std::string& how_to_force) {
  if (force || ids.size() <= limit.For(articles)) return Status::Ok();
  return Status::InvalidArgument(
      what + " would delete " + std::to_string(ids.size()) + " of the " + std::to_string(articles) +
      " articles the index held, more than " + limit_name + " (" + limit.Describe(articles) +
      "); nothing was deleted. They are: " + IdList(ids) + ". " + how_to_force);
}

Status DeleteWithinLimit(const std::string& what, const std::vector<std::string>& ids,
                         uint64_t articles, const DeleteLimit& limit, const std::string& limit_name,
                         bool force, const std::string& how_to_force,
                         const std::function<Result<bool>(const std::string& id)>& remove,
                         const std::function<void(const std::string& id)>& on_deleted,
                         bool* refused) {
  Status guard = CheckDeleteLimit(what, ids, articles, limit, limit_name, force, how_to_force);
  if (refused != nullptr) *refused = !guard.ok();
  if (!guard.ok()) return guard;
  for (const std::string& id : ids) {
    auto deleted = remove(id);
    if (!deleted.ok()) return deleted.status();
    if (*deleted) on_deleted(id);
  }
  return Status::Ok();
}

}  // namespace byline
