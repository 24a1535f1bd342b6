"""Each town chooses the languages its pages are offered in; the first is the default."""

from rathaus.core.models import Town


def set_languages(town: Town, languages: str) -> None:
    Town.objects.filter(pk=town.pk).update(languages=languages)


def test_every_language_is_offered_when_the_town_chose_none(client):
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and '<html lang="de"' in page


def test_a_german_only_town_answers_in_german_and_offers_no_switch(client, town):
    set_languages(town, "de")
    client.cookies["django_language"] = "en"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de"' in page
    assert 'name="language"' not in page


def test_a_town_can_default_to_english(client, town):
    set_languages(town, "en,de")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="en"' in page


def test_unknown_language_codes_are_refused(town):
    import pytest
    from django.core.exceptions import ValidationError

    town.languages = "de,xx"
    with pytest.raises(ValidationError):
        town.full_clean()
