from . import lgpd
from . import optout
from . import whatsapp
from . import mail_thread
