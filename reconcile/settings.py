"""`[tool.reconcile]` in ./pyproject.toml: the default corpus, ledger and rules of a project."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from reconcile.errors import UsageError
from reconcile.paths import display_path

DEFAULT_LEDGER = "reviews.yaml"
DEFAULT_CORPUS = ("seeds",)


@dataclass(frozen=True)
class Settings:
    """`[tool.reconcile]` from ./pyproject.toml, with defaults when it is absent."""

    reviews: str = DEFAULT_LEDGER
    corpus: tuple[str, ...] = DEFAULT_CORPUS
    rules: str | None = None


def load_settings(folder: str | Path = ".") -> Settings:
    path = Path(folder) / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise UsageError(f"cannot read: {error.strerror or error}", display_path(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        import re

        match = re.search(r"line (\d+)", str(error))
        raise UsageError(f"malformed TOML: {error}", display_path(path), int(match.group(1)) if match else None) from None
    table = data.get("tool", {}).get("reconcile", {})
    if not isinstance(table, dict):
        raise UsageError("[tool.reconcile] must be a table", display_path(path), _line_of(text, "[tool.reconcile]"))
    reviews = table.get("reviews", DEFAULT_LEDGER)
    corpus = table.get("corpus", list(DEFAULT_CORPUS))
    rules = table.get("rules")
    if isinstance(corpus, str):
        corpus = [corpus]
    if not isinstance(reviews, str) or not reviews:
        raise UsageError('[tool.reconcile] reviews must be a file name, e.g. reviews = "reviews.yaml"',
                         display_path(path), _line_of(text, "reviews"))
    if not isinstance(corpus, list) or not corpus or not all(isinstance(item, str) and item for item in corpus):
        raise UsageError('[tool.reconcile] corpus must be a list of paths, e.g. corpus = ["seeds"]',
                         display_path(path), _line_of(text, "corpus"))
    if rules is not None and not isinstance(rules, str):
        raise UsageError('[tool.reconcile] rules must be a folder, e.g. rules = "rules"', display_path(path),
                         _line_of(text, "rules"))
    return Settings(reviews=reviews, corpus=tuple(corpus), rules=rules)


def _line_of(text: str, needle: str) -> int | None:
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped == "[tool.reconcile]"
            if needle.startswith("[") and in_table:
                return number
        elif in_table and stripped.split("=")[0].strip() == needle:
            return number
    return None
