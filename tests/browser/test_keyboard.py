"""Keyboard-only use: the skip link comes first and moves focus to the main content, every
link and control is reachable with Tab and shows where the focus is, forms submit with Enter."""

import re

import pytest
from playwright.sync_api import expect

from rathaus.core.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

# Numbers every control that keyboard users must reach, in document order.
MARK_FOCUSABLES = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  const visible = (el) => el.getClientRects().length > 0 || el.classList.contains("rh-skip-link");
  const all = [...document.querySelectorAll(selector)].filter(visible);
  all.forEach((el, index) => el.setAttribute("data-tab-stop", index));
  return all.length;
}"""

# What the focused element is, and whether its focus indicator can be seen.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    stop: el.getAttribute("data-tab-stop"),
    id: el.id,
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    indicator: outline || shadow,
    onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0,
  };
}"""


def walk_with_tab(page, stops: int) -> list[dict]:
    """Press Tab from the top of the page until focus has been everywhere once."""
    seen = []
    for _press in range(stops + 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["stop"] is None or (seen and focused["stop"] == seen[0]["stop"]):
            break
        seen.append(focused)
    return seen


def test_start_page_skip_link_comes_first_and_moves_focus_to_main(page, visit):
    visit("/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".rh-skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    expect(skip_link).to_have_text("Zum Hauptinhalt springen")
    box = skip_link.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link is on screen when focused"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Konto erstellen")).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/konto/anmelden/", "/barrierefreiheit/"])
def test_every_link_and_control_is_reachable_with_tab_and_shows_focus(page, visit, path):
    visit(path)
    stops = page.evaluate(MARK_FOCUSABLES)
    seen = walk_with_tab(page, stops)

    reached = {item["stop"] for item in seen}
    missing = page.evaluate(
        """(reached) => [...document.querySelectorAll("[data-tab-stop]")]
            .filter((el) => !reached.includes(el.getAttribute("data-tab-stop")))
            .map((el) => el.outerHTML.slice(0, 120))""",
        sorted(reached),
    )
    assert not missing, f"not reachable with Tab on {path}: {missing}"
    assert [int(item["stop"]) for item in seen] == sorted(int(item["stop"]) for item in seen), (
        "focus order follows the page order"
    )
    invisible = [item for item in seen if not item["indicator"] or not item["onScreen"]]
    assert not invisible, f"focus cannot be seen on {path}: {invisible}"


def test_sign_in_with_the_keyboard_only(page, visit):
    UserFactory(email="tastatur@example.org")
    visit("/konto/anmelden/")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link
    for _press in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "email":
            break
    page.keyboard.type("tastatur@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "password"
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/konto/(#main)?$"))  # the fragment stays from the skip link
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
