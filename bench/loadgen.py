"""Closed-loop load generator: N keep-alive connections, each sending its next request
as soon as the previous response arrived, for a fixed time and at most a fixed count."""

import asyncio
import math
import time
from dataclasses import asdict, dataclass

from .wire import Connection


@dataclass
class LoadResult:
    path: str
    concurrency: int
    seconds: float
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_response_bytes: float
    statuses: dict[str, int]
    server_cpu_ms_per_request: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


async def _run(host, port, path, headers, concurrency, seconds, max_requests):
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    counters = {"sent": 0, "errors": 0, "bytes": 0}
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        connection = Connection(host, port)
        try:
            while time.perf_counter() < deadline and counters["sent"] < max_requests:
                counters["sent"] += 1
                started = time.perf_counter()
                try:
                    response = await connection.get(path, headers)
                except (ConnectionError, asyncio.IncompleteReadError, OSError):
                    counters["errors"] += 1
                    await asyncio.sleep(0.01)
                    continue
                latencies.append(time.perf_counter() - started)
                key = str(response.status)
                statuses[key] = statuses.get(key, 0) + 1
                counters["bytes"] += response.wire_bytes
                if response.status >= 400:
                    counters["errors"] += 1
        finally:
            await connection.close()

    started = time.perf_counter()
    # The hard limit guards against a server that stops answering mid-run.
    await asyncio.wait_for(
        asyncio.gather(*(worker() for _ in range(concurrency))), timeout=seconds + 30
    )
    return latencies, statuses, counters, time.perf_counter() - started


def run_load(
    host: str,
    port: int,
    path: str,
    *,
    concurrency: int,
    seconds: float,
    max_requests: int,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    latencies, statuses, counters, elapsed = asyncio.run(
        _run(host, port, path, headers, concurrency, seconds, max_requests)
    )
    latencies.sort()
    done = len(latencies)
    return LoadResult(
        path=path,
        concurrency=concurrency,
        seconds=round(elapsed, 3),
        requests=done,
        errors=counters["errors"],
        requests_per_second=round(done / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(percentile(latencies, 0.50) * 1000, 2),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 2),
        max_ms=round(latencies[-1] * 1000, 2) if latencies else float("nan"),
        mean_response_bytes=round(counters["bytes"] / done, 1) if done else 0.0,
        statuses=statuses,
    )
