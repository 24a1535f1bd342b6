"""Install the front-end assets from node_modules into var/vendor (served as /static/vendor/).

KERN UX's prebuilt stylesheet is served without the rules no Rathaus page can match
(scripts/purge_kern.mjs, PurgeCSS): 11 KB instead of 23 KB compressed. Of its fonts we
serve two files only, the weights the layout uses (400 and 600), subset to the
Latin characters German and English text needs: the full files are 130–140 KB each,
the subsets about a fifth of that. Leaflet (the defect reporter's map) is copied as
its built CSS, its minified script and its marker images. Run by `make install`; idempotent.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
KERN = ROOT / "node_modules" / "@kern-ux" / "native" / "dist"
LEAFLET = ROOT / "node_modules" / "leaflet"
LEAFLET_FILES = ("leaflet.css", "leaflet.js", "leaflet.js.map")
TARGET = ROOT / "var" / "vendor"

FONTS = {
    "fira-sans-regular.woff2": "FiraSans-Regular.woff2",
    "fira-sans-semibold.woff2": "FiraSans-SemiBold.woff2",
}
# Basic Latin, Latin-1 (ä ö ü ß é …), typographic punctuation (– — „ “ ‚ ‘ …), € and a few symbols.
UNICODES = "U+0020-007E,U+00A0-00FF,U+0152-0153,U+2010-2027,U+2030,U+2039-203A,U+20AC,U+2122,U+2212"


def copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)


def subset_font(source: Path, target: Path) -> None:
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.main(
        [
            str(source),
            f"--unicodes={UNICODES}",
            "--flavor=woff2",
            f"--output-file={target}",
            "--layout-features=kern,liga,calt,tnum,lnum",
            "--no-hinting",
            "--desubroutinize",
        ]
    )


def purge_kern(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    node = shutil.which("node") or "node"
    subprocess.run(  # noqa: S603 - fixed command, paths of this checkout
        [node, str(ROOT / "scripts" / "purge_kern.mjs"), str(source), str(target)],
        cwd=ROOT,
        check=True,
    )


def main() -> int:
    if not KERN.exists():
        print("node_modules/@kern-ux/native is missing: run `npm ci` first.", file=sys.stderr)
        return 1
    purge_kern(KERN / "kern.min.css", TARGET / "kern" / "kern.min.css")
    copy(
        ROOT / "node_modules" / "@kern-ux" / "native" / "LICENSE.md", TARGET / "kern" / "LICENSE.md"
    )
    if not LEAFLET.exists():
        print("node_modules/leaflet is missing: run `npm ci` first.", file=sys.stderr)
        return 1
    for name in LEAFLET_FILES:
        copy(LEAFLET / "dist" / name, TARGET / "leaflet" / name)
    for image in sorted((LEAFLET / "dist" / "images").glob("*.png")):
        copy(image, TARGET / "leaflet" / "images" / image.name)
    copy(LEAFLET / "LICENSE", TARGET / "leaflet" / "LICENSE")
    for name, source in FONTS.items():
        subset_font(KERN / "fonts" / "fira-sans" / source, TARGET / "fonts" / name)
    for path in sorted(TARGET.rglob("*.*")):
        print(f"  {path.relative_to(ROOT)}  {path.stat().st_size:>8} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
