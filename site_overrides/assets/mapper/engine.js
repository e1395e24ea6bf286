/* Ambit map engine: the checklist and one-hour review of a system map, computed in the browser.
 *
 * A line-by-line twin of generator/applicability.py, generator/systemmap/facts.py, score.py,
 * select.py, statement.py and review.py. The numbers (points, tiers, decay) and the words of every
 * reason and task come from data.json, which the build writes from the Python modules; tests/systemmap/test_browser_engine.py runs both engines
 * over the same maps in Chromium and requires identical answers. Change both or neither.
 */
(function (root) {
  "use strict";

  function byId(list) {
    var out = {};
    list.forEach(function (x) { out[x.id] = x; });
    return out;
  }

  function fold(text) {
    return String(text == null ? "" : text).split(/\s+/).filter(Boolean).join(" ");
  }

  function isYes(answer) { return answer === true || answer === "yes"; }
  function isNo(answer) { return answer === false || answer === "no"; }

  /* The map as the Python loader builds it (generator/systemmap/load.py build_map). */
  function normalise(raw) {
    var intake = raw.intake || {};
    return {
      system: fold(raw.system),
      sector: raw.sector || "",
      components: (raw.components || []).map(function (c) {
        return {
          id: c.id, type: c.type, exposure: c.exposure || "unknown", name: fold(c.name),
          data: (c.data || []).map(fold), lifecycle: c.lifecycle || [],
          data_kinds: c.data_kinds || [], operation: c.operation || "",
          kinds_stated: Array.isArray(c.data_kinds),
          runs_on: c.runs_on || [], concerns: c.concerns || [], platform: c.platform || ""
        };
      }),
      flows: (raw.flows || []).map(function (f) {
        return { source: f.from, target: f.to, data: fold(f.data), lifecycle: f.lifecycle, data_kinds: f.data_kinds || [] };
      }),
      people: (raw.people || []).map(function (p) { return { role: fold(p.role), uses: p.uses || [] }; }),
      intake: Object.keys(intake).filter(function (q) { return isYes(intake[q]); }),
      intake_no: Object.keys(intake).filter(function (q) { return isNo(intake[q]); })
    };
  }

  function Catalogue(data) {
    this.data = data;
    this.k = data.constants;
    this.types = byId(data.components);
    this.kinds = byId(data.data_kinds);
    this.severity = {};
    this.threats = byId(data.threats);
    var self = this;
    data.threats.forEach(function (t) { self.severity[t.id] = t.severity; });
  }

  /* ---- the map's graph (generator/systemmap/model.py) ---- */
  function component(map, id) { return map.components.filter(function (c) { return c.id === id; })[0]; }
  function guestsOf(map, id) { return map.components.filter(function (c) { return c.runs_on.indexOf(id) >= 0; }); }

  function downstream(map, id) {
    var seen = {}; seen[id] = true;
    var hops = [], queue = [{ id: id, via: [], data: [] }];
    while (queue.length) {
      var cur = queue.shift();
      var steps = map.flows.filter(function (f) { return f.source === cur.id; })
        .map(function (f) { return [f.target, f.data]; });
      guestsOf(map, cur.id).forEach(function (g) { steps.push([g.id, null]); });
      steps.forEach(function (s) {
        if (seen[s[0]]) return;
        seen[s[0]] = true;
        var hop = { id: s[0], distance: cur.via.length + 1, via: cur.via.concat([s[0]]), data: cur.data.concat([s[1]]) };
        hops.push(hop);
        queue.push({ id: s[0], via: hop.via, data: hop.data });
      });
    }
    return hops;
  }

  function reach(map, id) { return downstream(map, id).length; }

  /* ---- facts (generator/systemmap/facts.py) ---- */
  function ownKinds(cat, c) {
    var out = {};
    var declared = c.kinds_stated ? c.data_kinds : ((cat.types[c.type] || {}).data_kinds || []);
    declared.forEach(function (k) { out[k] = true; });
    c.data.forEach(function (label) { if (cat.kinds[label]) out[label] = true; });
    return out;
  }

  function facts(cat, map, c) {
    var kinds = ownKinds(cat, c);
    map.flows.forEach(function (f) { if (f.target === c.id) f.data_kinds.forEach(function (k) { kinds[k] = true; }); });
    guestsOf(map, c.id).forEach(function (g) { Object.assign(kinds, ownKinds(cat, g)); });
    var yes = {}, no = {};
    map.intake.concat(c.concerns).forEach(function (q) { yes[q] = true; });
    map.intake_no.forEach(function (q) { if (c.concerns.indexOf(q) < 0) no[q] = true; });
    return {
      type: c.type, kinds: kinds, exposure: c.exposure,
      operation: c.operation || ((cat.types[c.type] || {}).operation || ""),
      sector: map.sector, yes: yes, no: no,
      kinds_stated: c.kinds_stated, operation_stated: Boolean(c.operation), component: c.id,
      platform: c.platform  // its own, never inherited through runs_on (facts.py)
    };
  }

  /* ---- applicability (generator/applicability.py) ---- */
  function any(list, set) { return list.some(function (x) { return set[x]; }); }

  function joinWords(values) {
    if (values.length <= 1) return values.join("");
    return values.slice(0, -1).join(", ") + " or " + values[values.length - 1];
  }

  /* Python's str.format for the {name} fields the templates use. */
  function fill(template, fields) {
    return template.replace(/\{([a-z_]+)\}/g, function (_, name) { return String(fields[name]); });
  }

  function clause(condition, outcome, values, actual, component) {
    return { condition: condition, outcome: outcome, values: values || [], actual: actual || "", component: component || "" };
  }

  function clauseText(cat, c) {
    return fill(cat.k.reasons[c.condition][c.outcome], { component: c.component || "it", values: joinWords(c.values), actual: c.actual });
  }

  function verdictText(cat, v) { return v.clauses.map(function (c) { return clauseText(cat, c); }).join("; "); }

  function raised(cat, control, f) {
    var gated = control.applies_when.intake.filter(function (q) { return cat.k.capability_questions.indexOf(q) < 0; });
    return any(control.raised_by, f.yes) || any(gated, f.yes);
  }

  function unanswered(questions, f) { return questions.filter(function (q) { return !f.yes[q] && !f.no[q]; }); }

  function conditions(control, f) {
    var w = control.applies_when, who = f.component, out = [];
    if (w.data_kinds.length) {
      var hit = w.data_kinds.filter(function (k) { return f.kinds[k]; });
      if (hit.length) out.push(clause("data_kinds", "held", w.data_kinds, joinWords(hit), who));
      else out.push(clause("data_kinds", f.kinds_stated ? "failed" : "unknown", w.data_kinds, "", who));
    }
    if (w.exposure.length) {
      if (f.exposure === "unknown") out.push(clause("exposure", "unknown", w.exposure, "", who));
      else out.push(clause("exposure", w.exposure.indexOf(f.exposure) >= 0 ? "held" : "failed", w.exposure, f.exposure, who));
    }
    if (w.operation.length) {
      if (w.operation.indexOf(f.operation) >= 0) out.push(clause("operation", "held", w.operation, f.operation, who));
      else if (f.operation_stated) out.push(clause("operation", "failed", w.operation, f.operation, who));
      else out.push(clause("operation", "unknown", w.operation, "", who));
    }
    if (w.platforms.length) {
      if (!f.platform) out.push(clause("platforms", "unknown", w.platforms, "", who));
      else out.push(clause("platforms", w.platforms.indexOf(f.platform) >= 0 ? "held" : "failed", w.platforms, f.platform, who));
    }
    if (w.sectors.length) {
      if (!f.sector) out.push(clause("sectors", "unknown", w.sectors, "", who));
      else out.push(clause("sectors", w.sectors.indexOf(f.sector) >= 0 ? "held" : "failed", w.sectors, f.sector, who));
    }
    if (w.intake.length) {
      var yes = w.intake.filter(function (q) { return f.yes[q]; }), open = unanswered(w.intake, f);
      if (yes.length) out.push(clause("intake", "held", w.intake, joinWords(yes), who));
      else if (open.length) out.push(clause("intake", "unknown", open, "", who));
      else out.push(clause("intake", "failed", w.intake, "", who));
    }
    return out;
  }

  function gate(cat, control, f) {
    var advanced = control.priority === "advanced";
    if (!advanced && !(control.priority === "recommended" && control.layer === cat.k.process_layer)) return null;
    var name = advanced ? "advanced" : "process", who = f.component, g = cat.k.gate_reasons;
    var questions = [];
    control.raised_by.concat(control.applies_when.intake).forEach(function (q) { if (questions.indexOf(q) < 0) questions.push(q); });
    if (advanced && cat.k.wide_exposures.indexOf(f.exposure) >= 0) {
      return clause(name, "held", [], fill(g.exposure, { component: who || "it", actual: f.exposure }), who);
    }
    if (f.sector && Object.prototype.hasOwnProperty.call(control.sectors, f.sector)) {
      return clause(name, "held", [], fill(g["sector-note"], { actual: f.sector }), who);
    }
    var yes = questions.filter(function (q) { return f.yes[q]; });
    if (yes.length) return clause(name, "held", [], fill(g.raised, { actual: joinWords(yes) }), who);
    if (advanced && f.exposure === cat.k.unknown_exposure) return clause(name, "unknown", cat.k.wide_exposures, "", who);
    var open = unanswered(questions, f);
    if (open.length) return clause("intake", "unknown", open, "", who);
    var noted = Object.keys(control.sectors);
    if (!f.sector && noted.length) return clause("sectors", "unknown", noted, "", who);
    return clause(name, "failed", [], "", who);
  }

  function verdict(cat, control, f) {
    if (control.components.indexOf(f.type) < 0) {
      return { status: "out", clauses: [clause("type", "failed", control.components, f.type, f.component)] };
    }
    var clauses = conditions(control, f), g = gate(cat, control, f);
    if (g) clauses.push(g);
    var failed = clauses.filter(function (c) { return c.outcome === "failed"; });
    if (failed.length) return { status: "out", clauses: [failed[0]] };
    var unknown = clauses.filter(function (c) { return c.outcome === "unknown"; });
    if (unknown.length) return { status: "assumed", clauses: unknown };
    return { status: "applies", clauses: clauses };
  }

  function applies(cat, control, f) { return verdict(cat, control, f).status !== "out"; }

  /* ---- score (generator/systemmap/score.py) ---- */
  function reachPoints(n) { return n === 0 ? 0 : (n <= 2 ? 1 : (n <= 5 ? 2 : 3)); }

  function obliged(cat, control, f) {
    return cat.k.obligations.some(function (rule) {
      return control.obligations.indexOf(rule.id) >= 0 && rule.sectors.indexOf(f.sector) >= 0 && any(rule.data_kinds, f.kinds);
    });
  }

  function componentImpact(cat, f, prop) {
    var best = Math.max(1, ((cat.types[f.type] || {}).impact || {})[prop] || 0);
    cat.data.data_kinds.forEach(function (k) {
      if (!f.kinds[k.id]) return;
      var v = prop === "confidentiality" ? k.sensitivity : (prop === "integrity" ? k.integrity : k.availability);
      if (v > best) best = v;
    });
    return best;
  }

  function impactOf(cat, control, f) {
    var props = {};
    control.threats.forEach(function (t) {
      (cat.threats[t] ? cat.threats[t].properties : cat.k.properties).forEach(function (p) { props[p] = true; });
    });
    var list = Object.keys(props);
    if (!list.length) list = cat.k.properties;
    return Math.max.apply(null, list.map(function (p) { return componentImpact(cat, f, p); }));
  }

  function score(cat, control, f, down) {
    var sev = control.threats.map(function (t) { return cat.severity[t] === undefined ? 1 : cat.severity[t]; });
    var required = obliged(cat, control, f);
    var exposure = cat.k.exposure_points[f.exposure];
    var impact = 2 * impactOf(cat, control, f);
    if (control.layer === cat.k.process_layer && !required) {
      exposure = Math.floor(exposure / 2);
      if (cat.k.process_full_impact.indexOf(control.priority) < 0) impact = Math.floor(impact / 2);
    }
    var s = {
      threat: 2 * (sev.length ? Math.max.apply(null, sev) : 1),
      priority: 2 * cat.k.priority_points[control.priority],
      impact: impact, exposure: exposure, reach: reachPoints(down),
      intake: raised(cat, control, f) ? cat.k.intake_points : 0,
      obligation: required ? cat.k.obligation_points : 0
    };
    s.total = s.threat + s.priority + s.impact + s.exposure + s.reach + s.intake + s.obligation;
    return s;
  }

  /* generator/systemmap/score.py spread_first_tier */
  function spreadFirstTier(cat, ranked, lead) {
    var size = firstTierSize(cat, ranked.length);
    var cap = Math.max(1, Math.floor(size * cat.k.first_tier_component_share));
    var chosen = [], counts = {}, leaders = 0, i;
    function take(j) {
      var who = lead(ranked[j]);
      if (!counts[who]) leaders += 1;
      chosen.push(j); counts[who] = (counts[who] || 0) + 1;
    }
    for (i = 0; i < ranked.length; i++) {
      if (leaders === Math.floor(size * cat.k.first_tier_leaders_share)) break;
      if (!counts[lead(ranked[i])]) take(i);
    }
    for (i = 0; i < ranked.length && chosen.length < size; i++) {
      if (chosen.indexOf(i) < 0 && (counts[lead(ranked[i])] || 0) < cap) take(i);
    }
    for (i = 0; i < ranked.length && chosen.length < size; i++) { if (chosen.indexOf(i) < 0) take(i); }
    chosen.sort(function (a, b) { return a - b; });
    var first = chosen.map(function (j) { return ranked[j]; });
    return first.concat(ranked.filter(function (_, j) { return chosen.indexOf(j) < 0; }));
  }

  function firstTierSize(cat, count) {
    var t = cat.k.first_tier;
    return Math.min(count, t.max, Math.max(t.min, Math.ceil(count * t.share)));
  }

  function tierOf(cat, rank, count) {
    var first = firstTierSize(cat, count);
    if (rank <= first) return cat.k.tiers[0];
    return rank <= first + cat.k.first_tier.next_size ? cat.k.tiers[1] : cat.k.tiers[2];
  }

  function cmp(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }
  function exposureRank(cat, e) { return cat.k.exposures.indexOf(e); }

  /* ---- the checklist (generator/systemmap/select.py) ---- */
  function typeLabel(cat, typeId) {
    var name = (cat.types[typeId] || {}).name || typeId;
    if (name.length > 1 && /[A-Z]/.test(name[0]) && /[a-z]/.test(name[1])) return name[0].toLowerCase() + name.slice(1);
    return name;
  }

  function prepare(data, rawMap) {
    var cat = new Catalogue(data), map = normalise(rawMap);
    var ctx = { cat: cat, map: map, position: {}, facts: {}, reaches: {}, verdicts: {} };
    map.components.forEach(function (c, i) {
      ctx.position[c.id] = i; ctx.facts[c.id] = facts(cat, map, c); ctx.reaches[c.id] = reach(map, c.id);
    });
    data.controls.forEach(function (control) {
      var mine = ctx.verdicts[control.id] = {};
      map.components.forEach(function (c) { mine[c.id] = verdict(cat, control, ctx.facts[c.id]); });
    });
    return ctx;
  }

  function rankItems(ctx) {
    var cat = ctx.cat, map = ctx.map, reaches = ctx.reaches, position = ctx.position;
    var items = [];
    cat.data.controls.forEach(function (control) {
      var mine = ctx.verdicts[control.id];
      var hits = map.components.filter(function (c) { return mine[c.id].status !== "out"; })
        .map(function (c) { return { c: c, s: score(cat, control, ctx.facts[c.id], reaches[c.id]) }; });
      if (!hits.length) return;
      hits.sort(function (a, b) {
        return (b.s.total - a.s.total) || (exposureRank(cat, a.c.exposure) - exposureRank(cat, b.c.exposure)) ||
          (reaches[b.c.id] - reaches[a.c.id]) || (position[a.c.id] - position[b.c.id]);
      });
      var stated = hits.filter(function (h) { return mine[h.c.id].status === "applies"; });
      var assumed = hits.filter(function (h) { return mine[h.c.id].status === "assumed"; });
      var ordered = stated.concat(assumed);
      items.push({
        control: control, components: ordered.map(function (h) { return h.c.id; }), score: ordered[0].s,
        reach: Math.max.apply(null, ordered.map(function (h) { return reaches[h.c.id]; })),
        assumed: !stated.length,
        assumptions: assumed.map(function (h) { return { component: h.c.id, verdict: mine[h.c.id], text: verdictText(cat, mine[h.c.id]) }; })
      });
    });
    items.sort(function (a, b) {
      return (b.score.total - a.score.total) || (Number(a.assumed) - Number(b.assumed)) || (b.score.impact - a.score.impact) ||
        (b.reach - a.reach) || (b.components.length - a.components.length) || cmp(a.control.id, b.control.id);
    });
    items = spreadFirstTier(cat, items, function (item) { return item.components[0]; });
    items.forEach(function (item, i) { item.rank = i + 1; item.tier = tierOf(cat, i + 1, items.length); });
    return items;
  }

  function checklist(data, rawMap) { return rankItems(prepare(data, rawMap)); }

  /* ---- the statement of applicability (generator/systemmap/statement.py) ---- */
  function unique(list) {
    var seen = {}, out = [];
    list.forEach(function (x) { if (!Object.prototype.hasOwnProperty.call(seen, x)) { seen[x] = true; out.push(x); } });
    return out;
  }

  function leftOutReason(ctx, control) {
    var cat = ctx.cat, mine = ctx.verdicts[control.id];
    var candidates = ctx.map.components.filter(function (c) { return control.components.indexOf(c.type) >= 0; });
    if (!candidates.length) return clauseText(cat, clause("type", "failed", control.components));
    var texts = unique(candidates.map(function (c) { return verdictText(cat, mine[c.id]); }));
    var shown = cat.k.shown_failures, more = texts.length - shown;
    return texts.slice(0, shown).join("; ") + (more > 0 ? "; and " + more + " more" : "");
  }

  function firstTasks(ctx, items) {
    var cat = ctx.cat, map = ctx.map, keys = [], decides = {}, values = {};
    function note(kind, subject, controlId, vals) {
      var key = kind + "\u0000" + subject;
      if (!decides[key]) { decides[key] = []; values[key] = []; keys.push([kind, subject, key]); }
      if (decides[key].indexOf(controlId) < 0) decides[key].push(controlId);
      (vals || []).forEach(function (v) { if (values[key].indexOf(v) < 0) values[key].push(v); });
    }
    items.forEach(function (item) {
      item.assumptions.forEach(function (a) {
        a.verdict.clauses.forEach(function (c) {
          if (c.outcome !== "unknown") return;
          if (c.condition === "intake") c.values.forEach(function (q) { note("intake", q, item.control.id); });
          else if (c.condition === "sectors") note("sectors", "", item.control.id, c.values);
          else if (c.condition === "exposure" || c.condition === "advanced") note("exposure", a.component, item.control.id);
          else note(c.condition, a.component, item.control.id, c.values);
        });
      });
    });
    var answered = {};
    map.intake.concat(map.intake_no).forEach(function (q) { answered[q] = true; });
    items.forEach(function (item) {
      item.control.raised_by.forEach(function (q) {
        if (answered[q]) return;
        var everywhere = item.components.every(function (id) { return component(map, id).concerns.indexOf(q) >= 0; });
        if (!everywhere) note("intake", q, item.control.id);
      });
    });
    function orderOf(list) { var o = {}; list.forEach(function (x, i) { o[x.id] = i; }); return o; }
    var kindOrder = orderOf(cat.data.data_kinds), sectorOrder = orderOf(cat.data.sectors), questionOrder = orderOf(cat.data.intake);
    var platformOrder = orderOf(cat.data.platforms);
    var questionText = {};
    cat.data.intake.forEach(function (q) { questionText[q.id] = q.question; });
    function get(o, k, d) { return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : d; }
    var tasks = keys.map(function (k) {
      var kind = k[0], subject = k[1];
      var order = kind === "sectors" ? sectorOrder : (kind === "platforms" ? platformOrder : kindOrder);
      var vals = values[k[2]].slice().sort(function (a, b) { return (get(order, a, 99) - get(order, b, 99)) || cmp(a, b); });
      var text = fill(cat.k.tasks[kind], { component: subject, values: joinWords(vals), question: get(questionText, subject, subject) });
      return { kind: kind, subject: subject, text: text, controls: decides[k[2]] };
    });
    function where(t) { return t.kind === "intake" ? get(questionOrder, t.subject, 99) : get(ctx.position, t.subject, -1); }
    tasks.sort(function (a, b) {
      return (b.controls.length - a.controls.length) || (cat.k.task_order.indexOf(a.kind) - cat.k.task_order.indexOf(b.kind)) ||
        (where(a) - where(b)) || cmp(a.subject, b.subject);
    });
    return tasks;
  }

  function uncovered(ctx, items) {
    var cat = ctx.cat, kept = {};
    items.forEach(function (item) { item.components.forEach(function (id) { kept[id] = true; }); });
    return ctx.map.components.filter(function (c) { return !kept[c.id]; }).map(function (c) {
      var label = typeLabel(cat, c.type);
      var written = cat.data.controls.filter(function (control) { return control.components.indexOf(c.type) >= 0; });
      if (!written.length) return { component: c.id, reason: fill(cat.k.uncovered.unwritten, { label: label }) };
      var texts = unique(written.map(function (control) { return verdictText(cat, ctx.verdicts[control.id][c.id]); }));
      var reasons = texts.slice(0, cat.k.shown_uncovered).join("; ");
      return { component: c.id, reason: fill(cat.k.uncovered["left-out"], { count: written.length, label: label, reasons: reasons }) };
    });
  }

  function statement(data, rawMap) {
    var ctx = prepare(data, rawMap), cat = ctx.cat, items = rankItems(ctx), byId = {};
    var st = cat.k.statuses;
    items.forEach(function (item) { byId[item.control.id] = item; });
    var rows = data.controls.map(function (control) {
      var item = byId[control.id];
      if (!item) return { id: control.id, title: control.title, status: st[2], components: [], reason: leftOutReason(ctx, control) };
      var first = component(ctx.map, item.components[0]), v = ctx.verdicts[control.id][first.id];
      var reason = verdictText(cat, v) || fill(cat.k.reasons.type.held, { component: first.id, actual: typeLabel(cat, first.type) });
      return { id: control.id, title: control.title, status: item.assumed ? st[1] : st[0], components: item.components, reason: reason, rank: item.rank, tier: item.tier };
    });
    return { rows: rows, items: items, uncovered: uncovered(ctx, items), tasks: firstTasks(ctx, items) };
  }

  /* ---- the one-hour review (generator/systemmap/review.py) ---- */
  function rankedSteps(data, rawMap, componentId) {
    var cat = new Catalogue(data), map = normalise(rawMap);
    var c = component(map, componentId), f = facts(cat, map, c);
    var home = (cat.types[c.type] || {}).layer || "", down = reach(map, componentId);
    var steps = [];
    data.controls.forEach(function (control) {
      var v = verdict(cat, control, f);
      if (v.status === "out") return;
      var base = score(cat, control, f, down).total + (control.layer === home ? cat.k.home_layer_points : 0);
      if (v.status === "assumed") base -= cat.k.assumed_penalty;
      var earlier = 0;  // steps of this control that fit here, ranked before this one
      control.steps.forEach(function (s, i) {
        if (s.platforms.length && s.platforms.indexOf(c.platform) < 0) return;
        var own = s.platforms.length ? cat.k.platform_points : 0;
        steps.push({ control: control, number: i + 1, step: s, minutes: s.minutes, value: base + own - cat.k.step_decay * earlier });
        earlier += 1;
      });
    });
    function process(s) { return s.control.layer === cat.k.process_layer ? 1 : 0; }
    steps.sort(function (a, b) {
      return (process(a) - process(b)) || (b.value - a.value) || cmp(a.control.id, b.control.id) || (a.number - b.number);
    });
    return steps;
  }

  /* generator/systemmap/review.py skipped_for_platform and shortfall */
  function shortfall(data, rawMap, componentId, budget, chosen, ranked) {
    var cat = new Catalogue(data), map = normalise(rawMap), w = cat.k.shortfall;
    var used = chosen.reduce(function (n, s) { return n + s.minutes; }, 0);
    if (used >= cat.k.full_share * budget) return "";
    if (!ranked.length) return fill(w.none, { component: componentId });
    if (!chosen.length) return fill(w["too-short"], { minutes: budget, shortest: ranked[0].minutes });
    if (chosen.length < ranked.length) return fill(w["next-too-long"], { next: ranked[chosen.length].minutes, left: budget - used });
    var c = component(map, componentId), f = facts(cat, map, c), other = 0;
    data.controls.forEach(function (control) {
      if (!applies(cat, control, f)) return;
      control.steps.forEach(function (s) { if (s.platforms.length && s.platforms.indexOf(c.platform) < 0) other += s.minutes; });
    });
    var parts = [fill(w.exhausted, { component: componentId, used: used })];
    if (other && !c.platform) parts.push(fill(w["no-platform"], { other: other }));
    else if (other) parts.push(fill(w["other-platform"], { other: other, platform: c.platform }));
    parts.push(w.fill);
    return parts.join(" ");
  }

  function review(data, rawMap, componentId, minutes) {
    var budget = minutes || data.constants.default_minutes, chosen = [], used = 0;
    var ranked = rankedSteps(data, rawMap, componentId);
    for (var i = 0; i < ranked.length; i++) {
      if (used + ranked[i].minutes > budget) break;
      chosen.push(ranked[i]);
      used += ranked[i].minutes;
    }
    return { component: componentId, budget: budget, used: used, steps: chosen, ranked: ranked,
      shortfall: shortfall(data, rawMap, componentId, budget, chosen, ranked) };
  }

  function riskiest(data, rawMap) {
    var cat = new Catalogue(data), map = normalise(rawMap);
    var pool = map.components.filter(function (c) { return !(cat.types[c.type] || {}).ai; });
    if (!pool.length) pool = map.components.slice();
    function key(c, i) {
      var f = facts(cat, map, c);
      var kinds = Object.keys(f.kinds);
      var impact = Math.max.apply(null, cat.k.properties.map(function (p) { return componentImpact(cat, f, p); }));
      return [exposureRank(cat, c.exposure), -impact, -kinds.length, -reach(map, c.id), i];
    }
    var keyed = pool.map(function (c) { return { c: c, key: key(c, map.components.indexOf(c)) }; });
    keyed.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) { if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i]; }
      return 0;
    });
    return keyed[0].c.id;
  }

  /* generator/model.py VerificationStep.labelled: a platform step's text after its platforms' names */
  function stepText(s) { return s.label ? s.label + ": " + s.step : s.step; }

  var api = { stepText: stepText, normalise: normalise, checklist: checklist, statement: statement, typeLabel: function (d, t) { return typeLabel(new Catalogue(d), t); }, rankedSteps: rankedSteps, review: review, riskiest: riskiest, downstream: function (m, id) { return downstream(normalise(m), id); } };
  root.AmbitMapper = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
