"""Towns: one town's start page with only that town present, then with 50 towns present.

Two measurements per state:
- SQL queries per request, counted in a Django process of its own (`manage.py shell`) with
  the test client and CaptureQueriesContext, sending the town's Host header;
- requests/s and latency over loopback against the running gunicorn, same Host header,
  each followed by the bare view /_bench/plain as a control for a machine that got busier.

The towns are added with `manage.py add_demo_town` (demo-sized data each: units, staff,
citizens, a business), called in one process with the password hash computed once, so
seeding 49 towns takes seconds rather than minutes of Argon2. This scenario runs after every
other one (`last=True`): the towns it adds stay in the database.
"""

import io
import json
import os
import re
import time

from bench.framework import BenchError, scenario
from bench.wire import BROWSER_HEADERS

START_PAGE = "/"
PLAIN = "/_bench/plain"  # control: the bare view, to tell machine noise from a real change
# Towns present in the second measurement, the demo town included (~0.2 s to add each).
TOWNS = int(os.environ.get("RATHAUS_BENCH_TOWNS", "50"))
MARKER = "BENCH-TOWNS-JSON "


@scenario("towns", last=True)
def start_page_1_vs_50_towns(bench, report):
    """One town's start page with 1 town present vs with 50 (RATHAUS_BENCH_TOWNS) present."""
    if "add_demo_town" not in bench.manage("help", "--commands").stdout.split():
        raise BenchError("manage.py add_demo_town does not exist (yet); it seeds the towns")
    port = bench.server.port
    demo_host = f"{bench.server.host}:{port}"  # the demo town (load_demo: 127.0.0.1, localhost)

    demo = {**BROWSER_HEADERS, "Host": demo_host}

    before = _in_django(bench, {"count": [demo_host]})
    one = bench.load(START_PAGE, headers=demo)
    plain_one = bench.load(PLAIN, headers=demo)

    after = _in_django(bench, {"seed": TOWNS, "count": [demo_host], "count_added": True})
    seed = after["seed"]
    if seed.get("error"):
        raise BenchError(seed["error"])
    other_host = f"{after['other_host']}:{port}"
    many = bench.load(START_PAGE, headers=demo)
    plain_many = bench.load(PLAIN, headers=demo)
    other = bench.load(START_PAGE, headers={**BROWSER_HEADERS, "Host": other_host})
    # Requests/s of the start page relative to the bare view measured right after it: if the
    # machine got busier between the two states, both drop and this ratio stays put.
    relative = (
        one.requests_per_second / plain_one.requests_per_second,
        many.requests_per_second / plain_many.requests_per_second,
    )

    q_before = before["queries"][demo_host]
    q_after = after["queries"][demo_host]
    q_other = after["queries"][other_host]
    rows = [
        (before["towns"], demo_host, q_before, one),
        (after["towns"], demo_host, q_after, many),
        (after["towns"], other_host, q_other, other),
    ]
    report.data.update(
        database=bench.server.database,
        towns_before=before["towns"],
        towns_after=after["towns"],
        seeding=seed,
        measurements=[
            {
                "towns_present": towns,
                "host": host,
                "town": queries["town"],
                "queries_per_request": queries["queries"],
                "queries_first_request_in_process": queries["first_request"],
                "sql": queries["sql"],
                "load": result.as_dict(),
            }
            for towns, host, queries, result in rows
        ],
        control={
            "path": PLAIN,
            "load_1_town": plain_one.as_dict(),
            "load_50_towns": plain_many.as_dict(),
            "start_page_rps_relative_to_plain": [round(r, 3) for r in relative],
        },
        ratio_50_to_1={
            "requests_per_second": round(many.requests_per_second / one.requests_per_second, 3),
            "p95": round(many.p95_ms / one.p95_ms, 3),
            "requests_per_second_relative_to_plain": round(relative[1] / relative[0], 3),
        },
    )

    table = report.table(
        f"towns: start page with 1 vs {TOWNS} towns ({bench.server.database}, "
        f"{bench.concurrency} connections, {bench.seconds:g} s each)",
        [
            "towns",
            "town (Host header)",
            "SQL queries/req",
            "req/s",
            "p50 ms",
            "p95 ms",
            "server CPU ms/req",
            "errors",
        ],
    )
    for towns, host, queries, result in rows:
        table.rows.append(
            [
                towns,
                f"{queries['town']} ({host})",
                queries["queries"],
                result.requests_per_second,
                result.p50_ms,
                result.p95_ms,
                result.server_cpu_ms_per_request or "-",
                result.errors,
            ]
        )
    table.notes.append(
        f"{before['towns']} -> {after['towns']} towns: "
        f"{many.requests_per_second / one.requests_per_second:.2f}x the requests/s, "
        f"{many.p95_ms / one.p95_ms:.2f}x the p95 latency; queries/request "
        + ("unchanged" if q_before["queries"] == q_after["queries"] else "CHANGED")
        + f" ({q_before['queries']} -> {q_after['queries']})"
    )
    table.notes.append(
        f"control {PLAIN} (same host, measured right after): start page at "
        f"{relative[0]:.2f}x its requests/s with {before['towns']} town(s), "
        f"{relative[1]:.2f}x with {after['towns']}"
    )
    table.notes.append(
        f"seeded {seed['added']} towns with add_demo_town in {seed['seconds']:.1f} s "
        f"({seed['rows']} rows in the database afterwards)"
    )
    if before["towns"] != 1:
        table.notes.append(
            f"the database held {before['towns']} towns before the run, so the first row is "
            "not a 1-town baseline; use a fresh database (DATABASE_URL) for one"
        )
    for result in (one, plain_one, many, plain_many, other):
        if result.errors:
            table.notes.append(f"{result.path}: {result.errors} errors, statuses {result.statuses}")


def _in_django(bench, task: dict) -> dict:
    """Run `django_main(task)` in a Django process on the server's settings and database."""
    code = f"from bench.scenarios.towns import django_main; django_main({json.dumps(task)!r})"
    try:
        output = bench.manage("shell", "-c", code).stdout
    except RuntimeError as error:
        raise BenchError(str(error)) from error
    for line in output.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    raise BenchError(f"no result from the Django process; output: {output[-500:]!r}")


# --- inside the Django process ----------------------------------------------------------------


def django_main(task_json: str) -> None:
    task = json.loads(task_json)
    result: dict = {}
    if "seed" in task:
        result["seed"] = _seed(task["seed"])
        result["other_host"] = _middle(result["seed"].get("hosts") or ["town25.localhost"])
        if task.get("count_added"):
            port = task["count"][0].rsplit(":", 1)[1]
            task["count"].append(f"{result['other_host']}:{port}")
    result["towns"] = _town_count()
    result["queries"] = {host: _queries(host) for host in task.get("count", [])}
    print(MARKER + json.dumps(result))


def _middle(items: list) -> str:
    return items[len(items) // 2]


def _town_count() -> int:
    from rathaus.core.models import Town

    return Town.objects.count()


def _queries(host: str, repeat: int = 3) -> dict:
    """SQL queries of the start page for `host`: the first request in this process (cold
    caches) and the last of `repeat` (what a warm server does per request)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from rathaus.core.models import Town

    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    counts = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(START_PAGE)
        if response.status_code != 200:
            raise SystemExit(f"GET {START_PAGE} with Host {host} answered {response.status_code}")
        counts.append(len(captured.captured_queries))
    town = Town.objects.for_host(host)
    return {
        "town": str(town) if town else "?",
        "first_request": counts[0],
        "queries": counts[-1],
        "sql": [_short(query["sql"]) for query in captured.captured_queries],
    }


def _short(sql: str) -> str:
    """The statement without its column list, which says little and hides the WHERE clause."""
    return re.sub(r"^SELECT .*? FROM ", "SELECT ... FROM ", sql, count=1, flags=re.S)[:600]


def _seed(target: int) -> dict:
    """Add demo towns town<N>.localhost until `target` towns exist."""
    from django.core.management import call_command, get_commands
    from django.db import connection

    from rathaus.core.models import Town, TownHost

    if "add_demo_town" not in get_commands():
        return {"error": "manage.py add_demo_town does not exist"}
    _hash_each_password_once()
    started = time.perf_counter()
    hosts: list[str] = []
    added = number = 0
    while Town.objects.count() < target and number < target * 3:
        number += 1
        host = f"town{number}.localhost"
        if TownHost.objects.filter(hostname=host).exists():
            hosts.append(host)
            continue
        call_command(
            "add_demo_town",
            "--name",
            f"Musterstadt {number}",
            "--host",
            host,
            "--quiet",
            stdout=io.StringIO(),
        )
        hosts.append(host)
        added += 1
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give
    return {
        "command": "add_demo_town, in one process, password hash computed once",
        "added": added,
        "seconds": round(seconds, 2),
        "hosts": hosts,
        "rows": _row_count(),
    }


def _row_count() -> int:
    from django.apps import apps

    from rathaus.core.tenancy import scopes_disabled

    with scopes_disabled():
        return sum(model._base_manager.count() for model in apps.get_models())


def _hash_each_password_once() -> None:
    """Argon2 costs ~0.1 s per hash on purpose; the demo towns all use one published password.
    Reuse its first hash (a valid Argon2 hash, so the demo logins work) instead of hashing it
    again for every account of every town."""
    from django.contrib.auth import base_user, hashers

    real = hashers.make_password
    cache: dict[str, str] = {}

    def make_password(password, salt=None, hasher="default"):
        if password is None or salt is not None or hasher != "default":
            return real(password, salt, hasher)
        if password not in cache:
            cache[password] = real(password)
        return cache[password]

    base_user.make_password = make_password
    hashers.make_password = make_password
