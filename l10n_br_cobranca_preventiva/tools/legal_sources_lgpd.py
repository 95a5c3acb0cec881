"""The data-protection rows of the legal table (``legal_sources``): the LGPD."""

from .legal_rule import CONFIRMED, FEDERAL, REPORTED, Rule

_LGPD = "Lei 13.709/2018 (Lei Geral de Proteção de Dados, LGPD)"
#: LGPD art. 7º (caput and incisos I-X) as in the compiled official text
_LGPD_ART_7_TEXT = (
    "https://www.jusbrasil.com.br/topicos/200399417/"
    "artigo-7-da-lei-n-13709-de-14-de-agosto-de-2018/doutrina"
)
_LGPD_ART_7 = "https://migalhas.com.br/depeso/369184/bases-legais-para-a-protecao-de-dados--parte-i"
#: A commentary site whose copies of the LGPD drop words (e.g. "controlador",
#: "titular"): read, but not a verbatim reproduction.
_MSPA = "https://compliance.mspa.com.br/regulamentos/lgpd/artigo-%s"

ROWS = (
    # -------------------------------------------------------------------------- LGPD
    Rule(
        "lgpd_basis_consent",
        "law",
        _LGPD,
        FEDERAL,
        "art. 7º, I",
        "Personal data may be processed with the data subject's consent.",
        "cobranca.consent legal bases; channels whose policy is opt-in (WhatsApp and text "
        "messages by default) need a recorded consent; the privacy notice says so",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, I",
    ),
    Rule(
        "lgpd_basis_contract",
        "law",
        _LGPD,
        FEDERAL,
        "art. 7º, V",
        "… when needed to perform a contract the data subject is party to.",
        "the basis of a message to the debtor without a recorded consent "
        "(cobranca.consent._implicit_basis); the privacy notice",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, V",
    ),
    Rule(
        "lgpd_basis_legal_claims",
        "law",
        _LGPD,
        FEDERAL,
        "art. 7º, VI",
        "… for the regular exercise of rights in judicial, administrative or arbitral proceedings.",
        "why the retention (cobranca.retention) keeps what reminders said and what the "
        "customer answered, and consent evidence, for the company's retention years; "
        "the privacy notice",
        (_LGPD_ART_7_TEXT, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, VI",
    ),
    Rule(
        "lgpd_basis_legitimate_interest",
        "law",
        _LGPD,
        FEDERAL,
        "art. 7º, IX",
        "… when needed for the controller's legitimate interests, unless the data "
        "subject's fundamental rights prevail.",
        "the basis of a message to a contact person who is not party to the contract; "
        "the privacy notice",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, IX",
    ),
    Rule(
        "lgpd_basis_credit_protection",
        "law",
        _LGPD,
        FEDERAL,
        "art. 7º, X",
        "… for the protection of credit.",
        "a legal basis a consent event may record; never the default basis (a contact "
        "person's own credit is not at stake)",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, X",
    ),
    Rule(
        "lgpd_processing_information",
        "law",
        _LGPD,
        FEDERAL,
        "art. 9º",
        "The data subject has clear access to the purpose, form and duration of the "
        "processing, the controller, the sharing and their rights.",
        "the privacy notice (cobranca.privacy.notice: public page and data-subject "
        "export): purpose, data, basis, recipients, transfers, retention, rights, ranking",
        (_MSPA % 9, "https://lgpd.akarion.app/en/article/9.7"),
        REPORTED,
        "LGPD art. 9º",
        note="Read only in a copy that drops words (mspa) and in an English translation.",
    ),
    Rule(
        "lgpd_legitimate_interest_limits",
        "law",
        _LGPD,
        FEDERAL,
        "art. 10, §§ 1º-2º",
        "On legitimate interest, only the data strictly needed, and the processing made "
        "transparent.",
        "cobranca.consent._implicit_basis: legitimate interest only for a contact person "
        "not party to the contract; the data-subject export states the basis",
        ("https://datamailing.com.br/?p=1006", _MSPA % 10),
        CONFIRMED,
        "LGPD art. 10",
    ),
    Rule(
        "lgpd_behavioural_profile",
        "law",
        _LGPD,
        FEDERAL,
        "art. 12, § 2º",
        "Data used to build the behavioural profile of an identified person are personal data.",
        "the learned send hour (the insight addon) is a profile: learned only from the "
        "look-back period, forgotten when no event is left, exported and erased with the "
        "customer's data (cobranca.privacy); the privacy notice",
        (
            "https://modeloinicial.com.br/lei/LGPD/lei-geral-protecao-dados-pessoais/art-12",
            _MSPA % 12,
        ),
        CONFIRMED,
        "LGPD art. 12, § 2º",
    ),
    Rule(
        "lgpd_retention_legal_obligation",
        "law",
        _LGPD,
        FEDERAL,
        "art. 16, I",
        "Personal data may be kept after the processing ends to comply with a legal or "
        "regulatory obligation of the controller.",
        "invoices and payments are never erased by the addon (anonymisation and "
        "retention keep them); the privacy notice",
        (
            "https://scon.stj.jus.br/SGI/jsps/noticias_internas/noticia_detalhe.jsp"
            "?seq_noticia=33431",
            _MSPA % 16,
        ),
        CONFIRMED,
        "LGPD art. 16, I",
    ),
    Rule(
        "lgpd_subject_rights",
        "law",
        _LGPD,
        FEDERAL,
        "art. 18",
        "The data subject obtains on request confirmation, access, correction, "
        "anonymisation or deletion, portability, and revokes consent.",
        "the data-subject export (approvers) and the anonymisation on request "
        "(cobranca.data.subject, cobranca.privacy); the opt-out page revokes; the "
        "privacy notice lists the rights",
        (
            "https://privacyhub.com.br/lgpd?article=155",
            "https://www.jusbrasil.com.br/topicos/200399036/"
            "artigo-18-da-lei-n-13709-de-14-de-agosto-de-2018",
            "https://trilhante.com.br/trilha/formacao-complementar/curso/lgpd/aula/direito-dos-titulares-2",
        ),
        REPORTED,
        "LGPD art. 18",
        note="Caput, incisos I-IX and §§ 1º-4º read word for word (privacyhub, jusbrasil); "
        "§§ 5º-8º (how requests are answered) were cut off in the copies read.",
    ),
    Rule(
        "lgpd_automated_decision_review",
        "law",
        _LGPD,
        FEDERAL,
        "art. 20",
        "The data subject may ask for a review of decisions taken solely by automated "
        "processing (credit profiles included) and for their criteria (§ 1º).",
        "the payer ranking's criteria in the privacy notice; on the customer's request a "
        "person of the company can pin the class (res.partner cobranca_class_manual), "
        "which replaces the computed one and is not made stricter by the early warning: "
        "that, and no more, is what the texts offer",
        (
            "https://baptistaluz.com.br/privacyhub/artigo-20o-direito-de-revisao-de-decisoes-baseadas-em-tratamentos-automatizados-de-dados-pessoais",
            "https://vademecumprevidenciario.com.br/legislacao/art/lei_00137092018-20",
        ),
        CONFIRMED,
        "LGPD art. 20",
        note="No review by a person is required: the original caput's \"revisão, por pessoa "
        'natural" was replaced by Lei 13.853/2019, and its § 3º (review by a natural '
        "person) was vetoed. The texts do not promise a review by a person.",
    ),
    Rule(
        "lgpd_international_transfer",
        "law",
        _LGPD,
        FEDERAL,
        "art. 33, IX",
        "Personal data may be transferred abroad when needed for the cases of art. 7º, "
        "II, V and VI (a contract with the data subject among them).",
        "the privacy notice names the services that may be abroad (Meta for WhatsApp, "
        "Odoo S.A. for text messages) and this basis for the debtor",
        (_MSPA % 33, "https://www.privacy.ind.in/lgpd/chapter_5.htm"),
        REPORTED,
        "LGPD art. 33, IX",
        note="Read only in a copy that drops words (mspa) and in an English translation.",
    ),
    Rule(
        "lgpd_data_protection_officer",
        "law",
        _LGPD,
        FEDERAL,
        "art. 41",
        "The controller names a data protection officer (encarregado) and publishes their "
        "identity and contact, preferably on its website (§ 1º).",
        "res.company cobranca_privacy_officer and cobranca_privacy_contact, shown on the "
        "public privacy notice; the settings warn while they are missing",
        (
            "https://www.ferraresicavalcante.com.br/post/lgpd-e-a-figura-do-encarregado",
            "https://lgpd-brazil.info/chapter_06/article_41",
            "https://cardosoadv.com.br/o-encarregado-pelo-tratamento-de-dados-pessoais",
        ),
        REPORTED,
        "LGPD art. 41",
        note="Caput, § 1º and § 2º read word for word as a law firm quotes them; §§ 3º-4º "
        "only in an English translation.",
    ),
)
