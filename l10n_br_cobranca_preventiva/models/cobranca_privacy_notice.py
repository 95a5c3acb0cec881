"""The privacy notice of the collection (``lgpd_processing_information``: the laws it
cites are rows of ``tools/legal_sources.py``, printed with ``cite(key)``), one per
company.

Published on a public page (``/cobranca/privacidade/<company id>``, linked from every
collection email, the opt-out page and the answer page) and included in the
data-subject export. Written for the customer, in Portuguese; it states what the
addon does (every promise here is enforced by the code: the retention cron, the
opt-out page and replies, the export and the erasure, the pinned class), not legal
conclusions; the ranking review offers what the code does (a person can pin the class
on request), not a review by a person the law does not require
(``lgpd_automated_decision_review``). Company-level data only: no customer's data is
read here.
"""

from odoo import api, models

from ..tools.legal_sources import cite


class CobrancaPrivacyNotice(models.AbstractModel):
    _name = "cobranca.privacy.notice"
    _description = "Collection Privacy Notice"

    @api.model
    def _notices(self, companies):
        """One notice per company (dicts of Portuguese texts), in one query."""
        companies = companies.sudo()  # company settings only; the public page reads them
        steps = (
            self.env["cobranca.regua.step"]
            .sudo()
            .search_fetch(
                [("company_id", "in", companies.ids), ("regua_id.active", "=", True)],
                ["company_id", "channel", "fallback_channel", "escalation_protest"],
            )
        )
        return [self._notice(company, steps) for company in companies]

    def _notice(self, company, steps):
        steps = steps.filtered(lambda s: s.company_id == company)
        channels = set(steps.mapped("channel")) | set(steps.mapped("fallback_channel"))
        contact = company.cobranca_privacy_contact or company.email or company.phone
        return {
            "company": company.name,
            "vat": company.vat or None,
            "identity": company.cobranca_creditor_identity or company.name,
            "officer": company.cobranca_privacy_officer or None,
            "contact": contact or None,
            "url": company.cobranca_privacy_url,
            "purpose": (
                "Cobrar as faturas emitidas para o cliente: lembrar o vencimento, "
                "acompanhar atrasos, receber as suas respostas (já paguei, promessa de "
                "pagamento, parcelamento, contestação) e, quando aprovado por uma pessoa, "
                "notificar formalmente ou encaminhar a dívida."
            ),
            "data": [
                "Identificação e contato: nome, CPF ou CNPJ, e-mail e telefones.",
                "Faturas, vencimentos, valores e pagamentos.",
                "Consentimentos e revogações por canal, com a evidência (texto, arquivo, "
                "endereço IP, data e quem registrou).",
                "Lembretes enviados e sua situação (entregue, lido e quando).",
                "O que você nos responde ou envia: promessas de pagamento, propostas de "
                "parcelamento, contestações, mensagens de e-mail e WhatsApp e "
                "comprovantes de pagamento.",
                "A classificação de pagador, o alerta antecipado e o bloqueio de crédito.",
                "O último número de WhatsApp de que você nos escreveu.",
            ],
            "legal_basis": self._basis_notice(company),
            "recipients": self._recipients(
                company, channels, any(steps.mapped("escalation_protest"))
            ),
            "transfer": self._transfer_notice(company, channels),
            "retention": self._retention_notice(company),
            "rights": self._rights_notice(),
            "how_to": self._how_to_notice(company, contact),
            "ranking": self._ranking_notice(company, contact),
        }

    def _basis_notice(self, company):
        opt_in = [
            service._customer_label
            for channel, service in self.env["cobranca.channel"]._consent_channels().items()
            if service._customer_label
            and self.env["cobranca.consent"]._policy(company, channel) == "opt_in"
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
        return text + (
            " Você pode pedir a qualquer momento que um canal pare; se não autorizar um "
            "canal, os lembretes seguem pelos outros canais permitidos, e a dívida e o "
            "vencimento não mudam."
        )

    def _recipients(self, company, channels, protest):
        """Who processes the customer's data: what each channel declares (its
        ``_privacy_processors``: the email provider, Meta when WhatsApp is used…),
        then the protest office or credit bureau when a step hands off to them."""
        recipients = [
            recipient
            for service in self.env["cobranca.channel"]._cobranca_channels().values()
            for recipient in service._privacy_processors(company, channels)
        ]
        if protest:
            recipients.append(
                {
                    "name": "Tabelionato de protesto ou cadastro de inadimplentes",
                    "role": "somente quando uma pessoa aprova o encaminhamento de uma fatura "
                    "vencida, após notificação prévia",
                }
            )
        return recipients

    def _transfer_notice(self, company, channels):
        """International transfers (``lgpd_international_transfer``): which services may
        be abroad, and on what basis."""
        abroad = [
            name
            for service in self.env["cobranca.channel"]._cobranca_channels().values()
            for name in service._privacy_abroad(company, channels)
        ]
        text = (
            "O provedor de e-mail é o contratado pela empresa; se ele tratar os dados "
            "fora do Brasil, vale o que se diz abaixo."
        )
        if abroad:
            text = (
                "Os lembretes e respostas que passam por "
                + " e ".join(abroad)
                + " podem ser tratados fora do Brasil. "
                + text
            )
        return text + (
            " Para o devedor, essa transferência internacional é necessária à execução do "
            f"contrato ({cite('lgpd_international_transfer')}, e "
            f"{cite('lgpd_basis_contract')}). Para pessoas de contato que não são "
            "parte do contrato, pergunte ao encarregado qual garantia se aplica."
        )

    def _message_channels(self):
        """The channels that send texts, as the customer calls them: "e-mail e
        WhatsApp"."""
        labels = [
            service._customer_label
            for service in self.env["cobranca.channel"]._cobranca_channels().values()
            if service._reaches_customer and service._customer_label
        ]
        return ", ".join(labels[:-1]) + " e " + labels[-1] if len(labels) > 1 else "".join(labels)

    def _retention_notice(self, company):
        """[{data, period, reason}]: what is kept, how long, why (what the retention
        cron ``ir_cron_cobranca_retention`` and the erasure enforce)."""
        years = company.cobranca_retention_years
        return [
            {
                "data": f"Conteúdo dos lembretes (textos de {self._message_channels()}, "
                "notificações em PDF, anotações de ligações) e o que você respondeu ou "
                "enviou sobre a fatura (promessas, propostas de parcelamento, contestação, "
                "mensagens e comprovantes de pagamento).",
                "period": f"Até {years} anos após a quitação, o estorno ou o cancelamento "
                f"da fatura; para uma fatura não paga, até {years} anos após o vencimento.",
                "reason": "É o prazo em que a dívida pode ser cobrada "
                f"({cite('debt_claim_prescription')}): a empresa guarda essas provas para o "
                "exercício regular de direitos em processo judicial, administrativo ou "
                f"arbitral ({cite('lgpd_basis_legal_claims')}).",
            },
            {
                "data": "Evidência de um consentimento ou revogação (texto, arquivo, endereço IP).",
                "period": f"Até {years} anos depois de substituída por um novo registro do "
                "mesmo canal.",
                "reason": "Para comprovar o que você autorizou ou pediu para parar "
                f"({cite('lgpd_basis_legal_claims')}). Ficam depois a situação, as datas, os "
                "motivos e, para "
                "uma revogação, um código que não permite recuperar o contato, para que "
                "a revogação continue valendo.",
            },
            {
                "data": "Faturas e pagamentos.",
                "period": "Pelo prazo da legislação contábil e fiscal; este sistema de "
                "cobrança não os apaga.",
                "reason": "Cumprimento de obrigação legal "
                f"({cite('lgpd_retention_legal_obligation')}).",
            },
        ]

    def _rights_notice(self):
        return [
            "Confirmar que tratamos seus dados e acessá-los: você recebe uma cópia legível "
            "e um arquivo (JSON) com tudo o que este sistema de cobrança guarda sobre você.",
            "Corrigir dados incompletos, inexatos ou desatualizados.",
            "Pedir a anonimização, o bloqueio ou a eliminação dos seus dados de cobrança: "
            "apagamos contatos dos consentimentos, evidências, textos dos lembretes, suas "
            "mensagens e comprovantes, notas sobre você, a classificação e o horário "
            "aprendido, e deixamos de enviar lembretes; faturas e pagamentos ficam.",
            "Portabilidade: o arquivo JSON acima.",
            "Saber com quem compartilhamos seus dados: veja acima quem os recebe.",
            "Revogar um consentimento ou parar um canal: pelo link de cada lembrete, "
            "respondendo PARAR no WhatsApp ou pedindo para parar em resposta a um e-mail.",
            "Pedir a revisão da sua classificação automática de pagador "
            f"({cite('lgpd_automated_decision_review')}): a seu pedido, uma pessoa da empresa "
            "pode fixar a sua classe.",
        ]

    def _how_to_notice(self, company, contact):
        text = f"Estes são os seus direitos de titular ({cite('lgpd_subject_rights')}). "
        if contact:
            text += f"Para exercê-los, escreva para {contact}"
            if company.cobranca_privacy_officer:
                text += f" (encarregado: {company.cobranca_privacy_officer})"
            text += "."
        else:
            text += "Para exercê-los, fale com a empresa pelos canais em que recebe os lembretes."
        return text + " Para parar um canal, use o link de descadastro de cada lembrete."

    def _ranking_notice(self, company, contact):
        """The criteria of the automated classification, and what a request for its
        review can change (``lgpd_automated_decision_review``: a pinned class)."""
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
                "régua da classe seguinte até a situação normalizar, exceto quando uma "
                "pessoa fixou a classe."
            ),
            "effect": (
                "A classe escolhe a régua de lembretes (quantos e quando). Bloqueio de "
                "crédito, notificação formal e protesto só acontecem após aprovação de "
                "uma pessoa."
            ),
            "review": (
                "Você pode pedir a revisão desta classificação "
                f"({cite('lgpd_automated_decision_review')})"
                + (f" pelo contato {contact}" if contact else "")
                + ": a seu pedido, uma pessoa da empresa pode fixar a sua classe, que passa a "
                "valer no lugar da calculada; uma classe fixada não é piorada pelo alerta "
                "antecipado."
            ),
        }
