"""Brazilian phone numbers for collection messages (plain Python, no Odoo).

Numbers are stored and compared in E.164 (``+5511987654321``), parsed with
``phonenumbers`` with Brazil as the default region. Brazilian mobiles gained a ninth
digit (a leading 9) between 2012 and 2016; WhatsApp still reports many accounts
without it, so matching a number tries both forms.
"""

import phonenumbers
from phonenumbers import PhoneNumberType

DEFAULT_REGION = "BR"
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def normalize(number, region=DEFAULT_REGION):
    """E.164 form of ``number``; ValueError when it is not a valid phone number."""
    if not number or not str(number).strip():
        raise ValueError("empty phone number")
    try:
        parsed = phonenumbers.parse(str(number), region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {number!r}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"not a valid phone number: {number!r}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalize(number, region=DEFAULT_REGION):
    """E.164 form of ``number``, or None."""
    try:
        return normalize(number, region)
    except ValueError:
        return None


def is_mobile(number, region=DEFAULT_REGION):
    """Whether ``number`` can receive WhatsApp and text messages (a mobile, not a landline)."""
    e164 = try_normalize(number, region)
    if not e164:
        return False
    return phonenumbers.number_type(phonenumbers.parse(e164)) in _MOBILE_TYPES


def variants(number, region=DEFAULT_REGION):
    """The E.164 forms that designate the same Brazilian mobile: with and without the
    ninth digit (``+55 11 9xxxx-xxxx`` and ``+55 11 xxxx-xxxx``)."""
    e164 = try_normalize(number, region) or _brazilian_digits(number)
    if not e164:
        return set()
    forms = {e164}
    if e164.startswith("+55"):
        national = e164[3:]
        area, local = national[:2], national[2:]
        if len(local) == 9 and local.startswith("9"):
            forms.add(f"+55{area}{local[1:]}")
        elif len(local) == 8 and local[0] in "6789":
            forms.add(f"+55{area}9{local}")
    return forms


def _brazilian_digits(number):
    """'+55' + digits for an old 8-digit mobile phonenumbers no longer accepts."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit())
    if digits.startswith("55") and len(digits) == 12:
        return f"+{digits}"
    return None


def same_number(a, b, region=DEFAULT_REGION):
    """Whether two numbers designate the same phone, ninth digit or not."""
    return bool(variants(a, region) & variants(b, region))


def from_whatsapp(wa_id, region=DEFAULT_REGION):
    """E.164 of the number a WhatsApp message came from (``from``: digits, no '+').

    WhatsApp still reports many Brazilian mobiles without their ninth digit, a form
    ``phonenumbers`` no longer accepts: then the valid form (with the ninth digit) is
    returned. None when the sender is not a phone number.
    """
    digits = "".join(ch for ch in str(wa_id or "") if ch.isdigit())
    if not digits:
        return None
    e164 = try_normalize(f"+{digits}", region)
    if e164:
        return e164
    valid = sorted(filter(None, (try_normalize(form, region) for form in variants(f"+{digits}"))))
    return valid[0] if valid else None
