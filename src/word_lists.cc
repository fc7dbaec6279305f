#include "byline/word_lists.h"

#include <fstream>
#include <sstream>

#include "byline/article.h"
#include "byline/schema.h"

namespace byline {
namespace {

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status LineError(const std::string& name, size_t line, const std::string& why) {
  return Status::InvalidArgument(name + ":" + std::to_string(line) + ": " + why);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<SynonymGroups> ParseSynonyms(const std::string& text, const std::string& name) {
  SynonymGroups groups;
  std::istringstream lines(text);
  size_t line_no = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_no;
    std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    if (!IsValidUtf8(trimmed)) return LineError(name, line_no, "not valid UTF-8");
    std::vector<std::string> group;
    std::istringstream words(trimmed);
    for (std::string word; std::getline(words, word, ',');) {
      word = schema::Normalise(word);
      if (word.empty()) return LineError(name, line_no, "empty word between commas");
      if (word.find_first_of(" \t") != std::string::npos) {
        return LineError(name, line_no, "\"" + word + "\" is more than one word");
      }
      group.push_back(word);
    }
    if (group.size() < 2) {
      return LineError(name, line_no, "a synonym group needs at least two words, comma-separated");
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

Result<SynonymGroups> ReadSynonymsFile(const std::string& path) {
  auto text = Slurp(path);
  if (!text.ok()) return text.status();
  return ParseSynonyms(*text, path);
}

Result<std::vector<std::string>> ParseStopwords(const std::string& text, const std::string& name) {
  std::vector<std::string> words;
  std::istringstream lines(text);
  size_t line_no = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_no;
    line = line.substr(0, line.find('#'));
    if (!IsValidUtf8(line)) return LineError(name, line_no, "not valid UTF-8");
    std::istringstream in(line);
    for (std::string word; in >> word;) words.push_back(schema::Normalise(word));
  }
  return words;
}

Result<std::vector<std::string>> ReadStopwordsFile(const std::string& path) {
  auto text = Slurp(path);
  if (!text.ok()) return text.status();
  return ParseStopwords(*text, path);
}

}  // namespace byline
