#!/usr/bin/env python3
"""Write the table of the legal rules in docs/law.md from the addon's table
(l10n_br_cobranca_preventiva/tools/legal_sources.py), between its two markers.

    python3 scripts/legal_table.py          rewrite docs/law.md
    python3 scripts/legal_table.py --check  exit 1 if docs/law.md differs

Loads the addon's plain-Python ``tools`` package without Odoo (it imports nothing from
it), as the plain tests do. tests/test_legal_sources.py fails when the doc's block is
not what this writes.
"""

# A command-line tool: it says what it did.
# pylint: disable=print-used

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "law.md"
TOOLS = ROOT / "l10n_br_cobranca_preventiva" / "tools"
BEGIN = "<!-- legal-table: begin (scripts/legal_table.py writes it from tools/legal_sources.py) -->"
END = "<!-- legal-table: end -->"


def legal_sources():
    """The addon's ``tools.legal_sources``, loaded without importing the addon."""
    name = "cobranca_tools"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, TOOLS / "__init__.py", submodule_search_locations=[str(TOOLS)]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{name}.legal_sources")


def _cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def _sources(sources):
    return " ; ".join(
        f"<{source}>" if source.startswith("http") else _cell(source) for source in sources
    )


def render():
    """The Markdown table, markers included."""
    table = legal_sources()
    lines = [
        BEGIN,
        "| key | kind | law, article | where | what it requires | where the addon applies it "
        "| status | sources | cited as |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in table.RULES.values():
        law = f"{row.law}, {row.article}" if row.article else row.law
        status = f"**{row.status}**" if row.status == table.REPORTED else row.status
        note = f" {row.note}" if row.note else ""
        lines.append(
            "| "
            + " | ".join(
                (
                    f"`{row.key}`",
                    row.kind,
                    _cell(law),
                    _cell(row.jurisdiction),
                    _cell(row.requires + note),
                    _cell(row.applied),
                    status,
                    _sources(row.sources),
                    _cell(row.citation),
                )
            )
            + " |"
        )
    lines.append(END)
    return "\n".join(lines)


def rewritten(text):
    """``text`` with its block replaced by ``render()``."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + render() + text[end:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if docs/law.md differs")
    args = parser.parse_args()
    text = TARGET.read_text(encoding="utf-8")
    new = rewritten(text)
    if args.check:
        if new != text:
            print("docs/law.md's legal table is out of date: run scripts/legal_table.py")
            return 1
        return 0
    TARGET.write_text(new, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: legal table written ({len(legal_sources().RULES)} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
