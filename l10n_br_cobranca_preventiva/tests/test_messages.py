"""What the customer reads: sanitised bodies, dates that agree, the creditor identified,
no fee nor threat the invoice does not carry."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import CobrancaCommon

EVIL = (
    '<p>Texto do contador.</p><img src="x" onerror="alert(1)">'
    '<script>alert(2)</script><a href="javascript:alert(3)">clique</a>'
)


@tagged("post_install", "-at_install")
class TestMessages(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            login="mensagens_aprovador",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.customer.cobranca_collector_id = cls.approver

    def post_at(self, due, posted="2026-03-02", partner=None, **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def assert_clean(self, html):
        html = str(html)
        for bad in ("<script", "onerror", "javascript:"):
            self.assertNotIn(bad, html)

    # ------------------------------------------------------------- sanitising
    def test_approver_html_is_sanitised_and_stays_inside_the_template(self):
        move = self.post_at("2026-03-02", posted="2026-02-02")
        self.dispatch("2026-03-23 10:00")  # D+15 of 02/03/2026
        d15 = self.reminders(move)["D+15"]
        self.assertEqual(d15.state, "to_approve")
        d15.with_user(self.approver).action_approve(body=EVIL)  # as over RPC
        self.assert_clean(d15.custom_body)
        self.dispatch("2026-03-23 11:00")
        self.assertEqual(d15.state, "sent")
        for html in (d15.mail_message_id.body, d15.mail_mail_id.body_html):
            self.assert_clean(html)
            self.assertIn("Texto do contador.", html)
            # the approver's text replaced the main paragraph only
            self.assertNotIn("Pela presente", html)
            self.assertIn("Prezado(a) Maria Aparecida Souza", html)
            self.assertIn("CNPJ 11.222.333/0001-81", html)
            self.assertIn("/cobranca/optout/", html)

    def test_empty_approver_text_keeps_the_template(self):
        move = self.post_at("2026-03-02", posted="2026-02-02")
        self.dispatch("2026-03-23 10:00")
        d15 = self.reminders(move)["D+15"]
        d15.with_user(self.approver).action_approve(body="<p><br></p>")
        self.assertFalse(d15.custom_body)
        self.dispatch("2026-03-23 11:00")
        self.assertIn("Pela presente", d15.mail_message_id.body)

    def test_script_in_a_template_reaches_neither_chatter_nor_mailbox(self):
        # The ORM sanitises a template edited in the form; a data file, an import or a
        # user allowed to override the sanitiser can still store a script.
        template = self.template_before_due
        self.env.cr.execute(
            "UPDATE mail_template SET body_html = replace(body_html::text, "
            "'Passando para lembrar', "
            "'<script>alert(1)</script>Passando para lembrar')::jsonb "
            "WHERE id = %s",
            [template.id],
        )
        template.invalidate_recordset()
        self.assertIn("<script>", template.body_html)
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual(d5.state, "sent")
        self.assert_clean(d5.mail_message_id.body)
        self.assert_clean(d5.mail_mail_id.body_html)
        self.assertIn("Passando para lembrar", d5.mail_mail_id.body_html)

    # ------------------------------------------------------- dates that agree
    def test_saturday_due_date_is_payable_monday_and_counted_from_it(self):
        # due Saturday 14/03/2026: payable until Monday 16/03; D-5 is Monday 09/03
        move = self.post_at("2026-03-14")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        body = str(d5.mail_message_id.body)
        self.assertIn("14/03/2026", body)  # the date as on the invoice
        self.assertIn("pagável até 16/03/2026", body)
        self.assertIn("vence em 7 dias", body)  # 09/03 -> 16/03
        self.assertNotIn("vence em 5 dias", body)
        # the subject prints the date the phrase counts to, as the body does
        self.assertIn("vence em 16/03/2026", d5.mail_message_id.subject)
        self.assertNotIn("14/03/2026", d5.mail_message_id.subject)

    def test_due_today_only_on_the_payable_day(self):
        # both due Saturday 14/03/2026, payable until Monday 16/03
        late = self.post_at("2026-03-14")
        late.cobranca_paused_until = date(2026, 3, 16)  # a promise needs a posted invoice
        self.partner_a.email = "financeiro@partner-a.example.com"
        on_time = self.post_at("2026-03-14", partner=self.partner_a)
        self.dispatch("2026-03-16 10:00")
        self.assertIn("vence hoje", self.reminders(on_time)["D0"].mail_message_id.subject)
        # the other was held on Monday: on Tuesday its D0 goes, and says it is late
        self.dispatch("2026-03-17 10:00")
        d0 = self.reminders(late)["D0"]
        self.assertEqual(d0.state, "sent")
        self.assertIn("venceu ontem", d0.mail_message_id.subject)
        self.assertNotIn("vence hoje", d0.mail_message_id.body)

    # -------------------------------------------------------------- creditor
    def test_company_without_cnpj_holds_messages_and_says_why(self):
        self.company.vat = False
        self.assertIn("CNPJ", self.company.cobranca_creditor_missing)
        settings = self.env["res.config.settings"].create({})
        self.assertIn("CNPJ", settings.cobranca_creditor_missing)
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.skip_reason), ("scheduled", "creditor_incomplete"))
        self.assertIn("CDC art. 42-A", d5.error)
        self.assertFalse(self.mails_of(move))
        self.company.vat = "11.222.333/0001-81"
        self.dispatch("2026-03-09 11:15")  # looked at again an hour later
        self.assertEqual(d5.state, "sent")
        self.assertFalse(d5.skip_reason)

    def test_calls_go_on_without_the_creditor_identity(self):
        self.company.street = False
        move = self.post_at("2026-03-02", posted="2026-02-02")
        self.dispatch("2026-03-11 10:00")  # D+7: a call for the collector
        self.assertEqual(self.reminders(move)["D+7"].state, "sent")

    def test_every_email_shows_name_cnpj_and_address(self):
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        body = str(self.reminders(move)["D-5"].mail_mail_id.body_html)
        self.assertIn(
            "Distribuidora Exemplo Ltda · CNPJ 11.222.333/0001-81 · "
            "Rua Augusta, 1500 · São Paulo/SP · CEP 01304-001",
            body,
        )

    def test_whatsapp_step_must_identify_the_creditor(self):
        Template = self.env["cobranca.whatsapp.template"].sudo()
        plain = Template.create(
            {
                "name": "sem_credor",
                "language": "pt_BR",
                "status": "APPROVED",
                "category": "UTILITY",
                "body": "Olá {{1}}, a fatura {{2}} vence amanhã.",
                "param_count": 2,
                "company_id": self.company.id,
            }
        )
        step = self.regua_padrao.step_ids.filtered(lambda s: s.offset_days == -1)
        with (
            self.assertRaisesRegex(ValidationError, "does not identify"),
            self.env.cr.savepoint(),
        ):
            step.write(
                {
                    "whatsapp_template_id": plain.id,
                    "whatsapp_param_ids": [
                        Command.create({"sequence": 1, "value": "customer_name"}),
                        Command.create({"sequence": 2, "value": "invoice_number"}),
                    ],
                }
            )
        step.write(
            {
                "whatsapp_template_id": plain.id,
                "whatsapp_param_ids": [
                    Command.create({"sequence": 1, "value": "customer_name"}),
                    Command.create({"sequence": 2, "value": "creditor"}),
                ],
            }
        )
        fixed = Template.create(
            {
                "name": "credor_no_texto",
                "language": "pt_BR",
                "status": "APPROVED",
                "category": "UTILITY",
                "body": "Olá {{1}}. Distribuidora Exemplo Ltda, "
                "CNPJ 11.222.333/0001-81, Rua Augusta, 1500, São Paulo/SP.",
                "param_count": 1,
                "company_id": self.company.id,
            }
        )
        step.write(
            {
                "whatsapp_template_id": fixed.id,
                "whatsapp_param_ids": [
                    Command.clear(),
                    Command.create({"sequence": 1, "value": "customer_name"}),
                ],
            }
        )
        self.assertEqual(step.whatsapp_template_id, fixed)

    def test_a_whatsapp_step_refuses_a_template_that_is_not_utility(self):
        """Collection reminders are Meta's UTILITY messages: a MARKETING template is
        refused on a step (and on a step's A/B variant: the insight addon's tests)."""
        Template = self.env["cobranca.whatsapp.template"].sudo()

        def template(name, category):
            return Template.create(
                {
                    "name": name,
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": category,
                    "body": "Olá {{1}}, sua fatura está disponível. Credor: {{2}}.",
                    "param_count": 2,
                    "company_id": self.company.id,
                }
            )

        marketing, utility = template("oferta", "MARKETING"), template("aviso", "UTILITY")
        step = self.regua_padrao.step_ids.filtered(lambda s: s.offset_days == -1)
        params = [
            Command.clear(),
            Command.create({"sequence": 1, "value": "customer_name"}),
            Command.create({"sequence": 2, "value": "creditor"}),
        ]
        with (
            self.assertRaisesRegex(ValidationError, "category MARKETING"),
            self.env.cr.savepoint(),
        ):
            step.write({"whatsapp_template_id": marketing.id, "whatsapp_param_ids": params})
        step.write({"whatsapp_template_id": utility.id, "whatsapp_param_ids": params})
        self.assertEqual(step.whatsapp_template_id, utility)

    # ---------------------------------------------------------------- wording
    def test_fees_are_mentioned_only_when_charged_and_with_their_figures(self):
        first = self.post_at("2026-03-16")
        self.dispatch("2026-03-16 10:00")
        body = str(self.reminders(first)["D0"].mail_message_id.body)
        for word in ("juros", "multa"):
            self.assertNotIn(word, body)
        self.company.write({"cobranca_late_fee_percent": 2, "cobranca_late_interest_percent": 1})
        second = self.post_at("2026-03-17", partner=self.partner_a)
        self.partner_a.email = "financeiro@partner-a.example.com"
        self.dispatch("2026-03-17 10:00")
        body = str(self.reminders(second)["D0"].mail_message_id.body)
        self.assertIn("multa de 2% e juros de mora de 1% ao mês", body)

    def test_formal_notice_greets_sets_a_deadline_and_says_how_to_contest(self):
        move = self.post_at("2026-03-02", posted="2026-02-02")
        self.dispatch("2026-03-23 10:00")
        d15 = self.reminders(move)["D+15"]
        d15.with_user(self.approver).action_approve()
        self.dispatch("2026-03-23 11:00")
        body = str(d15.mail_mail_id.body_html)
        self.assertIn("Prezado(a) Maria Aparecida Souza", body)
        self.assertIn(
            "até <strong>30/03/2026</strong>", body
        )  # 23/03 + 5 days (Saturday 28 -> Mon)
        self.assertIn("Se não reconhece este débito", body)
        self.assertIn("Já pagou? Responda a este e-mail com o comprovante", body)
        # the standard ladder escalates no further: no word of protest
        for word in ("protesto", "inadimplentes", "art. 43"):
            self.assertNotIn(word, body)
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_br_cobranca_preventiva.report_formal_notice", move.ids
        )
        letter = html.decode()
        self.assertIn("Prezado(a) Maria Aparecida Souza", letter)
        self.assertIn("Se não reconhece este débito", letter)
        self.assertIn("CNPJ 11.222.333/0001-81 · Rua Augusta, 1500", letter)
        self.assertNotIn("protesto", letter)

    def test_protest_step_needs_a_formal_notice_early_enough(self):
        regua = self.regua_padrao  # formal notice at D+15
        protest = {
            "channel": "activity",
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "requires_approval": True,
            "escalation_protest": True,
        }
        # (assertRaisesRegex, unlike Odoo's assertRaises, rolls nothing back by itself)
        with (
            self.assertRaisesRegex(ValidationError, "at least 10 days before"),
            self.env.cr.savepoint(),
        ):
            regua.write({"step_ids": [Command.create(dict(protest, offset_days=20))]})
        regua.write({"step_ids": [Command.create(dict(protest, offset_days=25))]})
        self.company.cobranca_protest_notice_days = 5
        intensiva = self.regua_intensiva  # formal notice at D+10
        intensiva.step_ids = [Command.create(dict(protest, offset_days=15))]
        # the notice of a ladder cannot go while a protest step relies on it
        notice = intensiva.step_ids.filtered("escalation_notice")
        with (
            self.assertRaisesRegex(ValidationError, "needs a formal notice"),
            self.env.cr.savepoint(),
        ):
            notice.escalation_notice = False
