from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class CobrancaCommon(AccountTestInvoicingCommon):
    """A Brazilian company with the shipped ladders, and helpers to make invoices."""

    #: Every test runs on a frozen clock (a Monday in the company's business hours);
    #: a test moves it with ``freeze_time`` where the day or the hour matters.
    FROZEN_NOW = "2026-03-02 13:00:00"

    @classmethod
    @AccountTestInvoicingCommon.setup_country("br")
    def setUpClass(cls):
        cls.startClassPatcher(freeze_time(cls.FROZEN_NOW))
        super().setUpClass()
        cls.company = cls.company_data["company"]
        # a creditor that identifies itself (CDC art. 42-A): messages wait otherwise
        cls.company.write(
            {
                "name": "Distribuidora Exemplo Ltda",
                "vat": "11.222.333/0001-81",
                "street": "Rua Augusta, 1500",
                "city": "São Paulo",
                "state_id": cls.env.ref("base.state_br_sp").id,
                "zip": "01304-001",
                # plan every step at once (the horizon has its own tests)
                "cobranca_plan_horizon_days": 366,
                # send as soon as the window opens (the send hour has its own tests)
                "cobranca_send_hour_default": 0,
            }
        )
        # the dashboard's figures computed at every reading (the cache has its own tests)
        cls.env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", "0")
        Regua = cls.env["cobranca.regua"]
        cls.regua_padrao = cls.company.cobranca_default_regua_id
        cls.regua_discreta = Regua.search(
            [("company_id", "=", cls.company.id), ("name", "ilike", "discreta")]
        )
        cls.regua_intensiva = Regua.search(
            [("company_id", "=", cls.company.id), ("name", "ilike", "intensiva")]
        )
        cls.template_before_due = cls.env.ref(
            "l10n_br_cobranca_preventiva.mail_template_cobranca_before_due"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Maria Aparecida Souza", "email": "maria.souza@example.com"}
        )

    @classmethod
    def make_invoice(cls, due_date, partner=None, invoice_date=None, post=True, **vals):
        """A customer invoice of R$ 1.000,00 falling due on ``due_date``."""
        due_date = due_date if isinstance(due_date, date) else date.fromisoformat(due_date)
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or cls.customer).id,
                "invoice_date": invoice_date or due_date.replace(day=1),
                "invoice_date_due": due_date,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consultoria",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **vals,
            }
        )
        if post:
            move.action_post()
        return move

    def texts(self, move):
        """What the messages say of ``move`` (``cobranca(object)`` in templates)."""
        return self.env["cobranca.render.values"]._texts()(move)

    def timeline_dates(self, move):
        return {
            line["step"].name: line["date"] for line in self.env["cobranca.timeline"]._lines(move)
        }

    # ------------------------------------------------------------- dispatching
    @staticmethod
    def sp_time(text):
        """Naive UTC of a São Paulo wall-clock time 'YYYY-MM-DD HH:MM' (UTC-3)."""
        return datetime.fromisoformat(text) + timedelta(hours=3)

    def dispatch(self, when, batch_size=1000):
        """Run the dispatcher as its cron would at São Paulo time ``when``, to the
        end."""
        Reminder = self.env["cobranca.reminder"]
        with freeze_time(self.sp_time(when)):
            for _i in range(50):
                Reminder._cron_dispatch(batch_size=batch_size)
                if not self.env["cobranca.dispatcher"]._due_count():
                    break
            else:
                self.fail(f"the dispatcher still had due reminders after 50 runs at {when}")
        self.env.invalidate_all()

    def reminders(self, move):
        return {r.step_id.name: r for r in move.cobranca_reminder_ids}

    def mails_of(self, moves):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "account.move"), ("res_id", "in", moves.ids)])
        )

    def pay(self, move, amount=None, day=None):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(
                {
                    "payment_date": day or move.invoice_date,
                    **({"amount": amount} if amount else {}),
                }
            )
        )
        return wizard._create_payments()
