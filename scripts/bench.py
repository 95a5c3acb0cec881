#!/usr/bin/env python3
"""Benchmark of the collection planner and dispatcher on generated data.

    python3 scripts/bench.py [--invoices 100000] [--due 10000] [--paid 0]
                             [--db cobranca_bench] [--reuse] [--keep] [--lock-probe]
                             [--insight]
    python3 scripts/bench.py --core-overhead [--core-invoices 3000] [--core-customers 300]
                             [--core-payments 1000] [--core-statement-lines 300]
                             [--runs 3] [--profile DIR]   (scripts/bench_core.py)

Creates a throw-away database with the addon (and the Brazilian chart of accounts),
generates customers and posted invoices set-based (one invoice is posted through the
ORM, then cloned with SQL), and measures, at a frozen Monday 10:00 in São Paulo:

- planning: every open invoice gets its reminders (``cobranca.planner._plan`` batches);
- dispatch: the ``--due`` invoices whose D-5 is today are reminded by email
  (``cobranca.dispatcher._dispatch`` batches, committed one by one as the cron does);
- ranking: ``--rank-customers`` customers with ``--rank-invoices`` paid invoices (each
  with its payment and reconciliation) are ranked (``cobranca.ranking._rank`` batches);
- with ``--insight``, the collection dashboard's queries, the learning of every
  customer's send hour and the cash-in forecast (``scripts/bench_insight.py``).

It prints, per phase, the time, invoices (or reminders) per second, the number of
SQL queries and the peak memory of the process. Target: 100 000 open
invoices of which 10 000 due, planned and queued in under 60 s on 2 cores; 50 000
customers / 500 000 paid invoices ranked in under 30 s.
Finds Odoo like scripts/test.sh: run it with the Python that imports Odoo 18.
"""

# A command-line benchmark: it prints its figures and commits each batch, as the
# cron does.
# pylint: disable=print-used,invalid-commit

import argparse
import contextlib
import cProfile
import os
import random
import resource
import subprocess
import sys
import threading
import time
from datetime import date, datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDON = "l10n_br_cobranca_preventiva"
NOW = datetime(2026, 3, 9, 13, 0)  # Monday 10:00 in São Paulo
DUE_TODAY = date(2026, 3, 16)  # D-5 (business days) is 09/03


for _key, _default in (
    ("PGHOST", "localhost"),
    ("PGPORT", "5432"),
    ("PGUSER", "odoo"),
    ("PGPASSWORD", "odoo"),
):
    os.environ.setdefault(_key, _default)


def db_args():
    env = os.environ
    return [
        f"--addons-path={ROOT}",
        f"--db_host={env.get('PGHOST', 'localhost')}",
        f"--db_port={env.get('PGPORT', '5432')}",
        f"--db_user={env.get('PGUSER', 'odoo')}",
        f"--db_password={env.get('PGPASSWORD', 'odoo')}",
    ]


def machine_reference(cr):
    """(ms, ms): a pure-Python loop and a CPU-bound PostgreSQL query, best of five, so
    that figures measured on different machines can be compared."""

    def best(run):
        times = []
        for _i in range(5):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times) * 1000

    python = best(lambda: sum(i * i for i in range(1_000_000)))
    postgres = best(lambda: cr.execute("SELECT sum(g) FROM generate_series(1, 1000000) g"))
    return python, postgres


def print_machine(cr):
    python, postgres = machine_reference(cr)
    print(
        f"machine: {os.cpu_count()} CPUs; reference loop {python:.0f} ms in Python "
        f"(sum of 10^6 squares), {postgres:.0f} ms in PostgreSQL (sum of 10^6 integers)",
        flush=True,
    )


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Phase:
    def __init__(self, cr, name, unit):
        self.cr, self.name, self.unit = cr, name, unit

    def __enter__(self):
        self.start = time.perf_counter()
        self.queries = self.cr.sql_log_count
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.queries = self.cr.sql_log_count - self.queries

    def report(self, count, extra=""):
        rate = count / self.seconds if self.seconds else 0
        print(
            f"{self.name:<10} {count:>8} {self.unit:<10} {self.seconds:8.1f} s "
            f"{rate:10.0f}/s {self.queries:8} queries  peak {peak_mb():7.0f} MB  {extra}",
            flush=True,
        )


class LockProbe:
    """Another writer of the invoices, on a connection of its own: every ~100 ms it
    locks a few of the due invoices as an UPDATE of an invoice does (``FOR NO KEY
    UPDATE``: a payment, an edit) and times how long it waited for the benchmark's
    statements. (The reminders' foreign key to the invoice holds a ``KEY SHARE`` lock
    until the batch commits; it blocks deleting an invoice, not writing it.)"""

    def __init__(self, db, move_ids, every=0.1, sample=20):
        import psycopg2

        self.conn = psycopg2.connect(
            dbname=db,
            host=os.environ["PGHOST"],
            port=os.environ["PGPORT"],
            user=os.environ["PGUSER"],
            password=os.environ["PGPASSWORD"],
        )
        self.move_ids, self.every, self.sample = list(move_ids), every, sample
        self.waits, self.stop = [], threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        rng = random.Random(0)
        with self.conn.cursor() as cr:
            cr.execute("SET lock_timeout = '10s'")
            self.conn.commit()
            while not self.stop.is_set():
                ids = rng.sample(self.move_ids, min(self.sample, len(self.move_ids)))
                start = time.perf_counter()
                cr.execute(
                    "SELECT id FROM account_move WHERE id = ANY(%s) FOR NO KEY UPDATE", [ids]
                )
                self.waits.append(time.perf_counter() - start)
                self.conn.rollback()
                self.stop.wait(self.every)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.conn.close()

    def report(self, name):
        waits = sorted(self.waits) or [0.0]
        p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
        print(
            f"{'locks':<10} {name}: {len(waits)} probes locking 20 due invoices each; "
            f"longest wait {waits[-1] * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
            f"({'within' if waits[-1] < 1 else 'OVER'} the 1 s target)",
            flush=True,
        )


def create_database(db, addon=ADDON):
    print(f"creating database {db} with {addon} (a few minutes)", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            *db_args(),
            "-d",
            db,
            "-i",
            addon,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def table_columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def insert_customers(cr, count, name, email):
    """``count`` company customers, set-based; returns their ids."""
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, email, active, type, is_company,
                                 autopost_bills, create_date, write_date, create_uid, write_uid)
        SELECT %(name)s || ' ' || g, %(name)s || ' ' || g, %(email)s || g || '@example.com',
               true, 'contact', true, 'ask', now(), now(), 1, 1
          FROM generate_series(1, %(count)s) g
        RETURNING id
        """,
        {"name": name, "email": email, "count": count},
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids])
    return ids


def template_invoice(env, partner, invoice_date, due_date):
    """One posted invoice of R$ 1.000,00 through the ORM: the model the SQL clones."""
    from odoo import Command

    move = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due_date,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Serviço",
                        "quantity": 1,
                        "price_unit": 1000.0,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    move.action_post()
    return move


def setup_company(env):
    """The main company in Brazil with the Brazilian chart of accounts."""
    company = env.ref("base.main_company")
    if not env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "sale")]):
        company.write({"country_id": env.ref("base.br").id})
        env["account.chart.template"].try_loading("br", company=company, install_demo=False)
    # a creditor that identifies itself: its messages would wait otherwise (CDC art. 42-A)
    company.write(
        {
            "name": "Distribuidora Exemplo Ltda",
            "vat": "11.222.333/0001-81",
            "street": "Rua Augusta, 1500",
            "city": "São Paulo",
            "state_id": env.ref("base.state_br_sp").id,
            "zip": "01304-001",
        }
    )
    return company


def queued(cr, channel):
    """What the dispatch left in Odoo's queues: "N emails queued" / "N SMS queued"."""
    if channel == "sms":
        cr.execute("SELECT count(*) FROM sms_sms WHERE state = 'outgoing'")
        return f"{cr.fetchone()[0]} SMS queued"
    cr.execute(
        "SELECT count(*) FROM mail_mail mm JOIN mail_message m "
        "ON m.id = mm.mail_message_id WHERE m.model = 'account.move'"
    )
    return f"{cr.fetchone()[0]} emails queued"


def use_sms(env):
    """The D-5 step of the default ladder sends SMS, allowed unless revoked (the
    company's policy); every customer has a São Paulo mobile number (set-based)."""
    company = env.ref("base.main_company")
    # the company's policy sends SMS unless revoked (no consent rows to generate)
    company.cobranca_consent_sms = "opt_out"
    step = company.cobranca_default_regua_id.step_ids.filtered(lambda s: s.offset_days == -5)
    step.write(
        {
            "channel": "sms",
            "sms_template_id": env.ref(
                "l10n_br_cobranca_preventiva.sms_template_cobranca_before_due"
            ).id,
        }
    )
    env.flush_all()
    env.cr.execute(
        """
        UPDATE res_partner
           SET mobile = '+55119' || lpad((id % 100000000)::text, 8, '0'),
               phone_sanitized = '+55119' || lpad((id % 100000000)::text, 8, '0')
         WHERE is_company AND email LIKE '%@example.com'
        """
    )
    env.invalidate_all()


def generate(env, invoices, due, paid, channel="email"):
    """Customers and posted invoices, set-based (ORM for one template invoice only);
    with ``channel`` "sms", the D-5 step sends SMS (``use_sms``)."""

    cr = env.cr
    partner = env["res.partner"].create({"name": "Modelo", "email": "modelo@example.com"})
    template = template_invoice(env, partner, date(2026, 2, 2), DUE_TODAY)
    env.flush_all()
    customers = max(due, invoices // 5)
    partner_ids = insert_customers(cr, customers, "Cliente", "cliente")
    # invoice g: the first `due` ones fall due on DUE_TODAY (their D-5 is today), one
    # per customer; the others later (their first step is ahead); `paid` more are paid.
    total = invoices + paid
    cr.execute("DROP TABLE IF EXISTS bench_moves")
    cr.execute(
        """
        CREATE TEMP TABLE bench_moves AS
        SELECT g, nextval('account_move_id_seq') AS id,
               (%(partners)s::int[])[1 + (g - 1) %% %(n_customers)s] AS partner_id,
               CASE WHEN g <= %(due)s THEN %(due_today)s::date
                    ELSE %(due_today)s::date + 35 + (g %% 60) END AS due_date,
               g > %(invoices)s AS is_paid
          FROM generate_series(1, %(total)s) g
        """,
        {
            "partners": partner_ids,
            "n_customers": customers,
            "due": due,
            "due_today": DUE_TODAY,
            "invoices": invoices,
            "total": total,
        },
    )
    move_cols = table_columns(cr, "account_move")
    move_subst = {
        "name": "t.name || '-B' || b.g",
        "partner_id": "b.partner_id",
        "commercial_partner_id": "b.partner_id",
        "invoice_date_due": "b.due_date",
        "cobranca_due_date": "b.due_date",
        "cobranca_planned_regua_id": "NULL",
        "cobranca_planned_due_date": "NULL",
        "access_token": "NULL",
        "payment_state": "CASE WHEN b.is_paid THEN 'paid' ELSE t.payment_state END",
        "amount_residual": "CASE WHEN b.is_paid THEN 0 ELSE t.amount_residual END",
        "amount_residual_signed": "CASE WHEN b.is_paid THEN 0 ELSE t.amount_residual_signed END",
        "cobranca_amount_due": "CASE WHEN b.is_paid THEN 0 ELSE t.cobranca_amount_due END",
        "cobranca_amount_due_signed": "CASE WHEN b.is_paid THEN 0 "
        "ELSE t.cobranca_amount_due_signed END",
    }
    cr.execute(
        f"""
        INSERT INTO account_move (id, {", ".join(move_cols)})
        SELECT b.id, {", ".join(move_subst.get(c, "t." + c) for c in move_cols)}
          FROM bench_moves b, account_move t
         WHERE t.id = %s
        """,
        [template.id],
    )
    line_cols = table_columns(cr, "account_move_line")
    line_subst = {
        "move_id": "b.id",
        "partner_id": "b.partner_id",
        "move_name": "t.move_name || '-B' || b.g",
        "date_maturity": "CASE WHEN t.display_type = 'payment_term' THEN b.due_date "
        "ELSE t.date_maturity END",
        "amount_residual": "CASE WHEN b.is_paid THEN 0 ELSE t.amount_residual END",
        "amount_residual_currency": "CASE WHEN b.is_paid THEN 0 "
        "ELSE t.amount_residual_currency END",
        "reconciled": "CASE WHEN b.is_paid AND t.display_type = 'payment_term' THEN true "
        "ELSE t.reconciled END",
    }
    cr.execute(
        f"""
        INSERT INTO account_move_line ({", ".join(line_cols)})
        SELECT {", ".join(line_subst.get(c, "t." + c) for c in line_cols)}
          FROM bench_moves b, account_move_line t
         WHERE t.move_id = %s
        """,
        [template.id],
    )
    # the template itself is not part of the measure
    cr.execute("UPDATE account_move SET payment_state = 'paid' WHERE id = %s", [template.id])
    cr.execute("DELETE FROM cobranca_reminder WHERE move_id = %s", [template.id])
    cr.execute("ANALYZE account_move; ANALYZE account_move_line; ANALYZE res_partner")
    env.invalidate_all()
    if channel == "sms":
        use_sms(env)
    return customers


def generate_paid_history(env, customers, invoices):
    """Customers with paid invoices: invoice, payment entry and their reconciliation,
    cloned set-based from one invoice paid through the ORM."""

    cr = env.cr
    partner = env["res.partner"].create({"name": "Modelo pago"})
    template = template_invoice(env, partner, date(2025, 12, 1), date(2026, 1, 5))
    # payments with a journal entry, reconciled with the invoice (outstanding account)
    journal = env["account.journal"].search(
        [("company_id", "=", template.company_id.id), ("type", "=", "bank")], limit=1
    )
    method = journal.inbound_payment_method_line_ids[:1]
    if not method.payment_account_id:
        method.payment_account_id = env["account.account"].create(
            {
                "name": "Recebimentos pendentes",
                "code": "1.1.9.99",
                "account_type": "asset_current",
                "reconcile": True,
            }
        )
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=template.ids
    ).create({"payment_date": date(2026, 1, 5)})._create_payments()
    env.flush_all()
    [receivable] = template.line_ids.filtered(lambda line: line.display_type == "payment_term")
    [partial] = receivable.matched_credit_ids
    payment_line = partial.credit_move_id
    payment_move = payment_line.move_id
    partner_ids = insert_customers(cr, customers, "Pagador", "pagador")
    # invoice g of customer 1 + g % customers: due every day of the last ~11 months,
    # paid between 5 days early and 44 days late
    cr.execute("DROP TABLE IF EXISTS bench_paid")
    cr.execute(
        """
        CREATE TEMP TABLE bench_paid AS
        SELECT g,
               nextval('account_move_id_seq') AS inv_id,
               nextval('account_move_id_seq') AS pay_id,
               nextval('account_move_line_id_seq') AS inv_line_id,
               nextval('account_move_line_id_seq') AS pay_line_id,
               (%(partners)s::int[])[1 + (g - 1) %% %(n)s] AS partner_id,
               %(today)s::date - 60 - (g %% 270) AS due,
               -- customers of four kinds: punctual, good, irregular, chronic
               %(today)s::date - 60 - (g %% 270) + CASE (g %% %(n)s) %% 4
                   WHEN 0 THEN -((g / %(n)s) %% 3)
                   WHEN 1 THEN (g / %(n)s) %% 6
                   WHEN 2 THEN 5 + ((g / %(n)s) * 7) %% 21
                   ELSE 30 + ((g / %(n)s) * 3) %% 20 END AS paid_on
          FROM generate_series(1, %(total)s) g
        """,
        {
            "partners": partner_ids,
            "n": customers,
            "total": invoices,
            "today": NOW.date(),
        },
    )

    def clone_move(source, id_col, subst):
        cols = table_columns(cr, "account_move")
        cr.execute(
            f"""
            INSERT INTO account_move (id, {", ".join(cols)})
            SELECT b.{id_col}, {", ".join(subst.get(c, "t." + c) for c in cols)}
              FROM bench_paid b, account_move t WHERE t.id = %s
            """,
            [source.id],
        )

    common = {
        "partner_id": "b.partner_id",
        "commercial_partner_id": "b.partner_id",
        "access_token": "NULL",
    }
    clone_move(
        template,
        "inv_id",
        {
            **common,
            "name": "t.name || '-P' || b.g",
            "invoice_date_due": "b.due",
            "cobranca_due_date": "b.due",
            "invoice_date": "b.due - 30",
            "date": "b.due - 30",
        },
    )
    clone_move(
        payment_move,
        "pay_id",
        {
            **common,
            "name": "t.name || '-P' || b.g",
            "date": "b.paid_on",
        },
    )

    def clone_lines(source, move_col, line_col, special, subst):
        cols = table_columns(cr, "account_move_line")
        values = {**subst, "move_id": f"b.{move_col}", "partner_id": "b.partner_id"}
        cr.execute(
            f"""
            INSERT INTO account_move_line (id, {", ".join(cols)})
            SELECT CASE WHEN t.id = %s THEN b.{line_col}
                        ELSE nextval('account_move_line_id_seq') END,
                   {", ".join(values.get(c, "t." + c) for c in cols)}
              FROM bench_paid b, account_move_line t WHERE t.move_id = %s
            """,
            [special.id, source.id],
        )

    clone_lines(
        template,
        "inv_id",
        "inv_line_id",
        receivable,
        {
            "move_name": "t.move_name || '-P' || b.g",
            "date": "b.due - 30",
            "invoice_date": "b.due - 30",
            "date_maturity": "CASE WHEN t.display_type = 'payment_term' THEN b.due "
            "ELSE t.date_maturity END",
            "full_reconcile_id": "NULL",
            "matching_number": "NULL",
        },
    )
    clone_lines(
        payment_move,
        "pay_id",
        "pay_line_id",
        payment_line,
        {
            "move_name": "t.move_name || '-P' || b.g",
            "date": "b.paid_on",
            "date_maturity": "b.paid_on",
            "full_reconcile_id": "NULL",
            "matching_number": "NULL",
        },
    )
    cols = table_columns(cr, "account_partial_reconcile")
    subst = {
        "debit_move_id": "b.inv_line_id",
        "credit_move_id": "b.pay_line_id",
        "max_date": "greatest(b.paid_on, b.due - 30)",
        "full_reconcile_id": "NULL",
    }
    cr.execute(
        f"""
        INSERT INTO account_partial_reconcile ({", ".join(cols)})
        SELECT {", ".join(subst.get(c, "t." + c) for c in cols)}
          FROM bench_paid b, account_partial_reconcile t WHERE t.id = %s
        """,
        [partial.id],
    )
    cr.execute("ANALYZE account_move; ANALYZE account_move_line; ANALYZE account_partial_reconcile")
    env.invalidate_all()
    return partner_ids


def parse_args(parser):
    """The arguments; with ``--core-overhead``, runs that mode (scripts/bench_core.py)
    and exits."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench_core  # noqa: PLC0415 (next to this script)

    bench_core.add_arguments(parser)
    args = parser.parse_args()
    if args.core_overhead:
        bench_core.main(args)
        sys.exit(0)
    return args


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="cobranca_bench")
    parser.add_argument("--invoices", type=int, default=100_000, help="open invoices")
    parser.add_argument("--due", type=int, default=10_000, help="of which due today (D-5)")
    parser.add_argument("--paid", type=int, default=0, help="extra paid invoices")
    parser.add_argument("--rank-customers", type=int, default=50_000)
    parser.add_argument("--rank-invoices", type=int, default=500_000, help="paid invoices")
    parser.add_argument("--skip-dispatch", action="store_true")
    parser.add_argument("--skip-ranking", action="store_true")
    parser.add_argument("--plan-batch", type=int, default=5000)
    parser.add_argument("--dispatch-batch", type=int, default=1000, help="customers per batch")
    parser.add_argument("--rank-batch", type=int, default=10_000, help="customers per batch")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="write cProfile stats of plan+dispatch (with --core-overhead: a folder)",
    )
    parser.add_argument(
        "--channel",
        choices=("email", "sms"),
        default="email",
        help="the channel of the D-5 step (sms: every customer gets a mobile number)",
    )
    parser.add_argument(
        "--insight",
        action="store_true",
        help="after the ranking, time the collection dashboard, the send hour and the forecast",
    )
    parser.add_argument(
        "--lock-probe",
        action="store_true",
        help="time how long another writer waits on the due invoices' rows meanwhile",
    )
    args = parse_args(parser)

    from freezegun import freeze_time

    import odoo
    from odoo.tools import config

    config.parse_config([*db_args(), "--log-level=warn"])
    if not args.reuse:
        subprocess.run(["dropdb", "--if-exists", args.db], check=True)
        create_database(args.db)
    registry = odoo.modules.registry.Registry(args.db)
    print(
        f"Odoo {odoo.release.version}, {os.cpu_count()} CPUs, database {args.db}",
        flush=True,
    )
    try:
        # tick: the clock runs (from NOW) so that the timings are real
        with freeze_time(NOW, tick=True), registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            print_machine(cr)
            setup_company(env)
            cr.commit()
            Planner, Dispatcher = env["cobranca.planner"], env["cobranca.dispatcher"]
            profiler = cProfile.Profile() if args.profile else None
            if not args.skip_dispatch:
                with Phase(cr, "generate", "invoices") as phase:
                    customers = generate(env, args.invoices, args.due, args.paid, args.channel)
                    cr.commit()
                phase.report(args.invoices + args.paid, f"({customers} customers, set-based SQL)")
                if profiler:
                    profiler.enable()
                probe = contextlib.nullcontext()
                if args.lock_probe:
                    cr.execute(
                        "SELECT id FROM account_move WHERE invoice_date_due = %s "
                        "AND payment_state = 'not_paid'",
                        [DUE_TODAY],
                    )
                    probe = LockProbe(args.db, [row[0] for row in cr.fetchall()])
                    cr.commit()
                probe.__enter__()
                with Phase(cr, "plan", "invoices") as plan:
                    planned_total, batches = 0, 0
                    while True:
                        planned, remaining = Planner._plan(limit=args.plan_batch)
                        cr.commit()
                        planned_total += planned
                        batches += 1 if planned else 0
                        if not remaining:
                            break
                cr.execute("SELECT count(*) FROM cobranca_reminder")
                reminders = cr.fetchone()[0]
                plan.report(planned_total, f"({batches} batches, {reminders} reminders)")
                with Phase(cr, "dispatch", "reminders") as dispatch:
                    done_total, batches = 0, 0
                    while True:
                        done = Dispatcher._dispatch(limit=args.dispatch_batch)
                        cr.commit()
                        if not done:
                            break
                        done_total += done
                        batches += 1
                dispatch.report(done_total, f"({batches} batches, {queued(cr, args.channel)})")
                probe.__exit__(None, None, None)
                if args.lock_probe:
                    probe.report("plan + dispatch")
                total = plan.seconds + dispatch.seconds
                print(
                    f"{'total':<10} plan + dispatch {total:.1f} s "
                    f"({'within' if total < 60 else 'OVER'} the 60 s target)",
                    flush=True,
                )
            if not args.skip_ranking:
                with Phase(cr, "generate", "invoices") as phase:
                    generate_paid_history(env, args.rank_customers, args.rank_invoices)
                    cr.commit()
                phase.report(
                    args.rank_invoices,
                    f"({args.rank_customers} customers, paid, set-based SQL)",
                )
                if profiler:
                    profiler.enable()
                Ranking = env["cobranca.ranking"]
                company = env.ref("base.main_company")
                with Phase(cr, "ranking", "customers") as rank:
                    ranked, batches = 0, 0
                    to_rank = Ranking._to_rank(company)
                    for start in range(0, len(to_rank), args.rank_batch):
                        batch = to_rank[start : start + args.rank_batch]
                        Ranking._rank(company, batch)
                        cr.commit()
                        ranked += len(batch)
                        batches += 1
                cr.execute(
                    "SELECT cobranca_class ->> %s, count(*) FROM res_partner "
                    "WHERE cobranca_class ? %s GROUP BY 1 ORDER BY 1",
                    [str(company.id), str(company.id)],
                )
                classes = ", ".join(f"{k}: {n}" for k, n in cr.fetchall())
                rank.report(ranked, f"({batches} batches; {classes})")
                print(
                    f"{'ranking':<10} {rank.seconds:.1f} s "
                    f"({'within' if rank.seconds < 30 else 'OVER'} the 30 s target)",
                    flush=True,
                )
            if args.insight and not args.skip_ranking:
                import bench_insight  # noqa: PLC0415 (only with --insight)

                bench_insight.run(env, env.ref("base.main_company"))
            if profiler:
                profiler.disable()
                profiler.dump_stats(args.profile)
    finally:
        odoo.modules.registry.Registry.delete(args.db)
        if not args.keep:
            odoo.sql_db.close_all()
            subprocess.run(["dropdb", "--if-exists", args.db], check=False)


if __name__ == "__main__":
    main()
