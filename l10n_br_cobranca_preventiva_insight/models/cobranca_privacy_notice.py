from odoo import models

from odoo.addons.l10n_br_cobranca_preventiva.tools.legal_sources import cite


class CobrancaPrivacyNotice(models.AbstractModel):
    _inherit = "cobranca.privacy.notice"

    def _notice(self, company, steps):
        """The learned send hour: a datum kept, how long, and how it is learned."""
        notice = super()._notice(company, steps)
        notice["data"].append("O horário de envio aprendido.")
        # after the consent evidence, as the retention cron purges them
        notice["retention"].insert(
            2,
            {
                "data": "Horário de envio aprendido.",
                "period": "Recalculado a cada classificação a partir das leituras e "
                f"mensagens dos últimos {company.cobranca_rank_lookback_days} dias; apagado "
                "quando não há nenhuma nesse período.",
                "reason": f"É um perfil ({cite('lgpd_behavioural_profile')}): só existe "
                "enquanto há dados recentes que o justificam.",
            },
        )
        notice["send_hour"] = self._send_hour_notice(company)
        return notice

    def _send_hour_notice(self, company):
        return (
            "A partir dos momentos em que você leu nossos lembretes no WhatsApp e em que "
            "nos escreveu (e-mail, WhatsApp, portal) nos últimos "
            f"{company.cobranca_rank_lookback_days} dias, calculamos o horário do dia em "
            "que você costuma ler (com ao menos 5 registros); os lembretes do dia são "
            "enviados a partir desse horário, sempre dentro do horário permitido. Não "
            "altera valores, prazos nem a sua classificação. É um perfil "
            f"({cite('lgpd_behavioural_profile')}): faz parte da cópia dos seus dados e é "
            "apagado com eles."
        )
