"""Rules on policy itself: ids are unique and every reference points at something real."""

from __future__ import annotations

from collections.abc import Iterator

from ...facts.checklists import field_exists
from ...facts.incident import POSTMORTEM_SECTIONS
from ...load.project import Project
from ...load.yamlsource import Key, SourceMap
from ...model.incident import MILESTONES, PLAIN_KINDS, Incident
from ...model.policy import Rule
from ...problems import Problem, ProblemSink, shorten
from .ids import defined_once
from .incidents import IMPACT, RESPONSE
from .people import check_people_policy


def _walk_rules(rule: Rule, loc: Key) -> Iterator[tuple[Rule, Key]]:
    yield rule, loc
    for key in ("any", "all"):
        for i, sub in enumerate(getattr(rule, key) or []):
            yield from _walk_rules(sub, (*loc, key, i))


def check_policy(project: Project) -> list[Problem]:
    policy = project.policy
    if policy is None:
        return []
    problems: list[Problem] = []

    def sink(section: str) -> tuple[ProblemSink, Key]:
        path, _ = project.policy_sources[section]
        return ProblemSink(path, problems), (section,)

    def pos(section: str, loc: Key, *, key: bool = False) -> tuple[int, int]:
        return project.policy_sources[section][1].locate(loc, key=key)

    s, base = sink("severities")
    defined_once(
        s,
        ((sev.id, pos("severities", (*base, i, "id"))) for i, sev in enumerate(policy.severities)),
        "severity",
    )
    seen = {sev.id for sev in policy.severities}

    s, base = sink("flows")
    flow_ids = [f.id for f in policy.flows.flows]
    defined_once(
        s,
        ((f.id, pos("flows", (*base, "flows", i, "id"))) for i, f in enumerate(policy.flows.flows)),
        "flow",
    )
    defined_once(
        s,
        (
            (a.id, pos("flows", (*base, "aspects", i, "id")))
            for i, a in enumerate(policy.flows.aspects)
        ),
        "flow aspect",
    )
    for i, aspect in enumerate(policy.flows.aspects):
        for key in aspect.values:
            if key not in flow_ids:
                s.error(
                    pos("flows", (*base, "aspects", i, "values", key), key=True),
                    f"aspect {aspect.id!r} names unknown flow {shorten(key)!r} (flows: {', '.join(flow_ids)})",
                    "unknown-flow",
                )
        for flow in flow_ids:
            if flow not in aspect.values:
                s.warning(
                    pos("flows", (*base, "aspects", i, "values")),
                    f"aspect {aspect.id!r} has no text for flow {flow!r}",
                    "flow-missing-value",
                )

    kinds = (*MILESTONES, *PLAIN_KINDS, *(d.id for d in policy.milestones))
    problems.extend(_check_timing(project))

    s, base = sink("checklists")
    defined_once(
        s,
        ((c.id, pos("checklists", (*base, i, "id"))) for i, c in enumerate(policy.checklists)),
        "checklist",
    )
    claimed: dict[str, str] = {}
    for c, checklist in enumerate(policy.checklists):
        # A record gets the first checklist of its workflow: a second one claiming it would
        # be published and never ticked.
        for w, workflow in enumerate(checklist.workflows):
            if workflow.value in claimed:
                s.error(
                    pos("checklists", (*base, c, "workflows", w)),
                    f"workflow {workflow.value!r} already has checklist "
                    f"{claimed[workflow.value]!r}; a workflow has one checklist",
                    "duplicate-id",
                )
            else:
                claimed[workflow.value] = checklist.id
        defined_once(
            s,
            (
                (sec.id, pos("checklists", (*base, c, "sections", i, "id")))
                for i, sec in enumerate(checklist.sections)
            ),
            f"section of checklist {checklist.id!r}",
        )
        defined_once(
            s,
            (
                (item.id, pos("checklists", (*base, c, "sections", si, "items", ii, "id")))
                for si, section in enumerate(checklist.sections)
                for ii, item in enumerate(section.items)
            ),
            "checklist item",
        )
        for si, section in enumerate(checklist.sections):
            for ii, item in enumerate(section.items):
                loc = (*base, c, "sections", si, "items", ii)
                if item.rule is None:
                    continue
                for rule, rloc in _walk_rules(item.rule, (*loc, "rule")):
                    if rule.event is not None and rule.event not in kinds:
                        s.error(
                            pos("checklists", (*rloc, "event")),
                            f"unknown event kind {shorten(rule.event)!r} (known: {', '.join(kinds)})",
                            "unknown-event-kind",
                        )
                    if rule.field is not None and not field_exists(Incident, rule.field):
                        s.error(
                            pos("checklists", (*rloc, "field")),
                            f"rule field {shorten(rule.field)!r} is not a field of an incident record",
                            "policy-rule-field",
                        )

    s, base = sink("postmortem")
    for i, sev_id in enumerate(policy.postmortem.required_for):
        if sev_id not in seen:
            s.error(
                pos("postmortem", (*base, "required_for", i)),
                f"unknown severity {sev_id!r} (known: {', '.join(sorted(seen))})",
                "unknown-severity",
            )
    for i, name in enumerate(policy.postmortem.required_sections):
        if name not in POSTMORTEM_SECTIONS:
            s.error(
                pos("postmortem", (*base, "required_sections", i)),
                f"unknown post-mortem section {shorten(name)!r} (known: {', '.join(POSTMORTEM_SECTIONS)})",
                "policy-postmortem-section",
            )
    problems.extend(check_people_policy(project))
    problems.extend(_one_playbook_per_workflow(project))
    return problems


def _one_playbook_per_workflow(project: Project) -> list[Problem]:
    """duplicate-id for a second playbook of a workflow: records of the workflow, the
    severity table and "start here" link to one playbook, and the other would be
    published as if it were followed. The one named like its workflow is kept."""
    problems: list[Problem] = []
    books = sorted(
        project.playbooks.values(),
        key=lambda entry: (
            entry[1].workflow is None or entry[1].id != entry[1].workflow.value,
            entry[0],
        ),
    )
    claimed: dict[str, str] = {}
    for path, book, source in books:
        if book.workflow is None:
            continue
        first = claimed.setdefault(book.workflow.value, book.id)
        if first != book.id:
            ProblemSink(path, problems).error(
                source.locate(("workflow",)),
                f"workflow {book.workflow.value!r} already has playbook {first!r}; a workflow "
                "has one playbook (leave 'workflow' out of a playbook that is not one)",
                "duplicate-id",
            )
    return problems


def _backwards(starts: list[str], ends: list[str]) -> bool:
    """Does every start come after every end it can be compared with (and one can be)?
    Compared within one of the chains milestone-order checks records by: detection may
    come before impact starts."""
    pairs = [
        chain.index(a) > chain.index(b)
        for a in starts
        for b in ends
        for chain in (RESPONSE, IMPACT)
        if a in chain and b in chain
    ]
    return bool(pairs) and all(pairs)


#: The fixed columns of incidents.csv named like an interval's ``<id>_seconds`` (see
#: generator.exports.table, not imported here: validating must not load the exports).
CSV_SECONDS_COLUMNS = frozenset({"duration_seconds"})


def _check_timing(project: Project) -> list[Problem]:
    """Declared milestones, intervals and measures refer to things that exist."""
    policy = project.policy
    assert policy is not None
    problems: list[Problem] = []

    def where(section: str) -> tuple[ProblemSink, SourceMap] | None:
        if section not in project.policy_sources:
            return None
        path, source = project.policy_sources[section]
        return ProblemSink(path, problems), source

    names = [*MILESTONES]
    found = where("milestones")
    if found is not None:
        s, source = found
        for i, m in enumerate(policy.milestones):
            if m.id in names or m.id in PLAIN_KINDS:
                s.error(
                    source.locate(("milestones", i, "id")),
                    f"milestone {m.id!r} is already defined"
                    + (" (built in)" if m.id in MILESTONES or m.id in PLAIN_KINDS else ""),
                    "duplicate-id",
                )
            names.append(m.id)
    ids: list[str] = []
    found = where("intervals")
    if found is not None:
        s, source = found
        headlines = 0
        defined_once(
            s,
            (
                (spec.id, source.locate(("intervals", i, "id")))
                for i, spec in enumerate(policy.intervals)
            ),
            "interval",
        )
        for i, spec in enumerate(policy.intervals):
            loc = ("intervals", i)
            ids.append(spec.id)
            if f"{spec.id}_seconds" in CSV_SECONDS_COLUMNS:
                # Each interval is a <id>_seconds column of incidents.csv: this one would
                # be a second column of the name, read in place of the first by name.
                s.error(
                    source.locate((*loc, "id")),
                    f"interval id {spec.id!r} would give incidents.csv a second "
                    f"'{spec.id}_seconds' column (the headline's); choose another id",
                    "duplicate-id",
                )
            headlines += spec.headline
            if _backwards(spec.start, spec.end):
                s.warning(
                    source.locate((*loc, "start")),
                    f"interval {spec.id!r} runs backwards: {' or '.join(spec.start)} comes "
                    f"after {' or '.join(spec.end)} in every incident, so it is negative",
                    "interval-backwards",
                )
            for end in ("start", "end"):
                for j, name in enumerate(getattr(spec, end)):
                    if name not in names:
                        s.error(
                            source.locate((*loc, end, j)),
                            f"unknown milestone {shorten(name)!r} (known: {', '.join(names)})",
                            "unknown-milestone",
                        )
        if headlines > 1:
            s.error(
                source.locate(("intervals",)),
                f"{headlines} intervals are marked headline; mark exactly one",
                "interval-headline",
            )
    else:
        ids = [i.id for i in policy.intervals]
    found = where("measures")
    if found is not None:
        s, source = found
        for key in ("response_target", "resolve_target", "mtta", "mttr"):
            value = getattr(policy.measures, key)
            if value not in ids:
                s.error(
                    source.locate(("measures", key)),
                    f"unknown interval {shorten(value)!r} (policy defines {', '.join(ids)})",
                    "unknown-interval",
                )
    return problems
