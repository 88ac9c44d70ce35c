import posixpath
import unicodedata

import pytest

from wardnews.content.text import escape, fold, is_slug, nfc, relative_url, slugify


def test_nfc_composes_a_tone_mark_typed_after_its_vowel():
    decomposed = unicodedata.normalize("NFD", "Điện thoại")
    assert decomposed != "Điện thoại"
    assert nfc(decomposed) == "Điện thoại"
    assert len(nfc(decomposed)) == len("Điện thoại")


def test_fold_drops_diacritics_and_maps_d_stroke():
    assert fold("Điện Thoại THÔNG MINH đường") == "dien thoai thong minh duong"
    assert fold(unicodedata.normalize("NFD", "Điện thoại")) == "dien thoai"


def test_the_quick_fold_gives_what_the_general_one_gives():
    """fold() takes a quick way for Vietnamese text (text.py); it must agree with the general
    way for every character it may meet there and for text mixing them."""
    import random

    from wardnews.content.text import _quick_letters, fold_general

    for code in range(0x2100):  # every character the quick way accepts is below U+2100
        char = chr(code)
        assert fold(char) == fold_general(char), hex(code)
    alphabet = (
        "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
        + _quick_letters()
        + " .,:;!?-–—“”‘’…•«»°\u00a00123456789\nßİıſ\u034f"
        + "".join(chr(code) for code in range(0x300, 0x370))
    )
    chooser = random.Random(14)
    for _ in range(20_000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 16)))
        assert fold(text) == fold_general(text), repr(text)
    sample = "Ủy ban “Điện tử” – ĐƯỜNG Phố…\u00a0\u1ec7\u0065\u0323\u0302"
    assert fold(sample) == fold_general(sample) == "uy ban “dien tu” – duong pho…\u00a0ee"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Điện thoại thông minh", "dien-thoai-thong-minh"),
        ("ĐƯỜNG ĐIỆN TỬ", "duong-dien-tu"),
        ("Chợ 4.0: mã QR!", "cho-4-0-ma-qr"),
        ("  Ra mắt   Tổ công nghệ số  ", "ra-mat-to-cong-nghe-so"),
    ],
)
def test_slugify_vietnamese(title, slug):
    assert slugify(title) == slug


def test_slugify_nfd_input_gives_the_same_slug():
    assert slugify(unicodedata.normalize("NFD", "Điện thoại thông minh")) == "dien-thoai-thong-minh"


def test_slugify_cuts_at_a_word_boundary():
    slug = slugify("chuyển đổi số " * 20, max_length=30)
    assert len(slug) <= 30
    assert slug == "chuyen-doi-so-chuyen-doi-so"


def test_slugify_of_a_long_title_keeps_the_words_in_order():
    title = (
        "Hội nghị tập huấn chuyển đổi số cho đội ngũ cán bộ công chức phường Ngọc Trạo "
        "năm 2024 về kỹ năng số cơ bản và an toàn thông tin"
    )
    assert slugify(title) == (
        "hoi-nghi-tap-huan-chuyen-doi-so-cho-doi-ngu-can-bo-cong-chuc-phuong-ngoc-trao"
    )


def test_slugify_of_punctuation_is_empty():
    assert slugify("!!! ???") == ""


@pytest.mark.parametrize("text", ["dien-thoai", "so-01", "a"])
def test_is_slug_accepts(text):
    assert is_slug(text)


@pytest.mark.parametrize("text", ["", "Dien", "điện", "a--b", "-a", "a-", "a b", "a/b"])
def test_is_slug_rejects(text):
    assert not is_slug(text)


def test_escape_quotes_for_attributes():
    assert escape('</title><script>"x"&') == "&lt;/title&gt;&lt;script&gt;&quot;x&quot;&amp;"


@pytest.mark.parametrize(
    ("from_url", "to_url", "expected"),
    [
        ("tin-tuc/", "tin-tuc/tep/anh.jpg", "tep/anh.jpg"),
        ("tin-tuc/2024/bai/", "tin-tuc/", "../../"),
        ("tin-tuc/bai/", "tin-tuc/khac/", "../khac/"),
        ("tin-tuc/", "tin-tuc/", "./"),
        ("", "tin-tuc/", "tin-tuc/"),
        ("tin-tuc/", "", ".."),
        ("tin-tuc/feed.xml", "tin-tuc/bai/", "bai/"),
        ("tin-tuc/bai/", "index.html", "../../index.html"),
    ],
)
def test_relative_url(from_url, to_url, expected):
    assert relative_url(from_url, to_url) == expected


URLS = [
    "",
    "index.html",
    "tin-tuc/",
    "tin-tuc/feed.xml",
    "tin-tuc/bai/",
    "tin-tuc/bai-khac/",
    "tin-tuc/2024/bai/",
    "tin-tuc/tieu-chi/1-10/",
    "tin-tuc/tep/anh.jpg",
    "tin-tuc/anh/anh-bia.webp",
    "khac/trang/",
    "a//b/",
    "tin-tuc/./bai/",
    "tin-tuc/x/../bai/",
]


def _reference(from_url: str, to_url: str) -> str:
    """The plain posixpath.relpath answer the fast path must give."""
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    rel = posixpath.relpath("/" + (to_url or "."), "/" + from_dir.rstrip("/"))
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


@pytest.mark.parametrize("from_url", URLS)
def test_relative_url_agrees_with_posixpath_relpath(from_url):
    for to_url in URLS:
        assert relative_url(from_url, to_url) == _reference(from_url, to_url), (from_url, to_url)
