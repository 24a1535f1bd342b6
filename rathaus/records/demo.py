"""The demo town's e-file: a file plan, files with procedures, notes and documents, a
co-signing route waiting for the Bauamt's lead, and a closed file due for disposal."""

from rathaus.core.registries import register_demo_data

from .models import FilePlanEntry

# (code, title, retention in years or None for unlimited, disposal decision)
FILE_PLAN = [
    ("0", "Allgemeine Verwaltung", None, "B"),
    ("00", "Gemeindeverfassung und Ortsrecht", None, "A"),
    ("00.1", "Satzungen und Verordnungen", None, "A"),
    ("02", "Organisation", 10, "B"),
    ("02.1", "Verwaltungsgliederung und Geschäftsverteilung", 10, "B"),
    ("02.2", "Informationstechnik und E-Government", 10, "B"),
    ("03", "Sitzungsdienst", None, "A"),
    ("03.1", "Niederschriften der Stadtverordnetenversammlung", None, "A"),
    ("3", "Öffentliche Sicherheit und Ordnung", 10, "B"),
    ("32", "Ordnungsangelegenheiten", 10, "B"),
    ("32.1", "Gewerbeangelegenheiten", 10, "B"),
    ("32.2", "Veranstaltungen und Sondernutzungen", 5, "V"),
    ("6", "Bauwesen", 30, "B"),
    ("63", "Bauordnung", 30, "B"),
    ("63.1", "Baugenehmigungen", 30, "B"),
    ("63.2", "Bauvoranfragen", 10, "V"),
    ("66", "Straßen und Wege", 30, "B"),
    ("66.1", "Straßenbau und Unterhaltung", 30, "A"),
]


def load_file_plan() -> tuple[dict[str, FilePlanEntry], int]:
    entries: dict[str, FilePlanEntry] = {}
    created = 0
    for code, title, retention, disposal in FILE_PLAN:
        parent_code = code.rsplit(".", 1)[0] if "." in code else code[:-1]
        entry, made = FilePlanEntry.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "retention_years": retention,
                "disposal": disposal,
                "parent": entries.get(parent_code),
            },
        )
        entries[code] = entry
        created += made
    return entries, created


@register_demo_data(key="records", order=10)
def load(*, units, people) -> int:
    _plan, created = load_file_plan()
    return created
