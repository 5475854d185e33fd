"""sources.toml: the optional manifest that names each file's outlet, URL and date."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from reconcile.errors import InputError
from reconcile.paths import display_path

MANIFEST = "sources.toml"
_MANIFEST_KEYS = ("file", "outlet", "url", "published", "title")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?")


class ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _day_of_timestamp(cls, value):
        """A full timestamp (`2025-07-12T09:30:00Z`, quoted or not) stands for its day."""
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str) and _TIMESTAMP.fullmatch(value.strip()):
            return value.strip()[:10]
        return value


@dataclass
class Manifest:
    """One sources.toml: its entries by the absolute path of the file each names."""

    shown: str
    entries: dict[str, tuple[ManifestEntry, int | None]]


def read_manifest(folder: Path, real_folder: str) -> Manifest | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read manifest: {error.strerror or error}", shown) from None
    except UnicodeDecodeError as error:
        raise InputError(f"manifest is not UTF-8 (bad byte at offset {error.start}); save it as UTF-8",
                         shown) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(error))
        line = _toml_line(str(error)) or (text.count("\n") + 1 if "end of document" in str(error) else None)
        raise InputError(f"malformed TOML: {message}", shown, line) from None
    lines = text.split("\n")  # split once: a manifest may describe thousands of files
    unknown = [key for key in data if key != "source"]
    if unknown:
        raise InputError(f"unknown key '{unknown[0]}': a manifest holds only [[source]] tables with keys "
                         f"{', '.join(_MANIFEST_KEYS)}", shown, _key_line(lines, unknown[0], None))
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise InputError("'source' must be written as [[source]] tables", shown, _key_line(lines, "source", None))
    tables = _table_lines(lines)
    result: dict[str, tuple[ManifestEntry, int | None]] = {}
    for index, entry in enumerate(entries):
        header = tables[index] if index < len(tables) else None
        try:
            parsed = ManifestEntry.model_validate(entry)
        except ValidationError as error:
            first = error.errors()[0]
            key = str(first["loc"][0]) if first["loc"] else "file"
            if first["type"] == "extra_forbidden":
                problem = f"unknown key '{key}' (allowed: {', '.join(_MANIFEST_KEYS)})"
            elif first["type"] == "missing":
                problem = "missing key 'file' (the file this entry describes, relative to the manifest)"
            elif key == "published":
                problem = f"published: {first['msg']} (write a date, YYYY-MM-DD)"
            else:
                problem = f"{key}: {first['msg']}"
            line = _key_line(lines, key, header) if first["type"] != "missing" else header
            raise InputError(f"[[source]] #{index + 1}: {problem}", shown, line) from None
        target = os.path.normpath(os.path.join(real_folder, parsed.file))
        line = _key_line(lines, "file", header)
        if target in result:
            raise InputError(f"[[source]] #{index + 1}: \"{parsed.file}\" is described twice", shown, line)
        result[target] = (parsed, line)
    return Manifest(shown=shown, entries=result)


def _toml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _table_lines(lines: list[str]) -> list[int]:
    """The line of each [[source]] header, in order."""
    return [number for number, line in enumerate(lines, start=1)
            if re.match(r"\s*\[\[\s*source\s*\]\]", line)]


def _key_line(lines: list[str], key: str, after: int | None) -> int | None:
    """The line where `key` is set, searching from line `after` (a table header) to the next table."""
    pattern = re.compile(rf"\s*(?:\[+\s*)?[\"']?{re.escape(key)}[\"']?\s*(?:=|\]|\.)")
    for number in range(after or 1, len(lines) + 1):
        line = lines[number - 1]
        if after is not None and number > after and re.match(r"\s*\[", line):
            break
        if pattern.match(line):
            return number
    return after
