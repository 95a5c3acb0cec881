"""Public opt-out page: a customer stops collection messages per channel (no login).

Its link, ``/cobranca/optout/<token>`` (in emails), names the contact and the company
in a signed token (``hash_sign``) that expires after the company's validity setting
(default 90 days). A channel of another addon may lead to the same page by a link of
its own: its route calls ``_optout_serve`` with how to resolve its key.

A forged, altered, unknown or expired link shows a friendly page and changes nothing.
Every link is rate-limited per client address (``cobranca.optout.request``, counted in the
database so every worker sees it): over the limit, HTTP 429 and nothing is read or
changed.

The page lists, per channel, every email or number the dispatcher may use for that
person (``res.partner._cobranca_contacts``: the contact and its commercial partner,
mobile and phone), masked, since a forwarded link must not reveal them. Choosing
channels shows what will stop, contact by contact; only a second, explicit
confirmation (a POST carrying a keyed hash of the link and of those channels)
revokes them, as consent events with the IP and time, through the same path as the
WhatsApp "PARAR" reply.
"""

import logging

from odoo import http
from odoo.http import request
from odoo.tools.misc import consteq, hmac, verify_hash_signed

from ..models.cobranca_consent import OPTOUT_SCOPE
from ..models.cobranca_optout_request import WINDOW
from ..tools import masking

_logger = logging.getLogger(__name__)

#: Scope of the keyed hash a confirmation POST must carry.
CONFIRM_SCOPE = "cobranca_optout_confirm"

#: The opt-out pages' routes (a channel's own link to the page uses them too).
ROUTE_OPTIONS = {
    "type": "http",
    "auth": "public",
    "methods": ["GET", "POST"],
    "website": True,  # frontend page: portal layout, customer's language
    "sitemap": False,
}


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

    @http.route("/cobranca/optout/<string:token>", **ROUTE_OPTIONS)
    def optout(self, token, **post):
        return self._optout_serve(
            f"/cobranca/optout/{token}", token, lambda: self._optout_target(token)
        )

    def _optout_serve(self, action, key, resolve):
        """The page of the link ``action`` (``key``: its token or code; ``resolve``:
        its (partner, company) or None): the rate limit first, then the link."""
        address = request.httprequest.remote_addr
        # sudo: anonymous visitors are counted; the model has no user access
        if not request.env["cobranca.optout.request"].sudo()._allow(address):
            _logger.info("Collection opt-out pages: too many requests from %s", address)
            return request.render(
                "l10n_br_cobranca_preventiva.optout_too_many",
                {},
                status=429,
                headers=[("Retry-After", str(int(WINDOW.total_seconds())))],
            )
        target = resolve()
        if not target:
            _logger.info("Invalid or expired collection opt-out link from %s", address)
            return request.render("l10n_br_cobranca_preventiva.optout_invalid", {}, status=400)
        partner, company = target
        Consent = request.env["cobranca.consent"].sudo().with_company(company)
        channels = Consent._optout_channels(partner, company)
        values = {
            "first_name": masking.first_name(partner.name),
            "company": company,
            "channels": channels,
            "done": [],
            "stopping": [],
            "action": action,
        }
        if request.httprequest.method == "POST":
            form = request.httprequest.form
            chosen = sorted(
                {c["channel"] for c in channels if not c["revoked"]} & set(form.getlist("channel"))
            )
            confirm = self._optout_confirm_key(key, chosen)
            if chosen and consteq(form.get("confirm") or "", confirm):
                values["done"] = self._optout_revoke(Consent, partner, company, channels, chosen)
                values["channels"] = Consent._optout_channels(partner, company)
            elif chosen:  # what the confirmation will stop, contact by contact
                values["stopping"] = [
                    {
                        "channel": channel["channel"],
                        "label": channel["label"],
                        "contacts": [masked for masked, revoked in channel["shown"] if not revoked],
                    }
                    for channel in channels
                    if channel["channel"] in chosen
                ]
                values["confirm"] = confirm
        return request.render("l10n_br_cobranca_preventiva.optout_page", values)

    def _optout_confirm_key(self, key, channels):
        """What the confirmation POST of ``channels`` on the link ``key`` carries."""
        return hmac(request.env(su=True), CONFIRM_SCOPE, (key, tuple(channels)))

    def _optout_revoke(self, Consent, partner, company, channels, chosen):
        """Revoke every contact of the ``chosen`` channels; their labels."""
        evidence = request.env._(
            "Opt-out page, browser: %(agent)s",
            agent=request.httprequest.user_agent.string or "-",
        )
        done = []
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
        return done
