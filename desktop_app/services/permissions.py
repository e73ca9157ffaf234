"""What each role may do (issue 15): the one map that both the services and the screen read.

A write service calls ``operators.require(session, ACT)`` with one of the acts below; the GUI
asks :func:`refusal` for the same act to grey out (with the reason as a tooltip) the buttons
and menu items that would be refused. So a button is offered exactly when the service would
accept the act (``tests/unit/test_permissions.py`` calls a service of every act as every role).

An administrator may do everything. No operator at all: allowed only on a store without
accounts (a single seat as before; ``operators.require`` checks that in the store).
"""

from __future__ import annotations

from typing import NamedTuple

ROLES: dict[str, str] = {"admin": "管理员", "clerk": "经办", "reviewer": "审核", "viewer": "只读"}


class Act(NamedTuple):
    role: str  # the role it needs (besides an administrator)
    what: str  # Chinese: "…账户不能{what}"


ACTS: dict[str, Act] = {
    "records": Act("clerk", "登记、修改、作废或删除记录"),
    "people": Act("clerk", "修改人员资料"),
    "units": Act("clerk", "新增或修改单位"),
    "print": Act("clerk", "打印记录（打印会登记打印次数）"),
    "import": Act("clerk", "导入名册或数据包"),
    "export": Act("clerk", "生成上报数据包或审核结果包"),
    "decide": Act("reviewer", "作出区总工会的审核决定"),
    "backup": Act("clerk", "备份数据库"),
    "restore": Act("admin", "用备份恢复数据库"),
    "settings": Act("admin", "修改设置"),
    "accounts": Act("admin", "管理账户"),
    "catalogue": Act("admin", "修改项目目录（项目、名额、年度）"),
    "keys": Act("admin", "管理数据交换密钥"),
}


def role_needed(what: str) -> str:
    """The role an act (or a role name itself) needs."""
    act = ACTS.get(what)
    return act.role if act is not None else what


def allows(role: str | None, what: str) -> bool:
    """Whether an operator of ``role`` may do ``what`` (an act or a role name)."""
    return role == "admin" or role == role_needed(what)


def refusal(role: str | None, what: str) -> str | None:
    """Why an operator of ``role`` may not do ``what`` (Chinese, for a message or a tooltip),
    or None when allowed. ``role`` None: no one is logged in (a store without accounts)."""
    if role is None or allows(role, what):
        return None
    act = ACTS.get(what)
    label = ROLES.get(role, role)
    doing = act.what if act is not None else "执行此操作"
    return f"{label}账户不能{doing}（{needs(what)}）"


def needs(what: str) -> str:
    """"需要经办或管理员角色" / "需要管理员角色"."""
    role = role_needed(what)
    return "需要管理员角色" if role == "admin" else f"需要{ROLES.get(role, role)}或管理员角色"
