"""The validation report of a table load: every problem with its row, column, field,
Frictionless error type and a translated message for the steward. The stored list is
capped; the count is not."""

from django.utils.translation import gettext as _

from .schema import describe_type

MAX_STORED_ERRORS = 1000
MAX_SHOWN_VALUE = 60


def shown(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\x00", "")
    return text if len(text) <= MAX_SHOWN_VALUE else text[: MAX_SHOWN_VALUE - 1] + "…"


class ErrorReport:
    def __init__(self, limit: int = MAX_STORED_ERRORS):
        self.limit = limit
        self.errors: list[dict] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, *, type: str, message: str, row=None, column=None, field="") -> None:  # noqa: A002
        self.count += 1
        if len(self.errors) < self.limit:
            self.errors.append(
                {
                    "row": row,
                    "column": column,
                    "field": field or "",
                    "type": type,
                    "message": str(message),
                }
            )

    def cell(self, *, row: int, column: int, field: dict, value, notes: dict) -> None:
        """A cell frictionless' reader did not accept (``notes`` name the failed checks)."""
        name = field["name"]
        place = {"row": row, "column": column, "name": name, "value": shown(value)}
        if "type" in notes:
            self.add(
                type="type-error",
                row=row,
                column=column,
                field=name,
                message=_(
                    "Row %(row)d, column “%(name)s”: “%(value)s” is not valid here; "
                    "expected: %(expected)s."
                )
                % {**place, "expected": describe_type(field)},
            )
            return
        constraints = field.get("constraints") or {}
        for constraint in notes:
            limit = constraints.get(constraint)
            self.add(
                type="constraint-error",
                row=row,
                column=column,
                field=name,
                message=constraint_message(constraint, limit, place),
            )

    def unstorable(self, *, row: int, column: int, field: dict, value) -> None:
        self.add(
            type="type-error",
            row=row,
            column=column,
            field=field["name"],
            message=_(
                "Row %(row)d, column “%(name)s”: “%(value)s” is too large to store (whole "
                "numbers up to about 9.2 quintillion, numbers without infinity or NaN)."
            )
            % {"row": row, "name": field["name"], "value": shown(value)},
        )


def constraint_message(constraint: str, limit, place: dict) -> str:
    values = {**place, "limit": shown(limit)}
    messages = {
        "required": _(
            "Row %(row)d, column “%(name)s”: a value is required, but the cell is empty."
        ),
        "minimum": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” is less than the minimum %(limit)s."
        ),
        "maximum": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” is more than the maximum %(limit)s."
        ),
        "exclusiveMinimum": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” must be more than %(limit)s."
        ),
        "exclusiveMaximum": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” must be less than %(limit)s."
        ),
        "minLength": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” is shorter than %(limit)s characters."
        ),
        "maxLength": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” is longer than %(limit)s characters."
        ),
        "pattern": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” does not have the required form "
            "(pattern %(limit)s)."
        ),
        "enum": _(
            "Row %(row)d, column “%(name)s”: “%(value)s” is not one of the allowed values "
            "(%(allowed)s)."
        ),
    }
    if constraint == "enum":
        values["allowed"] = shown(", ".join(str(item) for item in limit or ()))
    message = messages.get(
        constraint,
        _("Row %(row)d, column “%(name)s”: “%(value)s” breaks the rule “%(constraint)s”."),
    )
    return message % {**values, "constraint": constraint}
