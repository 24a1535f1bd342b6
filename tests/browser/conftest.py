"""Browser tests: Debian's headless Chromium driven by Playwright against pytest-django's
live server (static files served by Django's staticfiles handler).

Every page a browser test shows is checked with axe-core (WCAG 2.0/2.1 A and AA, as
BITV 2.0 asks) without the test asking for it: an init script, which the page's strict
CSP does not block, loads axe into every document and runs it once the document has
loaded; the result comes back through an exposed binding. The browser does not leave a
document before its audit is in (the next navigation request is held until then), so no
page escapes. A test fails if any page had a violation, broke the CSP, or threw a
JavaScript error. ``axe(page)`` checks the current state of a page on demand (after the
test changed it in place).

Chromium is never downloaded: without /usr/bin/chromium (or RATHAUS_CHROMIUM) these
tests are skipped, except in CI (CI=true), where that is an error.
"""

import contextlib
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("RATHAUS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Runs axe once per document after its load event and reports through __rhAxeReport.
AXE_RUNNER = """
(() => {
  if (window !== window.top || !location.protocol.startsWith("http")) return;
  const doc = Math.random().toString(36).slice(2);
  window.__rhAxeStarted(doc);
  const summarise = (result) => result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
  const start = () => {
    const audit = (document.contentType === "text/html" && window.axe)
      ? window.axe
          .run(document, {runOnly: {type: "tag", values: AXE_TAGS}, resultTypes: ["violations"]})
          .then((result) => ({doc, url: location.href, violations: summarise(result)}))
      : Promise.resolve({doc, url: location.href, violations: null});
    window.__rhAxe = audit
      .catch((error) => ({doc, url: location.href, error: String(error)}))
      .then((report) => { window.__rhAxeReport(report); return report; });
  };
  let begun = false;
  const once = () => { if (!begun) { begun = true; start(); } };
  // A click before "load" holds the next page until this audit is in, and the current
  // page may then never reach "load": leaving it starts the audit too.
  if (document.readyState === "complete") once();
  else {
    window.addEventListener("load", once, {once: true});
    window.addEventListener("beforeunload", once, {once: true});
  }
})();
""".replace("AXE_TAGS", json.dumps(AXE_TAGS))

# Playwright's evaluate() has no time limit of its own: every script here gives up after
# EVALUATE_LIMIT_MS, so a page that never finishes loading fails the test instead of hanging.
EVALUATE_LIMIT_MS = 20_000
WITHIN_LIMIT = """
const withinLimit = (promise) => Promise.race([promise, new Promise((resolve) =>
  setTimeout(() => resolve({timedOut: true, url: location.href}), LIMIT))]);
""".replace("LIMIT", str(EVALUATE_LIMIT_MS))

FINAL = (
    """async () => {"""
    + WITHIN_LIMIT
    + """
  return await withinLimit((async () => {
    if (!window.__rhAxe) {
      if (document.readyState !== "complete") {
        await new Promise((resolve) => window.addEventListener("load", resolve, {once: true}));
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return window.__rhAxe ? await window.__rhAxe : null;
  })());
}"""
)

RUN_NOW = (
    """async (tags) => {"""
    + WITHIN_LIMIT
    + """
  return await withinLimit((async () => {
    if (window.__rhAxe) await window.__rhAxe;
    const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags},
                                                   resultTypes: ["violations"]});
    return {url: location.href, violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
    }))};
  })());
}"""
)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rathaus_call_failed = report.failed
    return report


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe-core violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      {node['target']}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


class PageAudit:
    """Collects the axe result of every document a tab shows, and its CSP and script errors.

    A navigation away from a document whose audit is still running is held (its route is
    continued when the result arrives), so every document is audited exactly once.
    """

    def __init__(self, page):
        self.page = page
        self.running: set[str] = set()
        self.reported: set[str] = set()
        self.held: list = []
        self.audited: list[str] = []
        self.problems: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.route("**/*", self._on_route)

    def started(self, source, doc: str) -> None:
        if source["page"] == self.page:
            self.running.add(doc)

    def report(self, source, result: dict) -> None:
        if source["page"] != self.page:
            return
        self.record(result)
        self.running.discard(result["doc"])
        if not self.running:
            self.release()

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation on {self.page.url}: {message.text}")

    def _on_route(self, route, request) -> None:
        if (
            self.running
            and request.is_navigation_request()
            and request.frame == self.page.main_frame
        ):
            self.held.append(route)  # leave the document once its audit is in
            return
        route.continue_()

    def finish(self) -> None:
        """Wait for the audit of the document shown last."""
        if self.page.is_closed() or not self.page.url.startswith("http"):
            return
        try:
            result = self.page.evaluate(FINAL)
        except Exception as error:
            self.problems.append(f"Could not audit {self.page.url}: {error}")
            return
        if result and result.get("timedOut"):
            self.problems.append(f"The audit of {result['url']} did not finish.")
        elif result:
            self.record(result)

    def release(self) -> None:
        """Let held navigations go: the audit is in, or the test failed and nobody waits."""
        held, self.held = self.held, []
        for route in held:
            with contextlib.suppress(Exception):  # the page may be gone already
                route.continue_()

    def record(self, result: dict) -> None:
        if result["doc"] in self.reported:
            return
        self.reported.add(result["doc"])
        if result.get("error"):
            self.problems.append(f"axe-core failed on {result['url']}: {result['error']}")
        elif result.get("violations") is not None:
            self.audited.append(result["url"])
            if result["violations"]:
                self.problems.append(format_violations(result["url"], result["violations"]))


@pytest.fixture(scope="session")
def _playwright_browser():
    missing = [str(path) for path in (CHROMIUM, AXE_JS) if not path.exists()]
    if missing:
        message = (
            f"Browser tests need {' and '.join(missing)} "
            "(apt-get install chromium; npm ci for axe-core)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then refuse
    # ORM calls from the test itself. They are safe here: the loop only drives the browser.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(_playwright_browser, live_server):
    """A fresh browser profile (no cookies) speaking German, against the live server."""
    context = _playwright_browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
    )
    # How long a step may wait for a page, not a speed target: on CI's two busy cores a
    # step that uploads a file and waits for the next page's audit took over 10 s (stop 17,
    # test_parking_permit_from_search_to_notice on PostgreSQL).
    context.set_default_timeout(30_000)
    context.rathaus_audits = []

    def dispatch(name):
        def call(source, payload):
            for audit in context.rathaus_audits:
                getattr(audit, name)(source, payload)

        return call

    context.expose_binding("__rhAxeStarted", dispatch("started"))
    context.expose_binding("__rhAxeReport", dispatch("report"))
    context.add_init_script(script=AXE_JS.read_text(encoding="utf-8") + AXE_RUNNER)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request):
    """A browser tab; every page it shows must pass axe-core, the CSP and run without errors."""
    page = browser_context.new_page()
    # Playwright turns on file-chooser interception asynchronously when the first listener is
    # added; a test that presses Space right after `expect_file_chooser` can beat it on a busy
    # machine and the event never comes. Listening from the start removes that race.
    page.on("filechooser", lambda _chooser: None)
    audit = PageAudit(page)
    browser_context.rathaus_audits.append(audit)
    page.rathaus_audit = audit
    yield page
    if getattr(request.node, "rathaus_call_failed", False):
        audit.release()
        return
    audit.finish()
    if not audit.audited and not audit.problems:
        pytest.fail("The browser test showed no page, so nothing was checked with axe-core.")
    if audit.problems:
        pytest.fail("\n\n".join(audit.problems), pytrace=False)


@pytest.fixture
def axe():
    """``axe(page)`` checks the page as it is now (for states a test created in place)."""

    def check(page) -> None:
        result = page.evaluate(RUN_NOW, AXE_TAGS)
        assert not result.get("timedOut"), f"The audit of {result['url']} did not finish."
        page.rathaus_audit.audited.append(result["url"])
        assert not result["violations"], format_violations(result["url"], result["violations"])

    return check


@pytest.fixture
def visit(page):
    """``visit("/path/")`` opens a page of the live server and checks it answered 2xx."""

    def go(path: str):
        response = page.goto(path)
        assert response is not None and response.ok, (
            f"{path} answered {response.status if response else 'nothing'}"
        )
        return response

    return go
