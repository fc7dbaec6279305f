#include "query_normaliser.h"

#include <xapian.h>

#include <algorithm>
#include <utility>

namespace byline {
namespace {

enum class Kind { kWord, kPhrase, kOperator };

struct Token {
  std::string text;
  Kind kind = Kind::kWord;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// ASCII letters and digits, and every byte of a multi-byte UTF-8 character.
bool IsWordByte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

bool IsOperatorWord(std::string_view s) {
  return s == "AND" || s == "OR" || s == "NOT" || s == "XOR";
}

// NEAR, ADJ, NEAR/3, ADJ/2: Xapian's proximity operators.
bool IsProximityOperator(std::string_view s) {
  for (std::string_view op : {"NEAR", "ADJ"}) {
    if (s.substr(0, op.size()) != op) continue;
    std::string_view rest = s.substr(op.size());
    if (rest.empty()) return true;
    return rest.size() > 1 && rest[0] == '/' &&
           std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return false;
}

std::string Lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end; ++it) {
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  }
  return out;
}

bool HasLowerCaseLetter(std::string_view text) {
  for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end; ++it) {
    if (Xapian::Unicode::get_category(*it) == Xapian::Unicode::LOWERCASE_LETTER) return true;
  }
  return false;
}

// Splits on white space, except inside double quotes: `title:"a b"` is one
// token. An unbalanced quote runs to the end (the parser's fallback copes).
std::vector<Token> Tokenise(std::string_view query) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && IsSpace(query[i])) ++i;
    if (i == query.size()) break;
    Token token;
    bool in_quotes = false;
    for (; i < query.size() && (in_quotes || !IsSpace(query[i])); ++i) {
      if (query[i] == '"') {
        in_quotes = !in_quotes;
        token.kind = Kind::kPhrase;
      }
      token.text += query[i];
    }
    if (token.kind == Kind::kWord && IsOperatorWord(token.text)) token.kind = Kind::kOperator;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// Replaces each hyphen between two word characters with a space, so the
// parts are separate words rather than an implicit phrase.
std::string SplitHyphens(std::string word) {
  for (size_t i = 1; i + 1 < word.size(); ++i) {
    if (word[i] == '-' && IsWordByte(word[i - 1]) && IsWordByte(word[i + 1])) word[i] = ' ';
  }
  return word;
}

// Decides which capitalised operator words stay operators: AND/OR/XOR need
// an operand on each side (NOT may follow them), NOT needs an operand after
// it and one before it (directly or through AND/OR). In an all-capitals
// query they are words: "WAR AND PEACE" is a title, not a conjunction.
std::vector<bool> OperatorsToKeep(const std::vector<Token>& tokens, bool all_capitals) {
  std::vector<bool> keep(tokens.size(), false);
  if (all_capitals) return keep;
  auto operand = [&](size_t i) { return i < tokens.size() && tokens[i].kind != Kind::kOperator; };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != Kind::kOperator) continue;
    bool has_left = i > 0 && operand(i - 1);
    if (tokens[i].text == "NOT") {
      bool left_via_operator = i > 1 && keep[i - 1] && tokens[i - 1].text != "NOT";
      keep[i] = operand(i + 1) && (has_left || left_via_operator);
    } else {
      bool right = operand(i + 1) ||
                   (i + 2 < tokens.size() && tokens[i + 1].text == "NOT" && operand(i + 2));
      keep[i] = has_left && right;
    }
  }
  return keep;
}

}  // namespace

QueryNormaliser::QueryNormaliser(std::vector<std::string> fields,
                                 std::vector<std::string> verbatim_fields,
                                 std::vector<std::pair<std::string, std::string>> wildcard_routes,
                                 std::vector<std::pair<std::string, std::string>> exact_routes)
    : fields_(std::move(fields)),
      verbatim_fields_(std::move(verbatim_fields)),
      wildcard_routes_(std::move(wildcard_routes)),
      exact_routes_(std::move(exact_routes)) {}

std::string QueryNormaliser::RouteWildcard(const std::string& piece) const {
  // [(...][+|-][field:]word*[)...]
  size_t begin = piece.find_first_not_of('(');
  if (begin == std::string::npos) return piece;
  size_t end = piece.find_last_not_of(')') + 1;
  if (end <= begin || piece[end - 1] != '*') return piece;
  std::string_view core(piece.data() + begin, end - begin);
  std::string sign;
  if (core[0] == '+' || core[0] == '-') {
    sign = core.substr(0, 1);
    core.remove_prefix(1);
  }
  std::string field = FieldOf(core);
  if (!field.empty()) core.remove_prefix(core.find(':') + 1);
  core.remove_suffix(1);  // the '*'
  if (core.empty() || !std::all_of(core.begin(), core.end(), IsWordByte)) return piece;
  for (const auto& [name, hidden] : wildcard_routes_) {
    if (name == field) {
      return piece.substr(0, begin) + sign + hidden + ":" + std::string(core) + "*" +
             piece.substr(end);
    }
  }
  return piece;
}

std::string QueryNormaliser::FieldOf(std::string_view token) const {
  size_t colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0) return "";
  std::string name = Lower(token.substr(0, colon));
  return std::find(fields_.begin(), fields_.end(), name) != fields_.end() ? name : "";
}

bool QueryNormaliser::IsVerbatimField(const std::string& field) const {
  return std::find(verbatim_fields_.begin(), verbatim_fields_.end(), field) !=
         verbatim_fields_.end();
}

std::string QueryNormaliser::NormaliseWord(std::string_view token) const {
  std::string sign;
  if (token.size() > 1 && (token[0] == '-' || token[0] == '+') &&
      (IsWordByte(token[1]) || token[1] == '"')) {
    sign = token.substr(0, 1);
    token.remove_prefix(1);
  }
  std::string field = FieldOf(token);
  if (!field.empty()) {
    std::string_view value = token.substr(token.find(':') + 1);
    // A fielded value keeps its hyphens: title:e-mail stays one phrase in the title.
    bool verbatim = IsVerbatimField(field) || (!value.empty() && value[0] == '"');
    return sign + field + ":" + (verbatim ? std::string(value) : Lower(value));
  }
  // -e-mail excludes the phrase "e mail"; only unsigned words are split.
  return sign.empty() ? SplitHyphens(Lower(token)) : sign + Lower(token);
}

std::string QueryNormaliser::Normalise(std::string_view query, Operators operators) const {
  std::vector<Token> tokens = Tokenise(query);
  std::vector<bool> keep = operators == Operators::kAsTyped
                               ? std::vector<bool>(tokens.size(), true)
                               : OperatorsToKeep(tokens, !HasLowerCaseLetter(query));
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (!out.empty()) out += ' ';
    switch (token.kind) {
      case Kind::kOperator:
        out += keep[i] ? token.text : Lower(token.text);
        break;
      case Kind::kPhrase: {
        // The words of a phrase are matched exactly; only a field name is
        // normalised, so that Title:"..." works like title:"...", and a
        // quoted field value routed to its exact field.
        std::string_view text = token.text;
        while (!text.empty() && text[0] == '(') {
          out += '(';
          text.remove_prefix(1);
        }
        if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
          out += text[0];
          text.remove_prefix(1);
        }
        std::string field = FieldOf(text.substr(0, text.find('"')));
        if (field.empty()) {
          out += text;
          break;
        }
        std::string_view value = text.substr(text.find(':') + 1);
        if (!value.empty() && value[0] == '"') {
          for (const auto& [name, hidden] : exact_routes_) {
            if (name == field) field = hidden;
          }
        }
        out += field + ":" + std::string(value);
        break;
      }
      case Kind::kWord:
        if (operators == Operators::kAsTyped && IsProximityOperator(token.text)) {
          out += token.text;
        } else if (wildcard_routes_.empty()) {
          out += NormaliseWord(token.text);
        } else {
          // Hyphens split a word into several: route each piece.
          std::string word = NormaliseWord(token.text);
          size_t from = 0;
          for (size_t space; (space = word.find(' ', from)) != std::string::npos;
               from = space + 1) {
            out += RouteWildcard(word.substr(from, space - from)) + ' ';
          }
          out += RouteWildcard(word.substr(from));
        }
        break;
    }
  }
  return out;
}

}  // namespace byline
