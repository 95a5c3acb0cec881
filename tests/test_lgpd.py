from pathlib import Path

from cobranca_tools import legal_sources
from cobranca_tools.legal_citations import citations_in
from cobranca_tools.lgpd import LABELS, label, yes_no

LGPD_PY = Path(legal_sources.__file__).with_name("lgpd.py")
#: The rows the privacy notice cites (cobranca.privacy.notice).
NOTICE_ROWS = (
    "lgpd_basis_consent",
    "lgpd_basis_contract",
    "lgpd_basis_legal_claims",
    "lgpd_basis_legitimate_interest",
    "lgpd_behavioural_profile",
    "lgpd_retention_legal_obligation",
    "lgpd_subject_rights",
    "lgpd_automated_decision_review",
    "lgpd_international_transfer",
    "debt_claim_prescription",
)


def test_the_notice_laws_are_rows_of_the_one_table_and_lgpd_py_cites_none():
    for key in NOTICE_ROWS:
        row = legal_sources.RULES[key]
        assert row.status in (legal_sources.CONFIRMED, legal_sources.REPORTED)
        assert legal_sources.source_url(key).startswith("https://")
    assert legal_sources.cite("lgpd_international_transfer") == "LGPD art. 33, IX"
    assert legal_sources.cite("lgpd_behavioural_profile") == "LGPD art. 12, § 2º"
    # labels only: a law cited here would escape the table
    assert citations_in(LGPD_PY.read_text(encoding="utf-8")) == []


def test_labels_are_portuguese_and_unknown_values_are_shown_as_they_are():
    assert label("consent_status", "granted") == "autorizado"
    assert label("legal_basis", "contract") == "execução do contrato"
    assert label("reminder_state", "read") == "lido"
    assert label("payer_class", "b") == "B (bom)"
    assert label("reminder_state", "new_state") == "new_state"
    assert label("channel", False) == ""
    assert (yes_no(True), yes_no(False)) == ("sim", "não")
    assert all(all(labels.values()) for labels in LABELS.values())
