"""How a field's value is printed: plain text for a cell, inline items for the layout engine,
and the glyph check that refuses a character no font has before anything is drawn."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from desktop_app.core.field_types import date_text, field_type, month_day_text
from desktop_app.documents.fonts import FontChain, MissingGlyphError, clean_text
from desktop_app.documents.textlayout import Blank, Box, Break, Gap, Item, Option, Text, keep

DATE_SKELETON = "　　年　　月　　日"
MONTH_DAY_SKELETON = "　　月　　日"


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def options_of(field: Any) -> tuple[tuple[str, str], ...]:
    """(value, label) printed beside boxes (a gender field without options: 男 / 女)."""
    return field_type(field.type).options(field)


def chosen_set(field: Any, value: Any) -> set[str]:
    if empty(value):
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(v) for v in value}
    return {str(value)}


def plain_text(field: Any, value: Any) -> str:
    """The value as one line of text (rosters, detail sheets, glyph checks): the type's
    ``print_text``, cleaned for printing."""
    return clean_text(field_type(field.type).print_text(field, value))


def value_items(
    field: Any, value: Any, *, layout: str | None = None, box: str | None = None, inline: bool = False
) -> list[Item]:
    """Inline items for a value. ``inline`` (header/footer lines and parts): an empty value
    leaves a slot to write in (underlined), dates show the 年 月 日 skeleton."""
    ft = field_type(field.type)
    if ft.boxed and not ft.tick_box:  # options beside boxes
        chosen = chosen_set(field, value)
        opts = ft.options(field)
        if not ft.has_options and not empty(value) and str(value) not in {v for v, _ in opts}:
            return [Text(clean_text(str(value)))]  # a gender the boxes cannot show
        items: list[Item] = []
        vertical = (layout or "horizontal") == "vertical"
        for i, (v, label) in enumerate(opts):
            if i:
                items.append(Break() if vertical else Gap(1.0))
            items.append(Option(clean_text(label), v in chosen, box_after=(box == "after")))
        return items
    if ft.tick_box:
        return [Box(bool(value) and not empty(value))]
    if ft.dated:  # a date group ("2023年6月25日", "　　年　　月　　日") never splits
        if empty(value):
            return [keep(Text(DATE_SKELETON))] if inline else []
        return [keep(Text(date_text(value)))]
    if ft.day_of_year:
        if empty(value):
            return [keep(Text(MONTH_DAY_SKELETON))]
        return [keep(Text(month_day_text(value)))]
    if empty(value):
        if not inline:
            return []
        return [Blank(2.0 if ft.numeric else 7.0, underline=True)]
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
    ft = field_type(field.type)
    if ft.has_options or ft.long_text:
        return [keep(*label, value[0])] + value[1:]
    if ft.free_text:
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
