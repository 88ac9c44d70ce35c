"""The district sample (examples/district) builds with an empty cache: its pages say so."""

from __future__ import annotations

from lxml import html as lxml_html
from support import REPO, mkdocs_build


def test_the_district_sample_builds_before_any_fetch(tmp_path):
    result = mkdocs_build(REPO / "examples/district", tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    board = lxml_html.parse(str(site / "tin-tuc/giam-sat/index.html")).getroot()
    rows = board.xpath("//div[@class='wn-board']/table/tbody/tr")
    assert [row.xpath("th")[0].text_content() for row in rows] == [
        "Xã Thọ Lập",
        "Thị trấn Thọ Xuân",
        "Xã Xuân Hồng",
    ]
    assert all("chưa lấy tin lần nào" in row.text_content() for row in rows)
    index = (site / "tin-tuc/don-vi/index.html").read_text("utf-8")
    assert "Chưa thu thập được tin nào." in index
    # The district's own posts are a section as on a ward's site.
    assert (site / "tin-tuc/hoi-nghi-so-ket-chuyen-doi-so-huyen-tho-xuan/index.html").is_file()
