"""One build session holds every cache: the next build of the same session reuses them, a new
session (a new process, a test) starts from nothing."""

from __future__ import annotations

import lxml.html
import markdown
import pytest
from support import MINIMAL_SECTION

from wardnews.content.markdown_config import MarkdownSettings
from wardnews.session import BuildSession

SITE = "https://example.gov.vn/"
BODY = "Chợ QR ở phường.\n\n## Việc cần làm\n\n- [x] Cài VNeID\n"


def count_conversions(monkeypatch, marker: str) -> list[str]:
    """Every text with ``marker`` that Markdown converts from now on (the test's post bodies)."""
    seen: list[str] = []
    real = markdown.Markdown.convert

    def convert(self, source):
        if marker in source:
            seen.append(source)
        return real(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", convert)
    return seen


@pytest.fixture
def conversions(monkeypatch) -> list[str]:
    return count_conversions(monkeypatch, "## Việc cần làm")


@pytest.fixture
def project(project_root, write_post, post_text):
    write_post("2024/a.md", post_text("title: A", "date: 2024-03-01", body=BODY))
    return project_root


def prepare(session: BuildSession, root, markdown_settings: MarkdownSettings | None = None):
    return session.prepare(dict(MINIMAL_SECTION), root, SITE, markdown_settings)


def test_the_next_build_of_a_session_renders_nothing_again(project, conversions):
    session = BuildSession("serve")
    first = prepare(session, project)
    assert len(conversions) == 2  # the post page and the feeds
    second = prepare(session, project)
    assert len(conversions) == 2
    assert second.pages == first.pages and second.outputs == first.outputs
    # A new session starts from nothing and gives the same pages.
    third = prepare(BuildSession("serve"), project)
    assert len(conversions) == 4
    assert third.pages == first.pages and third.outputs == first.outputs


def test_a_changed_markdown_configuration_renders_again(project, conversions):
    session = BuildSession()
    before = prepare(session, project)
    tasks = MarkdownSettings.from_mkdocs(["toc", "tables", "fenced_code", "pymdownx.tasklist"], {})
    after = prepare(session, project, tasks)
    assert len(conversions) == 4
    page = next(p for p in after.pages if p.src_uri == "posts/2024/a.md")
    tree = lxml.html.fragment_fromstring(page.body or "", create_parent="div")
    assert tree.xpath("//li/input[@type='checkbox'][@disabled][@checked]")
    assert page.body != next(p for p in before.pages if p.src_uri == "posts/2024/a.md").body


def test_serve_shows_drafts_and_build_does_not(project, write_post, post_text):
    write_post("2024/b.md", post_text("title: Nháp", "date: 2024-03-02", "draft: true"))
    served = {p.src_uri for p in prepare(BuildSession("serve"), project).pages}
    built = {p.src_uri for p in prepare(BuildSession("build"), project).pages}
    assert "posts/2024/b.md" in served - built


def test_sessions_share_no_cache():
    one, other = BuildSession(), BuildSession()
    assert one.renders is not other.renders
    assert one.written is not other.written
    assert one.search_texts is not other.search_texts


def test_asking_for_the_build_before_it_is_prepared_is_a_bug():
    with pytest.raises(RuntimeError):
        BuildSession().build  # noqa: B018


@pytest.mark.parametrize("command", ["serve", "build"])
def test_a_serve_session_collects_garbage_once_after_its_first_build(
    project, command, monkeypatch, tmp_path
):
    import gc

    import wardnews.session as session_module

    collections: list[int] = []
    monkeypatch.setattr(session_module, "gc", type("G", (), {
        "collect": staticmethod(lambda: collections.append(1) or gc.collect()),
        "freeze": staticmethod(gc.freeze),
        "unfreeze": staticmethod(gc.unfreeze),
        "get_threshold": staticmethod(gc.get_threshold),
        "set_threshold": staticmethod(gc.set_threshold),
    }))  # fmt: skip
    monkeypatch.setattr(session_module, "finish_site", lambda *args: None)
    session = BuildSession(command)
    for _ in range(3):
        prepare(session, project)
        session.finish(tmp_path / "site")
    assert len(collections) == (1 if command == "serve" else 0)


def test_a_serve_rebuild_leaves_the_full_collection_to_the_pause_after_it(
    project, monkeypatch, tmp_path
):
    import gc
    import threading

    import wardnews.session as session_module

    monkeypatch.setattr(session_module, "finish_site", lambda *args: None)
    full: list[int] = []  # the threads that ran a full collection

    def record(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full.append(threading.get_ident())

    gc.callbacks.append(record)
    try:
        session = BuildSession("serve")
        session.idle_collection_seconds = 60.0
        prepare(session, project)
        session.finish(tmp_path / "site")  # the first build: collected at once
        prepare(session, project)
        session.finish(tmp_path / "site")
        waiting = session._idle
        assert waiting is not None and waiting.daemon and waiting.is_alive()
        prepare(session, project)  # an edit before the pause is over: no collection now
        waiting.join(5)
        assert not waiting.is_alive() and session._idle is None
        full.clear()
        session.idle_collection_seconds = 0.01
        session.finish(tmp_path / "site")
        session._idle.join(5)
        assert full and threading.get_ident() not in full  # in the pause, not in the rebuild
    finally:
        gc.callbacks.remove(record)


def test_a_one_off_build_runs_the_collector_as_a_batch_until_it_ends(
    project, monkeypatch, tmp_path
):
    import gc

    import wardnews.session as session_module
    from wardnews.problems import WardnewsError
    from wardnews.workers import Workers

    monkeypatch.setattr(session_module, "finish_site", lambda *args: None)
    defaults = gc.get_threshold()
    session = BuildSession("build")
    session.workers = Workers(2)  # a machine with two cores
    prepare(session, project)
    assert gc.get_freeze_count() > 0  # the posts and the rest of the reading stage
    # A batch: the young generation is walked less often, the older ones as before.
    assert gc.get_threshold() == (session_module.BATCH_YOUNG_THRESHOLD, *defaults[1:])
    session.finish(tmp_path / "site")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == defaults
    (project / "posts" / "2024" / "b.md").write_text("---\ntitle: [\n---\n", "utf-8")
    with pytest.raises(WardnewsError):
        prepare(session, project)
    assert gc.get_freeze_count() == 0  # a failed build gives them back too
    assert gc.get_threshold() == defaults
    (project / "posts" / "2024" / "b.md").unlink()
    serve = BuildSession("serve")
    prepare(serve, project)
    assert gc.get_freeze_count() == 0  # a serve session never holds them
    assert gc.get_threshold() == defaults  # and keeps Python's collector as it is


def test_a_serve_rebuild_fills_feed_items_only_for_changed_posts(
    project, write_post, post_text, monkeypatch
):
    import wardnews.syndication.feeds as feeds

    made: list[str] = []
    real = feeds._item_html

    def item_html(post, *args):
        made.append(post.path)
        return real(post, *args)

    monkeypatch.setattr(feeds, "_item_html", item_html)
    write_post("2024/b.md", post_text("title: B", "date: 2024-03-02", body="Bài B.\n"))
    session = BuildSession("serve")
    first = prepare(session, project)
    assert sorted(set(made)) == ["posts/2024/a.md", "posts/2024/b.md"]
    made.clear()
    assert prepare(session, project).outputs == first.outputs
    assert made == []  # nothing changed: every item kept
    write_post("2024/b.md", post_text("title: B", "date: 2024-03-02", body="Bài B, sửa.\n"))
    second = prepare(session, project)
    assert set(made) == {"posts/2024/b.md"}
    feed = next(f for f in second.outputs if f.path.endswith("/rss.xml"))
    assert "Bài B, sửa." in feed.data.decode("utf-8")


def test_the_mkdocs_door_does_not_read_what_only_some_builds_need():
    """A build's start-up reads every module it imports (from disk, on a fresh machine): Pillow,
    lxml, feedgen, mutagen and the district's modules are imported where they are needed (the
    core that draws the banners, the one that writes the feeds, a post with images or audio, a
    district), not by what the MkDocs door imports. Nor are the later stages (planning, feeds,
    writing, the web editor): a one-off build imports them while its workers read the posts."""
    import subprocess
    import sys
    from pathlib import Path

    hooks = Path(__file__).resolve().parents[1] / "hooks"
    probe = (
        f"import sys; sys.path.insert(0, {str(hooks)!r}); import wardnews_hooks; "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "wardnews.session" in loaded and "wardnews.build" in loaded
    from wardnews.build import LATER_STAGES

    deferred = ("PIL", "lxml", "feedgen", "mutagen", "dateutil", "wardnews.district")
    assert [name for name in loaded if name.split(".")[0] in deferred or
            name.startswith("wardnews.district")] == []  # fmt: skip
    later = {*LATER_STAGES, "wardnews.site.markup", "wardnews.site.render", "wardnews.site.home"}
    assert sorted(later & set(loaded)) == []


def test_a_one_off_build_imports_its_later_stages_while_its_workers_read(project):
    """In a fresh process, as `mkdocs build`: none of the later stages' modules is imported when
    the workers start reading the posts; the parent imports them meanwhile (Workers.map)."""
    import json
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        import wardnews.workers as workers
        from wardnews.build import LATER_STAGES
        from wardnews.session import BuildSession

        seen = []
        real = workers.Workers.map

        def spy(self, function, items, meanwhile=None):
            seen.append([getattr(function, "__qualname__", ""), meanwhile is not None,
                         sorted(name for name in LATER_STAGES if name in sys.modules)])
            return real(self, function, items, meanwhile)

        workers.Workers.map = spy
        session = BuildSession("build")
        session.workers = workers.Workers(2)
        session.prepare({dict(MINIMAL_SECTION)!r}, Path({str(project)!r}), {SITE!r})
        print(json.dumps([seen[0], sorted(set(LATER_STAGES) - set(sys.modules))]))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    (reading, with_meanwhile, loaded), missing = json.loads(result.stdout)
    assert reading.startswith("read_ahead") and with_meanwhile
    assert loaded == [] and missing == []


def test_a_one_off_build_holds_its_objects_out_of_the_collector_when_its_process_ends():
    import gc

    BuildSession("serve").close()
    assert gc.get_freeze_count() == 0  # a serve session is left as it is
    try:
        BuildSession("build").close()
        # Python's last full collection at exit has nothing of them to walk.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
