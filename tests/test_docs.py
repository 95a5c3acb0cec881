"""The documentation holds together: every relative link of README.md, docs/*.md and
the addons' readme/ fragments reaches a file (and, for a Markdown file, its heading);
README.md is a front door with its two commands near the top; each addon's README.rst
and Apps page were generated from its current readme/ (scripts/gen_addon_readme.py);
nothing in the code or the docs tells how the project was built."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
FRAGMENTS = sorted(ROOT.glob("l10n_br_cobranca_preventiva*/readme/*.md"))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _script():
    spec = importlib.util.spec_from_file_location(
        "gen_addon_readme", ROOT / "scripts" / "gen_addon_readme.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prose(text):
    """``text`` without fenced code blocks and inline code (links there are examples)."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def _anchors(path):
    """GitHub's anchors of a Markdown file's headings."""
    anchors = set()
    for heading in re.findall(r"^#+\s+(.+?)\s*$", _prose(path.read_text(encoding="utf-8")), re.M):
        anchors.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))
    return anchors


def _broken(path, root=ROOT):
    """The relative links of ``path`` that reach no file, or no heading of it."""
    broken = []
    for target in LINK.findall(_prose(path.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        name, _hash, anchor = target.partition("#")
        linked = (path.parent / name).resolve() if name else path
        if not linked.exists():
            broken.append(f"{path.relative_to(root)}: {target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{path.relative_to(root)}: {target} (no such heading)")
    return broken


def test_the_link_checker_finds_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\n## Sub part: one\n", encoding="utf-8")
    page = tmp_path / "b.md"
    page.write_text(
        "[ok](a.md#sub-part-one) [top](#here) `[code](nowhere.md)` [web](https://x.org)\n"
        "[gone](missing.md) [bad](a.md#nothing)\n\n## Here\n",
        encoding="utf-8",
    )
    assert _broken(page, root=tmp_path) == [
        "b.md: missing.md (no such file)",
        "b.md: a.md#nothing (no such heading)",
    ]


@pytest.mark.parametrize(
    "path", [README, *DOCS, *FRAGMENTS], ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_relative_link_reaches_its_file_and_heading(path):
    assert not _broken(path)


def test_the_docs_exist():
    names = {path.name for path in DOCS}
    assert {
        "architecture.md",
        "whatsapp.md",
        "law.md",
        "ranking-and-insight.md",
        "benchmarks.md",
        "testing.md",
        "security.md",
    } <= names


def test_the_readme_is_a_front_door():
    """At most ~150 lines, the run and test commands (which .ci/run executes) within the
    first 40, and a link to every doc."""
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines: move detail into docs/"
    for tag in ("```sh run", "```sh test"):
        assert tag in lines[:40], f"{tag} must open within README.md's first 40 lines"
        start = lines.index(tag)
        assert lines[start + 1].strip() and lines[start + 2] == "```"
    text = "\n".join(lines)
    for path in DOCS:
        assert f"(docs/{path.name}" in text, f"README.md does not link docs/{path.name}"


def test_each_addon_readme_and_apps_page_come_from_its_fragments():
    """README.rst and static/description/index.html state the digest of the manifest and
    readme/ they were generated from (checked without pandoc; the lint gate's hook
    regenerates them)."""
    script = _script()
    addons = script.addons()
    assert {path.name for path in addons} >= {
        "l10n_br_cobranca_preventiva",
        "l10n_br_cobranca_preventiva_queue_job",
    }
    for addon in addons:
        digest = script.source_digest(addon)
        for generated in (addon / "README.rst", addon / "static/description/index.html"):
            assert script.written_digest(generated) == digest, (
                f"{generated.relative_to(ROOT)} is stale: run scripts/gen_addon_readme.py"
            )


def test_a_changed_fragment_changes_the_digest(tmp_path):
    script = _script()
    addon = tmp_path / "addon"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text("{'name': 'A'}", encoding="utf-8")
    (addon / "readme" / "DESCRIPTION.md").write_text("One.\n", encoding="utf-8")
    before = script.source_digest(addon)
    (addon / "readme" / "DESCRIPTION.md").write_text("Two.\n", encoding="utf-8")
    assert script.source_digest(addon) != before
    (addon / "readme" / "DESCRIPTION.md").write_text("One.\n", encoding="utf-8")
    assert script.source_digest(addon) == before


def test_the_addons_describe_themselves_in_the_oca_fragments():
    for addon in ("l10n_br_cobranca_preventiva", "l10n_br_cobranca_preventiva_queue_job"):
        for name in ("DESCRIPTION", "USAGE", "CONFIGURE", "ROADMAP", "CONTRIBUTORS"):
            fragment = ROOT / addon / "readme" / f"{name}.md"
            assert fragment.read_text(encoding="utf-8").strip(), fragment


def _project_files(suffixes):
    skip = {".git", "node_modules", ".venv", ".venv-plain", "dist", "__pycache__"}
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if path.suffix in suffixes and path.is_file() and not skip.intersection(parts):
            yield path


def test_nothing_tells_how_the_project_was_built():
    """No seed, issue or stop numbers in code, docs, data or scripts (the pattern is
    written in pieces so that this file does not match it)."""
    pattern = re.compile("|".join(("se" + "ed ?0", "iss" + "ue ?[0-9]", "st" + "op [0-9]")), re.I)
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _project_files({".py", ".md", ".xml", ".sh", ".rst", ".txt", ".html"})
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)
