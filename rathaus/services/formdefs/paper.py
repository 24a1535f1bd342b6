"""The paper form: a form definition laid out for printing, conditions as instructions."""

from django.utils.translation import gettext as _

from . import engine


def paper_pages(definition: dict) -> list[dict]:
    """Pages with blank lines, boxes to tick and conditions as written instructions."""
    index = engine.field_index(definition)

    def condition_text(condition):
        if not condition:
            return ""
        item = index.get(condition["field"], {})
        other = item.get("label", condition["field"])
        labels = dict(engine.choices(item))
        if "equals" in condition:
            value = labels.get(str(condition["equals"]), condition["equals"])
            return _("Only if “%(field)s” is “%(value)s”") % {"field": other, "value": value}
        if "in" in condition:
            values = ", ".join(f"“{labels.get(str(v), v)}”" for v in condition["in"])
            return _("Only if “%(field)s” is one of: %(values)s") % {
                "field": other,
                "values": values,
            }
        return _("Only if “%(field)s” is answered") % {"field": other}

    result = []
    for page in engine.pages(definition):
        groups = []
        for group in page.get("groups", []):
            low, high = engine.repeat_bounds(group)
            repeats = min(high, max(low, 2)) if engine.is_repeatable(group) else 1
            groups.append(
                {
                    "group": group,
                    "repeats": range(1, repeats + 1),
                    "condition": condition_text(group.get("show_if")),
                    "fields": [
                        {**item, "condition": condition_text(item.get("show_if"))}
                        for item in group.get("fields", [])
                    ],
                }
            )
        result.append(
            {"page": page, "groups": groups, "condition": condition_text(page.get("show_if"))}
        )
    return result
