/* The self-check page: one short question at a time, then the result with its reasons.
 * Routing is the engine's own: the next question is the first one (flow order) whose profile
 * field an open-world evaluation still lists as unknown, so moot questions are never asked;
 * what decides a notice's audience (who it is for, judged first) is asked before the rest.
 * The all-programs page lists only the notices whose audience includes the candidate (or may),
 * and says which it left out and why.
 * Answers live only in the URL fragment (bookmarkable, shareable, never sent to a server).
 * Needs rules.js (window.SelfCheckRules), the site's rules/engine.js (window.SelfCheckEngine:
 * every program's conditions, and under "_regions" the divisions the region picker offers),
 * the language's rules/selfcheck-<lang>.js (window.SelfCheckWords:
 * profile fields, questions, wording), dom.js (window.PageDom) and the page's
 * <script id="selfcheck-data">. */
(function () {
  "use strict";
  var R = window.SelfCheckRules;
  var dataNode = document.getElementById("selfcheck-data");
  if (!R || !dataNode || !window.PageDom) return;
  var D = JSON.parse(dataNode.textContent);
  var ENGINE = window.SelfCheckEngine || {};
  var WORDS = window.SelfCheckWords;
  if (!WORDS) return;
  var S = WORDS.strings, LANG = D.lang, CAT = WORDS.catalogue;
  var QS = WORDS.questions.questions, ORDER = WORDS.questions.order;
  var MAX_HASH = 4000;
  var has = function (o, k) { return o !== null && Object.prototype.hasOwnProperty.call(o, k); };
  var REGIONS = ENGINE._regions || {}; // "_" never starts a program id

  window.selfCheck = {
    /* Contract §4: closed world, the same object as `python -m generator check`. */
    evaluate: function (programId, profile) {
      if (!has(ENGINE, programId) || programId.charAt(0) === "_") throw new Error("unknown program: " + programId);
      return R.evaluate(ENGINE[programId], profile || {}, "closed", CAT);
    }
  };

  var root = document.getElementById("selfcheck");
  if (!root) return;

  function fmt(template, slots) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return has(slots, k) ? String(slots[k]) : m; });
  }
  function tr(value) { return value && typeof value === "object" ? (value[LANG] || value.zh || "") : String(value); }
  var el = window.PageDom.el, setText = window.PageDom.text;
  function label(path) { var f = CAT.fields[path]; return f && f.label ? tr(f.label) : path; }
  function levelName(n) { return S.level_names[n] || String(n); }
  function clause(c) { return el("span", { "class": "clause", text: fmt(S.clause, { clause: c }) }); }
  function quote(text) { return S.quote_open + text + S.quote_close; }
  function money(n) { return fmt(S.money, { amount: n }); }
  function join(items) { return items.join(S.list_sep); }
  function unique(target, items) { items.forEach(function (x) { if (target.indexOf(x) < 0) target.push(x); }); return target; }

  // --- regions (GB/T 2260): a province 350000 covers 35xxxx, a city 350500 covers 3505xx -----

  var CODES = Object.keys(REGIONS).sort();
  var NAMED = {}; // field -> the codes the shown programs' rules name for it

  function namedCodes(node, field, out) {
    if (Array.isArray(node)) node.forEach(function (n) { namedCodes(n, field, out); });
    else if (node && typeof node === "object") {
      if (node.field === field) ["within", "in", "eq", "ne"].forEach(function (op) { if (has(node, op)) unique(out, [].concat(node[op])); });
      else Object.keys(node).forEach(function (k) { namedCodes(node[k], field, out); });
    }
    return out;
  }
  function named(field) {
    if (!has(NAMED, field)) NAMED[field] = namedCodes(D.shown.map(function (pid) { return ENGINE[pid]; }), field, []);
    return NAMED[field];
  }
  function isCity(code) { return code.slice(4) === "00" && code.slice(2) !== "0000"; }
  function children(code) {
    if (code.slice(2) === "0000") {
      return CODES.filter(function (c) { // cities, and counties no city holds (a municipality's)
        return c !== code && c.slice(0, 2) === code.slice(0, 2) && (isCity(c) || !has(REGIONS, c.slice(0, 4) + "00"));
      });
    }
    if (isCity(code)) return CODES.filter(function (c) { return c !== code && c.slice(0, 4) === code.slice(0, 4); });
    return [];
  }
  /* A choice decides every rule unless some rule names a place inside it (and there is a list). */
  function decides(code, field) {
    return !children(code).length || !named(field).some(function (n) { return n !== code && R.covers(code, n); });
  }
  function lineage(code) { // province, city, county: the codes chosen, list by list, to reach it
    return unique([], [code.slice(0, 2) + "0000", code.slice(0, 4) + "00", code]).filter(function (c) { return has(REGIONS, c); });
  }
  /* A division's name in the page's language: [Chinese, English]; on English pages the English
     with the Chinese after it, so a romanisation can be checked against the notice. */
  function placeName(code) { var n = REGIONS[code]; return LANG === "en" ? n[1] + " (" + n[0] + ")" : n[0]; }
  function regionName(code) {
    var chain = lineage(code);
    if (LANG === "en") return chain.reverse().map(function (c) { return REGIONS[c][1]; }).join(", ") + " (" + chain.map(function (c) { return REGIONS[c][0]; }).reverse().join("") + ")";
    return chain.map(function (c) { return REGIONS[c][0]; }).join("");
  }

  function occupationChoices() { // every shown notice's occupations, where it offers several
    var out = [], codes = [];
    D.shown.forEach(function (pid) {
      var list = D.display[pid].occupations || [];
      if (list.length > 1) list.forEach(function (o) { if (codes.indexOf(o.code) < 0) { codes.push(o.code); out.push(o); } });
    });
    return out;
  }
  function occupationText(o) { return fmt(S.occupation, { name: o.name, code: o.code }); }
  function thisMonth() { var d = new Date(); return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2); }

  // --- answers <-> URL fragment <-> profile ------------------------------------------------

  function validAnswer(q, raw) {
    if (raw === "?") return true;
    if (q.kind === "number") {
      if (!/^\d{1,4}(\.\d{1,2})?$/.test(raw)) return false;
      var n = Number(raw);
      return n >= (q.min || 0) && n <= (q.max === undefined ? 1e4 : q.max) && (!q.integer || Number.isInteger(n));
    }
    if (q.kind === "boolean") return raw === "yes" || raw === "no" || (q.unsure && raw === "unsure");
    if (q.kind === "region") return has(REGIONS, raw) && decides(raw, q.field);
    if (q.kind === "month") return /^\d{4}-(0[1-9]|1[0-2])$/.test(raw) && raw >= (q.min || "1900-01") && raw <= thisMonth();
    if (q.kind === "occupation") return occupationChoices().some(function (o) { return o.code === raw; });
    return q.options.some(function (o) { return o.key === raw; });
  }

  function readState() {
    var hash = location.hash.replace(/^#/, "");
    var params = new URLSearchParams(hash.length > MAX_HASH ? "" : hash);
    var answers = {};
    ORDER.forEach(function (qid) {
      if (params.has(qid) && validAnswer(QS[qid], params.get(qid))) answers[qid] = params.get(qid);
    });
    var step = params.get("step");
    var carries = hash.length > MAX_HASH || ORDER.some(function (qid) { return params.has(qid); });
    return {
      answers: answers, carries: carries,
      step: has(QS, step) && askable(QS[step]) ? step : null, view: params.get("view") === "result" ? "result" : null
    };
  }

  function fragment(state) {
    var params = new URLSearchParams();
    ORDER.forEach(function (qid) { if (has(state.answers, qid)) params.set(qid, state.answers[qid]); });
    if (state.step) params.set("step", state.step);
    if (state.view) params.set("view", state.view);
    return params.toString();
  }

  function go(state) {
    var qs = fragment(state);
    history.pushState(null, "", location.pathname + location.search + (qs ? "#" + qs : ""));
    render(true);
  }

  function setPath(profile, path, value) {
    var parts = path.split("."), node = profile;
    for (var i = 0; i < parts.length - 1; i++) {
      if (node[parts[i]] === null) return; // the object was answered "none": moot
      if (!has(node, parts[i])) node[parts[i]] = {};
      node = node[parts[i]];
    }
    node[parts[parts.length - 1]] = value;
  }

  function buildProfile(answers) {
    var profile = {};
    ORDER.forEach(function (qid) {
      if (!has(answers, qid) || answers[qid] === "?") return;
      var q = QS[qid], raw = answers[qid];
      if (q.kind === "number") return setPath(profile, q.field, Number(raw));
      if (q.kind === "region" || q.kind === "month" || q.kind === "occupation") return setPath(profile, q.field, raw);
      if (q.kind === "boolean") {
        if (raw === "yes" || raw === "no") setPath(profile, q.field, raw === "yes");
        return;
      }
      var opt = q.options.filter(function (o) { return o.key === raw; })[0];
      if (opt.none) profile[q.field.split(".")[0]] = null;
      else setPath(profile, q.field, opt.value);
    });
    return profile;
  }

  function evaluateAll(profile) {
    return D.shown.map(function (pid) { return R.evaluate(ENGINE[pid], profile, "open", CAT); });
  }

  function audienceOf(result) { return result.audience ? result.audience.status : "met"; }
  function leftOut(result) { return audienceOf(result) === "not_met"; }

  function neededFields(results) {
    var out = [];
    results.forEach(function (r) { unique(out, r.unknown); });
    return out;
  }

  function askable(q) {
    if (q.kind === "region") return CODES.length > 0;
    if (q.kind === "occupation") return occupationChoices().length > 1;
    return true;
  }

  /* Who a notice is for is settled first: nothing else is asked of someone it is not for. */
  function nextQuestion(answers, results) {
    var first = [];
    results.forEach(function (r) { if (audienceOf(r) === "unknown") unique(first, r.audience.unknown); });
    var groups = [first, neededFields(results)];
    for (var g = 0; g < groups.length; g++) {
      for (var i = 0; i < ORDER.length; i++) {
        var q = QS[ORDER[i]];
        if (!has(answers, q.id) && groups[g].indexOf(q.field) >= 0 && askable(q)) return q.id;
      }
    }
    return null;
  }

  /* The questions in the order the routing asked them, replayed from the answers given. */
  function askedSequence(answers) {
    var partial = {}, out = [];
    for (var q = nextQuestion(partial, evaluateAll(buildProfile(partial))); q && has(answers, q);
      q = nextQuestion(partial, evaluateAll(buildProfile(partial)))) {
      partial[q] = answers[q];
      out.push(q);
    }
    ORDER.forEach(function (qid) { if (has(answers, qid) && out.indexOf(qid) < 0) out.push(qid); });
    return out;
  }

  function answerText(q, raw) {
    if (raw === "?") return S.not_known;
    if (q.kind === "region") return regionName(raw);
    if (q.kind === "month") {
      var d = new Date(Number(raw.slice(0, 4)), Number(raw.slice(5)) - 1, 1);
      return d.toLocaleDateString(LANG === "en" ? "en-GB" : "zh-CN", { year: "numeric", month: "long" });
    }
    if (q.kind === "occupation") {
      var o = occupationChoices().filter(function (c) { return c.code === raw; })[0];
      return o ? occupationText(o) : raw;
    }
    if (q.kind === "number") {
      var unit = (CAT.fields[q.field] || {}).unit;
      return raw + (unit ? (LANG === "en" ? " " : "") + tr(unit) : "");
    }
    if (q.kind === "boolean") return S[raw === "unsure" ? "unsure" : raw];
    var opt = q.options.filter(function (o) { return o.key === raw; })[0];
    return optionLabel(q, opt);
  }

  function optionLabel(q, opt) {
    if (opt.none) return S.none;
    if (opt.label) return tr(opt.label);
    var values = (CAT.fields[q.field] || {}).values || {};
    var key = String(opt.value);
    return has(values, key) ? tr(values[key]) : key;
  }

  // --- the question step --------------------------------------------------------------------

  function questionView(qid, state) {
    var q = QS[qid], current = has(state.answers, qid) ? state.answers[qid] : null;
    var asked = askedSequence(state.answers), at = asked.indexOf(qid);
    var number = (at < 0 ? asked.length : at) + 1;
    var prev = at < 0 ? asked[asked.length - 1] || null : asked[at - 1] || null;
    var hint = q.hint ? el("p", { id: "sc-hint", "class": "sc-hint", text: tr(q.hint) }) : null;
    var error = el("p", { id: "sc-error", "class": "sc-error", hidden: true });
    var described = (hint ? "sc-hint " : "") + "sc-error";
    var value = current && current !== "?" ? current : null;
    var controls, region = null;
    if (q.kind === "number" || q.kind === "month") {
      var unit = (CAT.fields[q.field] || {}).unit;
      controls = el("div", { "class": "sc-number" }, [
        el("label", { "for": "sc-input", text: label(q.field) + (unit ? " (" + tr(unit) + ")" : "") }),
        q.kind === "month"
          ? el("input", { id: "sc-input", name: "answer", type: "month", min: q.min, max: thisMonth(), placeholder: "1985-07",
            value: value, "aria-describedby": described, autocomplete: "off" })
          : el("input", {
            id: "sc-input", name: "answer", type: "number", inputmode: q.integer ? "numeric" : "decimal",
            min: q.min || 0, max: q.max, step: q.integer ? 1 : (q.step || "any"),
            value: value, "aria-describedby": described, autocomplete: "off"
          })
      ]);
    } else if (q.kind === "region") {
      region = regionPicker(q, value, described);
      controls = region.node;
    } else {
      var options = q.kind === "boolean"
        ? ["yes", "no"].concat(q.unsure ? ["unsure"] : []).map(function (k) { return { key: k, text: S[k] }; })
        : q.kind === "occupation"
          ? occupationChoices().map(function (o) { return { key: o.code, text: occupationText(o) }; })
          : q.options.map(function (o) { return { key: o.key, text: optionLabel(q, o) }; });
      controls = el("div", { "class": "sc-options" }, options.map(function (o, n) {
        var id = "sc-opt-" + n;
        return el("div", { "class": "sc-option" }, [
          el("input", { type: "radio", id: id, name: "answer", value: o.key, checked: current === o.key, "aria-describedby": described }),
          el("label", { "for": id, text: o.text })
        ]);
      }));
    }
    var form = el("form", { "class": "sc-question", novalidate: true, "data-question": qid }, [
      el("fieldset", {}, [
        el("legend", { id: "sc-legend", tabindex: "-1" }, [
          el("span", { "class": "sc-step", text: fmt(S.step, { n: number }) + " " }),
          el("span", { "class": "sc-text", text: tr(q.text) })
        ]),
        hint, controls, error
      ]),
      el("div", { "class": "sc-actions" }, [
        el("button", { type: "submit", "class": "md-button md-button--primary", text: S.next }),
        prev ? el("button", { type: "button", "class": "md-button", "data-act": "back", text: S.back }) : null,
        el("button", { type: "button", "class": "md-button", "data-act": "skip", text: S.skip }),
        el("button", { type: "button", "class": "md-button", "data-act": "result", text: S.see_result })
      ])
    ]);
    function answer(raw) {
      var answers = Object.assign({}, state.answers);
      answers[qid] = raw;
      go({ answers: answers, step: null, view: null });
    }
    function fail(message, target) {
      setText(error, message);
      error.hidden = false;
      form.querySelectorAll("input, select").forEach(function (i) { i.setAttribute("aria-invalid", "true"); });
      (target || form.querySelector("input, select")).focus();
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (q.kind === "number") {
        var raw = form.querySelector("input").value.trim();
        if (raw === "") return fail(S.required);
        var n = Number(raw), max = q.max === undefined ? 1e4 : q.max;
        if (!isFinite(n) || n < (q.min || 0) || n > max) return fail(fmt(S.number_invalid, { min: q.min || 0, max: max }));
        if (q.integer && !Number.isInteger(n)) return fail(S.integer_invalid);
        return answer(String(Math.round(n * 100) / 100));
      }
      if (q.kind === "month") { // a browser without a month field gives the text as typed
        var typed = form.querySelector("input").value.trim();
        if (typed === "") return fail(S.required);
        var m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(typed);
        var month = m ? m[1] + "-" + ("0" + m[2]).slice(-2) : "";
        return validAnswer(q, month) ? answer(month) : fail(fmt(S.month_invalid, { min: q.min || "1900-01", max: thisMonth() }));
      }
      if (q.kind === "region") {
        var chosen = region.chosen();
        if (!chosen) return fail(S.required);
        if (!decides(chosen, q.field)) return fail(fmt(S.region_more, { list: region.nextLabel() }), region.last());
        return answer(chosen);
      }
      var checked = form.querySelector("input:checked");
      if (!checked) return fail(S.required);
      answer(checked.value);
    });
    form.addEventListener("click", function (e) {
      var act = e.target.getAttribute && e.target.getAttribute("data-act");
      if (act === "back") go({ answers: state.answers, step: prev, view: null });
      else if (act === "skip") answer("?");
      else if (act === "result") go({ answers: state.answers, step: null, view: "result" });
    });
    return { node: form, focus: "sc-legend", announce: fmt(S.step, { n: number }) + " " + tr(q.text) };
  }

  /* Native <select>s, one per level: a list appears only while the choice above it does not yet
   * decide every rule; the answer is the most specific code chosen. Place names are Chinese on
   * every page (lang="zh-CN" where the page is not). */
  function regionPicker(q, current, described) {
    var box = el("div", { "class": "sc-region" }), chain = current ? lineage(current) : [], rows = [];
    function listLabel(codes, depth) { return tr(q.labels[depth === 0 ? "province" : codes.some(isCity) ? "city" : "county"]); }
    function add(codes) {
      var depth = rows.length, id = "sc-region-" + depth;
      var select = el("select", { id: id, name: "region-" + depth, "aria-describedby": described },
        [el("option", { value: "", text: S.choose })].concat(codes.map(function (c) {
          return el("option", { value: c, selected: chain[depth] === c, text: placeName(c) });
        })));
      var row = el("div", { "class": "sc-select" }, [el("label", { "for": id, text: listLabel(codes, depth) }), select]);
      row.listLabel = listLabel(codes, depth);
      rows.push(row);
      box.appendChild(row);
      select.addEventListener("keydown", function (e) { // Enter answers, as in the other fields
        if (e.key === "Enter") { e.preventDefault(); select.form.querySelector("[type=submit]").click(); }
      });
      select.addEventListener("change", function () {
        while (rows.length > depth + 1) box.removeChild(rows.pop());
        chain = chain.slice(0, depth);
        if (select.value) chain.push(select.value);
        if (more()) setText(live, fmt(S.region_next, { list: rows[rows.length - 1].listLabel }));
      });
    }
    function more() { // the next list, if the last choice does not decide yet
      var last = chain[rows.length - 1];
      if (last && !decides(last, q.field)) { add(children(last)); return true; }
      return false;
    }
    add(CODES.filter(function (c) { return c.slice(2) === "0000"; }));
    while (more()) { /* a previous answer: open each list down to it */ }
    return {
      node: box,
      chosen: function () { return chain[chain.length - 1] || null; },
      last: function () { return rows[rows.length - 1].querySelector("select"); },
      nextLabel: function () { return rows[rows.length - 1].listLabel; }
    };
  }

  // --- the result ---------------------------------------------------------------------------

  function summary(result) {
    if (leftOut(result)) return S.audience_not;
    var unknownLevels = result.levels.some(function (l) { return l.status === R.UNKNOWN; });
    var unstated = result.levels.filter(function (l) { return l.status === R.NOT_STATED; });
    var more = unstated.length ? fmt(S.not_stated_levels, { levels: join(unique([], unstated.map(function (l) { return levelName(l.level); }))) }) : "";
    function and(a, b) { return a && b ? fmt(S.sentences, { a: a, b: b }) : a || b; }
    if (result.eligible_levels.length) {
      return and(and(fmt(S.summary_eligible, { levels: join(result.eligible_levels.map(levelName)) }), unknownLevels ? S.summary_maybe : ""), more);
    }
    if (unknownLevels) return and(S.summary_unknown, more);
    if (!unstated.length) return S.summary_none;
    return unstated.length === result.levels.length ? more : and(S.summary_none_stated, more);
  }

  /* Why a notice is not (or not yet known to be) for the candidate: its rule, in words. */
  function audienceReasons(result, withPlace) {
    var reasons = result.audience.missing.map(function (m) {
      var region = ORDER.some(function (id) { return QS[id].field === m.field && QS[id].kind === "region"; });
      if (!region || !has(REGIONS, m.actual)) return tr(m.text);
      var places = join([].concat(m.value).map(function (c) { return has(REGIONS, c) ? regionName(c) : c; }));
      return fmt(S.audience_region, { places: places }) + (withPlace ? fmt(S.your_region, { place: regionName(m.actual) }) : "");
    });
    return reasons.length ? reasons : [S.audience_other];
  }

  function audienceBlock(result) {
    var a = result.audience;
    if (!a) return [];
    if (leftOut(result)) {
      return [
        el("ul", { "class": "sc-audience-rule" }, audienceReasons(result, true).map(function (r) { return el("li", {}, [r, " ", clause(a.clause)]); })),
        el("p", { text: S.nothing_more })
      ];
    }
    var known = a.status === "met";
    return [el("p", { "class": "sc-audience sc-" + a.status }, [known ? S.audience_met : S.audience_unknown, " ", clause(a.clause)]),
      known ? null : needsLine(a.unknown)];
  }

  function levelOf(pid, level) { // the program's own entry for a judged level
    return ENGINE[pid].levels.filter(function (l) { return l.level === level.level && (l.occupation || null) === (level.occupation || null); })[0] || {};
  }

  function levelTitle(pid, level) {
    var name = levelName(level.level);
    if (!level.occupation) return name;
    var code = (ENGINE[pid].occupations || []).filter(function (o) { return o.id === level.occupation; })[0];
    var o = code && (D.display[pid].occupations || []).filter(function (x) { return x.code === code.code; })[0];
    return o ? name + " · " + o.name : name;
  }

  function statusWord(status, kind) {
    if (status === R.MET) return kind === "level" ? S.level_eligible : S.met;
    if (status === R.NOT_MET) return kind === "level" ? S.level_not : S.not_met;
    return kind === "level" ? S.level_unknown : S.unknown;
  }

  function missingList(items) {
    if (!items.length) return null;
    return el("ul", { "class": "sc-missing" }, items.map(function (m) { return el("li", { text: tr(m.text) }); }));
  }

  function needsLine(fields) {
    if (!fields.length) return null;
    return el("p", { "class": "sc-needs", text: S.needs + " " + join(fields.map(label)) });
  }

  function levelsSection(display, result) {
    var texts = display.conditions;
    function route(level, c) {
      return el("li", { "class": "sc-condition sc-" + c.status }, [
        el("strong", { text: statusWord(c.status) + S.colon }),
        has(texts, c.id) ? quote(texts[c.id]) : c.id, " ", clause(c.clause),
        c.status === R.NOT_MET && c.missing.length ? el("p", { "class": "sc-gap", text: S.missing }) : null,
        c.status === R.NOT_MET ? missingList(c.missing) : null,
        c.status === R.UNKNOWN && level.status === R.UNKNOWN ? needsLine(c.unknown) : null
      ]);
    }
    return result.levels.map(function (level) {
      var title = levelTitle(result.program, level);
      if (level.status === R.NOT_STATED) { // the notice points elsewhere: never "not eligible"
        var where = levelOf(result.program, level).not_stated;
        return el("section", { "class": "sc-level sc-not-stated" }, [
          el("h4", { text: title + S.colon + S.level_not_stated }),
          el("p", {}, [where ? fmt(S.not_stated_where, { where: tr(where) }) : "", " ", clause(level.clause)])
        ]);
      }
      if (level.status === R.MET) {
        /* A level already met needs no other route: the routes met are shown, the rest fold
         * away (one tap opens them), so the result fits on fewer screens of a phone. */
        var met = level.conditions.filter(function (c) { return c.status === R.MET; });
        var others = level.conditions.filter(function (c) { return c.status !== R.MET; });
        return el("section", { "class": "sc-level sc-met" }, [
          el("h4", { text: title + S.colon + statusWord(level.status, "level") }),
          el("p", { text: fmt(S.met_by, { source: level.source }) }),
          el("ul", {}, met.map(function (c) { return route(level, c); })),
          others.length ? el("details", { "class": "sc-other-routes" }, [
            el("summary", { text: fmt(others.length === 1 ? S.other_route : S.other_routes, { n: others.length }) }),
            el("ul", {}, others.map(function (c) { return route(level, c); }))
          ]) : null
        ]);
      }
      return el("section", { "class": "sc-level sc-" + level.status }, [
        el("h4", { text: title + S.colon + statusWord(level.status, "level") }),
        el("p", { text: fmt(S.any_one, { source: level.source }) }),
        el("ul", {}, level.conditions.map(function (c) { return route(level, c); }))
      ]);
    });
  }

  function atomsOf(expr, out) {
    if (has(expr, "all") || has(expr, "any")) (expr.all || expr.any).forEach(function (e) { atomsOf(e, out); });
    else if (has(expr, "not")) atomsOf(expr.not, out);
    else if (out.indexOf(expr.field) < 0) out.push(expr.field);
    return out;
  }

  function materialsSection(program, display, result) {
    var kids = [el("h3", { text: S.materials })];
    if (!result.eligible_levels.length) return kids.concat([el("p", { text: S.materials_none })]);
    var when = {};
    (program.materials || []).forEach(function (m) { when[m.id] = m.required_when; });
    var items = result.materials.map(function (id) {
      var m = display.materials[id];
      return el("li", { "data-material": id }, [el("strong", { text: m.name }), S.colon, m.rule, " ", clause(m.clause)]);
    }).concat(result.materials_maybe.map(function (id) {
      var m = display.materials[id];
      var fields = when[id] ? atomsOf(when[id], []) : [];
      return el("li", { "data-material": id, "class": "sc-maybe" }, [
        el("strong", { text: m.name }), " (" + (fields.length ? fmt(S.materials_maybe, { fields: join(fields.map(label)) }) : S.maybe) + "): ",
        m.rule, " ", clause(m.clause)
      ]);
    }));
    return kids.concat([el("ul", { "class": "sc-materials" }, items)]);
  }

  function feesAndExam(display) {
    var out = [];
    if (display.fees && display.fees.length) {
      out.push(el("h3", { text: S.fees }));
      out.push(el("ul", {}, display.fees.map(function (f) {
        return el("li", {}, [tr(f.label) + S.colon + money(f.amount_cny), " ", clause(f.clause)]);
      })));
    }
    if (display.exam || display.training) {
      out.push(el("h3", { text: S.exam }));
      if (display.training && display.training.text) {
        out.push(el("p", {}, [tr(display.training.text), " ", clause(display.training.clause)]));
      }
      if (display.exam) {
        out.push(el("p", {}, [tr(display.exam.pass_rule), " ", clause(display.exam.clause)]));
        if (display.exam.retake) out.push(el("p", { text: tr(display.exam.retake.text) }));
      }
    }
    return out;
  }

  function subsidiesSection(program, display, result) {
    var byId = display.subsidies, reqText = display.requirements;
    var kids = [el("h3", { text: S.subsidies })];
    if (!(program.subsidies || []).length) return kids.concat([el("p", { text: S.subsidies_none })]);
    var claim = result.subsidies.map(function (item) {
      var s = byId[item.id];
      var either = (item.either_or || []).filter(function (o) {
        return result.subsidies.some(function (x) { return x.id === o; });
      }).map(function (o) { return fmt(S.either_or, { other: byId[o].name }); });
      return el("li", { "data-subsidy": item.id }, [
        el("strong", { text: s.name }), " · ",
        item.amount_cny === null ? S.amount_unknown : fmt(S.amount, { amount: money(item.amount_cny) }),
        " ", clause(s.clause),
        either.length ? el("p", { text: either.join(" ") }) : null,
        s.how_to_apply ? el("p", { text: S.how_to_apply + " " + s.how_to_apply }) : null
      ]);
    });
    if (claim.length) kids.push(el("p", { text: S.can_claim + S.colon.trim() }), el("ul", { "class": "sc-claim" }, claim));
    else kids.push(el("p", { text: S.subsidies_none }));
    var others = result.subsidy_details.filter(function (d) { return d.status !== R.MET; });
    if (others.length) {
      kids.push(el("ul", { "class": "sc-no-claim" }, others.map(function (d) {
        var s = byId[d.id];
        var head = d.status === R.UNKNOWN ? S.claim_unknown : S.cannot_claim;
        if (d.reason === "no-eligible-level") {
          return el("li", { "data-subsidy": d.id }, [el("strong", { text: head + S.colon + s.name }), " (" + (result.levels.some(function (l) { return l.status === R.NOT_STATED; }) ? S.no_level_stated : S.no_level) + ")"]);
        }
        var failed = d.failed.filter(function (f) { return f.status === (d.status === R.UNKNOWN ? R.UNKNOWN : R.NOT_MET); });
        var list = el("ul", {}, failed.map(function (f) {
          return el("li", {}, [has(reqText, f.id) ? reqText[f.id] : f.id, " ", clause(f.clause),
            missingList(f.missing), f.status === R.UNKNOWN ? needsLine(f.unknown) : null]);
        }));
        return el("li", { "data-subsidy": d.id }, [
          el("strong", { text: head + S.colon + s.name }),
          // What is not yet known folds away (the answers still needed are listed above and
          // asked next); why a subsidy cannot be claimed stays in view.
          d.status === R.UNKNOWN ? el("details", { "class": "sc-unknown-requirements" }, [
            el("summary", { text: fmt(failed.length === 1 ? S.unknown_requirement : S.unknown_requirements, { n: failed.length }) }),
            list
          ]) : list
        ]);
      })));
    }
    return kids;
  }

  function linksLine(pid, result) {
    var links = D.links[pid] || {};
    var items = Object.keys(links.pages || {}).map(function (k) {
      // The bundle builder asks only for the materials this result lists.
      var mats = k === "builder" && result && result.materials.length ? "#materials=" + result.materials.join(",") : "";
      return el("li", {}, [el("a", { href: links.pages[k].href + mats, text: links.pages[k].title })]);
    });
    return items.length ? [el("p", { text: S.read_more }), el("ul", { "class": "sc-links" }, items)] : [];
  }

  /* Every answer given, and every fact still needed: "not yet known" until answered. */
  function answersSection(state, needed) {
    var rows = [];
    ORDER.forEach(function (qid) {
      var q = QS[qid], given = has(state.answers, qid);
      if (!given && (needed.indexOf(q.field) < 0 || !askable(q))) return;
      rows.push(el("dt", { text: tr(q.text) }));
      rows.push(el("dd", {}, [
        el("span", { "class": given && state.answers[qid] !== "?" ? null : "sc-not-known", text: (given ? answerText(q, state.answers[qid]) : S.not_known) + " " }),
        el("button", {
          type: "button", "class": "md-button sc-change", "aria-label": fmt(given ? S.change_label : S.answer_label, { question: tr(q.text) }),
          text: given ? S.change : S.answer, on: { click: function () { go({ answers: state.answers, step: qid, view: null }); } }
        })
      ]));
    });
    return [el("h3", { text: S.answers }), el("dl", { "class": "sc-answers" }, rows)];
  }

  function resultView(state, results) {
    var single = D.shown.length === 1;
    var section = el("section", { "class": "sc-result", "aria-labelledby": "sc-result-title" });
    section.appendChild(el("h2", { id: "sc-result-title", tabindex: "-1", text: S.result }));
    var announce = [], listed = single ? results : results.filter(function (r) { return !leftOut(r); });
    listed.forEach(function (result) {
      var pid = result.program, program = ENGINE[pid], display = D.display[pid];
      var box = el("div", { "class": "sc-program", "data-program": pid });
      var line = summary(result);
      announce.push((single ? "" : display.title + S.colon) + line);
      if (!single) box.appendChild(el("h3", { text: display.title }));
      box.appendChild(el("p", { "class": "sc-summary", text: line }));
      if (single) audienceBlock(result).forEach(function (n) { if (n) box.appendChild(n); });
      if (single && leftOut(result)) { // nothing else applies to someone the notice is not for
        linksLine(pid, null).forEach(function (n) { box.appendChild(n); });
      } else if (single) {
        if (result.unknown.length) box.appendChild(el("p", { "class": "sc-still", text: fmt(S.still_needed, { fields: join(result.unknown.map(label)) }) }));
        box.appendChild(el("h3", { text: display.document_number || display.title }));
        levelsSection(display, result).forEach(function (n) { box.appendChild(n); });
        materialsSection(program, display, result).forEach(function (n) { box.appendChild(n); });
        feesAndExam(display).forEach(function (n) { box.appendChild(n); });
        subsidiesSection(program, display, result).forEach(function (n) { box.appendChild(n); });
        linksLine(pid, result).forEach(function (n) { box.appendChild(n); });
      } else if ((D.links[pid] || {}).selfcheck) {
        var qs = fragment({ answers: state.answers, view: "result" });
        box.appendChild(el("p", {}, [el("a", { href: D.links[pid].selfcheck + "#" + qs, text: S.details })]));
      }
      section.appendChild(box);
    });
    var out = single ? [] : results.filter(leftOut);
    if (!single && !listed.length) {
      section.appendChild(el("p", { "class": "sc-summary", text: S.none_for_you }));
      announce.push(S.none_for_you);
    }
    if (out.length) { // a short line per notice left out: its rule and clause
      section.appendChild(el("div", { "class": "sc-left-out" }, [
        el("p", { text: S.left_out }),
        el("ul", {}, out.map(function (r) {
          return el("li", { "data-program": r.program }, [
            D.display[r.program].title + S.colon + join(audienceReasons(r, false)), " ", clause(r.audience.clause)
          ]);
        }))
      ]));
    }
    var more = nextQuestion(state.answers, results);
    var actions = el("div", { "class": "sc-actions sc-noprint" }, [
      more ? el("button", { type: "button", "class": "md-button md-button--primary", text: S.continue_questions,
        on: { click: function () { go({ answers: state.answers, step: null, view: null }); } } }) : null,
      el("button", { type: "button", "class": "md-button", "data-act": "print", text: S.print, on: { click: function () { window.print(); } } }),
      el("button", { type: "button", "class": "md-button", "data-act": "restart", text: S.start_again,
        on: { click: function () { go({ answers: {}, step: null, view: null }); } } })
    ]);
    answersSection(state, neededFields(results)).forEach(function (n) { section.appendChild(n); });
    section.appendChild(actions);
    return { node: section, focus: "sc-result-title", announce: S.result + S.colon + announce.join(" ") };
  }

  // --- render -------------------------------------------------------------------------------

  var stage = el("div", { "class": "sc-stage" });
  var live = el("div", { "class": "sc-live", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  root.textContent = "";
  root.appendChild(live);
  root.appendChild(stage);
  root.hidden = false;

  // The page itself may be indexed; an address whose fragment carries a candidate's answers
  // may not (search engines render the script, so the tag is what they see).
  function markIndexable(carriesAnswers) {
    var meta = document.head.querySelector("meta[name=robots]");
    if (carriesAnswers && !meta) {
      document.head.appendChild(el("meta", { name: "robots", content: "noindex" }));
    } else if (!carriesAnswers && meta) {
      meta.parentNode.removeChild(meta);
    }
  }

  function render(moveFocus) {
    var state = readState();
    markIndexable(state.carries);
    var results = evaluateAll(buildProfile(state.answers));
    var next = state.step || (state.view ? null : nextQuestion(state.answers, results));
    var view = next ? questionView(next, state) : resultView(state, results);
    stage.textContent = "";
    stage.appendChild(view.node);
    root.setAttribute("data-view", next ? "question" : "result");
    if (moveFocus) {
      var target = document.getElementById(view.focus);
      if (target) target.focus();
      setText(live, view.announce);
    }
  }

  window.addEventListener("popstate", function () { render(true); });
  render(false);
})();
