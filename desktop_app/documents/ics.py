"""iCalendar (RFC 5545) export of deadlines, written by hand: all-day VEVENTs that Outlook,
Thunderbird and phone calendars import. CRLF line ends, UTF-8, lines folded at 75 octets
without splitting a character, TEXT values escaped (backslash, semicolon, comma, newline).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    day: dt.date
    summary: str
    description: str = ""
    uid_seed: str = ""


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """RFC 5545 §3.1: at most 75 octets per line, continuation lines start with one space."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation line's leading space counts
        if size + n > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n ".join(out)


def calendar_text(events: Iterable[Event], *, name: str = "工会实事项目待办",
                  stamp: dt.datetime | None = None) -> str:
    stamp = stamp or dt.datetime.now(dt.UTC)
    dtstamp = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//UnionLedger//工会实事台账//ZH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for e in events:
        seed = f"{e.day.isoformat()}|{e.summary}|{e.uid_seed}"
        uid = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@unionledger",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{e.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(e.summary)}",
        ]
        if e.description:
            lines.append(f"DESCRIPTION:{escape_text(e.description)}")
        lines += ["TRANSP:TRANSPARENT", "BEGIN:VALARM", "ACTION:DISPLAY",
                  f"DESCRIPTION:{escape_text(e.summary)}", "TRIGGER:-P1D", "END:VALARM", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_bytes(events: Iterable[Event], **kw: object) -> bytes:
    return calendar_text(events, **kw).encode("utf-8")  # type: ignore[arg-type]
