"""Encoding: real images made with Pillow, outputs read back with Pillow."""

from __future__ import annotations

import io

import pytest
from image_samples import (
    BLUE,
    GREY,
    POST,
    RED,
    is_colour,
    noisy,
    phone_photo_bytes,
    png_bytes,
    png_header_only,
    webp_chunks,
    wide_gamut_profile,
)
from PIL import Image, ImageDraw

from wardnews.images.encode import EncodeStats, output_widths, process_image, process_images
from wardnews.images.inspect import inspect_image
from wardnews.images.model import ImageDecodeError, ImageLimits, ImageSettings


def test_the_phone_photo_really_carries_orientation_gps_and_metadata(phone):
    source, _ = phone
    with Image.open(source) as image:
        assert image.size == (4000, 3000)
        assert image.getexif()[0x0112] == 6
        assert image.getexif().get_ifd(0x8825)[2] == (19.0, 48.0, 30.0)
        assert {"exif", "xmp", "comment", "icc_profile"} <= set(image.info)


def test_phone_photo_comes_out_upright_in_every_width_and_format(phone):
    _, processed = phone
    assert processed.kind == "photo"
    assert (processed.width, processed.height) == (3000, 4000)
    made = [(o.width, o.height, o.mime) for o in processed.outputs]
    assert made == [
        (480, 640, "image/webp"),
        (480, 640, "image/jpeg"),
        (960, 1280, "image/webp"),
        (960, 1280, "image/jpeg"),
        (1440, 1920, "image/webp"),
        (1440, 1920, "image/jpeg"),
    ]
    for output in processed.outputs:
        with Image.open(io.BytesIO(output.read_bytes())) as image:
            assert image.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[output.mime]
            assert image.size == (output.width, output.height)
            assert output.size == len(output.read_bytes())
            w, h = image.size
            rgb = image.convert("RGB")
            # Turned a quarter clockwise: stored top-left is now top-right, bottom-left top-left.
            assert is_colour(rgb.getpixel((w - 5, 5)), RED), output.name
            assert is_colour(rgb.getpixel((5, 5)), BLUE), output.name
            assert not is_colour(rgb.getpixel((w - 5, h - 5)), RED), output.name
            assert not is_colour(rgb.getpixel((5, h - 5)), BLUE), output.name


def test_phone_photo_outputs_carry_no_metadata(phone):
    _, processed = phone
    for output in processed.outputs:
        data = output.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert len(image.getexif()) == 0, output.name
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), output.name
        # The bytes themselves: no EXIF/XMP/ICC block of any container, no maker, no comment.
        for marker in (
            b"Exif",
            b"EXIF",
            b"XMP ",
            b"ns.adobe.com",
            b"ICCP",
            b"ICC_PROFILE",
            b"Samsung",
            b"Galaxy",
        ):
            assert marker not in data, (output.name, marker)


def test_outputs_are_named_by_content_hash_and_width(phone):
    source, processed = phone
    assert len(processed.key) == 10
    names = [o.name for o in processed.outputs]
    assert names[:2] == [
        f"img-20240312-083000-{processed.key}-480.webp",
        f"img-20240312-083000-{processed.key}-480.jpg",
    ]
    assert len(set(names)) == len(names)


def test_same_input_gives_the_same_bytes(phone, tmp_path):
    source, processed = phone
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    again = process_image(copy)
    assert [o.name for o in again.outputs] == [o.name for o in processed.outputs]
    assert [o.read_bytes() for o in again.outputs] == [o.read_bytes() for o in processed.outputs]


# --- widths, kinds, colours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (4000, [480, 960, 1440]),
        (1440, [480, 960, 1440]),
        (1000, [480, 960, 1000]),
        (700, [480, 700]),
        (480, [480]),
        (300, [300]),
    ],
)
def test_widths_never_upscale(width, expected):
    assert output_widths(width, (1440, 480, 960)) == expected


def test_a_small_image_keeps_its_own_size(tmp_path):
    source = tmp_path / "nho.jpg"
    Image.new("RGB", (300, 200), GREY).save(source, quality=90)
    processed = process_image(source)
    assert [(o.width, o.height) for o in processed.outputs] == [(300, 200), (300, 200)]
    for output in processed.outputs:
        with Image.open(io.BytesIO(output.read_bytes())) as image:
            assert image.size == (300, 200)


def test_fallback_and_webp_follow_what_the_image_is(tmp_path):
    poster = Image.new("RGB", (800, 600), (250, 250, 240))
    ImageDraw.Draw(poster).rectangle((100, 100, 700, 200), fill=(200, 0, 0))
    cut_out = noisy("RGBA", (800, 600))
    cut_out.putalpha(Image.linear_gradient("L").resize((800, 600)))
    screenshot = noisy("RGB", (800, 600)).convert("RGBA")  # alpha channel that hides nothing
    cases = {
        "poster.png": (poster, "graphic", "image/png", b"VP8L"),
        "cut-out.png": (cut_out, "alpha", "image/png", b"VP8 "),
        "screenshot.png": (screenshot, "photo", "image/jpeg", b"VP8 "),
    }
    for name, (image, kind, fallback_mime, webp_chunk) in cases.items():
        (tmp_path / name).write_bytes(png_bytes(image))
        processed = process_image(tmp_path / name)
        assert processed.kind == kind, name
        assert {o.mime for o in processed.fallback} == {fallback_mime}, name
        for output in processed.webp:
            assert webp_chunk in webp_chunks(output.read_bytes()), name  # VP8L lossless, VP8 lossy
        if kind == "alpha":
            with Image.open(io.BytesIO(processed.webp[0].read_bytes())) as webp:
                assert webp.mode == "RGBA"


def test_a_wide_gamut_photo_is_converted_to_srgb_before_its_profile_is_dropped(tmp_path):
    source = tmp_path / "iphone.jpg"
    Image.new("RGB", (600, 400), (200, 10, 10)).save(
        source, quality=95, icc_profile=wide_gamut_profile()
    )
    processed = process_image(source)
    with Image.open(io.BytesIO(processed.fallback[0].read_bytes())) as image:
        assert "icc_profile" not in image.info
        red, green, _ = image.convert("RGB").getpixel((300, 200))
    # The same numbers mean a redder red in the wide space: in sRGB they grow.
    assert red > 210 and green < 8


def test_processing_refuses_a_bomb_even_without_inspection(tmp_path):
    (tmp_path / "bom.png").write_bytes(png_header_only(100_000, 100_000))
    with pytest.raises(ImageDecodeError, match="image_max_megapixels"):
        process_image(tmp_path / "bom.png")


def test_an_image_that_cannot_be_decoded_names_every_post_using_it(write_file, config, tmp_path):
    limits = ImageLimits.from_config(config)
    data = phone_photo_bytes(800, 600)
    write_file("posts/2024/anh/hong.jpg", data[: len(data) // 2])  # copied halfway
    infos = []
    for post in (POST, "posts/2024/b.md"):
        info, problems = inspect_image("anh/hong.jpg", post, limits, alt="Ảnh", line=5)
        assert problems == [] and info is not None  # the header is fine
        infos.append(info)
    processed, problems = process_images(infos, ImageSettings(), tmp_path / "cache")
    assert processed == {}
    assert [p.path for p in problems] == [POST, "posts/2024/b.md"]
    assert (
        problems[0]
        .format()
        .startswith(
            "posts/2024/a.md, dòng 5: lỗi: ảnh 'anh/hong.jpg' bị hỏng, không giải mã được ("
        )
    )
    assert problems[0].message.endswith("); hãy xuất lại ảnh")


def test_process_images_processes_a_shared_image_once(write_file, config, tmp_path):
    limits = ImageLimits.from_config(config)
    write_file("posts/2024/anh/chung.jpg", phone_photo_bytes(800, 600))
    infos = [
        inspect_image("anh/chung.jpg", post, limits, alt="Ảnh")[0]
        for post in (POST, "posts/2024/b.md")
    ]
    stats = EncodeStats()
    processed, problems = process_images(infos, ImageSettings(), tmp_path / "cache", stats)
    assert problems == []
    assert list(processed) == ["posts/2024/anh/chung.jpg"]
    assert stats.files == 4  # 480 and 800, WebP and JPEG
