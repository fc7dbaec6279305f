// Safe rendering, shared by the search page (app.js) and the widget
// (widget.js). Not served on its own: embed_web_assets.cmake puts it where
// each of them says {{include:safe_dom.js}}, inside their closures, so it
// adds nothing to a host page's globals.
//
// The rule: the only HTML inserted is the server's title_html and
// snippet_html, and only through keepOnlyMarks(); everything else goes in
// as text or attributes (el()).

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

// Rebuilds server HTML keeping only text and <mark>: whatever else slipped
// in becomes text. Parsed in an inert <template>, so nothing loads or runs.
function keepOnlyMarks(html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(node.textContent);
      } else if (node.nodeType === Node.ELEMENT_NODE && node.localName === 'mark') {
        const mark = document.createElement('mark');
        copy(node, mark);
        to.append(mark);
      } else {
        to.append(node.textContent || '');
      }
    }
  };
  const fragment = document.createDocumentFragment();
  copy(template.content, fragment);
  return fragment;
}

// Only web links are followed; anything else (javascript:, data:) is not.
// A relative url is resolved against `base` (default: this page).
function safeUrl(url, base = location.href) {
  if (!url) return null;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch (err) {
    return null;
  }
}
