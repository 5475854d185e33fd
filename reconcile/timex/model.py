"""The record the temporal tagger returns for each expression it finds."""

from __future__ import annotations

from typing import Literal

from reconcile.records import Record, TimeInterval

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


class Timex(Record):
    """One temporal expression: its span in the text, TIMEX3 type and value, and calendar interval."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = None
    interval: TimeInterval | None = None
