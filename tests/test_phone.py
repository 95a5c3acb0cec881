"""Phone normalisation (E.164, ninth digit), without Odoo."""

import pytest

from cobranca_tools import phone


@pytest.mark.parametrize(
    "raw",
    [
        "(11) 98765-4321",
        "11 98765 4321",
        "+55 11 98765-4321",
        "5511987654321",
        "011987654321",
    ],
)
def test_brazilian_mobiles_normalise_to_e164(raw):
    assert phone.normalize(raw) == "+5511987654321"


def test_landline_normalises_and_is_not_mobile():
    assert phone.normalize("(31) 3456-7890") == "+553134567890"
    assert not phone.is_mobile("(31) 3456-7890")
    assert phone.is_mobile("(21) 99876-5432")


def test_foreign_numbers_keep_their_country():
    assert phone.normalize("+1 650 253 0000") == "+16502530000"


@pytest.mark.parametrize("raw", ["", None, "abc", "123", "(11) 1234"])
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        phone.normalize(raw)
    assert phone.try_normalize(raw) is None
    assert not phone.is_mobile(raw)


def test_ninth_digit_variants_both_ways():
    assert phone.variants("+5511987654321") == {"+5511987654321", "+551187654321"}
    assert phone.variants("551187654321") == {"+551187654321", "+5511987654321"}
    assert phone.same_number("5511987654321", "551187654321")
    assert phone.same_number("551187654321", "(11) 98765-4321")
    assert not phone.same_number("+5511987654321", "+5511987654322")


def test_landlines_have_no_ninth_digit_variant():
    assert phone.variants("(31) 3456-7890") == {"+553134567890"}


@pytest.mark.parametrize(
    ("wa_id", "expected"),
    [
        ("5511987654321", "+5511987654321"),
        ("551187654321", "+5511987654321"),  # WhatsApp without the ninth digit
        ("+55 21 99876-5432", "+5521998765432"),
        ("16502530000", "+16502530000"),
        ("", None),
        (None, None),
        ("abc", None),
        ("123", None),
    ],
)
def test_whatsapp_sender_to_e164(wa_id, expected):
    assert phone.from_whatsapp(wa_id) == expected
