"""The CI gate: which flags are new, which are reviewed, which reviews are stale; and how `check` says so.

Only discrepancies and variants at or above the gate severity can fail a check; agreements never
do. A flag is reviewed when the ledger holds an entry under its fingerprint. A ledger entry whose
fingerprint matches no current flag is stale: the text it was about changed or went away.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import quote as _uri_quote

from reconcile.errors import ExitCode
from reconcile.ledger import Entry, Evidence, FlagSnapshot, Ledger
from reconcile.records import SEVERITY_RANK, Claim, ClaimValue, Flag, Source

GATED_KINDS = ("discrepancy", "variant")
FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "reconcile/v1"


def gates(flag: Flag, fail_on: str = "warning") -> bool:
    """Whether this flag can fail the check: a discrepancy or variant at or above `fail_on`."""
    return flag.kind in GATED_KINDS and SEVERITY_RANK[flag.severity] >= SEVERITY_RANK[fail_on]


def _order(flag: Flag) -> tuple:
    return (-SEVERITY_RANK[flag.severity], flag.kind, flag.story, flag.subject, flag.attribute, flag.id)


@dataclass
class GateResult:
    """Flags split by what the ledger says about them."""

    new: list[Flag] = field(default_factory=list)  # gating flags nobody has reviewed
    reviewed: list[tuple[Flag, Entry]] = field(default_factory=list)  # current flags with a ledger entry
    stale: list[tuple[str, Entry]] = field(default_factory=list)  # entries no current flag matches
    fail_on: str = "warning"
    ungated: int = 0  # unreviewed flags that cannot fail the check (agreements, below the gate)

    def exit_code(self, strict: bool = False) -> ExitCode:
        if self.new or (strict and self.stale):
            return ExitCode.NEW_CONFLICTS
        return ExitCode.CLEAN


def partition(flags: list[Flag], ledger: Ledger, fail_on: str = "warning") -> GateResult:
    """Split `flags` into new and reviewed, and find the ledger's stale entries. Deterministic."""
    if fail_on not in SEVERITY_RANK:
        raise ValueError(f"unknown severity {fail_on!r}")
    result = GateResult(fail_on=fail_on)
    current = {flag.id for flag in flags}
    for flag in sorted(flags, key=_order):
        entry = ledger.get(flag.id)
        if entry is not None:
            result.reviewed.append((flag, entry))
        elif gates(flag, fail_on):
            result.new.append(flag)
        else:
            result.ungated += 1
    result.stale = [(flag_id, ledger.entries[flag_id]) for flag_id in ledger.ids() if flag_id not in current]
    return result


# ---------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Quote:
    """One claim behind a flag, located in its source file."""

    claim: str
    source: str
    path: str
    outlet: str
    line: int
    start: int
    end: int
    text: str
    value: str
    column: int | None  # 1-based, in code points; None when offsets are not into the file itself
    in_file: bool  # whether start/end index the file's decoded text (not a JSON record's field)


def quotes_for(flag: Flag, claims: dict[str, Claim], sources: dict[str, Source]) -> list[Quote]:
    """Every claim behind `flag` as a located quote, in the flag's claim order."""
    quotes = []
    for claim_id in flag.claims:
        claim = claims.get(claim_id)
        if claim is None:
            continue
        source = sources.get(claim.source)
        in_file = source is not None and source.record_line is None
        column = None
        if source is not None and in_file:
            text = source.raw if source.raw is not None else source.text
            if 0 <= claim.span.start <= len(text):
                column = claim.span.start - (text.rfind("\n", 0, claim.span.start) + 1) + 1
        quotes.append(Quote(claim=claim.id, source=claim.source, path=source.path if source else claim.source,
                            outlet=source.outlet if source else "", line=claim.span.line,
                            start=claim.span.start, end=claim.span.end, text=claim.text,
                            value=render_value(claim.value), column=column, in_file=in_file))
    return quotes


def render_value(value: ClaimValue) -> str:
    """A normalised value as short text: a TIMEX3 value for times, else as the report writes it."""
    from reconcile.compare import describe

    return value.timex if getattr(value, "type", None) == "time" else describe(value)


class Lookups:
    """Lookups from an Analysis-like object: `.claims` and `.sources` lists."""

    def __init__(self, analysis) -> None:
        self.claims = {claim.id: claim for claim in analysis.claims}
        self.sources = {source.id: source for source in analysis.sources}

    def quotes(self, flag: Flag) -> list[Quote]:
        return quotes_for(flag, self.claims, self.sources)

    def snapshot(self, flag: Flag) -> FlagSnapshot:
        """What the ledger keeps about a flag so that diff readers see what was decided.

        No line numbers: they change with every unrelated edit, and the ledger should not.
        """
        evidence = [Evidence(source=quote.path, outlet=quote.outlet, quote=quote.text, value=quote.value)
                    for quote in self.quotes(flag)]
        unique = tuple(dict.fromkeys(evidence))  # the same words quoted twice in one file, once
        return FlagSnapshot(kind=flag.kind, severity=flag.severity, subject=flag.subject,
                            attribute=flag.attribute, summary=flag.summary, evidence=unique)


def lookups(analysis) -> Lookups:
    return Lookups(analysis)


# ---------------------------------------------------------------- output


def render(result: GateResult, analysis, fmt: str, ledger: Ledger, strict: bool = False) -> str:
    """The output of `reconcile check` in one of FORMATS. Always ends with a newline."""
    evidence = lookups(analysis)
    if fmt == "text":
        return render_text(result, evidence, ledger, strict)
    if fmt == "json":
        return render_json(result, evidence, ledger)
    if fmt == "github":
        return render_github(result, evidence, ledger, strict)
    if fmt == "sarif":
        return render_sarif(result, evidence, ledger, strict)
    raise ValueError(f"unknown format {fmt!r}")


def _review_json(entry: Entry | None) -> dict | None:
    if entry is None:
        return None
    return {"status": entry.status, "note": entry.note, "reviewer": entry.reviewer, "date": entry.date}


def flag_json(flag: Flag, evidence: Lookups, entry: Entry | None) -> dict:
    return {
        "id": flag.id, "kind": flag.kind, "severity": flag.severity, "story": flag.story,
        "subject": flag.subject, "attribute": flag.attribute, "summary": flag.summary,
        "explanation": flag.explanation, "rule": flag.rule,
        "quotes": [{"claim": quote.claim, "source": quote.source, "path": quote.path, "outlet": quote.outlet,
                    "line": quote.line, "start": quote.start, "end": quote.end, "text": quote.text,
                    "value": quote.value} for quote in evidence.quotes(flag)],
        "review": _review_json(entry),
    }


def stale_json(flag_id: str, entry: Entry, ledger: Ledger) -> dict:
    snapshot = entry.flag
    return {"id": flag_id, "ledger": ledger.path, "line": ledger.lines.get(flag_id), "status": entry.status,
            "note": entry.note, "reviewer": entry.reviewer, "date": entry.date,
            "kind": snapshot.kind if snapshot else None, "summary": snapshot.summary if snapshot else None}


def render_json(result: GateResult, evidence: Lookups, ledger: Ledger) -> str:
    document = {
        "new": [flag_json(flag, evidence, None) for flag in result.new],
        "reviewed": [flag_json(flag, evidence, entry) for flag, entry in result.reviewed],
        "stale": [stale_json(flag_id, entry, ledger) for flag_id, entry in result.stale],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def stale_message(flag_id: str, entry: Entry) -> str:
    about = f' about "{_one_line(entry.flag.summary)}"' if entry.flag and entry.flag.summary else ""
    return (f"stale review {flag_id} ({entry.status}{about}): no current flag matches it; the text it was "
            "about changed or was removed. Remove it with `reconcile review --prune`, and review the new flag "
            "if there is one")


def render_text(result: GateResult, evidence: Lookups, ledger: Ledger, strict: bool) -> str:
    out: list[str] = []
    for flag in result.new:
        out.append(f"new {flag.kind} ({flag.severity}) {flag.id}: {_one_line(flag.summary)}")
        for quote in evidence.quotes(flag):
            value = f" [{quote.value}]" if quote.value else ""
            outlet = f" ({quote.outlet})" if quote.outlet else ""
            out.append(f"    {quote.path}:{quote.line}{outlet}: \"{_one_line(quote.text)}\"{value}")
        out.append("")
    for flag_id, entry in result.stale:
        level = "error" if strict else "warning"
        out.append(f"{ledger.where(flag_id)}: {level}: {stale_message(flag_id, entry)}")
    if result.stale:
        out.append("")
    gate = {"error": "errors", "warning": "warnings and errors", "info": "all severities"}[result.fail_on]
    out.append(f"{len(result.new)} new, {len(result.reviewed)} reviewed, {len(result.stale)} stale "
               f"(gate: discrepancies and variants, {gate}; ledger: {ledger.path})")
    if result.new:
        out.append("Record a decision for each new flag: reconcile review confirmed|dismissed|explained ID "
                   "--note TEXT (or --all-new to adopt them all as a baseline)")
    elif strict and result.stale:
        out.append("Failing because of --strict: remove the stale entries from the ledger")
    return "\n".join(out) + "\n"


def escape_data(text: str) -> str:
    """Escape an annotation message per the GitHub workflow-command rules."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape an annotation property value (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _annotation(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value is not None)
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def render_github(result: GateResult, evidence: Lookups, ledger: Ledger, strict: bool) -> str:
    out: list[str] = []
    for flag in result.new:
        quotes = evidence.quotes(flag)
        lines = [f"{flag.summary}"]
        lines += [f'{quote.outlet or quote.source} ({quote.path}:{quote.line}): "{_one_line(quote.text)}"'
                  for quote in quotes]
        lines.append(f"Flag {flag.id}. Record a decision: reconcile review confirmed|dismissed|explained "
                     f"{flag.id} --note TEXT")
        message = "\n".join(lines)
        title = f"New {flag.kind}: {_one_line(flag.subject)} {_one_line(flag.attribute)}".strip()
        level = _GITHUB_LEVEL[flag.severity]
        seen: set[tuple[str, int]] = set()
        for quote in quotes:
            if (quote.path, quote.line) in seen:
                continue
            seen.add((quote.path, quote.line))
            out.append(_annotation(level, message, file=quote.path, line=quote.line, col=quote.column,
                                   title=title))
        if not quotes:
            out.append(_annotation(level, message, title=title))
    for flag_id, entry in result.stale:
        out.append(_annotation("error" if strict else "warning", stale_message(flag_id, entry),
                               file=ledger.path, line=ledger.lines.get(flag_id) or None, title="Stale review"))
    return "".join(line + "\n" for line in out)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(result: GateResult, evidence: Lookups, ledger: Ledger, strict: bool) -> str:
    from reconcile import __version__

    flags = [(flag, None) for flag in result.new] + list(result.reviewed)
    rule_ids = sorted({flag.rule or flag.kind for flag, _ in flags})
    rule_index = {rule: index for index, rule in enumerate(rule_ids)}
    first_of_rule: dict[str, Flag] = {}
    for flag, _ in flags:
        first_of_rule.setdefault(flag.rule or flag.kind, flag)
    rules = [{
        "id": rule,
        "name": rule,
        "shortDescription": {"text": f"Sources disagree ({first_of_rule[rule].kind}), found by rule {rule}"},
        "defaultConfiguration": {"level": _SARIF_LEVEL[first_of_rule[rule].severity]},
    } for rule in rule_ids]
    results = []
    for flag, entry in flags:
        quotes = evidence.quotes(flag)
        locations = []
        for quote in quotes:
            region: dict = {"startLine": max(1, quote.line), "snippet": {"text": quote.text}}
            if quote.in_file and quote.end >= quote.start >= 0:
                region["charOffset"] = quote.start
                region["charLength"] = quote.end - quote.start
            locations.append({
                "physicalLocation": {"artifactLocation": {"uri": _uri(quote.path)}, "region": region},
                "message": {"text": f"{quote.outlet or quote.source}: \"{_one_line(quote.text)}\""
                            + (f" ({quote.value})" if quote.value else "")},
            })
        related = [{"id": index, **location} for index, location in enumerate(locations[1:], start=1)]
        item: dict = {
            "ruleId": flag.rule or flag.kind,
            "ruleIndex": rule_index[flag.rule or flag.kind],
            "kind": "fail",
            "level": _SARIF_LEVEL[flag.severity],
            "message": {"text": f"{flag.summary}\n{flag.explanation}".strip()},
            "locations": locations,
            **({"relatedLocations": related} if related else {}),
            "partialFingerprints": {FINGERPRINT_KEY: flag.id},
            "properties": {"flagId": flag.id, "kind": flag.kind, "severity": flag.severity, "story": flag.story,
                           "subject": flag.subject, "attribute": flag.attribute},
        }
        if entry is not None:
            item["suppressions"] = [{"kind": "external", "status": "accepted",
                                     "justification": f"{entry.status}: {entry.note}".strip(),
                                     "properties": {"reviewer": entry.reviewer, "date": entry.date}}]
            if ledger.path:
                item["suppressions"][0]["location"] = {"physicalLocation": {
                    "artifactLocation": {"uri": _uri(ledger.path)},
                    "region": {"startLine": ledger.lines.get(flag.id) or 1}}}
        results.append(item)
    notifications = []
    for flag_id, entry in result.stale:
        note: dict = {"level": "error" if strict else "warning", "message": {"text": stale_message(flag_id, entry)},
                      "descriptor": {"id": "stale-review"}}
        if ledger.path:
            note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": _uri(ledger.path)},
                                                       "region": {"startLine": ledger.lines.get(flag_id) or 1}}}]
        notifications.append(note)
    run = {
        "tool": {"driver": {"name": "reconcile", "version": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    return _uri_quote(path.replace("\\", "/"), safe="/")
