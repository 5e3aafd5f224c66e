"""A failed or blocked run e-mails the operators (SMTP from the environment, off by default),
tested against a local SMTP server that the test starts."""
from conftest import REPO, esf_run


def test_a_blocked_run_mails_the_operators_what_stopped_it(tmp_path, smtp_server):
    port, inbox = smtp_server
    result = esf_run(REPO / "data_samples" / "bad", tmp_path / "esf.duckdb", ESF_SMTP_HOST="127.0.0.1",
                     ESF_SMTP_PORT=str(port), ESF_OPERATOR_EMAILS="drift@example.org, jour@example.org",
                     ESF_MAIL_FROM="esf@example.org")
    assert result.returncode == 1
    (mail,) = inbox.messages
    assert mail["To"] == "drift@example.org, jour@example.org" and mail["From"] == "esf@example.org"
    assert "misslyckades" in mail["Subject"]
    body = " ".join(mail.get_payload(decode=True).decode().split())
    assert "blocked by data checks" in body and "anstallningar/row_reasons.csv: 20 of 24 rows quarantined" in body


def test_e_mail_is_off_by_default(tmp_path, smtp_server):
    _port, inbox = smtp_server
    env = {k: "" for k in ("ESF_SMTP_HOST", "ESF_OPERATOR_EMAILS")}
    assert esf_run(REPO / "data_samples" / "bad", tmp_path / "esf.duckdb", **env).returncode == 1
    assert inbox.messages == []
