"""The <picture> of a processed image, read back as a browser's tokenizer reads it."""

from __future__ import annotations

from image_samples import parse_tags

from wardnews.images.model import DEFAULT_SIZES
from wardnews.images.picture import picture_html, picture_values


def test_picture_html_has_srcset_sizes_dimensions_and_lazy_loading(phone):
    _, processed = phone
    alt = 'Người dân "cài" VNeID <b>&'
    html = picture_html(picture_values(processed, alt, url_prefix="../../anh"))
    assert html.startswith("<picture>") and html.endswith("</picture>")
    tags = parse_tags(html)
    assert tags[0] == ("picture", {})
    assert [name for name, _ in tags] == ["picture", "source", "img"]
    source, img = tags[1][1], tags[2][1]
    stem = f"../../anh/img-20240312-083000-{processed.key}"
    assert source.get("type") == "image/webp"
    webp = f"{stem}-480.webp 480w, {stem}-960.webp 960w, {stem}-1440.webp 1440w"
    assert source.get("srcset") == webp
    assert source.get("sizes") == DEFAULT_SIZES
    assert img.get("src") == f"{stem}-960.jpg"
    assert img.get("srcset") == f"{stem}-480.jpg 480w, {stem}-960.jpg 960w, {stem}-1440.jpg 1440w"
    assert img.get("sizes") == DEFAULT_SIZES
    assert (img.get("width"), img.get("height")) == ("960", "1280")
    assert img.get("alt") == alt
    assert img.get("loading") == "lazy" and img.get("decoding") == "async"
    assert "<b>" not in html


def test_the_first_screen_image_is_not_lazy(phone):
    _, processed = phone
    html = picture_html(picture_values(processed, "Ảnh bìa", sizes="100vw", lazy=False))
    tags = parse_tags(html)
    assert [name for name, _ in tags] == ["picture", "source", "img"]
    img = tags[2][1]
    assert "loading" not in img
    assert img.get("fetchpriority") == "high"
    assert img.get("sizes") == "100vw"
    assert img.get("src") == f"img-20240312-083000-{processed.key}-960.jpg"
