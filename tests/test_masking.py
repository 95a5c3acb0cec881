"""Masking of the personal data shown on the public opt-out page, without Odoo."""

import pytest

from cobranca_tools import masking


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Maria Aparecida Souza", "Maria"),
        ("  João  ", "João"),
        ("Empresa Exemplo Ltda", "Empresa"),
        ("", ""),
        (None, ""),
    ],
)
def test_first_name_only(name, expected):
    assert masking.first_name(name) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("joao@exemplo.com", "j***@e***.com"),
        ("maria.souza@example.com", "m***@e***.com"),
        ("Financeiro@Empresa.com.br", "F***@E***.com.br"),
        ("contato@mail.empresa.com.br", "c***@m***.com.br"),
        ("ana@sub.example.org", "a***@s***.org"),
        ("x@y.io", "x***@y***.io"),
    ],
)
def test_email_keeps_first_letters_and_public_suffix(email, expected):
    assert masking.mask_email(email) == expected


@pytest.mark.parametrize(
    "email", ["", None, "sem-arroba", "@exemplo.com", "joao@localhost"]
)
def test_not_an_email_shows_nothing(email):
    assert masking.mask_email(email) == ""


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+5511987654321", "(11) 9****-4321"),
        ("(11) 98765-4321", "(11) 9****-4321"),
        ("(21) 3333-4444", "(21) 3***-4444"),
        ("+16502530000", "+1 ******0000"),
    ],
)
def test_phone_keeps_area_code_first_digit_and_last_four(number, expected):
    assert masking.mask_phone(number) == expected


@pytest.mark.parametrize("number", ["", None, "12345", "abc"])
def test_not_a_phone_shows_nothing(number):
    assert masking.mask_phone(number) == ""


def test_masked_values_never_contain_the_hidden_digits():
    masked = masking.mask_phone("+5511987654321")
    assert "8765" not in masked and "98765" not in masked
    assert "souza" not in masking.mask_email("maria.souza@example.com")
