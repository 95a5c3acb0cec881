from cobranca_tools.lgpd import CIVIL_CODE, LABELS, LGPD, cite, label, yes_no


def test_citations_come_from_the_table_with_their_source():
    assert cite("7_V") == "LGPD art. 7º, V"
    assert cite("33_IX", "7_V") == "LGPD art. 33, IX e art. 7º, V"
    for citation in (*LGPD.values(), *CIVIL_CODE.values()):
        # nothing read in the official text: every article is reported, with its source
        assert citation.status == "reported"
        assert citation.source.startswith("https://")


def test_labels_are_portuguese_and_unknown_values_are_shown_as_they_are():
    assert label("consent_status", "granted") == "autorizado"
    assert label("legal_basis", "contract") == "execução do contrato"
    assert label("reminder_state", "read") == "lido"
    assert label("payer_class", "b") == "B (bom)"
    assert label("reminder_state", "new_state") == "new_state"
    assert label("channel", False) == ""
    assert (yes_no(True), yes_no(False)) == ("sim", "não")
    assert all(all(labels.values()) for labels in LABELS.values())
