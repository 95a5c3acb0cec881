"""Keyed hashes of contacts (plain Python, no Odoo).

A contact that asked to stop must stay stopped after its data is erased
(anonymisation, retention): the consent keeps ``HMAC-SHA256(secret, contact)``
instead of the email or number. The hash cannot be reversed nor recomputed
without the database's secret, yet the same contact always gives the same hash,
so a new message to it can still be refused.

Phones are hashed in their canonical E.164 form; a number is checked under every
form of it (with and without the ninth digit), as ``phone.same_number`` compares.
"""

import hashlib
import hmac

from . import phone


def keyed_hash(secret, value):
    """Hex HMAC-SHA256 of ``value`` under ``secret``."""
    if not secret:
        raise ValueError("a keyed hash needs a secret")
    return hmac.new(
        str(secret).encode(), str(value).encode(), hashlib.sha256
    ).hexdigest()


def contact_hashes(secret, channel, value):
    """The hashes under which ``value`` (a normalised email, or a phone number in
    any format) may have been stored for ``channel``; empty without a value."""
    if not value:
        return set()
    if channel == "email":
        return {keyed_hash(secret, value)}
    return {keyed_hash(secret, form) for form in phone.variants(value)}
