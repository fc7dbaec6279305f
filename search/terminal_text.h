// Turns the HTML snippets the searcher makes into terminal text.
#ifndef BYLINE_SEARCH_TERMINAL_TEXT_H_
#define BYLINE_SEARCH_TERMINAL_TEXT_H_

#include <string>

namespace byline {

// Unescapes the entities snippets hold (&amp; &lt; &gt; &quot;, and &#39;)
// and replaces <mark>...</mark> by `on`...`off` (ANSI codes on a terminal,
// or empty strings for plain text). Other control characters are dropped so
// indexed text cannot drive the terminal.
std::string HtmlSnippetToTerminal(const std::string& html, const std::string& on,
                                  const std::string& off);

// `text` as it is (no entity or tag is read), without its control
// characters, as above: for a custom field's JSON text.
std::string PlainTextToTerminal(const std::string& text);

}  // namespace byline

#endif  // BYLINE_SEARCH_TERMINAL_TEXT_H_
