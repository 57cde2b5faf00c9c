"""One refresh at a time per data directory: a lock file holding the owner's PID and start time."""

from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK_NAME = ".refresh.lock"


class LockedError(RuntimeError):
    """Another live refresh holds the data directory."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _age_seconds(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _holder(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@contextmanager
def refresh_lock(data_dir: Path, started: str) -> Iterator[None]:
    """Hold the data directory's refresh lock; a lock left by a dead process is taken over."""
    path = Path(data_dir) / LOCK_NAME
    me = {"pid": os.getpid(), "host": socket.gethostname(), "started": started}
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if holder is None and _age_seconds(path) < 5:
                holder = {"pid": "?", "host": None, "started": "just now"}  # being written
            same_host = holder and holder.get("host") in (None, me["host"])
            if holder and (not same_host or holder["pid"] == "?" or _alive(int(holder["pid"]))):
                raise LockedError(f"another refresh (PID {holder.get('pid')} on "
                                  f"{holder.get('host')}, started {holder.get('started')}) is "
                                  f"running on {data_dir}") from None
            path.unlink(missing_ok=True)  # stale: its owner is gone (or the file is unreadable)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    else:
        raise LockedError(f"could not take the refresh lock {path}")
    try:
        yield
    finally:
        if (_holder(path) or {}).get("pid") == me["pid"]:
            path.unlink(missing_ok=True)
