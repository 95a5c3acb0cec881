"""Keyed hashes of revoked contacts, without Odoo."""

import pytest

from cobranca_tools import privacy

SECRET = "0b6c1f3e-secret"


def test_the_same_contact_always_gives_the_same_hash():
    assert privacy.keyed_hash(SECRET, "+5511987654321") == privacy.keyed_hash(
        SECRET, "+5511987654321"
    )


def test_the_hash_hides_the_contact_and_depends_on_the_secret():
    digest = privacy.keyed_hash(SECRET, "maria@example.com")
    assert "maria" not in digest and len(digest) == 64
    assert digest != privacy.keyed_hash("another-secret", "maria@example.com")


def test_a_phone_matches_with_or_without_the_ninth_digit():
    stored = privacy.keyed_hash(SECRET, "+5511987654321")
    assert stored in privacy.contact_hashes(SECRET, "whatsapp", "(11) 98765-4321")
    assert stored in privacy.contact_hashes(SECRET, "sms", "+55 11 8765-4321")
    assert stored not in privacy.contact_hashes(SECRET, "sms", "(11) 98765-4322")


def test_an_email_is_hashed_as_given():
    stored = privacy.keyed_hash(SECRET, "maria@example.com")
    assert privacy.contact_hashes(SECRET, "email", "maria@example.com") == {stored}
    assert privacy.contact_hashes(SECRET, "email", None) == set()


def test_no_secret_no_hash():
    with pytest.raises(ValueError):
        privacy.keyed_hash("", "x")
