"""A cold build's per-post work spread over the machine's cores, in forked processes.

``mkdocs build`` runs once in a fresh process, and most of its time goes into work that is the
same function applied to every post (reading a file, rendering a body and its page, filling and
writing a page). :meth:`Workers.map` applies such a function to a list: it forks one process per
extra core, and every process, the parent included, takes the next ``CHUNK`` items until none is
left, so a process slowed by another (the banners drawn meanwhile, a page copied on first write)
takes fewer and none waits long for the others. A child sends each chunk's results through a
pipe (pickled) as soon as it has made them, and the parent reads them between its own chunks;
results come back in the order of the items, so the output is the same bytes as with one
process, whoever made which (``tests/test_workers.py`` builds a site both ways).
:meth:`Workers.spawn` starts one computation in a forked process and returns at once; the build
asks for the result (:meth:`Pending.result`) when it needs it, and meanwhile keeps this core busy
with the steps that cannot be shared (the engine's own pages): the feeds and the banners are
made on the other core.

Forking copies the parent, closures and caches included, so the function needs no pickling; it
is only safe while no other thread runs, which :meth:`map` checks (it works in one process
otherwise). Only ``mkdocs build`` uses workers: under ``mkdocs serve`` a rebuild
renders a handful of changed posts and the caches of the session must see every result.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKERS_VARIABLE = "WARDNEWS_WORKERS"
# Below this many items a fork (a few milliseconds for a large parent) costs more than it saves.
MIN_ITEMS = 64
# Items per process and round of forks.
ROUND = 4096
# Items taken at a time: a few milliseconds of work (a post page takes about one), so that the
# processes finish within that of each other.
CHUNK = 8
_TICKET = struct.Struct("<I")  # a chunk's number, as the processes read it from a shared pipe
# Chunks per round at most, so that their numbers (32 KB) fit in a pipe's buffer (64 KB on
# Linux) and are written before any process reads: larger chunks on a machine of many cores.
MAX_TICKETS = 8192


def available_cores() -> int:
    """Cores this process may run on; ``WARDNEWS_WORKERS`` (a positive number) overrides."""
    pinned = os.environ.get(WORKERS_VARIABLE, "").strip()
    if pinned.isdigit() and int(pinned) > 0:
        return int(pinned)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Workers:
    """``count`` processes (this one included) for the per-post steps of one build."""

    def __init__(self, count: int = 1) -> None:
        self.count = max(1, count)

    @classmethod
    def for_command(cls, command: str) -> Workers:
        """Every core for a one-off build; one process under ``serve`` (see the module)."""
        return cls(available_cores() if command == "build" else 1)

    def map(
        self,
        function: Callable[[T], R],
        items: Sequence[T],
        meanwhile: Callable[[], object] | None = None,
    ) -> list[R]:
        """``[function(item) for item in items]``, the items shared among the processes.

        A child that fails (an exception, a crash) leaves its share to this process, which then
        raises what the function raises, as a loop would. ``meanwhile``: work of this process
        alone, done once the children have started and before it takes its own share (they
        take more of the items meanwhile).
        """
        return list(self.imap(function, items, meanwhile))

    def imap(
        self,
        function: Callable[[T], R],
        items: Sequence[T],
        meanwhile: Callable[[], object] | None = None,
    ) -> Iterator[R]:
        """:meth:`map` as an iterator: the results come round by round (``ROUND`` items per
        process and round), so a caller that keeps only a part of each result holds one round
        of whole results at a time, whatever the archive."""
        count = min(self.count, len(items) // MIN_ITEMS + 1)
        if count <= 1 or not hasattr(os, "fork") or threading.active_count() > 1:
            if meanwhile is not None:
                meanwhile()
            yield from (function(item) for item in items)
            return
        # In rounds: what a child sends back at once stays bounded, whatever the archive.
        step = ROUND * count
        for start in range(0, len(items), step):
            yield from self._round(function, items[start : start + step], count, meanwhile)
            meanwhile = None

    def spawn(self, function: Callable[[], R], items: int = MIN_ITEMS) -> Pending[R]:
        """``function()`` in a forked process, asked for later; computed here and now with one
        process, while another thread runs (see the module), or when the work is about fewer
        than ``MIN_ITEMS`` ``items`` (a fork would cost more than it saves)."""
        if (
            self.count <= 1
            or items < MIN_ITEMS
            or not hasattr(os, "fork")
            or threading.active_count() > 1
        ):
            return Pending(function)
        return Pending(function, _fork(lambda _: function(), [None]))

    @staticmethod
    def _round(
        function: Callable[[T], R],
        items: Sequence[T],
        count: int,
        meanwhile: Callable[[], object] | None = None,
    ) -> Iterator[R]:
        """The results of ``items`` in order, each given out as soon as it and all before it
        are made: the caller's work on them (the plan keeps what it needs of each post page)
        is done between this process's chunks, while the other processes work, rather than
        after the last chunk, while they wait."""
        size = max(CHUNK, -(-len(items) // MAX_TICKETS))
        chunks = [items[start : start + size] for start in range(0, len(items), size)]
        # Every chunk's number is written to a pipe before the forks; each process reads one
        # number at a time (a read of 4 bytes from a pipe is never split between readers) and
        # makes that chunk, until the pipe is empty.
        tickets, writer = os.pipe()
        try:
            os.write(writer, b"".join(_TICKET.pack(number) for number in range(len(chunks))))
        finally:
            os.close(writer)
        made: dict[int, list[R]] = {}
        given = 0  # the chunks given out so far, in order
        children: list[_Taker] = []
        try:
            children += [_Taker(function, chunks, tickets) for _ in range(1, count)]
            if meanwhile is not None:
                meanwhile()
            for number, results in _take(function, chunks, tickets):
                made[number] = results
                for child in children:  # what the children made meanwhile
                    child.receive(made)
                while given in made:
                    yield from made.pop(given)
                    given += 1
            for child in children:
                child.receive(made, wait=True)
        finally:
            os.close(tickets)
            for child in children:  # reaped; stopped first if the caller stopped early
                child.close()
        for number in range(given, len(chunks)):
            # A chunk whose maker failed (an exception, a crash) is made here, in order: the
            # first item that fails raises, as a loop would.
            yield from made.pop(number) if number in made else map(function, chunks[number])


class Pending(Generic[R]):
    """A value computed in a forked process (:meth:`Workers.spawn`), or already computed here."""

    def __init__(self, function: Callable[[], R], child: tuple[int, int] | None = None) -> None:
        self._function = function
        self._child = child
        self._owner = os.getpid()  # a process forked later inherits the pipe: it must not read it
        self._value: list[R] = [] if child is not None else [function()]

    def result(self) -> R:
        """The value; a child that failed leaves the work to this process, which then raises what
        the function raises, as a call would."""
        if os.getpid() != self._owner:  # asked in a worker forked after the spawn
            return self._value[0] if self._value else self._function()
        if not self._value:
            child, self._child = self._child, None
            got = _collect(*child) if child is not None else None
            self._value = got if got is not None else [self._function()]
        return self._value[0]

    def __del__(self) -> None:
        # Never asked for (the build stopped on an error): close the pipe (the child's write
        # then fails and it leaves) and reap the child.
        child, self._child = getattr(self, "_child", None), None
        if child is not None and os.getpid() == self._owner:
            pid, reader = child
            os.close(reader)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _fork(function: Callable[[T], R], share: Sequence[T]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
        status = 1
        try:
            os.close(reader)
            data = pickle.dumps([function(item) for item in share], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _take(
    function: Callable[[T], R], chunks: Sequence[Sequence[T]], tickets: int
) -> Iterator[tuple[int, list[R]]]:
    """The chunks this process takes from ``tickets``, each made, with its number. Stops at the
    first item that fails: the chunks left are taken by the other processes, or made again in
    order (:meth:`Workers._round`)."""
    while len(ticket := os.read(tickets, _TICKET.size)) == _TICKET.size:
        (number,) = _TICKET.unpack(ticket)
        try:
            results = [function(item) for item in chunks[number]]
        except Exception:
            return
        yield number, results


class _Taker:
    """A forked process that takes chunks (:func:`_take`) and sends each one's results as soon as
    they are made: a frame (the chunk's number, the size of its pickle, the pickle) on a pipe,
    which this process reads between its own chunks (:meth:`receive`). The results are then
    pickled and unpickled while the processes work, rather than all at once after the last
    chunk, while the build waits (30 ms of a 1,000-post build's pages), and the pipe never
    stays full long enough to hold the child up."""

    FRAME = struct.Struct("<IQ")
    # What the pipe holds (Linux lets a process ask for up to 1 MB): a child that makes chunks
    # faster than this process reads them goes on for about twenty post-page chunks.
    PIPE = 1 << 20
    READ = 1 << 20

    def __init__(
        self, function: Callable[[T], R], chunks: Sequence[Sequence[T]], tickets: int
    ) -> None:
        reader, writer = os.pipe()
        try:
            import fcntl

            fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, self.PIPE)
        except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: 64 KB
            pass
        pid = os.fork()
        if pid == 0:  # the child: take, send, leave without running the parent's exit handlers
            status = 1
            try:
                os.close(reader)
                with os.fdopen(writer, "wb") as out:
                    for number, results in _take(function, chunks, tickets):
                        data = pickle.dumps(results, pickle.HIGHEST_PROTOCOL)
                        out.write(self.FRAME.pack(number, len(data)))
                        out.write(data)
                        out.flush()
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        os.set_blocking(reader, False)
        self.pid, self.reader = pid, reader
        self.buffer = bytearray()

    def receive(self, made: dict[int, Any], wait: bool = False) -> None:
        """The chunks whose frames have come, into ``made`` by number; with ``wait``, every
        frame until the child leaves. A frame cut short (a child that crashed) is not taken:
        its chunk is made again (:meth:`Workers._round`)."""
        if self.reader < 0:
            return
        if wait:
            os.set_blocking(self.reader, True)
        while True:
            try:
                data = os.read(self.reader, self.READ)
            except BlockingIOError:
                break
            if not data:  # the child closed its end: it has sent all it will send
                if wait:
                    os.close(self.reader)
                    self.reader = -1
                break
            self.buffer += data
        start, header = 0, self.FRAME.size
        with memoryview(self.buffer) as view:
            while len(view) - start >= header:
                number, size = self.FRAME.unpack_from(view, start)
                if len(view) - start - header < size:
                    break
                made[number] = pickle.loads(view[start + header : start + header + size])
                start += header + size
        del self.buffer[:start]

    def close(self) -> None:
        """Reap the child: it has sent everything (``receive(wait=True)``), or the caller gave
        up on the round (an error), and the child is stopped."""
        if self.reader >= 0:
            os.close(self.reader)
            self.reader = -1
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _collect(pid: int, reader: int) -> list | None:
    """A child's results, or None when it did not finish its share."""
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return None
    return pickle.loads(data)
