"""A failed or blocked run, or one that holds a delivery, e-mails the operators (SMTP from the
environment, off by default), tested against a local SMTP server that the test starts."""

from email.header import decode_header, make_header

from esf import notify

from conftest import REPO, esf_run


def subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def test_a_run_that_holds_deliveries_mails_the_operators_which_and_why(tmp_path, smtp_server):
    port, inbox = smtp_server
    result = esf_run(
        REPO / "data_samples" / "bad",
        tmp_path / "esf.duckdb",
        ESF_SMTP_HOST="127.0.0.1",
        ESF_SMTP_PORT=str(port),
        ESF_OPERATOR_EMAILS="drift@example.org, jour@example.org",
        ESF_MAIL_FROM="esf@example.org",
    )
    assert result.returncode == 3
    (mail,) = inbox.messages
    assert mail["To"] == "drift@example.org, jour@example.org" and mail["From"] == "esf@example.org"
    assert subject(mail).startswith("ESF-lagret: leverans kvarhållen, beslut behövs")
    body = " ".join(mail.get_payload(decode=True).decode().split())
    assert "- anstallningar/row_reasons.csv: quarantine_share: 20 of 24 rows quarantined, more than half" in body
    assert "esf release FILE" in body and "esf withdraw FILE" in body


def test_a_failed_run_mails_the_operators_its_cause(smtp_server, monkeypatch):
    port, inbox = smtp_server
    for name, value in {
        "ESF_SMTP_HOST": "127.0.0.1",
        "ESF_SMTP_PORT": str(port),
        "ESF_OPERATOR_EMAILS": "drift@example.org",
    }.items():
        monkeypatch.setenv(name, value)
    assert notify.notify_operators_of_failure("0123456789abcdef", "blocked by data checks: raw/deltagare quality: x")
    (mail,) = inbox.messages
    assert subject(mail) == "ESF-lagret: körningen misslyckades (01234567)"
    assert "failed and published nothing" in mail.get_payload(decode=True).decode()


def test_e_mail_is_off_by_default(tmp_path, smtp_server):
    _port, inbox = smtp_server
    env = {k: "" for k in ("ESF_SMTP_HOST", "ESF_OPERATOR_EMAILS")}
    assert esf_run(REPO / "data_samples" / "bad", tmp_path / "esf.duckdb", **env).returncode == 3
    assert inbox.messages == []
