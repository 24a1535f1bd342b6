"""Benchmarks of Rathaus on its production server (`make bench`).

To add a scenario for a module, create bench/scenarios/<module>.py:

    from bench.framework import scenario

    @scenario("records")
    def file_list(bench, report):
        \"\"\"The file list of a clerk, 50 files.\"\"\"
        bench.manage("load_demo")            # any data the scenario needs
        result = bench.load("/akten/")       # LoadResult: requests/s, p95, ...
        report.data["file_list"] = result.as_dict()
        table = report.table("records: file list", ["path", "req/s", "p95 ms"])
        table.rows.append([result.path, result.requests_per_second, result.p95_ms])

run.py discovers every module in bench/scenarios/ and writes var/bench/<module>.json.
"""
