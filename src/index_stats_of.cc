#include "index_stats_of.h"

#include "analysis.h"
#include "byline/schema.h"
#include "index_format.h"
#include "index_metadata.h"

namespace byline {

IndexStats StatsOfDatabase(const Xapian::Database& db, bool count_terms) {
  IndexStats stats;
  stats.articles = db.get_doccount();
  if (count_terms) {
    for (auto it = db.allterms_begin(), end = db.allterms_end(); it != end; ++it) ++stats.terms;
  }
  stats.last_update = ParseLastUpdate(db.get_metadata(schema::kLastUpdateMetadataKey));
  stats.average_length = db.get_avlength();
  stats.revision = db.get_revision();
  const std::string stemming_value = db.get_metadata(schema::kStemmingMetadataKey);
  Stemming stemming;
  // An unknown value (a newer Byline's) is shown as it is.
  stats.stemming =
      ParseStemming(stemming_value, &stemming) ? StemmingName(stemming) : stemming_value;
  stats.format = RecordedIndexFormat(db);
  return stats;
}

}  // namespace byline
