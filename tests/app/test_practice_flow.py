"""Practice mode end to end in AppTest: a therapist adds a client and invites them; the
client opens the link, agrees, answers and sees their results (safety first) while the
check-up goes to the therapist; the therapist reads it on the roster and the client page,
exports it (audited), deletes it and erases the client."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from app_kit import middle, session, texts
from practice_kit import (
    ADMIN,
    PRACTICE,
    Practice,
    make_practice,
    practice_app,
    press,
    signed_in,
    take_intake,
)
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from app_pages.frame import escape_markdown
from checkup.practice_exports import build, clinician_report, noted, partner_of
from questions import Item, load_bank

BANK = load_bank()
UNAVAILABLE = "This intake code cannot be used"


@pytest.fixture
def practice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Practice:
    return make_practice(monkeypatch, tmp_path)


def add_client(at: AppTest, label: str) -> AppTest:
    """On the roster: add a client; the client page opens."""
    at.text_input(key="w_pr_new_label").input(label)
    press(at, "Add client")
    assert [t.value for t in at.title] == [escape_markdown(label)]
    return at


def invite(at: AppTest, form: str = "full") -> str:
    """On the client page: make an invitation; the code shown once."""
    at.radio(key="w_pr_invite_form").set_value(form)
    press(at, "Make an invitation")
    shown = [c.value for c in at.code]
    assert len(shown) == 2 and shown[0].endswith("/?intake=" + shown[1].replace("-", ""))
    return shown[1]


def urgent(item: Item) -> int:
    """Neutral answers, except the self-harm questions (an urgent flag)."""
    return 3 if item.dimension == "self_harm" else middle(item)


def test_a_client_checkup_travels_from_the_link_to_the_therapist(practice: Practice) -> None:
    ada = add_client(signed_in("ada"), "Client A-17")
    code = invite(ada)
    press(ada, "Done: hide the link")
    assert not ada.code  # shown once
    client = take_intake(code, compare=True)
    assert [t.value for t in client.title] == ["Your results"]
    assert "Your answers were sent to Dr Ada Lovelace" in " ".join(e.value for e in client.success)
    keys = {b.key for b in client.button} | {b.key for b in client.get("download_button")}
    assert not keys & {"save_form", "download_pdf", "new_checkup", "results_back", "to_checkups"}
    assert session(client).practice.submitted
    ada.run()
    over_time = ada.dataframe[0].value
    assert len(over_time) == 1 and set(over_time["May compare with partner"]) == {"Yes"}
    answers = ada.dataframe[1].value if len(ada.dataframe) > 1 else None
    assert answers is not None and len(answers) > 30
    audit = signed_in(*ADMIN).dataframe[1].value  # accounts, then the audit log
    assert {"Viewed", "Exported"} & set(audit["Action"]) == {"Viewed"}
    assert not any("Client A-17" in str(v) for v in audit.to_numpy().ravel())
    again = practice_app(code)  # used up: the one neutral message
    assert UNAVAILABLE in texts(again) and PRACTICE not in texts(again)


def test_urgent_answers_open_on_the_crisis_panel_and_reach_the_roster_first(
    practice: Practice,
) -> None:
    ada = signed_in("ada")
    add_client(ada, "calm")
    calm_code = invite(ada)
    press(ada, "Back to your clients")
    add_client(ada, "needs care")
    urgent_code = invite(ada)
    take_intake(calm_code)
    client = take_intake(urgent_code, urgent)
    assert session(client).practice.submitted  # sent although only the crisis panel shows
    assert "show_rest" in [b.key for b in client.button], texts(client)
    roster = press(ada, "Back to your clients").dataframe[0].value
    assert list(roster["Client"]) == ["needs care", "calm"]
    assert roster["Needs attention"].iloc[0].startswith("Urgent")


def test_unknown_and_malformed_codes_get_one_neutral_message(practice: Practice) -> None:
    for code in ("ABCDEFGHJKLM", "<b>x</b>", "A" * 500):
        at = practice_app(code)
        assert UNAVAILABLE in texts(at) and PRACTICE not in texts(at)
        assert not at.exception


def test_no_questions_before_the_agreement(practice: Practice) -> None:
    ada = add_client(signed_in("ada"), "x")
    at = practice_app(invite(ada))
    at.button(key="w_pr_start").click().run()
    assert "Please tick that you agree first" in texts(at)
    at.switch_page("app_pages/about.py").run()
    assert [t.value for t in at.title] != ["About you"]


def test_exports_are_built_and_noted_in_the_audit_log(practice: Practice) -> None:
    ada = add_client(signed_in("ada"), "=HYPERLINK(1)")  # a label that is a formula
    take_intake(invite(ada))
    ada.run()
    assert {b.key for b in ada.get("download_button")} >= {
        "w_pr_export_fhir", "w_pr_export_csv", "w_pr_export_json"
    }
    staff = session(ada).practice.staff
    space = practice.store.practice
    (summary,) = space.clients(staff)
    checkups = space.client_checkups(staff, summary.client_id)
    client = (summary.client_id, summary.label)
    csv_text = build("csv", client, checkups, BANK).decode()
    assert "'=HYPERLINK(1)" in csv_text
    bundle = json.loads(build("fhir", client, checkups, BANK))
    assert bundle["resourceType"] == "Bundle" and len(bundle["entry"]) == 1
    pdf = build("pdf", client, checkups, BANK,
                lambda: clinician_report(summary, checkups, [summary], BANK, (PRACTICE, "Dr A")))
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert pdf.startswith(b"%PDF") and "=HYPERLINK(1)" in text
    made = []
    noted(lambda: made.append("noted"), lambda: b"file")
    assert made == ["noted"]
    with pytest.raises(RuntimeError):  # no audit entry, no file
        noted(_fails, lambda: b"file")


def _fails() -> None:
    raise RuntimeError("the audit log cannot be written")


def test_partners_are_compared_only_when_both_agreed(practice: Practice) -> None:
    ada = signed_in("ada")
    ids = {}
    for label, compare in (("one", True), ("two", False)):
        add_client(ada, label)
        take_intake(invite(ada), compare=compare)
        ids[label] = session(ada).practice.client_id
        press(ada, "Back to your clients")
    staff, space = session(ada).practice.staff, practice.store.practice
    space.link_partners(staff, ids["one"], ids["two"])
    clients = {c.client_id: c for c in space.clients(staff)}
    assert partner_of(clients[ids["one"]], list(clients.values()), BANK) is None
    take_intake(invite_for(ada, ids["two"]), compare=True)
    clients = {c.client_id: c for c in space.clients(staff)}
    found = partner_of(clients[ids["one"]], list(clients.values()), BANK)
    assert found is not None and found.label == "two"


def invite_for(at: AppTest, client_id: str) -> str:
    """From the roster: open the client's page and invite them again."""
    at.selectbox(key="w_pr_choose").set_value(client_id)
    press(at, "Open their page")
    assert session(at).practice.client_id == client_id
    return invite(at)


def test_delete_a_checkup_then_erase_the_client(practice: Practice) -> None:
    ada = add_client(signed_in("ada"), "to erase")
    take_intake(invite(ada))
    ada.run()
    ada.checkbox(key=next(c.key for c in ada.checkbox if str(c.key).startswith("w_pr_delete"))
                 ).check().run()
    press(ada, "Delete the check-up")
    assert "The check-up was deleted." in [e.value for e in ada.success]
    assert "No check-ups yet" in texts(ada)
    ada.checkbox(key="w_pr_erase_sure").check().run()
    press(ada, "Erase the client")
    assert [t.value for t in ada.title] == ["Your clients"]
    assert "The client was erased." in [e.value for e in ada.success]
    assert practice.store.practice.clients(session(ada).practice.staff) == []


def test_a_client_can_type_the_code_on_the_first_page(practice: Practice) -> None:
    ada = add_client(signed_in("ada"), "typed")
    code = invite(ada)
    at = practice_app()  # no link: the sign-in page, which also takes a code
    at.text_input(key="w_pr_code").input(code.lower().replace("-", " "))
    press(at, "Continue")
    assert session(at).mode == "client" and PRACTICE in texts(at)
    assert "Dr Ada Lovelace" in texts(at) and at.checkbox(key="w_pr_agree") is not None
