"""How reports show a path."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as reports show it: relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
