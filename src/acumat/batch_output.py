"""Batch output that cannot lie: a file appears at its path only when the run completed.

Used by ``acumat batch``: results are written to a temporary file beside the target
(``OUT.partial-XXXXXXXX``) and renamed onto ``OUT`` only after the last line is
written, so an interrupted or failed run leaves whatever was at ``OUT`` before (usually
nothing) and removes its partial file. SIGINT and SIGTERM become an :class:`Interrupted`
exception in the main thread, so the cleanup runs and the exit code says what happened.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any

#: Exit codes of ``acumat batch`` (also listed in its ``--help`` and the README).
EXIT_OK = 0  # every line screened and written, none failed
EXIT_INVALID = 1  # every line written, some are error records; or the input/pack could not be read
EXIT_USAGE = 2  # bad options, e.g. the output is the input
EXIT_INCOMPLETE = 3  # the run did not complete: writing failed, a worker process was lost, ...
EXIT_INTERRUPTED = {signal.SIGINT: 130, signal.SIGTERM: 143}  # 128 + the signal's number


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived during a batch run (a BaseException, like KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        """The signal's name, e.g. ``SIGTERM``."""
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        """128 + the signal's number: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


class SignalGuard:
    """While active, SIGINT and SIGTERM raise :class:`Interrupted`; after :meth:`done`, they are noted only."""

    def __init__(self) -> None:
        self.finished = False
        self.received: int | None = None

    def check(self) -> None:
        """Raise :class:`Interrupted` if a signal arrived (even if its exception was swallowed)."""
        if self.received is not None and not self.finished:
            raise Interrupted(self.received)

    def done(self) -> None:
        """The output is complete and in place: a signal from now on must not undo that."""
        self.finished = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        if not self.finished:
            raise Interrupted(signum)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[SignalGuard]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` for the block (main thread only)."""
    guard = SignalGuard()
    if threading.current_thread() is not threading.main_thread():
        yield guard
        return
    previous = {s: signal.signal(s, guard._handle) for s in EXIT_INTERRUPTED}
    try:
        yield guard
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block (where the platform can); they arrive after it."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:
        yield
        return
    previous = block(signal.SIG_BLOCK, set(EXIT_INTERRUPTED))
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """Whether two stat results are the same file (device and inode)."""
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def output_is_input(input_stat: os.stat_result, target: str | None) -> bool:
    """Whether writing to ``target`` (a path, or None for stdout) would overwrite the input file.

    Compares device and inode, so it also sees the input given as stdin (``- < X``)
    and stdout redirected onto it (``> X`` / ``>> X``). Only a regular input file counts:
    ``/dev/null`` in and out is fine.
    """
    if not stat.S_ISREG(input_stat.st_mode):
        return False
    try:
        out = os.stat(target) if target is not None else os.fstat(1)
    except OSError:
        return False
    return same_file(input_stat, out)


class OutputFile:
    """A text stream for ``target`` whose content reaches ``target`` only on :meth:`commit`.

    A regular file (or a path that does not exist yet) is written through a temporary
    file in the same directory and renamed into place; a device or FIFO such as
    ``/dev/full`` or a named pipe is written directly (there is nothing to rename).
    """

    def __init__(self, target: str) -> None:
        # Through a symlink, replace the file it points to, not the link.
        self.target = os.path.realpath(target) if os.path.islink(target) else target
        path = Path(self.target)
        try:
            info: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            info = None
        self._mode = stat.S_IMODE(info.st_mode) if info is not None else None
        self.partial: Path | None = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            self.stream: IO[str] = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            return
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.partial-")
        self.partial = Path(name)
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        """Flush, close and move the complete output onto the target (OSError if that fails)."""
        self.stream.flush()
        if self.partial is not None:
            os.fsync(self.stream.fileno())
        self.stream.close()
        if self.partial is not None:
            os.chmod(self.partial, self._mode if self._mode is not None else 0o666 & ~_umask())
            os.replace(self.partial, self.target)
            self.partial = None

    def discard(self) -> None:
        """Close without publishing: remove the partial file; the target is left as it was."""
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self.partial is not None:
            with contextlib.suppress(OSError):
                self.partial.unlink()
            self.partial = None

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.discard()  # a no-op after commit()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null after a failed write to stdout.

    The interpreter flushes stdout again at exit; with the failed bytes still buffered
    that would print a second error ("Exception ignored ...") after our own message.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
