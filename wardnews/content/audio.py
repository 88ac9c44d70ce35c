"""The audio of a radio programme (``audio:`` in a post): what the file really is, how long it
plays, and whether it can be published.

A file is judged by its bytes, never by its name: the first bytes say MP3, M4A or OGG (an HTML
page renamed ``.mp3`` is refused), mutagen reads the real duration, and the whole stream is
walked (frames, pages or boxes) so a file cut short by an interrupted copy is refused too.
The work is bounded: a file over ``audio_max_mb`` is refused before it is read.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from wardnews.content.config import UnitConfig
from wardnews.content.model import Post
from wardnews.problems import Problem, Severity

# Extension -> MIME type of the enclosure and the player's <source>.
AUDIO_TYPES = MappingProxyType({"mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg"})
KIND_NAMES = MappingProxyType({"mp3": "MP3", "m4a": "M4A (AAC)", "ogg": "OGG"})
# Tags an MP3 may end with after its last frame: ID3v1, APEv2, Lyrics3.
_MP3_TRAILERS = (b"TAG", b"APETAGEX", b"LYRICS")
_CHUNK = 1 << 20


# mutagen (two dozen modules) is imported when a programme's audio is first checked: a build
# without audio never reads it at start-up.
@functools.cache
def _readers() -> Mapping[str, tuple[type, ...]]:
    from mutagen.mp3 import MP3
    from mutagen.mp4 import MP4
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis

    return MappingProxyType({"mp3": (MP3,), "m4a": (MP4,), "ogg": (OggVorbis, OggOpus)})


@functools.cache
def _read_errors() -> tuple[type[BaseException], ...]:
    """What a damaged file makes the readers raise; the file is refused, never a traceback."""
    import mutagen

    return (
        mutagen.MutagenError,
        struct.error,
        EOFError,
        ValueError,
        IndexError,
        KeyError,
        OverflowError,
    )


class AudioError(Exception):
    """Why a file cannot be published as a programme's audio, in Vietnamese."""


@dataclass(frozen=True)
class AudioInfo:
    """A checked audio file: ``path`` relative to the project, ``digest`` its SHA-256."""

    path: str
    extension: str
    size: int
    seconds: float
    digest: str

    @property
    def mime_type(self) -> str:
        return AUDIO_TYPES[self.extension]

    @property
    def published_name(self) -> str:
        """The name on the site: the content's hash, never the editor's file name."""
        return f"{self.digest[:20]}.{self.extension}"

    @property
    def minutes(self) -> float:
        return self.seconds / 60


def sniff(head: bytes) -> str | None:
    """The audio kind that the first bytes of a file announce ('mp3', 'm4a', 'ogg'), or None."""
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head.startswith(b"OggS"):
        return "ogg"
    return None


def inspect_audio(file: Path, shown: str, max_mb: int) -> AudioInfo:
    """Check ``file`` (``shown``: its project-relative path) and read its duration.

    Raises AudioError: not a regular file, not one of the allowed kinds by its extension or by
    its bytes, over ``max_mb`` MB, unreadable by mutagen, cut short, or silent (no duration)."""
    try:
        info = os.lstat(file)
    except FileNotFoundError:
        raise AudioError("không tìm thấy tệp") from None
    except OSError as exc:
        raise AudioError(f"không đọc được tệp ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise AudioError("không phải một tệp thường (liên kết tượng trưng hay thư mục)")
    extension = file.suffix.lower().lstrip(".")
    allowed = ", ".join(KIND_NAMES.values())
    if extension not in AUDIO_TYPES:
        raise AudioError(f"cần tệp âm thanh {allowed}, nhưng gặp đuôi .{extension or '(trống)'}")
    if info.st_size > max_mb * 1024 * 1024:
        size = info.st_size / 1024 / 1024
        raise AudioError(
            f"tệp nặng {size:.1f} MB, quá giới hạn audio_max_mb: {max_mb} MB; "
            "hãy xuất lại với tốc độ bit thấp hơn (64 kbps đơn kênh là đủ cho lời nói)"
        )
    with open(file, "rb") as opened:
        kind = sniff(opened.read(16))
        if kind != extension:
            raise AudioError(
                f"nội dung tệp không phải {KIND_NAMES[extension]} như đuôi .{extension} ghi "
                "(có thể là trang web hay tệp khác bị đổi tên); hãy xuất lại tệp âm thanh"
            )
        opened.seek(0)
        seconds = _duration(opened, extension)
        opened.seek(0)
        _check_complete(opened, extension, info.st_size)
        opened.seek(0)
        digest = hashlib.sha256()
        while chunk := opened.read(_CHUNK):
            digest.update(chunk)
    if seconds < 0.5:
        raise AudioError("tệp không có đoạn âm thanh nào (thời lượng 0 giây)")
    return AudioInfo(shown, extension, info.st_size, seconds, digest.hexdigest())


def _duration(opened: BinaryIO, extension: str) -> float:
    for kind in _readers()[extension]:
        opened.seek(0)
        try:
            return float(kind(opened).info.length)
        except _read_errors():
            continue  # an OGG may be Vorbis or Opus: try the next reader
    raise AudioError(
        f"tệp {KIND_NAMES[extension]} bị hỏng, không đọc được thời lượng; hãy xuất lại tệp"
    )


def _check_complete(opened: BinaryIO, extension: str, size: int) -> None:
    """Raise AudioError when the stream stops before the file does (or the file before it)."""
    complete = {"mp3": _mp3_complete, "m4a": _mp4_complete, "ogg": _ogg_complete}[extension]
    try:
        ok = complete(opened, size)
    except _read_errors():
        ok = False
    if not ok:
        raise AudioError(
            "tệp bị cắt cụt hoặc hỏng ở giữa (đoạn cuối không trọn vẹn), có thể do chép chưa "
            "xong; hãy chép lại hoặc xuất lại tệp"
        )


def _mp3_complete(opened: BinaryIO, size: int) -> bool:
    """Every MPEG frame whole, from the first to the end or to a trailing tag.

    Frames are walked by their 4-byte headers (lengths from the standard's tables, one lookup
    per kind of header): mutagen's frame parser is thorough but takes seconds for a programme.
    """
    from mutagen.mp3 import skip_id3

    skip_id3(opened)
    position = opened.tell()
    opened.seek(0)
    data = opened.read()  # at most audio_max_mb, checked before
    lengths: dict[int, int] = {}
    frames = 0
    while position + 4 <= len(data):
        # The top 23 bits (sync, version, layer, bitrate, rate, padding) fix the length.
        key = int.from_bytes(data[position : position + 4], "big") >> 9
        length = lengths.get(key)
        if length is None:
            length = lengths[key] = _frame_length(key)
        if not length:
            break
        position += length
        frames += 1
    if position == len(data) == size:
        return frames > 0
    if position > len(data):
        return False  # the last frame runs past the end of the file
    return frames > 0 and data[position : position + 8].startswith(_MP3_TRAILERS)


# Bitrates (kbps) by (MPEG-1, layer) and bitrate index; sample rates by version bits
# (ISO/IEC 11172-3 and 13818-3; MPEG 2.5 shares MPEG-2's bitrates).
_KBPS = {
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_length(top: int) -> int:
    """Bytes of the frame whose header's top 23 bits are ``top``; 0 when it is no header."""
    version, layer_bits = (top >> 10) & 3, (top >> 8) & 3
    bitrate_index, rate_index, padding = (top >> 3) & 15, (top >> 1) & 3, top & 1
    if top >> 12 != 0x7FF or version == 1 or layer_bits == 0 or rate_index == 3:
        return 0
    if bitrate_index in (0, 15):  # free format or forbidden
        return 0
    layer, mpeg1 = 4 - layer_bits, version == 3
    bitrate = _KBPS[(mpeg1, layer)][bitrate_index] * 1000
    rate = _RATES[version][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    if layer == 3 and not mpeg1:
        return 72 * bitrate // rate + padding
    return 144 * bitrate // rate + padding


def _mp4_complete(opened: BinaryIO, size: int) -> bool:
    """The top-level boxes end exactly at the end of the file, 'moov' among them."""
    position, names = 0, set()
    while position < size:
        opened.seek(position)
        header = opened.read(8)
        if len(header) < 8:
            return False
        length, name = struct.unpack(">I4s", header)
        if length == 1:
            length = struct.unpack(">Q", opened.read(8))[0]
        elif length == 0:
            length = size - position  # 'to the end of the file'
        if length < 8:
            return False
        names.add(name)
        position += length
    return position == size and b"moov" in names


def _ogg_complete(opened: BinaryIO, size: int) -> bool:
    """Every Ogg page whole, the last one marked as the end of the stream."""
    from mutagen.ogg import OggPage

    last = None
    while opened.tell() < size:
        last = OggPage(opened)
    return last is not None and last.last and opened.tell() == size


def duration_text(seconds: float) -> str:
    """'12 phút 05 giây', '45 giây': a programme's length in words."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} giờ {minutes:02d} phút {rest:02d} giây"
    return f"{minutes} phút {rest:02d} giây" if minutes else f"{rest} giây"


def duration_far(written_minutes: int, seconds: float) -> bool:
    """Whether ``duration:`` (whole minutes) is far from the real length: more than a minute
    and more than a fifth off (a 4-second clip fits 'duration: 1'; a 7-minute file does not
    fit 'duration: 12')."""
    off = abs(seconds / 60 - written_minutes)
    return off > 1 and off > 0.2 * written_minutes


def check_post_audio(
    config: UnitConfig, posts: Iterable[Post]
) -> tuple[dict[str, AudioInfo], list[Problem]]:
    """Inspect the audio of every post that has one; problems name the post, the key, the file.

    A file refused is an error; a ``duration:`` far from the real length is a warning."""
    found: dict[str, AudioInfo] = {}
    problems: list[Problem] = []
    for post in posts:
        if not post.audio:
            continue
        try:
            info = found.get(post.audio) or inspect_audio(
                config.root / post.audio, post.audio, config.audio_max_mb
            )
        except AudioError as exc:
            problems.append(Problem(post.path, None, "audio", f"tệp {post.audio}: {exc}"))
            continue
        found[post.audio] = info
        if post.duration is not None and duration_far(post.duration, info.seconds):
            message = (
                f"bài ghi duration: {post.duration} phút, nhưng tệp {post.audio} dài "
                f"{duration_text(info.seconds)}; hãy sửa duration: {max(1, round(info.minutes))}"
            )
            problems.append(Problem(post.path, None, "duration", message, Severity.WARNING))
    return found, problems
