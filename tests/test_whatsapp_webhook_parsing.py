"""WhatsApp webhook helpers (signature, handshake, parsing, routing), plain Python.

The payloads are the shapes of Meta's "messages" webhook; nothing here may raise on
an unexpected shape (Meta retries a failed webhook for days).
"""

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from cobranca_tools import whatsapp_webhook
from cobranca_tools.whatsapp_webhook import (
    InboundMessage,
    Location,
    Media,
    MetaError,
    StatusEvent,
    WebhookChange,
)

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
            (MetaError(131026, "Message undeliverable.", "Message Undeliverable."),),
        ),
    )
    assert statuses.messages == ()
    assert messages.phone_number_id == PHONE_ID
    maria = {"profile_name": "Maria"}
    assert messages.messages == (
        InboundMessage("wamid.C", "5511987654321", 1700000200, "text", "PARAR", **maria),
        InboundMessage(
            "wamid.D",
            "5511987654321",
            1700000300,
            "button",
            "Parar",
            payload="STOP",
            context_id="wamid.A",
            **maria,
        ),
        InboundMessage(
            "wamid.E",
            "5511987654321",
            1700000400,
            "interactive",
            "Já paguei",
            payload="pay",
            **maria,
        ),
        InboundMessage(
            "wamid.F",
            "5511987654321",
            0,
            "image",
            "",
            media=Media("123", "image/jpeg"),
            **maria,
        ),
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


# -- every inbound type, from payload files ----------------------------------------------
#
# The files in tests/data/whatsapp/ carry our own ids and Portuguese contents in the
# shapes Meta documents and public clients test against:
# - Meta, WhatsApp Business Platform, "Messages webhook reference" pages (text, media,
#   interactive, location, reaction, unsupported; developers.facebook.com/documentation/
#   business-messaging/whatsapp/webhooks/reference/messages/...), and its "Order messages
#   webhook reference" for the contacts of users with a username: ``wa_id`` "omitted if
#   user's phone number is unavailable", ``user_id`` (BSUID), ``profile.username``;
# - david-lev/pywa, tests/data/updates/message.json (text, reply, image, document, audio
#   and voice, video, sticker, location, reaction, unsupported with error_data.details),
#   callback_button.json (quick reply "button" with payload/text, interactive
#   button_reply, and ``from_user_id`` in "quick_reply_without_context"),
#   callback_selection.json (interactive list_reply with description) and
#   message_status.json (failed status with error_data.details);
# - Meta's BSUID rollout as 360dialog documents it (docs.360dialog.com, "Usernames &
#   BSUID": BSUID format "BR.1502576394655843", parent BSUID "…ENT…").

DATA = Path(__file__).parent / "data" / "whatsapp"
CUSTOMER = "5511987654321"
BSUID = "BR.1502576394655843"
SENT = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ5QUJDREVGMDEyMzQ1Njc4OQA="


def load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def only_message(name):
    [change] = whatsapp_webhook.parse_webhook(load(name))
    assert (change.field, change.phone_number_id, change.waba_id) == ("messages", PHONE_ID, WABA_ID)
    [message] = change.messages
    assert message.profile_name in ("Maria Aparecida", "Maria")
    return message


def test_text_reply_keeps_the_wamid_it_answers_and_the_business_scoped_id():
    message = only_message("text_reply.json")
    assert (message.type, message.text, message.payload) == (
        "text",
        "Já paguei ontem, segue o comprovante",
        "",
    )
    assert (message.sender, message.context_id, message.user_id) == (CUSTOMER, SENT, BSUID)
    assert message.has_phone and message.timestamp == 1773412800
    assert message.media is None and message.location is None


@pytest.mark.parametrize(
    ("name", "kind", "text", "payload"),
    [
        ("button_quick_reply.json", "button", "Já paguei", "COBRANCA_PAID"),
        ("interactive_button_reply.json", "interactive", "Falar com atendente", "COBRANCA_HUMAN"),
        ("interactive_list_reply.json", "interactive", "Pagar depois", "COBRANCA_PROMISE"),
    ],
)
def test_taps_give_their_title_and_payload_and_context(name, kind, text, payload):
    message = only_message(name)
    assert (message.type, message.text, message.payload, message.context_id) == (
        kind,
        text,
        payload,
        SENT,
    )


@pytest.mark.parametrize(
    ("name", "media", "text", "context"),
    [
        (
            "image.json",
            Media(
                "1047288396744213",
                "image/jpeg",
                "4n0pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=",
                caption="comprovante do pix",
            ),
            "comprovante do pix",
            SENT,
        ),
        (
            "document.json",
            Media(
                "1198412283761922",
                "application/pdf",
                "grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc=",
                caption="segue o comprovante",
                filename="comprovante-pix.pdf",
            ),
            "segue o comprovante",
            SENT,
        ),
        (
            "audio_voice.json",
            Media(
                "884512703902331",
                "audio/ogg; codecs=opus",
                "E3dxS/PdYZE7ppA3pQ4mpCFaXBJ8pX4SRN/iPGA=",
                voice=True,
            ),
            "",
            "",
        ),
        (
            "video.json",
            Media(
                "765756756102938",
                "video/mp4",
                "Jh+2ij6PzUv/J2y+grrtegr/ZMzRxkEPwc24Oyib4s0=",
                caption="olha o app do banco",
            ),
            "olha o app do banco",
            "",
        ),
        (
            "sticker.json",
            Media("1093847561029384", "image/webp", "OmT4nhjUhCMIPNmj7eeOZeCYjTXkLxoOv85OMCFwSuc="),
            "",
            "",
        ),
    ],
)
def test_media_messages_keep_id_mime_type_caption_and_filename(name, media, text, context):
    message = only_message(name)
    assert (message.media, message.text, message.context_id) == (media, text, context)
    assert message.type == name.split("_")[0].split(".")[0]


def test_location():
    message = only_message("location.json")
    assert message.location == Location(
        -23.5558, -46.6623, "Distribuidora Exemplo", "Rua Augusta, 1500, São Paulo"
    )
    assert message.text == "Distribuidora Exemplo - Rua Augusta, 1500, São Paulo"


def test_reaction_names_the_message_it_is_about():
    message = only_message("reaction.json")
    assert (message.type, message.text, message.reaction_to) == ("reaction", "👍", SENT)


def test_unsupported_message_is_kept_with_meta_details():
    message = only_message("unsupported.json")
    assert (message.type, message.text) == ("unsupported", "")
    assert message.errors == (
        MetaError(131051, "Message type unknown", "Message type is currently not supported."),
    )


def test_message_without_phone_number_is_kept_with_its_business_scoped_ids():
    """A user with a username: no ``from``, only ``from_user_id``; kept and flagged."""
    message = only_message("bsuid_only.json")
    assert not message.has_phone
    assert (message.sender, message.user_id, message.parent_user_id, message.username) == (
        "",
        BSUID,
        "BR.ENT.11815799212886844830",
        "@maria.souza",
    )
    assert (message.text, message.context_id) == ("PARAR", SENT)


def test_user_id_comes_from_the_contact_when_the_message_has_none():
    payload = load("bsuid_only.json")
    item = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    del item["from_user_id"], item["from_parent_user_id"]
    [change] = whatsapp_webhook.parse_webhook(payload)
    assert (change.messages[0].user_id, change.messages[0].parent_user_id) == (
        BSUID,
        "BR.ENT.11815799212886844830",
    )


def test_message_without_any_id_is_dropped_one_without_sender_is_kept_unidentified():
    payload = load("text_reply.json")
    messages = payload["entry"][0]["changes"][0]["value"]["messages"]
    anonymous = dict(messages[0], id="wamid.ANON")
    del anonymous["from"]
    payload["entry"][0]["changes"][0]["value"]["contacts"] = []
    messages += [anonymous, {"from": CUSTOMER, "type": "text", "text": {"body": "sem id"}}]
    [change] = whatsapp_webhook.parse_webhook(payload)
    assert [m.message_id for m in change.messages] == ["wamid.IN1", "wamid.ANON"]
    assert (change.messages[1].sender, change.messages[1].user_id) == ("", "")


def test_failed_status_keeps_meta_details_and_the_business_scoped_recipient():
    [change] = whatsapp_webhook.parse_webhook(load("status_failed.json"))
    [status] = change.statuses
    assert (status.message_id, status.status, status.recipient, status.recipient_user_id) == (
        SENT,
        "failed",
        CUSTOMER,
        BSUID,
    )
    assert status.errors == (
        MetaError(
            131049,
            "This message was not delivered to maintain healthy ecosystem engagement.",
            "In order to maintain a healthy ecosystem engagement, the message failed to be "
            "delivered.",
        ),
    )


#: Not a webhook: the answer of GET /<WABA_ID>/message_templates (test_whatsapp_client.py).
NOT_WEBHOOKS = {"message_templates.json"}


@pytest.mark.parametrize(
    "name", sorted(p.name for p in DATA.glob("*.json") if p.name not in NOT_WEBHOOKS)
)
def test_no_payload_file_loses_a_message_or_status(name):
    payload = load(name)
    value = payload["entry"][0]["changes"][0]["value"]
    [change] = whatsapp_webhook.parse_webhook(payload)
    assert len(change.messages) == len(value.get("messages", []))
    assert len(change.statuses) == len(value.get("statuses", []))


@pytest.mark.parametrize(
    "content",
    [None, "x", 7, [], {"id": 5}, {"latitude": "a", "longitude": 1}, {"emoji": None}],
)
@pytest.mark.parametrize(
    "kind", ["text", "button", "interactive", "image", "document", "location", "reaction"]
)
def test_odd_contents_never_raise(kind, content):
    payload = {
        "entry": [
            {
                "changes": [
                    {
                        "value": {
                            "metadata": {"phone_number_id": PHONE_ID},
                            "contacts": "x",
                            "messages": [
                                {"id": "wamid.X", "from": CUSTOMER, "type": kind, kind: content}
                            ],
                        }
                    }
                ]
            }
        ]
    }
    [change] = whatsapp_webhook.parse_webhook(payload)
    [message] = change.messages
    assert message.type == kind and isinstance(message.text, str)
