"""Masked personal data for pages anyone holding a link may open (plain Python).

The opt-out page is reached through a link that may be forwarded: it shows enough
for the person to recognise their own contacts (``Maria``, ``m***@e***.com``,
``(11) 9****-4321``), not enough to learn someone else's.
"""

import phonenumbers

from .phone import try_normalize

#: Second-level labels kept with a two-letter country code (``empresa.com.br``).
_SECOND_LEVELS = frozenset(
    {"com", "net", "org", "gov", "edu", "adv", "eng", "ind", "med", "art"}
)


def first_name(name):
    """The first word of a name ("Maria Aparecida Souza" -> "Maria"), else ""."""
    words = str(name or "").split()
    return words[0] if words else ""


def mask_email(email):
    """``j***@e***.com``: first letter of the mailbox and of the domain, and the
    domain's public suffix (``.com``, ``.com.br``); "" when it is not an email."""
    email = str(email or "").strip()
    local, _sep, domain = email.rpartition("@")
    labels = [label for label in domain.split(".") if label]
    if not local or len(labels) < 2:
        return ""
    keep = (
        2
        if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVELS
        else 1
    )
    suffix = ".".join(labels[-keep:])
    return f"{local[0]}***@{labels[0][0]}***.{suffix}"


def mask_phone(number):
    """``(11) 9****-4321`` for a Brazilian number (area code, first digit and last
    four kept), ``+1 ******0000`` elsewhere; "" when it is not a phone number."""
    e164 = try_normalize(number)
    if not e164:
        return ""
    parsed = phonenumbers.parse(e164)
    national = str(parsed.national_number)
    if parsed.country_code == 55 and len(national) in (10, 11):
        area, local = national[:2], national[2:]
        return f"({area}) {local[0]}{'*' * (len(local) - 5)}-{local[-4:]}"
    return f"+{parsed.country_code} {'*' * max(len(national) - 4, 0)}{national[-4:]}"
