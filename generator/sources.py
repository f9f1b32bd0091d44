"""Source names for the outlets seeds usually come from, keyed by registered domain."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

KNOWN_SOURCES = {
    "themoscowtimes.com": "The Moscow Times",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "bbc.com": "BBC News",
    "bbc.co.uk": "BBC News",
    "theguardian.com": "The Guardian",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "kyivindependent.com": "The Kyiv Independent",
    "kyivpost.com": "Kyiv Post",
    "meduza.io": "Meduza",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "ria.ru": "RIA Novosti",
    "aljazeera.com": "Al Jazeera",
    "dw.com": "Deutsche Welle",
    "france24.com": "France 24",
    "politico.eu": "Politico Europe",
    "politico.com": "Politico",
    "cnn.com": "CNN",
    "euronews.com": "Euronews",
    "pravda.com.ua": "Ukrainska Pravda",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "novayagazeta.eu": "Novaya Gazeta Europe",
}


# The host of a plain `http(s)://host[:port]/...` URL, read without `urlsplit` (most source URLs
# look like this; anything else, such as user info or an IPv6 address, goes to `urlsplit`).
_PLAIN_HOST = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9.-]+)(?::[0-9]*)?(?:[/?#]|$)")


def plain_http_host(url: str) -> str | None:
    """The host of a plain http(s) URL (which is then a safe link), else None: ask `urlsplit`."""
    plain = _PLAIN_HOST.match(url.strip())
    return plain[1] if plain else None


def source_name_for(url: str) -> str:
    """The outlet's name for a URL: a known name, else the bare host ("example.org")."""
    url = url.strip()
    if plain := _PLAIN_HOST.match(url):
        host = plain[1]
    else:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # e.g. "http://[bad-ipv6"
            return ""
    return _name_for_host(host.lower().rstrip(".").removeprefix("www."))


@functools.lru_cache(maxsize=4096)  # a corpus comes from a few outlets
def _name_for_host(host: str) -> str:
    for domain, name in KNOWN_SOURCES.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host
