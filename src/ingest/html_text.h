// HTML as text, read as .html files are (html_reader.cc): for HTML held
// elsewhere, such as a JSON record's body.
#ifndef BYLINE_SRC_INGEST_HTML_TEXT_H_
#define BYLINE_SRC_INGEST_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace byline::ingest {

// The text of an HTML document or fragment (valid UTF-8), as ReadHtml
// takes a page's body: the <article>, else <main>, else all of it, without
// scripts, styles, navigation and page furniture; entities decoded, blocks
// on lines of their own, runs of blanks collapsed (TidyText).
std::string HtmlToText(std::string_view html);

// The text of HTML that is inline only, such as a title: every element's
// text (none dropped as furniture), entities decoded, on one line.
std::string HtmlInlineText(std::string_view html);

}  // namespace byline::ingest

#endif  // BYLINE_SRC_INGEST_HTML_TEXT_H_
