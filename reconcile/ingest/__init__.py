"""Ingest: read a corpus of files and folders into Sources and the Articles they hold.

Text is kept exactly as decoded so every claim can point back to its span in the file.
"""

from __future__ import annotations

import codecs
import json
import os
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from reconcile.errors import InputError
from reconcile.ingest.articles import split_articles
from reconcile.ingest.html import extract_html
from reconcile.ingest.metadata import parse_date, stated_publication
from reconcile.records import Article, Source, Span

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
MANIFEST = "sources.toml"


@dataclass
class Corpus:
    """Everything read from the given paths, plus what could not be read and why."""

    sources: list[Source] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


class _ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None


class _JsonRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None


def display_path(path: Path | str) -> str:
    """A path as reports show it: relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def locate(source: Source, start: int, end: int) -> Span:
    """The span of analysed text [start, end) as offsets and a line in the source file."""
    if source.record_line is not None:
        return Span(start=start, end=end, line=source.record_line)
    text = source.text
    if source.raw is not None:
        start, end = _to_file(source, start), _to_file(source, end)
        text = source.raw
    return Span(start=start, end=end, line=text.count("\n", 0, start) + 1)


def _to_file(source: Source, offset: int) -> int:
    anchors = source.anchors
    index = bisect_right(anchors, (offset, float("inf"))) - 1
    if index < 0:
        return offset
    text_offset, file_offset = anchors[index]
    return file_offset + (offset - text_offset)


def read_corpus(paths: list[str]) -> Corpus:
    """Read every supported file under `paths`, in a stable order."""
    corpus = Corpus()
    files: list[tuple[Path, dict[str, _ManifestEntry]]] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError("no such file or folder", display_path(path))
        if path.is_dir():
            _walk(path, files, seen, corpus)
        else:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                files.append((path, _manifest(path.parent, corpus)))
    used_ids: set[str] = set()
    for path, manifest in files:
        for source in _read_file(path, manifest.get(path.name), corpus):
            source = _unique_id(source, used_ids)
            corpus.sources.append(source)
            corpus.articles.extend(_articles(source))
    return corpus


def _walk(folder: Path, files: list, seen: set[str], corpus: Corpus) -> None:
    real = os.path.realpath(folder)
    if real in seen:
        corpus.warnings.append(f"{display_path(folder)}: skipped, a folder already read (symlink loop?)")
        return
    seen.add(real)
    manifest = _manifest(folder, corpus)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        corpus.warnings.append(f"{display_path(folder)}: cannot list folder: {error.strerror}")
        corpus.unreadable.append(display_path(folder))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, files, seen, corpus)
        elif path.suffix.lower() in SUPPORTED:
            file_real = os.path.realpath(path)
            if file_real not in seen:
                seen.add(file_real)
                files.append((path, manifest))


def _manifest(folder: Path, corpus: Corpus) -> dict[str, _ManifestEntry]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read manifest: {error}", shown) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"malformed TOML: {error}", shown, _toml_line(str(error))) from None
    entries = data.get("source", [])
    if set(data) - {"source"} or not isinstance(entries, list):
        raise InputError("a manifest holds only [[source]] tables (file, outlet, url, published, title)", shown, 1)
    result: dict[str, _ManifestEntry] = {}
    for index, entry in enumerate(entries):
        try:
            parsed = _ManifestEntry.model_validate(entry)
        except ValidationError as error:
            first = error.errors()[0]
            key = ".".join(str(part) for part in first["loc"])
            line = _line_of_table(text, index)
            raise InputError(f"[[source]] #{index + 1}: {key}: {first['msg']} (allowed keys: file, outlet, "
                             f"url, published, title)", shown, line) from None
        result[parsed.file] = parsed
    return result


def _toml_line(message: str) -> int | None:
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _line_of_table(text: str, index: int) -> int | None:
    count = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("[[source]]"):
            count += 1
            if count == index:
                return number
    return None


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes; returns the text and a warning when bytes had to be replaced."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                       (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            return text, ("invalid bytes replaced" if "\ufffd" in text else None)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data.decode("utf-8", errors="replace"), f"not valid UTF-8 (first bad byte at {error.start}); " \
                                                      "invalid bytes replaced with U+FFFD"


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.1


def _read_file(path: Path, entry: _ManifestEntry | None, corpus: Corpus) -> list[Source]:
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        corpus.warnings.append(f"{shown}: cannot read: {error.strerror or error}")
        corpus.unreadable.append(shown)
        return []
    if not data.strip():
        corpus.warnings.append(f"{shown}: empty file, skipped")
        return []
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not has_bom and looks_binary(data):
        corpus.warnings.append(f"{shown}: binary file, skipped")
        corpus.unreadable.append(shown)
        return []
    text, problem = decode(data)
    if problem:
        corpus.warnings.append(f"{shown}: {problem}")
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        return _json_sources(path, shown, text, entry, corpus)
    outlet = entry.outlet if entry and entry.outlet else None
    published = entry.published if entry else None
    basis = "manifest" if published else "none"
    raw, anchors, title, url = None, (), entry.title if entry else None, entry.url if entry else None
    analysed = text
    if suffix in HTML_SUFFIXES:
        page = extract_html(text)
        analysed, raw, anchors = page.text, text, page.anchors
        title = title or page.meta.get("title")
        url = url or page.meta.get("url")
        outlet = outlet or page.meta.get("outlet")
        if published is None:
            published = parse_date(page.meta.get("published", "") or page.meta.get("time", ""))
            basis = "text" if published else "none"
        if not analysed.strip():
            corpus.warnings.append(f"{shown}: no article text found in the page, skipped")
            return []
    stated_date, stated_outlet = stated_publication(analysed)
    if published is None and stated_date:
        published, basis = stated_date, "text"
    return [Source(id=path.stem, path=shown, outlet=outlet or stated_outlet or path.stem, url=url,
                   published=published, published_basis=basis, title=title, text=analysed,
                   raw=raw, anchors=anchors)]


def _json_sources(path: Path, shown: str, text: str, entry: _ManifestEntry | None,
                  corpus: Corpus) -> list[Source]:
    records: list[tuple[int, object]] = []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            corpus.warnings.append(f"{shown}:{error.lineno}: invalid JSON ({error.msg}), skipped")
            corpus.unreadable.append(shown)
            return []
        items = data if isinstance(data, list) else [data]
        records = [(1, item) for item in items]
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                corpus.warnings.append(f"{shown}:{number}: invalid JSON ({error.msg}), line skipped")
    sources = []
    for index, (line, item) in enumerate(records, start=1):
        try:
            record = _JsonRecord.model_validate(item)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "record"
            corpus.warnings.append(f"{shown}:{line}: record skipped: {where}: {first['msg']} "
                                   "(expected {text, outlet?, url?, published?, title?})")
            continue
        if not record.text.strip():
            corpus.warnings.append(f"{shown}:{line}: record with empty text, skipped")
            continue
        stated_date, stated_outlet = stated_publication(record.text)
        published = record.published or (entry.published if entry else None) or stated_date
        basis = "record" if record.published else "manifest" if entry and entry.published else \
            "text" if stated_date else "none"
        record_id = f"{path.stem}#{index}" if len(records) > 1 else path.stem
        sources.append(Source(
            id=record_id, path=shown, outlet=record.outlet or (entry.outlet if entry else None) or stated_outlet
            or path.stem, url=record.url, published=published, published_basis=basis, title=record.title,
            text=record.text, record_line=line))
    return sources


def _unique_id(source: Source, used: set[str]) -> Source:
    candidate, number = source.id, 2
    while candidate in used:
        candidate = f"{source.id}~{number}"
        number += 1
    used.add(candidate)
    return source if candidate == source.id else source.model_copy(update={"id": candidate})


def _articles(source: Source) -> list[Article]:
    spans = split_articles(source.text)
    return [Article(id=f"{source.id}@{index}" if len(spans) > 1 else source.id, source=source.id, index=index,
                    start=span.start, end=span.end, title=span.title or source.title or source.id,
                    published=span.published or source.published)
            for index, span in enumerate(spans, start=1)]
