"""The economic classification of expenditure (支出经济分类): what the money is spent on, beside
the functional classification (what for). 部门预算支出经济分类 (301 工资福利支出, 302 商品和
服务支出 …) and 政府预算支出经济分类 (501 机关工资福利支出 …), 类 (3 digits) and 款 (5 digits),
shipped as ``budget/data/economic_<year>.tsv`` (the 2025 list, to be checked against the
Ministry of Finance's file). A line may carry one code; the import checks it against the list."""

from __future__ import annotations

import functools
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def economic_codes() -> dict[str, str]:
    """Code → name, from the latest shipped list."""
    editions = sorted(DATA_DIR.glob("economic_*.tsv"))
    codes: dict[str, str] = {}
    for line in editions[-1].read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, name = line.split("\t", 1)
            codes[code.strip()] = name.strip()
    return codes


def economic_name(code: str) -> str:
    return economic_codes().get(code or "", "")


def class_of(code: str) -> str:
    """The 类 (first three digits) of an economic code."""
    return (code or "")[:3]
