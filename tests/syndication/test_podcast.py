"""The radio programmes' audio through a real build: published under a hashed name, in the
podcast feed (read back by gPodder's podcastparser and by feedparser), in the section's RSS
and Atom, announced in every page's head and on the embed-kit page."""

from __future__ import annotations

import io
import re
import uuid
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import podcastparser
import pytest
from audio_samples import html_page, mp3_tone
from PIL import Image
from support import make_ward, mkdocs_build
from test_build import MKDOCS_YML as BUILD_YML

SITE_URL = "https://example.gov.vn/"
MKDOCS_YML = BUILD_YML + "    podcast_email: vanhoa@leloi.gov.vn\n"
SECONDS = 83.0
ORIGINAL = "ban-ghi-goc-dai-truyen-thanh.mp3"
RADIO = """\
title: Chương trình phát thanh tháng 3
date: 2024-03-12 06:30
kind: radio
duration: 1
airings: [2024-03-12 06:30, 2024-03-14 17:00]
audio: {audio}
summary: Hướng dẫn người dân cài đặt ứng dụng VNeID.
"""
PODCAST_NS = "https://podcastindex.org/namespace/1.0"


def write_post(root: Path, name: str, front: str, body: str = "Lời chương trình.\n") -> Path:
    path = root / "posts/2024" / name
    path.write_text(f"---\n{front.strip()}\n---\n{body}", "utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, bytes]:
    """A commune with a programme that has audio, one that has none, and a news item."""
    base = tmp_path_factory.mktemp("podcast")
    root = make_ward(base / "xa", MKDOCS_YML)
    audio = mp3_tone(SECONDS)
    (root / "posts/2024" / ORIGINAL).write_bytes(audio)
    write_post(root, "2024-03-12-phat-thanh.md", RADIO.format(audio=ORIGINAL))
    write_post(root, "2024-02-12-phat-thanh-cu.md", "title: Chương trình tháng 2\n"
               "date: 2024-02-12 06:30\nkind: radio")  # fmt: skip
    write_post(root, "2024-03-01-tin.md", "title: Tin thường\ndate: 2024-03-01")
    result = mkdocs_build(root, base / "site")
    assert result.returncode == 0, result.stderr
    return root, base / "site", audio


def test_the_audio_is_published_under_its_hash_and_its_name_never_leaks(built):
    _root, site, audio = built
    published = list((site / "tin-tuc/am-thanh").iterdir())
    assert [f.read_bytes() == audio for f in published] == [True]
    assert re.fullmatch(r"[0-9a-f]{20}\.mp3", published[0].name)
    stem = ORIGINAL.removesuffix(".mp3")
    leaks = [str(f) for f in site.rglob("*") if f.is_file() and stem.encode() in f.read_bytes()]
    assert leaks == []


def test_the_podcast_is_read_by_gpodders_parser_with_every_required_field(built):
    _root, site, audio = built
    data = (site / "tin-tuc/podcast.xml").read_bytes()
    feed = podcastparser.parse(SITE_URL + "tin-tuc/podcast.xml", io.BytesIO(data))
    assert feed["title"] == "Chương trình phát thanh: Chuyên mục Chuyển đổi số – Xã Lê Lợi"
    assert feed["description"] and feed["language"] == "vi"
    assert feed["link"] == SITE_URL + "tin-tuc/"
    assert feed["cover_url"] == SITE_URL + "tin-tuc/nhung/podcast-1400.png"
    assert feed["itunes_categories"] == [["Government"]]
    assert feed["explicit"] is False
    assert feed["itunes_owner"] == {"name": "Xã Lê Lợi", "email": "vanhoa@leloi.gov.vn"}
    [episode] = feed["episodes"]  # the programme without audio and the news item are not in it
    [enclosure] = episode["enclosures"]
    name = next((site / "tin-tuc/am-thanh").iterdir()).name
    assert enclosure == {
        "url": f"{SITE_URL}tin-tuc/am-thanh/{name}",
        "file_size": len(audio),
        "mime_type": "audio/mpeg",
    }
    assert abs(episode["total_time"] - SECONDS) <= 1
    assert episode["title"] == "Chương trình phát thanh tháng 3"
    page = f"{SITE_URL}tin-tuc/chuong-trinh-phat-thanh-thang-3/"
    assert episode["link"] == page
    assert episode["guid"] == "tag:example.gov.vn,2024-03-12:2024/2024-03-12-phat-thanh.md"
    assert episode["description"] == "Hướng dẫn người dân cài đặt ứng dụng VNeID."


def test_the_podcast_through_feedparser_and_its_podcast_namespace(built):
    _root, site, audio = built
    data = (site / "tin-tuc/podcast.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    channel = parsed.feed
    assert channel.image.href == SITE_URL + "tin-tuc/nhung/podcast-1400.png"
    assert channel.language == "vi" and channel.author == "Xã Lê Lợi"
    entry = parsed.entries[0]
    assert entry.id == "tag:example.gov.vn,2024-03-12:2024/2024-03-12-phat-thanh.md"
    assert entry.enclosures[0].length == str(len(audio))
    assert entry.enclosures[0].type == "audio/mpeg"
    hours, minutes, seconds = map(int, entry.itunes_duration.split(":"))
    assert abs(hours * 3600 + minutes * 60 + seconds - SECONDS) <= 1
    root = lxml.etree.fromstring(data)
    itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    assert root.findtext(f"channel/{{{itunes}}}explicit") == "false"  # as Apple now requires
    published = parsedate_to_datetime(root.findtext("channel/item/pubDate"))
    assert published.utcoffset().total_seconds() == 7 * 3600 and published.hour == 6
    # podcast:guid: the UUIDv5 of the feed address without its scheme (Podcast Namespace).
    expected_guid = uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "example.gov.vn/tin-tuc/podcast.xml"
    )
    assert root.findtext(f"channel/{{{PODCAST_NS}}}guid") == str(expected_guid)
    assert channel.podcast_guid == str(expected_guid)
    transcript = root.find(f"channel/item/{{{PODCAST_NS}}}transcript")
    assert transcript.attrib == {
        "url": f"{SITE_URL}tin-tuc/chuong-trinh-phat-thanh-thang-3/",
        "type": "text/html",
    }


def test_the_channel_image_is_a_square_png_of_1400_pixels(built):
    _root, site, _audio = built
    with Image.open(site / "tin-tuc/nhung/podcast-1400.png") as image:
        assert (image.format, image.size) == ("PNG", (1400, 1400))


def test_the_section_rss_and_atom_carry_the_audio_enclosure(built):
    _root, site, audio = built
    name = next((site / "tin-tuc/am-thanh").iterdir()).name
    url = f"{SITE_URL}tin-tuc/am-thanh/{name}"
    for feed_name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((site / "tin-tuc" / feed_name).read_bytes())
        entry = next(e for e in parsed.entries if e.title == "Chương trình phát thanh tháng 3")
        assert [(e.href, int(e.length), e.type) for e in entry.enclosures] == [
            (url, len(audio), "audio/mpeg")
        ]
        other = next(e for e in parsed.entries if e.title == "Tin thường")
        assert other.enclosures == []


def test_the_post_page_shows_the_player_and_nothing_loads_before_play(built):
    _root, site, audio = built
    page = lxml.html.fromstring(
        (site / "tin-tuc/chuong-trinh-phat-thanh-thang-3/index.html").read_bytes()
    )
    [player] = page.xpath("//audio")
    assert player.get("preload") == "none" and player.get("controls") is not None
    assert player.get("src") is None  # the source is in <source>, fetched only on play
    [section] = page.xpath("//section[@class='wn-audio']")
    text = " ".join(section.text_content().split())
    assert "Thời lượng 1 phút 23 giây" in text
    assert f"{round(len(audio) / 1000)} KB" in text
    assert "bản ghi lời của chương trình" in text
    download = section.xpath(".//p//a[@download]")[0]
    assert download.get("href").startswith("../am-thanh/")
    assert download.get("download") == "chuong-trinh-phat-thanh-thang-3.mp3"
    # The player comes before the programme's text.
    body = lxml.html.tostring(page, encoding="unicode")
    assert body.index('class="wn-audio"') < body.index("Lời chương trình.")


def test_every_page_announces_the_podcast_and_the_embed_page_explains_it(built):
    _root, site, _audio = built
    podcast = SITE_URL + "tin-tuc/podcast.xml"
    for page in ("index.html", "tin-tuc/index.html", "tin-tuc/tin-thuong/index.html"):
        doc = lxml.html.fromstring((site / page).read_bytes())
        links = doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")
        assert podcast in links, page
    embed = (site / "tin-tuc/nhung/index.html").read_text("utf-8")
    assert podcast in embed and "Đăng ký" in embed


@pytest.fixture
def project(tmp_path) -> Path:
    return make_ward(tmp_path / "xa", MKDOCS_YML)


def test_a_missing_audio_file_stops_the_build_with_post_and_key(project, tmp_path):
    write_post(project, "a.md", RADIO.format(audio="khong-co.mp3"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "posts/2024/a.md, dòng 7, khóa 'audio': lỗi: không tìm thấy tệp âm thanh 'khong-co.mp3'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()


def test_an_html_page_named_mp3_and_an_invalid_file_stop_the_build_together(project, tmp_path):
    (project / "posts/2024/trang.mp3").write_bytes(html_page())
    (project / "posts/2024/hong.mp3").write_bytes(mp3_tone(3.0)[:700] + b"\x00" * 5000)
    write_post(project, "a.md", RADIO.format(audio="trang.mp3"))
    write_post(project, "b.md", RADIO.format(audio="hong.mp3").replace("tháng 3", "tháng 4"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "posts/2024/a.md, khóa 'audio': lỗi: tệp posts/2024/trang.mp3: nội dung tệp không phải "
        "MP3 như đuôi .mp3 ghi" in result.stderr
    )
    assert "posts/2024/b.md, khóa 'audio': lỗi: tệp posts/2024/hong.mp3: tệp bị cắt cụt" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()
