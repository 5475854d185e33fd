"""`reconcile check` and `reconcile review`: the editors' ledger and the CI gate.

The handlers only parse, call the library (reconcile.ledger, reconcile.gate) and print.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reconcile.engines import add_run_options, with_run_options
from reconcile.errors import ExitCode, InputError, UsageError
from reconcile.gate import FORMATS, GateResult, lookups, partition, render
from reconcile.ledger import (
    STATUSES,
    Entry,
    Ledger,
    default_reviewer,
    load_ledger,
    today,
    update_ledger,
)
from reconcile.records import Flag
from reconcile.settings import load_settings

SEVERITIES = ("error", "warning", "info")

CHECK_HELP = """\
Run the analysis and compare its flags with the review ledger. Only discrepancies and
variants at or above the --fail-on severity can fail; agreements never do. A flag is
reviewed when the ledger holds an entry under its fingerprint (its id). Ledger entries that
no current flag matches are stale: they are listed as warnings, and fail with --strict.

exit codes: 0 every gating flag is reviewed; 1 a gating flag is new (or, with --strict,
a review is stale); 2 usage or input error (bad arguments, unreadable corpus, malformed
ledger or rules).

defaults come from [tool.reconcile] in ./pyproject.toml: corpus = ["seeds"] and
reviews = "reviews.yaml".
"""

REVIEW_HELP = """\
Record an editor's decision about flags in the review ledger, keyed by each flag's content
fingerprint, so the decision survives edits elsewhere in the articles. STATUS is
  confirmed  a real discrepancy, being handled;
  dismissed  a false alarm;
  explained  both sources are right (say why in the note).
An ID may be any unique prefix of a current flag id (see `reconcile check`). Reviewing an id
again replaces its entry. --all-new records every new gating flag at once (a baseline).
The ledger is written atomically under a lock file, and a malformed ledger is never rewritten.

examples:
  reconcile review explained 3f2a9c --note "ops ceased in 2015, formal closure in 2024"
  reconcile review dismissed --all-new --note baseline
  reconcile review --list          (which entries are stale: no current flag matches them)
  reconcile review --prune         (delete the stale entries)
"""


def add_review_commands(commands) -> None:
    """Register the `check` and `review` subcommands on the CLI's subparsers."""
    check = commands.add_parser(
        "check", help="fail (exit 1) when a discrepancy or variant appears that nobody has reviewed",
        description=CHECK_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders to check (default: [tool.reconcile] corpus, else seeds/)")
    _ledger_option(check)
    check.add_argument("--rules", metavar="DIR", help="rules folder (default: the rules shipped with reconcile)")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text (default); json: {\"new\", \"reviewed\", \"stale\"}; github: workflow "
                       "annotations at the quoted lines; sarif: SARIF 2.1.0 for code scanning")
    _gate_option(check)
    check.add_argument("--strict", action="store_true", help="stale ledger entries fail the check too (exit 1)")
    check.add_argument("--output", metavar="FILE", default="-", help="write the output to FILE (default: - for "
                       "standard output)")
    add_run_options(check)
    check.set_defaults(handler=with_run_options(cmd_check))

    review = commands.add_parser(
        "review", help="record a decision (confirmed, dismissed, explained) about flags in the review ledger",
        description=REVIEW_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    review.add_argument("status", nargs="?", metavar="STATUS", help="confirmed, dismissed or explained")
    review.add_argument("ids", nargs="*", metavar="ID", help="flag ids, or unique prefixes of them")
    review.add_argument("--all-new", action="store_true",
                        help="review every new gating flag (adopt the current flags as a baseline)")
    review.add_argument("--note", metavar="TEXT", help="why: required when recording a decision")
    review.add_argument("--list", action="store_true", help="list the ledger's entries and which are stale")
    review.add_argument("--prune", action="store_true",
                        help="delete the stale entries: those no current flag matches")
    _ledger_option(review)
    review.add_argument("--corpus", metavar="PATH", action="append",
                        help="a file or folder to analyse; repeat for more (default: [tool.reconcile] corpus)")
    review.add_argument("--reviewer", metavar="NAME", help="who decided (default: git config user.name)")
    review.add_argument("--rules", metavar="DIR", help="rules folder (default: the rules shipped with reconcile)")
    _gate_option(review, "which flags --all-new takes: discrepancies and variants at or above this "
                 "severity (default: warning; use the same value as `check`)")
    add_run_options(review)
    review.set_defaults(handler=with_run_options(cmd_review))
    _allow_intermixed(review)


def _allow_intermixed(parser: argparse.ArgumentParser) -> None:
    """Let IDs follow options (`review explained --note TEXT 3f2a`), which plain argparse rejects."""
    base = type(parser)

    class Intermixed(base):  # type: ignore[misc, valid-type]
        _intermixing = False

        def parse_known_args(self, args=None, namespace=None):
            if self._intermixing:  # parse_known_intermixed_args calls back into parse_known_args
                return super().parse_known_args(args, namespace)
            self._intermixing = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._intermixing = False

    parser.__class__ = Intermixed


def _ledger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reviews", metavar="FILE",
                        help="the review ledger (default: [tool.reconcile] reviews, else reviews.yaml)")


def _gate_option(parser: argparse.ArgumentParser, text: str | None = None) -> None:
    parser.add_argument("--fail-on", choices=SEVERITIES, default="warning",
                        help=text or "lowest severity that fails the check (default: warning)")


# ---------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace) -> ExitCode:
    from reconcile.engines import current_options
    from reconcile.replay import Replay

    settings = load_settings()
    reviews = args.reviews or settings.reviews
    ledger = load_ledger(reviews)  # fail fast on a malformed ledger
    paths, rules = args.paths or list(settings.corpus), args.rules or settings.rules
    replay = Replay(paths, rules, reviews, current_options(), "check", args.format, args.fail_on, str(args.strict))
    if replay.stored is not None and isinstance(replay.stored.get("exit"), int):
        _write(replay.stored["text"], args.output)  # nothing has changed since a check that gave exactly this
        return ExitCode(replay.stored["exit"])
    analysis = _analyse(paths, rules)
    result = partition(analysis.flags, ledger, args.fail_on)
    text = render(result, analysis, args.format, ledger, args.strict)
    _write(text, args.output)
    if analysis.unreadable:
        print(f"reconcile: error: {len(analysis.unreadable)} file(s) could not be read; the check is incomplete",
              file=sys.stderr)
        return ExitCode.USAGE_OR_INPUT
    if not analysis.warnings:
        replay.store(text=text, exit=int(result.exit_code(args.strict)))
    return result.exit_code(args.strict)


def _analyse(paths: list[str], rules: str | None):
    from reconcile.pipeline import analyse

    analysis = analyse(paths, rules)
    for warning in analysis.warnings:
        print(f"reconcile: warning: {warning}", file=sys.stderr)
    return analysis


def _write(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write output: {error.strerror or error}", output) from None


# ---------------------------------------------------------------- review


def cmd_review(args: argparse.Namespace) -> ExitCode:
    settings = load_settings()
    path = args.reviews or settings.reviews
    if args.list or args.prune:
        option = "--list" if args.list else "--prune"
        if args.status or args.ids or args.all_new or args.note is not None or (args.list and args.prune):
            raise UsageError(f"{option} takes no STATUS, ID, --all-new, --note or other action")
        corpus, rules = args.corpus or list(settings.corpus), args.rules or settings.rules
        return _list(path, corpus, rules) if args.list else _prune(path, corpus, rules)
    if args.status is None:
        raise UsageError("give a STATUS (confirmed, dismissed or explained) and flag ids, or --list")
    if args.status not in STATUSES:
        raise UsageError(f"unknown status {args.status!r} (allowed: {', '.join(STATUSES)})")
    if not args.ids and not args.all_new:
        raise UsageError("name the flags to review (ID ..., unique prefixes are fine) or pass --all-new")
    if args.note is None or not args.note.strip():
        raise UsageError('say why with --note TEXT, e.g. --note "both right: ceased 2015, closed 2024"')
    ledger = load_ledger(path)  # fail fast on a malformed ledger, before the analysis
    analysis = _analyse(args.corpus or list(settings.corpus), args.rules or settings.rules)
    chosen = resolve_ids(args.ids, analysis.flags, ledger)
    baseline: list[Flag] = partition(analysis.flags, ledger, args.fail_on).new if args.all_new else []
    if not chosen and not baseline:
        print(f"nothing to review: no new flags (ledger: {ledger.path})")
        return ExitCode.CLEAN
    evidence = lookups(analysis)
    reviewer = args.reviewer or default_reviewer()
    date = today()

    def entry(flag: Flag) -> Entry:
        return Entry(status=args.status, note=args.note, reviewer=reviewer, date=date,
                     flag=evidence.snapshot(flag))

    recorded: list[Flag] = []

    def change(current: Ledger) -> Ledger:
        recorded.clear()
        updated = current
        for flag in chosen:
            updated = updated.with_entry(flag.id, entry(flag))
            recorded.append(flag)
        explicit = {flag.id for flag in chosen}
        for flag in baseline:
            # Someone may have reviewed it since we looked; a baseline never overrides a decision.
            if flag.id not in explicit and flag.id not in current:
                updated = updated.with_entry(flag.id, entry(flag))
                recorded.append(flag)
        return updated

    update_ledger(path, change)
    print(f"recorded {args.status} for {len(recorded)} flag(s) in {ledger.path}:")
    for flag in recorded:
        print(f"  {flag.id}  {flag.kind}: {' '.join(flag.summary.split())}")
    return ExitCode.CLEAN


def resolve_ids(ids: list[str], flags: list[Flag], ledger: Ledger | None = None) -> list[Flag]:
    """Each ID (a full id or a unique prefix of a current flag's id) as its flag, in the order given.

    An unknown or ambiguous ID is a UsageError listing the candidates.
    """
    by_id = {flag.id: flag for flag in flags}
    chosen: list[Flag] = []
    for given in ids:
        wanted = given.strip()
        if not wanted:
            raise UsageError("an empty flag id")
        if wanted in by_id:
            match = [by_id[wanted]]
        else:
            match = [flag for flag_id, flag in sorted(by_id.items()) if flag_id.startswith(wanted)]
            if not match:
                match = [flag for flag_id, flag in sorted(by_id.items())
                         if flag_id.lower().startswith(wanted.lower())]
        if len(match) > 1:
            listed = "; ".join(f"{flag.id} ({' '.join(flag.summary.split())})" for flag in match[:10])
            more = f"; and {len(match) - 10} more" if len(match) > 10 else ""
            raise UsageError(f"flag id prefix {given!r} is ambiguous: it matches {listed}{more}. Give more characters")
        if not match:
            hint = ""
            if ledger is not None and any(flag_id.startswith(wanted) for flag_id in ledger.entries):
                hint = " It names a ledger entry that no current flag matches (stale): edit the ledger to remove it."
            gating = sorted(flag.id for flag in flags if flag.kind != "agreement")
            listed = ", ".join(gating[:10]) + (f", and {len(gating) - 10} more" if len(gating) > 10 else "")
            current = f" Current flags: {listed}." if listed else " There are no current flags."
            raise UsageError(f"no current flag has id {given!r}.{hint}{current} See `reconcile check`")
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen


def _list(path: str, corpus: list[str], rules: str | None) -> ExitCode:
    ledger = load_ledger(path)
    if not ledger.entries:
        print(f"no reviews in {ledger.path}")
        return ExitCode.CLEAN
    analysis = _analyse(corpus, rules)
    result: GateResult = partition(analysis.flags, ledger)
    stale = {flag_id for flag_id, _ in result.stale}
    for flag_id in ledger.ids():
        entry = ledger.entries[flag_id]
        summary = " ".join(entry.flag.summary.split()) if entry.flag else ""
        kind = f"{entry.flag.kind}: " if entry.flag else ""
        mark = "  STALE" if flag_id in stale else ""
        print(f"{flag_id}  {entry.status}  {entry.date}  {entry.reviewer}{mark}")
        if summary:
            print(f"    {kind}{summary}")
        print(f"    note: {' '.join(entry.note.split())}")
    print(f"{len(ledger)} review(s) in {ledger.path}, {len(stale)} stale against {', '.join(corpus)}")
    return ExitCode.CLEAN


def _prune(path: str, corpus: list[str], rules: str | None) -> ExitCode:
    ledger = load_ledger(path)
    analysis = _analyse(corpus, rules)
    stale = [flag_id for flag_id, _ in partition(analysis.flags, ledger).stale]
    if not stale:
        print(f"nothing to prune: every review in {ledger.path} matches a current flag")
        return ExitCode.CLEAN
    current = {flag.id for flag in analysis.flags}

    def change(latest: Ledger) -> Ledger:
        kept = {flag_id: entry for flag_id, entry in latest.entries.items()
                if flag_id not in stale or flag_id in current}
        return Ledger(entries=kept, path=latest.path)

    update_ledger(path, change)
    print(f"removed {len(stale)} stale review(s) from {ledger.path}:")
    for flag_id in stale:
        entry = ledger.entries[flag_id]
        summary = " ".join(entry.flag.summary.split()) if entry.flag else ""
        print(f"  {flag_id}  {entry.status}  {summary}".rstrip())
    return ExitCode.CLEAN
