"""The retention purge (cron ``ir_cron_cobranca_retention``): collection data is
erased once the company no longer needs it, with the erasures of ``cobranca.privacy``.

- What the reminders of an invoice said, and what the customer answered and sent
  about it (notes, contest reason, messages, proofs of payment, the notes linked to
  it): the company's retention years (default 5, the period in which a debt stated
  in a written instrument can be claimed, ``debt_claim_prescription``) after the
  invoice was settled (paid, reversed, cancelled) or, when it was never settled,
  after its due date (or its last partial payment, when later). They are kept as
  evidence for a claim about the debt (``lgpd_basis_legal_claims``; both rows of
  ``tools/legal_sources.py``).
- The evidence of a consent event: that many years after a later event of the same
  consent replaced it.
- The profiles other addons keep (``_purge_profiles``: the insight addon's learned
  send hour, as soon as no event of the look-back period is left to learn it from).

The privacy notice (``cobranca.privacy.notice._retention_notice``) states each of
these to the customer.
"""

from odoo import _, api, fields, models
from odoo.tools import SQL

from .cobranca_rules import odoo_closed_sql

#: Records purged per kind and cron call (the cron calls again while some remain).
RETENTION_BATCH = 1000


class CobrancaRetention(models.AbstractModel):
    _name = "cobranca.retention"
    _description = "Collection Data Retention"

    @api.model
    def _cron_retention(self, batch_size=RETENTION_BATCH):
        """Daily purge, one batch of each kind per call."""
        self = self.sudo()  # a system job over every company
        Privacy = self.env["cobranca.privacy"]
        now = fields.Datetime.now()
        notice = _("Content removed at the end of the retention period.")
        self.env.flush_all()
        reminder_ids, reminders_left = self._expired(self._expired_reminders_query(now), batch_size)
        event_ids, events_left = self._expired(self._expired_evidence_query(now), batch_size)
        move_ids, moves_left = self._expired(self._expired_answers_query(now), batch_size)
        Privacy._erase_reminders(self.env["cobranca.reminder"].browse(reminder_ids), notice)
        Privacy._erase_evidence(self.env["cobranca.consent.event"].browse(event_ids))
        Privacy._erase_answers(self.env["account.move"].browse(move_ids), notice)
        profiles, profiles_left = self._purge_profiles(batch_size)
        self.env["ir.cron"]._notify_progress(
            done=len(reminder_ids) + len(event_ids) + len(move_ids) + profiles,
            remaining=reminders_left + events_left + moves_left + profiles_left,
        )

    @api.model
    def _purge_profiles(self, limit):
        """Erase at most ``limit`` profiles whose data is gone; (erased, remaining).
        None here: the insight addon purges the learned send hours."""
        return 0, 0

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

    def _expired_move_sql(self, now):
        """The condition that the collection data of the invoice ``m`` of the company
        ``c`` is past its retention: settled (the latest reconciliation of its
        receivable lines, else the date of the payments matched without a journal
        entry, else its invoice date, when Odoo calls it paid or reversed:
        ``cobranca_rules.is_odoo_closed``; a cancellation on the day it was cancelled), or
        never settled and past its due date (or its last partial payment), more than
        the company's retention years ago."""
        return SQL(
            """
            CASE
                WHEN m.state = 'cancel' THEN m.write_date::date
                WHEN m.state != 'posted' THEN NULL
                WHEN %(closed)s THEN settled.day
                ELSE greatest(coalesce(m.invoice_date_due, m.invoice_date), settled.day)
            END < (%(now)s::timestamp - make_interval(years => c.cobranca_retention_years))::date
            """,
            closed=odoo_closed_sql(),
            now=now,
        )

    def _settled_join(self):
        """LATERAL join ``settled(day)``: the last payment of the invoice ``m``."""
        return SQL(
            """
            CROSS JOIN LATERAL (
                SELECT coalesce(max(day), m.invoice_date) AS day
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
            ) settled
            """
        )

    def _expired_reminders_query(self, now):
        """Reminders with contents whose invoice is past its retention."""
        return SQL(
            """
            SELECT r.id
              FROM cobranca_reminder r
              JOIN account_move m ON m.id = r.move_id
              JOIN res_company c ON c.id = r.company_id
              %s
             WHERE r.content_erased_date IS NULL
               AND (r.mail_message_id IS NOT NULL OR r.activity_id IS NOT NULL
                    OR r.error IS NOT NULL OR r.read_date IS NOT NULL)
               AND %s
            """,
            self._settled_join(),
            self._expired_move_sql(now),
        )

    def _expired_answers_query(self, now):
        """Customer invoices past their retention that still hold what the customer
        answered or sent (or a note linked to it)."""
        return SQL(
            """
            SELECT m.id
              FROM account_move m
              JOIN res_company c ON c.id = m.company_id
              %(settled)s
             WHERE m.move_type = 'out_invoice' AND m.cobranca_answers_erased_date IS NULL
               AND (m.cobranca_dispute_reason IS NOT NULL
                    OR %(answered)s
                    OR EXISTS (SELECT 1 FROM mail_message msg
                            LEFT JOIN res_partner a ON a.id = msg.author_id
                                WHERE msg.model = 'account.move' AND msg.res_id = m.id
                                  AND %(customer_message)s))
               AND %(expired)s
            """,
            settled=self._settled_join(),
            answered=self._answered_sql(),
            customer_message=self.env["cobranca.privacy"]._customer_message_sql(),
            expired=self._expired_move_sql(now),
        )

    def _answered_sql(self):
        """The condition on the invoice ``m`` that it holds records of what the
        customer answered (the answer addon's promises, proposals, WhatsApp files):
        none without it."""
        return SQL("false")

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
