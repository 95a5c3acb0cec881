"""The other rows of the legal table (``legal_sources``): civil law, the platform's
rules (Meta's for WhatsApp) and specifications (the Pix BR Code)."""

from .legal_rule import CONFIRMED, FEDERAL, REPORTED, Rule

ROWS = (
    # ------------------------------------------------------------------ civil law
    Rule(
        "debt_claim_prescription",
        "law",
        "Lei 10.406/2002 (Código Civil)",
        FEDERAL,
        "art. 206, § 5º, I",
        "A claim for a liquid debt stated in a public or private instrument prescribes in "
        "five years.",
        "the default retention of collection data (5 years, res.company "
        "cobranca_retention_years, cobranca.retention) and the privacy notice",
        (
            "https://cadernodeprova.com.br/dividas-instrumento-publico-ou-particular/?noamp=mobile",
            "https://legjur.com/legislacao/art/lei_00104062002-206",
            "https://meusitejuridico.editorajuspodivm.com.br/?p=12834",
        ),
        CONFIRMED,
        "Código Civil, art. 206, § 5º, I",
    ),
    # ------------------------------------------------------------ platform and specs
    Rule(
        "whatsapp_opt_in",
        "platform policy",
        "WhatsApp Business Messaging Policy",
        "Meta",
        "",
        "A business messages a person on WhatsApp only after they opted in to its messages.",
        "res.company cobranca_consent_whatsapp defaults to opt-in (a recorded consent); the "
        "settings warn when it is changed",
        (
            "https://docs.360dialog.com/docs/messaging/overview/opt-in.md",
            "https://docs.ycloud.com/en/documentation/whatsapp-business-platform/consent-policies-and-account-health/customer-opt-in.md",
        ),
        REPORTED,
        "Política de mensagens do WhatsApp Business",
        note="Read in the documentation of Meta's business solution providers "
        "(360dialog, YCloud), not in Meta's own policy page.",
    ),
    Rule(
        "whatsapp_service_window",
        "platform policy",
        "WhatsApp Cloud API: customer service window",
        "Meta",
        "",
        "Free-form messages only within 24 hours of the customer's last message; "
        "templates otherwise.",
        "cobranca.whatsapp.message: a collector's text goes on WhatsApp only inside the window",
        (
            "https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/customer-service-window",
            "https://posthog.com/docs/data-pipelines/destinations/whatsapp",
        ),
        REPORTED,
        "janela de atendimento de 24 horas do WhatsApp",
        note="Read in Bird's and PostHog's documentation of the Cloud API, not in Meta's.",
    ),
    Rule(
        "whatsapp_utility_templates",
        "platform policy",
        "WhatsApp template categories",
        "Meta",
        "",
        "UTILITY templates are about a transaction the customer already has (billing, "
        "payment); promotional wording makes a template MARKETING.",
        "a WhatsApp step takes only a UTILITY template (cobranca.whatsapp.template); a "
        "template Meta re-categorises stops being sent; wording is neutral",
        (
            "https://help.aliyun.com/en/chatapp/use-cases/whatsapp-message-templates",
            "https://docs.360dialog.com/docs/resources/utility-messages.md",
        ),
        REPORTED,
        "categoria UTILITY dos modelos do WhatsApp",
        note="Read in Alibaba Cloud's and 360dialog's documentation, not in Meta's.",
    ),
    Rule(
        "pix_br_code_fields",
        "specification",
        "Manual de Padrões para Iniciação do Pix (BR Code, EMV QRCPS-MPM)",
        "Banco Central do Brasil",
        "",
        "A static BR Code's merchant name has at most 25 characters, its city 15, its "
        "transaction id 25 letters and digits (*** for none).",
        "tools/pix.py: the fields Odoo's l10n_br puts in the code, in printable ASCII",
        (
            "https://github.com/ogilvieira/pixbrasil",
            "https://gist.github.com/matheusb-comp/1efa205b3c0ffd7af1e8ce63a10e02dc",
        ),
        REPORTED,
        "BR Code do Pix",
        note="Lengths as the libraries implementing the manual give them (pixbrasil, "
        "pix-utils createStaticPix); the manual itself was not read.",
    ),
)
