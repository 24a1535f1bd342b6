"""Scenario registry and the context a scenario runs in.

A scenario is a function registered for a module; it receives a `Bench` (the running
server, a load generator and a page-weight meter with the run's settings) and a
`Report` to fill with tables and data. `bench/run.py` writes one
var/bench/<module>.json per module.
"""

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .loadgen import LoadResult, run_load
from .pageweight import measure_page
from .server import Server
from .wire import fetch


class BenchError(Exception):
    """A scenario cannot measure what it should (e.g. the page answers with an error)."""


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        cells = [[str(c) for c in self.columns]] + [[_fmt(v) for v in row] for row in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]

        def line(row):
            first, *rest = row
            return "  ".join(
                [first.ljust(widths[0])]
                + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
            )

        out = [self.title, line(cells[0]), "  ".join("-" * w for w in widths)]
        out += [line(row) for row in cells[1:]]
        out += [f"  {note}" for note in self.notes]
        return "\n".join(out)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


@dataclass
class Report:
    tables: list[Table] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def table(self, title: str, columns: list[str]) -> Table:
        table = Table(title, columns)
        self.tables.append(table)
        return table


LATENCY_COLUMNS = ["target", "requests", "p50 ms", "p95 ms", "max ms", "bytes", "errors"]


@dataclass
class Bench:
    server: Server
    concurrency: int
    seconds: float
    warmup_seconds: float
    max_requests: int

    def load(self, path: str, *, headers: dict[str, str] | None = None) -> LoadResult:
        """Warm up, then drive `path` with the run's concurrency and duration."""
        self.expect_ok(path, headers=headers)
        if self.warmup_seconds:
            self._load(path, headers, self.warmup_seconds)
        cpu_before = self.server.cpu_seconds()
        result = self._load(path, headers, self.seconds)
        cpu_after = self.server.cpu_seconds()
        if cpu_before is not None and cpu_after is not None and result.requests:
            result.server_cpu_ms_per_request = round(
                (cpu_after - cpu_before) * 1000 / result.requests, 2
            )
        return result

    def _load(self, path, headers, seconds) -> LoadResult:
        return run_load(
            self.server.host,
            self.server.port,
            path,
            concurrency=self.concurrency,
            seconds=seconds,
            max_requests=self.max_requests,
            headers=headers,
        )

    def latency(self, table: "Table", paths: dict[str, str], headers=None) -> dict[str, dict]:
        """Each path with one connection at a time (so p95 is the server's time, not queueing
        behind the bench's own requests), after a short warm-up; one row per path in
        ``table`` (columns ``LATENCY_COLUMNS``). Returns the results by name."""
        results = {}
        for name, path in paths.items():
            self.expect_ok(path, headers=headers)
            for seconds in (min(self.warmup_seconds, 2) or 0.5, self.seconds):
                load = run_load(
                    self.server.host,
                    self.server.port,
                    path,
                    concurrency=1,
                    seconds=seconds,
                    max_requests=self.max_requests,
                    headers=headers,
                )
            results[name] = load.as_dict()
            table.rows.append(
                [
                    name,
                    load.requests,
                    load.p50_ms,
                    load.p95_ms,
                    load.max_ms,
                    int(load.mean_response_bytes),
                    load.errors,
                ]
            )
        return results

    def expect_ok(self, path: str, *, headers: dict[str, str] | None = None) -> None:
        """Refuse to measure an error page."""
        response = asyncio.run(fetch(self.server.host, self.server.port, path, headers))
        if response.status != 200:
            raise BenchError(
                f"GET {path} answered {response.status}, not 200; see {self.server.log_path}"
            )

    def page_weight(self, path: str, *, headers: dict[str, str] | None = None) -> dict:
        return measure_page(self.server.host, self.server.port, path, headers)

    def manage(self, *args: str):
        """Run a management command against the server's database (e.g. to add data)."""
        return self.server.manage(*args)

    def in_django(self, module: str, task: dict, *, marker: str) -> dict:
        """Run ``<module>.django_main(json_of_task)`` in a Django process on the server's
        settings and database (its own subprocess: seeding millions of rows takes longer
        than ``manage`` waits). ``django_main`` prints its result as JSON on one line
        starting with ``marker``."""
        code = f"from {module} import django_main; django_main({json.dumps(task)!r})"
        root = Path(__file__).resolve().parent.parent
        try:
            completed = subprocess.run(
                [sys.executable, str(root / "manage.py"), "shell", "-c", code],
                cwd=root,
                env=self.server.env,
                text=True,
                stdout=subprocess.PIPE,
                timeout=3 * 3600,
            )
        except subprocess.TimeoutExpired as error:
            raise BenchError("the Django process took more than 3 hours") from error
        if completed.returncode:
            raise BenchError(f"the Django process failed ({completed.returncode}); see stderr")
        for line in completed.stdout.splitlines():
            if line.startswith(marker):
                return json.loads(line[len(marker) :])
        raise BenchError(f"no result from the Django process: {completed.stdout[-500:]!r}")


@dataclass
class Scenario:
    module: str
    name: str
    func: Callable[[Bench, Report], None]
    description: str
    last: bool = False


SCENARIOS: list[Scenario] = []


def scenario(module: str, *, last: bool = False):
    """Register `func(bench, report)` as a scenario of `module` (one JSON file per module).

    `last=True` runs it after every other scenario: for scenarios that add data the others
    should not see (e.g. 49 more towns)."""

    def register(func):
        doc = (func.__doc__ or "").strip().splitlines()
        SCENARIOS.append(Scenario(module, func.__name__, func, doc[0] if doc else "", last))
        return func

    return register
