"""Participation at scale: Open311 over 1,000,000 defect reports, the public report list and
map, and a process with 10,000 proposals.

Seeds with bulk inserts in a Django process of its own (``defects.demo.seed_reports`` and
``participation.demo.seed_proposals``, on top of the demo town); what is seeded stays, so a
second run on the same PostgreSQL database only measures. SQLite gets 100,000 reports unless
BENCH_DEFECTS says otherwise.

Latency is measured over HTTP against gunicorn with one connection at a time (so p95 is the
server's time, not queueing behind the bench's own other connections); throughput with the
run's concurrency. Page weight: first and repeat view of the proposals index and the map.
"""

import json
import os
import sys
from pathlib import Path

from bench.framework import LATENCY_COLUMNS, scenario
from bench.wire import BROWSER_HEADERS

ROOT = Path(__file__).resolve().parent.parent.parent
MARKER = "BENCH-PARTICIPATION-JSON "
PROPOSALS = 10_000
PROCESS_SLUG = "bench-vorschlaege"
GOAL_OPEN311_P95_MS = 50
GOAL_INDEX_BYTES = 50 * 1024


def _reports(database: str) -> int:
    default = 1_000_000 if database == "postgresql" else 100_000
    return int(os.environ.get("BENCH_DEFECTS", default))


@scenario("participation")
def open311_reports_and_proposals(bench, report):
    """Open311 requests p50/p95, report list and proposals index p95, page weights."""
    database = bench.server.database
    seeded = _in_django(bench, {"reports": _reports(database), "proposals": PROPOSALS})
    report.data.update(database=database, seed=seeded["seed"])

    latency = report.table(
        f"participation: latency over HTTP, one connection ({database}, "
        f"{seeded['seed']['reports']:,} reports, {seeded['seed']['proposals']:,} proposals, "
        f"{bench.seconds:g} s each)",
        LATENCY_COLUMNS,
    )
    results = bench.latency(latency, seeded["paths"], headers=BROWSER_HEADERS)
    report.data["latency"] = results
    open311 = [r for n, r in results.items() if n.startswith("open311")]
    worst = max(r["p95_ms"] for r in open311)
    goal = "met" if worst <= GOAL_OPEN311_P95_MS else "NOT met"
    latency.notes.append(
        f"Open311 worst p95 {worst} ms (goal <= {GOAL_OPEN311_P95_MS} ms on PostgreSQL: {goal})"
    )
    latency.notes.append(f"paths: {json.dumps(seeded['paths'], ensure_ascii=False)}")

    throughput_path = seeded["paths"]["open311 requests.json (defaults)"]
    load = bench.load(throughput_path, headers=BROWSER_HEADERS)
    report.data["open311_throughput"] = load.as_dict()
    table = report.table(
        f"participation: Open311 throughput ({bench.concurrency} connections)",
        ["path", "req/s", "p50 ms", "p95 ms", "server CPU ms/req", "errors"],
    )
    table.rows.append(
        [
            throughput_path,
            load.requests_per_second,
            load.p50_ms,
            load.p95_ms,
            load.server_cpu_ms_per_request or "",
            load.errors,
        ]
    )

    weights = report.table(
        "participation: page weight (bytes on the wire incl. headers, br/gzip accepted)",
        ["page", "first view req", "first view bytes", "repeat req", "repeat bytes", "html bytes"],
    )
    report.data["page_weight"] = {}
    for name in ("proposals index", "report map"):
        weight = bench.page_weight(seeded["weight_paths"][name], headers=BROWSER_HEADERS)
        report.data["page_weight"][name] = weight
        weights.rows.append(
            [
                name,
                weight["first_view"]["requests"],
                weight["first_view"]["bytes"],
                weight["repeat_view"]["requests"],
                weight["repeat_view"]["bytes"],
                weight["html"]["wire_bytes"],
            ]
        )
        if weight["failed"]:
            weights.notes.append(f"{name}: FAILED " + ", ".join(weight["failed"]))
    index = report.data["page_weight"]["proposals index"]["first_view"]["bytes"]
    goal = "met" if index <= GOAL_INDEX_BYTES else "NOT met"
    weights.notes.append(
        f"proposals index first view {index:,} bytes (goal <= {GOAL_INDEX_BYTES:,}: {goal})"
    )


def _in_django(bench, task: dict) -> dict:
    return bench.in_django("bench.scenarios.participation", task, marker=MARKER)


# --- inside the Django process ----------------------------------------------------------------


def _progress(message: str) -> None:
    print(f"  participation bench: {message}", file=sys.stderr, flush=True)


def django_main(task_json: str) -> None:
    import time

    from rathaus.core.models import Town
    from rathaus.core.tenancy import for_town

    task = json.loads(task_json)
    town = Town.objects.for_host("127.0.0.1") or Town.objects.order_by("pk").first()
    with for_town(town):
        started = time.perf_counter()
        reports = _seed_reports(task["reports"])
        process, proposals = _seed_proposals(task["proposals"])
        seed = {
            "reports": reports,
            "proposals": proposals,
            "seconds": round(time.perf_counter() - started, 1),
        }
        result = {"seed": seed, **_paths(process)}
    print(MARKER + json.dumps(result, default=str))


def _seed_reports(wanted: int) -> int:
    from rathaus.participation.defects.demo import seed_reports
    from rathaus.participation.defects.models import DefectReport

    have = DefectReport.objects.count()
    if have < wanted:
        _progress(f"seeding {wanted - have:,} defect reports")
        seed_reports(wanted - have)
        if _is_postgresql():
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE defects_defectreport")
    return DefectReport.objects.count()


def _is_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _seed_proposals(wanted: int):
    import datetime

    from django.utils import timezone

    from rathaus.participation.demo import seed_proposals
    from rathaus.participation.models import Feature, Phase, Process, Proposal

    process = Process.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        today = timezone.localdate()
        process = Process.objects.create(
            slug=PROCESS_SLUG,
            title="Lasttest: 10.000 Vorschläge",
            summary="Ein Verfahren mit sehr vielen Vorschlägen, für die Messung.",
            is_published=True,
        )
        Phase.objects.create(
            process=process,
            kind=Phase.Kind.PROPOSALS,
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=3650),
            features=[Feature.PROPOSALS, Feature.COMMENTS, Feature.SUPPORT],
        )
    have = Proposal.objects.filter(process=process).count()
    if have < wanted:
        _progress(f"seeding {wanted - have:,} proposals")
        seed_proposals(process, wanted - have)
    return process, Proposal.objects.filter(process=process).count()


def _paths(process) -> dict:
    import datetime
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils import timezone

    from rathaus.participation.defects.models import DefectCategory, DefectReport

    code = DefectCategory.objects.order_by("position", "code").values_list("code", flat=True)[0]
    numbers = list(
        DefectReport.objects.exclude(status="unconfirmed")
        .order_by("-number")
        .values_list("number", flat=True)[:40:10]
    )
    now = timezone.now()
    start = (now - datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    requests_json = reverse("open311:requests", kwargs={"fmt": "json"})
    requests_xml = reverse("open311:requests", kwargs={"fmt": "xml"})
    index = reverse("participation:proposals", args=[process.slug])
    report_list = reverse("defects:list")
    report_map = reverse("defects:map")
    return {
        "paths": {
            "open311 requests.json (defaults)": requests_json,
            "open311 requests.json status=open": f"{requests_json}?status=open",
            "open311 requests.json service_code+status": requests_json
            + "?"
            + urlencode({"service_code": code, "status": "open"}),
            "open311 requests.json 30 days closed": requests_json
            + "?"
            + urlencode({"start_date": start, "end_date": end, "status": "closed"}),
            "open311 requests.json ids": requests_json
            + "?"
            + urlencode({"service_request_id": ",".join(str(n) for n in numbers)}),
            "open311 requests.xml status=open": f"{requests_xml}?status=open",
            "report list": report_list,
            "report list open, one category": report_list
            + "?"
            + urlencode({"kategorie": code, "status": "offen"}),
            "report list page 50": f"{report_list}?page=50",
            "proposals index": index,
            "proposals index most supported": f"{index}?sortierung=most_supported",
            "proposals index page 100": f"{index}?page=100",
        },
        "weight_paths": {"proposals index": index, "report map": report_map},
    }
