"""Temporal tagger: find dates, times, durations and sets, normalised to TIMEX3 values.

Public interface used by the pipeline:

    tag(text, dct) -> list[Timex]          every temporal expression, in text order
    interval_of(value) -> TimeInterval      the calendar interval a TIMEX3 DATE/TIME value denotes
"""

from reconcile.timex.model import Timex
from reconcile.timex.tagger import interval_of, tag

__all__ = ["Timex", "tag", "interval_of"]
