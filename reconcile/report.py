"""Report: render an analysis as Markdown or JSON. Same input, byte-identical output."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Protocol

from reconcile.compare import describe
from reconcile.ingest import locate
from reconcile.records import Claim, Flag

JSON_VERSION = 1
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


class Review(Protocol):
    """An editor's decision on a flag (see reconcile.ledger)."""

    status: str
    note: str


def md(text: str) -> str:
    """Text safe inside Markdown (and table cells): no markup, links, HTML or broken tables."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _where(analysis, claim: Claim) -> str:
    return f"{analysis.source(claim.source).path}:{claim.span.line}"


def to_json(analysis, reviews: dict[str, Review] | None = None) -> str:
    """The versioned JSON contract documented in the README."""
    reviews = reviews or {}
    data = {
        "version": JSON_VERSION,
        "sources": [{"id": s.id, "path": s.path, "outlet": s.outlet, "url": s.url,
                     "published": s.published.isoformat() if s.published else None,
                     "published_basis": s.published_basis} for s in analysis.sources],
        "articles": [{"id": a.id, "source": a.source, "title": a.title, "start": a.start, "end": a.end,
                      "published": a.published.isoformat() if a.published else None} for a in analysis.articles],
        "stories": [{"id": s.id, "title": s.title, "sources": list(s.sources), "articles": list(s.articles)}
                    for s in analysis.stories],
        "claims": [{"id": c.id, "source": c.source, "article": c.article, "story": c.story,
                    "subject": c.subject.name, "subject_key": c.subject.key, "attribute": c.attribute,
                    "value": c.value.model_dump(mode="json"), "value_text": describe(c.value),
                    "modality": c.modality, "rule": c.rule, "text": c.text,
                    "span": {"start": c.span.start, "end": c.span.end, "line": c.span.line}}
                   for c in analysis.claims],
        "flags": [{"id": f.id, "kind": f.kind, "severity": f.severity, "story": f.story,
                   "attribute": f.attribute, "subject": f.subject, "claims": list(f.claims),
                   "summary": f.summary, "explanation": f.explanation, "rule": f.rule,
                   "review": ({"status": reviews[f.id].status, "note": reviews[f.id].note}
                              if f.id in reviews else None)}
                  for f in analysis.flags],
        "warnings": list(analysis.warnings),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def to_markdown(analysis, reviews: dict[str, Review] | None = None) -> str:
    reviews = reviews or {}
    lines: list[str] = ["# Reconciliation report", ""]
    lines += _summary(analysis)
    conflicts = [f for f in analysis.flags if f.kind != "agreement"]
    new = [f for f in conflicts if f.id not in reviews]
    reviewed = [f for f in conflicts if f.id in reviews]
    lines += ["## Discrepancies and variants", ""]
    if not conflicts:
        lines += ["None found.", ""]
    if reviewed:
        lines += [f"{len(new)} new, {len(reviewed)} already reviewed.", ""]
    for flag in new:
        lines += _flag_section(analysis, flag, None)
    if reviewed:
        lines += ["### Reviewed", ""]
        for flag in reviewed:
            lines += _flag_section(analysis, flag, reviews[flag.id])
    agreements = [f for f in analysis.flags if f.kind == "agreement"]
    lines += ["## Agreements", ""]
    if not agreements:
        lines += ["None found.", ""]
    for flag in agreements:
        lines += _flag_section(analysis, flag, reviews.get(flag.id), level="###")
    lines += _single_source(analysis)
    lines += _set_aside(analysis)
    if analysis.warnings:
        lines += ["## Input warnings", ""] + [f"- {md(warning)}" for warning in analysis.warnings] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _summary(analysis) -> list[str]:
    articles_of = defaultdict(list)
    for article in analysis.articles:
        articles_of[article.source].append(article)
    lines = ["## Summary", "", "| source | outlet | published | file | articles |", "|---|---|---|---|---|"]
    for source in analysis.sources:
        published = source.published.isoformat() if source.published else "unknown"
        if source.published and source.published_basis == "text":
            published += " (stated in text)"
        lines.append(f"| {md(source.id)} | {md(source.outlet)} | {published} | {md(source.path)} | "
                     f"{len(articles_of[source.id])} |")
    lines += ["", "**Stories** (articles about the same event; claims are compared only within a story):", ""]
    for story in analysis.stories:
        compared = "compared" if len(story.sources) > 1 else "one source only, set aside"
        lines.append(f"- **{story.id}**: {md(story.title)} ({len(story.articles)} article"
                     f"{'s' if len(story.articles) != 1 else ''} from {len(story.sources)} source"
                     f"{'s' if len(story.sources) != 1 else ''}; {compared})")
    counts = defaultdict(int)
    for flag in analysis.flags:
        counts[flag.kind] += 1
    claims = sum(1 for claim in analysis.claims if claim.attribute != "name")
    lines += ["", f"**Counts:** {claims} claims and {analysis.name_mentions} name mentions "
                  f"(compared for spelling); {_count(counts['discrepancy'], 'discrepancy', 'discrepancies')}, "
                  f"{_count(counts['variant'], 'variant')}, {_count(counts['agreement'], 'agreement')}.", ""]
    return lines


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _flag_section(analysis, flag: Flag, review: Review | None, level: str = "###") -> list[str]:
    title = f"{level} {flag.kind.capitalize()} ({flag.severity}): {md(flag.summary)}"
    lines = [title, "", f"- **Flag:** `{flag.id}` in {flag.story}, rule `{flag.rule}`"]
    if review:
        lines.append(f"- **Review:** {review.status}: {md(review.note)}")
    lines += [f"- **Why:** {md(flag.explanation)}", "",
              "| source | published | quote | where | value | certainty |", "|---|---|---|---|---|---|"]
    for claim_id in flag.claims:
        claim = analysis.claim(claim_id)
        source = analysis.source(claim.source)
        published = source.published.isoformat() if source.published else "unknown"
        lines.append(f"| {md(source.outlet)} | {published} | “{md(claim.text)}” | {md(_where(analysis, claim))} | "
                     f"{md(describe(claim.value))} | {claim.modality} |")
    return lines + [""]


def _single_source(analysis) -> list[str]:
    flagged = {claim_id for flag in analysis.flags for claim_id in flag.claims}
    compared_stories = {story.id for story in analysis.stories if len(story.sources) > 1}
    # Name mentions exist to compare spellings; unflagged ones are not claims worth listing.
    lonely = [c for c in analysis.claims
              if c.id not in flagged and c.story in compared_stories and c.attribute != "name"]
    lines = ["## Claims only one source makes", ""]
    if not lonely:
        return lines + ["None.", ""]
    lines += ["| story | source | about | value | quote | where |", "|---|---|---|---|---|---|"]
    for claim in lonely:
        about = f"{claim.attribute} of {claim.subject.name}" if claim.subject.key else claim.attribute
        lines.append(f"| {claim.story} | {md(analysis.source(claim.source).outlet)} | {md(about)} | "
                     f"{md(describe(claim.value))} | “{md(claim.text)}” | {md(_where(analysis, claim))} |")
    return lines + [""]


def _set_aside(analysis) -> list[str]:
    lines = ["## Set aside", "", "Articles in a story no other source covers; their claims were not compared "
             "across sources.", ""]
    if not analysis.set_aside:
        return lines + ["Nothing was set aside.", ""]
    story_of = {article_id: story.id for story in analysis.stories for article_id in story.articles}
    for article in analysis.set_aside:
        source = analysis.source(article.source)
        first_line = locate(source, article.start, article.start).line
        last_line = locate(source, max(article.start, article.end - 1), article.end).line
        lines.append(f"- {story_of.get(article.id, '?')}: “{md(article.title)}” ({md(source.path)} lines "
                     f"{first_line}–{last_line})")
    return lines + [""]
