#!/usr/bin/python3
"""Phone-sized screenshots (390x844, headless Chromium) of a site export's
home, one database and the statistics page, for docs/screenshots:

    phone_screenshots.py SITE OUTDIR [DATABASE_PAGE]

DATABASE_PAGE defaults to db/mohw-nhia/nhi-claims.html (the quick start's).
"""
import functools
import http.server
import os
import sys
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

site, out = sys.argv[1], sys.argv[2]
database = sys.argv[3] if len(sys.argv) > 3 else "db/mohw-nhia/nhi-claims.html"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(Quiet, directory=site))
threading.Thread(target=server.serve_forever, daemon=True).start()
root = "http://127.0.0.1:%d/" % server.server_address[1]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--window-size=390,844"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                          options=options)
# A window cannot be narrower than 500 px: emulate the phone's viewport.
driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
    "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
os.makedirs(out, exist_ok=True)
try:
    for page, name in [("index.html", "phone-home.png"),
                       (database, "phone-database.png"),
                       ("requests.html", "phone-statistics.png")]:
        driver.get(root + page)
        driver.save_screenshot(os.path.join(out, name))
        print(os.path.join(out, name))
finally:
    driver.quit()
    server.shutdown()
