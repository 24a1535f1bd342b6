"""Fixtures of the survey tests: a running survey with one question of each kind, and
the people who build surveys."""

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UserFactory
from rathaus.core.staff.tests.conftest import english, sign_in_verified  # noqa: F401

from .factories import SurveyFactory, every_kind


@pytest.fixture
def survey():
    return SurveyFactory()


@pytest.fixture
def questions(survey):
    return every_kind(survey)


@pytest.fixture
def process(survey):
    return survey.process


def staff_with(role: str, **names):
    user = StaffFactory(**names)
    RoleAssignmentFactory(user=user, role=role, unit=None)
    return user


@pytest.fixture
def manager():
    return staff_with(Role.PARTICIPATION_MANAGER, given_name="Nina", family_name="Berg")


@pytest.fixture
def manager_client(client, manager):
    sign_in_verified(client, manager)
    return client


@pytest.fixture
def citizen():
    return UserFactory(email="erika@example.org")


def answer_url(survey) -> str:
    return f"/beteiligung/{survey.process.slug}/umfragen/{survey.pk}/"


def staff_url(survey, rest: str = "") -> str:
    return f"/staff/beteiligung/{survey.process.slug}/umfragen/{survey.pk}/{rest}"
