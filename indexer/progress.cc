#include "progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace byline::indexer {
namespace {

constexpr auto kBarInterval = std::chrono::milliseconds(200);
constexpr auto kLineInterval = std::chrono::seconds(10);
constexpr int kBarWidth = 24;

double Mb(uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

std::string Clock(double seconds) {
  long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

}  // namespace

Progress::Style Progress::StyleFor(FILE* out, bool quiet) {
  if (quiet) return Style::kNone;
  return isatty(fileno(out)) ? Style::kBar : Style::kLines;
}

Progress::Progress(FILE* out, Style style, uint64_t total_bytes)
    : out_(out),
      style_(style),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::MaybeDraw(uint64_t articles, uint64_t bytes) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < (style_ == Style::kBar ? kBarInterval : kLineInterval)) return;
  last_draw_ = now;
  double seconds = std::max(1e-9, std::chrono::duration<double>(now - start_).count());
  double rate = articles / seconds, mbps = Mb(bytes) / seconds;
  double fraction = total_bytes_ > 0 ? std::min(1.0, double(bytes) / double(total_bytes_)) : -1;
  std::string eta;
  if (fraction > 0 && fraction < 1) eta = "  ETA " + Clock(seconds * (1 - fraction) / fraction);
  if (style_ == Style::kBar) {
    std::string bar;
    if (fraction >= 0) {
      int filled = static_cast<int>(fraction * kBarWidth);
      bar = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, ' ') + "] ";
      char pct[8];
      std::snprintf(pct, sizeof pct, "%3d%% ", static_cast<int>(fraction * 100));
      bar += pct;
    }
    std::fprintf(out_, "\r%s%llu articles  %.0f/s  %.1f MB/s%s\033[K", bar.c_str(),
                 static_cast<unsigned long long>(articles), rate, mbps, eta.c_str());
    drawn_ = true;
  } else {
    std::fprintf(out_, "byline-indexer: %llu articles, %.0f articles/s, %.1f MB/s%s\n",
                 static_cast<unsigned long long>(articles), rate, mbps, eta.c_str());
  }
  std::fflush(out_);
}

void Progress::Interrupt() {
  if (drawn_) {
    std::fprintf(out_, "\r\033[K");
    drawn_ = false;
  }
}

void Progress::Finish() { Interrupt(); }

std::string Progress::Summary(const Counts& c, uint64_t bytes) const {
  double seconds = elapsed_seconds();
  char buf[256];
  std::snprintf(
      buf, sizeof buf,
      "%llu added, %llu updated, %llu unchanged, %llu deleted, %llu skipped in %.2f s "
      "(%.0f articles/s, %.1f MB/s)",
      static_cast<unsigned long long>(c.added), static_cast<unsigned long long>(c.updated),
      static_cast<unsigned long long>(c.unchanged), static_cast<unsigned long long>(c.deleted),
      static_cast<unsigned long long>(c.skipped), seconds,
      seconds > 0 ? c.processed() / seconds : 0.0, seconds > 0 ? Mb(bytes) / seconds : 0.0);
  return buf;
}

}  // namespace byline::indexer
