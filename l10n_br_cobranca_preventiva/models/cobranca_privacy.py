"""Erasing collection data: anonymisation at the customer's request (LGPD art. 18,
``lgpd_subject_rights``)
and the retention purge (cron ``ir_cron_cobranca_retention``).

Both erase contents and keep the facts: a reminder keeps its state, dates and
reason, a consent its status and the keyed hash of its contact (a revocation keeps
working), an event its status, basis, source, date and author. Evidence is
append-only for every user, so it is erased here in SQL, set-based.
"""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools.legal_sources import cite

#: Reminders and events purged per cron call (the cron calls again while some remain).
RETENTION_BATCH = 1000
#: Company-dependent ranking fields of a customer, erased with its collection data.
RANKING_FIELDS = (
    "cobranca_class",
    "cobranca_class_manual",
    "cobranca_score",
    "cobranca_avg_days_late",
    "cobranca_on_time_rate",
    "cobranca_overdue_amount",
    "cobranca_paid_count",
    "cobranca_usual_delay",
    "cobranca_broken_promise_count",
    "cobranca_early_warning",
    "cobranca_early_warning_reason",
    "cobranca_ranking_date",
)
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
        self._erase_reminders(
            reminders,
            _(
                "Content removed at the customer's request (%(law)s).",
                law=cite("lgpd_subject_rights"),
            ),
        )
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
        self._erase_answers(persons, companies)
        for company in companies:  # the last WhatsApp number they wrote from
            persons.sudo().with_company(company).write(
                {"cobranca_whatsapp_last_inbound": False, "cobranca_whatsapp_last_number": False}
            )
        keys = [str(company.id) for company in companies]
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET %s WHERE id = ANY(%s)",
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
        self.env.invalidate_all()

    @api.model
    def _erase_answers(self, persons, companies):
        """What the customer wrote when it answered (promises, installment proposals,
        the contest reason, its notes in the chatter of those invoices and
        proposals, its WhatsApp messages logged on its own contact), in
        ``companies``: the facts (dates, amounts, states) stay."""
        self.env.flush_all()
        notice = Markup("<p>%s</p>") % _(
            "Content removed at the customer's request (%(law)s).",
            law=cite("lgpd_subject_rights"),
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_promise SET note = NULL
                 WHERE partner_id = ANY(%(persons)s) AND company_id = ANY(%(companies)s);
                UPDATE cobranca_installment_proposal SET note = NULL, decision_note = NULL
                 WHERE partner_id = ANY(%(persons)s) AND company_id = ANY(%(companies)s);
                UPDATE account_move SET cobranca_dispute_reason = NULL
                 WHERE commercial_partner_id = ANY(%(persons)s)
                   AND company_id = ANY(%(companies)s)
                   AND cobranca_dispute_reason IS NOT NULL;
                UPDATE mail_message msg SET body = %(notice)s
                 WHERE msg.author_id = ANY(%(persons)s)
                   AND ((msg.model = 'account.move' AND msg.res_id IN (
                            SELECT id FROM account_move
                             WHERE commercial_partner_id = ANY(%(persons)s)
                               AND company_id = ANY(%(companies)s)))
                        OR (msg.model = 'cobranca.installment.proposal' AND msg.res_id IN (
                            SELECT id FROM cobranca_installment_proposal
                             WHERE partner_id = ANY(%(persons)s)
                               AND company_id = ANY(%(companies)s)))
                        -- the WhatsApp messages that answered no reminder: on the person
                        OR (msg.model = 'res.partner' AND msg.res_id = ANY(%(persons)s)
                            AND msg.message_type = 'comment'));
                """,
                persons=persons.ids,
                companies=companies.ids,
                notice=str(notice),
            )
        )
        self.env["cobranca.whatsapp.message"]._cobranca_erase(persons, companies, notice)

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
            self.env.execute_query(
                SQL(
                    """
                    UPDATE cobranca_consent c SET contact_hash = v.hash
                      FROM unnest(%s::int[], %s::varchar[]) AS v(id, hash)
                     WHERE c.id = v.id
                    """,
                    missing.ids,
                    [Consent._hash(c.contact) for c in missing],
                )
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
        """Erase what these reminders said: email, SMS and WhatsApp texts (and their
        queued copies), attachments such as formal notices, call and to-do notes,
        error texts. The chatter keeps a message saying ``notice``."""
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
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
            mails.filtered("is_notification").unlink()  # not sent yet: never will be
            self.env["sms.sms"].sudo().search([("mail_message_id", "in", messages.ids)]).unlink()
            self.env.execute_query(
                SQL(
                    """
                    UPDATE mail_message SET body = %(body)s WHERE id = ANY(%(ids)s);
                    UPDATE mail_notification SET sms_number = NULL, failure_reason = NULL
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
                UPDATE cobranca_reminder SET error = NULL, content_erased_date = %s
                 WHERE id = ANY(%s)
                """,
                fields.Datetime.now(),
                reminders.ids,
            )
        )
        self.env.invalidate_all()

    # ------------------------------------------------------------- retention
    @api.model
    def _cron_retention(self, batch_size=RETENTION_BATCH):
        """Daily purge (ir_cron_cobranca_retention), one batch per call: contents of
        the reminders of invoices settled longer ago than the company's retention,
        evidence of the consent events superseded longer ago than that."""
        self = self.sudo()  # a system job over every company
        now = fields.Datetime.now()
        self.env.flush_all()
        reminder_ids, reminders_left = self._expired(self._expired_reminders_query(now), batch_size)
        event_ids, events_left = self._expired(self._expired_evidence_query(now), batch_size)
        self._erase_reminders(
            self.env["cobranca.reminder"].browse(reminder_ids),
            _("Content removed at the end of the retention period."),
        )
        self._erase_evidence(self.env["cobranca.consent.event"].browse(event_ids))
        self.env["ir.cron"]._notify_progress(
            done=len(reminder_ids) + len(event_ids),
            remaining=reminders_left + events_left,
        )

    def _expired(self, query, limit):
        """(first ``limit`` ids of ``query``, how many remain after them)."""
        rows = self.env.execute_query(
            SQL(
                "SELECT id, count(*) OVER () FROM (%s) expired ORDER BY id LIMIT %s",
                query,
                limit,
            )
        )
        ids = [row[0] for row in rows]
        return ids, (rows[0][1] - len(ids)) if rows else 0

    def _expired_reminders_query(self, now):
        """Reminders with contents whose invoice was settled (paid, reversed,
        cancelled) more than the company's retention years ago. Settled on: the
        latest reconciliation of its receivable lines, else the date of the payments
        matched without a journal entry, else its invoice date; a cancellation on
        the day it was cancelled."""
        return SQL(
            """
            SELECT r.id
              FROM cobranca_reminder r
              JOIN account_move m ON m.id = r.move_id
              JOIN res_company c ON c.id = r.company_id
             WHERE r.content_erased_date IS NULL
               AND (r.mail_message_id IS NOT NULL OR r.activity_id IS NOT NULL
                    OR r.error IS NOT NULL)
               AND (m.state = 'cancel'
                    OR (m.state = 'posted'
                        AND m.payment_state IN ('paid', 'in_payment', 'reversed')))
               AND CASE
                       WHEN m.state = 'cancel' THEN m.write_date::date
                       ELSE (
                           SELECT coalesce(max(day), m.invoice_date)
                             FROM (
                               SELECT apr.max_date AS day
                                 FROM account_move_line l
                                 JOIN account_partial_reconcile apr
                                   ON l.id IN (apr.debit_move_id, apr.credit_move_id)
                                WHERE l.move_id = m.id AND l.display_type = 'payment_term'
                                UNION ALL
                               SELECT pay.date
                                 FROM account_move__account_payment rel
                                 JOIN account_payment pay ON pay.id = rel.payment_id
                                WHERE rel.invoice_id = m.id AND pay.move_id IS NULL
                                  AND pay.state IN ('in_process', 'paid')
                             ) days
                       )
                   END < (%s::timestamp - make_interval(years => c.cobranca_retention_years))::date
            """,
            now,
        )

    def _expired_evidence_query(self, now):
        """Events that still hold evidence and were superseded by a later event of
        the same consent more than the company's retention years ago."""
        return SQL(
            """
            SELECT e.id
              FROM cobranca_consent_event e
              JOIN cobranca_consent c ON c.id = e.consent_id
              JOIN res_company co ON co.id = c.company_id
             WHERE (e.evidence IS NOT NULL OR e.ip_address IS NOT NULL
                    OR e.evidence_filename IS NOT NULL
                    OR EXISTS (SELECT 1 FROM ir_attachment a
                                WHERE a.res_model = 'cobranca.consent.event'
                                  AND a.res_field = 'evidence_file' AND a.res_id = e.id))
               AND EXISTS (
                   SELECT 1 FROM cobranca_consent_event later
                    WHERE later.consent_id = e.consent_id AND later.id > e.id
                      AND later.date < %s::timestamp
                                       - make_interval(years => co.cobranca_retention_years))
            """,
            now,
        )
