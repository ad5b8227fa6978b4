/* The eligibility engine for the browser: a line-by-line twin of generator/rules.py.
 * One semantics, two runtimes; tests/rules/ runs the same vectors through both and fails on
 * any difference, so change both together. No dependencies; exposes window.SelfCheckRules.
 *   SelfCheckRules.evaluate(program, profile, mode, catalogue) -> result (same dict as Python)
 * mode "closed": a field left out means no / none / 0 by its contract type.
 * mode "open": a field not answered is unknown (Kleene three-valued logic). */
(function (root) {
  "use strict";
  var UNKNOWN = "unknown", MET = "met", NOT_MET = "not-met";
  var OPS = ["eq", "ne", "in", "ge", "gt", "le", "lt"];
  var UNANSWERED = {};
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isNumber(v) { return typeof v === "number"; }

  function defaultFor(kind) {
    if (kind === "boolean") return false;
    if (kind === "number" || kind === "integer") return 0;
    return null;
  }

  function resolve(profile, path, mode, catalogue) {
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
    if (!(isNumber(actual) && isNumber(value))) return false;
    if (op === "ge") return actual >= value;
    if (op === "gt") return actual > value;
    if (op === "le") return actual <= value;
    return actual < value;
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
    if (actual === UNANSWERED) return { status: UNKNOWN, missing: [], unknown: [path] };
    if (actual === undefined) actual = null;
    if (compare(actual, op, value)) return { status: MET, missing: [], unknown: [] };
    return { status: NOT_MET, missing: [explain(path, op, value, actual, ctx)], unknown: [] };
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
    var doc = program.notice.document_number;
    var unknown = [], levels = [];
    program.levels.forEach(function (level) {
      var conditions = level.conditions.map(function (cond) {
        var r = evaluateExpr(cond.when, ctx);
        return { id: cond.id, clause: cond.clause, status: r.status, missing: r.missing, unknown: r.unknown };
      });
      var status = or(conditions.map(function (c) { return c.status; }));
      if (status === UNKNOWN) conditions.forEach(function (c) { extendUnique(unknown, c.unknown); });
      levels.push({
        level: level.level,
        eligible: status === MET,
        met: conditions.filter(function (c) { return c.status === MET; }).map(function (c) { return c.id; }),
        source: doc + " " + level.clause,
        status: status,
        clause: level.clause,
        conditions: conditions
      });
    });
    var eligible = levels.filter(function (l) { return l.eligible; })
      .map(function (l) { return l.level; }).sort(function (a, b) { return b - a; });
    var maybeEligible = levels.some(function (l) { return l.status === UNKNOWN; });
    var materials = [], materialsMaybe = [];
    if (eligible.length) {
      (program.materials || []).forEach(function (m) {
        var r = m.required_when ? evaluateExpr(m.required_when, ctx) : { status: MET, unknown: [] };
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
    return {
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

  var api = { evaluate: evaluate, evaluateExpr: evaluateExpr, resolve: resolve, MET: MET, NOT_MET: NOT_MET, UNKNOWN: UNKNOWN };
  root.SelfCheckRules = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
