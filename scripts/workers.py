#!/usr/bin/env python3
"""Several workers dispatching at once, and a dispatching worker killed at random.

    python3 scripts/workers.py [--due 10000] [--open 100000] [--workers 1 2 4] [--batch 500]
    python3 scripts/workers.py --kill-soak [--due 10000] [--kills 20] [--batch 100]
                               [--channel email|whatsapp]

Creates a throw-away database with the addon and its queue_job glue
(l10n_br_cobranca_preventiva_queue_job), generates ``--due`` invoices of as many
customers whose D-5 reminder (email) is due at a frozen Monday 10:00 in São Paulo, plans
them, then:

- workers: for each count N of ``--workers``, starts Odoo with N HTTP workers and
  queue_job's job runner (channel ``root.cobranca:N``), lets the cron enqueue one job per
  batch of customers and times until every job is done; prints reminders/s and the
  speed-up against one worker. With ``--open N`` the run plans too, end to end: N fresh
  open invoices (of which ``--due`` due) are left unplanned, the cron enqueues planning
  jobs, then, once they are done, the sending jobs;
- kill soak: runs a dispatching worker (the cron's loop: claim a batch, send, commit)
  and kills it with SIGKILL at random moments, ``--kills`` times, restarting it each
  time, until nothing is due. With ``--channel whatsapp`` the reminders go through a
  local fake Cloud API that counts the requests per recipient: at most one each.

Each run ends with its counts: duplicates (emails queued and chatter messages beyond
one per reminder) and lost (due reminders not sent); both must be 0, else the exit
status is 1. Fresh invoices are generated for each run. Finds Odoo like scripts/test.sh.
"""

# A command-line tool: it prints its figures and commits as the cron does.
# pylint: disable=print-used,invalid-commit

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (scripts/bench.py: database, company and data generation)

GLUE = "l10n_br_cobranca_preventiva_queue_job"
RUNNER_DELAY = 7  # seconds: queue_job's runner waits 5 s (START_DELAY) after its start


class FakeCloudApi(ThreadingHTTPServer):
    """Meta's Cloud API as the soak sees it: counts the messages per recipient."""

    daemon_threads = True

    def __init__(self, latency):
        self.latency, self.requests, self.lock = latency, Counter(), threading.Lock()
        super().__init__(("127.0.0.1", 0), FakeCloudApiHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class FakeCloudApiHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        with self.server.lock:
            self.server.requests[body.get("to")] += 1
            number = sum(self.server.requests.values())
        time.sleep(self.server.latency)
        answer = json.dumps(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                "messages": [{"id": f"wamid.soak{number}"}],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def use_whatsapp(env, api_url):
    """The D-5 step of the default ladder on WhatsApp, through the fake Cloud API."""
    from odoo import Command

    company = env.ref("base.main_company")
    company.write(
        {
            "cobranca_whatsapp_base_url": api_url,
            "cobranca_whatsapp_phone_number_id": "123",
            "cobranca_whatsapp_token": "soak",
        }
    )
    Template = env["cobranca.whatsapp.template"]
    template = Template.search([("name", "=", "lembrete_soak")], limit=1) or Template.create(
        {
            "name": "lembrete_soak",
            "language": "pt_BR",
            "status": "APPROVED",
            "category": "UTILITY",
            "body": "Olá {{1}}. Credor: {{2}}",
            "param_count": 2,
            "company_id": company.id,
        }
    )
    steps = env["cobranca.regua.step"].search([("offset_days", "=", -5)])
    steps.write(
        {
            "channel": "whatsapp",
            "fallback_channel": False,
            "whatsapp_template_id": template.id,
            "whatsapp_param_ids": [
                Command.clear(),
                Command.create({"sequence": 1, "value": "customer_name"}),
                Command.create({"sequence": 2, "value": "creditor"}),
            ],
        }
    )
    env.cr.commit()


def whatsapp_customers(env, moves):
    """A mobile of its own and a recorded WhatsApp consent for each invoice's customer."""
    cr = env.cr
    cr.execute(
        "UPDATE res_partner p SET mobile = '+55 11 9' || lpad((p.id %% 100000000)::text, 8, '0') "
        "FROM account_move m WHERE m.partner_id = p.id AND m.id = ANY(%s)",
        [moves],
    )
    env.invalidate_all()
    company = env.ref("base.main_company")
    Consent = env["cobranca.consent"]
    for customer in env["account.move"].browse(moves).partner_id:
        Consent._cobranca_record(
            customer, "whatsapp", customer.mobile, "granted", "consent", "form",
            company=company, evidence="Formulário (soak)",
        )  # fmt: skip
    cr.commit()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def frozen(argv):
    """argv of a Python running ``argv`` (this script's modes) on the bench's clock."""
    return [sys.executable, os.path.abspath(__file__), *argv]


def serve(db, workers, port):
    """Odoo with ``workers`` HTTP workers and the job runner, on the frozen clock."""
    check_gevent_plugins()
    from freezegun import freeze_time

    freeze_time(bench.NOW, tick=True).start()
    os.environ["ODOO_QUEUE_JOB_CHANNELS"] = f"root:{workers},root.cobranca:{workers}"
    os.environ["ODOO_QUEUE_JOB_PORT"] = str(port)
    import odoo.cli

    sys.argv = [
        shutil.which("odoo") or "odoo",  # Odoo starts its websocket process from it
        "server",
        *bench.db_args(),
        "-d",
        db,
        f"--db-filter=^{db}$",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--load=base,web,queue_job",
        f"--http-port={port}",
        "--limit-time-real=600",
        "--limit-time-cpu=600",
        "--log-level=warn",
    ]
    odoo.cli.main()


def dispatch_loop(db, batch):
    """The cron's loop, for ever: claim a batch of customers, send, commit."""
    from freezegun import freeze_time

    import odoo
    from odoo.tools import config

    config.parse_config([*bench.db_args(), "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with freeze_time(bench.NOW, tick=True), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Dispatcher = env["cobranca.dispatcher"]
        Sending = env["cobranca.channel"]._get("whatsapp")
        while True:
            Sending._sweep_sending()
            done = Dispatcher._dispatch(limit=batch)
            cr.commit()
            if not done:
                time.sleep(0.5)


def prepare(env, due, open_invoices=0):
    """``due`` fresh invoices (one per customer) whose D-5 is due now, planned; their ids.
    With ``open_invoices``, that many fresh open invoices of which ``due`` are due, not
    planned (the run plans them)."""
    cr = env.cr
    bench.generate(env, max(open_invoices, due), due, 0)
    cr.execute("SELECT id FROM bench_moves WHERE g <= %s", [due])
    moves = [row[0] for row in cr.fetchall()]
    cr.commit()
    if open_invoices:
        return moves
    Planner = env["cobranca.planner"]
    while Planner._plan(limit=5000)[1]:
        cr.commit()
    cr.commit()
    return moves


def counts(cr, moves):
    """(sent, duplicates, lost) of the D-5 reminders of these invoices."""
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE r.state = 'sent'),
               count(*) FILTER (WHERE r.state NOT IN ('sent', 'skipped', 'failed'))
          FROM cobranca_reminder r
         WHERE r.move_id = ANY(%s) AND r.offset_days = -5
        """,
        [moves],
    )
    sent, lost = cr.fetchone()
    cr.execute(
        """
        SELECT coalesce(sum(n - 1), 0) FROM (
            SELECT count(*) AS n FROM mail_message m
             WHERE m.model = 'account.move' AND m.res_id = ANY(%(moves)s)
               AND m.message_type = 'comment'
             GROUP BY m.res_id) AS per_invoice
        """,
        {"moves": moves},
    )
    duplicate_messages = cr.fetchone()[0]
    cr.execute(
        """
        SELECT coalesce(sum(n - 1), 0) FROM (
            SELECT count(*) AS n FROM mail_mail mm
              JOIN mail_message m ON m.id = mm.mail_message_id
             WHERE m.model = 'account.move' AND m.res_id = ANY(%(moves)s)
             GROUP BY m.res_id) AS per_invoice
        """,
        {"moves": moves},
    )
    duplicate_mails = cr.fetchone()[0]
    return sent, int(duplicate_messages + duplicate_mails), lost


def due_left(cr, moves, states=("scheduled", "sending")):
    cr.execute(
        "SELECT count(*) FROM cobranca_reminder "
        "WHERE move_id = ANY(%s) AND offset_days = -5 AND state IN %s",
        [moves, tuple(states)],
    )
    return cr.fetchone()[0]


def check_gevent_plugins():
    """Odoo's websocket process (a server with workers) starts gevent, which loads its
    plugins through the old ``pkg_resources``: a dependency it cannot resolve there
    (zope.event 5.1+ or zope.interface 7.3+, whose metadata carry a normalised name)
    makes that process fail and restart in a loop, and the figures measured beside it
    are wrong. Refuse to measure then, saying what to install."""
    import pkg_resources

    try:
        pkg_resources.require("gevent")
    except pkg_resources.ResolutionError as exc:
        raise SystemExit(
            f"gevent's plugins cannot load ({exc}): install Odoo's requirements with "
            "'zope.event<5.1' and 'zope.interface<7.3' (see scripts/common.sh)"
        ) from None


def wait_http(port, proc, timeout=180):
    for _ in range(timeout * 2):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=2):
                return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("Odoo stopped before answering") from None
            time.sleep(0.5)
    raise RuntimeError(f"Odoo did not answer on port {port}")


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run_workers(env, args, n):
    """Time N job-runner workers: from the cron's call to the last job done. With
    ``--open``, planning is timed too: the cron enqueues the planning jobs, and this
    process calls it again when they are done (as the last one's trigger would: the
    server runs no cron thread here), until a call enqueues nothing more."""
    cr = env.cr
    moves = prepare(env, args.due, args.open)
    port = free_port()
    proc = subprocess.Popen(
        frozen(["--serve", "--db", args.db, "--workers", str(n), "--port", str(port)]),
        start_new_session=True,
    )
    try:
        wait_http(port, proc)
        time.sleep(RUNNER_DELAY)  # queue_job's runner starts a few seconds after Odoo
        cr.execute("SELECT coalesce(max(id), 0) FROM queue_job")
        first_job = cr.fetchone()[0]
        start = time.perf_counter()
        enqueued = -1
        cron = 0.0
        while True:
            called = time.perf_counter()
            env["cobranca.dispatcher"]._cron_dispatch(batch_size=args.batch)
            cr.commit()
            cron += time.perf_counter() - called
            failed, jobs = wait_jobs(cr, proc, first_job)
            if jobs == enqueued:  # this call enqueued nothing: all done
                break
            enqueued = jobs
        seconds = time.perf_counter() - start
    finally:
        stop(proc)
    sent, duplicates, lost = counts(cr, moves)
    print(
        f"workers {n}: {sent} reminders in {seconds:.1f} s = {sent / seconds:.0f}/s, "
        f"{jobs} jobs ({failed} failed); duplicates {duplicates}, lost {lost}",
        flush=True,
    )
    print(f"workers {n}: the cron's calls {cron:.1f} s; {phases(cr, first_job)}", flush=True)
    return seconds, duplicates + lost + failed


def phases(cr, first_job):
    """Where a run's time went, per kind of job: how many, the span from the first
    one's start to the last one's end, and the time they ran (summed over workers)."""
    cr.execute(
        """
        SELECT method_name, count(*),
               extract(epoch FROM max(date_done) - min(date_started)),
               sum(exec_time)
          FROM queue_job WHERE id > %s
         GROUP BY method_name ORDER BY min(date_started)
        """,
        [first_job],
    )
    return "; ".join(
        f"{method} {count} jobs over {span or 0:.1f} s, running {work or 0:.1f} s"
        for method, count, span, work in cr.fetchall()
    )


def wait_jobs(cr, proc, first_job):
    """Wait until the jobs after ``first_job`` are done or failed: (failed, all)."""
    while True:
        cr.execute(
            "SELECT count(*) FILTER (WHERE state NOT IN ('done', 'failed')), "
            "count(*) FILTER (WHERE state = 'failed'), count(*) "
            "FROM queue_job WHERE id > %s",
            [first_job],
        )
        open_jobs, failed, jobs = cr.fetchone()
        cr.commit()
        if not open_jobs:
            return failed, jobs
        if proc.poll() is not None:
            raise RuntimeError("Odoo stopped while jobs were open")
        time.sleep(0.2)


def kill_soak(env, args):
    from odoo import fields

    cr = env.cr
    api = None
    if args.channel == "whatsapp":
        api = FakeCloudApi(latency=args.latency)
        use_whatsapp(env, api.url)
        params = env["ir.config_parameter"]
        if args.in_flight:
            params.set_param("cobranca.whatsapp_in_flight", str(args.in_flight))
        if args.rate:
            params.set_param("cobranca.whatsapp_rate", str(args.rate))
        cr.commit()
    moves = prepare(env, args.due)
    if api:
        whatsapp_customers(env, moves)
    rng = random.Random(args.seed)
    kills, start = 0, time.perf_counter()

    def spawn():
        return subprocess.Popen(
            frozen(["--dispatch-loop", "--db", args.db, "--batch", str(args.batch)]),
            start_new_session=True,
        )

    worker = spawn()
    try:
        while kills < args.kills and due_left(cr, moves):
            cr.commit()
            time.sleep(rng.uniform(args.min_interval, args.max_interval))
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            kills += 1
            worker = spawn()
        while due_left(cr, moves, ("scheduled",)):
            cr.commit()
            time.sleep(0.5)
        # then let the last requests come back: until the number still `sending`
        # (in flight, or left by a kill) stops changing
        counts_seen = []
        while len(counts_seen) < 4 or len(set(counts_seen[-4:])) > 1:
            cr.commit()
            counts_seen.append(due_left(cr, moves, ("sending",)))
            time.sleep(0.5)
    finally:
        stop(worker)
    cr.commit()
    seconds = time.perf_counter() - start
    # what a kill left `sending` (WhatsApp: the request may have left) is failed by
    # the cron's sweep once stale, for a person to check: run it as if that time passed
    env["cobranca.channel"]._get("whatsapp")._sweep_sending(
        now=fields.Datetime.now() + timedelta(minutes=11)
    )
    cr.commit()
    sent, duplicates, lost = counts(cr, moves)
    cr.execute(
        "SELECT count(*) FROM cobranca_reminder WHERE move_id = ANY(%s) "
        "AND offset_days = -5 AND state = 'failed' AND skip_reason IS NOT NULL",
        [moves],
    )
    failed = cr.fetchone()[0]
    line = (
        f"kill soak ({args.channel}): {args.due} due, {kills} SIGKILLs in {seconds:.1f} s; "
        f"sent {sent}, failed with a reason {failed}, duplicates {duplicates}, lost {lost}"
    )
    over = 0
    if api:
        requests = sum(api.requests.values())
        over = sum(n - 1 for n in api.requests.values() if n > 1)
        line += f"; Cloud API requests {requests}, recipients asked more than once {over}"
    print(line, flush=True)
    return duplicates + lost + over + (args.due - sent - failed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="cobranca_workers")
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument(
        "--open",
        type=int,
        default=0,
        help="open invoices, of which --due are due, planned by the timed run (0: only "
        "the due ones, planned beforehand)",
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--batch", type=int, default=500, help="customers per job/batch")
    parser.add_argument("--kill-soak", action="store_true")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--channel", choices=("email", "whatsapp"), default="email")
    parser.add_argument("--latency", type=float, default=0.02, help="fake Cloud API, s")
    parser.add_argument("--in-flight", type=int, help="WhatsApp requests at once (default 8)")
    parser.add_argument(
        "--rate", type=float, help="WhatsApp messages a second allowed (default 80, Meta's tier)"
    )
    parser.add_argument("--min-interval", type=float, default=0.3, help="seconds")
    parser.add_argument("--max-interval", type=float, default=3.0, help="seconds")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    # the child processes
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dispatch-loop", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.db, args.workers[0], args.port)
    if args.dispatch_loop:
        return dispatch_loop(args.db, args.batch)

    from freezegun import freeze_time

    import odoo
    from odoo.tools import config

    config.parse_config([*bench.db_args(), "--log-level=warn"])
    if not args.reuse:
        subprocess.run(["dropdb", "--if-exists", args.db], check=True)
        bench.create_database(args.db, GLUE)
    registry = odoo.modules.registry.Registry(args.db)
    print(f"Odoo {odoo.release.version}, {os.cpu_count()} CPUs, database {args.db}", flush=True)
    problems = 0
    try:
        with freeze_time(bench.NOW, tick=True), registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            bench.print_machine(cr)
            bench.setup_company(env)
            cr.commit()
            if args.kill_soak:
                problems += kill_soak(env, args)
            else:
                base = None
                for n in args.workers:
                    seconds, bad = run_workers(env, args, n)
                    problems += bad
                    base = base or seconds
                    print(f"workers {n}: speed-up {base / seconds:.2f}x", flush=True)
    finally:
        odoo.modules.registry.Registry.delete(args.db)
        if not args.keep:
            odoo.sql_db.close_all()
            subprocess.run(["dropdb", "--if-exists", args.db], check=False)
    print("OK: no duplicate, nothing lost" if not problems else "FAILED", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
