"""LGPD on the customer: consents, data-subject export (art. 18) and anonymisation.

Who may read or erase: collection approvers, within the companies they are working
in (``self.env.companies``). ``_cobranca_subject_data`` checks it itself, so every
route that reaches it (the readable report's URL, the JSON export route, RPC) is
covered, whatever the route checks or forgets to check.
"""

from odoo import _, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext

from .cobranca_privacy import RANKING_FIELDS

APPROVER = "l10n_br_cobranca_preventiva.group_cobranca_approver"
EXPORT_ROUTE = "/cobranca/lgpd/export/%s"


class ResPartner(models.Model):
    _inherit = "res.partner"

    cobranca_consent_ids = fields.One2many(
        "cobranca.consent", "partner_id", string="Collection Consents"
    )
    cobranca_consent_event_ids = fields.One2many(
        "cobranca.consent.event", "partner_id", string="Consent History"
    )

    def action_cobranca_consent_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Record Consent"),
            "res_model": "cobranca.consent.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": self.ids},
        }

    def _cobranca_check_approver(self):
        if not (self.env.su or self.env.user.has_group(APPROVER)):
            raise AccessError(
                _("Only collection approvers can export or anonymise a customer's data.")
            )
        self.check_access("read")

    # ----------------------------------------------------------------- export
    def _cobranca_subject_persons(self):
        """The customer and its contacts: everyone whose collection data is exported."""
        self.ensure_one()
        return self.with_context(active_test=False).search(
            [("id", "child_of", self.commercial_partner_id.id)]
        )

    def _cobranca_subject_data(self):
        """All collection data the user's current companies hold on the customer, as
        plain JSON-able values. For collection approvers only (checked here)."""
        self.ensure_one()
        self._cobranca_check_approver()
        companies = self.env.companies
        customer = self.commercial_partner_id
        persons = self._cobranca_subject_persons()
        # read as the approver: the record rules keep other companies out too
        consents = self.env["cobranca.consent"].search(
            [("partner_id", "in", persons.ids), ("company_id", "in", companies.ids)]
        )
        reminders = self.env["cobranca.reminder"].search(
            [
                ("company_id", "in", companies.ids),
                "|",
                ("commercial_partner_id", "in", persons.ids),
                ("partner_id", "in", persons.ids),
            ],
            order="scheduled_date, id",
        )
        ranked = companies.filtered(lambda c: customer.with_company(c).cobranca_ranking_date)

        def selection(record, name):
            return dict(record._fields[name]._description_selection(self.env)).get(record[name])

        return {
            "generated_at": fields.Datetime.now().isoformat(),
            "request": "LGPD art. 18",
            "data_subject": {
                "name": customer.name,
                "vat": customer.vat or None,
                "contacts": [
                    {
                        "name": p.name,
                        "email": p.email or None,
                        "phone": p.phone or None,
                        "mobile": p.mobile or None,
                    }
                    for p in persons
                ],
            },
            "processing": companies._cobranca_processing_notice(),
            "consents": [
                {
                    "company": c.company_id.name,
                    "person": c.partner_id.name,
                    "channel": c.channel,
                    "contact": c.contact or None,
                    "status": c.status,
                    "history": [
                        {
                            "date": e.date.isoformat(),
                            "status": e.status,
                            "legal_basis": e.legal_basis,
                            "source": e.source,
                            "evidence": e.evidence or None,
                            "ip_address": e.ip_address or None,
                            "recorded_by": e.user_id.name,
                        }
                        for e in c.event_ids.sorted("id")
                    ],
                }
                for c in consents
            ],
            "reminders": [
                {
                    "company": r.company_id.name,
                    "invoice": r.move_id.name,
                    "step": r.step_id.name,
                    "channel": r.channel,
                    "scheduled_date": r.scheduled_date.isoformat(),
                    "state": r.state,
                    "reason": selection(r, "skip_reason"),
                    "error": r.error or None,
                    "sent_date": r.sent_date and r.sent_date.isoformat(),
                    "sent_to": r.partner_id.name or None,
                    "legal_basis": r.legal_basis or None,
                    "subject": r.mail_message_id.subject or None,
                    "content": r.mail_message_id.body and html2plaintext(r.mail_message_id.body),
                }
                for r in reminders
            ],
            "ranking": [
                {
                    "company": company.name,
                    **{
                        name: customer.with_company(company)[name] or None
                        for name in RANKING_FIELDS
                        if name not in ("cobranca_ranking_date", "cobranca_class_manual")
                    },
                    "cobranca_ranking_date": customer.with_company(
                        company
                    ).cobranca_ranking_date.isoformat(),
                }
                for company in ranked
            ],
        }

    def action_cobranca_export_data(self):
        """Download, as one JSON file, the collection data held on the customer (the
        route streams it: nothing is left attached to the customer)."""
        self.ensure_one()
        self._cobranca_check_approver()
        return {
            "type": "ir.actions.act_url",
            "url": EXPORT_ROUTE % self.commercial_partner_id.id,
            "target": "self",
        }

    def action_cobranca_export_report(self):
        """The same data as a readable page (HTML report)."""
        self.ensure_one()
        self._cobranca_check_approver()
        return self.env.ref(
            "l10n_br_cobranca_preventiva.action_report_cobranca_data_subject"
        ).report_action(self.commercial_partner_id)

    def _cobranca_log_export(self):
        """A note on the customer: who exported its data, and when (no attachment)."""
        self.ensure_one()
        # sudo: logging on the contact needs no right to edit it; the user is the author
        self.commercial_partner_id.sudo()._message_log(
            body=_(
                "Collection data exported at the customer's request (LGPD art. 18) by %(user)s.",
                user=self.env.user.name,
            ),
            author_id=self.env.user.partner_id.id,
        )

    # ------------------------------------------------------------- anonymise
    def action_cobranca_anonymise(self):
        """Erase the collection data of a customer who asks (LGPD art. 18, IV and VI),
        in the user's current companies.

        Invoices, payments and accounting entries stay as the law requires. Consents
        keep their status and the keyed hash of the contact (a revocation keeps
        working; what was granted is revoked) but lose contacts, evidence and IPs;
        reminder contents (email, SMS and WhatsApp texts, formal notices, call and
        to-do notes, errors), earlier exports and the ranking are erased; the customer
        is excluded from collection.
        """
        self._cobranca_check_approver()
        companies = self.env.companies
        for partner in self.commercial_partner_id:
            persons = partner._cobranca_subject_persons()
            self.env["cobranca.privacy"]._cobranca_anonymise(persons, companies)
            for company in companies:
                # sudo: an approver may have no right to edit contacts (checked above)
                partner.with_company(company).sudo().cobranca_excluded = True
            partner.sudo()._message_log(
                body=_(
                    "Collection data anonymised at the customer's request (LGPD art. 18) "
                    "by %(user)s in %(companies)s: consent evidence, contacts, reminder "
                    "contents and ranking erased; the customer is excluded from "
                    "collection. Invoices and payments are kept.",
                    user=self.env.user.name,
                    companies=", ".join(companies.mapped("name")),
                ),
                author_id=self.env.user.partner_id.id,
            )
        return True
