from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestApproval(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            login="cobranca_approver",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.clerk = new_test_user(
            cls.env,
            login="cobranca_clerk2",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.company.cobranca_approver_id = cls.approver
        cls.customer.cobranca_collector_id = cls.approver
        cls.d15 = cls.regua_padrao.step_ids.filtered(lambda s: s.offset_days == 15)
        cls.d15.write({"escalation_notice": True, "escalation_credit_hold": True})

    def post_due(self, due="2026-03-02", partner=None):
        with freeze_time(self.sp_time("2026-02-02 09:00")):
            return self.make_invoice(due, partner=partner, invoice_date=date(2026, 2, 2))

    def escalate(self, *moves):
        # D+15 of 02/03/2026 is 23/03/2026
        self.dispatch("2026-03-23 10:00")
        return [self.reminders(move)["D+15"] for move in moves]

    def approval_activities(self):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "cobranca.approval.batch"),
                    ("user_id", "=", self.approver.id),
                ]
            )
        )

    def add_protest_step(self, offset=25):
        """A hand-off to protest, approved too, ten business days after the notice."""
        self.regua_padrao.step_ids = [
            Command.create(
                {
                    "offset_days": offset,
                    "channel": "activity",
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "requires_approval": True,
                    "escalation_protest": True,
                }
            )
        ]

    def test_whole_path_approve_then_sent_once(self):
        self.add_protest_step()
        move = self.post_due()
        [d15] = self.escalate(move)
        self.assertEqual(d15.state, "to_approve")
        self.assertFalse(d15.mail_mail_id)
        self.assertIn("Overdue", d15.approval_summary)
        activities = self.approval_activities()
        self.assertEqual(len(activities), 1)
        self.assertEqual(d15.approval_batch_id.sudo().activity_ids, activities)
        d15.with_user(self.approver).action_approve()
        self.assertEqual((d15.state, d15.approved_by_id), ("scheduled", self.approver))
        self.assertIn("approved by", move.message_ids[0].body)
        self.assertFalse(self.approval_activities())  # the batch is decided: activity done
        self.dispatch("2026-03-23 11:00")
        self.dispatch("2026-03-24 11:00")
        self.assertEqual(d15.state, "sent")
        formal = self.mails_of(move).filtered(lambda m: "Notificação" in (m.subject or ""))
        self.assertEqual(len(formal), 1)
        self.assertEqual(formal.attachment_ids.mimetype, "application/pdf")
        # the notice tells when the hand-off may happen, with the CDC's prior notice
        d25 = self.reminders(move)["D+25"]
        self.assertIn("art. 43, § 2º", formal.body_html)
        self.assertIn(d25.scheduled_date.strftime("%d/%m/%Y"), formal.body_html)
        # escalation actions
        self.assertTrue(self.customer.cobranca_credit_hold)
        self.assertEqual(self.customer.invoice_warn, "warning")
        self.assertTrue(move.cobranca_credit_hold)
        self.assertFalse(move.activity_ids.filtered(lambda a: "protest" in a.summary))
        when = d25.scheduled_date.isoformat()
        self.dispatch(f"{when} 10:00")
        self.assertEqual(d25.state, "to_approve")
        d25.with_user(self.approver).action_approve()
        self.dispatch(f"{when} 11:00")
        handoff = move.activity_ids.filtered(lambda a: "protest" in a.summary)
        self.assertEqual(handoff.user_id, self.approver)
        self.assertIn("CNPJ/CPF", str(handoff.note))

    def test_reject_cancels_with_reason_and_sends_nothing(self):
        move = self.post_due()
        [d15] = self.escalate(move)
        with self.assertRaisesRegex(UserError, "Say why"):
            d15.with_user(self.approver).action_reject("  ")
        d15.with_user(self.approver).action_reject("Cliente renegociou")
        self.assertEqual((d15.state, d15.skip_reason), ("cancelled", "rejected"))
        self.assertEqual(
            (d15.rejected_by_id, d15.decision_reason),
            (self.approver, "Cliente renegociou"),
        )
        self.assertIn("Cliente renegociou", move.message_ids[0].body)
        self.dispatch("2026-03-24 11:00")
        self.assertFalse(self.mails_of(move).filtered(lambda m: "Notificação" in (m.subject or "")))
        self.assertFalse(self.customer.cobranca_credit_hold)

    def test_one_activity_per_batch_of_the_day(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Devedor {i}", "email": f"d{i}@example.com"} for i in range(3)]
        )
        moves = [self.post_due(partner=p) for p in partners]
        reminders = self.escalate(*moves)
        self.assertEqual(set(r.state for r in reminders), {"to_approve"})
        batch = reminders[0].approval_batch_id
        self.assertEqual(len(self.approval_activities()), 1)
        self.assertEqual(batch.pending_count, 3)

    def test_bulk_approval_of_50_with_constant_queries(self):
        def approve(n, tag):
            partners = self.env["res.partner"].create(
                [{"name": f"Lote {tag} {i}", "email": f"l{i}@example.com"} for i in range(n)]
            )
            moves = [self.post_due(partner=p) for p in partners]
            reminders = self.env["cobranca.reminder"].browse(r.id for r in self.escalate(*moves))
            self.assertEqual(set(reminders.mapped("state")), {"to_approve"})
            self.env.invalidate_all()
            wizard = (
                self.env["cobranca.approval.wizard"]
                .with_user(self.approver)
                .with_context(active_model="cobranca.reminder", active_ids=reminders.ids)
                .create({"decision": "approve"})
            )
            before = self.env.cr.sql_log_count
            wizard.action_confirm()
            count = self.env.cr.sql_log_count - before
            self.assertEqual(set(reminders.mapped("state")), {"scheduled"})
            self.assertEqual(set(reminders.mapped("approved_by_id")), {self.approver})
            return count

        approve(2, "aquece")
        small = approve(5, "a")
        large = approve(50, "b")
        self.assertLessEqual(large, small + 3)

    def test_paid_while_waiting_is_cancelled_and_closes_the_activity(self):
        move = self.post_due()
        [d15] = self.escalate(move)
        self.assertTrue(self.approval_activities())
        with freeze_time(self.sp_time("2026-03-24 09:00")):
            self.pay(move, day=date(2026, 3, 24))
        self.assertEqual((d15.state, d15.skip_reason), ("cancelled", "paid"))
        self.assertFalse(self.approval_activities())
        with self.assertRaisesRegex(UserError, "does not wait for approval"):
            d15.with_user(self.approver).action_approve()

    def test_approving_twice_or_after_another_approver(self):
        move = self.post_due()
        [d15] = self.escalate(move)
        d15.with_user(self.approver).action_approve()
        other = new_test_user(
            self.env,
            login="outro_aprovador",
            groups="account.group_account_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        with self.assertRaisesRegex(UserError, "already approved by"):
            d15.with_user(other).action_approve()
        with self.assertRaisesRegex(UserError, "already approved by"):
            d15.with_user(other).action_reject("tarde demais")

    def test_approver_may_edit_the_message(self):
        move = self.post_due()
        [d15] = self.escalate(move)
        wizard = (
            self.env["cobranca.approval.wizard"]
            .with_user(self.approver)
            .with_context(active_model="cobranca.reminder", active_ids=d15.ids)
            .create({"decision": "approve", "body": "<p>Texto revisado pelo contador.</p>"})
        )
        wizard.action_confirm()
        self.dispatch("2026-03-24 11:00")
        self.assertEqual(d15.state, "sent")
        self.assertIn("Texto revisado pelo contador", str(d15.mail_mail_id.body_html))

    def test_only_approvers_decide(self):
        move = self.post_due()
        [d15] = self.escalate(move)
        with self.assertRaises(AccessError):
            d15.with_user(self.clerk).action_approve()
        with self.assertRaises(AccessError):
            d15.with_user(self.clerk).action_reject("não")
        with self.assertRaises(AccessError):
            self.env["cobranca.approval.wizard"].with_user(self.clerk).create(
                {"reminder_ids": [(6, 0, d15.ids)], "decision": "approve"}
            )
        # approvers see only their companies
        other = self.setup_other_company()["company"]
        outsider = new_test_user(
            self.env,
            login="aprovador_b",
            groups="account.group_account_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(
            self.env["cobranca.reminder"].with_user(outsider).search([("id", "=", d15.id)])
        )
        with self.assertRaises(AccessError):
            d15.with_user(outsider).action_approve()

    def test_formal_notice_letter_in_portuguese(self):
        move = self.post_due()
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_br_cobranca_preventiva.report_formal_notice", move.ids
        )
        text = html.decode()
        self.assertIn("Notificação de débito em aberto", text)
        self.assertRegex(text, r"R\$(\s|\xa0|&nbsp;)1\.000,00")
        self.assertIn("02/03/2026", text)
        self.assertIn(move.name, text)
        for threat in ("protesto", "Serasa", "SPC", "negativa"):
            self.assertNotIn(threat, text)
        pdf, fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("l10n_br_cobranca_preventiva.report_formal_notice", move.ids)
        )
        self.assertEqual(fmt, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
