#!/usr/bin/python3
"""Drives the exported site in headless Chromium (Debian's chromium,
chromium-driver and python3-selenium): search by a Chinese word and by a
synonym, filters, a database page's rights channels, the language switch,
agency text containing <script> shown as text, the statistics charts, and no
request leaving loopback. Serves SITE on a free loopback port itself and
writes screenshots of the main pages to ARTIFACTS.

    site_check.py SITE ARTIFACTS
Exit 0 when every check passes; prints each failed check otherwise.
"""
import functools
import http.server
import json
import os
import sys
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

SITE, ARTIFACTS = sys.argv[1], sys.argv[2]
failures = []
passes = []


def check(cond, what):
    print(("ok      " if cond else "FAILED  ") + what)
    (passes if cond else failures).append(what)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(Quiet, directory=SITE))
threading.Thread(target=server.serve_forever, daemon=True).start()
root = "http://127.0.0.1:%d/" % server.server_address[1]

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--window-size=1200,1400"]:
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                          options=options)
os.makedirs(ARTIFACTS, exist_ok=True)


def visible_rows():
    return [r.get_attribute("data-id") for r in
            driver.find_elements(By.CSS_SELECTOR, "#databases tbody tr")
            if r.is_displayed()]


def search(text):
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    WebDriverWait(driver, 5).until(lambda d: True)
    return visible_rows()


try:
    driver.get(root + "index.html")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
          == "zh-Hant-TW", "the home page is in Traditional Chinese first")
    check(len(driver.find_elements(By.CSS_SELECTOR, ".card")) == 2,
          "the home page shows the plan's two milestones")
    driver.save_screenshot(os.path.join(ARTIFACTS, "home.png"))

    driver.get(root + "databases.html")
    WebDriverWait(driver, 10).until(
        lambda d: "顯示" in d.find_element(By.ID, "count").text)
    everything = visible_rows()
    check(len(everything) >= 3, "the databases page lists every database")
    check(search("健康保險") == ["mohw/nhi-claims"],
          "a Chinese word without spacing finds the database")
    check(search("健保") == ["mohw/nhi-claims"],
          "the synonym 健保 finds 全民健康保險")
    search("")
    Select(driver.find_element(By.ID, "f-agency")).select_by_value("mof")
    rows = visible_rows()
    check(rows and all(r.startswith("mof/") for r in rows),
          "the agency filter keeps only that agency's databases")
    Select(driver.find_element(By.ID, "f-agency")).select_by_value("")
    driver.find_element(By.ID, "f-optout").click()
    check(len(visible_rows()) < len(everything),
          "the opt-out filter narrows the list")
    driver.save_screenshot(os.path.join(ARTIFACTS, "databases.png"))

    driver.get(root + "db/mohw/nhi-claims.html")
    body = driver.find_element(By.TAG_NAME, "main").text
    check("15 日" in body or "15 日" in driver.page_source,
          "the database page gives each right's deadline")
    rights = driver.find_elements(By.CSS_SELECTOR, "ul.channels li.channel")
    check(len(rights) >= 5,
          "the database page lists a channel for each right")
    check("<script>alert(1)</script>" in body,
          "agency text containing <script> shows as text")
    check(not driver.execute_script("return window.__pwned === true"),
          "agency text never runs as a script")
    driver.save_screenshot(os.path.join(ARTIFACTS, "database.png"))
    driver.find_element(By.ID, "lang-switch").click()
    check(driver.current_url.endswith("/en/db/mohw/nhi-claims.html") and
          driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
          == "en" and "How to exercise your rights" in driver.page_source,
          "the language switch opens the English page")

    driver.get(root + "requests.html")
    charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
    check(len(charts) > 0, "the statistics page draws its charts")
    check(len(driver.find_elements(By.CSS_SELECTOR, ".not-tracked")) > 0 and
          len(driver.find_elements(By.CSS_SELECTOR, "rect.bar.striped")) > 0,
          "'not tracked' is drawn distinctly from zero")
    driver.save_screenshot(os.path.join(ARTIFACTS, "requests.png"))

    for page in ["linkages.html", "who.html", "agencies.html",
                 "en/index.html"]:
        driver.get(root + page)
        driver.save_screenshot(os.path.join(
            ARTIFACTS, page.replace("/", "-").replace(".html", ".png")))
    check(len(driver.find_elements(By.TAG_NAME, "h1")) == 1,
          "pages have one main heading")
    driver.get(root + "linkages.html")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg.graph line")) > 0,
          "the linkages page draws the graph")

    requests = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            requests.append(msg["params"]["request"]["url"])
    outside = [u for u in requests if not u.startswith(root)
               and not u.startswith("data:")]
    check(requests and not outside,
          "no request leaves loopback (%d requests%s)" %
          (len(requests), "; outside: " + ", ".join(outside[:3])
           if outside else ""))
finally:
    driver.quit()
    server.shutdown()

print("%d passed, %d failed" % (len(passes), len(failures)))
sys.exit(1 if failures else 0)
