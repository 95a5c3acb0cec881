from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user
from odoo.tools import SQL

from .test_consent import ConsentCommon

REPORT_URL = "/report/html/l10n_br_cobranca_preventiva.report_cobranca_data_subject/%s"
EXPORT_URL = "/cobranca/lgpd/export/%s"


def database_hits(env, needles, skip_tables=()):
    """{needle: [(table, column)]} of every text, varchar and jsonb column of every
    table of the database that still holds one of ``needles`` (case-insensitive):
    what an erasure left behind, wherever it is."""
    env.flush_all()
    env.cr.execute(
        """
        SELECT c.table_name, array_agg(c.column_name::text ORDER BY c.column_name)
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.data_type IN ('text', 'character varying', 'jsonb')
         GROUP BY c.table_name
        """
    )
    patterns = [f"%{needle}%" for needle in needles]
    hits = {needle: [] for needle in needles}
    for table, columns in env.cr.fetchall():
        if table in skip_tables:
            continue
        env.cr.execute(
            SQL(
                "SELECT %s FROM %s",
                SQL(", ").join(
                    SQL(
                        "array_remove(array_agg(DISTINCT p.pattern) FILTER (WHERE %s::text "
                        "ILIKE p.pattern), NULL)",
                        SQL.identifier(column),
                    )
                    for column in columns
                ),
                SQL(
                    "%s CROSS JOIN unnest(%s::text[]) AS p(pattern)",
                    SQL.identifier(table),
                    patterns,
                ),
            )
        )
        for column, found in zip(columns, env.cr.fetchone(), strict=True):
            for pattern in found or ():
                hits[pattern[1:-1]].append((table, column))
    return {needle: found for needle, found in hits.items() if found}


RETENTION_CRON = "l10n_br_cobranca_preventiva.ir_cron_cobranca_retention"


class LgpdCommon(ConsentCommon):
    """Company A (the main one) and company B share the customer; each holds
    consents and reminders about it. Users: a clerk and an approver of A, an
    approver of B (accountant, no right to edit contacts), a plain employee who
    edits contacts."""

    def run_retention(self, when):
        with freeze_time(when):
            self.env.ref(RETENTION_CRON).method_direct_trigger()
        self.env.invalidate_all()

    def raw_count(self, table, column, value):
        """Rows of ``table`` whose ``column`` still holds ``value``, in the database."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM %s WHERE %s ILIKE %s",
                SQL.identifier(table),
                SQL.identifier(column),
                f"%{value}%",
            )
        )
        return self.env.cr.fetchone()[0]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Empresa B Ltda")["company"]
        cls.company_b.write(
            {
                "vat": "11.444.777/0001-61",
                "street": "Avenida Rio Branco, 10",
                "city": "Rio de Janeiro",
                "state_id": cls.env.ref("base.state_br_rj").id,
            }
        )
        cls.approver = new_test_user(
            cls.env,
            login="lgpd_approver_a",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.approver_b = new_test_user(
            cls.env,
            login="lgpd_approver_b",
            groups="account.group_account_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.employee = new_test_user(
            cls.env,
            login="lgpd_employee",
            groups="base.group_user,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def as_user(self, records, user):
        """``records`` as ``user`` working in all of its companies, as the web
        client."""
        return records.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)

    def invoice_in(self, company, due, posted="2026-03-02"):
        """A posted invoice of R$ 1.000,00 of ``company`` for the customer."""
        env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": self.customer.id,
                    "invoice_date": date.fromisoformat(posted),
                    "invoice_date_due": date.fromisoformat(due),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create({"name": "Consultoria", "price_unit": 1000.0, "tax_ids": []})
                    ],
                }
            )
            move.action_post()
        return move

    def shared_customer_history(self):
        """Consents, sent reminders and a ranking about the customer in A and in B."""
        self.grant("whatsapp", self.customer.mobile, ip="203.0.113.7")
        self.Consent._cobranca_record(
            self.customer,
            "email",
            self.customer.email,
            "granted",
            "consent",
            "form",
            company=self.company_b,
            evidence="Evidência da empresa B",
        )
        move_a = self.post_at("2026-03-16")
        move_b = self.invoice_in(self.company_b, "2026-03-16")
        self.dispatch("2026-03-09 10:00")
        for company in (self.company, self.company_b):
            self.customer.with_company(company).action_cobranca_rank()
        return move_a, move_b
