"""Numbers of an English text and of its Chinese, matched allowing for Chinese units (issue 15):
Chinese counts people in 万, money in 亿 and tonnes in 万吨, so "1.24 million" is "124 万人"."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rustbelt import i18n


def _value(number: str) -> tuple[float, int]:
    """A number as written: its value and its decimals."""
    return float(number.replace(",", "").replace("−", "-")), len(number.partition(".")[2])


def unmatched(en: Iterable[str], zh: Iterable[str]) -> tuple[list[str], list[str]]:
    """The English numbers the Chinese does not carry, and the Chinese numbers left over. A
    Chinese number matches an English one written alike or, where the Chinese counts in 万 or 亿,
    the English one times a factor of rustbelt.i18n.UNIT_SCALES, equal within what the two
    roundings allow."""
    en, zh = Counter(en), Counter(zh)
    left = zh - en
    missing = []
    for number in (en - zh).elements():
        n, dn = _value(number)
        match = next((m for m in left.elements() if any(
            abs(_value(m)[0] - n * f) <= 0.5 * 10 ** -dn * f + 0.5 * 10 ** -_value(m)[1] + 1e-9
            for f in i18n.UNIT_SCALES.values())), None)
        if match is None:
            missing.append(number)
        else:
            left[match] -= 1
    return missing, list((+left).elements())


def scaled_from(number: str, english: Iterable[str]) -> bool:
    """Whether a Chinese ``number`` is one of the ``english`` numbers in 万 or 亿."""
    return not unmatched(english, [number])[1] and number not in set(english)
