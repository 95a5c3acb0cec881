"""Pix keys a payer's bank can find in the DICT, and the BR Code's free-text fields in
printable ASCII at the spec's lengths, without Odoo."""

import pytest

from cobranca_tools import pix


@pytest.mark.parametrize(
    ("key_type", "value"),
    [
        ("br_cpf_cnpj", "52998224725"),  # CPF
        ("br_cpf_cnpj", "11222333000181"),  # CNPJ
        ("mobile", "+5511987654321"),
        ("email", "financeiro@exemplo.com.br"),
        ("br_random", "71d6c6e1-64ea-4a11-9560-a10870c40ca2"),
    ],
)
def test_real_dict_keys(key_type, value):
    assert pix.is_dict_key(key_type, value)


@pytest.mark.parametrize(
    ("key_type", "value"),
    [
        ("none", "11222333000181"),  # no key type chosen
        ("br_random", False),  # Odoo's empty Char
        ("br_cpf_cnpj", ""),
        ("br_cpf_cnpj", "52998224724"),  # wrong check digit
        ("br_cpf_cnpj", "11222333000180"),
        ("br_cpf_cnpj", "529.982.247-25"),  # the DICT holds digits only
        ("br_cpf_cnpj", "11111111111"),  # check digits right, a number never issued
        ("br_cpf_cnpj", "00000000000000"),
        ("mobile", "11987654321"),  # no country code
        ("mobile", "+55 11 98765-4321"),  # not E.164
        ("mobile", "+551133334444"),  # a landline
        ("mobile", "+14155550123"),  # not Brazilian
        ("email", "financeiro@"),
        ("email", "finan ceiro@exemplo.com"),
        ("email", " financeiro@exemplo.com"),
        ("email", "joão@exemplo.com"),
        ("br_random", "123e4567-e12b-12d1-a456-426655440000"),  # a UUID, not v4
        ("br_random", "71d6c6e164ea4a119560a10870c40ca2"),  # no hyphens
        ("br_random", "financeiro@exemplo.com.br"),  # a key of another type
    ],
)
def test_what_is_not_a_dict_key(key_type, value):
    assert not pix.is_dict_key(key_type, value)


@pytest.mark.parametrize(
    ("text", "length", "expected"),
    [
        ("Distribuidora Exemplo Ltda", 25, "Distribuidora Exemplo Ltd"),
        ("São Paulo", 15, "Sao Paulo"),
        ("Comércio — Açaí  &  Cia™", 25, "Comercio Acai & CiaTM"),
        ("Florianópolis do Sul", 15, "Florianopolis d"),
        ("São Paulo Capital", 10, "Sao Paulo"),  # no trailing space after the cut
        ("日本", 25, ""),
        (False, 15, ""),
    ],
)
def test_free_text_in_printable_ascii_at_its_length(text, length, expected):
    result = pix.printable_ascii(text, length)
    assert result == expected
    assert result.isascii() and len(result) <= length


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("INV/2026/00012", "INV202600012"),
        ("Fatura nº 12 — março", "Faturano12marco"),
        ("A" * 30 + "/1", "A" * 25),
        ("", "***"),
        ("***", "***"),
        ("/ - /", "***"),
    ],
)
def test_txid_is_at_most_25_letters_and_digits(reference, expected):
    assert pix.txid(reference) == expected
