#!/usr/bin/python3
"""Fills in the workbook `disclosurectl template all --format xlsx` wrote,
as agency staff would in a spreadsheet program: deletes the grey example
rows, types Chinese text, picks codes from the drop-down lists, and enters
dates as real dates or as ROC dates. Usage: fill_template.py BOOK [--bad]
(--bad: one impossible code in the requests sheet, and the example row of
the profile sheet left in)."""
import datetime
import sys

import openpyxl

book, bad = sys.argv[1], "--bad" in sys.argv[2:]
wb = openpyxl.load_workbook(book)
choices = wb["choices"]


def choice(enum, code):
    """The drop-down entry ("code 中文名") of `code`, as a click picks it."""
    for column in choices.iter_cols(min_row=1, values_only=True):
        if column[0] != enum:
            continue
        for value in column[1:]:
            if value and value.split(" ")[0] == code:
                return value
    raise KeyError(code)


# The grey example rows go first (with --bad, the profile's stays).
for ws in wb.worksheets:
    if ws.title != "choices" and not (bad and ws.title == "profile"):
        ws.delete_rows(2)


def fill(sheet, rows):
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    start = ws.max_row + 1
    for r, row in enumerate(rows):
        for name, value in row.items():
            ws.cell(row=start + r, column=header.index(name) + 1, value=value)


fill("profile", [{"agency_id": "mof", "name.zh_tw": "財政部",
                  "contact.unit": "個資窗口",
                  "contact.email": "privacy@mof.example.tw"}])
fill("databases", [{
    "database_id": "tax-data", "file_name.zh_tw": "財稅資料",
    "description.zh_tw": "財稅資料庫", "contact.unit": "財政資訊中心",
    "contact.email": "fia@mof.example.tw", "holding_basis": "稅捐稽徵法|第33條",
    "collection_ground": choice("CollectionGround", "art15_1_statutory_duty"),
    "specific_purposes": "157", "data_categories": "C001;C003",
    "subject_categories.zh_tw": "納稅義務人", "record_sources.zh_tw": "稽徵機關",
    "oversight": "資料審議小組|internal", "retention": "十年",
    "status": choice("EntryStatus", "published"),
    "next_review_due": datetime.date(2027, 6, 30),  # a real date cell
    "last_reviewed_at": "民國115年1月5日",
}])
fill("channels", [{
    "database_id": "tax-data", "channel_id": "copy", "right": choice("DataSubjectRight", "copy"),
    "method": choice("ChannelMethod", "counter"), "where.unit": "服務台",
    "where.phone": "02-0000-0000", "id_verification": "身分證",
    "deadline_days": 15, "extension_days": 15}])
requests = []
for i, outcome in enumerate(["produced_full", "pending"]):
    requests.append({
        "request_id": f"q{i}", "doc_no": f"字第{i}號", "requesting_unit": "審查科",
        "sent_at": datetime.datetime(2026, 3, 5 + i, 9, 30),
        "provider_name": "電信一", "provider_type": choice("ProviderType", "mobile_telecom"),
        "legal_basis.statute": "稅捐稽徵法", "legal_basis.article": "第30條",
        "purpose_category": choice("PurposeCategory", "tax_investigation"),
        "data_types": choice("RequestedDataType", "subscriber_info"),
        "identifier_type": choice("IdentifierType", "phone"), "identifiers_count": 1,
        "urgency": choice("Urgency", "routine"),
        "external_authorisation": choice("ExternalAuthorisation", "none"),
        "outcome": "不存在的結果" if bad and i == 1 else choice("RequestOutcome", outcome),
        "case_ref": f"case-{i}"})
fill("requests", requests)
wb.save(book)
