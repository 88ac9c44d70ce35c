"""``wardnews new``: an editor's start, a post file with its front matter filled in."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wardnews.content.audio import AudioError, AudioInfo, inspect_audio
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.posts import KINDS
from wardnews.content.tagging import Tagger
from wardnews.content.text import nfc, slugify
from wardnews.problems import Problem


@dataclass(frozen=True)
class NewPost:
    path: Path
    text: str
    # The programme's audio (wardnews new --audio): copied from ``audio_source`` to ``audio_path``.
    audio_source: Path | None = None
    audio_path: Path | None = None


def check_new_audio(config: UnitConfig, source: Path, kind: str) -> AudioInfo | Problem:
    """The file given to ``wardnews new --audio``, checked as the build checks a post's audio."""
    if kind != "radio":
        return Problem("wardnews new", None, "--audio", "chỉ dùng --audio với --kind radio")
    try:
        return inspect_audio(source, str(source), config.audio_max_mb)
    except AudioError as exc:
        return Problem(str(source), None, "--audio", str(exc))


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) that keeps Vietnamese as is."""
    return json.dumps(value, ensure_ascii=False)


def draft_post(
    config: UnitConfig,
    catalog: Catalog,
    title: str,
    moment: datetime,
    kind: str = "news",
    audio: AudioInfo | None = None,
) -> NewPost | Problem:
    """The file ``posts/YYYY/YYYY-MM-DD-slug.md`` for a new post, or why it cannot be made.

    ``audio`` (a checked file, :func:`check_new_audio`) goes next to the post under the post's
    own name, and fills ``audio:`` and ``duration:``."""
    title = " ".join(nfc(title).split())
    if not title:
        return Problem("wardnews new", None, "title", "tiêu đề đang để trống")
    if kind not in KINDS:
        return Problem(
            "wardnews new", None, "kind", f"cần một trong: {', '.join(KINDS)}; nhưng gặp '{kind}'"
        )
    slug = slugify(title)
    if not slug:
        return Problem(
            "wardnews new", None, "title", "không tạo được tên tệp từ tiêu đề; hãy thêm chữ"
        )
    local = moment.astimezone(config.tz)
    suggested = Tagger.from_catalog(catalog).codes_for(title)
    lines = [
        "---",
        f"title: {_yaml_string(title)}",
        f"date: {local:%Y-%m-%d %H:%M}",
        f"author: {_yaml_string(config.default_author)}",
    ]
    if suggested:
        lines.append(f"criteria: [{', '.join(_yaml_string(code) for code in suggested)}]")
    else:
        lines.append(f"# criteria: [] # mã tiêu chí: {', '.join(catalog.codes)}")
    if kind != "news":
        lines.append(f"kind: {kind}")
    stem = f"{local:%Y-%m-%d}-{slug}"
    if kind == "radio":
        lines.append(f"airings: [{local:%Y-%m-%d %H:%M}]  # thêm các lần phát lại")
        if audio is None:
            lines.append("duration: 12  # thời lượng, phút")
        else:
            lines.append(f"duration: {max(1, round(audio.minutes))}  # thời lượng, phút (từ tệp)")
            lines.append(f"audio: {_yaml_string(f'{stem}.{audio.extension}')}")
    lines += [
        "---",
        "",
        "Đoạn mở đầu: tóm tắt sự việc trong một, hai câu.",
        "",
        "<!-- more -->",
        "",
    ]
    lines += ["Nội dung chi tiết của bài viết.", ""]
    folder = config.posts_path / f"{local:%Y}"
    if audio is None:
        return NewPost(folder / f"{stem}.md", "\n".join(lines))
    target = folder / f"{stem}.{audio.extension}"
    return NewPost(folder / f"{stem}.md", "\n".join(lines), Path(audio.path), target)


def write_new_post(post: NewPost) -> Problem | None:
    """Create the file (and copy its audio); never overwrite one that exists."""
    post.path.parent.mkdir(parents=True, exist_ok=True)
    for existing in (post.path, post.audio_path):
        if existing is not None and existing.exists():
            return Problem(
                str(existing), None, None, "tệp đã có; wardnews new không ghi đè. Hãy đổi tiêu đề"
            )
    try:
        if post.audio_source is not None and post.audio_path is not None:
            with post.audio_source.open("rb") as source, post.audio_path.open("xb") as copy:
                shutil.copyfileobj(source, copy)
        with post.path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(post.text)
    except FileExistsError as exc:
        return Problem(
            str(exc.filename), None, None, "tệp đã có; wardnews new không ghi đè. Hãy đổi tiêu đề"
        )
    return None
