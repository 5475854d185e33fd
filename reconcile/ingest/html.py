"""Main text of an HTML page, with a map back to file offsets. Nothing in the page is executed.

The page is read by a small tokenizer of our own rather than `html.parser`: every construct is
found with one forward search, so the work is linear in the size of the page whatever it holds
(Python 3.11's `html.parser` takes minutes over a few hundred kilobytes of unclosed `<!--`), and
the element stack is a list, so nesting depth costs nothing. Constructs left open at the end of
the file run to the end of the file, as in a browser: an unclosed comment or `<script>` hides the
rest of the page, never shows it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.entities import html5

# Elements whose content is never article text.
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "button", "select", "option",
         "nav", "footer", "aside", "form", "head", "object", "embed", "canvas", "math", "title",
         "textarea", "dialog"}
# Elements whose content is not markup: it runs to the matching end tag and is never parsed.
_RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
          "ul", "ol", "li", "blockquote", "figcaption", "figure", "pre", "table", "tr", "td", "th",
          "dl", "dt", "dd", "hr", "address", "br", "title", "body", "caption", "details", "summary"}
_CONTENT_ROOTS = {"article", "main"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr", "source", "track",
         "param", "keygen", "embed"}
# What may sit in <head>; any other element, or text, closes an unclosed <head> as a browser would.
_HEAD_CONTENT = {"meta", "link", "title", "script", "style", "base", "noscript", "template"}
_SKIP_ROLES = {"navigation", "complementary", "contentinfo", "search", "dialog", "alert"}

_SPACE = re.compile(r"\s+")
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\s/>]*+)")
# The rest of a tag up to its '>', with quoted attribute values skipped whole. Possessive, so a
# failed match costs one pass; it fails only when no '>' follows, i.e. the tag runs to the end.
_TAG_REST = re.compile(r"""(?:[^>"'=]++|=\s*+"[^"]*+(?:"|\Z)|=\s*+'[^']*+(?:'|\Z)|[="'])*+>""")
_ATTR = re.compile(r"""([^\s/>="']++)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++)))?+""")
_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]++)|([0-9]++));?")
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31});?")
_RAW_END: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"</{name}(?=[\s/>]|\Z)", re.IGNORECASE) for name in _RAW_TEXT}
_INVALID_CODEPOINTS = {0x00, 0x0D, *range(0xD800, 0xE000)}
_PUBLISHED_META = {"article:published_time", "datepublished", "date", "pubdate", "publish-date",
                   "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
                   "sailthru.date", "parsely-pub-date", "og:published_time", "citation_publication_date"}
_OUTLET_META = {"og:site_name", "application-name", "publisher", "dc.publisher", "article:publisher",
                "twitter:site"}
_LD_JSON_LIMIT = 1_000_000  # characters of JSON-LD worth parsing for a date and publisher


class HtmlText:
    """What an HTML page says: main text, anchors to file offsets, and page metadata."""

    def __init__(self, text: str, anchors: tuple[tuple[int, int], ...], meta: dict[str, str]):
        self.text = text
        self.anchors = anchors
        self.meta = meta


def reference(raw: str, position: int, limit: int | None = None) -> tuple[str, int] | None:
    """The character reference at `raw[position]` ('&…') as (decoded text, length in raw), or None.

    Follows the HTML5 rules: numeric references, named ones with ';', and the legacy names that
    may omit it ("&amp" in "&ampx" is '&' followed by "x"). Never raises, however long the digits.
    """
    limit = len(raw) if limit is None else limit
    match = _NUMERIC.match(raw, position, limit)
    if match:
        digits = match.group(1) or match.group(2)
        if len(digits) > 8:  # out of range however it reads, and int() refuses 4,300+ digits
            return "\ufffd", match.end() - position
        number = int(digits, 16) if match.group(1) else int(digits)
        if number in _INVALID_CODEPOINTS or number > 0x10FFFF:
            return "\ufffd", match.end() - position
        return _WINDOWS_1252.get(number, chr(number)), match.end() - position
    match = _NAMED.match(raw, position, limit)
    if not match:
        return None
    name = match.group(1)
    if match.group(0).endswith(";") and name + ";" in html5:
        return html5[name + ";"], match.end() - position
    for size in range(len(name), 1, -1):  # legacy names without ';', longest first
        if name[:size] in html5:
            return html5[name[:size]], size + 1
    return None


# Numeric references in 0x80-0x9F mean the Windows-1252 character, as browsers read them.
_WINDOWS_1252 = {
    0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020",
    0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039", 0x8C: "\u0152",
    0x8E: "\u017d", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022",
    0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a",
    0x9C: "\u0153", 0x9E: "\u017e", 0x9F: "\u0178"}


def unescape(text: str) -> str:
    """`text` with its character references decoded (a safe `html.unescape`)."""
    if "&" not in text:
        return text
    parts, position = [], 0
    while True:
        amp = text.find("&", position)
        if amp < 0:
            parts.append(text[position:])
            return "".join(parts)
        parts.append(text[position:amp])
        found = reference(text, amp)
        if found is None:
            parts.append("&")
            position = amp + 1
        else:
            parts.append(found[0])
            position = amp + found[1]


class _Page:
    """One forward pass over the page collecting text segments, metadata and the title."""

    def __init__(self, raw: str):
        self.raw = raw
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skips its content, is a content root)
        self.open = Counter()
        self.skip_depth = 0
        self.root_depth = 0
        # Segments: (text, file offset, inside article/main, length in the file when it is a
        # character reference, else None). A None text marks a block break.
        self.segments: list[tuple[str | None, int, bool, int | None]] = []
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.saw_root = False

    def run(self) -> None:
        raw, position, size = self.raw, 0, len(self.raw)
        while position < size:
            lt = raw.find("<", position)
            if lt < 0:
                self._text(position, size)
                return
            if lt > position:
                self._text(position, lt)
            position = self._markup(lt)

    def _markup(self, lt: int) -> int:
        """Consume the construct at `raw[lt] == '<'` and return where reading resumes."""
        raw, size = self.raw, len(self.raw)
        if raw.startswith("<!--", lt):
            for closing, length in (("<!-->", 5), ("<!--->", 6)):
                if raw.startswith(closing, lt):
                    return lt + length
            end = raw.find("-->", lt + 4)
            return size if end < 0 else end + 3
        match = _TAG_OPEN.match(raw, lt)
        if match is None:
            if raw.startswith(("<!", "<?", "</"), lt):  # declarations, processing instructions
                if raw.startswith("</>", lt):
                    return lt + 3
                end = raw.find(">", lt + 2)
                return size if end < 0 else end + 1
            self._text(lt, lt + 1)  # a lone '<' is text
            return lt + 1
        rest = _TAG_REST.match(raw, match.end())
        if rest is None:  # a tag still open at the end of the file: the rest is not text
            return size
        end = rest.end()
        tag = match.group(2).lower()
        if match.group(1):
            self._end_tag(tag)
            return end
        inner = raw[match.end():end - 1]
        closed = inner.rstrip().endswith("/")
        return self._start_tag(tag, inner, closed, end)

    def _start_tag(self, tag: str, inner: str, closed: bool, end: int) -> int:
        if self.open["head"] and tag not in _HEAD_CONTENT:
            self._close("head")
        attributes = _attributes(inner) if tag in ("meta", "link", "time", "script") or \
            ("hidden" in inner or "role" in inner) else {}
        if tag == "meta":
            self._meta(attributes)
        elif tag == "time" and attributes.get("datetime"):
            self.meta.setdefault("time", attributes["datetime"])
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split() and attributes.get("href"):
            self.meta.setdefault("url", attributes["href"])
        if tag in _RAW_TEXT and not (closed and (self.open["svg"] or self.open["math"])):
            # "<script/>" still opens a script in HTML; only SVG and MathML may self-close one
            return self._raw_text(tag, attributes, end)
        if tag in _BLOCK:
            self._break()
        if tag in _VOID or closed:
            return end
        skips = tag in _SKIP or "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true" \
            or attributes.get("role", "").lower() in _SKIP_ROLES
        root = tag in _CONTENT_ROOTS
        self.stack.append((tag, skips, root))
        self.open[tag] += 1
        self.skip_depth += skips
        self.root_depth += root
        self.saw_root = self.saw_root or root
        return end

    def _raw_text(self, tag: str, attributes: dict[str, str], start: int) -> int:
        """Skip the content of a raw-text element (script, style, title, …) and its end tag."""
        raw, size = self.raw, len(self.raw)
        closing = _RAW_END[tag].search(raw, start)
        content_end = size if closing is None else closing.start()
        if tag == "title" and not (self.open["svg"] or self.open["math"]):
            self.title_parts.append(unescape(raw[start:content_end]))
        elif tag == "script" and "ld+json" in attributes.get("type", "").lower() \
                and content_end - start <= _LD_JSON_LIMIT:
            _linked_data(raw[start:content_end], self.meta)
        if tag == "title":
            self._break()
        if closing is None:
            return size
        rest = _TAG_REST.match(raw, closing.end())
        return size if rest is None else rest.end()

    def _end_tag(self, tag: str) -> None:
        if tag == "body" or tag == "html":
            return  # content after </body> is still shown by browsers; keep reading it
        if self.open[tag]:
            self._close(tag)
        if tag in _BLOCK:
            self._break()

    def _close(self, tag: str) -> None:
        """Pop open elements down to and including the innermost `tag`."""
        while self.stack:
            open_tag, skips, root = self.stack.pop()
            self.open[open_tag] -= 1
            self.skip_depth -= skips
            self.root_depth -= root
            if open_tag == tag:
                return

    def _meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        content = attributes.get("content", "").strip()
        if not content:
            return
        if key in _PUBLISHED_META:
            self.meta.setdefault("published", content)
        elif key in _OUTLET_META and not content.startswith(("http://", "https://")):
            self.meta.setdefault("outlet", content.lstrip("@") if key == "twitter:site" else content)
        elif key == "og:url":
            self.meta.setdefault("url", content)
        elif key in ("og:title", "twitter:title"):
            self.meta.setdefault("title", content)

    def _break(self) -> None:
        if self.segments and self.segments[-1][0] is not None:
            self.segments.append((None, 0, False, None))

    def _text(self, start: int, end: int) -> None:
        raw = self.raw
        if self.open["head"] and raw[start:end].strip():
            self._close("head")  # text cannot sit in <head>; a browser shows it in the body
        if self.skip_depth:
            return
        inside = self.root_depth > 0
        position = start
        while position < end:
            amp = raw.find("&", position, end)
            if amp < 0:
                self.segments.append((raw[position:end], position, inside, None))
                return
            if amp > position:
                self.segments.append((raw[position:amp], position, inside, None))
            found = reference(raw, amp, end)
            if found is None:
                self.segments.append(("&", amp, inside, None))
                position = amp + 1
            else:
                decoded, length = found
                self.segments.append((decoded, amp, inside, length))
                position = amp + length


def _attributes(inner: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTR.finditer(inner):
        name = match.group(1).lower()
        value = next((group for group in match.groups()[1:] if group is not None), "")
        attributes.setdefault(name, unescape(value))
    return attributes


def _linked_data(text: str, meta: dict[str, str]) -> None:
    """Publication date and publisher from a JSON-LD block (schema.org NewsArticle and kin)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    queue, seen = [data], 0
    while queue and seen < 1000:
        item = queue.pop(0)
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        published = item.get("datePublished")
        if isinstance(published, str) and published.strip():
            meta.setdefault("published", published.strip())
        publisher = item.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and publisher["name"].strip():
            meta.setdefault("outlet", publisher["name"].strip())
        graph = item.get("@graph")
        if isinstance(graph, list):
            queue.extend(graph)


def extract_html(raw: str) -> HtmlText:
    """Main text of `raw`: inside <article>/<main> when present, else the body without chrome."""
    page = _Page(raw)
    page.run()
    keep_roots_only = page.saw_root and any(inside for text, _, inside, _ in page.segments if text)
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0
    pending_space: str | bool = False
    for text, offset, inside, reference_length in page.segments:
        if text is None:
            if length:
                pending_space = "block"
            continue
        if keep_roots_only and not inside:
            continue
        if reference_length is not None:  # one decoded unit standing for a whole reference
            if text.isspace():  # &nbsp; and kin separate words like any other space
                if length:
                    pending_space = pending_space or "space"
                continue
            length, pending_space = _emit(pieces, anchors, length, pending_space, text, offset)
            anchors.append((length, offset + reference_length))
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
    meta = dict(page.meta)
    title = _SPACE.sub(" ", "".join(page.title_parts)).strip()
    if title:
        meta.setdefault("title", title)
    return HtmlText("".join(pieces), _compact(anchors), meta)


def _emit(pieces, anchors, length, pending_space, word, offset):
    if pending_space:
        pieces.append("\n\n" if pending_space == "block" else " ")
        length += len(pieces[-1])
    if not anchors or offset - anchors[-1][1] != length - anchors[-1][0]:  # keep only where the map bends
        anchors.append((length, offset))
    pieces.append(word)
    return length + len(word), False


def _compact(anchors: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Drop anchors that a linear run from the previous anchor already implies."""
    kept: list[tuple[int, int]] = []
    for text_offset, file_offset in anchors:
        if kept and file_offset - kept[-1][1] == text_offset - kept[-1][0]:
            continue
        if kept and kept[-1][0] == text_offset:  # a later anchor at the same offset wins
            kept[-1] = (text_offset, file_offset)
            continue
        kept.append((text_offset, file_offset))
    return tuple(kept)
