"""Banners of the section for the ward portal and link previews, drawn with Pillow.

Three sizes portals use: 300x250 (sidebar), 728x90 (leaderboard) and 1200x630 (Open Graph image
of every page without its own cover). The unit's name and the section title are drawn in
DejaVu Sans, shipped in ``wardnews/data/fonts`` with its licence because it covers Vietnamese
(every precomposed vowel with its tone mark). Bytes are deterministic: Pillow's basic text layout
(libraqm may or may not be installed), no metadata, fixed encoder options.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

from wardnews.content.config import UnitConfig
from wardnews.urls import Links
from wardnews.workers import Pending, Workers

# Pillow is imported when a banner is first drawn: in a one-off build, on the core that draws
# them (BannerCache.start), so the build's start-up does not read it.
if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

SIZES: tuple[tuple[int, int], ...] = ((300, 250), (728, 90), (1200, 630))
OG_SIZE = (1200, 630)
PODCAST_SIZE = (1400, 1400)  # the podcast's channel image (Apple: 1400 to 3000 px, square)
FORMATS = ("png", "webp")
FONT_REGULAR = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"

BACKGROUND = (26, 35, 126)  # indigo 900, the site's primary colour family
MOTIF = (57, 73, 171)  # indigo 600: decoration, low contrast
ACCENT = (229, 57, 53)  # red 600, the site's accent
TITLE_COLOUR = (255, 255, 255)
UNIT_COLOUR = (255, 213, 79)  # amber 300: the unit's name stands out from the title
CALL_TO_ACTION = "Xem tin mới »"


@dataclass(frozen=True)
class BannerImage:
    width: int
    height: int
    format: str
    data: bytes

    @property
    def name(self) -> str:
        return banner_name(self.width, self.height, self.format)


@dataclass(frozen=True)
class _Layout:
    """Where the text goes in one size: box, font sizes (max, min) and line limits."""

    box: tuple[int, int, int, int]
    title_size: tuple[int, int]
    unit_size: tuple[int, int]
    title_lines: int
    unit_lines: int
    gap: int
    button: bool
    accent: str  # 'left' bar or 'bottom' bar


_LAYOUTS = MappingProxyType(
    {
        (300, 250): _Layout((22, 22, 278, 188), (30, 16), (22, 12), 3, 2, 10, True, "bottom"),
        (728, 90): _Layout((30, 8, 560, 82), (30, 14), (20, 11), 1, 1, 4, True, "left"),
        (1200, 630): _Layout((90, 80, 880, 500), (76, 36), (50, 26), 3, 2, 28, True, "left"),
        PODCAST_SIZE: _Layout(
            (120, 200, 1000, 1200), (120, 60), (80, 40), 4, 3, 70, False, "bottom"
        ),
    }
)


def banner_name(width: int, height: int, fmt: str) -> str:
    return f"banner-{width}x{height}.{fmt}"


def banner_path(config: UnitConfig, width: int, height: int, fmt: str = "png") -> str:
    """Site-relative URL of a banner, beside the embed-kit page: '<prefix>/nhung/banner-...'."""
    return Links(config.url_prefix).embed_file(banner_name(width, height, fmt))


def og_image_path(config: UnitConfig) -> str:
    """The Open Graph image (PNG: every link-preview crawler reads it)."""
    return banner_path(config, *OG_SIZE, "png")


class Fonts:
    """The shipped fonts, each loaded once per size for the life of this object."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def get(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        font = self._loaded.get((name, size))
        if font is None:
            data = io.BytesIO(font_file(name))
            from PIL import ImageFont

            font = ImageFont.truetype(data, size, layout_engine=ImageFont.Layout.BASIC)
            self._loaded[(name, size)] = font
        return font


class BannerCache:
    """Banners already drawn, by the words on them, and the fonts they were drawn with.

    Held by a build session, a ``mkdocs serve`` rebuild with the same unit and section titles
    does not draw and encode them again; a fresh one draws everything.
    """

    def __init__(self) -> None:
        self.fonts = Fonts()
        self._drawn: dict[tuple[str, ...], tuple[BannerImage, ...]] = {}
        # Banners being drawn in a forked process (a one-off build's workers), by their words.
        self._drawing: dict[tuple[str, str], Pending[tuple[BannerImage, ...]]] = {}

    def start(self, unit_title: str, section_title: str, workers: Workers) -> None:
        """Begin drawing the banners on another core (they depend on the titles only), so that
        :meth:`banners` finds them drawn; with one process they are drawn here and now."""
        key = (unit_title, section_title)
        if key not in self._drawn and key not in self._drawing:
            self._drawing[key] = workers.spawn(
                lambda: _draw_all(unit_title, section_title, self.fonts)
            )

    def banners(self, unit_title: str, section_title: str) -> tuple[BannerImage, ...]:
        key = (unit_title, section_title)
        if key not in self._drawn:
            drawing = self._drawing.pop(key, None)
            self._drawn[key] = (
                drawing.result()
                if drawing is not None
                else _draw_all(unit_title, section_title, self.fonts)
            )
        return self._drawn[key]

    def podcast_cover(self, unit_title: str, title: str) -> bytes:
        """The podcast's square channel image as PNG, drawn once per titles."""
        key = ("podcast", unit_title, title)
        if key not in self._drawn:
            image = draw_banner(*PODCAST_SIZE, unit_title, title, self.fonts)
            self._drawn[key] = (BannerImage(*PODCAST_SIZE, "png", encode(image, "png")),)
        return self._drawn[key][0].data


def font_file(name: str = FONT_REGULAR) -> bytes:
    """The shipped font's bytes (tests check its coverage of Vietnamese)."""
    return resources.files("wardnews").joinpath("data", "fonts", name).read_bytes()


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(
    text: str, font_name: str, sizes: tuple[int, int], width: int, max_lines: int, fonts: Fonts
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which ``text`` wraps into ``max_lines`` lines of ``width`` pixels;
    at the smallest size, the last line is cut with an ellipsis rather than overflow."""
    largest, smallest = sizes
    for size in range(largest, smallest - 1, -1):
        font = fonts.get(font_name, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = fonts.get(font_name, smallest)
    lines = _wrap(text, font, width)[:max_lines]
    if lines:
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return font, lines


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    # 1.3 em leaves room for Vietnamese stacked marks (Ở, Ệ) above capitals.
    return round(font.size * 1.3)


def _draw_motif(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    """Circuit-board traces in the right part: 'digital' without a picture to license."""
    step = max(12, height // 7)
    radius = max(2, step // 6)
    start = width - min(width // 4, 6 * step)
    for row, y in enumerate(range(step // 2, height, step)):
        length = (row * 37 % 5 + 1) * step
        x0 = max(start, width - length)
        draw.line((x0, y, width, y), fill=MOTIF, width=max(1, radius // 2))
        draw.ellipse((x0 - radius, y - radius, x0 + radius, y + radius), outline=MOTIF, width=2)


def draw_banner(
    width: int, height: int, unit_title: str, section_title: str, fonts: Fonts | None = None
) -> Image.Image:
    """One banner as an RGB image: section title, unit name, a call to action."""
    fonts = fonts or Fonts()
    layout = _LAYOUTS.get((width, height))
    if layout is None:
        raise ValueError(f"banner size {width}x{height} is not one of {SIZES}")
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _draw_motif(draw, width, height)
    if layout.accent == "left":
        draw.rectangle((0, 0, max(6, width // 120), height), fill=ACCENT)
    else:
        draw.rectangle((0, height - max(6, height // 40), width, height), fill=ACCENT)

    left, top, right, bottom = layout.box
    text_width = right - left
    title_font, title_lines = _fit(
        section_title, FONT_BOLD, layout.title_size, text_width, layout.title_lines, fonts
    )
    unit_font, unit_lines = _fit(
        unit_title, FONT_REGULAR, layout.unit_size, text_width, layout.unit_lines, fonts
    )
    blocks = [(title_font, title_lines, TITLE_COLOUR), (unit_font, unit_lines, UNIT_COLOUR)]
    heights = [_line_height(font) * len(lines) for font, lines, _ in blocks]
    gaps = layout.gap if all(lines for _, lines, _ in blocks) else 0
    y = top + max(0, (bottom - top - sum(heights) - gaps) // 2)
    for font, lines, colour in blocks:
        if not lines:
            continue
        for line in lines:
            ascent, _ = font.getmetrics()
            draw.text((left, y + ascent), line, font=font, fill=colour, anchor="ls")
            y += _line_height(font)
        y += layout.gap

    if layout.button:
        _draw_button(draw, width, height, fonts)
    return image


def _draw_button(draw: ImageDraw.ImageDraw, width: int, height: int, fonts: Fonts) -> None:
    size = max(11, min(height // 6, width // 24, 30))
    font = fonts.get(FONT_BOLD, size)
    text_width = round(font.getlength(CALL_TO_ACTION))
    pad_x, pad_y = size, size // 2
    box_w, box_h = text_width + 2 * pad_x, size + 2 * pad_y
    margin = max(10, height // 12)
    if height < 150:  # leaderboard: the button sits at the right, centred vertically
        x1, y0 = width - margin - 8, (height - box_h) // 2
    else:
        x1, y0 = width - margin, height - margin - box_h - max(6, height // 40)
    x0 = x1 - box_w
    draw.rounded_rectangle((x0, y0, x1, y0 + box_h), radius=box_h // 2, fill=ACCENT)
    draw.text(
        (x0 + box_w // 2, y0 + box_h // 2),
        CALL_TO_ACTION,
        font=font,
        fill=TITLE_COLOUR,
        anchor="mm",
    )


def encode(image: Image.Image, fmt: str) -> bytes:
    """PNG or lossless WebP with fixed options and no metadata: the same image, the same bytes."""
    # Pillow registers a format when its plugin is imported: the two written here (and the few
    # Image.save always imports), not those of the images read (images.inspect.register_formats,
    # TIFF's the largest): about 8 ms less in the process that draws the banners.
    from PIL import Image, PngImagePlugin, WebPImagePlugin  # noqa: F401

    buffer = io.BytesIO()
    clean = Image.frombytes(image.mode, image.size, image.tobytes())  # drops any info dict
    if fmt == "png":
        # Level 6 is zlib's default: 5 % larger than 9 for a fifth of the time, every build.
        clean.save(buffer, format="PNG", optimize=False, compress_level=6)
    elif fmt == "webp":
        # Lossless: the pixels are exact whatever the effort. Method 1 at effort 75 makes files
        # within 1 % of the size of method 2 at effort 100 on these flat drawings (the three
        # sizes of three units' banners), in a third of the time and half the memory.
        clean.save(buffer, format="WEBP", lossless=True, quality=75, method=1, exact=False)
    else:
        raise ValueError(f"banner format {fmt!r} is not one of {FORMATS}")
    return buffer.getvalue()


def render_banners(config: UnitConfig, cache: BannerCache | None = None) -> list[BannerImage]:
    """Every banner of the unit, every size in every format (drawn once per ``cache``)."""
    return list((cache or BannerCache()).banners(config.unit_title, config.section_title))


def _draw_all(unit_title: str, section_title: str, fonts: Fonts) -> tuple[BannerImage, ...]:
    banners = []
    for width, height in SIZES:
        image = draw_banner(width, height, unit_title, section_title, fonts)
        for fmt in FORMATS:
            banners.append(BannerImage(width, height, fmt, encode(image, fmt)))
    return tuple(banners)
