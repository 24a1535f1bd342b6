import pytest
from django.urls import reverse

from rathaus.core.accounts.models import User

from .factories import DEFAULT_PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

LOGIN = reverse("accounts:login")


def sign_in(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_confirmed_account_signs_in_and_reaches_the_dashboard(client):
    UserFactory(email="anna@example.org", given_name="Anna")
    response = sign_in(client, "Anna@Example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert "Anna" in client.get(reverse("accounts:dashboard")).content.decode()


def test_login_page_has_labelled_fields_and_autocomplete(client):
    html = client.get(LOGIN).content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'maxlength="64"' not in html


def test_wrong_password_is_refused_without_telling_which_part_was_wrong(client):
    UserFactory(email="anna@example.org")
    wrong_password = sign_in(client, "anna@example.org", "falsch-falsch-falsch")
    unknown_address = sign_in(client, "niemand@example.org")
    for response in (wrong_password, unknown_address):
        assert response.status_code == 200
        assert "The e-mail address or the password is not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unconfirmed_account_cannot_sign_in_and_is_offered_a_new_link(client):
    UserFactory(email="offen@example.org", email_confirmed_at=None)
    response = sign_in(client, "offen@example.org")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You have not confirmed your e-mail address yet" in html
    assert reverse("accounts:resend_confirmation") in html
    assert "_auth_user_id" not in client.session


def test_next_leads_back_to_a_page_of_this_site(client):
    UserFactory(email="anna@example.org")
    target = reverse("accounts:profile")
    response = sign_in(client, "anna@example.org", next=target)
    assert response["Location"] == target


def test_next_to_another_site_is_ignored(client):
    UserFactory(email="anna@example.org")
    response = sign_in(client, "anna@example.org", next="https://evil.example/phish")
    assert response["Location"] == reverse("accounts:dashboard")


def test_session_key_changes_on_sign_in(client):
    UserFactory(email="anna@example.org")
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    sign_in(client, "anna@example.org")
    assert client.session.session_key != before


def test_five_failed_attempts_lock_the_sign_in(client):
    UserFactory(email="anna@example.org")
    for _attempt in range(4):
        assert sign_in(client, "anna@example.org", "falsch-falsch-falsch").status_code == 200
    locked = sign_in(client, "anna@example.org", "falsch-falsch-falsch")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()

    # Even the right password is refused while locked.
    still_locked = sign_in(client, "anna@example.org")
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address(client):
    UserFactory(email="anna@example.org")
    UserFactory(email="bert@example.org")
    for _attempt in range(5):
        sign_in(client, "anna@example.org", "falsch-falsch-falsch")
    assert sign_in(client, "bert@example.org").status_code == 302


def test_staff_sign_in_on_the_same_page(client):
    StaffFactory(email="clerk@weiterstadt.example")
    response = sign_in(client, "clerk@weiterstadt.example")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_logout_needs_post_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"), follow=True)
    assert "You have signed out" in response.content.decode()
    assert "_auth_user_id" not in client.session
    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(LOGIN)


def test_disabled_account_loses_its_existing_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_disabled_account_cannot_sign_in(client):
    UserFactory(email="anna@example.org", is_active=False)
    response = sign_in(client, "anna@example.org")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signed_in_person_opening_login_goes_to_the_dashboard(client):
    client.force_login(UserFactory())
    assert client.get(LOGIN)["Location"] == reverse("accounts:dashboard")
