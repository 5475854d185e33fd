"""Main text of an HTML page, with a map back to file offsets. Nothing in the page is executed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from html import unescape

# Content that is never article text.
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "button", "select", "option",
         "nav", "footer", "aside", "form", "head", "object", "embed", "canvas", "math"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
          "ul", "ol", "li", "blockquote", "figcaption", "figure", "pre", "table", "tr", "td", "th",
          "dl", "dt", "dd", "hr", "address", "br", "title"}
_CONTENT_ROOTS = {"article", "main"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr", "source", "track", "param"}
_SPACE = re.compile(r"\s+")


class HtmlText:
    """What an HTML page says: main text, anchors to file offsets, and page metadata."""

    def __init__(self, text: str, anchors: tuple[tuple[int, int], ...], meta: dict[str, str]):
        self.text = text
        self.anchors = anchors
        self.meta = meta


class _MainText(HTMLParser):
    def __init__(self, raw: str):
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.skip_depth = 0
        self.stack: list[str] = []
        self.root_depth = 0
        # Segments: (text, file offset, inside article/main, length in the file when it is an
        # entity reference, else None). A None text marks a block break.
        self.segments: list[tuple[str | None, int, bool, int | None]] = []
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title_parts: list[str] = []
        self.saw_root = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "meta":
            self._meta(attributes)
        elif tag == "time" and attributes.get("datetime") and "published" not in self.meta:
            self.meta["time"] = attributes["datetime"]
        elif tag == "link" and attributes.get("rel") == "canonical" and attributes.get("href"):
            self.meta.setdefault("url", attributes["href"])
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag in _BLOCK:
                self._break()
            return
        self.stack.append(tag)
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in _CONTENT_ROOTS:
            self.root_depth += 1
            self.saw_root = True
        if tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag == "meta":
            self._meta({key: value or "" for key, value in attrs})
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag not in self.stack:
            return  # stray end tag
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag in _CONTENT_ROOTS:
                self.root_depth -= 1
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self._break()

    def _meta(self, attributes: dict[str, str]):
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        content = attributes.get("content", "").strip()
        if not content:
            return
        if key in ("article:published_time", "datepublished", "date", "pubdate", "publish-date",
                   "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date"):
            self.meta.setdefault("published", content)
        elif key in ("og:site_name", "application-name", "publisher", "dc.publisher"):
            self.meta.setdefault("outlet", content)
        elif key in ("og:url",):
            self.meta.setdefault("url", content)
        elif key in ("og:title", "twitter:title"):
            self.meta.setdefault("title", content)

    def _break(self):
        if self.segments and self.segments[-1][0] is not None:
            self.segments.append((None, 0, False, None))

    def _text(self, text: str, offset: int):
        if self.in_title:
            self.title_parts.append(unescape(text))
        if self.skip_depth or not text:
            return
        self.segments.append((text, offset, self.root_depth > 0, None))

    def handle_data(self, data):
        self._text(data, self._offset())

    def handle_entityref(self, name):
        self._entity(f"&{name};")

    def handle_charref(self, name):
        self._entity(f"&#{name};")

    def _entity(self, reference: str):
        offset = self._offset()
        # The parser may have consumed a reference without its ';'; measure the real length.
        length = len(reference) if self.raw.startswith(reference, offset) else len(reference) - 1
        decoded = unescape(self.raw[offset:offset + length])
        if decoded and not self.skip_depth:
            self.segments.append((decoded, offset, self.root_depth > 0, length))


def extract_html(raw: str) -> HtmlText:
    """Main text of `raw`: inside <article>/<main> when present, else the body without chrome."""
    parser = _MainText(raw)
    parser.feed(raw)
    parser.close()
    keep_roots_only = parser.saw_root and any(inside for text, _, inside, _ in parser.segments if text)
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0
    pending_space = False
    for text, offset, inside, entity_length in parser.segments:
        if text is None:
            if length:
                pending_space = "block"
            continue
        if keep_roots_only and not inside:
            continue
        if entity_length is not None:  # one decoded unit standing for a whole reference
            length, pending_space = _emit(pieces, anchors, length, pending_space, text, offset)
            anchors.append((length, offset + entity_length))
            continue
        position = 0
        for match in _SPACE.finditer(text):
            if match.start() > position:
                length, pending_space = _emit(pieces, anchors, length, pending_space,
                                              text[position:match.start()], offset + position)
            if length:
                pending_space = pending_space or "space"
            position = match.end()
        if position < len(text):
            length, pending_space = _emit(pieces, anchors, length, pending_space, text[position:],
                                          offset + position)
    meta = dict(parser.meta)
    title = _SPACE.sub(" ", "".join(parser.title_parts)).strip()
    if title:
        meta.setdefault("title", title)
    return HtmlText("".join(pieces), _compact(anchors), meta)


def _emit(pieces, anchors, length, pending_space, word, offset):
    if pending_space:
        pieces.append("\n\n" if pending_space == "block" else " ")
        length += len(pieces[-1])
    anchors.append((length, offset))
    pieces.append(word)
    return length + len(word), False


def _compact(anchors: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Drop anchors that a linear run from the previous anchor already implies."""
    kept: list[tuple[int, int]] = []
    for text_offset, file_offset in anchors:
        if kept and file_offset - kept[-1][1] == text_offset - kept[-1][0]:
            continue
        kept.append((text_offset, file_offset))
    return tuple(kept)
