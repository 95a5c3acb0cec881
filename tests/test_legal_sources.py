"""The table of legal rules (tools/legal_sources.py): well-formed rows, every key used by
the addon, every citation in the addon's code and pages known to it, the table of
docs/law.md written from it; and the citation finder (tools/legal_citations.py) on
crafted texts."""

import importlib.util
import re
from pathlib import Path

import pytest

from cobranca_tools import contact_hours, legal_sources
from cobranca_tools.call_recording import RULES as RECORDING
from cobranca_tools.legal_citations import citations_in, is_known

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(path for path in ROOT.glob("l10n_br_cobranca_preventiva*") if path.is_dir())
#: The table itself (legal_sources.py, its rows' modules legal_sources_*.py and their
#: shape legal_rule.py) and the citation finder (its docstring shows examples).
TABLE = set((ROOT / "l10n_br_cobranca_preventiva" / "tools").glob("legal_*.py"))
RULES = legal_sources.RULES
#: Rows whose law has no number to cite (a reported law known only by its state).
UNNUMBERED = {"am_contact_hours"}


def _sources(*suffixes):
    """The addon files (outside tests, translations and the table) with these suffixes."""
    for addon in ADDONS:
        for path in sorted(addon.rglob("*")):
            parts = path.relative_to(addon).parts
            if path.suffix in suffixes and path not in TABLE and parts[0] not in ("tests", "i18n"):
                yield path


# ----------------------------------------------------------------------------- rows
def test_every_row_is_complete():
    assert len(RULES) == len({row.key for row in RULES.values()})
    for key, row in RULES.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]+", key), key
        assert row.kind in legal_sources.KINDS, key
        assert row.status in (legal_sources.CONFIRMED, legal_sources.REPORTED), key
        assert row.law and row.jurisdiction and row.applied and row.citation, key
        assert row.requires and "\n" not in row.requires, key
        assert row.sources and any(s.startswith("http") for s in row.sources), key
        assert legal_sources.source_url(key).startswith("http")


def test_every_law_row_names_a_law_the_finder_reads():
    for key, row in RULES.items():
        found = citations_in(row.citation)
        if key in UNNUMBERED:
            assert not found and row.status == legal_sources.REPORTED
        elif row.kind in ("law", "regulation", "case law"):
            assert found and all(c.law for c in found), key
            # a row on an article prints it
            assert bool(row.article) == any(c.article for c in found), key
        else:  # a platform's rule or a specification cites no law
            assert not found, key


def test_cite_prints_the_row_citation_or_its_short_form():
    assert legal_sources.cite("protest_intimation") == "Lei 9.492/1997, art. 14"
    assert legal_sources.cite("creditor_identified", short=True) == "CDC art. 42-A"
    assert legal_sources.cite("bureau_notifies", short=True) == "Súmula 359 do STJ"
    with pytest.raises(KeyError):
        legal_sources.cite("no_such_rule")


def test_contact_hours_and_recorded_calls_take_law_source_and_status_from_the_table():
    for state, rule in contact_hours.RULES.items():
        row = RULES[rule.key]
        assert rule.law == row.citation and rule.source == legal_sources.source_url(rule.key)
        if state in ("SP", "RJ", "ES", "AM", "AL"):
            assert rule.key == f"{state.lower()}_contact_hours"
            assert rule.own_law == (row.status == "confirmed")
            assert rule.reported == (row.status == "reported")
        else:  # São Paulo's default, neither own nor reported
            assert rule.key == "sp_contact_hours" and not (rule.own_law or rule.reported)
    for state, rule in RECORDING.items():
        row = RULES[f"{state.lower()}_call_recording"]
        assert (rule.law, rule.confirmed) == (row.citation, row.status == "confirmed")


def test_the_reported_labels_stay_reported():
    reported = {key for key, row in RULES.items() if row.status == legal_sources.REPORTED}
    assert {
        "es_contact_hours",
        "am_contact_hours",
        "al_contact_hours",
        "consumer_interest_ceiling",
        "year_end_bank_closure",
        # LGPD articles read only in copies that drop words, in translation or in part
        "lgpd_processing_information",
        "lgpd_subject_rights",
        "lgpd_international_transfer",
        "lgpd_data_protection_officer",
    } <= reported


def test_a_reported_row_says_what_was_read():
    for key, row in RULES.items():
        if row.status == legal_sources.REPORTED:
            assert row.note, key


def test_the_review_of_the_ranking_promises_what_the_code_does_not_a_person():
    """LGPD art. 20 as in force: no review by a natural person (§ 3º vetoed); what the
    addon offers is a class a person pins on request (res.partner cobranca_class_manual)."""
    row = RULES["lgpd_automated_decision_review"]
    assert "vetoed" in row.note and "do not promise a review by a person" in row.note
    assert "cobranca_class_manual" in row.applied


# ------------------------------------------------------------------ the addon uses it
def test_every_rule_is_applied_or_cited_by_the_addon():
    """A row whose key no code, view, template or data file of the addon names is a rule
    nothing applies: drop it, or name it where the addon applies it."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in _sources(".py", ".xml"))
    unused = [key for key in RULES if not re.search(rf"\b{key}\b", text)]
    assert not unused, f"rules nothing applies: {unused}"


def test_every_citation_in_the_addon_is_in_the_table():
    """Code, views, templates, data and the Apps page cite only laws of the table: a row's
    citation, or a law its law or note names (an amending or consolidating law). Each
    paragraph is read alone: an article belongs to a law of its own paragraph."""
    mentioned = legal_sources.known_citations() + [
        citation
        for row in RULES.values()
        for citation in citations_in(f"{row.law} {row.note}")
        if citation.law and citation.article is None
    ]
    unknown = []
    for path in _sources(".py", ".xml", ".html", ".js"):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            unknown += [
                f"{path.relative_to(ROOT)}: {citation.text!r}"
                for citation in citations_in(re.sub(r"<[^>]*>|#|\"|\\n", " ", paragraph))
                if not is_known(citation, mentioned)
            ]
    assert not unknown, "\n".join(unknown)


def test_the_law_doc_table_is_the_one_the_script_writes():
    spec = importlib.util.spec_from_file_location(
        "legal_table", ROOT / "scripts" / "legal_table.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.TARGET == ROOT / "docs" / "law.md"
    doc = script.TARGET.read_text(encoding="utf-8")
    assert script.BEGIN in doc and script.END in doc
    assert script.rewritten(doc) == doc, "run scripts/legal_table.py"
    for key in RULES:
        assert f"`{key}`" in script.render()


# ------------------------------------------------------------------- the finder
def _unknown(text):
    return [c.text for c in legal_sources.unknown_citations(text)]


def test_a_text_citing_a_law_outside_the_table_is_caught():
    assert _unknown("Nos termos da Lei 14.181/2021, art. 54-A, renegocie.") == ["art. 54-A"]
    assert _unknown("conforme a Lei 12.414/2011") == ["Lei 12.414/2011"]
    assert _unknown("(Decreto 11.150/2022)") == ["Decreto 11.150/2022"]
    assert _unknown("Súmula 385 do STJ") == ["Súmula 385"]
    assert _unknown("Resolução CMN 2.878/2001") == ["Resolução CMN 2.878/2001"]


def test_an_article_the_table_does_not_hold_is_caught_even_of_a_known_law():
    assert _unknown("LGPD art. 48, § 1º") == ["art. 48, § 1º"]
    assert _unknown("CDC art. 43, § 3º") == ["art. 43, § 3º"]  # the table holds § 2º
    assert _unknown("CDC art. 43") == ["art. 43"]
    assert _unknown("Lei RJ 6.854/2014, art. 5º") == ["art. 5º"]


def test_an_article_of_no_law_is_caught():
    assert _unknown("Você tem direito (art. 18).") == ["art. 18"]


def test_a_law_of_another_state_with_the_same_number_is_caught():
    assert _unknown("Lei MG 14.953/2013, art. 2º") == ["art. 2º"]


def test_the_table_citations_are_known_in_every_form_texts_print():
    assert (
        _unknown(
            "antes de um protesto, o devedor é intimado pelo tabelião de protesto (Lei "
            "9.492/1997, art. 14); antes da inclusão em cadastro, o órgão deve comunicá-la por "
            "escrito (Código de Defesa do Consumidor, Lei 8.078/1990, art. 43, § 2º, e Súmula "
            "359 do STJ)."
        )
        == []
    )
    assert (
        _unknown("a execução do contrato (LGPD art. 7º, V); o legítimo interesse (art. 7º, IX)")
        == []
    )
    assert _unknown("art. 14 da Lei 9.492/97 e art. 42-A do CDC") == []
    assert _unknown("Código Civil art. 206 §5º, I; CDC art. 52 § 1º; Res. CMN 4.880/2020") == []
    assert _unknown("Lei SP 14.953/2013, art. 3º, § 2º e Lei 7.868/2018") == []
    assert _unknown("dentro da LGPD e do Código de Defesa do Consumidor") == []


def test_the_finder_reads_numbers_years_states_and_paragraphs():
    (citation,) = citations_in("Lei PR 17.352/2012, art. 2º-A, § 1º")
    assert citation.law == ("lei", "17352", "2012", "PR")
    assert (citation.article, citation.paragraph) == ("2-A", "1")
    (citation,) = citations_in("Lei nº 12.039, de 2009")
    assert citation.law.year == "2009" and citation.article is None
    (citation,) = citations_in("Lei estadual 15.426, de 22/05/2014, art. 2º")
    assert (citation.law.number, citation.law.year, citation.article) == ("15426", "2014", "2")
    assert citations_in("Projeto de Lei 130/2025 e PL 130/2025") == []
    assert citations_in("art. 10 da LGPD")[0].law.number == "13709"
