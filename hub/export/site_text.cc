#include "hub/export/site_text.h"

namespace disclosure::hub::site {
namespace {

struct Phrase {
  const char* key;
  const char* zh;
  const char* en;
};

// Plain words for someone who has never heard of the Personal Data
// Protection Act (個資法).
constexpr Phrase kPhrases[] = {
    {"site_name", "政府個資運用公開平台",
     "Government personal data disclosures"},
    {"skip", "跳到主要內容", "Skip to the content"},
    {"nav_label", "主選單", "Main menu"},
    {"nav_databases", "資料庫", "Databases"},
    {"nav_who", "誰有我的資料", "Who holds my data"},
    {"nav_linkages", "資料串連", "Linkages"},
    {"nav_requests", "向業者調取資料", "Requests to providers"},
    {"nav_agencies", "機關", "Agencies"},
    {"switch_language", "English", "中文"},
    {"footer", "本站資料由各機關簽署、協調中心副署；任何人都可自行驗證。",
     "Every agency signs what it publishes and the coordinating office "
     "cosigns it; anyone can check it."},
    {"how_to_verify", "如何驗證", "How to verify"},
    {"data_files", "資料檔說明", "Data files"},
    {"exported_at", "更新時間", "Updated"},
    {"feed_title", "最新異動", "Latest changes"},
    {"home_title", "政府機關如何運用您的個人資料",
     "How government agencies use your personal data"},
    {"home_intro",
     "各機關在這裡公開兩件事：保有哪些含個人資料的大型資料庫（為了什麼目的、"
     "是否提供其他機關或研究使用、依據哪條法律、您如何查詢或停止利用），以及向"
     "電信與網路業者調取使用者資料的統計。",
     "Government agencies publish two things here: the large databases of "
     "personal data they hold (why, whether others may use them, under which "
     "law, and how you can see or stop that use), and how often they asked "
     "telecom and internet companies for their users' data."},
    {"home_rights",
     "依個人資料保護法，您可以查詢、閱覽、取得複本、更正、請求停止利用或刪除"
     "自己的資料；每個資料庫頁面都寫明向哪裡申請、多久回覆、是否收費。",
     "Under Taiwan's Personal Data Protection Act you may see, copy, correct, "
     "stop the use of, or delete data about you; every database page says "
     "where to ask, how long an answer takes and what it costs."},
    {"milestones", "開放政府行動方案目標", "Open government plan milestones"},
    {"milestone_databases", "完整公開的資料庫", "Databases fully disclosed"},
    {"milestone_statistics", "定期公布調取統計的機關",
     "Agencies publishing request statistics"},
    {"met", "已達成", "Met"},
    {"unmet", "尚未達成", "Not met yet"},
    {"recent_changes", "最近異動", "Recent changes"},
    {"no_changes", "目前沒有異動。", "No changes yet."},
    {"subscribe", "以 Atom 訂閱異動", "Subscribe to changes (Atom)"},
    {"databases_title", "資料庫", "Databases"},
    {"databases_intro",
     "各機關保有之個人資料庫。可用中文直接搜尋（不需空格，例如「健保」），並以"
     "機關、資料類別、特定目的、目的外利用依據或可否停止利用篩選。",
     "Databases of personal data held by agencies. Search in Chinese or "
     "English and filter by agency, data category, purpose, legal "
     "ground for other uses, or whether you can opt out."},
    {"search_label", "搜尋", "Search"},
    {"search_placeholder", "例如：健保、戶籍、學生",
     "e.g. 健保, household, student"},
    {"filter_agency", "機關", "Agency"},
    {"filter_category", "資料類別", "Data category"},
    {"filter_purpose", "特定目的", "Purpose"},
    {"filter_ground", "目的外利用依據（個資法第16條）",
     "Ground for other uses (PDPA Art. 16)"},
    {"filter_optout", "可請求停止目的外利用", "You can opt out of other uses"},
    {"any", "全部", "Any"},
    {"col_database", "資料庫", "Database"},
    {"col_agency", "機關", "Agency"},
    {"col_categories", "資料類別", "Data categories"},
    {"col_uses", "目的外利用", "Other uses"},
    {"col_optout", "可停止利用", "Opt-out"},
    {"yes", "可", "Yes"},
    {"no", "否", "No"},
    {"withdrawn", "已停止保有", "Withdrawn"},
    {"withdrawn_note", "本機關已不再保有此資料庫；以下為最後公開之內容。",
     "The agency no longer holds this database; this is what it last "
     "published."},
    {"synthetic_note", "此為示範資料，並非真實機關之公開內容。",
     "Demonstration data, not a real agency's disclosure."},
    {"what_held", "保有什麼、為了什麼", "What is held, and why"},
    {"held_by", "保有機關", "Held by"},
    {"subjects", "當事人", "About whom"},
    {"about", "約", "about"},
    {"categories", "個人資料類別", "Kinds of personal data"},
    {"sensitive", "特種個資", "Sensitive data"},
    {"purposes", "特定目的", "Purposes"},
    {"sources", "資料來源", "Where the data comes from"},
    {"retention", "保存期限", "Kept for"},
    {"legal_basis", "法律依據", "Legal basis"},
    {"holding_basis", "保有依據", "Held under"},
    {"collection_ground", "蒐集依據", "Collected on the ground of"},
    {"art6", "特種個資依據", "Ground for sensitive data"},
    {"uses_title", "目的外利用", "Uses outside the original purpose"},
    {"uses_intro", "資料被提供給原本目的以外的單位或用途時，依據與方式如下。",
     "When the data is used for something other than why it was collected, "
     "or given to others: who, why, and on what ground."},
    {"no_uses", "未公開目的外利用。",
     "No use outside the original purpose is disclosed."},
    {"use_purpose", "目的", "Purpose"},
    {"use_ground", "依據", "Ground"},
    {"consent", "同意", "Consent"},
    {"use_form", "提供方式", "In what form"},
    {"use_approval", "審查單位", "Approved by"},
    {"use_status", "狀態", "Status"},
    {"use_optout", "可否請求停止", "Can you opt out"},
    {"linkages_title", "資料串連", "Linkages with other databases"},
    {"no_linkages", "未公開資料串連。", "No linkage is disclosed."},
    {"join_key", "串連鍵", "Joined on"},
    {"rights_title", "如何行使您的權利", "How to exercise your rights"},
    {"rights_intro", "向保有機關提出；下表列出每項權利的管道、期限與費用。",
     "Ask the agency that holds the data; the table gives the channel, "
     "deadline and fee for each right."},
    {"optout_available", "您可以請求停止目的外利用。",
     "You can ask to stop uses outside the original purpose."},
    {"optout_unavailable", "目前無法請求停止目的外利用。",
     "You cannot currently opt out of other uses."},
    {"right", "權利", "Right"},
    {"how", "方式", "How"},
    {"where", "何處", "Where"},
    {"deadline", "處理期限", "Answer within"},
    {"days", "日", "days"},
    {"fee", "費用", "Fee"},
    {"proof_title", "驗證", "Check it yourself"},
    {"proof_intro", "本頁內容來自機關簽署之資料；下載證明檔即可離線驗證。",
     "This page shows what the agency signed; download the proof to check it "
     "offline."},
    {"proof_bundle", "證明檔", "Proof bundle"},
    {"version", "版本", "Version"},
    {"last_reviewed", "最近檢視", "Last reviewed"},
    {"contact", "聯絡窗口", "Contact"},
    {"as_of", "統計至", "as of"},
    {"agency_wrote", "機關填寫：", "as the agency wrote it: "},
    {"security", "安全維護措施", "Security measures"},
    {"intl_transfer", "國際傳輸", "Transfers abroad"},
    {"access_exemptions", "依法不予公開或限制之事項", "Exemptions from access"},
    {"consent_withdrawal", "撤回同意：", "Withdrawing consent: "},
    {"use_linked", "串連的資料庫", "Databases linked for this use"},
    {"use_procedure", "申請程序：", "How to apply:"},
    {"use_decision", "審查期限：", "Decision within"},
    {"use_projects", "核准案件清單", "Approved projects"},
    {"use_period_stats", "各期申請與釋出",
     "Applications and releases per period"},
    {"period", "期間", "Period"},
    {"approved", "核准件數", "Approved"},
    {"rejected", "駁回件數", "Rejected"},
    {"released", "釋出筆數", "Records released"},
    {"no_legal_basis", "未載明法律依據", "no legal basis given"},
    {"optout_scope", "適用範圍：", "Scope: "},
    {"optout_basis", "依據：", "Legal basis: "},
    {"agency_defaults", "機關通用管道", "agency-wide channels"},
    {"channels_shared", "以下各項權利共通：", "For every right below:"},
    {"agency_defaults_lead", "機關通用管道", "The agency-wide channels"},
    {"default_rights_after", "也受理", " also take"},
    {"id_verification", "身分確認方式", "Proof of identity to bring"},
    {"not_stated", "機關未載明", "not stated by the agency"},
    {"extension_before", "（必要時得延長 ", " (may be extended by "},
    {"extension_after", "，並書面通知）", ", with written notice)"},
    {"effective_rule", "生效方式", "When it takes effect"},
    {"refusal_grounds", "得拒絕之法律依據", "Legal grounds for refusing"},
    {"redress", "救濟方式", "If you disagree"},
    {"oversight_title", "監督", "Oversight"},
    {"entry_status", "狀態", "Status"},
    {"modified", "異動日期", "changed on"},
    {"change_note", "異動說明", "What changed"},
    {"next_review", "下次檢視", "next review"},
    {"attested", "確認人", "Attested by"},
    {"source", "機關原始公告", "The agency's own notice"},
    {"records_url", "個人資料檔案公開頁面", "Published record of the file"},
    {"keys_out_of_band",
     "KEYS 是您自協調中心公告之金鑰指紋核對過的金鑰資料夾；本站的 keys/ "
     "與資料一同提供，不能單獨作為信任依據（請見「如何驗證」）。",
     "KEYS is a folder of keys you checked against the fingerprints the "
     "coordinating office publishes; this site's keys/ come with the data "
     "and cannot be trusted on their own (see \"How to verify\")."},
    {"nav_coverage", "完整度", "Completeness"},
    {"coverage_title", "資料庫公開完整度", "How complete each disclosure is"},
    {"coverage_rule",
     "資料庫要算「完整公開」，必須載明個資法第17條的各項（名稱、保有機關與聯絡"
     "窗口、依據、特定目的、個人資料類別），個資法第3條五項權利（查詢或請求閱覽"
     "、"
     "製給複製本、補充或更正、停止蒐集處理或利用、刪除）各有管道、處理期限與費"
     "用"
     "（依法得拒絕者也要有管道並載明依據），有可以聯絡的電話或電子郵件，並且沒"
     "有"
     "任何暫代內容（例如「待確認」或 0000-0000）。",
     "A database counts as completely disclosed when it gives every item of "
     "PDPA Art. 17 (name, holding agency and contact, legal basis, specific "
     "purposes, kinds of data); a channel, a deadline and a fee for each of "
     "the five rights of PDPA Art. 3 (to query or view, to a copy, to "
     "correct, to stop collection or use, to deletion), including rights "
     "the agency may refuse by law, with that law; a contact reachable by "
     "phone or e-mail; and no placeholder (such as \"to be confirmed\" or "
     "0000-0000)."},
    {"coverage_unit", "個資料庫完整公開", "databases completely disclosed"},
    {"coverage_incomplete", "尚未完整的資料庫與原因",
     "Incomplete databases, and why"},
    {"coverage_none", "所有資料庫都已完整公開。",
     "Every database is completely disclosed."},
    {"statistics_late", "統計逾期未公布", "statistics overdue"},
    {"officer", "個人資料保護長", "Data protection officer"},
    {"demo_banner", "本站含示範用的合成資料，不是真實的機關紀錄。",
     "This site holds synthetic demonstration data, not real agency "
     "records."},
    {"declared_by", "申報者", "Declared by"},
    {"declared_both", "雙方機關皆申報", "both ends"},
    {"declared_one", "僅一方申報", "one end only"},
    {"declared_outside", "一方（對方在本平台之外）",
     "one end (the other is outside the federation)"},
    {"linkages_declared",
     "每一列是一條資料流向。兩端機關都申報的串連只列一次；只有一方申報的串連另"
     "外標示，"
     "因為另一方沒有確認。",
     "Each row is one flow of data. A linkage both ends declare is listed "
     "once; one that only one end declares is marked, because the other end "
     "has not confirmed it."},
    {"search_noscript",
     "搜尋與篩選需要 JavaScript。沒有 JavaScript 時，請從下方的機關清單打開"
     "各機關的資料庫列表，再用瀏覽器的「在頁面中尋找」（Ctrl+F）找字。",
     "Search and filters need JavaScript. Without it, open an agency's list "
     "of databases below and use your browser's find in page (Ctrl+F)."},
    {"search_results", "搜尋結果", "Search results"},
    {"more_results", "顯示更多", "Show more"},
    {"databases_by_agency", "各機關的資料庫", "Databases by agency"},
    {"col_databases", "資料庫數", "Databases"},
    {"pages_nav", "分頁", "Pages"},
    {"page_of", "第 {i} 頁，共 {n} 頁", "Page {i} of {n}"},
    {"prev_page", "上一頁", "Previous page"},
    {"next_page", "下一頁", "Next page"},
    {"who_agency_more", "此處列出前 {shown} 個（共 {total} 個）；全部列在",
     "The first {shown} of {total} are listed here; all of them are in"},
    {"agency_list_link", "本機關的資料庫列表",
     "this agency's list of databases"},
    {"no_results", "沒有符合的資料庫。可以試試：", "No database matches. Try:"},
    {"no_results_shorter", "較短或較常用的詞，例如「健保」「戶籍」「學籍」",
     "a shorter or more common word"},
    {"no_results_synonyms", "資料類別代號（例如 C111）或機關名稱",
     "a data category code (such as C111) or an agency's name"},
    {"no_results_filters", "清除上方的篩選條件", "clearing the filters above"},
    {"no_results_who", "從生活情境找：誰有我的資料？",
     "finding by situation: who holds my data?"},
    {"more_filters", "更多篩選（機關、類別、目的、依據）",
     "More filters (agency, kind of data, purpose, ground)"},
    {"search_button", "搜尋", "Search"},
    // Punctuation between runs: full-width in Chinese, ASCII in English.
    {"p_semi", "；", "; "},
    {"p_comma", "，", ", "},
    {"p_open", "（", " ("},
    {"p_close", "）", ")"},
    {"p_colon", "：", ": "},
    {"p_period", "。", "."},
    {"p_lq", "「", "\u201c"},
    {"p_rq", "」", "\u201d"},
    {"p_space", "\u3000", "  "},
    {"declared_times_before", "同一內容申報 ", "declared "},
    {"declared_times_after", " 次", " times over"},
    {"coverage_capped",
     "下列為前 {shown} 個未完整的資料庫（共 {total} "
     "個）；每一個缺少的項目都列在資料檔中：",
     "The list shows the first {shown} incomplete databases of {total}; what "
     "every one of them lacks is in the data file:"},
    {"linkages_capped",
     "下表列出前 {shown} 條流向（共 {total} 條）。全部流向在下列資料檔中，"
     "每個資料庫的頁面也列出它自己的串連：",
     "The table lists the first {shown} flows of {total}. Every flow is in "
     "the data files below, and each database's page lists its own:"},
    {"who_title", "誰有我的資料？", "Who holds my data?"},
    {"who_intro",
     "從您的生活情境或資料類別，找出保有這類資料的資料庫，以及資料會流向哪裡。",
     "From a situation in your life or a kind of data, find every database "
     "that holds it and where the data flows from there."},
    {"no_holders",
     "本平台目前沒有任何資料庫申報保有這類資料。這不表示沒有機關保有："
     "尚未加入本平台或尚未公開的機關，可能仍保有這類資料。",
     "No database on this site declares holding this kind of data yet. That "
     "does not mean no agency holds it: agencies not yet on this site, or "
     "not yet disclosing, may."},
    {"topic_health", "看病與健康", "Health and medical care"},
    {"topic_tax", "繳稅與收入", "Tax and income"},
    {"topic_school", "上學與學歷", "School and education"},
    {"topic_id", "身分證與照片", "ID card and photo"},
    {"topic_family", "家庭與戶籍", "Family and household"},
    {"topic_work", "工作與保險", "Work and insurance"},
    {"linkages_page_title", "資料庫之間的串連",
     "Which databases link to which"},
    {"linkages_page_intro", "箭頭表示資料流向；虛線為聯邦以外的資料庫。",
     "Arrows show which way data flows; dashed lines lead to databases "
     "outside the federation."},
    {"linkages_caption", "每個點是一個資料庫，依機關排列。",
     "Each dot is a database, grouped by agency."},
    {"linkages_table", "所有串連", "Every linkage"},
    {"direction", "方向", "Direction"},
    {"partner", "對方資料庫", "Other database"},
    {"dangling", "對方未公開", "not published"},
    {"requests_title", "機關向電信與網路業者調取使用者資料",
     "Agencies' requests to telecom and internet companies"},
    {"requests_intro", "各機關每期公布調取次數、法律依據、目的與業者類型。",
     "Each agency publishes, per period, how many requests it sent, under "
     "which law, why, and to what kind of company."},
    {"requests_rules",
     "一份公文向一家業者之請求計為一件。少於門檻之組合僅公布區間，總數因此不公"
     "布。「未統計」表示機關沒有紀錄，不等於零。",
     "One letter to one company counts as one request. Groups below the "
     "small-count threshold show only a range, and the period's total is "
     "then withheld. \"Not tracked\" means the agency keeps no record; it is "
     "not zero."},
    {"trend", "各期調取件數", "Requests per period"},
    {"not_tracked_text", "未統計：本機關此期沒有紀錄（不是零件）。",
     "Not tracked: the agency kept no record this period (this is not zero)."},
    {"not_tracked_short", "未統計", "not tracked"},
    {"zero_text", "本期沒有調取。", "No requests this period."},
    {"requests_unit", "件", "requests"},
    {"by_basis", "依法律依據", "By legal basis"},
    {"by_purpose", "依目的", "By purpose"},
    {"by_provider", "依業者類型", "By kind of provider"},
    {"by_outcome", "依結果", "By outcome"},
    {"by_outcome_published", "依結果（僅已公布的列）",
     "By outcome (published rows only)"},
    {"outcome_produced", "業者提供資料", "data provided"},
    {"outcome_no_data", "查無資料", "no such data"},
    {"outcome_refused", "業者拒絕", "refused by the provider"},
    {"outcome_pending", "尚未回覆", "no answer yet"},
    {"banded_rows",
     "有 {n} 列的件數少於 {threshold} 件，只公布區間 {band} 件；本期總數因此以"
     "區間表示。",
     "{n} rows had fewer than {threshold} requests and show only the range "
     "{band}; the period's total is therefore a range."},
    {"unreadable_band", "無法判讀（遮蔽區間格式錯誤）",
     "unreadable (a band is malformed)"},
    {"identifiers", "指定之識別碼（帳號、門號等）：",
     "Identifiers named (accounts, numbers...):"},
    {"in_published_rows", "（僅已公布的列；遮蔽列不計）",
     "(published rows only; banded rows withhold theirs)"},
    {"counting_rule", "計算方式：", "How requests are counted:"},
    {"requests_scale",
     "長條圖使用相同刻度：趨勢圖以本機關最多的一期為準，同一期的分類圖以該期總"
     "數"
     "為準。實心為已確定的件數，斜線部分為遮蔽列可能增加的件數。",
     "Charts share their scale: the trend uses this agency's largest period, "
     "and the breakdowns of a period use that period's total. The solid part "
     "is known; the hatched part is what banded rows may add."},
    {"requests_by_agency", "各機關最新一期", "Each agency's latest period"},
    {"col_periods", "已公布期數", "Periods published"},
    {"col_latest_period", "最新一期", "Latest period"},
    {"col_latest_requests", "該期調取件數", "Requests that period"},
    {"requests_data", "下載全部統計：", "All statistics as data:"},
    {"corrected", "本期已更正：", "Corrected:"},
    {"synthetic", "示範資料", "demonstration data"},
    {"agencies_title", "機關", "Agencies"},
    {"agencies_intro",
     "協調中心最近一次取得各機關資料的狀態。「逾期」表示機關未按時更新；「異常"
     "」表示發現機關竄改過去公開之紀錄，並附證據。",
     "The state of each agency as the coordinating office last saw it. "
     "\"Overdue\" means the agency has not refreshed its data in time; "
     "\"misbehaving\" means it was caught rewriting what it had published, "
     "with the evidence."},
    {"freshness", "狀態", "State"},
    {"last_publication", "最近發布", "Last publication"},
    {"checkpoint", "簽署紀錄", "Signed log"},
    {"counts", "內容", "Contents"},
    {"since", "自", "since"},
    {"expires", "有效至", "valid until"},
    {"evidence", "證據", "evidence"},
    {"tree_size", "紀錄長度", "log size"},
    {"history", "歷史", "history"},
    {"cosigned_by", "見證者副署：", "cosigned by"},
    {"databases_unit", "個資料庫", "databases"},
    {"periods_unit", "期統計", "statistics periods"},
    {"feed", "訂閱", "feed"},
    {"state_fresh", "正常", "Up to date"},
    {"state_overdue", "逾期", "Overdue"},
    {"state_unreachable", "無法連線", "Unreachable"},
    {"state_misbehaving", "異常", "Misbehaving"},
    {"state_never", "尚未取得", "Not yet harvested"},
    {"published", "發布第", "published version "},
    {"changed", "異動", "changed"},
    // Withholding (限制公開), format 2: said in place of what is withheld.
    {"withheld_art18", "依政府資訊公開法第18條第1項第{item}款限制公開",
     "Withheld under Article 18(1), item {item}, of the Freedom of "
     "Government Information Law"},
    {"withheld_law", "依{law}限制公開", "Withheld under {law}"},
    {"withheld_by", "（{unit}決定）", " (decided by {unit})"},
    {"withheld_review", "，{date} 前重新檢討", "; to be reviewed by {date}"},
    {"withheld_overdue", "，原定 {date} 前重新檢討，已逾期",
     "; its review was due by {date} and is overdue"},
    {"withheld_short", "限制公開", "withheld"},
    {"withheld_description", "說明", "Description"},
    {"withheld_approx", "約略人數", "Approximate number of people"},
    {"withheld_channels", "行使權利的管道", "Where to exercise your rights"},
    {"withheld_optout", "停止利用", "Opting out"},
    {"withheld_source_hash", "原始公告的雜湊值",
     "Hash of the agency's own notice"},
    {"withheld_recipient", "利用對象限制公開", "Recipient withheld"},
    {"withheld_use", "一項目的外利用限制公開", "A use withheld"},
    {"withholding_title", "限制公開一覽", "What is withheld"},
    {"withholding_intro",
     "公開是原則，政府資訊公開法第18條第1項各款是唯一的例外。機關不公開某項"
     "內容時，必須在原處簽署「限制公開」並載明依據、決定單位與重新檢討日期；"
     "本頁列出所有限制公開的項目。已過檢討日期者標示為逾期。",
     "Disclosure is the rule; the items of Article 18(1) of the Freedom of "
     "Government Information Law are the only exception. An agency that "
     "does not show something must sign, in its place, that it is withheld, "
     "on what ground, by which unit's decision, and when the decision is "
     "reviewed again. This page lists everything withheld. A decision past "
     "its review date is marked overdue."},
    {"withholding_none", "目前沒有任何限制公開的項目。",
     "Nothing is withheld at present."},
    {"withholding_counts", "{n} 項限制公開，其中 {overdue} 項已逾檢討期限",
     "{n} items withheld, {overdue} of them past their review date"},
    {"withholding_truncated",
     "項目過多，以下只列出一部分（各機關的數量仍為全部）；每一項都在 "
     "databases.csv 與 statistics.csv 的 withheld 欄。",
     "Too many items to list here: some are left out (each agency's counts "
     "still cover all of them); every item is in the withheld column of "
     "databases.csv and statistics.csv."},
    {"withheld_item", "項目", "Item"},
    {"withheld_ground", "依據與檢討", "Ground and review"},
    {"nav_withholding", "限制公開", "Withheld"},
    {"what_rows", "統計列", "statistics row"},
    {"what_use", "目的外利用", "use outside the purpose"},
    {"what_recipient", "利用對象", "recipient of a use"},
    {"what_linkage", "資料串連", "linkage"},
    {"pp_title", "提問與意見", "Questions and opinions"},
    {"pp_received", "收到", "received"},
    {"pp_reply", "機關回覆", "The agency's answer"},
    {"pp_open_title", "待回覆", "Waiting for an answer"},
    {"pp_overdue", "已逾期", "overdue"},
    {"pp_period", "關於哪一期統計", "Which period"},
    {"pp_kind", "這是", "This is"},
    {"pp_question", "提問", "a question"},
    {"pp_opinion", "意見", "an opinion"},
    {"pp_text", "您的提問或意見", "Your question or opinion"},
    {"pp_contact", "電子郵件（選填，只給機關回覆用，不公開）",
     "E-mail (optional; only for the agency's reply, never published)"},
    {"pp_publish",
     "同意機關回覆時一併公開我的內容（身分證號、電話與電子郵件會遮蔽）",
     "Publish my text with the answer (ID numbers, phone numbers and e-mail "
     "addresses are masked)"},
    {"pp_privacy",
     "送出後會得到平臺簽署的收件證明，請保存；機關須在期限內於其簽署的紀錄中"
     "公開回覆。不需帳號。",
     "You get a receipt signed by the hub: keep it. The agency answers in "
     "its own signed record, within the deadline. No account needed."},
    {"pp_send", "送出", "Send"},
    {"nav_consultations", "意見徵詢", "Consultations"},
    {"cr_title", "意見徵詢", "Consultation rounds"},
    {"cr_intro",
     "協調中心就特定資料庫或統計開放意見徵詢。徵詢期間，您可以在各項目的頁面"
     "送出意見，並取得平臺簽署的收件證明；徵詢結束後，各機關須在其簽署的紀錄"
     "中逐則說明處理情形（採納、部分採納或不採納）與理由。每一輪都保留在本頁。",
     "The coordinating office opens consultation rounds on chosen databases "
     "or statistics. While a round is open you can give your opinion on the "
     "page of each entry and get a receipt signed by the hub; after it "
     "closes, each agency says in its own signed record how it handled every "
     "opinion (adopted, partly adopted or not adopted) and why. Every round "
     "stays on this page."},
    {"cr_none", "目前沒有意見徵詢。", "No consultation rounds yet."},
    {"cr_open_title", "進行中的意見徵詢", "Consultations open now"},
    {"cr_more", "徵詢說明與文件", "About the round and its documents"},
    {"cr_entries", "徵詢的項目", "Entries"},
    {"cr_documents", "文件", "Documents"},
    {"cr_platform", "公共政策網路參與平臺上的對應議題",
     "The matching topic on the national participation platform (Join)"},
    {"cr_handled", "處理情形", "How each opinion was handled"},
    {"cr_waiting", "待機關說明處理情形", "Waiting for the agency"},
    {"cr_handling", "處理結果", "Handling"},
    {"cr_reason", "理由", "Reason"},
    {"cr_open", "徵詢中", "open"},
    {"cr_closed", "已結束", "closed"},
    {"stats_scope",
     "統計範圍：僅限行政管制目的之調取。犯罪偵查之調取依通訊保障及監察法等"
     "規定另行公布，不在此列。",
     "Scope: requests for administrative regulation only. Requests in "
     "criminal investigations are published separately under their own laws "
     "(such as the Communication Security and Surveillance Act)."},
    {"stats_scope_unstated",
     "本期統計未載明範圍（舊版格式）；依計畫僅含行政管制目的之調取。",
     "This period does not state its scope (an older format); under the "
     "plan it covers requests for administrative regulation only."},
    {"criminal_stats_link", "犯罪偵查之通訊監察統計",
     "Statistics of surveillance in criminal investigations"},
    {"withheld_rows",
     "有 {n} 列依法限制公開，其件數不公布；本期總數僅含已公布的列。",
     "{n} rows are withheld by law and show no counts; the period's total "
     "covers the published rows only."},
};

std::map<std::string, std::string> Build(bool zh) {
  std::map<std::string, std::string> m;
  for (const Phrase& p : kPhrases) m[p.key] = zh ? p.zh : p.en;
  return m;
}

}  // namespace

const std::map<std::string, std::string>& SiteText(Lang lang) {
  static const auto* const kZh =
      new std::map<std::string, std::string>(Build(true));
  static const auto* const kEn =
      new std::map<std::string, std::string>(Build(false));
  return lang == Lang::kZhTw ? *kZh : *kEn;
}

}  // namespace disclosure::hub::site
