"""The data subject's rights (LGPD art. 18 and 20): what the company holds on a
customer (export), the notice of how it is processed, and the erasure on request.

Who may read or erase: collection approvers, within the companies they are working in
(``self.env.companies``). ``_data`` checks it itself, so every route that reaches it
(the readable report's URL, the JSON export route, RPC through
``res.partner._cobranca_subject_data``) is covered, whatever the route checks.
The notice is written for the customer, in Portuguese; it states what the company
does, not legal conclusions.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext

from ..tools.legal_sources import cite
from .cobranca_privacy import RANKING_FIELDS

APPROVER = "l10n_br_cobranca_preventiva.group_cobranca_approver"


class CobrancaDataSubject(models.AbstractModel):
    _name = "cobranca.data.subject"
    _description = "Collection Data-Subject Rights"

    @api.model
    def _check_approver(self, partners):
        if not (self.env.su or self.env.user.has_group(APPROVER)):
            raise AccessError(
                _("Only collection approvers can export or anonymise a customer's data.")
            )
        partners.check_access("read")

    @api.model
    def _persons(self, partner):
        """The customer and its contacts: everyone whose collection data is exported."""
        return partner.with_context(active_test=False).search(
            [("id", "child_of", partner.commercial_partner_id.id)]
        )

    # ----------------------------------------------------------------- export
    @api.model
    def _data(self, partner):
        """All collection data the user's current companies hold on the customer, as
        plain JSON-able values. For collection approvers only (checked here)."""
        partner.ensure_one()
        self._check_approver(partner)
        companies = self.env.companies
        customer = partner.commercial_partner_id
        persons = self._persons(partner)
        # read as the approver: the record rules keep other companies out too
        consents = self.env["cobranca.consent"].search(
            [("partner_id", "in", persons.ids), ("company_id", "in", companies.ids)]
        )
        reminders = self.env["cobranca.reminder"].search(
            [
                ("company_id", "in", companies.ids),
                "|",
                ("commercial_partner_id", "in", persons.ids),
                ("partner_id", "in", persons.ids),
            ],
            order="scheduled_date, id",
        )
        ranked = companies.filtered(lambda c: customer.with_company(c).cobranca_ranking_date)
        answer_scope = [("partner_id", "=", customer.id), ("company_id", "in", companies.ids)]
        promises = self.env["cobranca.promise"].search(answer_scope, order="id")
        proposals = self.env["cobranca.installment.proposal"].search(answer_scope, order="id")

        def selection(record, name):
            return dict(record._fields[name]._description_selection(self.env)).get(record[name])

        return {
            "generated_at": fields.Datetime.now().isoformat(),
            "request": cite("lgpd_subject_rights"),
            "data_subject": {
                "name": customer.name,
                "vat": customer.vat or None,
                "contacts": [
                    {
                        "name": p.name,
                        "email": p.email or None,
                        "phone": p.phone or None,
                        "mobile": p.mobile or None,
                    }
                    for p in persons
                ],
            },
            "processing": self._processing_notice(companies),
            "consents": [
                {
                    "company": c.company_id.name,
                    "person": c.partner_id.name,
                    "channel": c.channel,
                    "contact": c.contact or None,
                    "status": c.status,
                    "history": [
                        {
                            "date": e.date.isoformat(),
                            "status": e.status,
                            "legal_basis": e.legal_basis,
                            "source": e.source,
                            "evidence": e.evidence or None,
                            "ip_address": e.ip_address or None,
                            "recorded_by": e.user_id.name,
                        }
                        for e in c.event_ids.sorted("id")
                    ],
                }
                for c in consents
            ],
            "reminders": [
                {
                    "company": r.company_id.name,
                    "invoice": r.move_id.name,
                    "step": r.step_id.name,
                    "channel": r.channel,
                    "scheduled_date": r.scheduled_date.isoformat(),
                    "state": r.state,
                    "reason": selection(r, "skip_reason"),
                    "error": r.error or None,
                    "sent_date": r.sent_date and r.sent_date.isoformat(),
                    "sent_to": r.partner_id.name or None,
                    "legal_basis": r.legal_basis or None,
                    "subject": r.mail_message_id.subject or None,
                    "content": r.mail_message_id.body and html2plaintext(r.mail_message_id.body),
                }
                for r in reminders
            ],
            "promises": [
                {
                    "company": p.company_id.name,
                    "invoice": p.move_id.name,
                    "date": p.date.isoformat(),
                    "amount": p.amount,
                    "source": p.source,
                    "channel": p.channel or None,
                    "state": p.state,
                    "note": p.note or None,
                    "recorded_on": p.create_date.isoformat(),
                }
                for p in promises
            ],
            "installment_proposals": [
                {
                    "company": p.company_id.name,
                    "invoice": p.move_id.name,
                    "installments": p.installment_count,
                    "first_date": p.first_date.isoformat(),
                    "amount": p.amount,
                    "source": p.source,
                    "state": p.state,
                    "note": p.note or None,
                    "proposed_on": p.create_date.isoformat(),
                }
                for p in proposals
            ],
            "whatsapp_messages": self.env["cobranca.whatsapp.message"]._cobranca_export(
                persons, companies
            ),
            "ranking": [
                {
                    "company": company.name,
                    **{
                        name: customer.with_company(company)[name] or None
                        for name in RANKING_FIELDS
                        if name not in ("cobranca_ranking_date", "cobranca_class_manual")
                    },
                    "cobranca_ranking_date": customer.with_company(
                        company
                    ).cobranca_ranking_date.isoformat(),
                }
                for company in ranked
            ],
        }

    @api.model
    def _log_export(self, partner):
        """A note on the customer: who exported its data, and when (no attachment)."""
        # sudo: logging on the contact needs no right to edit it; the user is the author
        partner.commercial_partner_id.sudo()._message_log(
            body=_(
                "Collection data exported at the customer's request (%(law)s) by %(user)s.",
                law=cite("lgpd_subject_rights"),
                user=self.env.user.name,
            ),
            author_id=self.env.user.partner_id.id,
        )

    # ------------------------------------------------------------- anonymise
    @api.model
    def _anonymise(self, partners):
        """Erase the collection data of customers who ask (LGPD art. 18, IV and VI), in
        the user's current companies.

        Invoices, payments and accounting entries stay as the law requires. Consents
        keep their status and the keyed hash of the contact (a revocation keeps
        working; what was granted is revoked) but lose contacts, evidence and IPs;
        reminder contents (email, SMS and WhatsApp texts, formal notices, call and
        to-do notes, errors), earlier exports and the ranking are erased; the customer
        is excluded from collection.
        """
        self._check_approver(partners)
        companies = self.env.companies
        for partner in partners.commercial_partner_id:
            self.env["cobranca.privacy"]._anonymise(self._persons(partner), companies)
            for company in companies:
                # sudo: an approver may have no right to edit contacts (checked above)
                partner.with_company(company).sudo().cobranca_excluded = True
            partner.sudo()._message_log(
                body=_(
                    "Collection data anonymised at the customer's request (%(law)s) "
                    "by %(user)s in %(companies)s: consent evidence, contacts, reminder "
                    "contents and ranking erased; the customer is excluded from "
                    "collection. Invoices and payments are kept.",
                    law=cite("lgpd_subject_rights"),
                    user=self.env.user.name,
                    companies=", ".join(companies.mapped("name")),
                ),
                author_id=self.env.user.partner_id.id,
            )
        return True

    # ----------------------------------------------------------------- notice
    @api.model
    def _processing_notice(self, companies):
        """[{company, purpose, legal_basis, recipients, retention, ranking}] for the
        data-subject export (``lgpd_processing_information``, ``lgpd_subject_rights``,
        ``lgpd_automated_decision_review``), one entry per company."""
        steps = (
            self.env["cobranca.regua.step"]
            .sudo()
            .search_fetch(
                [("company_id", "in", companies.ids), ("regua_id.active", "=", True)],
                ["company_id", "channel", "fallback_channel", "escalation_protest"],
            )
        )
        return [self._company_notice(company, steps) for company in companies]

    def _company_notice(self, company, steps):
        steps = steps.filtered(lambda s: s.company_id == company)
        channels = set(steps.mapped("channel")) | set(steps.mapped("fallback_channel"))
        years = company.cobranca_retention_years
        return {
            "company": company.name,
            "vat": company.vat or None,
            "contact": company.email or None,
            "purpose": (
                "Cobrar as faturas emitidas para o cliente: lembrar o vencimento, "
                "acompanhar atrasos e, quando aprovado por uma pessoa, notificar "
                "formalmente ou encaminhar a dívida."
            ),
            "legal_basis": self._basis_notice(company),
            "recipients": self._recipients(
                company, channels, any(steps.mapped("escalation_protest"))
            ),
            "retention": (
                f"O conteúdo dos lembretes (textos, notas, notificações em PDF) é apagado "
                f"{years} anos após a quitação, estorno ou cancelamento da fatura (prazo "
                f"de cobrança de dívida constante de instrumento escrito, "
                f"{cite('debt_claim_prescription')}). As evidências de um consentimento são "
                f"apagadas {years} "
                f"anos depois de substituídas por um novo registro. Ficam a situação, as "
                f"datas, os motivos e, para uma revogação, um código que não permite "
                f"recuperar o contato, para que a revogação continue valendo."
            ),
            "ranking": self._ranking_notice(company),
        }

    def _basis_notice(self, company):
        labels = {
            "email": "e-mail",
            "whatsapp": "WhatsApp",
            "sms": "SMS",
            "phone": "ligações",
        }
        opt_in = [
            label
            for channel, label in labels.items()
            if company._cobranca_consent_policy(channel) == "opt_in"
        ]
        text = (
            "Com o devedor, a execução do contrato de que a fatura decorre "
            f"({cite('lgpd_basis_contract')}); com pessoas de contato que não são parte do "
            "contrato, o legítimo interesse do credor em receber "
            f"({cite('lgpd_basis_legitimate_interest')}). Cada lembrete enviado registra a "
            "base usada."
        )
        if opt_in:
            text += (
                " Por política da empresa, lembretes por "
                + ", ".join(opt_in)
                + f" só são enviados com o seu consentimento ({cite('lgpd_basis_consent')})."
            )
        return text + " Você pode pedir a qualquer momento que um canal pare."

    def _recipients(self, company, channels, protest):
        recipients = [
            {
                "name": "Provedor de e-mail da empresa (servidor de saída do Odoo)",
                "role": "envio dos lembretes por e-mail",
            }
        ]
        if "whatsapp" in channels and self.env["cobranca.channel.whatsapp"]._ready(company):
            recipients.append(
                {
                    "name": "Meta Platforms (WhatsApp Business Platform)",
                    "role": "operador: envio dos lembretes por WhatsApp; o número e o texto "
                    "da mensagem passam pelos servidores da Meta, que podem estar fora do "
                    "Brasil",
                }
            )
        if "sms" in channels:
            recipients.append(
                {
                    "name": "Odoo S.A. (serviço de SMS do Odoo, IAP) e operadoras de telefonia",
                    "role": "operador: envio dos lembretes por SMS (número e texto)",
                }
            )
        if protest:
            recipients.append(
                {
                    "name": "Tabelionato de protesto ou cadastro de inadimplentes",
                    "role": "somente quando uma pessoa aprova o encaminhamento de uma fatura "
                    "vencida, após notificação prévia",
                }
            )
        return recipients

    def _ranking_notice(self, company):
        """LGPD art. 20 (``lgpd_automated_decision_review``): the criteria of the
        automated classification."""
        return {
            "data": (
                f"Faturas pagas nos últimos {company.cobranca_rank_lookback_days} dias "
                "(vencimento, data e valor do pagamento) e faturas vencidas em aberto. "
                "Vencimento em dia não útil conta a partir do próximo dia útil."
            ),
            "classes": {
                "new": f"menos de {company.cobranca_rank_min_paid} faturas pagas no período",
                "a": (
                    f"atraso médio de até {company.cobranca_rank_a_max_days:g} dias e ao menos "
                    f"{company.cobranca_rank_a_min_on_time:.0%} das faturas pagas em dia"
                ),
                "b": f"atraso médio de até {company.cobranca_rank_b_max_days:g} dias",
                "c": "demais casos",
                "d": (
                    f"atraso médio de {company.cobranca_rank_d_min_days:g} dias ou mais, ou "
                    f"uma fatura em aberto há {company.cobranca_rank_d_min_days:g} dias ou "
                    "mais após o vencimento"
                ),
            },
            "score": (
                "0 a 100 = 100 × (0,5 × fração das faturas pagas em dia + 0,4 × "
                "máx(0; 1 − atraso médio em dias / 60) + 0,1 × (1 − mín(1; dias da "
                "fatura vencida mais antiga em aberto / 60))); 50 sem histórico. O atraso "
                "médio é ponderado pelo valor; pagamentos antecipados contam como zero. "
                "Cada promessa de pagamento descumprida no período (data prometida "
                "passou sem o pagamento) tira 10 pontos, no máximo 30."
            ),
            "early_warning": (
                f"Um pagamento (ou fatura em aberto) {company.cobranca_rank_warning_days:g} "
                "dias ou mais além do atraso habitual do cliente (mediana), ou uma "
                "promessa de pagamento descumprida de fatura ainda em aberto, aplica a "
                "régua da classe seguinte até a situação normalizar."
            ),
            "effect": (
                "A classe escolhe a régua de lembretes (quantos e quando). Bloqueio de "
                "crédito, notificação formal e protesto só acontecem após aprovação de "
                "uma pessoa."
            ),
            "review": (
                "Você pode pedir a revisão desta classificação por uma pessoa "
                f"({cite('lgpd_automated_decision_review')}) pelo e-mail "
                f"{company.email or 'da empresa'}; a classe pode ser fixada manualmente."
            ),
        }
