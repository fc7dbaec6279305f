// Markdown as text, read as .md files are (markdown_reader.cc): for
// Markdown held elsewhere, such as a JSON record's body.
#ifndef BYLINE_SRC_INGEST_MARKDOWN_TEXT_H_
#define BYLINE_SRC_INGEST_MARKDOWN_TEXT_H_

#include <string>
#include <string_view>

namespace byline::ingest {

// The text of Markdown (without front matter): markup marks, raw HTML tags
// and HTML comments dropped (the text between tags kept, <script> and
// <style> blocks dropped whole), entities decoded; code spans and fenced
// code kept as written. *heading receives the first heading, which is left
// out of the text when `take_heading` (it becomes the title).
std::string MarkdownToText(std::string_view md, bool take_heading, std::string* heading);

}  // namespace byline::ingest

#endif  // BYLINE_SRC_INGEST_MARKDOWN_TEXT_H_
