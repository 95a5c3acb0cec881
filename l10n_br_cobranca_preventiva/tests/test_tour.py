"""The collection screens in a real browser (static/src/js/tours/cobranca_tours.js).

Each tour runs as the user who does the job, on data prepared here; what the clicks did
is then checked in the database.
"""

from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestCollectionTour(CobrancaCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)],
            )

        cls.clerk = user("cobranca_tour_clerk", "account.group_account_invoice")
        cls.approver = user("cobranca_tour_approver", "account.group_account_manager")
        cls.admin = user("cobranca_tour_admin", "base.group_system,account.group_account_manager")

    def test_clerk_reads_the_plan_and_records_a_promise_to_pay(self):
        customer = self.env["res.partner"].create(
            {"name": "Cliente da Promessa Ltda", "email": "financeiro@promessa.example.com"}
        )
        move = self.make_invoice("2026-03-13", partner=customer)
        self.assertFalse(move.cobranca_paused_until)
        self.start_tour(
            "/odoo/action-account.action_move_out_invoice_type",
            "l10n_br_cobranca_preventiva_clerk",
            login=self.clerk.login,
        )
        move.invalidate_recordset()
        self.assertEqual(move.cobranca_paused_until, date(2026, 3, 20))
        pending = move.cobranca_reminder_ids.filtered(lambda r: r.state == "scheduled")
        self.assertEqual(len(pending), 6)
        self.assertEqual(set(pending.mapped("skip_reason")), {"paused"})

    def test_approver_approves_an_escalation_from_the_approvals_menu(self):
        debtor = self.env["res.partner"].create(
            {"name": "Devedor da Escalada Ltda", "email": "contas@escalada.example.com"}
        )
        with freeze_time(self.sp_time("2026-02-02 09:00")):
            move = self.make_invoice("2026-03-02", partner=debtor, invoice_date=date(2026, 2, 2))
        # D+15 of 02/03/2026 is 23/03/2026: the escalation stops there for an approver
        self.dispatch("2026-03-23 10:00")
        d15 = self.reminders(move)["D+15"]
        self.assertEqual(d15.state, "to_approve")
        with freeze_time(self.sp_time("2026-03-23 10:30")):
            self.start_tour(
                "/odoo", "l10n_br_cobranca_preventiva_approver", login=self.approver.login
            )
        d15.invalidate_recordset()
        self.assertEqual((d15.state, d15.approved_by_id), ("scheduled", self.approver))

    def test_settings_show_the_collection_blocks(self):
        self.assertEqual(self.company.cobranca_default_regua_id.name, "Régua padrão")
        self.start_tour(
            "/odoo/action-account.action_account_config",
            "l10n_br_cobranca_preventiva_settings",
            login=self.admin.login,
        )
