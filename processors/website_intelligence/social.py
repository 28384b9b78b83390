"""Classify a link as an organisation's social profile (or not).

``social_network(url) -> network | None`` for linkedin, x_twitter, facebook, instagram, youtube, vk,
telegram, xing. Share/intent/sharer links, posts and statuses, photo albums, hashtags, YouTube watch and
embed links and bare network home pages are *not* profiles. LinkedIn personal profiles (``/in/``,
``/pub/``) are reported separately by ``is_personal_profile`` so the caller can keep them only for
one-person sites.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_HOSTS: dict[str, str] = {
    "linkedin.com": "linkedin", "twitter.com": "x_twitter", "x.com": "x_twitter", "facebook.com": "facebook",
    "fb.com": "facebook", "fb.me": "facebook", "instagram.com": "instagram", "instagr.am": "instagram",
    "youtube.com": "youtube", "vk.com": "vk", "vkontakte.ru": "vk", "t.me": "telegram",
    "telegram.me": "telegram", "xing.com": "xing",
}
_NOT_PROFILE_PATH = re.compile(
    r"(?:^|/)(?:share|sharer|sharer\.php|share\.php|intent|home|hashtag|hashtags|search|explore|tags?|"
    r"dialog|plugins|watch|embed|shareArticle|cws|status|statuses|posts|photos?|media|events|story\.php|"
    r"permalink\.php|login|signup|privacy|legal|help|policies|settings|i/web|p|reel|feed|wall-?\d*|"
    r"video|videos|results|playlist|joinchat|addthis)(?:[/.?#_]|$)",
    re.I,
)
_PERSONAL_LINKEDIN = re.compile(r"^/(?:in|pub)/", re.I)


def network_for_host(host: str) -> str | None:
    """The network whose domain ``host`` belongs to (``ch.linkedin.com`` -> linkedin), else None."""
    host = host.lower().rstrip(".")
    parts = host.split(".")
    for n in (2, 3):
        if len(parts) >= n:
            name = _HOSTS.get(".".join(parts[-n:]))
            if name:
                return name
    return None


_HINT = re.compile(r"linkedin\.|twitter\.|//(?:www\.)?x\.com|facebook\.|fb\.|instagr|youtube\.|vk\.com|vkontakte|t\.me/|telegram\.|xing\.", re.I)


def social_network(url: str) -> str | None:
    """The network of ``url`` when it points at a profile/page/channel, else None."""
    if not _HINT.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    network = network_for_host(parts.hostname)
    if network is None:
        return None
    path = parts.path or "/"
    query = parts.query.lower()
    fragment = parts.fragment
    bare = path.strip("/") == ""
    hash_bang = network == "x_twitter" and fragment.startswith("!/") and len(fragment) > 2
    if bare and not hash_bang and not (network == "linkedin" and "gid=" in query):
        return None
    if network == "linkedin" and path.lower().startswith("/groups") and "gid=" in query:
        return network
    if "status=" in query or (network == "x_twitter" and "text=" in query):
        return None
    if network == "facebook" and re.search(r"/(?:posts|photos|videos|media|album|events|notes)/", path, re.I):
        return None
    if network == "youtube" and re.search(r"^/(?:watch|embed|results|playlist|shorts)", path, re.I):
        return None
    if network == "x_twitter" and re.search(r"/status(?:es)?/", path, re.I):
        return None
    if network == "linkedin" and not re.match(r"^/(?:company|in|pub|school|showcase|groups|profile)/?", path, re.I):
        return None
    if network != "linkedin" and _NOT_PROFILE_PATH.search(path):
        # '/pages/Name/123' (facebook) is a profile even though it contains no banned word
        return None
    if network == "linkedin" and re.search(r"/(?:share|shareArticle|cws)", path, re.I):
        return None
    return network


def is_personal_profile(url: str) -> bool:
    """True for LinkedIn personal profiles (``/in/<name>``, ``/pub/<name>``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return network_for_host(parts.hostname or "") == "linkedin" and bool(_PERSONAL_LINKEDIN.match(parts.path))
