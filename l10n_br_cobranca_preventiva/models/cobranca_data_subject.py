"""The data subject's rights (LGPD art. 18 and 20): what the company holds on a
customer (export), the notice of how it is processed, and the erasure on request.

Who may read or erase: collection approvers, within the companies they are working in
(``self.env.companies``). ``_data`` checks it itself, so every route that reaches it
(the readable report's URL, the JSON export route, RPC through
``res.partner._cobranca_subject_data``) is covered, whatever the route checks.
The notice is written for the customer, in Portuguese; it states what the company
does, not legal conclusions.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext

from ..tools.legal_sources import cite
from .cobranca_privacy import RANKING_FIELDS

APPROVER = "l10n_br_cobranca_preventiva.group_cobranca_approver"


class CobrancaDataSubject(models.AbstractModel):
    _name = "cobranca.data.subject"
    _description = "Collection Data-Subject Rights"

    @api.model
    def _check_approver(self, partners):
        if not (self.env.su or self.env.user.has_group(APPROVER)):
            raise AccessError(
                _("Only collection approvers can export or anonymise a customer's data.")
            )
        partners.check_access("read")

    @api.model
    def _persons(self, partner):
        """The customer and its contacts: everyone whose collection data is exported."""
        return partner.with_context(active_test=False).search(
            [("id", "child_of", partner.commercial_partner_id.id)]
        )

    # ----------------------------------------------------------------- export
    @api.model
    def _data(self, partner):
        """All collection data the user's current companies hold on the customer, as
        plain JSON-able values. For collection approvers only (checked here)."""
        partner.ensure_one()
        self._check_approver(partner)
        companies = self.env.companies
        customer = partner.commercial_partner_id
        persons = self._persons(partner)
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
            "request": cite("lgpd_subject_rights"),
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
            "processing": self._processing_notice(companies),
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
            "whatsapp_messages": self.env["cobranca.whatsapp.message"]._cobranca_export(
                persons, companies
            ),
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
            **self._answers_data(customer, persons, companies),
        }

    @api.model
    def _answers_data(self, customer, persons, companies):
        """What the customer answered, wrote and sent (contests, messages, proofs of
        payment), the notes linked to it, the collection decisions about it in each
        company (credit hold, pinned class, exclusion), the last WhatsApp number it
        wrote from and the other profiles kept about it (``_profile_data``)."""
        Privacy = self.env["cobranca.privacy"]
        moves = Privacy._customer_moves(persons, companies)  # sudo: approver checked
        written = Privacy._customer_messages(moves)
        messages = self.env["mail.message"].sudo().browse(list(written))
        messages |= Privacy._person_messages(persons)
        messages = messages.sorted(lambda m: (m.date, m.id))
        about = {}  # (model, id): what the message is about, read once per model
        for model, group in messages.grouped("model").items():
            for record in self.env[model].sudo().browse(set(group.mapped("res_id"))):
                about[model, record.id] = record.display_name
        return {
            "contests": [
                {
                    "company": move.company_id.name,
                    "invoice": move.name,
                    "in_dispute": move.cobranca_dispute,
                    "reason": move.cobranca_dispute_reason or None,
                }
                for move in moves.filtered(
                    lambda m: m.cobranca_dispute or m.cobranca_dispute_reason
                )
            ],
            "messages": [
                {
                    "date": message.date.isoformat(),
                    "about": about.get((message.model, message.res_id)),
                    "written_by_you": written.get(message.id, True),
                    "type": message.message_type,
                    "text": html2plaintext(message.body or "") or None,
                    "files": message.attachment_ids.mapped("name"),
                }
                for message in messages
            ],
            "proofs": [
                {
                    "invoice": about.get((message.model, message.res_id)),
                    "file": attachment.name,
                    "type": attachment.mimetype,
                    "received_on": attachment.create_date.isoformat(),
                }
                for message in messages.filtered(lambda m: written.get(m.id, True))
                for attachment in message.attachment_ids
            ],
            "collection": [
                {
                    "company": company.name,
                    "excluded": bool(person.cobranca_excluded),
                    "credit_hold": bool(person.cobranca_credit_hold),
                    "pinned_class": person.cobranca_class_manual or None,
                    "whatsapp_last_number": person.cobranca_whatsapp_last_number or None,
                    "whatsapp_last_message": person.cobranca_whatsapp_last_inbound
                    and person.cobranca_whatsapp_last_inbound.isoformat(),
                }
                for company in companies
                for person in [customer.with_company(company).sudo()]
            ],
            **self._profile_data(customer),
        }

    @api.model
    def _profile_data(self, customer):
        """{section: data} of the other profiles kept about the customer, for its
        copy (none here besides the ranking; the insight addon's learned send hour)."""
        return {}

    @api.model
    def _log_export(self, partner):
        """A note on the customer: who exported its data, and when (no attachment)."""
        # sudo: logging on the contact needs no right to edit it; the user is the author
        partner.commercial_partner_id.sudo()._message_log(
            body=_(
                "Collection data exported at the customer's request (%(law)s) by %(user)s.",
                law=cite("lgpd_subject_rights"),
                user=self.env.user.name,
            ),
            author_id=self.env.user.partner_id.id,
        )

    # ------------------------------------------------------------- anonymise
    @api.model
    def _anonymise(self, partners):
        """Erase the collection data of customers who ask (LGPD art. 18, IV and VI), in
        the user's current companies.

        Invoices, payments and accounting entries stay as the law requires. Consents
        keep their status and the keyed hash of the contact (a revocation keeps
        working; what was granted is revoked) but lose contacts, evidence and IPs;
        reminder contents (the texts of every channel, formal notices, call and
        to-do notes, errors, read times), what the customer answered, wrote and sent
        (notes, contest reasons, messages, proofs of payment, WhatsApp downloads), the
        notes linked to it, earlier exports, the last WhatsApp number, the ranking
        and the learned send hour are erased; the customer is excluded from
        collection (and so from the daily ranking).
        """
        self._check_approver(partners)
        companies = self.env.companies
        for partner in partners.commercial_partner_id:
            self.env["cobranca.privacy"]._anonymise(self._persons(partner), companies)
            for company in companies:
                # sudo: an approver may have no right to edit contacts (checked above)
                partner.with_company(company).sudo().cobranca_excluded = True
            partner.sudo()._message_log(
                body=_(
                    "Collection data anonymised at the customer's request (%(law)s) "
                    "by %(user)s in %(companies)s: consent evidence, contacts, reminder "
                    "contents, the customer's answers, messages and proofs of payment, "
                    "the ranking and the learned send hour erased; the customer is "
                    "excluded from collection. Invoices and payments are kept.",
                    law=cite("lgpd_subject_rights"),
                    user=self.env.user.name,
                    companies=", ".join(companies.mapped("name")),
                ),
                author_id=self.env.user.partner_id.id,
            )
        return True

    # ----------------------------------------------------------------- notice
    @api.model
    def _processing_notice(self, companies):
        """The privacy notice of each company (see ``cobranca.privacy.notice``)."""
        return self.env["cobranca.privacy.notice"]._notices(companies)
