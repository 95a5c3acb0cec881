from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Customer answers (portal page, WhatsApp and email replies)
    cobranca_promise_max_days = fields.Integer(
        string="Promise to Pay up to (days)",
        default=10,
        help="A customer may promise to pay, or start an installment plan, at most this "
        "many days from today; its reminders wait until then.",
    )
    cobranca_paid_claim_days = fields.Integer(
        string="Payment Check (business days)",
        default=2,
        help="When a customer says an invoice is paid, its reminders wait this many "
        "business days while the collector checks the payment.",
    )
    cobranca_answer_lookback_days = fields.Integer(
        string="Answers Look-back (days)",
        default=90,
        help="The broken promises and the payments reported but not found of this many "
        "days count against the customer's own answers.",
    )
    cobranca_answer_max_broken = fields.Integer(
        string="Broken Promises Before a Person Decides",
        default=1,
        help="After this many broken promises to pay in the look-back period, the "
        "customer's next promise or payment reported goes to its collector as a to-do "
        "and the reminders go on until a person decides. 0: no limit.",
    )
    cobranca_answer_max_unpaid_claims = fields.Integer(
        string="Payments Not Found Before a Person Decides",
        default=2,
        help="After this many payments reported whose days to check passed without the "
        "payment, in the look-back period, the customer's next promise or payment "
        "reported goes to its collector as a to-do and the reminders go on until a "
        "person decides. 0: no limit.",
    )
    cobranca_proof_max_count = fields.Integer(
        string="Proofs of Payment per Claim",
        default=5,
        help="Most files a customer sends as the proof of one payment reported.",
    )
    cobranca_proof_max_mb = fields.Integer(
        string="Proofs of Payment per Claim (MB)",
        default=15,
        help="Most megabytes the proofs of one payment reported take in all (each file "
        "takes at most 5 MB).",
    )

    @api.constrains(
        "cobranca_promise_max_days",
        "cobranca_paid_claim_days",
        "cobranca_answer_lookback_days",
        "cobranca_answer_max_broken",
        "cobranca_answer_max_unpaid_claims",
        "cobranca_proof_max_count",
        "cobranca_proof_max_mb",
    )
    def _check_cobranca_answer_days(self):
        for company in self:
            if not 1 <= company.cobranca_promise_max_days <= 90:
                raise ValidationError(_("Customers may promise to pay from 1 to 90 days ahead."))
            if not 0 <= company.cobranca_paid_claim_days <= 30:
                raise ValidationError(
                    _("The days to check a reported payment go from 0 to 30 business days.")
                )
            if not 1 <= company.cobranca_answer_lookback_days <= 730:
                raise ValidationError(_("The answers' look-back goes from 1 to 730 days."))
            if company.cobranca_answer_max_broken < 0 or (
                company.cobranca_answer_max_unpaid_claims < 0
            ):
                raise ValidationError(_("The limits of the customer's answers cannot be negative."))
            if not 1 <= company.cobranca_proof_max_count <= 20 or not (
                5 <= company.cobranca_proof_max_mb <= 100
            ):
                raise ValidationError(
                    _(
                        "A payment reported takes from 1 to 20 proofs of payment, from 5 to "
                        "100 MB in all."
                    )
                )
