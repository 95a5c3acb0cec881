from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression

from odoo.addons.queue_job.job import identity_exact

#: A planning job started longer ago than this is taken for dead (its worker killed):
#: the cron no longer waits for it and plans its invoices again.
PLAN_JOB_TIMEOUT = timedelta(minutes=10)


class CobrancaDispatcher(models.AbstractModel):
    _inherit = "cobranca.dispatcher"

    @api.model
    def _plan_outdated(self, limit):
        """One job per range of ``limit`` outdated invoices on the ``root.cobranca``
        channel, instead of one batch per cron call: the job runner plans the ranges on
        every worker at once. Nothing is sent while planning jobs are open; the last
        one to finish calls the cron again (``cobranca.planner._plan_range``), which
        then enqueues the sending jobs."""
        if self._planning_jobs_open():
            return 0, False
        Planner = self.env["cobranca.planner"]
        ranges = Planner._outdated_ranges(limit)
        for first, last in ranges:
            Planner.with_delay(
                description=self.env._(
                    "Collection: plan the invoices %(first)s to %(last)s",
                    first=first,
                    last=last,
                ),
                identity_key=identity_exact,
            )._plan_range(first, last)
        return 0, not ranges

    @api.model
    def _planning_jobs_open(self, waiting_only=False):
        """Whether planning jobs wait (or, unless ``waiting_only``, run)."""
        waiting = [("state", "in", ("wait_dependencies", "pending", "enqueued"))]
        running = [
            ("state", "=", "started"),
            ("date_started", ">=", fields.Datetime.now() - PLAN_JOB_TIMEOUT),
        ]
        domain = [
            ("model_name", "=", "cobranca.planner"),
            ("method_name", "=", "_plan_range"),
            *(waiting if waiting_only else expression.OR([waiting, running])),
        ]
        return bool(self.env["queue.job"].sudo().search_count(domain, limit=1))

    def _dispatch_due(self, batch_size):
        """One job per batch of customers on the ``root.cobranca`` channel, instead of
        one batch per cron call: the job runner runs them on every worker at once.

        A batch already waiting in the queue is not enqueued again (same customers,
        same job); one that is running or was killed is: its job claims only the
        customers no other worker holds and the reminders still scheduled, so nothing
        is sent twice and a killed job's reminders are sent by the next one."""
        batches = self._due_customer_batches(batch_size)
        for customers in batches:
            self.with_delay(
                description=self.env._(
                    "Collection: send the due reminders of %(count)s customers",
                    count=len(customers),
                ),
                identity_key=identity_exact,
            )._dispatch_customers(customers)
        # the jobs report their own progress; the cron has nothing left to do now
        return 0, 0
