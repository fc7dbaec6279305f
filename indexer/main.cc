// byline-indexer: loads articles into a Byline index.
//
//   byline-indexer --index DIR FILE...        upsert articles by id (- is stdin)
//   byline-indexer --index DIR --delete ID... remove articles
//   byline-indexer --index DIR --reindex FILE... build a new generation, then switch
//
// Exit status: 0 all done; 1 fatal error; 3 done, but some records were
// skipped (each reported on stderr as FILE:LINE: reason).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "byline/index_writer.h"
#include "byline/ingest.h"

namespace {

constexpr int kExitFatal = 1;
constexpr int kExitSkipped = 3;

struct Counts {
  uint64_t added = 0, updated = 0, unchanged = 0, deleted = 0, skipped = 0;
};

struct Flags {
  std::string index;
  std::vector<std::string> inputs;
  std::vector<std::string> delete_ids;
  std::string language = "english";
  uint64_t commit_every = 10000;
  bool reindex = false;
  bool quiet = false;
  std::string synonyms;   // file to store in the index
  std::string stopwords;  // file to store in the index
};

int Fail(const byline::Status& s) {
  std::cerr << "byline-indexer: " << s.message() << "\n";
  return kExitFatal;
}

// Reads one input into the writer; returns non-OK only for fatal errors.
byline::Status IndexInput(const std::string& path, byline::IndexWriter& writer, Counts& counts) {
  byline::Status fatal;
  auto on_article = [&](byline::Article&& article) {
    if (!fatal.ok()) return;
    auto outcome = writer.Upsert(article);
    if (!outcome.ok()) {
      fatal = outcome.status();
      return;
    }
    switch (*outcome) {
      case byline::UpsertOutcome::kAdded: ++counts.added; break;
      case byline::UpsertOutcome::kUpdated: ++counts.updated; break;
      case byline::UpsertOutcome::kUnchanged: ++counts.unchanged; break;
    }
  };
  auto on_error = [&](const byline::RecordError& e) {
    ++counts.skipped;
    std::cerr << e.ToString() << "\n";
  };
  byline::Status read;
  if (path == "-") {
    read = byline::ReadJsonLines(std::cin, "-", {}, on_article, on_error);
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      on_error({path, 0, "cannot open file"});
      return byline::Status::Ok();
    }
    read = byline::ReadJsonLines(in, path, {}, on_article, on_error);
  }
  if (!fatal.ok()) return fatal;
  if (!read.ok()) on_error({path, 0, read.message()});
  return byline::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  CLI::App app{"byline-indexer: load articles (JSON Lines) into a Byline index"};
  app.add_option("--index,-i", flags.index, "Index directory (created if missing)")->required();
  app.add_option("inputs", flags.inputs, "JSON Lines files to index; - reads stdin");
  app.add_option("--delete", flags.delete_ids, "Remove the articles with these ids")
      ->take_all();
  app.add_option("--language", flags.language,
                 "Stemming language of a new index (english, french, ..., none)")
      ->capture_default_str();
  app.add_option("--commit-every", flags.commit_every,
                 "Commit after this many changes, so an interrupted run keeps its work")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("--reindex", flags.reindex,
               "Build a new generation from the inputs and switch to it atomically; "
               "articles not in the inputs are gone afterwards");
  app.add_option("--synonyms", flags.synonyms,
                 "Synonyms file (one group per line, words separated by commas) to store in "
                 "the index, replacing its synonyms; queries expand a word to its group");
  app.add_option("--stopwords", flags.stopwords,
                 "Stopwords file (words separated by spaces or lines; # comments) to store in "
                 "the index, replacing the language's list for queries");
  app.add_flag("--quiet,-q", flags.quiet, "Print no summary");
  CLI11_PARSE(app, argc, argv);

  if (flags.inputs.empty() && flags.delete_ids.empty() && flags.synonyms.empty() &&
      flags.stopwords.empty()) {
    std::cerr << "byline-indexer: nothing to do: give input files, --delete ids, --synonyms or "
                 "--stopwords\n"
              << "Run with --help for more information.\n";
    return kExitFatal;
  }
  if (flags.reindex && !flags.delete_ids.empty()) {
    std::cerr << "byline-indexer: --reindex and --delete do not go together\n";
    return kExitFatal;
  }

  // Word lists are read before the index is touched, so a bad one changes nothing.
  byline::Result<byline::SynonymGroups> synonyms = byline::SynonymGroups{};
  if (!flags.synonyms.empty()) synonyms = byline::ReadSynonymsFile(flags.synonyms);
  if (!synonyms.ok()) return Fail(synonyms.status());
  byline::Result<std::vector<std::string>> stopwords = std::vector<std::string>{};
  if (!flags.stopwords.empty()) stopwords = byline::ReadStopwordsFile(flags.stopwords);
  if (!stopwords.ok()) return Fail(stopwords.status());

  byline::IndexOptions options;
  options.language = flags.language;
  options.commit_every = flags.commit_every;
  auto mode = flags.reindex ? byline::IndexWriter::Mode::kRebuild : byline::IndexWriter::Mode::kUpdate;
  auto writer = byline::IndexWriter::Open(flags.index, options, mode);
  if (!writer.ok()) return Fail(writer.status());

  if (!flags.synonyms.empty()) {
    if (auto s = (*writer)->SetSynonyms(*synonyms); !s.ok()) return Fail(s);
  }
  if (!flags.stopwords.empty()) {
    if (auto s = (*writer)->SetStopwords(*stopwords); !s.ok()) return Fail(s);
  }

  auto start = std::chrono::steady_clock::now();
  Counts counts;
  for (const auto& input : flags.inputs) {
    if (auto s = IndexInput(input, **writer, counts); !s.ok()) return Fail(s);
  }
  for (const auto& id : flags.delete_ids) {
    auto deleted = (*writer)->Delete(id);
    if (!deleted.ok()) return Fail(deleted.status());
    if (*deleted) {
      ++counts.deleted;
    } else {
      std::cerr << "byline-indexer: no article with id \"" << id << "\" to delete\n";
    }
  }
  auto done = flags.reindex ? (*writer)->Publish() : (*writer)->Commit();
  if (!done.ok()) return Fail(done);

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!flags.quiet) {
    uint64_t processed = counts.added + counts.updated + counts.unchanged;
    std::fprintf(stderr,
                 "byline-indexer: %llu added, %llu updated, %llu unchanged, %llu deleted, "
                 "%llu skipped in %.2f s (%.0f articles/s)%s\n",
                 static_cast<unsigned long long>(counts.added),
                 static_cast<unsigned long long>(counts.updated),
                 static_cast<unsigned long long>(counts.unchanged),
                 static_cast<unsigned long long>(counts.deleted),
                 static_cast<unsigned long long>(counts.skipped), seconds,
                 seconds > 0 ? processed / seconds : 0.0,
                 flags.reindex ? (", now serving " + (*writer)->generation()).c_str() : "");
  }
  return counts.skipped > 0 ? kExitSkipped : 0;
}
