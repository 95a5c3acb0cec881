"""WhatsApp Business Platform (Cloud API) client, plain Python (no Odoo import).

Kept apart from the Odoo models so that the HTTP rules are tested against a real
local server, without a database. The webhook side (signature, handshake, parsing,
routing) lives in :mod:`.whatsapp_webhook`.

The one rule that matters for collection messages is NEVER TWICE: a debtor must not
receive the same reminder twice because a request was retried. The transport is a
``requests.Session`` whose ``HTTPAdapter`` carries a urllib3 ``Retry`` that retries
only what certainly did not reach Meta or what Meta refused for rate:

- connection errors (refused, connect timeout, DNS): retried, the request was
  never written; when every attempt fails, :class:`NotSent`;
- HTTP 429: retried, honouring ``Retry-After`` (capped); when every attempt is
  refused, the last answer becomes :class:`RateLimited`;
- anything else is never retried: a read timeout, a connection dropped after the
  request was written or an HTTP 5xx may mean the message went out, so it raises
  :class:`UncertainDelivery` at once and the caller must not resend it blindly
  (the delivery webhook settles it).

What is left here is Meta's error mapping: ``error.code`` and the HTTP status of an
answer decide the exception, with Meta's details kept.

The bearer token only travels over HTTPS (plain HTTP is accepted for loopback
hosts only: local test servers and development proxies).
"""

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, InvalidHeader
from urllib3.util.retry import Retry

#: A message left ``sending`` this long was interrupted mid-request: never resent.
STALE_SENDING = timedelta(minutes=10)
#: When a request certainly did not reach Meta (or was refused for rate), the message
#: is tried again this much later.
RETRY_LATER = timedelta(minutes=15)

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

#: Upper bound of one back-off pause, in seconds (Retry-After included).
MAX_DELAY = 60.0
#: Safety net for ``paging.next`` loops.
MAX_PAGES = 100
#: Hosts Meta serves downloaded media from (the URL of ``GET /<media-id>``): the token
#: goes there too, and nowhere else but the API's own host.
MEDIA_HOSTS = ("lookaside.fbsbx.com",)
#: Hosts the token may be sent to over plain HTTP (local servers only).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

#: ``{{1}}`` (positional) or ``{{customer_name}}`` (named) in a template's text.
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
#: Header formats whose parameter is a media object.
MEDIA_FORMATS = frozenset({"image", "document", "video"})
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
class MediaFile:
    """A file downloaded from the Cloud API: its bytes, the MIME type Meta gives."""

    id: str
    raw: bytes
    mime_type: str = ""


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
            index=_int(data.get("index")) or 0,
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


class _MetaRetry(Retry):
    """urllib3's ``Retry`` with three changes for Meta.

    Only 429 is retried on its status: urllib3 would also retry a 413 or a 503 that
    carries ``Retry-After``, and a 503 may have sent the message. The first retry
    waits too (urllib3 makes it without a pause): ``backoff``, then twice, four
    times... Every pause, ``Retry-After`` included, is capped at ``max_delay``; an
    unreadable ``Retry-After`` falls back to the back-off.
    """

    RETRY_AFTER_STATUS_CODES = frozenset({429})

    def __init__(self, *args, max_delay=MAX_DELAY, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_delay = max_delay

    def new(self, **kw):
        kw.setdefault("max_delay", self.max_delay)
        return super().new(**kw)

    def get_backoff_time(self):
        failures = len(self.history)
        if failures < 1 or self.backoff_factor <= 0:
            return 0
        return min(self.max_delay, self.backoff_factor * 2 ** (failures - 1))

    def get_retry_after(self, response):
        try:
            seconds = super().get_retry_after(response)
        except InvalidHeader:
            return None
        return None if seconds is None else min(seconds, self.max_delay)


class WhatsAppClient:
    """Client of one WhatsApp phone number (sending) and its business account (templates).

    A request is tried at most ``max_attempts`` times, only as the module docstring
    says; the pause before retry n is ``backoff * 2 ** (n - 1)`` seconds, or the
    429's ``Retry-After``, at most ``max_delay``. ``session`` may be given (used as
    is, with its own adapters); by default one is built with the retrying adapter,
    whose policy is fixed when the client is created.
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
        max_delay=MAX_DELAY,
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
        self.backoff = max(0.0, float(backoff))
        self.max_delay = max(0.0, float(max_delay))
        self.session = session if session is not None else self._new_session()

    def _new_session(self):
        adapter = HTTPAdapter(max_retries=self._retry())
        session = requests.Session()
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def _retry(self):
        """The retry policy of the adapter (see the module docstring)."""
        retries = self.max_attempts - 1
        return _MetaRetry(
            total=retries,
            connect=retries,  # refused, connect timeout: the request was never written
            read=False,  # read timeout, connection dropped: it may have been delivered
            other=0,  # anything else (TLS...): the request may have left, never again
            redirect=False,
            status=retries,
            status_forcelist=frozenset({429}),
            allowed_methods=frozenset({"GET", "POST"}),
            backoff_factor=self.backoff,
            respect_retry_after_header=True,
            raise_on_status=False,  # the last 429 comes back: mapped to RateLimited
            max_delay=self.max_delay,
        )

    # -- sending -------------------------------------------------------------------

    def send_template(self, to, name, language="pt_BR", parameters=(), slots=None):
        """Send the approved template ``name``; return the message id ("wamid....").

        ``parameters`` fill the template's ``slots`` (TemplateSlot) in order; without
        slots they are the body's positional ``{{1}}``, ``{{2}}``…"""
        template = {"name": name, "language": {"code": language}}
        components = template_components(slots, parameters)
        if components:
            template["components"] = components
        return self._send({"type": "template", "template": template}, to)

    def send_text(self, to, body):
        """Send a free-form text (only inside the 24 h customer service window)."""
        return self._send({"type": "text", "text": {"body": body}}, to)

    def _send(self, content, to):
        if not self.phone_number_id:
            raise WhatsAppError("phone_number_id is not configured")
        payload = {"messaging_product": "whatsapp", "to": _digits(to)}
        payload.update(content)
        response = self._request("POST", self._url(self.phone_number_id, "messages"), json=payload)
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
                raise WhatsAppError(f"paging.next points outside {self.base_url}: {next_url}")
            url, params = next_url, None  # the next URL carries its own query
        return templates

    # -- media ---------------------------------------------------------------------

    def download_media(self, media_id, max_bytes):
        """The file of an inbound message's media ``id`` (a comprovante): first
        ``GET /<media-id>`` (Meta answers ``url``, ``mime_type``, ``sha256``,
        ``file_size`` and ``id``), then ``GET <url>`` with the same token, which
        returns the bytes. The token only goes to the API's own host or to Meta's
        media host (``MEDIA_HOSTS``); a file larger than ``max_bytes`` (by its
        ``file_size`` or while reading), an unexpected URL or bytes whose SHA-256 is
        not the one Meta gave raise WhatsAppError, with nothing kept."""
        media_id = str(media_id or "").strip()
        if not media_id or "/" in media_id or "?" in media_id:
            raise WhatsAppError(f"invalid media id: {media_id!r}")
        url = f"{self.base_url}/{self.api_version}/{media_id}"
        params = {"phone_number_id": self.phone_number_id} if self.phone_number_id else None
        meta = _json_object(self._request("GET", url, params=params))
        file_url = meta.get("url")
        if not isinstance(file_url, str) or not file_url:
            raise WhatsAppError(f"WhatsApp gave no download URL for media {media_id}")
        if not (_same_origin(file_url, self.base_url) or _media_host(file_url)):
            raise WhatsAppError(f"media URL outside WhatsApp's hosts: {file_url}")
        size = _int(meta.get("file_size"))
        if size is not None and size > max_bytes:
            raise WhatsAppError(f"media {media_id} has {size} bytes, more than {max_bytes}")
        response = self._request("GET", file_url, stream=True)
        try:
            chunks, total = [], 0
            for chunk in response.iter_content(64 * 1024):
                total += len(chunk)
                if total > max_bytes:
                    raise WhatsAppError(f"media {media_id} is larger than {max_bytes} bytes")
                chunks.append(chunk)
        except requests.exceptions.RequestException as exc:
            raise WhatsAppError(f"media {media_id} download interrupted: {exc}") from exc
        finally:
            response.close()
        raw = b"".join(chunks)
        if not _same_hash(raw, meta.get("sha256")):
            raise WhatsAppError(f"media {media_id} does not match its SHA-256: not kept")
        mime_type = meta.get("mime_type")
        return MediaFile(media_id, raw, mime_type if isinstance(mime_type, str) else "")

    # -- HTTP ----------------------------------------------------------------------

    def _url(self, node_id, edge):
        return f"{self.base_url}/{self.api_version}/{node_id}/{edge}"

    def _request(self, method, url, **kwargs):
        """The response of a 2xx answer, else the typed error (the adapter retries)."""
        if not self.token:
            raise AuthError("no access token configured")
        if not is_allowed_base_url(url):
            # Certainly not sent: the token must not travel in clear text.
            raise WhatsAppError(f"refused to send the access token over plain HTTP: {url}")
        try:
            response = self.session.request(
                method,
                url,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=(self.connect_timeout, self.read_timeout),
                allow_redirects=False,  # a redirected POST would be a second request
                **kwargs,
            )
        except _INVALID_REQUEST as exc:
            # Certainly not sent, but retrying later will not help: a plain error.
            raise WhatsAppError(f"invalid request to {url}: {exc}") from exc
        except requests.exceptions.RequestException as exc:
            if _never_connected(exc):
                raise NotSent(f"could not connect to WhatsApp: {exc}") from exc
            raise UncertainDelivery(
                f"no answer from WhatsApp, the message may have been sent: {exc}"
            ) from exc
        if 200 <= response.status_code < 300:
            return response
        raise _error_from_response(response)


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
    """The recipient as the API wants it: digits only, no '+' (WhatsAppError if none)."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit())
    if not digits:
        raise WhatsAppError(f"no phone number to send to: {number!r}")
    return digits


def _never_connected(exc):
    """Whether a requests exception proves nothing was sent (no connection was made).

    ConnectionError is also raised when the server drops the connection after the
    request was written ("Connection aborted"), so only a ConnectTimeout or a urllib3
    NewConnectionError/ConnectTimeoutError in the cause chain counts (when the
    adapter gave up retrying, inside its MaxRetryError's ``reason``).
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
            getattr(current, name, None) for name in ("reason", "__cause__", "__context__")
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
    return cls(message, code=code, http_status=status, details=details, fbtrace_id=fbtrace_id)


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


def _media_host(url):
    """Whether ``url`` is an HTTPS URL of Meta's media host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and (parts.hostname or "").lower() in MEDIA_HOSTS


def _same_hash(raw, expected):
    """Whether ``raw`` has the SHA-256 Meta gave (hex or base64; none given: True)."""
    if not expected or not isinstance(expected, str):
        return True
    digest = hashlib.sha256(raw).digest()
    return expected.strip().lower() == digest.hex() or expected.strip() == base64.b64encode(
        digest
    ).decode("ascii")


def _same_origin(url, base_url):
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme.lower(), a.netloc.lower()) == (b.scheme.lower(), b.netloc.lower())


def _template(item):
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
        not name.isdigit() for name in _placeholders(header_text + body_text)
    )
    slots = []
    if header_format == "text":
        slots += [TemplateSlot("header", name=name) for name in _placeholders(header_text)]
    elif header_format in MEDIA_FORMATS:
        slots.append(TemplateSlot("header", format=header_format))
    slots += [TemplateSlot("body", name=name) for name in _placeholders(body_text)]
    buttons = by_type.get("BUTTONS", {}).get("buttons")
    for index, button in enumerate(buttons if isinstance(buttons, list) else ()):
        if (
            isinstance(button, dict)
            and str(button.get("type", "")).upper() == "URL"
            and _placeholders(str(button.get("url") or ""))
        ):
            [name, *_rest] = _placeholders(str(button["url"]))
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


def _placeholders(text):
    """The distinct placeholders of ``text``: ``{{1}}, {{2}}…`` in number order,
    named ones in the order they first appear."""
    found = list(dict.fromkeys(_PLACEHOLDER.findall(text or "")))
    if all(name.isdigit() for name in found):
        return sorted(found, key=int)
    return found


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
