"""The family's columns on Odoo's own tables are read only when the family reads them
(``models/prefetch.py``): an accountant's flow that reads an invoice, a customer or the
company does not fetch them."""

from datetime import date

from odoo.tests import tagged

from ..models.prefetch import PREFETCH_GROUP
from .common import CobrancaCommon

FAMILY = "l10n_br_cobranca_preventiva"
CORE_MODELS = ("account.move", "res.partner", "res.company")


@tagged("post_install", "-at_install")
class TestCoreColumns(CobrancaCommon):
    def test_every_family_column_on_an_odoo_table_is_in_the_family_group(self):
        for model in CORE_MODELS:
            columns = [
                field
                for field in self.env[model]._fields.values()
                if (field._module or "").startswith(FAMILY) and field.store and field.column_type
            ]
            self.assertGreaterEqual(len(columns), 3, model)
            for field in columns:
                with self.subTest(field=f"{model}.{field.name}"):
                    # tracked: the chatter reads it before each write, with Odoo's own
                    expected = True if getattr(field, "tracking", None) else PREFETCH_GROUP
                    self.assertEqual(field.prefetch, expected)

    def test_reading_odoo_fields_leaves_the_family_columns_unread(self):
        move = self.make_invoice(date(2026, 3, 20))
        partner, company = move.partner_id, move.company_id
        cache = self.env.cache
        for record, core_field, ours, other in (
            (company, "fiscalyear_lock_date", "cobranca_daily_cap", "cobranca_tz"),
            (move, "payment_state", "cobranca_due_date", "cobranca_amount_due"),
            (partner, "email", "cobranca_collector_id", "cobranca_regua_id"),
        ):
            with self.subTest(model=record._name):
                self.env.invalidate_all()
                record.mapped(core_field)  # read as Odoo's own flows read it
                self.assertFalse(cache.contains(record, record._fields[ours]))
                # one of them read: the whole group comes in one query
                record.mapped(ours)
                self.assertTrue(cache.contains(record, record._fields[other]))
