from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon
from odoo.addons.queue_job.tests.common import trap_jobs


@tagged("post_install", "-at_install")
class TestDispatchJobs(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Cliente Fila {i}", "email": f"fila{i}@example.com"} for i in range(5)]
        )
        with freeze_time(cls.sp_time("2026-03-02 09:00")):
            cls.moves = cls.env["account.move"].concat(
                *(cls.make_invoice("2026-03-16", partner=c) for c in cls.customers)
            )

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
