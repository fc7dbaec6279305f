#include "byline/index_writer.h"

#include <filesystem>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "analysis.h"
#include "byline/index_layout.h"
#include "byline/schema.h"
#include "document_builder.h"
#include "index_metadata.h"
#include "index_settings.h"
#include "query_builder.h"
#include "stored_article.h"
#include "word_table.h"
#include "xapian_status.h"

namespace fs = std::filesystem;

namespace byline {
namespace {

// REQUIRES: the caller catches Xapian::Error.
IndexStats StatsOf(const Xapian::Database& db, const IndexLayout& layout,
                   const std::string& generation) {
  IndexStats stats;
  stats.articles = db.get_doccount();
  for (auto it = db.allterms_begin(), end = db.allterms_end(); it != end; ++it) ++stats.terms;
  stats.size_bytes = layout.GenerationSizeBytes(generation);
  stats.generation = generation;
  stats.last_update = ParseLastUpdate(db.get_metadata(kLastUpdateMetadataKey));
  Stemming stemming;
  stats.stemming = ParseStemming(db.get_metadata(kStemmingMetadataKey), &stemming)
                       ? StemmingName(stemming)
                       : db.get_metadata(kStemmingMetadataKey);
  return stats;
}

}  // namespace

struct IndexWriter::Impl {
  Impl(IndexLayout l, std::string gen, Xapian::WritableDatabase database,
       const std::string& language, Stemming stemming, const IndexOptions& opts)
      : layout(std::move(l)),
        generation(std::move(gen)),
        db(std::move(database)),
        analyzer(language, stemming),
        builder(analyzer, &words),
        removed_builder(analyzer, &removed_words),
        options(opts) {}

  // Counts the words of an article about to be replaced or deleted, so the
  // next commit takes them off the spelling data: without this, /suggest and
  // did_you_mean would keep offering words no article has any more.
  // An article whose stored data cannot be read is left out.
  void ForgetSpellingOf(const Xapian::Document& old_doc) {
    Article old;
    if (DecodeStoredArticle(old_doc.get_data(), &old)) removed_builder.CountSpelledWords(old);
  }

  // Writes the spelling changes counted since the last commit.
  void WriteSpellingChanges() {
    words.WriteSpelling(&db);
    removed_words.RemoveSpelling(&db);
  }

  IndexLayout layout;
  std::string generation;
  Xapian::WritableDatabase db;
  Analyzer analyzer;
  WordTable words;  // before builder; spelling data written at each commit
  DocumentBuilder builder;
  WordTable removed_words;  // before removed_builder; of replaced and deleted articles
  DocumentBuilder removed_builder;
  IndexOptions options;
  uint64_t pending = 0;
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::~IndexWriter() {
  if (!impl_) return;
  try {
    // Keeps what was written, as if Commit() had been called.
    impl_->WriteSpellingChanges();
    impl_->db.commit();
    impl_->db.close();
  } catch (const Xapian::Error&) {
    // Nothing to report to from a destructor; committed batches are safe.
  }
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::Open(const std::string& dir,
                                                        const IndexOptions& options) {
  if (Status s = options.Validate(); !s.ok()) return s;
  IndexLayout layout(dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create index directory " + dir + ": " + ec.message());

  std::string generation;
  const bool is_new = !layout.Exists();
  if (is_new) {
    auto next = layout.NextGeneration();
    if (!next.ok()) return next.status();
    generation = *next;
  } else {
    auto current = layout.CurrentGeneration();
    if (!current.ok()) return current.status();
    generation = *current;
  }

  try {
    const int flags = is_new ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_OPEN;
    Xapian::WritableDatabase db(layout.GenerationPath(generation), flags);
    std::string language = db.get_metadata(kLanguageMetadataKey);
    if (language.empty()) {
      language = LanguageForNewGeneration(dir, options.language);
      db.set_metadata(kLanguageMetadataKey, language);
      // A new index gets today's stemming; an existing one
      // keeps the one it was built with, absent meaning the older kSome.
      if (db.get_doccount() == 0) {
        db.set_metadata(kStemmingMetadataKey, StemmingName(kNewIndexStemming));
      }
    }
    Stemming stemming;
    if (!ParseStemming(db.get_metadata(kStemmingMetadataKey), &stemming)) {
      return Status::Corruption("index " + dir + " has an unknown " + kStemmingMetadataKey +
                                " \"" + db.get_metadata(kStemmingMetadataKey) +
                                "\" (written by a newer Byline?)");
    }
    auto impl = std::make_unique<Impl>(layout, generation, std::move(db), language, stemming,
                                         options);
    if (is_new) {
      // A brand-new index: make it openable by readers right away.
      impl->db.commit();
      if (Status s = layout.SwitchTo(generation); !s.ok()) return s;
    }
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "opening index " + dir + " for writing");
  }
}

Result<UpsertOutcome> IndexWriter::Upsert(const Article& article) {
  if (Status s = ValidateArticle(article); !s.ok()) return s;
  try {
    std::string data = EncodeStoredArticle(article);
    const std::string id_term = schema::IdTerm(article.id);
    UpsertOutcome outcome = UpsertOutcome::kAdded;
    Xapian::PostingIterator existing = impl_->db.postlist_begin(id_term);
    if (existing != impl_->db.postlist_end(id_term)) {
      // Re-indexing an unchanged article costs a read, not a rewrite (nor
      // more spelling data: building the document adds to it).
      Xapian::Document old_doc = impl_->db.get_document(*existing);
      if (old_doc.get_data() == data) return UpsertOutcome::kUnchanged;
      impl_->ForgetSpellingOf(old_doc);
      outcome = UpsertOutcome::kUpdated;
    }
    impl_->db.replace_document(id_term, impl_->builder.Build(article, std::move(data)));
    if (++impl_->pending >= impl_->options.commit_every) {
      if (Status s = Commit(); !s.ok()) return s;
    }
    return outcome;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "indexing article " + article.id);
  }
}

Result<bool> IndexWriter::Delete(const std::string& id) {
  try {
    const std::string id_term = schema::IdTerm(id);
    Xapian::PostingIterator existing = impl_->db.postlist_begin(id_term);
    if (existing == impl_->db.postlist_end(id_term)) return false;
    impl_->ForgetSpellingOf(impl_->db.get_document(*existing));
    impl_->db.delete_document(id_term);
    ++impl_->pending;
    return true;
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "deleting article " + id);
  }
}

Result<uint64_t> IndexWriter::DeleteMatching(const std::string& query_text, bool dry_run) {
  if (query_text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidQuery("the delete query is empty");
  }
  try {
    Xapian::QueryParser parser;
    impl_->analyzer.Configure(&parser);
    parser.set_database(impl_->db);
    parser.set_default_op(Xapian::Query::OP_AND);
    unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                     Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    std::string text = query_text;
    if (impl_->analyzer.StemsAllWords()) {
      // Wildcards expand over stems through the normaliser's hidden fields,
      // as in searches (Xapian's own would look for words as written).
      text = MakeQueryNormaliser(impl_->analyzer).RouteWildcards(query_text);
      flags &= ~static_cast<unsigned>(Xapian::QueryParser::FLAG_WILDCARD);
    }
    Xapian::Query query;
    try {
      query = parser.parse_query(text, flags);
    } catch (const Xapian::QueryParserError& e) {
      return Status::InvalidQuery("cannot parse delete query \"" + query_text +
                                  "\": " + e.get_msg());
    }
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    std::vector<Xapian::docid> matches;
    const Xapian::doccount kBatch = 10000;
    for (Xapian::doccount first = 0;; first += kBatch) {
      Xapian::MSet mset = enquire.get_mset(first, kBatch);
      for (auto it = mset.begin(); it != mset.end(); ++it) matches.push_back(*it);
      if (mset.size() < kBatch) break;
    }
    if (dry_run) return static_cast<uint64_t>(matches.size());
    for (Xapian::docid id : matches) {
      impl_->ForgetSpellingOf(impl_->db.get_document(id));
      impl_->db.delete_document(id);
      if (++impl_->pending >= impl_->options.commit_every) {
        if (Status s = Commit(); !s.ok()) return s;
      }
    }
    return static_cast<uint64_t>(matches.size());
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "deleting what \"" + query_text + "\" matches");
  }
}

Result<uint64_t> IndexWriter::DeleteAllExcept(const std::unordered_set<std::string>& keep_ids,
                                              bool dry_run) {
  try {
    std::unordered_set<std::string> keep_terms;
    keep_terms.reserve(keep_ids.size());
    for (const std::string& id : keep_ids) keep_terms.insert(schema::IdTerm(id));
    std::vector<std::string> doomed;
    const std::string prefix = schema::kIdPrefix;
    for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it) {
      if (!keep_terms.count(*it)) doomed.push_back(*it);
    }
    if (dry_run) return static_cast<uint64_t>(doomed.size());
    for (const std::string& term : doomed) {
      for (auto it = impl_->db.postlist_begin(term); it != impl_->db.postlist_end(term); ++it) {
        impl_->ForgetSpellingOf(impl_->db.get_document(*it));
      }
      impl_->db.delete_document(term);
      if (++impl_->pending >= impl_->options.commit_every) {
        if (Status s = Commit(); !s.ok()) return s;
      }
    }
    return static_cast<uint64_t>(doomed.size());
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "deleting the articles missing from the inputs");
  }
}

Status IndexWriter::Commit() {
  try {
    impl_->WriteSpellingChanges();
    impl_->db.set_metadata(kLastUpdateMetadataKey, std::to_string(NowSeconds()));
    impl_->db.commit();
    impl_->pending = 0;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "committing to " + impl_->layout.dir());
  }
}

Status IndexWriter::SetSynonyms(const SynonymGroups& groups) {
  try {
    WriteSynonyms(impl_->db, groups, impl_->analyzer.stemmer());
    ++impl_->pending;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "storing synonyms in " + impl_->layout.dir());
  }
}

Status IndexWriter::SetStopwords(const std::vector<std::string>& words) {
  try {
    WriteStopwords(impl_->db, words);
    ++impl_->pending;
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "storing stopwords in " + impl_->layout.dir());
  }
}

uint64_t IndexWriter::pending() const { return impl_->pending; }

const std::string& IndexWriter::generation() const { return impl_->generation; }

Result<IndexStats> IndexWriter::Stats() const {
  try {
    return StatsOf(impl_->db, impl_->layout, impl_->generation);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading stats of " + impl_->layout.dir());
  }
}

Result<IndexStats> ReadIndexStats(const std::string& dir) {
  IndexLayout layout(dir);
  auto generation = layout.CurrentGeneration();
  if (!generation.ok()) return generation.status();
  try {
    Xapian::Database db(layout.GenerationPath(*generation));
    return StatsOf(db, layout, *generation);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "reading stats of " + dir);
  }
}

Result<IndexStats> CompactIndex(const std::string& dir) {
  IndexLayout layout(dir);
  auto current = layout.CurrentGeneration();
  if (!current.ok()) return current.status();
  try {
    // Holding the writer lock keeps updates out until the switch.
    Xapian::WritableDatabase lock(layout.GenerationPath(*current), Xapian::DB_OPEN);
    auto next = layout.NextGeneration();
    if (!next.ok()) return next.status();
    const std::string out = layout.GenerationPath(*next);
    Xapian::Database source(layout.GenerationPath(*current));
    source.compact(out, Xapian::DBCOMPACT_MULTIPASS);
    if (Status s = layout.SyncGeneration(*next); !s.ok()) return s;
    if (Status s = layout.SwitchTo(*next); !s.ok()) return s;
    lock.close();
    // As after a reindex, the replaced generation stays for searchers still on it.
    if (Status s = layout.RemoveStaleGenerations(*current); !s.ok()) return s;
    Xapian::Database compacted(out);
    return StatsOf(compacted, layout, *next);
  } catch (const Xapian::Error& e) {
    return StatusFromXapian(e, "compacting " + dir);
  }
}

}  // namespace byline
