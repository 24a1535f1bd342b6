"""The rows of the demo town's open-data tables. Every number is invented for the demo
(plausible for a town of about 26,000 people); places use Weiterstadt's districts and
streets. Generated tables use a fixed random seed, so every load gives the same rows."""

import datetime
import random

DISTRICTS = ["Weiterstadt", "Gräfenhausen", "Braunshardt", "Schneppenhausen", "Riedbahn"]


def _rows(columns: list[str], values) -> list[dict]:
    return [dict(zip(columns, row, strict=True)) for row in values]


# --- budget (Finanzverwaltung) --------------------------------------------------------------

BUDGET_COLUMNS = [
    "produktbereich_nr",
    "produktbereich",
    "ertraege_eur",
    "aufwendungen_eur",
    "saldo_eur",
]
# number, product area of the Hessian municipal budget, income, expenses (plan 2025)
_BUDGET = [
    ("01", "Innere Verwaltung", 2_140_000, 11_870_000),
    ("02", "Sicherheit und Ordnung", 1_460_000, 4_920_000),
    ("03", "Schulträgeraufgaben", 95_000, 640_000),
    ("04", "Kultur und Wissenschaft", 310_000, 1_930_000),
    ("05", "Soziale Leistungen", 620_000, 2_410_000),
    ("06", "Kinder-, Jugend- und Familienhilfe", 9_840_000, 24_610_000),
    ("07", "Gesundheitsdienste", 0, 52_000),
    ("08", "Sportförderung", 215_000, 1_640_000),
    ("09", "Räumliche Planung und Entwicklung, Geoinformationen", 180_000, 1_310_000),
    ("10", "Bauen und Wohnen", 530_000, 1_120_000),
    ("11", "Ver- und Entsorgung", 9_480_000, 9_230_000),
    ("12", "Verkehrsflächen und -anlagen, ÖPNV", 820_000, 5_940_000),
    ("13", "Natur- und Landschaftspflege", 240_000, 2_710_000),
    ("14", "Umweltschutz", 48_000, 415_000),
    ("15", "Wirtschaft und Tourismus", 55_000, 610_000),
    ("16", "Allgemeine Finanzwirtschaft", 71_350_000, 27_480_000),
]


def budget() -> tuple[list[str], list[dict]]:
    values = [
        (number, name, income, expenses, income - expenses)
        for number, name, income, expenses in _BUDGET
    ]
    return BUDGET_COLUMNS, _rows(BUDGET_COLUMNS, values)


# --- parking (Ordnungsamt) ------------------------------------------------------------------

PARKING_COLUMNS = [
    "bezeichnung",
    "ortsteil",
    "art",
    "stellplaetze",
    "davon_behindertengerecht",
    "davon_mit_ladepunkt",
    "gebuehrenpflichtig",
    "hoechstparkdauer_stunden",
    "breitengrad",
    "laengengrad",
]
_PARKING = [
    ("P+R Bahnhof Weiterstadt", "Weiterstadt", "Park and Ride", 84, 3, 4, False, None,
     49.9043, 8.5796),
    ("Parkplatz Rathaus", "Weiterstadt", "Parkplatz", 45, 3, 2, False, 3, 49.9120, 8.5622),
    ("Tiefgarage Bürgerzentrum", "Weiterstadt", "Tiefgarage", 120, 4, 6, True, None,
     49.9061, 8.5881),
    ("Parkplatz Friedhof Weiterstadt", "Weiterstadt", "Parkplatz", 38, 2, 0, False, 2,
     49.9018, 8.5950),
    ("Parkplatz Sportpark", "Weiterstadt", "Parkplatz", 150, 4, 0, False, None,
     49.9105, 8.5990),
    ("Parkplatz Hallenbad", "Weiterstadt", "Parkplatz", 60, 2, 2, False, 4, 49.9082, 8.5935),
    ("Marktplatz", "Weiterstadt", "Straßenrand", 24, 2, 0, True, 2, 49.9054, 8.5893),
    ("Parkplatz Bürgerhaus Gräfenhausen", "Gräfenhausen", "Parkplatz", 70, 3, 2, False, None,
     49.9268, 8.6160),
    ("Parkplatz Friedhof Gräfenhausen", "Gräfenhausen", "Parkplatz", 30, 1, 0, False, 2,
     49.9291, 8.6205),
    ("Parkplatz Kirchplatz Braunshardt", "Braunshardt", "Parkplatz", 22, 1, 2, False, 3,
     49.8951, 8.5712),
    ("Parkplatz Schlosspark Braunshardt", "Braunshardt", "Parkplatz", 35, 2, 0, False, None,
     49.8938, 8.5680),
    ("Parkplatz Dorfgemeinschaftshaus", "Schneppenhausen", "Parkplatz", 28, 1, 2, False, None,
     49.9249, 8.5948),
    ("Parkplatz Sportplatz Riedbahn", "Riedbahn", "Parkplatz", 40, 1, 0, False, None,
     49.9135, 8.5660),
]  # fmt: skip


def parking() -> tuple[list[str], list[dict]]:
    return PARKING_COLUMNS, _rows(PARKING_COLUMNS, _PARKING)


# --- waste collection dates (Umwelt und Grünflächen) ----------------------------------------

WASTE_COLUMNS = ["ortsteil", "abfallart", "datum"]
# district: (weekday of residual and bio waste, weekday of paper and packaging), Mon = 0
_WASTE_DAYS = {
    "Weiterstadt": (0, 3),
    "Gräfenhausen": (1, 4),
    "Braunshardt": (2, 3),
    "Schneppenhausen": (2, 4),
    "Riedbahn": (1, 3),
}


def waste_dates(year: int = 2026) -> tuple[list[str], list[dict]]:
    """Residual and bio waste every two weeks in turn, packaging every two weeks, paper
    every four weeks; Christmas and New Year's Day move to the next working day."""
    rows = []
    holidays = {datetime.date(year, 1, 1), datetime.date(year, 12, 25), datetime.date(year, 12, 26)}
    for district, (household_day, recycling_day) in _WASTE_DAYS.items():
        first = datetime.date(year, 1, 1)
        household = first + datetime.timedelta(days=(household_day - first.weekday()) % 7)
        recycling = first + datetime.timedelta(days=(recycling_day - first.weekday()) % 7)
        week = 0
        while household.year == year:
            kinds = [("Restmüll", household)] if week % 2 == 0 else [("Bioabfall", household)]
            if recycling.year == year:
                if week % 2 == 1:
                    kinds.append(("Gelber Sack", recycling))
                if week % 4 == 2:
                    kinds.append(("Papier", recycling))
            for kind, day in kinds:
                while day in holidays or day.weekday() > 4:
                    day += datetime.timedelta(days=1)
                rows.append({"ortsteil": district, "abfallart": kind, "datum": day})
            household += datetime.timedelta(weeks=1)
            recycling += datetime.timedelta(weeks=1)
            week += 1
    rows.sort(key=lambda row: (row["datum"], row["ortsteil"], row["abfallart"]))
    return WASTE_COLUMNS, rows


# --- kindergartens (Hauptamt) ---------------------------------------------------------------

KITA_COLUMNS = [
    "bezeichnung",
    "traeger",
    "ortsteil",
    "strasse",
    "plaetze_unter_3",
    "plaetze_ueber_3",
    "plaetze_schulkinder",
    "oeffnungszeiten",
    "breitengrad",
    "laengengrad",
]
_KITAS = [
    ("Kita Sonnenschein", "Stadt Weiterstadt", "Weiterstadt", "Schulstraße 14", 24, 75, 0,
     "Mo–Fr 7:00–17:00", 49.9071, 8.5899),
    ("Kita Regenbogen", "Stadt Weiterstadt", "Weiterstadt", "Jahnstraße 3", 12, 50, 20,
     "Mo–Fr 7:00–17:00", 49.9020, 8.5848),
    ("Kita Kunterbunt", "Stadt Weiterstadt", "Weiterstadt", "Nordring 22", 24, 100, 0,
     "Mo–Fr 7:00–17:30", 49.9112, 8.5898),
    ("Ev. Kita Arche Noah", "Ev. Kirchengemeinde (Demo)", "Weiterstadt", "Kirchgasse 5", 10,
     50, 0, "Mo–Fr 7:30–16:30", 49.9058, 8.5880),
    ("Kath. Kita St. Johannes", "Kath. Pfarrei (Demo)", "Weiterstadt", "Feldstraße 9", 12, 75,
     0, "Mo–Fr 7:30–16:30", 49.9083, 8.5830),
    ("Kita Apfelbaum", "Stadt Weiterstadt", "Gräfenhausen", "Langstraße 40", 20, 75, 25,
     "Mo–Fr 7:00–17:00", 49.9273, 8.6175),
    ("Kita Wiesenwichtel", "Stadt Weiterstadt", "Gräfenhausen", "Wixhäuser Straße 18", 12, 50,
     0, "Mo–Fr 7:00–16:30", 49.9286, 8.6219),
    ("Kita Schlosspark", "Stadt Weiterstadt", "Braunshardt", "Schlossstraße 11", 12, 50, 0,
     "Mo–Fr 7:00–16:30", 49.8943, 8.5682),
    ("Waldkindergarten Schneppenhausen", "Waldkinder e. V. (Demo)", "Schneppenhausen",
     "Pfarrgasse 2 (Treffpunkt)", 0, 20, 0, "Mo–Fr 8:00–13:30", 49.9271, 8.5924),
    ("Kita Riedbahn", "Stadt Weiterstadt", "Riedbahn", "Am Aulenberg 7", 10, 25, 0,
     "Mo–Fr 7:00–16:30", 49.9140, 8.5669),
]  # fmt: skip


def kindergartens() -> tuple[list[str], list[dict]]:
    return KITA_COLUMNS, _rows(KITA_COLUMNS, _KITAS)


# --- population (Bürgerbüro) ----------------------------------------------------------------

POPULATION_COLUMNS = [
    "stichtag",
    "ortsteil",
    "altersgruppe",
    "einwohner_insgesamt",
    "weiblich",
    "maennlich",
]
_POPULATION = {
    "Weiterstadt": 14380,
    "Gräfenhausen": 6250,
    "Braunshardt": 2960,
    "Schneppenhausen": 1880,
    "Riedbahn": 1210,
}
# age group, share of the population, share of women
_AGE_GROUPS = [
    ("0 bis 5 Jahre", 0.060, 0.49),
    ("6 bis 17 Jahre", 0.112, 0.49),
    ("18 bis 29 Jahre", 0.131, 0.48),
    ("30 bis 44 Jahre", 0.194, 0.50),
    ("45 bis 64 Jahre", 0.283, 0.50),
    ("65 bis 79 Jahre", 0.150, 0.53),
    ("80 Jahre und älter", 0.070, 0.62),
]


def population(day: datetime.date = datetime.date(2025, 12, 31)) -> tuple[list[str], list[dict]]:
    rng = random.Random(2025)  # noqa: S311 - invented demo figures, not secrets
    rows = []
    for district, total in _POPULATION.items():
        for group, share, women in _AGE_GROUPS:
            people = round(total * share * rng.uniform(0.9, 1.1))
            female = round(people * rng.uniform(women - 0.02, women + 0.02))
            rows.append(
                {
                    "stichtag": day,
                    "ortsteil": district,
                    "altersgruppe": group,
                    "einwohner_insgesamt": people,
                    "weiblich": female,
                    "maennlich": people - female,
                }
            )
    return POPULATION_COLUMNS, rows


# --- public toilets (Bauamt) ----------------------------------------------------------------

TOILET_COLUMNS = [
    "bezeichnung",
    "ortsteil",
    "strasse",
    "barrierefrei",
    "wickeltisch",
    "oeffnungszeiten",
    "gebuehr_eur",
    "breitengrad",
    "laengengrad",
]
_TOILETS = [
    ("Rathaus", "Riedbahn", "Riedbahnstraße 6", True, True, "Mo–Fr 8:00–18:00", 0.0, 49.9123,
     8.5617),
    ("Bahnhof Weiterstadt", "Weiterstadt", "Bahnhofstraße", True, False, "täglich 6:00–22:00",
     0.5, 49.9043, 8.5803),
    ("Marktplatz", "Weiterstadt", "Darmstädter Straße 1", True, True, "täglich 7:00–20:00",
     0.5, 49.9055, 8.5897),
    ("Friedhof Weiterstadt", "Weiterstadt", "Südring", False, False,
     "während der Friedhofsöffnung", 0.0, 49.8986, 8.5924),
    ("Friedhof Gräfenhausen", "Gräfenhausen", "Wixhäuser Straße", True, False,
     "während der Friedhofsöffnung", 0.0, 49.9290, 8.6230),
    ("Schlosspark Braunshardt", "Braunshardt", "Schlossstraße", True, True,
     "April–Oktober täglich 8:00–20:00", 0.0, 49.8936, 8.5676),
]  # fmt: skip


def toilets() -> tuple[list[str], list[dict]]:
    return TOILET_COLUMNS, _rows(TOILET_COLUMNS, _TOILETS)


# --- playgrounds (Umwelt und Grünflächen) ---------------------------------------------------

PLAYGROUND_COLUMNS = [
    "bezeichnung",
    "ortsteil",
    "altersgruppe",
    "flaeche_m2",
    "spielgeraete",
    "schattig",
    "breitengrad",
    "laengengrad",
]
_PLAYGROUNDS = [
    ("Spielplatz Brunnenweg", "Weiterstadt", "1 bis 6 Jahre", 650, 6, True, 49.9048, 8.5925),
    ("Spielplatz Jahnstraße", "Weiterstadt", "3 bis 12 Jahre", 1200, 9, False, 49.9017, 8.5842),
    ("Abenteuerspielplatz Nordring", "Weiterstadt", "6 bis 14 Jahre", 2400, 11, True, 49.9118,
     8.5905),
    ("Spielplatz Feldstraße", "Weiterstadt", "1 bis 12 Jahre", 900, 7, True, 49.9088, 8.5826),
    ("Wasserspielplatz Stadtpark", "Weiterstadt", "3 bis 12 Jahre", 1800, 8, True, 49.9066,
     8.5910),
    ("Spielplatz Odenwaldstraße", "Weiterstadt", "1 bis 6 Jahre", 480, 5, False, 49.8993,
     8.5885),
    ("Spielplatz Südring", "Weiterstadt", "3 bis 12 Jahre", 760, 6, True, 49.8982, 8.5930),
    ("Spielplatz Langstraße", "Gräfenhausen", "1 bis 12 Jahre", 1100, 8, True, 49.9276, 8.6168),
    ("Spielplatz Wixhäuser Straße", "Gräfenhausen", "3 bis 12 Jahre", 700, 6, False, 49.9289,
     8.6226),
    ("Bolzplatz Gräfenhausen", "Gräfenhausen", "ab 10 Jahre", 1500, 2, False, 49.9250, 8.6140),
    ("Spielplatz Schlosspark", "Braunshardt", "1 bis 12 Jahre", 1300, 9, True, 49.8940, 8.5685),
    ("Spielplatz Tannenweg", "Braunshardt", "1 bis 6 Jahre", 420, 4, True, 49.8925, 8.5712),
    ("Spielplatz Pfarrgasse", "Schneppenhausen", "1 bis 12 Jahre", 800, 7, True, 49.9268,
     8.5930),
    ("Spielplatz Mainstraße", "Riedbahn", "3 bis 12 Jahre", 650, 6, False, 49.9105, 8.5592),
]  # fmt: skip


def playgrounds() -> tuple[list[str], list[dict]]:
    return PLAYGROUND_COLUMNS, _rows(PLAYGROUND_COLUMNS, _PLAYGROUNDS)


# --- municipal election (Hauptamt) ----------------------------------------------------------

ELECTION_COLUMNS = [
    "wahlbezirk_nr",
    "wahlbezirk",
    "art",
    "wahlberechtigte",
    "waehlende",
    "wahlbeteiligung_prozent",
    "gueltige_stimmzettel",
    "ungueltige_stimmzettel",
]
_ELECTION_DISTRICTS = [
    ("001", "Weiterstadt 1 – Rathaus"),
    ("002", "Weiterstadt 2 – Carl-Ulrich-Schule"),
    ("003", "Weiterstadt 3 – Bürgerzentrum"),
    ("004", "Weiterstadt 4 – Sportpark"),
    ("005", "Weiterstadt 5 – Kita Kunterbunt"),
    ("006", "Weiterstadt 6 – Seniorentreff"),
    ("007", "Braunshardt – Schlossparkhalle"),
    ("008", "Gräfenhausen 1 – Bürgerhaus"),
    ("009", "Gräfenhausen 2 – Grundschule"),
    ("010", "Gräfenhausen 3 – Feuerwehrhaus"),
    ("011", "Schneppenhausen – Dorfgemeinschaftshaus"),
    ("012", "Riedbahn – Vereinsheim"),
]


def election() -> tuple[list[str], list[dict]]:
    """Turnout of the municipal election (Kommunalwahl) of 15 March 2026 per polling
    district, with the postal-vote districts; invented figures."""
    rng = random.Random(2026)  # noqa: S311 - invented demo figures, not secrets
    rows = []
    for number, name in _ELECTION_DISTRICTS:
        eligible = rng.randint(1250, 1750)
        voters = round(eligible * rng.uniform(0.24, 0.34))
        invalid = round(voters * rng.uniform(0.01, 0.025))
        rows.append((number, name, "Urnenwahl", eligible, voters, invalid))
    for index in range(1, 4):
        voters = rng.randint(1500, 1900)
        invalid = round(voters * rng.uniform(0.008, 0.015))
        rows.append((f"09{index}", f"Briefwahlbezirk {index}", "Briefwahl", 0, voters, invalid))
    result = []
    for number, name, kind, eligible, voters, invalid in rows:
        result.append(
            {
                "wahlbezirk_nr": number,
                "wahlbezirk": name,
                "art": kind,
                # Postal voters are counted in their polling district's electorate.
                "wahlberechtigte": eligible or None,
                "waehlende": voters,
                "wahlbeteiligung_prozent": round(100 * voters / eligible, 1) if eligible else None,
                "gueltige_stimmzettel": voters - invalid,
                "ungueltige_stimmzettel": invalid,
            }
        )
    return ELECTION_COLUMNS, result


# --- street trees (Umwelt und Grünflächen) --------------------------------------------------

TREE_COLUMNS = [
    "baum_nr",
    "strasse",
    "ortsteil",
    "gattung_art",
    "deutscher_name",
    "pflanzjahr",
    "stammumfang_cm",
    "kronendurchmesser_m",
    "hoehe_m",
    "breitengrad",
    "laengengrad",
]
_SPECIES = [
    ("Acer platanoides", "Spitz-Ahorn"),
    ("Tilia cordata", "Winter-Linde"),
    ("Platanus × hispanica", "Ahornblättrige Platane"),
    ("Quercus robur", "Stiel-Eiche"),
    ("Carpinus betulus", "Hainbuche"),
    ("Robinia pseudoacacia", "Robinie"),
    ("Sorbus aria", "Echte Mehlbeere"),
    ("Gleditsia triacanthos", "Amerikanische Gleditschie"),
    ("Corylus colurna", "Baum-Hasel"),
    ("Prunus avium", "Vogel-Kirsche"),
]
# street, district, latitude, longitude
_TREE_STREETS = [
    ("Darmstädter Straße", "Weiterstadt", 49.9008, 8.5936),
    ("Bahnhofstraße", "Weiterstadt", 49.9043, 8.5804),
    ("Rheinstraße", "Weiterstadt", 49.9061, 8.5853),
    ("Schulstraße", "Weiterstadt", 49.9072, 8.5903),
    ("Nordring", "Weiterstadt", 49.9113, 8.5897),
    ("Südring", "Weiterstadt", 49.8986, 8.5924),
    ("Riedbahnstraße", "Riedbahn", 49.9123, 8.5617),
    ("Schlossstraße", "Braunshardt", 49.8943, 8.5682),
    ("Pfarrgasse", "Schneppenhausen", 49.9271, 8.5924),
    ("Langstraße", "Gräfenhausen", 49.9274, 8.6173),
]


def street_trees(count: int = 80) -> tuple[list[str], list[dict]]:
    rng = random.Random(67)  # noqa: S311 - invented demo figures, not secrets
    rows = []
    for number in range(1, count + 1):
        street, district, latitude, longitude = rng.choice(_TREE_STREETS)
        genus, name = rng.choice(_SPECIES)
        planted = rng.randint(1965, 2023)
        age = 2026 - planted
        rows.append(
            {
                "baum_nr": f"WS-{number:05d}",
                "strasse": street,
                "ortsteil": district,
                "gattung_art": genus,
                "deutscher_name": name,
                "pflanzjahr": planted,
                "stammumfang_cm": round(age * rng.uniform(2.2, 3.6)) + 15,
                "kronendurchmesser_m": round(min(16, 1.5 + age * rng.uniform(0.12, 0.22)), 1),
                "hoehe_m": round(min(28, 3 + age * rng.uniform(0.25, 0.4)), 1),
                "breitengrad": round(latitude + rng.uniform(-0.0015, 0.0015), 5),
                "laengengrad": round(longitude + rng.uniform(-0.0025, 0.0025), 5),
            }
        )
    return TREE_COLUMNS, rows


# --- charging points (Tiefbau und Verkehr) --------------------------------------------------

CHARGING_COLUMNS = [
    "standort",
    "ortsteil",
    "betreiber",
    "ladepunkte",
    "hoechstleistung_kw",
    "steckertypen",
    "in_betrieb_seit",
    "breitengrad",
    "laengengrad",
]
_OPERATOR = "Ladeverbund Südhessen (Demo)"
_CHARGING = [
    ("Rathaus", "Riedbahn", _OPERATOR, 2, 22, "Typ 2", datetime.date(2019, 5, 2), 49.9121,
     8.5624),
    ("P+R Bahnhof Weiterstadt", "Weiterstadt", _OPERATOR, 4, 22, "Typ 2",
     datetime.date(2021, 3, 15), 49.9045, 8.5798),
    ("Tiefgarage Bürgerzentrum", "Weiterstadt", _OPERATOR, 6, 11, "Typ 2",
     datetime.date(2022, 9, 1), 49.9062, 8.5879),
    ("Parkplatz Hallenbad", "Weiterstadt", _OPERATOR, 2, 22, "Typ 2",
     datetime.date(2020, 7, 20), 49.9081, 8.5937),
    ("Gewerbegebiet Max-Planck-Straße", "Weiterstadt", _OPERATOR, 4, 150, "CCS, Typ 2",
     datetime.date(2023, 11, 6), 49.9136, 8.6019),
    ("Robert-Bosch-Straße", "Weiterstadt", _OPERATOR, 2, 300, "CCS", datetime.date(2024, 6, 3),
     49.9164, 8.6038),
    ("Bürgerhaus Gräfenhausen", "Gräfenhausen", _OPERATOR, 2, 22, "Typ 2",
     datetime.date(2021, 10, 11), 49.9267, 8.6162),
    ("Kirchplatz Braunshardt", "Braunshardt", _OPERATOR, 2, 22, "Typ 2",
     datetime.date(2022, 4, 25), 49.8952, 8.5714),
    ("Dorfgemeinschaftshaus Schneppenhausen", "Schneppenhausen", _OPERATOR, 2, 22, "Typ 2",
     datetime.date(2023, 2, 13), 49.9250, 8.5946),
    ("Sportplatz Riedbahn", "Riedbahn", _OPERATOR, 2, 50, "CCS, Typ 2",
     datetime.date(2025, 8, 18), 49.9134, 8.5662),
]  # fmt: skip


def charging_points() -> tuple[list[str], list[dict]]:
    return CHARGING_COLUMNS, _rows(CHARGING_COLUMNS, _CHARGING)


# --- council meetings (Hauptamt) ------------------------------------------------------------

MEETING_COLUMNS = ["gremium", "datum", "beginn", "ort", "oeffentlich"]
_COMMITTEES = [
    # committee, first meeting, weeks between meetings, start, place
    ("Stadtverordnetenversammlung", datetime.date(2026, 1, 29), 6, "19:30", "Bürgerzentrum"),
    ("Haupt- und Finanzausschuss", datetime.date(2026, 1, 20), 6, "18:30", "Rathaus, Saal"),
    ("Bau-, Umwelt- und Verkehrsausschuss", datetime.date(2026, 1, 21), 6, "18:30",
     "Rathaus, Saal"),
    ("Sozial-, Kultur- und Sportausschuss", datetime.date(2026, 1, 22), 6, "18:30",
     "Rathaus, Saal"),
    ("Ortsbeirat Gräfenhausen", datetime.date(2026, 2, 9), 8, "19:00", "Bürgerhaus Gräfenhausen"),
    ("Ortsbeirat Braunshardt", datetime.date(2026, 2, 10), 8, "19:00", "Schlossparkhalle"),
    ("Ortsbeirat Schneppenhausen", datetime.date(2026, 2, 11), 8, "19:00",
     "Dorfgemeinschaftshaus"),
    ("Ortsbeirat Riedbahn", datetime.date(2026, 2, 12), 8, "19:00", "Vereinsheim Riedbahn"),
]  # fmt: skip
_NO_MEETINGS = (datetime.date(2026, 7, 13), datetime.date(2026, 8, 23))  # summer break


def council_meetings(year: int = 2026) -> tuple[list[str], list[dict]]:
    rows = []
    for committee, first, weeks, start, place in _COMMITTEES:
        day = first
        while day.year == year:
            if not _NO_MEETINGS[0] <= day <= _NO_MEETINGS[1]:
                rows.append(
                    {
                        "gremium": committee,
                        "datum": day,
                        "beginn": start,
                        "ort": place,
                        "oeffentlich": True,
                    }
                )
            day += datetime.timedelta(weeks=weeks)
    rows.sort(key=lambda row: (row["datum"], row["gremium"]))
    return MEETING_COLUMNS, rows


# --- library loans (Hauptamt) ---------------------------------------------------------------

LIBRARY_COLUMNS = ["monat", "medienart", "ausleihen"]
_MEDIA = [
    ("Romane und Sachbücher", 4800),
    ("Kinder- und Jugendbücher", 3900),
    ("Hörbücher und Hörfiguren", 1300),
    ("Zeitschriften", 600),
    ("Filme (DVD, Blu-ray)", 450),
    ("Brett- und Konsolenspiele", 380),
    ("E-Medien (Onleihe)", 1700),
]
# month: factor (summer reading club in July and August, fewer loans in December)
_SEASON = {1: 1.05, 2: 1.0, 3: 1.02, 4: 0.95, 5: 0.93, 6: 0.96, 7: 1.18, 8: 1.12, 9: 0.98,
           10: 1.0, 11: 1.04, 12: 0.85}  # fmt: skip


def library_loans(year: int = 2025) -> tuple[list[str], list[dict]]:
    rng = random.Random(year)  # noqa: S311 - invented demo figures, not secrets
    rows = []
    for month in range(1, 13):
        for medium, base in _MEDIA:
            rows.append(
                {
                    "monat": f"{year}-{month:02d}",
                    "medienart": medium,
                    "ausleihen": round(base * _SEASON[month] * rng.uniform(0.94, 1.06)),
                }
            )
    return LIBRARY_COLUMNS, rows
