"""Planner: which reminders an open invoice gets, and when (set-based).

An invoice is (re)planned when its ladder or its collection due date differs from the
ones it was last planned with (``cobranca.move.plan``), or when a later step of its
ladder comes within the planning horizon (company setting, default 7 days): one
reminder per step whose date is inside the horizon, dated on the banking calendar of
the company and the customer's state; the steps further away are planned by a later
run, the day they come within it. Reading, diffing and writing take a fixed number
of queries per batch.
"""

from collections import defaultdict, namedtuple
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .cobranca_bulk import bulk_insert
from .cobranca_place import moves_in_places, place_sql, row_calendars
from .cobranca_reminder import CLOSED_INVOICE_REASONS, PAUSE_REASONS, PENDING_STATES
from .cobranca_rules import OPEN_INVOICE, closed_reason_sql, wait_reason_sql

PLAN_BATCH = 5000
#: The cron's batches count what remains to plan up to this (Odoo's progress only
#: needs to know that some remains; counting a million invoices at each batch does not).
PLAN_COUNT_CAP = 100_000
#: {database: the last invoice planned by this process's previous batch}: where the
#: next batch starts (a hint: when nothing is left after it, the batch starts over).
_RESUME = {}

_Step = namedtuple("_Step", "id offset_days day_type channel fallback_channel")

#: Revivable: an invoice open again, or a step back in its ladder.
_REVIVABLE = (*CLOSED_INVOICE_REASONS, "regua_changed", "created_late")


class CobrancaPlanner(models.AbstractModel):
    _name = "cobranca.planner"
    _description = "Collection Planner"

    # ----------------------------------------------------------------- closing
    @api.model
    def _cancel_closed(self, move_ids=None):
        """Cancel pending reminders of invoices that are no longer open, with why.

        The invoice forgets its plan, so that it is planned again if it opens again
        (payment reverted, invoice posted again).
        """
        self.env.flush_all()
        scope = SQL("AND m.id = ANY(%s)", list(move_ids)) if move_ids is not None else SQL()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.id, r.move_id, r.approval_batch_id, %(closed)s
                  FROM cobranca_reminder r
                  JOIN account_move m ON m.id = r.move_id
                 WHERE r.state IN %(pending)s AND NOT (%(open)s) %(scope)s
                """,
                closed=closed_reason_sql(),
                pending=PENDING_STATES,
                open=OPEN_INVOICE,
                scope=scope,
            )
        )
        if not rows:
            return 0
        self.env["cobranca.reminder"]._set_states(
            {
                reminder_id: {
                    "state": "cancelled",
                    "skip_reason": reason,
                    "next_try": None,
                }
                for reminder_id, _move, _batch, reason in rows
            },
            only_from=PENDING_STATES,
        )
        closed = list({move_id for _id, move_id, _batch, _reason in rows})
        self.env["cobranca.move.plan"]._stamp(forget=closed)
        batches = self.env["cobranca.approval.batch"].browse(
            {batch for _id, _move, batch, _reason in rows if batch}
        )
        batches.sudo()._close_if_done()
        return len(closed)

    @api.model
    def _outdate(
        self, company_ids=None, partner_ids=None, regua_ids=None, contact_ids=None, move_ids=None
    ):
        """Open invoices of these companies, customers (commercial partners) or
        invoice contacts (either), ladders, or these invoices, are planned again
        (their calendar or their steps changed). Returns their ids."""
        self.env["account.move"].flush_model()
        scope = [OPEN_INVOICE]
        if company_ids is not None:
            scope.append(SQL("m.company_id = ANY(%s)", list(company_ids)))
        people = []
        if partner_ids is not None:
            people.append(SQL("m.commercial_partner_id = ANY(%s)", list(partner_ids)))
        if contact_ids is not None:
            people.append(SQL("m.partner_id = ANY(%s)", list(contact_ids)))
        if people:
            scope.append(SQL("(%s)", SQL(" OR ").join(people)))
        if move_ids is not None:
            scope.append(SQL("m.id = ANY(%s)", list(move_ids)))
        if regua_ids is not None:
            scope.append(SQL("p.regua_id = ANY(%s)", list(regua_ids)))
        return self.env["cobranca.move.plan"]._forget_where(SQL(" AND ").join(scope))

    @api.model
    def _outdate_places(self, places):
        """Open invoices planned again because a municipal closed day changed:
        those whose customer or invoice contact is reminded in one of ``places``,
        {(company id, state code or None, city key)}. Returns their ids."""
        self.env.flush_all()
        move_ids = moves_in_places(self.env, places, OPEN_INVOICE)
        return self._outdate(move_ids=move_ids) if move_ids else []

    @api.model
    def _outdate_companies(self, companies, places=None):
        """Open invoices of ``companies`` are planned again (their calendar
        changed), by the dispatch cron, which is asked to run soon. ``places``:
        only those of the customers and invoice contacts in these cities, {(company
        id, state code or None, city key)} (a municipal closed day changed)."""
        if not companies.ids:
            return
        Planner = self.sudo()
        if places is None:
            Planner._outdate(company_ids=companies.ids)
        elif not Planner._outdate_places(places):
            return
        cron = self.env.ref(
            "l10n_br_cobranca_preventiva.ir_cron_cobranca_dispatch",
            raise_if_not_found=False,
        )
        if cron:
            cron.sudo()._trigger()

    # ---------------------------------------------------------------- planning
    @api.model
    def _plan(self, move_ids=None, limit=PLAN_BATCH, id_range=None):
        """Plan one batch of open invoices whose plan is outdated.

        Without ``move_ids`` (the cron, batch after batch) a batch starts after the
        invoice where this process's previous batch stopped, and from the first one
        when nothing is left after it: the batches of a run read each invoice once,
        not the ones already planned again at every batch (quadratic on a million
        invoices). Its remaining count is then what remains after that invoice, or
        before it when nothing does, counted up to ``PLAN_COUNT_CAP``: whether the cron
        has to call again, not the exact total.

        :param move_ids: restrict to these invoices (None: any invoice)
        :param id_range: or to the invoices whose ids are within (first, last)
        :return: (number of invoices planned, number still to plan)
        """
        self.env.flush_all()
        Plan = self.env["cobranca.move.plan"]
        today = self._today()
        scope = None
        if move_ids is not None:
            scope = SQL("m.id = ANY(%s)", list(move_ids))
        elif id_range is not None:
            scope = SQL("m.id BETWEEN %s AND %s", *id_range)
        if scope is not None:
            ids = Plan._outdated_ids(today, scope, limit)
        else:
            after = _RESUME.get(self.env.cr.dbname, 0)
            ids = Plan._outdated_ids(today, SQL("m.id > %s", after), limit, after)
            if len(ids) < limit and after:
                ids += Plan._outdated_ids(today, SQL("m.id <= %s", after), limit - len(ids))
        if not ids:
            return 0, 0
        self._plan_rows(
            self.env.execute_query_dict(
                SQL(
                    """
                    SELECT m.id, m.company_id, m.partner_id, m.commercial_partner_id,
                           m.cobranca_regua_id AS regua_id,
                           m.cobranca_due_date AS due_date,
                           %(state)s AS customer_state, cust_partner.city AS customer_city,
                           %(contact_state)s AS contact_state,
                           %(contact_city)s AS contact_city
                      FROM account_move m
                      %(state_join)s
                      %(contact_join)s
                     WHERE m.id = ANY(%(ids)s)
                  ORDER BY m.id
                    """,
                    ids=ids,
                    **place_sql(),
                )
            )
        )
        if scope is not None:
            return len(ids), Plan._outdated_count(today, scope)
        last = ids[-1]  # after the start over, if any
        _RESUME[self.env.cr.dbname] = last
        remaining = Plan._outdated_count(today, SQL("m.id > %s", last), PLAN_COUNT_CAP, last)
        if not remaining:
            remaining = Plan._outdated_count(today, SQL("m.id <= %s", last), PLAN_COUNT_CAP)
        return len(ids), remaining

    def _today(self):
        """The latest "today" of the companies: a day early at most for one of them."""
        return max(
            self.env["cobranca.calendar"]
            ._today_by_company(self.env["res.company"].search([]))
            .values()
        )

    @api.model
    def _plan_range(self, first_id, last_id):
        """Plan every outdated open invoice whose id is within ``first_id`` and
        ``last_id``, in one batch (a job of the queue_job glue: a range holds at most
        the cron's batch of invoices, and the ranges of one call do not overlap); return
        how many were planned."""
        return self._plan(limit=last_id - first_id + 1, id_range=(first_id, last_id))[0]

    @api.model
    def _outdated_ranges(self, size):
        """[(first id, last id)] covering the outdated open invoices, at most ``size``
        of them per range, in one statement (the queue_job glue plans one range per
        job)."""
        self.env.flush_all()
        return [
            (first, last)
            for first, last in self.env.execute_query(
                SQL(
                    """
                    SELECT min(id), max(id)
                      FROM (SELECT m.id, (row_number() OVER (ORDER BY m.id) - 1) / %s AS part
                            %s) AS outdated
                  GROUP BY part ORDER BY part
                    """,
                    size,
                    self.env["cobranca.move.plan"]._outdated(self._today(), SQL("TRUE")),
                )
            )
        ]

    def _plan_rows(self, rows):
        companies = self.env["res.company"].browse({row["company_id"] for row in rows})
        calendars = row_calendars(companies, rows)
        todays = self.env["cobranca.calendar"]._today_by_company(companies)
        horizons = {
            c.id: todays[c.id] + timedelta(days=c.cobranca_plan_horizon_days) for c in companies
        }
        steps_by_regua = self._steps_by_regua({row["regua_id"] for row in rows if row["regua_id"]})
        consents = self.env["cobranca.consent"]._load_decisions(
            companies.ids,
            {p for row in rows for p in (row["partner_id"], row["commercial_partner_id"])},
        )
        Partner = self.env["res.partner"]
        with_consent = {key[1] for key in consents if key[0] != "policy"}
        by_policy = {}

        def planned_channel(company, partners, step):
            if with_consent.isdisjoint(partners.ids):
                # nobody recorded anything: the company's policy decides, once
                key = (company.id, step.id)
                if key not in by_policy:
                    by_policy[key] = self._planned_channel(consents, company, Partner, step)
                return by_policy[key]
            return self._planned_channel(consents, company, partners, step)

        # invoice contacts reminded elsewhere than their customer (rare): who each
        # channel reaches, the contacts and their customers read at once
        elsewhere = Partner.browse(
            {
                partner_id
                for row in rows
                if calendars[row["id"]][1] is not None
                for partner_id in (row["partner_id"], row["commercial_partner_id"])
            }
        )
        elsewhere.fetch(["active", "email", "mobile", "phone", "commercial_partner_id"])
        recipients = {}

        def reaches_contact(partner_id, channel):
            if (partner_id, channel) not in recipients:
                contact = elsewhere.browse(partner_id)
                recipients[partner_id, channel] = contact._cobranca_recipient(channel) == contact
            return recipients[partner_id, channel]

        move_ids = [row["id"] for row in rows]
        existing = self._existing(move_ids)

        inserts, changes, stamps = [], {}, {}
        for row in rows:
            company = companies.browse(row["company_id"])
            today, horizon = todays[row["company_id"]], horizons[row["company_id"]]
            later = None  # the first step beyond the horizon, planned another day
            payment, contact = calendars[row["id"]]
            partners = Partner.browse({row["partner_id"], row["commercial_partner_id"]})
            current = existing[row["id"]]
            for step in steps_by_regua.get(row["regua_id"], ()):
                rec = current.pop(step.id, None)
                channel, calendar = None, payment
                if contact is not None:
                    # the step's date follows the person its channel reaches; the
                    # due date stays payable on the customer's calendar
                    channel = rec["channel"] if rec else planned_channel(company, partners, step)
                    if reaches_contact(row["partner_id"], channel):
                        calendar = contact
                day = calendar.contact_step_date(
                    row["due_date"], step.offset_days, step.day_type, payment=payment
                )
                late = step.offset_days < 0 and day < today
                state, reason = ("skipped", "created_late") if late else ("scheduled", None)
                if rec is None and day > horizon:
                    later = day if later is None else min(later, day)
                    continue
                if rec is None:
                    channel = channel or planned_channel(company, partners, step)
                    inserts.append((row, step, day, state, reason, channel))
                elif (
                    rec["state"] == "scheduled"
                    or (
                        rec["state"] in ("skipped", "cancelled")
                        and rec["skip_reason"] in _REVIVABLE
                    )
                ) and (rec["state"], rec["skip_reason"], rec["scheduled_date"]) != (
                    state,
                    reason,
                    day,
                ):
                    changes[rec["id"]] = {
                        "state": state,
                        "skip_reason": reason,
                        "scheduled_date": day,
                        "next_try": None,
                        "error": None,
                    }
            for rec in current.values():  # steps no longer in the ladder
                if rec["state"] in PENDING_STATES:
                    changes[rec["id"]] = {"state": "cancelled", "skip_reason": "regua_changed"}
            # planned again the day its next step comes within the horizon
            stamps[row["id"]] = (
                row["regua_id"],
                row["due_date"],
                later and later - (horizon - today),
            )
        self._insert(inserts)
        if changes:
            self.env["cobranca.reminder"]._set_states(changes)
        self._mark_paused(move_ids)
        self.env["cobranca.move.plan"]._stamp(stamps)

    def _steps_by_regua(self, regua_ids):
        """{ladder id: [_Step]}: plain tuples, the plan loops over them for every invoice."""
        steps_by_regua = defaultdict(list)
        for step in (
            self.env["cobranca.regua.step"]
            .sudo()
            .search_fetch(
                [("regua_id", "in", list(regua_ids))],
                ["regua_id", "offset_days", "day_type", "channel", "fallback_channel"],
            )
        ):
            steps_by_regua[step.regua_id.id].append(
                _Step(
                    step.id,
                    step.offset_days,
                    step.day_type,
                    step.channel,
                    step.fallback_channel,
                )
            )
        return steps_by_regua

    def _existing(self, move_ids):
        """{invoice id: {step id: reminder row}} of these invoices."""
        existing = defaultdict(dict)
        for rec in self.env.execute_query_dict(
            SQL(
                """
                SELECT id, move_id, step_id, state, skip_reason, scheduled_date, channel
                  FROM cobranca_reminder WHERE move_id = ANY(%s)
                """,
                move_ids,
            )
        ):
            existing[rec["move_id"]][rec["step_id"]] = rec
        return existing

    def _insert(self, inserts):
        """INSERT the new reminders in one statement (600 000 for 100 000 invoices).

        Only the columns the plan needs: every foreign key costs a trigger per row,
        so the contact is set when the reminder is sent.
        """
        if not inserts:
            return
        rows, steps, days, states, reasons, channels = zip(*inserts, strict=True)
        bulk_insert(
            self.env,
            "cobranca_reminder",
            [
                ("move_id", "int", [row["id"] for row in rows]),
                ("commercial_partner_id", "int", [row["commercial_partner_id"] for row in rows]),
                ("company_id", "int", [row["company_id"] for row in rows]),
                ("step_id", "int", [step.id for step in steps]),
                ("offset_days", "int", [step.offset_days for step in steps]),
                ("channel", "varchar", channels),
                ("scheduled_date", "date", days),
                ("state", "varchar", states),
                ("skip_reason", "varchar", reasons),
            ],
            conflict=("move_id", "step_id"),
            stamp=True,
        )
        self.env["cobranca.reminder"].invalidate_model()

    # ---------------------------------------------------------------- channels
    def _planned_channel(self, consents, company, partners, step):
        """The channel a step is expected to use, given the consents known today
        (the dispatcher decides again right before sending)."""
        Consent = self.env["cobranca.consent"]
        for channel in filter(None, (step.channel, step.fallback_channel)):
            if Consent._decide(consents, company, partners, channel)[0]:
                return channel
        return step.channel

    @api.model
    def _refresh_channels(self, partner, company):
        """After a consent changes, the scheduled reminders of the partner's invoices
        show the channel they are now expected to use."""
        reminders = self.env["cobranca.reminder"].search(
            [
                ("state", "=", "scheduled"),
                ("company_id", "=", company.id),
                "|",
                ("move_id.partner_id", "=", partner.id),
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ]
        )
        if not reminders:
            return
        partners = reminders.move_id.partner_id | reminders.commercial_partner_id
        consents = self.env["cobranca.consent"]._load_decisions(company.ids, partners.ids)
        changes = {}
        for reminder in reminders:
            channel = self._planned_channel(
                consents,
                company,
                reminder.move_id.partner_id | reminder.commercial_partner_id,
                reminder.step_id,
            )
            if channel != reminder.channel:
                changes[reminder.id] = {"channel": channel}
        if changes:
            reminders._set_states(changes)

    @api.model
    def _mark_paused(self, move_ids):
        """Scheduled reminders of paused invoices say why they wait
        (``cobranca_rules.wait_reason``)."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.id, %(wait)s
                  FROM cobranca_reminder r
                  JOIN account_move m ON m.id = r.move_id
                 WHERE r.move_id = ANY(%(ids)s)
                   AND r.state = 'scheduled'
                   AND (r.skip_reason IS NULL OR r.skip_reason IN %(pauses)s)
                   AND r.skip_reason IS DISTINCT FROM (%(wait)s)
                """,
                wait=wait_reason_sql(fields.Date.context_today(self)),
                ids=list(move_ids),
                pauses=PAUSE_REASONS,
            )
        )
        if rows:
            self.env["cobranca.reminder"]._set_states(
                {reminder_id: {"skip_reason": reason} for reminder_id, reason in rows},
                only_from=("scheduled",),
            )
