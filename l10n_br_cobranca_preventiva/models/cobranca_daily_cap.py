"""The daily message limit: one customer receives at most the company's
``cobranca_daily_cap`` messages a day (DESIGN rule 6), counting the reminders sent on
a channel that reaches the customer and the collectors' WhatsApp texts. The
dispatcher caps each batch's messages with it, the WhatsApp conversation
(``cobranca.whatsapp.message``) its queued texts.
"""

from odoo import api, models
from odoo.tools import SQL

from .cobranca_reminder import DONE_STATES


class CobrancaDailyCap(models.AbstractModel):
    _name = "cobranca.daily.cap"
    _description = "Collection: Daily Message Limit"

    @api.model
    def _sent_today(self, now, companies, customer_ids):
        """{(company id, customer id): messages that reached the customer since the
        start of the company's day}: the reminders sent on a channel that reaches the
        customer (invoices reminded together count once) and the collectors' WhatsApp
        texts from the chatter (``cobranca.whatsapp.message``), in one query."""
        if not companies or not customer_ids:
            return {}
        Channel = self.env["cobranca.channel"]
        message_channels = tuple(
            name
            for name in self.env["cobranca.regua.step"]._fields["channel"].get_values(self.env)
            if Channel._get(name)._reaches_customer
        )
        starts = [
            SQL(
                "(%s, %s::timestamp)",
                company.id,
                self.env["cobranca.calendar"]._window(company, frozenset()).start_of_day(now),
            )
            for company in companies
        ]
        self.env["cobranca.reminder"].flush_model()
        self.env["cobranca.whatsapp.message"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                WITH c(company_id, day_start) AS (VALUES %(starts)s)
                SELECT company_id, customer, sum(n)::int
                  FROM (
                        SELECT r.company_id, r.commercial_partner_id AS customer,
                               count(DISTINCT coalesce(r.mail_message_id, -r.id)) AS n
                          FROM cobranca_reminder r
                          JOIN c ON c.company_id = r.company_id AND r.sent_date >= c.day_start
                         WHERE r.commercial_partner_id = ANY(%(customers)s)
                           AND r.state IN %(done)s
                           AND r.channel IN %(channels)s
                      GROUP BY 1, 2
                     UNION ALL
                        SELECT w.company_id, w.partner_id, count(*)
                          FROM cobranca_whatsapp_message w
                          JOIN c ON c.company_id = w.company_id AND w.date >= c.day_start
                         WHERE w.partner_id = ANY(%(customers)s)
                           AND w.direction = 'out'
                           AND w.state IN ('sending', 'sent')
                      GROUP BY 1, 2
                       ) AS sent
              GROUP BY 1, 2
                """,
                starts=SQL(", ").join(starts),
                customers=list(customer_ids),
                done=DONE_STATES,
                channels=message_channels,
            )
        )
        return {(company, customer): count for company, customer, count in rows}

    def _apply(self, messages, outcome):
        """Keep at most N messages per customer, company and day; the others wait a
        day. The most advanced steps go first; activities are not messages."""
        Channel = self.env["cobranca.channel"]
        capped = [m for m in messages if Channel._get(m.channel)._reaches_customer]
        if not capped:
            return messages
        companies = self.env["res.company"].browse({m.lead.company_id.id for m in capped})
        # only the company's day boundaries are needed here: no closed days to read
        windows = {
            company.id: self.env["cobranca.calendar"]._window(company, frozenset())
            for company in companies
        }
        sent_today = self._sent_today(
            outcome.now, companies, list({m.lead.commercial_partner_id.id for m in capped})
        )
        capped_ids = {id(message) for message in capped}
        kept = [message for message in messages if id(message) not in capped_ids]
        for message in sorted(capped, key=lambda m: -m.offset):
            lead = message.lead
            key = (lead.company_id.id, lead.commercial_partner_id.id)
            if sent_today.get(key, 0) < lead.company_id.cobranca_daily_cap:
                sent_today[key] = sent_today.get(key, 0) + 1
                kept.append(message)
                continue
            next_day = windows[lead.company_id.id].start_of_next_day(outcome.now)
            for reminder in message.reminders:
                outcome.set(reminder, "scheduled", "daily_cap", next_try=next_day)
        return kept
