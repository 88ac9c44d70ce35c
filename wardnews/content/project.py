"""Read everything a build needs, collecting every problem before anything is built."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wardnews.compliance.cadence import duration_warnings
from wardnews.content.cadence_rules import CadencePlan, parse_cadence
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig, load_catalog_for
from wardnews.content.dates import DateError, parse_date
from wardnews.content.posts import Post, ReadCache, load_posts
from wardnews.content.tagging import TagCache, tag_and_suggest
from wardnews.problems import Problem, Severity, WardnewsError, errors_only

NOW_VARIABLE = "WARDNEWS_NOW"


@dataclass(frozen=True)
class Project:
    config: UnitConfig
    catalog: Catalog
    posts: tuple[Post, ...]
    problems: tuple[Problem, ...]
    cadence: CadencePlan = CadencePlan(rules=())

    @property
    def errors(self) -> list[Problem]:
        return errors_only(list(self.problems))


def load_project(
    config: UnitConfig,
    config_path: str = "mkdocs.yml",
    read_cache: ReadCache | None = None,
    tag_cache: TagCache | None = None,
    loaded: tuple[Catalog, list[Problem]] | None = None,
    found: tuple[list[Path], list[Problem]] | None = None,
    read: Sequence[tuple[Post | None, Sequence[Problem]]] | None = None,
    matched: Mapping[str, tuple[str, ...]] | None = None,
    suggest: bool = True,
) -> Project:
    """Catalog, cadence rules and posts of a project, posts tagged by the keyword rules.

    ``read_cache`` and ``tag_cache`` (kept by a build session across `mkdocs serve` rebuilds)
    spare reading and keyword-matching unchanged posts again; without them all the work is done.
    ``loaded``, ``found``, ``read`` and ``matched``: the catalog a read-ahead of this build
    loaded (``load_catalog_for``'s result, taken instead of loading it again: the posts it read
    were checked against it), and the posts it found, read and matched (see ``load_posts`` and
    ``tag_and_suggest``). ``suggest``: also match the posts that name their criteria, for the
    notes suggesting the ones they may have missed (a build shows no note unless it fails: it
    asks for them only then).

    Raises WardnewsError when the configuration is unusable (catalog, cadence); post problems
    come back in ``Project.problems`` so the caller decides how to report them."""
    catalog, problems = loaded if loaded is not None else load_catalog_for(config, config_path)
    if catalog is None:
        raise WardnewsError(problems)
    cadence, cadence_problems = parse_cadence(
        config.cadence, catalog, config.tz, config_path, config.lines.child("cadence")
    )
    if cadence is None:
        raise WardnewsError(problems + cadence_problems)
    posts, post_problems = load_posts(config, catalog, read_cache, found, read)
    posts, suggestions = tag_and_suggest(posts, catalog, tag_cache, matched, suggest=suggest)
    notes = [
        Problem(
            path,
            None,
            "criteria",
            f"nội dung bài có từ khóa của tiêu chí {', '.join(missing)}; "
            "cân nhắc thêm vào criteria",
            Severity.NOTE,
        )
        for path, missing in suggestions.items()
    ]
    problems = problems + post_problems + duration_warnings(cadence, posts) + notes
    return Project(config, catalog, tuple(posts), tuple(problems), cadence)


def current_time(config: UnitConfig) -> datetime:
    """Now in the unit's time zone; ``WARDNEWS_NOW`` pins it (tests, rebuilding a past day)."""
    pinned = os.environ.get(NOW_VARIABLE, "").strip()
    if pinned:
        try:
            return parse_date(pinned, config.tz)
        except DateError as exc:
            raise WardnewsError(
                [Problem(f"${NOW_VARIABLE}", None, None, f"{exc}, nhưng gặp '{pinned}'")]
            ) from None
    return datetime.now(config.tz)
