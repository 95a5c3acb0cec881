"""The company's collection privacy policy: retention, and the processing notice
given with a data-subject export (purpose, recipients, retention, ranking criteria).

The notice is written for the customer, in Portuguese; it states what the company
does, not legal conclusions.
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cobranca_retention_years = fields.Integer(
        string="Collection Data Retention (years)",
        default=5,
        required=True,
        help="What reminders said (message texts, WhatsApp notes, call notes, errors, "
        "formal notices) is erased this many years after the invoice is paid, reversed "
        "or cancelled; the evidence of a consent event this many years after a later "
        "event replaced it. States, dates and reasons are kept. Default 5 years: the "
        "period in which a debt stated in a written instrument can be claimed (Código "
        "Civil, art. 206 §5 I).",
    )

    @api.constrains("cobranca_retention_years")
    def _check_cobranca_retention_years(self):
        if any(company.cobranca_retention_years < 1 for company in self):
            raise ValidationError(_("Keep collection data for at least one year."))

    def _cobranca_processing_notice(self):
        """[{company, purpose, legal_basis, recipients, retention, ranking}] for the
        data-subject export (LGPD art. 9, 18 and 20), one entry per company."""
        steps = (
            self.env["cobranca.regua.step"]
            .sudo()
            .search_fetch(
                [("company_id", "in", self.ids), ("regua_id.active", "=", True)],
                ["company_id", "channel", "fallback_channel", "escalation_protest"],
            )
        )
        return [company._cobranca_company_notice(steps) for company in self]

    def _cobranca_company_notice(self, steps):
        self.ensure_one()
        steps = steps.filtered(lambda s: s.company_id == self)
        channels = set(steps.mapped("channel")) | set(steps.mapped("fallback_channel"))
        years = self.cobranca_retention_years
        return {
            "company": self.name,
            "vat": self.vat or None,
            "contact": self.email or None,
            "purpose": (
                "Cobrar as faturas emitidas para o cliente: lembrar o vencimento, "
                "acompanhar atrasos e, quando aprovado por uma pessoa, notificar "
                "formalmente ou encaminhar a dívida."
            ),
            "legal_basis": self._cobranca_basis_notice(),
            "recipients": self._cobranca_recipients(
                channels, any(steps.mapped("escalation_protest"))
            ),
            "retention": (
                f"O conteúdo dos lembretes (textos, notas, notificações em PDF) é apagado "
                f"{years} anos após a quitação, estorno ou cancelamento da fatura (prazo "
                f"de cobrança de dívida constante de instrumento escrito, Código Civil "
                f"art. 206 §5º, I). As evidências de um consentimento são apagadas {years} "
                f"anos depois de substituídas por um novo registro. Ficam a situação, as "
                f"datas, os motivos e, para uma revogação, um código que não permite "
                f"recuperar o contato, para que a revogação continue valendo."
            ),
            "ranking": self._cobranca_ranking_notice(),
        }

    def _cobranca_basis_notice(self):
        labels = {"email": "e-mail", "whatsapp": "WhatsApp", "sms": "SMS", "phone": "ligações"}
        opt_in = [
            label
            for channel, label in labels.items()
            if self._cobranca_consent_policy(channel) == "opt_in"
        ]
        text = (
            "Com o devedor, a execução do contrato de que a fatura decorre (LGPD art. 7º, "
            "V); com pessoas de contato que não são parte do contrato, o legítimo interesse "
            "do credor em receber (art. 7º, IX). Cada lembrete enviado registra a base usada."
        )
        if opt_in:
            text += (
                " Por política da empresa, lembretes por "
                + ", ".join(opt_in)
                + " só são enviados com o seu consentimento (art. 7º, I)."
            )
        return text + " Você pode pedir a qualquer momento que um canal pare."

    def _cobranca_recipients(self, channels, protest):
        recipients = [
            {
                "name": "Provedor de e-mail da empresa (servidor de saída do Odoo)",
                "role": "envio dos lembretes por e-mail",
            }
        ]
        if "whatsapp" in channels and self._cobranca_whatsapp_ready():
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

    def _cobranca_ranking_notice(self):
        """LGPD art. 20: the criteria of the automated classification."""
        return {
            "data": (
                f"Faturas pagas nos últimos {self.cobranca_rank_lookback_days} dias "
                "(vencimento, data e valor do pagamento) e faturas vencidas em aberto. "
                "Vencimento em dia não útil conta a partir do próximo dia útil."
            ),
            "classes": {
                "new": f"menos de {self.cobranca_rank_min_paid} faturas pagas no período",
                "a": (
                    f"atraso médio de até {self.cobranca_rank_a_max_days:g} dias e ao menos "
                    f"{self.cobranca_rank_a_min_on_time:.0%} das faturas pagas em dia"
                ),
                "b": f"atraso médio de até {self.cobranca_rank_b_max_days:g} dias",
                "c": "demais casos",
                "d": (
                    f"atraso médio de {self.cobranca_rank_d_min_days:g} dias ou mais, ou "
                    f"uma fatura em aberto há {self.cobranca_rank_d_min_days:g} dias ou "
                    "mais após o vencimento"
                ),
            },
            "score": (
                "0 a 100 = 100 × (0,5 × fração das faturas pagas em dia + 0,4 × "
                "máx(0; 1 − atraso médio em dias / 60) + 0,1 × (1 − mín(1; dias da "
                "fatura vencida mais antiga em aberto / 60))); 50 sem histórico. O atraso "
                "médio é ponderado pelo valor; pagamentos antecipados contam como zero."
            ),
            "early_warning": (
                f"Um pagamento (ou fatura em aberto) {self.cobranca_rank_warning_days:g} "
                "dias ou mais além do atraso habitual do cliente (mediana) aplica a régua "
                "da classe seguinte até a situação normalizar."
            ),
            "effect": (
                "A classe escolhe a régua de lembretes (quantos e quando). Bloqueio de "
                "crédito, notificação formal e protesto só acontecem após aprovação de "
                "uma pessoa."
            ),
            "review": (
                "Você pode pedir a revisão desta classificação por uma pessoa (LGPD art. "
                f"20) pelo e-mail {self.email or 'da empresa'}; a classe pode ser fixada "
                "manualmente."
            ),
        }
