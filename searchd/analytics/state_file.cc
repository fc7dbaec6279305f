#include "state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

namespace byline::searchd {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

Status WriteAll(int fd, const std::string& text, const std::string& path) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IOError("cannot write " + path + ": " + ErrnoText());
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Writes `text` to `path` so that a crash leaves the old file or the new
// one, never a part: a temporary file beside it, fsync, rename, fsync of
// the directory.
Status WriteAtomically(const std::string& dir, const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Status::IOError("cannot write " + tmp + ": " + ErrnoText());
  Status s = WriteAll(fd, text, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = Status::IOError("cannot fsync " + tmp + ": " + ErrnoText());
  if (::close(fd) != 0 && s.ok()) s = Status::IOError("cannot write " + tmp + ": " + ErrnoText());
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Status::IOError("cannot rename " + tmp + " to " + path + ": " + ErrnoText());
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

AnalyticsStateFile::AnalyticsStateFile(std::string dir, SearchAnalytics* analytics)
    : dir_(std::move(dir)), path_(dir_ + "/" + kAnalyticsFileName), analytics_(analytics) {}

Result<std::unique_ptr<AnalyticsStateFile>> AnalyticsStateFile::Open(const std::string& dir,
                                                                     SearchAnalytics* analytics,
                                                                     std::string* warning) {
  if (dir.empty()) return Status::InvalidArgument("--state-dir is empty");
  if (::mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) {
    return Status::IOError("cannot make the state directory " + dir + ": " + ErrnoText());
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::IOError("the state directory " + dir + " is not a directory");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return Status::IOError("cannot write in the state directory " + dir + ": " + ErrnoText());
  }
  std::unique_ptr<AnalyticsStateFile> file(new AnalyticsStateFile(dir, analytics));
  const std::string& path = file->path_;
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return file;  // the first start: nothing counted yet
    return Status::IOError("cannot read " + path + ": " + ErrnoText());
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read " + path + ": " + ErrnoText());
  Status loaded = analytics->Load(text.str());
  if (!loaded.ok()) {
    const std::string aside = path + ".corrupt-" + UtcStamp();
    if (::rename(path.c_str(), aside.c_str()) != 0) {
      return Status::IOError(path + " is not a valid analytics file (" + loaded.message() +
                             ") and cannot be moved aside to " + aside + ": " + ErrnoText());
    }
    *warning = path + " is not a valid analytics file (" + loaded.message() + "); moved to " +
               aside + ", counting starts afresh";
  }
  file->saved_version_ = analytics->version();
  return file;
}

AnalyticsStateFile::~AnalyticsStateFile() { static_cast<void>(Stop()); }

Status AnalyticsStateFile::SaveIfChanged() {
  std::lock_guard<std::mutex> lock(save_mutex_);
  const uint64_t version = analytics_->version();
  if (version == saved_version_) return Status::Ok();
  Status s = WriteAtomically(dir_, path_, analytics_->Serialise());
  if (s.ok()) saved_version_ = version;
  return s;
}

void AnalyticsStateFile::StartSaving(std::chrono::milliseconds interval) {
  saver_ = std::thread([this, interval] {
    bool failing = false;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, interval, [this] { return stopping_; });
      if (stopping_) break;
      lock.unlock();
      Status s = SaveIfChanged();
      if (!s.ok() && !failing) {
        std::cerr << "byline-searchd: warning: analytics not saved: " << s.message() << "\n";
      }
      failing = !s.ok();
      lock.lock();
    }
  });
}

Status AnalyticsStateFile::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (saver_.joinable()) saver_.join();
  return SaveIfChanged();
}

}  // namespace byline::searchd
