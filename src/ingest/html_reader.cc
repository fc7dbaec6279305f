// HTML pages: metadata from the head, the main text from the body, parsed by
// gumbo (an HTML5-conformant parser, so broken markup is read the way
// browsers read it).
#include <gumbo.h>

#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "byline/dates.h"
#include "byline/ingest.h"
#include "ingest/charset.h"
#include "ingest/html_text.h"
#include "ingest/text_util.h"

namespace byline {
namespace {

// Elements whose content is never article text.
bool IsFurniture(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_HEAD:
      return true;
    default:
      return false;
  }
}

// Elements that end a paragraph or line of text.
bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HR:
      return true;
    default:
      return false;
  }
}

const char* Attr(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

// class/id words that mark page furniture rather than the article.
bool LooksLikeBoilerplate(const GumboNode* node) {
  static const char* const kWords[] = {"nav",    "navbar",  "menu",       "sidebar",  "footer",
                                       "cookie", "cookies", "share",      "social",   "comments",
                                       "advert", "ad",      "breadcrumb", "related",  "newsletter",
                                       "popup",  "banner",  "masthead",   "subscribe"};
  for (const char* attr : {"class", "id"}) {
    const char* value = Attr(node, attr);
    if (!value) continue;
    std::string word;
    for (const char* p = value;; ++p) {
      char c = *p;
      bool sep = c == '\0' || c == ' ' || c == '-' || c == '_' || c == '\t';
      if (!sep) {
        word.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        continue;
      }
      for (const char* w : kWords) {
        if (word == w) return true;
      }
      word.clear();
      if (c == '\0') break;
    }
  }
  const char* role = Attr(node, "role");
  if (role && (!std::strcmp(role, "navigation") || !std::strcmp(role, "banner") ||
               !std::strcmp(role, "contentinfo") || !std::strcmp(role, "complementary"))) {
    return true;
  }
  const char* hidden = Attr(node, "aria-hidden");
  return Attr(node, "hidden") != nullptr || (hidden && !std::strcmp(hidden, "true"));
}

void AppendText(const GumboNode* node, bool skip_furniture, std::string* out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
      node->type == GUMBO_NODE_WHITESPACE) {
    out->append(node->v.text.text);
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
  GumboTag tag = node->v.element.tag;
  if (skip_furniture && (IsFurniture(tag) || LooksLikeBoilerplate(node))) return;
  if (tag == GUMBO_TAG_BR) {  // a line break, not a paragraph
    out->push_back('\n');
    return;
  }
  bool block = IsBlock(tag);
  if (block) out->push_back('\n');
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    AppendText(static_cast<const GumboNode*>(children.data[i]), skip_furniture, out);
  }
  if (block) out->push_back('\n');
}

// Depth-first search for the first element with `tag` (or role="main").
const GumboNode* FindElement(const GumboNode* node, GumboTag tag, bool role_main = false) {
  if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
  if (node->v.element.tag == tag) return node;
  if (role_main) {
    const char* role = Attr(node, "role");
    if (role && !std::strcmp(role, "main")) return node;
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    if (const GumboNode* found =
            FindElement(static_cast<const GumboNode*>(children.data[i]), tag, role_main)) {
      return found;
    }
  }
  return nullptr;
}

struct PageMeta {
  std::string og_title, title, url, source, author, lang;
  std::vector<std::string> dates;  // candidates, best first
  std::vector<std::string> tags;
};

void CollectMeta(const GumboNode* node, PageMeta* meta) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_TITLE && meta->title.empty()) {
    std::string text;
    AppendText(node, false, &text);
    meta->title = ingest::TidyText(text);
  } else if (tag == GUMBO_TAG_META) {
    const char* key = Attr(node, "property");
    if (!key) key = Attr(node, "name");
    if (!key) key = Attr(node, "itemprop");
    const char* content = Attr(node, "content");
    if (key && content && *content) {
      std::string k;
      for (const char* p = key; *p; ++p) k.push_back(static_cast<char>(std::tolower(*p)));
      std::string v = ingest::TidyText(content);
      if (k == "og:title")
        meta->og_title = v;
      else if (k == "og:url" && meta->url.empty())
        meta->url = v;
      else if (k == "og:site_name")
        meta->source = v;
      else if (k == "author" || k == "article:author" || k == "dc.creator") {
        if (meta->author.empty()) meta->author = v;
      } else if (k == "article:published_time" || k == "datepublished" || k == "date" ||
                 k == "pubdate" || k == "publish-date" || k == "dc.date" || k == "dcterms.date" ||
                 k == "dc.date.issued" || k == "sailthru.date") {
        meta->dates.push_back(v);
      } else if (k == "article:tag") {
        meta->tags.push_back(v);
      } else if (k == "keywords" && meta->tags.empty()) {
        size_t pos = 0;
        while (pos <= v.size()) {
          size_t comma = v.find(',', pos);
          if (comma == std::string::npos) comma = v.size();
          std::string item(ingest::TrimView(std::string_view(v).substr(pos, comma - pos)));
          if (!item.empty()) meta->tags.push_back(item);
          pos = comma + 1;
        }
      }
    }
  } else if (tag == GUMBO_TAG_LINK) {
    const char* rel = Attr(node, "rel");
    const char* href = Attr(node, "href");
    if (rel && href && !std::strcmp(rel, "canonical")) meta->url = href;  // wins over og:url
  } else if (tag == GUMBO_TAG_HTML) {
    if (const char* lang = Attr(node, "lang")) meta->lang = lang;
  } else if (tag == GUMBO_TAG_TIME) {
    if (const char* dt = Attr(node, "datetime")) meta->dates.push_back(dt);  // a fallback
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    CollectMeta(static_cast<const GumboNode*>(children.data[i]), meta);
  }
}

}  // namespace

namespace ingest {

namespace {

// The main text of a parsed page: <article>, else <main> or role="main",
// else the body.
std::string MainText(const GumboOutput* output) {
  const GumboNode* main = FindElement(output->root, GUMBO_TAG_ARTICLE);
  if (!main) main = FindElement(output->root, GUMBO_TAG_MAIN, /*role_main=*/true);
  if (!main) main = FindElement(output->root, GUMBO_TAG_BODY);
  std::string body;
  if (main) AppendText(main, true, &body);
  return TidyText(body);
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string text = MainText(output);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return text;
}

std::string HtmlInlineText(std::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string text;
  if (const GumboNode* body = FindElement(output->root, GUMBO_TAG_BODY)) {
    AppendText(body, false, &text);
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return TidyText(text);
}

}  // namespace ingest

void ReadHtml(std::string_view raw, const std::string& name, const std::string& default_id,
              const ArticleCallback& on_article, const ErrorCallback& on_error,
              const ErrorCallback& on_date_warning) {
  std::string converted;
  auto decoded = ingest::DecodeHtmlBytes(raw, &converted);
  if (!decoded.ok()) {
    on_error({name, 0, decoded.status().message()});
    return;
  }
  const std::string_view text = *decoded;
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, text.data(), text.size());
  PageMeta meta;
  CollectMeta(output->root, &meta);
  std::string body = ingest::MainText(output);
  std::string h1;
  if (const GumboNode* heading = FindElement(output->root, GUMBO_TAG_H1)) {
    AppendText(heading, false, &h1);
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);

  Article a;
  a.id = default_id;
  a.title = !meta.og_title.empty() ? meta.og_title
            : !meta.title.empty()  ? meta.title
                                   : ingest::TidyText(h1);
  a.body = std::move(body);
  a.url = meta.url;
  a.source = meta.source;
  a.author = meta.author;
  a.tags = meta.tags;
  if (meta.lang.size() <= 35) a.lang = meta.lang;
  // Pages carry dates in many forms; the first one that parses wins.
  for (const std::string& date : meta.dates) {
    if (auto iso = NormalizeDate(date); iso.ok()) {
      a.published = std::move(iso).value();
      break;
    }
  }
  if (a.title.empty()) {
    on_error({name, 0, "no title: the page has no <title>, og:title or <h1>"});
    return;
  }
  if (a.body.empty()) {
    on_error({name, 0, "no text in the page body"});
    return;
  }
  ingest::EmitArticle(name, std::move(a), on_article, on_error, on_date_warning);
}

}  // namespace byline
