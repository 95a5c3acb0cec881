"""LGPD on the customer: consents, data-subject export (art. 18) and anonymisation."""

import json

from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, html2plaintext

APPROVER = "l10n_br_cobranca_preventiva.group_cobranca_approver"
_RANKING_FIELDS = (
    "cobranca_class",
    "cobranca_class_manual",
    "cobranca_score",
    "cobranca_avg_days_late",
    "cobranca_on_time_rate",
    "cobranca_overdue_amount",
    "cobranca_paid_count",
    "cobranca_usual_delay",
    "cobranca_early_warning",
    "cobranca_early_warning_reason",
    "cobranca_ranking_date",
)


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
        if not self.env.user.has_group(APPROVER):
            raise AccessError(
                _("Only collection approvers can export or anonymise a customer's data.")
            )

    # ----------------------------------------------------------------- export
    def _cobranca_subject_persons(self):
        """The customer and its contacts: everyone whose collection data is exported."""
        self.ensure_one()
        return self.with_context(active_test=False).search(
            [("id", "child_of", self.commercial_partner_id.id)]
        )

    def _cobranca_subject_data(self):
        """All collection data held on the customer, as plain JSON-able values."""
        self.ensure_one()
        persons = self._cobranca_subject_persons()
        consents = self.env["cobranca.consent"].sudo().search([("partner_id", "in", persons.ids)])
        reminders = (
            self.env["cobranca.reminder"]
            .sudo()
            .search(
                [
                    "|",
                    ("commercial_partner_id", "in", persons.ids),
                    ("partner_id", "in", persons.ids),
                ],
                order="scheduled_date, id",
            )
        )
        companies = consents.company_id | reminders.company_id | self.env.company

        def selection(record, name):
            return dict(record._fields[name]._description_selection(self.env)).get(record[name])

        return {
            "generated_at": fields.Datetime.now().isoformat(),
            "legal_basis": "LGPD art. 18",
            "data_subject": {
                "name": self.commercial_partner_id.name,
                "vat": self.commercial_partner_id.vat or None,
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
            "consents": [
                {
                    "company": c.company_id.name,
                    "person": c.partner_id.name,
                    "channel": c.channel,
                    "contact": c.contact,
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
                        for e in c.event_ids.sorted("date")
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
                        name: self.commercial_partner_id.with_company(company)[name] or None
                        for name in _RANKING_FIELDS
                        if name not in ("cobranca_ranking_date", "cobranca_class_manual")
                    },
                    "cobranca_ranking_date": (
                        d.isoformat()
                        if (
                            d := self.commercial_partner_id.with_company(
                                company
                            ).cobranca_ranking_date
                        )
                        else None
                    ),
                }
                for company in companies
            ],
        }

    def action_cobranca_export_data(self):
        """Download, as one JSON file, every collection data held on the customer."""
        self.ensure_one()
        self._cobranca_check_approver()
        data = self._cobranca_subject_data()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"lgpd-cobranca-{self.commercial_partner_id.id}.json",
                "raw": json.dumps(data, ensure_ascii=False, indent=2).encode(),
                "mimetype": "application/json",
                "res_model": "res.partner",
                "res_id": self.commercial_partner_id.id,
            }
        )
        self.commercial_partner_id.message_post(
            body=_("Collection data exported at the customer's request (LGPD art. 18)."),
            attachment_ids=attachment.ids,
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_cobranca_export_report(self):
        """The same data as a readable page (HTML report)."""
        self.ensure_one()
        self._cobranca_check_approver()
        return self.env.ref(
            "l10n_br_cobranca_preventiva.action_report_cobranca_data_subject"
        ).report_action(self.commercial_partner_id)

    # ------------------------------------------------------------- anonymise
    def action_cobranca_anonymise(self):
        """Erase the collection data of a customer who asks (LGPD art. 18, IV and VI).

        Invoices, payments and accounting entries stay as the law requires. Consent
        statuses stay (a revocation must keep working) but lose their evidence, IPs and
        contact values; reminder contents are removed from the invoices' chatter; the
        ranking is cleared; the customer is excluded from collection.
        """
        self._cobranca_check_approver()
        for partner in self.commercial_partner_id:
            persons = partner._cobranca_subject_persons()
            consents = (
                self.env["cobranca.consent"].sudo().search([("partner_id", "in", persons.ids)])
            )
            consents.event_ids.with_context(cobranca_anonymise=True).write(
                {
                    "evidence": False,
                    "evidence_file": False,
                    "evidence_filename": False,
                    "ip_address": False,
                }
            )
            self.env.execute_query(
                SQL(
                    "UPDATE cobranca_consent SET contact = 'anonimizado-' || id WHERE id = ANY(%s)",
                    consents.ids,
                )
            )
            reminders = (
                self.env["cobranca.reminder"]
                .sudo()
                .search(
                    [
                        "|",
                        ("commercial_partner_id", "in", persons.ids),
                        ("partner_id", "in", persons.ids),
                    ]
                )
            )
            erased = Markup("<p>%s</p>") % _(
                "Content removed at the customer's request (LGPD art. 18)."
            )
            messages = reminders.mail_message_id
            self.env.execute_query(
                SQL(
                    "UPDATE mail_message SET body = %s WHERE id = ANY(%s)",
                    str(erased),
                    messages.ids,
                )
            )
            reminders.mail_mail_id.filtered(
                lambda m: m.state in ("outgoing", "exception")
            ).sudo().unlink()
            self.env.execute_query(
                SQL(
                    "UPDATE cobranca_reminder SET error = NULL, partner_id = NULL "
                    "WHERE id = ANY(%s)",
                    reminders.ids,
                )
            )
            self.env.execute_query(
                SQL(
                    "UPDATE res_partner SET %s WHERE id = ANY(%s)",
                    SQL(", ").join(
                        SQL("%s = NULL", SQL.identifier(name)) for name in _RANKING_FIELDS
                    ),
                    persons.ids,
                )
            )
            for company in consents.company_id | reminders.company_id | self.env.company:
                partner.with_company(company).sudo().cobranca_excluded = True
            self.env.invalidate_all()
            partner.message_post(
                body=_(
                    "Collection data anonymised at the customer's request (LGPD art. 18) by "
                    "%(user)s: consent evidence, reminder contents and ranking erased; the "
                    "customer is excluded from collection. Invoices and payments are kept.",
                    user=self.env.user.name,
                )
            )
        return True
