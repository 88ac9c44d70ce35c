"""Images for the pipeline's tests, made with Pillow: phone photos with EXIF, bombs, profiles."""

from __future__ import annotations

import io
import struct
import zlib
from html.parser import HTMLParser

from PIL import Image, ImageCms, ImageDraw

POST = "posts/2024/a.md"
RED, BLUE, GREY = (230, 20, 20), (20, 20, 230), (128, 128, 128)
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="19,48.5N"/></rdf:RDF>'
    b"</x:xmpmeta>"
)
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_exif(orientation: int = 6) -> Image.Exif:
    """What a phone writes: the orientation and where the photo was taken (Thanh Hóa)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Samsung"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (19.0, 48.0, 30.0)
    gps[3], gps[4] = "E", (105.0, 46.0, 12.0)
    return exif


def phone_photo_bytes(width: int = 4000, height: int = 3000) -> bytes:
    """A JPEG stored sideways as phones do: a red block at the stored top-left, blue at the
    stored bottom-left, with EXIF orientation 6, GPS, XMP, a comment and an ICC profile."""
    grey = Image.linear_gradient("L").resize((width, height)).point(lambda v: 64 + v // 2)
    image = Image.merge("RGB", (grey, grey, grey))
    draw = ImageDraw.Draw(image)
    block_w, block_h = width // 10, height // 10
    draw.rectangle((0, 0, block_w, block_h), fill=RED)
    draw.rectangle((0, height - block_h, block_w, height), fill=BLUE)
    buffer = io.BytesIO()
    image.save(
        buffer,
        "JPEG",
        quality=90,
        exif=phone_exif(),
        xmp=XMP,
        comment="Galaxy A05",
        icc_profile=SRGB_ICC,
    )
    return buffer.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: the shape of a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def wide_gamut_profile() -> bytes:
    """An RGB profile with a redder red than sRGB (P3's), not named sRGB: like an iPhone's."""
    data = bytearray(SRGB_ICC)
    tags = {}
    for index in range(struct.unpack(">I", data[128:132])[0]):
        sig, offset, _ = struct.unpack(">4sII", data[132 + 12 * index : 144 + 12 * index])
        tags[sig] = offset
    red = tags[b"rXYZ"] + 8
    p3_red = (0.5151, 0.2412, -0.0011)
    data[red : red + 12] = b"".join(struct.pack(">i", round(v * 65536)) for v in p3_red)
    return bytes(data).replace("sRGB".encode("utf-16-be"), "wide".encode("utf-16-be"))


def webp_chunks(data: bytes) -> list[bytes]:
    """The chunk names of a WebP (RIFF) file: VP8 (lossy), VP8L (lossless), ALPH, EXIF, XMP ..."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    names, offset = [], 12
    while offset + 8 <= len(data):
        names.append(data[offset : offset + 4])
        size = struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        offset += 8 + size + (size & 1)
    return names


def parse_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Start tags and their attributes, as a browser's tokenizer reads them (entities decoded)."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def is_colour(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel[:3], colour, strict=True))


def noisy(mode: str, size: tuple[int, int]) -> Image.Image:
    """Many colours, as in a photo."""
    bands = [Image.effect_noise(size, 50).convert("L") for _ in mode]
    return Image.merge(mode, bands)
