"""The image pipeline's values: limits, settings, inspected images and their outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wardnews.problems import shorten

if TYPE_CHECKING:
    from wardnews.content.config import UnitConfig

DEFAULT_WIDTHS = (480, 960, 1440)
DEFAULT_MAX_MB = 15
DEFAULT_MAX_MEGAPIXELS = 40
DEFAULT_CACHE_DIR = Path(".cache/wardnews/images")
# Content column of the section: full width on a phone, about 800 CSS pixels on a wide screen.
DEFAULT_SIZES = "(min-width: 60em) 800px, 100vw"
# Width of <img src>, for the rare browser without srcset: sharp enough, not too heavy.
FALLBACK_SRC_WIDTH = 960
# Raise when the pipeline's output changes for the same settings: every name changes with it.
PIPELINE_VERSION = 1
# Formats Pillow may try. Others it can read (EPS runs Ghostscript, PSD, ICO...) are refused: fewer
# decoders facing files from the internet, and none that a phone camera produces. The JPEG opener
# also returns MPO, the multi-picture JPEG of many phone cameras.
ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
MB = 1024 * 1024

MIME = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


class ImageDecodeError(Exception):
    """An image that passed :func:`inspect_image` but cannot be decoded (truncated, corrupt).

    ``reason`` is in Vietnamese, for the editor.
    """

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class ImageLimits:
    """Where images may live and how large they may be."""

    root: Path
    posts_dir: str = "posts"
    max_bytes: int = DEFAULT_MAX_MB * MB
    max_pixels: int = DEFAULT_MAX_MEGAPIXELS * 1_000_000

    @classmethod
    def from_config(cls, config: UnitConfig) -> ImageLimits:
        """The limits of ``extra.wardnews`` (image_max_mb, image_max_megapixels)."""
        return cls(
            root=config.root,
            posts_dir=config.posts_dir,
            max_bytes=config.image_max_mb * MB,
            max_pixels=config.image_max_megapixels * 1_000_000,
        )


@dataclass(frozen=True)
class ImageSettings:
    """What the pipeline produces. Every field but ``max_pixels`` is part of the output names."""

    widths: tuple[int, ...] = DEFAULT_WIDTHS
    webp_quality: int = 75
    jpeg_quality: int = 80
    # libwebp's effort (0-6): 4 is its default; 6 saves ~3% for twice the time.
    webp_method: int = 4
    max_pixels: int = DEFAULT_MAX_MEGAPIXELS * 1_000_000

    @classmethod
    def from_config(cls, config: UnitConfig) -> ImageSettings:
        """The widths and pixel limit of ``extra.wardnews``."""
        return cls(
            widths=tuple(config.image_widths),
            max_pixels=config.image_max_megapixels * 1_000_000,
        )

    def token(self) -> bytes:
        widths = ",".join(str(w) for w in sorted(set(self.widths)))
        return (
            f"wardnews-images v{PIPELINE_VERSION}; widths {widths}; webp {self.webp_quality} "
            f"m{self.webp_method}; jpeg {self.jpeg_quality} 420 progressive; png 9"
        ).encode()


@dataclass(frozen=True)
class ImageInfo:
    """An image a post refers to, checked: it exists in the posts folder and Pillow can read it."""

    post: str  # the post, relative to the project root: 'posts/2024/a.md'
    written: str  # the path as the editor wrote it: 'anh/cao-son.jpg'
    path: str  # the image, relative to the project root: 'posts/2024/anh/cao-son.jpg'
    source: Path  # absolute, resolved
    alt: str
    format: str  # as Pillow names it: JPEG, PNG, ...
    width: int  # upright, after the EXIF orientation
    height: int
    size: int  # bytes
    key: str | None = None  # where the post refers to it, for later problems: 'image' for a cover
    line: int | None = None


@dataclass(frozen=True)
class ImageOutput:
    """One produced file. Its bytes are in ``data`` or, when it came through the cache, ``path``."""

    name: str  # file name, the same in the cache and the site: 'cao-son-3f9c2a1b7e-960.webp'
    width: int
    height: int
    mime: str
    size: int
    data: bytes | None = field(default=None, repr=False, compare=False)
    path: Path | None = None

    def read_bytes(self) -> bytes:
        """The encoded file."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()


@dataclass(frozen=True)
class ProcessedImage:
    """Every output of one source image: WebP and fallback at each width, narrowest first."""

    key: str  # short hash of the source bytes and the settings
    kind: str  # 'photo', 'alpha' or 'graphic' (see the module docstring)
    width: int  # the upright original
    height: int
    outputs: tuple[ImageOutput, ...]

    @property
    def webp(self) -> list[ImageOutput]:
        return [o for o in self.outputs if o.mime == "image/webp"]

    @property
    def fallback(self) -> list[ImageOutput]:
        return [o for o in self.outputs if o.mime != "image/webp"]


DEFAULT_SETTINGS = ImageSettings()


def default_cache_dir(config: UnitConfig) -> Path:
    """``.cache/wardnews/images/`` under the project root (CI keeps it between builds)."""
    return config.root / DEFAULT_CACHE_DIR


def remote_image_message(url: str) -> str:
    """What an editor reads about an image (or a media file) from another host, wherever it is
    written: a cover, Markdown, raw HTML."""
    return (
        f"ảnh {shorten(url)} nằm trên trang web khác: điện thoại người đọc sẽ phải tải từ "
        "máy chủ ngoài. Hãy tải ảnh về, đặt vào thư mục anh/ cạnh bài viết và ghi đường dẫn "
        "như anh/ten-anh.jpg"
    )
