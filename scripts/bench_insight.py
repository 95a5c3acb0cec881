"""The collection dashboard's benchmark (``bench.py --insight``), on the data bench.py
generated: the paid history of the ranking phase (``bench_paid``) and, unless
``--skip-dispatch``, the open invoices and the reminders the dispatch phase sent.

It plants a send hour per customer (08:00-19:00) and WhatsApp reads around it (normal
noise of about 0.7 h, 15 % of reads at random hours), times the hourly cron that
computes the dashboard's kept figures ahead, then each dashboard query as the web
client makes it (one ``_read_group`` or ``search_read`` per chart), and the learning of
every customer's hour (and prints how many match the planted one)."""

# A command-line benchmark: it prints its figures.
# pylint: disable=print-used,invalid-commit

import time

READS_PER_CUSTOMER_MAX = 10


def plant_reads(cr):
    """One 'read' WhatsApp reminder per paid invoice of ``bench_paid`` (the first
    ``READS_PER_CUSTOMER_MAX`` of each customer), read at the customer's planted hour
    plus noise (around the middle of that hour), in São Paulo time (UTC-3)."""
    cr.execute(
        """
        SELECT s.id FROM cobranca_regua_step s
          JOIN cobranca_regua r ON r.id = s.regua_id
         ORDER BY r.is_default DESC, s.offset_days LIMIT 1
        """
    )
    [step_id] = cr.fetchone()
    cr.execute(
        """
        WITH ranked AS (
            SELECT b.*, row_number() OVER (PARTITION BY b.partner_id ORDER BY b.g) AS n
              FROM bench_paid b
        )
        INSERT INTO cobranca_reminder (move_id, partner_id, commercial_partner_id,
               company_id, step_id, channel, scheduled_date, offset_days, state,
               sent_date, read_date, create_uid, write_uid, create_date, write_date)
        SELECT k.inv_id, k.partner_id, k.partner_id, m.company_id, %(step)s, 'whatsapp',
               k.due - 5, -5, 'read', k.paid_on + time '08:00',
               k.paid_on + time '03:00' + make_interval(secs => 3600 * CASE
                   WHEN random() < 0.15 THEN random() * 24
                   ELSE 8.5 + (k.partner_id %% 12)
                        + (random() + random() + random() - 1.5) * 1.4 END),
               1, 1, now(), now()
          FROM ranked k JOIN account_move m ON m.id = k.inv_id
         WHERE k.n <= %(per)s
        ON CONFLICT DO NOTHING
        """,
        {"step": step_id, "per": READS_PER_CUSTOMER_MAX},
    )
    return cr.rowcount


def timed(label, func, results):
    start = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - start
    results.append((label, seconds))
    print(f"{'insight':<10} {label:<46} {seconds:7.2f} s", flush=True)
    return value


def run(env, company, batch=10_000):
    cr = env.cr
    with_reads = plant_reads(cr)
    env.invalidate_all()
    cr.commit()
    print(f"{'insight':<10} planted {with_reads} WhatsApp reads", flush=True)
    results = []
    Aging = env["cobranca.aging.report"]
    Kpi = env["cobranca.kpi.report"]
    Effect = env["cobranca.effect.report"]
    Forecast = env["cobranca.forecast.report"]
    Reminder = env["cobranca.reminder"]
    charts = (
        ("aging by bucket", lambda: Aging._read_group([], ["age_bucket"], ["amount_residual:sum"])),
        (
            "top overdue customers",
            lambda: Aging._read_group(
                [("days_overdue", ">", 0)],
                ["partner_id"],
                ["amount_overdue:sum"],
                order="amount_overdue:sum desc",
                limit=80,
            ),
        ),
        ("DSO, CEI, on-time rate (24 months)", lambda: Kpi.search_read([], ["dso", "cei"])),
        (
            "pay rate 1/3/7 days by step",
            lambda: Effect._read_group(
                [], ["step_id"], ["paid_1d:avg", "paid_3d:avg", "paid_7d:avg"]
            ),
        ),
        (
            "paid within 7 days by month",
            lambda: Effect._read_group([], ["sent_day:month"], ["amount_paid_7d:sum"]),
        ),
        ("reminders by channel and state", lambda: Reminder._read_group([], ["channel", "state"])),
        (
            "cash-in forecast (12 weeks)",
            lambda: Forecast._read_group([], ["week:week", "series"], ["amount:sum"]),
        ),
    )
    # the hourly cron computes the kept figures ahead (report/cobranca_insight_cache.py):
    # what the charts then read is what a manager gets
    env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", "60")
    timed(
        "compute the kept figures ahead (hourly cron)",
        env["cobranca.insight.cache"]._cron_refresh,
        results,
    )
    cr.commit()
    for label, func in charts:
        env.invalidate_all()
        timed(label, func, results)
    cr.execute("SELECT DISTINCT partner_id FROM bench_paid ORDER BY 1")
    partners = [row[0] for row in cr.fetchall()]

    def learn():
        for start in range(0, len(partners), batch):
            env["cobranca.send.hour"]._learn(company, partners[start : start + batch])

    timed(f"learn the send hour of {len(partners)} customers", learn, results)
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE cobranca_send_hour = 8 + id %% 12), count(*)
          FROM res_partner WHERE id = ANY(%s) AND cobranca_send_hour_events >= 5
        """,
        [partners],
    )
    matched, learned = cr.fetchone()
    share = 100.0 * matched / learned if learned else 0.0
    print(
        f"{'insight':<10} learned hour = planted hour for {matched} of {learned} customers "
        f"with 5 or more reads ({share:.1f} %)",
        flush=True,
    )
    cr.commit()
    slowest = max(
        seconds for label, seconds in results if not label.startswith(("learn", "compute the kept"))
    )
    print(
        f"{'insight':<10} slowest dashboard query {slowest:.2f} s "
        f"({'within' if slowest < 2 else 'OVER'} the 2 s target)",
        flush=True,
    )
    return results
