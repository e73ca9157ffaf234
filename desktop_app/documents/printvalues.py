"""How a field's value is printed: plain text for a cell, inline items for the layout engine,
and the glyph check that refuses a character no font has before anything is drawn."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from desktop_app.documents.fonts import FontChain, MissingGlyphError, clean_text
from desktop_app.documents.textlayout import Blank, Box, Break, Gap, Item, Option, Text, keep

DATE_SKELETON = "　　年　　月　　日"
MONTH_DAY_SKELETON = "　　月　　日"
GENDER_OPTIONS = (("男", "男"), ("女", "女"))


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def date_text(value: Any) -> str:
    """"2023-05-20" → "2023年5月20日" (as written on Chinese forms); unparsable text as is."""
    if isinstance(value, dt.date):
        d = value
    else:
        try:
            d = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


def month_day_text(value: Any) -> str:
    text = str(value).strip()
    try:
        month, day = (int(p) for p in text.split("-")[-2:])
    except ValueError:
        return text
    return f"{month}月{day}日"


def options_of(field: Any) -> tuple[tuple[str, str], ...]:
    if getattr(field, "type", "") == "gender" and not field.options:
        return GENDER_OPTIONS
    return tuple((o.value, o.label) for o in field.options)


def chosen_set(field: Any, value: Any) -> set[str]:
    if empty(value):
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(v) for v in value}
    return {str(value)}


def plain_text(field: Any, value: Any) -> str:
    """The value as one line of text (rosters, detail sheets, glyph checks)."""
    if empty(value):
        return ""
    t = field.type
    if t == "date":
        return date_text(value)
    if t == "month_day":
        return month_day_text(value)
    if t == "bool":
        return "是" if value else "否"
    if t in ("choice", "multi_choice"):
        chosen = chosen_set(field, value)
        labels = [label for v, label in options_of(field) if v in chosen]
        known = {v for v, _ in options_of(field)}
        labels += sorted(str(v) for v in chosen - known)
        return "、".join(labels)
    return clean_text(str(value))


def value_items(
    field: Any, value: Any, *, layout: str | None = None, box: str | None = None, inline: bool = False
) -> list[Item]:
    """Inline items for a value. ``inline`` (header/footer lines and parts): an empty value
    leaves a slot to write in (underlined), dates show the 年 月 日 skeleton."""
    t = field.type
    if t in ("choice", "multi_choice", "gender"):
        chosen = chosen_set(field, value)
        opts = options_of(field)
        if t == "gender" and not empty(value) and str(value) not in {v for v, _ in opts}:
            return [Text(clean_text(str(value)))]
        items: list[Item] = []
        vertical = (layout or "horizontal") == "vertical"
        for i, (v, label) in enumerate(opts):
            if i:
                items.append(Break() if vertical else Gap(1.0))
            items.append(Option(clean_text(label), v in chosen, box_after=(box == "after")))
        return items
    if t == "bool":
        return [Box(bool(value) and not empty(value))]
    if t == "date":  # a date group ("2023年6月25日", "　　年　　月　　日") never splits
        if empty(value):
            return [keep(Text(DATE_SKELETON))] if inline else []
        return [keep(Text(date_text(value)))]
    if t == "month_day":
        if empty(value):
            return [keep(Text(MONTH_DAY_SKELETON))]
        return [keep(Text(month_day_text(value)))]
    if empty(value):
        if not inline:
            return []
        return [Blank(2.0 if t in ("int", "money") else 7.0, underline=True)]
    text = clean_text(str(value))
    return [Text(text, underline=inline)]


_FIRST_UNIT = re.compile(r"[A-Za-z0-9.\-_/@:%+#&'()]+|.", re.DOTALL)
SHORT_KEEP = 16  # a text value up to this many characters stays on its label's line


def with_label(label: list[Item], value: list[Item], field: Any) -> list[Item]:
    """A label ending in "：" and its value as one unit that never splits ("总人数：40",
    "填表日期：　　年　　月　　日"); long text keeps only its first item with the label, and a
    choice its first option."""
    if not value:
        return [keep(*label)] if label else []
    t = getattr(field, "type", "")
    if t in ("choice", "multi_choice", "multiline"):
        return [keep(*label, value[0])] + value[1:]
    if t == "text":
        first = value[0]
        if isinstance(first, Text) and len(first.text) > SHORT_KEEP:
            unit = _FIRST_UNIT.match(first.text)  # a whole word or one character: always matches
            head = unit.group(0) if unit else first.text[:1]
            split: list[Item] = [keep(*label, Text(head, first.underline)),
                                 Text(first.text[len(head):], first.underline)]
            return split + value[1:]
    return [keep(*label, *value)]


def is_label(item: Item) -> bool:
    return isinstance(item, Text) and item.text.rstrip().endswith(("：", ":"))


def check_glyphs(chain: FontChain, entries: Iterable[tuple[str, str]], where: str) -> None:
    """Raise MissingGlyphError (naming ``where``, the label and the character) for the first
    text that holds a character no face has. ``entries``: (label, text)."""
    for label, text in entries:
        if not text:
            continue
        ch = chain.missing(text)
        if ch is not None:
            raise MissingGlyphError(ch, where, label, text)
