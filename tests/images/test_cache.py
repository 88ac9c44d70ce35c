"""The encoded-file cache in .cache/ and the copy into the site."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from image_samples import phone_exif, phone_photo_bytes
from PIL import Image

from wardnews.images.cache import from_cache, write_images
from wardnews.images.encode import EncodeStats, process_image
from wardnews.images.model import ImageSettings


@pytest.fixture
def small_photo(tmp_path: Path) -> Path:
    source = tmp_path / "anh.jpg"
    source.write_bytes(phone_photo_bytes(1600, 1200))
    return source


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_the_second_build_reuses_the_cache_without_encoding(small_photo, tmp_path):
    cache = tmp_path / ".cache" / "wardnews" / "images"
    stats = EncodeStats()
    first = process_image(small_photo, cache_dir=cache, stats=stats)
    assert stats.files == 6
    assert all(o.path is not None and o.path.parent == cache for o in first.outputs)
    stamps = mtimes(cache)
    assert len(stamps) == 7  # six images and the manifest

    again = process_image(small_photo, cache_dir=cache, stats=stats)
    assert stats.files == 6  # nothing encoded the second time
    assert mtimes(cache) == stamps
    assert again == first
    assert [o.read_bytes() for o in again.outputs] == [o.read_bytes() for o in first.outputs]
    # What the cache holds is what an uncached run makes.
    fresh = process_image(small_photo)
    assert [o.read_bytes() for o in fresh.outputs] == [o.read_bytes() for o in first.outputs]


def test_a_changed_image_or_setting_never_reuses_a_stale_file(small_photo, tmp_path):
    cache = tmp_path / "cache"
    first = process_image(small_photo, cache_dir=cache)
    other_quality = process_image(small_photo, ImageSettings(webp_quality=60), cache_dir=cache)
    assert other_quality.key != first.key
    assert not {o.name for o in other_quality.outputs} & {o.name for o in first.outputs}

    with Image.open(small_photo) as image:
        edited = image.copy()
    edited.putpixel((800, 600), (0, 255, 0))
    edited.save(small_photo, quality=90, exif=phone_exif())
    stats = EncodeStats()
    changed = process_image(small_photo, cache_dir=cache, stats=stats)
    assert changed.key != first.key
    assert stats.files == 6


def test_a_damaged_cache_entry_is_encoded_again(small_photo, tmp_path):
    cache = tmp_path / "cache"
    first = process_image(small_photo, cache_dir=cache)
    first.outputs[2].path.write_bytes(b"cut")  # a build killed mid-write, a partial CI cache
    stats = EncodeStats()
    again = process_image(small_photo, cache_dir=cache, stats=stats)
    assert stats.files == 6
    fresh = process_image(small_photo)
    assert again.outputs[2].read_bytes() == fresh.outputs[2].read_bytes()


def test_write_images_writes_every_output(small_photo, tmp_path):
    for cache in (None, tmp_path / "cache"):
        processed = process_image(small_photo, cache_dir=cache)
        site = tmp_path / f"site-{cache is None}" / "tin-tuc" / "anh"
        written = write_images(processed, site)
        assert [p.name for p in written] == [o.name for o in processed.outputs]
        assert [p.read_bytes() for p in written] == [o.read_bytes() for o in processed.outputs]


def _tamper(manifest: Path, change) -> None:
    meta = json.loads(manifest.read_text("utf-8"))
    change(meta)
    manifest.write_text(json.dumps(meta), "utf-8")


def _set_name(name: str):
    def change(meta):
        meta["outputs"][0]["name"] = name

    return change


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(_set_name("/etc/passwd"), id="absolute-name"),
        pytest.param(_set_name("../../mkdocs.yml"), id="dotdot-name"),
        pytest.param(_set_name("sub/x-480.webp"), id="folder-name"),
        pytest.param(_set_name("khac-0123456789-480.webp"), id="another-entry's-name"),
        pytest.param(lambda meta: meta["outputs"][0].update(size="12"), id="size-as-text"),
        pytest.param(lambda meta: meta["outputs"][0].update(width=True), id="width-as-bool"),
        pytest.param(lambda meta: meta["outputs"][0].update(mime="text/html"), id="mime"),
        pytest.param(lambda meta: meta.update(outputs={}), id="outputs-not-a-list"),
        pytest.param(lambda meta: meta.update(outputs=[]), id="no-outputs"),
        pytest.param(lambda meta: meta.update(kind="<script>"), id="kind"),
        pytest.param(lambda meta: meta.update(key="../x"), id="key"),
        pytest.param(lambda meta: meta.update(key="ANH-" + meta["key"]), id="key-with-stem"),
        pytest.param(lambda meta: meta.pop("width"), id="missing-width"),
    ],
)
def test_a_tampered_manifest_is_ignored_and_the_image_encoded_again(small_photo, tmp_path, tamper):
    cache = tmp_path / "cache"
    first = process_image(small_photo, cache_dir=cache)
    manifest = next(cache.glob("*.json"))
    base = manifest.name.removesuffix(".json")
    _tamper(manifest, tamper)
    assert from_cache(cache, base) is None
    stats = EncodeStats()
    again = process_image(small_photo, cache_dir=cache, stats=stats)
    assert stats.files == 6
    assert again == first  # the entry was written afresh
    assert from_cache(cache, base) == first


@pytest.mark.parametrize("content", [b"{", b"[]", b'"x"', b"\xff\xfe", b"null"])
def test_a_manifest_that_is_not_a_json_object_is_ignored(small_photo, tmp_path, content):
    cache = tmp_path / "cache"
    process_image(small_photo, cache_dir=cache)
    manifest = next(cache.glob("*.json"))
    manifest.write_bytes(content)
    assert from_cache(cache, manifest.name.removesuffix(".json")) is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
@pytest.mark.parametrize("which", ["output", "manifest"])
def test_a_symlink_in_the_cache_is_never_used(small_photo, tmp_path, which):
    cache = tmp_path / "cache"
    first = process_image(small_photo, cache_dir=cache)
    secret = tmp_path / "secret"
    manifest = next(cache.glob("*.json"))
    victim = first.outputs[0].path if which == "output" else manifest
    secret.write_bytes(victim.read_bytes())  # same size: only the link gives it away
    victim.unlink()
    victim.symlink_to(secret)
    assert from_cache(cache, manifest.name.removesuffix(".json")) is None
    again = process_image(small_photo, cache_dir=cache)
    assert not victim.is_symlink()
    assert [o.read_bytes() for o in again.outputs] == [o.read_bytes() for o in first.outputs]
