"""The section's HTML comes from templates a project can replace (extra.wardnews.templates_dir)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
from PIL import Image
from support import make_ward, mkdocs_build

from wardnews.content.catalog import load_catalog
from wardnews.content.config import UnitConfig
from wardnews.content.posts import Post
from wardnews.site.plan import plan_site
from wardnews.site.shell import render_sitemap
from wardnews.templating import Templates

# mkdocs.yml written as JSON (YAML reads it): a ward whose templates_dir holds overrides.
MKDOCS_YML = json.dumps(
    {
        "site_name": "Thử nghiệm",
        "site_url": "https://example.gov.vn/",
        "theme": {"name": "material", "language": "vi", "font": False},
        "hooks": ["hooks/wardnews_hooks.py"],
        "nav": [{"Trang chủ": "index.md"}, {"Tin tức": "tin-tuc/index.md"}],
        "extra": {
            "wardnews": {
                "unit_name": "Lê Lợi",
                "unit_level": "xã",
                "templates_dir": "overrides/wardnews",
            }
        },
    },
    ensure_ascii=False,
)

HEADER = """\
<header class="xa-le-loi">
<h1>{{ post.title }}</h1>
<p class="xa-tac-gia">Người viết: {{ post.author }}</p>
</header>

"""


def test_a_header_template_of_the_project_replaces_the_shipped_one(tmp_path):
    project = make_ward(tmp_path / "xa", MKDOCS_YML)
    overrides = project / "overrides/wardnews/site"
    overrides.mkdir(parents=True)
    (overrides / "post_header.html").write_text(HEADER, "utf-8")
    (project / "posts/2024/a.md").write_text(
        "---\ntitle: Họp <dân> & \"bàn\" chuyển đổi số\ndate: 2024-03-01\nauthor: Tổ <b>CĐS</b>\n"
        "---\nNội dung bài viết.\n",
        "utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site", now="2024-03-19 12:00")
    assert result.returncode == 0, result.stderr
    [page] = (tmp_path / "site/tin-tuc").glob("hop-*/index.html")
    html = page.read_text("utf-8")
    assert '<header class="xa-le-loi">' in html
    assert "<h1>Họp &lt;dân&gt; &amp; &quot;bàn&quot; chuyển đổi số</h1>" in html
    assert '<p class="xa-tac-gia">Người viết: Tổ &lt;b&gt;CĐS&lt;/b&gt;</p>' in html
    assert "wn-post-header" not in html  # the shipped header is not used
    assert "Nội dung bài viết." in html  # the body still follows the header
    # Pages the project did not override keep the shipped templates.
    index = (tmp_path / "site/tin-tuc/index.html").read_text("utf-8")
    assert 'class="wn-list"' in index


def test_an_override_folder_changes_only_the_templates_it_holds(tmp_path: Path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/sitemap.xml").write_text("{{ urls|length }} trang\n", "utf-8")
    pages = [("tin-tuc/a/", "2024-03-01"), ("tin-tuc/", "")]
    assert render_sitemap("https://x.gov.vn", pages, Templates(tmp_path))[0] == b"2 trang\n"
    shipped, _ = render_sitemap("https://x.gov.vn", pages, Templates())
    assert shipped.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset')


def test_sitemap_escapes_urls_and_lists_each_page_once_in_order():
    xml, _ = render_sitemap(
        "https://x.gov.vn/a&b", [("tin-tuc/b/", "2024-03-02"), ("tin-tuc/", ""), ("tin-tuc/", "")]
    )
    assert xml.decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <url><loc>https://x.gov.vn/a&amp;b/tin-tuc/</loc></url>\n"
        "  <url><loc>https://x.gov.vn/a&amp;b/tin-tuc/b/</loc><lastmod>2024-03-02</lastmod></url>\n"
        "</urlset>\n"
    )


def test_one_picture_template_serves_the_cover_and_the_images_of_the_body(tmp_path: Path):
    (tmp_path / "posts/2024/anh").mkdir(parents=True)
    Image.new("RGB", (600, 400), (30, 120, 200)).save(tmp_path / "posts/2024/anh/hop.jpg")
    overrides = tmp_path / "overrides/images"
    overrides.mkdir(parents=True)
    (overrides / "picture.html").write_text(
        '{% macro picture(p) %}<img class="xa" src="{{ p.src }}" alt="{{ p.alt }}">'
        "{% endmacro %}\n{% if p is defined %}{{ picture(p) }}{% endif %}",
        "utf-8",
    )
    config = UnitConfig(root=tmp_path, unit_name="Lê Lợi", unit_level="xã")
    post = Post(
        path="posts/2024/a.md",
        title="Họp",
        date=datetime(2024, 3, 5, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        slug="hop",
        body="Nội dung.\n\n![Trong <bài>](anh/hop.jpg)\n",
        body_line=5,
        author="Lan",
        image="posts/2024/anh/hop.jpg",
        image_alt="Bìa & ảnh",
    )
    catalog, _ = load_catalog(None, "mặc định")
    now = datetime(2024, 3, 19, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    plan = plan_site(config, catalog, [post], now, templates=Templates(tmp_path / "overrides"))
    [page] = [page for page in plan.pages if page.kind == "post"]
    tree = lxml.html.fragment_fromstring(page.content(""), create_parent=True)
    assert [img.get("alt") for img in tree.xpath("//img[@class='xa']")] == [
        "Bìa & ảnh",
        "Trong <bài>",
    ]
    assert not tree.xpath("//picture")
