"""Personal data shown in part (PIPL): a phone number masked the way Chinese services show it,
138****0000 — the four digits before the last four hidden."""

import re


def mask_phone(value: str) -> str:
    """``13812340000`` → ``138****0000``; spaces and dashes dropped, a leading ``+`` kept; a
    number too short to mask usefully (under 9 digits) is hidden whole."""
    value = (value or "").strip()
    if not value:
        return ""
    plus = "+" if value.startswith("+") else ""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 9:
        return "****"
    return f"{plus}{digits[:-8]}****{digits[-4:]}"
