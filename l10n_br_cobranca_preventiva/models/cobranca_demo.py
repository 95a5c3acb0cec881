"""The Brazilian demo: a company, its customers, a year of their payments, open invoices.

Loaded with the demo data (``demo/cobranca_demo_company.xml``) from the plain data of
``tools/demo_data.py``; every date is relative to the day it is loaded, so the demo is
always current. The customers' classes are not pinned: the payer ranking computes them
from the year of payments, as it would for a real company.
"""

from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..tools import demo_data

#: Days from an invoice to its due date, in the demo's history.
TERM_DAYS = 28
#: The addon arrived this many days before the demo is loaded: the invoices due since
#: then had their reminders (what the collection dashboard measures).
ADDON_DAYS = 91


def weekday(day):
    """The day, or the next Monday when it falls on a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


class CobrancaDemo(models.AbstractModel):
    _name = "cobranca.demo"
    _description = "Collection Demo Data"

    @api.model
    def _load(self):
        """Create the demo company and make it the administrator's current company."""
        company = self._company()
        customers = self._customers(company)
        Move = self.env["account.move"].with_company(company)
        self._history(Move, customers)
        # ranked from their year of payments before the open invoices pick their ladders
        self.env["cobranca.ranking"]._rank(company, [c.id for c in customers.values()])
        opened = self._open_invoices(Move, customers)
        self.env["cobranca.planner"].with_company(company)._plan(move_ids=opened.ids)
        self._events(opened)
        # ranked again, as the daily cron would: the Collection tab shows what each
        # customer has overdue now (it read R$ 0,00 beside two overdue invoices)
        self.env["cobranca.ranking"]._rank(company, [c.id for c in customers.values()])
        self._loaded(company)
        return company.id

    def _loaded(self, company):
        """Once the demo's history exists (the insight addon forgets the figures its
        dashboard computed before)."""

    # ------------------------------------------------------------------ company
    def _company(self):
        data = demo_data.COMPANY
        brl = self.env.ref("base.BRL")
        brl.active = True
        company = self.env["res.company"].create(
            {
                "name": data.name,
                "vat": data.vat,
                "street": data.street,
                "street2": data.street2,
                "zip": data.zip,
                "city": data.city,
                "state_id": self.env.ref(f"base.state_br_{data.state.lower()}").id,
                "country_id": self.env.ref("base.br").id,
                "currency_id": brl.id,
                "phone": data.phone,
                "email": data.email,
                "website": data.website,
                # the public privacy notice names them (a newcomer sees it complete)
                "cobranca_privacy_officer": data.privacy_officer,
                "cobranca_privacy_contact": data.privacy_contact,
            }
        )
        self.env["account.chart.template"].try_loading("br", company=company, install_demo=False)
        bank = self.env["res.bank"].create(
            {"name": demo_data.BANK.bank_name, "bic": demo_data.BANK.bic}
        )
        self.env["res.partner.bank"].create(
            {
                "acc_number": demo_data.BANK.acc_number,
                "bank_id": bank.id,
                "partner_id": company.partner_id.id,
                "company_id": company.id,
                "proxy_type": demo_data.BANK.pix_type,
                "proxy_value": demo_data.BANK.pix_key,
            }
        )
        admin = self.env.ref("base.user_admin")
        values = {"company_ids": [Command.link(company.id)], "company_id": company.id}
        if self.env["res.lang"]._lang_get("pt_BR"):
            values["lang"] = "pt_BR"
        admin.write(values)
        company.cobranca_responsible_id = admin
        return company

    # ---------------------------------------------------------------- customers
    def _customers(self, company):
        states = {
            code: self.env.ref(f"base.state_br_{code.lower()}").id
            for code in {c.state for c in demo_data.CUSTOMERS}
        }
        brazil = self.env.ref("base.br").id
        lang = "pt_BR" if self.env["res.lang"]._lang_get("pt_BR") else False
        partners = self.env["res.partner"].create(
            [
                {
                    "name": c.name,
                    "is_company": c.is_company,
                    "vat": c.vat,
                    "street": c.street,
                    "street2": c.street2,
                    "zip": c.zip,
                    "city": c.city,
                    "state_id": states[c.state],
                    "country_id": brazil,
                    "mobile": c.mobile,
                    "phone": c.phone or False,
                    "email": c.email,
                    "lang": lang,
                    "company_id": company.id,
                }
                for c in demo_data.CUSTOMERS
            ]
        )
        Consent = self.env["cobranca.consent"]
        for customer, partner in zip(demo_data.CUSTOMERS, partners, strict=True):
            for channel, contact in (("email", customer.email), ("whatsapp", customer.mobile)):
                Consent._cobranca_record(
                    partner,
                    channel,
                    contact,
                    "granted",
                    "consent",
                    "form",
                    company=company,
                    evidence="Cadastro do cliente (dados de demonstração)",
                )
        return {c.key: p for c, p in zip(demo_data.CUSTOMERS, partners, strict=True)}

    # ------------------------------------------------------------------ invoices
    def _invoice_values(self, customer, partner, invoice_date, due_date, amount):
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due_date,
            "invoice_payment_term_id": False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": customer.product,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _history(self, Move, customers):
        """A year of monthly invoices, each paid as many days late as the habit says."""
        today = fields.Date.context_today(self)
        last_month = today.replace(day=1) - timedelta(days=15)  # mid last month
        rows = []
        for customer in demo_data.CUSTOMERS:
            dues = [
                (weekday(today - timedelta(days=30 * months_ago + 10)), delay)
                for months_ago, delay in enumerate(customer.delays, start=1)
            ]
            if customer.key in demo_data.SINCE_ADDON:
                dues.append((weekday(last_month), demo_data.SINCE_ADDON[customer.key]))
            for due, delay in dues:
                paid = min(due + timedelta(days=delay), today - timedelta(days=1))
                rows.append((due - timedelta(days=TERM_DAYS), due, paid, customer))
        rows.sort(key=lambda row: row[0])  # post in date order, as a company would
        moves = Move.create(
            [
                self._invoice_values(c, customers[c.key], invoice_date, due, c.amount)
                for invoice_date, due, _paid, c in rows
            ]
        )
        moves.action_post()
        # the addon arrived three months ago: the year before it had no reminders
        self.env.flush_all()
        for table in ("cobranca_reminder", "cobranca_move_plan"):
            self.env.cr.execute(
                SQL("DELETE FROM %s WHERE move_id = ANY(%s)", SQL.identifier(table), moves.ids)
            )
        self.env.invalidate_all()
        self._past_reminders(moves, [(due, paid) for _i, due, paid, _c in rows], today)
        for move, (_invoice_date, _due, paid, _customer) in zip(moves, rows, strict=True):
            Move.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": paid})._create_payments()

    def _past_reminders(self, moves, dates, today):
        """The reminders the addon sent since it arrived (``ADDON_DAYS`` ago): each
        message step of an invoice's ladder whose day came before the invoice was
        paid went out that day at 09:00 (São Paulo), and was delivered (read, on
        WhatsApp); steps that wait for an approver are left out."""
        start = today - timedelta(days=ADDON_DAYS)
        # the channels whose past reminders the demo shows as sent, and the state
        # each reached (their service's ``_demo_state``)
        past_states = {
            channel: service._demo_state
            for channel, service in self.env["cobranca.channel"]._cobranca_channels().items()
            if service._demo_state
        }
        values, outcomes = [], []
        for move, (due, paid) in zip(moves, dates, strict=True):
            if due < start:
                continue
            for step in move.cobranca_regua_id.step_ids:
                if step.channel not in past_states or step.requires_approval:
                    continue
                day = weekday(due + timedelta(days=step.offset_days))
                if day > paid or day >= today or day < start:
                    continue
                values.append(
                    {
                        "move_id": move.id,
                        "commercial_partner_id": move.commercial_partner_id.id,
                        "partner_id": move.partner_id.id,
                        "company_id": move.company_id.id,
                        "step_id": step.id,
                        "offset_days": step.offset_days,
                        "channel": step.channel,
                        "scheduled_date": day,
                    }
                )
                sent = datetime.combine(day, time(12, 0))  # 09:00 in São Paulo
                state = past_states[step.channel]
                outcome = {"state": state, "sent_date": sent}
                if state == "read":
                    outcome["read_date"] = sent + timedelta(minutes=40)
                outcomes.append(outcome)
        Reminder = self.env["cobranca.reminder"].sudo()
        reminders = Reminder.create(values)
        Reminder._set_states(dict(zip(reminders.ids, outcomes, strict=True)))

    def _open_invoices(self, Move, customers):
        today = fields.Date.context_today(self)
        by_key = {c.key: c for c in demo_data.CUSTOMERS}
        values = []
        for invoice in demo_data.OPEN_INVOICES:
            due = weekday(today + timedelta(days=invoice.due_in))
            invoice_date = min(due - timedelta(days=TERM_DAYS), today)
            customer = by_key[invoice.customer]
            values.append(
                self._invoice_values(
                    customer, customers[invoice.customer], invoice_date, due, invoice.amount
                )
            )
        moves = Move.create(values)
        moves.action_post()
        return moves

    def _events(self, moves):
        """An escalation waiting for approval (the answer addon adds what customers
        answered: ``cobranca.demo._load_answers``)."""
        for move, invoice in zip(moves, demo_data.OPEN_INVOICES, strict=True):
            if invoice.event == "approve":
                waiting = move.cobranca_reminder_ids.filtered(
                    lambda r: r.state == "scheduled" and r.step_id.requires_approval
                )[:1]
                if waiting:
                    Reminder = self.env["cobranca.reminder"]
                    Reminder._set_states({waiting.id: {"state": "to_approve"}})
                    self.env["cobranca.approval.batch"]._add(waiting, fields.Datetime.now())
