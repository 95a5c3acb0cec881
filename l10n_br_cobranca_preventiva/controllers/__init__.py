from . import lgpd
from . import optout
from . import portal
from . import whatsapp
from . import mail_thread
