from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_index

from ..tools import privacy

#: Requests one client address may make to the public opt-out pages (every link that
#: leads to them together) in ``WINDOW``; the system parameter ``cobranca.optout_rate_limit``
#: changes it. A person needs three (the page, the choice, the confirmation).
DEFAULT_LIMIT = 20
WINDOW = timedelta(minutes=1)
#: First key of the advisory lock that queues the requests of one address.
_LOCK_CLASS = 0x0C0B
#: How long a request is remembered (longer than the window, shorter than a day).
KEEP = timedelta(hours=1)


class CobrancaOptoutRequest(models.Model):
    """The recent requests to the opt-out pages, per client address, so that a client
    walking the space of links or codes is refused (HTTP 429) whichever Odoo worker
    answers it: the count is in the database, not in a worker's memory.

    Stores no address: its keyed hash (``tools.privacy``) and the time. Written and
    read only by :meth:`_allow`, in SQL, in the request's transaction.
    """

    _name = "cobranca.optout.request"
    _description = "Collection: Opt-out Page Request"
    _log_access = False
    _rec_name = "client_hash"

    client_hash = fields.Char(string="Client (keyed hash)", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)

    def init(self):
        create_index(
            self.env.cr,
            "cobranca_optout_request_client_date_idx",
            self._table,
            ["client_hash", "date"],
        )

    @api.model
    def _limit(self):
        value = self.env["ir.config_parameter"].sudo().get_param("cobranca.optout_rate_limit")
        try:
            return max(int(value), 1) if value else DEFAULT_LIMIT
        except ValueError:
            return DEFAULT_LIMIT

    @api.model
    def _allow(self, address):
        """Whether the client at ``address`` may open an opt-out page now. Under the
        limit the request is counted and True; over it nothing is written and False.
        Two requests of one address wait for each other (an advisory lock until the
        end of the transaction), so workers answering in parallel count them all."""
        key = privacy.keyed_hash(
            self.env["cobranca.consent"]._secret(), f"cobranca.optout:{address or '-'}"
        )
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", _LOCK_CLASS, key)
        )
        [(count,)] = self.env.execute_query(
            SQL(
                """
                SELECT count(*) FROM cobranca_optout_request
                 WHERE client_hash = %s AND date > %s AND date <= %s
                """,
                key,
                now - WINDOW,
                now,
            )
        )
        if count >= self._limit():
            return False
        self.env.execute_query(
            SQL(
                "INSERT INTO cobranca_optout_request (client_hash, date) VALUES (%s, %s)",
                key,
                now,
            )
        )
        return True

    @api.autovacuum
    def _gc_requests(self):
        """Forget the requests older than ``KEEP`` (Odoo's daily autovacuum)."""
        self.env.execute_query(
            SQL(
                "DELETE FROM cobranca_optout_request WHERE date < %s",
                fields.Datetime.now() - KEEP,
            )
        )
