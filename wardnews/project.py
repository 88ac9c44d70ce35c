"""Read everything a build needs, collecting every problem before anything is built."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from .catalog import Catalog
from .config import UnitConfig, load_catalog_for
from .dates import DateError, parse_date
from .posts import Post, load_posts
from .problems import Problem, WardnewsError, errors_only

NOW_VARIABLE = "WARDNEWS_NOW"


@dataclass(frozen=True)
class Project:
    config: UnitConfig
    catalog: Catalog
    posts: tuple[Post, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return errors_only(list(self.problems))


def load_project(config: UnitConfig, config_path: str = "mkdocs.yml") -> Project:
    """Catalog and posts of a project. Raises WardnewsError only when the catalog is unusable;
    post problems come back in ``Project.problems`` so the caller decides how to report them."""
    catalog, problems = load_catalog_for(config, config_path)
    if catalog is None:
        raise WardnewsError(problems)
    posts, post_problems = load_posts(config, catalog)
    return Project(config, catalog, tuple(posts), tuple(problems + post_problems))


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
