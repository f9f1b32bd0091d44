"""Source names for the outlets seeds usually come from, keyed by registered domain."""

from __future__ import annotations

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


def source_name_for(url: str) -> str:
    """The outlet's name for a URL: a known name, else the bare host ("example.org")."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".").removeprefix("www.")
    except ValueError:  # e.g. "http://[bad-ipv6"
        return ""
    for domain, name in KNOWN_SOURCES.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host
