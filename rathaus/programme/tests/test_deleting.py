"""Deleting from the concept: a field of action only once it has no measures, a key figure
with its targets, values and evidence files (measures and the budget account lose the link,
nothing else). Only the e-Government officer deletes; every deletion is audited."""

import datetime
from decimal import Decimal

from django.core.files.storage import default_storage
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.models import StoredFile

from ..models import FieldOfAction, KeyFigure, KeyFigureTarget, KeyFigureValue, Measure
from ..services import figures as figure_services
from .factories import (
    BudgetAccountFactory,
    FieldOfActionFactory,
    KeyFigureFactory,
    KeyFigureTargetFactory,
    pdf_upload,
)


def _deleted(obj) -> bool:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(obj.pk)
    ).exists()


# ------------------------------------------------------------------ fields of action


def test_the_officer_deletes_a_field_of_action_without_measures(officer_client):
    field = FieldOfActionFactory(title="Barrierefreiheit")
    detail = officer_client.get(reverse("programme:field", args=[field.slug])).content.decode()
    url = reverse("programme:field_delete", args=[field.slug])
    assert f'href="{url}"' in detail

    confirm = officer_client.get(url)
    assert confirm.status_code == 200
    assert "Barrierefreiheit" in confirm.content.decode()

    response = officer_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("programme:fields")
    assert "The field of action is deleted." in response.content.decode()
    assert not FieldOfAction.objects.filter(pk=field.pk).exists()
    assert _deleted(field)


def test_a_field_with_measures_is_not_deleted_and_its_measures_stay(officer_client, measure):
    field = measure.field
    detail = officer_client.get(reverse("programme:field", args=[field.slug])).content.decode()
    url = reverse("programme:field_delete", args=[field.slug])
    assert f'href="{url}"' not in detail

    confirm = officer_client.get(url).content.decode()
    assert "Move its measures to another field of action first." in confirm
    assert 'method="post"' not in confirm.split("<main", 1)[1]

    response = officer_client.post(url, follow=True)
    assert "Move its measures to another field of action first." in response.content.decode()
    assert FieldOfAction.objects.filter(pk=field.pk).exists()
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_other_staff_cannot_delete_a_field_of_action(colleague_client):
    field = FieldOfActionFactory()
    url = reverse("programme:field_delete", args=[field.slug])
    assert colleague_client.get(url).status_code == 404
    assert colleague_client.post(url).status_code == 404
    assert FieldOfAction.objects.filter(pk=field.pk).exists()
    detail = colleague_client.get(reverse("programme:field", args=[field.slug])).content.decode()
    assert f'href="{url}"' not in detail


# ------------------------------------------------------------------ key figures


def _figure_with_everything(officer, measure):
    figure = KeyFigureFactory(title="Papierlose Eingänge")
    KeyFigureTargetFactory(figure=figure, year=2026, value=Decimal("60"))
    KeyFigureTargetFactory(figure=figure, year=2027, value=Decimal("75"))
    value = figure_services.record_value(
        actor=officer,
        figure=figure,
        month=datetime.date(2026, 3, 1),
        value=Decimal("37.5"),
        evidence="Posteingangsstatistik.",
        evidence_upload=pdf_upload("zaehlung.pdf"),
        today=datetime.date(2026, 4, 2),
    )
    measure.key_figures.add(figure)
    account = BudgetAccountFactory(key_figure=figure)
    return figure, value, account


def test_the_officer_sees_what_goes_with_a_key_figure_and_deletes_it(
    officer, officer_client, measure, django_capture_on_commit_callbacks
):
    figure, value, account = _figure_with_everything(officer, measure)
    evidence = value.evidence_file
    assert default_storage.exists(evidence.storage_name)
    detail = officer_client.get(reverse("programme:figure", args=[figure.slug])).content.decode()
    url = reverse("programme:figure_delete", args=[figure.slug])
    assert f'href="{url}"' in detail

    confirm = officer_client.get(url).content.decode()
    assert "1 recorded monthly value, with its evidence" in confirm
    assert "2 targets" in confirm
    assert "3.1 E-Akte im Bauamt einführen" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("programme:figures")
    assert "The key figure is deleted." in response.content.decode()
    assert not KeyFigure.objects.filter(pk=figure.pk).exists()
    assert not KeyFigureValue.objects.exists() and not KeyFigureTarget.objects.exists()
    assert not StoredFile.objects.filter(pk=evidence.pk).exists()
    assert not default_storage.exists(evidence.storage_name)
    measure.refresh_from_db()
    account.refresh_from_db()
    assert measure.key_figures.count() == 0 and account.key_figure is None
    assert _deleted(figure)
    page = officer_client.get(reverse("programme:measure", args=[measure.pk]))
    assert page.status_code == 200 and "Papierlose Eingänge" not in page.content.decode()


def test_other_staff_cannot_delete_a_key_figure(colleague_client):
    figure = KeyFigureFactory()
    url = reverse("programme:figure_delete", args=[figure.slug])
    assert colleague_client.get(url).status_code == 404
    assert colleague_client.post(url).status_code == 404
    assert KeyFigure.objects.filter(pk=figure.pk).exists()
    detail = colleague_client.get(reverse("programme:figure", args=[figure.slug])).content.decode()
    assert f'href="{url}"' not in detail
