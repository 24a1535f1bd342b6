"""Online services under load: concurrent applications with a 1 MB upload, the catalogue
against a bare Django page, and the clerks' work queue with 100,000 applications.

Set-up and checks run in a Django process of their own (``manage.py shell``) on the
server's database, inside the demo town's scope; the load goes over loopback to gunicorn.
Run only these: ``.venv/bin/python bench/run.py services`` (sizes below, as variables).

- Concurrent applications: a free service of the Ordnungsamt (unit 32) with a one-page form
  (a text field and a required PDF upload), filed in an e-file of its own, and one citizen
  account per application with a ready session. BENCH_SERVICES_CLIENTS clients (default:
  the run's --concurrency) send BENCH_SERVICES_APPLICATIONS applications (default 100) as
  a browser does: start a draft, fetch the page, POST it as multipart with a ~1 MB scanned
  PDF (BENCH_SERVICES_UPLOAD_BYTES; an image without a text layer, so the e-file queues an
  OCR job on the database queue, which no worker runs during the bench: checked), fetch
  the check page, send it with the page's submission key, fetch the "sent" page. Every 5th
  applicant double-clicks: the same key again on a second connection 0.1 s later. One
  untimed application per client warms the workers up first. Reported: applications/s,
  p50/p95 per step, errors, server CPU per application, and, counted in the database
  afterwards, lost applications (acknowledged with the redirect to /gesendet/ but not
  stored as sent) and duplicates (per key, per applicant, and in each application's events,
  procedures and documents); both must be 0. Nothing is asserted; the numbers are reported.
- Catalogue: /leistungen/ and /leistungen/?q=parkausweis against /_bench/plain under the
  same load, as ratios of requests/s, p95 and server CPU, plus SQL queries per request.
- Work queue: BENCH_SERVICES_QUEUE (default 100,000) received applications bulk-created for
  unit 32's services over the last year (states, due dates and clerks spread; kept: a second
  run on the same database finds them). The clerk's tabs "Neu", "Offen", "Überfällig" and the
  last page of "Offen" through the test client (BENCH_SERVICES_ROUNDS x 4 requests):
  p50/p95, bytes, SQL queries and time (compared with the query count when only the first
  200 existed, if this run seeds), and over HTTP with a session past the second factor.
"""

import asyncio
import io
import json
import os
import re
import subprocess
import sys
import time
import traceback
import uuid
from collections import Counter
from dataclasses import asdict, dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.framework import BenchError, scenario
from bench.loadgen import percentile
from bench.wire import BROWSER_HEADERS, Connection

ROOT = Path(__file__).resolve().parent.parent.parent
MARKER = "BENCH-SERVICES-JSON "
PLAIN = "/_bench/plain"
CATALOGUE = "/leistungen/"
CATALOGUE_SEARCH = "/leistungen/?q=parkausweis"
QUEUE_TABS = ["neu", "offen", "ueberfaellig"]

APPLICATIONS = int(os.environ.get("BENCH_SERVICES_APPLICATIONS", "100"))
CLIENTS = int(os.environ.get("BENCH_SERVICES_CLIENTS", "0"))  # 0: the run's concurrency
UPLOAD_BYTES = int(os.environ.get("BENCH_SERVICES_UPLOAD_BYTES", str(1024 * 1024)))
QUEUE_SIZE = int(os.environ.get("BENCH_SERVICES_QUEUE", "100000"))
ROUNDS = int(os.environ.get("BENCH_SERVICES_ROUNDS", "5"))
DOUBLE_CLICK_EVERY = 5
DOUBLE_CLICK_DELAY = 0.1  # seconds between the two clicks
REQUEST_TIMEOUT = 120  # seconds; a request that takes longer counts as an error
DISTINCT_PDFS = 8  # different scans, used in turn

SERVICE_SLUG = "bench-nachweis"
TEXT_FIELD = "betreff"
FILE_FIELD = "nachweis"
FORM = {
    "title": "Nachweis einreichen",
    "pages": [
        {
            "id": "seite",
            "title": "Nachweis",
            "groups": [
                {
                    "id": "G_nachweis",
                    "title": "",
                    "fields": [
                        {
                            "id": TEXT_FIELD,
                            "type": "text",
                            "label": "Betreff",
                            "required": True,
                            "max_length": 200,
                        },
                        {
                            "id": FILE_FIELD,
                            "type": "file",
                            "label": "Nachweis (Scan)",
                            "hint": "PDF",
                            "required": True,
                            "kinds": ["pdf"],
                        },
                    ],
                }
            ],
        }
    ],
}


# --- scenarios (in the bench process) ---------------------------------------------------------


@scenario("services")
def catalogue_vs_plain(bench, report):
    """Catalogue and catalogue search against the bare Django view, same server and load."""
    bench.manage("load_demo", "--quiet")
    queries = _in_django(bench, {"task": "catalogue"})
    plain = bench.load(PLAIN, headers=BROWSER_HEADERS)
    catalogue = bench.load(CATALOGUE, headers=BROWSER_HEADERS)
    search = bench.load(CATALOGUE_SEARCH, headers=BROWSER_HEADERS)
    ratios = {
        path: {
            "requests_per_second": _ratio(r.requests_per_second, plain.requests_per_second, 3),
            "p95": _ratio(r.p95_ms, plain.p95_ms, 2),
            "server_cpu_per_request": _ratio(
                r.server_cpu_ms_per_request, plain.server_cpu_ms_per_request, 2
            ),
        }
        for path, r in ((CATALOGUE, catalogue), (CATALOGUE_SEARCH, search))
    }
    report.data.update(
        database=bench.server.database,
        published_services=queries["published_services"],
        sql_queries=queries["pages"],
        plain=plain.as_dict(),
        catalogue=catalogue.as_dict(),
        catalogue_search=search.as_dict(),
        ratio_to_plain=ratios,
    )
    table = report.table(
        f"services: catalogue vs bare Django view ({bench.concurrency} connections, "
        f"{bench.seconds:g} s each, {queries['published_services']} published services)",
        [
            "path",
            "requests",
            "req/s",
            "x plain",
            "p50 ms",
            "p95 ms",
            "errors",
            "bytes/resp",
            "CPU ms/req",
            "SQL",
        ],
    )
    for result in (plain, catalogue, search):
        ratio = ratios.get(result.path, {}).get("requests_per_second")
        table.rows.append(
            [
                result.path,
                result.requests,
                result.requests_per_second,
                "1" if result.path == PLAIN else (ratio if ratio is not None else "-"),
                result.p50_ms,
                result.p95_ms,
                result.errors,
                round(result.mean_response_bytes),
                result.server_cpu_ms_per_request or "-",
                queries["pages"].get(result.path, {}).get("queries", "-"),
            ]
        )
    for path, ratio in ratios.items():
        table.notes.append(
            f"{path} / plain: {ratio['requests_per_second']}x the requests/s, "
            f"{ratio['p95']}x the p95, {ratio['server_cpu_per_request'] or '-'}x the server CPU"
        )
    for result in (plain, catalogue, search):
        if result.errors:
            table.notes.append(f"{result.path}: {result.errors} errors, {result.statuses}")


@scenario("services")
def concurrent_applications(bench, report):
    """Applications with a 1 MB upload sent concurrently: throughput, p95, lost/duplicates."""
    bench.manage("load_demo", "--quiet")
    clients = CLIENTS or bench.concurrency
    # One application per client first, not timed (the workers load templates, fonts, ...),
    # but checked for loss and duplicates like the others.
    warm_up = clients
    setup = _in_django(bench, {"task": "applicants", "count": warm_up + APPLICATIONS})
    pdfs = [_scanned_pdf(UPLOAD_BYTES, seed) for seed in range(min(DISTINCT_PDFS, APPLICATIONS))]
    pdf_check = _check_scan(pdfs[0])
    outcomes = [
        Outcome(index=n, user_id=user_id, double=n % DOUBLE_CLICK_EVERY == DOUBLE_CLICK_EVERY - 1)
        for n, user_id in enumerate(setup["user_ids"])
    ]
    address = (bench.server.host, bench.server.port)
    warm = asyncio.run(_send_applications(*address, setup, pdfs, clients, outcomes[:warm_up]))
    cpu_before = bench.server.cpu_seconds()
    run = asyncio.run(_send_applications(*address, setup, pdfs, clients, outcomes[warm_up:]))
    cpu_after = bench.server.cpu_seconds()
    checked = _in_django(
        bench,
        {
            "task": "verify",
            "user_ids": setup["user_ids"],
            "record_file_id": setup["record_file_id"],
            "outcomes": [asdict(o) for o in outcomes],
        },
    )

    completed = sum(1 for o in run.outcomes if o.acknowledged)
    steps = {step: _stats(values) for step, values in run.timings.items()}
    whole = _stats([o.seconds for o in run.outcomes if o.acknowledged and o.seconds])
    cpu = None
    if cpu_before is not None and cpu_after is not None and completed:
        cpu = round((cpu_after - cpu_before) / completed, 3)
    doubles = Counter(o.second for o in outcomes if o.double)  # the warm-up's too
    doubles_first = Counter(o.first for o in outcomes if o.double)
    report.data.update(
        database=bench.server.database,
        applications=APPLICATIONS,
        clients=clients,
        upload_bytes=[len(pdf) for pdf in pdfs],
        upload=pdf_check,
        warm_up_applications=warm_up,
        warm_up_errors=_error_counts(warm.errors),
        double_clicks=sum(1 for o in outcomes if o.double),
        double_click_first_response=dict(doubles_first),
        double_click_second_response=dict(doubles),
        acknowledged=completed,
        failed=len(run.outcomes) - completed,
        seconds=round(run.seconds, 2),
        applications_per_second=round(completed / run.seconds, 3) if run.seconds else 0.0,
        application_ms=whole,
        steps=steps,
        errors=_error_counts(run.errors),
        error_samples=warm.samples + run.samples,
        server_cpu_seconds_per_application=cpu,
        setup={key: setup[key] for key in ("service_id", "record_file", "seconds", "form")},
        check=checked,
    )

    table = report.table(
        f"services: {APPLICATIONS} applications with a {UPLOAD_BYTES / 1e6:.1f} MB upload, "
        f"{clients} concurrent clients ({bench.server.database})",
        ["step", "requests", "p50 ms", "p95 ms", "max ms", "errors"],
    )
    step_errors = Counter()
    for (step, _status), count in run.errors.items():
        step_errors[step] += count
    for step in STEPS:
        stats = steps.get(step) or _stats([])
        table.rows.append(
            [
                step,
                stats["count"],
                stats["p50_ms"],
                stats["p95_ms"],
                stats["max_ms"],
                step_errors.get(step, 0),
            ]
        )
    table.rows.append(
        [
            "whole application",
            whole["count"],
            whole["p50_ms"],
            whole["p95_ms"],
            whole["max_ms"],
            len(run.outcomes) - completed,
        ]
    )
    rate = report.data["applications_per_second"]
    table.notes.append(
        f"{completed} of {APPLICATIONS} acknowledged in {run.seconds:.1f} s: {rate} "
        f"applications/s; server CPU {cpu if cpu is not None else '-'} s per application"
    )
    lost, duplicates = checked["lost"], checked["duplicates"]
    verdict = "ok" if lost == 0 and duplicates["total"] == 0 else "NOT ok"
    table.notes.append(
        f"lost: {lost}, duplicates: {duplicates['total']} ({verdict}; both must be 0) — "
        f"{checked['sent_in_database']} sent in the database, "
        f"{checked['sent_not_acknowledged']} sent without acknowledgement, "
        f"{checked['filed']} filed in the e-file (all {len(outcomes)} applications checked, "
        f"the {warm_up} of the untimed warm-up included)"
    )
    table.notes.append(
        f"double clicks: {report.data['double_clicks']}; first click answered "
        + ", ".join(f"{k} {v}" for k, v in sorted(doubles_first.items()))
        + "; second click answered "
        + ", ".join(f"{k} {v}" for k, v in sorted(doubles.items()))
    )
    ocr = checked["ocr"]
    table.notes.append(
        f"uploads: {checked['uploads_filed']['count']} filed, "
        f"{checked['uploads_filed']['min_bytes']:,}-{checked['uploads_filed']['max_bytes']:,} "
        f"bytes, text layer {'yes' if pdf_check['has_text'] else 'no'}; OCR versions "
        f"{ocr['upload_text_states']}, jobs {ocr['job_states']}, task results "
        f"{ocr['task_result_states']} (no worker runs during the bench)"
    )
    for label, count in report.data["errors"].items():
        table.notes.append(f"error: {label}: {count}")
    for label, count in report.data["warm_up_errors"].items():
        table.notes.append(f"error in the warm-up: {label}: {count}")
    for sample in report.data["error_samples"][:3]:
        table.notes.append(f"  e.g. {sample['step']} {sample['status']}: {sample['text'][:160]}")


@scenario("services")
def queue_with_many_applications(bench, report):
    """The clerk's work queue with 100,000 received applications (BENCH_SERVICES_QUEUE)."""
    bench.manage("load_demo", "--quiet")
    result = _in_django(bench, {"task": "queue", "size": QUEUE_SIZE})
    cookie = result.pop("cookie")  # a signed-in session: not for the report
    report.data.update(database=bench.server.database, **result)
    seed = result["seed"]

    table = report.table(
        f"services: clerk's queue with {seed['applications']:,} applications of unit 32 "
        f"({bench.server.database}, test client, {ROUNDS * 4} requests each)",
        ["page", "rows", "status", "SQL", "SQL p50 ms", "p50 ms", "p95 ms", "bytes", "SQL before"],
    )
    for row in result["pages"]:
        before = row.get("before")
        table.rows.append(
            [
                row["path"],
                row["rows"],
                row["status"],
                row["queries"],
                row["sql_p50_ms"],
                row["p50_ms"],
                row["p95_ms"],
                row["bytes"],
                f"{before['queries']} ({before['rows']} rows)" if before else "-",
            ]
        )
    table.notes.append(
        f"seeding: {seed['status']} in {seed['seconds']:.0f} s; open {seed['open']:,}, "
        f"new {seed['new']:,}, overdue {seed['overdue']:,}; SQL p50 ms: time in the database"
    )
    for row in result["pages"]:
        slowest = row["slowest_query"]
        sql = re.sub(r"\s+", " ", slowest["sql"])
        table.notes.append(f"slowest query of {row['page']}: {slowest['ms']} ms, {sql[:70]} ...")
    if result["applications_before"] is not None:
        grows = [r["page"] for r in result["pages"] if r["before"]["queries"] != r["queries"]]
        verdict = f"DIFFER with the data: {', '.join(grows)}" if grows else "do not grow"
        table.notes.append(
            f"SQL queries per page {verdict} (SQL before: with "
            f"{result['applications_before']:,} applications in the queue)"
        )
    else:
        table.notes.append("SQL queries with little data: not measured (the data was there)")

    headers = {**BROWSER_HEADERS, "Cookie": cookie}
    http = report.table(
        f"services: queue pages over HTTP (gunicorn, {bench.concurrency} connections, "
        f"{bench.seconds:g} s each)",
        ["path", "requests", "req/s", "p50 ms", "p95 ms", "errors", "bytes/resp", "CPU ms/req"],
    )
    report.data["http"] = {}
    for tab in QUEUE_TABS:
        path = f"/staff/leistungen/antraege/{tab}/"
        try:
            load = bench.load(path, headers=headers)
        except BenchError as error:
            http.notes.append(f"{path} not measured: {error}")
            continue
        report.data["http"][path] = load.as_dict()
        http.rows.append(
            [
                path,
                load.requests,
                load.requests_per_second,
                load.p50_ms,
                load.p95_ms,
                load.errors,
                round(load.mean_response_bytes),
                load.server_cpu_ms_per_request or "-",
            ]
        )
        if load.errors:
            http.notes.append(f"{path}: {load.errors} errors, {load.statuses}")


def _error_counts(errors: Counter) -> dict:
    return {f"{step} -> {status}": count for (step, status), count in sorted(errors.items())}


def _ratio(value, base, digits):
    if not value or not base:
        return None
    return round(value / base, digits)


def _stats(values: list[float]) -> dict:
    ordered = sorted(values)
    if not ordered:
        return {"count": 0, "p50_ms": "-", "p95_ms": "-", "max_ms": "-"}
    return {
        "count": len(ordered),
        "p50_ms": round(percentile(ordered, 0.50) * 1000, 1),
        "p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _in_django(bench, task: dict) -> dict:
    """Run ``django_main`` with ``task`` (on stdin) in a Django process on the server's
    settings and database; its own subprocess, since seeding takes a while."""
    code = "from bench.scenarios.services import django_main; django_main()"
    try:
        completed = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
            cwd=ROOT,
            env=bench.server.env,
            input=json.dumps(task),
            text=True,
            stdout=subprocess.PIPE,
            timeout=3600,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"the Django process for {task['task']!r} took over an hour") from error
    if completed.returncode:
        raise BenchError(f"the Django process failed ({completed.returncode}); see stderr")
    for line in completed.stdout.splitlines():
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER) :])
            if result.get("error"):
                raise BenchError(result["error"])
            return result
    raise BenchError(f"no result from the Django process; output: {completed.stdout[-500:]!r}")


# --- the upload ---------------------------------------------------------------------------------


def _scanned_pdf(size: int, seed: int) -> bytes:
    """A valid one-page PDF of about ``size`` bytes holding only an image (like a scan, no
    text layer): noise as JPEG, which hardly compresses, so the size can be aimed at."""
    import random

    from PIL import Image

    rng = random.Random(seed)  # noqa: S311 - generated test data
    width = 1000
    data = b""
    for _attempt in range(4):
        height = width * 1414 // 1000  # A4
        image = Image.frombytes("L", (width, height), rng.randbytes(width * height))
        out = io.BytesIO()
        image.save(out, "PDF", resolution=150, quality=85, title="Scan")
        data = out.getvalue()
        if 0.97 <= size / len(data) <= 1.03:
            break
        width = max(50, int(width * (size / len(data)) ** 0.5))
    return data


def _check_scan(pdf: bytes) -> dict:
    """What the e-file will find: a readable PDF, and whether it has a text layer."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() or "" for page in reader.pages).strip()
    return {"bytes": len(pdf), "pages": len(reader.pages), "has_text": bool(text)}


def _multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]):
    boundary = f"rathaus-bench-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        )
        parts.append(content)
        parts.append(b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


# --- the applicants (asyncio clients) -------------------------------------------------------------


@dataclass
class Outcome:
    index: int
    user_id: str
    double: bool
    application_id: str = ""
    key: str = ""
    acknowledged: bool = False
    first: str = ""  # what the (first) send answered
    second: str = ""  # the double click's answer
    failed_step: str = ""
    seconds: float | None = None


@dataclass
class Run:
    outcomes: list[Outcome]
    timings: dict[str, list[float]]
    errors: Counter
    samples: list[dict]
    seconds: float


class StepFailed(Exception):
    def __init__(self, step: str, status: str, text: str = ""):
        super().__init__(f"{step}: {status}")
        self.step, self.status, self.text = step, status, text


STEPS = [
    "start (POST)",
    "form page (GET)",
    "upload (POST)",
    "check page (GET)",
    "send (POST)",
    "second click (POST)",
    "sent page (GET)",
]
APPLICATION_PATH = re.compile(r"^/antraege/([0-9a-f-]{36})/")
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')


def _main_text(response) -> str:
    """The page's main content as text (for error samples)."""
    try:
        html = response.decoded().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - a sample is only a hint
        return ""
    main = re.search(r"<main.*?</main>", html, re.S)
    text = re.sub(r"<[^>]+>", " ", main.group(0) if main else html)
    return re.sub(r"\s+", " ", unescape(text)).strip()[:400]


def _location(response) -> str:
    return urlsplit(response.header("location")).path


def _answer(response, application_id: str) -> str:
    """What a send request answered, in a word."""
    if response.status in (301, 302, 303):
        path = _location(response)
        if path.endswith("/gesendet/"):
            return "sent"
        if path == f"/antraege/{application_id}/":
            return "redirect to the application"
        return f"redirect to {path}"
    return f"status {response.status}"


class Applicant:
    """One client in a browser's place: two keep-alive connections (the second for the
    double click), the session and CSRF cookies of one citizen."""

    def __init__(self, host, port, setup, timings):
        self.connection = Connection(host, port)
        self.spare = Connection(host, port)
        self.setup = setup
        self.timings = timings
        self.origin = f"http://{host}:{port}"

    async def close(self):
        await self.connection.close()
        await self.spare.close()

    async def _send(self, step, method, path, headers, body=None, connection=None):
        connection = connection or self.connection
        started = time.perf_counter()
        try:
            response = await asyncio.wait_for(
                connection.request(method, path, headers, body), REQUEST_TIMEOUT
            )
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, OSError) as error:
            await connection.close()
            raise StepFailed(step, type(error).__name__) from error
        self.timings.setdefault(step, []).append(time.perf_counter() - started)
        return response

    async def apply(self, outcome: Outcome, session: str, pdf: bytes) -> None:
        csrf = uuid.uuid4().hex  # a CSRF secret of our own: cookie and field must agree
        cookies = f"{self.setup['session_cookie']}={session}; {self.setup['csrf_cookie']}={csrf}"
        page_headers = {**BROWSER_HEADERS, "Cookie": cookies}
        form_headers = {
            **page_headers,
            "Origin": self.origin,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        started = time.perf_counter()

        start_path = f"/antraege/neu/{self.setup['slug']}/"
        body = urlencode({"csrfmiddlewaretoken": csrf, "on_behalf": "self"}).encode()
        response = await self._send("start (POST)", "POST", start_path, form_headers, body)
        page_path = _location(response)
        match = APPLICATION_PATH.match(page_path)
        if response.status != 302 or not match or "/seite/" not in page_path:
            raise StepFailed("start (POST)", str(response.status), _main_text(response))
        outcome.application_id = application_id = match.group(1)

        response = await self._send("form page (GET)", "GET", page_path, page_headers)
        if response.status != 200:
            raise StepFailed("form page (GET)", str(response.status), _main_text(response))

        content_type, body = _multipart(
            [
                ("csrfmiddlewaretoken", csrf),
                (f"a-f-{TEXT_FIELD}", f"Nachweis zu Vorgang {outcome.index + 1}"),
                ("action", "next"),
            ],
            [(f"a-f-{FILE_FIELD}", f"scan-{outcome.index + 1}.pdf", pdf)],
        )
        upload_headers = {**form_headers, "Content-Type": content_type}
        response = await self._send("upload (POST)", "POST", page_path, upload_headers, body)
        check_path = f"/antraege/{application_id}/pruefen/"
        if response.status != 302 or _location(response) != check_path:
            raise StepFailed("upload (POST)", str(response.status), _main_text(response))

        response = await self._send("check page (GET)", "GET", check_path, page_headers)
        if response.status != 200:
            raise StepFailed("check page (GET)", str(response.status), _main_text(response))
        found = SUBMISSION_KEY.search(response.decoded().decode("utf-8", "replace"))
        outcome.key = found.group(1) if found else str(uuid.uuid4())

        body = urlencode({"csrfmiddlewaretoken": csrf, "submission_key": outcome.key}).encode()
        send = self._send("send (POST)", "POST", check_path, form_headers, body)
        if outcome.double:
            first = asyncio.ensure_future(send)
            await asyncio.sleep(DOUBLE_CLICK_DELAY)
            try:
                second = await self._send(
                    "second click (POST)",
                    "POST",
                    check_path,
                    form_headers,
                    body,
                    connection=self.spare,
                )
                outcome.second = _answer(second, application_id)
            except StepFailed as error:
                outcome.second = f"error {error.status}"
            finally:
                # idle until the next double click, the server would close it (keep-alive)
                await self.spare.close()
            try:
                response = await first
            except StepFailed as error:  # the browser shows the second click's answer
                outcome.first, response = f"error {error.status}", None
        else:
            response = await send
        if response is not None:
            outcome.first = _answer(response, application_id)
        outcome.acknowledged = "sent" in (outcome.first, outcome.second)
        if not outcome.acknowledged:
            text = _main_text(response) if response is not None else ""
            raise StepFailed("send (POST)", outcome.first, text)

        response = await self._send(
            "sent page (GET)", "GET", f"/antraege/{application_id}/gesendet/", page_headers
        )
        if response.status != 200:
            raise StepFailed("sent page (GET)", str(response.status), _main_text(response))
        outcome.seconds = time.perf_counter() - started


async def _send_applications(host, port, setup, pdfs, clients, outcomes) -> Run:
    sessions = setup["sessions"]
    timings: dict[str, list[float]] = {}
    errors: Counter = Counter()
    samples: list[dict] = []
    queue = iter(outcomes)

    async def client() -> None:
        applicant = Applicant(host, port, setup, timings)
        try:
            for outcome in queue:
                try:
                    await applicant.apply(
                        outcome, sessions[outcome.index], pdfs[outcome.index % len(pdfs)]
                    )
                except StepFailed as failure:
                    outcome.failed_step = failure.step
                    errors[(failure.step, failure.status)] += 1
                    if len(samples) < 10:
                        samples.append(
                            {"step": failure.step, "status": failure.status, "text": failure.text}
                        )
        finally:
            await applicant.close()

    started = time.perf_counter()
    limit = REQUEST_TIMEOUT * 7 * (len(outcomes) // max(1, clients) + 1)
    await asyncio.wait_for(asyncio.gather(*(client() for _ in range(clients))), timeout=limit)
    return Run(outcomes, timings, errors, samples, time.perf_counter() - started)


# --- inside the Django process ------------------------------------------------------------------


def django_main() -> None:
    task = json.loads(sys.stdin.read())
    from rathaus.core.models import Town
    from rathaus.core.tenancy import for_town

    town = Town.objects.for_host("127.0.0.1")
    if town is None:
        print(MARKER + json.dumps({"error": "no demo town (load_demo) in the database"}))
        return
    handlers = {
        "catalogue": _catalogue_queries,
        "applicants": _seed_applicants,
        "verify": _verify,
        "queue": _queue,
    }
    try:
        with for_town(town):
            result = handlers[task["task"]](task)
    except Exception as error:  # noqa: BLE001 - reported to the bench process as it is
        traceback.print_exc()
        result = {"error": f"{task['task']}: {type(error).__name__}: {error}"}
    print(MARKER + json.dumps(result, default=str), flush=True)


def _progress(message: str) -> None:
    print(f"  services bench: {message}", file=sys.stderr, flush=True)


def _catalogue_queries(task: dict) -> dict:
    from django.test import Client

    from rathaus.services.models import Service

    client = Client(HTTP_HOST="127.0.0.1")
    pages = {path: _time_page(client, path, ROUNDS * 4) for path in (CATALOGUE, CATALOGUE_SEARCH)}
    return {"pages": pages, "published_services": Service.objects.published().count()}


def _demo_clerk():
    from rathaus.core.accounts.models import User, email_lookup_for
    from rathaus.services.demo import CLERK_32

    return User.objects.get(email_lookup=email_lookup_for(CLERK_32))


def _bench_service() -> dict:
    """The benchmark's service of unit 32, its form and its e-file (made once)."""
    from django.db import transaction
    from django.utils import timezone

    from rathaus.core.accounts.models import Unit
    from rathaus.records.models import FilePlanEntry, RecordFile
    from rathaus.records.services.files import create_file
    from rathaus.services.formdefs.validation import validate_definition
    from rathaus.services.models import FormDefinition, Service

    problems = validate_definition(FORM)
    if problems:
        raise RuntimeError(f"the benchmark form is not valid: {problems}")
    unit = Unit.objects.get(code="32")
    clerk = _demo_clerk()
    title = f"Benchmark: Nachweise {timezone.localdate().year}"
    with transaction.atomic():
        record_file = RecordFile.objects.filter(title=title, unit=unit).first()
        if record_file is None:
            entry = FilePlanEntry.objects.filter(code="32").first()
            if entry is None:
                raise RuntimeError("the demo file plan has no entry 32 (records demo data)")
            record_file = create_file(
                actor=clerk, data={"unit": unit, "plan_entry": entry, "title": title}
            )
        service = Service.objects.filter(slug=SERVICE_SLUG).first()
        if service is None:
            service = Service.objects.create(
                slug=SERVICE_SLUG,
                name="Nachweis nachreichen (Benchmark)",
                summary="Reichen Sie einen Nachweis als Scan ein.",
                description="Leistung für die Lastmessung: ein Betreff und ein Scan als PDF.",
                unit=unit,
                record_file=record_file,
                processing_days=5,
                audience="citizens",
                maturity=Service.Maturity.LEVEL_3,
                is_published=True,
                search_text="Nachweis Scan Benchmark",
            )
        elif service.record_file_id != record_file.pk:
            service.record_file = record_file  # a new year: the new year's file
            service.save(update_fields=["record_file"])
        form = FormDefinition.objects.filter(service=service).order_by("-number").first()
        if form is None:
            form = FormDefinition.objects.create(
                service=service,
                number=1,
                definition=FORM,
                source="Benchmark",
                published_at=timezone.now(),
                created_by=clerk,
            )
    return {
        "service_id": str(service.pk),
        "record_file_id": str(record_file.pk),
        "record_file": f"{record_file.reference} {record_file.title}",
        "form": f"v{form.number}",
    }


def _seed_applicants(task: dict) -> dict:
    """The service, and one citizen account per application with a signed-in session."""
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from rathaus.core.accounts.models import User

    started = time.perf_counter()
    result = _bench_service()
    run = uuid.uuid4().hex[:8]
    user_ids, sessions = [], []
    for n in range(task["count"]):
        user = User.objects.create_user(
            email=f"bench-{run}-{n:05}@example.org",
            password=None,
            kind=User.Kind.CITIZEN,
            given_name="Bench",
            family_name=f"Antragsteller {n + 1}",
            email_confirmed_at=timezone.now(),
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        user_ids.append(str(user.pk))
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return {
        **result,
        "slug": SERVICE_SLUG,
        "user_ids": user_ids,
        "sessions": sessions,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _verify(task: dict) -> dict:
    """Count in the database what the clients were told: lost and duplicated applications."""
    from django.db.models import Count

    from rathaus.core.jobs.models import Job
    from rathaus.records.models import Document, DocumentVersion, Procedure
    from rathaus.services.models import Application, ApplicationEvent

    outcomes = task["outcomes"]
    rows = list(
        Application.objects.filter(applicant_id__in=task["user_ids"]).values(
            "id", "applicant_id", "idempotency_key", "state", "reference", "procedure_id"
        )
    )
    per_applicant = Counter(str(row["applicant_id"]) for row in rows)
    sent = [row for row in rows if row["state"] != "draft"]
    by_key = Counter(str(row["idempotency_key"]) for row in sent if row["idempotency_key"])
    sent_ids = {str(row["id"]) for row in sent}
    acknowledged = [o for o in outcomes if o["acknowledged"]]
    lost = [o for o in acknowledged if by_key.get(o["key"], 0) == 0]
    # the draft a client started is the application that was sent: same row, same key
    wrong_row = [
        o for o in acknowledged if o["key"] in by_key and o["application_id"] not in sent_ids
    ]
    acknowledged_keys = {o["key"] for o in acknowledged}
    events = Counter(
        (str(e["application_id"]), e["kind"])
        for e in ApplicationEvent.objects.filter(
            application_id__in=sent_ids, kind__in=["submitted", "received"]
        ).values("application_id", "kind")
    )
    references = {row["reference"] for row in sent}
    titles = Procedure.objects.filter(file_id=task["record_file_id"]).values_list(
        "title", flat=True
    )
    procedures_per_reference = Counter(
        part for title in titles for part in title.split(" – ") if part in references
    )
    procedure_ids = [row["procedure_id"] for row in sent if row["procedure_id"]]
    documents = Counter(
        {
            str(d["procedure_id"]): d["n"]
            for d in Document.objects.filter(procedure_id__in=procedure_ids)
            .values("procedure_id")
            .annotate(n=Count("id"))
        }
    )
    duplicates = {
        "applications_per_key": _beyond(by_key.values()),
        "applications_per_applicant": _beyond(per_applicant.values()),
        "submitted_events": _beyond(n for (_a, k), n in events.items() if k == "submitted"),
        "received_events": _beyond(n for (_a, k), n in events.items() if k == "received"),
        "procedures_per_application": _beyond(procedures_per_reference.values()),
        # the form's PDF and the upload
        "documents_per_procedure": _beyond(documents.values(), expected=2),
    }
    duplicates["total"] = sum(duplicates.values())

    versions = DocumentVersion.objects.filter(
        document__procedure_id__in=procedure_ids, content_type="application/pdf"
    ).exclude(document__title__startswith="Antrag ")
    upload_states = Counter(versions.values_list("text_state", flat=True))
    sizes = list(versions.values_list("size", flat=True))
    job_ids = [j for j in versions.values_list("ocr_job_id", flat=True) if j]
    jobs = list(Job.objects.filter(pk__in=job_ids).values("state", "task_result_id"))
    task_results = _task_result_states([j["task_result_id"] for j in jobs])
    return {
        "acknowledged": len(acknowledged),
        "sent_in_database": len(sent),
        "lost": len(lost),
        "lost_keys": [o["key"] for o in lost][:20],
        "acknowledged_other_row": len(wrong_row),
        "sent_not_acknowledged": sum(1 for k in by_key if k not in acknowledged_keys),
        "drafts_left": sum(1 for row in rows if row["state"] == "draft"),
        "states": dict(Counter(row["state"] for row in rows)),
        "duplicates": duplicates,
        "filed": len(procedure_ids),
        "documents_per_procedure": dict(Counter(documents.values())),
        "received_events_missing": sum(1 for a in sent_ids if events.get((a, "received"), 0) == 0),
        "uploads_filed": {
            "count": len(sizes),
            "min_bytes": min(sizes, default=0),
            "max_bytes": max(sizes, default=0),
        },
        "ocr": {
            "upload_text_states": dict(upload_states),
            "job_states": dict(Counter(j["state"] for j in jobs)),
            "task_result_states": task_results,
        },
    }


def _beyond(counts, expected: int = 1) -> int:
    """How many more there are than expected, summed over the counts."""
    return sum(n - expected for n in counts if n > expected)


def _task_result_states(ids: list[str]) -> dict:
    """States of the queued tasks in django-tasks' database backend (if it is the one)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return {"backend": "not the database backend"}
    ids = [i for i in ids if i]
    return dict(Counter(DBTaskResult.objects.filter(pk__in=ids).values_list("status", flat=True)))


# --- the work queue ---------------------------------------------------------------------------

QUEUE_PREFIX = "BQ-"  # references of the seeded applications
QUEUE_SMALL = 200  # the first ones: the query counts with little data, to compare
NAMES = ["Anna Schmidt", "Jonas Müller", "Leyla Kaya", "Piotr Nowak", "Marie Schulz"]


def _queue(task: dict) -> dict:
    from django.conf import settings

    from rathaus.services.models import Application

    clerk = _demo_clerk()
    client = _staff_client(clerk)
    size = task["size"]
    have = Application.objects.filter(reference__startswith=QUEUE_PREFIX).count()
    started = time.perf_counter()
    before, rows_before = None, None
    if have < size:
        status = "seeded" if have == 0 else f"topped up from {have:,}"
        # First a little data (every tab shows some rows), for the query counts to compare.
        have = max(have, _add_queue_applications(min(size, QUEUE_SMALL), have, clerk))
        rows_before = Application.objects.visible_to_staff(clerk).count()
        before = {label: _time_page(client, path, 1) for label, path in _queue_pages(clerk)}
        _add_queue_applications(size, have, clerk)
    else:
        status = "reused"
    seed = {
        "status": status,
        "seconds": round(time.perf_counter() - started, 1),
        **_queue_figures(clerk),
    }
    pages = []
    for label, path in _queue_pages(clerk):
        row = {"page": label, "path": path, **_time_page(client, path, ROUNDS * 4)}
        if before is not None:
            row["before"] = before[label]
        pages.append(row)
    cookie = _staff_client(clerk).cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "seed": seed,
        "applications_before": rows_before,
        "pages": pages,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}",
    }


def _queue_pages(clerk) -> list[tuple[str, str]]:
    """(label, path) of the measured tabs, and the last page of all open applications."""
    from rathaus.core.pagination import PER_PAGE
    from rathaus.services.models import Application

    pages = [(tab, f"/staff/leistungen/antraege/{tab}/") for tab in QUEUE_TABS]
    open_rows = Application.objects.visible_to_staff(clerk).open().count()
    last = max(1, -(-open_rows // PER_PAGE))
    return [*pages, ("offen, last page", f"/staff/leistungen/antraege/offen/?page={last}")]


def _staff_client(user):
    """A test client signed in with a confirmed second factor, as the staff area requires."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


class _SqlTimer:
    """Counts the queries a request makes and the time they take (an execute wrapper)."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0
        self.slowest = (0.0, "")

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.seconds += took
            self.count += 1
            self.slowest = max(self.slowest, (took, sql))


def _time_page(client, path: str, requests: int) -> dict:
    """The page through the test client: status, SQL queries, SQL and total time, size."""
    from django.db import connection

    response = client.get(path)  # warm-up
    timings, sql = [], []
    for _ in range(requests):
        timer = _SqlTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = client.get(path)
        timings.append(time.perf_counter() - started)
        sql.append(timer.seconds)
    stats = _stats(timings)
    content = response.content
    return {
        "status": response.status_code,
        "queries": timer.count,
        "sql_p50_ms": _stats(sql)["p50_ms"],
        "slowest_query": {
            "ms": round(timer.slowest[0] * 1000, 1),
            "sql": timer.slowest[1][:300],
        },
        "p50_ms": stats["p50_ms"],
        "p95_ms": stats["p95_ms"],
        "bytes": len(content),
        "rows": content.count(b'<tr class="kern-table__row">') - 1 if b"<tbody" in content else 0,
    }


def _add_queue_applications(size: int, have: int, clerk) -> int:
    """Received applications of unit 32's services, numbered ``have`` up to ``size``."""
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    from rathaus.core.accounts.models import RoleAssignment, Unit, User, email_lookup_for
    from rathaus.services.models import Application, FormDefinition, Service

    if have >= size:
        return have
    _bench_service()
    services = []
    for service in Service.objects.filter(unit__code="32").order_by("slug"):
        form = (
            FormDefinition.objects.filter(service=service, published_at__isnull=False)
            .order_by("-number")
            .first()
        )
        if form is not None:
            services.append((service, form))
    applicants = list(User.objects.filter(kind=User.Kind.CITIZEN).order_by("pk")[:20])
    clerks = [clerk]
    unit = Unit.objects.get(code="32")
    for letter in "ab":
        email = f"bench-clerk-32-{letter}@example.org"
        other = User.objects.filter(email_lookup=email_lookup_for(email)).first()
        if other is None:
            other = User.objects.create_user(
                email=email,
                password=None,
                kind=User.Kind.STAFF,
                given_name="Bench",
                family_name=f"Sachbearbeitung {letter.upper()}",
                email_confirmed_at=timezone.now(),
            )
            RoleAssignment.objects.create(user=other, role="clerk", unit=unit)
        clerks.append(other)
    rng = random.Random(have)  # noqa: S311 - generated test data
    now = timezone.now()
    batch = 5_000
    for offset in range(have, size, batch):
        rows = []
        for n in range(offset, min(size, offset + batch)):
            service, form = services[n % len(services)]
            rows.append(_queue_application(rng, n, now, service, form, applicants, clerks))
        with transaction.atomic():
            Application.objects.bulk_create(rows, batch_size=1000)
        done = min(size, offset + batch)
        if done % 25_000 < batch:
            _progress(f"{done:,} of {size:,} applications")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give
    return size


def _queue_figures(clerk) -> dict:
    from rathaus.services.models import Application

    base = Application.objects.visible_to_staff(clerk)
    return {
        "applications": base.count(),
        "seeded": Application.objects.filter(reference__startswith=QUEUE_PREFIX).count(),
        "open": base.open().count(),
        "new": base.new().count(),
        "overdue": base.overdue().count(),
        "by_state": dict(Counter(base.values_list("state", flat=True))),
    }


def _queue_application(rng, n, now, service, form, applicants, clerks):
    import datetime

    from rathaus.services.models import Application

    age = datetime.timedelta(seconds=rng.uniform(0, 365 * 86400))
    received = now - age
    recent = age < datetime.timedelta(days=21)
    if recent or rng.random() < 0.1:  # the recent ones, and a backlog of older ones, are open
        state = rng.choices(["submitted", "in_progress", "query"], [5, 4, 1])[0]
    else:
        state = rng.choice(["decided", "closed", "closed"])
    decided = closed = None
    if state in ("decided", "closed"):
        decided = min(now, received + datetime.timedelta(days=rng.uniform(1, 20)))
        if state == "closed":
            closed = min(now, decided + datetime.timedelta(days=rng.uniform(0, 10)))
    days = service.processing_days or 5
    applicant = applicants[n % len(applicants)] if applicants else None
    application = Application(
        service=service,
        form=form,
        applicant=applicant,
        applicant_name=NAMES[n % len(NAMES)],
        reference=f"{QUEUE_PREFIX}{received.year}-{n:07}",
        state=state,
        current_page=1,
        created_at=received - datetime.timedelta(minutes=rng.uniform(2, 60)),
        updated_at=closed or decided or received,
        submitted_at=received,
        received_at=received,
        due_on=received.date() + datetime.timedelta(days=days * 7 // 5),
        decided_at=decided,
        closed_at=closed,
        assigned_to=None if state == "submitted" else rng.choice(clerks),
    )
    return application
