from . import cobranca_dispatcher
