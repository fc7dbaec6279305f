#include "byline/index_layout.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace fs = std::filesystem;

namespace byline {
namespace {

constexpr char kStubName[] = "XAPIANDB";
constexpr char kGenerationPrefix[] = "gen-";

bool IsGenerationName(const std::string& name) {
  if (name.size() != 10 || name.compare(0, 4, kGenerationPrefix) != 0) return false;
  return std::all_of(name.begin() + 4, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status FsyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return Status::IOError("cannot open " + path + " to sync it");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::IOError("fsync failed on " + path);
  return Status::Ok();
}

}  // namespace

std::string IndexLayout::StubPath() const { return (fs::path(dir_) / kStubName).string(); }

bool IndexLayout::Exists() const {
  std::error_code ec;
  return fs::is_regular_file(StubPath(), ec);
}

Result<std::string> IndexLayout::CurrentGeneration() const {
  std::ifstream in(StubPath());
  if (!in) return Status::NotFound("no Byline index at " + dir_ + " (no " + kStubName + " file)");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string type, path;
    if (!(words >> type) || type[0] == '#') continue;
    if (type == "auto" && (words >> path) && IsGenerationName(path)) {
      std::error_code ec;
      if (!fs::is_directory(GenerationPath(path), ec)) {
        return Status::Corruption(StubPath() + " names " + path + ", but " +
                                  GenerationPath(path) +
                                  " is missing; rebuild the index with --reindex");
      }
      return path;
    }
    return Status::Corruption(StubPath() + ": expected \"auto gen-NNNNNN\", found \"" + line +
                              "\" (a sharded or remote index is searched, not written, "
                              "through this stub)");
  }
  return Status::Corruption(StubPath() + " names no database");
}

std::string StubEntry::Name() const {
  return kind == Kind::kRemote ? host + ":" + std::to_string(port) : path;
}

Result<std::vector<StubEntry>> IndexLayout::ReadStub() const {
  std::ifstream in(StubPath());
  if (!in) return Status::NotFound("no Byline index at " + dir_ + " (no " + kStubName + " file)");
  std::vector<StubEntry> entries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string type, target, extra;
    if (!(words >> type) || type[0] == '#') continue;
    const std::string where = StubPath() + ":" + std::to_string(number);
    if (!(words >> target) || (words >> extra)) {
      return Status::Corruption(where + ": expected \"TYPE TARGET\", found \"" + line + "\"");
    }
    StubEntry entry;
    entry.line = number;
    if (type == "auto" || type == "glass") {
      entry.path = target;
    } else if (type == "remote") {
      // Xapian 1.4 reads "remote HOST:PORT" as TCP ([V6]:PORT for IPv6); the
      // older ":HOST:PORT" spelling is accepted too, since we connect ourselves.
      if (target.size() > 1 && target[0] == ':') target.erase(0, 1);
      size_t colon = target.rfind(':');
      std::string port = colon == std::string::npos ? "" : target.substr(colon + 1);
      std::string host = colon == std::string::npos ? "" : target.substr(0, colon);
      if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
      }
      if (host.empty() || port.empty() || port.size() > 5 ||
          port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) == 0 ||
          std::stoi(port) > 65535) {
        return Status::Corruption(where + ": expected \"remote HOST:PORT\", found \"" +
                                       line + "\"");
      }
      entry.kind = StubEntry::Kind::kRemote;
      entry.host = host;
      entry.port = std::stoi(port);
    } else {
      return Status::Corruption(where + ": unknown database type \"" + type +
                                     "\" (expected auto, glass or remote)");
    }
    entries.push_back(std::move(entry));
  }
  if (entries.empty()) return Status::Corruption(StubPath() + " names no database");
  return entries;
}

bool IndexLayout::IsSingleGeneration(const std::vector<StubEntry>& entries) {
  return entries.size() == 1 && entries[0].kind == StubEntry::Kind::kLocal &&
         IsGenerationName(entries[0].path);
}

std::string IndexLayout::GenerationPath(const std::string& generation) const {
  return (fs::path(dir_) / generation).string();
}

uint64_t IndexLayout::GenerationSizeBytes(const std::string& generation) const {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(GenerationPath(generation), ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

std::vector<std::string> IndexLayout::ListGenerations() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (IsGenerationName(name) && entry.is_directory(ec)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> IndexLayout::NextGeneration() const {
  auto names = ListGenerations();
  long next = 1;
  if (!names.empty()) next = std::stol(names.back().substr(4)) + 1;
  if (auto current = CurrentGeneration(); current.ok()) {
    next = std::max(next, std::stol(current->substr(4)) + 1);
  }
  if (next > 999999) return Status::Internal("generation numbers exhausted in " + dir_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%06ld", kGenerationPrefix, next);
  return std::string(buf);
}

Status IndexLayout::SwitchTo(const std::string& generation) const {
  if (!IsGenerationName(generation)) return Status::InvalidArgument("bad generation " + generation);
  std::error_code ec;
  fs::create_directories(dir_, ec);
  std::string tmp = StubPath() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# Byline index: the current database generation\nauto " << generation << "\n";
    out.flush();
    if (!out) return Status::IOError("cannot write " + tmp);
  }
  if (Status s = FsyncPath(tmp, false); !s.ok()) return s;
  if (std::rename(tmp.c_str(), StubPath().c_str()) != 0) {
    return Status::IOError("cannot rename " + tmp + " to " + StubPath());
  }
  return FsyncPath(dir_, true);
}

Status IndexLayout::SyncGeneration(const std::string& generation) const {
  const std::string path = GenerationPath(generation);
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    if (Status s = FsyncPath(entry.path().string(), entry.is_directory(ec)); !s.ok()) return s;
  }
  if (ec) return Status::IOError("cannot list " + path + ": " + ec.message());
  return FsyncPath(path, true);
}

Status IndexLayout::RemoveStaleGenerations(const std::string& keep) const {
  auto current = CurrentGeneration();
  if (!current.ok()) return current.status();
  for (const auto& name : ListGenerations()) {
    // Newer generations may be a reindex still being built by another process.
    if (name >= *current || name == keep) continue;
    std::error_code ec;
    fs::remove_all(GenerationPath(name), ec);
    if (ec) return Status::IOError("cannot remove " + GenerationPath(name) + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace byline
