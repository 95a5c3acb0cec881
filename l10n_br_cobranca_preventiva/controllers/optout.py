"""Public opt-out page: a customer stops collection messages per channel (no login).

The link in each reminder carries a signed token (``hash_sign``) naming the contact
and the company; it expires after the company's validity setting (default 90 days).
A forged, altered or expired token shows a friendly page and changes nothing.

The page lists, per channel, every email or number the dispatcher may use for that
person (``res.partner._cobranca_contacts``: the contact and its commercial partner,
mobile and phone), masked, since a forwarded link must not reveal them. Stopping a
channel revokes each of them, as consent events with the IP and time, through the
same path as the WhatsApp "PARAR" reply.
"""

import logging

from odoo import http
from odoo.http import request
from odoo.tools.misc import verify_hash_signed

from ..models.cobranca_consent import OPTOUT_SCOPE
from ..tools import masking

_logger = logging.getLogger(__name__)


class CobrancaOptOut(http.Controller):
    def _optout_target(self, token):
        """(partner, company) of a valid token, else None."""
        env = request.env(su=True)
        try:
            data = verify_hash_signed(env, OPTOUT_SCOPE, token)
        except Exception:  # noqa: BLE001 - a mangled token is just invalid
            data = None
        if not isinstance(data, dict):
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
            return request.render(
                "l10n_br_cobranca_preventiva.optout_invalid", {}, status=400
            )
        partner, company = target
        Consent = request.env["cobranca.consent"].sudo().with_company(company)
        channels = Consent._cobranca_optout_channels(partner, company)
        done = []
        if request.httprequest.method == "POST":
            chosen = set(request.httprequest.form.getlist("channel"))
            evidence = request.env._(
                "Opt-out page, browser: %(agent)s",
                agent=request.httprequest.user_agent.string or "-",
            )
            for channel in channels:
                if channel["channel"] not in chosen:
                    continue
                for person, contact, _masked, revoked in channel["contacts"]:
                    if revoked:
                        continue
                    Consent._cobranca_record(
                        person,
                        channel["channel"],
                        contact,
                        "revoked",
                        "consent",
                        "portal",
                        company=company,
                        evidence=evidence,
                        ip=request.httprequest.remote_addr,
                    )
                done.append(channel["label"])
            channels = Consent._cobranca_optout_channels(partner, company)
        return request.render(
            "l10n_br_cobranca_preventiva.optout_page",
            {
                "first_name": masking.first_name(partner.name),
                "company": company,
                "channels": channels,
                "done": done,
                "token": token,
            },
        )
