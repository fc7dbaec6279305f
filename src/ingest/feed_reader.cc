// RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item or entry is an article.
//
// libxml2 parses the feed with the network off, no DTD loaded and no entity
// substituted; the text of an element is taken from its text and CDATA
// nodes only, so an entity reference (internal or external) is never
// expanded into an article. libxml2's own limits (nesting depth, text node
// size) hold: XML_PARSE_HUGE is not asked for.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "byline/dates.h"
#include "byline/ingest.h"
#include "byline/shard_routing.h"
#include "ingest/html_text.h"
#include "ingest/text_util.h"

namespace byline {
namespace {

constexpr char kAtomNs[] = "http://www.w3.org/2005/Atom";
constexpr char kRss1Ns[] = "http://purl.org/rss/1.0/";
constexpr char kContentNs[] = "http://purl.org/rss/1.0/modules/content/";
constexpr char kDcNs[] = "http://purl.org/dc/elements/1.1/";

// Longest title made from an item's text when it has none.
constexpr size_t kMadeTitleBytes = 80;

const char* NsOf(const xmlNode* node) {
  return node->ns != nullptr && node->ns->href != nullptr
             ? reinterpret_cast<const char*>(node->ns->href)
             : nullptr;
}

bool NameIs(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

// An element of the feed's own vocabulary (no namespace, RSS 1.0's or Atom's).
bool Core(const xmlNode* node, const char* name) {
  if (!NameIs(node, name)) return false;
  const char* ns = NsOf(node);
  return ns == nullptr || std::strcmp(ns, kAtomNs) == 0 || std::strcmp(ns, kRss1Ns) == 0;
}

bool InNs(const xmlNode* node, const char* ns_href, const char* name) {
  const char* ns = NsOf(node);
  return NameIs(node, name) && ns != nullptr && std::strcmp(ns, ns_href) == 0;
}

std::string Attr(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "";
  std::string out = reinterpret_cast<const char*>(value);
  xmlFree(value);
  return out;
}

// The text of `node`: its text and CDATA nodes, depth first. Entity
// references are skipped, never expanded.
void AppendXmlText(const xmlNode* node, std::string* out) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) out->append(reinterpret_cast<const char*>(c->content));
    } else if (c->type == XML_ELEMENT_NODE) {
      AppendXmlText(c, out);
    }
  }
}

std::string TextOf(const xmlNode* node) {
  std::string text;
  AppendXmlText(node, &text);
  return std::string(ingest::TrimView(text));
}

// The markup of `node`'s children (Atom type="xhtml"), as HTML text.
std::string InnerMarkup(const xmlNode* node) {
  std::string out;
  xmlBufferPtr buf = xmlBufferCreate();
  for (xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ENTITY_REF_NODE) continue;
    xmlBufferEmpty(buf);
    xmlNodeDump(buf, c->doc, c, 0, 0);
    out.append(reinterpret_cast<const char*>(xmlBufferContent(buf)),
               static_cast<size_t>(xmlBufferLength(buf)));
  }
  xmlBufferFree(buf);
  return out;
}

// An Atom text construct (title, summary, content) or an RSS element that
// holds HTML, as plain text.
std::string ReadableText(const xmlNode* node, bool html_by_default) {
  std::string type = Attr(node, "type");
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == "xhtml" || type == "application/xhtml+xml")
    return ingest::HtmlToText(InnerMarkup(node));
  const bool html =
      type.empty() ? html_by_default : type == "html" || type.find("html") != std::string::npos;
  const std::string text = TextOf(node);
  if (html) return ingest::HtmlToText(text);
  return ingest::TidyText(text);
}

// "jdoe@example.com (Jane Doe)" is Jane Doe; anything else as written.
std::string AuthorName(std::string text) {
  const size_t open = text.find('(');
  if (text.find('@') < open && open != std::string::npos && text.back() == ')') {
    std::string name(
        ingest::TrimView(std::string_view(text).substr(open + 1, text.size() - open - 2)));
    if (!name.empty()) return name;
  }
  return std::string(ingest::TidyText(text));
}

// A valid, stable id from a guid or link: as given when it is one (trimmed,
// short enough, no control characters); otherwise its start and a hash.
std::string IdFrom(std::string_view raw) {
  raw = ingest::TrimView(raw);
  std::string clean;
  for (char c : raw) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) clean.push_back(c);
  }
  if (clean.size() <= kMaxIdBytes) return clean;
  char suffix[20];
  std::snprintf(suffix, sizeof suffix, "#%016llx", static_cast<unsigned long long>(Fnv1a64(clean)));
  size_t keep = kMaxIdBytes - std::strlen(suffix);
  while (keep > 0 && (static_cast<unsigned char>(clean[keep]) & 0xC0) == 0x80) --keep;
  return clean.substr(0, keep) + suffix;
}

// A title made from the start of the body, cut at a word.
std::string TitleFromBody(const std::string& body) {
  std::string first = body.substr(0, body.find('\n'));
  if (first.size() <= kMadeTitleBytes) return first;
  size_t cut = first.rfind(' ', kMadeTitleBytes);
  if (cut == std::string::npos || cut < kMadeTitleBytes / 2) {
    cut = kMadeTitleBytes;
    while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;
  }
  return first.substr(0, cut) + "...";
}

// A link resolved against xml:base when it is relative and a base is given.
std::string Resolve(const xmlNode* node, const std::string& href) {
  if (href.empty()) return href;
  xmlChar* base = xmlNodeGetBase(node->doc, node);
  if (base == nullptr) return href;
  xmlChar* full = xmlBuildURI(reinterpret_cast<const xmlChar*>(href.c_str()), base);
  xmlFree(base);
  if (full == nullptr) return href;
  std::string out = reinterpret_cast<const char*>(full);
  xmlFree(full);
  return out;
}

struct FeedInfo {
  std::string title;     // the feed's: each article's source
  std::string author;    // Atom: the feed's author, for entries without one
  std::string language;  // RSS <language>, Atom xml:lang
};

std::string AtomAuthor(const xmlNode* parent) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (!Core(c, "author")) continue;
    for (const xmlNode* n = c->children; n != nullptr; n = n->next) {
      if (Core(n, "name")) return ingest::TidyText(TextOf(n));
    }
  }
  return "";
}

// One item or entry into an article; the reason when it is none.
Result<Article> ReadItem(const xmlNode* item, const FeedInfo& feed, const ReadOptions& options,
                         std::string* date_warning) {
  Article a;
  std::string guid, link, about = Attr(item, "about");
  const xmlNode *encoded = nullptr, *content = nullptr, *description = nullptr, *summary = nullptr,
                *title = nullptr;
  std::string published, updated, dc_date, author, creator;
  for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (Core(c, "guid") || Core(c, "id")) {
      if (guid.empty()) guid = TextOf(c);
    } else if (Core(c, "link")) {
      const std::string href = Attr(c, "href");
      if (href.empty()) {
        if (link.empty()) link = TextOf(c);  // RSS
      } else {
        const std::string rel = Attr(c, "rel");
        if ((rel.empty() || rel == "alternate") && link.empty()) link = Resolve(c, href);
      }
    } else if (Core(c, "title")) {
      if (title == nullptr) title = c;
    } else if (InNs(c, kContentNs, "encoded")) {
      if (encoded == nullptr) encoded = c;
    } else if (Core(c, "content")) {
      if (content == nullptr && Attr(c, "src").empty()) content = c;
    } else if (Core(c, "description")) {
      if (description == nullptr) description = c;
    } else if (Core(c, "summary")) {
      if (summary == nullptr) summary = c;
    } else if (Core(c, "pubDate") || Core(c, "published")) {
      if (published.empty()) published = TextOf(c);
    } else if (Core(c, "updated")) {
      if (updated.empty()) updated = TextOf(c);
    } else if (InNs(c, kDcNs, "date")) {
      if (dc_date.empty()) dc_date = TextOf(c);
    } else if (Core(c, "author")) {
      if (author.empty()) {
        // Atom: <author><name>; RSS: the text.
        bool atom = false;
        for (const xmlNode* n = c->children; n != nullptr; n = n->next) {
          if (Core(n, "name")) {
            author = ingest::TidyText(TextOf(n));
            atom = true;
            break;
          }
        }
        if (!atom) author = AuthorName(TextOf(c));
      }
    } else if (InNs(c, kDcNs, "creator")) {
      if (creator.empty()) creator = ingest::TidyText(TextOf(c));
    } else if (Core(c, "category") || InNs(c, kDcNs, "subject")) {
      std::string tag = Attr(c, "term");
      if (tag.empty()) tag = TextOf(c);
      tag = ingest::TidyText(tag);
      if (!tag.empty()) a.tags.push_back(tag);
    }
  }
  const std::string raw_id = !guid.empty() ? guid : !link.empty() ? link : about;
  if (raw_id.empty()) {
    return Status::InvalidArgument("item has no guid, id or link to take its id from");
  }
  a.id = IdFrom(raw_id);
  a.url = std::string(ingest::TrimView(!link.empty() ? link : about));
  for (const xmlNode* body : {encoded, content, description, summary}) {
    if (body == nullptr) continue;
    // RSS bodies hold HTML; Atom's say so by their type (text by default).
    const bool atom = NsOf(body) != nullptr && std::strcmp(NsOf(body), kAtomNs) == 0;
    a.body = ReadableText(body, !atom);
    if (!a.body.empty()) break;
  }
  if (title != nullptr) {
    const bool atom = NsOf(title) != nullptr && std::strcmp(NsOf(title), kAtomNs) == 0;
    // An RSS title is text, but feeds often escape entities in it twice.
    const std::string raw = TextOf(title);
    a.title = atom || raw.find('&') == std::string::npos ? ReadableText(title, false)
                                                         : ingest::HtmlInlineText(raw);
    // A title is one line.
    for (char& ch : a.title) {
      if (ch == '\n') ch = ' ';
    }
    a.title = ingest::TidyText(a.title);
  }
  if (a.body.empty()) {
    return Status::InvalidArgument(
        "item has no text: no content:encoded, content, description or summary");
  }
  if (a.title.empty()) a.title = TitleFromBody(a.body);
  a.published = !published.empty() ? published : !dc_date.empty() ? dc_date : updated;
  a.author = !author.empty() ? author : !creator.empty() ? creator : feed.author;
  a.source = feed.title;
  if (feed.language.size() <= 35) a.lang = feed.language;
  if (Status s = ResolvePublished(&a, options.on_date_warning ? date_warning : nullptr); !s.ok()) {
    return s;
  }
  if (Status s = ValidateArticle(a); !s.ok()) return s;
  return a;
}

std::string LocalRootName(const xmlNode* root) {
  return root != nullptr ? reinterpret_cast<const char*>(root->name) : "";
}

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// What libxml2 said about malformed XML, as a record error.
RecordError XmlError(const std::string& name, const xmlError* e) {
  if (e == nullptr || e->message == nullptr) return {name, 0, "malformed XML"};
  std::string message = e->message;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return {name, static_cast<size_t>(e->line > 0 ? e->line : 0), "malformed XML: " + message};
}

// Feeds written by hand or by HTML-minded tools use HTML's named entities
// (&nbsp; &mdash; &rsquo;), which XML does not define, so libxml2 calls the
// feed malformed where a browser reads it. Writes each such entity as the
// numeric reference HTML gives it (libxml2's HTML table), line breaks
// untouched; false when there is none. XML's own five are left alone, and
// a name HTML does not know stays an error.
bool HtmlEntitiesAsNumbers(std::string_view text, std::string* out) {
  bool changed = false;
  out->clear();
  out->reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) break;
    out->append(text.substr(i, amp - i));
    size_t end = amp + 1;
    while (end < text.size() && end - amp <= 32 &&
           std::isalnum(static_cast<unsigned char>(text[end]))) {
      ++end;
    }
    const std::string name(text.substr(amp + 1, end - amp - 1));
    const htmlEntityDesc* entity = nullptr;
    if (end < text.size() && text[end] == ';' && !name.empty() && name != "amp" && name != "lt" &&
        name != "gt" && name != "quot" && name != "apos") {
      entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
    }
    if (entity != nullptr) {
      out->append("&#" + std::to_string(entity->value) + ";");
      changed = true;
      i = end + 1;
    } else {
      out->push_back('&');
      i = amp + 1;
    }
  }
  out->append(text.substr(std::min(i, text.size())));
  return changed;
}

bool UndeclaredEntity(xmlParserCtxtPtr ctxt) {
  const xmlError* e = xmlCtxtGetLastError(ctxt);
  return e != nullptr && e->code == XML_ERR_UNDECLARED_ENTITY;
}

}  // namespace

namespace ingest {

bool LooksLikeFeed(std::string_view s) {
  size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c != '<') return false;
    if (s.compare(i, 4, "<!--") == 0) {
      const size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 3;
    } else if (s.compare(i, 2, "<?") == 0 || s.compare(i, 2, "<!") == 0) {
      const size_t end = s.find('>', i + 2);  // a DOCTYPE with an internal subset: see ']>'
      if (end == std::string_view::npos) return false;
      const size_t bracket = s.find('[', i + 2);
      if (s[i + 1] == '!' && bracket != std::string_view::npos && bracket < end) {
        const size_t close = s.find("]>", bracket);
        if (close == std::string_view::npos) return false;
        i = close + 2;
      } else {
        i = end + 1;
      }
    } else {
      size_t j = i + 1;
      while (j < s.size() && s[j] != ' ' && s[j] != '>' && s[j] != '\t' && s[j] != '\r' &&
             s[j] != '\n' && s[j] != '/') {
        ++j;
      }
      std::string_view name = s.substr(i + 1, j - i - 1);
      const size_t colon = name.rfind(':');
      if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
      return name == "rss" || name == "feed" || name == "RDF";
    }
  }
  return false;
}

}  // namespace ingest

void ReadFeed(std::string_view text, const std::string& name, const ReadOptions& options,
              const ArticleCallback& on_article, const ErrorCallback& on_error) {
  if (options.feed_read != nullptr && options.feed_read->empty()) *options.feed_read = name;
  InitLibxml();
  if (text.size() > static_cast<size_t>(INT32_MAX)) {
    on_error({name, 0, "feed too large"});
    return;
  }
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) {
    on_error({name, 0, "out of memory starting the XML parser"});
    return;
  }
  // No network, no entity substitution, no DTD loading, no error printing.
  const int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                    XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
  xmlDocPtr doc =
      xmlCtxtReadMemory(ctxt, text.data(), static_cast<int>(text.size()), nullptr, nullptr, flags);
  std::string with_numbers;
  if ((doc == nullptr || !ctxt->wellFormed) && UndeclaredEntity(ctxt) &&
      HtmlEntitiesAsNumbers(text, &with_numbers) && with_numbers.size() <= INT32_MAX) {
    if (doc != nullptr) xmlFreeDoc(doc);
    text = with_numbers;
    doc = xmlCtxtReadMemory(ctxt, text.data(), static_cast<int>(text.size()), nullptr, nullptr,
                            flags);
  }
  size_t error_line = 0;  // malformed: items that close before it are read
  if (doc == nullptr || !ctxt->wellFormed) {
    RecordError error = XmlError(name, xmlCtxtGetLastError(ctxt));
    error_line = error.line > 0 ? error.line : 1;
    on_error(error);
    if (doc != nullptr) xmlFreeDoc(doc);
    doc = xmlCtxtReadMemory(ctxt, text.data(), static_cast<int>(text.size()), nullptr, nullptr,
                            flags | XML_PARSE_RECOVER);
  }
  xmlFreeParserCtxt(ctxt);
  if (doc == nullptr) return;
  const xmlNode* root = xmlDocGetRootElement(doc);
  const std::string root_name = LocalRootName(root);
  FeedInfo feed;
  std::vector<const xmlNode*> items;
  // RSS: <rss><channel>...<item>; RDF: <rdf:RDF><channel/><item>...; Atom: <feed>...<entry>.
  if (root_name == "rss" || root_name == "RDF") {
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (!Core(c, "channel")) {
        if (Core(c, "item")) items.push_back(c);  // RDF
        continue;
      }
      for (const xmlNode* n = c->children; n != nullptr; n = n->next) {
        if (Core(n, "title") && feed.title.empty()) feed.title = ReadableText(n, false);
        if (Core(n, "language") && feed.language.empty()) feed.language = TextOf(n);
        if (Core(n, "item")) items.push_back(n);
      }
    }
  } else if (root_name == "feed") {
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (Core(c, "title") && feed.title.empty()) feed.title = ReadableText(c, false);
      if (Core(c, "entry")) items.push_back(c);
    }
    feed.author = AtomAuthor(root);
    xmlChar* lang = xmlNodeGetLang(root);
    if (lang != nullptr) {
      feed.language = reinterpret_cast<const char*>(lang);
      xmlFree(lang);
    }
  } else if (error_line == 0) {
    on_error({name, root != nullptr ? static_cast<size_t>(xmlGetLineNo(root)) : 0,
              "not an RSS or Atom feed: the root element is <" + root_name +
                  ">, not <rss>, <feed> or <rdf:RDF>"});
  }
  for (size_t k = 0; k < items.size(); ++k) {
    if ((options.should_stop && options.should_stop()) ||
        (options.skip_rest_of_file && options.skip_rest_of_file(name))) {
      break;
    }
    const xmlNode* item = items[k];
    const long line_no = xmlGetLineNo(item);
    const size_t line = line_no > 0 ? static_cast<size_t>(line_no) : 0;
    if (error_line > 0) {
      // After malformed XML only items wholly before the error are trusted:
      // the next item must start before it too.
      const long next = k + 1 < items.size() ? xmlGetLineNo(items[k + 1]) : -1;
      if (next < 0 || static_cast<size_t>(next) > error_line) break;
    }
    std::string warning;
    auto article = ReadItem(item, feed, options, &warning);
    if (!article.ok()) {
      on_error({name, line, article.status().message()});
      continue;
    }
    if (!warning.empty()) options.on_date_warning({name, line, warning});
    if (options.position) options.position->Set(name, line);
    on_article(std::move(article).value());
  }
  xmlFreeDoc(doc);
}

}  // namespace byline
