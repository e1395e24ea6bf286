/* Ambit map engine: the checklist and one-hour review of a system map, computed in the browser.
 *
 * A line-by-line twin of generator/applicability.py, generator/systemmap/facts.py, score.py,
 * select.py and review.py. The numbers (points, tiers, decay) come from data.json, which the
 * build writes from the Python modules; tests/systemmap/test_browser_engine.py runs both engines
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

  /* The map as the Python loader builds it (generator/systemmap/load.py build_map). */
  function normalise(raw) {
    var intake = raw.intake || {};
    return {
      system: fold(raw.system),
      sector: raw.sector || "",
      components: (raw.components || []).map(function (c) {
        return {
          id: c.id, type: c.type, exposure: c.exposure, name: fold(c.name),
          data: (c.data || []).map(fold), lifecycle: c.lifecycle || [],
          data_kinds: c.data_kinds || [], operation: c.operation || "",
          runs_on: c.runs_on || [], concerns: c.concerns || [], platform: c.platform || ""
        };
      }),
      flows: (raw.flows || []).map(function (f) {
        return { source: f.from, target: f.to, data: fold(f.data), lifecycle: f.lifecycle, data_kinds: f.data_kinds || [] };
      }),
      people: (raw.people || []).map(function (p) { return { role: fold(p.role), uses: p.uses || [] }; }),
      intake: Object.keys(intake).filter(function (q) { return isYes(intake[q]); })
    };
  }

  function Catalogue(data) {
    this.data = data;
    this.k = data.constants;
    this.types = byId(data.components);
    this.kinds = byId(data.data_kinds);
    this.severity = {};
    var self = this;
    data.threats.forEach(function (t) { self.severity[t.id] = t.severity; });
  }

  Catalogue.prototype.sensitivity = function (kind) {
    return this.kinds[kind] ? this.kinds[kind].sensitivity : 0;
  };

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

  function mapStages(map) {
    var s = {};
    map.flows.forEach(function (f) { s[f.lifecycle] = true; });
    map.components.forEach(function (c) { c.lifecycle.forEach(function (x) { s[x] = true; }); });
    return s;
  }

  function stagesOf(map, id) {
    var s = {};
    component(map, id).lifecycle.forEach(function (x) { s[x] = true; });
    map.flows.forEach(function (f) { if (f.source === id || f.target === id) s[f.lifecycle] = true; });
    return s;
  }

  /* ---- facts (generator/systemmap/facts.py) ---- */
  function ownKinds(cat, c) {
    var out = {};
    var declared = c.data_kinds.length ? c.data_kinds : ((cat.types[c.type] || {}).data_kinds || []);
    declared.forEach(function (k) { out[k] = true; });
    c.data.forEach(function (label) { if (cat.kinds[label]) out[label] = true; });
    return out;
  }

  function facts(cat, map, c) {
    var kinds = ownKinds(cat, c);
    map.flows.forEach(function (f) { if (f.target === c.id) f.data_kinds.forEach(function (k) { kinds[k] = true; }); });
    guestsOf(map, c.id).forEach(function (g) { Object.assign(kinds, ownKinds(cat, g)); });
    var stages = stagesOf(map, c.id);
    if (!Object.keys(stages).length) stages = mapStages(map);
    var yes = {};
    map.intake.concat(c.concerns).forEach(function (q) { yes[q] = true; });
    return {
      type: c.type, kinds: kinds, exposure: c.exposure,
      operation: c.operation || ((cat.types[c.type] || {}).operation || ""),
      stages: stages, sector: map.sector, yes: yes
    };
  }

  /* ---- applicability (generator/applicability.py) ---- */
  function any(list, set) { return list.some(function (x) { return set[x]; }); }

  function raised(control, f) {
    return any(control.raised_by, f.yes) || any(control.applies_when.intake, f.yes);
  }

  function applies(cat, control, f) {
    if (control.components.indexOf(f.type) < 0) return false;
    if (Object.keys(f.stages).length && !any(control.lifecycle, f.stages)) return false;
    var w = control.applies_when;
    if (w.data_kinds.length && !any(w.data_kinds, f.kinds)) return false;
    if (w.exposure.length && w.exposure.indexOf(f.exposure) < 0) return false;
    if (w.operation.length && w.operation.indexOf(f.operation) < 0) return false;
    if (w.sectors.length && w.sectors.indexOf(f.sector) < 0) return false;
    if (w.intake.length && !any(w.intake, f.yes)) return false;
    var sectorNote = Boolean(f.sector && Object.prototype.hasOwnProperty.call(control.sectors, f.sector));
    if (control.priority === "advanced") {
      return cat.k.wide_exposures.indexOf(f.exposure) >= 0 || sectorNote || raised(control, f);
    }
    if (control.priority === "recommended" && control.layer === cat.k.process_layer) return sectorNote || raised(control, f);
    return true;
  }

  /* ---- score (generator/systemmap/score.py) ---- */
  function reachPoints(n) { return n === 0 ? 0 : (n <= 2 ? 1 : (n <= 5 ? 2 : 3)); }

  function score(cat, control, f, down) {
    var sev = control.threats.map(function (t) { return cat.severity[t] === undefined ? 1 : cat.severity[t]; });
    var exposure = cat.k.exposure_points[f.exposure];
    var sensitivity = Object.keys(f.kinds).reduce(function (m, k) { return Math.max(m, cat.sensitivity(k)); }, 0);
    if (control.layer === cat.k.process_layer) { exposure = Math.floor(exposure / 2); sensitivity = Math.floor(sensitivity / 2); }
    var s = {
      threat: 2 * (sev.length ? Math.max.apply(null, sev) : 1),
      priority: 2 * cat.k.priority_points[control.priority],
      exposure: exposure, sensitivity: sensitivity, reach: reachPoints(down),
      intake: raised(control, f) ? cat.k.intake_points : 0
    };
    s.total = s.threat + s.priority + s.exposure + s.sensitivity + s.reach + s.intake;
    return s;
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
  function checklist(data, rawMap) {
    var cat = new Catalogue(data), map = normalise(rawMap);
    var position = {}, allFacts = {}, reaches = {};
    map.components.forEach(function (c, i) {
      position[c.id] = i; allFacts[c.id] = facts(cat, map, c); reaches[c.id] = reach(map, c.id);
    });
    var items = [];
    data.controls.forEach(function (control) {
      var hits = map.components.filter(function (c) { return applies(cat, control, allFacts[c.id]); })
        .map(function (c) { return { c: c, s: score(cat, control, allFacts[c.id], reaches[c.id]) }; });
      if (!hits.length) return;
      hits.sort(function (a, b) {
        return (b.s.total - a.s.total) || (exposureRank(cat, a.c.exposure) - exposureRank(cat, b.c.exposure)) ||
          (reaches[b.c.id] - reaches[a.c.id]) || (position[a.c.id] - position[b.c.id]);
      });
      items.push({
        control: control, components: hits.map(function (h) { return h.c.id; }), score: hits[0].s,
        reach: Math.max.apply(null, hits.map(function (h) { return reaches[h.c.id]; }))
      });
    });
    items.sort(function (a, b) {
      return (b.score.total - a.score.total) || (b.reach - a.reach) ||
        (b.components.length - a.components.length) || cmp(a.control.id, b.control.id);
    });
    items.forEach(function (item, i) { item.rank = i + 1; item.tier = tierOf(cat, i + 1, items.length); });
    return items;
  }

  /* ---- the one-hour review (generator/systemmap/review.py) ---- */
  function rankedSteps(data, rawMap, componentId) {
    var cat = new Catalogue(data), map = normalise(rawMap);
    var c = component(map, componentId), f = facts(cat, map, c);
    var home = (cat.types[c.type] || {}).layer || "", down = reach(map, componentId);
    var steps = [];
    data.controls.forEach(function (control) {
      if (!applies(cat, control, f)) return;
      var base = score(cat, control, f, down).total + (control.layer === home ? cat.k.home_layer_points : 0);
      control.steps.forEach(function (s, i) {
        if (s.platforms.length && s.platforms.indexOf(c.platform) < 0) return;
        steps.push({ control: control, number: i + 1, step: s, minutes: s.minutes, value: base - cat.k.step_decay * i });
      });
    });
    steps.sort(function (a, b) { return (b.value - a.value) || cmp(a.control.id, b.control.id) || (a.number - b.number); });
    return steps;
  }

  function review(data, rawMap, componentId, minutes) {
    var budget = minutes || data.constants.default_minutes, chosen = [], used = 0;
    var ranked = rankedSteps(data, rawMap, componentId);
    for (var i = 0; i < ranked.length; i++) {
      if (used + ranked[i].minutes > budget) break;
      chosen.push(ranked[i]);
      used += ranked[i].minutes;
    }
    return { component: componentId, budget: budget, used: used, steps: chosen, ranked: ranked };
  }

  function riskiest(data, rawMap) {
    var cat = new Catalogue(data), map = normalise(rawMap);
    var pool = map.components.filter(function (c) { return !(cat.types[c.type] || {}).ai; });
    if (!pool.length) pool = map.components.slice();
    function key(c, i) {
      var f = facts(cat, map, c);
      var kinds = Object.keys(f.kinds);
      var sens = kinds.reduce(function (m, k) { return Math.max(m, cat.sensitivity(k)); }, 0);
      return [exposureRank(cat, c.exposure), -sens, -kinds.length, -reach(map, c.id), i];
    }
    var keyed = pool.map(function (c) { return { c: c, key: key(c, map.components.indexOf(c)) }; });
    keyed.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) { if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i]; }
      return 0;
    });
    return keyed[0].c.id;
  }

  var api = { normalise: normalise, checklist: checklist, rankedSteps: rankedSteps, review: review, riskiest: riskiest, downstream: function (m, id) { return downstream(normalise(m), id); } };
  root.AmbitMapper = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : this);
