"""In Chromium, a programme's page fetches no audio byte until the resident presses play."""

from __future__ import annotations

import io

import podcastparser


def _programme_page(served) -> str:
    """The sample's programme with audio, found through its podcast feed."""
    data = (served.root / served.prefix / "podcast.xml").read_bytes()
    feed = podcastparser.parse(served.url(f"{served.prefix}/podcast.xml"), io.BytesIO(data))
    assert feed["episodes"], "the sample needs a radio post with audio (posts/2024)"
    return served.local(feed["episodes"][0]["link"])


def test_no_audio_is_requested_until_play_is_pressed(phone, served):
    page = phone.page
    page.goto(_programme_page(served), wait_until="load")
    page.wait_for_load_state("networkidle")
    audio_folder = f"/{served.prefix}/am-thanh/"
    player = page.locator("section.wn-audio audio")
    player.scroll_into_view_if_needed()
    assert [url for url in phone.requests if audio_folder in url] == []
    assert player.get_attribute("preload") == "none"
    box = player.bounding_box()
    assert box is not None and box["width"] > 0
    with page.expect_request(lambda request: audio_folder in request.url):
        # The play button sits at the start of Chromium's audio controls.
        page.mouse.click(box["x"] + min(24, box["width"] / 4), box["y"] + box["height"] / 2)
    assert [url for url in phone.requests if audio_folder in url]
