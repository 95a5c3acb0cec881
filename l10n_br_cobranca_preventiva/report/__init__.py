from . import cobranca_ranking_report
from . import cobranca_formal_notice
from . import cobranca_data_subject
