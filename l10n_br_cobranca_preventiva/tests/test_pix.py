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


@tagged("post_install", "-at_install")
class TestPix(CobrancaCommon):
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
        expected = br_code(
            KEY, "1000.00", "DISTRIBUIDORA EXEMPLO LTD", "SAO PAULO", reference
        )
        self.assertEqual(move.cobranca_pix_code, expected)
        # a partial payment: the code carries what is still due
        self.pay(move, amount=400)
        move.invalidate_recordset()
        self.assertEqual(
            move.cobranca_pix_code,
            br_code(KEY, "600.00", "DISTRIBUIDORA EXEMPLO LTD", "SAO PAULO", reference),
        )

    def test_no_pix_key_no_code(self):
        move = self.make_invoice("2026-03-16")
        self.assertFalse(move.partner_bank_id.proxy_value)
        self.assertFalse(move.cobranca_pix_code)
