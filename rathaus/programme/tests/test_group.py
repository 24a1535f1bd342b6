"""The expert group: members (staff and external experts), meetings with numbered decisions,
tasks and documents. Members and the officer see the group; everyone else gets 404. An
external expert gets a citizen account through the accounts' own set-password link and sees
the group's pages and nothing of the staff area."""

import datetime
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.models import User, email_lookup_for
from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.notifications.models import Message
from rathaus.core.staff.tests.conftest import sign_in_verified

from ..models import Decision, ExpertGroupMember, GroupDocument, GroupTask, Meeting
from ..services import group as services
from .factories import (
    DecisionFactory,
    ExpertGroupMemberFactory,
    GroupTaskFactory,
    MeetingFactory,
    pdf_upload,
)

HOME = "/expertengruppe/"
NEW_PASSWORD = "Beirat-Weiterstadt-2026!"


@pytest.fixture
def member(colleague):
    return ExpertGroupMemberFactory(person=colleague, organisation="Stadt Weiterstadt, Hauptamt")


@pytest.fixture
def member_client(client, member):
    sign_in_verified(client, member.person)
    return client


@pytest.fixture
def external_member():
    person = UserFactory(given_name="Miriam", family_name="Albers")
    return ExpertGroupMemberFactory(person=person, organisation="Digitalverein", is_external=True)


# --- Who sees the group -------------------------------------------------------------------


def test_staff_who_are_not_members_get_404(client, colleague):
    sign_in_verified(client, colleague)
    assert client.get(HOME).status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, summary="expert group: not a member"
    ).exists()


def test_citizens_who_are_not_members_get_404(client):
    client.force_login(UserFactory())
    assert client.get(HOME).status_code == 404
    assert client.get(reverse("expert_group:meetings")).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_members_pass_their_second_factor_first(client, member):
    client.force_login(member.person)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith("/zwei-faktor/")


def test_members_and_the_officer_see_the_group(member_client, member, officer, client):
    page = member_client.get(HOME).content.decode()
    assert "Stadt Weiterstadt, Hauptamt" in page
    assert "Add a member of staff" not in page  # only the officer manages members
    sign_in_verified(client, officer)
    assert "Add a member of staff" in client.get(HOME).content.decode()


def test_a_member_who_left_no_longer_sees_the_group(member_client, member, officer):
    services.end_membership(actor=officer, member=member)
    assert member_client.get(HOME).status_code == 404


def test_only_current_members_find_the_group_on_their_account_page(
    client, external_member, officer
):
    client.force_login(external_member.person)
    account = reverse("accounts:dashboard")
    assert f'href="{HOME}"' in client.get(account).content.decode()
    services.end_membership(actor=officer, member=external_member)
    assert f'href="{HOME}"' not in client.get(account).content.decode()
    client.force_login(UserFactory())
    assert f'href="{HOME}"' not in client.get(account).content.decode()


def test_members_cannot_manage_the_membership(member_client, member):
    for url in (
        reverse("expert_group:member_add_staff"),
        reverse("expert_group:member_add_external"),
        reverse("expert_group:member_edit", args=[member.pk]),
        reverse("expert_group:member_end", args=[member.pk]),
    ):
        assert member_client.get(url).status_code == 404


# --- Members ------------------------------------------------------------------------------


def test_the_officer_adds_a_member_of_staff(officer_client, colleague, outbox):
    response = officer_client.post(
        reverse("expert_group:member_add_staff"),
        {"person": str(colleague.pk), "organisation": "Stadt Weiterstadt, Bauamt"},
    )
    assert response.status_code == 302
    member = ExpertGroupMember.objects.get(person=colleague)
    assert (member.is_external, member.organisation) == (False, "Stadt Weiterstadt, Bauamt")
    assert Message.objects.get(recipient=colleague).link == HOME
    entry = AuditEntry.objects.get(summary="member of staff joined the expert group")
    assert entry.object_repr == f"expert-group member {member.pk}"  # no name in the audit


def test_a_current_member_cannot_be_added_twice(officer, member):
    with pytest.raises(services.AlreadyMember):
        services.add_staff_member(actor=officer, person=member.person, organisation="x")


def test_a_former_member_can_join_again(officer, member):
    services.end_membership(actor=officer, member=member)
    services.add_staff_member(actor=officer, person=member.person, organisation="Hauptamt")
    member.refresh_from_db()
    assert member.left_on is None


def test_naming_a_chair_ends_the_previous_chair(officer, member, external_member):
    services.update_member(actor=officer, member=member, organisation="Hauptamt", is_chair=True)
    services.update_member(
        actor=officer, member=external_member, organisation="Verein", is_chair=True
    )
    member.refresh_from_db()
    assert (member.is_chair, ExpertGroupMember.objects.get(is_chair=True)) == (
        False,
        external_member,
    )


def _invite(officer_client, **overrides):
    data = {
        "given_name": "Miriam",
        "family_name": "Albers",
        "email": "miriam.albers@example.org",
        "organisation": "Digitalverein Weiterstadt e. V.",
    }
    data.update(overrides)
    return officer_client.post(reverse("expert_group:member_add_external"), data)


def test_an_external_expert_sets_a_password_and_sees_only_the_group(
    officer_client, client, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(officer_client)
    assert response.status_code == 302
    expert = User.objects.get(email_lookup=email_lookup_for("miriam.albers@example.org"))
    assert expert.kind == User.Kind.CITIZEN and not expert.has_usable_password()
    assert ExpertGroupMember.objects.get(person=expert).is_external
    [mail] = outbox
    assert mail.to == ["miriam.albers@example.org"]
    assert "Expertengruppe" in mail.subject
    found = re.search(r"https?://[^/\s]+(/konto/passwort-neu/\S+)", mail.body)
    assert found, mail.body
    link = found.group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    expert.refresh_from_db()
    assert check_password(NEW_PASSWORD, expert.password)

    signed_in = client.post(
        reverse("accounts:login"), {"username": expert.email, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get(HOME).status_code == 200
    assert "Digitalverein Weiterstadt e. V." in client.get(HOME).content.decode()
    # Without a staff area, the account page is where the expert finds the group again.
    assert f'href="{HOME}"' in client.get(reverse("accounts:dashboard")).content.decode()
    for staff_page in (
        "/staff/",
        "/staff/programm/",
        "/staff/programm/foerderung/",
        "/staff/programm/foerderung/beispiele/",
        "/staff/akten/",
    ):
        assert client.get(staff_page).status_code == 404, staff_page
    # The officer's pages inside the group stay closed too.
    assert client.get(reverse("expert_group:member_add_external")).status_code == 404


def test_an_address_of_a_member_of_staff_cannot_be_invited_as_external(officer_client, colleague):
    response = _invite(officer_client, email=colleague.email)
    assert response.status_code == 400
    assert "belongs to a member of staff" in response.content.decode()
    assert not ExpertGroupMember.objects.exists()


def test_an_existing_citizen_account_is_used_as_it_is(
    officer_client, django_capture_on_commit_callbacks, outbox
):
    citizen = UserFactory(email="expertin@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(officer_client, email="expertin@example.org")
    assert ExpertGroupMember.objects.get().person == citizen
    assert User.objects.filter(email_lookup=email_lookup_for("expertin@example.org")).count() == 1
    [mail] = outbox
    assert "passwort-neu" not in mail.body  # they have a password: told, not invited


def test_the_officer_sends_an_invitation_again(
    officer_client, django_capture_on_commit_callbacks, outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(officer_client)
        member = ExpertGroupMember.objects.get()
        response = officer_client.post(
            reverse("expert_group:member_invite_again", args=[member.pk])
        )
    assert response.status_code == 302
    assert len(outbox) == 2


def test_bad_invitation_input_is_refused_and_kept(officer_client):
    response = _invite(officer_client, email="miriam.albers", organisation="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an e-mail address in the correct format" in page
    assert "Enter the organisation." in page
    assert 'value="Albers"' in page


# --- Meetings, decisions, tasks -----------------------------------------------------------


def test_a_member_records_a_meeting_a_decision_and_a_task(member_client, member):
    response = member_client.post(
        reverse("expert_group:meeting_new"),
        {
            "title": "4. Sitzung",
            "starts_at": "2026-12-10T17:00",
            "place": "Rathaus, Sitzungszimmer 2",
            "agenda": "1. Förderung\n2. Barrierefreiheit",
            "minutes": "",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("expert_group:meeting", args=[meeting.pk])
    for text in ("Förderantrag stellen.", "Screenreader-Test durchführen."):
        member_client.post(
            reverse("expert_group:decision_new", args=[meeting.pk]),
            {
                "text": text,
                "task_title": "Antrag entwerfen" if text.startswith("Förder") else "",
                "task_owner": str(member.person.pk) if text.startswith("Förder") else "",
                "task_due_on": "2027-01-15" if text.startswith("Förder") else "",
            },
        )
    assert list(meeting.decisions.values_list("number", "text")) == [
        (1, "Förderantrag stellen."),
        (2, "Screenreader-Test durchführen."),
    ]
    task = GroupTask.objects.get()
    assert (task.decision.number, task.owner, task.due_on) == (
        1,
        member.person,
        datetime.date(2027, 1, 15),
    )
    page = member_client.get(reverse("expert_group:meeting", args=[meeting.pk])).content.decode()
    assert "Decision 2" in page and "Antrag entwerfen" in page


def test_a_task_needs_an_owner_and_a_due_date(member_client):
    meeting = MeetingFactory()
    response = member_client.post(
        reverse("expert_group:decision_new", args=[meeting.pk]),
        {"text": "Etwas tun.", "task_title": "Jemand tut es", "task_owner": "", "task_due_on": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the member who does the task." in page
    assert "Enter the date the task is due." in page
    assert not Decision.objects.exists()


def test_tasks_go_only_to_current_members(officer, member):
    decision = DecisionFactory()
    with pytest.raises(services.NotAMember):
        services.add_task(
            actor=officer,
            decision=decision,
            title="Bericht",
            owner=StaffFactory(),
            due_on=timezone.localdate(),
        )


def test_overdue_tasks_are_marked_in_text_and_can_be_marked_done(member_client, member):
    today = timezone.localdate()
    late = GroupTaskFactory(
        title="Nachbarkommunen anfragen",
        owner=member.person,
        due_on=today - datetime.timedelta(days=3),
    )
    GroupTaskFactory(
        title="Testgruppe bilden", owner=member.person, due_on=today + datetime.timedelta(days=10)
    )
    page = member_client.get(reverse("expert_group:tasks")).content.decode()
    assert "overdue" in page
    assert f"was due on {(today - datetime.timedelta(days=3)).strftime('%m/%d/%Y')}" in page
    response = member_client.post(
        reverse("expert_group:task_done", args=[late.pk]), {"from": "tasks"}
    )
    assert response["Location"] == reverse("expert_group:tasks")
    late.refresh_from_db()
    assert late.done_on == today
    page = member_client.get(reverse("expert_group:tasks")).content.decode()
    assert "The task “Nachbarkommunen anfragen” is done." in page
    table = page.split("<table", 1)[1]
    assert "Nachbarkommunen anfragen" not in table and "Testgruppe bilden" in table


def test_the_home_page_lists_open_tasks_with_a_constant_number_of_queries(
    member_client, member, django_assert_max_num_queries
):
    for number in range(8):
        GroupTaskFactory(title=f"Aufgabe {number}", owner=member.person)
    with django_assert_max_num_queries(30):
        page = member_client.get(HOME).content.decode()
    assert "Aufgabe 7" in page


# --- Documents ----------------------------------------------------------------------------


def test_documents_are_uploaded_and_downloaded_only_by_members(
    member_client, member, client, colleague
):
    meeting = MeetingFactory()
    response = member_client.post(
        reverse("expert_group:document_new", args=[meeting.pk]),
        {"title": "Protokoll", "file": pdf_upload()},
    )
    assert response.status_code == 302
    document = GroupDocument.objects.get()
    url = reverse("expert_group:document", args=[document.pk])
    download = member_client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    outsider = StaffFactory()
    client.logout()
    sign_in_verified(client, outsider)
    assert client.get(url).status_code == 404
    # Nor through the general file address.
    assert client.get(f"/dateien/{document.file_id}/").status_code == 404


def test_an_upload_that_is_not_a_document_is_refused(member_client):
    meeting = MeetingFactory()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = member_client.post(
        reverse("expert_group:document_new", args=[meeting.pk]),
        {"title": "Skript", "file": SimpleUploadedFile("x.pdf", b"#!/bin/sh\necho hi\n")},
    )
    assert response.status_code == 400
    assert "This type of file is not accepted here." in response.content.decode()
    assert not GroupDocument.objects.exists()


def test_the_officer_works_in_the_group_without_being_a_member(officer_client):
    response = officer_client.post(
        reverse("expert_group:meeting_new"),
        {
            "title": "Auftakt",
            "starts_at": "2026-12-01T17:00",
            "place": "Rathaus",
            "agenda": "1. Start",
        },
    )
    assert response.status_code == 302
