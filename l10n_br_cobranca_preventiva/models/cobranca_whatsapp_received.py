from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .cobranca_bulk import bulk_insert

#: How long a received message's id is remembered. Meta retries a notification it
#: could not deliver (no 200 answer in time) with growing delays, for about a day
#: (its webhook documentation says "typically 24 hours, though this may vary").
KEEP = timedelta(days=30)


class CobrancaWhatsappReceived(models.Model):
    """The ids of the customers' WhatsApp messages already taken, so that a webhook
    notification Meta delivers again (its delivery is at least once: a slow answer or
    a lost 200 makes it retry) notes, answers and confirms nothing twice.

    Only Meta's message id (``wamid``) and when it arrived: no content. Written by
    :meth:`_claim` in SQL, in the transaction that handles the messages: when that
    transaction fails (Meta gets an error and retries), the claim goes with it.
    """

    _name = "cobranca.whatsapp.received"
    _description = "Collection: WhatsApp Message Received"
    _log_access = False
    _rec_name = "message_id"

    message_id = fields.Char(string="WhatsApp Message ID", required=True, readonly=True)
    received_date = fields.Datetime(string="Received On", required=True, readonly=True)

    _sql_constraints = [
        ("message_unique", "UNIQUE(message_id)", "A WhatsApp message is taken once."),
    ]

    @api.model
    def _claim(self, messages):
        """The ``messages`` (``tools.whatsapp_webhook.InboundMessage``) not taken
        before, in order; their ids are recorded in the same statement. A delivery of
        the same message running at the same time waits for this transaction, then
        finds it taken. Messages without an id (never in Meta's payloads) are kept."""
        ids = list(dict.fromkeys(m.message_id for m in messages if m.message_id))
        if not ids:
            return list(messages)
        now = fields.Datetime.now()
        rows = bulk_insert(
            self.env,
            self._table,
            [("message_id", "varchar", ids), ("received_date", "timestamp", [now] * len(ids))],
            conflict=("message_id",),
            returning=("message_id",),
        )
        new = {row[0] for row in rows}
        kept = []
        for message in messages:
            if not message.message_id:
                kept.append(message)
            elif message.message_id in new:
                new.discard(message.message_id)  # twice in one call: the first only
                kept.append(message)
        return kept

    @api.autovacuum
    def _gc_received(self):
        """Forget the ids older than ``KEEP`` (Odoo's daily autovacuum)."""
        self.env.execute_query(
            SQL(
                "DELETE FROM cobranca_whatsapp_received WHERE received_date < %s",
                fields.Datetime.now() - KEEP,
            )
        )
