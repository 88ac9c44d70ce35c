"""Vietnamese text: normalisation, folding and slugs."""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata

from slugify import slugify as _slugify

# python-slugify transliterates with text-unidecode, which already maps đ/Đ to d; the explicit
# replacement keeps that true whatever transliteration backend a future release picks.
_SLUG_REPLACEMENTS = [["đ", "d"], ["Đ", "D"]]
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def nfc(text: str) -> str:
    """Compose Vietnamese text: a tone mark typed after its vowel becomes one code point."""
    return unicodedata.normalize("NFC", text)


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics (Vietnamese and the rest of Latin Extended) to their base."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    decomposition, combining = unicodedata.decomposition, unicodedata.combining
    for code in range(0x00C0, 0x2000):
        char = chr(code)
        if not decomposition(char) and not combining(char):
            continue  # NFD leaves it as it is: no base to take (a third of the start-up's time)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not combining(c))
        if base != char and base.isascii():
            table[code] = base.lower()
    return table


# One str.translate per text instead of a Python loop per character: tagging folds every post.
_FOLD = _fold_table()
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# The quick way (below) gives the same as the general one for text made only of ASCII,
# precomposed Latin letters whose marks are all in U+0300-U+036F (every Vietnamese letter), those
# marks typed apart, and punctuation without a decomposition: ``tests/content/test_text.py``
# checks it for every such character and for mixed text.
_QUICK_MARKS = re.compile("[\u0300-\u036f]")
_PUNCTUATION_SPLIT = re.compile("([^\x00-\x7f\u0300-\u036f])")


def _quick_letters() -> str:
    chars = []
    for code in range(0x00C0, 0x2000):
        if code not in _FOLD:
            continue
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base = _QUICK_MARKS.sub("", decomposed)
        if decomposed != char and base.isascii() and base and code in _FOLD:
            chars.append(char)
    return "".join(chars)


_QUICK_PUNCTUATION = "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u00ab\u00bb\u00b0"
_NOT_QUICK = re.compile(
    "[^\x00-\x7f\u0300-\u034e\u0350-\u036f\u0110\u0111"  # U+034F is no mark to drop
    + re.escape(_quick_letters() + _QUICK_PUNCTUATION)
    + "]"
)


def fold(text: str) -> str:
    """Lower-case text without diacritics, đ as d: 'Điện thoại' -> 'dien thoai'."""
    if _NOT_QUICK.search(text) is None:
        # Decompose, map đ, drop the marks: C-speed string operations, where the translation
        # table costs a dictionary lookup per character (tagging and search fold every post).
        decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "d")
        if decomposed.isascii():
            return decomposed.casefold()
        # Between the punctuation marks (odd pieces, kept), only ASCII and marks: dropping the
        # marks is an ASCII encoding that ignores what is not ASCII.
        pieces = _PUNCTUATION_SPLIT.split(decomposed)
        pieces[::2] = [piece.encode("ascii", "ignore").decode("ascii") for piece in pieces[::2]]
        return "".join(pieces).casefold()
    return fold_general(text)


def fold_general(text: str) -> str:
    """:func:`fold` for any text (the quick way covers Vietnamese)."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD).casefold()
    if folded.isascii() or not _MARKS.search(unicodedata.normalize("NFD", folded)):
        return folded  # curly quotes, dashes and other symbols stay as they are
    # Rare: combining marks not composed by NFC, or letters outside the table.
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, max_length: int = 80) -> str:
    """An ASCII URL segment: 'Điện thoại thông minh' -> 'dien-thoai-thong-minh'."""
    return _slugify(
        nfc(text),
        replacements=_SLUG_REPLACEMENTS,
        max_length=max_length,
        word_boundary=True,
        # Without save_order, a cut slug takes later short words that still fit, out of order.
        save_order=True,
        lowercase=True,
        # Named, not 'auto': auto first tries to import the optional Unidecode, and a failed
        # import searches every path again on every call (a third of reading a post).
        backend="text-unidecode",
    )


def is_slug(text: str) -> bool:
    return bool(SLUG_PATTERN.match(text))


def escape(text: str) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape(text, quote=True)


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two site URLs such as 'tin-tuc/' and 'tin-tuc/tep/anh.jpg'.

    Both are relative to the site root; a URL ending in '/' is a directory (a page's index.html).
    Relative links keep the site working under any sub-path of the portal.
    """
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    here, there = from_dir.split("/"), to_url.split("/")
    if "." in here or ".." in here or "." in there or ".." in there:
        rel = posixpath.relpath("/" + (to_url or "."), "/" + from_dir.rstrip("/"))
    else:
        # Site URLs are normalised paths: the common folders, then up and down, without
        # posixpath.relpath's absolute-path work (called several times per page).
        here = [part for part in here if part]
        there = [part for part in there if part]
        common = 0
        for a, b in zip(here, there, strict=False):
            if a != b:
                break
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        return "./"
    return rel
