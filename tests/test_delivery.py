"""Final reports go by e-mail to each project's steering group, once per version, recorded in
the outbox; drafts are not sent; e-mail is off by default (issue 7, SPEC §8.3). Tested against a
local SMTP server that the test starts."""

import datetime as dt
import json
import os
import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import duckdb
import pytest

from esf.delivery import OUTBOX_DIR, OUTBOX_LOG, Project, deliver_reports

from conftest import SAMPLES, esf_run

NOW = dt.datetime(2013, 7, 1, 5, 0, 3)
PLUS = Project("PLUS", "PLUS", ["styrgrupp.plus@example.org", "projektledare.plus@example.org"])


def write_report(reports, project, month, draft, content="<html lang=sv>rapport</html>"):
    folder = reports / project / month
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rapport.html").write_text(content, encoding="utf-8")
    (folder / "rapport.pdf").write_bytes(b"%PDF-1.7 " + content.encode())
    (folder / "rapport.json").write_text(
        json.dumps(
            {
                "project": project,
                "month": month,
                "as_of": f"{month}-{'15' if draft else '30'}",
                "draft": draft,
                "sha256": str(hash(content)),
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture
def smtp_env(smtp_server, monkeypatch):
    port, inbox = smtp_server
    monkeypatch.setenv("ESF_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ESF_SMTP_PORT", str(port))
    monkeypatch.setenv("ESF_MAIL_FROM", "esf@example.org")
    return inbox


def subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def outbox_log(reports):
    path = reports / OUTBOX_DIR / OUTBOX_LOG
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_final_report_is_sent_once_with_its_pdf_and_html_and_recorded_in_the_outbox(tmp_path, smtp_env):
    inbox = smtp_env
    write_report(tmp_path, "PLUS", "2013-06", draft=False)
    write_report(tmp_path, "PLUS", "2013-07", draft=True)  # a draft is not sent

    result = deliver_reports(tmp_path, {"PLUS": PLUS}, NOW)
    (mail,) = inbox.messages
    assert mail["To"] == "styrgrupp.plus@example.org, projektledare.plus@example.org"
    assert subject(mail) == "Lägesrapport juni 2013: PLUS"
    parts = {part.get_filename(): part.get_content_type() for part in mail.walk() if part.get_filename()}
    assert parts == {"rapport.pdf": "application/pdf", "rapport.html": "text/html"}
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "lägesrapporten för PLUS för juni 2013, med uppgifter till och med 30 juni 2013" in body
    assert result.sent == ["PLUS 2013-06 to styrgrupp.plus@example.org, projektledare.plus@example.org"]

    (entry,) = outbox_log(tmp_path)
    assert entry["project"] == "PLUS" and entry["month"] == "2013-06" and entry["to"] == PLUS.recipients
    saved = message_from_bytes((tmp_path / OUTBOX_DIR / entry["message"]).read_bytes())
    assert saved["To"] == mail["To"] and saved["Message-ID"] == mail["Message-ID"] and saved["Date"]
    assert [part.get_filename() for part in saved.walk() if part.get_filename()] == ["rapport.pdf", "rapport.html"]

    assert deliver_reports(tmp_path, {"PLUS": PLUS}, NOW).sent == []  # the same version is not sent again
    assert len(inbox.messages) == 1


def test_a_rewritten_final_report_is_sent_again_as_updated(tmp_path, smtp_env):
    inbox = smtp_env
    write_report(tmp_path, "PLUS", "2013-06", draft=False)
    deliver_reports(tmp_path, {"PLUS": PLUS}, NOW)
    write_report(tmp_path, "PLUS", "2013-06", draft=False, content="<html lang=sv>rättad</html>")
    deliver_reports(tmp_path, {"PLUS": PLUS}, NOW + dt.timedelta(days=1))
    assert [subject(m) for m in inbox.messages] == [
        "Lägesrapport juni 2013: PLUS",
        "Uppdaterad lägesrapport juni 2013: PLUS",
    ]
    assert len(outbox_log(tmp_path)) == 2


def test_a_project_without_a_steering_group_address_is_noted_not_sent(tmp_path, smtp_env):
    write_report(tmp_path, "KLARA", "2013-06", draft=False)
    result = deliver_reports(tmp_path, {"KLARA": Project("KLARA", "Klara", [])}, NOW)
    assert result.sent == [] and result.without_recipients == ["KLARA 2013-06"] and smtp_env.messages == []


def test_e_mail_to_steering_groups_is_off_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("ESF_SMTP_HOST", raising=False)
    write_report(tmp_path, "PLUS", "2013-06", draft=False)
    assert deliver_reports(tmp_path, {"PLUS": PLUS}, NOW).sent == []
    assert not (tmp_path / OUTBOX_DIR).exists()


def test_a_message_that_cannot_be_sent_is_not_recorded_and_goes_out_next_time(tmp_path, smtp_env, monkeypatch):
    write_report(tmp_path, "PLUS", "2013-06", draft=False)
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    port = os.environ["ESF_SMTP_PORT"]
    monkeypatch.setenv("ESF_SMTP_PORT", str(closed))
    failed = deliver_reports(tmp_path, {"PLUS": PLUS}, NOW)
    assert failed.sent == [] and failed.failed[0].startswith("PLUS 2013-06: ") and outbox_log(tmp_path) == []

    monkeypatch.setenv("ESF_SMTP_PORT", port)
    assert len(deliver_reports(tmp_path, {"PLUS": PLUS}, NOW).sent) == 1 and len(smtp_env.messages) == 1


def test_esf_run_at_a_months_end_writes_final_reports_and_sends_them_to_every_steering_group(
    tmp_path, smtp_server, monkeypatch
):
    """The whole job: the partition of the month that ended, its final HTML and PDF per project that
    has started, one e-mail per project, the outbox; a second run of the same month sends nothing new."""
    port, inbox = smtp_server
    for name, value in {"ESF_SMTP_HOST": "127.0.0.1", "ESF_SMTP_PORT": str(port), "ESF_AS_OF": ""}.items():
        monkeypatch.setenv(name, value)
    warehouse = tmp_path / "esf.duckdb"
    run = esf_run(SAMPLES, warehouse, as_of="2013-06-30")
    assert run.returncode == 0, run.stderr
    stdout = " ".join(run.stdout.split())
    assert "Reports for 2013-06 (final)" in stdout and "sent to the steering group: PLUS 2013-06 to" in stdout
    reports = tmp_path / "reports"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        projects = [r[0] for r in con.execute("select project_code from raw.projects order by 1").fetchall()]
    assert projects == ["ESS4", "FIA", "KLARA", "PLUS"]
    # 4 Ess starts in 2017: no report for June 2013, and the index says when it starts
    assert not (reports / "ESS4").exists()
    assert "Projektet startar 1 februari 2017." in (reports / "index.html").read_text(encoding="utf-8")
    projects.remove("ESS4")
    for code in projects:
        about = json.loads((reports / code / "2013-06" / "rapport.json").read_text())
        assert about["draft"] is False and about["as_of"] == "2013-06-30"
        assert (reports / code / "2013-06" / "rapport.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(m["To"].split(",")[0] for m in inbox.messages) == [
        "styrgrupp.fia@example.org",
        "styrgrupp.klara@example.org",
        "styrgrupp.plus@example.org",
    ]
    assert sorted(e["project"] for e in outbox_log(reports)) == projects

    assert esf_run(SAMPLES, warehouse, as_of="2013-06-30").returncode == 0
    assert len(inbox.messages) == 3  # nothing new to send
