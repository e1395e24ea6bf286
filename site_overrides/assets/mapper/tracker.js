/* The mapper's tailored checklist as a tracker: the engine's ranked items (AmbitMapper.checklist)
 * shown with the sector pages' progress tools, summary bar and filters.
 *
 * This file only builds markup from the engine's output; the ranking itself stays in engine.js.
 * The list is an .ambit-checklist like a checklist page's, so progress.js (status, owner, due
 * date and notes per control, a status per component, export, merging imports, undo) and
 * filters.js work on it unchanged. Progress is kept per map: the checklist id is the one
 * `ambit map` gives the same map (map-<system name>), so the CLI's XLSX and progress files import
 * here, and the key adds the catalogue version as on every checklist page.
 * Everything from the map is set as text or attribute values, never as markup.
 */
(function () {
  "use strict";

  var TIER_TITLES = { first: "First tier: do this week", next: "Next tier: this month", later: "Later: when the first two tiers are done" };
  var TIER_NAMES = { first: "first", next: "next", later: "later" };
  var EFFORT_LIMITS = [15, 30, 60];
  var PRIORITIES = ["essential", "recommended", "advanced"];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function fold(text) { return String(text == null ? "" : text).split(/\s+/).filter(Boolean).join(" "); }

  /* generator/systemmap/select.py checklist_id: the same map gets the same id in both places. */
  function checklistId(system) {
    var slug = fold(system).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return ("map-" + (slug || "system")).slice(0, 60).replace(/-+$/, "");
  }

  /* generator/systemmap/select.py type_label: a type's name as it reads mid-sentence. */
  function typeLabel(data, typeId) {
    var type = data.components.filter(function (c) { return c.id === typeId; })[0];
    var name = type ? type.name : typeId;
    if (name.length > 1 && name[0] !== name[0].toLowerCase() && name[1] === name[1].toLowerCase() && name[1] !== name[1].toUpperCase()) {
      return name[0].toLowerCase() + name.slice(1);
    }
    return name;
  }

  function componentLabel(data, map, id) {
    var c = map.components.filter(function (x) { return x.id === id; })[0];
    return id + " (" + typeLabel(data, c ? c.type : "") + ")";
  }

  function option(value, text) { return el("option", { value: value, text: text }); }

  function labelledSelect(label, name, options) {
    var s = el("select", { name: name }, [option("", "any")].concat(options));
    return el("label", {}, [label + " ", s]);
  }

  function tools(version) {
    return el("div", { "class": "ambit-progress-tools", hidden: true }, [
      el("p", { "class": "ambit-summary", "aria-live": "polite" }),
      el("p", { "class": "ambit-progress-note", text: "Progress is kept in this browser only, for this map (by its system name) and catalogue " + version + ". Nothing is sent anywhere. Export it to keep a copy or to move it to another browser; the workbook that ambit map writes for the same map imports here too." }),
      el("div", { "class": "ambit-buttons" }, [
        el("button", { type: "button", "class": "md-button", "data-action": "export-json", text: "Export progress (JSON)" }),
        el("label", { "class": "md-button ambit-file" }, ["Import progress (JSON or XLSX)",
          el("input", { type: "file", accept: ".json,.xlsx,application/json", "data-action": "import" })]),
        el("button", { type: "button", "class": "md-button", "data-action": "clear", text: "Clear progress" })
      ]),
      el("div", { "class": "ambit-message", role: "status" })
    ]);
  }

  function filters(items, components) {
    var present = PRIORITIES.filter(function (p) { return items.some(function (i) { return i.control.priority === p; }); });
    var tiers = [];
    items.forEach(function (i) { if (tiers.indexOf(i.tier) < 0) tiers.push(i.tier); });
    var statuses = (window.AmbitProgress ? window.AmbitProgress.statuses : []).map(function (s) { return option(s[0], s[1].toLowerCase()); });
    return el("form", { "class": "ambit-filters", hidden: true, "aria-label": "Filter the controls" }, [
      el("p", { "class": "ambit-filters__title", text: "Show only" }),
      el("div", { "class": "ambit-filters__fields" }, [
        labelledSelect("Tier", "tier", tiers.map(function (t) { return option(t, TIER_NAMES[t] || t); })),
        labelledSelect("Priority", "priority", present.map(function (p) { return option(p, p); })),
        labelledSelect("Component", "component", components.map(function (c) { return option(c.id, c.label); })),
        labelledSelect("Effort", "effort", EFFORT_LIMITS.map(function (m) { return option(String(m), "up to " + m + " min"); })),
        labelledSelect("Status", "status", [option("open", "not done yet")].concat(statuses)),
        el("button", { type: "reset", "class": "md-button", text: "Show all" })
      ]),
      el("p", { "class": "ambit-filter-count", "aria-live": "polite" })
    ]);
  }

  function itemNode(data, map, item, href) {
    var c = item.control;
    var applies = [];
    item.components.forEach(function (id, n) {
      if (n) applies.push("; ");
      applies.push(el("span", { "class": "ambit-component", "data-component": id, text: componentLabel(data, map, id) }));
    });
    return el("li", {
      "class": "ambit-item", id: "item-" + c.id, "data-control-id": c.id, "data-layer": c.layer, "data-priority": c.priority,
      "data-effort": c.effort_minutes, "data-components": item.components.join(" "), "data-rank": item.rank,
      "data-tier": item.tier, "data-score": item.score.total, "data-assumed": item.assumed ? "true" : null
    }, [
      el("p", { "class": "ambit-item__title" }, [
        "#" + item.rank + " ",
        el("a", { href: href, "data-control-id": c.id, text: c.id }), " ",
        el("strong", { text: c.title }),
        el("span", { "class": "mapper-score", text: " score " + item.score.total + (item.assumed ? " (assumed)" : "") })
      ]),
      el("p", { "class": "ambit-item__meta" }, [c.priority + ", " + c.effort_minutes + " min to verify. Applies to: "].concat(applies))
    ].concat((item.assumptions || []).map(function (a) {
      // What the map left open that keeps this control: the fact to find out (statement of applicability).
      return el("p", { "class": "mapper-assumed", text: "Assumed for " + a.component + ": " + a.text + "." });
    })));
  }

  /**
   * Show `items` (AmbitMapper.checklist of `map`) in `host` as a tracked checklist.
   * `controlHref(id)` gives the link to a control's page.
   */
  function render(host, data, map, items, controlHref) {
    var version = data.catalogue.version;
    var components = map.components.map(function (c) { return { id: c.id, label: componentLabel(data, map, c.id) }; });
    var root = el("section", {
      "class": "ambit-checklist mapper-tracker", "data-checklist-id": checklistId(map.system),
      "data-checklist-title": fold(map.system) + ": checklist for this system", "data-catalogue-version": version,
      "data-catalogue-name": data.catalogue.name, "data-per-component": "true"
    }, [tools(version), filters(items, components)]);
    data.constants.tiers.forEach(function (tier) {
      var members = items.filter(function (i) { return i.tier === tier; });
      if (!members.length) return;
      var minutes = members.reduce(function (n, i) { return n + i.control.effort_minutes; }, 0);
      root.appendChild(el("div", { "class": "ambit-layer mapper-tier", "data-tier": tier }, [
        el("h3", { id: "mapper-tier-" + tier, text: (TIER_TITLES[tier] || tier) + " (" + members.length + " controls, " + minutes + " min to verify)" }),
        el("ol", { "class": "ambit-items mapper-items", start: members[0].rank, "data-tier": tier }, members.map(function (item) {
          return itemNode(data, map, item, controlHref(item.control.id));
        }))
      ]));
    });
    while (host.firstChild) host.removeChild(host.firstChild);
    host.appendChild(root);
    if (window.AmbitProgress) window.AmbitProgress.setUp(root);
    if (window.AmbitFilters) window.AmbitFilters.setUp(root);
    return root;
  }

  window.AmbitMapperTracker = { render: render, checklistId: checklistId, componentLabel: componentLabel, el: el };
})();
