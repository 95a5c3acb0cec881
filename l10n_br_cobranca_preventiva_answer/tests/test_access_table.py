"""This addon's access table (access_table.py) against the registry, the routes and
Odoo, with the app's machinery: a field, model, public method or route of this addon
without a row fails here, and each cell is checked as the role's real user."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import test_access_table

from . import access_table


@tagged("post_install", "-at_install")
class TestAnswerAccessTable(test_access_table.TestAccessTable):
    MODULE = "l10n_br_cobranca_preventiva_answer"
    TABLE = access_table
    METHOD_ARGS = {}
    WRITE_VALUES = {
        **test_access_table.TestAccessTable.WRITE_VALUES,
        "cobranca.promise": {"note": "editada"},
        "cobranca.installment.proposal": {"decision_note": "editada"},
        "cobranca.whatsapp.proof": {"error": "editado"},
        "cobranca.due.day.request": {"decision_note": "editada"},
    }

    @classmethod
    def _make_samples(cls):
        result = super()._make_samples()
        cls.move_promised = cls.make_invoice("2026-03-17")
        cls.move_proposed = cls.make_invoice("2026-02-10")  # overdue: proposals are for those
        cls.move_overdue = cls.make_invoice("2026-02-11")  # one a clerk may propose for
        su = cls.env(su=True)
        cls.samples.update(
            {
                "cobranca.promise": cls.env["cobranca.promise"].create(
                    {"move_id": cls.move_promised.id, "date": date(2026, 3, 20)}
                ),
                "cobranca.installment.proposal": cls.env["cobranca.installment.proposal"].create(
                    {
                        "move_id": cls.move_proposed.id,
                        "installment_count": 2,
                        "first_date": date(2026, 3, 5),
                    }
                ),
                "cobranca.whatsapp.proof": su["cobranca.whatsapp.proof"].create(
                    {"company_id": cls.company.id, "move_id": cls.move.id, "media_id": "media-1"}
                ),
                "cobranca.due.day.request": su["cobranca.due.day.request"].create(
                    {
                        "partner_id": cls.move.commercial_partner_id.id,
                        "company_id": cls.company.id,
                        "move_id": cls.move.id,
                        "day": 10,
                        "source": "portal",
                    }
                ),
            }
        )
        cls.env.flush_all()
        return result

    def create_values(self, model):
        A = self.company
        return {
            "cobranca.promise": {"move_id": self.move.id, "date": date(2026, 3, 20)},
            "cobranca.installment.proposal": {
                "move_id": self.move_overdue.id,
                "installment_count": 3,
                "first_date": date(2026, 3, 5),
            },
            "cobranca.whatsapp.proof": {
                "company_id": A.id,
                "move_id": self.move.id,
                "media_id": "media-2",
            },
            "cobranca.due.day.request": {
                "partner_id": self.move.commercial_partner_id.id,
                "company_id": A.id,
                "move_id": self.move.id,
                "day": 15,
            },
        }.get(model) or super().create_values(model)

    def field_value(self, record, name):
        """The due days offered: a list of days (what the setting takes)."""
        if name == "cobranca_due_days":
            return "10,20"
        return super().field_value(record, name)

    def report_records(self):
        return {}

    def request_route(self, csrf, route, variant):
        path, verb = route
        if path != "/my/invoices/<int:invoice_id>/cobranca":
            return super().request_route(csrf, route, variant)
        move, token = self.move, self.move.access_token
        valid = variant in ("token", "session")
        query = f"?access_token={token}" if valid else ""
        data = None
        if verb == "POST":
            data = {"csrf_token": csrf, "action": "contest", "reason": "Não reconheço"}
            if valid:
                data["access_token"] = token
            query = ""
        return self.open_url(f"/my/invoices/{move.id}/cobranca{query}", data=data).status_code
