"""Chinese sort order by pinyin (names, units), offline and without Qt.

`pinyin_key(text)` maps every ideograph to a private-use code point holding its rank in
ICU's Chinese collation (resources/collation/zh-pinyin-order.txt, written by
build_scripts/make_pinyin_order.py), so a plain string comparison of two keys orders
安琪 < 陈强 < 李娜 < 刘芳 < 王建国 < 张伟 — where code points give 刘 < 张 < 李 < 王 < 陈.
Digits and Latin letters keep their code points (below the ranks) and compare
case-insensitively; characters outside the table sort after every listed ideograph.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from desktop_app.app_paths import resource_path

T = TypeVar("T")
S = TypeVar("S", bound="str | None")
_BASE = 0xF0000  # Supplementary Private Use Area-A: above every character a name holds


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    order = resource_path("collation", "zh-pinyin-order.txt").read_text(encoding="utf-8").strip()
    return {ord(ch): chr(_BASE + rank) for rank, ch in enumerate(order)}


def pinyin_key(text: str | None) -> str:
    """A sort key: compare keys as strings. None and "" sort first."""
    if not text:
        return ""
    return text.casefold().translate(_table())


@overload
def sort_pinyin(items: Iterable[S], key: None = None, *, reverse: bool = False) -> list[S]: ...
@overload
def sort_pinyin(items: Iterable[T], key: Callable[[T], str | None], *, reverse: bool = False) -> list[T]: ...


def sort_pinyin(items: Iterable[Any], key: Callable[[Any], str | None] | None = None, *,
                reverse: bool = False) -> list[Any]:
    """Items sorted by pinyin of key(item) (of the item itself, a text, when key is None)."""
    if key is None:
        return sorted(items, key=pinyin_key, reverse=reverse)
    return sorted(items, key=lambda x: pinyin_key(key(x)), reverse=reverse)
