"""Keyword rules: tag posts without criteria, suggest criteria an editor may have missed.

Matching rules (README, "Gắn tiêu chí tự động"):

- text and keywords are compared folded: lower case, no diacritics, đ = d
  ("Thanh toán không dùng tiền mặt" matches "thanh toan khong dung tien mat");
- a keyword matches whole words only: "ví điện tử" does not match inside "phí điện tử";
  it does match at the start of a longer phrase ("thanh toán" matches "thanh toán viên");
- a criterion's ``exclude`` phrases are blanked out before matching, so a catalog that lists
  ``exclude: [thanh toán viên]`` keeps "thanh toán viên" from counting as "thanh toán".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from wardnews.content.cache import LruCache
from wardnews.content.catalog import Catalog, Criterion
from wardnews.content.posts import Post
from wardnews.content.text import fold


def _alternation(phrases: Iterable[str]) -> re.Pattern[str] | None:
    folded = sorted(
        {" ".join(fold(p).split()) for p in phrases if p.strip()}, key=len, reverse=True
    )
    if not folded:
        return None
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in folded)
    # The phrases' first letters, looked at first: the regex engine then skips every other
    # position at once instead of trying each phrase there (a quarter of the matching time).
    firsts = "".join(re.escape(first) for first in sorted({p[0] for p in folded}))
    return re.compile(rf"(?=[{firsts}])(?<![0-9a-z])(?:{body})(?![0-9a-z])")


@dataclass(frozen=True)
class KeywordMatcher:
    """Compiled keyword rules of one phrase list, with their exclusions."""

    include: re.Pattern[str] | None
    exclude: re.Pattern[str] | None = None

    @classmethod
    def of(cls, keywords: Sequence[str], exclude: Sequence[str] = ()) -> KeywordMatcher:
        return cls(_alternation(keywords), _alternation(exclude))

    def matches_folded(self, folded: str) -> bool:
        if self.include is None:
            return False
        if self.exclude is not None:
            folded = self.exclude.sub(" ", folded)
        return self.include.search(folded) is not None

    def matches(self, text: str) -> bool:
        return self.matches_folded(fold(text))


def _criterion_matcher(criterion: Criterion) -> KeywordMatcher:
    return KeywordMatcher.of(criterion.keywords, criterion.exclude)


@dataclass(frozen=True)
class Tagger:
    """Every criterion's matcher, compiled once per build."""

    rules: tuple[tuple[str, KeywordMatcher], ...]

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> Tagger:
        return cls(tuple((c.code, _criterion_matcher(c)) for c in catalog.criteria))

    @staticmethod
    def digest(text: str) -> bytes:
        """What stands for ``text`` in a :class:`TagCache` key: an archive's texts are not held
        twice in memory."""
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()

    def key(self, text: str) -> tuple[Tagger, bytes]:
        """What a :class:`TagCache` keeps ``text``'s codes under."""
        return self, self.digest(text)

    def codes_for(self, text: str, cache: TagCache | None = None) -> tuple[str, ...]:
        """Codes whose keywords occur in ``text``, in catalog order."""
        if cache is None:
            return self._match(text)
        key = self.key(text)
        found = cache.get(key)
        if found is None:
            found = self._match(text)
            cache.put(key, found)
        return found

    def _match(self, text: str) -> tuple[str, ...]:
        folded = fold(text)
        return tuple(code for code, matcher in self.rules if matcher.matches_folded(folded))


class TagCache(LruCache[tuple[Tagger, bytes], tuple[str, ...]]):
    """Codes found per (rules, text digest): a serve rebuild matches only the posts whose text
    changed. A build session keeps one across rebuilds and passes it to :func:`tag_and_suggest`
    (a one-off build's workers match ahead instead, :func:`wardnews.build.read_ahead`).

    A post the reading stage did not read again (the same :class:`Post` object as at the last
    rebuild, see ``ReadCache``) keeps its codes without its text being joined and digested again,
    as long as the rules are the same."""

    def __init__(self, size: int = 100_000):
        super().__init__(size)
        self._tagger: Tagger | None = None
        self._by_post: dict[str, tuple[Post, tuple[str, ...]]] = {}

    def tagger(self, catalog: Catalog) -> Tagger:
        """The catalog's rules: the ones of the last build when they are equal."""
        made = Tagger.from_catalog(catalog)
        if made != self._tagger:
            self._tagger = made
            self._by_post.clear()
        return self._tagger

    def codes(self, tagger: Tagger, post: Post) -> tuple[str, ...]:
        """``tagger.codes_for`` the post's text, for a tagger this cache gave."""
        known = self._by_post.get(post.path)
        if known is not None and known[0] is post and tagger is self._tagger:
            return known[1]
        found = tagger.codes_for(post_text(post), self)
        self._by_post.pop(post.path, None)
        self._by_post[post.path] = (post, found)
        if len(self._by_post) > self.size:  # posts gone or renamed: the oldest go first
            del self._by_post[next(iter(self._by_post))]
        return found

    def clear(self) -> None:
        super().clear()
        self._tagger = None
        self._by_post.clear()


# The address part of a Markdown link: 'xem thêm](2024/…-vneid.md)' says nothing about the post.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def post_text(post: Post) -> str:
    return "\n".join((post.title, post.summary, _LINK_TARGET.sub("]", post.body)))


def tag_and_suggest(
    posts: Sequence[Post],
    catalog: Catalog,
    cache: TagCache | None = None,
    matched: Mapping[str, tuple[str, ...]] | None = None,
    *,
    suggest: bool = True,
) -> tuple[list[Post], dict[str, tuple[str, ...]]]:
    """Tag posts without criteria; for the others, the codes their keywords suggest (by path).

    Each post's text is folded and matched once. ``matched``: the codes a read-ahead of the
    same build found for these very posts (``Tagger.codes_for``), by path; a post not in it is
    matched here. Without ``suggest``, a post that names its criteria is not matched at all
    (nothing is suggested).
    """
    tagger = cache.tagger(catalog) if cache is not None else Tagger.from_catalog(catalog)
    tagged: list[Post] = []
    suggestions: dict[str, tuple[str, ...]] = {}
    for post in posts:
        if post.criteria and not suggest:
            tagged.append(post)
            continue
        found = matched.get(post.path) if matched is not None else None
        if found is None:
            found = (
                cache.codes(tagger, post)
                if cache is not None
                else tagger.codes_for(post_text(post))
            )
        if post.criteria:
            tagged.append(post)
            missing = tuple(code for code in found if code not in post.criteria)
            if missing:
                suggestions[post.path] = missing
        else:
            tagged.append(replace(post, auto_criteria=found))
    return tagged, suggestions
