"""Jiangsu 2021: free health checks for the eight worker groups (R-HC-6).

Province 100 yuan/person, the local union matches at least 100/person; women add the
两癌 screening, and occupational extras follow the notice (stairs → knee X-ray; long
standing or walking → leg-vein ultrasound; truck drivers → urinary ultrasound).
Re-exported by ``health``.  Parameters: ``js_province_subsidy``, ``js_local_min`` (yuan),
``js_long_standing_groups``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.core.findings import Evaluation, error
from desktop_app.core.money import format_yuan
from desktop_app.core.rules.common import merge_params, param_fen

DEFAULT_PARAMS: dict[str, Any] = {
    "js_province_subsidy": 100,  # R-HC-6
    "js_local_min": 100,
    "js_long_standing_groups": ["保安员", "商场信息员", "护工护理员"],
}

# R-HC-6: the eight Jiangsu groups and the extra items.
JIANGSU_GROUPS: tuple[str, ...] = (
    "快递员",
    "送餐员",
    "货车司机",
    "护工护理员",
    "家政服务员",
    "商场信息员",
    "房产中介员",
    "保安员",
)
EXTRA_TWO_CANCERS = "两癌筛查（乳腺癌、宫颈癌）"
EXTRA_KNEE_XRAY = "膝关节正侧位 X 光片"
EXTRA_LEG_VEINS = "双下肢静脉彩超"
EXTRA_URINARY = "泌尿系统超声"
KNEE_GROUPS: frozenset[str] = frozenset({"快递员", "送餐员"})  # stairs when delivering
URINARY_GROUPS: frozenset[str] = frozenset({"货车司机"})  # long sitting, little water
# Long standing / walking: a parameter (``js_long_standing_groups``) because the notice
# names the condition, not the groups; the default follows the usual reading.


def jiangsu_extras(
    group: str, gender: str | None, params: Mapping[str, Any] | None = None
) -> list[str]:
    """R-HC-6 extra items: 两癌 for women, knee X-ray, leg veins, urinary ultrasound."""
    p = merge_params(DEFAULT_PARAMS, params)
    extras = [EXTRA_TWO_CANCERS] if gender == "女" else []
    if group in KNEE_GROUPS:
        extras.append(EXTRA_KNEE_XRAY)
    if group in set(p["js_long_standing_groups"]):
        extras.append(EXTRA_LEG_VEINS)
    if group in URINARY_GROUPS:
        extras.append(EXTRA_URINARY)
    return extras


def evaluate_jiangsu(
    group: str | None,
    gender: str | None,
    local_match_fen: int | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-HC-6: eight groups, province 100/person + local match ≥ 100/person, extras.

    Computed: ``province_subsidy_fen``, ``local_match_fen``, ``subsidy_total_fen``, ``extras``.
    """
    p = merge_params(DEFAULT_PARAMS, params)
    province, local_min = param_fen(p, "js_province_subsidy"), param_fen(p, "js_local_min")
    ev = Evaluation(
        computed={
            "province_subsidy_fen": province,
            "local_match_fen": local_match_fen,
            "subsidy_total_fen": province + local_match_fen
            if local_match_fen is not None
            else None,
            "extras": [],
        }
    )
    if group is not None and group not in JIANGSU_GROUPS:
        ev.findings.append(
            error(
                "R-HC-6",
                f"“{group}”不属于八大群体（" + "、".join(JIANGSU_GROUPS) + "）（R-HC-6）",
                "group",
            )
        )
    elif group is not None:
        ev.computed["extras"] = jiangsu_extras(group, gender, p)
    if local_match_fen is not None and local_match_fen < local_min:
        ev.findings.append(
            error(
                "R-HC-6",
                f"地方配套补贴 {format_yuan(local_match_fen)}/人，低于 "
                f"{format_yuan(local_min)}/人（R-HC-6）",
                "local_match",
            )
        )
    return ev
