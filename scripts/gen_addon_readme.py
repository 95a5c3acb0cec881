#!/usr/bin/env python3
"""Write each addon's README.rst and static/description/index.html (its Apps page) from
its readme/ fragments, as OCA's oca-gen-addon-readme does.

    python3 scripts/gen_addon_readme.py            every addon of the repository
    python3 scripts/gen_addon_readme.py ADDON_DIR  only these addons
    python3 scripts/gen_addon_readme.py --check    exit 1 if a generated file is stale

OCA's generator (oca-gen-addon-readme, from OCA/maintainer-tools) is not published on a
package registry: it installs only from its git repository. This script does what it
does, for the addons of this repository:

- the fragments are readme/DESCRIPTION.md, CONTEXT, INSTALL, CONFIGURE, USAGE, DEVELOP,
  ROADMAP, CONTRIBUTORS, CREDITS and HISTORY (Markdown; .rst ones are read as they are);
- Markdown is converted by pandoc from GitHub-flavoured Markdown without raw HTML nor
  automatic heading anchors to reStructuredText, in pandoc's sandbox (pypandoc-binary,
  from PyPI, ships pandoc: scripts/requirements-lint.txt);
- README.rst has OCA's layout: the manifest's name as title, the "generated" banner with
  the source digest (SHA-256 of the manifest and of readme/, computed as OCA does),
  the maturity and licence badges, the description, a table of contents, then
  Configuration, Usage, Known issues / Roadmap… and Credits (authors, contributors);
- index.html is README.rst rendered by docutils' html4css1 writer with OCA's settings
  (no file insertion, no raw HTML, halting on warnings), the Docutils version removed;
  an index.html written by hand (without the generator's banner) is left alone.

Pictures a fragment shows as ``../static/description/x.png`` (a path that works where
the fragment is read) are written ``/<addon>/static/description/x.png``: the path Odoo
serves, and one a forge resolves from the repository's root.

The lint gate runs this script (a local pre-commit hook, as OCA's repositories run
oca-gen-addon-readme): a fragment changed without regenerating fails it.
tests/test_docs.py checks the source digests without pandoc.
"""

# A command-line tool: it says what it did.
# pylint: disable=print-used

import argparse
import ast
import hashlib
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS_DIR = "readme"
#: Fragment name → its heading level (2: a section; 3: a part of Credits), as in OCA's.
FRAGMENTS = {
    "DESCRIPTION": 2,
    "CONTEXT": 2,
    "INSTALL": 2,
    "CONFIGURE": 2,
    "USAGE": 2,
    "DEVELOP": 2,
    "ROADMAP": 2,
    "CONTRIBUTORS": 3,
    "CREDITS": 3,
    "HISTORY": 2,
}
#: The sections after the table of contents, in OCA's order, with OCA's titles.
SECTIONS = (
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
)
MATURITY_BADGES = {
    "mature": ("Mature", "brightgreen"),
    "production/stable": ("Production%2FStable", "green"),
    "beta": ("Beta", "yellow"),
    "alpha": ("Alpha", "red"),
}
LICENSE_BADGES = {
    "AGPL-3": "agpl-3.0",
    "LGPL-3": "lgpl-3.0",
    "GPL-3": "gpl-3.0",
}
#: pandoc's input format: GitHub-flavoured Markdown, raw HTML and heading anchors off.
PANDOC_FORMAT = "gfm-raw_html-gfm_auto_identifiers"
#: docutils settings for index.html (those OCA's generator takes from readme_renderer).
RST2HTML_SETTINGS = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "math_output": "MathJax",
    "raw_enabled": False,
    "smart_quotes": True,
    "syntax_highlight": "short",
    "xml_declaration": False,
    "output_encoding": "utf-8",
}
BANNER = "oca-gen-addon-readme"
IMAGE = re.compile(r"^(?P<head>.*\.\..*\s(?:figure|image)::\s+)(?P<path>\S+)\s*$")


def addons(root=ROOT):
    """The addon folders at the repository's root that have a DESCRIPTION fragment."""
    return sorted(
        path
        for path in root.iterdir()
        if (path / "__manifest__.py").is_file()
        and any((path / FRAGMENTS_DIR / f"DESCRIPTION{ext}").is_file() for ext in (".md", ".rst"))
    )


def manifest(addon_dir):
    return ast.literal_eval((Path(addon_dir) / "__manifest__.py").read_text(encoding="utf-8"))


def source_digest(addon_dir):
    """SHA-256 of the manifest and of every file under readme/ (names and contents, in
    sorted order, dot files left out), as oca-gen-addon-readme writes it in README.rst."""
    addon_dir = Path(addon_dir)
    names = ["__manifest__.py"]
    for dirpath, dirnames, filenames in os.walk(addon_dir / FRAGMENTS_DIR):
        dirnames.sort()
        reldir = os.path.relpath(dirpath, addon_dir)
        names += [
            os.path.join(reldir, name) for name in sorted(filenames) if not name.startswith(".")
        ]
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode("utf-8"))
        digest.update((addon_dir / name).read_bytes())
    return f"sha256:{digest.hexdigest()}"


def written_digest(path):
    """The source digest a generated README.rst or index.html states, or None."""
    if not Path(path).is_file():
        return None
    found = re.search(r"!! source digest: (sha256:\w+)", Path(path).read_text(encoding="utf-8"))
    return found and found[1]


def _fragment(addon_dir, name):
    """The fragment ``name`` in reStructuredText, or None when the addon has none."""
    base = Path(addon_dir) / FRAGMENTS_DIR / name
    if base.with_suffix(".rst").is_file():
        text = base.with_suffix(".rst").read_text(encoding="utf-8")
    elif base.with_suffix(".md").is_file():
        import pypandoc  # pylint: disable=import-outside-toplevel

        text = pypandoc.convert_text(
            base.with_suffix(".md").read_text(encoding="utf-8"),
            "rst",
            format=PANDOC_FORMAT,
            extra_args=[f"--shift-heading-level-by={FRAGMENTS[name] - 2}"],
            sandbox=True,
        )
    else:
        return None
    if not text.strip():
        return None
    lines = []
    for line in text.splitlines():
        image = IMAGE.match(line)
        if image and not image["path"].startswith(("http:", "https:", "/")):
            line = f"{image['head']}/{Path(addon_dir).name}/{image['path'].replace('../', '')}"
        lines.append(line)
    return "\n".join(lines).rstrip("\n") + "\n"


def _title(text, underline, overline=False):
    rule = underline * len(text)
    return f"{rule}\n{text}\n{rule}" if overline else f"{text}\n{rule}"


def render_readme(addon_dir):
    """README.rst of the addon, as text."""
    addon_dir = Path(addon_dir)
    info = manifest(addon_dir)
    fragments = {name: _fragment(addon_dir, name) for name in FRAGMENTS}
    sub = "-"  # OCA's underline of the Credits parts when the fragments are Markdown
    badges = []
    maturity = info.get("development_status", "Beta").lower()
    if maturity in MATURITY_BADGES:
        label, colour = MATURITY_BADGES[maturity]
        badges.append(
            (
                f"https://img.shields.io/badge/maturity-{label}-{colour}.png",
                "https://odoo-community.org/page/development-status",
                label.replace("%2F", "/"),
            )
        )
    if info.get("license") in LICENSE_BADGES:
        licence = info["license"]
        badges.append(
            (
                f"https://img.shields.io/badge/license-{licence.replace('-', '--')}-blue.png",
                f"http://www.gnu.org/licenses/{LICENSE_BADGES[licence]}-standalone.html",
                f"License: {licence}",
            )
        )
    out = [
        _title(info["name"], "=", overline=True),
        "",
        ".. ",
        "   " + "!" * 52,
        f"   !! This file is generated by {BANNER} !!",
        "   !! changes will be overwritten.                   !!",
        "   " + "!" * 52,
        "   !! written by scripts/gen_addon_readme.py",
        f"   !! source digest: {source_digest(addon_dir)}",
        "   " + "!" * 52,
        "",
    ]
    for number, (image, target, alt) in enumerate(badges, 1):
        out += [
            f".. |badge{number}| image:: {image}",
            f"    :target: {target}",
            f"    :alt: {alt}",
        ]
    out += ["", " ".join(f"|badge{n}|" for n in range(1, len(badges) + 1)), ""]
    out += [fragments["DESCRIPTION"] or "", "**Table of contents**", "", ".. contents::"]
    out += ["   :local:", ""]
    for name, title in SECTIONS:
        if fragments[name]:
            out += [_title(title, "="), "", fragments[name]]
    out += [_title("Credits", "="), ""]
    authors = [a.strip() for a in info.get("author", "").split(",") if "(OCA)" not in a]
    if authors:
        out += [_title("Authors", sub), ""] + [f"* {author}" for author in authors] + [""]
    if fragments["CONTRIBUTORS"]:
        out += [_title("Contributors", sub), "", fragments["CONTRIBUTORS"]]
    if fragments["CREDITS"]:
        out += [_title("Other credits", sub), "", fragments["CREDITS"]]
    return "\n".join(out).rstrip("\n") + "\n"


def render_index(readme_text):
    """The Apps page: README.rst rendered by docutils as OCA's generator does (bytes)."""
    from docutils.core import publish_string  # pylint: disable=import-outside-toplevel

    html = publish_string(
        source=readme_text,
        writer_name="html4css1",
        settings_overrides=RST2HTML_SETTINGS,
    )
    # the Docutils version would change the page at every docutils release
    return re.sub(rb"(<meta.*generator.*Docutils)\s*[\d.]+", rb"\1", html)


def generate(addon_dir):
    """{path: expected content (bytes)} of the addon's generated files. Rendering the
    Apps page also checks README.rst: docutils halts on its warnings."""
    addon_dir = Path(addon_dir).resolve()
    readme = render_readme(addon_dir)
    files = {addon_dir / "README.rst": readme.encode("utf-8")}
    html = render_index(readme)
    index = addon_dir / "static" / "description" / "index.html"
    written_by_hand = index.is_file() and BANNER.encode() not in index.read_bytes()
    if manifest(addon_dir).get("preloadable", True) and not written_by_hand:
        files[index] = html
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("addon_dirs", nargs="*", type=Path, help="default: every addon")
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    stale = []
    for addon_dir in args.addon_dirs or addons():
        for path, content in generate(addon_dir).items():
            if path.is_file() and path.read_bytes() == content:
                continue
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                print(f"{path.relative_to(ROOT)}: written")
    if args.check and stale:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run scripts/gen_addon_readme.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
