"""Factories and helpers for the route, inbox and start page tests (helper D)."""

import factory
from django.utils import timezone

from rathaus.records.models import Route, RouteStep

from .factories import ProcedureFactory, RecordFileFactory


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    procedure = factory.SubFactory(ProcedureFactory)
    subject = factory.Sequence(lambda n: f"Mitzeichnung {n}")


class RouteStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStep

    route = factory.SubFactory(RouteFactory)
    position = 1
    kind = RouteStep.Kind.COSIGN
    state = RouteStep.State.PENDING
    activated_at = factory.LazyFunction(timezone.now)


def procedure_of(unit, plan_entry, **kwargs):
    """A procedure in a new file of ``unit``."""
    file = RecordFileFactory(unit=unit, plan_entry=plan_entry)
    return ProcedureFactory(file=file, **kwargs)


def pending_steps(*, count: int, user=None, unit=None, plan_entry, file_unit, due_on=None):
    """``count`` pending steps, each on its own route and procedure, for ``user`` or ``unit``."""
    steps = []
    for _ in range(count):
        procedure = procedure_of(file_unit, plan_entry)
        route = RouteFactory(procedure=procedure)
        steps.append(
            RouteStepFactory(route=route, assigned_user=user, assigned_unit=unit, due_on=due_on)
        )
    return steps


def step_rows(*rows: dict, total: int = 5) -> dict:
    """POST data for the start form's step rows (``steps-N-field``), padded with empty rows."""
    data = {
        "steps-TOTAL_FORMS": str(max(total, len(rows))),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "50",
    }
    for index in range(max(total, len(rows))):
        row = {"position": "1", "kind": "cosign", "user": "", "unit": "", "due_on": ""}
        if index < len(rows):
            row |= {key: str(value) for key, value in rows[index].items()}
        for key, value in row.items():
            data[f"steps-{index}-{key}"] = value
    return data
