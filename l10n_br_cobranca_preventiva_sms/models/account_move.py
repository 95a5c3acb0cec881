from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    cobranca_optout_short_url = fields.Char(
        string="Short Opt-out Link",
        compute="_compute_cobranca_optout_short_url",
        help="The short opt-out link of an SMS (/cobranca/o/<code>), set while it is sent.",
    )

    @api.depends_context("cobranca_optout_codes")
    def _compute_cobranca_optout_short_url(self):
        """The SMS's own opt-out link, ``/cobranca/o/<code>``. The SMS channel draws
        the code once per reminder as it sends it and renders the SMS with it in the
        context (``cobranca_optout_codes``: ((invoice id, code), ...)); reading the
        field never creates a code: without one it is empty."""
        codes = dict(self.env.context.get("cobranca_optout_codes") or ())
        for move in self:
            code = codes.get(move.id)
            move.cobranca_optout_short_url = (
                f"{move.get_base_url()}/cobranca/o/{code}" if code else False
            )
