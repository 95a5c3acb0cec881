"""The Pix copia-e-cola, checked against a payload built here from the BR Code spec
(EMV TLV fields and CRC16-CCITT), not with the code under test."""

import binascii
import re

from odoo.tests import tagged

from .common import CobrancaCommon

KEY = "71d6c6e1-64ea-4a11-9560-a10870c40ca2"


def tlv(tag, value):
    return f"{tag:02d}{len(value):02d}{value}"


def crc16(payload):
    """CRC16-CCITT-FALSE (poly 0x1021, init 0xFFFF), as the BR Code spec asks."""
    return f"{binascii.crc_hqx(payload.encode(), 0xFFFF):04X}"


def br_code(key, amount, name, city, reference):
    payload = (
        tlv(0, "01")  # payload format indicator
        + tlv(1, "12")  # point of initiation: a code for one payment
        + tlv(26, tlv(0, "br.gov.bcb.pix") + tlv(1, key))  # merchant account: Pix key
        + tlv(52, "0000")  # merchant category code
        + tlv(53, "986")  # currency: BRL
        + tlv(54, amount)
        + tlv(58, "BR")
        + tlv(59, name)
        + tlv(60, city)
        + tlv(62, tlv(5, reference))  # additional data: reference (txid)
        + "6304"
    )
    return payload + crc16(payload)


def test_crc_matches_the_central_bank_example():
    # the example payload of the BR Code manual (Banco Central do Brasil)
    example = (
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
        "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304"
    )
    assert crc16(example) == "1D3D"


class PixCommon(CobrancaCommon):
    """Messages rendered on invoices of the company's bank accounts (the other
    channels' addons check their own messages with these)."""

    def render(self, xmlid, move, field="body_html"):
        move.invalidate_recordset()  # as the dispatcher reads it: the group is the invoice
        template = self.env.ref(xmlid if "." in xmlid else f"l10n_br_cobranca_preventiva.{xmlid}")
        return str(template._render_field(field, move.ids)[move.id])

    def bank(self, proxy_type="none", proxy_value=False, **vals):
        """A bank account of the company. l10n_br checks a key when it is saved for a
        Brazilian holder only: an account saved before the company's country was set
        keeps whatever was typed (as an imported one does)."""
        holder = self.company.partner_id
        country = holder.country_id
        holder.country_id = False
        bank = self.env["res.partner.bank"].create(
            {
                "acc_number": f"0001-{len(holder.bank_ids)}",
                "partner_id": holder.id,
                "proxy_type": proxy_type,
                "proxy_value": proxy_value,
                "include_reference": True,
                **vals,
            }
        )
        holder.country_id = country
        return bank


@tagged("post_install", "-at_install")
class TestPix(PixCommon):
    def test_pix_code_is_the_br_code_of_the_amount_due(self):
        bank = self.env["res.partner.bank"].create(
            {
                "acc_number": "123456789012345678",
                "partner_id": self.company.partner_id.id,
                "proxy_type": "br_random",
                "proxy_value": KEY,
                "include_reference": True,
            }
        )
        move = self.make_invoice("2026-03-16", partner_bank_id=bank.id)
        reference = re.sub(r"[^a-zA-Z0-9*]", "", move.payment_reference or move.name)
        # merchant name: 25 characters, no accents, upper case; city: 15
        expected = br_code(KEY, "1000.00", "DISTRIBUIDORA EXEMPLO LTD", "SAO PAULO", reference)
        self.assertEqual(self.texts(move).pix_code, expected)
        # a partial payment: the code carries what is still due
        self.pay(move, amount=400)
        move.invalidate_recordset()
        self.assertEqual(
            self.texts(move).pix_code,
            br_code(KEY, "600.00", "DISTRIBUIDORA EXEMPLO LTD", "SAO PAULO", reference),
        )

    def test_no_pix_key_no_code(self):
        move = self.make_invoice("2026-03-16")
        self.assertFalse(move.partner_bank_id.proxy_value)
        self.assertFalse(self.texts(move).pix_code)

    # ------------------------------------------------- only a key the DICT holds

    def reference(self, move):
        return re.sub(r"[^a-zA-Z0-9]", "", move.payment_reference or move.name)

    def test_bank_account_without_pix_key_gives_no_code_and_no_pix_sentence(self):
        # the company's account, no Pix key: the code carried the key "False"
        bank = self.bank()
        move = self.make_invoice("2026-03-16", partner_bank_id=bank.id)
        self.assertEqual(move.partner_bank_id, bank)
        self.assertFalse(self.texts(move).pix_code)
        self.assertFalse(
            move.partner_bank_id.build_qr_code_base64(
                1000.0, move.name, None, move.currency_id, move.partner_id, "emv_qr"
            )
        )  # nor on the invoice's own QR code
        body = self.render("mail_template_cobranca_due_today", move)
        self.assertIn("NFe", body)  # the invoice is listed
        self.assertIn("O pagamento pode ser feito pelo link a seguir.", body)
        self.assertNotIn("Pix", body)
        self.assertTrue(self.env["res.config.settings"].create({}).cobranca_setup_no_pix)

    def test_a_code_follows_the_pix_sentence(self):
        move = self.make_invoice("2026-03-16", partner_bank_id=self.bank("br_random", KEY).id)
        body = self.render("mail_template_cobranca_due_today", move)
        self.assertIn("pelo link ou pelo Pix a seguir", body)
        self.assertIn(self.texts(move).pix_code, body)

    def test_only_a_key_the_dict_holds_makes_a_code(self):
        name, city = "DISTRIBUIDORA EXEMPLO LTD", "SAO PAULO"
        for proxy_type, key in (
            ("br_cpf_cnpj", "11222333000181"),
            ("br_cpf_cnpj", "52998224725"),
            ("mobile", "+5511987654321"),
            ("email", "financeiro@exemplo.com.br"),
            ("br_random", KEY),
        ):
            with self.subTest(key=key):
                move = self.make_invoice(
                    "2026-03-16", partner_bank_id=self.bank(proxy_type, key).id
                )
                self.assertEqual(
                    self.texts(move).pix_code,
                    br_code(key, "1000.00", name, city, self.reference(move)),
                )
        for proxy_type, key in (
            ("br_cpf_cnpj", "11.222.333/0001-81"),  # the DICT holds digits only
            ("br_cpf_cnpj", "11222333000180"),  # wrong check digit
            ("mobile", "11987654321"),  # no +55
            ("email", "financeiro@"),
            ("br_random", "123e4567-e12b-12d1-a456-426655440000"),  # not a UUID v4
        ):
            with self.subTest(key=key):
                bank = self.bank(proxy_type, key)
                move = self.make_invoice("2026-03-16", partner_bank_id=bank.id)
                self.assertFalse(self.texts(move).pix_code)
                self.assertFalse(
                    self.env["res.partner.bank"]._cobranca_pix_accounts(self.company) & bank
                )

    def test_name_city_and_txid_in_printable_ascii_at_the_spec_lengths(self):
        self.company.write(
            {"name": "Distribuidora Exemplo — Açaí & Cia Ltda", "city": "São José dos Campos"}
        )
        move = self.make_invoice("2026-03-16", partner_bank_id=self.bank("br_random", KEY).id)
        move.payment_reference = "FAT/2026/00012 — ref. pedido nº 4567-ÇÃO/2026"
        code = self.texts(move).pix_code
        self.assertTrue(code.isascii())
        self.assertEqual(
            code,
            br_code(
                KEY,
                "1000.00",
                "DISTRIBUIDORA EXEMPLO ACA",  # 25 characters, the dash and accents gone
                "SAO JOSE DOS CA",  # 15
                "FAT202600012refpedidono45",  # 25 letters and digits
            ),
        )
