"""The audio of a radio programme, judged by its bytes (wardnews.content.audio)."""

from __future__ import annotations

import pytest
from audio_samples import html_page, m4a, mp3_tone, ogg_vorbis

from wardnews.content.audio import (
    AudioError,
    check_post_audio,
    duration_far,
    duration_text,
    inspect_audio,
    sniff,
)
from wardnews.problems import Severity


@pytest.fixture(scope="module")
def tone_mp3() -> bytes:
    return mp3_tone(75.0)


def test_a_real_mp3_gives_its_bytes_and_its_duration_within_a_second(tmp_path, tone_mp3):
    file = tmp_path / "ban-ghi.mp3"
    file.write_bytes(tone_mp3)
    info = inspect_audio(file, "posts/ban-ghi.mp3", max_mb=5)
    assert info.size == len(tone_mp3) == file.stat().st_size
    assert abs(info.seconds - 75.0) < 1
    assert info.mime_type == "audio/mpeg"
    # The published name is the content's hash, never the editor's file name.
    assert "ban-ghi" not in info.published_name and info.published_name.endswith(".mp3")
    other = tmp_path / "khac.mp3"
    other.write_bytes(mp3_tone(2.0))
    assert inspect_audio(other, "posts/khac.mp3", 5).published_name != info.published_name


def test_an_html_page_named_mp3_is_refused_by_its_bytes(tmp_path):
    file = tmp_path / "chuong-trinh.mp3"
    file.write_bytes(html_page())
    with pytest.raises(AudioError, match=r"^nội dung tệp không phải MP3 như đuôi \.mp3 ghi"):
        inspect_audio(file, "posts/chuong-trinh.mp3", 5)


def test_a_file_cut_short_is_refused(tmp_path, tone_mp3):
    file = tmp_path / "cut.mp3"
    file.write_bytes(tone_mp3[: len(tone_mp3) - 37])  # the last frame loses its end
    with pytest.raises(AudioError, match="^tệp bị cắt cụt hoặc hỏng"):
        inspect_audio(file, "posts/cut.mp3", 5)


def test_a_trailing_id3v1_tag_is_not_taken_for_damage(tmp_path, tone_mp3):
    file = tmp_path / "tag.mp3"
    file.write_bytes(tone_mp3 + b"TAG" + b"\x00" * 125)
    assert inspect_audio(file, "posts/tag.mp3", 5).size == len(tone_mp3) + 128


def test_an_mp3_header_on_garbage_is_refused(tmp_path):
    file = tmp_path / "rac.mp3"
    file.write_bytes(b"\xff\xfb" + bytes(range(256)) * 40)
    with pytest.raises(AudioError, match="^tệp MP3 bị hỏng, không đọc được thời lượng"):
        inspect_audio(file, "posts/rac.mp3", 5)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    file = tmp_path / "dai.mp3"
    file.write_bytes(b"\x00" * (1024 * 1024 + 1))
    with pytest.raises(AudioError, match=r"^tệp nặng 1\.0 MB, quá giới hạn audio_max_mb: 1 MB"):
        inspect_audio(file, "posts/dai.mp3", 1)


def test_other_extensions_and_missing_files_are_refused(tmp_path, tone_mp3):
    wav = tmp_path / "a.wav"
    wav.write_bytes(tone_mp3)
    with pytest.raises(AudioError, match=r"^cần tệp âm thanh MP3, M4A \(AAC\), OGG"):
        inspect_audio(wav, "posts/a.wav", 5)
    ogg = tmp_path / "a.ogg"
    ogg.write_bytes(tone_mp3)  # an MP3 under another audio name: still not what it says
    with pytest.raises(AudioError, match=r"^nội dung tệp không phải OGG"):
        inspect_audio(ogg, "posts/a.ogg", 5)
    with pytest.raises(AudioError, match="^không tìm thấy tệp$"):
        inspect_audio(tmp_path / "khong-co.mp3", "posts/khong-co.mp3", 5)


def test_sniff_reads_the_first_bytes():
    assert sniff(b"ID3\x04") == "mp3"
    assert sniff(b"\x00\x00\x00\x20ftypM4A ") == "m4a"
    assert sniff(b"OggS\x00") == "ogg"
    assert sniff(b"<!DOCTYPE html>") is None


@pytest.mark.parametrize(
    ("minutes", "seconds", "far"),
    [(1, 4, False), (1, 119, False), (12, 12 * 60 + 50, False), (12, 7 * 60, True), (3, 30, True)],
)
def test_duration_far_allows_a_minute_and_a_fifth(minutes, seconds, far):
    assert duration_far(minutes, seconds) is far


def test_duration_text_in_vietnamese():
    assert duration_text(4.4) == "4 giây"
    assert duration_text(725) == "12 phút 05 giây"
    assert duration_text(3725) == "1 giờ 02 phút 05 giây"


def test_posts_are_checked_with_file_and_key_named(write_post, read, post_text, make_config):
    write_post("2024/tone.mp3", mp3_tone(75.0))
    write_post("2024/web.mp3", html_page())
    front = ("title: Chương trình", "date: 2024-03-12", "kind: radio")
    write_post("2024/a.md", post_text(*front, "duration: 12", "audio: tone.mp3"))
    write_post("2024/b.md", post_text(*front, "duration: 1", "audio: web.mp3"))
    posts = [read("2024/a.md")[0], read("2024/b.md")[0]]
    infos, problems = check_post_audio(make_config(), posts)
    assert list(infos) == ["posts/2024/tone.mp3"]
    assert [(p.path, p.key, p.severity) for p in problems] == [
        ("posts/2024/a.md", "duration", Severity.WARNING),
        ("posts/2024/b.md", "audio", Severity.ERROR),
    ]
    assert problems[0].message == (
        "bài ghi duration: 12 phút, nhưng tệp posts/2024/tone.mp3 dài 1 phút 15 giây; "
        "hãy sửa duration: 1"
    )
    assert problems[1].message.startswith(
        "tệp posts/2024/web.mp3: nội dung tệp không phải MP3 như đuôi .mp3 ghi"
    )


def test_a_missing_audio_file_is_an_error_of_the_post(write_post, read, post_text):
    write_post("a.md", post_text("title: Tin", "date: 2024-03-12", "audio: khong-co.mp3"))
    post, problems = read("a.md")
    assert post is None
    assert [p.format() for p in problems] == [
        "posts/a.md, dòng 4, khóa 'audio': lỗi: không tìm thấy tệp âm thanh 'khong-co.mp3' "
        "(đường dẫn tính từ thư mục của bài viết)"
    ]


def test_ogg_and_m4a_are_read_and_checked_for_their_end(tmp_path):
    ogg, m4a_file = tmp_path / "a.ogg", tmp_path / "a.m4a"
    ogg.write_bytes(ogg_vorbis(5))
    m4a_file.write_bytes(m4a(42))
    ogg_info = inspect_audio(ogg, "posts/a.ogg", 5)
    assert (ogg_info.seconds, ogg_info.mime_type) == (5.0, "audio/ogg")
    m4a_info = inspect_audio(m4a_file, "posts/a.m4a", 5)
    assert (m4a_info.seconds, m4a_info.mime_type) == (42.0, "audio/mp4")
    for file, data in (
        (ogg, ogg_vorbis(5)[:-100]),  # the last page cut
        (ogg, ogg_vorbis(5, end=False)),  # no page marks the end of the stream
        (m4a_file, m4a(42)[:-10]),  # the media box runs past the end of the file
    ):
        file.write_bytes(data)
        with pytest.raises(AudioError, match="^tệp bị cắt cụt hoặc hỏng"):
            inspect_audio(file, f"posts/{file.name}", 5)
