"""The webhook signature is compared on the whole HMAC, never on a prefix."""

import hashlib
import hmac

import pytest

from cobranca_tools import whatsapp_webhook

BODY = b'{"object":"whatsapp_business_account","entry":[]}'
SECRET = "app-secret"


def signature(body=BODY, secret=SECRET):
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("kept", [1, 8, 32, 60, 63])
def test_a_signature_right_only_in_its_first_characters_is_refused(kept):
    good = signature()
    wrong_tail = "".join("0" if ch != "0" else "1" for ch in good[kept:])
    forged = "sha256=" + good[:kept] + wrong_tail
    assert len(forged) == len("sha256=") + 64
    assert not whatsapp_webhook.verify_signature(SECRET, BODY, forged)


def test_a_truncated_or_padded_signature_is_refused():
    good = signature()
    assert whatsapp_webhook.verify_signature(SECRET, BODY, "sha256=" + good)
    assert not whatsapp_webhook.verify_signature(SECRET, BODY, "sha256=" + good[:-1])
    assert not whatsapp_webhook.verify_signature(SECRET, BODY, "sha256=" + good + "0")
    assert not whatsapp_webhook.verify_signature(SECRET, BODY, "sha256=" + good[:32])
