from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs


class JobsCommon(CobrancaCommon):
    @classmethod
    def make_customers(cls, name, count):
        """``count`` customers, each with an invoice posted on 02/03 and due on 16/03."""
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": f"Cliente {name} {i}", "email": f"{name.lower()}{i}@example.com"}
                for i in range(count)
            ]
        )
        with freeze_time(cls.sp_time("2026-03-02 09:00")):
            cls.moves = cls.env["account.move"].concat(
                *(cls.make_invoice("2026-03-16", partner=c) for c in cls.customers)
            )


@tagged("post_install", "-at_install")
class TestDispatchJobs(JobsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_customers("Fila", 5)

    def d5_states(self):
        self.env.invalidate_all()
        return [self.reminders(move)["D-5"].state for move in self.moves]

    def test_the_cron_enqueues_one_job_per_batch_of_customers(self):
        with freeze_time(self.sp_time("2026-03-09 10:00")), trap_jobs() as trap:
            self.env["cobranca.dispatcher"]._cron_dispatch(batch_size=2)
            # five customers due, two per batch: three jobs on the collection channel,
            # and nothing sent by the cron itself
            trap.assert_jobs_count(3, only=self.env["cobranca.dispatcher"]._dispatch_customers)
            self.assertEqual({job.channel for job in trap.enqueued_jobs}, {"root.cobranca"})
            self.assertEqual(self.d5_states(), ["scheduled"] * 5)
            batches = sorted(job.args[0] for job in trap.enqueued_jobs)
            self.assertEqual(sorted(sum(batches, [])), sorted(self.customers.ids))
            trap.perform_enqueued_jobs()
        self.assertEqual(self.d5_states(), ["sent"] * 5)
        for move in self.moves:
            self.assertEqual(len(self.mails_of(move)), 1)

    def test_a_job_run_twice_sends_nothing_twice(self):
        Dispatcher = self.env["cobranca.dispatcher"]
        with freeze_time(self.sp_time("2026-03-09 10:00")), trap_jobs() as trap:
            Dispatcher._cron_dispatch(batch_size=10)
            [job] = trap.enqueued_jobs
            job.perform()
            # the runner retries it (or a second cron enqueued the same batch)
            self.assertEqual(job.perform(), 0)
            Dispatcher._cron_dispatch(batch_size=10)
            trap.assert_jobs_count(1)  # nothing due: no new job
        for move in self.moves:
            self.assertEqual(len(self.mails_of(move)), 1)


@tagged("post_install", "-at_install")
class TestPlanJobs(JobsCommon):
    """Planning by jobs: ranges that do not overlap, nothing sent while they are open,
    the last one calls the cron again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_customers("Plano", 7)
        # as if they had never been planned (posted by a script, or the ladder changed)
        cls.env["cobranca.planner"]._outdate(partner_ids=cls.customers.ids)
        cls.cron = cls.env.ref("l10n_br_cobranca_preventiva.ir_cron_cobranca_dispatch")

    def jobs(self, method):
        return self.env["queue.job"].sudo().search([("method_name", "=", method)], order="id")

    def planning_jobs(self):
        return self.jobs("_plan_range")

    def run_as_the_runner(self, record):
        """What queue_job's runner does with a stored job."""
        job = Job.load(self.env, record.uuid)
        job.set_started()
        job.store()
        job.perform()
        job.set_done()
        job.store()

    def test_jobs_plan_every_range_once_before_anything_is_sent(self):
        Dispatcher = self.env["cobranca.dispatcher"]
        Trigger = self.env["ir.cron.trigger"].sudo()
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            Dispatcher._cron_dispatch(batch_size=1)  # ranges of 5 invoices
            jobs = self.planning_jobs()
            self.assertEqual(len(jobs), 2)
            self.assertEqual(set(jobs.mapped("channel")), {"root.cobranca"})
            ranges = [tuple(job.args) for job in jobs]
            covered = [m for m in self.moves.ids if any(a <= m <= b for a, b in ranges)]
            self.assertEqual(covered, self.moves.ids)
            self.assertLess(ranges[0][1], ranges[1][0], "the ranges overlap")
            self.assertFalse(self.moves.cobranca_plan_ids)
            reminders = self.moves.cobranca_reminder_ids
            # a cron call while they wait: no new job, nothing planned or sent here
            Dispatcher._cron_dispatch(batch_size=1)
            self.assertEqual(self.planning_jobs(), jobs)
            self.assertFalse(self.moves.cobranca_plan_ids)
            self.assertFalse(self.jobs("_dispatch_customers"))
            triggers = Trigger.search([("cron_id", "=", self.cron.id)])
            self.run_as_the_runner(jobs[0])
            # another one waits: the cron is not called yet
            self.assertEqual(Trigger.search([("cron_id", "=", self.cron.id)]), triggers)
            self.run_as_the_runner(jobs[1])
            self.assertEqual(
                len(Trigger.search([("cron_id", "=", self.cron.id)]) - triggers),
                2,
                "the last planning job calls the cron (now, and once more a little later)",
            )
            self.env.invalidate_all()
            self.assertEqual(len(self.moves.cobranca_plan_ids), 7)
            # the cron's call: planning is complete, the sending is enqueued
            Dispatcher._cron_dispatch(batch_size=10)
            self.assertEqual(len(self.planning_jobs()), 2)
            [send] = self.jobs("_dispatch_customers")
            self.run_as_the_runner(send)
        self.env.invalidate_all()
        self.assertEqual(self.moves.cobranca_reminder_ids, reminders, "planned twice")
        for move in self.moves:
            self.assertEqual(self.reminders(move)["D-5"].state, "sent")
            self.assertEqual(len(self.mails_of(move)), 1)

    def test_a_planning_job_run_twice_plans_nothing_twice(self):
        Planner = self.env["cobranca.planner"]
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            [(first, last)] = Planner._outdated_ranges(100)
            self.assertEqual(Planner._plan_range(first, last), 7)
            reminders = self.moves.cobranca_reminder_ids
            self.assertEqual(Planner._plan_range(first, last), 0)
            self.env.invalidate_all()
            self.assertEqual(self.moves.cobranca_reminder_ids, reminders)
            self.assertEqual(Planner._outdated_ranges(100), [])

    def test_a_planning_job_dead_for_long_no_longer_holds_the_cron(self):
        Dispatcher = self.env["cobranca.dispatcher"]
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            Dispatcher._cron_dispatch(batch_size=10)
            [job] = self.planning_jobs()
            job.write({"state": "started", "date_started": "2026-03-09 13:00:00"})
        with freeze_time(self.sp_time("2026-03-09 10:05")):
            Dispatcher._cron_dispatch(batch_size=10)
            self.assertEqual(self.planning_jobs(), job, "it waits for a running job")
        with freeze_time(self.sp_time("2026-03-09 10:11")):
            # its worker was killed: ten minutes later the cron plans its invoices again
            Dispatcher._cron_dispatch(batch_size=10)
            self.assertEqual(len(self.planning_jobs()), 2)
