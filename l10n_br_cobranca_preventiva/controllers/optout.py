"""Public opt-out page: a customer stops collection messages per channel (no login).

The link in each reminder carries a signed token (``hash_sign``) naming the contact
and the company. A forged, altered or expired token shows a friendly page and
changes nothing; a revocation is recorded as a consent event with the IP and time,
through the same path as the WhatsApp "PARAR" reply.
"""

import logging

from odoo import http
from odoo.http import request
from odoo.tools.misc import verify_hash_signed

from ..models.cobranca_consent import OPTOUT_SCOPE

_logger = logging.getLogger(__name__)


class CobrancaOptOut(http.Controller):
    def _optout_target(self, token):
        """(partner, company) of a valid token, else None."""
        env = request.env(su=True)
        try:
            data = verify_hash_signed(env, OPTOUT_SCOPE, token)
        except Exception:  # noqa: BLE001 - a mangled token is just invalid
            data = None
        if not data:
            return None
        partner = env["res.partner"].browse(data.get("p")).exists()
        company = env["res.company"].browse(data.get("c")).exists()
        return (partner, company) if partner and company else None

    @http.route(
        "/cobranca/optout/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,  # frontend page: portal layout, customer's language
        sitemap=False,
    )
    def optout(self, token, **post):
        target = self._optout_target(token)
        if not target:
            _logger.info(
                "Invalid or expired collection opt-out token from %s",
                request.httprequest.remote_addr,
            )
            return request.render("l10n_br_cobranca_preventiva.optout_invalid", {}, status=400)
        partner, company = target
        Consent = request.env["cobranca.consent"].sudo().with_company(company)
        channels = Consent._cobranca_optout_channels(partner, company)
        done = []
        if request.httprequest.method == "POST":
            chosen = set(request.httprequest.form.getlist("channel"))
            for channel, label, contact, _revoked in channels:
                if channel in chosen:
                    Consent._cobranca_record(
                        partner,
                        channel,
                        contact,
                        "revoked",
                        "consent",
                        "portal",
                        company=company,
                        evidence=request.env._(
                            "Opt-out page, browser: %(agent)s",
                            agent=request.httprequest.user_agent.string or "-",
                        ),
                        ip=request.httprequest.remote_addr,
                    )
                    done.append(label)
            channels = Consent._cobranca_optout_channels(partner, company)
        return request.render(
            "l10n_br_cobranca_preventiva.optout_page",
            {
                "partner": partner,
                "company": company,
                "channels": channels,
                "done": done,
                "token": token,
            },
        )
