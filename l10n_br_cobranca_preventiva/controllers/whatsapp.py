"""WhatsApp Cloud API webhook: the URL verification handshake and the signed events
(delivery statuses, the customers' replies).

Each change of a call is routed by the phone number it concerns
(``value.metadata.phone_number_id``, and the entry's WhatsApp Business Account id
when the company names one) to the company that owns that number, and is applied
only when that company's app secret verifies the signature: one company's secret
can never authenticate events about another company's number or messages. A call
no company authenticates is refused (403); a body over 1 MiB too (413).
"""

import json
import logging

from odoo import http
from odoo.http import request

from ..tools import whatsapp_webhook

_logger = logging.getLogger(__name__)

MAX_BODY = whatsapp_webhook.MAX_WEBHOOK_BODY


class CobrancaWhatsappWebhook(http.Controller):
    def _companies(self, domain=None):
        # sudo: a public route; the app secrets are read to check the signature only
        return request.env["res.company"].sudo().search(domain or [])

    @http.route(
        "/cobranca/whatsapp/webhook",
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        sitemap=False,
    )
    def verify(self, **params):
        for company in self._companies():
            challenge = whatsapp_webhook.handshake(params, company.cobranca_whatsapp_verify_token)
            if challenge:
                return request.make_response(challenge, [("Content-Type", "text/plain")])
        return request.make_response("forbidden", status=403)

    @http.route(
        "/cobranca/whatsapp/webhook",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        sitemap=False,
        # Odoo's own body parsing (form-encoded bodies) stops at the same size
        max_content_length=MAX_BODY,
    )
    def events(self, **_kwargs):
        raw = self._read_body()
        if raw is None:
            _logger.warning("WhatsApp webhook call over %s bytes: refused", MAX_BODY)
            return request.make_response("payload too large", status=413)
        try:
            payload = json.loads(raw or b"{}")
        except ValueError:
            return request.make_response("bad request", status=400)
        changes = whatsapp_webhook.parse_webhook(payload)
        signature = request.httprequest.headers.get("X-Hub-Signature-256")
        accepted = self._authenticated_changes(changes, raw, signature)
        if not accepted:
            _logger.warning(
                "WhatsApp webhook call that no company's app secret verifies "
                "for its phone number: refused"
            )
            return request.make_response("forbidden", status=403)
        WhatsApp = request.env["cobranca.channel.whatsapp"].sudo()
        for companies, change in accepted:
            WhatsApp._apply_status(change, companies)
        return request.make_response("ok")

    def _read_body(self):
        """The raw body, or None when it is over MAX_BODY: checked on the declared
        Content-Length, then on the bytes actually read (a chunked body has none)."""
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_BODY:
            return None
        # The werkzeug request, whose stream reads at most what we ask (Odoo's
        # wrapper only offers get_data(), which reads everything).
        stream = httprequest._HTTPRequest__wrapped.stream
        chunks, size = [], 0
        while size <= MAX_BODY:
            chunk = stream.read(MAX_BODY + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > MAX_BODY else b"".join(chunks)

    def _authenticated_changes(self, changes, raw, signature):
        """[(companies, change)]: each change with the companies that own its phone
        number (or business account) and whose app secret signed this body."""
        phone_ids = {c.phone_number_id for c in changes if c.phone_number_id}
        waba_ids = {c.waba_id for c in changes if c.waba_id}
        if not phone_ids and not waba_ids:
            return []
        companies = self._companies(
            [
                "|",
                ("cobranca_whatsapp_phone_number_id", "in", list(phone_ids)),
                ("cobranca_whatsapp_waba_id", "in", list(waba_ids)),
            ]
        )
        accounts = [
            (
                company,
                company.cobranca_whatsapp_phone_number_id,
                company.cobranca_whatsapp_waba_id,
            )
            for company in companies
        ]
        verified = {
            company: whatsapp_webhook.verify_signature(
                company.cobranca_whatsapp_app_secret, raw, signature
            )
            for company in companies
        }
        accepted = []
        for change, owners in whatsapp_webhook.route_changes(changes, accounts):
            signed = [company for company in owners if verified[company]]
            if signed:
                accepted.append((companies.browse(c.id for c in signed), change))
            else:
                _logger.warning(
                    "WhatsApp webhook change for phone number %s not signed by its company: "
                    "ignored",
                    change.phone_number_id or change.waba_id,
                )
        return accepted
