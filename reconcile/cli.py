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
