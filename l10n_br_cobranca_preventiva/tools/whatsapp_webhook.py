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
from typing import NamedTuple

#: Largest webhook body accepted, in bytes (Meta's calls are a few kilobytes).
MAX_WEBHOOK_BODY = 1024 * 1024

_SIGNATURE = re.compile(r"sha256=([0-9a-fA-F]{64})")


class MetaError(NamedTuple):
    """One of Meta's errors in a webhook: ``code``, ``title`` and
    ``error_data.details`` (the specific reason; empty when Meta gives none)."""

    code: int
    title: str
    details: str = ""


def meta_error_text(error):
    """The text of a MetaError: "131049 Title: details" (details when they add)."""
    text = f"{error.code} {error.title}".strip()
    if error.details and error.details != error.title:
        text = f"{text}: {error.details}"
    return text


@dataclass(frozen=True)
class StatusEvent:
    """A delivery status of a message we sent; ``errors`` holds MetaError tuples.

    ``recipient`` is the phone number (``recipient_id``), empty when Meta withholds
    it; ``recipient_user_id`` the business-scoped user id when Meta sends one."""

    message_id: str
    status: str
    timestamp: int
    recipient: str
    errors: tuple
    recipient_user_id: str = ""


@dataclass(frozen=True)
class Media:
    """The media of an image, document, audio, video or sticker message: Meta's
    media ``id`` (to download it through the Cloud API), its ``mime_type``,
    ``sha256``, the ``caption`` and, for documents, the ``filename``."""

    id: str
    mime_type: str = ""
    sha256: str = ""
    caption: str = ""
    filename: str = ""
    voice: bool = False


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    name: str = ""
    address: str = ""
    url: str = ""


@dataclass(frozen=True)
class InboundMessage:
    """A message a customer sent us.

    ``text`` is what the customer wrote or tapped: the body of a text, the text of a
    quick-reply button, the title of an interactive reply, a media caption, a
    reaction's emoji, a location's name and address. ``payload`` is the machine part
    of a tap (``button.payload``, the reply's ``id``).

    ``sender`` is the phone number (``from``). Meta withholds it for users who
    adopted a username: then ``sender`` is empty and only ``user_id`` (the
    business-scoped user id, ``from_user_id`` or the contact's ``user_id``) says who
    wrote. Such messages are kept: ``has_phone`` tells them apart.

    ``context_id`` is the id (wamid) of our message this one answers, when the
    customer replied to it or tapped one of its buttons; ``reaction_to`` the message
    a reaction is about. ``errors`` (MetaError) come with ``unsupported`` messages.
    """

    message_id: str
    sender: str
    timestamp: int
    type: str
    text: str
    payload: str = ""
    context_id: str = ""
    user_id: str = ""
    parent_user_id: str = ""
    username: str = ""
    profile_name: str = ""
    media: Media | None = None
    location: Location | None = None
    reaction_to: str = ""
    forwarded: bool = False
    errors: tuple = ()

    @property
    def has_phone(self):
        return bool(self.sender)


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
                contacts = _dicts(value.get("contacts"))
                messages = tuple(
                    filter(
                        None,
                        (
                            _inbound_message(item, contacts)
                            for item in _dicts(value.get("messages"))
                        ),
                    )
                )
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
    return StatusEvent(
        message_id=message_id,
        status=status.lower(),
        timestamp=_int(item.get("timestamp")) or 0,
        recipient=_text(item.get("recipient_id")),
        errors=_errors(item),
        recipient_user_id=_text(item.get("recipient_user_id")),
    )


def _errors(item):
    """The MetaError tuple of an item's ``errors`` (status or unsupported message)."""
    errors = []
    for error in _dicts(item.get("errors")):
        data = error.get("error_data") if isinstance(error.get("error_data"), dict) else {}
        errors.append(
            MetaError(
                _int(error.get("code")) or 0,
                str(error.get("title") or error.get("message") or ""),
                str(data.get("details") or ""),
            )
        )
    return tuple(errors)


#: Message types whose content is a media object.
MEDIA_TYPES = frozenset({"image", "document", "audio", "video", "sticker"})


def _inbound_message(item, contacts=()):
    """An InboundMessage, or None without a message id. A message without ``from``
    is kept when anything identifies who wrote (see InboundMessage)."""
    message_id = item.get("id")
    if not isinstance(message_id, str) or not message_id:
        return None
    sender = _text(item.get("from"))
    contact = _contact(contacts, sender, _text(item.get("from_user_id")))
    profile = contact.get("profile") if isinstance(contact.get("profile"), dict) else {}
    kind = _text(item.get("type"))
    content = item.get(kind) if isinstance(item.get(kind), dict) else {}
    context = item.get("context") if isinstance(item.get("context"), dict) else {}
    text, payload = _message_text(kind, content)
    media = location = None
    reaction_to = ""
    if kind in MEDIA_TYPES and _text(content.get("id")):
        media = Media(
            id=_text(content.get("id")),
            mime_type=_text(content.get("mime_type")),
            sha256=_text(content.get("sha256")),
            caption=_text(content.get("caption")),
            filename=_text(content.get("filename")),
            voice=content.get("voice") is True,
        )
        text = media.caption
    elif kind == "location":
        latitude, longitude = _float(content.get("latitude")), _float(content.get("longitude"))
        if latitude is not None and longitude is not None:
            location = Location(
                latitude,
                longitude,
                name=_text(content.get("name")),
                address=_text(content.get("address")),
                url=_text(content.get("url")),
            )
            text = " - ".join(filter(None, (location.name, location.address)))
    elif kind == "reaction":
        reaction_to = _text(content.get("message_id"))
        text = _text(content.get("emoji"))
    return InboundMessage(
        message_id=message_id,
        sender=sender,
        timestamp=_int(item.get("timestamp")) or 0,
        type=kind,
        text=text,
        payload=payload,
        context_id=_text(context.get("id")),
        user_id=_text(item.get("from_user_id")) or _text(contact.get("user_id")),
        parent_user_id=_text(item.get("from_parent_user_id"))
        or _text(contact.get("parent_user_id")),
        username=_text(profile.get("username")),
        profile_name=_text(profile.get("name")),
        media=media,
        location=location,
        reaction_to=reaction_to,
        forwarded=context.get("forwarded") is True or context.get("frequently_forwarded") is True,
        errors=_errors(item),
    )


def _contact(contacts, sender, user_id):
    """The entry of ``contacts`` for this sender: by phone number or user id, else
    the only one (Meta sends one contact per message)."""
    for contact in contacts:
        if (sender and _text(contact.get("wa_id")) == sender) or (
            user_id and _text(contact.get("user_id")) == user_id
        ):
            return contact
    return contacts[0] if len(contacts) == 1 else {}


def _message_text(kind, content):
    """(text, payload) of a text, quick-reply button or interactive reply."""
    if kind == "text":
        return _text(content.get("body")), ""
    if kind == "button":
        return _text(content.get("text")), _text(content.get("payload"))
    if kind == "interactive":
        reply = content.get("button_reply") or content.get("list_reply")
        if isinstance(reply, dict):
            return _text(reply.get("title")), _text(reply.get("id"))
    return "", ""


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


def _float(value):
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
