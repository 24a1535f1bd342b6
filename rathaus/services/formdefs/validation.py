"""Checks a form definition (see the package docstring) before it is stored: the form
designer and the FIM import both refuse a definition this module finds problems in.

``validate_definition`` returns every problem it finds as a translated sentence, in form
order, so a person can fix them all at once; an empty list means the definition is valid.
"""

import datetime
import re
from numbers import Number

from django.utils.translation import gettext as _

from rathaus.core.uploads.kinds import KINDS

from . import FIELD_TYPES, PREFILL_SOURCES

# Ids end up in HTML field names and answer keys: letters, digits, "-" and "_" only.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
CONDITION_KEYS = ("equals", "in", "filled")
TEXT_TYPES = ("text", "textarea")
CHOICE_TYPES = ("choice", "multichoice")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def _is_date_limit(value) -> bool:
    if value == "today":
        return True
    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


class _Checker:
    """Walks the definition once, in form order, collecting problems."""

    def __init__(self):
        self.problems: list[str] = []
        self.seen_ids: set[str] = set()
        # Fields that came before the current position, for conditions.
        self.earlier: dict[str, dict] = {}
        self.in_repeat: set[str] = set()
        self.all_field_ids: set[str] = set()

    def add(self, message: str) -> None:
        self.problems.append(message)

    def check_id(self, element: dict, what: str) -> str:
        element_id = element.get("id")
        if not isinstance(element_id, str) or not element_id:
            self.add(_("A %(what)s has no id.") % {"what": what})
            return ""
        if not ID_PATTERN.fullmatch(element_id):
            self.add(
                _("The id “%(id)s” may only contain letters, digits, “-” and “_”.")
                % {"id": element_id}
            )
        if element_id in self.seen_ids:
            self.add(_("The id “%(id)s” is used more than once.") % {"id": element_id})
        self.seen_ids.add(element_id)
        return element_id

    def check_condition(self, condition, owner: str) -> None:
        if condition is None:
            return
        if not isinstance(condition, dict) or not isinstance(condition.get("field"), str):
            self.add(_("The condition of “%(owner)s” names no field.") % {"owner": owner})
            return
        target_id = condition["field"]
        target = self.earlier.get(target_id)
        if target is None:
            if target_id in self.all_field_ids:
                self.add(
                    _("The condition of “%(owner)s” refers to “%(field)s”, which comes later.")
                    % {"owner": owner, "field": target_id}
                )
            else:
                self.add(
                    _("The condition of “%(owner)s” refers to “%(field)s”, which does not exist.")
                    % {"owner": owner, "field": target_id}
                )
        elif target.get("type") == "static":
            self.add(
                _("The condition of “%(owner)s” refers to “%(field)s”, which takes no answer.")
                % {"owner": owner, "field": target_id}
            )
        elif target_id in self.in_repeat:
            self.add(
                _(
                    "The condition of “%(owner)s” refers to “%(field)s” in a repeatable group;"
                    " it is unclear which entry counts."
                )
                % {"owner": owner, "field": target_id}
            )
        kinds = [key for key in CONDITION_KEYS if key in condition]
        if len(kinds) != 1:
            self.add(
                _("The condition of “%(owner)s” needs exactly one of equals, in or filled.")
                % {"owner": owner}
            )
            return
        if "in" in condition and (not isinstance(condition["in"], list) or not condition["in"]):
            self.add(
                _("The condition of “%(owner)s” needs a list of values for “in”.")
                % {"owner": owner}
            )
        if "filled" in condition and condition["filled"] is not True:
            self.add(_("The condition of “%(owner)s”: “filled” must be true.") % {"owner": owner})
        if target is not None and target.get("type") in CHOICE_TYPES:
            known = {str(option.get("value")) for option in target.get("options") or []}
            wanted = condition.get("in") if "in" in condition else [condition.get("equals")]
            if "filled" not in condition and isinstance(wanted, list):
                for value in wanted:
                    if str(value) not in known:
                        self.add(
                            _(
                                "The condition of “%(owner)s” compares “%(field)s” with"
                                " “%(value)s”, which is not one of its options."
                            )
                            % {"owner": owner, "field": target_id, "value": value}
                        )

    def check_repeat(self, group: dict, group_id: str) -> None:
        repeat = group.get("repeat")
        if repeat is None:
            return
        if not isinstance(repeat, dict):
            self.add(_("The group “%(id)s” has an invalid repetition.") % {"id": group_id})
            return
        low, high = repeat.get("min", 0), repeat.get("max")
        if not _is_int(low) or not _is_int(high) or low < 0 or high < 1:
            self.add(
                _(
                    "The group “%(id)s” repeats from a minimum to a maximum number of"
                    " entries; both must be whole numbers, the maximum at least 1."
                )
                % {"id": group_id}
            )
        elif low > high:
            self.add(
                _("The group “%(id)s” needs at least %(min)s entries but allows only %(max)s.")
                % {"id": group_id, "min": low, "max": high}
            )

    def check_field(self, item: dict, repeatable: bool) -> None:
        field_id = self.check_id(item, _("field"))
        kind = item.get("type")
        name = field_id or "?"
        if kind not in FIELD_TYPES:
            self.add(
                _("The field “%(id)s” has the unknown type “%(type)s”.")
                % {"id": name, "type": kind}
            )
        if kind != "static" and not str(item.get("label") or "").strip():
            self.add(_("The field “%(id)s” has no label.") % {"id": name})
        self.check_condition(item.get("show_if"), name)
        if kind in CHOICE_TYPES:
            self.check_options(item, name)
        if kind in TEXT_TYPES:
            self.check_text_limits(item, name)
        if kind == "number":
            self.check_number_limits(item, name)
        if kind == "date":
            for key in ("min", "max"):
                if item.get(key) not in (None, "") and not _is_date_limit(item[key]):
                    self.add(
                        _("The field “%(id)s”: “%(value)s” is not a date (YYYY-MM-DD or today).")
                        % {"id": name, "value": item[key]}
                    )
        if kind == "file":
            self.check_kinds(item, name)
        prefill = item.get("prefill")
        if prefill not in (None, "") and prefill not in PREFILL_SOURCES:
            self.add(
                _("The field “%(id)s” is prefilled from “%(source)s”, which is not known.")
                % {"id": name, "source": prefill}
            )
        if field_id:
            self.earlier[field_id] = item
            if repeatable:
                self.in_repeat.add(field_id)

    def check_options(self, item: dict, name: str) -> None:
        options = item.get("options")
        if not isinstance(options, list) or not options:
            self.add(_("The field “%(id)s” offers no options to choose from.") % {"id": name})
            return
        values = set()
        for option in options:
            value = option.get("value") if isinstance(option, dict) else None
            if value in (None, "") or not str(option.get("label") or "").strip():
                self.add(
                    _("The field “%(id)s” has an option without value or label.") % {"id": name}
                )
                continue
            if str(value) in values:
                self.add(
                    _("The field “%(id)s” offers the value “%(value)s” twice.")
                    % {"id": name, "value": value}
                )
            values.add(str(value))

    def check_text_limits(self, item: dict, name: str) -> None:
        low, high = item.get("min_length"), item.get("max_length")
        for value in (low, high):
            if value is not None and (not _is_int(value) or value < 0):
                self.add(
                    _("The field “%(id)s”: lengths must be whole numbers of 0 or more.")
                    % {"id": name}
                )
                return
        if low is not None and high is not None and low > high:
            self.add(
                _("The field “%(id)s” needs at least %(min)s characters but allows %(max)s.")
                % {"id": name, "min": low, "max": high}
            )
        pattern = item.get("pattern")
        if pattern not in (None, ""):
            try:
                re.compile(pattern)
            except (re.error, TypeError) as error:
                self.add(
                    _("The field “%(id)s” has a pattern that is not valid: %(error)s")
                    % {"id": name, "error": error}
                )

    def check_number_limits(self, item: dict, name: str) -> None:
        low, high = item.get("min"), item.get("max")
        for value in (low, high):
            if value is not None and not _is_number(value):
                self.add(
                    _("The field “%(id)s”: “%(value)s” is not a number.")
                    % {"id": name, "value": value}
                )
                return
        if low is not None and high is not None and low > high:
            self.add(
                _("The field “%(id)s”: the minimum %(min)s is above the maximum %(max)s.")
                % {"id": name, "min": low, "max": high}
            )
        decimals = item.get("decimals")
        if decimals is not None and (not _is_int(decimals) or decimals < 0):
            self.add(
                _("The field “%(id)s”: decimals must be a whole number of 0 or more.")
                % {"id": name}
            )

    def check_kinds(self, item: dict, name: str) -> None:
        kinds = item.get("kinds")
        if kinds is None:
            return
        if not isinstance(kinds, list) or not kinds:
            self.add(_("The field “%(id)s” accepts no kind of file.") % {"id": name})
            return
        for kind in kinds:
            if kind not in KINDS:
                self.add(
                    _("The field “%(id)s” accepts “%(kind)s”, which is not a known kind of file.")
                    % {"id": name, "kind": kind}
                )

    def check(self, definition) -> list[str]:
        if not isinstance(definition, dict):
            return [_("The form definition is not an object.")]
        pages = definition.get("pages")
        if not isinstance(pages, list) or not pages:
            self.add(_("The form needs at least one page."))
            pages = pages if isinstance(pages, list) else []
        self.all_field_ids = {
            item.get("id")
            for page in pages
            if isinstance(page, dict)
            for group in page.get("groups") or []
            if isinstance(group, dict)
            for item in group.get("fields") or []
            if isinstance(item, dict)
        }
        for page in pages:
            if not isinstance(page, dict):
                self.add(_("A page is not an object."))
                continue
            page_id = self.check_id(page, _("page"))
            self.check_condition(page.get("show_if"), page_id or "?")
            for group in page.get("groups") or []:
                if not isinstance(group, dict):
                    self.add(_("A group is not an object."))
                    continue
                group_id = self.check_id(group, _("group"))
                self.check_condition(group.get("show_if"), group_id or "?")
                self.check_repeat(group, group_id or "?")
                repeatable = bool(group.get("repeat"))
                for item in group.get("fields") or []:
                    if not isinstance(item, dict):
                        self.add(_("A field is not an object."))
                        continue
                    self.check_field(item, repeatable)
        rules = definition.get("rules", [])
        if not isinstance(rules, list) or any(
            not isinstance(rule, dict) or not isinstance(rule.get("text", ""), str)
            for rule in rules
        ):
            self.add(_("The rules must be a list of texts."))
        return self.problems


def validate_definition(definition: dict) -> list[str]:
    """Every problem of the definition as a translated sentence; empty when it is valid."""
    return _Checker().check(definition)
