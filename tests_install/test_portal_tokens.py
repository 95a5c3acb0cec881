"""The portal tokens a batch gives its invoices in a short transaction of its own are
handed to the batch through the cache and stay there: the batch never writes a token
that transaction wrote (a concurrent update its snapshot cannot see: "could not
serialize access"), even when some invoices of the batch are its own (invisible to the
other transaction) and get their token in the batch. Committed data and two
transactions: no Odoo test transaction can show it."""

import os

from odoo_cli import copy_database, drop_database, odoo, query

SETUP = """
import json
from odoo import Command

partner = env["res.partner"].create({"name": "Cliente do Token", "email": "t@example.com"})
move = env["account.move"].create({
    "move_type": "out_invoice",
    "partner_id": partner.id,
    "invoice_line_ids": [Command.create({"name": "Consultoria", "price_unit": 100.0})],
})
env.cr.execute("UPDATE account_move SET access_token = NULL WHERE id = %s", [move.id])
env.cr.commit()
print("RESULT", json.dumps({"committed": move.id, "partner": partner.id}))
"""

# One batch: an invoice committed without a token (read first: this transaction's
# snapshot has it so) and one of its own; their tokens, then their portal links.
BATCH = """
import json
from odoo import Command

Move = env["account.move"]
committed = Move.browse(%(committed)d)
committed.name
own = Move.create({
    "move_type": "out_invoice",
    "partner_id": %(partner)d,
    "invoice_line_ids": [Command.create({"name": "Outra", "price_unit": 50.0})],
})
env.flush_all()
env["cobranca.channel"]._ensure_portal_tokens([committed.id, own.id])
urls = [committed.get_portal_url(), own.get_portal_url()]
env.cr.commit()
print("RESULT", json.dumps({
    "tokens": [url.split("access_token=")[-1].split("&")[0] for url in urls],
    "own": own.id,
}))
"""


def test_a_batch_keeps_the_tokens_handed_to_it(template):
    db = f"cobranca_tokens_{os.getpid()}"
    copy_database(db, template)
    try:
        made = odoo(db, "shell", stdin=SETUP)
        batch = odoo(db, "shell", stdin=BATCH % made)
        stored = dict(
            query(
                db,
                "SELECT id, access_token FROM account_move WHERE id = ANY(%s)",
                [made["committed"], batch["own"]],
            )
        )
        # the links carry the tokens stored: each written once, by one transaction
        assert batch["tokens"] == [stored[made["committed"]], stored[batch["own"]]]
        assert all(batch["tokens"])
    finally:
        drop_database(db)
