// search.js, the databases page's search (its own file: a script, not a
// template).
#include "hub/export/site_templates.h"

namespace disclosure::hub::site {

const std::string_view kSearchScript =
    R"tpl(// Search and filters of the databases page. Where the site is served
// with the hub's search over HTTP (api/search beside the pages), each
// search is one small answer of 50 matches, with more on request. Where it
// is not, search-index.json (built by the hub's export) is fetched once and
// searched here: a word matches as a substring of a database's text, or
// through a synonym (健保 → 全民健康保險), and the first 200 matches are
// listed. Without a search the page shows each agency's list instead;
// without this script those lists are the way in.
(function () {
  'use strict';
  var form = document.getElementById('search');
  var table = document.getElementById('databases');
  if (!form || !table) return;
  var base = document.querySelector('link[rel=stylesheet]').getAttribute('href').replace('site.css', '');
  var en = document.documentElement.lang === 'en';
  var home = en ? base + 'en/' : base;
  var shownAtMost = 200;
  var count = document.getElementById('count');
  var allText = count.textContent;
  var results = document.getElementById('results');
  var byAgency = document.getElementById('agency-lists');
  var body = table.tBodies[0];
  function names(selectId) {
    var out = {};
    Array.prototype.forEach.call(document.getElementById(selectId).options, function (o) {
      if (o.value) out[o.value] = o.textContent.trim();
    });
    return out;
  }
  var agencyNames = names('f-agency'), categoryNames = names('f-category');
  function expand(word) {
    var out = [word];
    (index.synonyms || []).forEach(function (group) {
      group.forEach(function (member) {
        var at = word.indexOf(member);
        if (at < 0) return;
        group.forEach(function (other) {
          if (other === member || out.length >= 16) return;
          var alt = word.slice(0, at) + other + word.slice(at + member.length);
          if (out.indexOf(alt) < 0) out.push(alt);
        });
      });
    });
    return out;
  }
  function value(id) { return document.getElementById(id).value; }
  // A cell of text: set as text, never parsed as markup.
  function cell(tr, text, lang) {
    var td = document.createElement('td');
    td.textContent = text;
    if (lang) td.lang = lang;
    tr.appendChild(td);
    return td;
  }
  function row(d) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-id', d.id);
    var td = cell(tr, '');
    var a = document.createElement('a');
    a.href = home + 'db/' + d.id + '.html';
    var name = en ? (d.name[1] || d.name[0]) : (d.name[0] || d.name[1]);
    a.textContent = name;
    if (en && !d.name[1]) a.lang = 'zh-Hant-TW';
    td.appendChild(a);
    if (d.withdrawn) {
      var tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = en ? 'Withdrawn' : '已停止保有';
      td.appendChild(document.createTextNode(' '));
      td.appendChild(tag);
    }
    cell(tr, agencyNames[d.agency] || d.agency, en ? 'zh-Hant-TW' : '');
    cell(tr, d.categories.map(function (c) { return categoryNames[c] || c; }).join(en ? ', ' : '、'),
         en ? 'zh-Hant-TW' : '');
    cell(tr, String(d.uses));
    cell(tr, d.optout ? (en ? 'Yes' : '可') : (en ? 'No' : '否'));
    return tr;
  }
  var more = document.getElementById('more');
  var noResults = document.getElementById('no-results');
  // The hub's search over HTTP, where the site is served with one: one
  // small answer per search. Where it is not (a plain static copy), the
  // whole search-index.json is fetched once and searched here.
  var api = base + 'api/search';
  var useApi = true;
  var asked = 0;  // answers to older searches are dropped
  var next = '';
  function filters() {
    return {q: value('q').trim(), agency: value('f-agency'), category: value('f-category'),
            purpose: value('f-purpose'), ground: value('f-ground'),
            optout: document.getElementById('f-optout').checked ? '1' : ''};
  }
  function searching(f) {
    return !!(f.q || f.agency || f.category || f.purpose || f.ground || f.optout);
  }
  function show(f, found, lowerBound, listed) {
    results.hidden = false;
    byAgency.hidden = true;
    var n = (lowerBound ? found.toLocaleString() + '+' : String(found));
    var text = (en ? '{n} databases found' : '找到 {n} 個資料庫').replace('{n}', n);
    if (found > listed) {
      text += (en ? '; {m} listed' : '，列出 {m} 個').replace('{m}', listed);
    }
    count.textContent = text;
    noResults.hidden = found > 0;
    answered(f.q);
  }
  // For scripts and tests: what was last answered, and how many answers.
  var answers = 0;
  function answered(q) {
    form.setAttribute('data-answered', q);
    form.setAttribute('data-answers', String(++answers));
  }
  function clear() {
    while (body.firstChild) body.removeChild(body.firstChild);
    more.hidden = true;
  }
  function fromApi(f, page) {
    var ticket = ++asked;
    var params = new URLSearchParams();
    Object.keys(f).forEach(function (k) { if (f[k]) params.set(k, f[k]); });
    if (page) params.set('page', page);
    var request = new XMLHttpRequest();
    request.open('GET', api + '?' + params.toString());
    request.onload = function () {
      if (ticket !== asked) return;
      var json = (request.getResponseHeader('Content-Type') || '').indexOf('application/json') === 0;
      // Not the hub's answer (no search is served here): search the
      // static index instead. The hub's refusal (a bad word, or busy for
      // a moment) is shown as it says, without fetching the whole index.
      if (!json) return fallBack(f);
      if (request.status !== 200) {
        clear();
        count.textContent = request.status === 400
            ? (en ? 'The search was refused: ' : '搜尋條件有誤：') + JSON.parse(request.responseText).error
            : (en ? 'The search cannot answer now; try again shortly.' : '搜尋暫時無法回答，請稍後再試。');
        answered(f.q);
        return;
      }
      var answer = JSON.parse(request.responseText);
      if (!page) clear();
      answer.hits.forEach(function (d) { body.appendChild(row(d)); });
      next = answer.next || '';
      more.hidden = !next;
      show(f, answer.total, answer.total_is_lower_bound, body.rows.length);
    };
    request.onerror = function () { if (ticket === asked) fallBack(f); };
    request.send();
  }
  var index = null, loading = false;
  function fallBack(f) {
    useApi = false;
    if (index) return fromIndex(f);
    if (loading) return;
    loading = true;
    count.textContent = en ? 'Loading the search…' : '載入搜尋中…';
    var request = new XMLHttpRequest();
    request.open('GET', base + 'search-index.json');
    request.onload = function () {
      if (request.status !== 200) return;
      index = JSON.parse(request.responseText);
      fromIndex(filters());
    };
    request.send();
  }
  function fromIndex(f) {
    var words = f.q.toLowerCase().split(/[\s\u3000]+/).filter(Boolean).map(expand);
    var found = 0;
    clear();
    index.databases.forEach(function (d) {
      var ok = (!f.agency || d.agency === f.agency) && (!f.category || d.categories.indexOf(f.category) >= 0) &&
        (!f.purpose || d.purposes.indexOf(f.purpose) >= 0) && (!f.ground || d.grounds.indexOf(f.ground) >= 0) &&
        (!f.optout || d.optout) && words.every(function (alts) {
          return alts.some(function (w) { return d.text.indexOf(w) >= 0; });
        });
      if (!ok) return;
      if (found < shownAtMost) body.appendChild(row(d));
      found++;
    });
    show(f, found, false, Math.min(found, shownAtMost));
  }
  var last = null;  // the search last asked, not asked twice in a row
  function apply() {
    var f = filters();
    var key = JSON.stringify(f);
    if (key === last) return;
    last = key;
    if (!searching(f)) {
      ++asked;
      clear();
      results.hidden = true;
      byAgency.hidden = false;
      count.textContent = allText;
      noResults.hidden = true;
      answered('');
      return;
    }
    if (useApi) fromApi(f, '');
    else if (index) fromIndex(f);
    else fallBack(f);
  }
  var timer = null;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(apply, 250);
  }
  more.addEventListener('click', function () { if (next && useApi) fromApi(filters(), next); });
  // Links and the form's own submission carry the query in the address.
  var params = new URLSearchParams(location.search);
  if (params.get('q')) document.getElementById('q').value = params.get('q');
  if (params.get('agency')) document.getElementById('f-agency').value = params.get('agency');
  form.setAttribute('data-ready', '');
  apply();
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
})();
)tpl";

}  // namespace disclosure::hub::site
