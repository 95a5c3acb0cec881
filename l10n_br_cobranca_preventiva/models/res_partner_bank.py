from odoo import api, models

from ..tools import pix


class ResPartnerBank(models.Model):
    """A Brazilian Pix code only from a key the DICT can hold, with its free text in
    printable ASCII at the BR Code's lengths (tools/pix.py). l10n_br checks the key
    when the account is saved, but not when its country was unknown then nor when the
    proxy type is "None": its code then carried the key "False". The invoice's QR
    code and the reminders' copy-and-paste code are the same string."""

    _inherit = "res.partner.bank"

    @api.model
    def _cobranca_pix_accounts(self, company):
        """The bank accounts of ``company`` that carry a Pix key a payer's bank can
        find (l10n_br's proxy fields, checked by tools/pix.py)."""
        company.ensure_one()
        return self.search(
            [
                ("partner_id", "=", company.partner_id.id),
                ("proxy_type", "in", pix.KEY_TYPES),
                ("proxy_value", "!=", False),
            ]
        ).filtered(lambda bank: bank._cobranca_has_pix_key())

    def _cobranca_has_pix_key(self):
        self.ensure_one()
        return pix.is_dict_key(self.proxy_type, self.proxy_value)

    def _check_for_qr_code_errors(self, qr_method, amount, currency, debtor_partner, *args):
        if qr_method == "emv_qr" and self.country_code == "BR":
            if not self._cobranca_has_pix_key():
                return self.env._(
                    "The Pix key of %(account)s is not a key a payer's bank can find: a CPF "
                    "or CNPJ with valid check digits (digits only), a mobile number as "
                    "+5511999999999, an e-mail address or a random key (EVP).",
                    account=self.display_name,
                )
            if not pix.printable_ascii(self.partner_id.city, pix.MERCHANT_CITY_MAX):
                return self.env._(
                    "The city of %(holder)s is missing: a Pix code names the city of the "
                    "account holder.",
                    holder=self.partner_id.display_name,
                )
        return super()._check_for_qr_code_errors(qr_method, amount, currency, debtor_partner, *args)

    def _get_qr_code_vals_list(self, *args, **kwargs):
        res = super()._get_qr_code_vals_list(*args, **kwargs)
        if self.country_code == "BR":
            name = pix.printable_ascii(self.partner_id.name, pix.MERCHANT_NAME_MAX)
            city = pix.printable_ascii(self.partner_id.city, pix.MERCHANT_CITY_MAX)
            res[7] = (res[7][0], name.upper() or "NA")  # merchant name
            res[8] = (res[8][0], city.upper())  # merchant city
        return res

    def _get_additional_data_field(self, comment):
        if self.country_code == "BR":
            return self._serialize(5, pix.txid(comment))  # reference label (txid)
        return super()._get_additional_data_field(comment)
