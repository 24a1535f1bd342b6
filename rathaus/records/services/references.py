"""File references (Aktenzeichen) built from the town's pattern and a running number.

The running number counts per responsible unit, file plan position and year. Its
counter row is locked (``SELECT … FOR UPDATE``) while a number is taken, so two
clerks creating files at the same moment never get the same number.
"""

import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import RecordFile, ReferenceCounter

PLACEHOLDERS = ("unit", "plan", "number", "year")
_SAMPLE = {"unit": "60", "plan": "02.1", "number": 1, "year": 2026}


def validate_pattern(pattern: str) -> None:
    """Refuse a pattern with unknown placeholders, a bad format spec or no {number}."""
    names = []
    try:
        for _literal, name, _spec, _conversion in string.Formatter().parse(pattern):
            if name is not None:
                names.append(name)
    except ValueError:
        raise ValidationError(
            _("The pattern has an unmatched brace. Write placeholders like {number}.")
        ) from None
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Use {unit}, {plan}, {number} and {year}.")
            % {"names": ", ".join("{" + name + "}" for name in unknown)}
        )
    if "number" not in names:
        raise ValidationError(_("The pattern must contain the running number {number}."))
    try:
        pattern.format(**_SAMPLE)
    except (ValueError, TypeError, IndexError, KeyError):
        raise ValidationError(
            _("A format in the pattern is not valid, e.g. write {number:04} for four digits.")
        ) from None


def format_reference(pattern: str, *, unit_code: str, plan_code: str, number: int, year: int):
    return pattern.format(unit=unit_code, plan=plan_code, number=number, year=year)


def _counter(*, unit, plan_entry, year) -> ReferenceCounter:
    """The series' counter row, created if needed, locked until the transaction ends."""
    series = ReferenceCounter.objects.filter(unit=unit, plan_entry=plan_entry, year=year)
    counter = series.select_for_update().first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            ReferenceCounter.objects.create(unit=unit, plan_entry=plan_entry, year=year)
    except IntegrityError:
        pass  # created by a concurrent transaction in the meantime
    return series.select_for_update().get()


@transaction.atomic
def next_reference(*, unit, plan_entry, year: int) -> tuple[int, str]:
    """The next running number of the series and the reference built from it.

    Call inside the transaction that creates the file: the counter stays locked until then.
    A number whose reference is already taken (e.g. the pattern was changed) is skipped.
    """
    from .plan import records_settings

    pattern = records_settings().reference_pattern
    counter = _counter(unit=unit, plan_entry=plan_entry, year=year)
    number = counter.last_number
    while True:
        number += 1
        reference = format_reference(
            pattern, unit_code=unit.code, plan_code=plan_entry.code, number=number, year=year
        )
        if not RecordFile.objects.filter(reference=reference).exists():
            break
    counter.last_number = number
    counter.save(update_fields=["last_number"])
    return number, reference
