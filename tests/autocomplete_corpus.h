// A generated corpus for autocomplete tests: "event loop" is what follows
// "event" most often, but other l-words are more frequent overall; a
// camel-case word and a capitalised name are mostly written that way.
#ifndef BYLINE_TESTS_AUTOCOMPLETE_CORPUS_H_
#define BYLINE_TESTS_AUTOCOMPLETE_CORPUS_H_

#include <string>
#include <vector>

#include "byline/article.h"
#include "testutil.h"

namespace byline::testing {

// Occurrences (titles and bodies) of the l-words, by construction:
// light 40, language 30, loop 24, large 20, listener 6.
inline std::vector<Article> AutocompleteCorpus() {
  std::vector<Article> out;
  for (int i = 0; i < 6; ++i) {
    out.push_back(MakeArticle("loop-" + std::to_string(i), "Inside the event loop",
                              "The event loop runs each callback in turn. A busy event loop "
                              "delays timers. Loop timing matters to servers."));
  }
  for (int i = 0; i < 3; ++i) {
    out.push_back(MakeArticle("listener-" + std::to_string(i), "Handlers",
                              "An event listener waits. Another event listener fires."));
  }
  for (int i = 0; i < 10; ++i) {
    out.push_back(MakeArticle("lamp-" + std::to_string(i), "Rooms",
                              "Light and language meet. The light of language is light. Large "
                              "rooms, large light, language."));
  }
  for (int i = 0; i < 4; ++i) {
    out.push_back(MakeArticle("node-" + std::to_string(i), "Reading files",
                              "Call readFileSync when the file is small. Unlike readFile, "
                              "readFileSync blocks the thread."));
  }
  out.push_back(MakeArticle("node-lower", "Notes", "someone typed readfilesync in lower case"));
  for (int i = 0; i < 5; ++i) {
    out.push_back(MakeArticle("blair-" + std::to_string(i), "BLAIR WINS AGAIN",
                              "Voters met Tony Blair at noon. Later Blair said thanks."));
  }
  // Two articles in capitals throughout (weak votes) against one writing
  // "York"; one repeating "Posted Price" (one vote) against two with "price".
  for (int i = 0; i < 2; ++i) {
    out.push_back(MakeArticle("shout-" + std::to_string(i), "Wire",
                              "NEW YORK TRADERS SAID NEW YORK WAS QUIET. NEW YORK AGAIN."));
  }
  out.push_back(MakeArticle("posted", "Crude",
                            "The Posted Price rose. A Posted Price fell. The Posted Price held."));
  out.push_back(MakeArticle("york", "Markets", "Traders in New York said the price rose."));
  out.push_back(MakeArticle("price", "Markets", "Traders said the price fell."));
  return out;
}

}  // namespace byline::testing

#endif  // BYLINE_TESTS_AUTOCOMPLETE_CORPUS_H_
