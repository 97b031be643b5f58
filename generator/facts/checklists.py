"""Tick a policy checklist from a record's state.

An item with a rule is ticked when the rule holds on the record; an item without one is
ticked only by hand (``checklist: {item-id: true}`` in the record). Every tick says why,
so the site can show "ticked by rule" apart from "ticked by hand".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from ..model.common import model_of
from ..model.incident import STATUS_ORDER, EventKind, Incident
from ..model.policy import Checklist, Rule

How = Literal["rule", "manual", "open"]


@dataclass(frozen=True)
class Tick:
    id: str
    text: str
    done: bool
    how: How
    #: Human explanation of the rule ("timeline has a 'detected' event").
    reason: str


@dataclass(frozen=True)
class SectionTicks:
    id: str
    title: str
    items: list[Tick]


@dataclass(frozen=True)
class FilledChecklist:
    id: str
    title: str
    sections: list[SectionTicks]

    @property
    def done(self) -> int:
        return sum(t.done for s in self.sections for t in s.items)

    @property
    def total(self) -> int:
        return sum(len(s.items) for s in self.sections)


_MISSING = object()


def field_value(record: BaseModel, dotted: str) -> Any:
    """The value at a dotted path, or a sentinel when any step is absent."""
    current: Any = record
    for part in dotted.split("."):
        if current is None:
            return _MISSING
        current = getattr(current, part, _MISSING)
        if current is _MISSING:
            return _MISSING
    return current


def field_exists(model: type[BaseModel], dotted: str) -> bool:
    """Does the dotted path name a real field of ``model``? Used to validate policy rules."""
    current: Any = model
    for part in dotted.split("."):
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return False
        current = model_of(fields[part].annotation)
    return True


def _present(value: Any) -> bool:
    if value is _MISSING or value is None:
        return False
    if isinstance(value, str | list | dict):
        return bool(value)
    if isinstance(value, bool):
        return value
    return True


def holds(rule: Rule, incident: Incident) -> bool:
    """Evaluate a checklist rule against a record."""
    if rule.field is not None:
        value = field_value(incident, rule.field)
        if rule.equals is not None:
            return value is not _MISSING and value == rule.equals
        return _present(value)
    if rule.event is not None:
        return any(e.kind == rule.event for e in incident.timeline)
    if rule.status is not None:
        return STATUS_ORDER[incident.status] >= STATUS_ORDER[rule.status]
    if rule.task is not None:
        return any(t.id == rule.task and t.done for t in incident.increment.tasks)
    if rule.all_tasks is not None:
        tasks = incident.increment.tasks
        return bool(tasks) and all(t.done for t in tasks) == rule.all_tasks
    if rule.role is not None:
        return bool(incident.roles.get(rule.role))
    if rule.sent is not None:
        return any(
            e.kind == EventKind.COMMUNICATION and e.message == rule.sent for e in incident.timeline
        )
    if rule.any is not None:
        return any(holds(r, incident) for r in rule.any)
    if rule.all is not None:
        return all(holds(r, incident) for r in rule.all)
    return False


def _plain(value: object) -> str:
    """How a rule's expected value reads in YAML: ``true``, ``3``, ``'text'``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def describe(rule: Rule) -> str:
    """Plain-words form of a rule, shown beside each automatic tick."""
    if rule.field is not None:
        if rule.equals is not None:
            return f"{rule.field} is {_plain(rule.equals)}"
        return f"{rule.field} is filled in"
    if rule.event is not None:
        return f"timeline has a '{rule.event}' event"
    if rule.status is not None:
        return f"status reached '{rule.status.value}'"
    if rule.task is not None:
        return f"task {rule.task} is done"
    if rule.all_tasks is not None:
        return "every task is done"
    if rule.role is not None:
        return f"roles names the {rule.role}"
    if rule.sent is not None:
        return f"timeline has a communication event for message '{rule.sent}'"
    joiner, parts = (" or ", rule.any) if rule.any is not None else (" and ", rule.all or [])
    return joiner.join(describe(r) for r in parts)


#: Rule descriptions per checklist object: every incident of a big site shares one policy,
#: so each text is made once instead of once per incident (memory at 10,000 records).
_REASONS: dict[int, tuple[Checklist, dict[str, str]]] = {}


def _reasons(checklist: Checklist) -> dict[str, str]:
    held = _REASONS.get(id(checklist))
    if held is None or held[0] is not checklist:
        texts = {
            item.id: describe(item.rule)
            for section in checklist.sections
            for item in section.items
            if item.rule is not None
        }
        if len(_REASONS) > 64:  # a long-lived process (the preview) reloads policy
            _REASONS.clear()
        held = _REASONS[id(checklist)] = (checklist, texts)
    return held[1]


def fill(checklist: Checklist, incident: Incident) -> FilledChecklist:
    """The checklist with each item ticked (or not) from the record."""
    reasons = _reasons(checklist)
    sections = []
    for section in checklist.sections:
        ticks = []
        for item in section.items:
            if item.rule is not None:
                done = holds(item.rule, incident)
                ticks.append(Tick(item.id, item.text, done, "rule", reasons[item.id]))
            elif incident.checklist.get(item.id):
                ticks.append(Tick(item.id, item.text, True, "manual", "ticked by hand"))
            else:
                ticks.append(Tick(item.id, item.text, False, "open", "tick by hand when done"))
        sections.append(SectionTicks(section.id, section.title, ticks))
    return FilledChecklist(checklist.id, checklist.title, sections)
