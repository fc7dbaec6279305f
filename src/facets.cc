#include "facets.h"

#include <algorithm>
#include <functional>

#include "byline/schema.h"

namespace byline {

FacetCounter::FacetCounter(Xapian::valueno slot, bool multi_valued, Xapian::valueno collapse_slot)
    : slot_(slot), multi_valued_(multi_valued), collapse_slot_(collapse_slot) {}

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  if (collapse_slot_ != Xapian::BAD_VALUENO) {
    // An empty key collapses nothing (as in Xapian).
    const std::string key = doc.get_value(collapse_slot_);
    if (!key.empty() && !groups_seen_.insert(std::hash<std::string>()(key)).second) return;
  }
  ++documents_;
  const std::string value = doc.get_value(slot_);
  if (value.empty()) return;
  if (!multi_valued_) {
    ++counts_[value];
    return;
  }
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(schema::kListSeparator, start);
    if (end == std::string::npos) end = value.size();
    if (end > start) {
      // A document that repeats a tag still counts once for it.
      std::string_view item(value.data() + start, end - start);
      std::string_view before(value.data(), start);
      bool repeated = false;
      size_t pos = 0;
      while (!repeated && pos < before.size()) {
        size_t next = before.find(schema::kListSeparator, pos);
        if (next == std::string_view::npos) next = before.size();
        repeated = before.substr(pos, next - pos) == item;
        pos = next + 1;
      }
      if (!repeated) ++counts_[std::string(item)];
    }
    start = end + 1;
  }
}

Xapian::MatchSpy* FacetCounter::clone() const {
  return new FacetCounter(slot_, multi_valued_, collapse_slot_);
}

std::string FacetCounter::name() const { return "byline.FacetCounter"; }

std::vector<FacetValue> FacetCounter::Top(size_t size) const {
  std::vector<FacetValue> values;
  values.reserve(counts_.size());
  for (const auto& [value, count] : counts_) values.push_back({value, count, {}, {}});
  auto better = [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  size = std::min(size, values.size());
  std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(size),
                    values.end(), better);
  values.resize(size);
  return values;
}

FacetCounter* NewFacetCounter(FacetField field, Xapian::valueno collapse_slot,
                              Xapian::valueno date_slot) {
  switch (field) {
    case FacetField::kSource:
      return new FacetCounter(schema::kSourceSlot, false, collapse_slot);
    case FacetField::kTag:
      return new FacetCounter(schema::kTagsSlot, true, collapse_slot);
    case FacetField::kYear:
      return new FacetCounter(schema::kYearSlot, false, collapse_slot);
    case FacetField::kDate:
      return new FacetCounter(date_slot, false, collapse_slot);
  }
  return new FacetCounter(schema::kSourceSlot, false, collapse_slot);
}

Xapian::valueno DateFacetSlot(const Xapian::Database& db) {
  return db.get_value_freq(schema::kPublishedDaySlot) == db.get_value_freq(schema::kPublishedSlot)
             ? schema::kPublishedDaySlot
             : schema::kPublishedSlot;
}

const char* FacetFieldName(FacetField field) {
  switch (field) {
    case FacetField::kSource:
      return "source";
    case FacetField::kTag:
      return "tag";
    case FacetField::kYear:
      return "year";
    case FacetField::kDate:
      return "date";
  }
  return "source";
}

std::optional<FacetField> ParseFacetField(std::string_view name) {
  if (name == "source") return FacetField::kSource;
  if (name == "tag") return FacetField::kTag;
  if (name == "year") return FacetField::kYear;
  if (name == "date") return FacetField::kDate;
  return std::nullopt;
}

const char* DateIntervalName(DateInterval interval) {
  switch (interval) {
    case DateInterval::kAuto:
      return "auto";
    case DateInterval::kDay:
      return "day";
    case DateInterval::kWeek:
      return "week";
    case DateInterval::kMonth:
      return "month";
    case DateInterval::kYear:
      return "year";
  }
  return "auto";
}

std::optional<DateInterval> ParseDateInterval(std::string_view name) {
  for (DateInterval i : {DateInterval::kAuto, DateInterval::kDay, DateInterval::kWeek,
                         DateInterval::kMonth, DateInterval::kYear}) {
    if (name == DateIntervalName(i)) return i;
  }
  return std::nullopt;
}

}  // namespace byline
