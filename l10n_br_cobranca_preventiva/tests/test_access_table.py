"""The access table (access_table.py) against the registry, the routes and Odoo.

First the walk: every model, field added to a model of another module, field with
``groups``, public method, route and report of this addon must have its row. Then
every cell, as the role's real user: ORM operations (``with_user``), the methods
(``with_user``, and a sample over JSON-RPC ``/web/dataset/call_kw``), the routes and
the reports over HTTP with the role's session. A difference is reported with the
cell and the roles on each side; a known exception that no longer holds too.

Each addon of the family checks its own table with this machinery: a subclass names
its module (``MODULE``) and its table (``TABLE``: a module with the same names as
access_table.py), and adds its requests (``request_route``) and samples.
"""

import hashlib
import hmac
import json
import re
from functools import partial

from odoo import fields
from odoo.models import check_method_name
from odoo.tests import JsonRpcException, tagged

from . import access_table
from .access_table import ORM, ROLES
from .common_access import (
    APP_SECRET,
    MODULE,
    PHONE_NUMBER_ID,
    VERIFY_TOKEN,
    AccessCommon,
)


def is_public(name):
    try:
        check_method_name(name)
    except Exception:  # noqa: BLE001 - AccessError: a private name
        return False
    return True


@tagged("post_install", "-at_install")
class TestAccessTable(AccessCommon):
    #: the addon whose models, fields, methods, routes and reports are walked
    MODULE = MODULE
    #: its table: MODELS, FIELD_GROUPS, METHODS, ROUTES, REPORTS, KNOWN_EXCEPTIONS
    TABLE = access_table
    #: arguments of the methods that take some (all run on company A's sample)
    METHOD_ARGS = {
        ("cobranca.reminder", "action_reject"): ("O cliente já pagou.",),
    }

    @property
    def prefix(self):
        return f"odoo.addons.{self.MODULE}."

    # ---------------------------------------------------------------- the walk
    def own_models(self):
        """The models this addon defines, not those it extends: the models whose
        first ir.model.data (the module that created them) is this addon's."""
        Data = self.env["ir.model.data"]
        ours = Data.search([("module", "=", self.MODULE), ("model", "=", "ir.model")])
        first = {}
        for data in Data.search(
            [("model", "=", "ir.model"), ("res_id", "in", ours.mapped("res_id"))], order="id"
        ):
            first.setdefault(data.res_id, data.module)
        models = self.env["ir.model"].browse(r for r, m in first.items() if m == self.MODULE)
        return set(models.mapped("model"))

    def addon_attributes(self, keep):
        """{(model, name)} of the attributes a class of this addon defines on each
        model of the registry (its own models and those it extends), where
        ``keep(name, value)``."""
        found = set()
        for model in self.env.registry:
            for klass in type(self.env[model]).__mro__:
                if klass.__module__.startswith(self.prefix):
                    found |= {(model, n) for n, value in vars(klass).items() if keep(n, value)}
        return found

    def public_methods(self):
        return self.addon_attributes(
            lambda name, value: callable(value) and not isinstance(value, type) and is_public(name)
        )

    def addon_fields(self):
        return self.addon_attributes(lambda _name, value: isinstance(value, fields.Field))

    def routes(self):
        """{(path, method)} of the routes whose endpoint a controller of this addon
        defines or overrides."""
        found = set()
        for rule in self.env["ir.http"].routing_map().iter_rules():
            method = rule.endpoint.func
            classes = type(method.__self__).__mro__
            if any(
                c.__module__.startswith(self.prefix) and method.__name__ in vars(c) for c in classes
            ):
                found |= {(rule.rule, verb) for verb in rule.methods - {"HEAD", "OPTIONS"}}
        return found

    def declared_fields(self):
        return {
            (model, name)
            for (model, _g), row in self.TABLE.FIELD_GROUPS.items()
            for name in row["fields"]
        }

    def test_every_model_field_method_route_and_report_has_a_row(self):
        own = self.own_models()
        self.assertEqual(
            sorted(own - self.TABLE.MODELS.keys()), [], "models without a row in MODELS"
        )
        self.assertEqual(
            sorted(self.TABLE.MODELS.keys() - own), [], "rows of models that do not exist"
        )
        # every field a class of this addon defines on a model of another module, and
        # every field of its own models that carries groups
        fields_found = {
            (model, name)
            for model, name in self.addon_fields()
            if model not in own or self.env[model]._fields[name].groups
        }
        declared = self.declared_fields()
        self.assertEqual(sorted(fields_found - declared), [], "fields without a FIELD_GROUPS row")
        self.assertEqual(sorted(declared - fields_found), [], "FIELD_GROUPS names no such field")
        counted = [
            (m, n) for (m, _g), row in self.TABLE.FIELD_GROUPS.items() for n in row["fields"]
        ]
        self.assertEqual(len(counted), len(set(counted)), "a field is in two groups")
        for (model, group), row in self.TABLE.FIELD_GROUPS.items():
            for name in row["fields"] if row["write"] is None else ():
                field = self.env[model]._fields[name]
                self.assertTrue(
                    field.type == "one2many" or (field.compute and not field.inverse),
                    f"{model}.{name} can be written: give {group!r} a write cell",
                )
        methods = self.public_methods()
        self.assertEqual(
            sorted(methods - self.TABLE.METHODS.keys()), [], "public methods without a row"
        )
        self.assertEqual(
            sorted(self.TABLE.METHODS.keys() - methods), [], "METHODS names no such method"
        )
        routes = self.routes()
        self.assertEqual(sorted(routes - self.TABLE.ROUTES.keys()), [], "routes without a row")
        self.assertEqual(
            sorted(self.TABLE.ROUTES.keys() - routes), [], "ROUTES names no such route"
        )
        data = self.env["ir.model.data"].search(
            [("module", "=", self.MODULE), ("model", "=", "ir.actions.report")]
        )
        reports = set(
            self.env["ir.actions.report"].browse(data.mapped("res_id")).mapped("report_name")
        )
        self.assertEqual(reports, self.TABLE.REPORTS.keys(), "reports and REPORTS differ")

    def test_every_cell_names_each_role_once(self):
        roles = set(ROLES)
        for key, row in self.TABLE.MODELS.items():
            for op in ("read", "create", "write", "unlink"):
                self.assertLessEqual(set(row.get(op, ())), roles, key)
        for key, variants in list(self.TABLE.ROUTES.items()) + [
            (k, {"session": v}) for k, v in self.TABLE.REPORTS.items()
        ]:
            for variant, statuses in variants.items():
                named = [role for group in statuses.values() for role in group]
                self.assertEqual(sorted(named), sorted(roles), f"{key} {variant}")

    # ------------------------------------------------------------------ checks
    def compare(self, key, rule, seen, differences, label=""):
        """Compare one cell, role by role: ``rule`` and ``seen`` are sets of allowed
        roles, or {role: status}. A known exception (KNOWN_EXCEPTIONS[(*key, role)])
        replaces the rule for its role, and is reported once the code follows the rule."""

        def by_role(cell):
            return cell if isinstance(cell, dict) else {role: role in cell for role in ROLES}

        rule, seen = by_role(rule), by_role(seen)
        for role in ROLES:
            exception = self.TABLE.KNOWN_EXCEPTIONS.get((*key, role))
            expected = exception[0] if exception else rule[role]
            where = f"{key} {label} {role}".replace("  ", " ")
            if exception and seen[role] == rule[role]:
                differences.append(f"{where}: fixed, remove it from KNOWN_EXCEPTIONS")
            elif seen[role] != expected:
                differences.append(f"{where}: the table says {expected!r}, Odoo {seen[role]!r}")

    def assertNoDifference(self, differences):
        self.assertFalse(differences, "\n" + "\n".join(differences))

    def test_model_cells(self):
        differences = []
        for model, row in self.TABLE.MODELS.items():
            if row["kind"] == "service":
                continue
            record = self.samples[model]
            self.assertTrue(record, f"no sample record of {model}")
            Model = self.env[model]
            probes = {
                "read": lambda role, r=record: self.as_role(r, role).check_access("read"),
                "create": lambda role, M=Model, m=model: self.as_role(M, role).create(
                    self.create_values(m)
                ),
                "write": lambda role, r=record, m=model: self.as_role(r, role).write(
                    self.WRITE_VALUES[m]
                ),
                "unlink": lambda role, r=record: self.as_role(r, role).unlink(),
            }
            for op, probe in probes.items():
                seen = self.allowed_roles(probe)
                self.compare(("model", model, op), frozenset(row.get(op, ())), seen, differences)
        self.assertNoDifference(differences)

    def test_field_group_cells(self):
        differences = []
        for (model, group), row in self.TABLE.FIELD_GROUPS.items():
            record = self.samples[model]
            for name in row["fields"]:
                read = partial(self.read_field, record, name)
                seen = self.allowed_roles(read, rollback=False)
                key = ("field", model, group, "read")
                self.compare(key, row["read"], seen, differences, label=name)
                if row["write"] is None:
                    continue
                write = partial(self.write_field, record, {name: self.field_value(record, name)})
                seen = self.allowed_roles(write)
                key = ("field", model, group, "write")
                self.compare(key, row["write"], seen, differences, label=name)
        self.assertNoDifference(differences)

    def read_field(self, record, name, role):
        self.as_role(record, role).read([name])

    def write_field(self, record, values, role):
        self.as_role(record, role).write(values)

    def method_target(self, model, role):
        """The record a method is called on: company A's sample, or a wizard the role
        makes itself (settings, wizards), as the web client calls a button."""
        if model == "res.config.settings":
            return self.as_role(self.env[model], role).create({})
        if self.TABLE.MODELS.get(model, {}).get("kind") == "wizard":
            return self.as_role(self.env[model], role).create(self._wizard_values(model))
        return self.as_role(self.samples[model], role)

    def test_method_cells(self):
        differences = []
        for (model, name), rule in self.TABLE.METHODS.items():
            if rule == ORM:
                continue
            args = self.METHOD_ARGS.get((model, name), ())

            def call(role, m=model, n=name, a=args):
                getattr(self.method_target(m, role), n)(*a)

            seen = self.allowed_roles(call, user_errors_pass=True)
            self.compare(("method", model, name), rule, seen, differences)
        self.assertNoDifference(differences)

    # ----------------------------------------------------------------- JSON-RPC
    def call_kw(self, role, model, method, args, kwargs=None):
        """``model.method(*args)`` over /web/dataset/call_kw with the role's session:
        True when it ran, False when Odoo answered with an AccessError."""
        user = self.users[role]
        if getattr(self, "session_role", None) != role:
            self.login(role)
        context = {"allowed_company_ids": user.company_ids.ids}
        params = {"model": model, "method": method, "args": args}
        params["kwargs"] = dict(kwargs or {}, context=context)
        try:
            with self.env.cr.savepoint():
                self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", params)
                raise _Rollback
        except _Rollback:
            return True
        except JsonRpcException as error:
            if error.code == 200 and "AccessError" in str(error):
                return False
            if "UserError" in str(error) or "ValidationError" in str(error):
                return True  # refused for a business reason, after the access check
            raise
        finally:
            self.env.invalidate_all()

    def test_a_sample_over_json_rpc_agrees_with_the_table(self):
        """Over JSON-RPC, as one role the table allows and one it refuses: each method
        called on a record, the write of each collection decision and the read of
        each payer-profile field. Settings and wizard buttons are called on a record
        someone else made (an RPC caller needs no screen to get an id): Settings
        buttons follow the table, another user's wizard is refused to everyone."""
        sample = []  # (table key, {role: expected}, model, method, args)
        for (model, name), rule in self.TABLE.METHODS.items():
            if rule == ORM:
                continue
            args = [self.samples[model].ids, *self.METHOD_ARGS.get((model, name), ())]
            key = ("method", model, name)
            expected = self.expected_by_role(key, rule)
            if self.TABLE.MODELS.get(model, {}).get("kind") == "wizard":
                # the colleague's wizard: refused even to a role that may use its own
                expected = {role: False for role in sorted(rule)[:1]}
            sample.append((key, expected, model, name, args))
        partner = self.customer
        for group, op in (("collection decisions", "write"), ("payer profile", "read")):
            row = self.TABLE.FIELD_GROUPS.get(("res.partner", group))
            if not row:  # another addon's table
                continue
            key = ("field", "res.partner", group, op)
            for field in row["fields"]:
                value = [field] if op == "read" else {field: self.field_value(partner, field)}
                expected = self.expected_by_role(key, row[op])
                sample.append((key, expected, "res.partner", op, [partner.ids, value]))
        differences = []
        for key, expected, model, method, args in sample:
            allowed = [role for role in expected if role != "public" and expected[role]]
            refused = [role for role in expected if role != "public" and not expected[role]]
            for role in allowed[:1] + refused[:1]:
                if self.call_kw(role, model, method, args) != expected[role]:
                    differences.append(f"JSON-RPC {key} {args[1:]} as {role}: not {expected[role]}")
        self.assertNoDifference(differences)

    def expected_by_role(self, key, rule):
        """{role: allowed} of a cell, known exceptions included."""
        return {
            role: self.TABLE.KNOWN_EXCEPTIONS[(*key, role)][0]
            if (*key, role) in self.TABLE.KNOWN_EXCEPTIONS
            else role in rule
            for role in ROLES
        }

    # ------------------------------------------------------------------- HTTP
    def open_url(self, url, data=None, headers=None, json_body=None):
        """The response to ``url`` with the current session (``login``), without
        following redirects; what the request wrote is rolled back."""
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers = {"Content-Type": "application/json"}
        response = None
        try:
            with self.env.cr.savepoint():
                response = self.url_open(url, data=data, headers=headers, allow_redirects=False)
                raise _Rollback
        except _Rollback:
            return response
        finally:
            self.env.invalidate_all()

    def login(self, role):
        """Open a session as the role (none for ``public``); its CSRF token."""
        user = self.users[role]
        if role == "public":
            self.authenticate(None, None)
        else:
            self.authenticate(user.login, user.login)
        self.session_role = role
        page = self.open_url(self.optout_path(valid=True))
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        self.assertTrue(found, f"no CSRF token on the opt-out page for {role}")
        return found.group(1)

    def optout_path(self, valid):
        token = (
            self.env["cobranca.consent"]._optout_token(self.customer, self.company)
            if valid
            else "nao-e-um-token"
        )
        return f"/cobranca/optout/{token}"

    def signed_webhook(self, valid):
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "999",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {"phone_number_id": PHONE_NUMBER_ID},
                                "statuses": [
                                    {
                                        "id": "wamid.desconhecida",
                                        "status": "delivered",
                                        "timestamp": "1772456400",
                                        "recipient_id": "5511987654321",
                                    }
                                ],
                            },
                        }
                    ],
                }
            ],
        }
        raw = json.dumps(payload).encode()
        secret = APP_SECRET if valid else "outro-segredo"
        signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        return raw, {"Content-Type": "application/json", "X-Hub-Signature-256": signature}

    def request_route(self, csrf, route, variant):
        """Status of one route's request for ``variant``, with the role's session."""
        path, verb = route
        valid = variant in ("token", "session")
        move, token = self.move, self.move.access_token
        if path == "/cobranca/lgpd/export/<int:partner_id>":
            response = self.open_url(f"/cobranca/lgpd/export/{self.customer.id}")
        elif path.startswith("/cobranca/optout/"):
            data = {"csrf_token": csrf, "channel": ["email"]} if verb == "POST" else None
            response = self.open_url(self.optout_path(valid), data=data)
        elif path == "/cobranca/privacidade/<int:company_id>":
            response = self.open_url(f"/cobranca/privacidade/{self.company.id}")
        elif path == "/cobranca/whatsapp/webhook" and verb == "GET":
            query = "hub.mode=subscribe&hub.challenge=4242&hub.verify_token="
            query += VERIFY_TOKEN if valid else "errado"
            response = self.open_url(f"/cobranca/whatsapp/webhook?{query}")
        elif path == "/cobranca/whatsapp/webhook":
            raw, headers = self.signed_webhook(valid)
            response = self.open_url("/cobranca/whatsapp/webhook", data=raw, headers=headers)
        elif path == "/mail/message/post":
            params = {
                "thread_model": "account.move",
                "thread_id": move.id,
                "post_data": {"body": "Mensagem de teste", "message_type": "comment"},
            }
            if valid:
                params["token"] = token
            body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            response = self.open_url(path, json_body=body)
            answer = response.json()
            if "error" in answer:
                return answer["error"]["data"]["name"].rsplit(".", 1)[-1]
            return "ok"
        else:
            self.fail(f"no request for the route {route}: add one to request_route")
        return response.status_code

    def report_records(self):
        """{report name: the record it is printed for}."""
        return {
            "l10n_br_cobranca_preventiva.report_formal_notice": self.move,
            "l10n_br_cobranca_preventiva.report_cobranca_data_subject": self.customer,
        }

    def test_route_and_report_cells(self):
        differences = []
        seen_routes = {
            (route, variant): {} for route, rows in self.TABLE.ROUTES.items() for variant in rows
        }
        seen_reports = {name: {} for name in self.TABLE.REPORTS}
        reports = self.report_records()
        for role in ROLES:
            csrf = self.login(role)
            for route, variant in seen_routes:
                seen_routes[route, variant][role] = self.request_route(csrf, route, variant)
            for name in self.TABLE.REPORTS:
                url = f"/report/html/{name}/{reports[name].id}"
                seen_reports[name][role] = self.open_url(url).status_code
        for (route, variant), seen in seen_routes.items():
            rule = {r: s for s, roles in self.TABLE.ROUTES[route][variant].items() for r in roles}
            self.compare(("route", *route, variant), rule, seen, differences)
        for name, seen in seen_reports.items():
            rule = {r: s for s, roles in self.TABLE.REPORTS[name].items() for r in roles}
            self.compare(("report", name), rule, seen, differences)
        self.assertNoDifference(differences)


class _Rollback(Exception):
    """Raised to roll a request's savepoint back."""
