"""Pix keys and the free-text fields of a static BR Code (plain Python, no Odoo).

Odoo's ``l10n_br`` builds the payload (``res.partner.bank._get_qr_vals``: EMV TLV
fields and CRC16); this module only decides what may go into it:

- a key the DICT can hold, by the type Odoo's ``proxy_type`` names: a CPF or CNPJ
  with valid check digits, digits only (``br_cpf_cnpj``); a mobile number in E.164
  with +55 (``mobile``); an e-mail address (``email``); an EVP, a random UUID v4
  (``br_random``). Anything else (no key, the proxy type "none", a mistyped key)
  gives no code at all: a code whose key is "False" cannot be paid.
- the merchant name (at most 25 characters), the merchant city (at most 15) and the
  transaction id (at most 25, letters and digits; "***" when there is none), in
  printable ASCII. Lengths as in BCB's "Manual de Padrões para Iniciação do Pix"
  (BR Code, EMV QRCPS-MPM), reported by the libraries that implement it
  (``legal_sources``: ``pix_br_code_fields``); Odoo cuts the name and the city but
  keeps characters outside ASCII and does not cut the reference.
"""

import re
import unicodedata
import uuid

from stdnum.br import cnpj, cpf

from . import phone

MERCHANT_NAME_MAX = 25
MERCHANT_CITY_MAX = 15
TXID_MAX = 25
NO_TXID = "***"

#: l10n_br's proxy types that hold a DICT key.
KEY_TYPES = ("br_cpf_cnpj", "mobile", "email", "br_random")

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_EVP = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_dict_key(key_type, value):
    """Whether ``value`` is a Pix key of ``key_type`` (l10n_br's proxy type) that a
    payer's bank can look up: written exactly as the DICT holds it."""
    if not isinstance(value, str) or not value or value != value.strip():
        return False
    if key_type == "br_cpf_cnpj":
        return (
            value.isascii()
            and value.isdigit()
            and len(set(value)) > 1  # 111.111.111-11 passes the check digits
            and (cpf.is_valid(value) or cnpj.is_valid(value))
        )
    if key_type == "mobile":
        return (
            value.startswith("+55")
            and phone.try_normalize(value) == value
            and phone.is_mobile(value)
        )
    if key_type == "email":
        return value.isascii() and bool(_EMAIL.fullmatch(value))
    if key_type == "br_random":
        return bool(_EVP.fullmatch(value)) and _is_uuid4(value)
    return False


def _is_uuid4(value):
    parsed = uuid.UUID(value)
    return parsed.version == 4 and parsed.variant == uuid.RFC_4122


def printable_ascii(text, max_length):
    """``text`` in printable ASCII (accents dropped, other characters removed, spaces
    collapsed), cut to ``max_length`` characters."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(ch for ch in decomposed if " " <= ch <= "~")
    return " ".join(kept.split())[:max_length].strip()


def txid(reference):
    """The transaction id of a static code: the reference's letters and digits, at
    most 25; "***" when none is left."""
    return printable_ascii(reference, 10_000).translate(_NOT_ALNUM)[:TXID_MAX] or NO_TXID


_NOT_ALNUM = {code: None for code in range(128) if not chr(code).isalnum()}


__all__ = [
    "KEY_TYPES",
    "MERCHANT_CITY_MAX",
    "MERCHANT_NAME_MAX",
    "NO_TXID",
    "TXID_MAX",
    "is_dict_key",
    "printable_ascii",
    "txid",
]
