"""The `reconcile` command: a thin layer over the library.

`run(argv)` returns an ExitCode and never raises for user errors, so tests call it in-process;
`main()` is the console-script entry point.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reconcile.errors import ExitCode, ReconcileError, UsageError


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as ReconcileError (exit 2, one line) instead of exiting."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reconcile",
        description="Find where news sources agree and disagree about the same story, with verbatim evidence.",
        epilog="Exit codes: 0 clean, 1 new unreviewed conflicts, 2 usage or input error.",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run_parser = commands.add_parser(
        "run",
        help="analyse a corpus and write a discrepancy report",
        description="Read the articles under PATH (files or folders; default from [tool.reconcile] corpus, "
        "else seeds/), extract claims, compare them across sources within each story, and write a report.",
        epilog="Exit codes: 0 report written; 2 usage error, broken rules, or an input that could not be read "
        "at all (the report is still written for the rest).",
    )
    run_parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of articles "
                            "(.txt .md .html .json .jsonl; an optional sources.toml per folder)")
    run_parser.add_argument("--format", choices=["markdown", "json"], default="markdown",
                            help="report format (default: markdown)")
    run_parser.add_argument("--output", "-o", metavar="FILE|-", help="where to write the report ('-' for "
                            "standard output; default reports/report.md, or reports/report.json for json)")
    run_parser.add_argument("--rules", metavar="DIR", help="rules folder (default: the rules shipped with reconcile)")
    run_parser.add_argument("--reviews", metavar="FILE", help="review ledger whose decisions the report shows "
                            "(default from [tool.reconcile] reviews)")
    from reconcile.engines import add_run_options

    add_run_options(run_parser)
    run_parser.set_defaults(handler=_cmd_run)

    timex = commands.add_parser(
        "timex",
        help="tag and normalise temporal expressions (dates, times, durations, sets)",
        description="Find every temporal expression and normalise it to a TIMEX3 value against the "
        "document creation time (DCT). Prints JSON.",
    )
    timex.add_argument("file", nargs="?", help="a UTF-8 text file to tag ('-' for standard input)")
    timex.add_argument("--dct", help="document creation time, YYYY-MM-DD (default: none; relative "
                       "expressions then stay unresolved)")
    timex.add_argument("--jsonl", metavar="IN", help='read lines {"id","text","dct"} from IN and write one '
                       'line {"id","timexes":[...]} per input line')
    timex.set_defaults(handler=_cmd_timex)

    from reconcile.review import add_review_commands  # `check` and `review`

    add_review_commands(commands)
    return parser


def _cmd_run(args: argparse.Namespace) -> ExitCode:
    from reconcile.engines import options_from_args
    from reconcile.ledger import load_ledger
    from reconcile.pipeline import analyse
    from reconcile.replay import Replay
    from reconcile.report import to_json, to_markdown
    from reconcile.settings import load_settings

    settings = load_settings()
    options = options_from_args(args)
    paths, rules_dir = args.paths or list(settings.corpus), args.rules or settings.rules
    reviews_path = args.reviews or settings.reviews
    default = "reports/report.json" if args.format == "json" else "reports/report.md"
    replay = Replay(paths, rules_dir, reviews_path, options, "run", args.format)
    if replay.stored is not None:  # nothing has changed since a run that produced exactly this
        destination = write_output(replay.stored["text"], args.output or default)
        if destination:
            print(f"reconcile: wrote {destination}: {replay.stored.get('summary', '')}", file=sys.stderr)
        return ExitCode.CLEAN
    analysis = analyse(paths, rules_dir, options)
    ledger = load_ledger(reviews_path)
    reviews = {flag_id: ledger.get(flag_id) for flag_id in ledger.ids()}
    text = (to_json if args.format == "json" else to_markdown)(analysis, reviews)
    destination = write_output(text, args.output or default)
    for warning in analysis.warnings:
        print(f"reconcile: warning: {warning}", file=sys.stderr)
    conflicts = sum(1 for flag in analysis.flags if flag.kind != "agreement")
    claims = sum(1 for claim in analysis.claims if claim.attribute != "name")
    summary = (f"{len(analysis.sources)} sources, {len(analysis.stories)} stories, {claims} claims, "
               f"{conflicts} discrepancies and variants")
    if destination:
        print(f"reconcile: wrote {destination}: {summary}", file=sys.stderr)
    if not analysis.warnings and not analysis.unreadable:
        replay.store(text=text, summary=summary)
    return ExitCode.USAGE_OR_INPUT if analysis.unreadable else ExitCode.CLEAN


def write_output(text: str, destination: str) -> str | None:
    """Write to a file atomically (a reader never sees half a report), or to stdout for '-'."""
    import os
    import tempfile
    from pathlib import Path

    if destination == "-":
        sys.stdout.write(text)
        return None
    path = Path(destination)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # a report is an ordinary file, not mkstemp's private 0600
        os.replace(temporary, path)
    except OSError as error:
        raise UsageError(f"cannot write report: {error.strerror or error}", destination) from None
    return destination


def _cmd_timex(args: argparse.Namespace) -> ExitCode:
    from reconcile.timex.command import run_timex

    return run_timex(file=args.file, dct=args.dct, jsonl=args.jsonl, out=sys.stdout)


def run(argv: Sequence[str] | None = None) -> ExitCode:
    """Parse arguments and run one command; user errors become one line on stderr and exit 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "handler", None):
            build_parser().print_help(sys.stderr)
            return ExitCode.USAGE_OR_INPUT
        return ExitCode(args.handler(args))
    except ReconcileError as error:
        if debug:
            raise
        print(f"reconcile: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("reconcile: interrupted", file=sys.stderr)
        return ExitCode.USAGE_OR_INPUT


def main() -> None:
    sys.exit(int(run()))


if __name__ == "__main__":
    main()
