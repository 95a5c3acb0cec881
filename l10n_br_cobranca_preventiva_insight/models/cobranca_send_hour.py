"""The hour of the day each customer engages, learned from what they did.

Events, in the customer's local time (its state's timezone, else the company's): the
moments WhatsApp reported a reminder read, and the customer's own messages in the
chatter of the company's invoices (email replies, portal messages, WhatsApp answers
logged by the webhook). Odoo records payments with a date but no hour, so payments
do not count. Only the events of the ranking's look-back period count, and a reminder
whose contents were erased (at the customer's request or at the end of the retention
period) no longer does: the profile (LGPD art. 12 §2, ``lgpd_behavioural_profile``)
follows the data it comes from. ``tools.insight_stats.learn_send_hour`` turns at
least five events into
an hour inside the legal weekday window of the customer's state and the company's;
with fewer the company's default send hour applies. The dispatcher sends a reminder
scheduled for today from that hour on (earlier reminders as soon as the window opens).
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_bulk import bulk_update
from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_place import (
    customer_state_code,
    customer_state_join,
)
from odoo.addons.l10n_br_cobranca_preventiva.tools.contact_hours import TIMEZONES

from ..tools import insight

MIN_EVENTS = 5


class CobrancaSendHour(models.AbstractModel):
    _name = "cobranca.send.hour"
    _description = "Learned Send Hour"

    @api.model
    def _events_query(self, partner_ids, company=None):
        """SQL of the engagement events ``(partner_id, company_id, state, at)`` of these
        commercial partners within each company's look-back period (``company``'s
        only when given): the WhatsApp reads of reminders whose contents were not
        erased, and the customer's own messages in the chatter of the company's
        invoices. ``state`` is the customer's state code ('' when none)."""
        now = fields.Datetime.now()
        only = SQL("AND c.id = %s", company.id) if company else SQL()
        return SQL(
            """
            SELECT r.commercial_partner_id AS partner_id, r.company_id, %(state)s AS state,
                   coalesce(r.read_date, r.write_date) AS at
              FROM cobranca_reminder r
              JOIN res_company c ON c.id = r.company_id %(only)s
              %(state_join)s
             WHERE r.state = 'read' AND r.commercial_partner_id = ANY(%(partners)s)
               AND r.content_erased_date IS NULL
               AND coalesce(r.read_date, r.write_date)
                   >= %(now)s - make_interval(days => c.cobranca_rank_lookback_days)
             UNION ALL
            SELECT m.commercial_partner_id, m.company_id, %(state)s, msg.date
              FROM mail_message msg
              JOIN account_move m ON m.id = msg.res_id AND msg.model = 'account.move'
              JOIN res_company c ON c.id = m.company_id %(only)s
              JOIN res_partner author ON author.id = msg.author_id
              %(move_state_join)s
             WHERE m.commercial_partner_id = ANY(%(partners)s)
               AND coalesce(author.commercial_partner_id, author.id) = m.commercial_partner_id
               AND msg.message_type IN ('email', 'comment')
               AND msg.date >= %(now)s - make_interval(days => c.cobranca_rank_lookback_days)
            """,
            state=customer_state_code("cust"),
            state_join=customer_state_join(SQL("r.commercial_partner_id"), "cust"),
            move_state_join=customer_state_join(SQL("m.commercial_partner_id"), "cust"),
            only=only,
            partners=list(partner_ids),
            now=now,
        )

    @api.model
    def _learn(self, company, partner_ids):
        """Learn and store the send hour of these commercial partners (one query for
        the events, one UPDATE)."""
        if not partner_ids:
            return
        self.env.flush_all()
        zones = SQL(", ").join(
            SQL("(%s, %s)", state, tz)
            for state, tz in (("", company.cobranca_tz or "America/Sao_Paulo"), *TIMEZONES.items())
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH zone(state, tz) AS (VALUES %(zones)s),
                events AS (%(events)s)
                SELECT e.partner_id, e.state,
                       array_agg(extract(hour FROM local.at) + extract(minute FROM local.at) / 60.0)
                  FROM events e JOIN zone z ON z.state = e.state
                 CROSS JOIN LATERAL (
                       SELECT (e.at AT TIME ZONE 'UTC') AT TIME ZONE z.tz AS at) local
              GROUP BY 1, 2
                """,
                zones=zones,
                events=self._events_query(partner_ids, company),
            )
        )
        by_state = defaultdict(dict)
        for partner_id, state, hours in rows:
            by_state[state][partner_id] = [float(hour) for hour in hours]
        learned = dict.fromkeys(partner_ids)
        counts = dict.fromkeys(partner_ids, 0)
        for state, events in by_state.items():
            window = self._weekday_hours(company, state or None)
            for partner_id, hours in events.items():
                counts[partner_id] = len(hours)
                if len(hours) >= MIN_EVENTS:
                    learned[partner_id] = insight.learn_send_hour(
                        hours, window, min_events=MIN_EVENTS
                    )
        bulk_update(
            self.env,
            "res_partner",
            list(learned),
            [
                ("cobranca_send_hour", "int", list(learned.values())),
                ("cobranca_send_hour_events", "int", [counts[p] for p in learned]),
            ],
        )
        self.env["res.partner"].invalidate_model(
            ["cobranca_send_hour", "cobranca_send_hour_events"]
        )

    @api.model
    def _forget_stale(self, limit):
        """Erase the learned hour of customers without any event left in the look-back
        period (in any company): a profile lives only as long as its data. Returns
        (erased, remaining) for the retention cron."""
        self.env.flush_all()
        profiled = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT id FROM res_partner
                     WHERE cobranca_send_hour IS NOT NULL OR cobranca_send_hour_events > 0
                  ORDER BY id
                    """
                )
            )
        ]
        if not profiled:
            return 0, 0
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id FROM unnest(%(ids)s::int[]) AS p(id)
                 WHERE p.id NOT IN (SELECT partner_id FROM (%(events)s) e)
                 ORDER BY p.id
                """,
                ids=profiled,
                events=self._events_query(profiled),
            )
        )
        stale = [row[0] for row in rows]
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner SET cobranca_send_hour = NULL, cobranca_send_hour_events = NULL
                 WHERE id = ANY(%s)
                """,
                stale[:limit],
            )
        )
        self.env["res.partner"].invalidate_model(
            ["cobranca_send_hour", "cobranca_send_hour_events"]
        )
        return len(stale[:limit]), len(stale[limit:])

    @api.model
    def _weekday_hours(self, company, state):
        """(start, end) hours of a weekday when both the company's window and the
        legal contact hours of the customer's state are open (local hours)."""
        rule = self.env["cobranca.calendar"]._state_rule(company, state)
        start = max(company.cobranca_window_weekday_start, _hours(rule.weekday[0]))
        end = min(company.cobranca_window_weekday_end, _hours(rule.weekday[1]))
        return (int(start), int(end)) if end > start else None


def _hours(moment):
    return moment.hour + moment.minute / 60
