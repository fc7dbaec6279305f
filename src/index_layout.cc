#include "byline/index_layout.h"

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

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

// The write lock's file (write_lock.h).
constexpr char kLockFileName[] = "writer.lock";

bool IsGenerationName(const std::string& name) {
  if (name.size() != 10 || name.compare(0, 4, kGenerationPrefix) != 0) return false;
  return std::all_of(name.begin() + 4, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// True when `path` opens as a database with at least one document: data,
// not the leftover of a build killed before it wrote any.
bool HoldsArticles(const std::string& path) {
  try {
    return Xapian::Database(path).get_doccount() > 0;
  } catch (const Xapian::Error&) {
    return false;
  }
}

// "gen-000004.shard-1", "gen-000004.shard-1-spelling": a build's work
// directories (bulk_builder.cc), never part of a published index.
bool IsBuildShardName(const std::string& name) {
  return name.size() > 10 && IsGenerationName(name.substr(0, 10)) &&
         name.compare(10, 7, ".shard-") == 0;
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

std::string IndexLayout::LockPath() const { return (fs::path(dir_) / kLockFileName).string(); }

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
        return Status::Corruption(StubPath() + " names " + path + ", but " + GenerationPath(path) +
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
        return Status::Corruption(where + ": expected \"remote HOST:PORT\", found \"" + line +
                                  "\"");
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

std::string IndexLayout::StubGeneration() const {
  std::ifstream in(StubPath());
  std::string line, type, path;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    if (!(words >> type) || type[0] == '#') continue;
    return type == "auto" && (words >> path) && IsGenerationName(path) ? path : "";
  }
  return "";
}

Result<std::string> IndexLayout::NextGeneration() const {
  auto names = ListGenerations();
  long next = 1;
  if (!names.empty()) next = std::stol(names.back().substr(4)) + 1;
  // Past the stub's too, even when that directory has gone missing.
  if (const std::string named = StubGeneration(); !named.empty()) {
    next = std::max(next, std::stol(named.substr(4)) + 1);
  }
  if (next > 999999) return Status::Internal("generation numbers exhausted in " + dir_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%06ld", kGenerationPrefix, next);
  return std::string(buf);
}

Status IndexLayout::SwitchTo(const std::string& generation) const {
  if (!IsGenerationName(generation)) return Status::InvalidArgument("bad generation " + generation);
  if (const std::string current = StubGeneration(); !current.empty() && current >= generation) {
    // Names are zero-padded, so they compare as their numbers do.
    return Status::Internal("refusing to switch " + dir_ + " from " + current + " back to " +
                            generation + ": generations only move forward");
  }
  return WriteStub("# Byline index: the current database generation\nauto " + generation + "\n");
}

Status IndexLayout::PublishShards(const std::vector<std::string>& shards,
                                  const std::string& comment) const {
  std::string contents = "# " + comment + "\n";
  for (const auto& shard : shards) contents += "auto " + shard + "\n";
  return WriteStub(contents);
}

Status IndexLayout::WriteStub(const std::string& contents) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  const std::string tmp = StubPath() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << contents;
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
    if (name >= *current || name == keep) continue;
    std::error_code ec;
    fs::remove_all(GenerationPath(name), ec);
    if (ec) return Status::IOError("cannot remove " + GenerationPath(name) + ": " + ec.message());
  }
  return Status::Ok();
}

Status IndexLayout::RemoveLeftovers() const {
  auto current = CurrentGeneration();
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    const bool build_shard = IsBuildShardName(name);
    // Without a stub nothing is known to be newer than the index: a user
    // may have lost the stub, so generations are only removed beside one.
    const bool unpublished = current.ok() && IsGenerationName(name) && name > *current;
    if (build_shard || unpublished || name == std::string(kStubName) + ".tmp") {
      doomed.push_back(entry.path());
    }
  }
  if (ec) return Status::IOError("cannot list " + dir_ + ": " + ec.message());
  for (const auto& path : doomed) {
    fs::remove_all(path, ec);
    if (ec) return Status::IOError("cannot remove " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

Status IndexLayout::PrepareForWriter(bool create_if_missing) const {
  if (Exists()) return Status::Ok();
  if (!create_if_missing) return Status::NotFound("no Byline index at " + dir_);
  if (Status s = CheckNewIndexDir(); !s.ok()) return s;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Status::IOError("cannot create index directory " + dir_ + ": " + ec.message());
  return Status::Ok();
}

Status IndexLayout::CheckNewIndexDir() const {
  std::error_code ec;
  fs::file_status st = fs::status(dir_, ec);
  if (!fs::exists(st)) return Status::Ok();
  if (!fs::is_directory(st)) {
    return Status::InvalidArgument(dir_ + " is a file, not an index directory");
  }
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (IsGenerationName(name) && HoldsArticles(entry.path().string())) {
      // An index whose stub was lost: a new one here would replace it.
      return Status::InvalidArgument(dir_ + " has no " + kStubName + " stub but its " + name +
                                     " holds articles; write the stub back (a line \"auto " + name +
                                     "\" in " + StubPath() + ") or move that generation away");
    }
    // shard-NN: the shards of a sharded index whose creation was cut short.
    if (IsGenerationName(name) || IsBuildShardName(name) || name == kLockFileName ||
        name.rfind("shard-", 0) == 0 || name == std::string(kStubName) + ".tmp") {
      continue;
    }
    return Status::InvalidArgument(dir_ + " holds no Byline index but is not empty (it has " +
                                   name + "); give --index a new or empty directory");
  }
  if (ec) return Status::IOError("cannot list " + dir_ + ": " + ec.message());
  return Status::Ok();
}

}  // namespace byline
