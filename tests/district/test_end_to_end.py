"""The district end to end, on real sockets: three wards built with wardnews and a commune built
with Hugo, served over HTTP on 127.0.0.1, plus a source answering 500, one serving malformed XML
and one that never answers. ``wardnews fetch`` (a subprocess) gathers them, the district builds
with MkDocs, the board names the ward that missed a week, and a second fetch after every server
has stopped keeps every item."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import feedparser
import pytest
from browser import DESKTOP, PHONE, open_context, serve_directory
from feed_servers import bad_server, silent_socket, ward_config, write_weekly_posts
from lxml import html as lxml_html
from support import NOW, WARDNEWS, build_env, make_ward, mkdocs_build

from wardnews.content.config import read_project_config
from wardnews.district.store import read_record

FIRST_MONDAY = date(2026, 9, 28)  # eight weeks up to NOW (Sunday 22/11/2026)
WARDS = (
    # key, name, preset, feed file, weeks without news
    ("a", "Đông Sơn", "ngoc-trao", "tin-tuc/feed.json", ()),
    ("b", "Hàm Rồng", "ngoc-trao", "tin-tuc/feed.json", (3,)),  # no news in week 43/2026
    ("c", "Điện Biên", "tan-son", "tin-tuc/rss.xml", ()),
)
HUGO = shutil.which("hugo")
MALFORMED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a'


@dataclass
class District:
    root: Path
    site: Path
    first: subprocess.CompletedProcess
    second: subprocess.CompletedProcess
    gathered: dict[str, list[str]]  # source name -> item ids after the first fetch
    links: set[str]  # every item link the wards' own feeds hold


def _fetch(project: Path) -> subprocess.CompletedProcess:
    command = [WARDNEWS, "fetch", "--timeout", "4", "-f", str(project / "mkdocs.yml")]
    return subprocess.run(
        command, capture_output=True, text=True, env=build_env(), cwd=project, timeout=300
    )


def _hugo_site(base: Path) -> Path | None:
    """A commune whose portal is made by Hugo (Debian's package), with two posts."""
    if HUGO is None:
        if os.environ.get("CI") == "true":
            pytest.fail("hugo is missing (.ci/run installs Debian's hugo)")
        return None
    project = base / "hugo"
    (project / "content/posts").mkdir(parents=True)
    (project / "hugo.toml").write_text(
        'baseURL = "https://xa-hugo.example.vn/"\nlanguageCode = "vi"\ntitle = "Xã Quảng Hưng"\n'
        'timeZone = "Asia/Ho_Chi_Minh"\ndisableKinds = ["taxonomy", "term"]\n',
        "utf-8",
    )
    for slug, day, title in (
        ("a", "2026-11-10", "Tập huấn kỹ năng số"),
        ("b", "2026-11-17", "Ngày hội số"),
    ):
        (project / f"content/posts/{slug}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {day}T08:00:00+07:00\n---\nNội dung {slug}.\n', "utf-8"
        )
    subprocess.run([HUGO, "--quiet"], cwd=project, check=True, timeout=120)
    return project / "public"


def _district_config(sources: list[tuple[str, str, str, str]]) -> str:
    lines = ward_config("Thọ Xuân", "https://thoxuan.example.vn/")
    lines = lines.replace("unit_level: phường", "unit_level: huyện")
    lines += "    sources:\n"
    for name, level, feed, preset in sources:
        lines += f"      - name: {name}\n        level: {level}\n        feed: {feed}\n"
        if preset:
            lines += f"        preset: {preset}\n"
    return lines


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> District:
    base = tmp_path_factory.mktemp("district")
    sites = {}
    for key, name, _preset, _feed, skip in WARDS:
        project = make_ward(base / key, ward_config(name, f"https://{key}.phuong.example.vn/"))
        write_weekly_posts(project / "posts", FIRST_MONDAY, 8, skip_news=skip, radio=key != "c")
        result = mkdocs_build(project, base / f"{key}-site")
        assert result.returncode == 0, result.stdout + result.stderr
        sites[key] = base / f"{key}-site"
    hugo = _hugo_site(base)
    (base / "bad").mkdir()
    (base / "bad/rss.xml").write_bytes(MALFORMED)
    links = set()
    for key, *_rest in WARDS:
        links |= {entry.link for entry in feedparser.parse(sites[key] / "tin-tuc/rss.xml").entries}
    with ExitStack() as stack:
        sources = []
        for key, name, preset, feed, _skip in WARDS:
            served = stack.enter_context(serve_directory(sites[key]))
            sources.append((name, "phường", served + feed, preset))
        if hugo is not None:
            sources.append(
                ("Quảng Hưng", "xã", stack.enter_context(serve_directory(hugo)) + "index.xml", "")
            )
            links |= {entry.link for entry in feedparser.parse(hugo / "index.xml").entries}
        broken = stack.enter_context(bad_server())
        sources.append(("Lỗi Máy Chủ", "xã", broken + "/500", ""))
        sources.append(
            (
                "Sai Cú Pháp",
                "xã",
                stack.enter_context(serve_directory(base / "bad")) + "rss.xml",
                "",
            )
        )
        sources.append(("Im Lặng", "thị trấn", stack.enter_context(silent_socket()), ""))
        root = make_ward(base / "district", _district_config(sources))
        first = _fetch(root)
        config = read_project_config(root / "mkdocs.yml")
        gathered = {s.name: [i.id for i in read_record(root, s).items] for s in config.sources}
    second = _fetch(root)  # every server has stopped
    site = base / "district-site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return District(root, site, first, second, gathered, links)


def _failure_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("Lỗi: ")]


def test_fetch_exits_0_and_names_each_failing_source(district):
    assert district.first.returncode == 0, district.first.stdout + district.first.stderr
    failures = _failure_lines(district.first)
    assert len(failures) == 3, district.first.stdout
    for name in ("Lỗi Máy Chủ", "Sai Cú Pháp", "Im Lặng"):
        assert any(name in line for line in failures), (name, failures)
    assert any("500" in line for line in failures if "Lỗi Máy Chủ" in line)


def test_every_good_source_was_gathered_whole(district):
    gathered = district.gathered
    assert len(gathered["Đông Sơn"]) == 16  # 8 news and 8 radio programmes
    assert len(gathered["Hàm Rồng"]) == 15  # one week without news
    assert len(gathered["Điện Biên"]) == 8
    if HUGO:
        assert len(gathered["Quảng Hưng"]) == 2
    for name in ("Lỗi Máy Chủ", "Sai Cú Pháp", "Im Lặng"):
        assert gathered[name] == []


def test_a_second_fetch_with_every_server_down_keeps_every_item(district):
    assert district.second.returncode == 0, district.second.stderr
    config = read_project_config(district.root / "mkdocs.yml")
    assert len(_failure_lines(district.second)) == len(config.sources)
    for source in config.sources:
        record = read_record(district.root, source)
        assert [item.id for item in record.items] == district.gathered[source.name]
        assert record.failing_since is not None and record.error


def _board(district) -> lxml_html.HtmlElement:
    return lxml_html.parse(str(district.site / "tin-tuc/giam-sat/index.html")).getroot()


def test_the_board_names_the_ward_that_missed_a_week_first(district):
    board = _board(district)
    rows = board.xpath("//div[@class='wn-board']/table/tbody/tr")
    first = rows[0].xpath("th")[0].text_content()
    assert first == "Phường Hàm Rồng"
    assert "wn-behind" in rows[0].get("class")
    behind = [row for row in rows if "wn-behind" in row.get("class")]
    assert len(behind) == 1
    missed = board.xpath("//li[@class='wn-missed']")
    assert missed and all("Tuần 43/2026" in item.text_content() for item in missed)
    text = board.text_content()
    assert "chỉ giữ một số bài mới nhất" in text  # the board says feeds hold their last N items


def test_the_board_shows_each_failing_feed_since_its_first_failure(district):
    rows = {
        row.xpath("th")[0].text_content(): row.xpath("td")[-1].text_content()
        for row in _board(district).xpath("//div[@class='wn-board']/table/tbody/tr")
    }
    config = read_project_config(district.root / "mkdocs.yml")
    assert set(rows) == {source.title for source in config.sources}
    for source in config.sources:
        record = read_record(district.root, source)
        # The second fetch failed everywhere; the sources that failed the first time have failed
        # since then, the others since the second fetch.
        since = f"lỗi từ {record.failing_since.astimezone(config.tz):%d/%m/%Y %H:%M}: "
        assert rows[source.title] == since + record.error
        if source.name in ("Lỗi Máy Chủ", "Sai Cú Pháp", "Im Lặng"):
            assert record.last_success is None and record.failing_since < record.last_attempt
        else:
            assert record.last_success < record.failing_since == record.last_attempt


def test_district_feeds_parse_and_keep_each_original_link(district):
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse(district.site / "tin-tuc/don-vi" / name)
        assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
        links = {entry.link for entry in parsed.entries}
        assert len(parsed.entries) == min(50, sum(map(len, district.gathered.values())))
        assert links <= district.links, links - district.links
    document = json.loads((district.site / "tin-tuc/don-vi/feed.json").read_text("utf-8"))
    assert {item["url"] for item in document["items"]} <= district.links


def test_district_pages_link_to_the_original_and_have_criteria_pages(district):
    index = lxml_html.parse(str(district.site / "tin-tuc/don-vi/index.html")).getroot()
    titles = index.xpath("//h2[@class='wn-item-title']/a")
    assert titles and {a.get("href") for a in titles} <= district.links
    assert (district.site / "tin-tuc/don-vi/ham-rong/index.html").is_file()
    criterion = district.site / "tin-tuc/don-vi/tieu-chi/3-1/index.html"
    assert "Tin chuyển đổi số tuần" in criterion.read_text("utf-8")


def test_the_same_cache_gives_the_same_bytes(district, tmp_path):
    result = mkdocs_build(district.root, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    for path in sorted((district.site / "tin-tuc/don-vi").rglob("*")):
        if path.is_file():
            again = tmp_path / "again" / path.relative_to(district.site)
            assert again.read_bytes() == path.read_bytes(), path


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_report_sources_lists_the_ward_behind_first(district, tmp_path, fmt):
    output = tmp_path / f"giam-sat.{fmt}"
    command = [WARDNEWS, "report", "--sources", "--from", "28/09/2026", "--to", "22/11/2026"]
    command += ["-o", str(output), "-f", str(district.root / "mkdocs.yml")]
    result = subprocess.run(
        command, capture_output=True, text=True, env=build_env(NOW), cwd=district.root, timeout=120
    )
    assert result.returncode == 0, result.stderr
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(output.read_bytes())).active
        names = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
        header = names.index("Đơn vị", 3)
        assert names[header + 1] == "Phường Hàm Rồng"
    elif fmt == "csv":
        text = output.read_text("utf-8-sig")
        rows = [line.split(",")[0] for line in text.splitlines()]
        assert rows[rows.index("Đơn vị", 3) + 1] == "Phường Hàm Rồng"
        assert "Tuần 43/2026" in text
    else:
        page = lxml_html.parse(str(output)).getroot()
        assert page.xpath("//tbody/tr/th")[0].text_content() == "Phường Hàm Rồng"


def test_no_district_page_loads_anything_from_another_host(district, chromium):
    pages = [
        "tin-tuc/don-vi/",
        "tin-tuc/don-vi/trang/2/",
        "tin-tuc/don-vi/ham-rong/",
        "tin-tuc/don-vi/tieu-chi/3-1/",
        "tin-tuc/giam-sat/",
    ]
    with serve_directory(district.site) as base:
        for viewport in (PHONE, DESKTOP):
            browse = open_context(chromium, viewport)
            try:
                for url in pages:
                    response = browse.page.goto(base + url, wait_until="networkidle")
                    assert response is not None and response.ok, url
                    assert browse.page.locator("html").get_attribute("lang") == "vi"
                    if viewport is PHONE:
                        width = browse.page.evaluate("document.documentElement.scrollWidth")
                        assert width <= PHONE["width"], (url, width)
                assert browse.foreign() == []
            finally:
                browse.context.close()


def test_fetch_without_sources_is_a_configuration_error(tmp_path):
    project = make_ward(tmp_path / "p", ward_config("Ngọc Trạo", "https://x.example.vn/"))
    result = _fetch(project)
    assert result.returncode == 2
    assert "extra.wardnews.sources" in result.stderr
