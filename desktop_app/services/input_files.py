"""Small input files a clerk points the program at: passphrase files and record JSON.

Hostile or clumsy input (issue 20): a FIFO made ``read_text`` wait for ever, /dev/zero grew
past 2.9 GB, a passphrase saved by Notepad as "ANSI" (GBK) or UTF-16 was "内部错误", deep
JSON nesting raised RecursionError. Here: regular files only (checked on the open file, and a
FIFO is never opened for reading), a byte cap read without trusting the size, and text decoded
as UTF-8 (with or without BOM), UTF-16 with a BOM, or GBK — anything else is a clear message.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from desktop_app.disk_errors import why
from desktop_app.services.errors import ValidationFailed

MAX_PASSPHRASE_FILE = 4 * 1024
MAX_JSON_FILE = 50 * 1024 * 1024
SAFE_INT = 2**53  # exact in every JSON reader, fits SQLite's 64-bit integers with room
MAX_TEXT = 20_000  # characters in one field


def read_small_file(path: str | os.PathLike[str], *, what: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ValidationFailed (Chinese) else."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError as exc:
        raise ValidationFailed(f"找不到{what}“{p}”。") from exc
    except OSError as exc:
        raise ValidationFailed(f"无法读取{what}“{p}”：{_why(exc)}") from exc
    _require_regular(st.st_mode, p, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise ValidationFailed(f"无法读取{what}“{p}”：{_why(exc)}") from exc
    try:
        _require_regular(os.fstat(fd).st_mode, p, what)  # swapped for a FIFO in between
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(65536, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise ValidationFailed(f"无法读取{what}“{p}”：{_why(exc)}") from exc
    finally:
        os.close(fd)
    if total > max_bytes:
        limit = f"{max_bytes // 1024} KB" if max_bytes < 1024 * 1024 else f"{max_bytes // 1048576} MB"
        raise ValidationFailed(f"{what}“{p}”超过 {limit}，不像是{what}，已拒绝读取。请确认选择的文件是否正确。")
    return b"".join(chunks)


def _require_regular(mode: int, p: Path, what: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "文件夹"
    elif stat.S_ISFIFO(mode):
        kind = "管道（FIFO）"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "设备"
    else:
        kind = "特殊文件"
    raise ValidationFailed(f"“{p}”是{kind}，不是普通文件，不能作为{what}。请选择一个普通的文本文件。")


def _why(exc: OSError) -> str:
    return why(exc) + "。"


def decode_text(data: bytes, *, what: str, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, or GBK; no NUL or other control characters."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gbk"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text) or "\x7f" in text:
            break  # UTF-16 without a BOM, a binary file: not text
        return text
    raise ValidationFailed(
        f"{what}“{name}”不是可识别的文本（应为 UTF-8、GBK 或带 BOM 的 UTF-16 编码）。"
        "请用记事本打开后“另存为”，编码选“UTF-8”，再重新选择。"
    )


def read_passphrase_file(path: str | os.PathLike[str]) -> str:
    """The first line of a passphrase file (issue 20, point 5)."""
    what = "口令文件"
    text = decode_text(read_small_file(path, what=what, max_bytes=MAX_PASSPHRASE_FILE), what=what, name=str(path))
    text = text.lstrip("\ufeff")
    line = text.splitlines()[0] if text.strip() else ""
    if not line.strip():
        raise ValidationFailed(f"口令文件“{path}”是空的。")
    return line


# ---------------------------------------------------------------------------------------------
# Record JSON


def read_json_file(path: str | os.PathLike[str], *, what: str = "数据文件") -> Any:
    """A JSON document from a file: UTF-8, no NaN/Infinity, nesting a person can type."""
    data = read_small_file(path, what=what, max_bytes=MAX_JSON_FILE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(f"{what} {path} 不是 UTF-8 文本（JSON 文件应保存为 UTF-8 编码）。") from exc

    def no_constant(name: str) -> Any:
        raise ValueError(f"{name} 不是数字")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"{what} {path} 第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误：{exc.msg}") from exc
    except RecursionError as exc:
        raise ValidationFailed(f"{what} {path} 的 JSON 嵌套层数过多，不是记录数据。") from exc
    except ValueError as exc:  # NaN / Infinity
        raise ValidationFailed(f"{what} {path} 含有非数字的数值（{exc}），请改为普通数字。") from exc


def scalar_problem(value: Any, *, allow_list: bool = False) -> str | None:
    """Why a field's value cannot be kept (None if it can): text, a number within ±2^53, yes/no,
    empty — or, for a multiple choice, a short list of texts."""
    t = type(value)
    if value is None or t is bool:
        return None
    if t is str:
        return "文字过长" if len(value) > MAX_TEXT else None
    if t is int:
        return None if -SAFE_INT < value < SAFE_INT else f"数字 {_shown(value)} 超出范围"
    if t is float:
        return None if math.isfinite(value) and abs(value) < SAFE_INT else "数字超出范围"
    if t is list and allow_list:
        if len(value) > 100 or any(type(v) is not str or len(v) > 200 for v in value):
            return "多选项应为不超过 100 个的文字列表"
        return None
    if t in (list, dict):
        return "应为文字或数字，不能是列表或对象"
    return "含有无法识别的值"


def _shown(value: int) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:10] + "…" + f"（{len(text)} 位）"
