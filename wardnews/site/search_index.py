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
import re
from collections import defaultdict
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
    excerpt = " ".join(_MARKUP.sub(" ", body).split())
    if excerpt.startswith(description):  # a teaser taken from the body: do not say it twice
        description = ""
    return " ".join(f"{description} {excerpt[:SEARCH_TEXT_CHARS]}".split())


def split_index(
    existing: bytes,
    entries: Iterable[tuple[str, str, str]],
    excluded: Collection[str] = (),
    texts: SearchTexts | None = None,
) -> list[tuple[str, bytes]]:
    """(site-relative path, bytes) of the theme's index with the documents taken out, the term
    files and the document files, from the theme's index ``existing`` and the posts given as
    (location, title, plain text); pages at ``excluded`` are left out."""
    posts = PostSearch()
    for location, title, text in entries:
        document = SearchDocument(location, escape(title), escape(text))
        posts.add(document, (texts or _UNKEPT).parts(document))
    return split_with_posts(existing, posts, excluded, texts)


class PostSearch:
    """The posts' part of the split index, gathered in post order while the post pages are made
    (their words are found by the workers that render them): each word's posts as steps from
    the post before (numbered from 0 here), and what a result shows of each post.
    :func:`split_with_posts` puts it after the theme's pages."""

    def __init__(self) -> None:
        self.steps: dict[str, list[int]] = defaultdict(list)
        self._last: dict[str, int] = {}
        self.shown: list[list[str]] = []  # [location, title, text] of each post

    def add(self, document: SearchDocument, parts: tuple[tuple[tuple[str, int], ...], str]) -> None:
        """The next post: its document and :func:`document_parts` of it."""
        found, shown = parts
        number = len(self.shown)
        self.shown.append([document.location, document.title, shown])
        steps, last = self.steps, self._last
        for term, in_title in found:
            value = 2 * number + in_title
            steps[term].append(value - last.get(term, 0))
            last[term] = value


def post_search_parts(
    location: str, title: str, description: str, body: str, texts: SearchTexts | None = None
) -> tuple[SearchDocument, tuple[tuple[tuple[str, int], ...], str]]:
    """A post's search document and its :func:`document_parts` (words folded: the per-post
    cost of search, paid where the post's page is rendered)."""
    texts = texts or _UNKEPT
    document = SearchDocument(
        location, escape(title), escape(texts.excerpt(title, description, body))
    )
    return document, texts.parts(document)


def split_with_posts(
    existing: bytes,
    posts: PostSearch,
    excluded: Collection[str] = (),
    texts: SearchTexts | None = None,
) -> list[tuple[str, bytes]]:
    """:func:`split_index` with the posts gathered beforehand (:class:`PostSearch`)."""
    index, documents = search_documents(existing, (), excluded)
    return split_documents(index, documents, texts, posts)


def search_documents(
    existing: bytes, entries: Iterable[tuple[str, str, str]], excluded: Collection[str] = ()
) -> tuple[dict, list[SearchDocument]]:
    """The theme's index (its configuration) and every document to search: the theme's pages
    (but the shells and the pages at ``excluded``) then the posts given as (location, title,
    plain text)."""
    index = json.loads(existing)
    documents = []
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if location.startswith(SHELL_ROOT) or location.split("#")[0] in excluded:
            continue
        documents.append(SearchDocument(location, doc.get("title", ""), doc.get("text", "")))
    for location, title, text in entries:
        documents.append(SearchDocument(location, escape(title), escape(text)))
    return index, documents


def document_parts(document: SearchDocument) -> tuple[tuple[tuple[str, int], ...], str]:
    """A document's (term, 1 if in its title else 0) pairs in order, and its text as shown."""
    in_title = set(terms(document.title))
    found = sorted(in_title.union(terms(document.text)))
    return tuple((term, int(term in in_title)) for term in found), _shown(document.text)


class SearchTexts:
    """Search texts of posts and the parts of documents, by their inputs, kept by the build
    session so that a ``mkdocs serve`` rebuild cleans and folds only the posts that changed."""

    def __init__(self, size: int = 100_000) -> None:
        self.excerpt = functools.lru_cache(maxsize=size)(post_search_text)
        self.parts = functools.lru_cache(maxsize=size)(document_parts)


_UNKEPT = SearchTexts(size=0)  # computes every time, keeps nothing


def split_documents(
    index: dict,
    documents: Sequence[SearchDocument],
    texts: SearchTexts | None = None,
    posts: PostSearch | None = None,
) -> list[tuple[str, bytes]]:
    """(site-relative path, bytes) of the theme's index, the term files and the document files:
    ``documents`` first, then the ``posts`` gathered beforehand.

    A term maps to its documents as ascending numbers ``2 * document + in_title``, each given
    as its difference from the one before (small numbers: smaller files)."""
    parts = (texts or _UNKEPT).parts
    # Differences as they come: mostly small numbers, which Python does not allocate.
    postings: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    shown_docs = []
    for number, document in enumerate(documents):
        found, shown = parts(document)
        shown_docs.append([document.location, document.title, shown])
        for term, in_title in found:
            value = 2 * number + in_title
            postings[term].append(value - last.get(term, 0))
            last[term] = value
    if posts is not None:
        # The posts' numbers start after the documents': only each word's first step changes.
        offset = 2 * len(documents)
        for term, steps in posts.steps.items():
            first = steps[0] + offset - last.get(term, 0)
            if term in postings:
                postings[term] += [first, *steps[1:]]
            else:
                postings[term] = [first, *steps[1:]]
        shown_docs += posts.shown
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
