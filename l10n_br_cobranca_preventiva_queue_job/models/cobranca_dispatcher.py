from odoo import api, models

from odoo.addons.queue_job.job import identity_exact


class CobrancaDispatcher(models.AbstractModel):
    _inherit = "cobranca.dispatcher"

    @api.model
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
