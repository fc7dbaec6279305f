#include "flags.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace byline::indexer {

void AddIndexFlags(CLI::App* app, Flags* flags) {
  app->set_config("--config", "",
                  "Read flags from this TOML or INI file (e.g. map = [\"body=content\"])");
  // Required, but main() checks it after parsing: CLI11 reports a missing
  // required flag before an unknown one, which would hide a typo (--idx).
  app->add_option("--index,-i", flags->index, "Index directory (created if missing); required");
  app->add_option("inputs", flags->inputs,
                  "Files or directories to index: .jsonl, .json (array or lines), .md, .txt, "
                  ".html, .rss/.atom/.xml feeds, each optionally .gz; - reads stdin");
  app->add_option("--delete", flags->delete_ids, "Remove the articles with these ids")->take_all();
  app->add_option("--delete-query", flags->delete_query,
                  "Remove every article this query matches, e.g. 'source:wire' (see --dry-run)");
  app->add_flag("--dry-run", flags->dry_run,
                "Change nothing: read the inputs and say what would be added, updated and "
                "deleted (with the ids to delete); opens the index read-only");
  app->add_option("--max-delete", flags->max_delete,
                  "Most articles --sync or --delete-query may delete: a count (500) or a share "
                  "of the index (10%); more is refused, saying what would go, unless --force")
      ->capture_default_str();
  app->add_flag("--force", flags->force, "Delete past --max-delete");
  app->add_option("--wait", flags->wait_seconds,
                  "When another writer holds the index, wait for it: --wait as long as it "
                  "takes, --wait=SECONDS at most that long (default: exit 1 naming it)")
      ->expected(0, 1)
      ->default_str("-1");
  app->add_flag("--sync", flags->sync,
                "After indexing the inputs, delete the articles that were not in them");
  app->add_option("--map", flags->field_map,
                  "Read a field under another name: FIELD=NAME, e.g. --map body=content "
                  "--map published=date (repeat the flag for each field)")
      ->allow_extra_args(false);
  app->add_option("--field", flags->fields,
                  "Declare a custom field NAME:TYPE, TYPE keyword (exact filter and facet), "
                  "number or date (range filter and sort) or text (searchable), e.g. --field "
                  "category:keyword (repeat the flag for each field); recorded in the index. "
                  "Undeclared fields are only stored")
      ->allow_extra_args(false);
  app->add_option("--max-fields", flags->max_fields,
                  "Most custom fields the index may declare in all")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, kMaxFieldsLimit));
  app->add_option("--format", flags->format,
                  "Format of stdin and of files whose extension says nothing: auto, jsonl, "
                  "json, md, txt, html, rss, atom")
      ->capture_default_str();
  app->add_option("--body-format", flags->body_format,
                  "How JSON records' bodies are read when a record has no \"body_format\" "
                  "field: auto (HTML when it plainly is, else text), text, html or markdown")
      ->capture_default_str();
  app->add_option("--max-errors", flags->max_errors,
                  "Stop once more than this many records could not be read (default: never)");
  app->add_option("--language", flags->language,
                  "Stemming language (english, french, ..., none) of a new index or of the "
                  "generation --reindex builds (default: the index's own, english when new)");
  app->add_option("--positions", flags->positions,
                  "Where a new index, or the generation --reindex builds, keeps word "
                  "positions: stream (a compact index, the default for a new one: positions in "
                  "one stream per article and articles compressed with the index's own "
                  "dictionary, about 43% smaller than the table; phrase queries are several "
                  "times slower on long articles, and xapian-tcpsrv cannot check them) or table "
                  "(Xapian's position table, the default for the shards of a new --shards "
                  "index). Default: the index's own")
      ->check(CLI::IsMember({"stream", "table"}));
  app->add_option("--synonyms", flags->synonyms,
                  "Synonyms file (one group per line, words separated by commas) to store in "
                  "the index, replacing its synonyms; queries expand a word to its group");
  app->add_option("--stopwords", flags->stopwords,
                  "Stopwords file (words separated by spaces or lines; # comments) to store in "
                  "the index, replacing the language's list for queries");
  app->add_option("--commit-every", flags->commit_every,
                  "Commit after this many changes, so an interrupted run keeps its work")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, std::numeric_limits<uint64_t>::max()));
  app->add_flag("--reindex", flags->reindex,
                "Build a new generation from the inputs and switch to it atomically; "
                "articles not in the inputs are gone afterwards");
  app->add_option("--threads", flags->threads,
                  "Parallel writers for --reindex and a first load (default: one per core)")
      ->check(CLI::Range(0u, 64u));
  app->add_option("--shards", flags->shards,
                  "Create the index as N local shards (DIR/shard-00 ...), each article in the "
                  "one its id hashes to; later runs find the shards by themselves")
      ->check(CLI::Range(2u, 256u));
  app->add_option("--auto-compact", flags->auto_compact,
                  "After an update run that wrote enough of the index since its last "
                  "compaction (--auto-compact-threshold), compact it (each shard on its own), "
                  "as `compact` does: on or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"on", "off"}));
  app->add_option("--auto-compact-threshold", flags->auto_compact_threshold,
                  "Share of the index written (articles upserted + deleted) since its last "
                  "compaction at which --auto-compact compacts it")
      ->capture_default_str();
  app->add_option("--auto-compact-min-writes", flags->auto_compact_min_writes,
                  "Fewest articles written since the last compaction before --auto-compact "
                  "compacts, so a small index is not compacted on every run")
      ->capture_default_str();
  app->add_option("--auto-compact-max-size", flags->auto_compact_max_size,
                  "Size of the index against a compacted one of as many articles at which "
                  "--auto-compact compacts it (1.1: a tenth larger); 0: no size limit")
      ->capture_default_str();
  app->add_flag("--strict-dates", flags->strict_dates,
                "Skip a record whose published date is not understood, as an error (default: "
                "index it without a date and warn)");
  app->add_option("--base-url", flags->base_url,
                  "Give each HTML, Markdown and text file found in a directory a URL: this "
                  "http(s) URL plus its path relative to the directory (.md becomes .html); "
                  "a canonical link or front matter url wins. Recorded in the index");
  app->add_option("--url-template", flags->url_template,
                  "Shape of those URLs, from {base} {path} {page} {dir} {name} {stem} {ext}, "
                  "e.g. '{base}{dir}{stem}/' (default: {base}{page}). Recorded in the index");
  app->add_option("--include", flags->include,
                  "Read only the files of a directory whose relative path matches this glob "
                  "(*, ?, [..], ** for any depth; a pattern without '/' matches the file name); "
                  "repeat the flag for each")
      ->allow_extra_args(false);
  app->add_option("--exclude", flags->exclude,
                  "Leave out the files and directories of a directory whose relative path "
                  "matches this glob, e.g. --exclude api/all.html; wins over --include")
      ->allow_extra_args(false);
  app->add_flag("--quiet,-q", flags->quiet, "Print no progress and no summary");
}

std::vector<std::string> WithBareWaitSpeltOut(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] != "--wait") continue;
    const std::string next = i + 1 < args.size() ? args[i + 1] : "";
    char* end = nullptr;
    std::strtod(next.c_str(), &end);
    const bool seconds_follow = !next.empty() && end == next.c_str() + next.size();
    if (!seconds_follow) args[i] = "--wait=-1";
  }
  return args;
}

Status CheckSubcommandFlags(const Flags& flags, const std::string& subcommand) {
  const std::pair<bool, const char*> misplaced[] = {
      {!flags.inputs.empty(), "input files"},
      {!flags.delete_ids.empty(), "--delete"},
      {!flags.delete_query.empty(), "--delete-query"},
      {flags.reindex, "--reindex"},
      {flags.sync, "--sync"},
      {flags.force, "--force"},
      {!flags.synonyms.empty(), "--synonyms"},
      {!flags.stopwords.empty(), "--stopwords"},
      {!flags.field_map.empty(), "--map"},
      {!flags.fields.empty(), "--field"},
      {flags.shards > 0, "--shards"},
      {!flags.base_url.empty(), "--base-url"},
      {!flags.url_template.empty(), "--url-template"},
      {!flags.include.empty(), "--include"},
      {!flags.exclude.empty(), "--exclude"},
  };
  for (const auto& [given, what] : misplaced) {
    if (given) {
      return Status::InvalidArgument(std::string(what) + " do not go with " + subcommand +
                                     ", which only looks after an existing index");
    }
  }
  return Status::Ok();
}

std::string SyncWithAFeed(const std::string& input) {
  return "--sync does not go with a feed (" + input +
         "): a feed lists only its latest items, so --sync would delete every older "
         "article. Index the feed without --sync to keep an archive (new items are added, "
         "changed ones updated)";
}

Result<Plan> MakePlan(const Flags& flags) {
  Plan plan;
  if (flags.inputs.empty() && flags.delete_ids.empty() && flags.delete_query.empty() &&
      flags.synonyms.empty() && flags.stopwords.empty() && flags.fields.empty()) {
    return Status::InvalidArgument(
        "nothing to do: give input files or directories, --delete ids, --delete-query, "
        "--synonyms, --stopwords or --field");
  }
  if (flags.reindex && (!flags.delete_ids.empty() || !flags.delete_query.empty())) {
    return Status::InvalidArgument(
        "--reindex builds from the inputs alone; --delete and "
        "--delete-query do not go with it");
  }
  if (flags.reindex && flags.inputs.empty()) {
    return Status::InvalidArgument("--reindex needs inputs: the new generation holds only them");
  }
  if (flags.reindex && flags.sync) {
    return Status::InvalidArgument(
        "--sync is implied by --reindex (the new generation holds "
        "only the inputs)");
  }
  if (flags.sync && flags.inputs.empty()) {
    return Status::InvalidArgument("--sync needs inputs: it deletes what they do not contain");
  }
  if (flags.reindex && flags.shards > 0) {
    return Status::InvalidArgument(
        "--reindex does not go with --shards: a parallel reindex "
        "builds one database (see docs/scaling.md)");
  }
  if (flags.force && !flags.sync && flags.delete_query.empty()) {
    return Status::InvalidArgument(
        "--force only lifts the --max-delete guard of --sync and "
        "--delete-query");
  }
  plan.auto_compact.enabled = flags.auto_compact != "off";
  plan.auto_compact.threshold = flags.auto_compact_threshold;
  plan.auto_compact.min_writes = flags.auto_compact_min_writes;
  plan.auto_compact.max_size_ratio = flags.auto_compact_max_size;
  if (Status s = plan.auto_compact.Validate(); !s.ok()) return s;
  auto limit = ParseDeleteLimit(flags.max_delete);
  if (!limit.ok()) return Status::InvalidArgument("--max-delete: " + limit.status().message());
  plan.max_delete = *limit;
  for (const std::string& spec : flags.field_map) {
    if (Status s = AddFieldMapping(spec, &plan.read_options.field_map); !s.ok()) {
      return Status::InvalidArgument("--map: " + s.message());
    }
  }
  for (const std::string& spec : flags.fields) {
    auto field = ParseFieldSpec(spec);
    if (!field.ok()) return Status::InvalidArgument("--field: " + field.status().message());
    if (FindField(plan.index_options.fields, field->name) != nullptr) {
      return Status::InvalidArgument("--field: \"" + field->name + "\" is declared twice");
    }
    plan.index_options.fields.push_back(std::move(field).value());
  }
  plan.index_options.max_fields = flags.max_fields;
  if (plan.index_options.fields.size() > flags.max_fields) {
    return Status::InvalidArgument("--field: " + std::to_string(plan.index_options.fields.size()) +
                                   " fields declared, more than --max-fields " +
                                   std::to_string(flags.max_fields));
  }
  auto format = ParseInputFormat(flags.format);
  if (!format.ok()) return Status::InvalidArgument("--format: " + format.status().message());
  plan.read_options.format = *format;
  auto body_format = ParseBodyFormat(flags.body_format);
  if (!body_format.ok()) {
    return Status::InvalidArgument("--body-format: " + body_format.status().message());
  }
  plan.read_options.body_format = *body_format;
  auto filter = PathFilter::Make(flags.include, flags.exclude);
  if (!filter.ok()) return filter.status();
  plan.read_options.path_filter = std::move(filter).value();
  if (flags.sync) {
    // A feed holds its latest items only: syncing to it deletes the archive.
    for (const std::string& input : flags.inputs) {
      if (IsFeedInput(input, *format, plan.read_options.path_filter)) {
        return Status::InvalidArgument(SyncWithAFeed(input));
      }
    }
  }
  // Checked here as far as they can be without the index (RunIndex
  // combines them with its stored ones).
  if (!flags.base_url.empty() || !flags.url_template.empty()) {
    auto urls = FileUrls::Make(flags.base_url.empty() ? "https://example.com/" : flags.base_url,
                               flags.url_template);
    if (!urls.ok()) return urls.status();
  }
  plan.index_options.language = flags.language;
  plan.index_options.positions = flags.positions;
  plan.index_options.commit_every = flags.commit_every;
  // --commit-every 0 is refused by its flag's check: only the language can be wrong here.
  if (Status s = plan.index_options.Validate(); !s.ok()) {
    return Status::InvalidArgument("--language: " + s.message());
  }
  return plan;
}

Status ReadWordLists(const Flags& flags, Plan* plan) {
  if (!flags.synonyms.empty()) {
    auto groups = ReadSynonymsFile(flags.synonyms);
    if (!groups.ok()) return groups.status();
    plan->synonyms = std::move(groups).value();
  }
  if (!flags.stopwords.empty()) {
    auto words = ReadStopwordsFile(flags.stopwords);
    if (!words.ok()) return words.status();
    plan->stopwords = std::move(words).value();
  }
  return Status::Ok();
}

}  // namespace byline::indexer
