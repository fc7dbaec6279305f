#include "change_sink.h"

namespace byline::indexer {
namespace {

class WriterSink : public ChangeSink {
 public:
  explicit WriterSink(std::unique_ptr<ShardedWriter> writer) : writer_(std::move(writer)) {}
  bool dry_run() const override { return false; }
  Result<UpsertOutcome> Upsert(const Article& article) override { return writer_->Upsert(article); }
  Result<bool> Delete(const std::string& id) override { return writer_->Delete(id); }
  Result<std::vector<std::string>> IdsMatching(const std::string& query) override {
    return writer_->IdsMatching(query);
  }
  Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string&)>& keep) override {
    return writer_->IdsNotIn(keep);
  }
  uint64_t article_count() const override { return writer_->article_count(); }
  Status StoreWordLists(const Plan& plan) override {
    if (plan.synonyms) {
      if (Status s = writer_->SetSynonyms(*plan.synonyms); !s.ok()) return s;
    }
    if (plan.stopwords) return writer_->SetStopwords(*plan.stopwords);
    return Status::Ok();
  }
  Status Commit() override { return writer_->Commit(); }

 private:
  std::unique_ptr<ShardedWriter> writer_;
};

class PreviewSink : public ChangeSink {
 public:
  explicit PreviewSink(std::unique_ptr<IndexPreview> preview) : preview_(std::move(preview)) {}
  bool dry_run() const override { return true; }
  Result<UpsertOutcome> Upsert(const Article& article) override {
    return preview_->Upsert(article);
  }
  Result<bool> Delete(const std::string& id) override { return preview_->Delete(id); }
  Result<std::vector<std::string>> IdsMatching(const std::string& query) override {
    return preview_->IdsMatching(query);
  }
  Result<std::vector<std::string>> IdsNotIn(
      const std::function<bool(const std::string&)>& keep) override {
    return preview_->IdsNotIn(keep);
  }
  uint64_t article_count() const override { return preview_->article_count(); }
  Status StoreWordLists(const Plan&) override { return Status::Ok(); }
  Status Commit() override { return Status::Ok(); }

 private:
  std::unique_ptr<IndexPreview> preview_;
};

}  // namespace

std::unique_ptr<ChangeSink> WriteTo(std::unique_ptr<ShardedWriter> writer) {
  return std::make_unique<WriterSink>(std::move(writer));
}

std::unique_ptr<ChangeSink> PreviewIn(std::unique_ptr<IndexPreview> preview) {
  return std::make_unique<PreviewSink>(std::move(preview));
}

}  // namespace byline::indexer
