"""What the customer is told when its answer is decided, by email (the channel of an
answer given on the answer page, by email or recorded by a clerk): an accepted plan
with each installment, its charges and its total (CDC art. 52), a refusal and a
resolved contest with the reason and when the reminders resume, a "já paguei"
confirmed by the payment or not found when its days passed, an answer handed to a
person. The email leaves inside the customer's contact hours; a revoked channel gets
nothing and the collector is asked to tell the customer."""

import re
from datetime import date, datetime

from freezegun import freeze_time
from lxml import html

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_answers import NOW, AnswerPageMixin, AnswersCommon

CREDITOR = "Credor: Distribuidora Exemplo Ltda · CNPJ 11.222.333/0001-81 · Rua Augusta, 1500"


def text_of(body):
    """The words of an HTML body, one space between them."""
    words = html.fromstring(str(body)).text_content().replace("\xa0", " ")
    return re.sub(r"\s+", " ", words).strip()


class DecisionsCommon(AnswersCommon):
    def told(self, move):
        """The emails to the customer posted on ``move``'s chatter (not the reminders)."""
        reminders = move.cobranca_reminder_ids.mail_message_id
        return self.mails_of(move).filtered(lambda m: m.mail_message_id not in reminders)

    def propose(self, move, source="portal", when="2026-03-12 09:00"):
        with self.at(when):
            return move.env["cobranca.installment.proposal"]._propose(
                move, 3, "2026-03-20", source, source, note="Posso pagar em 3x"
            )

    def tell_todo(self, move):
        return self.activities(move).filtered(lambda a: a.summary.startswith("Tell "))


@tagged("post_install", "-at_install")
class TestDecisionsByEmail(DecisionsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(
            cls.env,
            login="employee.decisions",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    # -------------------------------------------------------------- installments
    def test_an_accepted_plan_is_emailed_with_each_installment_its_charges_and_total(self):
        move = self.post_at("2026-03-09")
        proposal = self.propose(move)
        self.assertFalse(self.told(move))
        with self.at("2026-03-12 14:00"):
            proposal.action_accept()
        mail = self.told(move)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(mail.mail_message_id.subject, f"Parcelamento aceito: fatura {move.name}")
        self.assertEqual(
            (mail.mail_message_id.model, mail.mail_message_id.res_id), ("account.move", move.id)
        )
        self.assertFalse(mail.scheduled_date, "14:00 on a Thursday: inside the contact hours")
        text = text_of(mail.body_html)
        for expected in (
            f"A sua proposta de parcelamento da fatura {move.name}",
            "foi aceita",
            "Valor em aberto: R$ 1.000,00, em 3 parcelas mensais",
            "1ª 20/03/2026 R$ 333,33",
            "2ª 20/04/2026 R$ 333,33",
            "3ª 20/05/2026 R$ 333,34",
            "Sem juros e multa.",
            "Total a pagar: R$ 1.000,00.",
            "Não enviaremos lembretes de cobrança desta fatura até 20/05/2026",
            CREDITOR,
        ):
            self.assertIn(expected, text)
        self.assertIn(f"/my/invoices/{move.id}/cobranca", mail.body_html)
        self.assertIn("/cobranca/optout/", mail.body_html)

    def test_a_refusal_needs_a_reason_and_the_customer_is_told_it(self):
        move = self.post_at("2026-03-09")
        proposal = self.propose(move)
        with self.at("2026-03-12 14:00"), self.assertRaises(UserError):
            proposal.action_refuse()
        self.assertEqual(proposal.state, "pending")
        self.assertFalse(self.told(move))
        proposal.decision_note = "Só aceitamos até 2 parcelas <b>sem exceção</b>"
        with self.at("2026-03-12 14:00"):
            proposal.action_refuse()
        mail = self.told(move)
        self.assertEqual(len(mail), 1)
        self.assertIn("&lt;b&gt;sem exceção&lt;/b&gt;", mail.body_html)
        text = text_of(mail.body_html)
        for expected in (
            "em 3 parcelas mensais a partir de 20/03/2026 não foi aceita",
            "Motivo: Só aceitamos até 2 parcelas <b>sem exceção</b>",
            "A fatura continua em aberto no valor de R$ 1.000,00.",
            "voltam a seguir o calendário habitual a partir de 12/03/2026",
            CREDITOR,
        ):
            self.assertIn(expected, text)

    def test_an_erasure_erases_the_decisions_told_but_not_the_invoice_sent(self):
        move = self.post_at("2026-03-09")
        proposal = self.propose(move)
        proposal.decision_note = "Motivo só desta cliente: renda comprovada insuficiente"
        with self.at("2026-03-12 14:00"):
            proposal.action_refuse()
        told = self.told(move).mail_message_id
        self.assertIn("renda comprovada insuficiente", str(told.body))
        # the invoice as a user sends it (Odoo's "Send"): accounting, kept
        sent = move.message_post(
            body="Segue a fatura NF 123", partner_ids=self.customer.ids, message_type="comment"
        )
        self.customer.action_cobranca_anonymise()
        self.env.invalidate_all()
        self.assertNotIn("renda comprovada insuficiente", str(told.body))
        self.assertIn("Segue a fatura NF 123", str(sent.body))

    def test_a_decision_taken_at_night_leaves_when_the_contact_hours_open(self):
        move = self.post_at("2026-03-09")
        proposal = self.propose(move)
        with self.at("2026-03-12 21:30"):
            proposal.action_accept()
        # Friday 13/03 08:00 in São Paulo
        self.assertEqual(self.told(move).scheduled_date, datetime(2026, 3, 13, 11, 0))

    # ------------------------------------------------------------------- contest
    def test_resolving_a_contest_needs_a_resolution_and_the_customer_is_told_it(self):
        move = self.post_at("2026-03-16")
        with self.at("2026-03-05 09:00"):
            move.env["cobranca.answer"]._contest(move, "Valor errado", "email", "email")
        self.assertEqual(move.cobranca_dispute_source, "email")
        with self.at("2026-03-05 14:00"), self.assertRaises(UserError):
            move.action_cobranca_resolve_dispute()
        self.assertTrue(move.cobranca_dispute)
        move.cobranca_dispute_resolution = "Conferimos o pedido: o valor está correto."
        with self.at("2026-03-05 14:00"):
            move.action_cobranca_resolve_dispute()
        self.assertFalse(move.cobranca_dispute)
        mail = self.told(move)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        text = text_of(mail.body_html)
        for expected in (
            f"Analisamos a sua contestação da fatura {move.name}",
            "Resultado: Conferimos o pedido: o valor está correto.",
            "A fatura continua em aberto no valor de R$ 1.000,00.",
            "voltam a seguir o calendário habitual a partir de 05/03/2026",
            CREDITOR,
        ):
            self.assertIn(expected, text)
        self.assertIn("Conferimos o pedido", self.notes(move)[0])
        # what the customer was told is not rewritten afterwards
        with self.assertRaises(UserError):
            move.with_user(self.collector).sudo(False).cobranca_dispute_resolution = "Outra"

    def test_a_contest_resolved_by_a_credit_note_says_nothing_is_due(self):
        move = self.post_at("2026-03-16")
        with self.at("2026-03-05 09:00"):
            move.env["cobranca.answer"]._contest(move, "Não comprei", "portal", "portal")
            move._reverse_moves(cancel=True)
        self.assertEqual(move.payment_state, "reversed")
        move.cobranca_dispute_resolution = "Fatura emitida por engano: estornada."
        with self.at("2026-03-05 14:00"):
            move.action_cobranca_resolve_dispute()
        text = text_of(self.told(move).body_html)
        self.assertIn("Resultado: Fatura emitida por engano: estornada.", text)
        self.assertIn("A fatura foi estornada: não há valor em aberto.", text)
        self.assertNotIn("continua em aberto", text)

    def test_only_collection_users_resolve_a_contest(self):
        """The refused ones: an employee, and a user of an integrator's group that
        may edit invoices without being a collection user."""
        editors = self.env["res.groups"].create(
            {
                "name": "Invoice editors",
                "implied_ids": [Command.link(self.env.ref("account.group_account_readonly").id)],
                "model_access": [
                    Command.create(
                        {
                            "name": "invoice editors",
                            "model_id": self.env.ref("account.model_account_move").id,
                            "perm_read": True,
                            "perm_write": True,
                        }
                    )
                ],
            }
        )
        editor = new_test_user(
            self.env,
            login="editor.decisions",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        editor.groups_id = [Command.link(editors.id)]
        self.assertFalse(editor.has_group("l10n_br_cobranca_preventiva.group_cobranca_user"))
        move = self.post_at("2026-03-16")
        with self.at("2026-03-05 09:00"):
            move.env["cobranca.answer"]._contest(move, "Não comprei", "portal", "portal")
        move.cobranca_dispute_resolution = "Valor correto."
        for user in (self.employee, editor):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError) as refused:
                    move.with_user(user).action_cobranca_resolve_dispute()
                self.assertIn("collection users", str(refused.exception))
        self.assertTrue(move.cobranca_dispute)
        self.assertFalse(self.told(move))

    # ---------------------------------------------------------------- já paguei
    def test_a_payment_reported_is_confirmed_when_it_is_reconciled(self):
        move = self.post_at("2026-03-16")
        with self.at("2026-03-10 10:00"):
            move.env["cobranca.answer"]._says_paid(move, "email", "email", note="Paguei ontem")
        self.assertEqual(move.cobranca_paid_claim_source, "email")
        self.assertFalse(self.told(move))
        with self.at("2026-03-11 10:00"):
            self.pay(move, day=date(2026, 3, 9))
        mail = self.told(move)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.mail_message_id.subject, f"Pagamento confirmado: fatura {move.name}")
        text = text_of(mail.body_html)
        self.assertIn(f"Confirmamos o pagamento da fatura {move.name} (R$ 1.000,00)", text)
        self.assertIn(CREDITOR, text)
        self.assertNotIn("Responda aqui", text, "nothing is due: no answer page")
        self.assertFalse(move.cobranca_paid_claim_source)

    def test_a_payment_reported_and_not_found_tells_the_customer(self):
        move = self.post_at("2026-03-16")
        with self.at("2026-03-10 10:00"):
            move.env["cobranca.answer"]._says_paid(move, "portal", "portal")
        self.assertEqual(move.cobranca_paid_claim_until, date(2026, 3, 12))
        self.check_answers("2026-03-12 03:00")
        self.assertFalse(self.told(move), "the days to check it have not passed")
        self.check_answers("2026-03-13 03:00")
        mail = self.told(move)
        self.assertEqual(len(mail), 1)
        # the daily check runs at night: the email waits for 08:00 in São Paulo
        self.assertEqual(mail.scheduled_date, datetime(2026, 3, 13, 11, 0))
        text = text_of(mail.body_html)
        for expected in (
            f"Não localizamos o pagamento que você informou da fatura {move.name} (R$ 1.000,00)",
            "A fatura continua em aberto no valor de R$ 1.000,00.",
            "voltam a seguir o calendário habitual a partir de 13/03/2026",
            "Se já pagou, envie o comprovante pela página da fatura.",
            CREDITOR,
        ):
            self.assertIn(expected, text)
        # paid afterwards: confirmed too
        with self.at("2026-03-13 10:00"):
            self.pay(move, day=date(2026, 3, 13))
        self.assertEqual(len(self.told(move)), 2)

    # ------------------------------------------------------------------ handover
    def test_an_answer_handed_to_a_person_tells_the_customer(self):
        first = self.post_at("2026-03-16")
        with self.at("2026-03-02 10:00"):
            first.env["cobranca.answer"]._promise(first, "2026-03-04", "portal", "portal")
        self.check_answers("2026-03-05 03:00")  # broken: the budget is spent
        move = self.post_at("2026-03-16")
        with self.at("2026-03-05 10:00"):
            move.env["cobranca.answer"]._promise(move, "2026-03-12", "email", "email")
        self.assertFalse(move.cobranca_promise_ids)
        mail = self.told(move)
        self.assertEqual(len(mail), 1)
        text = text_of(mail.body_html)
        self.assertIn(f"Recebemos a sua mensagem sobre a fatura {move.name}", text)
        self.assertIn("Uma pessoa da nossa equipe vai analisá-la.", text)
        self.assertIn("os lembretes de cobrança desta fatura continuam", text)
        self.assertIn(CREDITOR, text)
        # a "já paguei" handed over is told once, not at each further message
        with self.at("2026-03-05 11:00"):
            move.env["cobranca.answer"]._says_paid(move, "portal", "portal")
            move.env["cobranca.answer"]._says_paid(move, "portal", "portal", note="segue o Pix")
        self.assertEqual(len(self.told(move)), 2)

    # -------------------------------------------------------------------- consent
    def test_a_revoked_email_gets_nothing_and_the_collector_is_asked_to_tell(self):
        move = self.post_at("2026-03-09")
        proposal = self.propose(move)
        self.env["cobranca.consent"]._cobranca_record(
            self.customer,
            "email",
            self.customer.email,
            "revoked",
            "consent",
            "clerk",
            evidence="Pediu por telefone",
        )
        with self.at("2026-03-12 14:00"):
            proposal.action_accept()
        self.assertFalse(self.told(move))
        todo = self.tell_todo(move)
        self.assertEqual(todo.user_id, self.collector)
        note = text_of(todo.note)
        self.assertIn("the customer asked to stop collection emails", note)
        self.assertIn("the customer has not written on WhatsApp", note)
        self.assertIn("1ª parcela: R$ 333,33 em 20/03/2026", note)
        self.assertIn("Total a pagar: R$ 1.000,00.", note)

    def test_a_customer_without_email_is_told_by_its_collector(self):
        self.customer.email = False
        move = self.post_at("2026-03-16")
        with self.at("2026-03-05 09:00"):
            move.env["cobranca.answer"]._contest(move, "Não comprei", "clerk", "phone")
        move.cobranca_dispute_resolution = "Pedido localizado e entregue."
        with self.at("2026-03-05 14:00"):
            move.action_cobranca_resolve_dispute()
        self.assertFalse(self.mails_of(move))
        note = text_of(self.tell_todo(move).note)
        self.assertIn("neither the invoice contact nor the customer has an address", note)
        self.assertIn("Resultado: Pedido localizado e entregue.", note)


@tagged("post_install", "-at_install")
class TestDecisionsOnThePage(AnswerPageMixin, DecisionsCommon, HttpCase):
    """An answer given on the answer page: the decision is emailed and shown on the
    page."""

    def setUp(self):
        super().setUp()
        self.move = self.post_at("2026-03-02")  # overdue on 10/03
        self.move._portal_ensure_token()

    def page_text(self):
        return text_of(self.open(self.url()).text)

    def test_an_accepted_plan_is_emailed_and_shown_on_the_page(self):
        self.post("installment", count="3", first_date="2026-03-16")
        proposal = self.move.cobranca_installment_ids
        self.assertEqual(proposal.source, "portal")
        self.assertNotIn("foi aceita", self.page_text())
        with freeze_time(NOW):
            proposal.action_accept()
        mail = self.told(self.move)
        self.assertEqual(len(mail), 1)
        self.assertIn("1ª 16/03/2026 R$ 333,33", text_of(mail.body_html))
        text = self.page_text()
        for expected in (
            f"A sua proposta de parcelamento da fatura {self.move.name} foi aceita.",
            "Valor em aberto: R$ 1.000,00, em 3 parcelas mensais:",
            "1ª parcela: R$ 333,33 em 16/03/2026",
            "2ª parcela: R$ 333,33 em 16/04/2026",
            "3ª parcela: R$ 333,34 em 16/05/2026",
            "Sem juros e multa.",
            "Total a pagar: R$ 1.000,00.",
            "Não enviaremos lembretes de cobrança desta fatura até 16/05/2026",
        ):
            self.assertIn(expected, text)

    def test_a_refusal_and_a_resolved_contest_show_their_reasons_on_the_page(self):
        self.post("installment", count="6", first_date="2026-03-16")
        proposal = self.move.cobranca_installment_ids
        proposal.decision_note = "No máximo 3 parcelas <script>alert(1)</script>"
        with freeze_time(NOW):
            proposal.action_refuse()
        self.post("contest", reason="Valor errado")
        self.assertEqual(self.move.cobranca_dispute_source, "portal")
        self.move.cobranca_dispute_resolution = "O valor está correto <b>conforme o pedido</b>."
        with freeze_time(NOW):
            self.move.action_cobranca_resolve_dispute()
        self.assertEqual(len(self.told(self.move)), 2)
        page = self.open(self.url()).text
        self.assertNotIn("<script>alert(1)</script>", page)
        self.assertNotIn("<b>conforme o pedido</b>", page)
        text = text_of(page)
        for expected in (
            "em 6 parcelas mensais a partir de 16/03/2026 não foi aceita",
            "Motivo: No máximo 3 parcelas <script>alert(1)</script>",
            f"Analisamos a sua contestação da fatura {self.move.name}.",
            "Resultado: O valor está correto <b>conforme o pedido</b>.",
            "voltam a seguir o calendário habitual a partir de 10/03/2026",
        ):
            self.assertIn(expected, text)
