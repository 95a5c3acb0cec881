"""Data-subject routes (LGPD): the public privacy notice of each company, and the
export (art. 18, ``lgpd_subject_rights``), streamed to the approver, never stored.

The export route only authenticates; ``cobranca.data.subject._data`` checks that the
user is a collection approver and reads the user's current companies only. The
privacy notice holds company settings only (no customer's data): anyone may read it.
"""

import json

from odoo import http
from odoo.http import content_disposition, request


class CobrancaLgpd(http.Controller):
    @http.route(
        "/cobranca/privacidade/<int:company_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,  # frontend page: the opt-out page's layout
        sitemap=False,
    )
    def privacy_notice(self, company_id, **_kwargs):
        # sudo: the notice reads the company's settings for an anonymous visitor
        company = request.env["res.company"].sudo().browse(company_id).exists()
        if not company:
            raise request.not_found()
        notice = request.env["cobranca.privacy.notice"].sudo()._notices(company)[0]
        return request.render("l10n_br_cobranca_preventiva.privacy_notice_page", {"notice": notice})

    @http.route(
        "/cobranca/lgpd/export/<int:partner_id>",
        type="http",
        auth="user",
        methods=["GET"],
        sitemap=False,
    )
    def export(self, partner_id, **_kwargs):
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise request.not_found()
        data = partner._cobranca_subject_data()  # AccessError (403) for anyone else
        request.env["cobranca.data.subject"]._log_export(partner)
        body = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                (
                    "Content-Disposition",
                    content_disposition(f"lgpd-cobranca-{partner.commercial_partner_id.id}.json"),
                ),
                ("Cache-Control", "no-store"),
            ],
        )
