"""Images of posts end to end: a phone photo through a real build, bad images through the CLI."""

from __future__ import annotations

import os
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image
from support import WARDNEWS, build_env, make_ward, mkdocs_build

CONFIG = """\
site_name: Thử
site_url: https://example.gov.vn/
theme:
  name: material
  language: vi
  font: false
hooks:
  - hooks/wardnews_hooks.py
nav:
  - Trang chủ: index.md
extra:
  wardnews:
    unit_name: Lê Lợi
    unit_level: xã
    image_max_mb: 1
    image_max_megapixels: 20
"""


@pytest.fixture
def project(tmp_path) -> Path:
    root = make_ward(tmp_path / "xa", CONFIG)
    (root / "posts/2024/anh").mkdir()
    return root


def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [WARDNEWS, "check"], cwd=project, capture_output=True, text=True, env=build_env()
    )


def phone_photo(path: Path) -> None:
    """A 2000x1500 landscape JPEG stored sideways, as phones do: orientation 6, with GPS."""
    image = Image.new("RGB", (2000, 1500), (30, 120, 200))
    image.paste((250, 20, 20), (0, 0, 200, 200))  # red mark at the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (19.0, 48.0, 30.0), "E", (105.0, 46.0, 40.0)
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)


def test_a_phone_photo_is_published_upright_without_exif_in_every_width(project, tmp_path):
    phone_photo(project / "posts/2024/anh/hop-to.jpg")
    with Image.open(project / "posts/2024/anh/hop-to.jpg") as original:
        assert original.getexif()[0x0112] == 6 and original.getexif().get_ifd(0x8825)
    (project / "posts/2024/a.md").write_text(
        "---\ntitle: Họp tổ\ndate: 2024-03-01\nimage: anh/hop-to.jpg\n"
        "image_alt: Tổ công nghệ số họp\n---\nNội dung.\n\n![Ảnh trong bài](anh/hop-to.jpg)\n",
        "utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    page = site / "tin-tuc/hop-to"
    tree = lxml_html.parse(str(page / "index.html"))
    pictures = tree.xpath("//picture")
    assert len(pictures) == 2  # the cover and the inline image
    candidates = set()
    for picture in pictures:
        for srcset in picture.xpath(".//source/@srcset | .//img/@srcset"):
            candidates |= {item.strip() for item in srcset.split(",")}
        img = picture.xpath(".//img")[0]
        assert img.get("sizes") and img.get("width") and img.get("height")
    widths = set()
    for candidate in candidates:
        url, width = candidate.rsplit(" ", 1)
        with Image.open(page / url) as output:
            assert f"{output.width}w" == width
            assert output.height > output.width  # upright: the photo was taken in portrait
            assert output.getpixel((output.width - 5, 5))[0] > 200  # red mark: top-right now
            assert not output.getexif()
            assert "exif" not in output.info and "xmp" not in output.info
            widths.add(output.width)
    assert widths == {480, 960, 1440}
    assert not any(b"PhoneMaker" in p.read_bytes() for p in site.rglob("*") if p.is_file())


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _big_file(path: Path) -> None:
    noise = Image.frombytes("RGB", (1200, 1000), os.urandom(1200 * 1000 * 3))
    noise.save(path, "PNG")  # incompressible: well over the 1 MB limit of this project
    assert path.stat().st_size > 1024 * 1024


BAD_IMAGES = {
    "missing": (None, "anh/khong-co.jpg", "Ảnh", "không tìm thấy"),
    "outside": (None, "../../../../etc/passwd", "Ảnh", "etc/passwd"),
    "not an image": (lambda p: p.write_text("chữ", "utf-8"), "anh/x.jpg", "Ảnh", "không phải ảnh"),
    "bomb": (
        lambda p: p.write_bytes(_png_header(30000, 30000)),
        "anh/x.png",
        "Ảnh",
        "triệu điểm ảnh",
    ),
    "too large": (_big_file, "anh/x.png", "Ảnh", "MB"),
    "no alt": (lambda p: Image.new("RGB", (10, 10)).save(p, "PNG"), "anh/x.png", "", "mô tả"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
def test_each_bad_image_is_an_error_naming_the_post_and_path(project, case):
    make, written, alt, expected = BAD_IMAGES[case]
    if make is not None:
        make(project / "posts/2024" / written)
    (project / "posts/2024/a.md").write_text(
        f"---\ntitle: Bài A\ndate: 2024-03-01\n---\nĐoạn một.\n\n![{alt}]({written})\n", "utf-8"
    )
    result = check(project)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if ": lỗi: " in line]
    assert lines, result.stdout
    assert all(line.startswith("posts/2024/a.md, dòng 7") for line in lines), lines
    assert any(expected in line for line in lines), lines
    if case not in ("missing", "outside"):
        assert any(written.split("/")[-1] in line for line in lines), lines
    assert "Traceback" not in result.stdout + result.stderr
