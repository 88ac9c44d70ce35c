"""Forked workers of a cold build: same results in the same order, and the same site bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from bench_corpus import write_corpus
from support import REPO, mkdocs_build

from wardnews.session import BuildSession
from wardnews.workers import MIN_ITEMS, WORKERS_VARIABLE, available_cores


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _in_fresh_process(code: str) -> list:
    """Run ``code`` (which prints JSON) in a new Python: the test process may run threads (the
    browser fixtures' servers), and workers never fork then."""
    prelude = "import json, os\nfrom wardnews.workers import MIN_ITEMS, Workers\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_map_keeps_the_order_and_shares_the_items_among_processes():
    # Each item takes a millisecond, as a post page does: the child, forked at once, takes its
    # chunks while the parent makes its own.
    results = _in_fresh_process("""
        import time
        def square(i):
            time.sleep(0.001)
            return [i * i, os.getpid()]
        items = list(range(5 * MIN_ITEMS + 3))
        print(json.dumps([os.getpid(), Workers(2).map(square, items)]))
    """)
    parent, mapped = results
    assert [square for square, _ in mapped] == [item * item for item in range(5 * MIN_ITEMS + 3)]
    made_by = [pid for _, pid in mapped]
    assert parent in made_by and len(set(made_by)) == 2  # a forked child made a part


def test_a_process_slowed_down_takes_fewer_items():
    """The parent, slowed down (as by the banners drawn on its core), makes fewer items than the
    child; a fixed share of every other item would give each half."""
    results = _in_fresh_process("""
        import time
        parent = os.getpid()
        def item(i):
            time.sleep(0.004 if os.getpid() == parent else 0.001)
            return os.getpid()
        made_by = Workers(2).map(item, list(range(4 * MIN_ITEMS)))
        print(json.dumps([made_by.count(parent), len(made_by)]))
    """)
    by_parent, total = results
    assert by_parent < total // 3, results


def test_the_parent_s_own_work_meanwhile_lets_the_children_take_more_items():
    """``meanwhile`` runs once, in the parent, after the children have started: they make items
    while it works (a one-off build's parent imports the later stages while they read)."""
    results = _in_fresh_process("""
        import time
        parent = os.getpid()
        calls = []
        def meanwhile():
            calls.append(os.getpid())
            time.sleep(0.15)
        def item(i):
            time.sleep(0.002)
            return [i, os.getpid(), time.monotonic()]
        made = Workers(2).map(item, list(range(4 * MIN_ITEMS)), meanwhile=meanwhile)
        one = Workers(1).map(item, list(range(3)), meanwhile=meanwhile)
        print(json.dumps([parent, calls, made, len(one)]))
    """)
    parent, calls, made, one = results
    assert calls == [parent, parent] and one == 3
    assert [i for i, _, _ in made] == list(range(4 * MIN_ITEMS))
    by_parent = [i for i, pid, _ in made if pid == parent]
    assert len(by_parent) < len(made) // 2, made  # the child went on while the parent worked
    first_by_child = min(at for _, pid, at in made if pid != parent)
    first_by_parent = min((at for _, pid, at in made if pid == parent), default=float("inf"))
    assert first_by_child < first_by_parent


def test_few_items_or_running_threads_stay_in_this_process():
    results = _in_fresh_process("""
        import threading
        few = Workers(2).map(lambda i: os.getpid(), list(range(MIN_ITEMS - 1)))
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        many = Workers(2).map(lambda i: os.getpid(), list(range(4 * MIN_ITEMS)))
        stop.set()
        print(json.dumps([os.getpid(), sorted(set(few)), sorted(set(many))]))
    """)
    parent, few, many = results
    assert few == [parent] and many == [parent]


def test_a_failing_child_leaves_its_share_to_the_parent_which_raises():
    results = _in_fresh_process("""
        def only_even(item):
            if item % 2:
                raise ValueError(f"odd: {item}")
            return item
        try:
            Workers(2).map(only_even, list(range(4 * MIN_ITEMS)))
        except ValueError as error:
            print(json.dumps([str(error)]))
    """)
    assert results == ["odd: 1"]


def test_only_a_one_off_build_forks(monkeypatch):
    monkeypatch.setenv(WORKERS_VARIABLE, "3")
    assert available_cores() == 3
    assert BuildSession("build").workers.count == 3
    assert BuildSession("serve").workers.count == 1


def test_worker_build_gives_the_bytes_of_a_single_process_build(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    for entry in ("mkdocs.yml", "hooks", "docs", "overrides"):
        source = REPO / entry
        if source.is_dir():
            shutil.copytree(source, project / entry, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / entry)
    write_corpus(project / "posts", 4 * MIN_ITEMS)
    sites = {}
    for count in ("1", "2"):
        monkeypatch.setenv(WORKERS_VARIABLE, count)
        sites[count] = tmp_path / f"site-{count}"
        result = mkdocs_build(project, sites[count])
        assert result.returncode == 0, result.stderr
    single, forked = _tree(sites["1"]), _tree(sites["2"])
    assert len(single) > 4 * MIN_ITEMS  # every post page, at least
    assert sorted(single) == sorted(forked)
    assert [path for path in single if single[path] != forked[path]] == []


def test_spawn_computes_in_a_child_and_gives_the_value_when_asked():
    results = _in_fresh_process("""
        import time
        started = time.monotonic()
        pending = Workers(2).spawn(lambda: (time.sleep(0.3), os.getpid())[1])
        returned = time.monotonic() - started
        print(json.dumps([os.getpid(), pending.result(), returned < 0.3]))
    """)
    parent, child, returned_at_once = results
    assert child != parent and returned_at_once


def test_spawn_with_one_process_computes_at_once_and_a_failed_child_raises_here():
    results = _in_fresh_process("""
        seen = []
        one = Workers(1).spawn(lambda: seen.append(os.getpid()) or len(seen))
        computed_before_asked = list(seen)
        def fails():
            raise ValueError(f"failed in {'the child' if os.getpid() != parent else 'here'}")
        parent = os.getpid()
        failing = Workers(2).spawn(fails)
        try:
            failing.result()
        except ValueError as error:
            message = str(error)
        forgotten = Workers(2).spawn(lambda: b"x" * 1_000_000)  # never asked: reaped, no hang
        del forgotten
        print(json.dumps([computed_before_asked == [parent], one.result(), message]))
    """)
    assert results == [True, 1, "failed in here"]


def test_many_processes_share_a_large_round_in_chunks_that_fit_the_pipe():
    """64 processes, 4,096 items each in a round: the chunk numbers written before the forks
    must fit in the pipe, or the parent would wait on it for ever."""
    results = _in_fresh_process("""
        from wardnews.workers import ROUND
        items = list(range(64 * ROUND))
        made = Workers(64).map(lambda i: i % 7, items)
        print(json.dumps([made == [i % 7 for i in items]]))
    """)
    assert results == [True]


def test_a_child_sends_each_chunk_as_it_is_made_and_never_waits_for_the_parent():
    """The child makes its chunks while the parent, slowed down, is still on its first one: its
    results (more than a default pipe holds) go out chunk by chunk and it leaves. Sent all at
    once at the end, they would fill the pipe and hold the child until the parent reads."""
    results = _in_fresh_process("""
        import time
        parent = os.getpid()
        def item(i):
            if os.getpid() != parent:
                return os.urandom(2000).hex()  # 32 KB a chunk, 24 chunks: 768 KB in all
            time.sleep(0.05)
            # Whether a child has left by now (not reaped: the round does that).
            return os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        made = Workers(2).map(item, list(range(25 * 8)))
        print(json.dumps([made.count(True), made.count(False), len(made)]))
    """)
    left, stayed, total = results
    assert total == 200 and left + stayed <= 16  # the parent made one or two chunks
    assert left > 0  # the child had sent everything and left while the parent still worked


def test_results_reach_the_caller_while_the_children_still_work():
    """The caller's work on each result (the plan's, on a post page) is done between this
    process's chunks, not after the round, while the children would wait."""
    results = _in_fresh_process("""
        import time
        def item(i):
            time.sleep(0.002)
            return i
        items = list(range(4 * MIN_ITEMS))
        made = Workers(2).imap(item, items)
        first = next(made)
        # A child is still at work (None), rather than gone and reaped (ChildProcessError).
        working = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
        print(json.dumps([first, working, list(made) == items[1:]]))
    """)
    assert results == [0, True, True]


def test_a_caller_that_stops_early_leaves_no_child_behind():
    results = _in_fresh_process("""
        import time
        def item(i):
            time.sleep(0.002)
            return i
        made = Workers(3).imap(item, list(range(8 * MIN_ITEMS)))
        first = next(made)
        made.close()  # an error in the caller's loop
        try:
            os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG)
            left = True
        except ChildProcessError:  # no child of this process, running or not reaped
            left = False
        print(json.dumps([first, left]))
    """)
    assert results == [0, False]
