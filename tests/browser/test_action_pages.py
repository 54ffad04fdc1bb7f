"""The pages a link in an email opens (/act/<token>), in a real browser
(headless Chromium) on the real binary with the demo authority: the auditor
records an audit from the allocation notice's link (the grading rule refused
first, beside its field, what was typed kept), the moderator moderates it from
their list's link on a phone-sized screen, the used link says by whom; the
head of service resolves a category 1 concern from its urgent email's link (the
reason rule refused first, beside its field); axe-core and the browser's
console log checked on every page.

    python3 tests/browser/test_action_pages.py --binary build/daemon/caseaudit --backend sqlite

The server's clock starts at 10:00 on a working day after this month's
commit, so the allocation notices (with their links) go out at once.
"""

import email
import email.policy
import re
import time
from datetime import date, timedelta

from selenium.webdriver.support.ui import Select

from harness import ServedTestCase, run_tests, this_month

PHONE = (375, 812)
LINK = r"(https?://[^\s\"<>]+/act/act_[A-Za-z0-9_-]{43})"


def working_day_after_the_commit():
    """The date of a weekday from the 8th of this month (the first working
    days, and Easter Monday in April, are avoided)."""
    year, month = map(int, this_month().split("-"))
    day = date(year, month, 8)
    while day.weekday() >= 5 or (month == 4 and day.weekday() == 0):
        day += timedelta(days=1)
    return day


def next_working_day(day):
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def spooled_texts(server, skip=()):
    """(To, plain text) of each spooled email, but those in skip (paths)."""
    texts = []
    for path in server.spool_files():
        if path in skip:
            continue
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
        texts.append((str(message["To"]), text))
    return texts


def wait_for_link(server, pattern, what, timeout=60, skip=()):
    """The link in group 1 of the pattern's first match in a spooled email
    (not one of the paths in skip)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, text in spooled_texts(server, skip):
            match = pattern.search(text)
            if match:
                return match.group(1)
        time.sleep(0.3)
    raise AssertionError(f"no {what} in the spool within {timeout} s")


class ActionPagesTest(ServedTestCase):
    @classmethod
    def start_at(cls):
        """10:00 on a working day after this month's commit, so the allocation
        notices (with their links) go out at once."""
        return f"{working_day_after_the_commit().isoformat()}T10:00"

    @classmethod
    def prepare(cls):
        cls.notice, cls.moderation, cls.other = cls.find_links()

    @classmethod
    def find_links(cls):
        """An allocation notice with a moderator: its case reference and record
        link; the moderator's list link for that case; another auditor's link."""
        notice_pattern = re.compile(
            r"Case reference: (\S+)\n(?:.*\n){2}Due by: .*\nModerator: (?!an external)(.*)\n[\s\S]*?"
            r"Record your audit: " + LINK)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            texts = spooled_texts(cls.server)
            notices = [(to, notice_pattern.search(text)) for to, text in texts]
            notices = [(to, match) for to, match in notices if match]
            for to, match in notices:
                reference, _, link = match.groups()
                row = re.compile(re.escape(f"- {reference} (") + r".*\n  Moderate it once submitted: " + LINK)
                moderation = next((m.group(1) for _, text in texts for m in [row.search(text)] if m), None)
                other = next((m.group(3) for t, m in notices if t != to), None)
                if moderation and other:
                    return ({"reference": reference, "to": to, "link": link}, moderation, other)
            time.sleep(0.5)
        raise AssertionError("no allocation notice with a moderated link in the spool within 60 s")

    def path_of(self, link):
        return link[link.index("/act/"):]

    def assert_no_sideways_scroll(self):
        c = self.console
        overflow = c.driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.assertLessEqual(overflow, 0, "the page scrolls sideways on a phone")

    def test_1_the_auditor_records_from_the_notice_once(self):
        c = self.console
        path = self.path_of(self.notice["link"])
        status, _ = self.server.get_page(path)  # a mail scanner's prefetch
        self.assertEqual(status, 200)
        c.visit(path, ready_css="form")
        self.assertEqual(c.css("main h1").text, "Record your audit")
        self.assertIn(self.notice["reference"], c.css("main").text)
        self.assertIn("at most one grade above the lowest domain grade", c.css("main").text)
        domains = c.all("select[name^=domain_]")
        self.assertEqual(len(domains), 7)
        for select in domains:
            Select(select).select_by_visible_text("Good")
        c.choose("Overall grade", "Good")
        # The return requires who took part: each question unanswered says so.
        c.click(c.button("Submit the audit"))
        c.wait_css("#participation_child_seen-error")
        self.assertIn("Was the child seen or spoken to?", c.css("#participation_child_seen-error").text)
        self.assertEqual(c.css("#overall_grade option[selected]").text, "Good")
        for question in ("child_seen", "family", "worker", "team_manager"):
            c.click(c.css("#participation_%s_yes" % question))
        c.click(c.css("#participation_iro_not_applicable"))
        c.click(c.css("#family_feedback_contacted"))
        # The grading rule, refused beside its field, what was typed kept.
        for select in c.all("select[name^=domain_]"):
            Select(select).select_by_visible_text("Inadequate")
        c.choose("Overall grade", "Outstanding")
        c.click(c.button("Submit the audit"))
        c.wait_css("#overall_grade-error")
        c.check_page("act-record-refused")
        self.assertIn("at most one grade above", c.css("#overall_grade-error").text)
        self.assertEqual(c.css("#overall_grade option[selected]").text, "Outstanding")
        self.assertEqual(c.css("#domain_0 option[selected]").text, "Inadequate")
        self.assertTrue(c.css("#participation_child_seen_yes").is_selected())

        for select in c.all("select[name^=domain_]"):
            Select(select).select_by_visible_text("Good")
        c.choose("Overall grade", "Good")
        if not c.css("#family_feedback_contacted").is_selected():
            c.click(c.css("#family_feedback_contacted"))
        c.css("#action_0_description").send_keys("Update the plan with the school's view")
        c.driver.execute_script("arguments[0].value = '2027-02-26'", c.css("#action_0_due_date"))
        c.click(c.css("#action_0_care_planning"))
        c.click(c.button("Submit the audit"))
        c.wait_text("main h1", "Thank you")
        c.check_page("act-record-done")
        self.assertIn("goes to moderation", c.css("main").text)

        c.visit(path)
        self.assertEqual(c.css("main h1").text, "Already recorded")
        self.assertRegex(c.css("main").text, r"recorded by .+ on \w+day \d+ \w+ \d{4} at \d\d:\d\d")

    def test_2_the_moderator_moderates_on_a_phone(self):
        c = self.console
        c.driver.set_window_size(*PHONE)
        try:
            c.visit(self.path_of(self.moderation), ready_css="form")
            self.assertEqual(c.css("main h1").text, "Moderate the audit")
            self.assertIn("The auditor graded it Good", c.css("main").text)
            self.assert_no_sideways_scroll()
            c.choose("Your grade", "Requires improvement")
            c.click(c.css("#outcome_not_meeting_standard"))
            c.css("#sent_back_reason").send_keys("Grade the plan against its review")
            c.click(c.button("Record the moderation"))
            c.wait_text("main h1", "Thank you")
            c.check_page("act-moderate-done")
            self.assert_no_sideways_scroll()
        finally:
            c.driver.set_window_size(1280, 1000)

    def test_3_a_record_page_on_a_phone(self):
        c = self.console
        c.driver.set_window_size(*PHONE)
        try:
            c.visit(self.path_of(self.other), ready_css="form")
            self.assertEqual(c.css("main h1").text, "Record your audit")
            self.assert_no_sideways_scroll()
            c.check_page()
        finally:
            c.driver.set_window_size(1280, 1000)

    def test_1b_the_head_of_service_resolves_a_concern_from_the_urgent_email(self):
        # After test_1 (the audit is submitted, so graded) and before test_2
        # sends it back to its auditor.
        c = self.console
        token = self.server.token("coordinator")
        status, body = self.server.api("GET", f"/v1/months/{this_month()}/audits", token)
        self.assertEqual(status, 200, body)
        audit = next(row for row in body["audits"] if row["case_reference"] == self.notice["reference"])
        status, body = self.server.api("POST", "/v1/concerns", token,
                                       {"audit_id": audit["id"], "category": 1})
        self.assertEqual(status, 201, body)
        link = wait_for_link(self.server, re.compile(
            re.escape(self.notice["reference"]) + r"[\s\S]*?Record the response or resolve the concern: "
            + LINK), "category 1 email with a link to the head of service")

        c.driver.set_window_size(*PHONE)
        try:
            c.visit(self.path_of(link), ready_css="form")
            self.assertEqual(c.css("main h1").text, "Case of concern: update or resolve")
            self.assertIn(self.notice["reference"], c.css("main").text)
            self.assertIn("Category 1", c.css("main").text)
            self.assert_no_sideways_scroll()
            c.check_page("act-concern")
            c.click(c.css("#reason_other"))
            c.click(c.button("Resolve the concern"))
            c.wait_css(".error-summary")
            c.check_page("act-concern-refused")
            self.assertIn(
                'Say why the concern is resolved when the reason is "Another reason"',
                c.css("#note-error").text,
            )
            self.assertTrue(c.css("#reason_other").is_selected())
            c.type_into("Say more", "Child moved to a kinship placement; strategy meeting agreed")
            c.click(c.button("Resolve the concern"))
            c.wait_text("main h1", "Thank you")
            self.assertIn("is resolved", c.css("main").text)
        finally:
            c.driver.set_window_size(1280, 1000)
        status, body = self.server.api("GET", "/v1/concerns?status=resolved", token)
        self.assertEqual(status, 200, body)
        resolved = [row for row in body["concerns"] if row["case_reference"] == self.notice["reference"]]
        self.assertEqual(len(resolved), 1, body)
        self.assertEqual(resolved[0]["resolution"], "other")

    def test_4_an_unknown_link_says_so(self):
        c = self.console
        c.visit("/act/act_" + "x" * 43)
        self.assertEqual(c.css("main h1").text, "This link is not valid")

    def test_5_the_owner_proposes_a_date_the_qa_team_accepts_then_one_it_declines(self):
        # The owner's link (from the action's reminder) stays open after an
        # update; while a proposed date waits, the page says so and offers no
        # second date; the QA team decides in the console's Actions page and
        # the owner is emailed each decision. Last: the server restarts on the
        # next working day, whose reminder run (one a day) tells the owner.
        c = self.console
        token = self.server.token("coordinator")
        _, body = self.server.api("GET", "/v1/staff?active=1", token)
        qa = next(s for s in body["staff"] if s["role"] == "qa_officer")
        owner = next(s for s in body["staff"] if s["role"] == "social_worker")
        _, body = self.server.api("GET", f"/v1/months/{this_month()}/audits", token)
        audit = next(row for row in body["audits"] if row["case_reference"] == self.notice["reference"])
        description = "Agree the contact plan with the school (browser test)"
        tomorrow = next_working_day(working_day_after_the_commit())
        due = next_working_day(tomorrow)
        status, action = self.server.api("POST", f"/v1/audits/{audit['id']}/actions", token, {
            "description": description, "owner_id": owner["id"], "due_date": due.isoformat()})
        self.assertEqual(status, 201, action)
        self.server.restart_at(f"{tomorrow.isoformat()}T10:00")
        link = wait_for_link(self.server, re.compile(
            re.escape(description) + r"[\s\S]*?(?:Mark it as done|Act on it): " + LINK), "action reminder")

        c.driver.set_window_size(*PHONE)
        try:
            c.visit(self.path_of(link), ready_css="form")
            self.assertEqual(c.css("main h1").text, "Mark the action as done")
            self.assertIn(description, c.css("main").text)
            self.assert_no_sideways_scroll()
            first = due + timedelta(days=14)
            c.type_into("What has happened, and what happens next", "The school meeting moved")
            c.driver.execute_script(f"arguments[0].value = '{first.isoformat()}'", c.css("#proposed_due_date"))
            c.click(c.button("Post the update"))
            c.wait_text("main h1", "Thank you")
            self.assertIn("stays open", c.css("main").text)
            # The same link again: the date waits, no second one is offered.
            c.visit(self.path_of(link), ready_css="form")
            self.assertIn("The QA team has not decided yet", c.css("#pending-proposal").text)
            self.assertFalse(c.all("#proposed_due_date"))
            self.assertIn("The school meeting moved", c.css("main").text)
            self.assert_no_sideways_scroll()
            c.check_page("act-action-pending")
        finally:
            c.driver.set_window_size(1280, 1000)

        self.server.cli("staff", "access", qa["email"], "coordinator")
        c.sign_in(qa["email"], return_to="/console/actions")
        c.visit("/console/actions", ready_css="#proposals-heading")
        c.wait_idle()
        c.check_page("console-actions-proposals")
        accept = next(b for b in c.buttons("Accept") if self.notice["reference"] in b.text)
        c.click(accept)
        c.wait_css("main h1")
        c.wait_idle()
        status, moved = self.server.api("GET", f"/v1/actions/{action['id']}", token)
        self.assertEqual(moved["due_date"], first.isoformat(), moved)
        wait_for_link(self.server, re.compile(
            r"accepted the new due date you proposed[\s\S]*?" + re.escape(self.notice["reference"])
            + r"[\s\S]*?: " + LINK), "accepted-date email to the owner")

        # A second proposal from the same link, declined with a reason.
        second = first + timedelta(days=7)
        c.visit(self.path_of(link), ready_css="form")
        c.type_into("What has happened, and what happens next", "Still waiting for the school")
        c.driver.execute_script(f"arguments[0].value = '{second.isoformat()}'", c.css("#proposed_due_date"))
        c.click(c.button("Post the update"))
        c.wait_text("main h1", "Thank you")
        c.visit("/console/actions", ready_css="#proposals-heading")
        c.wait_idle()
        c.click(next(b for b in c.buttons("Decline") if self.notice["reference"] in b.text))
        work = c.wait_css("#proposal-work form")
        c.click(c.button("Decline the new date", work))
        c.wait_css("#proposal-work .error-message:not([hidden])")
        c.type_into("Why the date cannot move", "The plan review cannot wait", within=work)
        c.click(c.button("Decline the new date", work))
        c.wait_until(lambda: not c.all("#proposals-heading"), "the declined proposal still listed")
        status, kept = self.server.api("GET", f"/v1/actions/{action['id']}", token)
        self.assertEqual(kept["due_date"], first.isoformat(), kept)
        wait_for_link(self.server, re.compile(
            r"declined the new due date you proposed[\s\S]*?The plan review cannot wait[\s\S]*?: " + LINK),
            "declined-date email to the owner")
        _, changes = self.server.api("GET", "/v1/changes?record_type=action_update&limit=5", token)
        by_action = {row["action"]: row["actor"] for row in changes["changes"]}
        for decision in ("action_update.accept", "action_update.decline"):
            self.assertIn(decision, by_action, changes)
            self.assertTrue(qa["email"] in by_action[decision] or qa["name"] in by_action[decision],
                            f"{decision} logged as {by_action[decision]}, not as {qa['name']}")
        self.assertIn("action_update.create", by_action, changes)

    def test_6_an_impact_follow_up_is_answered_on_a_phone(self):
        # Six weeks on: the server restarts 44 days later, whose reminder run
        # asks the auditors and team managers of audits moderated six weeks
        # before (the demo's history) whether the audit made a difference.
        # The follow-ups sent on the first day have expired by then.
        pattern = re.compile(r"make a difference[\s\S]{0,600}?(?:Answer in one minute|Act on it): " + LINK)
        first_day = wait_for_link(self.server, pattern, "impact follow-up on the first day")
        sent_before = set(self.server.spool_files())
        day = working_day_after_the_commit() + timedelta(days=44)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        self.server.restart_at(f"{day.isoformat()}T10:00")
        link = wait_for_link(self.server, pattern, "impact follow-up six weeks on", timeout=90,
                             skip=sent_before)
        c = self.console
        c.visit(self.path_of(first_day))
        self.assertEqual(c.css("main h1").text, "This link has expired")
        c.driver.set_window_size(*PHONE)
        try:
            c.visit(self.path_of(link), ready_css="form")
            self.assertEqual(c.css("main h1").text, "Did the audit make a difference?")
            self.assert_no_sideways_scroll()
            c.check_page("act-impact")
            c.click(c.css("input[name=answer][value=yes]"))
            c.click(c.button("Send your answer"))
            c.wait_css("#what_changed-error")
            # The rule in words beside the field, not the field's code name.
            self.assertIn("Say what changed for the child", c.css("#what_changed-error").text)
            self.assertNotIn("what_changed", c.css("main").text)
            c.check_page("act-impact-refused")
            self.assertTrue(c.css("input[name=answer][value=yes]").is_selected())
            c.type_into("What changed for the child", "The plan was updated and the child visited")
            c.click(c.button("Send your answer"))
            c.wait_text("main h1", "Thank you")
            self.assert_no_sideways_scroll()
        finally:
            c.driver.set_window_size(1280, 1000)
        c.visit(self.path_of(link))
        self.assertEqual(c.css("main h1").text, "Already recorded")


if __name__ == "__main__":
    run_tests()
