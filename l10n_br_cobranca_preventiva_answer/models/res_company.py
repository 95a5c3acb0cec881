import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.l10n_br_cobranca_preventiva.models.prefetch import PREFETCH_GROUP

#: Due days a company may offer: every month has them (29 to 31 would fall on another
#: day in February).
DUE_DAY_RANGE = range(1, 29)


def parse_due_days(text):
    """The days of ``text`` ("5, 10,15") as sorted unique ints; ValueError when a part
    is not a whole number."""
    parts = [part for part in re.split(r"[\s,;]+", text or "") if part]
    return sorted({int(part) for part in parts})


class ResCompany(models.Model):
    _inherit = "res.company"

    # Customer answers (portal page, WhatsApp and email replies)
    cobranca_promise_max_days = fields.Integer(
        string="Promise to Pay up to (days)",
        default=10,
        help="A customer may promise to pay, or start an installment plan, at most this "
        "many days from today; its reminders wait until then.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_paid_claim_days = fields.Integer(
        string="Payment Check (business days)",
        default=2,
        help="When a customer says an invoice is paid, its reminders wait this many "
        "business days while the collector checks the payment.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_answer_lookback_days = fields.Integer(
        string="Answers Look-back (days)",
        default=90,
        help="The broken promises and the payments reported but not found of this many "
        "days count against the customer's own answers.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_answer_max_broken = fields.Integer(
        string="Broken Promises Before a Person Decides",
        default=1,
        help="After this many broken promises to pay in the look-back period, the "
        "customer's next promise or payment reported goes to its collector as a to-do "
        "and the reminders go on until a person decides. 0: no limit.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_answer_max_unpaid_claims = fields.Integer(
        string="Payments Not Found Before a Person Decides",
        default=2,
        help="After this many payments reported whose days to check passed without the "
        "payment, in the look-back period, the customer's next promise or payment "
        "reported goes to its collector as a to-do and the reminders go on until a "
        "person decides. 0: no limit.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_proof_max_count = fields.Integer(
        string="Proofs of Payment per Claim",
        default=5,
        help="Most files a customer sends as the proof of one payment reported.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_proof_max_mb = fields.Integer(
        string="Proofs of Payment per Claim (MB)",
        default=15,
        help="Most megabytes the proofs of one payment reported take in all (each file "
        "takes at most 5 MB).",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_due_days = fields.Char(
        string="Due Days Offered",
        default="5,10,15,20,25",
        help="The days of the month a customer may choose for its invoices to fall due "
        "(from 1 to 28, separated by commas), on the answer page or by replying to a "
        "reminder; a collection user approves each request. Empty: customers are not "
        "offered a choice.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_due_day_min_days = fields.Integer(
        string="Days from Invoice to Chosen Due Day",
        default=10,
        help="An invoice of a customer with a chosen due day falls due on the first such "
        "day at least this many days after the invoice date.",
        prefetch=PREFETCH_GROUP,
    )

    def _cobranca_due_days(self):
        """The due days the company offers, sorted (none when the setting is empty)."""
        self.ensure_one()
        try:
            return parse_due_days(self.cobranca_due_days)
        except ValueError:
            return []

    @api.constrains("cobranca_due_days", "cobranca_due_day_min_days")
    def _check_cobranca_due_days(self):
        for company in self:
            try:
                days = parse_due_days(company.cobranca_due_days)
            except ValueError:
                days = None
            if days is None or any(day not in DUE_DAY_RANGE for day in days):
                raise ValidationError(
                    _(
                        "The due days offered are days of the month from 1 to 28, separated "
                        "by commas (e.g. 5,10,15,20,25)."
                    )
                )
            if not 0 <= company.cobranca_due_day_min_days <= 60:
                raise ValidationError(
                    _("The days from the invoice to the chosen due day go from 0 to 60.")
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
