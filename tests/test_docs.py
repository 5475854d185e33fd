"""The README documents every command and every option the CLI accepts."""

from __future__ import annotations

from conftest import ROOT
from reconcile.cli import build_parser


def _commands():
    parser = build_parser()
    return parser._subparsers._group_actions[0].choices  # argparse keeps subcommands here


def test_every_command_and_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in _commands().items():
        if f"reconcile {name}" not in readme:
            missing.append(f"reconcile {name}")
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and option not in readme:
                    missing.append(f"reconcile {name} {option}")
    assert not missing, f"undocumented in README.md: {missing}"


def test_the_exit_code_table_matches_the_enum():
    from reconcile.errors import ExitCode

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} |" in readme
