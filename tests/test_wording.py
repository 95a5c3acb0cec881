from decimal import Decimal

import pytest

from cobranca_tools.wording import (
    charges_phrase,
    creditor_line,
    due_phrase,
    missing_creditor_fields,
    percent_br,
)


@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        (7, "vence em 7 dias"),
        (2, "vence em 2 dias"),
        (1, "vence amanhã"),
        (0, "vence hoje"),
        (-1, "venceu ontem"),
        (-15, "está vencida há 15 dias"),
    ],
)
def test_due_phrase_counts_from_the_payable_day(days, phrase):
    assert due_phrase(days) == phrase


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2, "2%"),
        (2.0, "2%"),
        (1.5, "1,5%"),
        (0.333, "0,33%"),
        (Decimal("0.005"), "0,01%"),
    ],
)
def test_percent_in_brazilian_notation(value, text):
    assert percent_br(value) == text


def test_no_charges_no_words_about_them():
    assert charges_phrase(0, 0) == ""
    assert charges_phrase(None, None) == ""


def test_charges_state_their_figures():
    assert "multa de 2%" in charges_phrase(2, 0)
    assert "juros" not in charges_phrase(2, 0)
    both = charges_phrase(2, 1)
    assert "multa de 2% e juros de mora de 1% ao mês" in both
    assert "multa" not in charges_phrase(0, 1)


def test_creditor_line_names_cnpj_and_address():
    line = creditor_line(
        "Distribuidora Exemplo Ltda",
        "11.222.333/0001-81",
        ("Rua Augusta, 1500", "São Paulo/SP", "CEP 01304-001"),
    )
    assert line == (
        "Distribuidora Exemplo Ltda · CNPJ 11.222.333/0001-81 · Rua Augusta, 1500 · "
        "São Paulo/SP · CEP 01304-001"
    )
    assert creditor_line("X", None, ("", None)) == "X"


def test_missing_creditor_fields():
    assert missing_creditor_fields("X", "1", "Rua", "SP", "SP") == []
    assert missing_creditor_fields("X", "", "Rua", " ", None) == [
        "vat",
        "city",
        "state",
    ]


def test_discount_phrase_is_a_neutral_statement_not_an_offer():
    """A reminder is a UTILITY message: the discounted amount and its last day, no
    promotional verb ("obtenha", "aproveite", "ganhe")."""
    from cobranca_tools.wording import discount_phrase

    assert discount_phrase("R$ 980,00", "12/03/2026", 2) == (
        "valor com desconto de 2% até 12/03/2026: R$ 980,00"
    )
    assert discount_phrase("R$ 975,00", "12/03/2026", 2.5) == (
        "valor com desconto de 2,5% até 12/03/2026: R$ 975,00"
    )
    assert discount_phrase("R$ 980,00", "12/03/2026") == (
        "valor com desconto até 12/03/2026: R$ 980,00"
    )
    for percent in (None, 2):
        phrase = discount_phrase("R$ 980,00", "12/03/2026", percent)
        assert not {"obtenha", "aproveite", "ganhe", "!"} & set(phrase.replace("!", " ! ").split())


def test_days_left_and_late_are_never_negative():
    from cobranca_tools.wording import days_left_and_late

    assert days_left_and_late(5) == (5, 0)
    assert days_left_and_late(0) == (0, 0)
    assert days_left_and_late(-1) == (0, 1)
    assert days_left_and_late(-30) == (0, 30)
