#!/usr/bin/python3
"""Drives the exported site in headless Chromium (Debian's chromium,
chromium-driver and python3-selenium): search by a Chinese word and by a
synonym, filters, a database page's rights channels, the language switch,
agency text containing <script> shown as text, the statistics charts, and no
request leaving loopback. Serves SITE on a free loopback port itself and
writes screenshots of the main pages to ARTIFACTS.

Then, over every kind of page (zh-TW and English): axe-core finds no
serious or critical accessibility violation; at 360 px nothing scrolls
sideways; chart text is at least 12 px and every chart has its table; every
run of Chinese on an English page is marked lang="zh..."; every page says
when the federation holds demonstration data. Phone screenshots (390x844)
of the home, a database and the statistics page go to ARTIFACTS too.

With --search-api PORT (the hub's search over HTTP on loopback), the site
is also served with /api/search passed to it, as nginx serves it: a search
there reads one small answer, never search-index.json, and the bytes the
browser fetched to answer it are printed and held to 300 KB.

    site_check.py SITE ARTIFACTS AXE_JS [--pages-only DATABASE_PAGE]
                  [--search-api PORT]
Exit 0 when every check passes; prints each failed check otherwise.
"""
import functools
import http.server
import json
import re
import os
import sys
import threading
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

SITE, ARTIFACTS, AXE_JS = sys.argv[1], sys.argv[2], sys.argv[3]
# --pages-only DATABASE_PAGE: only the checks of every kind of page (for an
# export of other data, such as the quick start's).
PAGES_ONLY = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--pages-only" else ""
SEARCH_API = (sys.argv[sys.argv.index("--search-api") + 1]
              if "--search-api" in sys.argv else "")
failures = []
passes = []


def check(cond, what):
    print(("ok      " if cond else "FAILED  ") + what)
    (passes if cond else failures).append(what)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class WithSearchApi(Quiet):
    """The site with /api/search passed to the hub, as nginx does."""
    def do_GET(self):
        if not self.path.startswith("/api/search"):
            return super().do_GET()
        query = self.path[len("/api/search"):]
        url = "http://127.0.0.1:%s/search%s" % (SEARCH_API, query)
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                status, body = answer.status, answer.read()
                kind = answer.headers.get("Content-Type")
        except urllib.error.HTTPError as e:
            status, body, kind = e.code, e.read(), e.headers.get("Content-Type")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(handler):
    s = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=SITE))
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s, "http://127.0.0.1:%d/" % s.server_address[1]


server, root = serve(Quiet)
api_server, api_root = serve(WithSearchApi) if SEARCH_API else (None, "")

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


# Text nodes holding CJK characters whose nearest lang attribute is not
# Chinese (on English pages).
LANG_CHECK = """
var out = [];
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (var n = walker.nextNode(); n; n = walker.nextNode()) {
  var p = n.parentElement;
  if (!p || p.closest('script,style,noscript')) continue;
  if (!/[\u3000-\u9fff\uff00-\uffef]/.test(n.nodeValue)) continue;
  var lang = p.closest('[lang]');
  if (!lang || lang.getAttribute('lang').indexOf('zh') !== 0)
    out.push(n.nodeValue.trim().slice(0, 40));
}
return out;
"""


def phone(width, height):
    """A phone's viewport: a window cannot be narrower than 500 px."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1,
        "mobile": True})


def visible_rows():
    return [r.get_attribute("data-id") for r in
            driver.find_elements(By.CSS_SELECTOR, "#databases tbody tr")
            if r.is_displayed()]


def answers():
    return int(driver.find_element(By.ID, "search")
               .get_attribute("data-answers") or 0)


def answered(action, text=None):
    """Does ACTION, then waits until the page has answered (and answered
    TEXT, when given)."""
    before = answers()
    action()
    form = driver.find_element(By.ID, "search")
    WebDriverWait(driver, 10).until(
        lambda d: answers() > before and
        (text is None or form.get_attribute("data-answered") == text))


def search(text):
    box = driver.find_element(By.ID, "q")

    def type_and_submit():
        box.clear()
        box.send_keys(text + Keys.ENTER)
    answered(type_and_submit, text)
    return visible_rows()


def check_search_api():
    """Served with the hub's search: one small answer per search."""
    driver.get(api_root + "databases.html")
    check(search("健康保險") == ["mohw/nhi-claims"],
          "with the hub's search, a Chinese word finds the database")
    check(search("健保") == ["mohw/nhi-claims"],
          "with the hub's search, the synonym 健保 finds 全民健康保險")
    check("mohw/nhi-claims" in search("C111"),
          "with the hub's search, a data category code finds its holders")
    fetched = driver.execute_script(
        "return performance.getEntriesByType('navigation').concat("
        "performance.getEntriesByType('resource')).map(function (e) {"
        "  return [e.name, e.encodedBodySize || e.transferSize]; });")
    names = [n for n, _ in fetched]
    total = sum(size for _, size in fetched)
    print("search_kb=%.1f (%s)" % (total / 1024.0, ", ".join(
        "%s %d" % (n.rsplit("/", 1)[-1].split("?")[0], b) for n, b in fetched)))
    check(not any("search-index.json" in n for n in names),
          "with the hub's search, search-index.json is never fetched")
    check(0 < total <= 300 * 1024,
          "the page and three searches fetch at most 300 KB (%.1f KB)"
          % (total / 1024.0))
    # A search the hub refuses is said so, without falling back to the
    # whole static index.
    search("字" * 100)
    said = driver.find_element(By.ID, "count").text
    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').map("
        "function (e) { return e.name; });")
    check("搜尋條件有誤" in said and
          not any("search-index.json" in n for n in fetched),
          "a search the hub refuses says so and fetches no index (%s)" % said)


def request_pages():
    """The agencies' own statistics pages, as requests.html links them."""
    with open(os.path.join(SITE, "requests.html"), encoding="utf-8") as f:
        return ["requests/%s.html" % a for a in
                re.findall(r'href="requests/([^"/]+)\.html"', f.read())]


def check_every_page(database_page):
    """The checks every kind of page gets, zh-TW and English, with
    DATABASE_PAGE as the database page."""
    # Every kind of page, both languages.
    agency = database_page.split("/")[1]
    pages = ["index.html", "databases.html", database_page,
             "databases/%s.html" % agency, "who.html",
             "who/%s.html" % agency, "linkages.html", "requests.html",
             request_pages()[0],
             "agencies.html", "coverage.html", "withholding.html",
             "verify.html"]
    # Written when the hub takes participation (the quick start's does).
    if os.path.exists(os.path.join(SITE, "consultations.html")):
        pages.append("consultations.html")
    pages += ["en/" + p for p in pages]
    axe = open(AXE_JS, encoding="utf-8").read()
    for page in pages:
        driver.get(root + page)
        check(len(driver.find_elements(By.CSS_SELECTOR, ".demo-banner")) == 1,
              page + " says the federation holds demonstration data")
        driver.execute_script(axe)
        result = driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(function (r) { done(r.violations.map(function (v) {"
            "  return [v.id, v.impact, v.nodes.length,"
            "          v.nodes[0].target.join(' ')]; })); });")
        bad = [v for v in result if v[1] in ("serious", "critical")]
        check(not bad, "%s: no serious or critical axe-core violation%s" % (
            page, "" if not bad else ": " + "; ".join(
                "%s (%s, %d nodes, first %s)" % tuple(v) for v in bad)))
        if page.startswith("en/"):
            unmarked = driver.execute_script(LANG_CHECK)
            check(not unmarked, page + ": Chinese text is marked lang=zh%s" % (
                "" if not unmarked else " (unmarked: " + " | ".join(unmarked[:3]) + ")"))
    phone(360, 800)
    for page in pages:
        driver.get(root + page)
        widths = driver.execute_script(
            "return [document.documentElement.scrollWidth,"
            " document.documentElement.clientWidth];")
        check(widths[1] == 360 and widths[0] <= widths[1],
              "%s: no sideways scrolling at 360 px (page %d px, view %d px)"
              % (page, widths[0], widths[1]))
    driver.get(root + request_pages()[0])
    sizes = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll("
        "'svg.chart text'), function (t) { return parseFloat("
        "getComputedStyle(t).fontSize) * t.getScreenCTM().a; });")
    check(sizes and min(sizes) >= 12,
          "chart text is at least 12 px on a phone (smallest %.1f)" % (
              min(sizes) if sizes else 0))
    figures = driver.find_elements(By.CSS_SELECTOR, "figure.chart-figure")
    check(figures and all(f.find_elements(By.CSS_SELECTOR, "table")
                          for f in figures),
          "every chart has its numbers as a table (%d charts)" % len(figures))
    phone(390, 844)
    for page, name in [("index.html", "phone-home"),
                       (database_page, "phone-database"),
                       (request_pages()[0], "phone-statistics")]:
        driver.get(root + page)
        driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_federation():
    """The checks that know this test's federation."""
    driver.get(root + "index.html")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
          == "zh-Hant-TW", "the home page is in Traditional Chinese first")
    check(len(driver.find_elements(By.CSS_SELECTOR, ".card")) == 2,
          "the home page shows the plan's two milestones")
    driver.save_screenshot(os.path.join(ARTIFACTS, "home.png"))

    driver.get(root + "databases.html")
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.ID, "search").get_attribute("data-ready")
        is not None)
    total = int(re.search(r"\d+", driver.find_element(By.ID, "count").text)
                .group(0))
    agencies = driver.find_elements(By.CSS_SELECTOR, "#agency-lists a")
    check(total >= 3 and len(agencies) >= 2 and not visible_rows(),
          "before a search the databases page lists the agencies, not "
          "every database (%d databases, %d agencies)" % (total, len(agencies)))
    check(search("健康保險") == ["mohw/nhi-claims"],
          "a Chinese word without spacing finds the database")
    check(search("健保") == ["mohw/nhi-claims"],
          "the synonym 健保 finds 全民健康保險")
    check(search("建保") == ["mohw/nhi-claims"],
          "the misspelling 建保 finds 健保")
    check("mohw/nhi-claims" in search("C111"),
          "a data category code (C111) finds its holders")
    check(len(search("戶籍")) > 0,
          "戶籍 finds databases linked with 戶役政")
    no_hits = search("完全不存在的字詞")
    check(not no_hits and driver.find_element(By.ID, "no-results").is_displayed(),
          "a search without results says so and suggests what to try")
    check("<noscript>" in driver.page_source,
          "without JavaScript the page says search needs it")
    search("")
    driver.find_element(By.CSS_SELECTOR, ".more-filters summary").click()
    answered(lambda: Select(driver.find_element(By.ID, "f-agency"))
             .select_by_value("mof"))
    rows = visible_rows()
    check(rows and all(r.startswith("mof/") for r in rows),
          "the agency filter keeps only that agency's databases")
    answered(lambda: Select(driver.find_element(By.ID, "f-agency"))
             .select_by_value(""))
    answered(lambda: driver.find_element(By.ID, "f-optout").click())
    opt_out = visible_rows()
    check(0 < len(opt_out) < total,
          "the opt-out filter lists the databases one can opt out of "
          "(%d of %d)" % (len(opt_out), total))
    driver.save_screenshot(os.path.join(ARTIFACTS, "databases.png"))

    # Without JavaScript an agency's own list is the way in.
    driver.get(root + "databases/mohw.html")
    rows = visible_rows()
    check("mohw/nhi-claims" in rows and all(r.startswith("mohw/") for r in rows),
          "an agency's list page lists its databases (%d)" % len(rows))
    driver.find_element(By.CSS_SELECTOR, "#databases a").click()
    check("/db/mohw/" in driver.current_url,
          "a database in an agency's list opens its page")
    driver.get(root + "who/mohw.html")
    check(len(driver.find_elements(By.CSS_SELECTOR, "main section li a")) > 0,
          "who/<agency>.html names the agency's databases holding each topic")

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

    # The list of agencies, then each agency's page: together they draw
    # every kind of figure.
    driver.get(root + "requests.html")
    listed = request_pages()
    check(len(driver.find_elements(
        By.CSS_SELECTOR, "#request-agencies tbody tr")) == len(listed) > 0,
          "requests.html lists each agency with statistics (%d)" % len(listed))
    check("≥" not in driver.page_source,
          "the list of agencies gives no lower bound as a total")
    bars = not_tracked = striped = hatched = 0
    figures = []
    for page in listed:
        driver.get(root + page)
        bars += len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar"))
        not_tracked += len(driver.find_elements(By.CSS_SELECTOR, ".not-tracked"))
        striped += len(driver.find_elements(By.CSS_SELECTOR,
                                            "rect.bar.striped"))
        hatched += len(driver.find_elements(By.CSS_SELECTOR, "rect.bar.range"))
        figures += [f.text for f in
                    driver.find_elements(By.CSS_SELECTOR, "p.figure")]
        check("≥" not in driver.page_source,
              page + " gives no lower bound as a total")
    check(bars > 0, "the statistics pages draw their charts")
    check(not_tracked > 0 and striped > 0,
          "'not tracked' is drawn distinctly from zero")
    check(any("–" in f for f in figures),
          "a total over banded rows is a range, never a lower bound (%s)" %
          ", ".join(figures))
    check(hatched > 0, "the part banded rows may add is drawn hatched")
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

    check_every_page("db/mohw/nhi-claims.html")


def check_network():
    """Nothing the pages load comes from outside loopback."""
    requests = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            requests.append(msg["params"]["request"]["url"])
    outside = [u for u in requests if not u.startswith(root)
               and not (api_root and u.startswith(api_root))
               and not u.startswith("data:")]
    check(requests and not outside,
          "no request leaves loopback (%d requests%s)" %
          (len(requests), "; outside: " + ", ".join(outside[:3])
           if outside else ""))


try:
    if PAGES_ONLY:
        check_every_page(PAGES_ONLY)
    else:
        check_federation()
    if SEARCH_API:
        check_search_api()
    check_network()
finally:
    driver.quit()
    server.shutdown()
    if api_server:
        api_server.shutdown()

print("%d passed, %d failed" % (len(passes), len(failures)))
sys.exit(1 if failures else 0)
