// search.js, the databases page's search (its own file: a script, not a
// template).
#include "hub/export/site_templates.h"

namespace disclosure::hub::site {

const std::string_view kSearchScript =
    R"tpl(// Search and filters of the databases page, over search-index.json (built
// by the hub's export). Chinese needs no word spacing: a word matches as a
// substring of a database's text, or through a synonym (健保 → 全民健康保險).
// Matches are listed in the results table, at most 200 of them; without a
// search the page shows each agency's list instead. Without this script
// those lists are the way in.
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
  var index = null;
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
  function apply() {
    if (!index) return;
    var words = value('q').toLowerCase().split(/[\s\u3000]+/).filter(Boolean).map(expand);
    var agency = value('f-agency'), category = value('f-category'), purpose = value('f-purpose'), ground = value('f-ground');
    var optout = document.getElementById('f-optout').checked;
    var searching = words.length > 0 || agency || category || purpose || ground || optout;
    results.hidden = !searching;
    byAgency.hidden = searching;
    while (body.firstChild) body.removeChild(body.firstChild);
    if (!searching) {
      count.textContent = allText;
      document.getElementById('no-results').hidden = true;
      return;
    }
    var found = 0;
    index.databases.forEach(function (d) {
      var ok = (!agency || d.agency === agency) && (!category || d.categories.indexOf(category) >= 0) &&
        (!purpose || d.purposes.indexOf(purpose) >= 0) && (!ground || d.grounds.indexOf(ground) >= 0) &&
        (!optout || d.optout) && words.every(function (alts) {
          return alts.some(function (w) { return d.text.indexOf(w) >= 0; });
        });
      if (!ok) return;
      if (found < shownAtMost) body.appendChild(row(d));
      found++;
    });
    var text = (en ? '{n} databases found' : '找到 {n} 個資料庫').replace('{n}', found);
    if (found > shownAtMost) {
      text += (en ? '; the first {m} are listed' : '，列出前 {m} 個').replace('{m}', shownAtMost);
    }
    count.textContent = text;
    document.getElementById('no-results').hidden = found > 0;
  }
  var request = new XMLHttpRequest();
  request.open('GET', base + 'search-index.json');
  request.onload = function () {
    if (request.status !== 200) return;
    index = JSON.parse(request.responseText);
    // Links and the form's own submission carry the query in the address.
    var params = new URLSearchParams(location.search);
    if (params.get('q')) document.getElementById('q').value = params.get('q');
    if (params.get('agency')) document.getElementById('f-agency').value = params.get('agency');
    apply();
    form.setAttribute('data-ready', '');
  };
  request.send();
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
})();
)tpl";

}  // namespace disclosure::hub::site
