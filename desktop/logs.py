"""The log (issue 20.7): one file in the per-user data folder, written by the window and the command line, rotated
when a Hattama starts and finds it past MAX_BYTES (hattama.log.1 … .5 keep the older ones). Rotating at start,
not mid-run as `logging.handlers.RotatingFileHandler` does, spares every start importing `logging.handlers`
(sockets, pickle, queues: a twentieth of the window's first paint, issue 18.1); a session writes a few lines
per store opened, import or export, so a file never grows far past the limit before the next start.

Set up once, at the entry points (`hattama.cli.main`, `hattama.ui.app.run_gui`); every module logs through
`logging.getLogger(__name__)` (all below the `hattama` logger). What goes in: the store opened, created or
upgraded (and the copy taken before), imports and their counts, bundle exports and verifications with their
outcome, errors with their traceback. Never a password or a document's text: lines name files, ids and counts.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from hattama.paths import log_dir

FILE_NAME = "hattama.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None


def log_file() -> Path:
    return log_dir() / FILE_NAME


def configure() -> Path | None:
    """Sends the `hattama` loggers' INFO and above to the log file (opened at the first line written). Called
    again, it follows a changed data folder; None when the folder cannot be made (then nothing is logged to a
    file, and the program goes on)."""
    global _handler
    path = log_file()
    if _handler is not None and getattr(_handler, "baseFilename", None) == str(path.resolve()):
        return path
    root = logging.getLogger("hattama")
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    _rotate_if_full(path)
    _handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    _handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(_handler)
    root.setLevel(logging.INFO)
    return path


def _rotate_if_full(path: Path) -> None:
    """hattama.log → hattama.log.1 → … → hattama.log.BACKUPS (the oldest dropped) once it has reached MAX_BYTES.
    Another Hattama may rotate at the same moment: what fails here only leaves the file a little longer."""
    with contextlib.suppress(OSError):
        if path.stat().st_size < MAX_BYTES:
            return
        for number in range(BACKUPS - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))


def logger(name: str) -> logging.Logger:
    return logging.getLogger(name)
