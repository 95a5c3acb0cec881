"""WhatsApp Cloud API webhook: the URL verification handshake and the signed events
(delivery statuses, the customers' replies)."""

import json
import logging

from odoo import http
from odoo.http import request

from ..cobranca_core import whatsapp

_logger = logging.getLogger(__name__)


class CobrancaWhatsappWebhook(http.Controller):
    def _companies(self):
        return request.env["res.company"].sudo().search([])

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
            challenge = whatsapp.handshake(params, company.cobranca_whatsapp_verify_token)
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
    )
    def events(self, **_kwargs):
        raw = request.httprequest.get_data()
        signature = request.httprequest.headers.get("X-Hub-Signature-256")
        company = next(
            (
                c
                for c in self._companies()
                if c.cobranca_whatsapp_app_secret
                and whatsapp.verify_signature(c.cobranca_whatsapp_app_secret, raw, signature)
            ),
            None,
        )
        if company is None:
            _logger.warning("WhatsApp webhook call with a missing or wrong signature: refused")
            return request.make_response("forbidden", status=403)
        try:
            payload = json.loads(raw or b"{}")
        except ValueError:
            return request.make_response("bad request", status=400)
        events = whatsapp.parse_webhook(payload)
        request.env["cobranca.reminder"].sudo()._cobranca_whatsapp_events(company, events)
        return request.make_response("ok")
