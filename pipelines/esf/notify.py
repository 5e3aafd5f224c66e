"""E-mail: to the operators when a run fails or a blocking check stops it, and the monthly
reports to each project's steering group (esf.delivery).

Off unless ESF_SMTP_HOST is set. Settings: ESF_SMTP_HOST, ESF_SMTP_PORT (25),
ESF_SMTP_USER and ESF_SMTP_PASSWORD (optional), ESF_SMTP_STARTTLS (1 to use it),
ESF_MAIL_FROM, ESF_OPERATOR_EMAILS (comma-separated).
"""
from __future__ import annotations

import email.utils
import mimetypes
import os
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path


def smtp_enabled() -> bool:
    return bool(os.environ.get("ESF_SMTP_HOST"))


def build_mail(to: list[str], subject: str, body: str, attachments: Sequence[Path] = ()) -> EmailMessage:
    message = EmailMessage()
    message["From"] = os.environ.get("ESF_MAIL_FROM", "esf@localhost")
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
    with smtplib.SMTP(os.environ["ESF_SMTP_HOST"], int(os.environ.get("ESF_SMTP_PORT", "25")), timeout=30) as smtp:
        if os.environ.get("ESF_SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("ESF_SMTP_USER"):
            smtp.login(os.environ["ESF_SMTP_USER"], os.environ.get("ESF_SMTP_PASSWORD", ""))
        smtp.send_message(message)


def notify_operators_of_failure(run_id: str, failure: str) -> bool:
    """Send the failure to the operators; False when e-mail is off or no operator is set."""
    operators = [a.strip() for a in os.environ.get("ESF_OPERATOR_EMAILS", "").split(",") if a.strip()]
    if not smtp_enabled() or not operators:
        return False
    send(build_mail(operators, f"ESF-lagret: körningen misslyckades ({run_id[:8]})",
                    f"The run {run_id} failed and published nothing.\n\n{failure}\n\n"
                    "See `esf status`, meta.runs and the run's log for details.\n"))
    return True
