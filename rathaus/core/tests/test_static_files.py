"""Production serves static files through a manifest: every file a stylesheet or script
refers to must be there, or ``collectstatic`` (and so the deployment) fails."""

import re
from pathlib import Path

import tinycss2
from django.contrib.staticfiles import finders
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2]
ROOT = PACKAGE.parent


def test_collectstatic_for_production_finds_every_referenced_file(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()


WORD = re.compile(r"[A-Za-z0-9_-]+")


def _code_words() -> set[str]:
    words: set[str] = set()
    for pattern in ("*.html", "*.py", "*.js"):
        for path in PACKAGE.rglob(pattern):
            words.update(WORD.findall(path.read_text(encoding="utf-8")))
    return words


def _split_selector_list(prelude: list) -> list[list]:
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _names_a_selector_needs(tokens: list) -> set[str]:
    """The classes, attribute names and element names a page must contain for the selector to
    match; what stands inside :is(), :not(), :has() … is left out (it may never be needed)."""
    names: set[str] = set()
    previous = None
    for token in tokens:
        if (
            token.type == "ident"
            and previous == "."
            or token.type == "ident"
            and previous not in (":", "::")
        ):
            names.add(token.value)
        elif token.type == "[] block":
            names.update(t.value for t in token.content[:1] if t.type == "ident")
        previous = token.value if token.type == "literal" else None
    return names


def _selectors(stylesheet: str) -> dict[str, set[str]]:
    """Every selector of every rule (nested at-rules included), whitespace normalised, with
    the names it needs."""
    found: dict[str, set[str]] = {}
    rules = tinycss2.parse_stylesheet(stylesheet, skip_whitespace=True, skip_comments=True)
    while rules:
        rule = rules.pop()
        if rule.type == "qualified-rule":
            for tokens in _split_selector_list(rule.prelude):
                text = " ".join(tinycss2.serialize(tokens).split())
                found[text] = _names_a_selector_needs(tokens)
        elif rule.type == "at-rule" and rule.content:
            rules.extend(tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True))
    return found


def test_the_served_kern_stylesheet_keeps_every_rule_the_code_can_match():
    """The stylesheet is KERN's without the rules nothing here can match. One built before a
    template started using another KERN class would leave that class unstyled."""
    full = (ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "kern.min.css").read_text()
    served = Path(finders.find("vendor/kern/kern.min.css")).read_text()
    used = _code_words()
    needed = {selector for selector, names in _selectors(full).items() if names <= used}
    missing = needed - set(_selectors(served))
    assert not missing, f"stale vendor/kern/kern.min.css, run `make install`: {sorted(missing)}"
    assert len(served) < len(full) / 2
