"""A lock file beside a file that several processes may rewrite: create it exclusively, wait a
bounded time, take over one its holder abandoned."""

from __future__ import annotations

import datetime as _dt
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reconcile.errors import LedgerError
from reconcile.paths import display_path

LOCK_TIMEOUT_ENV = "RECONCILE_LOCK_TIMEOUT"  # seconds to wait for another writer (default 10)
STALE_LOCK_SECONDS = 600  # a lock this old is assumed abandoned: writers hold it for milliseconds


@contextmanager
def ledger_lock(path: str | Path, timeout: float | None = None) -> Iterator[None]:
    """Hold `<ledger>.lock` (created with O_CREAT|O_EXCL) for the duration of the block.

    Waits up to `timeout` seconds (default: $RECONCILE_LOCK_TIMEOUT or 10) for another writer,
    then fails with a LedgerError saying who holds it. A lock left by a dead process on this host,
    or older than ten minutes, is removed and taken over.
    """
    lock = Path(f"{path}.lock")
    timeout = _lock_timeout() if timeout is None else timeout
    token = f"{os.getpid()} {socket.gethostname()} {time.time():.3f}\n"
    deadline = time.monotonic() + timeout
    delay = 0.01
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LedgerError(f"cannot create the ledger's folder: {error.strerror or error}", display_path(path)) from None
    while True:
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_lock(lock)
            if holder is not None and _is_stale(holder, lock):
                _break_lock(lock, holder)
                continue
            if time.monotonic() >= deadline:
                raise LedgerError(f"the ledger is being written by another reconcile ({_who(holder)}); "
                                  f"waited {timeout:g}s. Try again, or delete {display_path(lock)} if no "
                                  "reconcile is running", display_path(path)) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
            continue
        except FileNotFoundError:
            raise LedgerError("the ledger's folder does not exist", display_path(path)) from None
        except OSError as error:
            raise LedgerError(f"cannot create the lock file {display_path(lock)}: {error.strerror or error}",
                              display_path(path)) from None
        break
    try:
        os.write(descriptor, token.encode())
    finally:
        os.close(descriptor)
    try:
        yield
    finally:
        if _read_lock(lock) == token:
            try:
                os.unlink(lock)
            except OSError:
                pass


def _lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV, "10")))
    except ValueError:
        return 10.0


def _read_lock(lock: Path) -> str | None:
    try:
        return lock.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _is_stale(holder: str, lock: Path) -> bool:
    parts = holder.split()
    if len(parts) != 3:
        # Being written this instant, or left empty by a crash between create and write:
        # the token takes microseconds to write, so a minute without one means abandoned.
        try:
            return time.time() - os.stat(lock).st_mtime > 60
        except OSError:
            return False
    pid_text, host, stamp = parts
    try:
        pid, created = int(pid_text), float(stamp)
    except ValueError:
        return False
    if time.time() - created > STALE_LOCK_SECONDS:
        return True
    if host == socket.gethostname() and pid != os.getpid():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
    return False


def _break_lock(lock: Path, holder: str) -> None:
    # Re-read just before removing so a lock taken over a moment ago is not removed.
    if _read_lock(lock) == holder:
        try:
            os.unlink(lock)
        except OSError:
            pass


def _who(holder: str | None) -> str:
    if not holder:
        return "lock file present"
    parts = holder.split()
    if len(parts) == 3:
        try:
            since = _dt.datetime.fromtimestamp(float(parts[2]), _dt.timezone.utc).strftime("%H:%M:%S UTC")
        except (ValueError, OverflowError, OSError):
            since = "?"
        return f"pid {parts[0]} on {parts[1]} since {since}"
    return "lock file present"
