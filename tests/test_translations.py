"""The pt_BR translation of every addon of the family is complete and safe to load:
every term of the template is translated, nothing is fuzzy or obsolete, and no
translation loses or invents a placeholder (a missing ``%(name)s`` raises at runtime,
an extra one leaks text)."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
ADDONS = sorted(path.parent.parent.name for path in ROOT.glob("*/i18n/pt_BR.po"))

# %(name)s / %(offset)+d / %s / %d (no space flag: "2% de juros" is prose), and
# {{ ... }}.
PERCENT = re.compile(r"%%|%(\([^)]+\))?[-+#0]*\d*(?:\.\d+)?[sdifr]")
JINJA = re.compile(r"\{\{.*?\}\}", re.DOTALL)


def placeholders(text):
    """Named placeholders and {{ }} expressions as a multiset, positional ones in
    order."""
    named, positional = Counter(), []
    for match in PERCENT.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group(1):
            named[match.group(0)] += 1
        else:
            positional.append(match.group(0))
    named.update(JINJA.findall(text))
    return named, positional


def key(entry):
    return entry.msgctxt, entry.msgid


def short(entry):
    return entry.msgid[:80]


def problems(pot, po):
    """Every reason ``po`` is not a complete, safe translation of ``pot``."""
    found = []
    translations = {key(e): e for e in po if not e.obsolete}
    for term in pot:
        entry = translations.get(key(term))
        if entry is None:
            found.append(f"missing: {short(term)!r}")
        elif not entry.msgstr:
            found.append(f"untranslated: {short(term)!r}")
        elif "fuzzy" in entry.flags:
            found.append(f"fuzzy: {short(term)!r}")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            found.append(f"placeholders differ: {short(term)!r}")
    current = {key(term) for term in pot}
    found += [f"obsolete: {short(e)!r}" for e in po if e.obsolete or key(e) not in current]
    return found


@pytest.fixture(scope="module", params=ADDONS)
def addon(request):
    return request.param


@pytest.fixture(scope="module")
def pot(addon):
    return polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))


@pytest.fixture(scope="module")
def po(addon):
    return polib.pofile(str(ROOT / addon / "i18n" / "pt_BR.po"))


def test_every_addon_of_the_family_is_translated():
    assert {"l10n_br_cobranca_preventiva", "l10n_br_cobranca_preventiva_sms"} <= set(ADDONS)


def test_pt_br_po_parses_and_is_declared_as_brazilian_portuguese(po):
    assert po.metadata["Language"] == "pt_BR"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert len(po) > 0


def test_every_template_entry_is_in_pt_br(pot, po):
    translated = {key(e) for e in po if not e.obsolete}
    missing = [short(e) for e in pot if key(e) not in translated]
    assert not missing


def test_no_pt_br_entry_is_left_untranslated(po):
    assert not [short(e) for e in po if not e.obsolete and not e.msgstr]


def test_no_pt_br_entry_is_fuzzy(po):
    assert not [short(e) for e in po.fuzzy_entries()]


def test_translations_keep_the_placeholders_of_their_source(po):
    broken = [
        short(e)
        for e in po
        if not e.obsolete and e.msgstr and placeholders(e.msgstr) != placeholders(e.msgid)
    ]
    assert not broken


def test_no_obsolete_entry_remains(addon, po):
    assert not po.obsolete_entries()
    text = (ROOT / addon / "i18n" / "pt_BR.po").read_text()
    assert not [line for line in text.splitlines() if line.startswith("#~")]


def test_pt_br_has_no_term_the_template_dropped(pot, po):
    current = {key(e) for e in pot}
    assert not [short(e) for e in po if not e.obsolete and key(e) not in current]


# The checks above against hand-made broken files: each defect is reported.
TEMPLATE = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Hello %(name)s"
msgstr ""

msgid "Step D%(offset)+d of {{ object.name }}"
msgstr ""

msgid "Fee of 2% on %s"
msgstr ""
"""


def check(po_source):
    return problems(polib.pofile(TEMPLATE), polib.pofile(po_source))


GOOD = (
    TEMPLATE.replace('"Hello %(name)s"\nmsgstr ""', '"Hello %(name)s"\nmsgstr "Olá %(name)s"')
    .replace(
        '"Step D%(offset)+d of {{ object.name }}"\nmsgstr ""',
        '"Step D%(offset)+d of {{ object.name }}"\n'
        'msgstr "Etapa D%(offset)+d de {{ object.name }}"',
    )
    .replace('"Fee of 2% on %s"\nmsgstr ""', '"Fee of 2% on %s"\nmsgstr "Multa de 2% de %s"')
)


def test_a_complete_translation_has_no_problem():
    assert check(GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('msgstr "Olá %(name)s"', 'msgstr ""', "untranslated"),
        ('msgstr "Olá %(name)s"', 'msgstr "Olá %(nome)s"', "placeholders differ"),
        ('msgstr "Olá %(name)s"', 'msgstr "Olá"', "placeholders differ"),
        ("Etapa D%(offset)+d", "Etapa D%(offset)d", "placeholders differ"),
        ("de {{ object.name }}", "de {{ object.nome }}", "placeholders differ"),
        ('msgstr "Multa de 2% de %s"', 'msgstr "Multa de 2%"', "placeholders differ"),
        ('msgid "Hello %(name)s"', '#, fuzzy\nmsgid "Hello %(name)s"', "fuzzy"),
        ('msgid "Hello %(name)s"\nmsgstr "Olá %(name)s"', "", "missing"),
    ],
)
def test_each_defect_of_a_translation_is_reported(old, new, reason):
    reported = check(GOOD.replace(old, new, 1))
    assert [p.split(":")[0] for p in reported] == [reason]


def test_an_obsolete_entry_is_reported():
    reported = check(GOOD + '\n#~ msgid "Gone"\n#~ msgstr "Sumiu"\n')
    assert reported == ["obsolete: 'Gone'"]


def test_a_term_the_template_dropped_is_reported():
    reported = check(GOOD + '\nmsgid "Gone"\nmsgstr "Sumiu"\n')
    assert reported == ["obsolete: 'Gone'"]


def test_the_real_translation_has_no_problem(pot, po):
    assert problems(pot, po) == []
