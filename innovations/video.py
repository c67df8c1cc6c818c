"""Recognise YouTube links and build their privacy-enhanced embed address."""
import re
from urllib.parse import parse_qs, urlparse

# YouTube video ids are 11 characters of letters, digits, "-" and "_".
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtu.be"}


def youtube_video_id(url):
    """Return the video id of a YouTube link, or None if it is not one."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or parsed.hostname not in _HOSTS:
        return None
    if parsed.hostname.endswith("youtu.be"):
        candidate = parsed.path.lstrip("/").split("/")[0]
    elif parsed.path == "/watch":
        candidate = parse_qs(parsed.query).get("v", [""])[0]
    else:
        parts = parsed.path.strip("/").split("/")
        candidate = parts[1] if len(parts) >= 2 and parts[0] in ("embed", "shorts", "live") else ""
    return candidate if _VIDEO_ID.match(candidate) else None


def youtube_watch_url(video_id):
    """Return the canonical watch address of a video id."""
    return f"https://www.youtube.com/watch?v={video_id}"


def youtube_embed_url(video_id):
    """Return the embed address on youtube-nocookie.com, which sets no cookies until play."""
    return f"https://www.youtube-nocookie.com/embed/{video_id}"
