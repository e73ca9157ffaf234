"""What the signed-in operator may do, on screen (issue 15 point 2).

The screen does not decide anything itself: it reads the map the services enforce
(``services.permissions.ACTS``) and greys out the buttons and menu items whose act the
operator's role may not do, with the reason as the tooltip ("只读账户不能登记、修改、作废或删除
记录（需要经办或管理员角色）"). No one logged in (a single-seat store without accounts):
everything stays as it was. The role does not change while the main window is open (a login
comes before it), so a refused widget stays refused; a widget whose state also depends on the
selection calls :func:`gate` again after setting it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop_app.services import permissions as perms

if TYPE_CHECKING:
    from desktop_app.services.app import App

REFUSAL_PROPERTY = "roleRefusal"  # the act's reason, kept on the widget (tests read it)


def role(app: "App") -> str | None:
    op = getattr(app, "operator", None)
    return op.role if op is not None else None


def refusal(app: "App", act: str) -> str | None:
    """Why the operator may not do ``act`` (Chinese), or None."""
    return perms.refusal(role(app), act)


def allowed(app: "App", act: str) -> bool:
    return refusal(app, act) is None


def gate(app: "App", act: str, *targets: Any) -> bool:
    """Disable the widgets / QActions the operator may not use for ``act``, the reason as
    their tooltip (and status tip). Allowed: they are left as they are. Returns allowed."""
    why = refusal(app, act)
    if why is None:
        return True
    for target in targets:
        if target is None:
            continue
        target.setEnabled(False)
        target.setToolTip(why)
        target.setProperty(REFUSAL_PROPERTY, why)
        if isinstance(target, QAction):
            target.setStatusTip(why)  # menus show it in the status bar (and as a tooltip: main_window)
    return False


def refused(target: QWidget | QAction) -> str | None:
    """The reason a widget or action was greyed out by :func:`gate` (None when it was not)."""
    value = target.property(REFUSAL_PROPERTY)
    return str(value) if value else None


def check(parent: QWidget | None, app: "App", act: str) -> bool:
    """For a shortcut that reaches an act without its (greyed-out) button: say why and stop."""
    why = refusal(app, act)
    if why is None:
        return True
    from desktop_app.gui import messages

    messages.info(parent, why + "。")
    return False
