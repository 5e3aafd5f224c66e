"""E-mail to the operators when a run fails or a blocking check stops it (operations issue).

Off unless ESF_SMTP_HOST is set. Settings: ESF_SMTP_HOST, ESF_SMTP_PORT (25),
ESF_SMTP_USER and ESF_SMTP_PASSWORD (optional), ESF_SMTP_STARTTLS (1 to use it),
ESF_MAIL_FROM, ESF_OPERATOR_EMAILS (comma-separated).
"""
from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage


def smtp_configured() -> bool:
    return bool(os.environ.get("ESF_SMTP_HOST")) and bool(os.environ.get("ESF_OPERATOR_EMAILS"))


def send_mail(to: list[str], subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = os.environ.get("ESF_MAIL_FROM", "esf@localhost")
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(os.environ["ESF_SMTP_HOST"], int(os.environ.get("ESF_SMTP_PORT", "25")), timeout=30) as smtp:
        if os.environ.get("ESF_SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("ESF_SMTP_USER"):
            smtp.login(os.environ["ESF_SMTP_USER"], os.environ.get("ESF_SMTP_PASSWORD", ""))
        smtp.send_message(message)


def notify_operators_of_failure(run_id: str, failure: str) -> bool:
    """Send the failure to the operators; False when e-mail is off."""
    if not smtp_configured():
        return False
    operators = [a.strip() for a in os.environ["ESF_OPERATOR_EMAILS"].split(",") if a.strip()]
    send_mail(operators, f"ESF-lagret: körningen misslyckades ({run_id[:8]})",
              f"The run {run_id} failed and published nothing.\n\n{failure}\n\n"
              "See `esf status`, meta.runs and the run's log for details.\n")
    return True
