"""The site's search index split into small files, so that a query costs a phone the same at any
archive size.

The theme (Material) searches in a web worker that downloads one index of every page: 129 KB
gzipped at 1,000 posts, over a megabyte at 10,000. Here the theme's index keeps only its
configuration; every document (the theme's pages and every post) goes into:

- *term files*: each folded word ('dien', 'thoai': lower case, no diacritics, đ as d) maps to the
  documents that contain it, the words spread over a number of files by a hash of the word that
  grows with the archive, so each file stays small;
- *document files*: location, title and the start of the text of a fixed number of documents.

``templates/site/search-worker.js`` takes the place of the theme's search worker (same messages)
and answers a query with one term file per word and the document files of the best results.
So 'dien thoai', 'điện thoại' and 'DIEN THOAI' are the same query. Every file is JSON with a
fixed order: the same site gives the same bytes.
"""

from __future__ import annotations

import functools
import html
import json
import operator
import re
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from wardnews.content.text import escape, fold
from wardnews.urls import SEARCH_DOCS, SEARCH_INDEX, SEARCH_TERMS, SHELL_ROOT

WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]+>")
# Postings (document, word) per term file, about: a few kilobytes gzipped.
POSTINGS_PER_FILE = 1500
MAX_TERM_FILES = 4096
DOCS_PER_FILE = 8
SEARCH_TEXT_CHARS = 400  # of a post's body, searched
SHOWN_CHARS = 300  # of a document's text, shown under its title in the results
MAX_TERM_CHARS = 40  # longer "words" (hashes, long numbers) are not searched for


@dataclass(frozen=True)
class SearchDocument:
    """One search result: ``title`` and ``text`` are HTML-escaped text (the theme prints them
    as markup); ``location`` is relative to the site root."""

    location: str
    title: str
    text: str


def terms(text: str) -> list[str]:
    """The folded words of ``text`` (HTML tags and entities taken out first)."""
    plain = html.unescape(_TAG.sub(" ", text))
    return [word for word in WORD.findall(fold(plain)) if len(word) <= MAX_TERM_CHARS]


def term_file(term: str, files: int) -> int:
    """Which term file holds ``term``: FNV-1a over its code points (the worker computes the
    same)."""
    value = 0x811C9DC5
    for char in term:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % files


def _shown(text: str) -> str:
    plain = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    if len(plain) > SHOWN_CHARS:
        plain = plain[:SHOWN_CHARS].rsplit(" ", 1)[0] + "…"
    return escape(plain)


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


# Markdown punctuation, for a search text without rendering every body again.
_MARKUP = re.compile(r"[#*_`>\[\]()!|]+|<[^>]+>")


def post_search_text(title: str, description: str, body: str) -> str:
    """What search knows of a post besides its title: its teaser and the start of its body."""
    excerpt = _words_from_start(body, max(SEARCH_TEXT_CHARS, len(description)))
    if excerpt.startswith(description):  # a teaser taken from the body: do not say it twice
        description = ""
    return " ".join(f"{description} {excerpt[:SEARCH_TEXT_CHARS]}".split())


def _words_from_start(body: str, needed: int) -> str:
    """The words of ``body`` without Markdown punctuation or tags, joined by single spaces: at
    least their first ``needed`` characters (all of them when the body has fewer), read from the
    start of the body rather than the whole of it (a search text keeps 400 characters).

    The start is cut before a ``<`` left open in it (in the whole body the tag may close later
    and take the text with it). Its words are then the first words of the whole body, the last
    one perhaps cut short: their text is the start of the whole body's."""
    cut = needed + needed // 4 + 64  # enough for ordinary text; else the whole body is read
    if len(body) > cut:
        start = body[:cut]
        opened = start.find("<", start.rfind(">") + 1)
        if opened >= 0:
            start = start[:opened]
        words = _MARKUP.sub(" ", start).split()
        text = " ".join(words)
        if len(text) >= needed:
            return text
    return " ".join(_MARKUP.sub(" ", body).split())


def split_index(
    existing: bytes,
    entries: Iterable[tuple[str, str, str]],
    excluded: Collection[str] = (),
    texts: SearchTexts | None = None,
) -> list[tuple[str, bytes]]:
    """(site-relative path, bytes) of the theme's index with the documents taken out, the term
    files and the document files, from the theme's index ``existing`` and the posts given as
    (location, title, plain text); pages at ``excluded`` are left out."""
    posts = SearchWords()
    for location, title, text in entries:
        document = SearchDocument(location, escape(title), escape(text))
        posts.add(document, (texts or _UNKEPT).words(document))
    return split_with_posts(existing, posts, excluded, texts)


# A document's words, as :func:`document_words` gives them: the folded words of its title and
# the other words of its text, each set sorted and joined by spaces (one string each: a worker
# sends it back cheaply), and its text as a result shows it.
Words = tuple[str, str, str]


def document_words(document: SearchDocument) -> Words:
    """The :data:`Words` of ``document``."""
    in_title = set(terms(document.title))
    others = set(terms(document.text)) - in_title
    return " ".join(sorted(in_title)), " ".join(sorted(others)), _shown(document.text)


class SearchWords:
    """Documents gathered in order for the split index: each word's documents as numbers
    ``2 * document + in_title`` (4-byte arrays, not a Python number each), and what a result
    shows of each document. The posts' are gathered while their pages are made (the workers that
    render them find the words); :func:`split_documents` puts them after the theme's pages."""

    def __init__(self) -> None:
        self.numbers: dict[str, array[int]] = {}
        self.shown: list[list[str]] = []  # [location, title, text] of each document

    def add(self, document: SearchDocument, words: Words) -> None:
        """The next document, with its :func:`document_words`."""
        title_words, other_words, shown = words
        number = 2 * len(self.shown)
        self.shown.append([document.location, document.title, shown])
        numbers = self.numbers
        for value, found in ((number + 1, title_words), (number, other_words)):
            for term in found.split():
                kept = numbers.get(term)
                if kept is None:
                    kept = numbers[term] = array("i")
                kept.append(value)


def plain_words(title: str, text: str) -> Words:
    """:func:`document_words` of a document whose title and text are ``title`` and ``text``
    escaped, found from them as they are: escaped text holds no tag and unescapes to itself, so
    the words and the text shown are the same without escaping and unescaping each post's."""
    in_title = set(_plain_terms(title))
    others = set(_plain_terms(text)) - in_title
    return " ".join(sorted(in_title)), " ".join(sorted(others)), _shown_plain(text)


def _plain_terms(text: str) -> list[str]:
    return [word for word in WORD.findall(fold(text)) if len(word) <= MAX_TERM_CHARS]


def _shown_plain(text: str) -> str:
    plain = " ".join(text.split())
    if len(plain) > SHOWN_CHARS:
        plain = plain[:SHOWN_CHARS].rsplit(" ", 1)[0] + "…"
    return escape(plain)


def post_search_words(
    location: str, title: str, description: str, body: str, texts: SearchTexts | None = None
) -> tuple[SearchDocument, Words]:
    """A post's search document and its :func:`document_words` (the per-post cost of search,
    paid where the post's page is rendered)."""
    texts = texts or _UNKEPT
    excerpt = texts.excerpt(title, description, body)
    return SearchDocument(location, escape(title), escape(excerpt)), texts.plain(title, excerpt)


def split_with_posts(
    existing: bytes,
    posts: SearchWords,
    excluded: Collection[str] = (),
    texts: SearchTexts | None = None,
) -> list[tuple[str, bytes]]:
    """:func:`split_index` with the posts gathered beforehand (:class:`SearchWords`)."""
    index, documents = search_documents(existing, excluded)
    return split_documents(index, documents, texts, posts)


def search_documents(
    existing: bytes, excluded: Collection[str] = ()
) -> tuple[dict, list[SearchDocument]]:
    """The theme's index (its configuration) and the theme's pages to search (but the shells and
    the pages at ``excluded``)."""
    index = json.loads(existing)
    documents = []
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if location.startswith(SHELL_ROOT) or location.split("#")[0] in excluded:
            continue
        documents.append(SearchDocument(location, doc.get("title", ""), doc.get("text", "")))
    return index, documents


class SearchTexts:
    """Search texts of posts and the words of documents, by their inputs, kept by the build
    session so that a ``mkdocs serve`` rebuild cleans and folds only the posts that changed."""

    def __init__(self, size: int = 100_000) -> None:
        self.excerpt = functools.lru_cache(maxsize=size)(post_search_text)
        self.words = functools.lru_cache(maxsize=size)(document_words)
        self.plain = functools.lru_cache(maxsize=size)(plain_words)


_UNKEPT = SearchTexts(size=0)  # computes every time, keeps nothing


def _steps(numbers: Sequence[int], before: int = 0) -> list[int]:
    """Ascending ``numbers`` as differences, the first from ``before``."""
    return [numbers[0] - before, *map(operator.sub, numbers[1:], numbers)]


def split_documents(
    index: dict,
    documents: Sequence[SearchDocument],
    texts: SearchTexts | None = None,
    posts: SearchWords | None = None,
) -> list[tuple[str, bytes]]:
    """(site-relative path, bytes) of the theme's index, the term files and the document files:
    ``documents`` first, then the ``posts`` gathered beforehand.

    A term maps to its documents as ascending numbers ``2 * document + in_title``, each given
    as its difference from the one before (small numbers: smaller files)."""
    words = (texts or _UNKEPT).words
    first = SearchWords()
    for document in documents:
        first.add(document, words(document))
    postings = {term: _steps(numbers) for term, numbers in first.numbers.items()}
    shown_docs = first.shown
    if posts is not None:
        # The posts' numbers start after the documents'.
        offset = 2 * len(first.shown)
        for term, numbers in posts.numbers.items():
            before = first.numbers.get(term)
            steps = _steps(numbers, (before[-1] if before else 0) - offset)
            postings[term] = postings[term] + steps if before else steps
        shown_docs = shown_docs + posts.shown
    total = sum(len(numbers) for numbers in postings.values())
    count = max(1, min(MAX_TERM_FILES, -(-total // POSTINGS_PER_FILE)))
    groups: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for term, steps in postings.items():
        groups[term_file(term, count)][term] = steps
    files = [(SEARCH_TERMS.format(number), _dumps(group)) for number, group in enumerate(groups)]
    for start in range(0, len(shown_docs), DOCS_PER_FILE):
        chunk = shown_docs[start : start + DOCS_PER_FILE]
        files.append((SEARCH_DOCS.format(start // DOCS_PER_FILE), _dumps(chunk)))
    config = dict(index.get("config", {}))
    config["wardnews"] = {
        "terms": SEARCH_TERMS,
        "docs": SEARCH_DOCS,
        "term_files": count,
        "docs_per_file": DOCS_PER_FILE,
    }
    theme_index = {**index, "config": config, "docs": []}
    return [(SEARCH_INDEX, _dumps(theme_index)), *files]
