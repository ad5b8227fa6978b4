/* The self-check page: one short question at a time, then the result with its reasons.
 * Routing is the engine's own: the next question is the first one (flow order) whose profile
 * field an open-world evaluation still lists as unknown, so moot questions are never asked.
 * Answers live only in the URL fragment (bookmarkable, shareable, never sent to a server).
 * Needs rules.js (window.SelfCheckRules), the site's rules/engine.js (window.SelfCheckEngine:
 * every program's conditions), the language's rules/selfcheck-<lang>.js (window.SelfCheckWords:
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

  window.selfCheck = {
    /* Contract §4: closed world, the same object as `python -m generator check`. */
    evaluate: function (programId, profile) {
      if (!has(ENGINE, programId)) throw new Error("unknown program: " + programId);
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

  // --- answers <-> URL fragment <-> profile ------------------------------------------------

  function validAnswer(q, raw) {
    if (raw === "?") return true;
    if (q.kind === "number") {
      if (!/^\d{1,4}(\.\d{1,2})?$/.test(raw)) return false;
      var n = Number(raw);
      return n >= (q.min || 0) && n <= (q.max === undefined ? 1e4 : q.max) && (!q.integer || Number.isInteger(n));
    }
    if (q.kind === "boolean") return raw === "yes" || raw === "no" || (q.unsure && raw === "unsure");
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
      step: has(QS, step) ? step : null, view: params.get("view") === "result" ? "result" : null
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

  function neededFields(results) {
    var out = [];
    results.forEach(function (r) { r.unknown.forEach(function (f) { if (out.indexOf(f) < 0) out.push(f); }); });
    return out;
  }

  function nextQuestion(answers, needed) {
    for (var i = 0; i < ORDER.length; i++) {
      var q = QS[ORDER[i]];
      if (!has(answers, q.id) && needed.indexOf(q.field) >= 0) return q.id;
    }
    return null;
  }

  function previousQuestion(answers, current) {
    var stop = current ? ORDER.indexOf(current) : ORDER.length, prev = null;
    for (var i = 0; i < stop; i++) if (has(answers, ORDER[i])) prev = ORDER[i];
    return prev;
  }

  function answerText(q, raw) {
    if (raw === "?") return S.skipped;
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
    var values = (CAT.fields[q.field] || {}).values || {};
    var key = String(opt.value);
    return has(values, key) ? tr(values[key]) : key;
  }

  // --- the question step --------------------------------------------------------------------

  function questionView(qid, state) {
    var q = QS[qid], current = has(state.answers, qid) ? state.answers[qid] : null;
    var number = 1;
    for (var i = 0; i < ORDER.indexOf(qid); i++) if (has(state.answers, ORDER[i])) number++;
    var hint = q.hint ? el("p", { id: "sc-hint", "class": "sc-hint", text: tr(q.hint) }) : null;
    var error = el("p", { id: "sc-error", "class": "sc-error", hidden: true });
    var described = (hint ? "sc-hint " : "") + "sc-error";
    var controls;
    if (q.kind === "number") {
      var unit = (CAT.fields[q.field] || {}).unit;
      controls = el("div", { "class": "sc-number" }, [
        el("label", { "for": "sc-input", text: label(q.field) + (unit ? " (" + tr(unit) + ")" : "") }),
        el("input", {
          id: "sc-input", name: "answer", type: "number", inputmode: q.integer ? "numeric" : "decimal",
          min: q.min || 0, max: q.max, step: q.integer ? 1 : (q.step || "any"),
          value: current && current !== "?" ? current : null, "aria-describedby": described,
          autocomplete: "off"
        })
      ]);
    } else {
      var options = q.kind === "boolean"
        ? ["yes", "no"].concat(q.unsure ? ["unsure"] : []).map(function (k) { return { key: k, text: S[k] }; })
        : q.options.map(function (o) { return { key: o.key, text: optionLabel(q, o) }; });
      controls = el("div", { "class": "sc-options" }, options.map(function (o, n) {
        var id = "sc-opt-" + n;
        return el("div", { "class": "sc-option" }, [
          el("input", { type: "radio", id: id, name: "answer", value: o.key, checked: current === o.key, "aria-describedby": described }),
          el("label", { "for": id, text: o.text })
        ]);
      }));
    }
    var prev = previousQuestion(state.answers, qid);
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
    function fail(message) {
      setText(error, message);
      error.hidden = false;
      var input = form.querySelector("input");
      form.querySelectorAll("input").forEach(function (i) { i.setAttribute("aria-invalid", "true"); });
      input.focus();
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

  // --- the result ---------------------------------------------------------------------------

  function summary(result) {
    var unknownLevels = result.levels.some(function (l) { return l.status === R.UNKNOWN; });
    if (result.eligible_levels.length) {
      var text = fmt(S.summary_eligible, { levels: join(result.eligible_levels.map(levelName)) });
      return unknownLevels ? text + " " + S.summary_maybe : text;
    }
    return unknownLevels ? S.summary_unknown : S.summary_none;
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
    return result.levels.map(function (level) {
      return el("section", { "class": "sc-level sc-" + level.status }, [
        el("h4", { text: levelName(level.level) + S.colon + statusWord(level.status, "level") }),
        el("p", { text: fmt(S.any_one, { source: level.source }) }),
        el("ul", {}, level.conditions.map(function (c) {
          return el("li", { "class": "sc-condition sc-" + c.status }, [
            el("strong", { text: statusWord(c.status) + S.colon }),
            has(texts, c.id) ? quote(texts[c.id]) : c.id, " ", clause(c.clause),
            c.status === R.NOT_MET && c.missing.length ? el("p", { "class": "sc-gap", text: S.missing }) : null,
            c.status === R.NOT_MET ? missingList(c.missing) : null,
            c.status === R.UNKNOWN && level.status === R.UNKNOWN ? needsLine(c.unknown) : null
          ]);
        }))
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
      return el("li", { "data-material": id, "class": "sc-maybe" }, [
        el("strong", { text: m.name }), " (" + fmt(S.materials_maybe, { fields: join(atomsOf(when[id], []).map(label)) }) + "): ",
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
          return el("li", { "data-subsidy": d.id }, [el("strong", { text: head + S.colon + s.name }), " (" + S.no_level + ")"]);
        }
        var failed = d.failed.filter(function (f) { return f.status === (d.status === R.UNKNOWN ? R.UNKNOWN : R.NOT_MET); });
        return el("li", { "data-subsidy": d.id }, [
          el("strong", { text: head + S.colon + s.name }),
          el("ul", {}, failed.map(function (f) {
            return el("li", {}, [has(reqText, f.id) ? reqText[f.id] : f.id, " ", clause(f.clause),
              missingList(f.missing), f.status === R.UNKNOWN ? needsLine(f.unknown) : null]);
          }))
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

  function answersSection(state) {
    var rows = [];
    ORDER.forEach(function (qid) {
      if (!has(state.answers, qid)) return;
      var q = QS[qid];
      rows.push(el("dt", { text: tr(q.text) }));
      rows.push(el("dd", {}, [
        el("span", { text: answerText(q, state.answers[qid]) + " " }),
        el("button", {
          type: "button", "class": "md-button sc-change", "aria-label": fmt(S.change_label, { question: tr(q.text) }),
          text: S.change, on: { click: function () { go({ answers: state.answers, step: qid, view: null }); } }
        })
      ]));
    });
    return [el("h3", { text: S.answers }), el("dl", { "class": "sc-answers" }, rows)];
  }

  function resultView(state, results, needed) {
    var single = D.shown.length === 1;
    var section = el("section", { "class": "sc-result", "aria-labelledby": "sc-result-title" });
    section.appendChild(el("h2", { id: "sc-result-title", tabindex: "-1", text: S.result }));
    var announce = [];
    results.forEach(function (result) {
      var pid = result.program, program = ENGINE[pid], display = D.display[pid];
      var box = el("div", { "class": "sc-program", "data-program": pid });
      var line = summary(result);
      announce.push((single ? "" : display.title + S.colon) + line);
      if (!single) box.appendChild(el("h3", { text: display.title }));
      box.appendChild(el("p", { "class": "sc-summary", text: line }));
      if (single) {
        if (result.unknown.length) box.appendChild(el("p", { "class": "sc-still", text: fmt(S.still_needed, { fields: join(result.unknown.map(label)) }) }));
        box.appendChild(el("h3", { text: display.document_number }));
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
    var more = nextQuestion(state.answers, needed);
    var actions = el("div", { "class": "sc-actions sc-noprint" }, [
      more ? el("button", { type: "button", "class": "md-button md-button--primary", text: S.continue_questions,
        on: { click: function () { go({ answers: state.answers, step: null, view: null }); } } }) : null,
      el("button", { type: "button", "class": "md-button", "data-act": "print", text: S.print, on: { click: function () { window.print(); } } }),
      el("button", { type: "button", "class": "md-button", "data-act": "restart", text: S.start_again,
        on: { click: function () { go({ answers: {}, step: null, view: null }); } } })
    ]);
    answersSection(state).forEach(function (n) { section.appendChild(n); });
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
    var needed = neededFields(results);
    var next = state.step || (state.view ? null : nextQuestion(state.answers, needed));
    var view = next ? questionView(next, state) : resultView(state, results, needed);
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
