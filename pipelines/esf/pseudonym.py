"""Pseudonymisation at the boundary: person_key = HMAC-SHA256(key, 12-digit personnummer) (SPEC §4)."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from esf.settings import DEMO_KEY, key_settings


class PseudonymKeyError(RuntimeError):
    """The key is missing, unreadable or not allowed in this environment."""


def load_key() -> bytes:
    """The key from ESF_PSEUDONYM_KEY (settings.key_settings): the key itself, or the path of a
    file holding it. Read when a run needs it, so that it never enters a run's config.

    The demo key is refused when ESF_ENV=production.
    """
    setting = key_settings()
    value = setting.value
    if not value:
        raise PseudonymKeyError(
            "ESF_PSEUDONYM_KEY is not set: give the key, or the path of a file holding it "
            f"(for the sample data: ESF_PSEUDONYM_KEY={DEMO_KEY})"
        )
    path = Path(value)
    if len(value) < 4096 and path.is_file():
        value = path.read_text(encoding="utf-8").strip()
    if is_demo_key(value) and setting.production:
        raise PseudonymKeyError("the published demo key is refused when ESF_ENV=production")
    return value.encode("utf-8")


def is_demo_key(value: str | bytes) -> bool:
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    return text == DEMO_KEY


def person_keys(pnr12_values: list[str], key: bytes) -> list[str]:
    """HMAC once per distinct person: the caller passes the distinct 12-digit forms."""
    return [hmac.new(key, v.encode("ascii"), hashlib.sha256).hexdigest() for v in pnr12_values]
