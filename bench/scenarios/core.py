"""Core: the start page against a bare Django view, and the start page's weight."""

from bench.framework import scenario
from bench.wire import BROWSER_HEADERS

START_PAGE = "/"
PLAIN = "/_bench/plain"


@scenario("core")
def start_page_vs_plain(bench, report):
    """Start page against a bare view returning a fixed string, same server and load."""
    plain = bench.load(PLAIN, headers=BROWSER_HEADERS)
    start = bench.load(START_PAGE, headers=BROWSER_HEADERS)
    ratio_rps = start.requests_per_second / plain.requests_per_second
    ratio_p95 = start.p95_ms / plain.p95_ms
    cpu = (start.server_cpu_ms_per_request, plain.server_cpu_ms_per_request)
    ratio_cpu = cpu[0] / cpu[1] if all(cpu) else None
    report.data.update(
        plain=plain.as_dict(),
        start_page=start.as_dict(),
        ratio={
            "requests_per_second": round(ratio_rps, 3),
            "p95": round(ratio_p95, 2),
            "server_cpu_per_request": round(ratio_cpu, 2) if ratio_cpu else None,
        },
    )
    table = report.table(
        f"core: start page vs bare Django view ({bench.concurrency} connections, "
        f"{bench.seconds:g} s each)",
        [
            "path",
            "requests",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "errors",
            "bytes/resp",
            "server CPU ms/req",
        ],
    )
    for result in (plain, start):
        table.rows.append(
            [
                result.path,
                result.requests,
                result.requests_per_second,
                result.p50_ms,
                result.p95_ms,
                result.p99_ms,
                result.errors,
                round(result.mean_response_bytes),
                result.server_cpu_ms_per_request or "-",
            ]
        )
    note = f"start page / plain: {ratio_rps:.2f}x the requests/s, {ratio_p95:.2f}x the p95 latency"
    if ratio_cpu:
        note += f", {ratio_cpu:.2f}x the server CPU time per request"
    table.notes.append(note)
    for result in (plain, start):
        if result.errors:
            table.notes.append(f"{result.path}: {result.errors} errors, statuses {result.statuses}")


@scenario("core")
def start_page_weight(bench, report):
    """Bytes a browser fetches for the start page, first and repeat view."""
    bench.expect_ok(START_PAGE)
    weight = bench.page_weight(START_PAGE)
    report.data.update(weight)
    table = report.table(
        "core: start page weight (bytes on the wire incl. headers, br/gzip accepted)",
        ["view / file", "requests", "bytes", "encoding", "cache-control"],
    )
    html = weight["html"]
    table.rows.append(
        ["first view", weight["first_view"]["requests"], weight["first_view"]["bytes"], "", ""]
    )
    table.rows.append(
        [
            "repeat view (warm cache)",
            weight["repeat_view"]["requests"],
            weight["repeat_view"]["bytes"],
            "",
            "",
        ]
    )
    table.rows.append(
        [
            "  " + START_PAGE,
            1,
            html["wire_bytes"],
            html["content_encoding"],
            html["cache_control"] or "-",
        ]
    )
    for asset in weight["assets"]:
        table.rows.append(
            [
                "  " + asset["url"],
                1,
                asset["wire_bytes"],
                asset["content_encoding"],
                asset["cache_control"] or "-",
            ]
        )
    if weight["not_long_cached"]:
        table.notes.append(
            "NOT long-cached, counted as re-fetched: " + ", ".join(weight["not_long_cached"])
        )
    else:
        table.notes.append("every static file is served with a long cache lifetime")
    if weight["failed"]:
        table.notes.append("FAILED: " + ", ".join(weight["failed"]))
    if weight["foreign_origins"]:
        table.notes.append("references other origins: " + ", ".join(weight["foreign_origins"]))
