"""First paint of each console page in headless Chromium on loopback (a
benchmark, not a test): the real binary on the demo authority (SQLite), a
coordinator signed in through the spool link, each page loaded 5 times.
Prints, per page, the median first contentful paint and the median time
until the page's data is drawn (the shell replaced by the page).

    /usr/bin/python3 bench/console_first_paint.py --binary build/daemon/caseaudit
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))
from harness import Console, Server  # noqa: E402

PAGES = ["/console/month", "/console/staff", "/console/teams", "/console/caseload", "/console/pairings",
         "/console/actions", "/console/concerns", "/console/outbox", "/console/changes"]
LOADS = 5


def measure(console, path):
    console.driver.get(console.server.url + path)
    console.wait_idle()
    return console.driver.execute_script("""
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        return [paint ? paint.startTime : null, performance.now(), nav.responseEnd];""")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    server = Server(args.binary, "sqlite").start()
    try:
        token = server.token("coordinator")
        _, staff = server.api("GET", "/v1/staff?active=1", token)
        coordinator = [s for s in staff["staff"] if s["role"] == "qa_officer"][0]
        server.cli("staff", "access", coordinator["email"], "coordinator")
        console = Console(server)
        try:
            console.sign_in(coordinator["email"])
            console.wait_idle()
            print(f"{'page':<20} {'first paint (ms)':>17} {'data drawn (ms)':>16}")
            for path in PAGES:
                samples = [measure(console, path) for _ in range(LOADS)]
                paint = statistics.median(s[0] for s in samples if s[0] is not None)
                drawn = statistics.median(s[1] for s in samples)
                print(f"{path:<20} {paint:>17.0f} {drawn:>16.0f}")
        finally:
            console.quit()
    finally:
        server.close()


if __name__ == "__main__":
    main()
