"""The customer's answer page of an invoice: ``/my/invoices/<id>/cobranca``.

Linked from every collection email (and mappable as a WhatsApp parameter), reached
with the invoice's portal access token exactly as ``account``'s ``/my/invoices/<id>``:
``_document_check_access``. In Brazilian Portuguese, it identifies the creditor and
lets the customer promise a payment date, contest the invoice, say it is paid (with
a proof of payment), when the invoice is overdue, propose installments, or ask for
a due day for its next invoices (``cobranca.due.day.request``). Each form
is a CSRF-protected POST that calls the answers' entry points (``cobranca.answer``);
a refused answer shows why on the page and
changes nothing. A wrong or missing token: GET goes to ``/my`` (as ``account`` does),
POST gets 403.

Who speaks: the customer is whoever holds the invoice's token, or a portal user of the
invoice's customer; its answers come from the customer (source ``portal``). An
internal user never speaks as the customer, token or not: it answers in its own name
(source ``clerk``, the chatter shows it as the author), with its own rights, and only
when it may change the invoice; the page tells it so. Anybody else is refused as with
a wrong token.
"""

import logging
from datetime import timedelta

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq, format_amount, format_date

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import (
    is_paid_invoice,
    is_posted_invoice,
)
from odoo.addons.l10n_br_cobranca_preventiva.tools import masking
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.cobranca_answer import MAX_PROOF_BYTES, CobrancaAnswerError
from ..models.cobranca_installment_proposal import MAX_INSTALLMENTS, MIN_INSTALLMENTS

_logger = logging.getLogger(__name__)

ACTIONS = ("promise", "contest", "paid", "installment", "due_day")


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
        if not is_posted_invoice(move):
            if is_post:
                raise Forbidden()
            return request.redirect("/my")
        staff = request.env.user._is_internal()
        if staff:
            # in its own name and with its own rights, whatever token it holds
            actor = request.env["account.move"].browse(move.id)
            can_act = self._cobranca_may_change(actor)
        elif self._cobranca_is_customer(move, access_token):
            actor, can_act = move, True
        else:
            if is_post:
                raise Forbidden()
            return request.redirect("/my")
        done = error = None
        if is_post and post.get("action") in ACTIONS:
            try:
                if not can_act:
                    raise AccessError(request.env._("You may not change this invoice."))
                with request.env.cr.savepoint():
                    self._cobranca_act(actor, post["action"], post, "clerk" if staff else "portal")
                done = post["action"]
            except CobrancaAnswerError as refused:
                error = refused.code
            except AccessError:
                error = "not_allowed"
            move.invalidate_recordset()
        values = self._cobranca_page_values(move, access_token, done, error)
        values.update(
            staff=staff,
            staff_name=request.env.user.name,
            can_act=can_act,
            handover=values["handover"] and not staff,  # staff answers are not budgeted
        )
        return request.render(
            "l10n_br_cobranca_preventiva_answer.portal_cobranca_page",
            values,
            status=403 if error == "not_allowed" else 400 if error else 200,
        )

    @staticmethod
    def _cobranca_is_customer(move, access_token):
        """The holder of the invoice's token, or a portal user of its customer."""
        if access_token and move.access_token and consteq(move.access_token, access_token):
            return True
        user = request.env.user
        return not user._is_public() and (
            user.partner_id.commercial_partner_id == move.commercial_partner_id
        )

    @staticmethod
    def _cobranca_may_change(move):
        try:
            move.check_access("write")
        except AccessError:
            return False
        return True

    def _cobranca_act(self, move, action, post, source):
        """Run one answer (the entry points check everything before they change
        anything). ``source``: ``portal`` (the customer) or ``clerk`` (an internal
        user, in its own name)."""
        note = post.get("note")
        channel = "portal" if source == "portal" else None
        if action == "promise":
            move.env["cobranca.answer"]._promise(move, post.get("date"), source, channel, note=note)
        elif action == "contest":
            move.env["cobranca.answer"]._contest(move, post.get("reason"), source, channel)
        elif action == "due_day":
            move.env["cobranca.due.day.request"]._ask(
                move, post.get("day"), source, channel, note=note
            )
        elif action == "installment":
            move.env["cobranca.installment.proposal"]._propose(
                move, post.get("count"), post.get("first_date"), source, channel, note=note
            )
        else:
            upload = request.httprequest.files.get("comprovante")
            files = None
            if upload and upload.filename:
                # one byte more than allowed is enough to refuse it
                files = [(upload.filename, upload.read(MAX_PROOF_BYTES + 1))]
            move.env["cobranca.answer"]._says_paid(
                move, source, channel, attachments=files, note=note
            )

    @staticmethod
    def _cobranca_due_day_values(move):
        """The days offered, the day chosen and the day asked (waiting), for the page."""
        company = move.company_id
        # sudo: the customer's own due day, shown to whoever may see this page
        customer = move.commercial_partner_id.sudo().with_company(company)
        pending = (
            request.env["cobranca.due.day.request"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", customer.id),
                    ("company_id", "=", company.id),
                    ("state", "=", "requested"),
                ],
                limit=1,
            )
        )
        return {
            "due_days": company._cobranca_due_days(),
            "current_due_day": customer.cobranca_due_day,
            "pending_due_day": pending.day,
        }

    def _cobranca_page_values(self, move, access_token, done, error):
        env = request.env
        company = move.company_id
        today = env["cobranca.calendar"]._today(company)
        limit = today + timedelta(days=company.cobranca_promise_max_days)
        Answer = env["cobranca.answer"]
        promise = move.cobranca_promise_id
        pt = {"lang_code": "pt_BR"}
        if (done == "promise" and not promise) or (
            done == "paid" and not move.cobranca_paid_claim_until
        ):
            done = "handed_over"  # the customer's budget is spent: a person decides
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
            "max_proofs": company.cobranca_proof_max_count,
            "max_proofs_mb": company.cobranca_proof_max_mb,
            # what the page promises follows what the answer will do
            "handover": bool(env["cobranca.answer.guard"]._handover_reason(move)),
            # what was decided on the customer's answers (the emails say the same)
            "decisions": env["cobranca.notice"]._page_decisions(move),
            "payment_confirmed": is_paid_invoice(move),
            # the customer picks its due day (cobranca.due.day.request)
            **self._cobranca_due_day_values(move),
            "done": done,
            "error": error,
        }
