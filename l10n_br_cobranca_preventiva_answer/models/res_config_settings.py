from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cobranca_promise_max_days = fields.Integer(
        related="company_id.cobranca_promise_max_days", readonly=False
    )
    cobranca_paid_claim_days = fields.Integer(
        related="company_id.cobranca_paid_claim_days", readonly=False
    )
    cobranca_answer_lookback_days = fields.Integer(
        related="company_id.cobranca_answer_lookback_days", readonly=False
    )
    cobranca_answer_max_broken = fields.Integer(
        related="company_id.cobranca_answer_max_broken", readonly=False
    )
    cobranca_answer_max_unpaid_claims = fields.Integer(
        related="company_id.cobranca_answer_max_unpaid_claims", readonly=False
    )
    cobranca_proof_max_count = fields.Integer(
        related="company_id.cobranca_proof_max_count", readonly=False
    )
    cobranca_proof_max_mb = fields.Integer(
        related="company_id.cobranca_proof_max_mb", readonly=False
    )
    cobranca_due_days = fields.Char(related="company_id.cobranca_due_days", readonly=False)
    cobranca_due_day_min_days = fields.Integer(
        related="company_id.cobranca_due_day_min_days", readonly=False
    )
