"""Build-time SVG diagrams: valid one-line XML, record text shown as text, pictures that
say what the data says."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import markdown
import pytest

from generator.diagrams import Bar, Mark, bar_chart, flow, gantt, line_chart, pie, timeline

NS = "{http://www.w3.org/2000/svg}"
T0 = datetime(2024, 3, 4, 14, 20, tzinfo=UTC)
SEED = [
    "Production Issue",
    "Assess Severity",
    "Create Hotfix Increment",
    "Implement Fix",
    "Test Critical Paths",
    "Deploy",
    "Verify Fix",
    "Post-Mortem",
]
HOSTILE = ["<script>alert(1)</script>", '" onload="x', "a & b 'c'"]


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def parse(svg: str) -> ET.Element:
    """The SVG as XML, after checking what every diagram promises."""
    assert "\n" not in svg and svg.startswith("<svg ")
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    # Scales down with its column (width 100% from the stylesheet), never up past its size.
    assert root.get("style") == f"max-width:{root.get('viewBox', '').split()[2]}px"
    assert root[0].tag == f"{NS}title" and root[0].text == root.get("aria-label")
    return root


def having(root: ET.Element, cls: str, tag: str | None = None) -> list[ET.Element]:
    return [
        e
        for e in root.iter()
        if cls in e.get("class", "").split() and (tag is None or e.tag == f"{NS}{tag}")
    ]


def texts(root: ET.Element, cls: str | None = None) -> list[str]:
    """What each label says; the tick labels of an axis row are one text element with a
    tspan per tick, each its own label."""
    nodes = root.iter(f"{NS}text") if cls is None else having(root, cls, "text")
    shown: list[str] = []
    for n in nodes:
        if "pb-tick" in n.get("class", "").split() and len(n):
            shown.extend(t.text or "" for t in n.iter(f"{NS}tspan"))
        else:
            shown.append("".join(t.text or "" for t in n.iter() if t.tag != f"{NS}title"))
    return shown


def every_kind(label: str) -> dict[str, str]:
    """One output of every diagram, each carrying ``label`` in every place text can go."""
    return {
        "flow": flow([label, "next"], title=label),
        "timeline": timeline(
            [Mark(label, at(0), "detected"), Mark(label, None, label)], title=label
        ),
        "gantt": gantt([Bar(label, at(0), at(5), label)], title=label),
        "bar": bar_chart([label], {label: [1.0]}, title=label, y_label=label),
        "grouped": bar_chart([label], {label: [1.0]}, title=label, stacked=False),
        "line": line_chart([label], {label: [1.0]}, title=label, y_label=label),
        "pie": pie({label: 1.0}, title=label),
    }


@pytest.mark.parametrize("hostile", HOSTILE)
def test_record_text_is_shown_as_text_never_as_markup(hostile: str) -> None:
    for name, svg in every_kind(hostile).items():
        root = parse(svg)
        assert not [e for e in root.iter() if e.tag in (f"{NS}script", f"{NS}foreignObject")]
        for element in root.iter():
            assert not [a for a in element.attrib if a.startswith("on") or "href" in a], name
        shown = [t for e in root.iter() for t in (e.text, e.get("aria-label")) if t]
        assert hostile in shown, name


def test_control_characters_and_newlines_in_labels_keep_the_output_one_valid_line() -> None:
    for svg in every_kind("line one\n\nline\x00two\x1b\u2028").values():
        root = parse(svg)
        assert root.get("aria-label") == "line one line\ufffdtwo\ufffd"


def test_pictures_survive_python_markdown_with_material_extensions_untouched() -> None:
    # A standalone page (`playbook generate`) carries its pictures in a block-level element,
    # as every page does: a Markdown engine copies that through as raw HTML, so text in a
    # picture needs XML escaping only.
    label = "*now* __really__ ~~x~~ ==y== ^^z^^ `code` $x$ [a](http://e.test) :fire: @ops #12 www.e.test (c) 1/2 -- ... ++ctrl+c++ \\* &amp;"
    extensions = [
        "extra",
        "attr_list",
        "md_in_html",
        "smarty",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.mark",
        "pymdownx.tilde",
        "pymdownx.keys",
        "pymdownx.magiclink",
        "pymdownx.emoji",
        "pymdownx.smartsymbols",
        "pymdownx.critic",
        "pymdownx.inlinehilite",
        "pymdownx.arithmatex",
        "pymdownx.progressbar",
    ]
    for name, svg in every_kind(label).items():
        figure = f'<figure class="pb-diagram">{svg}</figure>'
        html = markdown.markdown(f"Before\n\n{figure}\n\nAfter", extensions=extensions)
        assert figure in html, name
        assert label in [e.text for e in parse(svg).iter()], name


def test_same_input_gives_byte_identical_output() -> None:
    assert every_kind("Deploy") == every_kind("Deploy")


@pytest.mark.parametrize(
    "draw",
    [
        lambda: flow([], title="t"),
        lambda: timeline([], title="t"),
        lambda: gantt([], title="t"),
        lambda: bar_chart([], {}, title="t"),
        lambda: bar_chart(["a"], {}, title="t"),
        lambda: line_chart(["a", "b"], {"s": [None, None]}, title="t"),
        lambda: pie({}, title="t"),
        lambda: pie({"a": 0, "b": 0}, title="t"),
    ],
)
def test_nothing_to_draw_gives_a_small_no_data_picture(draw: Callable[[], str]) -> None:
    svg = draw()
    assert texts(parse(svg), "pb-empty") == ["no data"]
    assert len(svg) < 800


def test_long_labels_are_cut_with_an_ellipsis_and_keep_their_full_text_as_tooltip() -> None:
    long = "Rolled back the authentication token validation change from release 1.2.3 " * 2
    root = parse(gantt([Bar(long, at(0), at(5))], title="t"))
    (name,) = having(root, "pb-row-label")
    assert name.text is not None and name.text.endswith("…") and len(name.text) < 40
    assert name[0].tag == f"{NS}title" and name[0].text == long.strip()


# Flow


def test_flow_shows_the_seed_steps_in_order_joined_by_seven_arrows_on_three_rows() -> None:
    root = parse(flow(SEED, title="Hotfix workflow"))
    nodes = having(root, "pb-node")
    assert [" ".join(s.text or "" for s in n.iter(f"{NS}tspan")) for n in nodes] == SEED
    assert len(having(root, "pb-arrow")) == 7
    rows = sorted({float(r.get("y", "")) for n in nodes for r in n.iter(f"{NS}rect")})
    assert len(rows) == 3
    # Narrow enough to stay legible when a phone shrinks it to ~360px.
    assert float(root.get("viewBox", "").split()[2]) <= 500


def test_flow_with_one_step_has_no_arrow() -> None:
    root = parse(flow(["Only"], title="t"))
    assert len(having(root, "pb-node")) == 1 and not having(root, "pb-arrow")


# Timeline


def test_cross_midnight_timeline_labels_both_dates_and_names_the_zone() -> None:
    night = datetime(2024, 3, 4, 23, 10, tzinfo=UTC)
    marks = [
        Mark("detected", night, "detected"),
        Mark("resolved", night + timedelta(hours=2), "resolved"),
    ]
    root = parse(timeline(marks, title="t"))
    assert texts(root, "pb-date") == ["2024-03-04", "2024-03-05"]
    assert texts(root, "pb-zone") == ["Times in UTC"]
    # Over two days, each tooltip names its day.
    hints = [g[0].text for g in having(root, "pb-mark")]
    assert hints == [
        "2024-03-04 23:10 · detected · detected",
        "2024-03-05 01:10 · resolved · resolved",
    ]


def test_timeline_converts_every_offset_into_the_chosen_zone() -> None:
    plus2 = timezone(timedelta(hours=2))
    marks = [
        Mark("A", datetime(2024, 3, 4, 16, 0, tzinfo=plus2), "detected"),
        Mark("B", datetime(2024, 3, 4, 14, 30, tzinfo=UTC), "resolved"),
    ]
    root = parse(timeline(marks, title="t"))
    hints = [g[0].text for g in having(root, "pb-mark")]
    # One day: it is written once, under the axis, and the tooltips give the time of day.
    assert hints == ["14:00 · detected · A", "14:30 · resolved · B"]
    assert texts(root, "pb-date") == ["2024-03-04"]
    assert {"14:00", "14:30"} <= set(texts(root, "pb-tick"))
    berlin = parse(timeline(marks, title="t", tz=ZoneInfo("Europe/Berlin")))
    assert texts(berlin, "pb-zone") == ["Times in Europe/Berlin (UTC+01:00)"]
    assert "15:00" in texts(berlin, "pb-tick")


def test_tooltips_name_the_day_when_the_axis_writes_none() -> None:
    # Four seconds: the axis has no tick in its range, so no day under it; the tooltips
    # must carry it.
    start = datetime(2024, 8, 14, 13, 42, 1, tzinfo=UTC)
    marks = [
        Mark("Alert fired", start, "detected"),
        Mark("On it", start + timedelta(seconds=4), "acknowledged"),
    ]
    root = parse(timeline(marks, title="t"))
    hints = [g[0].text for g in having(root, "pb-mark")]
    assert hints[0] == "2024-08-14 13:42 · detected · Alert fired", hints
    bars = parse(gantt([Bar("until acknowledged", start, start + timedelta(seconds=4))], title="t"))
    bar_hints = [g[0].text for g in having(bars, "pb-bar")]
    assert bar_hints[0].startswith("until acknowledged: 2024-08-14 13:42 → 2024-08-14 13:42")


def test_naive_times_are_taken_as_utc_not_as_this_machines_zone() -> None:
    naive = timeline([Mark("A", datetime(2024, 3, 4, 14, 0), "detected")], title="t")
    aware = timeline([Mark("A", datetime(2024, 3, 4, 14, 0, tzinfo=UTC), "detected")], title="t")
    assert naive == aware


def test_unknown_times_sit_between_their_neighbours_drawn_hollow() -> None:
    marks = [
        Mark("A", at(0), "detected"),
        Mark("B", None, "note"),
        Mark("C", None, "note"),
        Mark("D", at(30), "resolved"),
    ]
    root = parse(timeline(marks, title="t"))
    groups = having(root, "pb-mark")
    xs = [float(g.find(f"{NS}circle").get("cx", "")) for g in groups]  # type: ignore[union-attr]
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert [("pb-unknown" in g.get("class", "")) for g in groups] == [False, True, True, False]
    assert groups[1][0].text == "time unknown · note · B"


def test_a_timeline_with_no_known_time_keeps_recorded_order_and_says_so() -> None:
    root = parse(timeline([Mark("A", None, "detected"), Mark("B", None, "resolved")], title="t"))
    assert not having(root, "pb-tick")
    assert texts(root, "pb-note") == [
        "No event has a known time; events are shown in recorded order."
    ]


def test_a_single_event_is_centred_with_ticks_around_it() -> None:
    root = parse(timeline([Mark("Paged", at(0), "detected")], title="t"))
    (circle,) = root.iter(f"{NS}circle")
    assert abs(float(circle.get("cx", "")) - 360) < 1
    assert "14:20" in texts(root, "pb-tick")


def test_timeline_over_several_days_ticks_by_date() -> None:
    marks = [Mark(str(d), at(d * 1440), "note") for d in range(6)]
    root = parse(timeline(marks, title="t"))
    assert texts(root, "pb-tick")[:2] == ["2024-03-05", "2024-03-06"]


def test_two_hundred_event_timeline_stays_small_and_labels_only_what_fits() -> None:
    marks = [Mark(f"Event number {i} with some words", at(7 * i), "note") for i in range(200)]
    svg = timeline(marks, title="t")
    root = parse(svg)
    assert len(having(root, "pb-mark")) == 200
    assert len(svg) < 60_000
    labelled = texts(root, "pb-mark-label")
    assert 0 < len(labelled) < 200
    assert texts(root, "pb-note") == [
        f"{200 - len(labelled)} label(s) left out for room; hover a marker for its event."
    ]


def test_staggered_labels_do_not_share_a_lane_when_they_would_overlap() -> None:
    # A minute apart on an hour-long axis: ~11 units apart, each label ~40 wide.
    marks = [Mark(f"Event {i}", at(i), "note") for i in (0, 1, 2, 60)]
    root = parse(timeline(marks, title="t"))
    ys = [t.get("y") for t in having(root, "pb-mark-label")]
    assert len(ys) == 4 and len(set(ys[:3])) == 3 and ys[3] == ys[0]


# Gantt


def test_gantt_bars_are_as_long_as_their_phase_and_say_its_duration() -> None:
    bars = [
        Bar("detected → acknowledged", at(12), at(15), "acknowledged"),
        Bar("acknowledged → root cause", at(15), at(30), "root_cause"),
    ]
    root = parse(gantt(bars, title="Phases"))
    widths = [
        float(r.get("width", "")) for g in having(root, "pb-bar") for r in g.iter(f"{NS}rect")
    ]
    assert widths[1] / widths[0] == pytest.approx(5, rel=0.02)
    assert texts(root, "pb-value") == ["3m", "15m"]
    assert texts(root, "pb-row-label") == ["detected → acknowledged", "acknowledged → root cause"]
    hints = [g[0].text for g in having(root, "pb-bar")]
    assert hints[0] == f"detected → acknowledged: {at(12):%H:%M} → {at(15):%H:%M} (3m)"


# Bar, line and pie charts


def test_bar_heights_are_proportional_to_values_and_stacks_add_up() -> None:
    root = parse(
        bar_chart(["Jan", "Feb", "Mar"], {"SEV1": [1, 2, 4], "SEV2": [3, 0, 4]}, title="t")
    )
    sev1 = [
        float(r.get("height", ""))
        for r in having(root, "pb-sev1", "rect")
        if r.get("class", "").startswith("pb-bar")
    ]
    sev2 = [
        float(r.get("height", ""))
        for r in having(root, "pb-sev2", "rect")
        if r.get("class", "").startswith("pb-bar")
    ]
    assert sev1[1] == pytest.approx(2 * sev1[0], abs=0.1)
    assert sev1[2] == pytest.approx(4 * sev1[0], abs=0.1)
    assert len(sev2) == 2  # a zero draws nothing
    assert texts(root, "pb-value") == ["4", "2", "8"]
    assert texts(root, "pb-category") == ["Jan", "Feb", "Mar"]
    legend = [t.text for g in having(root, "pb-legend-item") for t in g.iter(f"{NS}text")]
    assert legend == ["SEV1", "SEV2"]


def test_grouped_bars_stand_side_by_side_from_the_zero_line() -> None:
    root = parse(bar_chart(["Q1"], {"a": [2], "b": [6]}, title="t", stacked=False))
    a, b = (r for r in root.iter(f"{NS}rect") if "pb-bar" in r.get("class", ""))
    assert float(b.get("height", "")) == pytest.approx(3 * float(a.get("height", "")), rel=0.01)
    bottom = float(a.get("y", "")) + float(a.get("height", ""))
    assert float(b.get("y", "")) + float(b.get("height", "")) == pytest.approx(bottom, abs=0.1)
    assert float(b.get("x", "")) > float(a.get("x", ""))


def test_all_zero_bars_draw_an_axis_and_no_bars() -> None:
    root = parse(bar_chart(["a", "b"], {"s": [0, 0]}, title="t"))
    assert not having(root, "pb-bar") and "0" in texts(root, "pb-tick")


def test_a_missing_value_breaks_the_line_into_two_segments() -> None:
    root = parse(line_chart(["a", "b", "c", "d", "e"], {"MTTR": [47, 62, None, 38, 41]}, title="t"))
    (path,) = having(root, "pb-line")
    assert path.get("d", "").count("M") == 2
    assert path.get("d", "").count("L") == 2


def test_a_point_between_gaps_still_shows_as_a_dot() -> None:
    x = [str(i) for i in range(50)]
    values: list[float | None] = [None] * 50
    values[10] = 5.0
    root = parse(line_chart(x, {"s": values}, title="t"))
    assert len(list(root.iter(f"{NS}circle"))) == 1


def test_pie_slices_follow_the_shares_and_the_legend_lists_zero_parts() -> None:
    root = parse(pie({"SEV1": 1, "SEV2": 3, "SEV4": 0}, title="By severity"))
    slices = having(root, "pb-slice")
    assert [s.get("class") for s in slices] == [
        "pb-slice pb-series-0 pb-sev1",
        "pb-slice pb-series-1 pb-sev2",
    ]
    assert texts(root, "pb-value") == ["1 (25%)", "3 (75%)", "0 (0%)"]
    assert slices[0].get("fill") == "#dc2626"
    # The first quarter ends at three o'clock: the arc's end point is due right of centre.
    d = slices[0].get("d", "")
    cx, cy = (float(v) for v in d[1:].split("L")[0].split())
    end_x, end_y = (float(v) for v in d.rstrip("Z").split()[-2:])
    assert end_x == pytest.approx(cx + 80, abs=0.1) and end_y == pytest.approx(cy, abs=0.1)


def test_a_single_part_fills_the_whole_pie() -> None:
    root = parse(pie({"SEV2": 4}, title="t"))
    assert [e.tag for e in having(root, "pb-slice")] == [f"{NS}circle"]


def test_caption_false_leaves_the_heading_to_the_page_but_keeps_the_accessible_name() -> None:
    root = parse(pie({"SEV1": 1}, title="By severity", caption=False))
    assert not having(root, "pb-caption")
    assert root.get("aria-label") == "By severity"
    assert texts(parse(pie({"SEV1": 1}, title="By severity")), "pb-caption") == ["By severity"]


def test_stacked_segments_are_named_not_told_apart_by_colour_alone() -> None:
    svg = bar_chart(
        ["2024-Q3", "2024-Q4"],
        {"SEV1": [1, 4], "SEV2": [0, 3], "SEV3": [2, 0.1]},
        title="Incidents per quarter",
    )
    names = re.findall(r'class="pb-segment-label"[^>]*>([^<]*)<', svg)
    # Every segment tall enough carries its name; a sliver (SEV3's 0.1) does not.
    assert names == ["SEV1", "SEV3", "SEV1", "SEV2"]


def test_leaders_are_drawn_before_every_label_so_no_line_strikes_through_text() -> None:
    marks = [Mark(f"Event {i}", at(i), "note") for i in (0, 1, 2, 60)]
    svg = timeline(marks, title="t")
    last_leader = svg.rfind('class="pb-leader"')
    first_label = svg.find('class="pb-mark-label"')
    assert svg.count('class="pb-leader"') == 4
    assert 0 < last_leader < first_label


def test_the_stylesheet_colours_each_event_kind_as_the_palette_does() -> None:
    from generator.diagrams import _palette
    from generator.site.assets import ASSETS_DIR

    css = (ASSETS_DIR / "playbook.css").read_text(encoding="utf-8")
    rules = dict(
        re.findall(r"\.pb-diagram \.(pb-kind-[a-z0-9-]+) \{ --pb-kind: (#[0-9a-f]+); \}", css)
    )
    assert rules == _palette.KIND_CLASSES
    # Swatches, markers and bars fall back to OTHER; unknown times are hollow.
    assert css.count(f"var(--pb-kind, {_palette.OTHER})") == 2
    assert ".pb-diagram .pb-unknown > circle { fill: none; }" in css
    # A kind spelled another way shares its class, and so its colour.
    assert _palette.kind("root-cause") == _palette.kind("root_cause")
    assert _palette.kind("partial_recovery") == (_palette.OTHER, "pb-kind-partial-recovery")
