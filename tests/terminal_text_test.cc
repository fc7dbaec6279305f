#include "terminal_text.h"

#include <gtest/gtest.h>

namespace byline {
namespace {

TEST(TerminalTextTest, TurnsMarksIntoCodesAndUnescapesEntities) {
  EXPECT_EQ(
      HtmlSnippetToTerminal("a <mark>b</mark> &amp; &lt;c&gt; &quot;d&quot; &#39;e&#39;", "[", "]"),
      "a [b] & <c> \"d\" 'e'");
}

TEST(TerminalTextTest, DropsControlCharactersSoTextCannotDriveTheTerminal) {
  EXPECT_EQ(HtmlSnippetToTerminal("x\x1b[31my\x07z\nw", "", ""), "x[31myz w");
}

}  // namespace
}  // namespace byline
