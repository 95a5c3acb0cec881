"""The SMS's own way to the public opt-out page: ``/cobranca/o/<code>``, a random code
of 128 bits drawn once per SMS and stored on its reminder
(``cobranca.consent._optout_code_target``), short enough for an SMS and unguessable.
It names the contact and the company as the emails' signed link does, expires after
the company's validity setting (counted from when the SMS went out) and is
rate-limited with the other opt-out links: the page is the app's (``_optout_serve``)."""

from odoo import http
from odoo.http import request

from odoo.addons.l10n_br_cobranca_preventiva.controllers.optout import (
    ROUTE_OPTIONS,
    CobrancaOptOut,
)


class CobrancaOptOutCode(CobrancaOptOut):
    @http.route("/cobranca/o/<string:code>", **ROUTE_OPTIONS)
    def optout_code(self, code, **post):
        return self._optout_serve(
            f"/cobranca/o/{code}",
            code,
            lambda: request.env["cobranca.consent"].sudo()._optout_code_target(code),
        )
