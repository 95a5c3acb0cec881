"""The rows of the legal table (``legal_sources``) on when and how a debtor is
contacted: the banking calendar, and per state the contact hours, the itemised
charges and the recorded calls."""

from .legal_rule import CONFIRMED, FEDERAL, REPORTED, Rule

_SP_14953 = "http://www.al.sp.gov.br/repositorio/legislacao/lei/2013/lei-14953-20.02.2013.html"
_RJ_6854 = "http://www.normasbrasil.com.br/norma/lei-6854-2014-rj_272050.html"
_PR_17352 = (
    "https://www.legislacao.pr.gov.br/legislacao/listarAtosAno.do"
    "?action=exibirImpressao&codAto=81116"
)
_PR_CONSOLIDATED = (
    "Paraná consolidated its consumer laws in Lei 22.130/2024; whether it carried this "
    "article over was not confirmed."
)

ROWS = (
    # --------------------------------------------------------------- banking calendar
    Rule(
        "payable_next_business_day",
        "law",
        "Lei 7.089/1983",
        FEDERAL,
        "art. 1º",
        "Banks charge no default interest on a bill falling due on a Saturday, Sunday or "
        "holiday and paid on the next business day.",
        "tools/business_calendar.py: a due date on a non-business day is payable on the "
        "next one and not overdue before then, for every creditor (wider than the law's "
        "banks); wording, ranking and dashboard count from it",
        (
            "https://www2.camara.leg.br/legin/fed/lei/1980-1987/lei-7089-23-marco-1983-356734-publicacaooriginal-1-pl.html",
        ),
        CONFIRMED,
        "Lei 7.089/1983, art. 1º",
    ),
    Rule(
        "year_end_bank_closure",
        "regulation",
        "Resolução CMN 4.880/2020 (Conselho Monetário Nacional)",
        FEDERAL,
        "",
        "Banks have no service for the public on the year's last weekday (31/12, or the "
        "Friday before when it falls on a weekend).",
        "tools/business_calendar.py YEAR_END_CLOSURE: not a business day",
        (
            "https://www.normaslegais.com.br/legislacao/resolucao-cmn-4880-2020.htm",
            "https://www.cotiaecia.com.br/2022/12/agencias-bancarias-nao-abrem-nesta.html",
            "https://www.jornaldocomercio.com/economia/2022/12/879092-bancos-fecham-nesta-sexta-feira-e-so-reabrem-em-2-de-janeiro-de-2023.html",
            "https://boainformacao.com.br/2023/12/bancos-devem-fechar-a-partir-desta-sexta-29-veja-cronograma/",
            "https://normasbrasil.com.br/norma/resolucao-2932-2002_97459.html",
        ),
        REPORTED,
        "Res. CMN 4.880/2020",
        note="Its text was read (art. 1º and art. 2º, § 1º, I-II: the banks' hours and "
        "business days); its rule on the year's last day only as the press reports it. "
        "It revoked Res. 2.932/2002, which FEBRABAN cited before (normasbrasil).",
    ),
    # --------------------------------------------------- contact hours (per state)
    Rule(
        "sp_contact_hours",
        "law",
        "Lei estadual 15.426/2014 (São Paulo)",
        "SP",
        "art. 2º",
        "Collection calls Mon–Fri 08:00–20:00 and Sat 08:00–14:00, never on Sundays or holidays.",
        "tools/contact_hours.py: SP's hours, and the default of every state without a law; "
        "the company's default sending window (tools/sending_window.py); call notes",
        (
            "the law as published in the DOE of 23/05/2014 (a stored copy of its four "
            "articles, read whole; its address was not given)",
            "http://sao-paulo.estadao.com.br/blogs/seus-direitos/projeto-de-lei-proibe-ligacoes-de-cobranca-em-horarios-improprios/",
        ),
        CONFIRMED,
        "Lei SP 15.426/2014, art. 2º",
        note="A secondary source says it was consolidated, with the same words, into Lei "
        "17.832/2023, art. 51 (not confirmed in the official text; the hours do not change).",
    ),
    Rule(
        "rj_contact_hours",
        "law",
        "Lei estadual 6.854/2014 (Rio de Janeiro), in the wording of Lei 7.868/2018",
        "RJ",
        "art. 3º, § 4º",
        "Collection calls only on business days, 09:00–19:00.",
        "tools/contact_hours.py: RJ's hours; call notes",
        (
            _RJ_6854,
            "https://www.proteste.org.br/seus-direitos/direito-do-consumidor/noticia/cobranca-vexatoria-o-que-fazer",
        ),
        CONFIRMED,
        "Lei RJ 6.854/2014, art. 3º, § 4º (redação da Lei 7.868/2018)",
    ),
    Rule(
        "es_contact_hours",
        "law",
        "Lei estadual 10.626/2017 (Espírito Santo)",
        "ES",
        "",
        "Collection calls on business days 08:00–19:00, never on Saturdays.",
        "tools/contact_hours.py: ES's hours (narrowest reported); call notes say "
        "'reported, text not confirmed'",
        ("https://efic.com.br/?p=368",),
        REPORTED,
        "Lei ES 10.626/2017",
        note="A collection company's table of the state laws; no official text read.",
    ),
    Rule(
        "am_contact_hours",
        "law",
        "a state law of Amazonas, number not confirmed",
        "AM",
        "",
        "Collection calls on weekdays 08:00–18:00, never on Saturdays (the narrower of "
        "two reports).",
        "tools/contact_hours.py: AM's hours (narrowest reported); call notes say "
        "'reported, text not confirmed'",
        (
            "https://amnews.com.br/nova-lei-proibe-cobrancas-por-telefone-fora-do-horario-comercial",
            "https://efic.com.br/?p=368",
        ),
        REPORTED,
        "Lei estadual do AM, nº não confirmado",
        note="amnews reports the Assembly's vote (weekdays 08–18, Saturdays 08–14); the "
        'efic table says until 19:00, never Saturdays, and the number "306/16", which is '
        "not a state law's number.",
    ),
    Rule(
        "al_contact_hours",
        "law",
        "Lei estadual 7.782/2016 (Alagoas)",
        "AL",
        "",
        "Collection calls and text messages on weekdays 08:00–20:00 and Saturdays "
        "08:00–14:00, never on Sundays or holidays (São Paulo's hours).",
        "tools/contact_hours.py: AL's hours; call notes say 'reported, text not confirmed'",
        (
            "https://7segundos.com.br/arapiraca/noticias/2018/04/16/92926-cobrancas-via-telefone-e-sms-sao-orientadas-pelo-procon-arapiraca",
        ),
        REPORTED,
        "Lei AL 7.782/2016",
        note="Reported by Procon Arapiraca; text not confirmed.",
    ),
    # ------------------------------------------- itemised charges (per state)
    Rule(
        "sp_itemised_charges",
        "law",
        "Lei estadual 14.953/2013 (São Paulo)",
        "SP",
        "art. 2º",
        "The amount shown to a consumer names the original value and each addition "
        "(interest, fine…) and their total, printed, electronic or spoken.",
        "tools/late_charges.py and tools/wording.py itemised_charges: every consumer's "
        "overdue invoice, whatever the state, in messages and call notes",
        (_SP_14953,),
        CONFIRMED,
        "Lei SP 14.953/2013, art. 2º",
    ),
    Rule(
        "rj_itemised_charges",
        "law",
        "Lei estadual 6.854/2014 (Rio de Janeiro)",
        "RJ",
        "art. 2º",
        "The same as São Paulo's: each part of the amount named (impressa, eletrônica ou falada).",
        "tools/late_charges.py: as sp_itemised_charges",
        (_RJ_6854,),
        CONFIRMED,
        "Lei RJ 6.854/2014, art. 2º",
    ),
    Rule(
        "pr_itemised_charges",
        "law",
        "Lei estadual 17.352/2012 (Paraná)",
        "PR",
        "art. 2º",
        "The same as São Paulo's.",
        "tools/late_charges.py: as sp_itemised_charges",
        (_PR_17352,),
        CONFIRMED,
        "Lei PR 17.352/2012, art. 2º",
        note=_PR_CONSOLIDATED,
    ),
    # -------------------------------------------- recorded calls (per state)
    Rule(
        "sp_call_recording",
        "law",
        "Lei estadual 14.953/2013 (São Paulo)",
        "SP",
        "art. 3º, § 2º",
        "Collection calls are recorded (date, time) and given to the consumer on request "
        "within 7 business days; the consumer is told so in every collection contact.",
        "tools/call_recording.py: the call to-do of a debtor in SP says to record and tell",
        (_SP_14953,),
        CONFIRMED,
        "Lei SP 14.953/2013, art. 3º, § 2º",
    ),
    Rule(
        "rj_call_recording",
        "law",
        "Lei estadual 6.854/2014 (Rio de Janeiro), in the wording of Lei 7.868/2018",
        "RJ",
        "art. 3º, § 2º",
        "The same duties as São Paulo's; the recording also identifies the attendant.",
        "tools/call_recording.py: the call to-do of a debtor in RJ",
        (_RJ_6854, "https://www.contabeis.com.br/legislacao/67189/lei-rj-6854-2014"),
        CONFIRMED,
        "Lei RJ 6.854/2014, art. 3º, § 2º (redação da Lei 7.868/2018)",
    ),
    Rule(
        "pr_call_recording",
        "law",
        "Lei estadual 17.352/2012 (Paraná), article included by Lei 19.498/2018",
        "PR",
        "art. 2º-A, § 1º",
        "The same duties when a collection company or the collection department of a "
        "medium or large company collects.",
        "tools/call_recording.py: the call to-do of a debtor in PR",
        (_PR_17352,),
        CONFIRMED,
        "Lei PR 17.352/2012, art. 2º-A, § 1º (incluído pela Lei 19.498/2018)",
        note=_PR_CONSOLIDATED,
    ),
)
