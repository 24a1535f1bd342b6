"""The open-data portal at scale: 100,000 datasets and a table of 1,000,000 rows.

Seeds with bulk inserts in a Django process of its own (datasets, keywords, resources and
their facet rows, as ``services.datasets.index_dataset`` writes them); what is seeded stays,
so a second run on the same PostgreSQL database only measures. SQLite gets 10,000 datasets
and 100,000 rows unless BENCH_OPENDATA_DATASETS / BENCH_OPENDATA_ROWS say otherwise.

- loading the big CSV: the real path (upload stored, a TableLoad job run by
  ``manage.py db_worker --batch``), rows per second and the worker's resident memory sampled
  through the load (flat means it streams);
- ``package_search`` with q and facets, with fq, ``datastore_search`` with filters, over HTTP
  with one connection (p50/p95 are the server's time);
- the whole DCAT-AP.de catalogue walked through its Hydra pages;
- the CSV and JSON downloads of the big table, with the web server's resident memory sampled
  while they stream.
"""

import csv
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.framework import LATENCY_COLUMNS, BenchError, scenario
from bench.wire import BROWSER_HEADERS, fetch

ROOT = Path(__file__).resolve().parent.parent.parent
MARKER = "BENCH-OPENDATA-JSON "
BIG_DATASET = "bench-grosse-tabelle"
GOAL_SEARCH_P95_MS = 100
DISTRICTS = ["Weiterstadt", "Braunshardt", "Gräfenhausen", "Schneppenhausen", "Riedbahn"]
KINDS = ["Haushalt", "Verkehr", "Parken", "Abfall", "Schule", "Kita", "Bevölkerung", "Wahl"]


def _sizes(database: str) -> tuple[int, int]:
    datasets = 100_000 if database == "postgresql" else 10_000
    rows = 1_000_000 if database == "postgresql" else 100_000
    return (
        int(os.environ.get("BENCH_OPENDATA_DATASETS", datasets)),
        int(os.environ.get("BENCH_OPENDATA_ROWS", rows)),
    )


@scenario("opendata")
def catalogue_search_datastore_and_downloads(bench, report):
    """package_search and datastore_search p50/p95, Hydra walk, CSV load rows/s, memory."""
    database = bench.server.database
    datasets, rows = _sizes(database)
    seeded = _in_django(bench, {"datasets": datasets, "rows": rows, "csv": str(_big_csv(rows))})
    report.data.update(database=database, seed=seeded["seed"])
    if seeded.get("load_pending"):
        report.data["load"] = _run_load_job(bench, rows)
        seeded = _in_django(bench, {"datasets": datasets, "rows": rows, "csv": ""})
    load = report.data.get("load")
    if load:
        table = report.table(
            f"opendata: loading a {rows:,}-row CSV through the TableLoad job ({database})",
            ["rows", "seconds", "rows/s", "worker RSS at 10% MB", "at 50% MB", "peak MB"],
        )
        table.rows.append(
            [
                load["rows"],
                load["seconds"],
                load["rows_per_second"],
                load["rss_mb_early"],
                load["rss_mb_middle"],
                load["rss_mb_peak"],
            ]
        )
        table.notes.append(f"file {load['file_mb']} MB; load state: {load['state']}")
    _latency(bench, report, seeded, database)
    _hydra_walk(bench, report)
    _downloads(bench, report, seeded)


def _latency(bench, report, seeded, database) -> None:
    seed = seeded["seed"]
    table = report.table(
        f"opendata: latency over HTTP, one connection ({database}, {seed['datasets']:,} "
        f"datasets, {seed['rows']:,} rows, {bench.seconds:g} s each)",
        LATENCY_COLUMNS,
    )
    results = bench.latency(table, seeded["paths"], headers=BROWSER_HEADERS)
    report.data["latency"] = results
    search = [r for n, r in results.items() if n.startswith("package_search")]
    worst = max(r["p95_ms"] for r in search)
    goal = "met" if worst <= GOAL_SEARCH_P95_MS else "NOT met"
    table.notes.append(
        f"package_search worst p95 {worst} ms (goal <= {GOAL_SEARCH_P95_MS} ms on "
        f"PostgreSQL: {goal})"
    )
    table.notes.append(f"paths: {json.dumps(seeded['paths'], ensure_ascii=False)}")


_NEXT_PAGE = re.compile(r"hydra:nextPage\s+\"([^\"]+)\"")


def _hydra_walk(bench, report) -> None:
    path, pages, datasets = "/catalog.ttl?page=1", 0, 0
    started = time.perf_counter()
    bytes_total = 0
    while path:
        response = _get(bench, path)
        if response.status != 200:
            raise BenchError(f"GET {path} answered {response.status}")
        text = response.body.decode()
        pages += 1
        bytes_total += len(response.body)
        datasets += text.count("a dcat:Dataset")
        match = _NEXT_PAGE.search(text)
        path = _local(match.group(1)) if match else ""
    seconds = time.perf_counter() - started
    report.data["hydra_walk"] = {
        "pages": pages,
        "datasets": datasets,
        "seconds": round(seconds, 1),
        "bytes": bytes_total,
    }
    table = report.table(
        "opendata: the whole DCAT-AP.de catalogue through its Hydra pages (Turtle)",
        ["pages", "datasets", "seconds", "ms per page", "MB"],
    )
    table.rows.append(
        [
            pages,
            datasets,
            round(seconds, 1),
            round(seconds * 1000 / max(pages, 1), 1),
            round(bytes_total / 1e6, 1),
        ]
    )


def _local(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url


def _get(bench, path: str):
    import asyncio

    return asyncio.run(fetch(bench.server.host, bench.server.port, path, {}))


def _downloads(bench, report, seeded) -> None:
    table = report.table(
        "opendata: downloads generated from the big table (web server's memory while streaming)",
        ["download", "MB", "seconds", "server RSS before MB", "peak during MB"],
    )
    report.data["downloads"] = {}
    for name, path in seeded["downloads"].items():
        sampler = _RssSampler(lambda: _group_pids(bench.server.process.pid))
        before = sampler.sample()
        sampler.start()
        started = time.perf_counter()
        size = _stream(bench, path)
        seconds = time.perf_counter() - started
        peak = sampler.stop()
        report.data["downloads"][name] = {
            "bytes": size,
            "seconds": round(seconds, 2),
            "rss_mb_before": before,
            "rss_mb_peak": peak,
        }
        table.rows.append([name, round(size / 1e6, 1), round(seconds, 2), before, peak])


def _stream(bench, path: str) -> int:
    import http.client

    connection = http.client.HTTPConnection(bench.server.host, bench.server.port, timeout=600)
    connection.request("GET", path)
    response = connection.getresponse()
    if response.status != 200:
        raise BenchError(f"GET {path} answered {response.status}")
    size = 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
    connection.close()
    return size


# --- memory -----------------------------------------------------------------------------------


def _group_pids(leader: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == leader:
                pids.append(int(entry.name))
    return pids


def _rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


class _RssSampler:
    """The resident memory of some processes, sampled every 0.2 s in a thread."""

    def __init__(self, pids):
        self.pids = pids
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> float:
        return _rss_mb(self.pids())

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(self.sample())
            self._stop.wait(0.2)

    def start(self):
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.samples, default=0.0)


# --- the big CSV and its load -----------------------------------------------------------------


def _big_csv(rows: int) -> Path:
    path = ROOT / "var" / "bench" / f"opendata-{rows}.csv"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["messung", "datum", "stadtteil", "art", "anzahl", "wert"])
        for number in range(1, rows + 1):
            writer.writerow(
                [
                    number,
                    f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}",
                    DISTRICTS[number % len(DISTRICTS)],
                    KINDS[number % len(KINDS)],
                    number % 997,
                    f"{(number * 37 % 100000) / 100:.2f}",
                ]
            )
    partial.rename(path)
    return path


def _run_load_job(bench, rows: int) -> dict:
    """Run the queued TableLoad in a worker process and sample its memory."""
    env = {**bench.server.env}
    started = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    timeline: list[tuple[float, float]] = []
    while worker.poll() is None:
        timeline.append((time.perf_counter() - started, _rss_mb([worker.pid])))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if worker.returncode:
        raise BenchError(f"db_worker failed: {worker.stderr.read()[-800:]}")
    state = _in_django(bench, {"load_state": True})["load_state"]

    def at(fraction: float) -> float:
        values = [rss for moment, rss in timeline if moment >= seconds * fraction]
        return values[0] if values else 0.0

    return {
        "rows": state["rows_loaded"],
        "state": state["state"],
        "seconds": round(seconds, 1),
        "rows_per_second": round(state["rows_loaded"] / seconds) if seconds else 0,
        "rss_mb_early": at(0.1),
        "rss_mb_middle": at(0.5),
        "rss_mb_peak": max((rss for _moment, rss in timeline), default=0.0),
        "file_mb": round(state["file_bytes"] / 1e6, 1),
    }


def _in_django(bench, task: dict) -> dict:
    return bench.in_django("bench.scenarios.opendata", task, marker=MARKER)


# --- inside the Django process ----------------------------------------------------------------


def _progress(message: str) -> None:
    print(f"  opendata bench: {message}", file=sys.stderr, flush=True)


def django_main(task_json: str) -> None:
    from rathaus.core.models import Town
    from rathaus.core.tenancy import for_town

    task = json.loads(task_json)
    _as_docs_scaling_recommends()
    town = Town.objects.for_host("127.0.0.1") or Town.objects.order_by("pk").first()
    with for_town(town):
        if task.get("load_state"):
            result = {"load_state": _load_state()}
        else:
            started = time.perf_counter()
            datasets = _seed_datasets(task["datasets"])
            big, pending = _seed_big_table(task["csv"]) if task["csv"] else (_big(), False)
            seed = {
                "datasets": datasets,
                "rows": big.row_count if big else 0,
                "seconds": round(time.perf_counter() - started, 1),
            }
            result = {"seed": seed, "load_pending": pending, **_paths(big)}
    print(MARKER + json.dumps(result, default=str))


def _as_docs_scaling_recommends() -> None:
    """The bench database is configured as docs/scaling.md tells production to be (SSD:
    ``random_page_cost = 1.1``); it applies to the server's connections opened from now."""
    from django.db import connection

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')  # noqa: S608


WORDS = [
    "Haushalt", "Parkplätze", "Abfallkalender", "Kindertagesstätten", "Bevölkerung",
    "Wahlergebnisse", "Spielplätze", "Straßenbäume", "Ladesäulen", "Bibliothek", "Radverkehr",
    "Gewerbe", "Baugebiete", "Friedhöfe", "Sitzungen", "Feuerwehr", "Sportstätten", "Energie",
    "Lärm", "Luftqualität", "Hochwasser", "Schulen", "Vereine", "Tourismus", "Verkehrszählung",
]  # fmt: skip
TAGS = [f"{word}" for word in WORDS] + [f"Stichwort {n}" for n in range(200)]
THEMES = ["ECON", "TRAN", "EDUC", "SOCI", "ENVI", "GOVE", "REGI", "HEAL"]
LICENSES = ["dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0", "cc-zero"]
FORMATS = ["CSV", "PDF", "JSON", "XLSX", "GEOJSON", "HTML"]


def _seed_datasets(wanted: int) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    from rathaus.core.accounts.models import Unit
    from rathaus.opendata.models import Dataset, DatasetFacet, Resource, Tag
    from rathaus.opendata.organizations import organization_name

    have = Dataset.objects.filter(name__startswith="bench-ds-").count()
    if have >= wanted:
        return Dataset.objects.published().count()
    _progress(f"seeding {wanted - have:,} datasets")
    units = list(Unit.objects.filter(is_active=True).order_by("code"))
    tags = {}
    for name in TAGS:
        tags[name] = Tag.objects.get_or_create(name=name)[0]
    through = Dataset.tags.through
    now = timezone.now()
    batch = 2000
    for first in range(have, wanted, batch):
        datasets, links, resources, facets = [], [], [], []
        for number in range(first, min(first + batch, wanted)):
            word = WORDS[number % len(WORDS)]
            district = DISTRICTS[number % len(DISTRICTS)]
            unit = units[number % len(units)]
            keywords = [word, TAGS[len(WORDS) + number % 200], TAGS[len(WORDS) + number % 37]]
            themes = [THEMES[number % len(THEMES)], THEMES[number % 3]]
            title = f"{word} {district} {2000 + number % 26} ({number})"
            notes = f"{word} in {district}: Zahlen der Stadt für das Jahr {2000 + number % 26}."
            dataset = Dataset(
                name=f"bench-ds-{number}",
                title=title,
                notes=notes,
                organization=unit,
                themes=sorted(set(themes)),
                license_id=LICENSES[number % len(LICENSES)],
                contact_name="Open-Data-Team",
                contact_email="opendata@weiterstadt.example",
                frequency="ANNUAL",
                state=Dataset.State.PUBLISHED,
                published_at=now,
                modified_at=now,
                search_text="\n".join([title, notes, " ".join(keywords), unit.name]),
            )
            datasets.append(dataset)
            formats = sorted({FORMATS[number % len(FORMATS)], FORMATS[number % 2]})
            for position, fmt in enumerate(formats):
                resources.append(
                    Resource(
                        dataset=dataset,
                        name=f"{title} ({fmt})",
                        format=fmt,
                        url=f"https://weiterstadt.example/daten/{number}.{fmt.lower()}",
                        position=position,
                    )
                )
            for keyword in dict.fromkeys(keywords):
                links.append(through(dataset_id=dataset.pk, tag_id=tags[keyword].pk))
            values = [
                ("organization", organization_name(unit)),
                ("license_id", dataset.license_id),
                *(("groups", theme) for theme in dataset.themes),
                *(("res_format", fmt) for fmt in formats),
                *(("tags", keyword) for keyword in dict.fromkeys(keywords)),
            ]
            facets += [DatasetFacet(dataset=dataset, field=f, value=v) for f, v in values]
        with transaction.atomic():
            Dataset.objects.bulk_create(datasets)
            Resource.objects.bulk_create(resources)
            through.objects.bulk_create(links)
            DatasetFacet.objects.bulk_create(facets)
        if (first // batch) % 10 == 0:
            _progress(f"{first + batch:,} datasets")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "opendata_dataset",
                "opendata_datasetfacet",
                "opendata_resource",
                "opendata_tag",
                "opendata_dataset_tags",
            ):
                # What autovacuum does in production after a bulk insert: the statistics,
                # and the visibility map that lets index-only scans skip the table. The
                # bench machine's server may run with autovacuum off.
                cursor.execute(f"VACUUM ANALYZE {table}")  # noqa: S608 - fixed names
    return Dataset.objects.published().count()


def _big():
    from rathaus.opendata.models import Resource

    return (
        Resource.objects.filter(dataset__name=BIG_DATASET)
        .exclude(datastore_table="")
        .select_related("dataset")
        .first()
    )


def _seed_big_table(csv_path: str):
    """The big table's resource, and whether its load still has to run."""
    from django.core.files import File

    from rathaus.core.accounts.models import Unit, User
    from rathaus.core.accounts.roles import Role
    from rathaus.opendata.models import Dataset, TableLoad
    from rathaus.opendata.services.datasets import create_dataset, publish_dataset
    from rathaus.opendata.services.resources import add_resource

    big = _big()
    if big is not None:
        return big, False
    if TableLoad.objects.filter(resource__dataset__name=BIG_DATASET, state="queued").exists():
        return None, True
    steward = User.objects.filter(
        role_assignments__role=Role.DATA_STEWARD, role_assignments__unit=None
    ).first()
    dataset = Dataset.objects.filter(name=BIG_DATASET).first()
    if dataset is None:
        dataset = create_dataset(
            actor=steward,
            name=BIG_DATASET,
            title="Lasttest: Messwerte (große Tabelle)",
            notes="Eine Tabelle mit sehr vielen Zeilen, für die Messung.",
            organization=Unit.objects.order_by("code").first(),
            themes=["GOVE"],
            contact_name="Open-Data-Team",
            contact_email="opendata@weiterstadt.example",
        )
    _progress("storing the big CSV and queueing its load")
    with open(csv_path, "rb") as handle:
        add_resource(
            actor=steward,
            dataset=dataset,
            name="Messwerte",
            format="CSV",
            uploaded_file=File(handle, name="messwerte.csv"),
        )
    publish_dataset(actor=steward, dataset=dataset)
    return None, True


def _load_state() -> dict:
    from rathaus.opendata.models import TableLoad

    load = (
        TableLoad.objects.filter(resource__dataset__name=BIG_DATASET)
        .select_related("file")
        .order_by("-created_at")
        .first()
    )
    return {
        "state": load.state,
        "rows_loaded": load.rows_loaded,
        "file_bytes": load.file.size if load.file else 0,
    }


def _paths(big) -> dict:
    from django.urls import reverse

    from rathaus.core.accounts.models import Unit
    from rathaus.opendata.organizations import organization_name

    search = reverse("ckan:action", args=["package_search"])
    facets = json.dumps(["organization", "groups", "tags", "res_format", "license_id"])
    unit = Unit.objects.filter(is_active=True).order_by("code").first()
    paths = {
        "package_search q + facets": search
        + "?"
        + urlencode({"q": "Parkplätze", "facet.field": facets, "rows": 10}),
        "package_search q two words + facets": search
        + "?"
        + urlencode({"q": "Haushalt Gräfenhausen", "facet.field": facets, "rows": 10}),
        "package_search fq + facets": search
        + "?"
        + urlencode(
            {
                "fq": f'organization:"{organization_name(unit)}" AND res_format:CSV',
                "facet.field": facets,
                "rows": 10,
            }
        ),
        "package_search all + facets": search + "?" + urlencode({"facet.field": facets}),
        "package_search q page 50": search
        + "?"
        + urlencode({"q": "Verkehr", "rows": 20, "start": 1000}),
    }
    downloads = {}
    if big is not None:
        datastore = reverse("ckan:action", args=["datastore_search"])
        rid = str(big.pk)
        riedbahn_kita = json.dumps({"stadtteil": "Riedbahn", "art": "Kita"})
        paths["datastore_search filters"] = (
            datastore + "?" + urlencode({"resource_id": rid, "filters": riedbahn_kita})
        )
        paths["datastore_search filters + sort"] = (
            datastore
            + "?"
            + urlencode(
                {
                    "resource_id": rid,
                    "filters": json.dumps({"stadtteil": "Braunshardt"}),
                    "sort": "wert desc",
                    "limit": 50,
                }
            )
        )
        name = big.dataset.name
        downloads = {
            "CSV": reverse("opendata:table_csv", args=[name, big.pk]),
            "JSON": reverse("opendata:table_json", args=[name, big.pk]),
        }
    return {"paths": paths, "downloads": downloads}
