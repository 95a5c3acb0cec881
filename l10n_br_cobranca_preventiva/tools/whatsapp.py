"""WhatsApp Business Platform (Cloud API) client, plain Python (no Odoo import).

Kept apart from the Odoo models so that the HTTP rules are tested against a real
local server, without a database.

The one rule that matters for collection messages is NEVER TWICE: a debtor must not
receive the same reminder twice because a request was retried. So a request is
retried only when it certainly did not reach Meta (the connection was refused or
never established) or when Meta refused it for rate. A read timeout, a connection
dropped after the request was written or an HTTP 5xx may mean the message went out:
that raises :class:`UncertainDelivery` at once and the caller must not resend it
blindly (the delivery webhook settles it).

The bearer token only travels over HTTPS (plain HTTP is accepted for loopback
hosts only: local test servers and development proxies).

The webhook helpers (signature check, subscription handshake, payload parsing,
routing) never raise on unexpected shapes: Meta retries a webhook that fails, for
days. Each change of a webhook names the phone number (``metadata.phone_number_id``)
and the business account (``entry[].id``) it belongs to: it is routed to the
account that owns them, and only that account's app secret may authenticate it.
"""

import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ConnectTimeoutError

#: Order of the delivery statuses: a late 'delivered' must not overwrite 'read'.
#: 'failed' is not ranked, it is handled on its own.
STATUS_RANK = {"sent": 1, "delivered": 2, "read": 3}

#: Meta error codes (``error.code``) that decide the exception raised.
RATE_LIMIT_CODES = frozenset({130429, 131056})
AUTH_CODES = frozenset({190})
TEMPLATE_CODES = frozenset(
    {132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069}
)
UNDELIVERABLE_CODES = frozenset({131026})

#: Upper bound of one back-off pause, in seconds (Retry-After included).
MAX_DELAY = 60.0
#: Safety net for ``paging.next`` loops.
MAX_PAGES = 100
#: Largest webhook body accepted, in bytes (Meta's calls are a few kilobytes).
MAX_WEBHOOK_BODY = 1024 * 1024
#: Hosts the token may be sent to over plain HTTP (local servers only).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

_PLACEHOLDER = re.compile(r"\{\{\s*(\d+)\s*\}\}")
_SIGNATURE = re.compile(r"sha256=([0-9a-fA-F]{64})")
#: Errors raised by requests before anything is sent: the configuration is wrong.
_INVALID_REQUEST = (
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidHeader,
    requests.exceptions.URLRequired,
)


class WhatsAppError(Exception):
    """A request to the Cloud API failed.

    ``code`` is Meta's ``error.code``, ``http_status`` the HTTP status (None when no
    response was received), ``details`` Meta's ``error.error_data.details``.
    """

    def __init__(
        self, message, code=None, http_status=None, details=None, fbtrace_id=None
    ):
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
    """Refused for rate (HTTP 429, code 130429 or 131056) on every attempt."""


class AuthError(WhatsAppError):
    """The access token is missing, expired or invalid (HTTP 401, code 190)."""


class TemplateError(WhatsAppError):
    """The template does not exist, is not approved or got the wrong parameters."""


class Undeliverable(WhatsAppError):
    """The recipient cannot receive the message (code 131026: no WhatsApp
    account...)."""


class UncertainDelivery(WhatsAppError):
    """The request may have reached Meta (read timeout, HTTP 5xx...): never resend
    it."""


class NotSent(WhatsAppError):
    """The request certainly did not reach Meta (connection refused, connect
    timeout)."""


@dataclass(frozen=True)
class Template:
    """A message template of the WhatsApp Business Account."""

    name: str
    language: str
    status: str
    category: str
    body: str
    param_count: int


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


class WhatsAppClient:
    """Client of one WhatsApp phone number (sending) and its business account
    (templates).

    ``sleep`` is injectable so that tests do not wait for the back-off; ``session`` is
    a ``requests.Session`` (one is created when omitted).
    """

    def __init__(
        self,
        base_url="https://graph.facebook.com",
        api_version="v21.0",
        phone_number_id=None,
        waba_id=None,
        token=None,
        connect_timeout=5.0,
        read_timeout=20.0,
        max_attempts=3,
        backoff=1.0,
        sleep=time.sleep,
        session=None,
    ):
        self.base_url = base_url.rstrip("/")
        self.api_version = api_version.strip("/")
        self.phone_number_id = phone_number_id
        self.waba_id = waba_id
        self.token = token
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_attempts = max(1, int(max_attempts))
        self.backoff = backoff
        self.sleep = sleep
        self.session = session if session is not None else requests.Session()

    # -- sending -------------------------------------------------------------------

    def send_template(self, to, name, language="pt_BR", parameters=()):
        """Send the approved template ``name``; return the message id ("wamid....")."""
        template = {"name": name, "language": {"code": language}}
        parameters = list(parameters or ())
        if parameters:
            template["components"] = [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": str(p)} for p in parameters
                    ],
                }
            ]
        return self._send({"type": "template", "template": template}, to)

    def send_text(self, to, body):
        """Send a free-form text (only inside the 24 h customer service window)."""
        return self._send({"type": "text", "text": {"body": body}}, to)

    def _send(self, content, to):
        if not self.phone_number_id:
            raise WhatsAppError("phone_number_id is not configured")
        payload = {"messaging_product": "whatsapp", "to": _digits(to)}
        payload.update(content)
        response = self._request(
            "POST", self._url(self.phone_number_id, "messages"), json=payload
        )
        return _message_id(response)

    # -- templates -----------------------------------------------------------------

    def list_templates(self):
        """All message templates of the business account, following ``paging.next``."""
        if not self.waba_id:
            raise WhatsAppError("waba_id is not configured")
        url = self._url(self.waba_id, "message_templates")
        params = {"limit": 100}
        templates, seen = [], set()
        for _page in range(MAX_PAGES):
            seen.add(url)
            data = _json_object(self._request("GET", url, params=params))
            items = data.get("data")
            for item in items if isinstance(items, list) else ():
                template = _template(item)
                if template:
                    templates.append(template)
            paging = data.get("paging")
            next_url = paging.get("next") if isinstance(paging, dict) else None
            if not next_url or not isinstance(next_url, str) or next_url in seen:
                break
            if not _same_origin(next_url, self.base_url):
                # The bearer token must not be sent to another host.
                raise WhatsAppError(
                    f"paging.next points outside {self.base_url}: {next_url}"
                )
            url, params = next_url, None  # the next URL carries its own query
        return templates

    # -- HTTP ----------------------------------------------------------------------

    def _url(self, node_id, edge):
        return f"{self.base_url}/{self.api_version}/{node_id}/{edge}"

    def _request(self, method, url, **kwargs):
        """Response of a 2xx answer, retrying only what certainly was not delivered."""
        if not self.token:
            raise AuthError("no access token configured")
        if not is_allowed_base_url(url):
            # Certainly not sent: the token must not travel in clear text.
            raise WhatsAppError(
                f"refused to send the access token over plain HTTP: {url}"
            )
        headers = {"Authorization": f"Bearer {self.token}"}
        timeout = (self.connect_timeout, self.read_timeout)
        failure = cause = None
        for attempt in range(self.max_attempts):
            delay = None
            try:
                response = self.session.request(
                    method, url, headers=headers, timeout=timeout, **kwargs
                )
            except _INVALID_REQUEST as exc:
                # Certainly not sent, but retrying later will not help: a plain error.
                raise WhatsAppError(f"invalid request to {url}: {exc}") from exc
            except requests.exceptions.RequestException as exc:
                if not _never_connected(exc):
                    raise UncertainDelivery(
                        "no answer from WhatsApp, the message may have been sent: "
                        f"{exc}"
                    ) from exc
                failure = NotSent(f"could not connect to WhatsApp: {exc}")
                cause = exc
            else:
                if 200 <= response.status_code < 300:
                    return response
                failure, cause = _error_from_response(response), None
                if not isinstance(failure, RateLimited):
                    raise failure
                delay = _retry_after(response)
            if attempt + 1 < self.max_attempts:
                if delay is None:
                    delay = self.backoff * 2**attempt
                self.sleep(min(delay, MAX_DELAY))
        raise failure from cause


# -- webhooks --------------------------------------------------------------------------


def verify_signature(app_secret, raw_body, header):
    """Whether ``header`` (X-Hub-Signature-256: ``sha256=<hex>``) signs ``raw_body``."""
    if not app_secret or not header or not isinstance(header, str):
        return False
    match = _SIGNATURE.fullmatch(header.strip())
    if not match:
        return False
    if isinstance(raw_body, str):
        raw_body = raw_body.encode("utf-8")
    expected = hmac.new(
        app_secret.encode("utf-8"), bytes(raw_body or b""), hashlib.sha256
    )
    return hmac.compare_digest(
        expected.hexdigest().encode(), match.group(1).lower().encode()
    )


def handshake(params, verify_token):
    """The ``hub.challenge`` to echo when Meta subscribes with our verify token, else
    None."""
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
    if not hmac.compare_digest(
        token.encode("utf-8"), str(verify_token).encode("utf-8")
    ):
        return None
    return str(challenge)


def parse_webhook(payload):
    """The changes of a webhook payload (WebhookChange tuple); malformed pieces are
    skipped, a payload that is not a WhatsApp Business Account one gives nothing."""
    if not isinstance(payload, dict):
        return ()
    if (
        payload.get("object", "whatsapp_business_account")
        != "whatsapp_business_account"
    ):
        return ()
    changes = []
    for entry in _dicts(payload.get("entry")):
        waba_id = _text(entry.get("id"))
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            field = _text(change.get("field")) or "messages"
            metadata = (
                value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
            )
            statuses = messages = ()
            if field == "messages":
                statuses = tuple(
                    filter(None, map(_status_event, _dicts(value.get("statuses"))))
                )
                messages = tuple(
                    filter(None, map(_inbound_message, _dicts(value.get("messages"))))
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
    accounts = [
        (key, _text(phone_id), _text(waba_id))
        for key, phone_id, waba_id in accounts or ()
    ]
    routed = []
    for change in changes:
        if change.phone_number_id:
            keys = tuple(
                key
                for key, phone_id, waba_id in accounts
                if phone_id == change.phone_number_id
                and (not waba_id or waba_id == change.waba_id)
            )
        elif change.waba_id:
            keys = tuple(
                key for key, _phone_id, waba_id in accounts if waba_id == change.waba_id
            )
        else:
            keys = ()
        if keys:
            routed.append((change, keys))
    return routed


def is_allowed_base_url(url):
    """Whether the access token may be sent to ``url``: HTTPS, or plain HTTP to a
    loopback host (127.0.0.1, localhost, ::1) for local servers."""
    try:
        parts = urlsplit(str(url or "").strip())
        host = parts.hostname
    except ValueError:
        return False
    if not host:
        return False
    scheme = parts.scheme.lower()
    return scheme == "https" or (scheme == "http" and host.lower() in LOOPBACK_HOSTS)


# -- helpers ---------------------------------------------------------------------------


def _digits(number):
    """The recipient as the API wants it: digits only, no '+' (WhatsAppError if
    none)."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit())
    if not digits:
        raise WhatsAppError(f"no phone number to send to: {number!r}")
    return digits


def _never_connected(exc):
    """Whether a requests exception proves nothing was sent (no connection was made).

    ConnectionError is also raised when the server drops the connection after the
    request was written ("Connection aborted"), so only a ConnectTimeout or a urllib3
    NewConnectionError/ConnectTimeoutError in the cause chain counts.
    """
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    pending, seen = [exc], set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectTimeoutError):  # NewConnectionError included
            return True
        pending.extend(getattr(current, "args", ()))
        pending.extend(
            getattr(current, name, None)
            for name in ("reason", "__cause__", "__context__")
        )
    return False


def _error_from_response(response):
    """The typed exception for a non-2xx response (JSON error body or not)."""
    status = response.status_code
    code = details = fbtrace_id = None
    message = ""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        code = _int(error.get("code"))
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
    return cls(
        message, code=code, http_status=status, details=details, fbtrace_id=fbtrace_id
    )


def _retry_after(response):
    """Seconds of a numeric Retry-After header, else None (HTTP dates are ignored)."""
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _message_id(response):
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


def _json_object(response):
    try:
        data = response.json()
    except ValueError as exc:
        raise WhatsAppError("WhatsApp answered with a non-JSON body") from exc
    if not isinstance(data, dict):
        raise WhatsAppError("WhatsApp answered with an unexpected JSON body")
    return data


def _same_origin(url, base_url):
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme.lower(), a.netloc.lower()) == (b.scheme.lower(), b.netloc.lower())


def _template(item):
    if not isinstance(item, dict) or not item.get("name"):
        return None
    body = ""
    for component in _dicts(item.get("components")):
        if str(component.get("type", "")).upper() == "BODY":
            body = str(component.get("text") or "")
            break
    return Template(
        name=str(item["name"]),
        language=str(item.get("language") or ""),
        status=str(item.get("status") or ""),
        category=str(item.get("category") or ""),
        body=body,
        param_count=len(set(_PLACEHOLDER.findall(body))),
    )


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
    """The text of a message: body, quick-reply button text or interactive reply
    title."""
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
    return (
        [item for item in value if isinstance(item, dict)]
        if isinstance(value, list)
        else []
    )


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
