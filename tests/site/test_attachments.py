"""Attachments judged by content: the allowlist, the first bytes, office packages, links."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from wardnews.site.attachments import link_target, linked_site_urls, refusal


def package(*entries: tuple[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            archive.writestr(name, text)
    return buffer.getvalue()


def ooxml(folder: str) -> bytes:
    return package(("[Content_Types].xml", "<Types/>"), (f"{folder}/main.xml", "<x/>"))


def odf(kind: str) -> bytes:
    return package(("mimetype", f"application/vnd.oasis.opendocument.{kind}"), ("content.xml", ""))


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(56)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", b"%PDF-1.7\n"),
        ("a.PDF", b"%PDF-1.4\n"),
        ("a.doc", OLE2),
        ("a.xls", OLE2),
        ("a.ppt", OLE2),
        ("a.docx", ooxml("word")),
        ("a.xlsx", ooxml("xl")),
        ("a.pptx", ooxml("ppt")),
        ("a.odt", odf("text")),
        ("a.ods", odf("spreadsheet")),
        ("a.odp", odf("presentation")),
        ("a.mp3", b"ID3\x04\x00" + bytes(20)),
        ("a.mp3", b"\xff\xfb\x90\x64" + bytes(20)),  # an MPEG frame without a tag
        ("a.m4a", b"\x00\x00\x00\x1cftypM4A " + bytes(16)),
        ("a.ogg", b"OggS\x00\x02" + bytes(20)),
    ],
)
def test_allowed_files_whose_content_matches(tmp_path: Path, name: str, content: bytes):
    (tmp_path / name).write_bytes(content)
    assert refusal(tmp_path / name) is None


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.pdf", b"<!doctype html><script>alert(1)</script>", "nội dung tệp không phải PDF"),
        ("a.pdf", b"", "nội dung tệp không phải PDF"),
        ("a.docx", ooxml("xl"), "nội dung tệp không phải DOCX"),  # a spreadsheet renamed
        ("a.xlsx", package(("xl/a.xml", "")), "nội dung tệp không phải XLSX"),
        ("a.odt", odf("spreadsheet"), "nội dung tệp không phải ODT"),
        ("a.docx", b"PK\x03\x04" + bytes(60), "nội dung tệp không phải DOCX"),
        ("a.doc", b"{\\rtf1 ...}", "nội dung tệp không phải DOC"),
        ("a.mp3", b"<html>", "nội dung tệp không phải MP3"),
        ("a.ogg", b"%PDF-1.4", "nội dung tệp không phải OGG"),
        ("a.svg", b"<svg/>", "tệp SVG có thể chứa mã chạy trong trình duyệt"),
        ("a.SVG", b"<svg/>", "tệp SVG có thể chứa mã chạy trong trình duyệt"),
        ("a.html", b"<p>", "loại tệp không được đăng (đuôi .html); chỉ đăng được: PDF, "),
        ("a.xhtml", b"<p>", "loại tệp không được đăng (đuôi .xhtml)"),
        ("a.js", b"alert(1)", "loại tệp không được đăng (đuôi .js)"),
        ("a.zip", package(("x", "")), "loại tệp không được đăng (đuôi .zip)"),
        ("a.exe", b"MZ", "loại tệp không được đăng (đuôi .exe)"),
        ("Makefile", b"all:", "loại tệp không được đăng (tệp không có đuôi)"),
    ],
)
def test_refused_files_say_why(tmp_path: Path, name: str, content: bytes, reason: str):
    (tmp_path / name).write_bytes(content)
    found = refusal(tmp_path / name)
    assert found is not None and found.startswith(reason), found


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlink_is_refused_even_to_an_allowed_file(tmp_path: Path):
    (tmp_path / "that.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "that.pdf")
    found = refusal(tmp_path / "link.pdf")
    assert found is not None and found.startswith("là liên kết tượng trưng (symlink)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_refused_without_reading_it(tmp_path: Path):
    os.mkfifo(tmp_path / "ong.pdf")
    assert refusal(tmp_path / "ong.pdf") == "không phải một tệp thường"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("x.pdf", "posts/2024/x.pdf"),
        ("tai%20lieu/x.pdf#trang-2", "posts/2024/tai lieu/x.pdf"),
        ("../../.env", ".env"),
        ("https://example.org/x.pdf", None),
        ("//example.org/x.pdf", None),
        ("/tin-tuc/x.pdf", None),
        ("#muc-1", None),
        ("mailto:a@b.vn", None),
    ],
)
def test_link_target(url: str, target: str | None):
    assert link_target("posts/2024/a.md", url) == target


def test_linked_site_urls_reads_the_links_the_renderer_wrote():
    rendered = (
        '<p><a href="../tep/2024/x.pdf#p2">x</a> <a href="https://example.org/y.pdf">y</a>'
        '<audio src="../tep/2024/b&amp;c.mp3"></audio> <a href="#top">z</a>'
        '<a href="/tin-tuc/tep/w.pdf">w</a></p>'
    )
    assert linked_site_urls(rendered, "tin-tuc/a/") == {
        "tin-tuc/tep/2024/x.pdf",
        "tin-tuc/tep/2024/b&c.mp3",
    }
