"""The customer's answer page of an invoice: ``/my/invoices/<id>/cobranca``.

Linked from every collection email (and mappable as a WhatsApp parameter), reached
with the invoice's portal access token exactly as ``account``'s ``/my/invoices/<id>``:
``_document_check_access``. In Brazilian Portuguese, it identifies the creditor and
lets the customer promise a payment date, contest the invoice, say it is paid (with
a proof of payment) or, when the invoice is overdue, propose installments. Each form
is a CSRF-protected POST that calls the invoice's entry points
(``account.move._cobranca_customer_*``); a refused answer shows why on the page and
changes nothing. A wrong or missing token: GET goes to ``/my`` (as ``account`` does),
POST gets 403.
"""

import logging
from datetime import timedelta

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import format_amount, format_date

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.cobranca_answer import MAX_PROOF_BYTES, CobrancaAnswerError
from ..models.cobranca_installment_proposal import MAX_INSTALLMENTS, MIN_INSTALLMENTS
from ..tools import masking

_logger = logging.getLogger(__name__)

ACTIONS = ("promise", "contest", "paid", "installment")


class CobrancaPortal(CustomerPortal):
    @http.route(
        "/my/invoices/<int:invoice_id>/cobranca",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,  # frontend page: portal layout, customer's language
        sitemap=False,
    )
    def cobranca_answer(self, invoice_id, access_token=None, **post):
        is_post = request.httprequest.method == "POST"
        try:
            move = self._document_check_access("account.move", invoice_id, access_token)
        except (AccessError, MissingError):
            _logger.info(
                "Collection answer page refused for invoice %s from %s",
                invoice_id,
                request.httprequest.remote_addr,
            )
            if is_post:
                raise Forbidden() from None
            return request.redirect("/my")
        if move.move_type != "out_invoice" or move.state != "posted":
            if is_post:
                raise Forbidden()
            return request.redirect("/my")
        done = error = None
        if is_post and post.get("action") in ACTIONS:
            try:
                with request.env.cr.savepoint():
                    self._cobranca_act(move, post["action"], post)
                done = post["action"]
            except CobrancaAnswerError as refused:
                error = refused.code
            move.invalidate_recordset()
        values = self._cobranca_page_values(move, access_token, done, error)
        return request.render(
            "l10n_br_cobranca_preventiva.portal_cobranca_page",
            values,
            status=400 if error else 200,
        )

    def _cobranca_act(self, move, action, post):
        """Run one answer (the entry points check everything before they change
        anything)."""
        note = post.get("note")
        if action == "promise":
            move._cobranca_customer_promises(post.get("date"), "portal", "portal", note=note)
        elif action == "contest":
            move._cobranca_customer_contests(post.get("reason"), "portal", "portal")
        elif action == "installment":
            move._cobranca_customer_proposes_installments(
                post.get("count"), post.get("first_date"), "portal", "portal", note=note
            )
        else:
            upload = request.httprequest.files.get("comprovante")
            files = None
            if upload and upload.filename:
                # one byte more than allowed is enough to refuse it
                files = [(upload.filename, upload.read(MAX_PROOF_BYTES + 1))]
            move._cobranca_customer_says_paid("portal", "portal", attachments=files, note=note)

    def _cobranca_page_values(self, move, access_token, done, error):
        env = request.env
        company = move.company_id
        today = company._cobranca_today()
        limit = today + timedelta(days=company.cobranca_promise_max_days)
        Answer = env["cobranca.answer"]
        promise = move.cobranca_promise_id
        pt = {"lang_code": "pt_BR"}
        return {
            "move": move,
            "company": company,
            "first_name": masking.first_name(move.partner_id.name or ""),
            "token": access_token or "",
            "action_url": f"/my/invoices/{move.id}/cobranca",
            "invoice_url": move.get_portal_url(),
            "amount": format_amount(env, move.cobranca_amount_due, move.currency_id, "pt_BR"),
            "due_date": format_date(env, move.cobranca_due_date, **pt),
            "is_open": Answer._is_open(move),
            "is_overdue": bool(
                move.cobranca_effective_due_date and move.cobranca_effective_due_date < today
            ),
            "promise_date": promise and format_date(env, promise.date, **pt),
            "paid_claim_until": move.cobranca_paid_claim_until
            and format_date(env, move.cobranca_paid_claim_until, **pt),
            "in_dispute": move.cobranca_dispute,
            "installment_pending": move.cobranca_installment_pending,
            "min_date": today.isoformat(),
            "max_date": limit.isoformat(),
            "max_date_label": format_date(env, limit, **pt),
            "max_days": company.cobranca_promise_max_days,
            "min_installments": MIN_INSTALLMENTS,
            "max_installments": MAX_INSTALLMENTS,
            "max_file_mb": MAX_PROOF_BYTES // (1024 * 1024),
            "done": done,
            "error": error,
        }
