"""E-mail: to the operators when a run fails, a blocking check stops it or a delivery becomes
held (SPEC §8.5), and the monthly reports to each project's steering group (esf.delivery).

Off unless ESF_SMTP_HOST is set; the settings are read from the environment when a mail goes
out (settings.mail_settings: ESF_SMTP_HOST, ESF_SMTP_PORT (25), ESF_SMTP_USER and
ESF_SMTP_PASSWORD (optional), ESF_SMTP_STARTTLS (1 to use it), ESF_MAIL_FROM,
ESF_OPERATOR_EMAILS (comma-separated)).
"""

from __future__ import annotations

import email.utils
import mimetypes
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from esf.settings import mail_settings


def smtp_enabled() -> bool:
    return mail_settings().enabled


def build_mail(to: list[str], subject: str, body: str, attachments: Sequence[Path] = ()) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_settings().sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain="esf.local")
    message.set_content(body)
    for path in attachments:
        maintype, subtype = (mimetypes.guess_type(path.name)[0] or "application/octet-stream").split("/")
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message


def send(message: EmailMessage) -> None:
    mail = mail_settings()
    with smtplib.SMTP(mail.host, mail.port, timeout=30) as smtp:
        if mail.starttls:
            smtp.starttls()
        if mail.user:
            smtp.login(mail.user, mail.password)
        smtp.send_message(message)


def _notify_operators(subject: str, body: str) -> bool:
    """One e-mail to the operators; False when e-mail is off or no operator is set."""
    mail = mail_settings()
    if not mail.enabled or not mail.operators:
        return False
    send(
        build_mail(
            list(mail.operators), subject, body + "\n\nSee `esf status`, meta.runs and the run's log for details.\n"
        )
    )
    return True


def notify_operators_of_failure(run_id: str, failure: str) -> bool:
    """Send the failure to the operators; False when e-mail is off or no operator is set."""
    return _notify_operators(
        f"ESF-lagret: körningen misslyckades ({run_id[:8]})",
        f"The run {run_id} failed and published nothing.\n\n{failure}",
    )


def notify_operators_of_held(run_id: str, held: list[str]) -> bool:
    """Tell the operators which deliveries became held in this run (SPEC §8.5) and what to decide."""
    lines = "\n".join(f"- {line}" for line in held)
    return _notify_operators(
        f"ESF-lagret: leverans kvarhållen, beslut behövs ({run_id[:8]})",
        f"The run {run_id} published, but held these deliveries: their rows are in no published table "
        f"until a person decides.\n\n{lines}\n\n"
        "Look at their rows in meta.quarantine, then `esf release FILE` (load it as it is on the next run), "
        "`esf withdraw FILE`, or deliver a corrected file under the same path.",
    )
