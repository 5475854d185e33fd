"""Shared fixtures: the shipped rules, loaded once, and a helper to analyse invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="session")
def shipped_rules():
    return load_rules(ROOT / "rules")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write one file exactly as given: bytes as they are, text as UTF-8 with no newline translation."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def write_articles(folder: Path, articles: dict[str, tuple[str, str | None]]) -> Path:
    """Write invented articles with a sources.toml giving each one's publication date."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, (text, published) in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
        manifest.append(f'[[source]]\nfile = "{name}"\noutlet = "{Path(name).stem.title()}"\n'
                        + (f'published = "{published}"\n' if published else ""))
    (folder / "sources.toml").write_text("\n".join(manifest), encoding="utf-8")
    return folder


def write_seed_copies(folder: Path, copies: int, respell: bool = False) -> Path:
    """The seed articles `copies` times over, each copy's years moved (and, with `respell`, a place
    name respelled) so the copies differ; for engines that must give identical results."""
    for copy in range(copies):
        target = folder / f"copy{copy}"
        target.mkdir(parents=True)
        for path in sorted((ROOT / "seeds").iterdir()):
            text = path.read_text(encoding="utf-8")
            if copy:
                text = text.replace("2015", str(2015 - copy))
                if respell:
                    text = text.replace("Moscow", f"Moscow{'x' * copy}")
            (target / f"{copy}-{path.name}").write_text(text, encoding="utf-8")
    return folder
