"""WhatsApp Cloud API client against a real local HTTP server (pytest-httpserver).

Nothing in ``requests`` or urllib3 is patched: timeouts, refused connections and
dropped connections really happen, and the retries are urllib3's (the client's
``Retry`` on its ``HTTPAdapter``). What these tests count is what reached a server:
a message may only go out twice if a request reached it twice.
"""

import contextlib
import json
import logging
import socket
import threading
import time
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Response

from cobranca_tools import whatsapp
from cobranca_tools.whatsapp import (
    STATUS_RANK,
    AuthError,
    NotSent,
    RateLimited,
    Template,
    TemplateError,
    TemplateSlot,
    UncertainDelivery,
    Undeliverable,
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
WAMID = OK["messages"][0]["id"]


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


#: Meta's answer when the phone number's message throughput is exceeded: HTTP 400,
#: not 429 (shape of the Cloud API error responses: message, type, code,
#: error_data.details, error_subcode, fbtrace_id).
THROUGHPUT_LIMIT = {
    "error": {
        "message": "(#130429) Rate limit hit",
        "type": "OAuthException",
        "code": 130429,
        "error_data": {
            "messaging_product": "whatsapp",
            "details": "Cloud API message throughput has been reached.",
        },
        "error_subcode": 2494055,
        "fbtrace_id": "AoF2wqPVE2gVJgo1JzCUZ7S",
    }
}


@pytest.fixture
def client(httpserver):
    return make_client(httpserver.url_for("/"))


def make_client(base_url, **kwargs):
    options = dict(
        base_url=base_url,
        phone_number_id=PHONE_ID,
        waba_id=WABA_ID,
        token=TOKEN,
        connect_timeout=0.5,
        read_timeout=1.0,
        max_attempts=3,
        backoff=0.01,
    )
    options.update(kwargs)
    return WhatsAppClient(**options)


def closed_url():
    """The URL of a local HTTP server that was stopped: connections are refused."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    url = server.url_for("/")
    server.stop()
    return url, server


@pytest.fixture
def jammed_url():
    """A local port whose accept queue is full and never drained: a connection
    attempt gets no answer at all, so it ends in a real connect timeout."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    for sock in (*fillers, server):
        sock.close()


def connection_retries(caplog):
    """How many times urllib3 retried after a connection error (it logs each one)."""
    return sum(
        1
        for record in caplog.records
        if record.name == "urllib3.connectionpool" and record.getMessage().startswith("Retrying")
    )


def timed(call, limit=10.0):
    """(exception or result, seconds) of ``call``, run in a thread so that a broken
    cap on the pauses fails the test instead of hanging it."""
    outcome = {}

    def run():
        started = time.monotonic()
        try:
            outcome["value"] = call()
        except Exception as exc:  # noqa: BLE001 - returned to the test
            outcome["value"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still waiting after {limit} s"
    return outcome["value"], outcome["seconds"]


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


def test_invalid_base_url_is_a_plain_error_without_request():
    client = make_client("graph.facebook.com")  # no scheme
    with pytest.raises(WhatsAppError) as info:
        client.send_text("5511987654321", "x")
    assert type(info.value) is WhatsAppError


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


def test_no_token_is_auth_error_without_request(httpserver):
    client = make_client(httpserver.url_for("/"), token=None)
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


def test_rate_limited_once_then_sent(httpserver, client):
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(
        meta_error(130429, "Rate limit hit"), status=429
    )
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(OK)

    assert client.send_text("5511987654321", "x") == WAMID

    assert len(httpserver.log) == 2
    httpserver.check_assertions()


def test_429_with_retry_after_zero_then_sent(httpserver, client):
    httpserver.expect_ordered_request(MESSAGES_PATH, method="POST").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request(MESSAGES_PATH, method="POST").respond_with_json(OK)

    assert client.send_template("5511987654321", "lembrete_vencimento", parameters=["M"]) == WAMID

    assert len(httpserver.log) == 2
    first, second = (json.loads(request.get_data()) for request, _response in httpserver.log)
    assert first == second  # the same message, asked again after Meta refused it
    httpserver.check_assertions()


@pytest.mark.parametrize("max_attempts", [1, 3, 5])
def test_rate_limited_on_every_attempt(httpserver, max_attempts):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(
        meta_error(130429, "Rate limit hit"), status=429, headers={"Retry-After": "0"}
    )
    client = make_client(httpserver.url_for("/"), max_attempts=max_attempts)

    with pytest.raises(RateLimited) as info:
        client.send_text("5511987654321", "x")

    assert len(httpserver.log) == max_attempts
    assert (info.value.code, info.value.http_status) == (130429, 429)
    assert info.value.fbtrace_id == "AbCd"


@pytest.mark.parametrize(
    "body",
    [
        THROUGHPUT_LIMIT,
        meta_error(131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit"),
        meta_error(80007, "(#80007) There have been too many calls to this WhatsApp account"),
        meta_error(4, "(#4) Application request limit reached"),
    ],
    ids=["130429", "131056", "80007", "4"],
)
def test_meta_rate_limit_code_with_http_400_is_rate_limited_after_one_request(
    httpserver, client, body
):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(body, status=400)

    with pytest.raises(RateLimited) as info:
        client.send_text("5511987654321", "x")

    assert len(httpserver.log) == 1  # HTTP 400: not retried by the adapter
    assert (info.value.code, info.value.http_status) == (body["error"]["code"], 400)
    assert info.value.message == body["error"]["message"]


def test_throughput_limit_keeps_meta_details(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(THROUGHPUT_LIMIT, status=400)

    with pytest.raises(RateLimited) as info:
        client.send_template("5511987654321", "lembrete_vencimento")

    assert info.value.details == "Cloud API message throughput has been reached."
    assert info.value.fbtrace_id == "AoF2wqPVE2gVJgo1JzCUZ7S"
    assert "throughput has been reached" in str(info.value) and "[HTTP 400]" in str(info.value)
    assert len(httpserver.log) == 1


def test_retry_after_is_honoured(httpserver):
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(OK)
    client = make_client(httpserver.url_for("/"), backoff=0.01)

    result, seconds = timed(lambda: client.send_text("5511987654321", "x"))

    assert result == WAMID
    assert seconds >= 1.0  # Meta's second, not the 0.01 s back-off
    assert len(httpserver.log) == 2


def test_retry_after_is_capped_at_max_delay(httpserver):
    httpserver.expect_request(MESSAGES_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    client = make_client(httpserver.url_for("/"), max_delay=0.2)

    error, seconds = timed(lambda: client.send_text("5511987654321", "x"))

    assert isinstance(error, RateLimited)
    assert error.code is None and "429" in str(error)
    assert len(httpserver.log) == 3
    assert 0.4 <= seconds < 5  # two pauses of 0.2 s, none after the last attempt


def test_unreadable_retry_after_falls_back_to_the_backoff(httpserver, client):
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "soon"}
    )
    httpserver.expect_ordered_request(MESSAGES_PATH).respond_with_json(OK)

    assert client.send_text("5511987654321", "x") == WAMID
    assert len(httpserver.log) == 2


def test_server_error_is_uncertain_and_never_retried(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_json(
        meta_error(131000, "Something went wrong"), status=500
    )

    with pytest.raises(UncertainDelivery) as info:
        client.send_template("5511987654321", "lembrete_vencimento")

    assert info.value.http_status == 500
    assert info.value.code == 131000
    assert len(httpserver.log) == 1


@pytest.mark.parametrize("status", [503, 413])
def test_other_status_with_retry_after_is_never_retried(httpserver, client, status):
    """urllib3 would retry 503/413 carrying Retry-After: a 503 may have sent it."""
    httpserver.expect_request(MESSAGES_PATH).respond_with_data(
        "busy", status=status, headers={"Retry-After": "0"}
    )

    with pytest.raises(WhatsAppError) as info:
        client.send_text("5511987654321", "x")

    assert info.value.http_status == status
    assert isinstance(info.value, UncertainDelivery) is (status >= 500)
    assert len(httpserver.log) == 1


def test_redirect_is_not_followed(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_data(
        "", status=307, headers={"Location": httpserver.url_for("/elsewhere")}
    )
    httpserver.expect_request("/elsewhere").respond_with_json(OK)

    with pytest.raises(WhatsAppError) as info:
        client.send_text("5511987654321", "x")

    assert info.value.http_status == 307
    assert [request.path for request, _response in httpserver.log] == [MESSAGES_PATH]


def test_read_timeout_is_uncertain_and_never_retried(httpserver):
    calls = []
    done = threading.Event()

    def slow(request):
        calls.append(request)
        time.sleep(0.5)
        done.set()
        return Response(json.dumps(OK), content_type="application/json")

    httpserver.expect_request(MESSAGES_PATH).respond_with_handler(slow)
    client = make_client(httpserver.url_for("/"), read_timeout=0.2)

    started = time.monotonic()
    with pytest.raises(UncertainDelivery) as info:
        client.send_text("5511987654321", "x")

    assert time.monotonic() - started < 0.45
    assert isinstance(info.value.__cause__, requests.exceptions.ReadTimeout)
    assert info.value.http_status is None
    assert done.wait(2)  # let the (single-threaded) server finish before counting
    assert len(calls) == 1
    assert len(httpserver.log) == 1


@contextlib.contextmanager
def raw_server(reply=b""):
    """A bare TCP server: for each connection, reads what comes, answers ``reply``
    (nothing: just closes) and records what it read; stops once no connection
    came for 0.5 s after the block."""
    received = []
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.settimeout(0.5)

        def serve():
            while True:
                try:
                    conn, _addr = server.accept()
                except OSError:
                    return
                with conn:
                    received.append(conn.recv(65536))
                    if reply:
                        conn.sendall(reply)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        yield server.getsockname()[1], received
        thread.join(3)


def test_connection_dropped_after_sending_is_uncertain_and_never_retried():
    """The server reads the request then closes the socket: it may have been delivered."""
    with raw_server() as (port, received):
        client = make_client(f"http://127.0.0.1:{port}")
        with pytest.raises(UncertainDelivery) as info:
            client.send_text("5511987654321", "x")

    assert isinstance(info.value.__cause__, requests.exceptions.ConnectionError)
    assert len(received) == 1 and received[0].startswith(b"POST ")


def test_tls_failure_is_uncertain_and_never_retried():
    """A TLS error may also come after the request was written: never retried."""
    with raw_server(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n") as (
        port,
        received,
    ):
        client = make_client(f"https://127.0.0.1:{port}")
        with pytest.raises(UncertainDelivery) as info:
            client.send_text("5511987654321", "x")

    assert isinstance(info.value.__cause__, requests.exceptions.SSLError)
    assert len(received) == 1  # one connection: the TLS hello, never a second one


def test_connection_refused_is_retried_then_not_sent(caplog):
    caplog.set_level(logging.WARNING, logger="urllib3")
    url, server = closed_url()
    client = make_client(url, max_attempts=4, backoff=0.2)

    error, seconds = timed(
        lambda: client.send_template("5511987654321", "lembrete_vencimento", parameters=["M"])
    )

    assert isinstance(error, NotSent)
    assert isinstance(error.__cause__, requests.exceptions.ConnectionError)
    assert error.http_status is None
    assert server.log == []  # nothing was served
    assert connection_retries(caplog) == 3  # max_attempts=4: four connection attempts
    assert 1.4 <= seconds < 2.8  # pauses of 0.2, 0.4, 0.8 s; none after the last


def test_connect_timeout_is_retried_then_not_sent(jammed_url, caplog):
    caplog.set_level(logging.WARNING, logger="urllib3")
    client = make_client(jammed_url, connect_timeout=0.2, max_attempts=3)

    error, seconds = timed(lambda: client.send_text("5511987654321", "x"))

    assert isinstance(error, NotSent)
    assert isinstance(error.__cause__, requests.exceptions.ConnectTimeout)
    assert connection_retries(caplog) == 2
    assert seconds >= 0.6  # three attempts of 0.2 s each


class _Session:
    """Stand-in session raising a given requests exception (no patching of requests)."""

    def __init__(self, exc):
        self.exc = exc
        self.calls = []

    def request(self, method, url, **kwargs):
        self.calls.append(kwargs)
        raise self.exc


def test_generic_read_error_is_uncertain():
    session = _Session(requests.exceptions.ChunkedEncodingError("broken body"))
    client = make_client("https://192.0.2.1", session=session, connect_timeout=0.3)

    with pytest.raises(UncertainDelivery):
        client.send_text("5511987654321", "x")

    assert len(session.calls) == 1
    assert session.calls[0]["timeout"] == (
        0.3,
        1.0,
    )  # explicit (connect, read) timeouts
    assert session.calls[0]["allow_redirects"] is False


def test_success_without_message_id_is_uncertain(httpserver, client):
    httpserver.expect_request(MESSAGES_PATH).respond_with_data("OK", status=200)

    with pytest.raises(UncertainDelivery):
        client.send_text("5511987654321", "x")
    assert len(httpserver.log) == 1


def test_status_rank_orders_sent_delivered_read():
    assert STATUS_RANK["read"] > STATUS_RANK["delivered"] > STATUS_RANK["sent"]
    assert "failed" not in STATUS_RANK


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
                    "components": [{"type": "BODY", "text": "{{1}}, {{2}} em aberto. {{1}}!"}],
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

    body = [TemplateSlot("body", name=str(n)) for n in (1, 2, 3)]
    assert (
        templates
        == [
            Template(
                "lembrete_vencimento",
                "pt_BR",
                "APPROVED",
                "UTILITY",
                "Olá {{1}}, sua fatura {{2}} vence em {{3}}.",
                4,  # the header's {{1}} is a variable too
                (TemplateSlot("header", name="1"), *body),
                header_format="text",
                header_text="Aviso {{1}}",
            ),
            Template(
                "fatura_vencida",
                "pt_BR",
                "PENDING",
                "UTILITY",
                "{{1}}, {{2}} em aberto. {{1}}!",
                2,
                tuple(body[:2]),
            ),
            Template("so_botao", "en_US", "REJECTED", "MARKETING", "", 0),
        ]
    )
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


def test_list_templates_waits_out_a_429(httpserver, client):
    httpserver.expect_ordered_request(TEMPLATES_PATH, method="GET").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request(TEMPLATES_PATH, method="GET").respond_with_json({"data": []})

    assert client.list_templates() == []
    assert len(httpserver.log) == 2


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


def test_plain_http_to_a_remote_host_sends_nothing():
    session = _Session(AssertionError("no request may be made"))
    client = make_client("http://graph.facebook.com", session=session)

    with pytest.raises(WhatsAppError) as info:
        client.send_text("5511987654321", "x")

    assert type(info.value) is WhatsAppError
    assert "plain HTTP" in str(info.value)
    assert session.calls == []


# -- header, URL button and named variables --------------------------------------------
#
# tests/data/whatsapp/message_templates.json is an answer of GET /<WABA_ID>/message_templates
# in the shapes of Meta's "Template components" reference (developers.facebook.com/
# documentation/business-messaging/whatsapp/templates/components: a TEXT header with one
# variable, media headers with header_handle examples, URL buttons whose url ends in
# {{1}}, "parameter_format": "NAMED" with *_text_named_params examples) and of
# david-lev/pywa tests/data/templates/buttons/examples.json (headers, quick replies, URL
# buttons). The send requests below follow Meta's "Send template messages" components
# (header/body/button with sub_type "url" and a string index, parameter_name for named
# parameters), as pywa's tests/test_templates.py and WhatsApp/WhatsApp-Nodejs-SDK's
# TemplateObject build them.

TEMPLATES = json.loads(
    (Path(__file__).parent / "data" / "whatsapp" / "message_templates.json").read_text("utf-8")
)


def synced(httpserver, client):
    httpserver.expect_request(TEMPLATES_PATH, method="GET").respond_with_json(TEMPLATES)
    return {t.name: t for t in client.list_templates()}


def test_sync_counts_header_and_url_button_variables(httpserver, client):
    template = synced(httpserver, client)["lembrete_vencimento_botoes"]
    assert template.param_count == 6
    assert template.slots == (
        TemplateSlot("header", name="1"),
        *(TemplateSlot("body", name=str(n)) for n in (1, 2, 3, 4)),
        TemplateSlot("button", name="1", index=2),  # the third button; quick replies before
    )
    assert (template.parameter_format, template.header_format, template.header_text) == (
        "POSITIONAL",
        "text",
        "Fatura {{1}}",
    )


def test_sync_counts_a_media_header_as_one_variable(httpserver, client):
    templates = synced(httpserver, client)
    assert templates["fatura_pdf"].slots == (
        TemplateSlot("header", format="document"),
        TemplateSlot("body", name="1"),
        TemplateSlot("body", name="2"),
    )
    assert templates["promocao_imagem"].slots == (
        TemplateSlot("header", format="image"),
        TemplateSlot("body", name="1"),
    )


def test_sync_reads_named_parameters_once_each_in_order(httpserver, client):
    template = synced(httpserver, client)["lembrete_nomeado"]
    assert template.parameter_format == "NAMED"
    assert [(s.component, s.name) for s in template.slots] == [
        ("header", "customer_name"),
        ("body", "invoice_number"),
        ("body", "amount"),  # used twice in the text, one parameter
        ("body", "due_date"),
        ("body", "creditor"),
    ]


def sent_components(httpserver, client, slots, values):
    httpserver.expect_oneshot_request(MESSAGES_PATH, method="POST").respond_with_json(OK)
    assert client.send_template("+55 11 98765-4321", "t", "pt_BR", values, slots=slots) == WAMID
    [(request, _response)] = httpserver.log
    return json.loads(request.get_data())["template"]["components"]


def test_send_fills_header_body_and_url_button(httpserver, client):
    template = synced(httpserver, client)["lembrete_vencimento_botoes"]
    httpserver.clear()
    components = sent_components(
        httpserver,
        client,
        template.slots,
        ["FAT/1", "Maria", "FAT/1", "R$ 1,00", "Credor", "my/invoices/7?access_token=abc"],
    )
    assert components == [
        {"type": "header", "parameters": [{"type": "text", "text": "FAT/1"}]},
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "Maria"},
                {"type": "text", "text": "FAT/1"},
                {"type": "text", "text": "R$ 1,00"},
                {"type": "text", "text": "Credor"},
            ],
        },
        {
            "type": "button",
            "sub_type": "url",
            "index": "2",
            "parameters": [{"type": "text", "text": "my/invoices/7?access_token=abc"}],
        },
    ]


def test_send_media_header_by_link_or_by_media_id(httpserver, client):
    slots = (TemplateSlot("header", format="document"), TemplateSlot("body", name="1"))
    link = {"link": "https://erp.exemplo.com.br/fatura.pdf", "filename": "FAT-1.pdf"}
    assert sent_components(httpserver, client, slots, [link, "Maria"])[0] == {
        "type": "header",
        "parameters": [{"type": "document", "document": link}],
    }
    httpserver.clear()
    image = (TemplateSlot("header", format="image"),)
    assert sent_components(httpserver, client, image, ["1047288396744213"]) == [
        {
            "type": "header",
            "parameters": [{"type": "image", "image": {"id": "1047288396744213"}}],
        }
    ]
    httpserver.clear()
    url = "https://erp.exemplo.com.br/logo.png"
    assert sent_components(httpserver, client, image, [url])[0]["parameters"] == [
        {"type": "image", "image": {"link": url}}
    ]


def test_send_named_parameters_with_their_names(httpserver, client):
    template = synced(httpserver, client)["lembrete_nomeado"]
    httpserver.clear()
    components = sent_components(
        httpserver, client, template.slots, ["Maria", "FAT/1", "R$ 1,00", "16/03/2026", "C"]
    )
    assert components == [
        {
            "type": "header",
            "parameters": [{"type": "text", "text": "Maria", "parameter_name": "customer_name"}],
        },
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "FAT/1", "parameter_name": "invoice_number"},
                {"type": "text", "text": "R$ 1,00", "parameter_name": "amount"},
                {"type": "text", "text": "16/03/2026", "parameter_name": "due_date"},
                {"type": "text", "text": "C", "parameter_name": "creditor"},
            ],
        },
    ]


def test_wrong_number_of_values_is_refused_before_any_request(httpserver, client):
    with pytest.raises(TemplateError):
        client.send_template("5511987654321", "t", "pt_BR", ["a"], slots=())
    assert not httpserver.log


def test_slot_round_trips_through_a_dict():
    slot = TemplateSlot("button", name="1", index=2)
    assert TemplateSlot.from_dict(slot.as_dict()) == slot
    assert TemplateSlot.from_dict({}) == TemplateSlot("body")


# -- media download (a comprovante sent by the customer) ---------------------------------

MEDIA_ID = "1047288396744213"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def media_meta(httpserver, raw=PNG, **overrides):
    """``GET /<media-id>`` as Meta's media reference shows it (file_size a string in
    some client libraries, a number in others: both occur)."""
    import hashlib

    body = {
        "messaging_product": "whatsapp",
        "url": httpserver.url_for("/whatsapp_business/attachments/?mid=1047288396744213&ext=1"),
        "mime_type": "image/png",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "file_size": str(len(raw)),
        "id": MEDIA_ID,
    }
    body.update(overrides)
    return body


def test_download_media_follows_the_url_with_the_token(httpserver, client):
    httpserver.expect_oneshot_request(
        f"/v21.0/{MEDIA_ID}", method="GET", query_string={"phone_number_id": PHONE_ID}
    ).respond_with_json(media_meta(httpserver))
    httpserver.expect_oneshot_request(
        "/whatsapp_business/attachments/", method="GET"
    ).respond_with_data(PNG, content_type="image/png")
    media = client.download_media(MEDIA_ID, max_bytes=10_000)
    assert (media.id, media.raw, media.mime_type) == (MEDIA_ID, PNG, "image/png")
    assert [req.headers["Authorization"] for req, _ in httpserver.log] == [f"Bearer {TOKEN}"] * 2


def test_download_media_accepts_a_numeric_size_and_a_base64_hash(httpserver, client):
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(PNG).digest()).decode()
    httpserver.expect_oneshot_request(f"/v21.0/{MEDIA_ID}").respond_with_json(
        media_meta(httpserver, file_size=len(PNG), sha256=digest)
    )
    httpserver.expect_oneshot_request("/whatsapp_business/attachments/").respond_with_data(PNG)
    assert client.download_media(MEDIA_ID, max_bytes=10_000).raw == PNG


def test_download_media_refuses_a_corrupted_file(httpserver, client):
    httpserver.expect_oneshot_request(f"/v21.0/{MEDIA_ID}").respond_with_json(
        media_meta(httpserver)
    )
    httpserver.expect_oneshot_request("/whatsapp_business/attachments/").respond_with_data(
        PNG[:-1] + b"\x01"
    )
    with pytest.raises(WhatsAppError, match="SHA-256"):
        client.download_media(MEDIA_ID, max_bytes=10_000)


def test_download_media_refuses_too_big_before_downloading(httpserver, client):
    httpserver.expect_oneshot_request(f"/v21.0/{MEDIA_ID}").respond_with_json(
        media_meta(httpserver, file_size="99999999")
    )
    with pytest.raises(WhatsAppError, match="more than 10000"):
        client.download_media(MEDIA_ID, max_bytes=10_000)
    assert len(httpserver.log) == 1  # the file itself was never asked for


def test_download_media_stops_reading_past_the_limit_when_size_is_missing(httpserver, client):
    big = b"\x89PNG" + b"\x00" * 50_000
    meta = media_meta(httpserver, raw=big)
    del meta["file_size"]
    httpserver.expect_oneshot_request(f"/v21.0/{MEDIA_ID}").respond_with_json(meta)
    httpserver.expect_oneshot_request("/whatsapp_business/attachments/").respond_with_data(big)
    with pytest.raises(WhatsAppError, match="larger than 10000"):
        client.download_media(MEDIA_ID, max_bytes=10_000)


def test_download_media_never_sends_the_token_to_another_host(httpserver, client):
    httpserver.expect_oneshot_request(f"/v21.0/{MEDIA_ID}").respond_with_json(
        media_meta(httpserver, url="https://attacker.example/steal?mid=1")
    )
    with pytest.raises(WhatsAppError, match="outside WhatsApp"):
        client.download_media(MEDIA_ID, max_bytes=10_000)
    assert whatsapp._media_host("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1")
    assert not whatsapp._media_host("http://lookaside.fbsbx.com/x")
    assert not whatsapp._media_host("https://lookaside.fbsbx.com.attacker.example/x")


def test_download_media_of_an_unknown_id_keeps_graphs_error(httpserver, client):
    # Graph API's answer for an id that does not exist (or the token cannot see)
    httpserver.expect_oneshot_request(f"/v21.0/{MEDIA_ID}").respond_with_json(
        {
            "error": {
                "message": f"Unsupported get request. Object with ID '{MEDIA_ID}' does not "
                "exist, cannot be loaded due to missing permissions, or does not support "
                "this operation. Please read the Graph API documentation at "
                "https://developers.facebook.com/docs/graph-api",
                "type": "GraphMethodException",
                "code": 100,
                "error_subcode": 33,
                "fbtrace_id": "AzXqnrRz5a3dE3pUk8Lr0dH",
            }
        },
        status=400,
    )
    with pytest.raises(WhatsAppError, match="Unsupported get request") as raised:
        client.download_media(MEDIA_ID, max_bytes=10_000)
    assert raised.value.code == 100


@pytest.mark.parametrize("bad", ["", "../123", "123?x=1"])
def test_download_media_refuses_a_malformed_id(client, bad):
    with pytest.raises(WhatsAppError, match="invalid media id"):
        client.download_media(bad, max_bytes=10_000)
