"""Turns a form definition (see the package docstring) into Django forms, one per page, and
answers into what a person checks before sending.

Nothing here trusts the browser: visibility conditions are evaluated on the server, hidden
fields are neither required nor kept, and the whole set of answers is checked again when the
application is sent.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.core.forms_rendering import DatePartsField

PHONE_PATTERN = r"\+?[0-9 ()/-]{5,30}"
POSTCODE_PATTERN = r"[0-9]{5}"
MAX_REPEAT = 99


# --- conditions ---------------------------------------------------------------------------


def _lookup(answers: dict, field_id: str):
    if field_id in answers:
        return answers[field_id]
    for value in answers.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for row in value:
                if field_id in row:
                    return row[field_id]
    return None


def condition_holds(condition: dict | None, answers: dict) -> bool:
    """Whether a ``show_if`` condition holds for the answers (no condition: always)."""
    if not condition:
        return True
    value = _lookup(answers, condition["field"])
    if "equals" in condition:
        expected = condition["equals"]
        if isinstance(value, list):
            return expected in value
        return value == expected or (value is True and expected in ("true", "ja", "yes"))
    if "in" in condition:
        options = condition["in"]
        if isinstance(value, list):
            return bool(set(value) & set(options))
        return value in options
    if condition.get("filled"):
        return value not in (None, "", [], {})
    return True


# --- walking a definition -------------------------------------------------------------------


def pages(definition: dict) -> list[dict]:
    return definition.get("pages", [])


def visible_pages(definition: dict, answers: dict) -> list[tuple[int, dict]]:
    """The pages (with their index in the definition) a person sees for these answers."""
    return [
        (index, page)
        for index, page in enumerate(pages(definition))
        if condition_holds(page.get("show_if"), answers)
    ]


def all_fields(definition: dict):
    """Every (page, group, field) of the form, in order."""
    for page in pages(definition):
        for group in page.get("groups", []):
            for item in group.get("fields", []):
                yield page, group, item


def field_index(definition: dict) -> dict[str, dict]:
    return {item["id"]: item for _page, _group, item in all_fields(definition)}


def is_repeatable(group: dict) -> bool:
    return bool(group.get("repeat"))


def repeat_bounds(group: dict) -> tuple[int, int]:
    repeat = group.get("repeat") or {}
    low = int(repeat.get("min", 0) or 0)
    high = int(repeat.get("max", MAX_REPEAT) or MAX_REPEAT)
    return low, max(high, low, 1)


# --- one Django field per definition field ---------------------------------------------------


class IbanField(forms.CharField):
    default_error_messages = {
        "invalid": gettext_lazy(
            "Enter a valid IBAN, like DE89 3704 0044 0532 0130 00 (check for typing errors)."
        )
    }

    def to_python(self, value):
        value = super().to_python(value)
        return re.sub(r"\s+", "", value).upper() if value else value

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        from schwifty import IBAN
        from schwifty.exceptions import SchwiftyException

        try:
            IBAN(value)
        except SchwiftyException:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def _date_limit(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if value == "today":
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


class DefinitionDateField(DatePartsField):
    def __init__(self, *, earliest=None, latest=None, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(**kwargs)

    def clean(self, value):
        result = super().clean(value)
        earliest, latest = _date_limit(self.earliest), _date_limit(self.latest)
        if result and earliest and result < earliest:
            raise ValidationError(
                _("The date must be on or after %(date)s.")
                % {"date": formats.date_format(earliest, "SHORT_DATE_FORMAT")}
            )
        if result and latest and result > latest:
            raise ValidationError(
                _("The date must be on or before %(date)s.")
                % {"date": formats.date_format(latest, "SHORT_DATE_FORMAT")}
            )
        return result


def _required_message(item: dict) -> str:
    kind = item["type"]
    label = item.get("label", "")
    if kind in ("choice",):
        return _("Select %(label)s.") % {"label": label}
    if kind == "multichoice":
        return _("Select at least one option for %(label)s.") % {"label": label}
    if kind == "file":
        return _("Upload %(label)s.") % {"label": label}
    if kind == "consent":
        return _("Confirm: %(label)s") % {"label": label}
    return _("Enter %(label)s.") % {"label": label}


def _text_field(item: dict, common: dict) -> forms.Field:
    validators = []
    if item.get("pattern"):
        validators.append(
            RegexValidator(
                f"^(?:{item['pattern']})$",
                item.get("pattern_message")
                or _("%(label)s is not in the expected format.") % {"label": item["label"]},
            )
        )
    widget = forms.Textarea(attrs={"rows": 5}) if item["type"] == "textarea" else forms.TextInput()
    return forms.CharField(
        min_length=item.get("min_length"),
        max_length=item.get("max_length") or (5000 if item["type"] == "textarea" else 500),
        validators=validators,
        widget=widget,
        **common,
    )


def _number_field(item: dict, common: dict) -> forms.Field:
    decimals = int(item.get("decimals", 2))
    minimum, maximum = item.get("min"), item.get("max")
    return forms.DecimalField(
        decimal_places=decimals,
        min_value=Decimal(str(minimum)) if minimum not in (None, "") else None,
        max_value=Decimal(str(maximum)) if maximum not in (None, "") else None,
        widget=forms.TextInput(attrs={"inputmode": "decimal" if decimals else "numeric"}),
        localize=True,
        **common,
    )


def choices(item: dict) -> list[tuple[str, str]]:
    return [(str(option["value"]), option["label"]) for option in item.get("options", [])]


def build_field(item: dict, *, required: bool, has_file: bool = False) -> forms.Field | None:
    """The Django form field for one definition field (None for display-only fields)."""
    kind = item["type"]
    common = {
        "label": item.get("label", ""),
        "help_text": item.get("hint", ""),
        "required": required,
        "error_messages": {"required": _required_message(item)},
    }
    if kind == "static":
        return None
    if kind in ("text", "textarea"):
        return _text_field(item, common)
    if kind == "number":
        return _number_field(item, common)
    if kind == "date":
        return DefinitionDateField(earliest=item.get("min"), latest=item.get("max"), **common)
    if kind == "choice":
        options = choices(item)
        widget = forms.RadioSelect if len(options) <= 6 else forms.Select
        if widget is forms.Select:
            options = [("", _("Please choose"))] + options
        return forms.ChoiceField(choices=options, widget=widget, **common)
    if kind == "multichoice":
        return forms.MultipleChoiceField(
            choices=choices(item), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == "email":
        common["error_messages"]["invalid"] = _(
            "Enter an e-mail address in the correct format, like name@example.com."
        )
        return forms.EmailField(
            max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}), **common
        )
    if kind == "phone":
        return forms.CharField(
            max_length=40,
            validators=[
                RegexValidator(
                    f"^{PHONE_PATTERN}$",
                    _("Enter a telephone number, like 06151 123456 or +49 6151 123456."),
                )
            ],
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            **common,
        )
    if kind == "iban":
        return IbanField(max_length=42, **common)
    if kind == "file":
        if has_file:
            common["required"] = False
            common["help_text"] = " ".join(
                part
                for part in (
                    item.get("hint", ""),
                    _("A file is already attached; upload a new one to replace it."),
                )
                if part
            )
        return forms.FileField(**common)
    if kind == "consent":
        return forms.BooleanField(**common)
    raise ValueError(f"Unknown field type {kind!r}")


ADDRESS_PARTS = (
    ("street", gettext_lazy("Street and number"), "street-address", None),
    ("postcode", gettext_lazy("Postcode"), "postal-code", POSTCODE_PATTERN),
    ("city", gettext_lazy("Town or city"), "address-level2", None),
)


def build_address_fields(item: dict, *, required: bool) -> dict[str, forms.Field]:
    result = {}
    for part, part_label, autocomplete, pattern in ADDRESS_PARTS:
        label = f"{item.get('label', '')}: {part_label}"
        validators = (
            [RegexValidator(f"^{pattern}$", _("Enter a postcode with five digits."))]
            if pattern
            else []
        )
        result[part] = forms.CharField(
            label=label,
            required=required,
            max_length=200,
            validators=validators,
            widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
            error_messages={"required": _("Enter %(label)s.") % {"label": label}},
        )
    return result


# --- a page as a Django form --------------------------------------------------------------------


def field_name(field_id: str, group_id: str = "", row: int | None = None, part: str = "") -> str:
    base = f"f-{field_id}" if row is None else f"g-{group_id}-{row}-{field_id}"
    return f"{base}-{part}" if part else base


@dataclass
class Slot:
    """One input on the page: which definition field (and row/part) a form field fills."""

    item: dict
    group: dict
    row: int | None
    part: str = ""
    names: list[str] = field(default_factory=list)


@dataclass
class PageRow:
    """A repeatable group's row as shown: its number and its bound fields."""

    number: int
    fields: list
    can_remove: bool


class PageForm(forms.Form):
    """The form of one page. ``answers`` are the answers so far (for conditions and the
    initial values); ``rows`` says how many rows each repeatable group shows."""

    def __init__(self, *args, definition: dict, page_index: int, answers: dict, rows=None, **kw):
        self.definition = definition
        self.page = pages(definition)[page_index]
        self.answers = answers
        self.row_counts = dict(rows or {})
        self.slots: dict[str, Slot] = {}
        super().__init__(*args, **kw)
        self._build()

    # building
    def _rows_of(self, group: dict) -> int:
        low, high = repeat_bounds(group)
        existing = self.answers.get(group["id"]) or []
        count = self.row_counts.get(group["id"], max(len(existing), low, 1))
        return max(min(count, high), low, 1 if low else 0)

    def _initial(self, item: dict, group: dict, row: int | None):
        if row is None:
            return self.answers.get(item["id"])
        existing = self.answers.get(group["id"]) or []
        return existing[row].get(item["id"]) if row < len(existing) else None

    def _add(self, item: dict, group: dict, row: int | None) -> None:
        conditional = bool(item.get("show_if") or group.get("show_if"))
        required = bool(item.get("required")) and not conditional
        initial = self._initial(item, group, row)
        if item["type"] == "address":
            for part, form_field in build_address_fields(item, required=required).items():
                name = field_name(item["id"], group["id"], row, part)
                form_field.initial = (initial or {}).get(part, "")
                self.fields[name] = form_field
                self.slots[name] = Slot(item, group, row, part)
            return
        form_field = build_field(item, required=required, has_file=bool(initial))
        if form_field is None:
            return
        name = field_name(item["id"], group["id"], row)
        form_field.initial = _to_initial(item, initial)
        self.fields[name] = form_field
        self.slots[name] = Slot(item, group, row)

    def _build(self) -> None:
        for group in self.page.get("groups", []):
            if is_repeatable(group):
                for row in range(self._rows_of(group)):
                    for item in group.get("fields", []):
                        self._add(item, group, row)
            else:
                for item in group.get("fields", []):
                    self._add(item, group, None)

    # layout for the template
    def layout(self) -> list[dict]:
        """Groups with their bound fields (and rows), for the template to show."""
        result = []
        for group in self.page.get("groups", []):
            if not condition_holds(group.get("show_if"), self._merged_answers()):
                continue
            entry = {"group": group, "repeatable": is_repeatable(group)}
            if entry["repeatable"]:
                low, high = repeat_bounds(group)
                count = self._rows_of(group)
                entry["rows"] = [
                    PageRow(row + 1, self._bound(group, row), count > low) for row in range(count)
                ]
                entry["can_add"] = count < high
            else:
                entry["fields"] = self._bound(group, None)
            result.append(entry)
        return result

    def _bound(self, group: dict, row: int | None) -> list:
        shown = []
        for item in group.get("fields", []):
            if item["type"] == "static":
                shown.append({"static": item})
                continue
            names = [
                name
                for name, slot in self.slots.items()
                if slot.item is item and slot.row == row and slot.group is group
            ]
            shown.append(
                {
                    "item": item,
                    "fields": [self[name] for name in names],
                    "conditional": bool(item.get("show_if")),
                    "address": item["type"] == "address",
                }
            )
        return shown

    # cleaning
    def _merged_answers(self) -> dict:
        """The answers so far with what this page's submission says, for conditions."""
        merged = dict(self.answers)
        data = getattr(self, "cleaned_data", None)
        if data is None and self.is_bound:
            data = {}
            for name, slot in self.slots.items():
                if slot.row is None and not slot.part:
                    raw = (
                        self.data.getlist(self.add_prefix(name))
                        if hasattr(self.data, "getlist")
                        else [self.data.get(self.add_prefix(name))]
                    )
                    raw = [value for value in raw if value not in (None, "")]
                    if raw:
                        data[name] = raw if slot.item["type"] == "multichoice" else raw[0]
        for name, value in (data or {}).items():
            slot = self.slots.get(name)
            if slot and slot.row is None and not slot.part:
                merged[slot.item["id"]] = (
                    _to_answer(slot.item, value) if value not in (None, "") else None
                )
        return merged

    def clean(self):
        cleaned = super().clean()
        merged = self._merged_answers()
        for name, slot in self.slots.items():
            shown = condition_holds(slot.group.get("show_if"), merged) and condition_holds(
                slot.item.get("show_if"), merged
            )
            if not shown:
                self.errors.pop(name, None)
                cleaned.pop(name, None)
                continue
            conditional = slot.item.get("show_if") or slot.group.get("show_if")
            missing = cleaned.get(name) in (None, "", [], False)
            has_file = slot.item["type"] == "file" and self._initial(
                slot.item, slot.group, slot.row
            )
            needed = conditional and slot.item.get("required") and not has_file
            if needed and missing and name not in self.errors:
                self.add_error(name, _required_message(slot.item))
        return cleaned

    def page_answers(self, stored_files: dict[str, str]) -> dict:
        """The answers of this page as stored. ``stored_files`` maps form field names of
        uploads to the stored file's id."""
        cleaned = self.cleaned_data
        result: dict = {}
        repeated: dict[str, list[dict]] = {}
        merged = self._merged_answers()
        for name, slot in self.slots.items():
            if name not in cleaned:
                continue
            if not condition_holds(slot.item.get("show_if"), merged):
                continue
            value = cleaned[name]
            if slot.item["type"] == "file":
                value = stored_files.get(name) or self._initial(slot.item, slot.group, slot.row)
            if slot.row is None:
                target = result
            else:
                rows = repeated.setdefault(slot.group["id"], [])
                while len(rows) <= slot.row:
                    rows.append({})
                target = rows[slot.row]
            if slot.part:
                target.setdefault(slot.item["id"], {})[slot.part] = value or ""
            elif value not in (None, "", [], False):
                target[slot.item["id"]] = _to_answer(slot.item, value)
        for group_id, rows in repeated.items():
            result[group_id] = [
                row for row in rows if any(v not in ("", {}, None) for v in row.values())
            ]
        return result

    def page_keys(self) -> set[str]:
        """Answer keys this page owns (replaced as a whole when the page is saved)."""
        keys = set()
        for group in self.page.get("groups", []):
            if is_repeatable(group):
                keys.add(group["id"])
            else:
                keys.update(item["id"] for item in group.get("fields", []))
        return keys


def _to_answer(item: dict, value):
    kind = item["type"]
    if kind == "number":
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return format(number.normalize(), "f") if number == number.to_integral() else str(number)
    if kind == "date" and isinstance(value, datetime.date):
        return value.isoformat()
    if kind == "multichoice":
        return [str(v) for v in value]
    if kind == "consent":
        return True
    return value


def _to_initial(item: dict, value):
    if value is None:
        return None
    if item["type"] == "date":
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    if item["type"] == "number":
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    if item["type"] == "file":
        return None
    return value


# --- the whole set of answers -----------------------------------------------------------------


def merge_page(answers: dict, form: PageForm, page_answers: dict) -> dict:
    """The answers with this page's answers replacing what the page had before."""
    result = {key: value for key, value in answers.items() if key not in form.page_keys()}
    result.update(page_answers)
    return prune_hidden(form.definition, result)


def prune_hidden(definition: dict, answers: dict) -> dict:
    """Answers to fields that the other answers hide are dropped (never sent)."""
    result = dict(answers)
    for page in pages(definition):
        page_shown = condition_holds(page.get("show_if"), result)
        for group in page.get("groups", []):
            group_shown = page_shown and condition_holds(group.get("show_if"), result)
            if is_repeatable(group):
                if not group_shown:
                    result.pop(group["id"], None)
                continue
            for item in group.get("fields", []):
                if not group_shown or not condition_holds(item.get("show_if"), result):
                    result.pop(item["id"], None)
    return result


def missing_answers(definition: dict, answers: dict) -> list[tuple[int, dict]]:
    """Required, visible fields without an answer: (page index, field) pairs."""
    missing = []
    for index, page in visible_pages(definition, answers):
        for group in page.get("groups", []):
            if not condition_holds(group.get("show_if"), answers):
                continue
            if is_repeatable(group):
                low, _high = repeat_bounds(group)
                rows = answers.get(group["id"]) or []
                if len(rows) < low:
                    missing.append((index, {"id": group["id"], "label": group.get("title", "")}))
                continue
            for item in group.get("fields", []):
                if not item.get("required") or item["type"] == "static":
                    continue
                if not condition_holds(item.get("show_if"), answers):
                    continue
                if answers.get(item["id"]) in (None, "", [], {}):
                    missing.append((index, item))
    return missing


def display_value(item: dict, value, file_names: dict | None = None) -> str:
    """An answer as a person reads it on the check page and in the PDF."""
    kind = item["type"]
    if value in (None, "", [], {}):
        return ""
    if kind in ("choice", "multichoice"):
        labels = dict(choices(item))
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if kind == "date":
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return str(value)
    if kind == "number":
        try:
            return formats.number_format(Decimal(value), use_l10n=True)
        except InvalidOperation:
            return str(value)
    if kind == "address":
        return ", ".join(
            part
            for part in (
                value.get("street"),
                f"{value.get('postcode', '')} {value.get('city', '')}".strip(),
            )
            if part
        )
    if kind == "consent":
        return _("Yes")
    if kind == "file":
        return (file_names or {}).get(str(value), _("File attached"))
    if kind == "iban":
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return str(value)


def summary(definition: dict, answers: dict, file_names: dict | None = None) -> list[dict]:
    """The answers page by page, for the check page, the receipt and the PDF."""
    result = []
    for index, page in visible_pages(definition, answers):
        rows = []
        for group in page.get("groups", []):
            if not condition_holds(group.get("show_if"), answers):
                continue
            if is_repeatable(group):
                for number, row in enumerate(answers.get(group["id"]) or [], 1):
                    for item in group.get("fields", []):
                        if item["type"] == "static" or item["id"] not in row:
                            continue
                        rows.append(
                            {
                                "label": f"{group.get('title') or ''} {number}: "
                                f"{item['label']}".strip(),
                                "value": display_value(item, row[item["id"]], file_names),
                            }
                        )
                continue
            for item in group.get("fields", []):
                if item["type"] == "static" or not condition_holds(item.get("show_if"), answers):
                    continue
                rows.append(
                    {
                        "label": item["label"],
                        "value": display_value(item, answers.get(item["id"]), file_names),
                    }
                )
        result.append({"index": index, "title": page.get("title", ""), "rows": rows})
    return result


def file_ids(definition: dict, answers: dict) -> list[str]:
    """The stored files the answers refer to, in form order."""
    found = []
    for _page, group, item in all_fields(definition):
        if item["type"] != "file":
            continue
        if is_repeatable(group):
            found.extend(
                str(row[item["id"]])
                for row in answers.get(group["id"]) or []
                if row.get(item["id"])
            )
        elif answers.get(item["id"]):
            found.append(str(answers[item["id"]]))
    return found


def prefill(definition: dict, user, organisation=None) -> dict:
    """First answers taken from the person's profile (and the business they act for)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    sources = {
        "given_name": user.given_name,
        "family_name": user.family_name,
        "full_name": user.get_full_name(),
        "email": user.email,
        "phone": user.phone,
        "street": user.street,
        "postcode": user.postcode,
        "city": user.city,
        "address": {"street": user.street, "postcode": user.postcode, "city": user.city},
        "organisation_name": organisation.name if organisation else "",
    }
    if organisation is not None:
        sources["address"] = {
            "street": organisation.street,
            "postcode": organisation.postcode,
            "city": organisation.city,
        }
    answers = {}
    for _page, group, item in all_fields(definition):
        source = item.get("prefill")
        if source and not is_repeatable(group) and sources.get(source):
            answers[item["id"]] = sources[source]
    return answers
