/* The eligibility engine for the browser: a line-by-line twin of policy/rules.py.
 * One semantics, two runtimes; tests/rules/ runs the same vectors through both and fails on
 * any difference, so change both together. No dependencies; exposes window.SelfCheckRules.
 *   SelfCheckRules.evaluate(program, profile, mode, catalogue) -> result (same dict as Python)
 * mode "closed": a field left out means no / none / 0 by its contract type.
 * mode "open": a field not answered is unknown (Kleene three-valued logic). */
(function (root) {
  "use strict";
  var UNKNOWN = "unknown", MET = "met", NOT_MET = "not-met", NOT_STATED = "not-stated";
  var OPS = ["eq", "ne", "in", "ge", "gt", "le", "lt", "within"];
  var AUDIENCE = { met: "met", "not-met": "not_met", unknown: "unknown" };
  var UNANSWERED = {};
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isNumber(v) { return typeof v === "number"; }

  function defaultFor(kind) {
    if (kind === "boolean") return false;
    if (kind === "number" || kind === "integer") return 0;
    return null;
  }

  function months(month) {
    return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  }

  function pad(n, width) { var t = String(n); while (t.length < width) t = "0" + t; return t; }

  /* policy/retirement.py's twin: "YYYY-MM" when the statutory retirement age is reached. */
  function retirementMonth(birth, category, rules) {
    var spec = typeof category === "string" && has(rules.categories, category) ? rules.categories[category] : null;
    if (spec === null || typeof birth !== "string" || birth.length !== 7) return null;
    var born = months(birth), delay = 0;
    if (born >= months(spec.from_birth)) {
      var steps = Math.floor((born - months(spec.from_birth)) / spec.months_per_step) + 1;
      delay = Math.min(steps, spec.max_delay_months);
    }
    var total = born + spec.original_years * 12 + delay;
    return pad(Math.floor(total / 12), 4) + "-" + pad(total % 12 + 1, 2);
  }

  function resolve(profile, path, mode, catalogue) {
    var own = catalogue.fields[path] || {};
    if (own.derived_from) {
      var inputs = own.derived_from.map(function (f) { return resolve(profile, f, mode, catalogue); });
      if (inputs.indexOf(UNANSWERED) >= 0) return UNANSWERED;
      return retirementMonth(inputs[0], inputs[1], catalogue._retirement);
    }
    var parts = path.split("."), node = profile;
    for (var i = 0; i < parts.length; i++) {
      if (node === null) return null;
      if (!isObject(node) || !has(node, parts[i])) {
        if (mode === "open") return UNANSWERED;
        if (i < parts.length - 1) return null;
        var spec = catalogue.fields[path] || {};
        return defaultFor(spec.type || "string");
      }
      node = node[parts[i]];
    }
    return node;
  }

  function same(a, b) {
    if (typeof a === "boolean" || typeof b === "boolean") return a === b;
    if (isNumber(a) && isNumber(b)) return a === b;
    if (typeof a === "string" && typeof b === "string") return a === b;
    return false;
  }

  function compare(actual, op, value) {
    if (actual === null || actual === undefined) return op === "ne";
    if (op === "eq") return same(actual, value);
    if (op === "ne") return !same(actual, value);
    if (op === "in") return value.some(function (v) { return same(actual, v); });
    if (op === "within") {
      return typeof actual === "string" && value.some(function (code) { return covers(code, actual); });
    }
    if (typeof actual === "string" && typeof value === "string") { // months: YYYY-MM sorts as text
      if (actual.length !== value.length) return false;
    } else if (!(isNumber(actual) && isNumber(value))) return false;
    if (op === "ge") return actual >= value;
    if (op === "gt") return actual > value;
    if (op === "le") return actual <= value;
    return actual < value;
  }

  /* GB/T 2260: a province (350000) covers 35xxxx, a city (350500) 3505xx, a county itself. */
  function covers(code, region) {
    if (typeof code !== "string" || code.length !== 6 || region.length !== 6) return false;
    if (code.slice(2) === "0000") return region.slice(0, 2) === code.slice(0, 2);
    if (code.slice(4) === "00") return region.slice(0, 4) === code.slice(0, 4);
    return region === code;
  }

  function atomOp(expr) {
    for (var i = 0; i < OPS.length; i++) if (has(expr, OPS[i])) return OPS[i];
    return null;
  }

  function and(states) {
    if (states.indexOf(NOT_MET) >= 0) return NOT_MET;
    return states.every(function (s) { return s === MET; }) ? MET : UNKNOWN;
  }

  function or(states) {
    if (states.indexOf(MET) >= 0) return MET;
    return states.every(function (s) { return s === NOT_MET; }) ? NOT_MET : UNKNOWN;
  }

  function extendUnique(target, items) {
    items.forEach(function (x) { if (target.indexOf(x) < 0) target.push(x); });
  }

  function evaluateExpr(expr, ctx) {
    if (has(expr, "all") || has(expr, "any")) {
      var list = has(expr, "all") ? expr.all : expr.any;
      var kids = list.map(function (e) { return evaluateExpr(e, ctx); });
      var states = kids.map(function (k) { return k.status; });
      return combine(has(expr, "all") ? and(states) : or(states), kids);
    }
    if (has(expr, "not")) {
      var kid = evaluateExpr(expr.not, ctx);
      var flip = kid.status === MET ? NOT_MET : kid.status === NOT_MET ? MET : UNKNOWN;
      return { status: flip, missing: [], unknown: flip === UNKNOWN ? kid.unknown : [] };
    }
    return atom(expr, ctx);
  }

  function combine(status, kids) {
    var missing = [], unknown = [];
    kids.forEach(function (k) {
      if (status === NOT_MET && k.status === NOT_MET) missing = missing.concat(k.missing);
      if (status === UNKNOWN && k.status === UNKNOWN) extendUnique(unknown, k.unknown);
    });
    return { status: status, missing: missing, unknown: unknown };
  }

  function atom(expr, ctx) {
    var op = atomOp(expr), path = expr.field, value = expr[op];
    var actual = resolve(ctx.profile, path, ctx.mode, ctx.catalogue);
    if (actual === UNANSWERED) return { status: UNKNOWN, missing: [], unknown: unanswered(path, ctx) };
    if (actual === undefined) actual = null;
    if (compare(actual, op, value)) return { status: MET, missing: [], unknown: [] };
    // a province or city named where the rule names a county inside it: not yet known
    if (op === "within" && typeof actual === "string" && value.some(function (c) { return covers(actual, c); })) {
      return { status: UNKNOWN, missing: [], unknown: [path] };
    }
    return { status: NOT_MET, missing: [explain(path, op, value, actual, ctx)], unknown: [] };
  }

  /* The questions that would settle a field: itself, or what a derived field is made of. */
  function unanswered(path, ctx) {
    var inputs = (ctx.catalogue.fields[path] || {}).derived_from;
    if (!inputs) return [path];
    return inputs.filter(function (f) { return resolve(ctx.profile, f, ctx.mode, ctx.catalogue) === UNANSWERED; });
  }

  function round2(x) { return Math.floor(x * 100 + 0.5) / 100; }

  function fmtNumber(x) { return String(x); }

  function word(value, lang, spec, words) {
    if (value === null) return words.none[lang];
    var labels = spec.values || {};
    if (typeof value === "boolean") {
      var key = value ? "true" : "false";
      return (has(labels, key) ? labels[key] : words[key])[lang];
    }
    if (isNumber(value)) return has(labels, fmtNumber(value)) ? labels[fmtNumber(value)][lang] : fmtNumber(value);
    return has(labels, value) ? labels[value][lang] : String(value);
  }

  function fill(template, slots) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return has(slots, k) ? slots[k] : m; });
  }

  function explain(path, op, value, actual, ctx) {
    var catalogue = ctx.catalogue, spec = catalogue.fields[path] || {}, words = catalogue._words;
    var out = { field: path, op: op, value: value, actual: actual };
    var gap = null;
    if (isNumber(value) && (actual === null || isNumber(actual)) && (op === "ge" || op === "gt")) {
      gap = round2(value - (actual || 0));
      out.gap = gap;
    }
    var text = {};
    ["zh", "en"].forEach(function (lang) {
      var sep = words.list_sep[lang];
      var shown = Array.isArray(value)
        ? value.map(function (v) { return word(v, lang, spec, words); }).join(sep)
        : word(value, lang, spec, words);
      var slots = {
        label: (spec.label || {})[lang] || path,
        unit: (spec.unit || {})[lang] || "",
        value: shown,
        actual: word(actual, lang, spec, words),
        gap: gap !== null ? fmtNumber(gap) : ""
      };
      var own = spec.messages || {};
      var keys = gap !== null && gap > 0 ? [op + "_gap"] : [];
      if (gap === 1) keys.unshift(op + "_gap_one"); // "1 more year", not "1 more years"
      if (typeof value === "boolean") keys.push(op + (value ? "_true" : "_false"));
      keys.push(op);
      var template = null;
      [own, catalogue._messages].some(function (src) {
        return keys.some(function (k) {
          if (has(src, k)) { template = src[k]; return true; }
          return false;
        });
      });
      text[lang] = fill(template[lang], slots);
    });
    out.text = text;
    return out;
  }

  function evaluate(program, profile, mode, catalogue) {
    mode = mode || "closed";
    if (mode !== "closed" && mode !== "open") throw new Error("mode must be 'closed' or 'open'");
    var ctx = { profile: profile, mode: mode, catalogue: catalogue };
    var unknown = [], levels = [];
    var aud = audience(program, ctx);
    if (aud !== null && aud.status === AUDIENCE[UNKNOWN] && mode === "open") extendUnique(unknown, aud.unknown);
    var offered = occupations(program, ctx, unknown);
    program.levels.forEach(function (level) {
      if (offered !== null && offered.indexOf(level.occupation) < 0) return;
      levels.push(judgeLevel(program, level, ctx, unknown));
    });
    var excluded = aud !== null && aud.status === AUDIENCE[NOT_MET];
    if (excluded) {
      levels.forEach(function (l) { l.eligible = false; });
      unknown.length = 0;
    }
    var eligible = [];
    levels.forEach(function (l) { if (l.eligible && eligible.indexOf(l.level) < 0) eligible.push(l.level); });
    eligible.sort(function (a, b) { return b - a; });
    var maybeEligible = !excluded && levels.some(function (l) { return l.status === UNKNOWN; });
    var materials = [], materialsMaybe = [];
    if (eligible.length) {
      (program.materials || []).forEach(function (m) {
        var r = material(m, levels, ctx);
        if (r.status === MET) materials.push(m.id);
        else if (r.status === UNKNOWN) { materialsMaybe.push(m.id); extendUnique(unknown, r.unknown); }
      });
    }
    var subsidies = [], details = [];
    (program.subsidies || []).forEach(function (s) {
      var detail = subsidy(s, eligible, maybeEligible, ctx);
      details.push(detail);
      if (detail.status === MET) {
        var item = { id: s.id, amount_cny: detail.amount_cny };
        if (s.either_or && s.either_or.length) item.either_or = s.either_or.slice();
        subsidies.push(item);
      }
      if (detail.status === UNKNOWN && (eligible.length || maybeEligible)) {
        detail.failed.forEach(function (f) { extendUnique(unknown, f.unknown); });
      }
    });
    var result = {
      program: program.id,
      mode: mode,
      eligible_levels: eligible,
      levels: levels,
      materials: materials,
      materials_maybe: materialsMaybe,
      subsidies: subsidies,
      subsidy_details: details,
      unknown: unknown
    };
    if (aud !== null) result.audience = aud;
    return result;
  }

  function source(program, clause) {
    var notice = program.notice;
    return (notice.document_number || notice.short_title.zh) + " " + clause;
  }

  function audience(program, ctx) {
    var spec = program.audience;
    if (!isObject(spec) || !has(spec, "when")) return null;
    var r = evaluateExpr(spec.when, { profile: ctx.profile, mode: "open", catalogue: ctx.catalogue });
    return {
      status: AUDIENCE[r.status],
      source: source(program, spec.clause),
      clause: spec.clause,
      missing: r.missing,
      unknown: r.unknown
    };
  }

  function occupations(program, ctx, unknown) {
    var list = program.occupations || [];
    if (!list.length) return null;
    var code = resolve(ctx.profile, "occupation_code", ctx.mode, ctx.catalogue);
    if (code === UNANSWERED || code === null || code === undefined) {
      if (code === UNANSWERED && list.length > 1) extendUnique(unknown, ["occupation_code"]);
      return null;
    }
    return list.filter(function (o) { return o.code === code; }).map(function (o) { return o.id; });
  }

  function judgeLevel(program, level, ctx, unknown) {
    var out = {
      level: level.level,
      eligible: false,
      met: [],
      source: source(program, level.clause),
      status: NOT_STATED,
      clause: level.clause,
      conditions: []
    };
    if (level.occupation) out.occupation = level.occupation;
    if (!level.conditions || !level.conditions.length) return out;
    out.conditions = level.conditions.map(function (cond) {
      var r = evaluateExpr(cond.when, ctx);
      return { id: cond.id, clause: cond.clause, status: r.status, missing: r.missing, unknown: r.unknown };
    });
    var status = or(out.conditions.map(function (c) { return c.status; }));
    if (status === UNKNOWN) out.conditions.forEach(function (c) { extendUnique(unknown, c.unknown); });
    out.status = status;
    out.eligible = status === MET;
    out.met = out.conditions.filter(function (c) { return c.status === MET; }).map(function (c) { return c.id; });
    return out;
  }

  function eligibleState(level) {
    if (level.eligible) return MET;
    return level.status === UNKNOWN ? UNKNOWN : NOT_MET;
  }

  function material(m, levels, ctx) {
    var states = [], unknown = [];
    if (m.levels && m.levels.length) {
      states.push(or(levels.filter(function (l) { return m.levels.indexOf(l.level) >= 0; }).map(eligibleState)));
    }
    if (m.conditions && m.conditions.length) {
      var named = [];
      levels.forEach(function (l) {
        l.conditions.forEach(function (c) {
          if (m.conditions.indexOf(c.id) >= 0) named.push(l.eligible || l.status === UNKNOWN ? c.status : NOT_MET);
        });
      });
      states.push(or(named));
    }
    if (m.required_when) {
      var r = evaluateExpr(m.required_when, ctx);
      states.push(r.status);
      unknown = r.unknown;
    }
    return { status: and(states), unknown: unknown };
  }

  function subsidy(s, eligible, maybeEligible, ctx) {
    var failed = [], states = [];
    (s.requirements || []).forEach(function (req) {
      var r = evaluateExpr(req.when, ctx);
      states.push(r.status);
      if (r.status !== MET) {
        failed.push({ id: req.id, clause: req.clause, status: r.status, missing: r.missing, unknown: r.unknown });
      }
    });
    var status = and(states), amount = null;
    var ascending = eligible.slice().sort(function (a, b) { return a - b; });
    for (var i = 0; i < ascending.length; i++) {
      var found = (s.amounts || []).filter(function (a) { return a.level === ascending[i]; });
      if (found.length) { amount = found[0].amount_cny; break; }
    }
    var reason = null;
    if (!eligible.length) {
      reason = "no-eligible-level";
      status = maybeEligible && status !== NOT_MET ? UNKNOWN : NOT_MET;
    } else if (status !== MET) {
      reason = "requirements";
    }
    return { id: s.id, status: status, amount_cny: amount, reason: reason, failed: failed };
  }

  var api = {
    evaluate: evaluate, evaluateExpr: evaluateExpr, resolve: resolve, covers: covers,
    MET: MET, NOT_MET: NOT_MET, UNKNOWN: UNKNOWN, NOT_STATED: NOT_STATED
  };
  root.SelfCheckRules = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
