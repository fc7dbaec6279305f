// Word-list files an index can be given: synonyms and stopwords.
#ifndef BYLINE_WORD_LISTS_H_
#define BYLINE_WORD_LISTS_H_

#include <string>
#include <vector>

#include "byline/status.h"

namespace byline {

// Groups of words that mean the same (a query for one finds the others).
using SynonymGroups = std::vector<std::vector<std::string>>;

// A synonyms file holds one group per line, words separated by commas:
//   tv, television
//   car, automobile, motorcar
// Blank lines and lines starting with '#' are skipped. Words are single
// words; an error names FILE:LINE.
Result<SynonymGroups> ReadSynonymsFile(const std::string& path);
Result<SynonymGroups> ParseSynonyms(const std::string& text, const std::string& name);

// A stopwords file holds words separated by white space or new lines; '#'
// starts a comment that runs to the end of the line.
Result<std::vector<std::string>> ReadStopwordsFile(const std::string& path);
Result<std::vector<std::string>> ParseStopwords(const std::string& text, const std::string& name);

}  // namespace byline

#endif  // BYLINE_WORD_LISTS_H_
