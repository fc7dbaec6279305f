#include "byline/options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "analysis.h"

namespace byline {

Status IndexOptions::Validate() const {
  if (!language.empty() && !IsKnownLanguage(language)) {
    return Status::InvalidArgument("unknown language \"" + language +
                                   "\" (try english, french, german, ..., or none)");
  }
  if (commit_every == 0) return Status::InvalidArgument("commit_every must be at least 1");
  if (!positions.empty() && positions != "stream" && positions != "table") {
    return Status::InvalidArgument("unknown positions \"" + positions +
                                   "\" (expected stream or table)");
  }
  if (max_fields > kMaxFieldsLimit) {
    return Status::InvalidArgument("max_fields must be at most " + std::to_string(kMaxFieldsLimit));
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (Status s = CheckFieldName(fields[i].name); !s.ok()) return s;
    for (size_t j = 0; j < i; ++j) {
      if (fields[j].name == fields[i].name) {
        return Status::InvalidArgument("field \"" + fields[i].name + "\" is declared twice");
      }
    }
  }
  if (fields.size() > max_fields) {
    return Status::InvalidArgument(std::to_string(fields.size()) +
                                   " fields declared, more than max_fields " +
                                   std::to_string(max_fields));
  }
  return Status::Ok();
}

Status RankingOptions::Validate() const {
  if (!(k1 >= 0 && k1 <= 100)) return Status::InvalidArgument("k1 must be between 0 and 100");
  if (!(b >= 0 && b <= 1)) return Status::InvalidArgument("b must be between 0 and 1");
  if (!(delta >= 0 && delta <= 10)) {
    return Status::InvalidArgument("delta must be between 0 and 10");
  }
  if (!(k3 >= 0 && k3 <= 100)) return Status::InvalidArgument("k3 must be between 0 and 100");
  if (!(feedback.max_lead == 0 || (feedback.max_lead >= 1 && feedback.max_lead <= 100))) {
    return Status::InvalidArgument("feedback lead must be 0 or between 1 and 100");
  }
  if (!(feedback.min_coverage >= 0 && feedback.min_coverage <= 1)) {
    return Status::InvalidArgument("feedback coverage must be between 0 and 1");
  }
  if (!(title_weight >= 0 && title_weight <= 100) ||
      !(proximity_weight >= 0 && proximity_weight <= 100) ||
      !(feedback.weight >= 0 && feedback.weight <= 100)) {
    return Status::InvalidArgument("ranking weights must be between 0 and 100");
  }
  if (proximity_window < 2) return Status::InvalidArgument("proximity window must be at least 2");
  if (feedback.docs < 1 || feedback.min_docs > feedback.docs) {
    return Status::InvalidArgument("feedback needs 1 to fb_docs documents per added word");
  }
  return Status::Ok();
}

Status ParseRankingOptions(const std::string& text, RankingOptions* options) {
  RankingOptions parsed = *options;
  std::istringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    errno = 0;
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(number)) {
      return Status::InvalidArgument("ranking setting \"" + item + "\" is not KEY=NUMBER");
    }
    auto whole = [&](unsigned* field) {
      if (number < 0 || number > 1000 || number != std::floor(number)) return false;
      *field = static_cast<unsigned>(number);
      return true;
    };
    bool ok = true;
    if (key == "k1") {
      parsed.k1 = number;
    } else if (key == "b") {
      parsed.b = number;
    } else if (key == "delta") {
      parsed.delta = number;
    } else if (key == "k3") {
      parsed.k3 = number;
    } else if (key == "fb_shared") {
      ok = whole(&parsed.feedback.min_shared_words);
    } else if (key == "fb_lead") {
      parsed.feedback.max_lead = number;
    } else if (key == "fb_coverage") {
      parsed.feedback.min_coverage = number;
    } else if (key == "title") {
      parsed.title_weight = number;
    } else if (key == "proximity") {
      parsed.proximity_weight = number;
    } else if (key == "window") {
      ok = whole(&parsed.proximity_window);
    } else if (key == "fb_min_terms") {
      ok = whole(&parsed.feedback.min_query_terms);
    } else if (key == "fb_docs") {
      ok = whole(&parsed.feedback.docs);
    } else if (key == "fb_terms") {
      ok = whole(&parsed.feedback.terms);
    } else if (key == "fb_min_docs") {
      ok = whole(&parsed.feedback.min_docs);
    } else if (key == "fb_weight") {
      parsed.feedback.weight = number;
    } else {
      return Status::InvalidArgument(
          "unknown ranking setting \"" + key +
          "\" (known: k1, b, delta, k3, title, proximity, window, fb_min_terms, fb_docs, fb_terms, "
          "fb_min_docs, fb_weight, fb_coverage, fb_lead, fb_shared)");
    }
    if (!ok)
      return Status::InvalidArgument("ranking setting \"" + item + "\" needs a whole number");
  }
  if (Status s = parsed.Validate(); !s.ok()) return s;
  *options = parsed;
  return Status::Ok();
}

Status RelatedOptions::Validate() const {
  if (terms < 1 || terms > 200) {
    return Status::InvalidArgument("related terms must be from 1 to 200");
  }
  // Negated so NaN is refused too.
  if (!(title_boost > 0) || title_boost > 100) {
    return Status::InvalidArgument("related title boost must be above 0, at most 100");
  }
  if (!(weight_power >= 0) || weight_power > 4) {
    return Status::InvalidArgument("related weight power must be from 0 to 4");
  }
  if (candidate_terms < 1 || candidate_terms > 200 || candidates > 100000) {
    return Status::InvalidArgument(
        "related candidate terms must be from 1 to 200, candidates at most 100000");
  }
  if (!(max_df_share > 0) || max_df_share > 1) {
    return Status::InvalidArgument("related max df share must be above 0, at most 1");
  }
  return Status::Ok();
}

Status SearchOptions::Validate() const {
  if (Status s = ranking.Validate(); !s.ok()) return s;
  if (Status s = related.Validate(); !s.ok()) return s;
  if (time_limit_seconds < 0) return Status::InvalidArgument("time limit must not be negative");
  if (max_wildcard_expansion == 0) {
    return Status::InvalidArgument("max wildcard expansion must be at least 1");
  }
  if (reopen_interval_seconds < 0) {
    return Status::InvalidArgument("reopen interval must not be negative");
  }
  // Negated so NaN is refused too; Xapian takes whole milliseconds.
  if (!(remote_connect_timeout_seconds >= 0.001) || !(remote_timeout_seconds >= 0.001) ||
      remote_connect_timeout_seconds > 3600 || remote_timeout_seconds > 3600) {
    return Status::InvalidArgument("remote timeouts must be between 1 ms and 1 hour");
  }
  return Status::Ok();
}

}  // namespace byline
