"""Dispatcher: takes the reminders that are due, checks them again, sends them.

One call handles one batch of customers and ends in one set-based write of every
outcome. The message (mail.mail, mail.message, activity) is created in the same
transaction as the reminder is marked sent; Odoo's cron commits after the call, so
a killed worker rolls both back and a re-run sends each reminder exactly once.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import _, api, models
from odoo.tools import SQL

from ..tools.contact_hours import RULES as CONTACT_RULES
from .cobranca_customer_state import customer_state_code, customer_state_join
from .cobranca_reminder import DONE_STATES

_logger = logging.getLogger(__name__)

#: Customers handled per cron call (all their due reminders go together).
DISPATCH_BATCH = 1000
#: Channels whose messages reach the customer (and count for the daily limit).
MESSAGE_CHANNELS = ("email", "whatsapp", "sms")
#: A message held for an incomplete creditor identity is looked at again after this.
CREDITOR_RETRY = timedelta(hours=1)


class CobrancaReminder(models.Model):
    _inherit = "cobranca.reminder"

    # -------------------------------------------------------------- cron entry
    @api.model
    def _cron_dispatch(self, batch_size=DISPATCH_BATCH):
        """Scheduled entry point (ir_cron_cobranca_dispatch): one batch per call.

        Closes the reminders of paid/cancelled invoices, plans outdated invoices,
        then sends one batch of due reminders, and reports progress so that Odoo
        calls it again while work remains.
        """
        # sudo: a system job over the invoices of every company; what it writes is
        # decided by the ladders, not by the user the cron runs as.
        self = self.sudo()
        self._cobranca_sweep_sending()
        self._cobranca_cancel_closed()
        planned, to_plan = self._cobranca_plan(limit=batch_size * 5)
        if to_plan:
            self.env["ir.cron"]._notify_progress(done=planned, remaining=to_plan)
            return
        done = self._cobranca_dispatch(limit=batch_size)
        self.env["ir.cron"]._notify_progress(
            done=planned + done, remaining=self._cobranca_due_count()
        )

    # ------------------------------------------------------------ due reminders
    def _cobranca_open_companies(self, now):
        """VALUES (company_id, customer's state, company's local today) of the pairs
        whose window is open now: the company's window and the legal hours of the
        customer's state ('' for customers without one) in the state's timezone.
        27 states and '' per company, computed in Python once per batch."""
        companies = self.env["res.company"].sudo().search([])
        closed = companies._cobranca_extra_closed_by_company()
        rows = []
        for company in companies:
            extra = closed[company.id]
            window = company._cobranca_window(extra)
            if not window.is_open(now):
                continue
            today = window.local_date(now)
            for state in ("", *CONTACT_RULES):
                if company._cobranca_contact_window(state or None, extra).is_open(now):
                    rows.append(SQL("(%s, %s, %s::date)", company.id, state, today))
        return rows

    def _cobranca_due_query(self, now, select):
        pairs = self._cobranca_open_companies(now)
        if not pairs:
            return None
        return SQL(
            """
            SELECT %(select)s
              FROM cobranca_reminder r
              JOIN account_move m ON m.id = r.move_id
              %(state_join)s
              JOIN (VALUES %(pairs)s) AS c(company_id, state, today)
                ON c.company_id = r.company_id AND c.state = %(state)s
             WHERE r.state = 'scheduled'
               AND r.scheduled_date <= c.today
               AND (r.next_try IS NULL OR r.next_try <= %(now)s)
               AND m.cobranca_dispute IS NOT TRUE
               AND (m.cobranca_paused_until IS NULL OR m.cobranca_paused_until < c.today)
            """,
            select=select,
            pairs=SQL(", ").join(pairs),
            state_join=customer_state_join(SQL("r.commercial_partner_id"), "cust"),
            state=customer_state_code("cust"),
            now=now,
        )

    @api.model
    def _cobranca_due_count(self, now=None):
        query = self._cobranca_due_query(now or self._cobranca_now(), SQL("count(*)"))
        if query is None:
            return 0
        self.env.flush_all()
        [(count,)] = self.env.execute_query(query)
        return count

    def _cobranca_select_due(self, now, limit):
        """Due reminders of at most ``limit`` customers (all of each customer's)."""
        query = self._cobranca_due_query(now, SQL("r.id, r.commercial_partner_id"))
        if query is None:
            return self.browse()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                WITH due AS (%(query)s),
                     customers AS (SELECT DISTINCT commercial_partner_id FROM due
                                   ORDER BY commercial_partner_id LIMIT %(limit)s)
                SELECT due.id FROM due JOIN customers USING (commercial_partner_id)
                """,
                query=query,
                limit=limit,
            )
        )
        return self.browse(row[0] for row in rows)

    # ---------------------------------------------------------------- dispatch
    @api.model
    def _cobranca_dispatch(self, limit=DISPATCH_BATCH):
        """Send one batch of due reminders; return how many were handled."""
        now = self._cobranca_now()
        due = self._cobranca_select_due(now, limit)
        if not due:
            return 0
        outcome = _Outcome()
        sendable = due._cobranca_check(outcome)
        by_channel = sendable._cobranca_resolve_channels(outcome)
        self._cobranca_hold_unidentified(by_channel, now, outcome)
        empty = self.browse()
        groups = by_channel.get("email", empty)._cobranca_email_groups(outcome)
        for channel in ("whatsapp", "sms"):
            phones = by_channel.get(channel, empty)._cobranca_phone_targets(channel, outcome)
            groups += [[reminder] for reminder in phones]
        groups = self._cobranca_apply_daily_cap(groups, now, outcome)
        kept = {
            channel: [
                g
                for g in groups
                if g[0].id in outcome.values and outcome.values[g[0].id].get("channel") == channel
            ]
            for channel in ("email", "whatsapp", "sms")
        }
        self._cobranca_send_email_groups(kept["email"], now, outcome)
        by_channel.get("activity", empty)._cobranca_create_activities(now, outcome)
        self.browse(g[0].id for g in kept["sms"])._cobranca_send_sms(now, outcome)
        self.browse(g[0].id for g in kept["whatsapp"])._cobranca_send_whatsapp(now, outcome)
        self._cobranca_write_outcome(outcome)
        self._cobranca_request_approvals(outcome.browse(self, "to_approve"), now)
        outcome.browse(self, "sent")._cobranca_run_escalations(now)
        return len(due)

    def _cobranca_check(self, outcome):
        """Re-check invoice and customer right before sending; return the sendable."""
        sendable = self.browse()
        top_offset = defaultdict(lambda: -(10**6))
        for reminder in self:
            top_offset[reminder.move_id.id] = max(
                top_offset[reminder.move_id.id], reminder.offset_days
            )
        for reminder in self:
            move = reminder.move_id
            customer = move.commercial_partner_id.with_company(move.company_id)
            if reminder.offset_days < top_offset[move.id]:
                outcome.set(reminder, "skipped", "superseded")
            elif move.state != "posted":
                reason = "invoice_cancelled" if move.state == "cancel" else "invoice_draft"
                outcome.set(reminder, "cancelled", reason)
            elif move.payment_state == "reversed":
                outcome.set(reminder, "cancelled", "invoice_reversed")
            elif move.payment_state in (
                "paid",
                "in_payment",
            ) or move.currency_id.is_zero(move.amount_residual):
                outcome.set(reminder, "cancelled", "paid")
            elif customer.cobranca_excluded:
                outcome.set(reminder, "skipped", "excluded")
            elif not customer.active:
                outcome.set(
                    reminder,
                    "skipped",
                    "partner_archived",
                    _("The customer %(name)s is archived.", name=customer.display_name),
                )
            elif reminder.step_id.requires_approval and not reminder.approved_date:
                outcome.set(reminder, "to_approve")
            else:
                sendable |= reminder
        return sendable

    def _cobranca_channel_available(self, channel):
        """Whether ``channel`` can send for this reminder: WhatsApp needs the company's
        account and a template on the step, SMS a template on the step."""
        self.ensure_one()
        if channel == "whatsapp":
            return bool(
                self.step_id.whatsapp_template_id and self.company_id._cobranca_whatsapp_ready()
            )
        if channel == "sms":
            return bool(self.step_id.sms_template_id)
        return channel in ("email", "activity")

    def _cobranca_contact(self, channel):
        """(partners whose consent counts, contact value) for a channel of this reminder.

        The contact is the one the message goes to (``res.partner._cobranca_contacts``,
        as the opt-out page lists them); a call has no single number: a revocation of
        calls recorded on any of the invoice partner's numbers stops it.
        """
        self.ensure_one()
        move = self.move_id
        customer = move.commercial_partner_id
        if channel == "activity":
            candidates = move.partner_id._cobranca_contacts("phone")
            return customer.union(*(partner for partner, _number in candidates)), None
        candidates = move.partner_id._cobranca_contacts(channel)
        if not candidates:
            return customer, None
        person, contact = candidates[0]  # the recipient of the message
        return (person | customer), contact

    def _cobranca_resolve_channels(self, outcome):
        """{channel: reminders}: the step's channel when the customer's consent and the
        channel allow it, else its fallback channel; else the reminder is skipped."""
        Consent = self.env["cobranca.consent"]
        loaded = Consent._cobranca_load(
            set(self.company_id.ids),
            set((self.move_id.partner_id | self.move_id.commercial_partner_id).ids),
        )
        labels = dict(self._fields["channel"]._description_selection(self.env))
        reasons = dict(self._fields["skip_reason"]._description_selection(self.env))
        by_channel = defaultdict(lambda: self.browse())
        for reminder in self:
            step = reminder.step_id
            failures = []
            for channel in filter(None, (step.channel, step.fallback_channel)):
                partners, contact = reminder._cobranca_contact(channel)
                allowed, reason, consent_id, basis = Consent._cobranca_decide(
                    loaded, reminder.company_id, partners, channel, contact
                )
                if allowed and not reminder._cobranca_channel_available(channel):
                    allowed, reason = False, "channel_unavailable"
                if not allowed:
                    failures.append((channel, reason))
                    continue
                outcome.update(
                    reminder,
                    channel=channel,
                    consent_id=consent_id or None,
                    legal_basis=basis or None,
                    fallback_reason=failures[0][1] if failures else None,
                )
                by_channel[channel] |= reminder
                break
            else:
                outcome.set(
                    reminder,
                    "skipped",
                    failures[0][1],
                    "; ".join(f"{labels[ch]}: {reasons[why]}" for ch, why in failures),
                )
        return by_channel

    def _cobranca_hold_unidentified(self, by_channel, now, outcome):
        """Messages of a company that cannot identify itself as creditor (CDC art. 42-A:
        name, CNPJ, address) wait, and say what is missing; calls go on."""
        for channel in MESSAGE_CHANNELS:
            reminders = by_channel.get(channel)
            if not reminders:
                continue
            held = reminders.filtered(lambda r: r.company_id.cobranca_creditor_missing)
            for reminder in held:
                outcome.set(
                    reminder,
                    "scheduled",
                    "creditor_incomplete",
                    _(
                        "%(company)s lacks %(missing)s: collection messages must identify the "
                        "creditor (CDC art. 42-A). Complete the company, the reminder waits.",
                        company=reminder.company_id.name,
                        missing=reminder.company_id.cobranca_creditor_missing,
                    ),
                    next_try=now + CREDITOR_RETRY,
                )
            by_channel[channel] = reminders - held

    # ----------------------------------------------------------- daily limit
    def _cobranca_apply_daily_cap(self, groups, now, outcome):
        """Keep at most N messages per customer and day; the others wait a day.

        ``groups`` are lists of reminders that go out as one message. The most
        advanced steps go first.
        """
        if not groups:
            return groups
        companies = {group[0].company_id for group in groups}
        # only the company's day boundaries are needed here: no closed days to read
        windows = {company.id: company._cobranca_window(frozenset()) for company in companies}
        starts = [
            SQL("(%s, %s::timestamp)", cid, window.start_of_day(now))
            for cid, window in windows.items()
        ]
        customers = list({group[0].commercial_partner_id.id for group in groups})
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.company_id, r.commercial_partner_id,
                       count(DISTINCT coalesce(r.mail_message_id, -r.id))
                  FROM cobranca_reminder r
                  JOIN (VALUES %(starts)s) AS c(company_id, day_start)
                    ON c.company_id = r.company_id AND r.sent_date >= c.day_start
                 WHERE r.commercial_partner_id = ANY(%(customers)s)
                   AND r.state IN %(done)s
                   AND r.channel IN %(channels)s
              GROUP BY r.company_id, r.commercial_partner_id
                """,
                starts=SQL(", ").join(starts),
                customers=customers,
                done=DONE_STATES,
                channels=MESSAGE_CHANNELS,
            )
        )
        sent_today = {(company, customer): count for company, customer, count in rows}
        kept = []
        groups = sorted(groups, key=lambda g: -max(r.offset_days for r in g))
        for group in groups:
            lead = group[0]
            key = (lead.company_id.id, lead.commercial_partner_id.id)
            if sent_today.get(key, 0) < lead.company_id.cobranca_daily_cap:
                sent_today[key] = sent_today.get(key, 0) + 1
                kept.append(group)
                continue
            next_day = windows[lead.company_id.id].start_of_next_day(now)
            for reminder in group:
                outcome.set(reminder, "scheduled", "daily_cap", next_try=next_day)
        return kept

    # ----------------------------------------------------------------- outcome
    def _cobranca_write_outcome(self, outcome):
        """Write every reminder's new state in one statement."""
        if not outcome.values:
            return
        cols = defaultdict(list)
        for reminder_id, vals in outcome.values.items():
            cols["id"].append(reminder_id)
            for name in _Outcome.FIELDS:
                cols[name].append(vals.get(name))
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder r
                   SET state = v.state,
                       skip_reason = v.skip_reason,
                       error = v.error,
                       channel = coalesce(v.channel, r.channel),
                       fallback_reason = v.fallback_reason,
                       consent_id = v.consent_id,
                       legal_basis = v.legal_basis,
                       partner_id = coalesce(v.partner_id, r.partner_id),
                       sent_date = coalesce(v.sent_date, r.sent_date),
                       next_try = v.next_try,
                       mail_message_id = coalesce(v.mail_message_id, r.mail_message_id),
                       mail_mail_id = coalesce(v.mail_mail_id, r.mail_mail_id),
                       activity_id = coalesce(v.activity_id, r.activity_id),
                       write_uid = %(uid)s,
                       write_date = now() at time zone 'UTC'
                  FROM unnest(%(id)s::int[], %(state)s::varchar[], %(skip_reason)s::varchar[],
                              %(error)s::text[], %(channel)s::varchar[],
                              %(fallback_reason)s::varchar[], %(consent_id)s::int[],
                              %(legal_basis)s::varchar[], %(partner_id)s::int[],
                              %(sent_date)s::timestamp[], %(next_try)s::timestamp[],
                              %(mail_message_id)s::int[], %(mail_mail_id)s::int[],
                              %(activity_id)s::int[])
                       AS v(id, state, skip_reason, error, channel, fallback_reason,
                            consent_id, legal_basis, partner_id, sent_date,
                            next_try, mail_message_id, mail_mail_id, activity_id)
                 WHERE r.id = v.id AND r.state = 'scheduled'
                """,
                uid=self.env.uid,
                **cols,
            )
        )
        self.invalidate_model()


class _Outcome:
    """What happens to each reminder of a batch, written at the end in one UPDATE."""

    FIELDS = (
        "state",
        "skip_reason",
        "error",
        "channel",
        "fallback_reason",
        "consent_id",
        "legal_basis",
        "partner_id",
        "sent_date",
        "next_try",
        "mail_message_id",
        "mail_mail_id",
        "activity_id",
    )

    def __init__(self):
        self.values = {}

    def set(self, reminder, state, reason=None, error=None, **extra):
        vals = self.values.setdefault(reminder.id, {})
        vals.update(state=state, skip_reason=reason, error=error, **extra)

    def browse(self, model, state):
        """The reminders of the batch that end in ``state``."""
        return model.browse(rid for rid, vals in self.values.items() if vals.get("state") == state)

    def update(self, reminder, **extra):
        self.values.setdefault(reminder.id, {"state": "scheduled"}).update(extra)
