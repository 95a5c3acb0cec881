"""Erasing collection data: anonymisation at the customer's request (LGPD art. 18,
``lgpd_subject_rights``), and the erasures the retention purge (``cobranca.retention``)
uses.

Both erase contents and keep the facts: a reminder keeps its state, dates and
reason, a consent its status and the keyed hash of its contact (a revocation keeps
working), an event its status, basis, source, date and author. Evidence is
append-only for every user, so it is erased here in SQL, set-based.
"""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools.legal_sources import cite
from .cobranca_bulk import bulk_update
from .res_partner import RANKED_FIELDS

#: Company-dependent ranking fields of a customer, erased with its collection data.
RANKING_FIELDS = ("cobranca_class_manual", *RANKED_FIELDS)
#: Name of the JSON exports earlier versions attached to the customer.
EXPORT_PATTERN = "lgpd-cobranca-%"


class CobrancaPrivacy(models.AbstractModel):
    _name = "cobranca.privacy"
    _description = "Collection Data Erasure"

    # ------------------------------------------------------------- anonymise
    @api.model
    def _anonymise(self, persons, companies):
        """Erase the collection data held on ``persons`` in ``companies`` only.

        Callers check the user (approver) first; this runs as superuser because an
        approver may have no right to edit contacts, and evidence is append-only.
        """
        self = self.sudo()
        notice = _(
            "Content removed at the customer's request (%(law)s).",
            law=cite("lgpd_subject_rights"),
        )
        consents = self.env["cobranca.consent"].search(
            [("partner_id", "in", persons.ids), ("company_id", "in", companies.ids)]
        )
        self._erase_consents(consents)
        reminders = self.env["cobranca.reminder"].search(
            [
                ("company_id", "in", companies.ids),
                "|",
                ("commercial_partner_id", "in", persons.ids),
                ("partner_id", "in", persons.ids),
            ]
        )
        self._erase_reminders(reminders, notice)
        self.env.execute_query(
            SQL(
                "UPDATE cobranca_reminder SET partner_id = NULL WHERE id = ANY(%s)",
                reminders.ids,
            )
        )
        self.env["ir.attachment"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", persons.ids),
                ("name", "=like", EXPORT_PATTERN),
            ]
        ).unlink()
        self._erase_answers(self._customer_moves(persons, companies), notice)
        self._erase_person_messages(persons, notice)
        self.env["cobranca.whatsapp.message"]._cobranca_erase(persons, companies, notice)
        for company in companies:  # the last WhatsApp number they wrote from
            persons.sudo().with_company(company).write(
                {"cobranca_whatsapp_last_inbound": False, "cobranca_whatsapp_last_number": False}
            )
        keys = [str(company.id) for company in companies]
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner SET %s WHERE id = ANY(%s);
                """,
                SQL(", ").join(
                    SQL(
                        "%s = %s - %s::text[]",
                        SQL.identifier(name),
                        SQL.identifier(name),
                        keys,
                    )
                    for name in RANKING_FIELDS
                ),
                persons.ids,
            )
        )
        self._erase_profiles(persons)
        self.env.invalidate_all()

    @api.model
    def _erase_profiles(self, persons):
        """Erase the other profiles kept about these persons (LGPD art. 12 §2): none
        here besides the ranking; the insight addon erases the learned send hour."""

    @api.model
    def _customer_moves(self, persons, companies):
        """The customer invoices of ``persons`` (a customer and its contacts) in
        ``companies``: where collection data about them lives."""
        return (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("move_type", "=", "out_invoice"),
                    ("commercial_partner_id", "in", persons.ids),
                ]
            )
        )

    @api.model
    def _customer_messages(self, moves):
        """{message id: written by the customer} of the chatter of these invoices (the
        answer addon adds its own records' chatter): what the customer wrote (email replies,
        WhatsApp answers, portal answers, with the files sent: proofs of payment)
        and the notes linked to the customer (``partner_ids``, as Odoo logs a text
        message sent to a person), such as "also sent on WhatsApp to +55…"."""
        if not moves:
            return {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT msg.id, coalesce(a.commercial_partner_id, a.id) IS NOT DISTINCT FROM
                               m.commercial_partner_id
                  FROM mail_message msg
                  JOIN account_move m ON msg.model = 'account.move' AND msg.res_id = m.id
             LEFT JOIN res_partner a ON a.id = msg.author_id
                 WHERE m.id = ANY(%(moves)s) AND %(customer_message)s
                """,
                moves=moves.ids,
                customer_message=self._customer_message_sql(),
            )
        )
        return dict(rows)

    @api.model
    def _customer_message_sql(self):
        """The condition on ``msg`` (a mail_message of the invoice ``m``) and ``a``
        (its author, LEFT JOINed) of :meth:`_customer_messages`: written by the
        customer, or addressed to it by a note linked to it or by an email the
        addon sends in the company's name (the decisions on its answers; the
        reminders' own are erased with their reminders). An invoice sent by a user
        (Odoo's "Send") is accounting, not collection: it stays."""
        return SQL(
            """
            (coalesce(a.commercial_partner_id, a.id) = m.commercial_partner_id
             OR ((msg.message_type = 'notification'
                  OR (msg.message_type = 'comment' AND msg.author_id = (
                      SELECT partner_id FROM res_company WHERE id = m.company_id)))
                 AND EXISTS (
                 SELECT 1 FROM mail_message_res_partner_rel rel
                   JOIN res_partner p ON p.id = rel.res_partner_id
                  WHERE rel.mail_message_id = msg.id
                    AND coalesce(p.commercial_partner_id, p.id) = m.commercial_partner_id)))
            """
        )

    @api.model
    def _person_messages(self, persons):
        """Messages ``persons`` wrote that are logged on their own contact (WhatsApp
        messages that answered no reminder)."""
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", persons.ids),
                    ("author_id", "in", persons.ids),
                    ("message_type", "=", "comment"),
                ]
            )
        )

    @api.model
    def _erase_answers(self, moves, notice):
        """What the customer wrote or sent about these invoices (the answer addon adds
        its promise and proposal notes and WhatsApp files to download): the contest
        reason, its messages (email replies, WhatsApp and portal answers) and their
        files (proofs of payment, from the portal, WhatsApp or email), the notes linked to the
        customer (e.g. the collector's "also sent on WhatsApp to +55…"), and the
        collector's to-dos about the invoices (their notes, and what a to-do marked
        done left in the chatter). The facts (dates, amounts, states, who wrote) stay;
        the chatter says ``notice``."""
        moves = moves.sudo()
        if not moves:
            return
        written = self._customer_messages(moves)
        messages = self.env["mail.message"].sudo().browse(list(written))
        sent = messages.filtered(lambda m: written[m.id]).attachment_ids
        sent.unlink()
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                UPDATE account_move SET cobranca_dispute_reason = NULL,
                                        cobranca_answers_erased_date = %(now)s
                 WHERE id = ANY(%(moves)s);
                UPDATE mail_message SET body = %(notice)s, subject = NULL, email_from = NULL
                 WHERE id = ANY(%(messages)s);
                -- the collector's to-dos name the files and quote what was answered, and
                -- a to-do marked done leaves its note and feedback in the chatter
                UPDATE mail_activity SET note = %(notice)s
                 WHERE automated AND res_model = 'account.move' AND res_id = ANY(%(moves)s);
                UPDATE mail_message SET body = %(notice)s
                 WHERE mail_activity_type_id IS NOT NULL
                   AND model = 'account.move' AND res_id = ANY(%(moves)s);
                """,
                moves=moves.ids,
                messages=messages.ids,
                notice=str(Markup("<p>%s</p>") % notice),
                now=fields.Datetime.now(),
            )
        )
        self.env.invalidate_all()

    @api.model
    def _erase_person_messages(self, persons, notice):
        """The messages ``persons`` wrote on their own contact and their files, and the
        notes of the automated to-dos about them (the early warning's reason)."""
        messages = self._person_messages(persons)
        messages.attachment_ids.unlink()
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                UPDATE mail_message SET body = %(notice)s, subject = NULL, email_from = NULL
                 WHERE id = ANY(%(messages)s);
                UPDATE mail_activity SET note = %(notice)s
                 WHERE automated AND res_model = 'res.partner' AND res_id = ANY(%(persons)s);
                """,
                notice=str(Markup("<p>%s</p>") % notice),
                messages=messages.ids,
                persons=persons.ids,
            )
        )
        self.env.invalidate_all()

    @api.model
    def _erase_consents(self, consents):
        """Erase contacts and evidence of these consents; a granted one is revoked
        first (erasing a consent ends it). Statuses and keyed hashes stay."""
        consents = consents.sudo()
        if not consents:
            return
        self.env.flush_all()
        missing = consents.filtered(lambda c: c.contact and not c.contact_hash)
        if missing:  # consents recorded before the hash existed
            Consent = self.env["cobranca.consent"]
            hashes = [Consent._hash(c.contact) for c in missing]
            bulk_update(
                self.env, Consent._table, missing.ids, [("contact_hash", "varchar", hashes)]
            )
        granted = consents.filtered(lambda c: c.status == "granted")
        self._erase_evidence(consents.event_ids)
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_consent SET contact = NULL WHERE id = ANY(%(ids)s);
                UPDATE cobranca_consent_event SET contact = NULL WHERE consent_id = ANY(%(ids)s);
                """,
                ids=consents.ids,
            )
        )
        self.env.invalidate_all()
        if granted:
            evidence = _("Revoked by the erasure requested by the customer.")
            self.env["cobranca.consent.event"].create(
                [
                    {
                        "consent_id": consent.id,
                        "status": "revoked",
                        "legal_basis": consent.legal_basis,
                        "source": "clerk",
                        "evidence": evidence,
                    }
                    for consent in granted
                ]
            )

    @api.model
    def _erase_evidence(self, events):
        """Evidence text, file and IP of these consent events."""
        if not events:
            return
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", "cobranca.consent.event"),
                ("res_field", "=", "evidence_file"),
                ("res_id", "in", events.ids),
            ]
        ).unlink()
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_consent_event
                   SET evidence = NULL, evidence_filename = NULL, ip_address = NULL
                 WHERE id = ANY(%s)
                """,
                events.ids,
            )
        )
        events.invalidate_recordset()

    @api.model
    def _erase_reminders(self, reminders, notice):
        """Erase what these reminders said: the texts of every channel (and their
        queued copies), attachments such as formal notices, call and to-do notes,
        error texts, and when the customer read them (what the send hour is learned
        from). The chatter keeps a message saying ``notice``."""
        reminders = reminders.sudo()
        if not reminders:
            return
        self.env.flush_all()
        Message = self.env["mail.message"].sudo()
        types = reminders.step_id.activity_type_id | self.env.ref("mail.mail_activity_data_todo")
        messages = reminders.mail_message_id | Message.search(
            [  # a done call or to-do becomes a chatter message with its note
                ("model", "=", "account.move"),
                ("res_id", "in", reminders.move_id.ids),
                ("mail_activity_type_id", "in", types.ids),
            ]
        )
        # one email can remind several invoices: it goes with the last of them
        messages -= (
            self.env["cobranca.reminder"]
            .sudo()
            .search_fetch(
                [
                    ("mail_message_id", "in", messages.ids),
                    ("id", "not in", reminders.ids),
                    ("content_erased_date", "=", False),
                ],
                ["mail_message_id"],
            )
            .mail_message_id
        )
        if messages:
            messages.attachment_ids.unlink()  # the formal notice PDFs
            # each channel's own copies: queued emails, the numbers texts went to
            for service in self.env["cobranca.channel"]._cobranca_channels().values():
                service._erase_messages(messages)
            self.env.execute_query(
                SQL(
                    """
                    UPDATE mail_message SET body = %(body)s WHERE id = ANY(%(ids)s);
                    UPDATE mail_notification SET failure_reason = NULL
                     WHERE mail_message_id = ANY(%(ids)s);
                    """,
                    body=str(Markup("<p>%s</p>") % notice),
                    ids=messages.ids,
                )
            )
        activities = reminders.activity_id.with_context(active_test=False).exists()
        done = activities.filtered(lambda a: not a.active)  # kept done (archived)
        (activities - done).unlink()  # pending: nobody needs to call anymore
        if done:
            self.env.execute_query(
                SQL("UPDATE mail_activity SET note = NULL WHERE id = ANY(%s)", done.ids)
            )
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder
                   SET error = NULL, read_date = NULL, content_erased_date = %s
                 WHERE id = ANY(%s)
                """,
                fields.Datetime.now(),
                reminders.ids,
            )
        )
        self.env.invalidate_all()
