"""The site as an on-call engineer woken at 3 a.m. reads it: where to start, what to run,
who does what, what to say, and a checklist to work through."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import PAGES, Visit

pytestmark = pytest.mark.browser

ROLLBACK = "workflows/rollback/"
INCIDENT_OPEN = "incidents/0018-webhook-delivery-delays/"


def _article(page: Page) -> str:
    return page.locator("article").inner_text()


def test_start_here_is_the_first_screen_of_home(visit: Visit) -> None:
    page = visit.open(PAGES["home"])
    box = page.locator("article .pb-start")
    expect(box).to_have_count(1)
    # The first thing after the page title and the one line per open incident, and all of
    # it on the first screen at 1280×900.
    assert page.locator("article > h1 + nav.pb-open-now + section.pb-start").count() == 1
    bounds = box.bounding_box()
    assert bounds is not None and bounds["y"] + bounds["height"] <= 900, bounds
    text = box.inner_text()
    assert (
        'playbook new-incident "hotfix: what is broken" --severity SEVn '
        "--service SERVICE --commander @you"
    ) in text
    assert "SEV1 System down: acknowledge within 15m, follow Hotfix Workflow." in text
    assert "SEV4 Cosmetic issue: acknowledge within 14d, follow Normal Flow." in text
    assert "playbook comms N prints the message to paste" in text
    assert "Then update every 30m (SEV1), 1h (SEV2), 4h (SEV3), 24h (SEV4)." in text
    for name, href in (
        ("Severity Levels", "severity-levels/"),
        ("checklist", "workflows/hotfix/#hotfix-checklist"),
        ("Roles", "roles/"),
        ("all messages", "communications/"),
    ):
        assert box.get_by_role("link", name=name, exact=True).get_attribute("href") == href


def test_home_says_when_open_for_was_counted(visit: Visit) -> None:
    page = visit.open(PAGES["home"])
    caption = page.locator("article table caption")
    expect(caption).to_have_count(1)
    assert caption.inner_text().startswith("Open as of 20") and caption.inner_text().endswith(
        " UTC"
    )


@pytest.mark.parametrize(
    ("path", "command", "checklist"),
    [
        (
            PAGES["hotfix"],
            'playbook new-incident "hotfix: what is broken" --severity SEV1 '
            "--service SERVICE --commander @you",
            "Hotfix Checklist",
        ),
        (
            ROLLBACK,
            'playbook new-incident "what is broken" --severity SEV1 --workflow rollback '
            "--service SERVICE --commander @you",
            "Rollback Checklist",
        ),
    ],
)
def test_every_playbook_starts_here_with_its_checklist_one_click_away(
    visit: Visit, path: str, command: str, checklist: str
) -> None:
    page = visit.open(path)
    box = page.locator("article .pb-start")
    assert command in box.inner_text()
    box.get_by_role("link", name="checklist", exact=True).click()
    heading = page.get_by_role("heading", name=checklist)
    expect(heading).to_be_in_viewport()
    # A plain list per phase: nothing to tick on a playbook, no rule text in the way.
    section = page.locator(f"article h2:has-text('{checklist}') ~ ul.pb-plain-checklist")
    assert section.count() == 3
    assert page.locator("article ul.pb-plain-checklist input").count() == 0
    how = page.locator("article details.pb-how-ticked")
    expect(how.get_by_text("assessment.impact is filled in").first).to_be_hidden()
    how.locator("summary").click()
    expect(how.get_by_text("Severity assessed (severity-assessed): ticks when")).to_be_visible()


def test_rollback_page_has_its_own_checklist(visit: Visit) -> None:
    page = visit.open(ROLLBACK)
    items = page.locator("article ul.pb-plain-checklist li").all_inner_texts()
    assert "Previous version deployed" in items and "Incident commander named" in items
    assert "Increment created" not in items and "Minimal fix implemented" not in items


@pytest.mark.parametrize("path", [PAGES["hotfix"], ROLLBACK])
def test_rollback_vs_hotfix_shows_both_commands_as_code(visit: Visit, path: str) -> None:
    page = visit.open(path)
    assert page.locator("article h1").count() == 1, "a command rendered as a heading"
    section = page.locator("article h2#rollback-vs-hotfix ~ div.highlight code")
    codes = [" ".join(c.split()) for c in section.all_inner_texts()]
    assert codes[:3] == [
        "npm run deploy:rollback",
        'playbook new-incident "hotfix: ..." --severity SEV2 --service ...',
        '/sw:increment "hotfix: ..."',
    ]


def test_hotfix_steps_show_this_tools_commands_beside_specweave(visit: Visit) -> None:
    page = visit.open(PAGES["hotfix"])
    text = _article(page)
    step1 = text.split("Step 1: Assess and Communicate")[1].split("Step 2:")[0]
    assert (
        'playbook new-incident "hotfix: fix auth token validation" --severity SEV1 '
        "--service auth-api --commander @you"
    ) in step1
    step2 = text.split("Step 2: Create Hotfix Increment")[1].split("Step 3:")[0]
    assert "playbook task N T-001" in step2
    assert 'SpecWeave equivalent:\n\n/sw:increment "hotfix: fix auth token validation"' in step2
    # The assessment block carries no stray caption of its own name.
    assert "Incident Assessment\n\n## Incident Assessment" not in step1


def test_mistakes_say_do_and_dont_in_words(visit: Visit) -> None:
    page = visit.open(PAGES["hotfix"])
    first = page.locator("article ul.pb-dodont").first
    assert first.inner_text().splitlines() == [
        "✗ Don't: \"While I'm fixing this, let me also refactor the auth module\"",
        '✓ Do: "Fix only the broken regex, create ticket for refactor"',
    ]
    assert "❌" not in _article(page) and "✅" not in _article(page)


def test_policy_wording_and_no_author_hints(visit: Visit) -> None:
    page = visit.open(PAGES["severity"])
    text = _article(page)
    assert (
        "SEV1, SEV2 require the hotfix workflow. SEV3, SEV4 can wait for the normal process."
        in text
    )
    assert "require the normal" not in text
    # Playbooks link to the severity table instead of repeating it.
    hotfix = visit.open(PAGES["hotfix"])
    assert hotfix.locator("article table:has(th:text-is('Response Time'))").count() == 0
    assert "add your own" not in _article(visit.open(PAGES["workflows"]))


def test_roles_page_lists_duties_before_during_after(visit: Visit) -> None:
    page = visit.open("roles/")
    names = page.locator("article h2").all_inner_texts()
    assert [n.rstrip("¶") for n in names] == [
        "Incident commander",
        "Deputy",
        "Scribe",
        "Communications liaison",
        "Subject-matter expert",
    ]
    text = _article(page)
    assert "During an incident:\n\nDeclares the incident and its severity; opens the record" in text
    assert "After an incident:\n\nSends the all-clear" in text


def test_communications_page_has_a_template_per_stage(visit: Visit) -> None:
    page = visit.open("communications/")
    headings = [h.rstrip("¶") for h in page.locator("article h3").all_inner_texts()]
    assert headings == [
        "Status page: investigating",
        "Status page: identified",
        "Status page: monitoring",
        "Status page: resolved",
        "Internal update",
        "Customer email",
    ]
    assert "Subject: Service incident: {public_title}" in _article(page)


def test_incident_page_shows_people_and_messages_to_paste(visit: Visit) -> None:
    page = visit.open(INCIDENT_OPEN)
    people = page.locator("article table.pb-people")
    assert people.locator("tr").all_inner_texts() == [
        "Incident commander\t@jo",
        "Deputy\tnot named",
        "Scribe\tnot named",
        "Communications liaison\t@sam",
        "Subject-matter expert\tnot named",
    ]
    messages = page.locator("article .pb-messages")
    first = messages.locator("div.highlight code").first.inner_text()
    assert first.startswith(
        "Monitoring — Webhook deliveries delayed by up to 40 minutes\n"
        "A fix has been deployed and we are monitoring the results for webhooks, event-bus.\n"
        "Next update by 20"
    )
    assert messages.locator("details summary").all_inner_texts()[0] == (
        "Status page: investigating (sent)"
    )


def test_checklist_checkboxes_have_names(visit: Visit) -> None:
    # A checklist box is named by its item's text (its label) and says done or open by its
    # state; a task's box by its aria-label, which says it too.
    page = visit.open(PAGES["incident"])
    boxes = page.locator("article input[type=checkbox]")
    assert boxes.count() > 10
    expect(page.get_by_role("checkbox", name="Severity assessed", exact=True)).to_be_checked()
    expect(
        page.get_by_role("checkbox", name="T-001 Identify breaking change: done", exact=True)
    ).to_be_checked()
    page = visit.open("incidents/0017-export-jobs-stuck/")
    expect(
        page.get_by_role("checkbox", name="Full test suite passes", exact=True)
    ).not_to_be_checked()
    expect(
        page.get_by_role("checkbox", name="T-002 Implement fix: open", exact=True)
    ).not_to_be_checked()
