from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import table_exists

from . import insight_sql


class CobrancaEffectReport(models.Model):
    """What happened after each sent reminder (collection dashboard).

    One row per reminder that went out (sent, delivered or read): whether its invoice
    was settled within 1, 3 and 7 days of the day it was sent (0 or 100, so that the
    average is a rate in %), and how much was paid on it in those 7 days (company
    currency), by step, channel, template and variant.
    """

    _name = "cobranca.effect.report"
    _description = "Effect of the Reminders"
    _auto = False
    _order = "sent_date desc, id desc"
    _rec_name = "reminder_id"

    reminder_id = fields.Many2one("cobranca.reminder", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    step_id = fields.Many2one("cobranca.regua.step", string="Step", readonly=True)
    regua_id = fields.Many2one("cobranca.regua", string="Ladder", readonly=True)
    channel = fields.Selection(selection="_selection_channel", readonly=True)
    template = fields.Char(readonly=True)
    variant_id = fields.Many2one("cobranca.regua.step.variant", string="A/B Variant", readonly=True)
    sent_date = fields.Datetime(readonly=True)
    sent_day = fields.Date(readonly=True)
    reminder_count = fields.Integer(string="Reminders", readonly=True)
    paid_1d = fields.Float(string="Paid within 1 Day (%)", readonly=True, aggregator="avg")
    paid_3d = fields.Float(string="Paid within 3 Days (%)", readonly=True, aggregator="avg")
    paid_7d = fields.Float(string="Paid within 7 Days (%)", readonly=True, aggregator="avg")
    amount_paid_7d = fields.Monetary(string="Paid within 7 Days", readonly=True)
    is_read = fields.Integer(string="Read", readonly=True, help="1 when WhatsApp reported it read.")
    paid_by_due = fields.Float(
        string="Paid by Due Date (%)",
        readonly=True,
        aggregator="avg",
        help="100 when the invoice was fully paid by its collection due date.",
    )

    def _selection_channel(self):
        """The channels a step may send on: the app's and those its addons add (SMS)."""
        return list(self.env["cobranca.regua.step"]._fields["channel"].selection)

    def init(self):
        """The rows live in a materialized view (``cobranca_effect_facts``), computed
        again when older than the dashboard's kept figures may be
        (``cobranca.insight.cache``: an hour by default, and by the hourly cron)."""
        self.env.cr.execute(
            SQL(
                """
                DROP MATERIALIZED VIEW IF EXISTS cobranca_effect_facts;
                CREATE MATERIALIZED VIEW cobranca_effect_facts AS %s WITH NO DATA;
                CREATE UNIQUE INDEX cobranca_effect_facts_id ON cobranca_effect_facts (id);
                """,
                self._cobranca_query(),
            )
        )
        if table_exists(self.env.cr, "cobranca_insight_cache"):
            self.env.cr.execute(
                "DELETE FROM cobranca_insight_cache WHERE report = 'cobranca.effect.report'"
            )

    @property
    def _table_query(self):
        self.env["cobranca.insight.cache"].sudo()._refresh_view(self._name, "cobranca_effect_facts")
        return SQL("SELECT * FROM cobranca_effect_facts")

    def _cobranca_query(self):
        """One row per sent reminder and what followed it."""
        return SQL(
            """
            WITH %(payments)s, %(paid_on)s,
            sent AS (
                SELECT r.id, r.move_id, r.commercial_partner_id, r.company_id, r.step_id,
                       s.regua_id, r.channel, r.sent_date, r.variant_id, r.state,
                       m.cobranca_due_date,
                       (r.sent_date AT TIME ZONE 'UTC'
                           AT TIME ZONE coalesce(c.cobranca_tz, 'America/Sao_Paulo'))::date
                           AS sent_day,
                       c.currency_id,
                       %(template)s AS template
                  FROM cobranca_reminder r
                  JOIN res_company c ON c.id = r.company_id
                  JOIN cobranca_regua_step s ON s.id = r.step_id
                  JOIN account_move m ON m.id = r.move_id
             LEFT JOIN cobranca_regua_step_variant v ON v.id = r.variant_id
                       %(template_joins)s
                 WHERE r.state IN ('sent', 'delivered', 'read') AND r.sent_date IS NOT NULL
            ),
            paid_7d AS (
                SELECT s.id, sum(p.amount) AS amount
                  FROM sent s JOIN payments p ON p.move_id = s.move_id
                 WHERE p.day - s.sent_day BETWEEN 0 AND 7
              GROUP BY s.id
            )
            SELECT s.id, s.id AS reminder_id, s.move_id,
                   s.commercial_partner_id AS partner_id, s.company_id, s.currency_id,
                   s.step_id, s.regua_id, s.channel, s.template, s.variant_id,
                   s.sent_date, s.sent_day, 1 AS reminder_count,
                   CASE WHEN s.state = 'read' THEN 1 ELSE 0 END AS is_read,
                   CASE WHEN po.day <= s.cobranca_due_date THEN 100.0 ELSE 0 END AS paid_by_due,
                   CASE WHEN po.day - s.sent_day BETWEEN 0 AND 1 THEN 100.0 ELSE 0 END
                       AS paid_1d,
                   CASE WHEN po.day - s.sent_day BETWEEN 0 AND 3 THEN 100.0 ELSE 0 END
                       AS paid_3d,
                   CASE WHEN po.day - s.sent_day BETWEEN 0 AND 7 THEN 100.0 ELSE 0 END
                       AS paid_7d,
                   coalesce(p7.amount, 0) AS amount_paid_7d
              FROM sent s
         LEFT JOIN paid_on po ON po.move_id = s.move_id
         LEFT JOIN paid_7d p7 ON p7.id = s.id
            """,
            payments=insight_sql.payments_cte(
                SQL(
                    "m.id IN (SELECT move_id FROM cobranca_reminder"
                    " WHERE state IN ('sent', 'delivered', 'read'))"
                )
            ),
            paid_on=insight_sql.paid_on_cte(),
            **self._cobranca_template_sql(),
        )

    def _cobranca_template_sql(self):
        """The name of the template each reminder went with: per channel, its
        variant's template, else its step's (the field its service names,
        ``_template_field``); {"template": the CASE, "template_joins": the joins}."""
        Step = self.env["cobranca.regua.step"]
        Variant = self.env["cobranca.regua.step.variant"]
        whens, joins = [], []
        for channel, service in self.env["cobranca.channel"]._cobranca_channels().items():
            name = service._template_field
            if not name:
                continue
            field = Step._fields[name]
            table = SQL.identifier(self.env[field.comodel_name]._table)
            step_alias = SQL.identifier(f"t_{channel}")
            joins.append(
                SQL(
                    "LEFT JOIN %s %s ON %s.id = s.%s",
                    table,
                    step_alias,
                    step_alias,
                    SQL.identifier(name),
                )
            )
            names = [SQL("%s.name", step_alias)]
            if name in Variant._fields:  # A/B variants of this channel
                variant_alias = SQL.identifier(f"v_{channel}")
                joins.append(
                    SQL(
                        "LEFT JOIN %s %s ON %s.id = v.%s",
                        table,
                        variant_alias,
                        variant_alias,
                        SQL.identifier(name),
                    )
                )
                names.insert(0, SQL("%s.name", variant_alias))
            text = SQL("coalesce(%s)", SQL(", ").join(names))
            if self.env[field.comodel_name]._fields["name"].translate:
                text = SQL("(%s ->> 'en_US')", text)
            whens.append(SQL("WHEN %s THEN %s", channel, text))
        return {
            "template": SQL("CASE r.channel %s END", SQL(" ").join(whens))
            if whens
            else SQL("NULL"),
            "template_joins": SQL(" ").join(joins),
        }
