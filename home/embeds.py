"""An embed finder that never leaves the server.

Wagtail's default finders ask the provider's oEmbed endpoint over the network while an editor
types and while a page renders. This finder recognises the video hosts the network uses and
builds the player markup from the URL alone; the page then shows it only after the reader asks
for it (see ``components/streamfield/blocks/video_block.html``).
"""

import re
from urllib.parse import parse_qs, urlparse

from django.utils.html import format_html
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def parse_video_url(url: str) -> tuple[str, str] | None:
    """Return (provider, player URL) for a YouTube or Vimeo link, or None."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if host in YOUTUBE_HOSTS:
        if host == "youtu.be":
            video_id = parsed.path.lstrip("/")
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
        else:
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        if VIDEO_ID.match(video_id):
            return "YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host in VIMEO_HOSTS:
        video_id = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        if video_id.isdigit():
            return "Vimeo", f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None


class OfflineVideoFinder(EmbedFinder):
    def accept(self, url):
        return parse_video_url(url) is not None

    def find_embed(self, url, max_width=None, max_height=None):
        found = parse_video_url(url)
        if found is None:
            raise EmbedNotFoundException
        provider, player_url = found
        return {
            "title": "",
            "author_name": "",
            "provider_name": provider,
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": format_html(
                '<iframe src="{}" width="640" height="360" loading="lazy" '
                'allow="fullscreen; picture-in-picture" allowfullscreen></iframe>',
                player_url,
            ),
        }
