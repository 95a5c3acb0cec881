"""The dispatcher when things go wrong: a crash between batches, another worker, bad
input on one reminder, a deleted template, nobody to call, a channel that cannot go;
each ends on its reminder and the run goes on, nothing twice."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..models import cobranca_dispatcher as dispatcher
from .test_dispatch import DispatchCommon, amount_re


@tagged("post_install", "-at_install")
class TestDispatchFailures(DispatchCommon):
    # ------------------------------------------------------------ never twice
    def test_crash_between_batches_sends_each_reminder_once(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Cliente {i}", "email": f"cliente{i}@example.com"} for i in range(4)]
        )
        moves = self.env["account.move"]
        for customer in customers:
            moves |= self.post_at("2026-03-16", posted="2026-03-02", partner=customer)
        Reminder = self.env["cobranca.reminder"]
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            Reminder._cron_dispatch(batch_size=2)  # first batch: two customers
            self.assertEqual(len(self.mails_of(moves)), 2)

            def crash(self, reminders):
                raise RuntimeError("worker killed")

            # killed once the messages exist, before the batch is committed
            Escalation = type(self.env["cobranca.escalation"])
            with patch.object(Escalation, "_run", crash):
                with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                    Reminder._cron_dispatch(batch_size=2)
            self.env.invalidate_all()
            # the killed batch left nothing behind: no message without its reminder, and
            # its reminders still wait to be sent
            self.assertEqual(len(self.mails_of(moves)), 2)
            waiting = moves.cobranca_reminder_ids.filtered(lambda r: r.step_name == "D-5")
            self.assertEqual(sorted(waiting.mapped("state")), ["scheduled"] * 2 + ["sent"] * 2)
            self.assertFalse(waiting.filtered(lambda r: r.state == "scheduled").mail_message_id)
        self.dispatch("2026-03-09 10:15", batch_size=2)
        self.dispatch("2026-03-09 10:30", batch_size=2)
        mails = self.mails_of(moves)
        self.assertEqual(len(mails), 4)
        for move in moves:
            d5 = self.reminders(move)["D-5"]
            self.assertEqual(d5.state, "sent")
            self.assertEqual(len(self.mails_of(move)), 1)
            self.assertEqual(d5.mail_mail_id, self.mails_of(move))

    def test_a_customer_claimed_by_another_worker_is_left_to_it(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Cliente Paralelo {i}", "email": f"par{i}@example.com"} for i in range(2)]
        )
        busy, free = customers
        moves = {c: self.post_at("2026-03-16", posted="2026-03-02", partner=c) for c in customers}
        self.env.flush_all()
        # another worker (its own connection) holds the busy customer's claim
        with self.registry.cursor() as other:
            other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (dispatcher.CLAIM_LOCK, busy.id))
            with freeze_time(self.sp_time("2026-03-09 10:00")):
                done = self.env["cobranca.dispatcher"]._dispatch()
            self.assertEqual(done, 1)
            self.assertEqual(self.reminders(moves[free])["D-5"].state, "sent")
            self.assertEqual(self.reminders(moves[busy])["D-5"].state, "scheduled")
            self.assertFalse(self.mails_of(moves[busy]))
            other.rollback()  # that worker ends (or is killed): its claim is released
        with freeze_time(self.sp_time("2026-03-09 10:15")):
            self.env["cobranca.dispatcher"]._dispatch()
        self.assertEqual(self.reminders(moves[busy])["D-5"].state, "sent")
        self.assertEqual(len(self.mails_of(moves[busy])), 1)

    def test_a_batch_only_takes_reminders_still_scheduled_once_claimed(self):
        customer = self.env["res.partner"].create(
            {"name": "Cliente Retomado", "email": "retomado@example.com"}
        )
        move = self.post_at("2026-03-16", posted="2026-03-02", partner=customer)
        Dispatcher = self.env["cobranca.dispatcher"]
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            [batch] = Dispatcher._due_customer_batches(10)
            self.assertIn(customer.id, batch)
            Dispatcher._dispatch_customers(batch)
            # the same job retried (or enqueued twice) finds nothing left to send
            self.assertEqual(Dispatcher._dispatch_customers(batch), 0)
            self.assertEqual(Dispatcher._due_customer_batches(10), [])
        self.assertEqual(len(self.mails_of(move)), 1)

    def test_dispatcher_queries_grow_with_batches_not_invoices(self):
        def count_queries(n, posted):
            customers = self.env["res.partner"].create(
                [{"name": f"Cliente {posted} {i}", "email": f"c{i}@example.com"} for i in range(n)]
            )
            for customer in customers:
                self.post_at("2026-03-16", posted=posted, partner=customer)
            self.env.invalidate_all()
            with freeze_time(self.sp_time("2026-03-09 10:00")):
                before = self.env.cr.sql_log_count
                done = self.env["cobranca.dispatcher"]._dispatch()
                count = self.env.cr.sql_log_count - before
            reminders = self.env["cobranca.reminder"].search(
                [
                    ("commercial_partner_id", "in", customers.ids),
                    ("offset_days", "=", -5),
                ]
            )
            self.assertEqual(done, n)
            self.assertEqual(set(reminders.mapped("state")), {"sent"})
            return count

        count_queries(2, "2026-03-01")  # warm the caches
        small = count_queries(3, "2026-03-02")
        large = count_queries(30, "2026-03-03")
        # ten times the invoices, the same queries (give or take a cache miss)
        self.assertLessEqual(large, small + 3)

    # --------------------------------------------------------------- bad input
    def test_bad_inputs_end_on_the_reminder_and_the_batch_goes_on(self):
        Partner = self.env["res.partner"]
        no_email = Partner.create({"name": "Sem E-mail Ltda"})
        archived = Partner.create({"name": "Arquivado ME", "email": "arq@example.com"})
        excluded = Partner.create(
            {
                "name": "Excluído SA",
                "email": "exc@example.com",
                "cobranca_excluded": True,
            }
        )
        usd = self.setup_other_currency("USD")
        foreign = Partner.create({"name": "Importadora", "email": "imp@example.com"})
        broken_customer = Partner.create({"name": "Modelo Quebrado", "email": "mq@example.com"})
        broken = self.env["mail.template"].create(
            {
                "name": "Quebrado",
                "model_id": self.env["ir.model"]._get_id("account.move"),
                "body_html": '<p><t t-out="object.amount_residual / 0"/></p>',
                "subject": "Teste",
            }
        )
        broken_regua = self.regua_padrao.copy({"name": "Régua quebrada"})
        broken_regua.step_ids.filtered(lambda s: s.offset_days == -5).mail_template_id = broken
        broken_customer.cobranca_regua_id = broken_regua
        good = self.post_at("2026-03-16", posted="2026-03-02")
        moves = {
            "no_email": self.post_at("2026-03-16", posted="2026-03-02", partner=no_email),
            "archived": self.post_at("2026-03-16", posted="2026-03-02", partner=archived),
            "excluded": self.post_at("2026-03-16", posted="2026-03-02", partner=excluded),
            "foreign": self.post_at(
                "2026-03-16", posted="2026-03-02", partner=foreign, currency_id=usd.id
            ),
            "broken": self.post_at("2026-03-16", posted="2026-03-02", partner=broken_customer),
        }
        archived.active = False
        self.dispatch("2026-03-09 10:00")
        d5 = {key: self.reminders(move)["D-5"] for key, move in moves.items()}
        self.assertEqual(
            (d5["no_email"].state, d5["no_email"].skip_reason), ("skipped", "no_email")
        )
        self.assertIn("email address", d5["no_email"].error)
        self.assertEqual(d5["archived"].skip_reason, "partner_archived")
        self.assertEqual(
            (d5["excluded"].state, d5["excluded"].skip_reason), ("skipped", "excluded")
        )
        self.assertEqual(d5["foreign"].state, "sent")
        foreign_body = str(d5["foreign"].mail_message_id.body)
        self.assertRegex(foreign_body, amount_re("$ 1.000,00"))
        self.assertNotIn("R$", foreign_body)
        self.assertEqual(
            (d5["broken"].state, d5["broken"].skip_reason), ("failed", "template_error")
        )
        self.assertIn("Quebrado", d5["broken"].error)
        self.assertEqual(self.reminders(good)["D-5"].state, "sent")

    def test_zero_residual_is_cancelled_as_paid(self):
        move = self.post_at("2026-03-16", posted="2026-03-02")
        self.pay(move, day=date(2026, 3, 2))
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(self.reminders(move)["D-5"].skip_reason, "paid")
        self.assertFalse(self.mails_of(move))

    def test_deleted_template_and_activity_type(self):
        regua = self.env["cobranca.regua"].create(
            {
                "name": "Régua frágil",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -5,
                            "channel": "email",
                            "mail_template_id": self.template_before_due.copy().id,
                        }
                    ),
                    Command.create(
                        {
                            "offset_days": -5,
                            "channel": "activity",
                            "activity_type_id": self.env["mail.activity.type"]
                            .create({"name": "Ligar cliente", "res_model": "account.move"})
                            .id,
                        }
                    ),
                ],
            }
        )
        move = self.post_at("2026-03-16", posted="2026-03-02", cobranca_regua_id=regua.id)
        email_step = regua.step_ids.filtered(lambda s: s.channel == "email")
        call_step = regua.step_ids.filtered(lambda s: s.channel == "activity")
        email_step.mail_template_id.unlink()
        call_step.activity_type_id.unlink()
        self.dispatch("2026-03-09 10:00")
        by_channel = {r.step_id.channel: r for r in move.cobranca_reminder_ids}
        self.assertEqual(
            (by_channel["email"].state, by_channel["email"].skip_reason),
            ("skipped", "no_template"),
        )
        self.assertEqual(by_channel["activity"].skip_reason, "no_activity_type")

    def test_call_without_anybody_to_call_fails_clearly(self):
        self.customer.cobranca_collector_id = False
        move = self.post_at("2026-03-02", posted="2026-02-02", invoice_user_id=False)
        self.dispatch("2026-03-11 10:00")  # D+7 of 02/03 is 11/03
        call = self.reminders(move)["D+7"]
        self.assertEqual((call.state, call.skip_reason), ("failed", "no_responsible"))
        self.company.cobranca_responsible_id = self.collector
        other = self.post_at(
            "2026-03-02",
            posted="2026-02-03",
            partner=self.partner_a,
            invoice_user_id=False,
        )
        self.dispatch("2026-03-11 11:00")
        self.assertEqual(self.reminders(other)["D+7"].activity_id.user_id, self.collector)
        # the invoice's salesperson comes before the company's responsible
        seller = self.env["res.users"].create({"name": "Vendedor Rui", "login": "rui.vendas"})
        third = self.post_at(
            "2026-03-02",
            posted="2026-02-04",
            partner=self.partner_b,
            invoice_user_id=seller.id,
        )
        self.partner_b.email = "b@example.com"
        self.dispatch("2026-03-11 12:00")
        self.assertEqual(self.reminders(third)["D+7"].activity_id.user_id, seller)

    def test_whatsapp_step_without_fallback_is_skipped(self):
        regua = self.env["cobranca.regua"].create(
            {
                "name": "Só WhatsApp",
                "step_ids": [Command.create({"offset_days": -5, "channel": "whatsapp"})],
            }
        )
        # without consent: skipped for that reason
        move = self.post_at("2026-03-16", posted="2026-03-02", cobranca_regua_id=regua.id)
        self.dispatch("2026-03-09 10:00")
        reminder = move.cobranca_reminder_ids
        self.assertEqual((reminder.state, reminder.skip_reason), ("skipped", "no_consent"))
        self.assertIn("WhatsApp", reminder.error)
        # with consent: the company has no WhatsApp account, so the channel is
        # unavailable
        self.partner_a.write({"mobile": "+55 11 98765-4321", "email": "a@example.com"})
        self.env["cobranca.consent"]._cobranca_record(
            self.partner_a,
            "whatsapp",
            self.partner_a.mobile,
            "granted",
            "consent",
            "clerk",
            evidence="Mensagem do cliente",
        )
        other = self.post_at(
            "2026-03-16",
            posted="2026-03-02",
            partner=self.partner_a,
            cobranca_regua_id=regua.id,
        )
        self.assertEqual(other.cobranca_reminder_ids.channel, "whatsapp")
        self.dispatch("2026-03-09 11:00")
        self.assertEqual(other.cobranca_reminder_ids.skip_reason, "channel_unavailable")
