"""WhatsApp Cloud API webhooks, plain Python (no Odoo import): the signature check,
the subscription handshake, the parsing of a call into changes and their routing to
the accounts that own them.

Nothing here raises on unexpected shapes: Meta retries a webhook that fails, for
days. Each change of a webhook names the phone number (``metadata.phone_number_id``)
and the business account (``entry[].id``) it belongs to: it is routed to the
account that owns them, and only that account's app secret may authenticate it.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass

#: Largest webhook body accepted, in bytes (Meta's calls are a few kilobytes).
MAX_WEBHOOK_BODY = 1024 * 1024

_SIGNATURE = re.compile(r"sha256=([0-9a-fA-F]{64})")


@dataclass(frozen=True)
class StatusEvent:
    """A delivery status of a message we sent; ``errors`` holds (code, title) pairs."""

    message_id: str
    status: str
    timestamp: int
    recipient: str
    errors: tuple


@dataclass(frozen=True)
class InboundMessage:
    """A message a customer sent us (``text`` is the body, button or reply title)."""

    message_id: str
    sender: str
    timestamp: int
    type: str
    text: str


@dataclass(frozen=True)
class WebhookChange:
    """One change of a webhook call and the account it belongs to.

    ``waba_id`` is the entry's id (the WhatsApp Business Account), ``phone_number_id``
    and ``display_phone_number`` come from ``value.metadata`` (empty for changes that
    have none, such as template status updates); ``statuses`` and ``messages`` hold
    StatusEvent and InboundMessage tuples (only ``messages`` changes carry them).
    """

    field: str
    waba_id: str
    phone_number_id: str
    display_phone_number: str
    statuses: tuple = ()
    messages: tuple = ()


def verify_signature(app_secret, raw_body, header):
    """Whether ``header`` (X-Hub-Signature-256: ``sha256=<hex>``) signs ``raw_body``."""
    if not app_secret or not header or not isinstance(header, str):
        return False
    match = _SIGNATURE.fullmatch(header.strip())
    if not match:
        return False
    if isinstance(raw_body, str):
        raw_body = raw_body.encode("utf-8")
    expected = hmac.new(app_secret.encode("utf-8"), bytes(raw_body or b""), hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest().encode(), match.group(1).lower().encode())


def handshake(params, verify_token):
    """The ``hub.challenge`` to echo when Meta subscribes with our verify token, else None."""
    if not verify_token or not params:
        return None
    try:
        mode = params.get("hub.mode")
        token = params.get("hub.verify_token")
        challenge = params.get("hub.challenge")
    except AttributeError:
        return None
    if mode != "subscribe" or not isinstance(token, str) or challenge is None:
        return None
    if not hmac.compare_digest(token.encode("utf-8"), str(verify_token).encode("utf-8")):
        return None
    return str(challenge)


def parse_webhook(payload):
    """The changes of a webhook payload (WebhookChange tuple); malformed pieces are
    skipped, a payload that is not a WhatsApp Business Account one gives nothing."""
    if not isinstance(payload, dict):
        return ()
    if payload.get("object", "whatsapp_business_account") != "whatsapp_business_account":
        return ()
    changes = []
    for entry in _dicts(payload.get("entry")):
        waba_id = _text(entry.get("id"))
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            field = _text(change.get("field")) or "messages"
            metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
            statuses = messages = ()
            if field == "messages":
                statuses = tuple(filter(None, map(_status_event, _dicts(value.get("statuses")))))
                messages = tuple(filter(None, map(_inbound_message, _dicts(value.get("messages")))))
            changes.append(
                WebhookChange(
                    field=field,
                    waba_id=waba_id,
                    phone_number_id=_text(metadata.get("phone_number_id")),
                    display_phone_number=_text(metadata.get("display_phone_number")),
                    statuses=statuses,
                    messages=messages,
                )
            )
    return tuple(changes)


def route_changes(changes, accounts):
    """Which accounts each change belongs to: [(change, keys)] for the routed changes.

    ``accounts`` are ``(key, phone_number_id, waba_id)`` triples (``waba_id`` may be
    empty). A change with a phone number id belongs to the accounts of that phone
    number whose business account, when they name one, is the change's entry id; a
    change without one (template updates...) to the accounts of its business
    account. A change nobody owns is left out: it cannot be authenticated.
    """
    accounts = [(key, _text(phone_id), _text(waba_id)) for key, phone_id, waba_id in accounts or ()]
    routed = []
    for change in changes:
        if change.phone_number_id:
            keys = tuple(
                key
                for key, phone_id, waba_id in accounts
                if phone_id == change.phone_number_id and (not waba_id or waba_id == change.waba_id)
            )
        elif change.waba_id:
            keys = tuple(key for key, _phone_id, waba_id in accounts if waba_id == change.waba_id)
        else:
            keys = ()
        if keys:
            routed.append((change, keys))
    return routed


# -- helpers ---------------------------------------------------------------------------


def _status_event(item):
    message_id, status = item.get("id"), item.get("status")
    if not isinstance(message_id, str) or not isinstance(status, str):
        return None
    errors = tuple(
        (
            _int(error.get("code")) or 0,
            str(error.get("title") or error.get("message") or ""),
        )
        for error in _dicts(item.get("errors"))
    )
    return StatusEvent(
        message_id=message_id,
        status=status.lower(),
        timestamp=_int(item.get("timestamp")) or 0,
        recipient=str(item.get("recipient_id") or ""),
        errors=errors,
    )


def _inbound_message(item):
    message_id, sender = item.get("id"), item.get("from")
    if not isinstance(message_id, str) or not isinstance(sender, str):
        return None
    kind = str(item.get("type") or "")
    return InboundMessage(
        message_id=message_id,
        sender=sender,
        timestamp=_int(item.get("timestamp")) or 0,
        type=kind,
        text=_message_text(item, kind),
    )


def _message_text(item, kind):
    """The text of a message: body, quick-reply button text or interactive reply title."""
    content = item.get(kind) if kind else None
    if not isinstance(content, dict):
        return ""
    if kind == "text":
        text = content.get("body")
    elif kind == "button":
        text = content.get("text")
    elif kind == "interactive":
        reply = content.get("button_reply") or content.get("list_reply")
        text = reply.get("title") if isinstance(reply, dict) else None
    else:
        text = None
    return text if isinstance(text, str) else ""


def _dicts(value):
    """The dict items of ``value`` when it is a list, else nothing."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value):
    """A string or number of a payload as text (Meta sends ids as strings), else ""."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return ""
    return str(value).strip()


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
