"""The admin page in the built sample: present, checked, and out of sitemap, search and feeds;
in Chromium: nothing from another host, every Vietnamese string, no sideways scroll at 360 px."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from browser import PHONE, open_context

from wardnews.admin.site import admin_files, vendor_record, vendored_dir, verified_bundle
from wardnews.problems import WardnewsError
from wardnews.templating import Templates

ADMIN = "quan-tri/"


def test_admin_page_is_built_noindex_and_left_out_of_sitemap_search_and_feeds(served):
    page = served.page(ADMIN)
    assert page.get("lang") == "vi"
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    scripts = page.xpath("//script/@src")
    assert scripts == ["wardnews-cms.js", "decap-cms.js"]
    record = vendor_record()
    for name, digest in record["sha256"].items():
        assert hashlib.sha256((served.root / ADMIN / name).read_bytes()).hexdigest() == digest
    config = json.loads(page.xpath("//script[@data-config]/@data-config")[0])
    assert config["collections"][0]["name"] == "posts"
    assert "quan-tri" not in (served.root / "sitemap.xml").read_text("utf-8")
    index = json.loads((served.root / "search/search_index.json").read_text("utf-8"))
    assert not [doc for doc in index["docs"] if "quan-tri" in doc["location"]]
    for feed in ("rss.xml", "atom.xml", "feed.json"):
        assert "quan-tri" not in (served.root / "tin-tuc" / feed).read_text("utf-8")


def test_a_changed_bundle_is_never_copied(tmp_path, make_config, catalog):
    folder = tmp_path / "admin"
    shutil.copytree(vendored_dir(), folder)
    assert [path.name for path in verified_bundle(folder)] == sorted(vendor_record()["sha256"])
    with (folder / "decap-cms.js").open("ab") as bundle:
        bundle.write(b"\nalert(1)\n")
    with pytest.raises(WardnewsError, match="chạy lại scripts/vendor-cms"):
        verified_bundle(folder)


def test_no_admin_page_when_the_unit_turns_it_off(make_config, catalog):
    assert admin_files(make_config(editor={"admin": False}), catalog, Templates()) == []


def test_admin_page_in_chromium_loads_nothing_from_another_host_and_speaks_vietnamese(
    chromium, served
):
    browse = open_context(chromium, PHONE, locale="vi-VN")
    try:
        page = browse.page
        page.goto(served.url(ADMIN))
        page.get_by_role("button", name="Đăng nhập").wait_for()
        # Every key of Decap's English strings has a Vietnamese one after wardnews' script.
        missing = page.evaluate(
            """() => {
              const out = [];
              const walk = (en, vi, path) => Object.keys(en).forEach((key) => {
                const here = path + "." + key;
                if (typeof en[key] === "object") walk(en[key], (vi || {})[key], here);
                else if (!vi || typeof vi[key] !== "string") out.push(here);
              });
              walk(CMS.getLocale("en"), CMS.getLocale("vi"), "");
              return out;
            }"""
        )
        assert missing == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        browse.context.close()
    assert browse.foreign() == []
    assert any(url.endswith("/quan-tri/decap-cms.js") for url in browse.requests)
