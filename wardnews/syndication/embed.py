"""What other sites embed: the latest-news widget, the embed-kit page, and the <head> tags that
announce the feeds and the preview image.

- :func:`render_widget`: a standalone page for a 300 px wide ``<iframe>`` on the ward portal:
  no JavaScript (its own Content-Security-Policy forbids any), a few KB of inline CSS, the newest
  items with escaped titles, every link opening in the portal's window (``target="_parent"``).
- :func:`embed_page`: the page ``<prefix>/nhung/`` with copy-paste snippets, in Vietnamese, for
  the portal's webmaster and the district: banner, widget, feed addresses. All URLs absolute.
- :func:`head_links`: ``<link rel="alternate">`` autodiscovery and the ``og:image`` tags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import format_short_vi
from wardnews.content.text import escape, relative_url
from wardnews.site.plan import GeneratedPage
from wardnews.site.render import Links, front_matter
from wardnews.syndication import banner
from wardnews.syndication.feeds import Feed, FeedItem, absolute_url, feed_paths
from wardnews.syndication.sanitize import clean_html

WIDGET_NAME = "tin-moi.html"
WIDGET_ITEMS = 5
WIDGET_WIDTH, WIDGET_HEIGHT = 300, 560
EMBED_TITLE = "Nhúng chuyên mục vào trang của đơn vị"
_MIME = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}

# Small on purpose: the widget loads inside every page of the portal, often over mobile data.
_WIDGET_CSS = """
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;
background:#fff;border:1px solid #c5cae9}
header{background:#1a237e;color:#fff;padding:8px 12px;border-bottom:3px solid #e53935}
header a{color:#fff;font-weight:700;font-size:15px;text-decoration:none}
header small{display:block;color:#ffd54f;font-size:12px}
ul{list-style:none;margin:0;padding:0 12px}
li{padding:8px 0;border-bottom:1px solid #e8eaf6}
li:last-child{border-bottom:0}
li a{color:#1a237e;text-decoration:none;font-weight:600;overflow-wrap:anywhere;
display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden}
li a:hover,li a:focus{text-decoration:underline}
time{display:block;color:#616161;font-size:12px}
footer{padding:6px 12px 10px;font-size:13px}
footer a{color:#c62828}
p{margin:8px 12px}
""".strip()


def widget_path(config: UnitConfig) -> str:
    """Site-relative URL of the widget page."""
    return f"{config.url_prefix}/nhung/{WIDGET_NAME}"


def embed_page_url(config: UnitConfig) -> str:
    return f"{config.url_prefix}/nhung/"


def render_widget(config: UnitConfig, items: Sequence[FeedItem], count: int = WIDGET_ITEMS) -> str:
    """The latest-news widget as a complete HTML page (``items`` newest first, from the feed)."""
    section = escape(absolute_url(config, Links(config.url_prefix).index()))
    rss = escape(absolute_url(config, feed_paths(config).rss))
    entries = [
        f'<li><a href="{escape(item.url)}">{escape(item.title)}</a>'
        f'<time datetime="{item.published.isoformat()}">'
        f"{format_short_vi(item.published, config.tz)}</time></li>"
        for item in items[:count]
    ]
    # The list is built from escaped values already; the sanitiser is the second lock, and it
    # forces target="_parent" and rel="noopener" on every link.
    listing = (
        clean_html(f"<ul>{''.join(entries)}</ul>", link_target="_parent")
        if entries
        else ("<p>Chưa có bài nào.</p>")
    )
    title = f"Tin mới – {config.section_title} – {config.unit_title}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
        '<meta name="robots" content="noindex">\n'
        '<meta name="referrer" content="strict-origin-when-cross-origin">\n'
        f"<title>{escape(title)}</title>\n"
        '<base target="_parent">\n'
        f"<style>\n{_WIDGET_CSS}\n</style>\n</head>\n<body>\n"
        f'<header><a href="{section}" target="_parent">{escape(config.section_title)}</a>'
        f"<small>{escape(config.unit_title)}</small></header>\n"
        f"{listing}\n"
        f'<footer><a href="{section}" target="_parent">Xem tất cả tin »</a> · '
        f'<a href="{rss}" target="_parent">RSS</a></footer>\n'
        "</body>\n</html>\n"
    )


def _snippet(code: str) -> str:
    return f"<pre><code>{escape(code)}</code></pre>"


def banner_snippet(config: UnitConfig, width: int, height: int) -> str:
    """The HTML a portal pastes to show the banner linked to the section."""
    section = absolute_url(config, Links(config.url_prefix).index())
    image = absolute_url(config, banner.banner_path(config, width, height, "png"))
    alt = f"{config.section_title} – {config.unit_title}"
    return (
        f'<a href="{escape(section)}" title="{escape(alt)}">'
        f'<img src="{escape(image)}" width="{width}" height="{height}" alt="{escape(alt)}"></a>'
    )


def widget_snippet(config: UnitConfig) -> str:
    """The ``<iframe>`` a portal pastes to show the newest items."""
    title = f"Tin mới {config.section_title.lower()} {config.unit_title}"
    return (
        f'<iframe src="{escape(absolute_url(config, widget_path(config)))}" '
        f'title="{escape(title)}" width="{WIDGET_WIDTH}" height="{WIDGET_HEIGHT}" '
        'style="border:0;max-width:100%" loading="lazy"></iframe>'
    )


def embed_page(config: UnitConfig, catalog: Catalog, feeds: Sequence[Feed]) -> GeneratedPage:
    """The embed-kit page: banner, widget and feed addresses to copy, in Vietnamese."""
    here = embed_page_url(config)
    unit = escape(config.unit_title)
    parts = [
        front_matter(
            EMBED_TITLE, f"Banner, khung tin mới và RSS của chuyên mục – {config.unit_title}"
        ),
        f"<h1>{escape(EMBED_TITLE)}</h1>",
        f"<p>Trang này dành cho người quản trị Trang thông tin điện tử của {unit} và của "
        "huyện, tỉnh: chép các đoạn mã dưới đây để đặt banner, khung tin mới của chuyên mục lên "
        "trang của mình, hoặc để tự động lấy tin qua RSS. Mọi địa chỉ đều là địa chỉ đầy đủ, "
        "dán vào đâu cũng dùng được.</p>",
        "<h2>1. Banner liên kết tới chuyên mục</h2>",
    ]
    for width, height in ((300, 250), (728, 90)):
        preview = relative_url(here, banner.banner_path(config, width, height, "png"))
        parts.append(
            f"<h3>Banner {width}×{height}</h3>\n"
            f'<p><img src="{escape(preview)}" width="{width}" height="{height}" '
            f'alt="Banner {width}×{height}" style="max-width:100%;height:auto"></p>\n'
            f"{_snippet(banner_snippet(config, width, height))}"
        )
    downloads = ", ".join(
        f'<a href="{escape(relative_url(here, banner.banner_path(config, w, h, fmt)))}">'
        f"{w}×{h} {fmt.upper()}</a>"
        for w, h in banner.SIZES
        for fmt in banner.FORMATS
    )
    parts.append(
        f"<p>Tải ảnh banner (PNG, hoặc WebP nhẹ hơn): {downloads}. Ảnh 1200×630 là ảnh xem "
        "trước khi chia sẻ liên kết của chuyên mục lên Zalo, Facebook.</p>"
    )
    widget = relative_url(here, widget_path(config))
    parts += [
        "<h2>2. Khung tin mới</h2>",
        f"<p>Khung rộng {WIDGET_WIDTH} điểm ảnh, hiện {WIDGET_ITEMS} tin mới nhất và tự cập nhật "
        "mỗi khi chuyên mục có bài mới; bấm vào tin sẽ mở bài trong cửa sổ của trang. Khung "
        "không chạy mã JavaScript nào.</p>",
        f'<p><iframe src="{escape(widget)}" title="Xem trước khung tin mới" width="{WIDGET_WIDTH}" '
        f'height="{WIDGET_HEIGHT}" style="border:0;max-width:100%" loading="lazy"></iframe></p>',
        _snippet(widget_snippet(config)),
        "<h2>3. Nguồn tin RSS cho cổng thông tin huyện, tỉnh</h2>",
        "<p>Cổng thông tin cấp trên thêm các địa chỉ này vào phần tổng hợp tin (RSS) để tự động "
        "nhận tin của chuyên mục; mỗi tiêu chí có nguồn tin riêng. Mỗi bài giữ nguyên mã định "
        "danh (guid) kể cả khi đổi tiêu đề, nên tin không bị đăng lặp.</p>",
    ]
    rows = []
    for feed in feeds:
        scope = (
            f"Tiêu chí {escape(feed.criterion.code)}: {escape(feed.criterion.name)}"
            if feed.criterion
            else f"Toàn chuyên mục ({escape(config.section_title)})"
        )
        cells = []
        for label, path in (
            ("RSS", feed.paths.rss),
            ("Atom", feed.paths.atom),
            ("JSON", feed.paths.json),
        ):
            if path:
                url = escape(absolute_url(config, path))
                cells.append(f'{label}: <a href="{url}"><code>{url}</code></a>')
        rows.append(f"<tr><td>{scope}</td><td>{'<br>'.join(cells)}</td></tr>")
    parts.append(
        '<table class="wn-feeds"><thead><tr><th>Phạm vi</th><th>Địa chỉ</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    markdown = "\n\n".join(parts) + "\n"
    return GeneratedPage(f"{here}index.md", here, EMBED_TITLE, markdown, "embed")


def _criterion_in_url(config: UnitConfig, catalog: Catalog, page_url: str) -> str | None:
    match = re.match(rf"^{re.escape(config.url_prefix)}/tieu-chi/([a-z0-9-]+)/", page_url)
    if match and any(c.slug == match.group(1) for c in catalog.criteria):
        return match.group(1)
    return None


def head_links(
    config: UnitConfig,
    catalog: Catalog,
    page_url: str,
    criterion_slug: str | None = None,
    *,
    cover_url: str | None = None,
    cover_alt: str = "",
) -> str:
    """Tags to insert before ``</head>`` of the page at site URL ``page_url``.

    Feed autodiscovery (the criterion's own RSS and Atom first on a criterion page, found from
    ``page_url`` when ``criterion_slug`` is not given; then the section's RSS, Atom, JSON Feed)
    and ``og:image``: ``cover_url`` (a post's cover, site-relative or absolute) or the 1200x630
    banner. Empty without ``site_url``: feeds and previews need absolute addresses.
    """
    if not config.site_url:
        return ""
    slug = criterion_slug or _criterion_in_url(config, catalog, page_url)
    tags = []
    if slug is not None:
        criterion = next((c for c in catalog.criteria if c.slug == slug), None)
        if criterion is not None:
            paths = feed_paths(config, slug)
            for kind, path in (("rss", paths.rss), ("atom", paths.atom)):
                title = f"Tiêu chí {criterion.code} ({kind.upper()})"
                tags.append(_alternate(kind, absolute_url(config, path), title))
    paths = feed_paths(config)
    for kind, path in (("rss", paths.rss), ("atom", paths.atom), ("json", paths.json)):
        title = f"{config.section_title} – {config.unit_title} ({kind.upper()})"
        tags.append(_alternate(kind, absolute_url(config, path or ""), title))
    if cover_url:
        url = cover_url if "://" in cover_url else absolute_url(config, cover_url)
        tags.append(f'<meta property="og:image" content="{escape(url)}">')
        if cover_alt:
            tags.append(f'<meta property="og:image:alt" content="{escape(cover_alt)}">')
    else:
        width, height = banner.OG_SIZE
        url = absolute_url(config, banner.og_image_path(config))
        alt = f"{config.section_title} – {config.unit_title}"
        tags += [
            f'<meta property="og:image" content="{escape(url)}">',
            '<meta property="og:image:type" content="image/png">',
            f'<meta property="og:image:width" content="{width}">',
            f'<meta property="og:image:height" content="{height}">',
            f'<meta property="og:image:alt" content="{escape(alt)}">',
        ]
    return "\n".join(tags) + "\n"


def _alternate(kind: str, url: str, title: str) -> str:
    return (
        f'<link rel="alternate" type="{_MIME[kind]}" href="{escape(url)}" title="{escape(title)}">'
    )
