"""The console in a real browser (headless Chromium), on the real binary with
the demo authority: sign-in through the spool link, a month run end to end,
a viewer, CSRF, an expired session, the server going away; axe-core and the
browser's console log checked on every page visited.

    python3 tests/browser/test_console.py --binary build/daemon/caseaudit --backend sqlite

The scenarios share one server and one browser (in order: they are one
month's work), so the whole run stays within about a minute.
"""

import csv
import io
import re
import time
import urllib.parse

from harness import ServedTestCase, run_tests

PAGES = [
    ("/console/month", "month"), ("/console/staff", "staff"), ("/console/teams", "teams"),
    ("/console/caseload", "caseload"), ("/console/pairings", "pairings"), ("/console/actions", "actions"),
    ("/console/concerns", "concerns"), ("/console/outbox", "outbox"), ("/console/changes", "changes"),
    ("/console/snapshot", "snapshot"), ("/console/quarter", "quarter"),
]


class ConsoleTest(ServedTestCase):
    @classmethod
    def prepare(cls):
        cls.token = cls.server.token("coordinator")
        cls.people = cls.pick_people()
        cls.server.cli("staff", "access", cls.people["coordinator"]["email"], "coordinator")
        cls.server.cli("staff", "access", cls.people["viewer"]["email"], "viewer")

    @classmethod
    def pick_people(cls):
        status, body = cls.server.api("GET", "/v1/staff?active=1", cls.token)
        assert status == 200, body
        staff = body["staff"]
        qa = [s for s in staff if s["role"] == "qa_officer"] or staff
        heads = [s for s in staff if s["role"] in ("head_of_service", "director") and s not in qa[:1]]
        return {"coordinator": qa[0], "viewer": heads[0]}

    def api(self, method, path, body=None):
        return self.server.api(method, path, self.token, body)

    @property
    def month(self):
        return self.server.month

    # 1. Signing in
    def test_01_sign_in_through_the_spool_link(self):
        c = self.console
        address = self.people["coordinator"]["email"]
        # An unknown email gets the same answer, and no email.
        known = c.request_sign_in_link("nobody.known@example.org")
        unknown_answer = c.css("main").text.replace("nobody.known@example.org", "ADDRESS")
        time.sleep(1.5)
        self.assertFalse([p for p in self.server.spool_files() if p not in known
                          and "nobody.known" in p.read_text(errors="replace")])
        known = c.request_sign_in_link(address, return_to=f"/console/month?month={self.month}")
        self.assertEqual(c.css("main").text.replace(address, "ADDRESS"), unknown_answer)
        link = self.server.wait_for_sign_in_link(address, known)
        # A mail scanner's prefetch (GET) shows a button and uses nothing up.
        path = urllib.parse.urlsplit(link)
        status, page = self.server.get_page(f"{path.path}?{path.query}")
        self.assertEqual(status, 200)
        self.assertIn("<form", page)
        c.confirm_link(link)
        c.wait_url("/console/month")
        c.wait_text("header", self.people["coordinator"]["name"])
        c.wait_idle()
        c.check_page()
        # The link is single-use.
        c.driver.get(link)
        c.wait_css("main h1")
        c.click(c.css("form button[type=submit], form input[type=submit]"))
        c.wait_css("main h1")
        self.assertRegex(c.css("main").text.lower(), "used|expired|no longer")
        c.check_page()
        self.__class__.coordinator_link = link

    def test_02_an_expired_link_is_refused_with_a_way_to_ask_again(self):
        c = self.console
        address = self.people["coordinator"]["email"]
        known = set(self.server.spool_files())
        status, _ = self.server.get_page("/sign-in")
        self.assertEqual(status, 200)
        c.request_sign_in_link(address)
        link = self.server.wait_for_sign_in_link(address, known)
        self.server.expire_sign_in_links()
        c.driver.get(link)
        c.wait_css("form")
        c.click(c.css("form button[type=submit], form input[type=submit]"))
        c.wait_css("main h1")
        self.assertRegex(c.css("main").text.lower(), "expired|used|no longer")
        self.assertTrue(c.all("a[href^='/sign-in'], form[action^='/sign-in']"))
        c.check_page()
        c.visit(f"/console/month?month={self.month}")  # still signed in from test 1

    # 2. Every page: axe and the console log, and a screenshot
    def test_03_every_page_draws_without_errors_or_accessibility_violations(self):
        c = self.console
        for path, name in PAGES:
            c.visit(path, check=False)
            c.check_page(name)
            self.assertNotIn("could not be drawn", c.css("body").text)
            # A table with every row drawn offers no "Show 0 more".
            self.assertEqual(c.buttons("Show 0 more"), [], path)

    # 3. The month
    def test_04_preview_shows_explanations_and_shortfalls_then_commit_confirmed(self):
        c = self.console
        c.visit(f"/console/month?month={self.month}")
        self.assertIn("Not yet allocated", c.css("#month-status").text)
        c.click(c.css("#preview-button"))
        c.wait_css("#preview table")
        preview = c.css("#preview").text
        self.assertIn("Why", preview)
        self.assertRegex(preview, "Shortfalls|No shortfalls")
        c.check_page("month-preview")
        c.click(c.css("#commit-button"))
        c.wait_visible("dialog[open]")
        c.check_page()
        c.click(c.css("#confirm-commit"))
        c.wait_text("#month-status", "Committed")
        c.wait_css("#audits-heading")
        c.check_page("month-committed")
        status, body = self.api("GET", f"/v1/months/{self.month}")
        self.assertEqual(body["status"], "allocated")

    def test_05_audits_table_filters_sorts_and_searches(self):
        c = self.console
        c.visit(f"/console/month?month={self.month}")
        table = c.css("#audits-heading").find_element("xpath", "..")
        rows = table.find_elements("css selector", "tbody tr")
        self.assertGreater(len(rows), 3)
        first_reference = rows[0].find_elements("css selector", "td")[0].text
        c.type_into("Search audits", first_reference, within=table)
        self.assertEqual(len([r for r in table.find_elements("css selector", "tbody tr") if r.is_displayed()]), 1)
        c.type_into("Search audits", "", within=table)
        header = [b for b in table.find_elements("css selector", "th button") if b.text == "Due"][0]
        c.click(header)
        self.assertEqual(header.find_element("xpath", "..").get_attribute("aria-sort"), "ascending")
        team = c.choose("Team", "", within=table)  # the first option: all teams
        self.assertTrue(team)
        # No bare ids: every auditor and team cell is a name.
        for row in table.find_elements("css selector", "tbody tr")[:10]:
            cells = [row.find_element("css selector", "th").text] + [td.text for td in row.find_elements("css selector", "td")]
            self.assertNotRegex(cells[0], r"^\d+$")
            self.assertNotRegex(cells[2], r"^\d+$")
            self.assertRegex(cells[6], r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}$")

    def test_06_reassign_through_the_candidate_list(self):
        c = self.console
        c.visit(f"/console/month?month={self.month}")
        c.click(c.wait_buttons("Reassign")[0])
        c.wait_css("#month-work form, #candidates-advice")
        work = c.css("#month-work")
        if not work.find_elements("css selector", "form"):
            # A full month: nobody can take it, and the advice says what to
            # change. Follow it (raise that person's quota), then come back.
            c.check_page("month-nobody-can")
            advice = c.css("#candidates-advice").text
            match = re.search(r"for example (.+?)'s from (\d+) to (\d+)", advice)
            self.assertTrue(match, advice)
            self.raise_quota(match.group(1), match.group(3))
            c.visit(f"/console/month?month={self.month}")
            c.click(c.wait_buttons("Reassign")[0])
            c.wait_css("#month-work form")
            work = c.css("#month-work")
        c.check_page("month-reassign")
        radios = work.find_elements("css selector", "input[type=radio]")
        self.assertTrue(radios, "the candidate list: " + work.text[:500])
        # Each candidate with the reason they can take it.
        first_label = work.find_element("css selector", f"label[for='{radios[0].get_attribute('id')}']").text
        self.assertIn("available", work.find_element("css selector", ".radio .hint").text)
        c.click(radios[0])
        # Refused without a reason: the rule beside the field, the choice kept.
        c.click(c.button("Reassign the audit", work))
        c.wait_css("#month-work .form-group--error")
        self.assertTrue(radios[0].is_selected())
        c.check_page()
        c.type_into("Reason", "Off sick this month", within=work)
        c.click(c.button("Reassign the audit", work))
        c.wait_css("#audits-heading")
        name = first_label.split(",")[0]
        c.wait_text("main table", name)
        _, changes = self.api("GET", "/v1/changes?record_type=audit&limit=5")
        self.assertIn("audit.reassign", [ch["action"] for ch in changes["changes"]])
        c.check_page()

    def raise_quota(self, name, quota):
        """Through the staff page: `name`'s audit quota changed in place."""
        c = self.console
        c.visit("/console/staff")
        c.type_into("Search staff", name)
        c.click(c.wait_buttons("Change")[0])
        editor = c.wait_css("#staff-editor form")
        c.type_into("Audits a month", quota, within=editor)
        c.click(c.button("Save the changes", editor))
        c.wait_css("main h1")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            _, staff = self.api("GET", "/v1/staff")
            if any(s["name"] == name and s["audit_quota"] == int(quota) for s in staff["staff"]):
                return
            time.sleep(0.2)
        self.fail(f"{name}'s quota was not changed to {quota}")

    def test_07_late_exemption_withdraws_the_audit_and_needs_a_director(self):
        c = self.console
        _, audits = self.api("GET", f"/v1/months/{self.month}/audits?status=allocated")
        auditor_id = audits["audits"][-1]["auditor_id"]
        _, person = self.api("GET", f"/v1/staff/{auditor_id}")
        c.visit("/console/staff")
        form = c.field("Person").find_element("xpath", "ancestor::form")
        c.choose("Person", person["name"], within=form)
        c.choose("Kind", "Single month", within=form)
        c.type_into("Reason", "Bereavement leave", within=form)
        c.click(c.button("Add the exemption", form))
        error = c.wait_css(".form-group--error .error-message")
        self.assertIn("director", error.text)
        group = error.find_element("xpath", "..")
        self.assertTrue(group.find_elements("xpath", ".//label[starts-with(normalize-space(.), 'Authorised by')]"),
                        "the rule is shown beside the field it is about")
        self.assertEqual(c.field("Reason", form).get_attribute("value"), "Bereavement leave")  # kept
        c.check_page()
        c.choose("Authorised by", "", within=form)
        directors = [o.text for o in c.field("Authorised by", form).find_elements("css selector", "option")][1:]
        c.choose("Authorised by", directors[0], within=form)
        c.click(c.button("Add the exemption", form))
        c.wait_css("#notice")
        self.assertIn("withdrawn", c.css("#notice").text)
        status, after = self.api("GET", f"/v1/months/{self.month}/audits?auditor_id={auditor_id}")
        self.assertIn("withdrawn", [a["status"] for a in after["audits"]])

    def test_08_staff_import_shows_the_bad_row_before_writing_then_imports(self):
        c = self.console
        c.visit("/console/staff")
        bad = self.server.dir / "staff-bad.csv"
        bad.write_text("email,name,role,fte\nnew.starter@example.org,New Starter,social_worker,1\n"
                       "second.starter@example.org,Second Starter,social_worker,2\n")
        c.field("CSV file").send_keys(str(bad))
        c.click(c.button("Check the file"))
        report = c.wait_css("#import-report")
        self.assertIn("Refused", report.text)
        self.assertIn("fte", report.text)
        self.assertFalse(c.all("#import-button"))
        c.check_page("staff-import-report")
        _, staff = self.api("GET", "/v1/staff")
        self.assertNotIn("new.starter@example.org", [s["email"] for s in staff["staff"]])
        good = self.server.dir / "staff-good.csv"
        good.write_text("email,name,role,fte\nnew.starter@example.org,New Starter,social_worker,1\n")
        c.field("CSV file").send_keys(str(good))
        c.click(c.button("Check the file"))
        c.click(c.wait_css("#import-button"))
        c.wait_text("main", "Imported")
        _, staff = self.api("GET", "/v1/staff")
        self.assertIn("new.starter@example.org", [s["email"] for s in staff["staff"]])

    def test_09_complete_an_action(self):
        c = self.console
        c.visit("/console/actions")
        button = c.wait_buttons("Mark as completed")[0]
        label = button.text
        c.click(button)
        c.wait_css("main h1")
        c.wait_idle()
        c.wait_until(lambda: label not in [b.text for b in c.buttons("Mark as completed")],
                     f"'{label}' still offered after it was completed")
        c.check_page()

    def test_10_update_a_concern(self):
        c = self.console
        c.visit("/console/concerns")
        c.click(c.wait_buttons("Record update")[0])
        work = c.wait_css("#concern-work form")
        c.type_into("What the head of service reported", "Plan reviewed; child seen weekly", within=work)
        c.click(c.button("Record the update", work))
        c.wait_css("main h1")
        time.sleep(0.5)
        c.wait_idle()
        errors = [e.text for e in c.all("#concern-work .error-message:not([hidden])")]
        if errors:  # that concern already had this month's update: the rule is shown, try another
            self.assertIn("already", " ".join(errors).lower())
            return
        _, changes = self.api("GET", "/v1/changes?record_type=concern_update&limit=1")
        self.assertEqual(changes["changes"][0]["after"]["note"], "Plan reviewed; child seen weekly")
        c.check_page()

    def test_11_export_a_csv_and_open_it(self):
        c = self.console
        c.visit(f"/console/month?month={self.month}")
        link = c.button("Download as CSV")
        before = set(c.downloads.glob("*.csv"))
        c.click(link)
        deadline = time.monotonic() + 15
        files = []
        while time.monotonic() < deadline:
            files = [p for p in c.downloads.glob("*.csv") if p not in before]
            if files:
                break
            time.sleep(0.2)
        self.assertTrue(files, "no CSV downloaded")
        raw = files[0].read_bytes()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        self.assertGreater(len(rows), 1)
        self.assertTrue(any("case_reference" in h or "Case" in h for h in rows[0]))

    # 4. Access
    def test_12_csrf_without_the_token_is_refused(self):
        c = self.console
        c.visit("/console/teams")
        status, _ = c.fetch("POST", "/v1/teams", {"name": "CSRF team", "service_id": 1}, csrf=False)
        self.assertEqual(status, 403)
        _, teams = self.api("GET", "/v1/teams")
        self.assertNotIn("CSRF team", [t["name"] for t in teams["teams"]])

    def test_13_a_viewer_sees_no_write_controls_and_is_refused_if_it_posts(self):
        c = self.console
        c.driver.delete_all_cookies()
        c.sign_in(self.people["viewer"]["email"], return_to=f"/console/month?month={self.month}")
        c.wait_url("/console/month")
        c.wait_css("#audits-heading")
        c.check_page()
        for path, _ in PAGES:
            # The coordinator's pages less their controls: test_03 ran axe on
            # them; here the console log is checked.
            c.visit(path, check=False)
            c.check_console_log()
            for text in ("Reassign", "Withdraw", "Commit", "Preview", "Change", "Add the", "Mark as completed",
                         "Record update", "Resolve", "Send again", "Check the file"):
                self.assertFalse(c.buttons(text), f"{path} shows '{text}' to a viewer")
        status, _ = c.fetch("POST", f"/v1/months/{self.month}/allocation?dry_run=1", None, csrf=True)
        self.assertEqual(status, 403)

    # 5. Failure
    def test_14_an_expired_session_asks_to_sign_in_and_returns_to_the_page(self):
        c = self.console
        c.visit("/console/pairings")
        c.driver.delete_all_cookies()
        c.driver.get(self.server.url + "/console/pairings")
        c.wait_url("/sign-in")
        self.assertIn(urllib.parse.quote("/console/pairings", safe=""), c.driver.current_url.replace("%2F", "%2F"))
        c.wait_css("form")
        c.check_page()
        c.sign_in(self.people["coordinator"]["email"], return_to="/console/pairings")
        c.wait_url("/console/pairings")

    # The leaders' reports: the figures shown are the API's, and the page prints to A4.
    def check_prints_to_a4(self):
        c = self.console
        c.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            # The printable width of A4 less 12 mm margins at 96 dpi (about
            # 703 px): the page laid out that wide must not overflow it.
            c.driver.set_window_size(703, 1123)
            self.assertEqual(c.driver.execute_script(
                "return getComputedStyle(document.querySelector('.nav')).display"), "none")
            self.assertFalse([b for b in c.all("#print-button, .no-print") if b.is_displayed()])
            overflow = c.driver.execute_script(
                "const width = document.documentElement.clientWidth;"
                "return Array.from(document.querySelectorAll('main table, main svg'))"
                ".filter(e => e.getBoundingClientRect().right > width + 1).map(e => e.id || e.tagName)"
                ".concat(document.documentElement.scrollWidth > width + 1 ? ['the page'] : [])")
            self.assertEqual(overflow, [])
        finally:
            c.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
            c.driver.set_window_size(1280, 1000)

    def test_14a_the_snapshot_and_quarterly_report_show_the_apis_figures_and_print(self):
        c = self.console
        year, month = map(int, self.month.split("-"))
        prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
        last = f"{prev_year}-{prev_month:02d}"
        status, snapshot = self.api("GET", f"/v1/reports/snapshot?month={last}")
        self.assertEqual(status, 200, snapshot)
        c.visit(f"/console/snapshot?month={last}")
        c.wait_css("#snapshot tbody tr")
        for m in snapshot["tables"]["measures"]:
            row = c.css(f'#snapshot tr[data-key="{m["key"]}"][data-domain="{m["domain"] or ""}"]')
            value = row.find_element("css selector", ".measure__value").text
            expected = ("none to count" if m["value"] is None
                        else f'{int(m["value"] * 100 + 0.5)}%' if m["unit"] == "share" else str(m["value"]))
            self.assertEqual(value, expected, m["key"])
            self.assertEqual(row.find_element("css selector", ".measure__travel").text, m["direction_of_travel"])
            self.assertEqual(row.find_element("css selector", ".rag").text, m["rag_words"])
        self.assertTrue(c.all("main svg.chart"))
        self.check_prints_to_a4()
        fiscal_year = prev_year if prev_month >= 4 else prev_year - 1
        quarter = f"{fiscal_year}-Q{(prev_month - 4) % 12 // 3 + 1}"
        status, report = self.api("GET", f"/v1/reports/quarter?quarter={quarter}")
        self.assertEqual(status, 200, report)
        c.visit(f"/console/quarter?quarter={quarter}")
        sentences = [li.text for li in c.all("#sentences li")]
        self.assertEqual(sentences, report["sentences"])
        totals = c.css("#grades-by-month tbody tr:last-child").text.split()
        self.assertEqual(totals[-1], str(report["total"]))
        months = report["tables"]["grades_by_month"]
        self.assertEqual([int(x) for x in totals[-1 - len(months):-1]], [m["total"] for m in months])
        self.assertEqual(len(c.all("main svg.chart")), 2)
        self.check_prints_to_a4()

    def test_15_the_server_going_away_shows_a_banner_not_a_blank_page(self):
        c = self.console
        c.visit("/console/staff")
        self.server.stop()
        c.click(c.wait_buttons("Change")[0])
        c.click(c.button("Save the changes"))
        banner = c.wait_visible("#banner")
        self.assertIn("cannot reach", banner.text)
        self.assertTrue(c.css("main h1").text)


if __name__ == "__main__":
    run_tests()
