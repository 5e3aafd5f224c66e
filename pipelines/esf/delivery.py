"""Each new final report goes by e-mail to the project's steering group (`styrgrupp` in the
project file), with the PDF and the HTML attached; the outbox records what was sent.

Only final reports are sent (a month that has ended), not the nightly drafts. A report is new
when the outbox has no message for its project and month with the same content; a report
rewritten with other numbers is sent again as updated. A message that could not be sent is
not recorded, so the next run tries again. Off unless SMTP is configured (esf.notify).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from esf import notify
from esf.reports import swedish
from esf.reports.render import PDF_FILE, REPORT_FILE, report_records

OUTBOX_DIR = "utkorg"
OUTBOX_LOG = "skickat.jsonl"


@dataclass(frozen=True)
class Project:
    code: str
    name: str
    recipients: list[str]


@dataclass
class DeliveryResult:
    sent: list[str] = field(default_factory=list)  # "<project> <YYYY-MM> to <addresses>"
    failed: list[str] = field(default_factory=list)  # "<project> <YYYY-MM>: <error>"
    without_recipients: list[str] = field(default_factory=list)


def final_reports(reports_dir: Path) -> list[dict]:
    """The final reports on disk, oldest month first."""
    return [r for r in report_records(reports_dir) if not r["draft"]]


def sent_before(reports_dir: Path) -> dict[tuple[str, str], set[str]]:
    """(project, month) -> the digests of the versions already sent."""
    log = reports_dir / OUTBOX_DIR / OUTBOX_LOG
    sent: dict[tuple[str, str], set[str]] = {}
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            sent.setdefault((entry["project"], entry["month"]), set()).add(entry["sha256"])
    return sent


def deliver_reports(reports_dir: Path, projects: dict[str, Project], now: dt.datetime) -> DeliveryResult:
    """Send every final report not sent in this version yet; never raises for one failed message."""
    result = DeliveryResult()
    if not notify.smtp_enabled():
        return result
    outbox = reports_dir / OUTBOX_DIR
    sent = sent_before(reports_dir)
    for about in final_reports(reports_dir):
        project, month = projects.get(about["project"]), about["month"]
        versions = sent.get((about["project"], month), set())
        if project is None or about["sha256"] in versions:
            continue
        if not project.recipients:
            result.without_recipients.append(f"{project.code} {month}")
            continue
        month_label = swedish.month(dt.date.fromisoformat(month + "-01"))
        subject = f"{'Uppdaterad lägesrapport' if versions else 'Lägesrapport'} {month_label}: {project.name}"
        body = (
            f"Hej!\n\nHär kommer {'en uppdaterad version av ' if versions else ''}lägesrapporten för "
            f"{project.name} för {month_label}, med uppgifter till och med "
            f"{swedish.date(dt.date.fromisoformat(about['as_of']))}. Rapporten är bifogad som PDF och som "
            "HTML-fil.\n\nMeddelandet skickades automatiskt av ESF-uppföljningen.\n"
        )
        folder: Path = about["folder"]
        message = notify.build_mail(project.recipients, subject, body, [folder / PDF_FILE, folder / REPORT_FILE])
        try:
            notify.send(message)
        except Exception as exc:
            result.failed.append(f"{project.code} {month}: {exc}")
            continue
        outbox.mkdir(parents=True, exist_ok=True)
        eml = outbox / f"{now:%Y%m%dT%H%M%S}-{project.code}-{month}.eml"
        eml.write_bytes(message.as_bytes())
        entry = {
            "sent_at": now.isoformat(timespec="seconds"),
            "project": project.code,
            "month": month,
            "sha256": about["sha256"],
            "to": project.recipients,
            "subject": subject,
            "message": eml.name,
        }
        with open(outbox / OUTBOX_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        result.sent.append(f"{project.code} {month} to {', '.join(project.recipients)}")
    return result
