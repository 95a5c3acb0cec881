"""Customers' email replies, plain Python (no Odoo import): whether a message was
written by a machine (an out-of-office or an autoresponder, which must not open a
task for the collector nor be read as an answer), and the words the customer wrote
(``customer_text``: the quotes are recognised in ``tools/email_quotes.py``).

Auto-replies are recognised as RFC 3834 ("Recommendations for Automatic Responses to
Electronic Mail") asks responders to mark them, ``Auto-Submitted`` other than ``no``,
and by the headers the common responders set instead (``X-Autoreply``,
``X-Autorespond``, ``Precedence: auto_reply``, Microsoft Exchange's
``X-MS-Exchange-Generated-Message-Source`` for its Automatic Replies), and, for the
responders that mark nothing, by a subject that says so in Portuguese or English
("Resposta automática", "Auto-resposta", "Resposta de ausência", "Ausência temporária",
"Fora do escritório", "Out of office", "Automatic reply", "Auto-reply").
"""

import re
import unicodedata

from .email_quotes import customer_text, strip_quoted_html

__all__ = ["customer_text", "is_auto_reply", "reply_text", "strip_quoted_html"]

#: ``Precedence`` values of machine-sent mail (RFC 3834 §3.1.8 and common use).
_MACHINE_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk", "list"})
#: Headers whose mere presence marks an autoresponder.
_AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder")
#: Subjects of autoresponders that set no header (accents removed, lower case).
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:"
    r"resposta automatica|respuesta automatica|auto[- ]?reply|autoreply|auto[- ]?response|"
    r"automatic reply|out of (?:the )?office|ausencia(?: temporaria)?|fora do escritorio|"
    r"ausente(?: do escritorio)?|estou ausente|mensagem automatica|aviso de ferias|ferias|"
    r"auto[- ]?resposta|(?:resposta|aviso|notificacao) de ausencia"
    r")\b"
)


def _plain(text):
    text = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def is_auto_reply(headers, subject=""):
    """Whether a message with these ``headers`` (any mapping or ``email.message``;
    names case-insensitive) and ``subject`` was sent by a machine."""
    get = _getter(headers)
    auto_submitted = (get("auto-submitted") or "").strip().lower()
    if auto_submitted and auto_submitted.split(";")[0].strip() != "no":
        return True
    if any(get(name) for name in _AUTO_HEADERS):
        return True
    for name in ("precedence", "x-precedence"):
        if (get(name) or "").strip().lower() in _MACHINE_PRECEDENCE:
            return True
    if (get("x-ms-exchange-generated-message-source") or "").strip():
        return True
    subject = _plain(subject or get("subject") or "")
    subject = re.sub(r"^\s*(?:re|res|fw|fwd|enc)\s*:\s*", "", subject)
    return bool(_AUTO_SUBJECT.match(subject))


def _getter(headers):
    if headers is None:
        return lambda name: None
    if hasattr(headers, "get_all"):  # email.message.Message: case-insensitive already
        return lambda name: headers.get(name)
    lowered = {str(key).lower(): value for key, value in dict(headers).items()}
    return lambda name: lowered.get(name)


def reply_text(text, limit=2000):
    """The customer's own words of a reply's plain ``text``: what is left once the
    quoted messages are taken out (:func:`customer_text` without the sent message)."""
    return customer_text(text, limit=limit)
