"""The browser tests' harness: the real caseaudit binary on a free port with a
temporary state directory (its mail spool) and the demo authority, on SQLite or
on a fresh PostgreSQL schema, driven by headless Chromium through Selenium.

Every page a test visits goes through Console.visit(), which then runs
axe-core on it (failing on serious or critical violations) and reads the
browser's console log (failing on any error). Nothing here talks to anything
but 127.0.0.1.
"""

import argparse
import email
import email.policy
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException,
                                        TimeoutException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
LONDON = ZoneInfo("Europe/London")
WAIT_SECONDS = 15
# How often a wait asks the browser again. Selenium's default is 0.5 s, which
# made every wait for a page that draws in 50 ms cost half a second.
POLL_SECONDS = 0.05


def wait(driver, timeout=WAIT_SECONDS):
    return WebDriverWait(driver, timeout, poll_frequency=POLL_SECONDS)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def this_month():
    return datetime.now(LONDON).strftime("%Y-%m")


class PostgresSchema:
    """A schema of its own in the server named by CASEAUDIT_TEST_PG_URL,
    dropped afterwards (as tests/db/test_database.cc isolates)."""

    def __init__(self):
        base = os.environ.get("CASEAUDIT_TEST_PG_URL", "")
        if not base:
            raise RuntimeError(
                "CASEAUDIT_TEST_PG_URL is not set, so the PostgreSQL browser test cannot run "
                "(a skip would hide it): run it under pg_virtualenv as scripts/test does")
        self.base = base
        self.name = "caseaudit_browser_" + uuid.uuid4().hex[:12]
        self._psql(f"CREATE SCHEMA {self.name}")
        separator = "&" if "?" in base else "?"
        self.url = f"{base}{separator}options=-csearch_path%3D{self.name}"

    def _psql(self, sql):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.base, "-c", sql], check=True,
                       capture_output=True, timeout=60)

    def execute(self, sql):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.url, "-c", sql], check=True,
                       capture_output=True, timeout=60)

    def drop(self):
        self._psql(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


class Server:
    """caseaudit serve, on the demo authority, its clock starting before this
    month's 07:00 commit so that the month is still to be allocated."""

    def __init__(self, binary, backend, start_at=None):
        self.binary = binary
        # When the clock starts (local "YYYY-MM-DDTHH:MM"); default before this month's commit.
        self.start_at = start_at
        self.backend = backend
        self.dir = Path(tempfile.mkdtemp(prefix="caseaudit-browser-"))
        self.state = self.dir / "state"
        self.spool = self.state / "spool"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.postgres = PostgresSchema() if backend == "postgresql" else None
        database = (f'[database]\nurl = "{self.postgres.url}"\n' if self.postgres else "")
        (self.dir / "caseaudit.toml").write_text(
            f'[http]\naddress = "127.0.0.1"\nport = {self.port}\npublic_url = "{self.url}"\n'
            f'{database}[state]\ndirectory = "{self.state}"\n'
            # The spool every second (the default is 15 s): a sign-in link
            # arrives as soon as a relay would bring it.
            '[notifier]\ndelivery_interval_seconds = 1\n')
        self.process = None
        self.month = this_month()

    def cli(self, *args, check=True):
        result = subprocess.run([self.binary, "--config", str(self.dir / "caseaudit.toml"), *args],
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"caseaudit {' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}")
        return result

    def start(self):
        self.cli("demo-data", "--month", self.month)
        log = open(self.dir / "serve.log", "w")
        self.process = subprocess.Popen(
            [self.binary, "--config", str(self.dir / "caseaudit.toml"), "serve", "--now",
             self.start_at or f"{self.month}-01T06:00"], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("caseaudit serve exited:\n" + self.log())
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        raise RuntimeError("caseaudit serve was not ready within 30 s:\n" + self.log())

    def log(self):
        path = self.dir / "serve.log"
        return path.read_text() if path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart_at(self, start_at):
        """Stops the server and starts it again on the same database, its
        clock now at start_at: the next day's reminder run comes at once."""
        self.stop()
        self.start_at = start_at
        return self.start()

    def close(self):
        self.stop()
        if self.postgres:
            self.postgres.drop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def sql(self, statement):
        """Runs one SQL statement on the server's database (a test's back door)."""
        if self.postgres:
            self.postgres.execute(statement)
        else:
            subprocess.run(["sqlite3", "-bail", str(self.state / "caseaudit.db"), statement], check=True,
                           capture_output=True, timeout=60)

    def expire_sign_in_links(self):
        """Every unused sign-in link as if its 15 minutes had passed."""
        self.sql("UPDATE sign_in_links SET expires_at = created_at WHERE used_at IS NULL")

    def token(self, role):
        out = self.cli("token", "create", "--name", f"browser-{role}-{uuid.uuid4().hex[:6]}",
                       "--role", role).stdout
        return out.splitlines()[0].strip()

    def api(self, method, path, token, body=None, headers=None):
        """(status, parsed JSON or text) of one request with a bearer token."""
        data = None
        all_headers = {"Authorization": f"Bearer {token}", **(headers or {})}
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, _decode(answer.read(), answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, _decode(error.read(), error.headers)

    def get_page(self, path):
        """(status, body text) of a plain GET, as a mail scanner would do."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def spool_files(self):
        return sorted(self.spool.glob("*.eml")) if self.spool.exists() else []

    def wait_for_sign_in_link(self, address, known_files=(), timeout=20):
        """The sign-in link in the newest email to `address` not in known_files."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in self.spool_files():
                if path in known_files:
                    continue
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                if address.lower() not in str(message["To"]).lower():
                    continue
                text = message.get_body(preferencelist=("plain", "html")).get_content()
                match = re.search(r"(https?://[^\s\"<>]+/sign-in/confirm\?token=[A-Za-z0-9_\-%.~]+)", text)
                if match:
                    return match.group(1)
            time.sleep(0.2)
        raise AssertionError(f"no sign-in email to {address} in the spool within {timeout} s")


def _decode(raw, headers):
    text = raw.decode("utf-8-sig") if raw else ""
    if "json" in (headers.get("Content-Type") or ""):
        return json.loads(text) if text else None
    return text


class ConsoleProblem(AssertionError):
    pass


class Console:
    """One headless Chromium on the server, checking every page it visits."""

    def __init__(self, server, downloads=None, screenshots=None):
        self.server = server
        self.downloads = Path(downloads or tempfile.mkdtemp(prefix="caseaudit-downloads-"))
        self.screenshots = Path(screenshots) if screenshots else None
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", "--no-first-run", "--disable-extensions",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--disable-default-apps", "--lang=en-GB"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.add_experimental_option("prefs", {
            "download.default_directory": str(self.downloads), "download.prompt_for_download": False,
            "safebrowsing.enabled": False})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(60)
        if not AXE.exists():
            raise RuntimeError(f"{AXE} is missing: run scripts/setup (npm ci in tests/browser)")
        self.axe = AXE.read_text()
        self.checked_pages = []
        self.axe_checked_states = set()

    def quit(self):
        self.driver.quit()

    # Navigation and checks
    def visit(self, path, ready_css="main h1", check=True):
        self.driver.get(self.server.url + path)
        self.wait_css(ready_css)
        self.wait_idle()
        if check:
            self.check_page()

    def wait_css(self, css, timeout=WAIT_SECONDS):
        return wait(self.driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def wait_visible(self, css, timeout=WAIT_SECONDS):
        return wait(self.driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def wait_text(self, css, text, timeout=WAIT_SECONDS):
        def element_with_text(driver):
            # The element the wait saw: a page that draws again may have
            # none for a moment just after.
            try:
                element = driver.find_element(By.CSS_SELECTOR, css)
                return element if text in element.text else False
            except (NoSuchElementException, StaleElementReferenceException):
                return False
        return wait(self.driver, timeout).until(element_with_text)

    def wait_url(self, fragment, timeout=WAIT_SECONDS):
        wait(self.driver, timeout).until(lambda d: fragment in d.current_url)

    def wait_until(self, condition, what, timeout=WAIT_SECONDS):
        """Until condition() is true; an AssertionError saying `what` if not."""
        try:
            wait(self.driver, timeout).until(lambda d: condition())
        except TimeoutException as error:
            raise AssertionError(f"{what} on {self.driver.current_url} within {timeout} s") from error

    def wait_idle(self):
        """Until the page has drawn (no 'Loading the console' heading left)."""
        wait(self.driver).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
            and "Loading the console" not in d.find_element(By.CSS_SELECTOR, "main").text)

    # What makes two visits the same page for axe: its path, headings, the
    # open dialog or form and how many controls it has. A page seen again in
    # the same state is not checked again (axe takes about 2 s a page, most
    # of the suite's time when it ran on every visit); the console log is.
    _PAGE_STATE = """
        const texts = s => Array.from(document.querySelectorAll(s)).map(e => e.innerText.trim());
        return [location.pathname, texts("h1, h2, h3, legend, .error-summary").join("|"),
                document.querySelectorAll("button, a, input, select, textarea, [role]").length].join("#");
    """

    def check_page(self, name=None):
        """No console errors here, and no serious or critical axe violations
        in this state of the page (once per distinct state)."""
        self.check_console_log()
        state = self.driver.execute_script(self._PAGE_STATE)
        if state not in self.axe_checked_states:
            self.run_axe()
            self.axe_checked_states.add(state)
        self.checked_pages.append(self.driver.current_url)
        if self.screenshots and name:
            self.screenshot(name)

    # axe reads the first 20 rows of each table: the rows are drawn by one
    # template, and a list of hundreds of staff took seconds to check.
    def run_axe(self):
        self.driver.execute_script(self.axe)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run({exclude: [['tbody tr:nth-child(n+21)']]}, {resultTypes: ['violations'], runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
            ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
        serious = [v for v in result if v["impact"] in ("serious", "critical")]
        if serious:
            raise ConsoleProblem(f"axe-core on {self.driver.current_url}: " + json.dumps(serious, indent=1))

    # Chromium logs every 4xx answer as a console error. The API's refusals of
    # a form (400, 403, 409, 422) and the 401 that sends a page to sign-in are
    # the console working as meant: it shows them to the person. Anything
    # else (a script error, a missing asset, a 404 or 5xx) is an error. The
    # sign-in confirm page answers a used or expired link 410 and an unknown
    # one 404, with the page that says so: also as meant. So do the emailed
    # action pages (/act/...): a refused form 422, a second post 409.
    EXPECTED_REFUSAL = re.compile(
        r"/v1/\S* - Failed to load resource: the server responded with a status of (400|401|403|409|422) "
        r"|/sign-in/confirm - Failed to load resource: the server responded with a status of (404|410) "
        r"|/act/\S* - Failed to load resource: the server responded with a status of (403|404|409|410|422) ")

    def check_console_log(self, allowed=()):
        errors = [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"
                  and not (entry.get("source") == "network" and self.EXPECTED_REFUSAL.search(entry["message"]))
                  and not any(a in entry["message"] for a in allowed)]
        if errors:
            raise ConsoleProblem(f"browser console errors on {self.driver.current_url}: "
                                 + json.dumps(errors, indent=1))

    def screenshot(self, name):
        self.screenshots.mkdir(parents=True, exist_ok=True)
        height = self.driver.execute_script("return Math.min(document.body.scrollHeight, 2400)")
        self.driver.set_window_size(1280, max(800, height))
        self.driver.save_screenshot(str(self.screenshots / f"{name}.png"))
        self.driver.set_window_size(1280, 1000)

    # Finding and doing
    # The finders below wait (up to WAIT_SECONDS) for what they look for: a
    # console page draws its parts after its data arrives, so "the page has
    # loaded" does not mean "every part is there". all() and buttons() do
    # not wait: they are also used to see that something is absent.
    def css(self, css):
        return self.wait_css(css)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    # One script call finds the visible buttons whose rendered text starts
    # with a text: asking Selenium element by element took a round trip per
    # button, seconds on a page with a button per row.
    _VISIBLE_BUTTONS = """
        const [selector, text, root] = arguments;
        return Array.from((root || document).querySelectorAll(selector)).filter(
            b => b.checkVisibility() && b.innerText.trim().startsWith(text));
    """

    def button(self, text, within=None):
        """The visible button whose text starts with `text`."""
        try:
            return wait(self.driver).until(lambda d: (d.execute_script(
                self._VISIBLE_BUTTONS, "button, a.button", text, within) or [False])[0])
        except TimeoutException as error:
            raise AssertionError(f"no button '{text}' on {self.driver.current_url}") from error

    def buttons(self, text):
        """The visible buttons whose text starts with `text` (not a table's sort buttons)."""
        return self.driver.execute_script(self._VISIBLE_BUTTONS, "button:not(thead button), a.button",
                                          text, None)

    def wait_buttons(self, text, timeout=WAIT_SECONDS):
        """buttons(text), once there is at least one (a table's rows draw after its page)."""
        try:
            return wait(self.driver, timeout).until(lambda d: self.buttons(text))
        except Exception as error:
            raise AssertionError(f"no button '{text}' on {self.driver.current_url} within {timeout} s: "
                                 + self.css("main").text[:500]) from error

    def click(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def field(self, label, within=None):
        """The input, select or textarea labelled `label` (start of the label's text)."""
        try:
            return wait(self.driver).until(lambda d: d.execute_script("""
                const [text, root] = arguments;
                const label = Array.from((root || document).querySelectorAll("label")).find(
                    l => l.htmlFor && l.innerText.trim().startsWith(text));
                return (label && document.getElementById(label.htmlFor)) || false;
            """, label, within))
        except TimeoutException as error:
            raise AssertionError(f"no field labelled '{label}' on {self.driver.current_url}") from error

    def type_into(self, label, text, within=None):
        element = self.field(label, within)
        element.clear()
        element.send_keys(text)
        return element

    def choose(self, label, option_text, within=None):
        from selenium.webdriver.support.ui import Select
        select = Select(self.field(label, within))
        for option in select.options:
            if option.text.startswith(option_text):
                select.select_by_visible_text(option.text)
                return option.text
        raise AssertionError(f"no option '{option_text}' in '{label}'")

    def fetch(self, method, path, body=None, csrf=True):
        """A fetch() from the page, as a script on it would send it: (status, text)."""
        return self.driver.execute_async_script("""
            const [method, path, body, csrf, done] = arguments;
            (async () => {
              const headers = {"Content-Type": "application/json"};
              if (csrf) {
                const session = await (await fetch("/v1/session", {credentials: "same-origin"})).json();
                headers["X-CSRF-Token"] = session.csrf_token;
              }
              const answer = await fetch(path, {method, headers, credentials: "same-origin",
                                                body: body === null ? undefined : JSON.stringify(body)});
              done([answer.status, await answer.text()]);
            })().catch(e => done([0, String(e)]));
        """, method, path, body, csrf)

    # Signing in through the spool
    def request_sign_in_link(self, address, return_to="/"):
        known = set(self.server.spool_files())
        self.visit(f"/sign-in?return_to={urllib.parse.quote(return_to)}", ready_css="form")
        field = self.css("input[name=email]")
        field.clear()
        field.send_keys(address)
        self.click(self.css("form button[type=submit], form input[type=submit]"))
        self.wait_css("main h1")
        self.check_page()
        return known

    def sign_in(self, address, return_to="/"):
        known = self.request_sign_in_link(address, return_to)
        link = self.server.wait_for_sign_in_link(address, known)
        self.confirm_link(link)
        return link

    def confirm_link(self, link):
        self.driver.get(link)
        self.wait_css("form")
        self.check_page()
        self.click(self.css("form button[type=submit], form input[type=submit]"))


class ServedTestCase(unittest.TestCase):
    """Scenarios that share one server and one browser, in order: setUpClass
    starts the server (its clock at start_at(), if given), runs prepare()
    and opens the browser; if any of that fails it prints the server's log
    and closes it. tearDownClass quits the browser and closes the server."""

    args = None  # the command line, set by run_tests()
    server = None
    console = None

    @classmethod
    def start_at(cls):
        """When the server's clock starts (local "YYYY-MM-DDTHH:MM"), or None."""
        return None

    @classmethod
    def prepare(cls):
        """What the scenarios need once the server runs, before the browser opens."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(cls.args.binary, cls.args.backend, start_at=cls.start_at())
        try:
            cls.server.start()
            cls.prepare()
            cls.console = Console(cls.server, screenshots=cls.args.screenshots)
        except BaseException:
            print(cls.server.log(), file=sys.stderr)
            cls.server.close()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.console:
            cls.console.quit()
        if cls.server:
            cls.server.close()


def run_tests():
    """Runs the calling script's tests: --binary, --backend (sqlite or
    postgresql) and --screenshots are read here; the rest is unittest's."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--screenshots", default=os.environ.get("CASEAUDIT_SCREENSHOTS"))
    ServedTestCase.args, rest = parser.parse_known_args()
    unittest.main(module="__main__", argv=[sys.argv[0], "-v", *rest])
