"""The JSON Schema (draft 2020-12) of a form's answers: valid itself, accepts answers as the
form engine stores them, refuses answers that could not have been stored."""

import copy
import json
import uuid
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from rathaus.services.formdefs.fim import parse_code_list, parse_fim_schema
from rathaus.services.formdefs.jsonschema import answers_schema
from rathaus.services.formdefs.validation import validate_definition

FIXTURES = Path(__file__).parent / "fim"


def field(field_id, kind, label, **extra):
    return {"id": field_id, "type": kind, "label": label, "hint": "", "required": False, **extra}


# A definition with every field type, a repeatable group and each kind of condition.
DEFINITION = {
    "title": "Sondernutzung Straßenraum",
    "hint": "Für Baustellen, Container und Außengastronomie.",
    "pages": [
        {
            "id": "p1",
            "title": "Antrag",
            "show_if": None,
            "groups": [
                {
                    "id": "g1",
                    "title": "Angaben",
                    "hint": "",
                    "repeat": None,
                    "show_if": None,
                    "fields": [
                        field("intro", "static", "Bitte füllen Sie alle Pflichtfelder aus."),
                        field(
                            "name",
                            "text",
                            "Name",
                            required=True,
                            max_length=100,
                            hint="Wie im Ausweis.",
                        ),
                        field("purpose", "textarea", "Zweck", required=True, min_length=10),
                        field(
                            "use",
                            "choice",
                            "Art der Nutzung",
                            required=True,
                            options=[
                                {"value": "container", "label": "Container"},
                                {"value": "scaffold", "label": "Gerüst"},
                            ],
                        ),
                        field(
                            "container_size",
                            "number",
                            "Größe in m³",
                            required=True,
                            decimals=1,
                            min=1,
                            max=40,
                            show_if={"field": "use", "equals": "container"},
                        ),
                        field("area", "number", "Fläche in m²", required=True, min=0.5),
                        field("days", "number", "Tage", decimals=0),
                        field("start", "date", "Beginn", required=True, min="today"),
                        field(
                            "extras",
                            "multichoice",
                            "Zusätzlich",
                            options=[
                                {"value": "sign", "label": "Beschilderung"},
                                {"value": "light", "label": "Beleuchtung"},
                            ],
                        ),
                        field("address", "address", "Ort der Nutzung", required=True),
                        field("postal", "address", "Abweichende Postanschrift"),
                        field("iban", "iban", "IBAN"),
                        field("email", "email", "E-Mail-Adresse", required=True),
                        field("phone", "phone", "Telefon"),
                        field("plan", "file", "Lageplan", required=True, kinds=["pdf"]),
                        field(
                            "reference",
                            "text",
                            "Aktenzeichen",
                            pattern="[0-9]{5}",
                            show_if={"field": "extras", "in": ["sign"]},
                            required=True,
                        ),
                        field(
                            "consent", "consent", "Ich habe die Auflagen gelesen.", required=True
                        ),
                    ],
                },
                {
                    "id": "helpers",
                    "title": "Beteiligte Firmen",
                    "hint": "Bis zu drei.",
                    "repeat": {"min": 1, "max": 3},
                    "show_if": None,
                    "fields": [
                        field("company", "text", "Firma", required=True),
                        field(
                            "licence",
                            "text",
                            "Zulassungsnummer",
                            required=True,
                            show_if={"field": "use", "equals": "scaffold"},
                        ),
                    ],
                },
            ],
        },
        {
            "id": "p2",
            "title": "Gerüst",
            "show_if": {"field": "use", "equals": "scaffold"},
            "groups": [
                {
                    "id": "g2",
                    "title": "Gerüst",
                    "hint": "",
                    "repeat": None,
                    "show_if": None,
                    "fields": [field("height", "number", "Höhe in m", required=True, decimals=2)],
                },
                {
                    "id": "floors",
                    "title": "Ebenen",
                    "hint": "",
                    "repeat": {"min": 1, "max": 5},
                    "show_if": None,
                    "fields": [field("level", "number", "Ebene", required=True, decimals=0)],
                },
            ],
        },
    ],
    "rules": [],
}

ANSWERS = {
    "name": "Erika Mustermann",
    "purpose": "Container für Bauschutt während der Dachsanierung",
    "use": "container",
    "container_size": "7.5",
    "area": "12",
    "days": "14",
    "start": "2025-05-02",
    "extras": ["sign"],
    "address": {"street": "Darmstädter Straße 40", "postcode": "64331", "city": "Weiterstadt"},
    "postal": {"street": "", "postcode": "", "city": ""},
    "iban": "DE89370400440532013000",
    "email": "erika@example.org",
    "phone": "06150 400-0",
    "plan": "7d9f1c52-3f0e-4c4a-9a57-2f4e0c1b8a11",
    "reference": "12345",
    "consent": True,
    "helpers": [{"company": "Dachbau Riedel GmbH"}],
}


def validator(definition=DEFINITION) -> Draft202012Validator:
    return Draft202012Validator(
        answers_schema(definition), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(answers, definition=DEFINITION) -> list[str]:
    return [error.message for error in validator(definition).iter_errors(answers)]


def answers(**changes) -> dict:
    result = copy.deepcopy(ANSWERS)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def bewohnerparkausweis() -> dict:
    lists = {}
    for name in ("codeliste_fahrzeugart.xml", "codeliste_bewohnerparkzonen.xml"):
        parsed = parse_code_list((FIXTURES / name).read_bytes())
        lists[(parsed["uri"], parsed["version"])] = parsed["entries"]
    data = (FIXTURES / "xdf3_bewohnerparkausweis.xml").read_bytes()
    return parse_fim_schema(data, code_lists=lists).definition


def test_definition_used_here_is_valid():
    assert validate_definition(DEFINITION) == []


@pytest.mark.parametrize("definition", [DEFINITION, "fim"])
def test_schema_is_a_valid_draft_2020_12_schema(definition):
    definition = bewohnerparkausweis() if definition == "fim" else definition

    schema = answers_schema(definition)

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_realistic_answers_validate():
    assert errors(ANSWERS) == []


def test_answers_to_an_imported_fim_form_validate():
    applicant = {
        "F60000000228": "Erika",
        "F60000000227": "Mustermann",
        "F60000000234": "1980-04-12",
        "F60000000243": "Darmstädter Straße",
        "F60000000244": "40a",
        "F60000000246": "64331",
        "F60000000247": "Weiterstadt",
    }
    stored = {
        **applicant,
        "G00000000201": [
            {"F00000000202": "DA-AB 123", "F00000000203": "01", "F00000000205": "true"},
            {"F00000000202": "DA-XY 9E", "F00000000203": "02", "F00000000205": "false"},
        ],
        "F00000000213": "B",
        "F00000000214": "12",
        "F00000000216": "2025-06-01",
        "F00000000215": ["01"],
        "G00000000230": [],
        "F00000000208": str(uuid.uuid4()),
        "F00000000210": True,
    }
    schema_validator = validator(bewohnerparkausweis())

    assert list(schema_validator.iter_errors(stored)) == []
    wrong_plate = copy.deepcopy(stored)
    wrong_plate["G00000000201"][0]["F00000000202"] = "kein Kennzeichen"
    assert not schema_validator.is_valid(wrong_plate)
    too_many = {**stored, "G00000000201": stored["G00000000201"] * 2}
    assert not schema_validator.is_valid(too_many)
    assert not schema_validator.is_valid({**stored, "F00000000214": "25.5"})


def test_missing_required_answer_fails():
    assert errors(answers(email=None)) == ["'email' is a required property"]


def test_answer_to_an_unknown_field_fails():
    assert errors(answers(favourite_colour="blue"))


def test_choice_outside_the_options_fails():
    assert errors(answers(use="kiosk"))


def test_static_fields_take_no_answer():
    schema = answers_schema(DEFINITION)

    assert "intro" not in schema["properties"]


def test_title_and_description_come_from_labels_and_hints():
    schema = answers_schema(DEFINITION, title="Sondernutzung (Stadt Weiterstadt)")

    assert schema["title"] == "Sondernutzung (Stadt Weiterstadt)"
    assert schema["description"] == "Für Baustellen, Container und Außengastronomie."
    assert schema["properties"]["name"]["title"] == "Name"
    assert schema["properties"]["name"]["description"] == "Wie im Ausweis."
    assert answers_schema(DEFINITION)["title"] == "Sondernutzung Straßenraum"


def test_text_limits_and_pattern_apply_to_the_whole_answer():
    assert errors(answers(name="x" * 101))
    assert errors(answers(purpose="zu kurz"))
    assert errors(answers(reference="12345x"))
    assert errors(answers(name=""))


@pytest.mark.parametrize("value", ["12", "12.5", "12.25", "-3", "0.5"])
def test_number_is_stored_as_a_decimal_string(value):
    assert errors(answers(area=value)) == []


@pytest.mark.parametrize("value", [12.5, "12,5", "12.555", "1e3", "zwölf"])
def test_number_that_is_not_a_decimal_string_with_its_decimals_fails(value):
    assert errors(answers(area=value))


def test_whole_number_field_takes_no_decimals():
    assert errors(answers(days="14.5"))


def test_number_range_is_declared_as_the_content_of_the_decimal_string():
    schema = answers_schema(DEFINITION)["properties"]["container_size"]

    assert schema["contentMediaType"] == "application/json"
    assert schema["contentSchema"] == {"type": "number", "minimum": 1, "maximum": 40}
    content = Draft202012Validator(schema["contentSchema"])
    assert content.is_valid(json.loads("7.5"))
    assert not content.is_valid(json.loads("41"))


def test_date_is_an_iso_date():
    assert errors(answers(start="02.05.2025"))


def test_multichoice_is_a_list_of_distinct_option_values():
    assert errors(answers(extras=["sign", "light"])) == []
    assert errors(answers(extras=["sign", "sign"]))
    assert errors(answers(extras=["music"]))
    assert errors(answers(extras="sign"))


def test_address_is_an_object_with_street_postcode_and_city():
    assert errors(answers(address={"street": "Darmstädter Straße 40", "postcode": "64331"}))
    assert errors(answers(address={**ANSWERS["address"], "postcode": "6433"}))
    assert errors(answers(address={**ANSWERS["address"], "postcode": ""}))


def test_optional_address_left_empty_is_stored_with_empty_parts():
    assert errors(answers(postal={"street": "", "postcode": "", "city": ""})) == []


def test_file_is_the_uuid_of_the_stored_file():
    assert errors(answers(plan="Lageplan.pdf"))


def test_consent_is_true():
    assert errors(answers(consent=False))


def test_email_and_iban_are_checked():
    assert errors(answers(email="erika.example.org"))
    assert errors(answers(iban="DE89 3704 0044 0532 0130 00"))


def test_conditional_field_is_required_only_when_its_condition_holds():
    assert errors(answers(container_size=None)) == ["'container_size' is a required property"]
    scaffold = answers(use="scaffold", container_size=None, height="3.5", floors=[{"level": "2"}])
    scaffold["helpers"] = [{"company": "Gerüstbau Lang", "licence": "G-17"}]
    assert errors(scaffold) == []


def test_conditional_fields_are_never_listed_as_required_outright():
    schema = answers_schema(DEFINITION)

    assert "container_size" not in schema["required"]
    assert "reference" not in schema["required"]
    assert "height" not in schema["required"]
    assert "name" in schema["required"]


def test_field_on_a_conditional_page_is_required_when_the_page_is_shown():
    scaffold = answers(use="scaffold", container_size=None, floors=[{"level": "1"}])
    scaffold["helpers"] = [{"company": "Gerüstbau Lang", "licence": "G-17"}]

    assert errors(scaffold) == ["'height' is a required property"]
    assert errors({**scaffold, "height": "3.5"}) == []


def test_conditional_field_in_a_repeatable_group_is_required_in_every_entry():
    scaffold = answers(use="scaffold", container_size=None, height="3.5", floors=[{"level": "1"}])

    assert errors(scaffold) == ["'licence' is a required property"]


def test_repeatable_group_on_a_conditional_page_needs_its_minimum_only_when_shown():
    assert errors(answers()) == []
    scaffold = answers(use="scaffold", container_size=None, height="3.5")
    scaffold["helpers"] = [{"company": "Gerüstbau Lang", "licence": "G-17"}]

    assert errors(scaffold) == ["'floors' is a required property"]


def test_repeatable_group_is_a_list_of_entries_within_its_bounds():
    assert errors(answers(helpers=[]))
    assert errors(answers(helpers=[{"company": "A"}] * 4))
    assert errors(answers(helpers=[{"company": "A", "colour": "blue"}]))
    assert errors(answers(helpers=[{}]))
