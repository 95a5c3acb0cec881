"""Dispatcher: takes the reminders that are due, checks them again, hands them to
their channels, writes what happened.

One call handles one batch of customers:

    select due → re-check invoice and customer → resolve the channel (consent,
    availability, fallback) → hold what cannot identify the creditor → channel
    targets → daily cap (``cobranca.daily.cap``) → channel sends → one write of
    every outcome → escalations

The messages (chatter, the channels' queues, activities) are created in the same
transaction as the reminders are marked sent; Odoo's cron commits after the call, so
a killed worker rolls both back and a re-run sends each reminder exactly once
(WhatsApp, which leaves the database, commits its own marks: see its channel).
"""

from collections import defaultdict
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools.contact_hours import RULES as CONTACT_RULES
from ..tools.legal_sources import cite
from ..tools.outcome import Outcome
from .cobranca_place import place_sql
from .cobranca_rules import closed_reason, wait_reason_sql

#: Customers handled per cron call (all their due reminders go together).
DISPATCH_BATCH = 1000
#: A message held for an incomplete creditor identity is looked at again after this.
CREDITOR_RETRY = timedelta(hours=1)
#: First key of the customers' advisory locks (the second is the customer's id).
CLAIM_LOCK = 0x0C0B


class CobrancaDispatcher(models.AbstractModel):
    _name = "cobranca.dispatcher"
    _description = "Collection Dispatcher"

    # -------------------------------------------------------------- cron entry
    @api.model
    def _cron_dispatch(self, batch_size=None):
        """Scheduled entry point (ir_cron_cobranca_dispatch): one batch per call.

        Lets each channel do its work before a run (``_before_dispatch``: WhatsApp
        sweeps interrupted sends, email re-queues bounced emails on their fallback
        channel), closes the reminders of paid/cancelled invoices, plans outdated
        invoices, then sends one batch of due reminders, and reports progress so that
        Odoo calls it again while work remains.
        """
        batch_size = batch_size or DISPATCH_BATCH
        # sudo: a system job over the invoices of every company; what it writes is
        # decided by the ladders, not by the user the cron runs as.
        self = self.sudo()
        for service in self.env["cobranca.channel"]._cobranca_channels().values():
            service._before_dispatch()
        self.env["cobranca.planner"]._cancel_closed()
        planned, complete = self._plan_outdated(batch_size * 5)
        if not complete:
            return
        done, remaining = self._dispatch_due(batch_size)
        self.env["ir.cron"]._notify_progress(done=planned + done, remaining=remaining)

    def _plan_outdated(self, limit):
        """(invoices planned, whether planning is complete) of this cron call: one
        batch of outdated invoices here; while some remain, the cron reports them and
        Odoo calls it again before anything is sent. With ``queue_job`` (the glue
        addon) the outdated invoices are planned by jobs in parallel instead, and the
        last of them calls the cron again."""
        planned, to_plan = self.env["cobranca.planner"]._plan(limit=limit)
        if to_plan:
            self.env["ir.cron"]._notify_progress(done=planned, remaining=to_plan)
        return planned, not to_plan

    def _dispatch_due(self, batch_size):
        """(handled, remaining) of this cron call: one batch here, in sequence; Odoo calls
        again while reminders remain. With ``queue_job`` (the glue addon
        l10n_br_cobranca_preventiva_queue_job) every batch becomes a job instead, and
        the jobs run in parallel on every worker that shares the database."""
        done = self._dispatch(limit=batch_size)
        return done, self._due_count()

    def _due_customer_batches(self, batch_size, now=None):
        """The customers with due reminders, in batches of ``batch_size`` (one SQL)."""
        query = self._due_query(now or self._now(), SQL("DISTINCT r.commercial_partner_id"))
        if query is None:
            return []
        self.env.flush_all()
        customers = [row[0] for row in self.env.execute_query(SQL("%s ORDER BY 1", query))]
        return [customers[i : i + batch_size] for i in range(0, len(customers), batch_size)]

    @api.model
    def _dispatch_customers(self, customer_ids):
        """Send the due reminders of these customers (a job of the glue addon); the ones
        another worker holds, or that are no longer due, are left alone."""
        return self.sudo()._dispatch(limit=len(customer_ids), customer_ids=customer_ids)

    @api.model
    def _now(self):
        return fields.Datetime.now()

    # ------------------------------------------------------------ due reminders
    def _open_pairs(self, now):
        """VALUES (company_id, state, company's local today, the hour in the state's
        timezone, the company's default send hour) of the pairs whose window is
        open now: the company's window and the legal hours of the state (of a
        customer or of an invoice contact; '' for people without one) in the
        state's timezone. 27 states and '' per company, computed in Python once per
        batch."""
        companies = self.env["res.company"].sudo().search([])
        Calendar = self.env["cobranca.calendar"]
        closed = Calendar._extra_closed_by_company(companies)
        rows = []
        for company in companies:
            extra = closed[company.id]
            window = Calendar._window(company, extra)
            if not window.is_open(now):
                continue
            today = window.local_date(now)
            for state in ("", *CONTACT_RULES):
                if Calendar._contact_window(company, state or None, extra).is_open(now):
                    local = now.replace(tzinfo=UTC).astimezone(
                        ZoneInfo(Calendar._state_rule(company, state or None).tz)
                    )
                    rows.append(
                        SQL(
                            "(%s, %s, %s::date, %s::float8, %s::int)",
                            company.id,
                            state,
                            today,
                            local.hour + local.minute / 60,
                            company.cobranca_send_hour_default,
                        )
                    )
        return rows

    def _due_query(self, now, select, customer_ids=None):
        """The due reminders: their invoice does not wait (``cobranca_rules.wait_reason``),
        their company's window is open, and the legal hours of their customer's state
        or of their invoice contact's (which may live in another state: see
        ``res.partner._cobranca_place``); the message then waits for the window of the
        person it reaches (``_hold_outside_window``)."""
        pairs = self._open_pairs(now)
        if not pairs:
            return None
        only = SQL("")
        if customer_ids is not None:
            only = SQL("AND r.commercial_partner_id = ANY(%s)", list(customer_ids))
        places = place_sql()
        return SQL(
            """
            SELECT %(select)s
              FROM cobranca_reminder r
              JOIN account_move m ON m.id = r.move_id
              %(state_join)s
              %(contact_join)s
              LEFT JOIN (VALUES %(pairs)s) AS o(company_id, state, today, hour, send_hour)
                ON o.company_id = r.company_id AND o.state = %(state)s
              LEFT JOIN (VALUES %(pairs)s) AS oc(company_id, state, today, hour, send_hour)
                ON oc.company_id = r.company_id AND oc.state = %(contact_state)s
                   AND o.company_id IS NULL
              CROSS JOIN LATERAL (SELECT coalesce(o.today, oc.today), coalesce(o.hour, oc.hour),
                                         coalesce(o.send_hour, oc.send_hour))
                      AS c(today, hour, send_hour)
             WHERE r.state = 'scheduled'
               AND r.scheduled_date <= c.today
               -- due today: from the customer's own hour (else the company's default)
               AND (r.scheduled_date < c.today
                    OR c.hour >= coalesce(%(customer_hour)s, c.send_hour))
               AND (r.next_try IS NULL OR r.next_try <= %(now)s)
               AND (%(wait)s) IS NULL
               %(only)s
            """,
            select=select,
            only=only,
            pairs=SQL(", ").join(pairs),
            state_join=places["state_join"],
            contact_join=places["contact_join"],
            state=places["state"],
            contact_state=places["contact_state"],
            customer_hour=self._customer_send_hour(SQL("cust_partner")),
            now=now,
            wait=wait_reason_sql(SQL("c.today")),
        )

    @api.model
    def _customer_send_hour(self, partner):
        """SQL: the hour ``partner``'s reminders of the day go from (NULL: the company's)."""
        return SQL("NULL::int")

    @api.model
    def _due_count(self, now=None):
        """How many reminders are due now (inside their window, not waiting)."""
        query = self._due_query(now or self._now(), SQL("count(*)"))
        if query is None:
            return 0
        self.env.flush_all()
        [(count,)] = self.env.execute_query(query)
        return count

    def _select_due(self, now, limit, customer_ids=None):
        """Claim the due reminders of at most ``limit`` customers (all of each one's).

        Several workers may dispatch at once (queue_job), so a worker first claims the
        customers: a transaction-level advisory lock per customer, skipped when another
        worker holds it (``pg_try_advisory_xact_lock``, the SKIP LOCKED of a customer).
        One worker per customer at a time keeps the daily cap and the grouped email
        right. Then, in a second statement (a snapshot taken after the locks, so it sees
        what the previous holder committed), the claimed customers' reminders still
        ``scheduled``. Not row locks: the WhatsApp channel commits each ``sending`` mark
        from a transaction of its own before the request leaves, which a row lock held
        by this one would block. The locks end with the transaction: a killed worker
        releases its customers, whose reminders are due again."""
        Reminder = self.env["cobranca.reminder"]
        query = self._due_query(now, SQL("DISTINCT r.commercial_partner_id"), customer_ids)
        if query is None:
            return Reminder
        self.env.flush_all()
        claimed = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT customer
                      FROM (%(query)s ORDER BY 1) AS due(customer)
                     WHERE pg_try_advisory_xact_lock(%(lock)s, customer)
                     LIMIT %(limit)s
                    """,
                    query=query,
                    lock=CLAIM_LOCK,
                    limit=limit,
                )
            )
        ]
        if not claimed:
            return Reminder
        query = self._due_query(now, SQL("r.id"), claimed)
        return Reminder.browse(row[0] for row in self.env.execute_query(query))

    # ---------------------------------------------------------------- dispatch
    @api.model
    def _dispatch(self, limit=DISPATCH_BATCH, customer_ids=None):
        """Send one batch of due reminders (of these customers, if given); return how
        many were handled."""
        now = self._now()
        due = self._select_due(now, limit, customer_ids)
        if not due:
            return 0
        outcome = Outcome(now)
        sendable = self._check(due, outcome)
        by_channel = self._resolve_channels(sendable, outcome)
        self._hold_unidentified(by_channel, outcome)
        # formal notices: the dates they print are decided here, once, for the email,
        # the letter and their reminders (cobranca.escalation)
        Escalation = self.env["cobranca.escalation"]
        env = self.with_context(cobranca_notice_dates=Escalation._notice_context(sendable, now)).env
        Channel = env["cobranca.channel"]
        messages = [
            message
            for channel, reminders in by_channel.items()
            for message in Channel._get(channel)._targets(reminders, outcome)
        ]
        messages = self._hold_outside_window(messages, outcome)
        messages = self.env["cobranca.daily.cap"]._apply(messages, outcome)
        by_name = defaultdict(list)
        for message in messages:
            by_name[message.channel].append(message)
        for channel, channel_messages in by_name.items():
            Channel._get(channel)._send(channel_messages, outcome)
        Reminder = self.env["cobranca.reminder"]
        Reminder._set_states(outcome.values, only_from=("scheduled",))
        to_approve = Reminder.browse(outcome.ids("to_approve"))
        if to_approve:
            self.env["cobranca.approval.batch"].sudo()._add(to_approve, now)
        env["cobranca.escalation"]._run(Reminder.browse(outcome.ids("sent")))
        return len(due)

    def _check(self, reminders, outcome):
        """Re-check invoice and customer right before sending; return the sendable.
        A hand-off that waits for its formal notice supersedes nothing (the notice of
        the same invoice goes first)."""
        sendable = reminders.browse()
        blocked = self.env["cobranca.escalation"]._blocked_handoffs(reminders, outcome.now)
        top_offset = defaultdict(lambda: -(10**6))
        for reminder in reminders.filtered(lambda r: r.id not in blocked):
            top_offset[reminder.move_id.id] = max(
                top_offset[reminder.move_id.id], reminder.offset_days
            )
        for reminder in reminders:
            move = reminder.move_id
            customer = move.commercial_partner_id.with_company(move.company_id)
            closed = closed_reason(move)
            if reminder.offset_days < top_offset[move.id]:
                outcome.set(reminder, "skipped", "superseded")
            elif closed:
                outcome.set(reminder, "cancelled", closed)
            elif customer.cobranca_excluded:
                outcome.set(reminder, "skipped", "excluded")
            elif not customer.active:
                outcome.set(
                    reminder,
                    "skipped",
                    "partner_archived",
                    _("The customer %(name)s is archived.", name=customer.display_name),
                )
            elif reminder.id in blocked:
                why, next_try = blocked[reminder.id]
                outcome.set(reminder, "scheduled", "notice_pending", why, next_try=next_try)
            elif reminder.step_id.requires_approval and not reminder.approved_date:
                outcome.set(reminder, "to_approve")
            else:
                sendable |= reminder
        return sendable

    def _resolve_channels(self, reminders, outcome):
        """{channel: reminders}: the step's channel when the customer's consent and the
        channel allow it, else its fallback channel; else the reminder is skipped. A
        reminder whose email bounced goes on its fallback channel only. A channel that
        is not installed (a step left by an uninstalled addon) is not available."""
        Consent = self.env["cobranca.consent"]
        services = self.env["cobranca.channel"]._cobranca_channels()
        loaded = Consent._load_decisions(
            set(reminders.company_id.ids),
            set((reminders.move_id.partner_id | reminders.move_id.commercial_partner_id).ids),
        )
        Reminder = self.env["cobranca.reminder"]
        labels = dict(Reminder._fields["channel"]._description_selection(self.env))
        reasons = dict(Reminder._fields["skip_reason"]._description_selection(self.env))
        by_channel = defaultdict(lambda: Reminder.browse())
        for reminder in reminders:
            step = reminder.step_id
            failures = []
            if reminder.fallback_reason == "bounced":
                candidates, failures = (
                    [step.fallback_channel],
                    [(step.channel, "bounced")],
                )
            else:
                candidates = [step.channel, step.fallback_channel]
            for channel in filter(None, candidates):
                service = services.get(channel)
                if service is None:
                    failures.append((channel, "channel_unavailable"))
                    continue
                partners, contact = service._consent_contact(reminder)
                allowed, reason, consent_id, basis = Consent._decide(
                    loaded, reminder.company_id, partners, channel, contact
                )
                if allowed and not service._available(reminder):
                    allowed, reason = False, "channel_unavailable"
                if not allowed:
                    failures.append((channel, reason))
                    continue
                outcome.note(
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
                    failures[-1][1] if reminder.fallback_reason == "bounced" else failures[0][1],
                    "; ".join(f"{labels.get(ch, ch)}: {reasons[why]}" for ch, why in failures),
                )
        return by_channel

    def _hold_unidentified(self, by_channel, outcome):
        """Messages of a company that cannot identify itself as creditor
        (``creditor_identified``: name, CNPJ, address) wait, and say what is missing;
        calls go on."""
        Channel = self.env["cobranca.channel"]
        for channel, reminders in by_channel.items():
            if not Channel._get(channel)._reaches_customer:
                continue
            held = reminders.filtered(lambda r: r.company_id.cobranca_creditor_missing)
            for reminder in held:
                outcome.set(
                    reminder,
                    "scheduled",
                    "creditor_incomplete",
                    _(
                        "%(company)s lacks %(missing)s: collection messages must identify the "
                        "creditor (%(law)s). Complete the company, the reminder waits.",
                        law=cite("creditor_identified", short=True),
                        company=reminder.company_id.name,
                        missing=reminder.company_id.cobranca_creditor_missing,
                    ),
                    next_try=outcome.now + CREDITOR_RETRY,
                )
            by_channel[channel] = reminders - held

    def _hold_outside_window(self, messages, outcome):
        """A message goes out only while the window of the person it reaches is
        open: the company's and the legal hours of that person's own state, closed on
        its holidays and its city's closed days (``cobranca.calendar._partner_window``:
        the invoice contact may live elsewhere than the customer, or the contact may
        have no address for the channel and the message go to the customer). Else its
        reminders wait for that window's next opening."""
        Channel = self.env["cobranca.channel"]
        reaching = [
            m for m in messages if m.partner_id and Channel._get(m.channel)._reaches_customer
        ]
        if not reaching:
            return messages
        companies = self.env["res.company"].browse({m.lead.company_id.id for m in reaching})
        closed = self.env["cobranca.calendar"]._closed_days_by_company(companies)
        people = self.env["res.partner"].browse({m.partner_id for m in reaching})
        places = {person.id: person._cobranca_place() for person in people}
        windows, held = {}, set()
        for message in reaching:
            company = message.lead.company_id
            key = (company.id, places[message.partner_id])
            if key not in windows:
                windows[key] = self.env["cobranca.calendar"]._partner_window(
                    company,
                    people.browse(message.partner_id).with_prefetch(people._prefetch_ids),
                    closed[company.id],
                )
            if windows[key].is_open(outcome.now):
                continue
            held.add(id(message))
            opening = windows[key].next_opening(outcome.now)
            for reminder in message.reminders:
                outcome.set(reminder, "scheduled", "outside_window", next_try=opening)
        return [message for message in messages if id(message) not in held]
