"""FIM import: Stammdatenschema files in XDatenfelder 2.0 and 3.0.0 become form definitions;
genericode code lists are cached per town. Names of elements and codes follow the standard
(Datenfeldgruppe, Datenfeld, anzahl, feldart, datentyp, praezisierung, codelisteReferenz,
status / freigabestatus)."""

from pathlib import Path

import pytest
from lxml import etree

from rathaus.core.accounts.models import RoleAssignment
from rathaus.core.accounts.tests.factories import StaffFactory, UnitFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.tenancy import for_town
from rathaus.services.exceptions import FimImportError
from rathaus.services.formdefs.engine import all_fields
from rathaus.services.formdefs.fim import parse_code_list, parse_fim_schema
from rathaus.services.formdefs.validation import validate_definition
from rathaus.services.models import CodeList, FormDefinition, Service
from rathaus.services.services.fim_import import import_code_list, import_fim_form

FIXTURES = Path(__file__).parent / "fim"
XDF = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"
FAHRZEUGART = "urn:de:weiterstadt:codeliste:fahrzeugart"
PARKZONEN = "urn:de:weiterstadt:codeliste:bewohnerparkzonen"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def cached_lists() -> dict:
    lists = {}
    for name in ("codeliste_fahrzeugart.xml", "codeliste_bewohnerparkzonen.xml"):
        parsed = parse_code_list(fixture(name))
        lists[(parsed["uri"], parsed["version"])] = parsed["entries"]
    return lists


def read(name: str, **kwargs):
    return parse_fim_schema(fixture(name), code_lists=cached_lists(), **kwargs)


def fields_of(form) -> dict[str, dict]:
    return {item["id"]: item for _page, _group, item in all_fields(form.definition)}


def groups_of(form) -> dict[str, dict]:
    return {group["id"]: group for page in form.definition["pages"] for group in page["groups"]}


def edited(name: str, change) -> bytes:
    """The fixture after ``change(root)`` edited its XML tree."""
    root = etree.fromstring(fixture(name))
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def element(root, element_id: str, occurrence: int = 0):
    found = root.xpath(
        "//*[local-name()='identifikation']/*[local-name()='id' and text()=$id]/../..",
        id=element_id,
    )
    return found[occurrence]


def refused(data: bytes, **kwargs) -> str:
    with pytest.raises(FimImportError) as caught:
        parse_fim_schema(data, code_lists=cached_lists(), **kwargs)
    return str(caught.value.message)


# --- XDatenfelder 2.0 ---------------------------------------------------------------------------


def test_xdf2_top_level_groups_become_pages_in_order():
    form = read("xdf2_bewohnerparkausweis.xml")

    assert [page["title"] for page in form.definition["pages"]] == [
        "Antragstellende Person",
        "Fahrzeug",
        "Nachweise und Erklärung",
    ]
    assert form.definition["title"] == "Bewohnerparkausweis beantragen"


def test_xdf2_subgroup_becomes_a_fieldset_on_the_page_of_its_group():
    form = read("xdf2_bewohnerparkausweis.xml")

    first_page = form.definition["pages"][0]
    assert [group["id"] for group in first_page["groups"]] == [
        "G60000025",
        "G60000086",
        "G60000025-2",
    ]
    assert [item["id"] for item in first_page["groups"][1]["fields"]] == [
        "F60000243",
        "F60000244",
        "F60000246",
        "F60000247",
    ]


def test_xdf2_fields_keep_fim_ids_labels_hints_and_praezisierung_limits():
    fields = fields_of(read("xdf2_bewohnerparkausweis.xml"))

    first_names = fields["F60000228"]
    assert first_names["type"] == "text"
    assert first_names["label"] == "Vornamen"
    assert first_names["hint"] == "Alle Vornamen, wie sie im Ausweis stehen."
    assert (first_names["min_length"], first_names["max_length"]) == (1, 120)
    assert first_names["fim"] == {
        "id": "F60000228",
        "version": "1.3",
        "feldart": "input",
        "datentyp": "text",
    }
    assert fields["F60000246"]["pattern"] == "[0-9]{5}"
    assert fields["F60000234"]["type"] == "date"
    assert fields["F60000234"]["min"] == "1900-01-01"


def test_anzahl_one_to_one_is_required_and_zero_to_one_is_optional():
    fields = fields_of(read("xdf2_bewohnerparkausweis.xml"))

    assert fields["F60000227"]["required"] is True
    assert fields["F60000242"]["required"] is False


def test_group_with_anzahl_one_to_three_becomes_a_repeatable_group():
    groups = groups_of(read("xdf2_bewohnerparkausweis.xml"))

    assert groups["G00000201"]["repeat"] == {"min": 1, "max": 3}
    assert [item["id"] for item in groups["G00000201"]["fields"]] == [
        "F00000202",
        "F00000203",
        "F00000205",
    ]


def test_xdf2_select_takes_its_options_from_the_cached_code_list():
    fields = fields_of(read("xdf2_bewohnerparkausweis.xml"))

    assert fields["F00000203"]["type"] == "choice"
    assert fields["F00000203"]["options"] == [
        {"value": "01", "label": "Personenkraftwagen"},
        {"value": "02", "label": "Kraftrad"},
        {"value": "03", "label": "Wohnmobil bis 3,5 t"},
    ]


def test_yes_no_question_becomes_a_choice_and_a_declaration_a_consent():
    fields = fields_of(read("xdf2_bewohnerparkausweis.xml"))

    assert fields["F00000205"]["type"] == "choice"
    assert fields["F00000205"]["options"] == [
        {"value": "true", "label": "Ja"},
        {"value": "false", "label": "Nein"},
    ]
    assert fields["F00000210"]["type"] == "consent"
    assert fields["F00000210"]["required"] is True


def test_label_field_becomes_static_text_with_its_content():
    fields = fields_of(read("xdf2_bewohnerparkausweis.xml"))

    assert fields["F00000207"]["type"] == "static"
    assert fields["F00000207"]["label"].startswith("Laden Sie die Zulassungsbescheinigung")
    assert fields["F00000207"]["required"] is False


def test_file_fields_accept_pdf_and_images_unless_the_schema_says_otherwise():
    fields = fields_of(read("xdf2_bewohnerparkausweis.xml"))

    assert fields["F00000208"]["type"] == "file"
    assert fields["F00000208"]["kinds"] == ["pdf", "jpeg", "png"]


def test_rules_are_kept_as_text_and_never_become_conditions():
    form = read("xdf2_bewohnerparkausweis.xml")

    assert form.definition["rules"] == [
        {
            "id": "R00000211",
            "name": "Nutzungsvereinbarung bei fremdem Fahrzeug",
            "text": "Wenn F00000205 'Halter ist antragstellende Person' = nein, dann ist"
            " F00000209 'Nutzungsvereinbarung' eine Pflichtangabe.",
            "script": "if (!F00000205) { pflicht(F00000209); }",
        }
    ]
    assert form.rules_text.startswith("R00000211 Nutzungsvereinbarung bei fremdem Fahrzeug: Wenn")
    assert all(item["show_if"] is None for item in fields_of(form).values())


def test_xdf2_result_names_schema_version_status_and_standard():
    form = read("xdf2_bewohnerparkausweis.xml")

    assert form.schema_id == "S00000092"
    assert form.version == "1.2"
    assert form.name == "Bewohnerparkausweis"
    assert form.status == "aktiv"
    assert form.source == "FIM S00000092 v1.2 (XDatenfelder 2.0)"
    assert form.warnings == []


@pytest.mark.parametrize("name", ["xdf2_bewohnerparkausweis.xml", "xdf3_bewohnerparkausweis.xml"])
def test_imported_definition_is_valid(name):
    assert validate_definition(read(name).definition) == []


# --- XDatenfelder 3.0.0 -------------------------------------------------------------------------


def test_xdf3_result_names_schema_version_and_release_status():
    form = read("xdf3_bewohnerparkausweis.xml")

    assert form.source == "FIM S00000000092 v1.3.0 (XDatenfelder 3.0.0)"
    assert form.status == "fachlich freigegeben (gold)"
    assert form.xdatenfelder == "3.0.0"
    assert form.definition["hint"].startswith("Mit dem Bewohnerparkausweis")


def test_xdf3_inline_values_become_the_options():
    fields = fields_of(read("xdf3_bewohnerparkausweis.xml"))

    assert fields["F00000000203"]["type"] == "choice"
    assert [option["label"] for option in fields["F00000000203"]["options"]] == [
        "Personenkraftwagen",
        "Kraftrad",
        "Wohnmobil bis 3,5 t",
    ]


def test_xdf3_code_list_reference_is_resolved_by_canonical_identification_and_version():
    fields = fields_of(read("xdf3_bewohnerparkausweis.xml"))

    assert [option["value"] for option in fields["F00000000213"]["options"]] == ["A", "B", "C"]
    assert fields["F00000000213"]["options"][0]["label"] == "Zone A – Altstadt"


def test_select_that_may_occur_twice_becomes_a_multichoice():
    fields = fields_of(read("xdf3_bewohnerparkausweis.xml"))

    assert fields["F00000000215"]["type"] == "multichoice"
    assert fields["F00000000215"]["required"] is False


def test_whole_number_field_takes_its_range_from_praezisierung():
    fields = fields_of(read("xdf3_bewohnerparkausweis.xml"))

    duration = fields["F00000000214"]
    assert duration["type"] == "number"
    assert (duration["decimals"], duration["min"], duration["max"]) == (0, 1, 24)


def test_media_types_choose_the_upload_kinds():
    fields = fields_of(read("xdf3_bewohnerparkausweis.xml"))

    assert fields["F00000000208"]["kinds"] == ["pdf", "jpeg"]
    assert fields["F00000000208"]["fim"]["max_size"] == 5242880


def test_text_latin_is_a_text_field_and_long_text_a_textarea():
    def lengthen(root):
        element(root, "F60000000242").xpath("*[local-name()='praezisierung']")[0].set(
            "maxLength", "1000"
        )

    data = edited("xdf3_bewohnerparkausweis.xml", lengthen)
    fields = fields_of(parse_fim_schema(data, code_lists=cached_lists()))

    assert fields["F60000000243"]["type"] == "text"
    assert fields["F60000000243"]["fim"]["datentyp"] == "text_latin"
    assert fields["F60000000242"]["type"] == "textarea"
    assert fields["F60000000242"]["max_length"] == 1000


def test_hint_comes_from_hilfetext_eingabe_and_the_description_stays_in_the_provenance():
    fields = fields_of(read("xdf3_bewohnerparkausweis.xml"))

    street = fields["F60000000243"]
    assert street["hint"] == "Geben Sie an, wie die Straße heißt."
    assert street["fim"]["description"].startswith("Kompatibilität zu EPA")


def test_same_group_twice_gets_ids_prefixed_with_the_enclosing_group():
    form = read("xdf3_bewohnerparkausweis.xml")
    fields = fields_of(form)

    assert "F60000000243" in fields
    assert "G00000000230-G60000000086-F60000000243" in fields
    assert fields["G00000000230-G60000000086-F60000000243"]["fim"]["id"] == "F60000000243"
    ids = [item["id"] for item in fields.values()]
    assert len(ids) == len(set(ids))


def test_ids_are_stable_for_the_same_file():
    first = read("xdf3_bewohnerparkausweis.xml").definition
    second = read("xdf3_bewohnerparkausweis.xml").definition

    assert first == second


def test_optional_group_with_required_fields_becomes_a_group_of_zero_or_one_entries():
    groups = groups_of(read("xdf3_bewohnerparkausweis.xml"))

    delivery = groups["G00000000230"]
    assert delivery["repeat"] == {"min": 0, "max": 1}
    assert delivery["fields"][0] == {
        "id": "G00000000230-G60000000086",
        "type": "static",
        "label": "Anschrift",
        "hint": "Geben Sie die Anschrift mit Straße, Hausnummer, Postleitzahl und Ort an.",
        "required": False,
        "show_if": None,
        "fim": {"id": "G60000000086", "version": "1.2.0"},
    }
    assert all(item["required"] for item in delivery["fields"][1:])


def test_rule_of_a_group_used_twice_is_kept_once():
    form = read("xdf3_bewohnerparkausweis.xml")

    assert [rule["id"] for rule in form.definition["rules"]] == ["R00000000211", "R60000000019"]


def test_occurrence_by_identification_only_is_resolved_against_its_definition_in_the_file():
    def reduce_second_address_to_a_reference(root):
        address = element(root, "G60000000086", occurrence=1)
        for child in list(address):
            if etree.QName(child).localname != "identifikation":
                address.remove(child)

    form = parse_fim_schema(
        edited("xdf3_bewohnerparkausweis.xml", reduce_second_address_to_a_reference),
        code_lists=cached_lists(),
    )

    assert "G00000000230-G60000000086-F60000000247" in fields_of(form)


def test_code_lists_can_be_given_as_a_lookup_function():
    lists = cached_lists()
    asked = []

    def lookup(uri, version):
        asked.append((uri, version))
        return lists.get((uri, version))

    parse_fim_schema(fixture("xdf3_bewohnerparkausweis.xml"), code_lists=lookup)

    assert asked == [(PARKZONEN, "2024-01-01")]


def test_pattern_in_xml_schema_only_syntax_is_left_out_with_a_warning():
    def letters_only(root):
        precision = element(root, "F60000000247").xpath("*[local-name()='praezisierung']")[0]
        precision.set("pattern", r"[\p{L} \-]+")

    form = parse_fim_schema(
        edited("xdf3_bewohnerparkausweis.xml", letters_only), code_lists=cached_lists()
    )
    town = fields_of(form)["F60000000247"]

    assert "pattern" not in town
    assert town["fim"]["pattern"] == r"[\p{L} \-]+"
    assert any("F60000000247" in warning for warning in form.warnings)


def test_parts_of_a_choice_group_are_optional_with_a_warning():
    def make_choice_group(root):
        group = element(root, "G00000000212")
        art = etree.Element(f"{{{XDF}}}art")
        etree.SubElement(art, "code").text = "X"
        group.xpath("*[local-name()='hilfetextAusgabe']")[0].addnext(art)

    data = edited("xdf3_bewohnerparkausweis.xml", make_choice_group)
    form = parse_fim_schema(data, code_lists=cached_lists())

    zone = groups_of(form)["G00000000212"]
    assert [item["required"] for item in zone["fields"]] == [False, False, False, False]
    assert form.definition["fim"]["warnings"] == form.warnings
    assert "G00000000212 is a choice group" in form.warnings[0]


def test_hidden_field_is_left_out_with_a_warning():
    def hide(root):
        kind = element(root, "F60000000242").xpath("*[local-name()='feldart']/code")[0]
        kind.text = "hidden"

    form = parse_fim_schema(edited("xdf3_bewohnerparkausweis.xml", hide), code_lists=cached_lists())

    assert "F60000000242" not in fields_of(form)
    assert any("F60000000242" in warning for warning in form.warnings)


# --- refusals -----------------------------------------------------------------------------------


def test_unreleased_schema_is_refused_with_a_clear_message():
    message = refused(fixture("xdf3_unreleased.xml"))

    assert message == (
        "The schema S00000000093 has the status “Entwurf” and is not released; only released"
        " schemas (fachlich freigegeben (silber), fachlich freigegeben (gold)) can be imported."
    )


def test_xdf2_schema_in_preparation_is_refused():
    message = refused(fixture("xdf2_unreleased.xml"))

    assert "S00000094" in message
    assert "in Vorbereitung" in message


def test_schema_only_methodically_released_is_refused():
    data = fixture("xdf3_bewohnerparkausweis.xml").replace(b"<code>6</code>", b"<code>4</code>")

    assert "methodisch freigegeben" in refused(data)


def test_broken_xml_is_refused():
    assert refused(fixture("broken.xml")).startswith("The file is not well-formed XML")


def test_file_that_is_not_xml_is_refused():
    assert refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").startswith(
        "The file is not well-formed XML"
    )


def test_empty_file_is_refused():
    assert refused(b"  \n") == "The file is empty."


def test_other_xdatenfelder_message_is_refused():
    data = (
        b'<xdf:xdatenfelder.datenfeldgruppe.0103 xmlns:xdf="' + XDF.encode() + b'">'
        b"<xdf:header/></xdf:xdatenfelder.datenfeldgruppe.0103>"
    )

    assert refused(data) == (
        "This is a “xdatenfelder.datenfeldgruppe.0103” message; expected a data-field schema"
        " (xdatenfelder.stammdatenschema.0102)."
    )


def test_unknown_xdatenfelder_version_is_refused():
    data = fixture("xdf3_bewohnerparkausweis.xml").replace(
        b"xdatenfelder_3.0.0", b"xdatenfelder_4.0.0"
    )

    assert "urn:xoev-de:fim:standard:xdatenfelder_4.0.0" in refused(data)
    assert "not supported" in refused(data)


def test_message_of_another_standard_is_refused():
    data = b'<xdomea:Abgabe.Abgabe.0401 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.1.0"/>'

    assert refused(data) == "This file is not an XDatenfelder message (FIM data fields)."


def test_field_without_a_name_is_refused():
    def remove_name(root):
        field = element(root, "F00000000202")
        field.remove(field.xpath("*[local-name()='name']")[0])
        field.remove(field.xpath("*[local-name()='bezeichnungEingabe']")[0])

    data = edited("xdf3_bewohnerparkausweis.xml", remove_name)

    assert refused(data) == "The data field F00000000202 has no name."


def test_reference_to_an_undefined_group_is_refused():
    message = refused(fixture("xdf3_undefined_reference.xml"))

    assert message == (
        "The schema refers to the data-field group G60000000086 1.2.0, which it does not define."
    )


def test_missing_code_list_is_refused_naming_it():
    with pytest.raises(FimImportError) as caught:
        parse_fim_schema(fixture("xdf2_bewohnerparkausweis.xml"))

    assert caught.value.message == (
        f"The code list {FAHRZEUGART} (version 1.0) used by F00000203 is missing; import it first."
    )


def test_code_list_in_another_version_does_not_count():
    lists = {(FAHRZEUGART, "0.9"): [{"value": "01", "label": "PKW"}]}

    with pytest.raises(FimImportError, match="fahrzeugart"):
        parse_fim_schema(fixture("xdf2_bewohnerparkausweis.xml"), code_lists=lists)


def test_invalid_anzahl_is_refused():
    data = fixture("xdf2_bewohnerparkausweis.xml").replace(
        b"<xdf:anzahl>1:3</xdf:anzahl>", b"<xdf:anzahl>1:x</xdf:anzahl>"
    )

    assert refused(data) == (
        "The number of occurrences “1:x” of G00000201 is not valid (expected e.g. 1:1, 0:1, 0:*)."
    )


def test_selection_without_values_or_code_list_is_refused():
    def drop_values(root):
        field = element(root, "F00000000203")
        field.remove(field.xpath("*[local-name()='werte']")[0])

    data = edited("xdf3_bewohnerparkausweis.xml", drop_values)

    assert refused(data) == "The selection field F00000000203 has neither values nor a code list."


def test_repetition_inside_a_repeatable_group_is_refused():
    def repeat_plate(root):
        structure = element(root, "F00000000202").getparent().getparent()
        structure.xpath("*[local-name()='anzahl']")[0].text = "1:2"

    message = refused(edited("xdf3_bewohnerparkausweis.xml", repeat_plate))

    assert message.startswith("F00000000202 repeats inside the repeatable group G00000000201")


def test_any_star_means_the_form_engines_maximum_of_entries():
    data = fixture("xdf2_bewohnerparkausweis.xml").replace(
        b"<xdf:anzahl>1:3</xdf:anzahl>", b"<xdf:anzahl>0:*</xdf:anzahl>"
    )

    groups = groups_of(parse_fim_schema(data, code_lists=cached_lists()))

    assert groups["G00000201"]["repeat"] == {"min": 0, "max": 99}


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
        b'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_document_type_declarations_are_refused(declaration):
    data = fixture("xdf2_bewohnerparkausweis.xml").replace(
        b"?>\n", b"?>\n" + declaration + b"\n", 1
    )

    assert refused(data) == (
        "The file contains a document type declaration and is refused for safety."
    )


# --- genericode code lists ----------------------------------------------------------------------


def test_code_list_values_come_from_the_key_column_and_labels_from_the_name_column():
    parsed = parse_code_list(fixture("codeliste_fahrzeugart.xml"))

    assert parsed["uri"] == FAHRZEUGART
    assert parsed["version"] == "1.0"
    assert parsed["name"] == "Fahrzeugarten für Bewohnerparkausweise"
    assert parsed["entries"][0] == {"value": "01", "label": "Personenkraftwagen"}


def test_code_list_values_without_column_reference_are_read_by_position():
    parsed = parse_code_list(fixture("codeliste_bewohnerparkzonen.xml"))

    assert parsed["entries"] == [
        {"value": "A", "label": "Zone A – Altstadt"},
        {"value": "B", "label": "Zone B – Bahnhofsviertel"},
        {"value": "C", "label": "Zone C – Riedbahn"},
    ]


def test_file_that_is_not_a_code_list_is_refused():
    with pytest.raises(FimImportError, match="not a genericode code list"):
        parse_code_list(fixture("xdf2_bewohnerparkausweis.xml"))


# --- services -----------------------------------------------------------------------------------


@pytest.fixture
def unit():
    return UnitFactory()


@pytest.fixture
def service(unit):
    return Service.objects.create(
        unit=unit,
        slug="bewohnerparkausweis",
        name="Bewohnerparkausweis",
        summary="Parken in der eigenen Bewohnerparkzone",
        audience="citizens",
    )


@pytest.fixture
def lead(unit):
    staff = StaffFactory()
    RoleAssignment.objects.create(user=staff, role="unit_lead", unit=unit)
    return staff


@pytest.fixture
def code_lists(lead):
    for name in ("codeliste_fahrzeugart.xml", "codeliste_bewohnerparkzonen.xml"):
        import_code_list(actor=lead, data=fixture(name))


def test_import_creates_an_unpublished_form_version_with_the_next_number(service, lead, code_lists):
    FormDefinition.objects.create(service=service, number=1, definition={"pages": []})

    imported = import_fim_form(
        actor=lead, service=service, data=fixture("xdf3_bewohnerparkausweis.xml")
    )

    imported.refresh_from_db()
    assert imported.number == 2
    assert imported.published_at is None
    assert imported.source == "FIM S00000000092 v1.3.0 (XDatenfelder 3.0.0)"
    assert imported.created_by == lead
    assert imported.definition["pages"][1]["groups"][0]["repeat"] == {"min": 1, "max": 3}


def test_import_is_audited(service, lead, code_lists):
    imported = import_fim_form(
        actor=lead, service=service, data=fixture("xdf2_bewohnerparkausweis.xml")
    )

    entry = AuditEntry.objects.get(object_id=str(imported.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.summary == "form imported from FIM"
    assert entry.actor_id == str(lead.pk)


def test_refused_import_stores_nothing(service, lead):
    with pytest.raises(FimImportError, match="fahrzeugart"):
        import_fim_form(actor=lead, service=service, data=fixture("xdf2_bewohnerparkausweis.xml"))

    assert not FormDefinition.objects.exists()


def test_lead_of_another_unit_may_not_import(service, code_lists):
    outsider = StaffFactory()
    RoleAssignment.objects.create(user=outsider, role="unit_lead", unit=UnitFactory())

    with pytest.raises(FimImportError, match="may not change the forms"):
        import_fim_form(
            actor=outsider, service=service, data=fixture("xdf3_bewohnerparkausweis.xml")
        )
    assert not FormDefinition.objects.exists()


def test_clerk_of_the_services_unit_may_not_import(service, unit, code_lists):
    clerk = StaffFactory()
    RoleAssignment.objects.create(user=clerk, role="clerk", unit=unit)

    with pytest.raises(FimImportError, match="may not change the forms"):
        import_fim_form(actor=clerk, service=service, data=fixture("xdf3_bewohnerparkausweis.xml"))


def test_egov_officer_may_import_for_any_service(service, code_lists):
    officer = StaffFactory()
    RoleAssignment.objects.create(user=officer, role="egov_officer")

    imported = import_fim_form(
        actor=officer, service=service, data=fixture("xdf2_bewohnerparkausweis.xml")
    )

    assert imported.number == 1


def test_code_list_of_another_town_is_not_used(service, lead, other_town):
    with for_town(other_town):
        CodeList.objects.create(
            uri=PARKZONEN, version="2024-01-01", name="Zonen", entries=[{"value": "X"}]
        )
        CodeList.objects.create(
            uri=FAHRZEUGART, version="1.0", name="Arten", entries=[{"value": "01"}]
        )

    with pytest.raises(FimImportError, match="bewohnerparkzonen"):
        import_fim_form(actor=lead, service=service, data=fixture("xdf3_bewohnerparkausweis.xml"))


def test_import_code_list_caches_it_and_importing_again_replaces_the_entries(lead):
    first = import_code_list(actor=lead, data=fixture("codeliste_bewohnerparkzonen.xml"))
    changed = fixture("codeliste_bewohnerparkzonen.xml").replace(
        "Zone C – Riedbahn".encode(), "Zone C – Riedbahn und Gewerbegebiet".encode()
    )

    second = import_code_list(actor=lead, data=changed)

    assert second.pk == first.pk
    assert CodeList.objects.count() == 1
    assert second.entries[2] == {"value": "C", "label": "Zone C – Riedbahn und Gewerbegebiet"}
    assert list(
        AuditEntry.objects.filter(object_id=str(first.pk)).values_list("action", flat=True)
    ) == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]


def test_citizen_may_not_import_code_lists():
    from rathaus.core.accounts.tests.factories import UserFactory

    with pytest.raises(FimImportError, match="may not import code lists"):
        import_code_list(actor=UserFactory(), data=fixture("codeliste_fahrzeugart.xml"))


# --- validate_definition (used by the importer and the form designer) ------------------------


def definition(*fields, repeat=None, page_condition=None, more_pages=()) -> dict:
    return {
        "title": "Test",
        "pages": [
            {
                "id": "p1",
                "title": "Seite 1",
                "show_if": page_condition,
                "groups": [
                    {"id": "g1", "title": "", "hint": "", "repeat": repeat, "fields": list(fields)}
                ],
            },
            *more_pages,
        ],
        "rules": [],
    }


def text(field_id="name", **extra):
    return {"id": field_id, "type": "text", "label": "Name", "required": True, **extra}


def choice(field_id="use", **extra):
    options = [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    return {"id": field_id, "type": "choice", "label": "Art", "options": options, **extra}


def test_valid_definition_has_no_problems():
    later = {
        "id": "p2",
        "title": "Seite 2",
        "show_if": {"field": "use", "in": ["a", "b"]},
        "groups": [
            {"id": "g2", "fields": [text("detail", show_if={"field": "name", "filled": True})]}
        ],
    }

    assert validate_definition(definition(choice(), text(), more_pages=[later])) == []


def test_form_without_pages_is_invalid():
    assert validate_definition({"title": "Leer", "pages": []}) == [
        "The form needs at least one page."
    ]


def test_unknown_field_type_is_reported():
    assert validate_definition(definition(text(type="slider"))) == [
        "The field “name” has the unknown type “slider”."
    ]


def test_ids_must_be_unique_across_pages_groups_and_fields():
    problems = validate_definition(definition(text("g1"), text("p1")))

    assert problems == [
        "The id “g1” is used more than once.",
        "The id “p1” is used more than once.",
    ]


def test_id_with_characters_that_cannot_name_an_input_is_reported():
    assert validate_definition(definition(text("Vor name"))) == [
        "The id “Vor name” may only contain letters, digits, “-” and “_”."
    ]


def test_choice_without_options_is_reported():
    assert validate_definition(definition(choice(options=[]))) == [
        "The field “use” offers no options to choose from."
    ]


def test_condition_on_a_field_that_comes_later_is_reported():
    problems = validate_definition(
        definition(text(show_if={"field": "use", "equals": "a"}), choice())
    )

    assert problems == ["The condition of “name” refers to “use”, which comes later."]


def test_condition_on_a_field_that_does_not_exist_is_reported():
    problems = validate_definition(
        definition(text(), page_condition={"field": "age", "filled": True})
    )

    assert problems == ["The condition of “p1” refers to “age”, which does not exist."]


def test_condition_comparing_with_a_value_that_is_not_an_option_is_reported():
    problems = validate_definition(
        definition(choice(), text(show_if={"field": "use", "equals": "c"}))
    )

    assert problems == [
        "The condition of “name” compares “use” with “c”, which is not one of its options."
    ]


def test_condition_on_a_field_inside_a_repeatable_group_is_reported():
    later = {
        "id": "p2",
        "title": "",
        "groups": [
            {"id": "g2", "fields": [text("detail", show_if={"field": "use", "equals": "a"})]}
        ],
    }

    problems = validate_definition(
        definition(choice(), repeat={"min": 0, "max": 2}, more_pages=[later])
    )

    assert problems == [
        "The condition of “detail” refers to “use” in a repeatable group; it is unclear which"
        " entry counts."
    ]


def test_repeat_minimum_above_maximum_is_reported():
    assert validate_definition(definition(text(), repeat={"min": 3, "max": 2})) == [
        "The group “g1” needs at least 3 entries but allows only 2."
    ]


def test_unknown_upload_kind_is_reported():
    upload = {"id": "plan", "type": "file", "label": "Plan", "kinds": ["pdf", "exe"]}

    assert validate_definition(definition(upload)) == [
        "The field “plan” accepts “exe”, which is not a known kind of file."
    ]


def test_unknown_prefill_source_is_reported():
    assert validate_definition(definition(text(prefill="birthday"))) == [
        "The field “name” is prefilled from “birthday”, which is not known."
    ]


def test_pattern_that_does_not_compile_is_reported():
    problems = validate_definition(definition(text(pattern="[0-9")))

    assert len(problems) == 1
    assert problems[0].startswith("The field “name” has a pattern that is not valid:")


def test_all_problems_are_listed_at_once():
    problems = validate_definition(
        definition(text(type="slider"), choice(options=[]), text("name", pattern="("))
    )

    assert len(problems) == 4
