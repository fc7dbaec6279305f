#include "recency.h"

#include <chrono>
#include <cmath>

#include "byline/schema.h"

namespace byline {

RecencyPostingSource::RecencyPostingSource(double now, double half_life, double max_weight)
    : Xapian::ValuePostingSource(schema::kPublishedSlot),
      now_(now),
      half_life_(half_life),
      max_weight_(max_weight) {}

void RecencyPostingSource::init(const Xapian::Database& database) {
  Xapian::ValuePostingSource::init(database);
  // The bound lets the matcher skip documents that cannot make the page.
  set_maxweight(max_weight_);
}

double RecencyPostingSource::get_weight() const {
  double published = Xapian::sortable_unserialise(get_value());
  double age = std::max(0.0, now_ - published);
  return max_weight_ * std::exp2(-age / half_life_);
}

RecencyPostingSource* RecencyPostingSource::clone() const {
  return new RecencyPostingSource(now_, half_life_, max_weight_);
}

std::string RecencyPostingSource::name() const { return "byline.RecencyPostingSource"; }

Xapian::Query WithRecencyBoost(const Xapian::Query& query, double half_life_days,
                               double max_weight) {
  double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto* source = new RecencyPostingSource(now, half_life_days * 86400.0, max_weight);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release()));
}

}  // namespace byline
