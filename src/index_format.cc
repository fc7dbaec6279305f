#include "index_format.h"

#include <charconv>

#include "byline/index_layout.h"
#include "byline/schema.h"
#include "byline/version.h"

namespace byline {
namespace {

std::string& ProgramNameStorage() {
  static std::string name = "Byline";
  return name;
}

}  // namespace

void SetProgramName(const std::string& program) { ProgramNameStorage() = program; }

const std::string& ProgramName() { return ProgramNameStorage(); }

int RecordedIndexFormat(const Xapian::Database& db) {
  const std::string text = db.get_metadata(schema::kFormatMetadataKey);
  if (text.empty()) return 1;
  int format = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), format);
  if (ec != std::errc() || end != text.data() + text.size() || format < 0) return -1;
  return format;
}

Status CheckIndexFormat(const Xapian::Database& db, const std::string& dir) {
  const int format = RecordedIndexFormat(db);
  const std::string reads =
      "this " + ProgramName() + " reads up to " + std::to_string(schema::kIndexFormat);
  if (format < 0) {
    return Status::Corruption("index at " + dir + " records an unknown format \"" +
                              db.get_metadata(schema::kFormatMetadataKey) + "\" (" +
                              schema::kFormatMetadataKey + "; " + reads +
                              "): written by a newer Byline? upgrade Byline");
  }
  if (format > schema::kIndexFormat) {
    return Status::Corruption("index at " + dir + " was written by a newer Byline (format " +
                              std::to_string(format) + "; " + reads + "): upgrade Byline");
  }
  if (format < schema::kOldestReadableIndexFormat) {
    return Status::Corruption(
        "index at " + dir + " is in format " + std::to_string(format) + ", which this " +
        ProgramName() + " no longer reads (it reads formats " +
        std::to_string(schema::kOldestReadableIndexFormat) + " to " +
        std::to_string(schema::kIndexFormat) + "): rebuild it with " + ReindexCommand(dir));
  }
  return Status::Ok();
}

bool UsesPositionStreams(const Xapian::Database& db) {
  return RecordedIndexFormat(db) >= schema::kFirstPositionStreamFormat &&
         db.get_metadata(schema::kStemmingMetadataKey) == "all_z" &&
         db.get_metadata(schema::kPositionsMetadataKey) == "stream";
}

void RecordIndexFormat(Xapian::WritableDatabase& db) {
  db.set_metadata(schema::kFormatMetadataKey, std::to_string(schema::kIndexFormat));
}

std::string ReindexCommand(const std::string& dir) {
  return "byline-indexer --index " + dir + " --reindex INPUTS";
}

std::string IndexFormatAdvice(int format, const std::string& dir) {
  if (format >= schema::kIndexFormat) return "";
  return "format " + std::to_string(format) + " (current " + std::to_string(schema::kIndexFormat) +
         "): upgrade with " + ReindexCommand(dir);
}

Status CheckLiveIndexFormat(const std::string& dir, bool rebuilding) {
  IndexLayout layout(dir);
  if (!layout.Exists()) return Status::Ok();
  auto entries = layout.ReadStub();
  if (!entries.ok()) return Status::Ok();
  const bool single = IndexLayout::IsSingleGeneration(*entries);
  for (const StubEntry& entry : *entries) {
    if (entry.kind != StubEntry::Kind::kLocal) continue;
    const std::string path = layout.GenerationPath(entry.path);
    if (!single) {
      if (Status s = CheckLiveIndexFormat(path, rebuilding); !s.ok()) return s;
      continue;
    }
    try {
      const Xapian::Database db(path);
      const int format = RecordedIndexFormat(db);
      if (rebuilding && format >= 0 && format < schema::kOldestReadableIndexFormat) continue;
      if (Status s = CheckIndexFormat(db, dir); !s.ok()) return s;
    } catch (const Xapian::Error&) {
      // Reported by the caller's own open (or mended by a --reindex).
    }
  }
  return Status::Ok();
}

}  // namespace byline
