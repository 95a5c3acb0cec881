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

What travels (the errors Meta answers and their types, the templates and the
components of a send request, the answers' JSON) is built and read in
:mod:`.whatsapp_payload`; its public names are importable from here too.

The bearer token only travels over HTTPS (plain HTTP is accepted for loopback
hosts only: local test servers and development proxies).
"""

import base64
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, InvalidHeader
from urllib3.util.retry import Retry

from .whatsapp_payload import (
    AUTH_CODES,
    MEDIA_FORMATS,
    RATE_LIMIT_CODES,
    STATUS_RANK,
    TEMPLATE_CODES,
    UNDELIVERABLE_CODES,
    AuthError,
    NotSent,
    RateLimited,
    Template,
    TemplateError,
    TemplateSlot,
    UncertainDelivery,
    Undeliverable,
    WhatsAppError,
    error_from_response,
    json_object,
    message_id,
    parse_template,
    recipient_digits,
    template_components,
    to_int,
)

#: The names the models and the tests import from here (those of the payload included).
__all__ = [
    "AUTH_CODES",
    "LOOPBACK_HOSTS",
    "MAX_DELAY",
    "MAX_PAGES",
    "MEDIA_FORMATS",
    "MEDIA_HOSTS",
    "RATE_LIMIT_CODES",
    "RETRY_LATER",
    "STALE_SENDING",
    "STATUS_RANK",
    "TEMPLATE_CODES",
    "UNDELIVERABLE_CODES",
    "AuthError",
    "MediaFile",
    "NotSent",
    "RateLimited",
    "Template",
    "TemplateError",
    "TemplateSlot",
    "UncertainDelivery",
    "Undeliverable",
    "WhatsAppClient",
    "WhatsAppError",
    "is_allowed_base_url",
    "template_components",
]

#: A message left ``sending`` this long was interrupted mid-request: never resent.
STALE_SENDING = timedelta(minutes=10)
#: When a request certainly did not reach Meta (or was refused for rate), the message
#: is tried again this much later.
RETRY_LATER = timedelta(minutes=15)

#: Upper bound of one back-off pause, in seconds (Retry-After included).
MAX_DELAY = 60.0
#: Safety net for ``paging.next`` loops.
MAX_PAGES = 100
#: Hosts Meta serves downloaded media from (the URL of ``GET /<media-id>``): the token
#: goes there too, and nowhere else but the API's own host.
MEDIA_HOSTS = ("lookaside.fbsbx.com",)
#: Hosts the token may be sent to over plain HTTP (local servers only).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

#: Errors raised by requests before anything is sent: the configuration is wrong.
_INVALID_REQUEST = (
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidHeader,
    requests.exceptions.URLRequired,
)


@dataclass(frozen=True)
class MediaFile:
    """A file downloaded from the Cloud API: its bytes, the MIME type Meta gives."""

    id: str
    raw: bytes
    mime_type: str = ""


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
        payload = {"messaging_product": "whatsapp", "to": recipient_digits(to)}
        payload.update(content)
        response = self._request("POST", self._url(self.phone_number_id, "messages"), json=payload)
        return message_id(response)

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
            data = json_object(self._request("GET", url, params=params))
            items = data.get("data")
            for item in items if isinstance(items, list) else ():
                template = parse_template(item)
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
        meta = json_object(self._request("GET", url, params=params))
        file_url = meta.get("url")
        if not isinstance(file_url, str) or not file_url:
            raise WhatsAppError(f"WhatsApp gave no download URL for media {media_id}")
        if not (_same_origin(file_url, self.base_url) or _media_host(file_url)):
            raise WhatsAppError(f"media URL outside WhatsApp's hosts: {file_url}")
        size = to_int(meta.get("file_size"))
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
        raise error_from_response(response)


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
