"""WhatsApp webhook helpers (signature, handshake, parsing, routing), plain Python.

The payloads are the shapes of Meta's "messages" webhook; nothing here may raise on
an unexpected shape (Meta retries a failed webhook for days).
"""

import hashlib
import hmac
import json

import pytest

from cobranca_tools import whatsapp_webhook
from cobranca_tools.whatsapp_webhook import InboundMessage, StatusEvent, WebhookChange

PHONE_ID = "106540352242922"
WABA_ID = "102290129340398"


def test_verify_signature():
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    good = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()

    assert whatsapp_webhook.verify_signature("s3cret", body, good)
    assert whatsapp_webhook.verify_signature(
        "s3cret", body, good.upper().replace("SHA256=", "sha256=")
    )
    assert not whatsapp_webhook.verify_signature("s3cret", body + b" ", good)  # tampered body
    assert not whatsapp_webhook.verify_signature("other", body, good)  # forged with another secret
    assert not whatsapp_webhook.verify_signature("s3cret", body, "sha256=" + "0" * 64)
    assert not whatsapp_webhook.verify_signature("s3cret", body, None)
    assert not whatsapp_webhook.verify_signature("s3cret", body, "")
    assert not whatsapp_webhook.verify_signature(
        "s3cret", body, good[len("sha256=") :]
    )  # no prefix
    assert not whatsapp_webhook.verify_signature("s3cret", body, "sha1=" + "0" * 40)
    assert not whatsapp_webhook.verify_signature("s3cret", body, "sha256=zz")
    assert not whatsapp_webhook.verify_signature("", body, good)


def test_handshake():
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": "meu-token",
        "hub.challenge": "1158201444",
    }

    assert whatsapp_webhook.handshake(params, "meu-token") == "1158201444"
    assert whatsapp_webhook.handshake(params, "outro-token") is None
    assert whatsapp_webhook.handshake(params, "") is None
    assert whatsapp_webhook.handshake(params, None) is None
    assert whatsapp_webhook.handshake({**params, "hub.mode": "unsubscribe"}, "meu-token") is None
    assert (
        whatsapp_webhook.handshake({"hub.mode": "subscribe", "hub.challenge": "1"}, "meu-token")
        is None
    )
    assert whatsapp_webhook.handshake({}, "meu-token") is None


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
                        "contacts": [{"profile": {"name": "Maria"}, "wa_id": "5511987654321"}],
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
    changes = whatsapp_webhook.parse_webhook(WEBHOOK)

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
        InboundMessage("wamid.E", "5511987654321", 1700000400, "interactive", "Já paguei"),
        InboundMessage("wamid.F", "5511987654321", 0, "image", ""),
    )
    # a template update has no phone number and carries no event
    assert template == WebhookChange("message_template_status_update", WABA_ID, "", "", (), ())


def test_parse_webhook_real_sample_json_roundtrip():
    """The payload as bytes on the wire (ids as strings, booleans in pricing)."""
    changes = whatsapp_webhook.parse_webhook(json.loads(json.dumps(WEBHOOK)))
    assert changes == whatsapp_webhook.parse_webhook(WEBHOOK)


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
    assert whatsapp_webhook.parse_webhook(payload) == ()


def test_parse_webhook_without_metadata_has_no_phone_number():
    payload = {"entry": [{"changes": [{"value": {"statuses": "x", "messages": [1, 2]}}]}]}
    assert whatsapp_webhook.parse_webhook(payload) == (WebhookChange("messages", "", "", ""),)
    odd = {"entry": [{"id": ["x"], "changes": [{"value": {"metadata": {"phone_number_id": 7}}}]}]}
    assert whatsapp_webhook.parse_webhook(odd) == (WebhookChange("messages", "", "7", ""),)


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
    assert whatsapp_webhook.route_changes([a, b, c], ACCOUNTS) == [
        (a, ("A",)),
        (b, ("B", "D")),
        (c, ("C",)),
    ]


def test_route_refuses_a_phone_number_under_another_business_account():
    # A's phone number claimed inside B's business account: nobody owns it
    assert whatsapp_webhook.route_changes([change("111", "901")], ACCOUNTS) == []
    assert whatsapp_webhook.route_changes([change("999", "900")], ACCOUNTS) == []  # unknown number


def test_route_changes_without_phone_number_by_business_account():
    template = change("", "900", field="message_template_status_update")
    assert whatsapp_webhook.route_changes([template], ACCOUNTS) == [(template, ("A",))]
    assert whatsapp_webhook.route_changes([change("", "")], ACCOUNTS) == []
    assert whatsapp_webhook.route_changes([change("111", "900")], []) == []
