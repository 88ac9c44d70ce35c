"""The criteria catalog: official criterion codes and their names, read from a YAML file.

Codes are strings ('1.10' is not '1.1'). Codes, names and keywords differ by province and change
over time, so they are data: the default file ships with the package, a province replaces it by
naming its own file in the configuration.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from wardnews.content import yamlread
from wardnews.content.fields import LIST, TEXT, Field, FieldSpec, NodeLines, Reporter
from wardnews.content.text import nfc, slugify
from wardnews.problems import Problem, Severity, shorten

DEFAULT_CATALOG = "criteria-thanh-hoa-2023.yml"
# The catalog file's keys; each value is read from its node so '1.10' keeps its spelling.
CATALOG_FIELDS = FieldSpec(
    [
        Field("name", description="tên bộ tiêu chí"),
        Field("criteria", LIST, "danh sách tiêu chí", required=True),
    ]
)
CRITERION_FIELDS = FieldSpec(
    [
        Field("code", TEXT, 'mã tiêu chí, ví dụ "1.10"', required=True),
        Field("name", TEXT, "tên tiêu chí", required=True),
        Field("description", TEXT, "mô tả"),
        Field("keywords", LIST, "từ khóa để gắn tiêu chí tự động"),
        Field("exclude", LIST, "cụm từ không tính là từ khóa"),
    ]
)


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    # Phrases that never count as a keyword match ("thanh toán viên" for "thanh toán").
    exclude: tuple[str, ...] = ()

    @functools.cached_property
    def slug(self) -> str:
        """URL segment: '1.10' -> '1-10'."""
        return criterion_slug(self.code)


def criterion_slug(code: str) -> str:
    """A criterion's URL segment: '1.10' -> '1-10'; '' for a code of no letter or digit."""
    return slugify(code.replace(".", "-"))


@dataclass(frozen=True)
class Catalog:
    name: str
    criteria: tuple[Criterion, ...]
    _by_code: dict[str, Criterion] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({criterion.code: criterion for criterion in self.criteria})

    def get(self, code: str) -> Criterion | None:
        return self._by_code.get(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(criterion.code for criterion in self.criteria)

    def codes_text(self) -> str:
        return ", ".join(self.codes)


def default_catalog_text() -> str:
    return resources.files("wardnews").joinpath("data", DEFAULT_CATALOG).read_text("utf-8")


def load_catalog(path: Path | None, shown_path: str) -> tuple[Catalog | None, list[Problem]]:
    """Read a catalog file (or the shipped default when ``path`` is None)."""
    try:
        raw = default_catalog_text() if path is None else path.read_text("utf-8")
    except FileNotFoundError:
        return None, [Problem(shown_path, None, None, "không tìm thấy tệp bộ tiêu chí")]
    except UnicodeDecodeError:
        return None, [Problem(shown_path, None, None, "tệp bộ tiêu chí không phải mã UTF-8")]
    except OSError as exc:  # a folder, no permission
        return None, [
            Problem(shown_path, None, None, f"không đọc được tệp bộ tiêu chí ({exc.strerror})")
        ]
    return parse_catalog(nfc(raw), shown_path)


def parse_catalog(text: str, shown_path: str) -> tuple[Catalog | None, list[Problem]]:
    """Read a catalog's text; every problem is collected, each with its line."""
    try:
        root = yamlread.compose(text)
    except yamlread.YamlSyntaxError as exc:
        return None, [Problem(shown_path, exc.line, None, exc.reason)]
    if not isinstance(root, yaml.MappingNode):
        return None, [Problem(shown_path, 1, None, "cần một bảng có khóa 'name' và 'criteria'")]
    reporter = Reporter(shown_path, "", NodeLines(root))
    problems = reporter.problems
    fields = CATALOG_FIELDS.entries(root, reporter)
    name_node = fields.get("name")
    name = yamlread.scalar_text(name_node) if name_node is not None else "Bộ tiêu chí"
    items = fields.get("criteria")
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        line = yamlread.line_of(items) if items is not None else 1
        found = yamlread.node_kind(items) if items is not None else "không có"
        reporter.report("criteria", f"cần danh sách tiêu chí, nhưng gặp {found}", line=line)
        return None, problems
    criteria: list[Criterion] = []
    seen: dict[str, int] = {}
    slug_lines: dict[str, int] = {}
    for item in items.value:
        line = yamlread.line_of(item)
        if not isinstance(item, yaml.MappingNode):
            problems.append(
                Problem(shown_path, line, "criteria", "mỗi tiêu chí cần các khóa 'code' và 'name'")
            )
            continue
        entry = CRITERION_FIELDS.entries(item, reporter)
        code_node, name_node = entry.get("code"), entry.get("name")
        if code_node is None or not yamlread.is_scalar(code_node) or yamlread.is_null(code_node):
            problems.append(Problem(shown_path, line, "code", "thiếu mã tiêu chí"))
            continue
        code = yamlread.scalar_text(code_node).strip()
        # A plain scalar has style None with PyYAML's parser and '' with libyaml's.
        if code_node.tag == yamlread.FLOAT and not code_node.style:
            problems.append(
                Problem(
                    shown_path,
                    line,
                    "code",
                    f'mã tiêu chí cần viết trong dấu nháy ("{code}") để YAML không đọc thành số',
                    severity=Severity.WARNING,
                )
            )
        if code in seen:
            problems.append(
                Problem(shown_path, line, "code", f"mã {shorten(code)} trùng với dòng {seen[code]}")
            )
            continue
        seen[code] = line
        slug = criterion_slug(code)
        if not slug:
            problems.append(
                Problem(
                    shown_path,
                    line,
                    "code",
                    "cần mã tiêu chí có chữ hoặc số (địa chỉ trang của tiêu chí lấy từ mã, "
                    f'ví dụ "1.10" cho 1-10), nhưng gặp {shorten(code)}',
                )
            )
            continue
        if slug in slug_lines:
            problems.append(
                Problem(
                    shown_path,
                    line,
                    "code",
                    f"cần mã cho một địa chỉ trang riêng, nhưng mã {shorten(code)} cho địa chỉ "
                    f"{slug} như mã ở dòng {slug_lines[slug]}",
                )
            )
            continue
        slug_lines[slug] = line
        if name_node is None or not yamlread.is_scalar(name_node):
            problems.append(Problem(shown_path, line, "name", f"thiếu tên của tiêu chí {code}"))
            continue
        description_node = entry.get("description")
        keywords = _phrases(entry.get("keywords"), "keywords", shown_path, problems)
        exclude = _phrases(entry.get("exclude"), "exclude", shown_path, problems)
        criteria.append(
            Criterion(
                code=code,
                name=yamlread.scalar_text(name_node).strip(),
                description=(
                    yamlread.scalar_text(description_node).strip()
                    if description_node is not None and yamlread.is_scalar(description_node)
                    else ""
                ),
                keywords=keywords,
                exclude=exclude,
            )
        )
    if any(problem.is_error for problem in problems):
        return None, problems
    return Catalog(name=name, criteria=tuple(criteria)), problems


def _phrases(
    node: yaml.Node | None, key: str, shown_path: str, problems: list[Problem]
) -> tuple[str, ...]:
    if node is None or yamlread.is_null(node):
        return ()
    if not isinstance(node, yaml.SequenceNode) or not all(
        yamlread.is_scalar(item) for item in node.value
    ):
        problems.append(
            Problem(
                shown_path,
                yamlread.line_of(node),
                key,
                f"cần danh sách cụm từ như [thanh toán không dùng tiền mặt, ví điện tử], "
                f"nhưng gặp {yamlread.node_kind(node)}",
            )
        )
        return ()
    return tuple(nfc(yamlread.scalar_text(item)).strip() for item in node.value)
