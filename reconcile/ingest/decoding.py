"""Bytes to text: byte-order marks, UTF-8 with replacement, declared charsets, binary files."""

from __future__ import annotations

import codecs
import re


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes; returns the text and a warning when bytes had to be replaced.

    A byte-order mark picks UTF-8, UTF-16 or UTF-32 (the mark itself is not part of the text);
    without one the bytes are UTF-8, or UTF-16 when the pattern of zero bytes says so. Invalid
    bytes become U+FFFD, one per bad sequence, so offsets index the decoded text exactly.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                       (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode_with(data[len(bom):], codec, None)
    codec = utf16_without_bom(data)
    if codec:
        return _decode_with(data, codec, f"no byte-order mark; read as {codec.upper()}")
    return _decode_with(data, "utf-8", None)


def _decode_with(data: bytes, codec: str, note: str | None) -> tuple[str, str | None]:
    try:
        return data.decode(codec), note
    except UnicodeDecodeError as error:
        text = data.decode(codec, errors="replace")
        line = data[:error.start].decode(codec, errors="replace").count("\n") + 1
        bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
        problem = (f"not valid {codec.upper()} from line {line} (byte {error.start}); {bad} invalid "
                   f"byte sequence{'s' if bad != 1 else ''} replaced with U+FFFD (save it as UTF-8 to keep them)")
        return text, f"{note}; {problem}" if note else problem


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like mostly-ASCII UTF-16 text, else None."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even_zero = sample[0:pairs * 2:2].count(0)
    odd_zero = sample[1:pairs * 2:2].count(0)
    if odd_zero >= 0.7 * pairs and even_zero == 0:
        return "utf-16-le"
    if even_zero >= 0.7 * pairs and odd_zero == 0:
        return "utf-16-be"
    return None


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def declared_charset(data: bytes, text: str, problem: str) -> tuple[str, str | None]:
    """An HTML page that is not UTF-8, read in the charset its <meta> declares, when it declares one."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return text, problem
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return text, problem
    if codec.startswith(("utf-8", "utf-16", "utf-32")) or not getattr(codecs.lookup(codec), "_is_text_encoding", True):
        return text, problem
    if codec == "iso8859-1" or codec == "ascii":
        codec = "cp1252"  # what browsers read for latin-1 and ascii declarations
    declared, replaced = _decode_with(data, codec, None)
    note = f"not UTF-8; read as {codec}, the charset its <meta> declares"
    return declared, f"{note}; {replaced}" if replaced else note


def looks_binary(data: bytes) -> bool:
    """Whether bytes are not text: a zero byte, or many control characters, near the start."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > 0.1


# Control bytes that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13, 27))
