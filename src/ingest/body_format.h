// JSON records' bodies written in HTML or Markdown, read as text.
#ifndef BYLINE_SRC_INGEST_BODY_FORMAT_H_
#define BYLINE_SRC_INGEST_BODY_FORMAT_H_

#include <string_view>

#include "byline/article.h"
#include "byline/ingest.h"
#include "byline/status.h"

namespace byline::ingest {

// True when `text` is plainly HTML rather than text that happens to hold a
// '<': it starts with a tag of an HTML element (or <!DOCTYPE, or an HTML
// comment); or markup (an end tag </p>, a start tag with a quoted attribute
// <a href="...">, a <br>, <hr> or <img>, an HTML comment) is in its only
// paragraph or in two of its paragraphs (blocks between blank lines), and
// no tag of a whole page (<html>, <body>, <svg>, <!DOCTYPE) is in its middle,
// where it would be an example quoted in a text about HTML; or it holds an
// entity (&amp;, &#8217;) and no '<' that could open a tag. "x < y and y >
// z", "List<T>", "a<b and c>d" and "the <div> element" are text.
bool LooksLikeHtml(std::string_view text);

// Reads `article`'s body as `format` says (kAuto: HTML when LooksLikeHtml,
// else text): HTML and Markdown become text with the .html and .md
// readers' conversions. With an HTML body, a title that looks like HTML has
// its tags dropped and entities decoded; with a Markdown body and no title,
// the first heading is the title. InvalidArgument when markup leaves no
// text of a body that had some.
Status ApplyBodyFormat(BodyFormat format, Article* article);

}  // namespace byline::ingest

#endif  // BYLINE_SRC_INGEST_BODY_FORMAT_H_
