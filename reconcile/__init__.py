"""reconcile: cross-source claim reconciliation for news."""

__version__ = "0.1.0"
