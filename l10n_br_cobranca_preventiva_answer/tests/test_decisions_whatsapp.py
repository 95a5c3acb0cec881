"""A decision on an answer the customer gave on WhatsApp is told on WhatsApp while
its 24-hour window is open: a free-form text sent by the session cron (a real local
HTTP server speaks the Cloud API), inside the customer's contact hours and daily
limit; outside the window, or when the customer stopped WhatsApp, by email.

The D-1 reminder goes out by WhatsApp on Friday 13/03 10:00 in São Paulo; the
customer answers at 15:00 (18:00 UTC): its window is open until Saturday 18:00 UTC.
Saturday 12:00 UTC is 09:00 in São Paulo: contact hours, a new day for the limit."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common_whatsapp import (
    CUSTOMER,
    AnswersMixin,
    WhatsappCommon,
)

from .test_decisions import CREDITOR, text_of

CRON = "l10n_br_cobranca_preventiva.ir_cron_cobranca_whatsapp_session"
SATURDAY = "2026-03-14 12:00"
PROMISE_CRON = "l10n_br_cobranca_preventiva_answer.ir_cron_cobranca_promises"


@tagged("post_install", "-at_install")
class TestDecisionsOnWhatsapp(AnswersMixin, WhatsappCommon):
    def run_cron(self, when):
        with freeze_time(when):
            self.env.ref(CRON).method_direct_trigger()
        self.env.invalidate_all()

    def outgoing(self, move):
        return self.env["cobranca.whatsapp.message"].search(
            [("move_id", "=", move.id), ("direction", "=", "out")]
        )

    def told_by_email(self, move):
        reminders = move.cobranca_reminder_ids.mail_message_id
        return self.mails_of(move).filtered(lambda m: m.mail_message_id not in reminders)

    def texts(self):
        return [body["text"]["body"] for body in self.sent_bodies()]

    def contested(self):
        move = self.sent()
        self.server.clear()
        self.answer("não reconheço essa cobrança")
        self.assertTrue(move.cobranca_dispute)
        self.assertEqual(move.cobranca_dispute_source, "whatsapp")
        move.cobranca_dispute_resolution = "Conferimos: a compra foi feita pelo seu CNPJ."
        return move

    def resolve(self, move, when):
        with freeze_time(when):
            move.action_cobranca_resolve_dispute()
        self.env.invalidate_all()

    def test_a_contest_made_on_whatsapp_is_resolved_on_whatsapp(self):
        move = self.contested()
        self.resolve(move, SATURDAY)
        self.assertFalse(self.server.log, "queued: the session cron sends it")
        self.assertEqual(self.outgoing(move).state, "queued")
        self.expect_send("wamid.DECISION")
        self.run_cron(SATURDAY)
        [body] = self.sent_bodies()
        self.assertEqual(body["to"], CUSTOMER)
        text = body["text"]["body"]
        for expected in (
            "Olá, Maria!",
            f"Analisamos a sua contestação da fatura {move.name}.",
            "Resultado: Conferimos: a compra foi feita pelo seu CNPJ.",
            "A fatura continua em aberto no valor de R$\xa01.000,00.",
            "voltam a seguir o calendário habitual a partir de 14/03/2026",
            f"/my/invoices/{move.id}/cobranca",
            "responda PARAR",
            CREDITOR,
        ):
            self.assertIn(expected, text)
        self.assertEqual(self.outgoing(move).state, "sent")
        self.assertFalse(self.told_by_email(move))
        self.run_cron("2026-03-14 13:00")  # never twice
        self.assertEqual(len(self.server.log), 1)

    def test_outside_the_whatsapp_window_the_decision_goes_by_email(self):
        move = self.contested()
        self.resolve(move, "2026-03-14 18:00:01")  # Saturday 15:00 in São Paulo
        self.assertFalse(self.outgoing(move))
        self.run_cron("2026-03-14 18:01")
        self.assertFalse(self.server.log)
        mail = self.told_by_email(move)
        self.assertEqual(len(mail), 1)
        self.assertIn("Resultado: Conferimos: a compra foi feita", text_of(mail.body_html))
        # Saturday's contact hours closed at 14:00: Monday 08:00 in São Paulo
        self.assertEqual(mail.scheduled_date, datetime(2026, 3, 16, 11, 0))

    def test_a_customer_who_stopped_whatsapp_is_told_by_email(self):
        move = self.contested()
        self.env["cobranca.consent"]._cobranca_record(
            self.customer,
            "whatsapp",
            self.customer.mobile,
            "revoked",
            "consent",
            "clerk",
            evidence="Pediu por telefone",
        )
        self.resolve(move, SATURDAY)
        self.assertFalse(self.outgoing(move))
        self.run_cron(SATURDAY)
        self.assertFalse(self.server.log, "nothing may reach WhatsApp")
        self.assertEqual(len(self.told_by_email(move)), 1)

    def test_an_accepted_plan_waits_for_the_daily_limit_and_lists_the_installments(self):
        self.sent()
        self.server.clear()
        self.answer("Oi, vou ver com o financeiro")  # the window opens
        overdue = self.post_at(due="2026-03-09")
        with freeze_time("2026-03-13 18:30"):
            proposal = overdue.env["cobranca.installment.proposal"]._propose(
                overdue, 3, "2026-03-20", "whatsapp", "whatsapp"
            )
        # Friday 16:00 in São Paulo: the D-1 reminder was the message of the day
        with freeze_time("2026-03-13 19:00"):
            proposal.action_accept()
        self.run_cron("2026-03-13 19:00")
        self.assertFalse(self.server.log)
        queued = self.outgoing(overdue)
        self.assertEqual(queued.send_after, datetime(2026, 3, 14, 11, 0))  # Saturday 08:00
        self.expect_send("wamid.PLAN")
        self.run_cron("2026-03-14 11:00")
        [text] = self.texts()
        for expected in (
            f"A sua proposta de parcelamento da fatura {overdue.name} foi aceita.",
            "Valor em aberto: R$\xa01.000,00, em 3 parcelas mensais:",
            "1ª parcela: R$\xa0333,33 em 20/03/2026",
            "2ª parcela: R$\xa0333,33 em 20/04/2026",
            "3ª parcela: R$\xa0333,34 em 20/05/2026",
            "Sem juros e multa.",
            "Total a pagar: R$\xa01.000,00.",
            "até 20/05/2026",
            CREDITOR,
        ):
            self.assertIn(expected, text)
        self.assertFalse(self.told_by_email(overdue))

    def test_a_payment_reported_on_whatsapp_is_confirmed_on_whatsapp(self):
        move = self.sent()
        self.server.clear()
        self.answer("já paguei ontem")
        self.assertEqual(move.cobranca_paid_claim_source, "whatsapp")
        with freeze_time(SATURDAY):
            self.pay(move, day=date(2026, 3, 13))
        self.expect_send("wamid.PAID")
        self.run_cron(SATURDAY)
        [text] = self.texts()
        self.assertIn(f"Confirmamos o pagamento da fatura {move.name} (R$\xa01.000,00).", text)
        self.assertNotIn("/cobranca", text.split("PARAR")[0], "nothing is due: no answer page")
        self.assertIn(CREDITOR, text)
        self.assertFalse(self.told_by_email(move))

    def test_a_payment_not_found_after_the_window_closed_is_told_by_email(self):
        move = self.sent()
        self.server.clear()
        self.answer("já paguei ontem")
        after = move.cobranca_paid_claim_until + timedelta(days=1)
        with freeze_time(f"{after.isoformat()} 12:00"):
            self.env.ref(PROMISE_CRON).method_direct_trigger()
        self.env.invalidate_all()
        self.assertFalse(self.outgoing(move))
        mail = self.told_by_email(move)
        self.assertEqual(len(mail), 1)
        self.assertIn("Não localizamos o pagamento que você informou", text_of(mail.body_html))

    def test_a_promise_handed_to_a_person_is_told_on_whatsapp(self):
        """A customer whose reported payment was not found (the company takes one)
        answers the reminder with a promise: the collector decides, and the customer
        is told so where it wrote."""
        self.company.cobranca_answer_max_unpaid_claims = 1
        other = self.post_at(due="2026-03-20")
        with freeze_time("2026-03-02 13:00"):
            other.env["cobranca.answer"]._says_paid(other, "portal", "portal")
        with freeze_time("2026-03-05 06:00"):
            self.env.ref(PROMISE_CRON).method_direct_trigger()
        self.assertEqual(other.cobranca_paid_claim_expired_count, 1)
        with freeze_time("2026-03-06 13:00"):
            self.pay(other, day=date(2026, 3, 6))  # no more reminders of it
        move = self.sent()
        self.server.clear()
        self.answer("posso pagar dia 20")
        self.assertFalse(move.cobranca_promise_ids, "handed to a person")
        self.assertEqual(self.outgoing(move).state, "queued")
        self.expect_send("wamid.HANDOVER")
        self.run_cron(SATURDAY)
        [text] = self.texts()
        self.assertIn(f"Recebemos a sua mensagem sobre a fatura {move.name}.", text)
        self.assertIn("Uma pessoa da nossa equipe vai analisá-la.", text)
        self.assertIn("os lembretes de cobrança desta fatura continuam", text)
        self.assertIn(CREDITOR, text)
        self.assertFalse(self.told_by_email(move))

    # --------------------------------------------------------------- due day
    def test_a_due_day_asked_on_whatsapp_is_approved_on_whatsapp(self):
        move = self.sent()
        self.server.clear()
        self.answer("Oi, quero mudar o vencimento para o dia 10")
        request = self.env["cobranca.due.day.request"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(
            (request.day, request.source, request.state, request.move_id),
            (10, "whatsapp", "requested", move),
        )
        with freeze_time(SATURDAY):
            request.action_approve()
        self.env.invalidate_all()
        self.assertEqual(self.outgoing(move).state, "queued")
        self.expect_send("wamid.DUEDAY")
        self.run_cron(SATURDAY)
        [text] = self.texts()
        self.assertIn("Olá, Maria!", text)
        self.assertIn(
            "O seu pedido foi aceito: as suas próximas faturas vencerão todo dia 10.", text
        )
        self.assertIn("As faturas já emitidas mantêm o vencimento que têm.", text)
        self.assertIn(CREDITOR, text)
        self.assertFalse(self.told_by_email(move))

    def test_a_due_day_not_offered_on_whatsapp_gets_the_days_offered(self):
        move = self.sent()
        self.server.clear()
        self.answer("pode ser todo dia 12?")
        self.assertFalse(
            self.env["cobranca.due.day.request"].search([("partner_id", "=", self.customer.id)])
        )
        self.assertIn("that is not offered", self.notes_of(move))
        self.expect_send("wamid.DAYS")
        self.run_cron(SATURDAY)
        [text] = self.texts()
        self.assertIn("Os dias de vencimento que oferecemos são: 5, 10, 15, 20 e 25.", text)
        self.assertIn(f"/my/invoices/{move.id}/cobranca", text)

    def notes_of(self, move):
        return " ".join(str(m.body) for m in move.message_ids)
