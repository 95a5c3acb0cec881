"""The dashboard's heavy figures are kept for an hour of the same collection day: a
second reading does not compute them again; an hour later, or the next day, they
are; the hourly cron computes them ahead; a Decimal, a date and None survive."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon

from ..report.cobranca_kpi_report import CobrancaKpiReport


@tagged("post_install", "-at_install")
class TestInsightCache(CobrancaCommon):
    def setUp(self):
        super().setUp()
        # what installing the addon may have computed already
        self.env["cobranca.insight.cache"]._forget()

    def invoiced(self, month):
        self.env.invalidate_all()  # each reading as a new request would make it
        rows = self.env["cobranca.kpi.report"].search(
            [("company_id", "=", self.company.id), ("month", "=", month)]
        )
        return rows.invoiced

    def test_kept_for_an_hour_of_the_same_day(self):
        Cache = self.env["cobranca.insight.cache"]
        self.env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", "")
        with freeze_time("2026-03-02 13:00:00"):
            self.make_invoice("2026-03-20", invoice_date=date(2026, 3, 2))
            self.assertEqual(self.invoiced(date(2026, 3, 1)), 1000.0)
            self.make_invoice("2026-03-20", invoice_date=date(2026, 3, 2))
            with patch.object(
                CobrancaKpiReport, "_cobranca_rows", side_effect=AssertionError("recomputed")
            ):
                # kept: the second invoice is not counted yet, nothing computed again
                self.assertEqual(self.invoiced(date(2026, 3, 1)), 1000.0)
        with freeze_time("2026-03-02 14:00:01"):  # an hour later
            self.assertEqual(self.invoiced(date(2026, 3, 1)), 2000.0)
        self.make_invoice("2026-03-20", invoice_date=date(2026, 3, 2))
        with freeze_time("2026-03-03 03:05:00"):  # 00:05 in São Paulo: a new day
            self.assertEqual(self.invoiced(date(2026, 3, 1)), 3000.0)
        self.assertEqual(len(Cache.sudo().search([])), 1)

    def test_the_cron_computes_ahead_and_a_parameter_sets_the_age(self):
        Cache = self.env["cobranca.insight.cache"].sudo()
        self.env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", "5")
        with freeze_time("2026-03-02 13:00:00"):
            self.make_invoice("2026-03-20", invoice_date=date(2026, 3, 2))
            Cache._cron_refresh()
            self.assertEqual(
                set(Cache.search([]).mapped("report")),
                {"cobranca.kpi.report", "cobranca.forecast.report", "cobranca.effect.report"},
            )
            with patch.object(
                CobrancaKpiReport, "_cobranca_rows", side_effect=AssertionError("recomputed")
            ):
                self.assertEqual(self.invoiced(date(2026, 3, 1)), 1000.0)
            self.make_invoice("2026-03-20", invoice_date=date(2026, 3, 2))
        with freeze_time("2026-03-02 13:06:00"):  # past the 5 minutes
            self.assertEqual(self.invoiced(date(2026, 3, 1)), 2000.0)

    def test_forecast_rows_survive_the_json(self):
        with freeze_time("2026-03-02 13:00:00"):
            self.make_invoice("2026-03-20", invoice_date=date(2026, 3, 2))
            Forecast = self.env["cobranca.forecast.report"]
            first = Forecast.search_read([("company_id", "=", self.company.id)], ["week", "amount"])
            again = Forecast.search_read([("company_id", "=", self.company.id)], ["week", "amount"])
        self.assertTrue(first)
        self.assertEqual(first, again)
        self.assertIsInstance(again[0]["week"], date)

    def test_the_effect_is_a_view_computed_again_an_hour_later(self):
        self.env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", "60")
        Effect = self.env["cobranca.effect.report"]
        move = self.make_invoice("2026-03-16", invoice_date=date(2026, 3, 2))
        with freeze_time("2026-03-09 12:30:00"):
            self.assertFalse(Effect.search([("move_id", "=", move.id)]))
        self.dispatch("2026-03-09 10:00")  # 13:00 UTC: the D-5 email goes
        self.assertTrue(move.cobranca_reminder_ids.filtered(lambda r: r.state == "sent"))
        with freeze_time("2026-03-09 13:10:00"):
            self.env.invalidate_all()
            self.assertFalse(Effect.search([("move_id", "=", move.id)]), "kept for the hour")
        with freeze_time("2026-03-09 13:30:01"):
            self.env.invalidate_all()
            self.assertEqual(len(Effect.search([("move_id", "=", move.id)])), 1)

    def test_a_clerk_reads_the_figures_but_not_the_cache(self):
        clerk = new_test_user(
            self.env,
            login="cache_clerk",
            groups="account.group_account_invoice,l10n_br_cobranca_preventiva.group_cobranca_user",
        )
        self.env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", "60")
        with freeze_time("2026-03-02 13:00:00"):
            self.make_invoice("2026-03-20", invoice_date=date(2026, 3, 2))
            Kpi = self.env["cobranca.kpi.report"].with_user(clerk)
            self.assertEqual(Kpi.search([("month", "=", date(2026, 3, 1))]).invoiced, 1000.0)
            with self.assertRaises(AccessError):
                self.env["cobranca.insight.cache"].with_user(clerk).search([])
