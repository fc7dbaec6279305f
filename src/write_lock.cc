#include "byline/write_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

#include "byline/index_layout.h"
#include "index_metadata.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

std::string Canonical(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  return ec ? dir : p.string();
}

std::string ThisProgram() {
  std::string name = program_invocation_short_name ? program_invocation_short_name : "";
  return name.empty() ? "a Byline program" : name;
}

// "program byline-indexer\npid 42\naction reindex\nsince 1764691200\n"
std::string Serialise(const WriterIdentity& who) {
  std::ostringstream out;
  out << "program " << (who.program.empty() ? ThisProgram() : who.program) << "\n"
      << "pid " << ::getpid() << "\n"
      << "action " << who.action << "\n"
      << "since " << NowSeconds() << "\n";
  return out.str();
}

LockHolder ReadHolder(int fd) {
  LockHolder holder;
  char buf[1024];
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return holder;
  std::istringstream in(std::string(buf, static_cast<size_t>(n)));
  std::string key, value;
  while (in >> key && std::getline(in >> std::ws, value)) {
    if (key == "program") holder.program = value;
    if (key == "pid") holder.pid = std::atoll(value.c_str());
    if (key == "action") holder.action = value;
    if (key == "since") holder.since = std::atoll(value.c_str());
  }
  return holder;
}

bool TryLock(int fd) {
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EINTR) return false;
  }
}

// True while `fd` is still the file at `path`. A lock taken on a file that
// was unlinked meanwhile (by a holder removing an index it left empty)
// excludes no one who opens the path afresh.
bool StillAt(int fd, const std::string& path) {
  struct stat opened {
  }, named{};
  return ::fstat(fd, &opened) == 0 && ::stat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

}  // namespace

std::string LockHolder::Describe() const {
  if (program.empty() || pid <= 0) return "another writer";
  std::string text = program + " (pid " + std::to_string(pid) + ")";
  if (!action.empty()) text += " running " + action;
  if (since > 0) {
    std::time_t t = static_cast<std::time_t>(since);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    const int64_t ago = NowSeconds() - since;
    text += std::string(" since ") + when + " (" + std::to_string(ago < 0 ? 0 : ago) + " s ago)";
  }
  return text;
}

std::string WriteLock::PathFor(const std::string& dir) { return IndexLayout(dir).LockPath(); }

Result<std::shared_ptr<const WriteLock>> WriteLock::Acquire(
    const std::string& dir, const WriterIdentity& who, double wait_seconds,
    const std::function<void(const LockHolder&)>& on_wait) {
  const std::string path = PathFor(dir);
  auto open_lock = [&path] { return ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644); };
  int fd = open_lock();
  if (fd < 0) {
    return Status::IOError("cannot open the write lock " + path + ": " + std::strerror(errno));
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto pause = std::chrono::milliseconds(20);
  bool told = false;
  for (;;) {
    if (TryLock(fd)) {
      if (StillAt(fd, path)) break;
      ::close(fd);  // the file was replaced while we waited: lock the new one
      fd = open_lock();
      if (fd < 0) {
        return Status::IOError("cannot open the write lock " + path + ": " + std::strerror(errno));
      }
      continue;
    }
    if (errno != EWOULDBLOCK) {
      Status s = Status::IOError("cannot lock " + path + ": " + std::strerror(errno));
      ::close(fd);
      return s;
    }
    const LockHolder holder = ReadHolder(fd);
    const double waited = std::chrono::duration<double>(Clock::now() - start).count();
    if (wait_seconds >= 0 && waited >= wait_seconds) {
      ::close(fd);
      std::string message =
          "index " + dir + " is busy: " + holder.Describe() + " holds its write lock";
      message += wait_seconds > 0 ? " (waited " + std::to_string(static_cast<long>(waited)) + " s)"
                                  : "; wait for it with --wait[=SECONDS], or run again later";
      return Status::Busy(message);
    }
    if (!told && on_wait) on_wait(holder);
    told = true;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(250));
  }
  // Ours: say who we are, for anyone refused meanwhile.
  const std::string info = Serialise(who);
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, info.data(), info.size(), 0) != static_cast<ssize_t>(info.size())) {
    // The lock holds without the note; a refused writer then says "another writer".
  }
  WriterIdentity identity = who;
  if (identity.program.empty()) identity.program = ThisProgram();
  return std::shared_ptr<const WriteLock>(new WriteLock(Canonical(dir), std::move(identity), fd));
}

WriteLock::~WriteLock() {
  // Cleared first, so nobody reads a finished writer's note as current.
  if (::ftruncate(fd_, 0) != 0) {
    // Harmless: the next holder overwrites it.
  }
  ::close(fd_);  // releases the flock
}

bool WriteLock::Covers(const std::string& dir) const { return Canonical(dir) == dir_; }

Result<std::shared_ptr<const WriteLock>> LockFor(const std::string& dir,
                                                 std::shared_ptr<const WriteLock> held,
                                                 const std::string& fallback_action) {
  if (held && held->Covers(dir)) return held;
  WriterIdentity who = held ? held->identity() : WriterIdentity{"", fallback_action};
  return WriteLock::Acquire(dir, who, 0);
}

}  // namespace byline
