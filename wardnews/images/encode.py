"""Build: an inspected image as upright, sRGB, metadata-free WebP and fallback files per width."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from wardnews.content.text import slugify
from wardnews.images.cache import from_cache, store
from wardnews.images.inspect import bomb_is_error, exif_orientation, open_image, register_formats
from wardnews.images.model import (
    DEFAULT_SETTINGS,
    MIME,
    ImageDecodeError,
    ImageInfo,
    ImageOutput,
    ImageSettings,
    ProcessedImage,
)
from wardnews.problems import Problem, shorten

log = logging.getLogger(__name__)

_SRGB = ImageCms.createProfile("sRGB")


@dataclass
class EncodeStats:
    """What the encoder did for its owner (a build session, a test): files produced."""

    files: int = 0


def output_widths(width: int, widths: Iterable[int]) -> list[int]:
    """The widths to produce for an upright original ``width``: never wider than it."""
    wanted = sorted(set(widths))
    chosen = [w for w in wanted if w <= width]
    if not wanted or width < wanted[-1] and width not in chosen:
        chosen.append(width)
    return chosen


def process_image(
    source: Path,
    settings: ImageSettings = DEFAULT_SETTINGS,
    *,
    cache_dir: Path | None = None,
    stats: EncodeStats | None = None,
) -> ProcessedImage:
    """Every output of one image, as values: upright, sRGB, without metadata, at each width.

    With ``cache_dir``, outputs are looked up there first by the hash of the source bytes and
    the settings; an image already processed is not encoded again. New outputs are stored there
    and come back with ``path`` set; without a cache they come back with ``data``. Raises
    :class:`ImageDecodeError` for an image Pillow cannot decode (call :func:`inspect_image` first
    for all other problems).
    """
    data = source.read_bytes()
    key = hashlib.sha256(settings.token() + b"\0" + data).hexdigest()[:10]
    stem = slugify(source.stem, max_length=40) or "anh"
    if cache_dir is not None:
        cached = from_cache(cache_dir, f"{stem}-{key}")
        if cached is not None:
            log.debug("ảnh %s: dùng lại bản đã xử lý %s", source, key)
            return cached
    processed = _encode_all(data, f"{stem}-{key}", key, settings, stats or EncodeStats())
    log.info("đã xử lý ảnh %s: %d tệp", source.name, len(processed.outputs))
    if cache_dir is not None:
        processed = store(cache_dir, f"{stem}-{key}", processed)
    return processed


def process_images(
    infos: Iterable[ImageInfo],
    settings: ImageSettings,
    cache_dir: Path | None,
    stats: EncodeStats | None = None,
) -> tuple[dict[str, ProcessedImage], list[Problem]]:
    """Process every inspected image once (several posts may share one), keyed by ``info.path``.

    An image that cannot be decoded becomes a problem naming each post that refers to it.
    """
    done: dict[str, ProcessedImage] = {}
    failed: dict[str, str] = {}
    problems: list[Problem] = []
    for info in infos:
        if info.path not in done and info.path not in failed:
            try:
                done[info.path] = process_image(
                    info.source, settings, cache_dir=cache_dir, stats=stats
                )
            except ImageDecodeError as exc:
                failed[info.path] = exc.reason
        if info.path in failed:
            message = f"ảnh {shorten(info.written)} {failed[info.path]}"
            problems.append(Problem(info.post, info.line, info.key, message))
    return done, problems


def _encode_all(
    data: bytes, base: str, key: str, settings: ImageSettings, stats: EncodeStats
) -> ProcessedImage:
    try:
        with bomb_is_error(), open_image(io.BytesIO(data)) as opened:
            if opened.width * opened.height > settings.max_pixels:
                raise ImageDecodeError("quá lớn (khóa image_max_megapixels)")
            orientation = exif_orientation(opened)
            sideways = orientation in (5, 6, 7, 8)
            width, height = (opened.height, opened.width) if sideways else opened.size
            targets = output_widths(width, settings.widths)
            if opened.format in ("JPEG", "MPO"):
                # Decode at 1/2, 1/4 or 1/8 scale when that still covers the widest output:
                # a 12-megapixel photo decodes four times faster and resizes from less.
                scale = targets[-1] / width
                opened.draft("RGB", (round(opened.width * scale), round(opened.height * scale)))
            icc = opened.info.get("icc_profile")
            fmt = opened.format
            upright = ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageDecodeError("quá lớn (khóa image_max_megapixels)") from None
    except (OSError, ValueError, SyntaxError, UnidentifiedImageError) as exc:
        raise ImageDecodeError(f"bị hỏng, không giải mã được ({exc}); hãy xuất lại ảnh") from None
    pixels, kind = _normalise(upright, icc, fmt)

    outputs: list[ImageOutput] = []
    fallback_ext = "jpg" if kind == "photo" else "png"
    for target in targets:
        size = (target, max(1, round(height * target / width)))
        frame = (
            pixels
            if pixels.size == size
            else pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        for ext in ("webp", fallback_ext):
            encoded = _encode(frame, ext, kind, settings)
            stats.files += 1
            name = f"{base}-{target}.{ext}"
            outputs.append(ImageOutput(name, size[0], size[1], MIME[ext], len(encoded), encoded))
    return ProcessedImage(key, kind, width, height, tuple(outputs))


def _normalise(image: Image.Image, icc: bytes | None, fmt: str | None) -> tuple[Image.Image, str]:
    """Pixels in RGB or RGBA, sRGB, and the kind of image (which formats suit it)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey PNG: scale, do not clip
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if icc:  # first: the profile describes the pixels as stored (CMYK of a print file, say)
        image = _to_srgb(image, icc)
    transparent = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    wanted = "RGBA" if transparent else "RGB"
    image = image if image.mode == wanted else image.convert(wanted)
    if transparent and image.getchannel("A").getextrema()[0] == 255:
        # Screenshots are often saved with an alpha channel that hides nothing: a JPEG is smaller.
        transparent, image = False, image.convert("RGB")
    graphic = fmt in ("PNG", "GIF") and image.getcolors(256) is not None
    return image, "graphic" if graphic else "alpha" if transparent else "photo"


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(profile).casefold().replace(" ", ""):
            return image
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=mode)
        assert converted is not None  # inPlace=False returns the new image
        return converted
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        # Colours may be a little off; the image is still worth publishing.
        log.warning("hồ sơ màu ICC của ảnh không dùng được (%s); giữ nguyên màu", exc)
        return image


def _encode(frame: Image.Image, ext: str, kind: str, settings: ImageSettings) -> bytes:
    # A fresh image carries no info dict, so no EXIF, XMP, ICC or comment can reach the encoder.
    clean = Image.frombytes(frame.mode, frame.size, frame.tobytes())
    buffer = io.BytesIO()
    register_formats()  # WebP, without all of Pillow's plugins (images.inspect)
    if ext == "webp" and kind == "graphic":
        clean.save(buffer, "WEBP", lossless=True, quality=80, method=settings.webp_method)
    elif ext == "webp":
        clean.save(
            buffer,
            "WEBP",
            quality=settings.webp_quality,
            method=settings.webp_method,
            alpha_quality=90,
            exact=False,
        )
    elif ext == "jpg":
        clean.save(
            buffer,
            "JPEG",
            quality=settings.jpeg_quality,
            optimize=True,
            progressive=True,
            subsampling=2,
        )
    else:
        clean.save(buffer, "PNG", optimize=False, compress_level=9)
    return buffer.getvalue()
