"""Factories of the defect reporter's tests."""

from decimal import Decimal

import factory

from rathaus.core.accounts.tests.factories import UnitFactory

from ..models import DefectCategory, DefectReport, DefectSettings, ReportUpdate, Status, Street

# A square around Weiterstadt (longitude, latitude).
WEITERSTADT_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[8.53, 49.88], [8.63, 49.88], [8.63, 49.93], [8.53, 49.93], [8.53, 49.88]]],
}
INSIDE = (Decimal("49.906000"), Decimal("8.582000"))
OUTSIDE = (Decimal("49.872000"), Decimal("8.650000"))  # Darmstadt


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DefectCategory

    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    unit = factory.SubFactory(UnitFactory)


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    name = factory.Sequence(lambda n: f"Street {n}")
    postcode = "64331"
    district = "Weiterstadt"
    latitude = INSIDE[0]
    longitude = INSIDE[1]


class SettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DefectSettings

    boundary = factory.LazyFunction(lambda: dict(WEITERSTADT_BOUNDARY))
    center_latitude = Decimal("49.906000")
    center_longitude = Decimal("8.582000")
    duplicate_radius_m = 100
    questionnaire_after_days = 28


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DefectReport
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: 1000 + n)
    category = factory.SubFactory(CategoryFactory)
    unit = factory.LazyAttribute(lambda report: report.category.unit)
    description = "Die Laterne ist dunkel."
    latitude = INSIDE[0]
    longitude = INSIDE[1]
    address = "Bahnhofstraße 1, 64331 Weiterstadt"
    status = Status.CONFIRMED
    reporter_email = "melder@example.org"

    @factory.post_generation
    def history(report, create, extracted, **kwargs):
        if create:
            ReportUpdate.objects.create(report=report, status=report.status)
