"""Banners, checked on real pixels with Pillow."""

from __future__ import annotations

import io
import struct
from importlib import resources

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from wardnews.syndication import banner
from wardnews.syndication.banner import (
    BACKGROUND,
    SIZES,
    UNIT_COLOUR,
    draw_banner,
    encode,
    render_banners,
)

SECTION = "Chuyên mục Chuyển đổi số"


def pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.convert("RGB").tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def unit_pixels(image: Image.Image) -> int:
    """Pixels close to the colour only the unit's name is drawn in."""
    return sum(
        1
        for pixel in pixels(image)
        if all(abs(channel - want) <= 40 for channel, want in zip(pixel, UNIT_COLOUR, strict=True))
    )


def glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((10, 10), char, font=font, fill=255)
    return image.tobytes()


def png_chunks(data: bytes) -> list[bytes]:
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def test_three_sizes_in_png_and_webp(config):
    banners = render_banners(config)
    assert sorted((b.width, b.height, b.format) for b in banners) == sorted(
        (w, h, fmt) for w, h in [(300, 250), (728, 90), (1200, 630)] for fmt in ("png", "webp")
    )
    for item in banners:
        image = Image.open(io.BytesIO(item.data))
        assert image.size == (item.width, item.height)
        assert image.format == item.format.upper()
        assert item.name == f"banner-{item.width}x{item.height}.{item.format}"
    assert banner.banner_path(config, 300, 250, "webp") == "tin-tuc/nhung/banner-300x250.webp"
    assert banner.og_image_path(config) == "tin-tuc/nhung/banner-1200x630.png"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_unit_name_is_drawn(width, height):
    with_name = draw_banner(width, height, "Phường Ngọc Trạo", SECTION)
    without = draw_banner(width, height, "", SECTION)
    # The unit's name is the only thing drawn in amber: hundreds of its pixels, none without it.
    assert unit_pixels(with_name) > 150
    assert unit_pixels(without) == 0
    # Another unit's name changes the picture where the name is, not everywhere.
    other = draw_banner(width, height, "Xã Lê Lợi", SECTION)
    box = ImageChops.difference(with_name, other).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert (right - left) * (bottom - top) < width * height / 2


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_section_title_is_drawn_in_white(width, height):
    image = draw_banner(width, height, "Phường Ngọc Trạo", SECTION)
    blank = draw_banner(width, height, "Phường Ngọc Trạo", "")
    white = sum(1 for pixel in pixels(image) if min(pixel) > 235)
    white_blank = sum(1 for pixel in pixels(blank) if min(pixel) > 235)
    assert white - white_blank > 300  # the button's label is white too: compare, do not count


def test_same_input_same_bytes_and_no_metadata(config):
    first = render_banners(config)
    second = render_banners(config)
    assert [b.data for b in first] == [b.data for b in second]
    png = next(b for b in first if b.format == "png")
    assert png_chunks(png.data) == [b"IHDR", b"IDAT", b"IEND"]
    webp = next(b for b in first if b.format == "webp")
    assert not {b"EXIF", b"XMP ", b"ICCP"} & {
        webp.data[i : i + 4] for i in range(12, len(webp.data) - 4)
    }


def test_another_unit_gives_other_banners(config, make_config):
    other = make_config(unit_name="Lê Lợi", unit_level="xã")
    assert [b.data for b in render_banners(config)] != [b.data for b in render_banners(other)]


def test_a_banner_cache_draws_each_unit_once(config, make_config, monkeypatch):
    drawn = []
    real = banner.draw_banner

    def spy(*args):
        drawn.append(args[:2])
        return real(*args)

    monkeypatch.setattr(banner, "draw_banner", spy)
    cache = banner.BannerCache()
    first = render_banners(config, cache)
    assert len(drawn) == len(SIZES)
    assert render_banners(config, cache) == first and len(drawn) == len(SIZES)
    render_banners(make_config(unit_name="Lê Lợi", unit_level="xã"), cache)  # other words
    assert len(drawn) == 2 * len(SIZES)
    assert render_banners(config, banner.BannerCache()) == first  # a fresh cache draws again
    assert len(drawn) == 3 * len(SIZES)


def test_long_names_stay_inside_the_banner():
    name = "Thị trấn Nông trường Thống Nhất huyện Yên Định tỉnh Thanh Hóa rất dài " * 3
    for width, height in SIZES:
        image = draw_banner(width, height, name, SECTION)
        # Nothing amber in the right-most strip: the name was wrapped or cut, not run off.
        strip = image.crop((width - 8, 0, width, height))
        assert unit_pixels(strip) == 0


@pytest.mark.parametrize("font_name", [banner.FONT_REGULAR, banner.FONT_BOLD])
def test_the_shipped_font_has_every_vietnamese_letter(font_name):
    font = ImageFont.truetype(io.BytesIO(banner.font_file(font_name)), 40)
    missing = glyph(font, "\U000f0000")  # a private-use code point: the .notdef box
    assert glyph(font, "\ue000") == missing
    letters = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵỞỆ"
    for letter in letters:
        assert glyph(font, letter) != missing, letter


def test_the_font_licence_is_shipped():
    licence = resources.files("wardnews").joinpath("data", "fonts", "LICENSE-DejaVu.txt")
    assert "Bitstream" in licence.read_text("utf-8")


def test_unknown_size_or_format_is_refused():
    with pytest.raises(ValueError, match="banner size 100x100"):
        draw_banner(100, 100, "Phường Ngọc Trạo", SECTION)
    with pytest.raises(ValueError, match="banner format 'gif'"):
        encode(Image.new("RGB", (2, 2), BACKGROUND), "gif")
