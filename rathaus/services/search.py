"""Finding a service by what people type: typos and word order do not matter."""

from rapidfuzz import fuzz, process, utils

MIN_SCORE = 70


def service_text(service) -> str:
    situations = " ".join(s.title for s in service.life_situations.all())
    return " ".join([service.name, service.summary, service.search_text, situations])


def search_services(services, query: str, limit: int = 50) -> list:
    """The services matching ``query`` best first. A town offers a few hundred services,
    so they are scored in memory (the same on SQLite and PostgreSQL)."""
    query = (query or "").strip()
    if not query:
        return list(services)
    candidates = list(services)
    names = {index: service_text(service) for index, service in enumerate(candidates)}
    matches = process.extract(
        query,
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=MIN_SCORE,
    )
    return [candidates[index] for _text, _score, index in matches]
