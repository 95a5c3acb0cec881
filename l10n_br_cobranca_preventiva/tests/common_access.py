"""The users and records the access table is checked on (see access_table.py), and
the probes that ask Odoo whether a role may do something.

A probe runs the real operation as the role's user inside a savepoint that is
always rolled back, so that the cells do not depend on each other: it answers True
when the operation ran, False when Odoo refused it with an AccessError.
"""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user

from .access_table import ROLES
from .common import CobrancaCommon

MODULE = "l10n_br_cobranca_preventiva"
VERIFY_TOKEN = "verifica-a"
APP_SECRET = "segredo-a"
PHONE_NUMBER_ID = "111"


class _Undo(Exception):
    """Raised at the end of a probe to roll its savepoint back."""


class AccessCommon(CobrancaCommon, HttpCase):
    """Company A (the main one) and company B; one user per role of the table; one
    record of each model of the addon in company A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Empresa B Ltda")["company"]
        cls.company.sudo().write(
            {
                "cobranca_whatsapp_verify_token": VERIFY_TOKEN,
                "cobranca_whatsapp_app_secret": APP_SECRET,
                "cobranca_whatsapp_phone_number_id": PHONE_NUMBER_ID,
            }
        )
        cls.customer.write({"is_company": True, "mobile": "(11) 98765-4321"})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Financeiro", "parent_id": cls.customer.id, "email": "fin@example.com"}
        )
        # every role opens the opt-out pages from one address, within one (frozen)
        # minute: their rate limit has its own tests
        cls.env["ir.config_parameter"].sudo().set_param("cobranca.optout_rate_limit", "100000")
        cls.users = {role: cls._role_user(role, *spec) for role, spec in ROLES.items()}
        # the author of the sample wizards: another collection user of company A
        cls.colleague = cls._role_user("colleague", "account.group_account_manager", "a")
        cls._make_samples()

    @classmethod
    def _role_user(cls, role, groups, company):
        if role == "public":
            return cls.env.ref("base.public_user")
        company = cls.company if company == "a" else cls.company_b
        return new_test_user(
            cls.env,
            login=f"access_{role}",
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **({"partner_id": cls.contact.id} if role == "portal" else {}),
        )

    # ------------------------------------------------------------------ samples
    @classmethod
    def _make_samples(cls):
        A = cls.company
        # first: a new closed day has the company's invoices planned again
        closed = cls.env["cobranca.closed.date"].create(
            {"date": date(2026, 12, 8), "name": "Feriado municipal", "company_id": A.id}
        )
        cls.move = cls.make_invoice("2026-03-16")
        cls.move._portal_ensure_token()
        cls.draft = cls.make_invoice("2026-03-19", post=False)
        cls.regua = cls.regua_padrao.copy({"name": "Régua de teste", "is_default": False})
        step = cls.regua.step_ids[0]
        reminder = cls.move.cobranca_reminder_ids[0]
        su = cls.env(su=True)  # records the engine writes (no user has the right)
        batch = su["cobranca.approval.batch"].create({"company_id": A.id, "date": date(2026, 3, 2)})
        sent = cls.move.cobranca_reminder_ids[1]  # a reminder that went out
        su["cobranca.reminder"]._set_states(
            {
                reminder.id: {"state": "to_approve", "approval_batch_id": batch.id},
                sent.id: {"state": "sent", "sent_date": datetime(2026, 3, 2, 12, 0)},
            }
        )
        sent.sudo().partner_id = cls.customer
        consent = cls.env["cobranca.consent"]._cobranca_record(
            cls.customer,
            "whatsapp",
            cls.customer.mobile,
            "granted",
            "consent",
            "clerk",
            company=A,
            evidence="Cliente respondeu SIM",
        )
        cls.sent = sent  # the other addons' samples of a reminder that went out
        cls.move.cobranca_dispute = True  # so that resolving it has something to do
        cls.customer.with_company(A).action_cobranca_rank()
        now = datetime(2026, 3, 2, 13, 0)
        cls.env.invalidate_all()  # the planner wrote the plans in SQL
        cls.samples = {
            "cobranca.regua": cls.regua,
            "cobranca.regua.step": step,
            "cobranca.whatsapp.param": cls.env["cobranca.whatsapp.param"].create(
                {"step_id": step.id, "value": "customer_name"}
            ),
            "cobranca.whatsapp.template": su["cobranca.whatsapp.template"].create(
                {"name": "lembrete", "language": "pt_BR", "company_id": A.id}
            ),
            "cobranca.closed.date": closed,
            "cobranca.reminder": reminder,
            "cobranca.move.plan": cls.move.cobranca_plan_ids,
            "cobranca.approval.batch": batch,
            "cobranca.consent": consent,
            "cobranca.consent.event": consent.event_ids[:1],
            "cobranca.whatsapp.received": su["cobranca.whatsapp.received"].create(
                {"message_id": "wamid.recebida", "received_date": now}
            ),
            "cobranca.whatsapp.message": su["cobranca.whatsapp.message"].create(
                {
                    "company_id": A.id,
                    "partner_id": cls.customer.id,
                    "direction": "in",
                    "state": "received",
                    "number": "5511987654321",
                    "text": "Bom dia, quem fala?",
                    "date": now,
                }
            ),
            "cobranca.optout.request": su["cobranca.optout.request"].create(
                {"client_hash": "hash-de-um-endereco", "date": now}
            ),
            "cobranca.consent.wizard": cls.env["cobranca.consent.wizard"]
            .with_user(cls.colleague)
            .create(cls._wizard_values("cobranca.consent.wizard")),
            "cobranca.approval.wizard": cls.env["cobranca.approval.wizard"]
            .with_user(cls.colleague)
            .create(cls._wizard_values("cobranca.approval.wizard")),
            # core models whose cobranca_ fields and methods the table declares
            "account.move": cls.move,
            "res.partner": cls.customer,
            "res.company": A,
            "res.config.settings": su["res.config.settings"].create({}),
        }
        cls.samples["cobranca.ranking.report"] = cls.env["cobranca.ranking.report"].search(
            [("company_id", "=", A.id)], limit=1
        )
        cls.env.flush_all()

    @classmethod
    def _wizard_values(cls, model):
        if model == "cobranca.consent.wizard":
            return {
                "partner_ids": [Command.set(cls.customer.ids)],
                "channel": "email",
                "action": "revoked",
            }
        reminder = cls.move.cobranca_reminder_ids.filtered(lambda r: r.state == "to_approve")
        return {
            "reminder_ids": [Command.set(reminder.ids)],
            "decision": "reject",
            "reason": "O cliente já pagou.",
        }

    def create_values(self, model):
        """Values of a new record of company A (what a create cell tries)."""
        A, step = self.company, self.samples["cobranca.regua.step"]
        return {
            "cobranca.regua": {
                "name": "Nova régua",
                "company_id": A.id,
                "step_ids": [Command.create({"offset_days": -1, "channel": "activity"})],
            },
            "cobranca.regua.step": {
                "regua_id": self.regua.id,
                "offset_days": 9,
                "channel": "activity",
            },
            "cobranca.whatsapp.param": {"step_id": step.id, "value": "amount"},
            "cobranca.whatsapp.template": {"name": "novo", "language": "pt_BR", "company_id": A.id},
            "cobranca.closed.date": {
                "date": date(2026, 12, 9),
                "name": "Outro feriado",
                "company_id": A.id,
            },
            "cobranca.reminder": {
                "move_id": self.move.id,
                "company_id": A.id,
                "step_id": step.id,
                "scheduled_date": date(2026, 3, 20),
            },
            "cobranca.move.plan": {"move_id": self.draft.id},
            "cobranca.approval.batch": {"company_id": A.id, "date": date(2026, 3, 3)},
            "cobranca.consent": {
                "partner_id": self.customer.id,
                "company_id": A.id,
                "channel": "email",
                "contact": "outro@example.com",
            },
            "cobranca.consent.event": {
                "consent_id": self.samples["cobranca.consent"].id,
                "status": "revoked",
                "legal_basis": "consent",
                "source": "clerk",
            },
            "cobranca.whatsapp.received": {
                "message_id": "wamid.nova",
                "received_date": datetime(2026, 3, 2, 13, 0),
            },
            "cobranca.whatsapp.message": {
                "company_id": A.id,
                "partner_id": self.customer.id,
                "direction": "in",
                "state": "received",
                "text": "Outra mensagem",
            },
            "cobranca.optout.request": {
                "client_hash": "outro-hash",
                "date": datetime(2026, 3, 2, 13, 0),
            },
            "cobranca.consent.wizard": self._wizard_values("cobranca.consent.wizard"),
            "cobranca.approval.wizard": self._wizard_values("cobranca.approval.wizard"),
        }.get(model, {})

    #: one writable field of each model (what a write cell tries)
    WRITE_VALUES = {
        "cobranca.regua": {"name": "Renomeada"},
        "cobranca.regua.step": {"description": "Outro propósito"},
        "cobranca.whatsapp.param": {"sequence": 5},
        "cobranca.whatsapp.template": {"status": "APPROVED"},
        "cobranca.closed.date": {"name": "Renomeado"},
        "cobranca.reminder": {"error": "editado"},
        "cobranca.move.plan": {"next_date": date(2026, 3, 5)},
        "cobranca.approval.batch": {"date": date(2026, 3, 4)},
        "cobranca.consent": {"contact": "+5511999999999"},
        "cobranca.consent.event": {"evidence": "outra"},
        "cobranca.whatsapp.received": {"received_date": datetime(2026, 3, 3, 13, 0)},
        "cobranca.whatsapp.message": {"text": "editada"},
        "cobranca.optout.request": {"client_hash": "editado"},
        "cobranca.consent.wizard": {"evidence": "outra"},
        "cobranca.approval.wizard": {"reason": "outra"},
        # reports: any field (the ACL refuses first)
        "cobranca.ranking.report": {"company_id": False},
    }

    def field_value(self, record, name):
        """A value other than the current one, to write ``name`` of ``record``."""
        field = record._fields[name]
        current = record.sudo()[name]
        if field.type in ("one2many", "many2many"):
            return []
        if field.type == "many2one":
            others = {
                "cobranca.regua": self.regua_discreta,
                "res.users": self.users["clerk"],
            }
            other = others.get(field.comodel_name)
            return other.id if other and other != current else False
        if field.type == "boolean":
            return not current
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in keys if key != current)
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 1
        if field.type == "date":
            return date(2026, 3, 25)
        if field.type == "datetime":
            return datetime(2026, 3, 2, 12, 0)
        if name.endswith("_url"):
            return "https://graph.example.com"
        return "valor de teste"

    # ------------------------------------------------------------------- probes
    def as_role(self, records, role):
        """``records`` as the role's user working in all of its companies, as the web
        client sends them."""
        user = self.users[role]
        return records.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)

    def passes(self, operation, user_errors_pass=False, rollback=True):
        """Whether ``operation()`` ran (True) or was refused with an AccessError
        (False); whatever it did is rolled back. A UserError other than AccessError
        counts as passing the access check when ``user_errors_pass`` (a method that
        refuses for a business reason after its check); otherwise its message is
        returned, for the test to report (a sample the operation does not accept).
        A read (``rollback=False``) runs without savepoint."""
        if not rollback:  # a read: nothing to undo
            try:
                operation()
            except AccessError:
                return False
            finally:
                self.env.invalidate_all()
            return True
        outcome = True
        try:
            with self.env.cr.savepoint():
                try:
                    operation()
                except AccessError:
                    raise
                except UserError as error:
                    if not user_errors_pass:
                        outcome = f"{type(error).__name__}: {error}"
                raise _Undo
        except _Undo:
            return outcome
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()

    def allowed_roles(self, probe, **kw):
        """The roles for which ``probe(role)`` passes, or {role: outcome} when a
        probe ended in another error (reported by the test as it is)."""
        outcomes = {role: self.passes(lambda r=role: probe(r), **kw) for role in ROLES}
        if all(isinstance(outcome, bool) for outcome in outcomes.values()):
            return frozenset(role for role, outcome in outcomes.items() if outcome)
        return outcomes
