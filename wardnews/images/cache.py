"""Write: encoded files kept in ``.cache/wardnews/images/`` between builds, and copied to the site.

An entry is one JSON manifest per source image and settings plus its files; the manifest is
written last, so an entry cut short by a killed build is encoded again, never half used.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from wardnews.images.model import MIME, ImageOutput, ProcessedImage

log = logging.getLogger(__name__)


def from_cache(cache_dir: Path, base: str) -> ProcessedImage | None:
    """The entry ``base`` ('cao-son-3f9c2a1b7e') of the cache, or None to encode again.

    The cache is not trusted: it may come from an older version, a CI cache another branch
    wrote, or a hand. An entry is used only when its manifest is a regular JSON file of the
    expected shape, every name is exactly one the encoder makes for ``base`` (no folder, no
    '..', no absolute path) and every file is a regular file (not a symlink) of the stated size.
    """
    manifest = cache_dir / f"{base}.json"
    try:
        if not stat.S_ISREG(os.lstat(manifest).st_mode):
            raise ValueError("bản kê không phải tệp thường")
        result = _entry(json.loads(manifest.read_text("utf-8")), cache_dir, base)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("bộ nhớ đệm ảnh %s hỏng (%s); xử lý lại ảnh", manifest, exc)
        return None
    # A file removed or cut short (a build killed mid-write, a partial CI cache): encode again.
    for output in result.outputs:
        assert output.path is not None
        try:
            info = os.lstat(output.path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size != output.size:
            return None
    return result


_KINDS = frozenset({"photo", "alpha", "graphic"})
_KEY = re.compile(r"[0-9a-f]{10}")  # process_image: the first ten hex digits of a SHA-256


def _entry(meta: object, cache_dir: Path, base: str) -> ProcessedImage:
    """The manifest's values, each checked; ValueError or TypeError for anything unexpected."""
    if not isinstance(meta, dict) or not isinstance(meta.get("outputs"), list):
        raise TypeError("bản kê không đúng dạng")
    key = meta["key"]
    if (
        not isinstance(key, str)
        or not _KEY.fullmatch(key)
        or not base.endswith(f"-{key}")
        or meta["kind"] not in _KINDS
    ):
        raise ValueError("khóa hoặc loại ảnh không khớp")
    # Exactly the names _encode_all makes: '<base>-<width>.<ext>'.
    pattern = re.compile(re.escape(base) + r"-(?P<width>[1-9][0-9]{0,5})\.(?P<ext>webp|jpg|png)")
    outputs = []
    for item in meta["outputs"]:
        if not isinstance(item, dict):
            raise TypeError("mục tệp không đúng dạng")
        name = item["name"]
        match = pattern.fullmatch(name) if isinstance(name, str) else None
        if match is None:
            raise ValueError(f"tên tệp ngoài quy ước: {name!r}")
        numbers = [item[field] for field in ("width", "height", "size")]
        if not all(type(number) is int and number > 0 for number in numbers):
            raise TypeError("kích thước không đúng dạng")
        if numbers[0] != int(match["width"]) or item["mime"] != MIME[match["ext"]]:
            raise ValueError(f"tệp {name} không khớp tên")
        outputs.append(
            ImageOutput(name, *numbers[:2], item["mime"], numbers[2], path=cache_dir / name)
        )
    sizes = [meta[field] for field in ("width", "height")]
    if not outputs or not all(type(number) is int and number > 0 for number in sizes):
        raise ValueError("bản kê không có tệp hoặc kích thước sai")
    return ProcessedImage(key, meta["kind"], *sizes, tuple(outputs))


def store(cache_dir: Path, base: str, processed: ProcessedImage) -> ProcessedImage:
    cache_dir.mkdir(parents=True, exist_ok=True)
    stored = []
    for output in processed.outputs:
        _write_atomic(cache_dir / output.name, output.read_bytes())
        stored.append(
            ImageOutput(
                output.name,
                output.width,
                output.height,
                output.mime,
                output.size,
                path=cache_dir / output.name,
            )
        )
    meta = {
        "key": processed.key,
        "kind": processed.kind,
        "width": processed.width,
        "height": processed.height,
        "outputs": [
            {"name": o.name, "width": o.width, "height": o.height, "mime": o.mime, "size": o.size}
            for o in stored
        ],
    }
    # The manifest last: it is what marks the entry complete.
    _write_atomic(cache_dir / f"{base}.json", json.dumps(meta, indent=1).encode())
    return ProcessedImage(
        processed.key, processed.kind, processed.width, processed.height, tuple(stored)
    )


def _write_atomic(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_images(processed: ProcessedImage, folder: Path) -> list[Path]:
    """Write (or copy from the cache) every output of ``processed`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for output in processed.outputs:
        destination = folder / output.name
        if output.data is None and output.path is not None:
            shutil.copyfile(output.path, destination)
        else:
            destination.write_bytes(output.read_bytes())
        written.append(destination)
    return written
