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


def mask_name(value: str) -> str:
    """``张三丰`` → ``张*``: a person's name shown without their consent keeps the first character
    only (one star, whatever the length, so the length is not told either)."""
    value = (value or "").strip()
    if not value:
        return ""
    return f"{value[0]}*"
