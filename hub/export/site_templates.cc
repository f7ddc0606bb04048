#include "hub/export/site_templates.h"

namespace disclosure::hub::site {

// The rights channels (database_page.h, SetChannels): the details they all
// share, then one item per channel; on a database's page and, for the
// agency-wide channels, on the agencies page. Kept as written, one line
// per line of HTML, like the raw-string templates below.
// clang-format off
#define DN_CHANNELS \
  "{{#shared}}<p>{{t.channels_shared}}</p><dl>\n" \
  "{{#where}}<dt>{{t.where}}</dt><dd>[[parts]]{{#parts}}{{#url}}{{t.p_semi}}{{/url}}{{/parts}}[[@url]]</dd>{{/where}}\n" \
  "{{#id_verification}}<dt>{{t.id_verification}}</dt><dd>[[id_verification]]</dd>{{/id_verification}}\n" \
  "{{#redress}}<dt>{{t.redress}}</dt><dd>[[redress]]</dd>{{/redress}}</dl>{{/shared}}\n" \
  "<ul class=\"channels\">{{#channels}}<li class=\"channel\"><h3>{{right}}{{#name}}{{t.p_colon}}[[name]]{{/name}}</h3>\n" \
  "<dl><dt>{{t.how}}</dt><dd>{{method}}</dd>\n" \
  "{{#where}}<dt>{{t.where}}</dt><dd>[[parts]]{{#parts}}{{#url}}{{t.p_semi}}{{/url}}{{/parts}}[[@url]]</dd>{{/where}}\n" \
  "{{#id_verification}}<dt>{{t.id_verification}}</dt><dd>[[id_verification]]</dd>{{/id_verification}}\n" \
  "<dt>{{t.fee}}</dt><dd>{{#fee}}[[fee]]{{/fee}}{{^fee}}<span class=\"tag\">{{t.not_stated}}</span>{{/fee}}</dd>\n" \
  "<dt>{{t.deadline}}</dt><dd>{{#deadline}}{{deadline}}{{/deadline}}{{^deadline}}<span class=\"tag\">{{t.not_stated}}</span>{{/deadline}}{{#extension}}{{t.extension_before}}{{extension}}{{t.extension_after}}{{/extension}}</dd>\n" \
  "{{#effective_rule}}<dt>{{t.effective_rule}}</dt><dd>[[effective_rule]]</dd>{{/effective_rule}}\n" \
  "{{#has_refusal_grounds}}<dt>{{t.refusal_grounds}}</dt><dd>{{#refusal_grounds}}[[run]]{{#quote}}{{t.p_lq}}[[quote]]{{t.p_rq}}{{/quote}}{{#url}} [[@url]]{{/url}} {{/refusal_grounds}}</dd>{{/has_refusal_grounds}}\n" \
  "{{#redress}}<dt>{{t.redress}}</dt><dd>[[redress]]</dd>{{/redress}}</dl></li>\n" \
  "{{/channels}}</ul>"
// clang-format on

// The participation section (site_participation.h): counts, the signed
// answers, the submissions still open, and the form posting to the hub's
// intake. Element ids carry {{form_id}}: the requests page has one form
// per agency.
// clang-format off
#define DN_PARTICIPATION \
  "{{#participation}}<section id=\"ask-{{form_id}}\" aria-labelledby=\"ask-{{form_id}}-h\" class=\"participation\"><h2 id=\"ask-{{form_id}}-h\">{{t.pp_title}}</h2>\n" \
  "<p>{{counts}}</p>\n" \
  "{{#rounds}}<p class=\"note\">{{notice}} <a href=\"{{home}}consultations.html#{{id}}\">{{t.cr_more}}</a></p>{{/rounds}}\n" \
  "{{#answers}}<article class=\"answer\"><h3>{{kind}} {{id}} <span class=\"muted\">{{t.pp_received}} {{received}}</span></h3>\n" \
  "{{#question}}<blockquote class=\"question\">{{question}}</blockquote>{{/question}}{{#question_note}}<p class=\"muted\">{{question_note}}</p>{{/question_note}}\n" \
  "{{#handling}}<p><strong>{{t.cr_handling}}</strong>{{t.p_colon}}{{handling}}{{#round}} <a class=\"muted\" href=\"{{home}}consultations.html#{{round}}\">{{t.cr_title}} {{round}}</a>{{/round}}</p>{{/handling}}\n" \
  "{{#answer}}<p class=\"reply\"><strong>{{t.pp_reply}}</strong>{{t.p_colon}}{{answer}}</p>{{/answer}}{{#answer_withheld}}<p class=\"withheld\">{{answer_withheld}}</p>{{/answer_withheld}}\n" \
  "<p class=\"muted\">{{answered_line}}</p></article>{{/answers}}\n" \
  "{{#has_open}}<h3>{{t.pp_open_title}}</h3><ul class=\"open\">{{#open}}<li>{{kind}} {{id}}{{t.p_colon}}{{line}}{{#overdue}} <span class=\"tag\">{{t.pp_overdue}}</span>{{/overdue}}</li>{{/open}}</ul>{{/has_open}}\n" \
  "<form method=\"post\" action=\"{{action}}\" class=\"ask\"><input type=\"hidden\" name=\"agency\" value=\"{{agency}}\">\n" \
  "{{#concerns}}<input type=\"hidden\" name=\"concerns\" value=\"{{concerns}}\">{{/concerns}}\n" \
  "{{#has_options}}<label for=\"pp-{{form_id}}-concerns\">{{t.pp_period}}</label><select id=\"pp-{{form_id}}-concerns\" name=\"concerns\">{{#concerns_options}}<option value=\"{{value}}\">{{label}}</option>{{/concerns_options}}</select>{{/has_options}}\n" \
  "<fieldset><legend>{{t.pp_kind}}</legend><label><input type=\"radio\" name=\"kind\" value=\"question\" checked> {{t.pp_question}}</label> <label><input type=\"radio\" name=\"kind\" value=\"opinion\"> {{t.pp_opinion}}</label>{{#rounds}} <label><input type=\"radio\" name=\"kind\" value=\"{{id}}\"> {{choice}}</label>{{/rounds}}</fieldset>\n" \
  "<label for=\"pp-{{form_id}}-text\">{{t.pp_text}}</label><textarea id=\"pp-{{form_id}}-text\" name=\"text\" required maxlength=\"4000\" rows=\"5\"></textarea>\n" \
  "<label for=\"pp-{{form_id}}-contact\">{{t.pp_contact}}</label><input id=\"pp-{{form_id}}-contact\" type=\"email\" name=\"contact\" autocomplete=\"email\">\n" \
  "<label><input type=\"checkbox\" name=\"publish\" value=\"yes\"> {{t.pp_publish}}</label>\n" \
  "<p class=\"muted\">{{t.pp_privacy}}</p><button type=\"submit\">{{t.pp_send}}</button></form></section>{{/participation}}\n"
// clang-format on

const std::string_view kLayout = R"tpl(<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · {{t.site_name}}</title>
<link rel="stylesheet" href="{{base}}site.css">
<link rel="alternate" type="application/atom+xml" href="{{base}}feed.xml" title="{{t.feed_title}}">
</head>
<body>
<a class="skip" href="#main">{{t.skip}}</a>
<header>
<nav aria-label="{{t.nav_label}}">
<a class="brand" href="{{home}}index.html">{{t.site_name}}</a>
<ul>
<li><a href="{{home}}databases.html">{{t.nav_databases}}</a></li>
<li><a href="{{home}}who.html">{{t.nav_who}}</a></li>
<li><a href="{{home}}linkages.html">{{t.nav_linkages}}</a></li>
<li><a href="{{home}}requests.html">{{t.nav_requests}}</a></li>
<li><a href="{{home}}agencies.html">{{t.nav_agencies}}</a></li>
<li><a href="{{home}}coverage.html">{{t.nav_coverage}}</a></li>
{{#consultations}}<li><a href="{{home}}consultations.html">{{t.nav_consultations}}</a></li>
{{/consultations}}</ul>
<a class="lang" id="lang-switch" lang="{{other_lang}}" hreflang="{{other_lang}}" href="{{switch_url}}">{{t.switch_language}}</a>
</nav>
</header>
<main id="main">
{{#demonstration}}<p class="demo-banner">{{t.demo_banner}}</p>
{{/demonstration}}{{{body}}}
</main>
<footer>
<p>{{t.footer}} <a href="{{home}}verify.html">{{t.how_to_verify}}</a> · <a href="{{base}}README.md" hreflang="en">{{t.data_files}}</a>{{^agency_page}} · {{t.exported_at}} <time datetime="{{exported_iso}}">{{exported_at}}</time>{{/agency_page}}</p>
</footer>
{{#search}}<script src="{{base}}search.js" defer></script>{{/search}}
</body>
</html>
)tpl";

const std::string_view kHome = R"tpl(<h1>{{t.home_title}}</h1>
<p class="lead">{{t.home_intro}}</p>
<p>{{t.home_rights}}</p>
<section aria-labelledby="milestones">
<h2 id="milestones">{{t.milestones}}</h2>
<ul class="cards">
{{#milestones}}<li class="card"><p class="figure">{{actual}} <span class="of">/ {{target}}</span></p><p>{{name}}</p><p class="{{status_class}}">{{status}}</p></li>
{{/milestones}}</ul>
</section>
{{#has_open_rounds}}<section aria-labelledby="rounds-open">
<h2 id="rounds-open">{{t.cr_open_title}}</h2>
<ul>{{#open_rounds}}<li><a href="{{home}}consultations.html#{{id}}">[[title]]</a>{{t.p_colon}}{{until}}</li>
{{/open_rounds}}</ul>
</section>
{{/has_open_rounds}}<section aria-labelledby="recent">
<h2 id="recent">{{t.recent_changes}}</h2>
{{^changes}}<p>{{t.no_changes}}</p>{{/changes}}
<ul class="changes">
{{#changes}}<li><time datetime="{{iso}}">{{date}}</time> <a href="{{home}}agencies.html#{{agency_id}}">[[agency]]</a>: [[summary]]</li>
{{/changes}}</ul>
<p><a href="{{base}}feed.xml">{{t.subscribe}}</a></p>
</section>
)tpl";

const std::string_view kDatabases = R"tpl(<h1>{{t.databases_title}}</h1>
<p>{{t.databases_intro}}</p>
<noscript><p class="note">{{t.search_noscript}}</p></noscript>
<form id="search" role="search" class="filters" action="databases.html" method="get">
<p><label for="q">{{t.search_label}}</label>
<input id="q" name="q" type="search" placeholder="{{t.search_placeholder}}" autocomplete="off"></p>
<details class="more-filters"><summary>{{t.more_filters}}</summary>
<p><label for="f-agency">{{t.filter_agency}}</label>
<select id="f-agency"><option value="">{{t.any}}</option>{{#agencies}}<option value="{{id}}">{{name}}</option>{{/agencies}}</select></p>
<p><label for="f-category">{{t.filter_category}}</label>
<select id="f-category"><option value="">{{t.any}}</option>{{#categories}}<option value="{{code}}">{{code}} {{name}}</option>{{/categories}}</select></p>
<p><label for="f-purpose">{{t.filter_purpose}}</label>
<select id="f-purpose"><option value="">{{t.any}}</option>{{#purposes}}<option value="{{code}}">{{code}} {{name}}</option>{{/purposes}}</select></p>
<p><label for="f-ground">{{t.filter_ground}}</label>
<select id="f-ground"><option value="">{{t.any}}</option>{{#grounds}}<option value="{{code}}">{{name}}</option>{{/grounds}}</select></p>
<p><label><input id="f-optout" type="checkbox"> {{t.filter_optout}}</label></p>
</details>
<p><button type="submit">{{t.search_button}}</button></p>
</form>
<p id="count" role="status" aria-live="polite">{{count_text}}</p>
<div id="no-results" class="note" hidden><p>{{t.no_results}}</p><ul><li>{{t.no_results_shorter}}</li><li>{{t.no_results_synonyms}}</li><li>{{t.no_results_filters}}</li><li><a href="{{home}}who.html">{{t.no_results_who}}</a></li></ul></div>
<div class="scroll" id="results" hidden><table id="databases">
<caption>{{t.search_results}}</caption>
<thead><tr><th scope="col">{{t.col_database}}</th><th scope="col">{{t.col_agency}}</th><th scope="col">{{t.col_categories}}</th><th scope="col">{{t.col_uses}}</th><th scope="col">{{t.col_optout}}</th></tr></thead>
<tbody></tbody>
</table></div>
<p><button type="button" id="more" hidden>{{t.more_results}}</button></p>
<section id="agency-lists" aria-labelledby="by-agency"><h2 id="by-agency">{{t.databases_by_agency}}</h2>
<div class="scroll"><table>
<caption class="visually-hidden">{{t.databases_by_agency}}</caption>
<thead><tr><th scope="col">{{t.col_agency}}</th><th scope="col">{{t.col_databases}}</th></tr></thead>
<tbody>
{{#agency_rows}}<tr><td><a href="{{home}}databases/{{id}}.html">[[name]]</a></td><td>{{count}}</td></tr>
{{/agency_rows}}</tbody>
</table></div></section>
)tpl";

// One agency's databases: databases/<agency>[-N].html.
const std::string_view kAgencyDatabases =
    R"tpl(<p class="crumbs"><a href="{{home}}databases.html">{{t.nav_databases}}</a> › [[agency]]</p>
<h1>[[agency]]</h1>
<p>{{count_text}}</p>
{{#paged}}<nav class="pages" aria-label="{{t.pages_nav}}">{{#prev}}<a href="{{prev}}" rel="prev">{{t.prev_page}}</a> {{/prev}}<span>{{page_text}}</span>{{#next}} <a href="{{next}}" rel="next">{{t.next_page}}</a>{{/next}}</nav>{{/paged}}
<div class="scroll"><table id="databases">
<caption class="visually-hidden">[[agency]]</caption>
<thead><tr><th scope="col">{{t.col_database}}</th><th scope="col">{{t.col_agency}}</th><th scope="col">{{t.col_categories}}</th><th scope="col">{{t.col_uses}}</th><th scope="col">{{t.col_optout}}</th></tr></thead>
<tbody>
{{{rows}}}</tbody>
</table></div>
)tpl";

const std::string_view kDatabasesRow =
    R"tpl(<tr data-id="{{entry_id}}"><td><a href="{{home}}{{page}}">[[name]]</a>{{#withdrawn}} <span class="tag">{{t.withdrawn}}</span>{{/withdrawn}}</td><td>[[agency]]</td><td>[[categories]]</td><td>{{uses}}</td><td>{{optout}}</td></tr>
)tpl";

// The template includes DN_CHANNELS: kept as written.
// clang-format off
const std::string_view kDatabase =
    R"tpl(<p class="crumbs"><a href="{{home}}databases.html">{{t.nav_databases}}</a> › <a href="{{home}}databases/{{agency_id}}.html">[[agency]]</a></p>
<h1>[[name]]</h1>
{{#withdrawn}}<p class="warning">{{t.withdrawn_note}}</p>{{/withdrawn}}
{{#synthetic}}<p class="note">{{t.synthetic_note}}</p>{{/synthetic}}
{{#description}}<p class="lead">[[description]]</p>{{/description}}
<section aria-labelledby="what"><h2 id="what">{{t.what_held}}</h2>
<dl>
<dt>{{t.held_by}}</dt><dd><a href="{{home}}agencies.html#{{agency_id}}">[[agency]]</a></dd>
{{#contact}}<dt>{{t.contact}}</dt><dd>[[parts]]{{#parts}}{{#url}}{{t.p_semi}}{{/url}}{{/parts}}[[@url]]</dd>{{/contact}}
{{#subjects}}<dt>{{t.subjects}}</dt><dd>[[subjects]]{{#approx}}{{t.p_open}}{{t.about}} {{approx}}{{#approx_as_of}}{{t.p_comma}}{{t.as_of}} {{approx_as_of}}{{/approx_as_of}}{{t.p_close}}{{/approx}}</dd>{{/subjects}}
<dt>{{t.categories}}</dt><dd><ul>{{#categories}}<li>{{#code}}{{code}} {{/code}}{{official}}{{#name}} <span class="muted">{{t.p_open}}{{t.agency_wrote}}[[name]]{{t.p_close}}</span>{{/name}}{{#note}} — [[note]]{{/note}}</li>{{/categories}}</ul></dd>
{{#has_sensitive}}<dt>{{t.sensitive}}</dt><dd>{{#sensitive}}{{.}}{{t.p_space}}{{/sensitive}}</dd>{{/has_sensitive}}
<dt>{{t.purposes}}</dt><dd><ul>{{#purposes}}<li>{{#code}}{{code}} {{/code}}{{official}}{{#name}} <span class="muted">{{t.p_open}}{{t.agency_wrote}}[[name]]{{t.p_close}}</span>{{/name}}{{#note}} — [[note]]{{/note}}</li>{{/purposes}}</ul></dd>
{{#sources}}<dt>{{t.sources}}</dt><dd>[[sources]]</dd>{{/sources}}
{{#retention}}<dt>{{t.retention}}</dt><dd>[[retention]]</dd>{{/retention}}
{{#security}}<dt>{{t.security}}</dt><dd>[[security]]</dd>{{/security}}
{{#intl_transfer}}<dt>{{t.intl_transfer}}</dt><dd>[[intl_transfer]]</dd>{{/intl_transfer}}
{{#access_exemptions}}<dt>{{t.access_exemptions}}</dt><dd>[[access_exemptions]]</dd>{{/access_exemptions}}
{{#withheld_what}}<dt>{{label}}</dt><dd class="withheld">[[sentence]]</dd>{{/withheld_what}}
</dl></section>
<section aria-labelledby="law"><h2 id="law">{{t.legal_basis}}</h2>
<dl><dt>{{t.holding_basis}}</dt><dd><ul>{{#holding_basis}}<li>[[run]]{{#quote}}{{t.p_colon}}{{t.p_lq}}[[quote]]{{t.p_rq}}{{/quote}}{{#url}} [[@url]]{{/url}}</li>{{/holding_basis}}</ul></dd>
<dt>{{t.collection_ground}}</dt><dd>{{collection_ground}}</dd>
{{#art6}}<dt>{{t.art6}}</dt><dd>{{art6}}</dd>{{/art6}}
{{#withheld_law}}<dt>{{label}}</dt><dd class="withheld">[[sentence]]</dd>{{/withheld_law}}</dl></section>
<section aria-labelledby="uses"><h2 id="uses">{{t.uses_title}}</h2>
<p>{{t.uses_intro}}</p>
{{^uses}}<p>{{t.no_uses}}</p>{{/uses}}
{{#uses}}{{#withheld}}<article class="use withheld"><h3>{{t.withheld_use}}</h3><p>[[withheld]]</p></article>
{{/withheld}}{{^withheld}}<article class="use"><h3>[[recipient]] <span class="muted">{{t.p_open}}{{recipient_type}}{{t.p_close}}</span></h3>
<dl>{{#purpose}}<dt>{{t.use_purpose}}</dt><dd>[[purpose]]{{#purpose_codes}}<br>{{#code}}{{code}} {{/code}}{{official}}{{#name}} [[name]]{{/name}}{{#note}} — [[note]]{{/note}}{{/purpose_codes}}</dd>{{/purpose}}
<dt>{{t.use_ground}}</dt><dd>{{ground}}{{#law}}<br>[[run]]{{#quote}}{{t.p_colon}}{{t.p_lq}}[[quote]]{{t.p_rq}}{{/quote}}{{#url}} [[@url]]{{/url}}{{/law}}</dd>
{{#consent}}<dt>{{t.consent}}</dt><dd>{{form}}{{#how}}{{t.p_semi}}[[how]]{{/how}}{{#withdrawal}}<br>{{t.consent_withdrawal}}[[withdrawal]]{{/withdrawal}}</dd>{{/consent}}
<dt>{{t.use_form}}</dt><dd>{{form}}{{t.p_semi}}{{access}}</dd>
{{#has_linked}}<dt>{{t.use_linked}}</dt><dd>{{#linked}}<a href="{{home}}{{href}}">[[name]]</a> {{/linked}}</dd>{{/has_linked}}
{{#approval}}<dt>{{t.use_approval}}</dt><dd>[[approval]]{{#procedure}}<br>{{t.use_procedure}} [[@procedure]]{{/procedure}}{{#decision_deadline}}<br>{{t.use_decision}} {{decision_deadline}}{{/decision_deadline}}</dd>{{/approval}}
<dt>{{t.use_status}}</dt><dd>{{status}}{{#valid_from}}{{t.p_comma}}{{valid_from}}{{/valid_from}}{{#valid_to}} – {{valid_to}}{{/valid_to}}</dd>
<dt>{{t.use_optout}}</dt><dd>{{optout}}</dd>
{{#projects}}<dt>{{t.use_projects}}</dt><dd>[[@projects]]</dd>{{/projects}}</dl>
{{#has_period_stats}}<div class="scroll"><table><caption>{{t.use_period_stats}}</caption><thead><tr><th scope="col">{{t.period}}</th><th scope="col">{{t.approved}}</th><th scope="col">{{t.rejected}}</th><th scope="col">{{t.released}}</th></tr></thead>
<tbody>{{#period_stats}}<tr><th scope="row">{{period}}</th><td>{{approved}}</td><td>{{rejected}}</td><td>{{released}}</td></tr>{{/period_stats}}</tbody></table></div>{{/has_period_stats}}
</article>
{{/withheld}}{{/uses}}</section>
<section aria-labelledby="links"><h2 id="links">{{t.linkages_title}}</h2>
{{^linkages}}<p>{{t.no_linkages}}</p>{{/linkages}}
<ul>{{#linkages}}{{#withheld}}<li class="withheld">{{t.what_linkage}}{{t.p_colon}}[[withheld]]{{#times}} <span class="tag">{{t.declared_times_before}}{{times}}{{t.declared_times_after}}</span>{{/times}}</li>
{{/withheld}}{{^withheld}}<li><strong>{{direction}}</strong>{{t.p_colon}}{{#href}}<a href="{{home}}{{href}}">[[partner]]</a>{{/href}}{{^href}}[[partner]]{{/href}}{{#purpose}} — [[purpose]]{{/purpose}}<br>{{t.join_key}}{{t.p_colon}}{{join_key}}{{t.p_semi}}{{t.legal_basis}}{{t.p_colon}}{{#basis}}[[run]]{{#quote}}{{t.p_lq}}[[quote]]{{t.p_rq}}{{/quote}}{{#url}} [[@url]]{{/url}} {{/basis}}{{#no_basis}}<span class="tag">{{t.no_legal_basis}}</span>{{/no_basis}}{{#times}} <span class="tag">{{t.declared_times_before}}{{times}}{{t.declared_times_after}}</span>{{/times}}</li>
{{/withheld}}{{/linkages}}</ul></section>
<section aria-labelledby="rights"><h2 id="rights">{{t.rights_title}}</h2>
<p>{{t.rights_intro}}</p>
{{^optout_withheld}}{{#optout_available}}<p class="note">{{t.optout_available}}{{#optout_rule}} [[optout_rule]]{{/optout_rule}}{{#optout_scope}}<br>{{t.optout_scope}}[[optout_scope]]{{/optout_scope}}</p>{{/optout_available}}
{{^optout_available}}<p>{{t.optout_unavailable}}{{#optout_scope}} [[optout_scope]]{{/optout_scope}}</p>{{/optout_available}}
{{#optout_basis}}<p>{{t.optout_basis}}[[run]]{{#quote}}{{t.p_lq}}[[quote]]{{t.p_rq}}{{/quote}}{{#url}} [[@url]]{{/url}}</p>{{/optout_basis}}{{/optout_withheld}}
)tpl" DN_CHANNELS R"tpl(
{{#has_withheld_rights}}<dl>{{/has_withheld_rights}}{{#withheld_rights}}<dt>{{label}}</dt><dd class="withheld">[[sentence]]</dd>{{/withheld_rights}}{{#has_withheld_rights}}</dl>{{/has_withheld_rights}}
{{#default_rights}}<p><a href="{{home}}agencies.html#rights-{{agency_id}}">{{t.agency_defaults_lead}}</a>{{t.default_rights_after}}{{t.p_colon}}{{default_rights}}</p>{{/default_rights}}</section>
{{#has_oversight}}<section aria-labelledby="oversight"><h2 id="oversight">{{t.oversight_title}}</h2>
<ul>{{#oversight}}<li>[[body]]{{t.p_open}}{{type}}{{t.p_close}}{{#url}} [[@url]]{{/url}}</li>{{/oversight}}</ul></section>{{/has_oversight}}
<section aria-labelledby="proof"><h2 id="proof">{{t.proof_title}}</h2>
<dl><dt>{{t.entry_status}}</dt><dd>{{status}}{{t.p_comma}}{{t.version}} {{version}}{{#modified}}{{t.p_comma}}{{t.modified}} {{modified}}{{/modified}}</dd>
{{#change_note}}<dt>{{t.change_note}}</dt><dd>[[change_note]]</dd>{{/change_note}}
{{#last_reviewed}}<dt>{{t.last_reviewed}}</dt><dd>{{last_reviewed}}{{#next_review}}{{t.p_open}}{{t.next_review}} {{next_review}}{{t.p_close}}{{/next_review}}</dd>{{/last_reviewed}}
{{^last_reviewed}}{{#next_review}}<dt>{{t.next_review}}</dt><dd>{{next_review}}</dd>{{/next_review}}{{/last_reviewed}}
{{#attested_name}}<dt>{{t.attested}}</dt><dd>[[attested_name]]{{#attested_role}}{{t.p_open}}[[attested_role]]{{t.p_close}}{{/attested_role}}{{#attested_date}} {{attested_date}}{{/attested_date}}</dd>{{/attested_name}}
{{#source_url}}<dt>{{t.source}}</dt><dd>[[@source_url]]{{#source_sha256}}<br><span class="hash">SHA-256 {{source_sha256}}</span>{{/source_sha256}}</dd>{{/source_url}}
{{#records_url}}<dt>{{t.records_url}}</dt><dd>[[@records_url]]</dd>{{/records_url}}
{{#withheld_proof}}<dt>{{label}}</dt><dd class="withheld">[[sentence]]</dd>{{/withheld_proof}}</dl>
<p>{{t.proof_intro}} <a href="{{base}}{{bundle}}" download>{{t.proof_bundle}}</a> · <a href="{{home}}verify.html">{{t.how_to_verify}}</a></p>
<pre>disclosurectl verify entry {{bundle}} --trusted-keys KEYS</pre>
<p class="muted">{{t.keys_out_of_band}}</p></section>
)tpl" DN_PARTICIPATION;
// clang-format on

const std::string_view kWho = R"tpl(<h1>{{t.who_title}}</h1>
<p>{{t.who_intro}}</p>
<nav aria-label="{{t.who_title}}"><ul class="chips">{{#topics}}<li><a href="#{{anchor}}">{{title}}</a></li>{{/topics}}</ul></nav>
{{#topics}}<section id="{{anchor}}" aria-labelledby="{{anchor}}-h"><h2 id="{{anchor}}-h">{{title}}</h2>
<p class="muted">[[codes]]</p>
{{^has_holders}}<p>{{t.no_holders}}</p>{{/has_holders}}
<ul>{{#agencies}}<li><a href="{{home}}who/{{id}}.html#{{anchor}}">[[name]]</a>{{t.p_open}}{{count}}{{t.p_close}}</li>
{{/agencies}}</ul></section>
{{/topics}}
)tpl";

// One agency's holders per topic: who/<agency>.html.
const std::string_view kAgencyWho =
    R"tpl(<p class="crumbs"><a href="{{home}}who.html">{{t.nav_who}}</a> › [[agency]]</p>
<h1>[[agency]]</h1>
<p>{{t.who_intro}}</p>
{{#topics}}<section id="{{anchor}}" aria-labelledby="{{anchor}}-h"><h2 id="{{anchor}}-h">{{title}}</h2>
<p class="muted">[[codes]]</p>
{{#more}}<p class="note">{{more}} <a href="{{home}}databases/{{agency_id}}.html">{{t.agency_list_link}}</a>{{t.p_period}}</p>{{/more}}
<ul>{{{holders}}}</ul></section>
{{/topics}}
)tpl";

const std::string_view kWhoHolder =
    R"tpl(<li><a href="{{home}}{{page}}">[[name]]</a>{{#flows}}<br><span class="flow">→ [[flows]]</span>{{/flows}}</li>
)tpl";

const std::string_view kLinkages = R"tpl(<h1>{{t.linkages_page_title}}</h1>
<p>{{t.linkages_page_intro}}</p>
<figure>
<div class="scroll"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img" aria-labelledby="graph-title" class="graph">
<title id="graph-title">{{t.linkages_page_title}}</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f4e79"/></marker></defs>
{{#edges}}<line lang="{{lang}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" class="edge{{#external}} external{{/external}}"{{#end_arrow}} marker-end="url(#arrow)"{{/end_arrow}}{{#start_arrow}} marker-start="url(#arrow)"{{/start_arrow}}><title>{{label}}</title></line>
{{/edges}}{{#nodes}}<g class="node{{#external}} external{{/external}}" lang="{{lang}}"><circle cx="{{x}}" cy="{{y}}" r="6"><title>{{label}}</title></circle><text x="{{tx}}" y="{{ty}}" text-anchor="{{anchor}}">{{short}}</text></g>
{{/nodes}}</svg></div>
<figcaption>{{t.linkages_caption}}</figcaption>
</figure>
<p>{{t.linkages_declared}}</p>
{{#capped}}<p class="note">{{capped}} <a href="{{base}}linkages.csv">linkages.csv</a> · <a href="{{base}}linkages.json">linkages.json</a></p>{{/capped}}
<div class="scroll"><table><caption>{{t.linkages_table}}</caption>
<thead><tr><th scope="col">{{t.col_database}}</th><th scope="col">{{t.direction}}</th><th scope="col">{{t.partner}}</th><th scope="col">{{t.use_purpose}}</th><th scope="col">{{t.join_key}}</th><th scope="col">{{t.legal_basis}}</th><th scope="col">{{t.declared_by}}</th></tr></thead>
<tbody>{{{rows}}}</tbody></table></div>
)tpl";

const std::string_view kLinkageRow =
    R"tpl(<tr><td>[[from]]</td><td>{{direction}}</td><td>[[to]]{{#dangling}} <span class="tag">{{t.dangling}}</span>{{/dangling}}</td><td>{{#purposes}}<bdi{{#lang}} lang="{{.}}"{{/lang}}>{{text}}</bdi> {{/purposes}}</td><td>{{join_key}}</td><td>{{#bases}}<bdi{{#lang}} lang="{{.}}"{{/lang}}>{{text}}</bdi> {{/bases}}{{#no_basis}}<span class="tag">{{t.no_legal_basis}}</span>{{/no_basis}}</td><td>{{#confirmed}}{{t.declared_both}}{{/confirmed}}{{^confirmed}}{{#external}}{{t.declared_outside}}{{/external}}{{^external}}<span class="tag">{{t.declared_one}}</span>{{/external}}{{/confirmed}}</td></tr>
)tpl";

const std::string_view kRequests = R"tpl(<h1>{{t.requests_title}}</h1>
<p>{{t.requests_intro}}</p>
<p class="muted">{{t.requests_rules}}</p>
<p>{{t.stats_scope}}{{#criminal_url}} <a href="{{criminal_url}}">{{t.criminal_stats_link}}</a>{{/criminal_url}}</p>
<p>{{t.requests_data}} <a href="{{base}}statistics.csv">statistics.csv</a> · <a href="{{base}}statistics-totals.csv">statistics-totals.csv</a> · <a href="{{base}}statistics.json">statistics.json</a></p>
<div class="scroll"><table id="request-agencies">
<caption>{{t.requests_by_agency}}</caption>
<thead><tr><th scope="col">{{t.col_agency}}</th><th scope="col">{{t.col_periods}}</th><th scope="col">{{t.col_latest_period}}</th><th scope="col">{{t.col_latest_requests}}</th></tr></thead>
<tbody>
{{#agencies}}<tr id="req-{{agency_id}}"><td><a href="requests/{{agency_id}}.html">[[agency]]</a></td><td>{{periods}}</td><td>{{latest_period}}</td><td>{{latest_total}}</td></tr>
{{/agencies}}</tbody>
</table></div>
)tpl";

const std::string_view kAgencyRequests =
    R"tpl(<p class="crumbs"><a href="{{home}}requests.html">{{t.nav_requests}}</a> › [[agency]]</p>
<section id="req-{{agency_id}}" aria-labelledby="req-{{agency_id}}-h" class="agency-stats">
<h1 id="req-{{agency_id}}-h">[[agency]]</h1>
<p class="muted">{{t.requests_rules}}</p>
<p class="muted">{{t.requests_scale}}</p>
<p>{{t.requests_data}} <a href="{{base}}statistics.csv">statistics.csv</a> · <a href="{{base}}statistics-totals.csv">statistics-totals.csv</a> · <a href="{{base}}statistics.json">statistics.json</a></p>
{{{trend}}}
{{#periods}}<article class="period"><h2>{{period}}{{#synthetic}} <span class="tag">{{t.synthetic}}</span>{{/synthetic}}</h2>
{{#not_tracked}}<p class="not-tracked">{{t.not_tracked_text}}</p>{{/not_tracked}}
{{#zero}}<p>{{t.zero_text}}</p>{{/zero}}
{{#reported}}<p class="figure">{{total}} <span class="of">{{t.requests_unit}}</span></p>
{{#banded}}<p class="note">{{banded_text}}</p>{{/banded}}
{{#withheld_rows}}<p class="note">{{withheld_rows}}</p>{{/withheld_rows}}
{{#withheld_rows}}<ul class="withheld">{{#withheld_list}}<li>[[basis]]{{t.p_colon}}[[sentence]]</li>{{/withheld_list}}</ul>{{/withheld_rows}}
{{#identifiers}}<p>{{t.identifiers}} {{identifiers}}{{#identifiers_partial}} {{t.in_published_rows}}{{/identifiers_partial}}</p>{{/identifiers}}
<div class="charts">{{#charts}}{{{html}}}{{/charts}}</div>{{/reported}}
{{#scope_unstated}}<p class="muted">{{t.stats_scope_unstated}}</p>{{/scope_unstated}}
{{#counting_rule}}<p class="muted">{{t.counting_rule}} [[counting_rule]]</p>{{/counting_rule}}
{{#correction}}<p class="note">{{t.corrected}} [[correction]]</p>{{/correction}}
<p><a href="{{base}}{{bundle}}" download>{{t.proof_bundle}}</a></p></article>
{{/periods}})tpl" DN_PARTICIPATION R"tpl(</section>
)tpl";

// The template includes DN_CHANNELS: kept as written.
// clang-format off
const std::string_view kAgencies = R"tpl(<h1>{{t.agencies_title}}</h1>
<p>{{t.agencies_intro}}</p>
<ul class="agency-list">{{#agencies}}<li id="{{agency_id}}" class="agency state-{{state_class}}"><h2>[[name]]</h2>
<dl><dt>{{t.freshness}}</dt><dd><strong>{{state}}</strong>{{#since}}{{t.p_comma}}{{t.since}} <time datetime="{{since_iso}}">{{since}}</time>{{/since}}{{#reason}}<br>[[reason]]{{/reason}}{{#evidence}}<br><a href="{{base}}{{evidence}}">{{t.evidence}}</a>{{/evidence}}{{#late}}<br><span class="tag">{{t.statistics_late}}</span>{{/late}}</dd>
{{#contact}}<dt>{{t.contact}}</dt><dd>[[contact]]{{#privacy_page}}<br>[[@privacy_page]]{{/privacy_page}}</dd>{{/contact}}
{{#officer}}<dt>{{t.officer}}</dt><dd>[[officer]]</dd>{{/officer}}
{{#has_channels}}<dt id="rights-{{agency_id}}">{{t.agency_defaults}}</dt><dd>)tpl" DN_CHANNELS R"tpl(</dd>{{/has_channels}}
<dt>{{t.last_publication}}</dt><dd>{{issued}}{{#expires}}<br>{{t.expires}} {{expires}}{{/expires}}</dd>
<dt>{{t.checkpoint}}</dt><dd>{{#checkpoint}}<a href="{{base}}{{checkpoint}}">{{t.tree_size}} {{size}}</a> · <a href="{{base}}history/{{agency_id}}.json">{{t.history}}</a>{{#cosigned}}<br>{{t.cosigned_by}} <span lang="en">{{cosigned}}</span>{{/cosigned}}{{/checkpoint}}</dd>
<dt>{{t.counts}}</dt><dd>{{#has_databases}}<a href="{{home}}databases/{{agency_id}}.html">{{/has_databases}}{{databases}} {{t.databases_unit}}{{#has_databases}}</a>{{/has_databases}}{{t.p_comma}}{{#has_periods}}<a href="{{home}}requests/{{agency_id}}.html">{{/has_periods}}{{periods}} {{t.periods_unit}}{{#has_periods}}</a>{{/has_periods}} · <a href="{{base}}feeds/{{agency_id}}.xml">{{t.feed}}</a></dd>
{{#participation}}<dt>{{t.pp_title}}</dt><dd>{{participation}}</dd>{{/participation}}</dl></li>
{{/agencies}}</ul>
)tpl";
// clang-format on

const std::string_view kCoverage = R"tpl(<h1>{{t.coverage_title}}</h1>
<p>{{t.coverage_rule}}</p>
<p class="figure">{{complete}} <span class="of">/ {{total}} {{t.coverage_unit}}</span></p>
<h2>{{t.coverage_incomplete}}</h2>
{{^has_incomplete}}<p>{{t.coverage_none}}</p>{{/has_incomplete}}
{{#capped}}<p class="note">{{capped}} <a href="{{base}}coverage.json">coverage.json</a></p>{{/capped}}
<ul class="incomplete">{{{rows}}}</ul>
<h2>{{t.withholding_title}}</h2>
<p>{{withheld_counts}} <a href="{{home}}withholding.html">{{t.withholding_title}}</a></p>
<p><a href="{{base}}coverage.json">coverage.json</a></p>
)tpl";

const std::string_view kWithholding = R"tpl(<h1>{{t.withholding_title}}</h1>
<p>{{t.withholding_intro}}</p>
{{#none}}<p>{{t.withholding_none}}</p>{{/none}}
{{#truncated}}<p class="note">{{t.withholding_truncated}}</p>{{/truncated}}
{{#agencies}}<section id="w-{{agency_id}}" aria-labelledby="w-{{agency_id}}-h"><h2 id="w-{{agency_id}}-h">[[agency]]</h2>
<p>{{counts}}</p>
<div class="scroll"><table><thead><tr><th scope="col">{{t.withheld_item}}</th><th scope="col">{{t.withheld_ground}}</th></tr></thead>
<tbody>{{#rows}}<tr{{#overdue}} class="overdue"{{/overdue}}><td><a href="{{home}}{{page}}">[[name]]</a>{{t.p_colon}}{{what}}</td><td>[[sentence]]</td></tr>
{{/rows}}</tbody></table></div></section>
{{/agencies}}
)tpl";

const std::string_view kConsultations = R"tpl(<h1>{{t.cr_title}}</h1>
<p>{{t.cr_intro}}</p>
{{#none}}<p>{{t.cr_none}}</p>{{/none}}
{{#rounds}}<section id="{{id}}" aria-labelledby="{{id}}-h" class="round"><h2 id="{{id}}-h">[[title]] <span class="tag">{{state}}</span></h2>
<p>{{status}}</p>
{{#description}}<p>[[description]]</p>{{/description}}
<h3>{{t.cr_entries}}</h3><ul>{{#entries}}<li><a href="{{home}}{{page}}">[[name]]</a> <span class="muted">{{t.p_open}}[[agency]]{{t.p_close}}</span></li>{{/entries}}</ul>
{{#has_documents}}<h3>{{t.cr_documents}}</h3><ul>{{#documents}}<li><a href="{{url}}" rel="noopener">[[title]]</a></li>{{/documents}}</ul>{{/has_documents}}
{{#platform_url}}<p><a href="{{platform_url}}" rel="noopener">{{t.cr_platform}}</a></p>{{/platform_url}}
<p>{{counts}}</p>
{{#has_handled}}<h3>{{t.cr_handled}}</h3>{{#handled}}<article class="answer"><h3>[[agency]] · {{kind}} {{id}} <span class="muted">{{t.pp_received}} {{received}}</span></h3>
{{#question}}<blockquote class="question">{{question}}</blockquote>{{/question}}{{#question_note}}<p class="muted">{{question_note}}</p>{{/question_note}}
{{#handling}}<p><strong>{{t.cr_handling}}</strong>{{t.p_colon}}{{handling}}</p>{{/handling}}
{{#answer}}<p class="reply"><strong>{{t.cr_reason}}</strong>{{t.p_colon}}{{answer}}</p>{{/answer}}{{#answer_withheld}}<p class="withheld">{{answer_withheld}}</p>{{/answer_withheld}}
<p class="muted">{{answered_line}}</p></article>
{{/handled}}{{/has_handled}}
{{#has_waiting}}<h3>{{t.cr_waiting}}</h3><ul class="open">{{#waiting}}<li>[[agency]] · {{kind}} {{id}}{{t.p_colon}}{{line}}{{#overdue}} <span class="tag">{{t.pp_overdue}}</span>{{/overdue}}</li>{{/waiting}}</ul>{{/has_waiting}}
</section>
{{/rounds}}
)tpl";

const std::string_view kCoverageRow =
    R"tpl(<li><a href="{{home}}{{page}}">[[name]]</a> <span class="muted">{{t.p_open}}[[agency]]{{t.p_close}}</span><ul>{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul></li>
)tpl";

// verify.html, one body per language: the steps are prose, not phrases.
const std::string_view kVerifyZh = R"tpl(<h1>如何驗證本站資料</h1>
<p class="lead">本站由協調中心整理，但每一筆資料都由機關自己簽署，並由獨立見證者副署。驗證可以證明：您看到的內容就是機關簽署的內容，而且沒有人能對不同的人顯示不同版本的紀錄。</p>
<section aria-labelledby="keys-h"><h2 id="keys-h">第一步：從其他管道取得金鑰</h2>
<p>本站的 <code>keys/</code> 資料夾與資料一起提供：能竄改資料的人，也能一併竄改這些金鑰，所以 <code>keys/</code> 本身不能作為信任的依據。請先把其中每一把金鑰，與協調中心在本站以外公告的金鑰指紋比對（例如協調中心的公報或其官方網站公告），或向機關的個人資料保護窗口查詢該機關的金鑰。比對一致後，把這些金鑰放進您自己的資料夾 <code>KEYS</code>。</p>
<p>每把金鑰是一行文字（名稱＋金鑰代號＋金鑰）；請比對整行，或比對它的 SHA-256 指紋：</p>
<pre>sha256sum keys/export-signer.vkey keys/hub-cosigner.vkey keys/witness-*.vkey keys/agencies/*.vkey</pre>
</section>
<section aria-labelledby="ctl-h"><h2 id="ctl-h">用 disclosurectl 一次檢查全部</h2>
<pre>disclosurectl verify export . --trusted-keys KEYS --min-cosignatures {{witness_count}}</pre>
<p>它會檢查清單簽章、每個檔案的雜湊、每個機關的簽署紀錄與副署、每個證明包，以及每個表格列是否與證明包中簽署的內容相同；結束代碼 0 表示全部通過。</p>
</section>
<section aria-labelledby="other-h"><h2 id="other-h">不用本專案的工具</h2>
<p>所有格式都是公開標準（C2SP signed-note、checkpoint、tlog-cosignature；RFC 9162 的 Merkle 樹），任何語言都能檢查。以下兩個範例只用別人寫的套件，程式全文就在下面，也放在本站的 <code>examples/</code>；執行前請先讀過。</p>
<h3>1. 用 Go 的 golang.org/x/mod/sumdb/note 檢查檔案清單</h3>
<pre>go run examples/verify-note.go KEYS/export-signer.vkey export-manifest.note
sha256sum export-manifest.txt
grep '^file ' export-manifest.txt | awk '{print $2"  "$3}' | sha256sum -c --quiet</pre>
<p>第一行印出清單簽章內的文字，其中寫著 <code>export-manifest.txt</code> 的 SHA-256；第二行算出的值必須相同；第三行逐一核對清單上每個檔案。</p>
<details><summary>examples/verify-note.go</summary><pre>{{go_example}}</pre></details>
<h3>2. 用 Python 的 cryptography 檢查機關的簽署紀錄</h3>
<pre>python3 examples/verify-checkpoint.py checkpoints/{{agency}}.note KEYS/agencies/{{agency}}.vkey KEYS/hub-cosigner.vkey KEYS/witness-*.vkey</pre>
<p>它印出紀錄的內容（來源、長度、根雜湊），以及每把金鑰是否簽署或副署；機關的簽章與每位見證者的副署都通過時，結束代碼為 0。</p>
<details><summary>examples/verify-checkpoint.py</summary><pre>{{python_example}}</pre></details>
<h3>3. 單筆資料</h3>
<p>每個資料庫頁面附有證明包（<code>bundles/</code>）。證明包依 RFC 9162 證明該筆資料在機關簽署的紀錄之中；格式見 <code>proto/disclosure/v1/proof.proto</code>，步驟見 <a href="{{base}}VERIFY.md" lang="en">VERIFY.md</a>（英文技術說明）。</p>
</section>
)tpl";

const std::string_view kVerifyEn = R"tpl(<h1>How to verify this site</h1>
<p class="lead">The coordinating office runs this site, but every agency signs what it publishes and independent witnesses cosign it. Checking proves that what you read is what the agency signed, and that nobody can show different people different versions of its record.</p>
<section aria-labelledby="keys-h"><h2 id="keys-h">First: get the keys from somewhere else</h2>
<p>This site's <code>keys/</code> folder comes with the data: whoever could change the data could change those keys too, so <code>keys/</code> alone is no reason to trust anything. Compare each key with the fingerprints the coordinating office publishes outside this site (its official gazette or an announcement on its own government website), or ask the agency's data protection contact for its key. Put the keys you checked in a folder of your own, <code>KEYS</code>.</p>
<p>Each key is one line of text (name + key id + key); compare the whole line, or its SHA-256:</p>
<pre>sha256sum keys/export-signer.vkey keys/hub-cosigner.vkey keys/witness-*.vkey keys/agencies/*.vkey</pre>
</section>
<section aria-labelledby="ctl-h"><h2 id="ctl-h">Everything at once with disclosurectl</h2>
<pre>disclosurectl verify export . --trusted-keys KEYS --min-cosignatures {{witness_count}}</pre>
<p>It checks the listing's signature, every file's hash, each agency's checkpoint and cosignatures, every proof bundle, and that every table row is what its bundle proves was signed; exit status 0 means all passed.</p>
</section>
<section aria-labelledby="other-h"><h2 id="other-h">Without this project's tools</h2>
<p>Every format is a public standard (C2SP signed-note, checkpoint and tlog-cosignature; RFC 9162 Merkle trees), so any language can check them. The two examples below use only packages other people wrote; they are printed in full here and are in this site's <code>examples/</code>. Read them before you run them.</p>
<h3>1. The file listing, with Go's golang.org/x/mod/sumdb/note</h3>
<pre>go run examples/verify-note.go KEYS/export-signer.vkey export-manifest.note
sha256sum export-manifest.txt
grep '^file ' export-manifest.txt | awk '{print $2"  "$3}' | sha256sum -c --quiet</pre>
<p>The first line prints the signed text, which names the SHA-256 of <code>export-manifest.txt</code>; the second must print the same value; the third checks every file the listing names.</p>
<details><summary>examples/verify-note.go</summary><pre>{{go_example}}</pre></details>
<h3>2. An agency's checkpoint, with Python's cryptography</h3>
<pre>python3 examples/verify-checkpoint.py checkpoints/{{agency}}.note KEYS/agencies/{{agency}}.vkey KEYS/hub-cosigner.vkey KEYS/witness-*.vkey</pre>
<p>It prints the checkpoint (origin, size, root hash) and, for each key, whether it signed or cosigned; it exits 0 when the agency's signature and every witness's cosignature verify.</p>
<details><summary>examples/verify-checkpoint.py</summary><pre>{{python_example}}</pre></details>
<h3>3. One entry</h3>
<p>Each database page links its proof bundle (<code>bundles/</code>), which proves, as RFC 9162 describes, that the entry is in the log the agency signed; the format is <code>proto/disclosure/v1/proof.proto</code> and the steps are in <a href="{{base}}VERIFY.md">VERIFY.md</a>.</p>
</section>
)tpl";

const std::string_view kAtom = R"tpl(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-TW">
<title>{{title}}</title>
<id>{{id}}</id>
<updated>{{updated}}</updated>
<author><name>{{author}}</name></author>
<link rel="self" href="{{self}}"/>
{{#entries}}<entry>
<title>{{title}}</title>
<id>{{id}}</id>
<updated>{{updated}}</updated>
<link href="{{link}}"/>
<summary>{{summary}}</summary>
</entry>
{{/entries}}</feed>
)tpl";

const std::string_view kStyleSheet =
    R"tpl(:root{--ink:#1a1a1a;--muted:#555;--accent:#1f4e79;--bg:#fff;--soft:#f3f5f8;--warn:#8a1c1c;--ok:#1d5e2a}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans TC","PingFang TC","Microsoft JhengHei",system-ui,sans-serif;color:var(--ink);background:var(--bg);line-height:1.6}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#ff0;padding:4px;z-index:9}
.ask>label{display:block;margin-top:.75em}.ask textarea,.ask input[type=email],.ask select{display:block;width:100%;max-width:40em;font:inherit}
.participation blockquote{margin:.5em 0;padding:.25em 1em;border-left:4px solid var(--soft)}
header{background:var(--accent);color:#fff}
nav{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;max-width:72rem;margin:0 auto;padding:.6rem 1rem}
header nav a{color:#fff}header nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;margin:0;padding:0}
.brand{font-weight:700;text-decoration:none}.lang{margin-left:auto}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #ffbf47;outline-offset:2px}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer{max-width:72rem;margin:2rem auto;padding:1rem;color:var(--muted);border-top:1px solid #ccc}
.lead{font-size:1.15rem}.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0}
.card{background:var(--soft);padding:1rem;border-radius:6px;min-width:16rem;flex:1}
.figure{font-size:2rem;font-weight:700;margin:0}.of{font-size:1rem;font-weight:400;color:var(--muted)}
.met{color:var(--ok);font-weight:700}.unmet{color:var(--warn);font-weight:700}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;background:var(--soft);padding:.5rem 1rem;border-radius:6px}
.filters label{display:block;font-weight:600}.filters input[type=search]{width:100%;max-width:24rem;padding:.3rem}
.more-filters{flex-basis:100%}.more-filters summary{cursor:pointer;color:var(--accent);font-weight:600}
.scroll{overflow-x:auto;max-width:100%}
td,dd,li,p,h1,h2,h3{overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:minmax(7rem,max-content) minmax(0,1fr);gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.channels,.agency-list,.incomplete{list-style:none;padding:0}.channel{border:1px solid #ccc;border-radius:6px;padding:.2rem 1rem;margin:.8rem 0}
.agency{border-bottom:1px solid #ccc;padding:.5rem 0}
.demo-banner{background:#fff4ce;border:2px solid #7a5c00;color:#1a1a1a;padding:.5rem .8rem;font-weight:600}
.hash{font-family:monospace;font-size:.85rem}
button{font:inherit;padding:.3rem .9rem}
@media (max-width:40rem){dl{grid-template-columns:minmax(0,1fr)}dd{margin-bottom:.4rem}.filters{display:block}.card{min-width:0}.figure{font-size:1.6rem}}
.tag{background:#fde68a;color:#000;padding:0 .3rem;border-radius:3px;font-size:.85rem}
.note{background:#eef6ff;border-left:4px solid var(--accent);padding:.4rem .8rem}
.warning{background:#fdecec;border-left:4px solid var(--warn);padding:.4rem .8rem}
.not-tracked{border:2px dashed var(--muted);padding:.6rem;color:var(--muted);font-style:italic}
.chips{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}.chips a{display:inline-block;background:var(--soft);padding:.2rem .6rem;border-radius:99px}
.flow{color:var(--muted)}.use{border-left:3px solid #ccc;padding-left:.8rem;margin:1rem 0}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart-figure{margin:0 0 1rem;max-width:100%}.chart{max-width:100%;height:auto}
.chart .bar{fill:var(--accent)}.chart .bar.range{fill:#b9cde3;stroke:var(--accent);stroke-width:1;stroke-dasharray:3 2}.chart .bar.striped{fill:none;stroke:var(--muted);stroke-dasharray:4 3}.chart .label,.chart .value{font-size:13px;fill:var(--ink)}
.chart-table summary{cursor:pointer;color:var(--accent)}
.graph{background:var(--soft)}.graph .edge{stroke:var(--accent);stroke-width:1.5}.graph .edge.external{stroke-dasharray:4 3}
.graph circle{fill:var(--accent)}.graph .external circle{fill:#767676}.graph text{font-size:13px;fill:var(--ink)}
.state-fresh strong{color:var(--ok)}.state-overdue strong,.state-unreachable strong,.state-misbehaving strong{color:var(--warn)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
pre{background:var(--soft);padding:.5rem;overflow-x:auto}
)tpl";

#undef DN_CHANNELS

}  // namespace disclosure::hub::site
