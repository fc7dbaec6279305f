#include "error_report.h"

#include <algorithm>

namespace byline::indexer {
namespace {

// What kind of error this is, without its particulars: "invalid JSON" for
// "invalid JSON: parse error at line 1, column 7: ...".
std::string Reason(const std::string& message) {
  size_t colon = message.find(": ");
  return colon == std::string::npos ? message : message.substr(0, colon);
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Times(uint64_t n) { return n == 1 ? "once" : Thousands(n) + " times"; }

}  // namespace

void ErrorReport::Tally::Add(const RecordError& e) {
  ++count;
  ++reasons[Reason(e.reason)];
}

std::string ErrorReport::Tally::Commonest() const {
  auto best = std::max_element(reasons.begin(), reasons.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return best == reasons.end() ? "" : best->first + ", " + Times(best->second);
}

ErrorReport::ErrorReport(FILE* out, std::function<void()> before_print)
    : out_(out), before_print_(std::move(before_print)) {}

void ErrorReport::Print(const std::string& line) {
  if (before_print_) before_print_();
  std::fprintf(out_, "%s\n", line.c_str());
}

void ErrorReport::Show(const RecordError& error) {
  if (shown_ >= kShownPerFile) return;
  ++shown_;
  if (shown_in_run_ >= kShownPerRun) {
    if (!run_cut_) {
      Print("byline-indexer: more than " + std::to_string(kShownPerRun) +
            " errors; the rest are counted, not shown");
    }
    run_cut_ = true;
    return;
  }
  ++shown_in_run_;
  Print(error.ToString());
}

void ErrorReport::Switch(const std::string& file) {
  if (file == file_) return;
  FinishFile();
  file_ = file;
}

void ErrorReport::OnReadError(const RecordError& error) {
  Switch(error.file);
  ++read_errors_;
  run_.Add(error);
  tally_.Add(error);
  if (given_up_) return;
  if (articles_ > 0) return Show(error);
  held_.push_back(error);
  if (held_.size() < kGiveUpAfter) return;
  // None of the first records was an article: likely not articles at all.
  given_up_ = true;
  held_.clear();
  Show({file_, 0,
        "skipped: none of its first " + std::to_string(kGiveUpAfter) + " records is an article (" +
            tally_.Commonest() + "); the rest of the file was not read"});
  shown_ = kShownPerFile;  // that one line says it all
}

void ErrorReport::OnSkippedArticle(const RecordError& error) {
  Switch(error.file);
  OnArticle(error.file);
  ++skipped_articles_;
  run_.Add(error);
  tally_.Add(error);
  Show(error);
}

void ErrorReport::OnWarning(const RecordError& warning) {
  Switch(warning.file);
  ++warnings_;
  if (++file_warnings_ <= kShownPerFile) Print(warning.ToString());
}

void ErrorReport::OnArticle(const std::string& file) {
  Switch(file);
  ++articles_;
  for (const RecordError& held : held_) Show(held);
  held_.clear();
}

bool ErrorReport::GivesUp(const std::string& file) const { return given_up_ && file == file_; }

void ErrorReport::FinishFile() {
  if (held_.size() == 1) {
    Show(held_.front());
  } else if (!held_.empty()) {
    Show({file_, 0,
          "no article in it: " + Thousands(held_.size()) + " records could not be read (" +
              tally_.Commonest() + ")"});
  } else if (!given_up_ && !run_cut_ && tally_.count > shown_ && shown_ > 0) {
    Print(file_ + ": " + Thousands(tally_.count - shown_) + " more errors not shown (" +
          Thousands(tally_.count) + " in all; commonest: " + tally_.Commonest() + ")");
  }
  if (file_warnings_ > kShownPerFile) {
    Print(file_ + ": " + Thousands(file_warnings_ - kShownPerFile) +
          " more dates not understood, not shown (" + Thousands(file_warnings_) + " in all)");
  }
  file_warnings_ = 0;
  file_.clear();
  articles_ = 0;
  shown_ = 0;
  given_up_ = false;
  held_.clear();
  tally_ = Tally();
}

void ErrorReport::FinishRun() {
  FinishFile();
  if (run_cut_) {
    Print("byline-indexer: " + Thousands(run_.count) +
          " records skipped in all; commonest: " + run_.Commonest());
  }
  if (warnings_ > 0) {
    Print("byline-indexer: " + Thousands(warnings_) + (warnings_ == 1 ? " article" : " articles") +
          " indexed without a date, as it was not understood (--strict-dates skips such "
          "records instead)");
  }
}

}  // namespace byline::indexer
