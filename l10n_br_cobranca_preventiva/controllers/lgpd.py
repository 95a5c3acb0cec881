"""Data-subject export (LGPD art. 18, ``lgpd_subject_rights``): streamed to the
approver, never stored.

The route only authenticates; ``cobranca.data.subject._data`` checks that the
user is a collection approver and reads the user's current companies only.
"""

import json

from odoo import http
from odoo.http import content_disposition, request


class CobrancaLgpd(http.Controller):
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
