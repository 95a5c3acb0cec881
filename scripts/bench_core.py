"""What the addon costs Odoo's own accounting flows (``bench.py --core-overhead``).

Two databases that differ only by the addon: one with the core modules the family
installs (account, l10n_br, phone_validation, sms, board), one with the same modules and
``l10n_br_cobranca_preventiva`` (its satellites install themselves, as Apps installs
them). Each is built once (no demo, the Brazilian chart of accounts, the same
customers), then every run works on a fresh copy of it (``createdb -T``), in a process of
its own, and times what an accountant does, each call a request of its own as the web
client makes it (a fresh cursor and transaction, committed at its end):

- create: ``--invoices`` customer invoices, ``account.move.create`` of 50 at a time;
- post: the same, ``action_post`` of 50 at a time;
- payment: ``--payments`` of them paid with the payment wizard
  (``account.payment.register``, 50 invoices a call, one payment each, through an
  outstanding-receipts account: a reconciliation per invoice);
- statement: ``--statement-lines`` bank statement lines, created 50 a call, each then
  reconciled against one invoice in a request of its own (a click in a reconciliation
  screen).

Runs alternate (core, addon, core, addon …), ``--runs`` of each; it prints per flow the
median and the spread (min–max) of each database and the ratio of the medians.
``--profile DIR`` (a folder in this mode) adds one run of each database under cProfile
(a file per flow) and prints the addon's functions with the most cumulative time per
flow.
"""

# A command-line benchmark: it prints its figures and commits as the web client does.
# pylint: disable=print-used,invalid-commit

import argparse
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

import bench

CORE_MODULES = ("account", "l10n_br", "phone_validation", "sms", "board")
FAMILY = "l10n_br_cobranca_preventiva"
FLOWS = ("create", "post", "payment", "statement")
BATCH = 50
CUSTOMER_PREFIX = "Cliente Contábil"
#: the addon's overrides of Odoo's methods (and its block around them): their cumulative
#: time is mostly Odoo's own, left out of the profile's summary
WRAPPERS = {
    "create",
    "write",
    "unlink",
    "_post",
    "_reconcile_plan",
    "_create_payments",
    "_message_post_after_hook",
    "replan_after",
}


def add_arguments(parser):
    group = parser.add_argument_group("--core-overhead")
    group.add_argument(
        "--core-overhead",
        action="store_true",
        help="time Odoo's invoicing and payments with and without the addon",
    )
    group.add_argument("--core-invoices", type=int, default=3000)
    group.add_argument("--core-customers", type=int, default=300)
    group.add_argument("--core-payments", type=int, default=1000)
    group.add_argument("--core-statement-lines", type=int, default=300)
    group.add_argument("--runs", type=int, default=3, help="timed runs of each database")
    # internal: one step in a process of its own
    group.add_argument("--core-step", choices=("setup", "run"), help=argparse.SUPPRESS)
    group.add_argument("--core-db", help=argparse.SUPPRESS)
    group.add_argument("--core-profile", help=argparse.SUPPRESS)


# ----------------------------------------------------------------- orchestration
def main(args):
    if args.core_step:
        return step(args)
    base = args.db
    templates = {"core": f"{base}_core", "addon": f"{base}_addon"}
    if not args.reuse:
        for label, db in templates.items():
            subprocess.run(["dropdb", "--if-exists", db], check=True)
            modules = CORE_MODULES + ((FAMILY,) if label == "addon" else ())
            bench.create_database(db, ",".join(modules))
            child(args, "setup", db)
    print(f"addon database: {installed_family(templates['addon'])}", flush=True)
    sizes = (
        f"{args.core_invoices} invoices, {args.core_customers} customers, "
        f"{args.core_payments} payments, {args.core_statement_lines} statement lines"
    )
    print(
        f"{sizes}; {args.runs} alternating runs of each database; {os.cpu_count()} CPUs",
        flush=True,
    )
    results = {"core": [], "addon": []}
    try:
        for run in range(args.runs):
            for label in ("core", "addon"):
                figures = one_copy(args, templates[label], f"{base}_run")
                results[label].append(figures)
                load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
                print(
                    f"run {run + 1} {label:<5} " + describe(figures) + f"  (load {load})",
                    flush=True,
                )
        if results["core"]:
            report(results, args)
        if args.profile:
            os.makedirs(args.profile, exist_ok=True)
            for label in ("core", "addon"):
                prefix = os.path.join(args.profile, label)
                figures = one_copy(args, templates[label], f"{base}_run", prefix)
                print(f"profiled {label:<5} " + describe(figures), flush=True)
            print_profiles(args.profile)
    finally:
        if not args.keep:
            for db in templates.values():
                subprocess.run(["dropdb", "--if-exists", db], check=False)


def one_copy(args, template, db, profile=None):
    """Run the flows on a fresh copy of ``template``; returns {flow: seconds}."""
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(["createdb", "-T", template, db], check=True)
    try:
        return child(args, "run", db, profile)
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)


def child(args, what, db, profile=None):
    command = [
        sys.executable,
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench.py"),
        "--core-overhead",
        "--core-step",
        what,
        "--core-db",
        db,
        f"--core-invoices={args.core_invoices}",
        f"--core-customers={args.core_customers}",
        f"--core-payments={args.core_payments}",
        f"--core-statement-lines={args.core_statement_lines}",
    ]
    if profile:
        command.append(f"--core-profile={profile}")
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
    lines = out.strip().splitlines()
    return json.loads(lines[-1]) if what == "run" else None


def installed_family(db):
    out = subprocess.run(
        [
            "psql",
            "-d",
            db,
            "-tAc",
            "SELECT string_agg(name, ', ' ORDER BY name) FROM ir_module_module "
            f"WHERE state = 'installed' AND name LIKE '{FAMILY}%'",
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()
    return out or "(none)"


def describe(figures):
    return "  ".join(
        f"{flow} {figures[flow]:6.2f} s (cpu {figures[f'{flow}:cpu']:.2f})" for flow in FLOWS
    )


def report(results, args):
    print("\nwall time (what the accountant waits)", flush=True)
    table(results, args, "")
    print("\nCPU time of Odoo and its PostgreSQL backend (less disturbed by other work)")
    table(results, args, ":cpu")


def table(results, args, key):
    units = {
        "create": args.core_invoices,
        "post": args.core_invoices,
        "payment": args.core_payments,
        "statement": args.core_statement_lines,
    }
    print(
        f"{'flow':<10} {'core median (min-max)':<26} {'addon median (min-max)':<26} ratio",
        flush=True,
    )
    for flow in FLOWS:
        cells = []
        medians = {}
        for label in ("core", "addon"):
            values = [figures[flow + key] for figures in results[label]]
            medians[label] = statistics.median(values)
            cells.append(f"{medians[label]:6.2f} s ({min(values):.2f}-{max(values):.2f})")
        ratio = medians["addon"] / medians["core"] if medians["core"] else 0.0
        per_unit = 1000 * (medians["addon"] - medians["core"]) / max(units[flow], 1)
        print(
            f"{flow:<10} {cells[0]:<26} {cells[1]:<26} {ratio:5.2f} "
            f"({(ratio - 1) * 100:+.0f} %, {per_unit:+.2f} ms each) "
            f"{'within' if ratio <= 1.10 else 'OVER'} +10 %",
            flush=True,
        )


def print_profiles(directory, top=8):
    """Python function calls per flow, core and addon (the same work gives the same
    count, whatever else the machine runs: the figure a loaded machine cannot blur),
    then the addon's functions with the most cumulative time, per flow (addon run)."""
    print("\nPython function calls of the profiled runs (deterministic)")
    print(f"{'flow':<10} {'core':>14} {'addon':>14}  ratio")
    for flow in FLOWS:
        paths = [os.path.join(directory, f"{label}_{flow}.prof") for label in ("core", "addon")]
        if not all(os.path.exists(path) for path in paths):
            continue
        core, addon = (pstats.Stats(path).total_calls for path in paths)
        print(f"{flow:<10} {core:>14,} {addon:>14,}  {addon / core:.3f}")
    for flow in FLOWS:
        path = os.path.join(directory, f"addon_{flow}.prof")
        if not os.path.exists(path):
            continue
        stats = pstats.Stats(path)
        total = stats.total_tt
        rows = [
            (cum, calls, func)
            for func, (_cc, calls, _tt, cum, _callers) in stats.stats.items()
            if FAMILY in func[0] and func[2] not in WRAPPERS
        ]
        rows.sort(reverse=True)
        print(
            f"\nprofile {flow}: {total:.2f} s in all; the addon's functions by cumulative "
            "time (its overrides of Odoo's methods left out: they include Odoo's own work)"
        )
        for cum, calls, (filename, line, name) in rows[:top]:
            where = filename[filename.index(FAMILY) :]
            print(f"  {cum:7.2f} s {calls:7} calls  {where}:{line} {name}")


# ----------------------------------------------------------------- in the child
def step(args):
    import odoo
    from odoo.tools import config

    config.parse_config([*bench.db_args(), "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.core_db)
    try:
        if args.core_step == "setup":
            with registry.cursor() as cr:
                setup(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), args.core_customers)
            return None
        figures = flows(registry, args)
        print(json.dumps(figures), flush=True)
        return figures
    finally:
        odoo.sql_db.close_all()


def setup(env, customers):
    """The company in Brazil, an outstanding-receipts account on the bank's inbound
    method (a payment then has a journal entry reconciled with its invoice) and the
    customers."""
    company = bench.setup_company(env)
    journal = bank_journal(env, company)
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
    env["res.partner"].create(
        [
            {
                "name": f"{CUSTOMER_PREFIX} {n}",
                "email": f"contabil{n}@example.com",
                "is_company": True,
                "city": "São Paulo",
                "state_id": env.ref("base.state_br_sp").id,
                "country_id": env.ref("base.br").id,
            }
            for n in range(1, customers + 1)
        ]
    )
    env.cr.commit()


def bank_journal(env, company):
    return env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )


def backend_cpu(registry):
    """A function returning the CPU seconds the PostgreSQL backends of this database
    used so far (from /proc: PostgreSQL on this host; the requests' cursors come from
    Odoo's pool, the same connections each time), or 0 when they cannot be read. The
    backends are listed on a connection of its own, left out of the sum."""
    import psycopg2

    from odoo.tools import config

    watcher = psycopg2.connect(
        dbname=registry.db_name,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )
    watcher.autocommit = True
    ticks = os.sysconf("SC_CLK_TCK")

    def read():
        with watcher.cursor() as cr:
            cr.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            )
            pids = [pid for (pid,) in cr.fetchall()]
        seconds = 0.0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            seconds += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return seconds

    return read


class Timer:
    """Wall time of a flow, the CPU time of Odoo and of its PostgreSQL backend
    (``<flow>:cpu``: what other work on a shared machine disturbs least), and its
    cProfile when asked (a file per flow)."""

    def __init__(self, profile_prefix, registry=None):
        self.prefix, self.seconds = profile_prefix, {}
        self.backend = backend_cpu(registry) if registry else (lambda: 0.0)

    def run(self, flow, func):
        profiler = None
        if self.prefix:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        start, cpu = time.perf_counter(), time.process_time() + self.backend()
        func()
        self.seconds[flow] = time.perf_counter() - start
        self.seconds[f"{flow}:cpu"] = time.process_time() + self.backend() - cpu
        if profiler:
            profiler.disable()
            profiler.dump_stats(f"{self.prefix}_{flow}.prof")


def chunks(items, size=BATCH):
    return [items[i : i + size] for i in range(0, len(items), size)]


@contextmanager
def request(registry):
    """A call of the web client: a fresh cursor, transaction and environment,
    committed at the end."""
    import odoo

    with registry.cursor() as cr:  # commits when the block ends without error
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def flows(registry, args):
    """Time the flows (after a warm-up on 4 invoices: a running server has its
    registry's caches filled) and check that the invoices were paid."""
    accountant(registry, 4, 2, 1, Timer(None))
    timer = Timer(args.core_profile, registry)
    invoices = accountant(
        registry, args.core_invoices, args.core_payments, args.core_statement_lines, timer
    )
    with request(registry) as env:
        env.cr.execute(
            "SELECT payment_state, count(*) FROM account_move WHERE id = ANY(%s) GROUP BY 1",
            [invoices],
        )
        states = dict(env.cr.fetchall())
    expected = min(args.core_invoices, args.core_payments + args.core_statement_lines)
    settled = states.get("paid", 0) + states.get("in_payment", 0)
    if settled != expected:
        raise RuntimeError(f"{settled} invoices paid, {expected} expected: {states}")
    return timer.seconds


def accountant(registry, count, payments, statement_lines, timer):
    """Create and post ``count`` invoices, pay ``payments`` of them with the wizard and
    ``statement_lines`` more by statement lines, each call a request of its own;
    returns the invoices' ids."""
    from odoo import Command, fields

    with request(registry) as env:
        company_id = env.ref("base.main_company").id
        today = fields.Date.context_today(env.user)
        partner_ids = (
            env["res.partner"].search([("name", "=like", f"{CUSTOMER_PREFIX} %")], order="id").ids
        )
        journal_id = bank_journal(env, env["res.company"].browse(company_id)).id
    # due dates from 10 days ago to 30 days ahead: some overdue, some within the
    # planning horizon, most later
    values = [
        {
            "move_type": "out_invoice",
            "partner_id": partner_ids[g % len(partner_ids)],
            "invoice_date": today - timedelta(days=g % 41),
            "invoice_date_due": today - timedelta(days=g % 41) + timedelta(days=30),
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Serviço",
                        "quantity": 1,
                        "price_unit": 100.0 + g % 900,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
        for g in range(count)
    ]
    invoices = []

    def create():
        for batch in chunks(values):
            with request(registry) as env:
                invoices.extend(env["account.move"].create(batch).ids)

    def post():
        for batch in chunks(invoices):
            with request(registry) as env:
                env["account.move"].browse(batch).action_post()

    def pay():
        for batch in chunks(invoices[:payments]):
            with request(registry) as env:
                env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=batch
                ).create({"payment_date": today, "group_payment": False})._create_payments()

    def statement():
        on_statement = invoices[payments : payments + statement_lines]
        for batch in chunks(on_statement):
            with request(registry) as env:
                lines = env["account.bank.statement.line"].create(
                    [
                        {
                            "journal_id": journal_id,
                            "date": today,
                            "payment_ref": move.name,
                            "partner_id": move.partner_id.id,
                            "amount": move.amount_residual,
                        }
                        for move in env["account.move"].browse(batch)
                    ]
                )
                pairs = list(zip(lines.ids, batch, strict=True))
            for line_id, move_id in pairs:
                with request(registry) as env:
                    reconcile_line(env, line_id, move_id)

    timer.run("create", create)
    timer.run("post", post)
    timer.run("payment", pay)
    timer.run("statement", statement)
    return invoices


def reconcile_line(env, line_id, move_id):
    """Match a statement line with an invoice's receivable, as a reconciliation screen
    does: its suspense line takes the receivable account, then both are reconciled."""
    line = env["account.bank.statement.line"].browse(line_id)
    move = env["account.move"].browse(move_id)
    _liquidity, suspense, _other = line.with_context(
        skip_account_move_synchronization=True
    )._seek_for_lines()
    receivable = move.line_ids.filtered(lambda ml: ml.account_type == "asset_receivable")
    suspense.with_context(skip_account_move_synchronization=True).write(
        {"account_id": receivable.account_id.id, "partner_id": move.partner_id.id}
    )
    (suspense | receivable).reconcile()
