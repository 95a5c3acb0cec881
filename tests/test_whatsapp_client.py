"""WhatsApp Cloud API client against a real local HTTP server (pytest-httpserver).

Nothing in ``requests`` is patched: timeouts, refused connections and dropped
connections really happen, only the back-off ``sleep`` is injected.
"""

import hashlib
import hmac
import json
import socket
import threading
import time

import pytest
import requests
from werkzeug import Response

from cobranca_tools import whatsapp
from cobranca_tools.whatsapp import (
    STATUS_RANK,
    AuthError,
    InboundMessage,
    NotSent,
    RateLimited,
    StatusEvent,
    Template,
    TemplateError,
    UncertainDelivery,
    Undeliverable,
    WebhookChange,
    WhatsAppClient,
    WhatsAppError,
)

PHONE_ID = "106540352242922"
WABA_ID = "102290129340398"
TOKEN = "EAAtesttoken"
MESSAGES_PATH = f"/v21.0/{PHONE_ID}/messages"
TEMPLATES_PATH = f"/v21.0/{WABA_ID}/message_templates"
OK = {
    "messaging_product": "whatsapp",
    "contacts": [{"input": "5511987654321", "wa_id": "5511987654321"}],
    "messages": [{"id": "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ5"}],
}


def meta_error(code, message="error", details=None):
    error = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCd",
    }
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return {"error": error}


def free_port():
    """A local port nobody listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sleeps(list):
    """Injected sleep: records the delays instead of waiting."""

    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def client(httpserver, sleeps):
    return make_client(httpserver.url_for("/"), sleeps)


def make_client(base_url, sleep, **kwargs):
    options = dict(
        base_url=base_url,
        phone_number_id=PHONE_ID,
        waba_id=WABA_ID,
        token=TOKEN,
        connect_timeout=0.5,
        read_timeout=1.0,
        max_attempts=3,
        backoff=0.01,
        sleep=sleep,
    )
    options.update(kwargs)
    return WhatsAppClient(**options)


# -- sending ---------------------------------------------------------------------------


def test_send_template_posts_the_exact_body_and_returns_the_id(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH, method="POST").respond_with_json(OK)

    message_id = client.send_template(
        "+55 (11) 98765-4321", "lembrete_vencimento", parameters=("Maria", "NF 123", 10)
    )

    assert message_id == "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ5"
    assert len(httpserver.log) == 1
    request, _response = httpserver.log[0]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.get_data()) == {
        "messaging_product": "whatsapp",
        "to": "5511987654321",
        "type": "template",
        "template": {
            "name": "lembrete_vencimento",
            "language": {"code": "pt_BR"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Maria"},
                        {"type": "text", "text": "NF 123"},
                        {"type": "text", "text": "10"},
                    ],
                }
            ],
        },
    }


def test_send_template_without_parameters_has_no_components(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH, method="POST").respond_with_json(OK)

    client.send_template("5511987654321", "aviso_simples", language="en_US")

    body = json.loads(httpserver.log[0][0].get_data())
    assert body["template"] == {"name": "aviso_simples", "language": {"code": "en_US"}}


def test_send_text(httpserver, client):
    httpserver.expect_request(
        MESSAGES_PATH,
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={
            "messaging_product": "whatsapp",
            "to": "5511987654321",
            "type": "text",
            "text": {"body": "Olá!"},
        },
    ).respond_with_json(OK)

    assert client.send_text("+5511987654321", "Olá!") == OK["messages"][0]["id"]
    httpserver.check_assertions()


def test_empty_recipient_is_refused_before_any_request(httpserver, client):
    with pytest.raises(WhatsAppError) as info:
        client.send_text("+", "x")
    assert type(info.value) is WhatsAppError
    assert httpserver.log == []


def test_invalid_base_url_is_a_plain_error_without_retry(sleeps):
    client = make_client("graph.facebook.com", sleeps)  # no scheme
    with pytest.raises(WhatsAppError) as info:
        client.send_text("5511987654321", "x")
    assert type(info.value) is WhatsAppError
    assert sleeps == []


# -- error mapping ---------------------------------------------------------------------


def test_template_error_keeps_code_status_and_details(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(
        meta_error(
            132001,
            "(#132001) Template name does not exist in the translation",
            "template name (lembrete) does not exist in pt_BR",
        ),
        status=400,
    )

    with pytest.raises(TemplateError) as info:
        client.send_template("5511987654321", "lembrete", parameters=["x"])

    assert info.value.code == 132001
    assert info.value.http_status == 400
    assert info.value.details == "template name (lembrete) does not exist in pt_BR"
    assert "132001" in str(info.value)
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    "status, body",
    [
        (401, meta_error(190, "Error validating access token: Session has expired")),
        (400, meta_error(190, "Invalid OAuth access token")),
        (401, None),
    ],
)
def test_expired_or_invalid_token_is_auth_error(httpserver, client, status, body):
    handler = httpserver.expect_request(MESSAGES_PATH)
    if body is None:
        handler.respond_with_data("Unauthorized", status=status)
    else:
        handler.respond_with_json(body, status=status)

    with pytest.raises(AuthError) as info:
        client.send_text("5511987654321", "x")

    assert info.value.http_status == status
    assert info.value.code == (190 if body else None)
    assert len(httpserver.log) == 1


def test_no_token_is_auth_error_without_request(httpserver, sleeps):
    client = make_client(httpserver.url_for("/"), sleeps, token=None)
    with pytest.raises(AuthError):
        client.send_text("5511987654321", "x")
    assert httpserver.log == []


def test_unknown_recipient_is_undeliverable(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(
        meta_error(131026, "Message undeliverable"), status=400
    )

    with pytest.raises(Undeliverable) as info:
        client.send_text("5511987654321", "x")

    assert info.value.code == 131026
    assert len(httpserver.log) == 1


def test_other_client_error_is_plain_whatsapp_error(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(
        meta_error(100, "Invalid parameter"), status=400
    )

    with pytest.raises(WhatsAppError) as info:
        client.send_text("5511987654321", "x")

    assert type(info.value) is WhatsAppError
    assert (info.value.code, info.value.http_status) == (100, 400)
    assert info.value.message == "Invalid parameter"


def test_non_json_error_body_still_raises_a_readable_typed_error(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_data(
        "<html><body>Bad   Gateway</body></html>", status=502, content_type="text/html"
    )

    with pytest.raises(UncertainDelivery) as info:
        client.send_text("5511987654321", "x")

    assert info.value.http_status == 502
    assert info.value.code is None
    assert "502" in str(info.value) and "Bad Gateway" in str(info.value)
    assert len(httpserver.log) == 1


# -- retries: never twice --------------------------------------------------------------


def test_rate_limited_once_then_sent(httpserver, client, sleeps):
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(
        meta_error(130429, "Rate limit hit"), status=429
    )
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(OK)

    assert client.send_text("5511987654321", "x") == OK["messages"][0]["id"]

    assert len(httpserver.log) == 2
    assert sleeps == [0.01]
    httpserver.check_assertions()


def test_rate_limit_by_code_with_http_400_is_retried(httpserver, client, sleeps):
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(
        meta_error(131056, "Pair rate limit hit"), status=400
    )
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(OK)

    assert client.send_text("5511987654321", "x") == OK["messages"][0]["id"]
    assert len(httpserver.log) == 2


def test_rate_limited_on_every_attempt(httpserver, client, sleeps):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(
        meta_error(130429, "Rate limit hit"), status=429
    )

    with pytest.raises(RateLimited) as info:
        client.send_text("5511987654321", "x")

    assert info.value.code == 130429
    assert info.value.http_status == 429
    assert len(httpserver.log) == 3
    assert sleeps == [0.01, 0.02]  # no pause after the last attempt


def test_retry_after_is_honoured_and_capped(httpserver, client, sleeps):
    calls = []

    def handler(request):
        calls.append(request)
        retry_after = "2" if len(calls) == 1 else "3600"
        return Response("slow down", status=429, headers={"Retry-After": retry_after})

    httpserver.expect_request(MESSAGES_PATH).respond_with_handler(handler)

    with pytest.raises(RateLimited) as info:
        client.send_text("5511987654321", "x")

    assert len(calls) == 3
    assert sleeps == [2.0, 60.0]
    assert info.value.code is None and "429" in str(info.value)


def test_server_error_is_uncertain_and_never_retried(httpserver, client, sleeps):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(
        meta_error(131000, "Something went wrong"), status=500
    )

    with pytest.raises(UncertainDelivery) as info:
        client.send_template("5511987654321", "lembrete_vencimento")

    assert info.value.http_status == 500
    assert len(httpserver.log) == 1
    assert sleeps == []


def test_read_timeout_is_uncertain_and_never_retried(httpserver, sleeps):
    calls = []
    done = threading.Event()

    def slow(request):
        calls.append(request)
        time.sleep(0.5)
        done.set()
        return Response(json.dumps(OK), content_type="application/json")

    httpserver.expect_request(MESSAGES_PATH).respond_with_handler(slow)
    client = make_client(httpserver.url_for("/"), sleeps, read_timeout=0.2)

    started = time.monotonic()
    with pytest.raises(UncertainDelivery) as info:
        client.send_text("5511987654321", "x")

    assert time.monotonic() - started < 0.45
    assert isinstance(info.value.__cause__, requests.exceptions.ReadTimeout)
    assert info.value.http_status is None
    assert sleeps == []
    assert done.wait(2)  # let the (single-threaded) server finish before the next test
    assert len(calls) == 1


def test_connection_dropped_after_sending_is_uncertain(sleeps):
    """The server reads the request then closes the socket: it may have been
    delivered."""
    received = []
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.settimeout(2)
        port = server.getsockname()[1]

        def serve():
            try:
                conn, _addr = server.accept()
            except OSError:
                return
            with conn:
                received.append(conn.recv(65536))

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        client = make_client(f"http://127.0.0.1:{port}", sleeps)

        with pytest.raises(UncertainDelivery) as info:
            client.send_text("5511987654321", "x")

    thread.join(3)
    assert isinstance(info.value.__cause__, requests.exceptions.ConnectionError)
    assert len(received) == 1 and received[0].startswith(b"POST ")
    assert sleeps == []


def test_closed_port_is_not_sent_after_all_attempts(sleeps):
    client = make_client(
        f"http://127.0.0.1:{free_port()}", sleeps, max_attempts=4, backoff=0.5
    )

    with pytest.raises(NotSent) as info:
        client.send_template(
            "5511987654321", "lembrete_vencimento", parameters=["Maria"]
        )

    assert isinstance(info.value.__cause__, requests.exceptions.ConnectionError)
    assert info.value.http_status is None
    assert sleeps == [0.5, 1.0, 2.0]  # max_attempts=4: three pauses, growing


class _Session:
    """Stand-in session raising a given requests exception (no patching of requests)."""

    def __init__(self, exc):
        self.exc = exc
        self.calls = []

    def request(self, method, url, **kwargs):
        self.calls.append(kwargs)
        raise self.exc


def test_connect_timeout_is_retried_then_not_sent(sleeps):
    session = _Session(requests.exceptions.ConnectTimeout("connect timed out"))
    client = make_client(
        "https://192.0.2.1", sleeps, session=session, connect_timeout=0.3
    )

    with pytest.raises(NotSent):
        client.send_text("5511987654321", "x")

    assert len(session.calls) == 3
    assert sleeps == [0.01, 0.02]
    assert all(call["timeout"] == (0.3, 1.0) for call in session.calls)


def test_generic_read_error_is_uncertain(sleeps):
    session = _Session(requests.exceptions.ChunkedEncodingError("broken body"))
    client = make_client("https://192.0.2.1", sleeps, session=session)

    with pytest.raises(UncertainDelivery):
        client.send_text("5511987654321", "x")
    assert len(session.calls) == 1


def test_success_without_message_id_is_uncertain(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_data("OK", status=200)

    with pytest.raises(UncertainDelivery):
        client.send_text("5511987654321", "x")
    assert len(httpserver.log) == 1


# -- templates -------------------------------------------------------------------------


def test_list_templates_follows_paging_and_counts_parameters(httpserver, client):
    next_url = httpserver.url_for(TEMPLATES_PATH) + "?limit=100&after=QVFIUk"
    httpserver.expect_ordered_request(
        TEMPLATES_PATH,
        method="GET",
        query_string={"limit": "100"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    ).respond_with_json(
        {
            "data": [
                {
                    "name": "lembrete_vencimento",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "components": [
                        {"type": "HEADER", "format": "TEXT", "text": "Aviso {{1}}"},
                        {
                            "type": "BODY",
                            "text": "Olá {{1}}, sua fatura {{2}} vence em {{3}}.",
                        },
                        {"type": "FOOTER", "text": "Não responda"},
                    ],
                },
                "garbage",
            ],
            "paging": {"cursors": {"before": "a", "after": "QVFIUk"}, "next": next_url},
        }
    )
    httpserver.expect_ordered_request(
        TEMPLATES_PATH, method="GET", query_string={"limit": "100", "after": "QVFIUk"}
    ).respond_with_json(
        {
            "data": [
                {
                    "name": "fatura_vencida",
                    "language": "pt_BR",
                    "status": "PENDING",
                    "category": "UTILITY",
                    "components": [
                        {"type": "BODY", "text": "{{1}}, {{2}} em aberto. {{1}}!"}
                    ],
                },
                {
                    "name": "so_botao",
                    "language": "en_US",
                    "status": "REJECTED",
                    "category": "MARKETING",
                    "components": [{"type": "BUTTONS", "buttons": []}],
                },
            ],
            "paging": {"cursors": {"before": "b", "after": "c"}},
        }
    )

    templates = client.list_templates()

    assert templates == [
        Template(
            "lembrete_vencimento",
            "pt_BR",
            "APPROVED",
            "UTILITY",
            "Olá {{1}}, sua fatura {{2}} vence em {{3}}.",
            3,
        ),
        Template(
            "fatura_vencida",
            "pt_BR",
            "PENDING",
            "UTILITY",
            "{{1}}, {{2}} em aberto. {{1}}!",
            2,
        ),
        Template("so_botao", "en_US", "REJECTED", "MARKETING", "", 0),
    ]
    assert len(httpserver.log) == 2
    httpserver.check_assertions()


def test_list_templates_error_mapping(httpserver, client):
    httpserver.expect_request(TEMPLATES_PATH).respond_with_json(
        meta_error(190, "Session has expired"), status=401
    )
    with pytest.raises(AuthError):
        client.list_templates()


def test_list_templates_refuses_to_send_the_token_elsewhere(httpserver, client):
    httpserver.expect_request(TEMPLATES_PATH).respond_with_json(
        {"data": [], "paging": {"next": "https://evil.example/v21.0/x?after=1"}}
    )
    with pytest.raises(WhatsAppError):
        client.list_templates()
    assert len(httpserver.log) == 1


# -- webhooks --------------------------------------------------------------------------


def test_verify_signature():
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    good = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()

    assert whatsapp.verify_signature("s3cret", body, good)
    assert whatsapp.verify_signature(
        "s3cret", body, good.upper().replace("SHA256=", "sha256=")
    )
    assert not whatsapp.verify_signature("s3cret", body + b" ", good)  # tampered body
    assert not whatsapp.verify_signature(
        "other", body, good
    )  # forged with another secret
    assert not whatsapp.verify_signature("s3cret", body, "sha256=" + "0" * 64)
    assert not whatsapp.verify_signature("s3cret", body, None)
    assert not whatsapp.verify_signature("s3cret", body, "")
    assert not whatsapp.verify_signature(
        "s3cret", body, good[len("sha256=") :]
    )  # no prefix
    assert not whatsapp.verify_signature("s3cret", body, "sha1=" + "0" * 40)
    assert not whatsapp.verify_signature("s3cret", body, "sha256=zz")
    assert not whatsapp.verify_signature("", body, good)


def test_handshake():
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": "meu-token",
        "hub.challenge": "1158201444",
    }

    assert whatsapp.handshake(params, "meu-token") == "1158201444"
    assert whatsapp.handshake(params, "outro-token") is None
    assert whatsapp.handshake(params, "") is None
    assert whatsapp.handshake(params, None) is None
    assert (
        whatsapp.handshake({**params, "hub.mode": "unsubscribe"}, "meu-token") is None
    )
    assert (
        whatsapp.handshake({"hub.mode": "subscribe", "hub.challenge": "1"}, "meu-token")
        is None
    )
    assert whatsapp.handshake({}, "meu-token") is None


DISPLAY_NUMBER = "551130000000"


def webhook_change(value, waba_id=WABA_ID, field="messages"):
    """One entry of a webhook as Meta sends it: ``value`` with its metadata."""
    return {
        "id": waba_id,
        "changes": [
            {
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {
                        "display_phone_number": DISPLAY_NUMBER,
                        "phone_number_id": PHONE_ID,
                    },
                    **value,
                },
                "field": field,
            }
        ],
    }


# The shapes of Meta's "messages" webhook (Cloud API reference, "Status messages" and
# "Messages" webhooks): statuses carry conversation and pricing, inbound messages
# come with the sender's profile in "contacts" and, for a reply to one of our
# templates, the "context" of the message replied to.
WEBHOOK = {
    "object": "whatsapp_business_account",
    "entry": [
        webhook_change(
            {
                "statuses": [
                    {
                        "id": "wamid.A",
                        "status": "delivered",
                        "timestamp": "1700000000",
                        "recipient_id": "5511987654321",
                        "conversation": {
                            "id": "7270432eae37498234f4444b35ffc5",
                            "origin": {"type": "utility"},
                        },
                        "pricing": {
                            "billable": True,
                            "pricing_model": "CBP",
                            "category": "utility",
                        },
                    },
                    {
                        "id": "wamid.B",
                        "status": "failed",
                        "timestamp": "1700000100",
                        "recipient_id": "5511912345678",
                        "errors": [
                            {
                                "code": 131026,
                                "title": "Message undeliverable.",
                                "message": "Message undeliverable.",
                                "error_data": {"details": "Message Undeliverable."},
                                "href": "https://developers.facebook.com/docs/whatsapp/"
                                "cloud-api/support/error-codes/",
                            },
                            "garbage",
                        ],
                    },
                    {"status": "read"},  # no id: skipped
                ]
            }
        ),
        {
            "id": WABA_ID,
            "changes": [
                {
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {
                            "display_phone_number": DISPLAY_NUMBER,
                            "phone_number_id": PHONE_ID,
                        },
                        "contacts": [
                            {"profile": {"name": "Maria"}, "wa_id": "5511987654321"}
                        ],
                        "messages": [
                            {
                                "from": "5511987654321",
                                "id": "wamid.C",
                                "timestamp": "1700000200",
                                "type": "text",
                                "text": {"body": "PARAR"},
                            },
                            {
                                "context": {"from": DISPLAY_NUMBER, "id": "wamid.A"},
                                "from": "5511987654321",
                                "id": "wamid.D",
                                "timestamp": "1700000300",
                                "type": "button",
                                "button": {"payload": "STOP", "text": "Parar"},
                            },
                            {
                                "from": "5511987654321",
                                "id": "wamid.E",
                                "timestamp": "1700000400",
                                "type": "interactive",
                                "interactive": {
                                    "type": "button_reply",
                                    "button_reply": {"id": "pay", "title": "Já paguei"},
                                },
                            },
                            {
                                "from": "5511987654321",
                                "id": "wamid.F",
                                "timestamp": "bad",
                                "type": "image",
                                "image": {"id": "123", "mime_type": "image/jpeg"},
                            },
                            None,
                        ],
                    },
                    "field": "messages",
                },
                {
                    "value": {
                        "event": "APPROVED",
                        "message_template_id": 594425479261596,
                        "message_template_name": "lembrete_vencimento",
                        "message_template_language": "pt_BR",
                        "reason": "NONE",
                    },
                    "field": "message_template_status_update",
                },
                "garbage",
            ],
        },
    ],
}


def test_parse_webhook_keeps_each_change_with_its_account():
    changes = whatsapp.parse_webhook(WEBHOOK)

    assert [c.field for c in changes] == [
        "messages",
        "messages",
        "message_template_status_update",
    ]
    statuses, messages, template = changes
    assert (
        statuses.waba_id,
        statuses.phone_number_id,
        statuses.display_phone_number,
    ) == (
        WABA_ID,
        PHONE_ID,
        DISPLAY_NUMBER,
    )
    assert statuses.statuses == (
        StatusEvent("wamid.A", "delivered", 1700000000, "5511987654321", ()),
        StatusEvent(
            "wamid.B",
            "failed",
            1700000100,
            "5511912345678",
            ((131026, "Message undeliverable."),),
        ),
    )
    assert statuses.messages == ()
    assert messages.phone_number_id == PHONE_ID
    assert messages.messages == (
        InboundMessage("wamid.C", "5511987654321", 1700000200, "text", "PARAR"),
        InboundMessage("wamid.D", "5511987654321", 1700000300, "button", "Parar"),
        InboundMessage(
            "wamid.E", "5511987654321", 1700000400, "interactive", "Já paguei"
        ),
        InboundMessage("wamid.F", "5511987654321", 0, "image", ""),
    )
    # a template update has no phone number and carries no event
    assert template == WebhookChange(
        "message_template_status_update", WABA_ID, "", "", (), ()
    )
    assert STATUS_RANK["read"] > STATUS_RANK["delivered"] > STATUS_RANK["sent"]


def test_parse_webhook_real_sample_json_roundtrip():
    """The payload as bytes on the wire (ids as strings, booleans in pricing)."""
    changes = whatsapp.parse_webhook(json.loads(json.dumps(WEBHOOK)))
    assert changes == whatsapp.parse_webhook(WEBHOOK)


@pytest.mark.parametrize(
    "payload",
    [
        {},
        None,
        [],
        "garbage",
        {
            "object": "page",
            "entry": [{"changes": [{"field": "messages", "value": {}}]}],
        },
        {"object": "whatsapp_business_account", "entry": "x"},
        {"object": "whatsapp_business_account", "entry": [{"changes": None}]},
    ],
)
def test_parse_webhook_ignores_garbage(payload):
    assert whatsapp.parse_webhook(payload) == ()


def test_parse_webhook_without_metadata_has_no_phone_number():
    payload = {
        "entry": [{"changes": [{"value": {"statuses": "x", "messages": [1, 2]}}]}]
    }
    assert whatsapp.parse_webhook(payload) == (WebhookChange("messages", "", "", ""),)
    odd = {
        "entry": [
            {"id": ["x"], "changes": [{"value": {"metadata": {"phone_number_id": 7}}}]}
        ]
    }
    assert whatsapp.parse_webhook(odd) == (WebhookChange("messages", "", "7", ""),)


def change(phone_number_id, waba_id, field="messages"):
    return WebhookChange(field, waba_id, phone_number_id, "")


ACCOUNTS = [
    ("A", "111", "900"),
    ("B", "222", "901"),
    ("C", "333", ""),  # no business account configured: the phone number decides
    ("D", "222", "901"),  # a second company on B's number
]


def test_route_by_phone_number_id_and_business_account():
    a, b, c = change("111", "900"), change("222", "901"), change("333", "whatever")
    assert whatsapp.route_changes([a, b, c], ACCOUNTS) == [
        (a, ("A",)),
        (b, ("B", "D")),
        (c, ("C",)),
    ]


def test_route_refuses_a_phone_number_under_another_business_account():
    # A's phone number claimed inside B's business account: nobody owns it
    assert whatsapp.route_changes([change("111", "901")], ACCOUNTS) == []
    assert (
        whatsapp.route_changes([change("999", "900")], ACCOUNTS) == []
    )  # unknown number


def test_route_changes_without_phone_number_by_business_account():
    template = change("", "900", field="message_template_status_update")
    assert whatsapp.route_changes([template], ACCOUNTS) == [(template, ("A",))]
    assert whatsapp.route_changes([change("", "")], ACCOUNTS) == []
    assert whatsapp.route_changes([change("111", "900")], []) == []


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://graph.facebook.com", True),
        ("HTTPS://graph.facebook.com/v21.0", True),
        ("http://127.0.0.1:8069", True),
        ("http://localhost", True),
        ("http://[::1]:8080", True),
        ("http://graph.facebook.com", False),
        ("http://localhost.evil.example", False),
        ("http://127.0.0.2", False),
        ("ftp://graph.facebook.com", False),
        ("graph.facebook.com", False),
        ("https://", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_token_only_over_https_or_loopback(url, allowed):
    assert whatsapp.is_allowed_base_url(url) is allowed


def test_plain_http_to_a_remote_host_sends_nothing(sleeps):
    session = _Session(AssertionError("no request may be made"))
    client = make_client("http://graph.facebook.com", sleeps, session=session)

    with pytest.raises(WhatsAppError) as info:
        client.send_text("5511987654321", "x")

    assert type(info.value) is WhatsAppError
    assert "plain HTTP" in str(info.value)
    assert session.calls == []
