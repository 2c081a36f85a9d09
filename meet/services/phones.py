"""The one place that reads mainland China mobile numbers: whatever the rider typed becomes the
eleven digits we store, compare for duplicates and export."""

from __future__ import annotations

import re
import unicodedata

# Mainland mobile numbers: 11 digits starting with 13..19 (MIIT numbering plan).
MOBILE = re.compile(r"1[3-9][0-9]{9}")
# What people type around the digits: spaces (also the full-width one), dashes, dots, brackets.
SEPARATORS = re.compile(r"[\s\-–—.()（）]")


class PhoneError(ValueError):
    """The text is not a mainland mobile number."""


def normalise_phone(raw: str) -> str:
    """'+86 138-0013-8000', '0086 13800138000', '１３８００１３８０００' -> '13800138000'."""
    # NFKC turns full-width digits and the full-width plus from Chinese keyboards into ASCII.
    text = SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    else:
        if len(text) == 13 and text.startswith("86"):
            text = text[2:]
    if not MOBILE.fullmatch(text):
        raise PhoneError(raw)
    return text
