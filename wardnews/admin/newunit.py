"""``wardnews init``: a new unit's project in one command.

The project depends on the wardnews package at the version that made it (``requirements.txt``),
not on a copy of this repository: it holds only its configuration, the thin MkDocs hooks file,
its home page and stylesheets, its scripts (setup, build, check, edit), the CI template of its
git host, and a first welcome post, so that its build passes at once. The answers are checked
by the same rules as ``mkdocs.yml`` before anything is written.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import markupsafe
import yaml

import wardnews
from wardnews.content.config import UNIT_LEVELS, UnitConfig, parse_unit_config
from wardnews.content.editor import BACKENDS, NO_BACKEND
from wardnews.content.project import current_time
from wardnews.content.text import slugify
from wardnews.problems import Problem, WardnewsError
from wardnews.templating import Templates

SCRIPTS = ("setup", "build", "check", "edit")
# Where each git host reads its CI file, and the shipped template.
CI_FILES = {
    "gitlab": (".gitlab-ci.yml", "gitlab-ci.yml"),
    "github": (".github/workflows/wardnews.yml", "github-check.yml"),
    "gitea": (".gitea/workflows/wardnews.yml", "forgejo-check.yml"),
    "forgejo": (".forgejo/workflows/wardnews.yml", "forgejo-check.yml"),
}
# (option, question, what the answer is) asked on a terminal when the option was not given.
QUESTIONS = (
    ("name", "Tên đơn vị (ví dụ Ngọc Trạo)", "tên đơn vị"),
    ("level", f"Cấp đơn vị ({', '.join(UNIT_LEVELS)})", "cấp đơn vị"),
    ("site_url", "Địa chỉ chuyên mục (https://..., bỏ trống nếu chưa có)", ""),
    ("portal_name", "Tên trang thông tin điện tử của đơn vị (bỏ trống nếu không có)", ""),
    ("portal_url", "Địa chỉ trang thông tin điện tử (https://..., bỏ trống nếu không có)", ""),
    ("cadence", "Nhịp đăng theo kế hoạch ({presets})", "nhịp đăng"),
    ("git_host", f"Máy chủ git ({', '.join((*BACKENDS, NO_BACKEND))})", "máy chủ git"),
)


# Files of the repository's overrides/ (theme.custom_dir) that every new project gets.
THEME_OVERRIDES = ("main.html", "404.html", "partials/languages/custom.html")


def cadence_presets() -> list[str]:
    text = resources.files("wardnews").joinpath("data", "cadence-presets.yml").read_text("utf-8")
    return list(yaml.safe_load(text))


def add_init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", metavar="THƯ_MỤC", help="thư mục của dự án mới")
    parser.add_argument("--name", help="tên đơn vị, ví dụ 'Ngọc Trạo'")
    parser.add_argument("--level", help="cấp đơn vị: " + ", ".join(UNIT_LEVELS))
    parser.add_argument("--site-url", help="địa chỉ của chuyên mục, https://...")
    parser.add_argument("--portal-name", help="tên trang thông tin điện tử của đơn vị")
    parser.add_argument("--portal-url", help="địa chỉ trang thông tin điện tử, https://...")
    parser.add_argument("--cadence", help="nhịp đăng: " + ", ".join(cadence_presets()))
    parser.add_argument("--git-host", help="máy chủ git: " + ", ".join((*BACKENDS, NO_BACKEND)))
    parser.add_argument("--repo", help="kho trên máy chủ git, ví dụ nhom/chuyen-doi-so")
    parser.add_argument("--app-id", help="mã ứng dụng OAuth cho trình soạn bài trên web")
    parser.add_argument("--base-url", help="địa chỉ máy chủ git, ví dụ https://gitlab.tinh.gov.vn")


@dataclass(frozen=True)
class Answers:
    folder: Path
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key) or ""


def _ask(args: argparse.Namespace, interactive: bool) -> Answers:
    presets = cadence_presets()
    values = {key: (getattr(args, key) or "").strip() for key, _q, _w in QUESTIONS}
    for key in ("repo", "app_id", "base_url"):
        values[key] = (getattr(args, key) or "").strip()
    folder = args.folder
    if interactive:
        folder = folder or input("Thư mục của dự án mới: ").strip()
        for key, question, _what in QUESTIONS:
            if not values[key]:
                values[key] = input(question.format(presets=", ".join(presets)) + ": ").strip()
        if values["git_host"] not in ("", NO_BACKEND):
            for key, question in (
                ("repo", "Kho trên máy chủ git (nhom/ten-kho)"),
                ("app_id", "Mã ứng dụng OAuth (bỏ trống nếu chưa có)"),
            ):
                if not values[key]:
                    values[key] = input(question + ": ").strip()
    missing = [f"--{key.replace('_', '-')} ({what})" for key, _q, what in QUESTIONS
               if what and not values[key]]  # fmt: skip
    if not folder:
        missing.insert(0, "THƯ_MỤC")
    if missing:
        raise _problem("thiếu " + ", ".join(missing) + " (xem: wardnews init -h)")
    if values["cadence"] not in presets:
        raise _problem(
            f"--cadence: cần một trong: {', '.join(presets)}; nhưng gặp '{values['cadence']}'"
        )
    return Answers(Path(folder), values)


def _problem(message: str) -> WardnewsError:
    return WardnewsError([Problem("wardnews init", None, None, message)])


def _quoted(value: str) -> markupsafe.Markup:
    """A YAML double-quoted scalar (a JSON string), passed through the template as written."""
    return markupsafe.Markup(json.dumps(value, ensure_ascii=False))


def _section(answers: Answers, start: str) -> dict[str, Any]:
    """The extra.wardnews section the answers give, as mkdocs.yml will hold it."""
    section: dict[str, Any] = {"unit_name": answers.get("name"), "unit_level": answers.get("level")}
    for key in ("portal_name", "portal_url"):
        if answers.get(key):
            section[key] = answers.get(key)
    section["cadence"] = {"preset": answers.get("cadence"), "start": start}
    editor = {"backend": answers.get("git_host"), "branch": "main"}
    editor.update(
        {key: answers.get(key) for key in ("repo", "base_url", "app_id") if answers.get(key)}
    )
    section["editor"] = editor
    return section


def write_project(answers: Answers) -> list[Path]:
    """Check the answers, then write the project; returns the files written."""
    root = answers.folder.resolve()
    if root.exists() and any(root.iterdir()):
        raise _problem(f"thư mục {answers.folder} đã có tệp; hãy chọn một thư mục trống")
    # Now in Việt Nam's time zone, the default of every unit (WARDNEWS_NOW pins it).
    now = current_time(UnitConfig(root=root, unit_name="", unit_level=""))
    start = f"{now:%Y-%m-%d}"
    section = _section(answers, start)
    scratch = root.parent / f".{root.name}.wardnews-init"
    (scratch / "posts").mkdir(parents=True, exist_ok=True)
    try:
        config, problems = parse_unit_config(
            section, scratch, "wardnews init", site_url=answers.get("site_url")
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if config is None:
        raise WardnewsError(problems)
    templates = Templates()
    data = resources.files("wardnews").joinpath("data", "init")
    unit = config.unit_title[0].lower() + config.unit_title[1:]  # 'xã Lê Lợi' inside a sentence
    title = f"Chuyển đổi số {unit}"
    welcome = f"Ra mắt chuyên mục chuyển đổi số {unit}"
    editor = section["editor"]
    values = {key: _quoted(value) for key, value in editor.items()}
    mkdocs = templates.render(
        "init/mkdocs.yml",
        unit_title=config.unit_title,
        site_name=_quoted(title),
        site_description=_quoted(f"Chuyên mục chuyển đổi số của {unit}"),
        site_url=_quoted(answers.get("site_url")) if answers.get("site_url") else "",
        unit_name=_quoted(config.unit_name),
        unit_level=_quoted(config.unit_level),
        portal_name=_quoted(config.portal_name) if config.portal_name else "",
        portal_url=_quoted(config.portal_url) if config.portal_url else "",
        cadence=_quoted(answers.get("cadence")),
        start=_quoted(start),
        backend=values["backend"],
        repo=values.get("repo", ""),
        base_url=values.get("base_url", ""),
        app_id=values.get("app_id", ""),
    )
    post = templates.render(
        "init/welcome.md",
        title=_quoted(welcome),
        date=f"{now:%Y-%m-%d %H:%M}",
        unit_title=unit,
    )
    files: dict[str, bytes] = {
        "mkdocs.yml": mkdocs.encode(),
        "requirements.txt": f"wardnews=={wardnews.__version__}\n".encode(),
        ".gitignore": templates.source("init/gitignore").encode(),
        "hooks/wardnews_hooks.py": data.joinpath("hooks.py.txt").read_bytes(),
        "docs/index.md": templates.render(
            "init/index.md", title=title, unit_title=config.unit_title
        ).encode(),
        f"posts/{now:%Y}/{now:%Y-%m-%d}-{slugify(welcome)}.md": post.encode(),
    }
    for name in ("wardnews.css", "sections.css", "print.css"):
        files[f"docs/stylesheets/{name}"] = data.joinpath("stylesheets", name).read_bytes()
    # The theme's additions for accessibility (skip link, keyboard, Vietnamese labels, 404 page).
    for name in THEME_OVERRIDES:
        files[f"overrides/{name}"] = data.joinpath("overrides", *name.split("/")).read_bytes()
    for name in SCRIPTS:
        files[f"scripts/{name}"] = data.joinpath("scripts", name).read_bytes()
    host = answers.get("git_host")
    if host in CI_FILES:
        target, template = CI_FILES[host]
        files[target] = data.joinpath("ci", template).read_bytes()
    written = []
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if relative.startswith("scripts/"):
            path.chmod(0o755)
        written.append(path)
    return written


def run_init(args: argparse.Namespace, interactive: bool) -> tuple[Path, int]:
    """``wardnews init``: ask what is missing, write the project; (folder, files written)."""
    answers = _ask(args, interactive)
    return answers.folder, len(write_project(answers))
