"""`reconcile check` and `reconcile review`: the editors' ledger and the CI gate (being built)."""


def add_review_commands(commands) -> None:
    """Register the `check` and `review` subcommands on the CLI's subparsers."""
