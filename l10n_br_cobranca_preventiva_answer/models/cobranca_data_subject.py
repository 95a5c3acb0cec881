"""The answers in the customer's copy of its data: promises, installment proposals,
due day requests, WhatsApp files to download."""

from odoo import api, models


class CobrancaDataSubject(models.AbstractModel):
    _inherit = "cobranca.data.subject"

    @api.model
    def _answers_data(self, customer, persons, companies):
        """And the customer's promises, installment proposals and WhatsApp files to
        download."""
        data = super()._answers_data(customer, persons, companies)
        answer_scope = [("partner_id", "=", customer.id), ("company_id", "in", companies.ids)]
        promises = self.env["cobranca.promise"].search(answer_scope, order="id")
        proposals = self.env["cobranca.installment.proposal"].search(answer_scope, order="id")
        due_days = self.env["cobranca.due.day.request"].search(answer_scope, order="id")
        moves = self.env["cobranca.privacy"]._customer_moves(persons, companies)
        downloads = (
            self.env["cobranca.whatsapp.proof"].sudo().search([("move_id", "in", moves.ids)])
        )
        data.update(
            {
                "promises": [
                    {
                        "company": p.company_id.name,
                        "invoice": p.move_id.name,
                        "date": p.date.isoformat(),
                        "amount": p.amount,
                        "source": p.source,
                        "channel": p.channel or None,
                        "state": p.state,
                        "note": p.note or None,
                        "recorded_on": p.create_date.isoformat(),
                    }
                    for p in promises
                ],
                "installment_proposals": [
                    {
                        "company": p.company_id.name,
                        "invoice": p.move_id.name,
                        "installments": p.installment_count,
                        "first_date": p.first_date.isoformat(),
                        "amount": p.amount,
                        "source": p.source,
                        "state": p.state,
                        "note": p.note or None,
                        "proposed_on": p.create_date.isoformat(),
                    }
                    for p in proposals
                ],
                "due_day_requests": [
                    {
                        "company": r.company_id.name,
                        "invoice": r.move_id.name or None,
                        "day": r.day,
                        "source": r.source,
                        "state": r.state,
                        "note": r.note or None,
                        "reason": r.decision_note or None,
                        "asked_on": r.create_date.isoformat(),
                    }
                    for r in due_days
                ],
                "whatsapp_downloads": [
                    {
                        "invoice": download.move_id.name,
                        "file": download.filename or None,
                        "media_id": download.media_id,
                        "state": download.state,
                        "received_on": download.create_date.isoformat(),
                    }
                    for download in downloads
                ],
            }
        )
        return data
