"""What travels to and from the WhatsApp Cloud API, plain Python (no Odoo import): the
errors Meta answers and the exception each maps to (``error.code`` and the HTTP status
decide, Meta's details kept), the message templates read from ``message_templates``
and the ``components`` a template send request fills, and the JSON of the answers.

The client that sends them (:mod:`.whatsapp`) re-exports the public names.
"""

import re
from dataclasses import dataclass

#: Order of the delivery statuses: a late 'delivered' must not overwrite 'read'.
#: 'failed' is not ranked, it is handled on its own.
STATUS_RANK = {"sent": 1, "delivered": 2, "read": 3}

#: Meta error codes (``error.code``) that decide the exception raised. Meta's rate
#: limits mostly come with HTTP 400: 4 (application call limit), 80007 (business
#: account limit), 130429 (message throughput), 131056 (pair rate, same recipient).
RATE_LIMIT_CODES = frozenset({4, 80007, 130429, 131056})
AUTH_CODES = frozenset({190})
TEMPLATE_CODES = frozenset({132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069})
UNDELIVERABLE_CODES = frozenset({131026})

#: ``{{1}}`` (positional) or ``{{customer_name}}`` (named) in a template's text.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
#: Header formats whose parameter is a media object.
MEDIA_FORMATS = frozenset({"image", "document", "video"})


class WhatsAppError(Exception):
    """A request to the Cloud API failed.

    ``code`` is Meta's ``error.code``, ``http_status`` the HTTP status (None when no
    response was received), ``details`` Meta's ``error.error_data.details``.
    """

    def __init__(self, message, code=None, http_status=None, details=None, fbtrace_id=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status
        self.details = details
        self.fbtrace_id = fbtrace_id

    def __str__(self):
        text = self.message
        if self.code is not None:
            text = f"(#{self.code}) {text}"
        if self.details and self.details != self.message:
            text = f"{text}: {self.details}"
        if self.http_status is not None:
            text = f"{text} [HTTP {self.http_status}]"
        return text


class RateLimited(WhatsAppError):
    """Refused for rate: HTTP 429 on every attempt, or one of Meta's rate-limit codes
    (RATE_LIMIT_CODES, often with HTTP 400: raised after that one attempt)."""


class AuthError(WhatsAppError):
    """The access token is missing, expired or invalid (HTTP 401, code 190)."""


class TemplateError(WhatsAppError):
    """The template does not exist, is not approved or got the wrong parameters."""


class Undeliverable(WhatsAppError):
    """The recipient cannot receive the message (code 131026: no WhatsApp account...)."""


class UncertainDelivery(WhatsAppError):
    """The request may have reached Meta (read timeout, HTTP 5xx...): never resend it."""


class NotSent(WhatsAppError):
    """The request certainly did not reach Meta (connection refused, connect timeout)."""


@dataclass(frozen=True)
class TemplateSlot:
    """One variable of a template, in the order the send request fills them: the
    header's (a text ``{{1}}``, or the media of an image, document or video header),
    the body's, then each URL button's.

    ``component`` is ``header``, ``body`` or ``button``; ``format`` is ``text`` or the
    header's media type; ``name`` the placeholder (``1`` for ``{{1}}``, or the named
    parameter ``customer_name``; empty for a media header); ``index`` the button's
    position among the template's buttons.
    """

    component: str
    format: str = "text"
    name: str = ""
    index: int = 0

    def as_dict(self):
        return {
            "component": self.component,
            "format": self.format,
            "name": self.name,
            "index": self.index,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            component=str(data.get("component") or "body"),
            format=str(data.get("format") or "text"),
            name=str(data.get("name") or ""),
            index=to_int(data.get("index")) or 0,
        )


@dataclass(frozen=True)
class Template:
    """A message template of the WhatsApp Business Account.

    ``slots`` are its variables (TemplateSlot), header first, then body, then URL
    buttons; ``param_count`` is their number. ``parameter_format`` is Meta's
    ``POSITIONAL`` or ``NAMED``."""

    name: str
    language: str
    status: str
    category: str
    body: str
    param_count: int
    slots: tuple = ()
    parameter_format: str = "POSITIONAL"
    header_format: str = ""
    header_text: str = ""


def template_components(slots, parameters):
    """The ``components`` of a template send request, in the shapes Meta documents:
    ``{"type": "header", "parameters": [...]}`` (a text, or an image/document/video
    object with its ``link`` or media ``id``), ``{"type": "body", ...}`` and, per URL
    button, ``{"type": "button", "sub_type": "url", "index": "0", "parameters": [...]}``;
    named parameters carry their ``parameter_name``.

    A media value is a URL (sent as ``link``), a media id (digits, sent as ``id``) or
    a dict used as the media object (``{"link": ..., "filename": ...}``).
    """
    parameters = list(parameters or ())
    if slots is None:
        slots = [TemplateSlot("body", name=str(n)) for n in range(1, len(parameters) + 1)]
    slots = list(slots)
    if len(slots) != len(parameters):
        raise TemplateError(
            f"the template has {len(slots)} variable(s), {len(parameters)} value(s) given"
        )
    header, body, buttons = [], [], {}
    for slot, value in zip(slots, parameters, strict=True):
        if slot.component == "header" and slot.format in MEDIA_FORMATS:
            header.append({"type": slot.format, slot.format: _media_object(value)})
            continue
        parameter = {"type": "text", "text": str(value)}
        if slot.name and not slot.name.isdigit() and slot.component != "button":
            parameter["parameter_name"] = slot.name
        if slot.component == "header":
            header.append(parameter)
        elif slot.component == "button":
            buttons.setdefault(slot.index, []).append(parameter)
        else:
            body.append(parameter)
    components = []
    if header:
        components.append({"type": "header", "parameters": header})
    if body:
        components.append({"type": "body", "parameters": body})
    for index in sorted(buttons):
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": str(index),
                "parameters": buttons[index],
            }
        )
    return components


def _media_object(value):
    if isinstance(value, dict):
        return {key: str(item) for key, item in value.items() if item}
    value = str(value or "").strip()
    return {"id": value} if value.isdigit() else {"link": value}


def recipient_digits(number):
    """The recipient as the API wants it: digits only, no '+' (WhatsAppError if none)."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit())
    if not digits:
        raise WhatsAppError(f"no phone number to send to: {number!r}")
    return digits


def error_from_response(response):
    """The typed exception for a non-2xx response (JSON error body or not)."""
    status = response.status_code
    code = details = fbtrace_id = None
    message = ""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        code = to_int(error.get("code"))
        message = str(error.get("message") or "")
        error_data = error.get("error_data")
        if isinstance(error_data, dict) and error_data.get("details"):
            details = str(error_data["details"])
        fbtrace_id = error.get("fbtrace_id")
    if not message:
        text = " ".join((response.text or "").split())[:200]
        message = f"HTTP {status} {response.reason or ''}".strip()
        if text:
            message = f"{message}: {text}"
    if code in RATE_LIMIT_CODES:
        cls = RateLimited
    elif code in AUTH_CODES:
        cls = AuthError
    elif code in TEMPLATE_CODES:
        cls = TemplateError
    elif code in UNDELIVERABLE_CODES:
        cls = Undeliverable
    elif status == 429:
        cls = RateLimited
    elif status == 401:
        cls = AuthError
    elif status >= 500:
        cls = UncertainDelivery
    else:
        cls = WhatsAppError
    return cls(message, code=code, http_status=status, details=details, fbtrace_id=fbtrace_id)


def message_id(response):
    """The "wamid...." of a send answer; without one the outcome is unknown."""
    try:
        messages = response.json().get("messages")
        message_id = messages[0]["id"]
    except (ValueError, AttributeError, LookupError, TypeError):
        message_id = None
    if not message_id or not isinstance(message_id, str):
        raise UncertainDelivery(
            "WhatsApp accepted the request but returned no message id",
            http_status=response.status_code,
        )
    return message_id


def json_object(response):
    try:
        data = response.json()
    except ValueError as exc:
        raise WhatsAppError("WhatsApp answered with a non-JSON body") from exc
    if not isinstance(data, dict):
        raise WhatsAppError("WhatsApp answered with an unexpected JSON body")
    return data


def parse_template(item):
    """A Template from one item of ``message_templates`` (None without a name)."""
    if not isinstance(item, dict) or not item.get("name"):
        return None
    components = [c for c in item.get("components") or () if isinstance(c, dict)]
    by_type = {}
    for component in components:
        by_type.setdefault(str(component.get("type", "")).upper(), component)
    header, body = by_type.get("HEADER", {}), by_type.get("BODY", {})
    body_text = str(body.get("text") or "")
    header_format = str(header.get("format") or "").lower() if header else ""
    header_text = str(header.get("text") or "") if header_format == "text" else ""
    named = str(item.get("parameter_format") or "").upper() == "NAMED" or any(
        not name.isdigit() for name in placeholders(header_text + body_text)
    )
    slots = []
    if header_format == "text":
        slots += [TemplateSlot("header", name=name) for name in placeholders(header_text)]
    elif header_format in MEDIA_FORMATS:
        slots.append(TemplateSlot("header", format=header_format))
    slots += [TemplateSlot("body", name=name) for name in placeholders(body_text)]
    buttons = by_type.get("BUTTONS", {}).get("buttons")
    for index, button in enumerate(buttons if isinstance(buttons, list) else ()):
        if (
            isinstance(button, dict)
            and str(button.get("type", "")).upper() == "URL"
            and placeholders(str(button.get("url") or ""))
        ):
            [name, *_rest] = placeholders(str(button["url"]))
            slots.append(TemplateSlot("button", name=name, index=index))
    return Template(
        name=str(item["name"]),
        language=str(item.get("language") or ""),
        status=str(item.get("status") or ""),
        category=str(item.get("category") or ""),
        body=body_text,
        param_count=len(slots),
        slots=tuple(slots),
        parameter_format="NAMED" if named else "POSITIONAL",
        header_format=header_format,
        header_text=header_text,
    )


def placeholders(text):
    """The distinct placeholders of ``text``: ``{{1}}, {{2}}…`` in number order,
    named ones in the order they first appear."""
    found = list(dict.fromkeys(PLACEHOLDER.findall(text or "")))
    if all(name.isdigit() for name in found):
        return sorted(found, key=int)
    return found


def to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
