"""Answers about roles by industry: what the operator does, training, licences, kinds of roles."""

from __future__ import annotations

from bot.knowledge.repository import RoleInfo

REGULATED = ("asigurari", "financiar")


def _general(roles: dict[str, RoleInfo]) -> RoleInfo:
    return roles["general"]


def duties_answer(roles: dict[str, RoleInfo], industry: str | None = None) -> str:
    general = _general(roles)
    role = roles.get(industry or "general", general)
    if role.industry == "general":
        return (general.tasks_ro or "") + (
            " Te pot lămuri și ce faci în retail, telecomunicații, utilități sau asigurări."
        )
    if role.tasks_ro:
        return role.tasks_ro
    return (
        f"Nu am detalii despre sarcinile unui operator în {role.name_ro}: știu doar că există call center-e "
        f"care lucrează în acest domeniu. În general: {general.tasks_ro}"
    )


def training_answer(roles: dict[str, RoleInfo], industry: str | None = None) -> str:
    general = _general(roles)
    role = roles.get(industry or "general", general)
    if role.industry != "general" and role.training_ro:
        text = role.training_ro
        if role.licence_ro:
            text += " " + role.licence_ro
        return text
    if role.industry != "general":
        return f"Nu am o durată separată pentru {role.name_ro}. {general.training_ro}"
    regulated = [r for r in roles.values() if r.industry in REGULATED and r.training_ro]
    extra = " În domeniul financiar sau al asigurărilor, instruirea poate dura câteva luni." if regulated else ""
    return (general.training_ro or "") + extra


def licence_answer(roles: dict[str, RoleInfo], industry: str | None = None) -> str:
    role = roles.get(industry or "general")
    if role is not None and role.licence_ro:
        return role.licence_ro
    licensed = [r for r in roles.values() if r.licence_ro]
    licence_text = licensed[0].licence_ro if licensed else ""
    if role is not None and role.industry != "general":
        return (
            f"Nu am informații despre o licență pentru {role.name_ro}: licența profesională e pomenită doar "
            f"pentru call center-ele din domeniul financiar și al asigurărilor. {licence_text}"
        )
    return f"O licență profesională e pomenită doar pentru domeniul financiar și al asigurărilor. {licence_text}"


def role_types_answer(roles: dict[str, RoleInfo]) -> str:
    industries = [r for r in roles.values() if r.industry != "general"]
    common = [r.name_ro for r in industries if r.most_common]
    others = [r.name_ro for r in industries if not r.most_common]
    text = "Reprezentanții call center sunt o parte vitală aproape în fiecare industrie."
    if common:
        text += f" Cei mai mulți lucrează în {', '.join(common)}, dar există locuri de muncă și în alte sectoare:"
    else:
        text += " Poți lucra, de exemplu, în:"
    text += " " + ", ".join(others) + "."
    text += (
        " Fiecare rol are așteptările lui și cere o anumită pregătire: de exemplu, într-o agenție de asigurări "
        "trebuie să cunoști bine tipurile de polițe. Alege un domeniu ca să-ți spun ce faci acolo."
    )
    return text


def industry_buttons(roles: dict[str, RoleInfo], limit: int = 5) -> list[dict[str, str]]:
    """Buttons that ask what the operator does in each industry that has described tasks."""
    described = [r for r in roles.values() if r.industry != "general" and r.tasks_ro][:limit]
    return [
        {"title": r.name_ro.capitalize(), "payload": f'/ask_duties{{"industry": "{r.industry}"}}'} for r in described
    ]
