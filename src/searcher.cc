#include "byline/searcher.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "analysis.h"
#include "bm25_terms.h"
#include "byline/field_request.h"
#include "byline/fingerprint.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "data_dictionary.h"
#include "date_buckets.h"
#include "facets.h"
#include "fingerprint_table.h"
#include "index_format.h"
#include "index_settings.h"
#include "index_stats_of.h"
#include "least_matches.h"
#include "match_total.h"
#include "most_frequent_terms.h"
#include "phrase_check.h"
#include "query_builder.h"
#include "ranking_boosts.h"
#include "recency.h"
#include "related.h"
#include "relevance_feedback.h"
#include "snippeter.h"
#include "spelling_corrector.h"
#include "stored_article.h"
#include "text_words.h"
#include "xapian_status.h"

namespace byline {
namespace {

// Fills the date facet `facet` from what its counter (with collapsing) or
// Xapian's spy counted over DateFacetSlot (sortable_serialise'd seconds: the
// first of each day, or of each moment in an older index).
void CountDates(const FacetCounter* counter, const Xapian::ValueCountMatchSpy* spy,
                DateInterval asked, Facet* facet, std::vector<std::string>* warnings) {
  std::vector<std::pair<int64_t, uint64_t>> moments;
  uint64_t documents = 0;
  auto add = [&moments](const std::string& value, uint64_t count) {
    const double seconds = Xapian::sortable_unserialise(value);
    if (!std::isfinite(seconds)) return;
    moments.emplace_back(static_cast<int64_t>(std::floor(seconds)), count);
  };
  if (counter) {
    for (const auto& [value, count] : counter->counts()) add(value, count);
    documents = counter->documents();
  } else if (spy) {
    for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
      add(*it, it.get_termfreq());
    }
    documents = spy->get_total();
  }
  uint64_t dated = 0;
  for (const auto& m : moments) dated += m.second;
  DateBuckets buckets = BucketDates(moments, asked);
  facet->interval = DateIntervalName(buckets.interval);
  facet->values = std::move(buckets.buckets);
  facet->undated = documents >= dated ? documents - dated : 0;
  if (!buckets.warning.empty()) warnings->push_back(std::move(buckets.warning));
}

// A correction is looked for only when a query matched fewer articles than
// this (a typo leaves few or none; the spelling lookups cost more than the
// match itself on a large index), and offered as did_you_mean only when it
// matches at least kCorrectionRatio times as many (at least one when the
// query matched none).
constexpr Xapian::doccount kSpellingBelowMatches = 10;
constexpr Xapian::doccount kCorrectionRatio = 10;

using Clock = std::chrono::steady_clock;

// Most index terms a completion looks at (alphabetically from the prefix).
constexpr size_t kMaxCompletionScan = 20000;

// Articles whose votes WrittenForm counts to tell how a word is written (it
// reads at most twice as many).
constexpr Xapian::doccount kWrittenFormArticles = 6;

// Most candidates a related-articles answer looks through for ones that are
// not copies of the article.
constexpr Xapian::doccount kMostRelatedCandidates = 1000;

// How often a searcher missing a down shard tries to reconnect it.
constexpr double kDownShardRetrySeconds = 5;

// Said whenever remote shards are searched: Xapian's remote backend serves no
// spelling or synonym tables (queries still work, without those).
constexpr char kRemoteSpellingWarning[] =
    "did_you_mean is unavailable: remote shards serve no spelling data";

// Identity of the stub file: a rename puts a new inode in place.
struct StubStamp {
  ino_t inode = 0;
  int64_t mtime_ns = 0;
  bool operator==(const StubStamp& o) const { return inode == o.inode && mtime_ns == o.mtime_ns; }
};

StubStamp StampOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_ino, static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// The field a query term belongs to, as matched_fields names it ("title",
// "author", "source", "tags"); null for plain words and terms of no field.
// Terms are PREFIXword, or ZPREFIXstem for stems.
const char* FieldOfTerm(const std::string& term) {
  size_t p = 0;
  while (p < term.size() && term[p] >= 'A' && term[p] <= 'Z') ++p;
  std::string_view prefix(term.data(), p);
  if (prefix.size() > 1 && prefix[0] == schema::kStemPrefix[0]) prefix.remove_prefix(1);
  if (prefix == schema::kTitlePrefix) return "title";
  if (prefix == schema::kAuthorPrefix || prefix == schema::kAuthorExactPrefix) return "author";
  if (prefix == schema::kSourcePrefix || prefix == schema::kSourceExactPrefix) return "source";
  if (prefix == schema::kTagPrefix) return "tags";
  return nullptr;
}

// The declared text field whose words `term` is of ("summary" for
// "ZXTsummary:crisi" or "XTsummary:crisis"); empty for any other term.
std::string TextFieldOfTerm(const std::string& term) {
  std::string_view rest(term);
  if (rest.rfind(schema::kStemPrefix, 0) == 0) rest.remove_prefix(1);
  if (rest.rfind(schema::kFieldTextPrefix, 0) != 0) return "";
  rest.remove_prefix(std::char_traits<char>::length(schema::kFieldTextPrefix));
  const size_t colon = rest.find(':');
  return colon == std::string_view::npos ? "" : std::string(rest.substr(0, colon));
}

// Moves the stored article's fields into `hit`, with the custom fields
// `return_fields` names (every one with `all_fields`, "*").
void MoveIntoHit(Article* article, const std::vector<std::string>& return_fields, bool all_fields,
                 Hit* hit) {
  hit->id = std::move(article->id);
  hit->title = std::move(article->title);
  hit->url = std::move(article->url);
  hit->published = std::move(article->published);
  hit->source = std::move(article->source);
  hit->author = std::move(article->author);
  hit->tags = std::move(article->tags);
  if (return_fields.empty()) return;
  for (auto& field : article->extra_fields) {
    if (all_fields ||
        std::find(return_fields.begin(), return_fields.end(), field.first) != return_fields.end()) {
      hit->fields.push_back(std::move(field));
    }
  }
}

// The one weighting scheme of every ranked query: BM25, or BM25+ when delta
// is set (k1, k3, b, delta from `ranking`). min_normlen 0.5 keeps very short
// articles from scoring as if every word were their topic.
constexpr double kMinNormlen = 0.5;

void SetWeighting(const RankingOptions& ranking, Xapian::Enquire* enquire) {
  if (ranking.delta > 0) {
    enquire->set_weighting_scheme(
        Xapian::BM25PlusWeight(ranking.k1, 0, ranking.k3, ranking.b, kMinNormlen, ranking.delta));
  } else {
    enquire->set_weighting_scheme(
        Xapian::BM25Weight(ranking.k1, 0, ranking.k3, ranking.b, kMinNormlen));
  }
}

// The same scheme, for BM25 with lengths in memory (src/bm25_terms.h).
Bm25Parameters Bm25ParametersOf(const RankingOptions& ranking) {
  Bm25Parameters p;
  p.k1 = ranking.k1;
  p.k3 = ranking.k3;
  p.b = ranking.b;
  p.min_normlen = kMinNormlen;
  p.delta = ranking.delta;
  return p;
}

}  // namespace

struct Searcher::Impl {
  IndexLayout layout;
  SearchOptions options;
  Xapian::Database db;
  std::string generation;
  StubStamp stamp;
  Clock::time_point last_check;
  std::unique_ptr<Analyzer> analyzer;
  std::unique_ptr<QueryBuilder> query_builder;
  std::string stopwords;    // the index's list as last read, to notice changes
  std::string fields_text;  // the index's field declarations as last read, likewise
  FieldSchema fields;       // decoded from fields_text
  uint64_t reopens = 0;     // OpenCurrent after the first, plus reopen()s that moved on
  // Set when the stub lists several databases or remote ones (a sharded
  // index); then `shard_stamps` watches each local shard's own stub too.
  bool sharded = false;
  bool has_remote = false;
  std::vector<StubStamp> shard_stamps;
  std::vector<std::string> down_shards;  // "shard H:P is down: why", with allow_partial
  Clock::time_point shards_opened;
  // Set when the stub moved to databases of a format this Byline cannot read
  // while the previous ones were open: they are still served, and this says
  // why (in every search's warnings, and once on stderr).
  std::string format_refusal;
  bool refused_now = false;  // the last CheckFormat refused
  // Set when a commit in place (no older revision to serve) brought a newer
  // format: every search is refused until the index changes again.
  Status in_place_refusal;
  // Every fingerprint of `db` as open now; read on first use (Fingerprints)
  // and dropped whenever `db` changes.
  std::shared_ptr<const FingerprintTable> fingerprints;
  // The article lengths of `db`'s shards, for BM25 (src/bm25_terms.h); read
  // on first use and dropped whenever `db` changes, with `fingerprints`.
  ArticleLengths lengths;

  // `query` with its terms weighed with the article lengths in memory
  // (src/bm25_terms.h), unless the options say not to or a shard is remote.
  Xapian::Query WithLengths(const Xapian::Query& query) {
    if (!options.lengths_in_memory || has_remote) return query;
    return WithLengthsInMemory(query, db, Bm25ParametersOf(options.ranking), &lengths);
  }

  // The fingerprint table of the database as open now; null over remote
  // shards (a value stream there is a round trip per article). One
  // generation's table is shared by every Searcher at the same revision
  // (a sharded index's is each Searcher's own: its revision is per shard).
  const FingerprintTable* Fingerprints() {
    if (has_remote) return nullptr;
    if (!fingerprints) {
      if (sharded) {
        fingerprints = std::make_shared<const FingerprintTable>(FingerprintTable::Build(db));
      } else {
        fingerprints =
            SharedFingerprintTable(layout.GenerationPath(generation) + "@" + db.get_uuid() + "@" +
                                       std::to_string(db.get_revision()),
                                   db);
      }
    }
    return fingerprints.get();
  }

  // Set when the index keeps positions in streams and no shard is remote:
  // phrase and NEAR queries are then checked against the streams (Checked).
  bool phrase_checks = false;
  // Set when some shard keeps positions in streams but a shard is remote:
  // phrases then match as AND (Xapian's way without positions), and
  // searches with one say so.
  bool unchecked_streams = false;

  // `query` as it must be run here: with its phrases checked against
  // position streams when the index has them (see src/phrase_check.h).
  Xapian::Query Checked(const Xapian::Query& query) const {
    return phrase_checks ? WithPhraseChecks(query, schema::kPositionsSlot) : query;
  }

  Impl(std::string dir, const SearchOptions& opts) : layout(std::move(dir)), options(opts) {}

  Status CheckFormat(const Xapian::Database& opened, const std::string& dir) {
    Status s = CheckIndexFormat(opened, dir);
    refused_now = !s.ok();
    return s;
  }

  // After `refusal` of what the stub now lists: the first open fails with
  // it; a later one keeps what is open, and says so.
  Status KeepServing(const Status& refusal, const StubStamp& new_stamp) {
    if (!analyzer) return refusal;
    const std::string note = refusal.message() + "; still serving " + generation;
    if (note != format_refusal) std::fprintf(stderr, "byline: warning: %s\n", note.c_str());
    format_refusal = note;
    // Not retried until the stub (or a shard's) changes again.
    stamp = new_stamp;
    if (sharded) {
      if (auto entries = layout.ReadStub(); entries.ok()) {
        shard_stamps.clear();
        for (const auto& entry : *entries) {
          if (entry.kind != StubEntry::Kind::kLocal) continue;
          shard_stamps.push_back(StampOf(layout.GenerationPath(entry.path) + "/XAPIANDB"));
        }
      }
    }
    return Status::Ok();
  }

  // Opens what the stub lists now. Throws Xapian::Error.
  Status OpenCurrent() {
    StubStamp new_stamp = StampOf(layout.StubPath());
    auto entries = layout.ReadStub();
    if (!entries.ok()) return entries.status();
    refused_now = false;
    if (IndexLayout::IsSingleGeneration(*entries)) {
      Xapian::Database fresh(layout.GenerationPath(entries->front().path));
      if (Status s = CheckFormat(fresh, layout.dir()); !s.ok()) return KeepServing(s, new_stamp);
      RememberDataDictionary(fresh);
      db = std::move(fresh);
      generation = entries->front().path;
      sharded = has_remote = false;
      down_shards.clear();
    } else {
      if (Status s = OpenShards(*entries); !s.ok()) {
        return refused_now ? KeepServing(s, new_stamp) : s;
      }
      generation = "sharded:" + std::to_string(entries->size());
    }
    format_refusal.clear();
    fingerprints.reset();
    lengths.Clear();
    stamp = new_stamp;
    std::string language = db.get_metadata(schema::kLanguageMetadataKey);
    if (language.empty()) language = "english";
    Stemming stemming;
    if (!ParseStemming(db.get_metadata(schema::kStemmingMetadataKey), &stemming)) {
      return Status::Corruption(
          "index " + layout.dir() + " has an unknown " + schema::kStemmingMetadataKey + " \"" +
          db.get_metadata(schema::kStemmingMetadataKey) + "\" (written by a newer Byline?)");
    }
    // Queries are parsed the way this generation was indexed (a rebuild may
    // have changed either setting).
    if (!analyzer || analyzer->language() != language || analyzer->stemming() != stemming) {
      analyzer = std::make_unique<Analyzer>(language, stemming);
    }
    stopwords = db.get_metadata(schema::kStopwordsMetadataKey);
    // Over remote shards the servers match (xapian-tcpsrv runs no posting
    // source of ours): phrases there are theirs to check.
    phrase_checks = !has_remote && UsesPositionStreams(db);
    if (!sharded) unchecked_streams = false;
    ReadFields();
    query_builder = std::make_unique<QueryBuilder>(*analyzer, db, options, fields);
    return Status::Ok();
  }

  // Reads the declared fields; declarations this version does not know
  // leave none (searches work as on an index without them).
  void ReadFields() {
    fields_text = db.get_metadata(schema::kFieldsMetadataKey);
    auto decoded = DecodeFieldSchema(fields_text);
    fields = decoded.ok() ? std::move(decoded).value() : FieldSchema();
  }

  // Opens every database of a sharded stub as one. A remote shard that
  // cannot be reached fails the open, naming it, unless allow_partial.
  Status OpenShards(const std::vector<StubEntry>& entries) {
    Xapian::Database combined;
    std::vector<std::string> down;
    std::vector<StubStamp> stamps;
    bool remote = false;
    bool streams = false;
    const auto ms = [](double seconds) { return static_cast<unsigned>(seconds * 1000); };
    for (const auto& entry : entries) {
      if (entry.kind == StubEntry::Kind::kLocal) {
        const std::string path = layout.GenerationPath(entry.path);
        stamps.push_back(StampOf(path + "/XAPIANDB"));
        // Each shard records its own format (a remote one is its server's
        // to read).
        Xapian::Database shard(path);
        if (Status s = CheckFormat(shard, path); !s.ok()) return s;
        RememberDataDictionary(shard);
        streams = streams || UsesPositionStreams(shard);
        combined.add_database(shard);
        continue;
      }
      remote = true;
      try {
        Xapian::Database shard = Xapian::Remote::open(entry.host, static_cast<unsigned>(entry.port),
                                                      ms(options.remote_timeout_seconds),
                                                      ms(options.remote_connect_timeout_seconds));
        // Its articles come compressed with its own dictionary.
        RememberDataDictionary(shard);
        streams = streams || UsesPositionStreams(shard);
        combined.add_database(shard);
      } catch (const Xapian::NetworkError& e) {
        std::string why = "shard " + entry.Name() + " (" + layout.StubPath() + ":" +
                          std::to_string(entry.line) + ") is down: " + e.get_msg();
        if (!options.allow_partial) return Status::Unavailable(why);
        down.push_back(std::move(why));
      }
    }
    if (down.size() == entries.size()) {
      return Status::Unavailable("every shard of " + layout.dir() +
                                 " is down; first: " + down.front());
    }
    db = std::move(combined);
    sharded = true;
    has_remote = remote;
    unchecked_streams = remote && streams;
    shard_stamps = std::move(stamps);
    down_shards = std::move(down);
    shards_opened = Clock::now();
    in_place_refusal = Status::Ok();
    return Status::Ok();
  }

  // Reopens everything after a network error: names the shard that is
  // down, or (allow_partial) leaves it out.
  Status Reconnect() {
    try {
      ++reopens;
      return OpenCurrent();
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "reopening index " + layout.dir());
    }
  }

  bool ShardsChanged() const {
    if (!sharded) return false;
    if (!down_shards.empty() &&
        Clock::now() - shards_opened >= std::chrono::duration<double>(kDownShardRetrySeconds)) {
      return true;  // time to see whether the down shards are back
    }
    auto entries = layout.ReadStub();
    if (!entries.ok()) return true;
    size_t i = 0;
    for (const auto& entry : *entries) {
      if (entry.kind != StubEntry::Kind::kLocal) continue;
      if (i >= shard_stamps.size() ||
          !(StampOf(layout.GenerationPath(entry.path) + "/XAPIANDB") == shard_stamps[i++])) {
        return true;
      }
    }
    return false;
  }

  Status Refresh(bool force) {
    auto now = Clock::now();
    if (!force &&
        now - last_check < std::chrono::duration<double>(options.reopen_interval_seconds)) {
      return Status::Ok();
    }
    Status s = CheckForChanges();
    // A failure is not throttled: until the index is readable again, every
    // call reports it instead of quietly answering from the old generation.
    last_check = s.ok() ? now : Clock::time_point();
    return s;
  }

  Status CheckForChanges() {
    try {
      if (ShardsChanged()) return Reconnect();
      if (!(StampOf(layout.StubPath()) == stamp)) {
        if (sharded) return Reconnect();
        auto current = layout.CurrentGeneration();
        // Not one generation any more (now a sharded stub, or damaged):
        // reopening tells which.
        if (!current.ok()) return Reconnect();
        if (*current != generation) {
          ++reopens;
          return OpenCurrent();
        }
      }
      if (db.reopen()) {
        ++reopens;
        fingerprints.reset();
        lengths.Clear();
        // Committed in place by a newer Byline: the older revision is gone.
        in_place_refusal = CheckIndexFormat(db, layout.dir());
        if (!in_place_refusal.ok()) return in_place_refusal;
        // A commit may have brought a new stopword list (synonyms are read
        // from the database at each parse).
        std::string latest = db.get_metadata(schema::kStopwordsMetadataKey);
        std::string latest_fields = db.get_metadata(schema::kFieldsMetadataKey);
        if (latest != stopwords || latest_fields != fields_text) {
          stopwords = std::move(latest);
          ReadFields();
          query_builder = std::make_unique<QueryBuilder>(*analyzer, db, options, fields);
        }
      }
      // Still the refused revision: reopen() has nothing new to say.
      return in_place_refusal;
    } catch (const Xapian::NetworkError&) {
      return Reconnect();
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "reopening index " + layout.dir());
    }
  }

  // Refreshes (throttled), then runs `read` (a Result<T> from the database),
  // and turns a Xapian::Error it throws into a Status about `what`
  // ("searching"). A writer may commit twice while we read; then the
  // revision we hold is gone (DatabaseModifiedError): reopen and try once
  // more. A shard may go away mid-query (NetworkError): reconnecting names
  // it, or leaves it out with allow_partial, and we try once more. A second
  // failure, or any other error, is returned.
  template <typename Read>
  auto WithRetry(const std::string& what, Read read) -> decltype(read()) {
    if (Status s = Refresh(false); !s.ok()) return s;
    for (int attempt = 0;; ++attempt) {
      try {
        return read();
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt > 0) return StatusFromXapian(e, what);
        if (Status s = Refresh(true); !s.ok()) return s;
      } catch (const Xapian::NetworkError& e) {
        if (attempt > 0) return StatusFromXapian(e, what);
        if (Status s = Reconnect(); !s.ok()) return s;
      } catch (const Xapian::Error& e) {
        return StatusFromXapian(e, what);
      }
    }
  }

  Result<SearchResponse> RunSearch(const SearchRequest& asked) {
    SearchResponse response;
    std::vector<std::string> warnings = down_shards;
    if (!format_refusal.empty()) warnings.push_back(format_refusal);
    if (auto error = CheckFieldRequest(fields, asked)) return error->status;
    SearchRequest req = asked;
    if (has_remote) {
      // Remote shards run only Xapian's built-in match spies and posting
      // sources: drop ours rather than fail the search.
      if (req.spelling) warnings.push_back(kRemoteSpellingWarning);
      // The date facet counts with Xapian's ValueCountMatchSpy, which they
      // run, unless collapsing (which needs ours to count a group once).
      const bool date_kept =
          req.collapse == CollapseKey::kNone &&
          std::find(req.facets.begin(), req.facets.end(), FacetField::kDate) != req.facets.end();
      if (req.facets.size() > (date_kept ? 1u : 0u)) {
        warnings.push_back(date_kept ? "facets other than date are unavailable: remote shards "
                                       "cannot count them"
                                     : "facets are unavailable: remote shards cannot count them");
      }
      req.facets.clear();
      if (date_kept) req.facets.push_back(FacetField::kDate);
      if (req.recency_half_life_days > 0 && req.sort == SortOrder::kRelevance) {
        warnings.push_back("recency boost is unavailable over remote shards");
        req.recency_half_life_days = 0;
      }
      if (req.sort == SortOrder::kOldestFirst) {
        warnings.push_back(
            "over remote shards, articles without a date come first when oldest come first");
      }
      if (req.sort == SortOrder::kByField && !req.sort_descending) {
        warnings.push_back("over remote shards, articles without " + req.sort_field +
                           " come first when sorting by it in ascending order");
      }
    }
    BuiltQuery built = query_builder->Build(req);
    if (unchecked_streams && HasPhrases(built.query)) {
      warnings.push_back(
          "phrases match as all their words here: a shard keeps its positions in streams, "
          "which remote shards (xapian-tcpsrv) cannot check");
    }
    response.fallback_parse = built.fallback;
    Xapian::doccount most_matches = 0;
    if (Status s = Match(req, built, &response, &most_matches); !s.ok()) return s;
    // Xapian's upper bound, not `total`: it says "fewer than 10" whatever
    // exact_total_up_to is, so that setting changes no other work.
    if (req.spelling && !has_remote && most_matches < kSpellingBelowMatches) {
      std::string correction = SpellingCorrector(db, analyzer->stemmer()).Correct(req.query);
      // What the query matched: its exact total, else the upper bound.
      const Xapian::doccount typed =
          response.total_exact ? static_cast<Xapian::doccount>(response.total) : most_matches;
      if (!correction.empty() && MatchesMore(req, correction, std::min(typed, most_matches))) {
        response.did_you_mean = std::move(correction);
      }
    }
    const std::string did_you_mean = response.did_you_mean;
    if (req.auto_correct && most_matches == 0 && !did_you_mean.empty()) {
      SearchRequest retry = req;
      retry.query = did_you_mean;
      retry.spelling = false;
      SearchResponse corrected;
      if (Status s = Match(retry, query_builder->Build(retry), &corrected, &most_matches);
          !s.ok()) {
        return s;
      }
      if (most_matches > 0) {
        corrected.did_you_mean = did_you_mean;
        corrected.corrected = true;
        response = std::move(corrected);
      }
    }
    response.partial = !down_shards.empty();
    warnings.insert(warnings.end(), response.warnings.begin(), response.warnings.end());
    response.warnings = std::move(warnings);
    return response;
  }

  // Whether `correction` of req.query matches at least kCorrectionRatio
  // times `typed` articles (at least one when `typed` is 0), with the same
  // filters. Counts no further than that.
  bool MatchesMore(const SearchRequest& req, const std::string& correction,
                   Xapian::doccount typed) {
    SearchRequest corrected = req;
    corrected.query = correction;
    Xapian::Enquire enquire(db);
    enquire.set_query(Checked(query_builder->Build(corrected).query));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount needed = typed == 0 ? 1 : typed * kCorrectionRatio;
    return enquire.get_mset(0, 0, needed).get_matches_lower_bound() >= needed;
  }

  // Runs `built` and fills total, hits and facets of `response`;
  // `most_matches` gets Xapian's upper bound on the number of matches.
  Status Match(const SearchRequest& req, const BuiltQuery& built, SearchResponse* response,
               Xapian::doccount* most_matches) {
    Xapian::Enquire enquire(db);
    const RankingOptions& ranking = options.ranking;
    SetWeighting(ranking, &enquire);
    Xapian::Query query = Checked(
        built.match_all ? built.query
                        : WithRankingBoosts(built.query, ranking, analyzer->StemsAllWords()));
    if (options.expand_long_queries && !built.fallback && !built.match_all) {
      // An "all words" query keeps its matches; feedback only reorders them.
      query = ExpandWithFeedback(db, &enquire, built.query, query, *analyzer, ranking.feedback,
                                 /*expansion_may_match=*/req.op == DefaultOp::kOr);
    }
    if (req.sort == SortOrder::kRelevance && req.recency_half_life_days > 0 &&
        req.recency_weight > 0) {
      query = WithRecencyBoost(query, req.recency_half_life_days, req.recency_weight);
    }
    // Lengths from memory, where the query runs here and Xapian does not
    // make the snippets (it would find no term in a query of posting sources).
    const bool xapian_snippets =
        req.snippets && Snippeter::UsesXapian(built.text, analyzer->StemsAllWords());
    enquire.set_query(xapian_snippets ? query : WithLengths(query));

    Xapian::MultiValueKeyMaker by_date;
    if (req.sort != SortOrder::kRelevance) {
      bool newest_first = req.sort == SortOrder::kNewestFirst;
      Xapian::valueno slot = schema::kPublishedSlot;
      if (req.sort == SortOrder::kByField) {
        newest_first = req.sort_descending;
        slot = schema::kFirstFieldSlot +
               static_cast<Xapian::valueno>(std::max(0, FieldIndex(fields, req.sort_field)));
      }
      if (has_remote) {
        // The remote backend takes no KeyMaker, only a plain value sort:
        // undated articles (an empty value) then come first oldest-first.
        enquire.set_sort_by_value_then_relevance(slot, newest_first);
      } else {
        // Undated articles sort last either way: a high default when oldest
        // come first; a reversed empty key already sorts last.
        by_date.add_value(slot, newest_first,
                          newest_first ? std::string() : std::string(16, '\xff'));
        enquire.set_sort_by_key_then_relevance(&by_date, false);
      }
    }
    Xapian::valueno collapse_slot = Xapian::BAD_VALUENO;
    if (req.collapse == CollapseKey::kUrl) collapse_slot = schema::kUrlKeySlot;
    if (req.collapse == CollapseKey::kTitle) collapse_slot = schema::kTitleKeySlot;
    if (collapse_slot != Xapian::BAD_VALUENO) enquire.set_collapse_key(collapse_slot);

    // Facets count a collapsed group once, as the results show it.
    // The date facet without collapsing counts with Xapian's own spy, which
    // remote shards run too (its entry in `counters` stays null).
    std::vector<std::unique_ptr<FacetCounter>> counters;
    std::unique_ptr<Xapian::ValueCountMatchSpy> date_spy;
    const bool date_facet =
        std::find(req.facets.begin(), req.facets.end(), FacetField::kDate) != req.facets.end();
    const Xapian::valueno date_slot = date_facet ? DateFacetSlot(db) : schema::kPublishedSlot;
    for (FacetField field : req.facets) {
      if (field == FacetField::kDate && collapse_slot == Xapian::BAD_VALUENO) {
        date_spy = std::make_unique<Xapian::ValueCountMatchSpy>(date_slot);
        enquire.add_matchspy(date_spy.get());
        counters.emplace_back();
        continue;
      }
      counters.emplace_back(NewFacetCounter(field, collapse_slot, date_slot));
      enquire.add_matchspy(counters.back().get());
    }
    for (const std::string& name : req.field_facets) {
      const int index = FieldIndex(fields, name);  // a keyword field (CheckFieldRequest)
      counters.emplace_back(new FacetCounter(
          schema::kFirstFieldSlot + static_cast<Xapian::valueno>(std::max(0, index)), true,
          collapse_slot));
      enquire.add_matchspy(counters.back().get());
    }
    // Facets count what the matcher sees, so it must see every match;
    // otherwise matches are counted up to one past exact_total_up_to, the
    // same for every page and order (match_total.h).
    const bool every_match = !counters.empty();
    const bool collapse = req.collapse != CollapseKey::kNone;
    // Words that alone match more than exact_total_up_to spare the counting
    // (most one-word searches for common words). Looked up only when the
    // counting would go past the page; not when collapsing, which may leave
    // fewer matches, nor over remote shards (a round trip per word).
    const bool counts_past_page = !every_match && req.exact_total_up_to >= req.offset + req.limit;
    const Xapian::doccount least =
        counts_past_page && !collapse && !has_remote ? LeastMatches(query, db) : 0;
    const MatchCounting counting =
        PlanMatchCounting(req.offset, req.limit, req.exact_total_up_to, every_match, collapse,
                          least, db.get_doccount());
    // Xapian's time limit only ends counting past the page early, and each
    // search it is set for costs a POSIX timer (three system calls). So it
    // is set for counting every match, which has no bound but the index;
    // counting to exact_total_up_to stops there (and costs at most what
    // sorting the same query by date, which cannot be cut, does anyway).
    const bool time_limited = every_match && options.time_limit_seconds > 0 &&
                              counting.check_at_least > req.offset + req.limit;
    if (time_limited) enquire.set_time_limit(options.time_limit_seconds);

    auto start = Clock::now();
    Xapian::MSet mset;
    // The MSet ranks of the page's hits, and (folding) their fingerprints.
    std::vector<Xapian::doccount> page_ranks;
    std::vector<std::optional<uint64_t>> page_fingerprints;
    if (req.dedupe == Dedupe::kNear) {
      // Folding starts at the first rank whatever the page, so the MSet
      // starts there too, deep enough for the page's kept hits plus some
      // folded ones; deeper (twice, and so on) when folds left it short.
      const size_t want = req.offset + req.limit;
      const size_t most = std::max<size_t>(req.dedupe_max_ranks, 1);
      size_t depth = std::min(want + want / 2 + 8, most);
      // Collapsing counts exactly only over the hits kept (match_total.h).
      if (collapse) depth = std::max<size_t>(depth, req.offset + counting.items);
      FoldedRanks folding;
      for (;;) {
        mset = enquire.get_mset(
            0, static_cast<Xapian::doccount>(depth),
            static_cast<Xapian::doccount>(std::max<uint64_t>(counting.check_at_least, depth)));
        folding = FoldRanks(mset, want);
        if (folding.kept.size() >= want || mset.size() < depth || depth >= most) break;
        depth = std::min(depth * 2, most);
      }
      response->deduped = true;
      response->folded = folding.folded;
      response->dedupe_short =
          folding.kept.size() < want && mset.get_matches_lower_bound() > mset.size();
      for (size_t k = req.offset; k < folding.kept.size() && k < want; ++k) {
        page_ranks.push_back(folding.kept[k]);
        page_fingerprints.push_back(folding.fingerprints[k]);
      }
      if (has_remote) {
        response->warnings.push_back(
            "duplicates are not counted over remote shards; folding still applies");
      }
    } else {
      mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                              static_cast<Xapian::doccount>(counting.items),
                              static_cast<Xapian::doccount>(counting.check_at_least));
      // With collapse the MSet may hold more than the page (PlanMatchCounting).
      for (Xapian::doccount r = 0; r < std::min<size_t>(mset.size(), req.limit); ++r) {
        page_ranks.push_back(r);
      }
    }
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    response->timed_out = time_limited && elapsed >= options.time_limit_seconds;
    const MatchTotal total =
        TotalOfMatches(mset.get_matches_lower_bound(), mset.get_matches_upper_bound(),
                       req.exact_total_up_to, every_match, response->timed_out, least);
    response->total = total.total;
    response->total_exact = total.exact;
    *most_matches = mset.get_matches_upper_bound();
    for (size_t i = 0; i < counters.size(); ++i) {
      Facet facet;
      if (i < req.facets.size()) {
        facet.field = req.facets[i];
      } else {
        facet.name = req.field_facets[i - req.facets.size()];
      }
      if (facet.name.empty() && facet.field == FacetField::kDate) {
        CountDates(counters[i].get(), date_spy.get(), req.date_interval, &facet,
                   &response->warnings);
      } else {
        facet.values = counters[i]->Top(req.facet_size);
      }
      response->facets.push_back(std::move(facet));
    }

    // The query's field terms (title:x, author:"...", source:x, tag:x) by
    // field: a hit holding one matched through that field. Filters (not in
    // built.text) do not count.
    std::vector<std::pair<std::string, std::string>> field_terms;
    if (req.snippets) {
      for (auto t = built.text.get_unique_terms_begin(); t != built.text.get_unique_terms_end();
           ++t) {
        if (const char* field = FieldOfTerm(*t)) {
          field_terms.emplace_back(field, *t);
        } else if (std::string name = TextFieldOfTerm(*t); !name.empty()) {
          field_terms.emplace_back(std::move(name), *t);  // summary:crisis
        }
      }
    }

    response->hits.clear();
    response->hits.reserve(page_ranks.size());
    const FingerprintTable* table =
        req.dedupe == Dedupe::kNear && !page_ranks.empty() ? Fingerprints() : nullptr;
    std::optional<Snippeter> snippeter;
    if (req.snippets) {
      snippeter.emplace(mset, built.text, analyzer->stemmer(), analyzer->StemsAllWords(),
                        req.highlight_start, req.highlight_end);
    }
    Article article;
    const bool all_fields = std::find(req.return_fields.begin(), req.return_fields.end(), "*") !=
                            req.return_fields.end();
    for (size_t k = 0; k < page_ranks.size(); ++k) {
      const Xapian::MSetIterator it = mset[page_ranks[k]];
      if (!DecodeStoredArticle(it.get_document().get_data(), &article)) {
        return Status::Corruption("document " + std::to_string(*it) + " has unreadable data");
      }
      Hit hit;
      hit.score = it.get_weight();
      if (req.collapse != CollapseKey::kNone) hit.collapsed = it.get_collapse_count();
      if (table && k < page_fingerprints.size()) {
        hit.duplicates = page_fingerprints[k] ? table->CountNear(*page_fingerprints[k], *it) : 0;
      }
      if (snippeter) {
        hit.title_html = snippeter->Title(article.title);
        hit.snippet_html = snippeter->Body(article.body, req.snippet_chars);
        std::vector<std::string> matched;  // matched through a field term
        for (const auto& [field, term] : field_terms) {
          if (std::find(matched.begin(), matched.end(), field) == matched.end() &&
              Holds(article, *it, term)) {
            matched.push_back(field);
          }
        }
        auto through = [&matched](const std::string& field) {
          return std::find(matched.begin(), matched.end(), field) != matched.end();
        };
        if (through("title") || hit.title_html.find(req.highlight_start) != std::string::npos) {
          hit.matched_fields.push_back("title");
        }
        if (hit.snippet_html.find(req.highlight_start) != std::string::npos) {
          hit.matched_fields.push_back("body");
        }
        for (const char* field : {"author", "source", "tags"}) {
          if (through(field)) hit.matched_fields.push_back(field);
        }
        for (const FieldSpec& field : this->fields) {  // declared text fields
          if (field.type == FieldType::kText && through(field.name)) {
            hit.matched_fields.push_back(field.name);
          }
        }
      }
      MoveIntoHit(&article, req.return_fields, all_fields, &hit);
      response->hits.push_back(std::move(hit));
    }
    return Status::Ok();
  }

  struct FoldedRanks {
    std::vector<Xapian::doccount> kept;                 // MSet ranks kept, in order
    std::vector<std::optional<uint64_t>> fingerprints;  // theirs
    uint64_t folded = 0;                                // ranks folded up to the last one examined
  };

  // Walks `mset` from its first rank, keeping a hit unless its fingerprint
  // is within kNearDuplicateDistance of one kept before it, until `want`
  // are kept (or the MSet ends).
  static FoldedRanks FoldRanks(const Xapian::MSet& mset, size_t want) {
    FoldedRanks out;
    std::vector<uint64_t> kept_fingerprints;  // those kept that have one
    uint64_t folded_since_kept = 0;
    for (Xapian::doccount r = 0; r < mset.size() && out.kept.size() < want; ++r) {
      const std::optional<uint64_t> fingerprint =
          FingerprintFromValue(mset[r].get_document().get_value(schema::kFingerprintSlot));
      bool fold = false;
      if (fingerprint) {
        for (uint64_t kept : kept_fingerprints) {
          if (FingerprintDistance(kept, *fingerprint) <= kNearDuplicateDistance) {
            fold = true;
            break;
          }
        }
      }
      if (fold) {
        ++folded_since_kept;
        continue;
      }
      out.folded += folded_since_kept;
      folded_since_kept = 0;
      out.kept.push_back(r);
      out.fingerprints.push_back(fingerprint);
      if (fingerprint) kept_fingerprints.push_back(*fingerprint);
    }
    // A page left short examined the MSet to its end.
    if (out.kept.size() < want) out.folded += folded_since_kept;
    return out;
  }

  // The words never used as an article's distinctive words: the index's own
  // stopword list, else its language's.
  std::vector<std::string> StopwordList() const {
    if (stopwords.empty()) return analyzer->stopwords();
    std::vector<std::string> words;
    size_t start = 0;
    while (start < stopwords.size()) {
      size_t end = stopwords.find('\n', start);
      if (end == std::string::npos) end = stopwords.size();
      if (end > start) words.push_back(schema::Normalise(stopwords.substr(start, end - start)));
      start = end + 1;
    }
    return words;
  }

  Result<RelatedResponse> RunRelated(const RelatedRequest& req) {
    if (req.limit > kMaxRelatedLimit) {
      return Status::InvalidArgument("related limit must be at most " +
                                     std::to_string(kMaxRelatedLimit));
    }
    SearchRequest as_search;  // what CheckFieldRequest checks
    as_search.filters = req.filters;
    as_search.return_fields = req.return_fields;
    if (auto error = CheckFieldRequest(fields, as_search)) return error->status;
    RelatedResponse response;
    response.warnings = down_shards;
    if (!format_refusal.empty()) response.warnings.push_back(format_refusal);
    response.partial = !down_shards.empty();

    const std::string id_term = schema::IdTerm(req.id);
    Xapian::PostingIterator p = db.postlist_begin(id_term);
    if (p == db.postlist_end(id_term)) {
      return Status::NotFound("no article with id \"" + req.id + "\"");
    }
    const Xapian::docid source = *p;
    const Xapian::Document source_doc = db.get_document(source);
    RelatedQuery related =
        BuildRelatedQuery(db, source, source_doc, *analyzer, StopwordList(), options.related);
    response.terms = std::move(related.terms);
    if (response.terms.empty() || req.limit == 0) return response;

    Xapian::Query query(Xapian::Query::OP_AND_NOT, related.query, Xapian::Query(id_term));
    if (!req.filters.empty()) {
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, FilterQuery(req.filters, fields));
    }
    Xapian::Enquire enquire(db);
    SetWeighting(options.ranking, &enquire);
    const RelatedOptions& how = options.related;
    if (how.candidates > 0 && !sharded && !has_remote &&
        response.terms.size() > how.candidate_terms) {
      // Stage 1: the candidates, by the heaviest words alone.
      Xapian::Query first(Xapian::Query::OP_AND_NOT, related.strongest, Xapian::Query(id_term));
      if (!req.filters.empty()) {
        first = Xapian::Query(Xapian::Query::OP_FILTER, first, FilterQuery(req.filters, fields));
      }
      enquire.set_query(WithLengths(first));
      const Xapian::MSet candidates = enquire.get_mset(0, how.candidates);
      std::vector<Xapian::docid> docids;
      docids.reserve(candidates.size());
      for (auto it = candidates.begin(); it != candidates.end(); ++it) docids.push_back(*it);
      std::sort(docids.begin(), docids.end());
      // Too few to fill the list past its copies: the heaviest words match
      // little, and the rest are needed (one stage, as without candidates).
      if (candidates.size() >= std::min<size_t>(how.candidates, 4 * (req.limit + 8))) {
        auto* in_candidates = new DocidSetSource(std::move(docids));
        query =
            Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(in_candidates->release()));
      }
    }
    enquire.set_query(WithLengths(query));
    const CopyKeys source_keys = CopyKeysOf(source_doc);
    const bool all_fields = std::find(req.return_fields.begin(), req.return_fields.end(), "*") !=
                            req.return_fields.end();
    // Copies are dropped as they come: a few more than the limit are asked
    // for, and more when too many were copies.
    const Xapian::doccount batch = static_cast<Xapian::doccount>(req.limit) + 8;
    Xapian::doccount first = 0;
    Article article;
    while (response.hits.size() < req.limit) {
      Xapian::MSet mset = enquire.get_mset(first, batch);
      std::optional<Snippeter> snippeter;
      if (req.snippets) {
        snippeter.emplace(mset, Xapian::Query(), analyzer->stemmer(), analyzer->StemsAllWords(),
                          "<mark>", "</mark>");
      }
      for (auto it = mset.begin(); it != mset.end() && response.hits.size() < req.limit; ++it) {
        const Xapian::Document doc = it.get_document();
        if (IsCopyOf(source_keys, CopyKeysOf(doc))) continue;
        if (!DecodeStoredArticle(doc.get_data(), &article)) {
          return Status::Corruption("document " + std::to_string(*it) + " has unreadable data");
        }
        Hit hit;
        hit.score = it.get_weight();
        if (snippeter) {
          hit.title_html = snippeter->Title(article.title);
          hit.snippet_html = snippeter->Body(article.body, req.snippet_chars);
        }
        MoveIntoHit(&article, req.return_fields, all_fields, &hit);
        response.hits.push_back(std::move(hit));
      }
      // Nothing more matches, or the article has more copies than it is
      // worth looking past.
      if (mset.size() < batch || first + batch >= kMostRelatedCandidates) break;
      first += batch;
    }
    // Equal scores in id order, whatever the docids (shards interleave them).
    std::stable_sort(response.hits.begin(), response.hits.end(), [](const Hit& a, const Hit& b) {
      return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
    return response;
  }

  // Whether `article` (document `docid`) holds the field term `term`: whole
  // values (tags, exact source and author) are compared with the stored
  // article; words are looked up in their posting list, except over remote
  // shards, which would send the whole list (there highlighting alone tells).
  bool Holds(const Article& article, Xapian::docid docid, const std::string& term) {
    auto starts = [&term](const char* prefix) { return term.rfind(prefix, 0) == 0; };
    if (starts(schema::kSourceExactPrefix)) return schema::SourceTerm(article.source) == term;
    if (starts(schema::kAuthorExactPrefix)) return schema::AuthorTerm(article.author) == term;
    if (starts(schema::kTagPrefix)) {
      return std::any_of(article.tags.begin(), article.tags.end(),
                         [&term](const std::string& tag) { return schema::TagTerm(tag) == term; });
    }
    if (has_remote) return false;
    Xapian::PostingIterator p = db.postlist_begin(term);
    p.skip_to(docid);
    return p != db.postlist_end(term) && *p == docid;
  }

  Result<DuplicatesResponse> RunDuplicates(const std::string& id, size_t limit) {
    const std::string term = schema::IdTerm(id);
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return Status::NotFound("no article with id \"" + id + "\"");
    const Xapian::docid docid = *p;
    DuplicatesResponse out;
    const std::optional<uint64_t> fingerprint =
        FingerprintFromValue(db.get_document(docid).get_value(schema::kFingerprintSlot));
    if (!fingerprint) return out;  // no words: nobody's near-duplicate
    const FingerprintTable* table = Fingerprints();
    if (!table) {
      return Status::Unavailable("near-duplicates cannot be listed over remote shards");
    }
    const auto near = table->Near(*fingerprint, docid);
    out.total = near.size();
    Article article;
    for (const auto& [other, distance] : near) {
      if (!DecodeStoredArticle(db.get_document(other).get_data(), &article)) {
        return Status::Corruption("document " + std::to_string(other) + " has unreadable data");
      }
      out.duplicates.push_back({std::move(article.id), std::move(article.title),
                                std::move(article.url), std::move(article.published),
                                std::move(article.source), distance});
    }
    // Closest first, then newest (ISO dates compare as text; undated last).
    std::sort(out.duplicates.begin(), out.duplicates.end(),
              [](const Duplicate& a, const Duplicate& b) {
                if (a.distance != b.distance) return a.distance < b.distance;
                if (a.published != b.published) return a.published > b.published;
                return a.id < b.id;
              });
    if (out.duplicates.size() > limit) out.duplicates.resize(limit);
    return out;
  }

  Result<SuggestResponse> RunSuggest(const SuggestRequest& req) {
    SuggestResponse response;
    // The last word is still being typed unless the text ends in a space.
    const std::string& text = req.query;
    size_t cut = text.find_last_of(" \t\r\n");
    std::string head = cut == std::string::npos ? "" : text.substr(0, cut + 1);
    std::string partial = schema::Normalise(cut == std::string::npos ? text : text.substr(cut + 1));
    if (!partial.empty() && req.completions > 0) {
      response.completions = CompleteWord(head, partial, req.completions);
    }
    if (req.titles > 0 && text.find_first_not_of(" \t\r\n") != std::string::npos) {
      Xapian::Enquire enquire(db);
      enquire.set_query(Checked(query_builder->BuildTitlePrefixQuery(text)));
      SetWeighting(RankingOptions(), &enquire);  // the defaults, whatever the search's are
      // No time limit: Xapian's only shortens check_at_least, which is 0 here.
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(req.titles));
      Article article;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (!DecodeStoredArticle(it.get_document().get_data(), &article)) {
          return Status::Corruption("document " + std::to_string(*it) + " has unreadable data");
        }
        response.titles.push_back(
            {std::move(article.id), std::move(article.title), std::move(article.url)});
      }
    }
    return response;
  }

  // The term a word of titles and bodies is indexed under: its stem term on
  // an index of stems, else the word itself.
  std::string TextTermOf(const std::string& word) const {
    return analyzer->StemsAllWords() ? schema::StemTerm("", analyzer->stemmer()(word)) : word;
  }

  // A word as written in the best article holding `stem_term` ("Zcomput"),
  // lower-cased, whose stem it is; "" when there is none.
  std::string WordForStem(const std::string& stem_term) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(stem_term));
    Xapian::MSet top = enquire.get_mset(0, 1);
    Article article;
    if (top.empty() || !DecodeStoredArticle(top.begin().get_document().get_data(), &article)) {
      return "";
    }
    // The article's words as TermGenerator splits them, without stemming.
    Xapian::TermGenerator words;
    Xapian::Document scratch;
    words.set_document(scratch);
    words.index_text_without_positions(article.title);
    words.index_text_without_positions(article.body);
    std::string best;
    Xapian::termcount best_wdf = 0;
    for (auto w = scratch.termlist_begin(); w != scratch.termlist_end(); ++w) {
      if (w.get_wdf() > best_wdf && schema::StemTerm("", analyzer->stemmer()(*w)) == stem_term) {
        best = *w;
        best_wdf = w.get_wdf();
      }
    }
    return best;
  }

  // How `word` (lower-cased) is most often written ("readFileSync", "Blair"),
  // by a vote of a few articles holding it, spread over the index (docids
  // from every part of it; over remote shards the first ones). Each article
  // votes for the form it uses most in the middle of its body's sentences,
  // so one article repeating a name ("Posted Price") counts once; the form
  // with the most votes wins, the lower-cased word on a tie. A capital at the
  // start of a sentence, in a title or in a word all in capitals says little:
  // when an article has only those, its vote is weak, and weak votes decide only when there are no
  // others and the form differs from the word past its first letter
  // ("iPhone", "NASA"). `word` itself when nothing better was seen.
  std::string WrittenForm(const std::string& word) {
    const std::string term = TextTermOf(word);
    std::vector<Xapian::docid> sample;
    if (has_remote) {
      // The remote backend would send a whole posting list: ask for a few.
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(term));
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      Xapian::MSet first = enquire.get_mset(0, kWrittenFormArticles);
      for (auto it = first.begin(); it != first.end(); ++it) sample.push_back(*it);
    } else {
      // Two neighbours from each of kWrittenFormArticles parts of the index
      // (the stem's articles need not all hold this form of it).
      const Xapian::docid last = db.get_lastdocid();
      Xapian::PostingIterator p = db.postlist_begin(term);
      const Xapian::PostingIterator end = db.postlist_end(term);
      for (Xapian::doccount k = 0; k < kWrittenFormArticles && p != end; ++k) {
        p.skip_to(static_cast<Xapian::docid>(1 + uint64_t{k} * last / kWrittenFormArticles));
        for (int i = 0; i < 2 && p != end; ++i, ++p) {
          if (sample.empty() || sample.back() < *p) sample.push_back(*p);
        }
      }
    }
    bool ascii = true;
    for (char c : word) {
      ascii = ascii && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    using Forms = std::vector<std::pair<std::string, unsigned>>;
    auto add = [](Forms* forms, std::string_view form) {
      for (auto& f : *forms) {
        if (f.first == form) {
          ++f.second;
          return;
        }
      }
      forms->emplace_back(std::string(form), 1);
    };
    // The most frequent form; on a tie the lower-cased one, else the first.
    auto most = [&](const Forms& forms) -> const std::string* {
      const std::pair<std::string, unsigned>* best = nullptr;
      for (const auto& f : forms) {
        if (!best || f.second > best->second || (f.second == best->second && f.first == word)) {
          best = &f;
        }
      }
      return best ? &best->first : nullptr;
    };
    Forms strong_votes, weak_votes, strong, weak;
    Article article;
    size_t votes = 0;
    for (Xapian::docid id : sample) {
      if (votes >= kWrittenFormArticles) break;
      if (!DecodeStoredArticle(db.get_document(id).get_data(), &article)) continue;
      strong.clear();
      weak.clear();
      auto scan = [&](const std::string& text, bool title) {
        auto seen = [&](std::string_view written, bool sentence_start) {
          // All capitals is how some text is written throughout ("NEW YORK
          // (Reuters)"): it says as little as a title.
          bool shouted = written.size() > 1;
          for (char c : written) shouted = shouted && !(c >= 'a' && c <= 'z');
          add(title || sentence_start || shouted ? &weak : &strong, written);
        };
        if (ascii) {
          ForEachAsciiOccurrence(text, word, seen);
        } else {
          ForEachTextWord(text, [&](const TextWord& w) {
            if (w.plain && w.lower == word) seen(w.written, w.sentence_start);
          });
        }
      };
      scan(article.title, true);
      scan(article.body, false);
      if (const std::string* form = most(strong)) {
        add(&strong_votes, *form);
        ++votes;
      } else if (const std::string* weak_form = most(weak)) {
        add(&weak_votes, *weak_form);
        ++votes;
      }
    }
    if (const std::string* form = most(strong_votes)) return *form;
    if (const std::string* form = most(weak_votes)) {
      // Lower-casing changes nothing past the first character?
      size_t first = 1;
      while (first < form->size() && (static_cast<unsigned char>((*form)[first]) & 0xC0) == 0x80) {
        ++first;
      }
      if (word.size() >= first &&
          form->compare(first, std::string::npos, word, first, std::string::npos) != 0) {
        return *form;
      }
    }
    return word;
  }

  // The stem of the word `head` (the query before the word being typed) ends
  // with, when that word could start a recorded pair (kWordPairPrefix): a
  // plain word, no stopword, number or single character, and nothing but
  // spaces after it. "" otherwise.
  std::string PreviousStem(const std::string& head) const {
    std::string stem;
    size_t end = 0;
    bool pairable = false;
    ForEachTextWord(head, [&](const TextWord& w) {
      pairable = w.plain && w.lower.size() > 1 && !(w.lower[0] >= '0' && w.lower[0] <= '9') &&
                 std::find(analyzer->stopwords().begin(), analyzer->stopwords().end(), w.lower) ==
                     analyzer->stopwords().end();
      end = static_cast<size_t>(w.written.data() - head.data()) + w.written.size();
      if (pairable) stem = analyzer->stemmer().is_none() ? w.lower : analyzer->stemmer()(w.lower);
    });
    if (!pairable || head.find_first_not_of(" \t", end) != std::string::npos) return "";
    return stem;
  }

  // The most common indexed words starting with `partial`, each appended to
  // `head`. Completions must read as words a user would type: an index of
  // stems only ("Zcomput") has them in its spelling table (every title and
  // body word as written, lower-cased, with its number of occurrences); an
  // older index also as its unprefixed terms (with their article counts).
  // When `head` ends with a word, the words that follow it in articles
  // (kWordPairPrefix terms) come first, those following it most often first.
  // Each completion is shown as the word is most often written.
  std::vector<Completion> CompleteWord(const std::string& head, const std::string& partial,
                                       size_t count) {
    struct Candidate {
      std::string word;
      Xapian::doccount freq;
    };
    // Remote shards do not serve their spelling tables: there the stems are
    // completed, and each shown as a word an article spells it with.
    const bool from_stems = analyzer->StemsAllWords() && has_remote;
    const bool from_spelling = analyzer->StemsAllWords() && !has_remote;
    std::vector<TermCount> best;
    if (from_stems) {
      const std::string from = schema::StemTerm("", partial);
      best = MostFrequentTerms(db.allterms_begin(from), db.allterms_end(from), from, count,
                               kMaxCompletionScan);
    } else if (from_spelling) {
      Xapian::TermIterator t = db.spellings_begin();
      if (t != db.spellings_end()) t.skip_to(partial);
      best = MostFrequentTerms(t, db.spellings_end(), partial, count, kMaxCompletionScan);
    } else {
      best = MostFrequentTerms(db.allterms_begin(partial), db.allterms_end(partial), partial, count,
                               kMaxCompletionScan);
    }
    // Today's order: (word as indexed, lower-cased; articles).
    std::vector<Candidate> by_frequency;
    if (from_stems) {
      std::unordered_set<std::string> seen;
      for (auto& c : best) {
        std::string word = WordForStem(c.term);
        if (!word.empty() && seen.insert(word).second) by_frequency.push_back({word, c.freq});
      }
    } else {
      for (auto& c : best) {
        // Spelling counts occurrences; report articles, as for old indexes:
        // those holding the word's stem (so any form of the word).
        Xapian::doccount articles =
            from_spelling ? db.get_termfreq(schema::StemTerm("", analyzer->stemmer()(c.term)))
                          : c.freq;
        // A word no article has any more is not offered. Since deletions take
        // their words off, only an index written before that can hold one.
        if (articles == 0) continue;
        by_frequency.push_back({c.term, articles});
      }
    }

    std::vector<Candidate> ranked = FollowingWords<Candidate>(PreviousStem(head), partial, count);
    for (auto& c : by_frequency) {
      if (ranked.size() >= count) break;
      bool listed = false;
      for (const auto& r : ranked) listed = listed || r.word == c.word;
      if (!listed) ranked.push_back(std::move(c));
    }
    std::vector<Completion> out;
    out.reserve(ranked.size());
    for (auto& c : ranked) out.push_back({head + WrittenForm(c.word), c.freq});
    return out;
  }

  // The words starting with `partial` that follow a word with stem
  // `previous_stem` in articles, at most `count`: the most articles with the
  // pair first, then the most frequent word (the order of completions without
  // a previous word). Each with the articles holding any form of it. None on
  // an index written before pairs were recorded.
  template <typename Candidate>
  std::vector<Candidate> FollowingWords(const std::string& previous_stem,
                                        const std::string& partial, size_t count) {
    std::vector<Candidate> out;
    if (previous_stem.empty()) return out;
    const std::string prefix = schema::WordPairTerm(previous_stem, partial);
    const size_t word_at = schema::WordPairTerm(previous_stem, "").size();
    struct Pair {
      std::string word;
      Xapian::doccount pairs;
    };
    std::vector<Pair> pairs;
    size_t scanned = 0;
    for (auto t = db.allterms_begin(prefix);
         t != db.allterms_end(prefix) && scanned < kMaxCompletionScan; ++t, ++scanned) {
      pairs.push_back({(*t).substr(word_at), t.get_termfreq()});
    }
    if (pairs.empty()) return out;
    auto more_pairs = [](const Pair& a, const Pair& b) { return a.pairs > b.pairs; };
    // Only the pairs that can make the first `count` need a word frequency:
    // those at least as frequent as the count-th.
    size_t keep = std::min(count, pairs.size());
    std::nth_element(pairs.begin(), pairs.begin() + (keep - 1), pairs.end(), more_pairs);
    const Xapian::doccount threshold = pairs[keep - 1].pairs;
    struct Ranked {
      Xapian::doccount pairs;
      Xapian::doccount frequency;  // as in the order without a previous word
      Xapian::doccount articles;
      std::string word;
    };
    std::vector<Ranked> ranked;
    const bool spelling = analyzer->StemsAllWords() && !has_remote;
    for (auto& p : pairs) {
      if (p.pairs < threshold) continue;
      Xapian::doccount articles = db.get_termfreq(TextTermOf(p.word));
      if (articles == 0) continue;
      Xapian::doccount frequency = articles;
      if (spelling) {
        auto it = db.spellings_begin();
        if (it != db.spellings_end()) it.skip_to(p.word);
        frequency = it != db.spellings_end() && *it == p.word ? it.get_termfreq() : 0;
      }
      ranked.push_back({p.pairs, frequency, articles, std::move(p.word)});
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      if (a.pairs != b.pairs) return a.pairs > b.pairs;
      if (a.frequency != b.frequency) return a.frequency > b.frequency;
      return a.word < b.word;
    });
    for (auto& r : ranked) {
      if (out.size() >= count) break;
      out.push_back({std::move(r.word), r.articles});
    }
    return out;
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::string& dir,
                                                 const SearchOptions& options) {
  if (Status s = options.Validate(); !s.ok()) return s;
  auto impl = std::make_unique<Impl>(dir, options);
  try {
    if (Status s = impl->OpenCurrent(); !s.ok()) return s;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening index " + dir);
  }
  impl->last_check = Clock::now();
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

Status Searcher::Refresh(bool force) { return impl_->Refresh(force); }

const FieldSchema& Searcher::fields() const { return impl_->fields; }

Result<SearchResponse> Searcher::Search(const SearchRequest& request) {
  return impl_->WithRetry("searching", [&] { return impl_->RunSearch(request); });
}

Result<SuggestResponse> Searcher::Suggest(const SuggestRequest& request) {
  return impl_->WithRetry("suggesting", [&] { return impl_->RunSuggest(request); });
}

Result<Article> Searcher::GetArticle(const std::string& id) {
  return impl_->WithRetry("reading article " + id, [&]() -> Result<Article> {
    const std::string term = schema::IdTerm(id);
    Xapian::PostingIterator it = impl_->db.postlist_begin(term);
    if (it == impl_->db.postlist_end(term))
      return Status::NotFound("no article with id \"" + id + "\"");
    Article article;
    if (!DecodeStoredArticle(impl_->db.get_document(*it).get_data(), &article)) {
      return Status::Corruption("article \"" + id + "\" has unreadable data");
    }
    return article;
  });
}

Result<DuplicatesResponse> Searcher::Duplicates(const std::string& id, size_t limit) {
  return impl_->WithRetry("listing near-duplicates of " + id,
                          [&] { return impl_->RunDuplicates(id, limit); });
}

Result<RelatedResponse> Searcher::Related(const RelatedRequest& request) {
  return impl_->WithRetry("finding articles related to " + request.id,
                          [&] { return impl_->RunRelated(request); });
}

Result<IndexStats> Searcher::Stats(bool count_terms) {
  if (Status s = impl_->Refresh(false); !s.ok()) return s;
  try {
    IndexStats stats = StatsOfDatabase(impl_->db, count_terms);
    stats.generation = impl_->generation;
    if (!impl_->sharded) stats.size_bytes = impl_->layout.GenerationSizeBytes(impl_->generation);
    return stats;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading stats of " + impl_->layout.dir());
  }
}

uint64_t Searcher::reopen_count() const { return impl_->reopens; }

uint64_t Searcher::article_count() const {
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;  // the next Search() reopens and reports the error
  }
}
const std::string& Searcher::generation() const { return impl_->generation; }

}  // namespace byline
