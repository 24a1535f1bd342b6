"""The demo town's three service forms, as a clerk would build them in the designer.

Resident parking permit (Bewohnerparkausweis), business registration (Gewerbeanmeldung)
and bulky-waste collection (Sperrmüllabholung): fields, fees and rules as a German town
uses them. Tests use them too, so they stay realistic and complete.
"""

PARKING_PERMIT = {
    "title": "Bewohnerparkausweis",
    "pages": [
        {
            "id": "person",
            "title": "Antragsteller",
            "groups": [
                {
                    "id": "G_person",
                    "title": "",
                    "fields": [
                        {
                            "id": "vorname",
                            "type": "text",
                            "label": "Vorname",
                            "required": True,
                            "max_length": 100,
                            "prefill": "given_name",
                        },
                        {
                            "id": "familienname",
                            "type": "text",
                            "label": "Familienname",
                            "required": True,
                            "max_length": 100,
                            "prefill": "family_name",
                        },
                        {
                            "id": "anschrift",
                            "type": "address",
                            "label": "Anschrift (Hauptwohnsitz in der Parkzone)",
                            "required": True,
                            "prefill": "address",
                        },
                        {
                            "id": "telefon",
                            "type": "phone",
                            "label": "Telefon für Rückfragen",
                            "required": False,
                            "prefill": "phone",
                        },
                    ],
                }
            ],
        },
        {
            "id": "fahrzeug",
            "title": "Fahrzeug",
            "groups": [
                {
                    "id": "G_fahrzeug",
                    "title": "",
                    "fields": [
                        {
                            "id": "zone",
                            "type": "choice",
                            "label": "Bewohnerparkzone",
                            "required": True,
                            "options": [
                                {"value": "A", "label": "Zone A – Altstadt"},
                                {"value": "B", "label": "Zone B – Bahnhofsviertel"},
                                {"value": "C", "label": "Zone C – Schlossgarten"},
                            ],
                        },
                        {
                            "id": "kennzeichen",
                            "type": "text",
                            "label": "Amtliches Kennzeichen",
                            "hint": "Zum Beispiel DA-RH 123",
                            "required": True,
                            "max_length": 12,
                            "pattern": r"[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} ?[0-9]{1,4}[EH]?",
                            "pattern_message": "Geben Sie das Kennzeichen wie DA-RH 123 ein.",
                        },
                        {
                            "id": "halter",
                            "type": "choice",
                            "label": "Wer ist Halter des Fahrzeugs?",
                            "required": True,
                            "options": [
                                {"value": "selbst", "label": "Ich selbst"},
                                {"value": "firma", "label": "Mein Arbeitgeber (Firmenwagen)"},
                                {"value": "andere", "label": "Eine andere Person"},
                            ],
                        },
                        {
                            "id": "nutzungserlaubnis",
                            "type": "file",
                            "label": "Bestätigung des Halters zur dauerhaften Nutzung",
                            "hint": "PDF, JPEG oder PNG",
                            "required": True,
                            "kinds": ["pdf", "jpeg", "png"],
                            "show_if": {"field": "halter", "in": ["firma", "andere"]},
                        },
                        {
                            "id": "zulassung",
                            "type": "file",
                            "label": "Zulassungsbescheinigung Teil I (Fahrzeugschein)",
                            "hint": "Ein Scan oder Foto, als PDF, JPEG oder PNG",
                            "required": True,
                            "kinds": ["pdf", "jpeg", "png"],
                        },
                    ],
                }
            ],
        },
        {
            "id": "erklaerung",
            "title": "Erklärung",
            "groups": [
                {
                    "id": "G_erklaerung",
                    "title": "",
                    "fields": [
                        {
                            "id": "laufzeit",
                            "type": "choice",
                            "label": "Gültigkeit",
                            "required": True,
                            "options": [
                                {"value": "1", "label": "1 Jahr"},
                                {"value": "2", "label": "2 Jahre"},
                            ],
                        },
                        {
                            "id": "wahrheit",
                            "type": "consent",
                            "label": "Ich versichere, dass meine Angaben richtig sind.",
                            "required": True,
                        },
                    ],
                }
            ],
        },
    ],
    "rules": [
        {
            "id": "R1",
            "text": "Der Hauptwohnsitz muss in der gewählten Bewohnerparkzone liegen.",
        }
    ],
}

PARKING_PERMIT_FEES = {
    "purpose": "Bewohnerparkausweis",
    "items": [
        {"label": "Bewohnerparkausweis, 1 Jahr", "amount_cents": 3070},
        {
            "label": "Zweites Jahr",
            "amount_cents": 3070,
            "when": {"field": "laufzeit", "equals": "2"},
        },
    ],
}

BUSINESS_REGISTRATION = {
    "title": "Gewerbeanmeldung",
    "pages": [
        {
            "id": "betrieb",
            "title": "Betrieb",
            "groups": [
                {
                    "id": "G_betrieb",
                    "title": "",
                    "fields": [
                        {
                            "id": "firmenname",
                            "type": "text",
                            "label": "Name des Betriebs",
                            "required": True,
                            "max_length": 200,
                            "prefill": "organisation_name",
                        },
                        {
                            "id": "rechtsform",
                            "type": "choice",
                            "label": "Rechtsform",
                            "required": True,
                            "options": [
                                {"value": "einzel", "label": "Einzelunternehmen"},
                                {"value": "gbr", "label": "GbR"},
                                {"value": "gmbh", "label": "GmbH / UG"},
                                {"value": "andere", "label": "Andere"},
                            ],
                        },
                        {
                            "id": "registernummer",
                            "type": "text",
                            "label": "Handelsregisternummer",
                            "hint": "Zum Beispiel HRB 12345",
                            "required": True,
                            "max_length": 40,
                            "show_if": {"field": "rechtsform", "equals": "gmbh"},
                        },
                        {
                            "id": "betriebsstaette",
                            "type": "address",
                            "label": "Anschrift der Betriebsstätte",
                            "required": True,
                            "prefill": "address",
                        },
                        {
                            "id": "beginn",
                            "type": "date",
                            "label": "Beginn der Tätigkeit",
                            "required": True,
                        },
                    ],
                }
            ],
        },
        {
            "id": "taetigkeit",
            "title": "Tätigkeit",
            "groups": [
                {
                    "id": "G_taetigkeit",
                    "title": "",
                    "fields": [
                        {
                            "id": "taetigkeit",
                            "type": "textarea",
                            "label": "Angemeldete Tätigkeit",
                            "hint": "So genau wie möglich, zum Beispiel "
                            "„Einzelhandel mit Fahrrädern und Zubehör“",
                            "required": True,
                            "max_length": 1000,
                        },
                        {
                            "id": "art",
                            "type": "multichoice",
                            "label": "Art des Betriebs",
                            "required": True,
                            "options": [
                                {"value": "industrie", "label": "Industrie"},
                                {"value": "handwerk", "label": "Handwerk"},
                                {"value": "handel", "label": "Handel"},
                                {"value": "sonstiges", "label": "Sonstiges"},
                            ],
                        },
                        {
                            "id": "beschaeftigte",
                            "type": "number",
                            "label": "Zahl der Beschäftigten",
                            "required": False,
                            "decimals": 0,
                            "min": 0,
                            "max": 100000,
                        },
                    ],
                },
                {
                    "id": "G_inhaber",
                    "title": "Inhaber oder Geschäftsführer",
                    "repeat": {"min": 1, "max": 5},
                    "fields": [
                        {
                            "id": "inhaber_name",
                            "type": "text",
                            "label": "Vor- und Familienname",
                            "required": True,
                            "max_length": 200,
                        },
                        {
                            "id": "inhaber_geburt",
                            "type": "date",
                            "label": "Geburtsdatum",
                            "required": True,
                            "max": "today",
                        },
                    ],
                },
            ],
        },
        {
            "id": "bank",
            "title": "Zahlung",
            "groups": [
                {
                    "id": "G_bank",
                    "title": "",
                    "fields": [
                        {
                            "id": "iban",
                            "type": "iban",
                            "label": "IBAN für die Gewerbesteuer",
                            "required": False,
                        },
                        {
                            "id": "email",
                            "type": "email",
                            "label": "E-Mail-Adresse des Betriebs",
                            "required": True,
                            "prefill": "email",
                        },
                        {
                            "id": "wahrheit",
                            "type": "consent",
                            "label": "Ich versichere, dass meine Angaben richtig sind.",
                            "required": True,
                        },
                    ],
                }
            ],
        },
    ],
    "rules": [],
}

BUSINESS_REGISTRATION_FEES = {
    "purpose": "Gewerbeanmeldung",
    "items": [{"label": "Gewerbeanmeldung", "amount_cents": 2600}],
}

BULKY_WASTE = {
    "title": "Sperrmüllabholung",
    "pages": [
        {
            "id": "abholung",
            "title": "Abholung",
            "groups": [
                {
                    "id": "G_abholung",
                    "title": "",
                    "fields": [
                        {
                            "id": "name",
                            "type": "text",
                            "label": "Name",
                            "required": True,
                            "max_length": 200,
                            "prefill": "full_name",
                        },
                        {
                            "id": "abholadresse",
                            "type": "address",
                            "label": "Abholadresse",
                            "required": True,
                            "prefill": "address",
                        },
                        {
                            "id": "menge",
                            "type": "number",
                            "label": "Menge in Kubikmetern",
                            "hint": "Bis 3 m³ ist die Abholung einmal im Jahr frei; "
                            "jeder weitere m³ kostet 10 €.",
                            "required": True,
                            "decimals": 0,
                            "min": 1,
                            "max": 10,
                        },
                        {
                            "id": "gegenstaende",
                            "type": "multichoice",
                            "label": "Was wird abgeholt?",
                            "required": True,
                            "options": [
                                {"value": "moebel", "label": "Möbel"},
                                {"value": "matratzen", "label": "Matratzen"},
                                {"value": "teppiche", "label": "Teppiche"},
                                {"value": "elektro", "label": "Elektrogroßgeräte"},
                            ],
                        },
                        {
                            "id": "hinweis",
                            "type": "static",
                            "label": "Stellen Sie den Sperrmüll am Abholtag bis 6 Uhr "
                            "gut sichtbar an den Straßenrand.",
                        },
                    ],
                }
            ],
        }
    ],
    "rules": [],
}

BULKY_WASTE_FEES = {
    "purpose": "Sperrmuell",
    "items": [
        {"label": "Zusätzlicher Kubikmeter", "amount_cents": 1000, "per": "menge", "above": 3}
    ],
}
