#include "input_run.h"

#include "byline/ingest.h"

namespace byline::indexer {
namespace {

uint64_t TotalSize(const Flags& flags, const Plan& plan) {
  uint64_t total = 0;
  for (const auto& input : flags.inputs) total += InputSize(input, plan.read_options.path_filter);
  return total;
}

}  // namespace

InputRun::InputRun(const Flags& flags, const Plan& plan)
    : flags_(flags),
      plan_(plan),
      progress_(stderr, Progress::StyleFor(stderr, flags.quiet), TotalSize(flags, plan)),
      errors_(stderr, [this] { progress_.Interrupt(); }) {}

Status InputRun::ReadAll(const std::function<Status(Article&&)>& sink) {
  Status failed;
  RecordPosition where;
  ReadOptions options = plan_.read_options;
  options.bytes_read = &bytes_read_;
  options.position = &where;
  options.walk_counts = &walk_counts_;
  options.feed_read = &feed_read_;
  options.should_stop = [&] { return !failed.ok() || too_many_errors_; };
  options.skip_rest_of_file = [&](const std::string& file) { return errors_.GivesUp(file); };
  auto count_skipped = [&] {
    counts_.skipped = errors_.skipped();
    if (counts_.skipped > flags_.max_errors) too_many_errors_ = true;
  };
  auto on_article = [&](Article&& article) {
    if (!failed.ok() || too_many_errors_) return;
    if (auto repeated = seen_.SkipIfSeen(article.id, where)) {
      errors_.OnSkippedArticle(*repeated);
      return count_skipped();
    }
    errors_.OnArticle(where.file);
    Status s = sink(std::move(article));
    if (s.code() == StatusCode::kInvalidArgument) {
      // The article itself is at fault (e.g. a declared field's value of a
      // wrong type): a record error, as the reader's own checks are.
      errors_.OnReadError(RecordError{where.file, where.line, s.message()});
      count_skipped();
    } else {
      failed = std::move(s);
    }
    progress_.Update(counts_.processed(), bytes_read_);
  };
  auto on_error = [&](const RecordError& e) {
    errors_.OnReadError(e);
    count_skipped();
  };
  if (!flags_.strict_dates) {
    options.on_date_warning = [&](const RecordError& w) { errors_.OnWarning(w); };
  }
  for (const auto& input : flags_.inputs) {
    if (Status s = ReadInput(input, options, on_article, on_error); !s.ok() && failed.ok()) {
      failed = s;
    }
    errors_.FinishFile();
    if (!failed.ok() || too_many_errors_) break;
  }
  errors_.FinishRun();
  progress_.Finish();
  return failed;
}

std::string InputRun::FilesSummary() const {
  if (flags_.include.empty() && flags_.exclude.empty()) return "";
  return "; " + std::to_string(walk_counts_.files) +
         (walk_counts_.files == 1 ? " file, " : " files, ") +
         std::to_string(walk_counts_.excluded) + " excluded";
}

Status InputRun::UpsertAll(IndexChanges& index) {
  return ReadAll([&](Article&& article) -> Status {
    auto outcome = index.Upsert(article);
    if (!outcome.ok()) return outcome.status();
    switch (*outcome) {
      case UpsertOutcome::kAdded:
        ++counts_.added;
        break;
      case UpsertOutcome::kUpdated:
        ++counts_.updated;
        break;
      case UpsertOutcome::kUnchanged:
        ++counts_.unchanged;
        break;
    }
    return Status::Ok();
  });
}

}  // namespace byline::indexer
