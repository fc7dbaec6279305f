#include "query_builder.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "byline/date_bound.h"
#include "byline/schema.h"
#include "date_range.h"
#include "index_settings.h"
#include "most_frequent_terms.h"

namespace byline {
namespace {

// The last, partly typed word of a title suggestion stands for its most
// frequent completions in titles, found among the first title stems starting
// with it; a single letter stands for its likeliest word alone. Xapian's own
// wildcard limit reads every stem starting so and ranks the titles of 100 of
// them (14 ms at p99 for the benchmark's mix at 400k articles, bench/RESULTS.md);
// every posting list of the expansion is read, and a letter's likeliest words
// are the most frequent, so the expansion is kept to the words a typist means.
constexpr unsigned kTitleCompletionExpansion = 5;
constexpr size_t kTitleCompletionScan = 20000;

constexpr unsigned kStrictFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_AUTO_SYNONYMS;

}  // namespace

QueryNormaliser MakeQueryNormaliser(const Analyzer& analyzer, const FieldSchema& declared) {
  std::vector<std::string> fields, exact_case;
  std::vector<std::pair<std::string, std::string>> wildcard_routes, exact_routes;
  if (analyzer.StemsAllWords()) wildcard_routes.emplace_back("", HiddenWildcardField(""));
  for (const QueryField& field : kQueryFields) {
    fields.push_back(field.name);
    if (field.exact_case) exact_case.push_back(field.name);
    if (field.exact_term && !field.boolean) {
      exact_routes.emplace_back(field.name, ExactValueField(field.name));
    }
    if (analyzer.StemsAllWords() && !field.boolean) {
      wildcard_routes.emplace_back(field.name, HiddenWildcardField(field.name));
    }
  }
  for (const FieldSpec& field : declared) {
    if (field.type != FieldType::kText) continue;
    fields.push_back(field.name);
    if (analyzer.StemsAllWords()) {
      wildcard_routes.emplace_back(field.name, HiddenWildcardField(field.name));
    }
  }
  // published:2024-01-01..2024-03-31 goes to the range processor untouched
  // (its hyphens are not word breaks).
  fields.push_back("published");
  exact_case.push_back("published");
  return QueryNormaliser(std::move(fields), std::move(exact_case), std::move(wildcard_routes),
                         std::move(exact_routes));
}

namespace {

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// Where the run of word characters (TermGenerator's: Unicode letters,
// digits, ...) that ends `text` starts; text.size() when it ends otherwise.
size_t LastWordStart(const std::string& text) {
  size_t start = 0;
  for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end;) {
    const bool word = Xapian::Unicode::is_wordchar(*it);
    ++it;
    if (!word) start = static_cast<size_t>(it.raw() - text.data());
  }
  return start;
}

std::string Lower(const std::string& text) {
  std::string out;
  for (Xapian::Utf8Iterator it(text), end; it != end; ++it) {
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  }
  return out;
}

// Plain words only: range syntax would fail the same way again.
std::string WithoutRangeSyntax(std::string text) {
  for (size_t pos; (pos = text.find("..")) != std::string::npos;) text.replace(pos, 2, " ");
  return text;
}

// A word no article holds, XOR-ed onto a strict parse to tell it from
// Xapian's fallback (see ParseStrictly).
constexpr char kSentinel[] = "qqbylinestrictparseqq";

// Parses `text` with `flags` and fails if that needed Xapian 1.4's silent
// fallback. On a grammar error ("parse error") QueryParser::parse_query
// parses again with the operators, phrases and signs off and returns that,
// so "energy NEAR" would be read as "energy" and "near". The text is parsed
// as "(TEXT) XOR sentinel", whose top operator is XOR only when the
// operators were understood; the query is then what the XOR holds besides
// the sentinel. Throws Xapian::Error other than QueryParserError.
Result<Xapian::Query> ParseStrictly(Xapian::QueryParser& parser, const std::string& text,
                                    unsigned flags) {
  Xapian::Query wrapped;
  try {
    wrapped = parser.parse_query("(" + text + ") XOR " + kSentinel, flags);
  } catch (const Xapian::QueryParserError& e) {
    return Status::InvalidQuery(e.get_msg());
  }
  const size_t parts = wrapped.get_num_subqueries();
  if (wrapped.get_type() != Xapian::Query::OP_XOR || parts < 2 ||
      wrapped.get_subquery(parts - 1).get_description().find(kSentinel) == std::string::npos) {
    return Status::InvalidQuery(
        "its operators do not parse (Xapian would read it as plain "
        "words, which is not guessed at here)");
  }
  // "(a XOR b) XOR sentinel" may come back flattened: XOR(a, b, sentinel).
  std::vector<Xapian::Query> kept;
  for (size_t i = 0; i + 1 < parts; ++i) kept.push_back(wrapped.get_subquery(i));
  if (kept.size() == 1) return kept.front();
  return Xapian::Query(Xapian::Query::OP_XOR, kept.begin(), kept.end());
}

Xapian::Query AnyOf(const std::vector<std::string>& values,
                    std::string (*term_for)(std::string_view)) {
  std::vector<Xapian::Query> terms;
  terms.reserve(values.size());
  for (const auto& v : values) terms.emplace_back(term_for(v));
  return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

// The index's declared fields; none when they cannot be read (searches then
// work as on an index without them).
FieldSchema DeclaredFields(const Xapian::Database& db) {
  auto fields = ReadFieldSchema(db);
  return fields.ok() ? std::move(fields).value() : FieldSchema();
}

// Articles whose value in `slot` is within one of `ranges`.
Xapian::Query InRanges(Xapian::valueno slot, const FieldFilter& filter) {
  std::vector<Xapian::Query> any;
  for (const auto& [from, to] : filter.ranges) {
    if (from && to) {
      any.emplace_back(Xapian::Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(*from),
                       Xapian::sortable_serialise(*to));
    } else if (from) {
      any.emplace_back(Xapian::Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(*from));
    } else if (to) {
      any.emplace_back(Xapian::Query::OP_VALUE_LE, slot, Xapian::sortable_serialise(*to));
    } else {
      any.emplace_back(Xapian::Query::OP_VALUE_GE, slot, std::string());  // has a value
    }
  }
  return Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
}

Xapian::Query DeclaredFieldFilter(const FieldFilter& filter, const FieldSchema& fields) {
  const int index = FieldIndex(fields, filter.field);
  if (index < 0) return Xapian::Query::MatchNothing;
  const FieldSpec& spec = fields[static_cast<size_t>(index)];
  const Xapian::valueno slot = schema::kFirstFieldSlot + static_cast<Xapian::valueno>(index);
  switch (spec.type) {
    case FieldType::kKeyword: {
      std::vector<Xapian::Query> terms;
      for (const auto& value : filter.keywords) {
        terms.emplace_back(schema::FieldKeywordTerm(spec.name, value));
      }
      return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    }
    case FieldType::kNumber:
    case FieldType::kDate:
      return InRanges(slot, filter);
    case FieldType::kText:
      break;
  }
  return Xapian::Query::MatchNothing;
}

}  // namespace

Result<FieldFilter> ParseFieldFilter(const FieldSpec& spec,
                                     const std::vector<std::string>& values) {
  FieldFilter filter;
  filter.field = spec.name;
  auto bad = [&](const std::string& value, const std::string& why) {
    return Status::InvalidArgument(spec.name + " \"" + value.substr(0, 60) + "\": " + why);
  };
  for (const std::string& value : values) {
    if (spec.type == FieldType::kText) {
      return Status::InvalidArgument(spec.name + " is a text field: search it with " + spec.name +
                                     ":word in the query instead of filtering");
    }
    if (spec.type == FieldType::kKeyword) {
      filter.keywords.push_back(value);
      continue;
    }
    const size_t dots = value.find("..");
    const bool range = dots != std::string::npos;
    const std::string low = range ? value.substr(0, dots) : value;
    const std::string high = range ? value.substr(dots + 2) : value;
    std::optional<double> from, to;
    if (spec.type == FieldType::kNumber) {
      auto number = [](const std::string& text, std::optional<double>* out) {
        if (text.empty()) return true;
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size() || !std::isfinite(v) ||
            std::isspace(static_cast<unsigned char>(text[0]))) {
          return false;
        }
        *out = v;
        return true;
      };
      if (!number(low, &from) || !number(high, &to)) {
        return bad(value, "expected a number or a range such as 5..10, 5.. or ..10");
      }
    } else {
      if (!low.empty()) {
        auto when = ParseDateBound(low, DateBound::kStart);
        if (!when.ok()) return bad(value, when.status().message());
        from = static_cast<double>(*when);
      }
      if (!high.empty()) {
        auto when = ParseDateBound(high, DateBound::kEnd);
        if (!when.ok()) return bad(value, when.status().message());
        to = static_cast<double>(*when);
      }
    }
    if (!from && !to) return bad(value, "a range needs at least one end");
    if (from && to && *from > *to) return bad(value, "the range ends before it starts");
    filter.ranges.emplace_back(from, to);
  }
  return filter;
}

Xapian::Query FilterQuery(const SearchFilters& f, const FieldSchema& fields) {
  std::vector<Xapian::Query> parts;
  if (!f.sources.empty()) parts.push_back(AnyOf(f.sources, schema::SourceTerm));
  if (!f.tags.empty()) parts.push_back(AnyOf(f.tags, schema::TagTerm));
  if (!f.authors.empty()) parts.push_back(AnyOf(f.authors, schema::AuthorTerm));
  if (f.published_from || f.published_to) {
    parts.push_back(PublishedBetween(f.published_from, f.published_to));
  }
  for (const FieldFilter& filter : f.fields) parts.push_back(DeclaredFieldFilter(filter, fields));
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

QueryBuilder::QueryBuilder(const Analyzer& analyzer, const Xapian::Database& db,
                           const SearchOptions& options)
    : QueryBuilder(analyzer, db, options, DeclaredFields(db)) {}

QueryBuilder::QueryBuilder(const Analyzer& analyzer, const Xapian::Database& db,
                           const SearchOptions& options, FieldSchema fields)
    : analyzer_(analyzer),
      db_(db),
      fields_(std::move(fields)),
      normaliser_(MakeQueryNormaliser(analyzer, fields_)),
      // On an index of stems only, the normaliser routes word* to hidden
      // fields; Xapian's own wildcard handling would bypass them.
      strict_flags_(analyzer.StemsAllWords() ? kStrictFlags & ~Xapian::QueryParser::FLAG_WILDCARD
                                             : kStrictFlags) {
  analyzer.Configure(&parser_, options.max_wildcard_expansion);
  parser_.set_database(db);
  // 0: no limit (with WILDCARD_LIMIT_MOST_FREQUENT, Xapian would keep none).
  parser_.set_max_expansion(options.max_wildcard_expansion,
                            options.max_wildcard_expansion
                                ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                                : Xapian::Query::WILDCARD_LIMIT_ERROR,
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
  parser_.add_rangeprocessor((new PublishedRangeProcessor)->release());
  for (const FieldSpec& field : fields_) {
    if (field.type == FieldType::kText) {
      analyzer.AddTextField(&parser_, field.name, schema::FieldTextPrefix(field.name),
                            options.max_wildcard_expansion);
    }
  }
  // An index may carry its own stopword list; it replaces the language's.
  std::vector<std::string> stopwords = ReadStopwords(db);
  if (!stopwords.empty()) {
    index_stopper_ = std::make_unique<Xapian::SimpleStopper>(stopwords.begin(), stopwords.end());
    parser_.set_stopper(index_stopper_.get());
  }
}

BuiltQuery QueryBuilder::Build(const SearchRequest& request) {
  BuiltQuery built;
  if (IsBlank(request.query)) {
    // Every article, all scoring 0, so that only a recency boost (if any)
    // orders them rather than document length.
    built.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0.0);
    built.match_all = true;
  } else {
    parser_.set_default_op(request.op == DefaultOp::kOr ? Xapian::Query::OP_OR
                                                        : Xapian::Query::OP_AND);
    const std::string text = normaliser_.Normalise(request.query);
    try {
      built.query = parser_.parse_query(text, strict_flags_);
    } catch (const Xapian::QueryParserError&) {
      built.fallback = true;
      try {
        built.query = parser_.parse_query(WithoutRangeSyntax(text), 0);
      } catch (const Xapian::QueryParserError&) {
        built.query = Xapian::Query::MatchNothing;
      }
    }
  }
  built.text = built.query;
  if (!request.filters.empty()) {
    built.query =
        Xapian::Query(Xapian::Query::OP_FILTER, built.query, FilterQuery(request.filters, fields_));
  }
  return built;
}

Result<Xapian::Query> QueryBuilder::BuildStrict(const std::string& text) {
  if (IsBlank(text)) return Status::InvalidQuery("the query is empty");
  parser_.set_default_op(Xapian::Query::OP_AND);
  return ParseStrictly(parser_, normaliser_.Normalise(text, QueryNormaliser::Operators::kAsTyped),
                       strict_flags_);
}

Xapian::Query QueryBuilder::BuildTitlePrefixQuery(const std::string& text) {
  parser_.set_default_op(Xapian::Query::OP_AND);
  try {
    if (analyzer_.StemsAllWords()) {
      // FLAG_PARTIAL expands "S" + text, which an index of stems does not
      // hold: take the last word as a wildcard over the "ZS" stems instead.
      const size_t cut = LastWordStart(text);
      std::string head = text.substr(0, cut);
      Xapian::Query words =
          IsBlank(head) ? Xapian::Query() : parser_.parse_query(head, 0, schema::kTitlePrefix);
      if (cut == text.size()) return words;  // the text ends between words
      Xapian::Query last = TitleWordsStartingWith(Lower(text.substr(cut)));
      return words.empty() ? last : Xapian::Query(Xapian::Query::OP_AND, words, last);
    }
    return parser_.parse_query(text, Xapian::QueryParser::FLAG_PARTIAL, schema::kTitlePrefix);
  } catch (const Xapian::QueryParserError&) {
    return Xapian::Query::MatchNothing;
  }
}

Xapian::Query QueryBuilder::TitleWordsStartingWith(const std::string& text) const {
  if (text.empty()) return Xapian::Query::MatchNothing;
  const std::string root = schema::StemTerm(schema::kTitlePrefix, "");
  const bool one_letter =
      std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a UTF-8 continuation
      }) == 1;
  const std::string from = root + text;
  const std::vector<TermCount> best =
      MostFrequentTerms(db_.allterms_begin(from), db_.allterms_end(from), from,
                        one_letter ? 1 : kTitleCompletionExpansion, kTitleCompletionScan);
  std::vector<Xapian::Query> terms;
  terms.reserve(best.size() + 1);
  for (const TermCount& stem : best) terms.emplace_back(stem.term);
  // A whole word whose stem is shorter than it and not its start ("happy"
  // is indexed as "happi") matches through its own stem too.
  const std::string own = analyzer_.stemmer()(text);
  if (!own.empty() && own.compare(0, text.size(), text) != 0) terms.emplace_back(root + own);
  return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
}

}  // namespace byline
