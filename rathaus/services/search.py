"""Finding a service by what people type: typos and word order do not matter.

A town offers a few hundred services, so they are scored in memory (the same on SQLite and
PostgreSQL): against the short texts (name, life situations, summary) as a whole, and word
by word against everything the catalogue says about the service, so a misspelt word of the
description still finds it.
"""

import re

from rapidfuzz import fuzz, process, utils

MIN_SCORE = 75
MIN_WORD = 4
WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {word for word in WORD.findall(utils.default_process(text)) if len(word) >= MIN_WORD}


def _score(query: str, tokens: list[str], service) -> float:
    short = [service.name, service.summary, *(s.title for s in service.life_situations.all())]
    whole = max(fuzz.WRatio(query, text, processor=utils.default_process) for text in short)
    words = _words(" ".join([*short, service.description, service.search_text]))
    if not tokens or not words:
        return whole
    per_token = [process.extractOne(token, words, scorer=fuzz.ratio)[1] for token in tokens]
    return max(whole, sum(per_token) / len(per_token))


def search_services(services, query: str, limit: int = 50) -> list:
    """The services matching ``query``, best first."""
    query = (query or "").strip()
    if not query:
        return list(services)
    tokens = [token for token in WORD.findall(utils.default_process(query)) if len(token) >= 3]
    scored = [(_score(query, tokens, service), service) for service in services]
    hits = [(score, service) for score, service in scored if score >= MIN_SCORE]
    hits.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [service for _score_value, service in hits[:limit]]
