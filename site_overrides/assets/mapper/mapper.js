/* The mapper page: a form for one system map, its checklist and one-hour review, map files.
 *
 * The map lives in this browser's localStorage under one namespaced key and is never sent
 * anywhere. Every change recomputes the results with AmbitMapper (engine.js) on the data the
 * build publishes (assets/mapper/data.json); "Open a map file" reads a file with AmbitChecks
 * (the diagnostics of `ambit map`) and "Download map (YAML)" writes the form with AmbitYaml.
 * Everything the user or a file supplies is put into the page with textContent or as
 * attribute values, never as HTML.
 */
(function () {
  "use strict";

  var STORE = "ambit:mapper:map:v1";
  var EXPOSURES = ["internet", "partner", "internal"];
  var DONT_KNOW = "Don't know";
  var OPERATIONS = ["managed", "self-hosted", "vendor-saas", "on-premises"];

  var el = window.AmbitMapperTracker.el;  // tracker.js loads first (generator/systemmap/mapper_page.py)

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function blankMap() { return { system: "", intake: {}, components: [], flows: [], people: [] }; }

  function Mapper(rootEl, data, schema) {
    this.root = rootEl; this.data = data; this.schema = schema;
    this.types = {};
    var self = this;
    data.components.forEach(function (c) { self.types[c.id] = c; });
    this.map = this.restore();
    this.review = { component: "", minutes: data.constants.default_minutes };
  }

  Mapper.prototype.$ = function (id) { return document.getElementById(id); };

  /*
   * The stored map, read with the rules of "Open a map file": on file:// every local page shares
   * this storage, so any HTML file the user opens can write it. The text goes through the YAML
   * reader (duplicate keys, __proto__ kept as a key, nesting, huge numbers, the 1 MB limit) and the
   * map through the schema; only what an unfinished form leaves (a missing field, an id still being
   * typed, a reference not made yet) is let through. Anything else starts a blank form and says why.
   */
  var UNFINISHED = ["missing-field", "too-few", "too-short", "invalid-format", "invalid-value", "unknown-component",
    "unknown-type", "unknown-reference", "unknown-lifecycle", "unknown-sector", "duplicate-id", "self-flow", "self-reference"];

  var STORED = "the map stored in this browser";

  Mapper.prototype.readStored = function (text) {
    var doc;
    try {
      doc = AmbitYaml.load(text, STORED);
    } catch (e) {
      return { problems: [AmbitYaml.diagnostic(STORED, 1, 1, "unreadable", "the page could not read it (" + e.message + ")", "")] };
    }
    if (doc.diagnostic) return { problems: [doc.diagnostic] };
    var saved = doc.data;
    if (!saved || typeof saved !== "object" || Array.isArray(saved)) {
      return { problems: [AmbitYaml.diagnostic(STORED, 1, 1, "wrong-type", "the stored map is not a mapping of fields", "")] };
    }
    var shape = { system: "string", intake: "object", components: "array", flows: "array", people: "array" };
    var wrong = Object.keys(shape).filter(function (k) {
      var v = saved[k];
      if (v === undefined) return false;
      return shape[k] === "array" ? !Array.isArray(v) : (shape[k] === "object" ? !v || typeof v !== "object" || Array.isArray(v) : typeof v !== shape[k]);
    });
    if (wrong.length) {
      return { problems: wrong.map(function (k) { return AmbitYaml.diagnostic(STORED, 1, 1, "wrong-type", k + " is not " + shape[k], ""); }) };
    }
    var map = fill(saved);
    var problems = this.problems(cleanOf(map, this.data), STORED).filter(function (d) { return UNFINISHED.indexOf(d.code) < 0; });
    return problems.length ? { problems: problems } : { map: map };
  };

  Mapper.prototype.restore = function () {
    var text = null;
    try { text = window.localStorage.getItem(STORE); } catch (e) { /* storage unavailable: start blank */ }
    if (text === null) return blankMap();
    var got = this.readStored(text);
    this.storedProblems = got.problems || null;
    return got.map || blankMap();
  };

  /* Show why the stored map was not used (once the page is drawn). */
  Mapper.prototype.reportStored = function () {
    if (!this.storedProblems) return;
    var box = this.$("mapper-file-errors");
    box.querySelector(".admonition-title").textContent = "The map stored in this browser was not used; the form starts blank";
    this.$("mapper-file-errors-text").textContent = this.storedProblems.slice(0, 20).map(AmbitChecks.formatText).join("\n") +
      "\nThe stored map is replaced when you change the form or open a map file.";
    box.hidden = false;
    this.storedProblems = null;
  };

  Mapper.prototype.save = function () {
    try { window.localStorage.setItem(STORE, JSON.stringify(this.map)); } catch (e) { /* private mode: keep going */ }
  };

  /* Another tab saved the map: take it (when it passes the same reading), so this tab's next save
     keeps that tab's change instead of overwriting it. */
  Mapper.prototype.followOtherTabs = function () {
    var self = this;
    window.addEventListener("storage", function (e) {
      if (e.key !== STORE && e.key !== null) return;
      var text = null;
      try { text = window.localStorage.getItem(STORE); } catch (err) { return; }
      if (text === null || text === JSON.stringify(self.map)) return;
      var got = self.readStored(text);
      if (!got.map) return;
      self.map = got.map;
      self.renderForm();
    });
  };

  function answerOf(v) {
    if (v === true || v === "yes") return "yes";
    if (v === false || v === "no") return "no";
    return "unknown";
  }

  function known(data, q) { return data.intake.some(function (x) { return x.id === q; }); }

  function fill(map) {
    map.intake = map.intake && typeof map.intake === "object" ? map.intake : {};
    ["components", "flows", "people"].forEach(function (k) { if (!Array.isArray(map[k])) map[k] = []; });
    map.system = map.system == null ? "" : String(map.system);
    return map;
  }

  /* ---- the map as `ambit map` reads it: empty optional fields left out ---- */
  Mapper.prototype.cleanMap = function () { return cleanOf(this.map, this.data); };

  /* A key set as a key, even "__proto__" (which plain assignment turns into the prototype, hiding
     it from the checks). */
  function put(object, key, value) {
    Object.defineProperty(object, key, { value: value, enumerable: true, writable: true, configurable: true });
  }

  function cleanOf(m, data) {
    var out = {};
    out.system = m.system;
    if (m.sector) out.sector = m.sector;
    Object.keys(m).forEach(function (k) {
      if (["system", "sector", "intake", "components", "flows", "people"].indexOf(k) < 0) put(out, k, m[k]);
    });
    // Yes and no are written; "don't know" is left out, which `ambit map` reads as unknown.
    var intake = {};
    data.intake.forEach(function (q) {
      var a = answerOf(m.intake[q.id]);
      if (a !== "unknown") intake[q.id] = a === "yes";
    });
    // A question the catalogue lacks (from a file) stays, so the checks name it.
    Object.keys(m.intake).forEach(function (q) { if (!known(data, q)) put(intake, q, m.intake[q]); });
    if (Object.keys(intake).length) out.intake = intake;
    // An entry that is not a mapping (a planted stored map) stays as it is, for the checks to name.
    function entry(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
    out.components = m.components.map(function (c) {
      if (!entry(c)) return c;
      var o = {};
      Object.keys(c).forEach(function (k) {
        var v = c[k];
        // An empty data_kinds says "holds none of these" and stays; other empty lists are left out.
        if (v === "" || v === null || v === undefined || (Array.isArray(v) && !v.length && k !== "data_kinds")) return;
        put(o, k, v);
      });
      return o;
    });
    if (m.flows.length) out.flows = m.flows.map(function (f) {
      if (!entry(f)) return f;
      var o = {};
      Object.keys(f).forEach(function (k) { var v = f[k]; if (!(Array.isArray(v) && !v.length) && v !== "") put(o, k, v); });
      return o;
    });
    if (m.people.length) out.people = m.people.map(function (p) {
      if (!entry(p)) return p;
      var o = {};
      Object.keys(p).forEach(function (k) { var v = p[k]; if (v !== "") put(o, k, v); });
      return o;
    });
    return out;
  }

  /* ---- the form ---- */
  Mapper.prototype.start = function () {
    var self = this, form = this.$("mapper-form");
    form.addEventListener("input", function (e) { self.onInput(e.target); });
    form.addEventListener("change", function (e) {
      self.onInput(e.target);
      if (e.target.getAttribute("data-rerender") === null) return;
      // A text field's change fires as the user clicks elsewhere: redraw once the click has moved
      // the focus, so renderForm puts it back where the user clicked (not on the page's body,
      // where typed letters would open the site search).
      if (e.target.type === "text") setTimeout(function () { self.renderForm(); }, 0);
      else self.renderForm();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button[data-remove]") : null;
      if (!b) return;
      var parts = b.getAttribute("data-remove").split(":");
      if (parts[0] === "components") self.removeComponent(Number(parts[1]));
      else self.map[parts[0]].splice(Number(parts[1]), 1);
      self.changed(true);
      var add = self.$({ components: "mapper-add-component", flows: "mapper-add-flow", people: "mapper-add-person" }[parts[0]]);
      if (add) add.focus();
    });
    this.$("mapper-open-facts").addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button[data-answer]") : null;
      if (b) self.answer(b.getAttribute("data-answer"));
    });
    this.$("mapper-add-component").addEventListener("click", function () { self.add("components"); });
    this.$("mapper-add-flow").addEventListener("click", function () { self.add("flows"); });
    this.$("mapper-add-person").addEventListener("click", function () { self.add("people"); });
    this.$("mapper-download").addEventListener("click", function () { self.download(); });
    this.$("mapper-clear").addEventListener("click", function () {
      if (self.map.components.length && !window.confirm("Clear the form and start a new map?")) return;
      self.map = blankMap(); self.changed(true); self.status("Started a new map.");
    });
    this.$("mapper-open").addEventListener("change", function (e) { var f = e.target.files[0]; if (f) self.open(f); e.target.value = ""; });
    // Progress is kept under the map's name: renaming the map takes its progress along.
    var named = null;
    this.$("mapper-system").addEventListener("focus", function () { named = self.map.system; });
    this.$("mapper-system").addEventListener("change", function () {
      if (named && self.carryProgress(named, self.map.system)) self.status("The progress of " + named + " now belongs to " + self.map.system + ".");
      named = self.map.system;
    });
    this.$("mapper-review-component").addEventListener("change", function (e) { self.review.component = e.target.value; self.renderReview(); });
    this.$("mapper-review-minutes").addEventListener("input", function (e) {
      var n = parseInt(e.target.value, 10);
      if (n > 0) { self.review.minutes = n; self.renderReview(); }
    });
    if (window.AmbitMapperDownloads) {
      window.AmbitMapperDownloads.wire(function () {
        if (!self.current) return null;
        return { data: self.data, map: self.current, items: self.items, pack: self.pack, controlHref: function (id) { return self.controlHref(id); } };
      }, function (text) { self.$("mapper-summary").textContent = text; });
    }
    this.jump = el("a", { "class": "mapper-jump md-button md-button--primary", href: "#mapper-results-title", hidden: true });
    this.root.appendChild(this.jump);
    if (typeof window.IntersectionObserver === "function") {
      // The link is for getting to the results: hide it while they are on screen.
      new window.IntersectionObserver(function (entries) {
        self.resultsInView = entries.some(function (x) { return x.isIntersecting; });
        self.updateJump();
      }).observe(this.$("mapper-results"));
    }
    if (window.location.protocol === "file:") {
      // Every page opened from files shares one storage: say so where the map is kept.
      this.$("mapper-file-status").before(el("p", { "class": "mapper-help mapper-file-note", text:
        "This page was opened from a file: this browser keeps one storage for every page opened from files, so another local page can read and change the map kept here. Download map (YAML) to keep a copy of your own." }));
    }
    this.followOtherTabs();
    this.renderForm();
    this.reportStored();
  };

  /* The link to the results, always within reach on a phone while the form is in view. */
  Mapper.prototype.updateJump = function () {
    if (!this.jump) return;
    var text = this.$("mapper-summary").textContent;
    var problems = this.$("mapper-problems").querySelectorAll("li").length;
    this.jump.textContent = this.current ? "See the checklist: " + (text.split(";")[0] || "") : (problems ? "See what the map still needs (" + problems + ")" : "");
    this.jump.hidden = !this.jump.textContent || Boolean(this.resultsInView);
  };

  Mapper.prototype.add = function (list) {
    var ids = this.map.components.map(function (c) { return c.id; });
    // Exposure starts at "don't know": the checklist keeps what it would decide, marked assumed.
    if (list === "components") this.map.components.push({ id: "", type: "", exposure: "" });
    if (list === "flows") this.map.flows.push({ from: ids[0] || "", to: ids[1] || ids[0] || "", data: "", lifecycle: this.data.lifecycle[0] });
    if (list === "people") this.map.people.push({ role: "", uses: [] });
    this.changed(true);
    var prefix = { components: "c", flows: "f", people: "p" }[list];
    var first = this.$("m-" + prefix + (this.map[list].length - 1) + "-" + { components: "id", flows: "from", people: "role" }[list]);
    if (first) first.focus();
  };

  /* Write one field of the map from the control that changed. */
  Mapper.prototype.onInput = function (t) {
    var field = t.getAttribute("data-field") || t.getAttribute("data-none"), m = this.map;
    if (t.getAttribute("data-question")) {
      if (t.checked) {
        if (t.value === "unknown") delete m.intake[t.getAttribute("data-question")];
        else m.intake[t.getAttribute("data-question")] = t.value === "yes";
      }
    } else if (field === "system" || field === "sector") {
      m[field] = t.value;
    } else if (field) {
      var parts = field.split(":"), item = m[parts[0]][Number(parts[1])], key = parts[2];
      if (!item) return;
      if (t.getAttribute("data-none") !== null) {
        // "Holds none of these" is data_kinds: [] (stated: none); unticked, the field is left out
        // (don't know), as `ambit map` reads the two.
        if (t.checked) item[key] = [];
        else delete item[key];
        this.syncNone(field, t.checked);
      } else if (t.type === "checkbox") {
        var list = (item[key] || []).filter(function (v) { return v !== t.value; });
        if (t.checked) list.push(t.value);
        var order = t.getAttribute("data-order").split(" ");
        list.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
        if (list.length || key !== "data_kinds" || parts[0] !== "components") item[key] = list;
        else delete item[key];  // nothing ticked: don't know
        if (t.checked) this.syncNone(field, false);
      } else {
        if (parts[0] === "components" && key === "id") this.rename(item.id, t.value);
        item[key] = t.value;
      }
    } else {
      return;
    }
    this.changed(false);
  };

  /* Keep a data-kinds list's boxes and its "none of these" box exclusive: ticking "none" clears
     the kinds, ticking a kind clears "none". */
  Mapper.prototype.syncNone = function (field, none) {
    var form = this.$("mapper-form");
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (box.getAttribute("data-none") === field) box.checked = none;
      else if (none && box.getAttribute("data-field") === field) box.checked = false;
    });
  };

  /* Remove a component; offer to remove the flows and mentions that would be left naming it. */
  Mapper.prototype.removeComponent = function (index) {
    var m = this.map, gone = (m.components[index] || {}).id;
    m.components.splice(index, 1);
    if (!gone || m.components.some(function (c) { return c.id === gone; })) return;
    var flows = m.flows.filter(function (f) { return f.from === gone || f.to === gone; });
    var users = m.people.filter(function (p) { return (p.uses || []).indexOf(gone) >= 0; });
    var hosts = m.components.filter(function (c) { return (c.runs_on || []).indexOf(gone) >= 0; });
    if (!flows.length && !users.length && !hosts.length) return;
    var parts = [];
    if (flows.length) parts.push(flows.length + " flow" + (flows.length === 1 ? "" : "s") + " to or from it");
    if (users.length) parts.push(users.length + " person's list of components used");
    if (hosts.length) parts.push(hosts.length + " component's \"runs on\"");
    if (!window.confirm("Remove " + gone + "'s " + parts.join(", ") + " too?\n\nOK removes them; Cancel keeps them, to point them at another component.")) return;
    m.flows = m.flows.filter(function (f) { return flows.indexOf(f) < 0; });
    users.forEach(function (p) { p.uses = p.uses.filter(function (x) { return x !== gone; }); });
    hosts.forEach(function (c) { c.runs_on = c.runs_on.filter(function (x) { return x !== gone; }); });
    this.status("Removed " + gone + " and " + parts.join(", ") + ".");
  };

  /* Move the progress stored under the map name `from` to `to` (when `to` has none); true if moved. */
  Mapper.prototype.carryProgress = function (from, to) {
    var oldId = AmbitMapperTracker.checklistId(from), newId = AmbitMapperTracker.checklistId(to), moved = false;
    if (oldId === newId) return false;
    var prefix = "ambit-progress:" + oldId + "@", keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
      keys.forEach(function (key) {
        if (!key || key.indexOf(prefix) !== 0 || !/^\d+\.\d+\.\d+$/.test(key.slice(prefix.length))) return;
        var target = "ambit-progress:" + newId + "@" + key.slice(prefix.length);
        if (window.localStorage.getItem(target) !== null) return;
        var data = JSON.parse(window.localStorage.getItem(key));
        if (!data || typeof data !== "object") return;
        data.checklist = newId;
        window.localStorage.setItem(target, JSON.stringify(data));
        window.localStorage.removeItem(key);
        moved = true;
      });
    } catch (e) { return false; }
    if (moved) { this.shownSignature = null; this.renderResults(); }
    return moved;
  };

  /* A component's new id follows it into the flows, people and runs_on that named it. */
  Mapper.prototype.rename = function (from, to) {
    var m = this.map;
    if (!from || m.components.filter(function (c) { return c.id === from; }).length !== 1) return;
    function swap(list) { return (list || []).map(function (x) { return x === from ? to : x; }); }
    m.flows.forEach(function (f) { if (f.from === from) f.from = to; if (f.to === from) f.to = to; });
    m.people.forEach(function (p) { p.uses = swap(p.uses); });
    m.components.forEach(function (c) { if (c.runs_on) c.runs_on = swap(c.runs_on); });
  };

  Mapper.prototype.changed = function (structure) {
    this.save();
    if (structure) this.renderForm(); else this.renderResults();
  };

  function fieldId(prefix, i, key) { return "m-" + prefix + i + "-" + key; }

  function labelled(id, text, control, help) {
    return el("p", { "class": "mapper-field" }, [el("label", { "for": id, text: text }), control, help || null]);
  }

  function textInput(id, field, value, extra) {
    var attrs = { id: id, type: "text", "data-field": field, autocomplete: "off", spellcheck: "false" };
    Object.keys(extra || {}).forEach(function (k) { attrs[k] = extra[k]; });
    var input = el("input", attrs);
    input.value = value == null ? "" : String(value);
    return input;
  }

  function select(id, field, options, value, extra) {
    var attrs = { id: id, "data-field": field };
    Object.keys(extra || {}).forEach(function (k) { attrs[k] = extra[k]; });
    var s = el("select", attrs);
    options.forEach(function (o) {
      if (o.group) {
        var g = el("optgroup", { label: o.group });
        o.options.forEach(function (x) { g.appendChild(el("option", { value: x.value, text: x.text })); });
        s.appendChild(g);
      } else {
        s.appendChild(el("option", { value: o.value, text: o.text }));
      }
    });
    s.value = value == null ? "" : String(value);
    if (s.value !== String(value == null ? "" : value) && value) {
      // A value from a file the form does not list: keep it visible and selected.
      s.appendChild(el("option", { value: value, text: value }));
      s.value = value;
    }
    return s;
  }

  function checkboxes(legendText, field, options, chosen, idBase) {
    var order = options.map(function (o) { return o.value; }).join(" ");
    var box = el("fieldset", { "class": "mapper-choices" }, [el("legend", { text: legendText })]);
    options.forEach(function (o, n) {
      var id = idBase + "-" + n;
      var input = el("input", { type: "checkbox", id: id, value: o.value, "data-field": field, "data-order": order });
      input.checked = (chosen || []).indexOf(o.value) >= 0;
      box.appendChild(el("span", { "class": "mapper-choice" }, [input, el("label", { "for": id, text: o.text })]));
    });
    return box;
  }

  /* A "holds none of these" box at the end of a data-kinds fieldset: ticked when the map states
     an empty list. */
  function noneOf(box, field, chosen, id) {
    var input = el("input", { type: "checkbox", id: id, "data-none": field });
    input.checked = Array.isArray(chosen) && !chosen.length;
    box.appendChild(el("span", { "class": "mapper-choice" }, [input, el("label", { "for": id, text: "None of these: it holds no such data" })]));
    return box;
  }

  Mapper.prototype.typeOptions = function () {
    var data = this.data;
    return [{ value: "", text: "Choose a type" }].concat(data.layers.map(function (layer) {
      return {
        group: layer.name,
        options: data.components.filter(function (c) { return c.layer === layer.id; })
          .map(function (c) { return { value: c.id, text: c.name }; })
      };
    }));
  };

  Mapper.prototype.platformOptions = function () {
    var kinds = [];
    this.data.platforms.forEach(function (p) { if (kinds.indexOf(p.kind) < 0) kinds.push(p.kind); });
    var data = this.data;
    return [{ value: "", text: DONT_KNOW + " or none of these" }].concat(kinds.map(function (k) {
      return { group: k.replace(/-/g, " "), options: data.platforms.filter(function (p) { return p.kind === k; }).map(function (p) { return { value: p.id, text: p.name }; }) };
    }));
  };

  Mapper.prototype.renderForm = function () {
    var focused = document.activeElement, active = focused && focused.id, self = this, m = this.map, data = this.data;
    var selection = null;
    try { if (focused && focused.type === "text") selection = [focused.selectionStart, focused.selectionEnd]; } catch (e) { selection = null; }
    this.$("mapper-system").value = m.system || "";
    this.$("mapper-sector").value = m.sector || "";
    data.intake.forEach(function (q) {
      var answer = answerOf(m.intake[q.id]);
      document.querySelectorAll("input[data-question]").forEach(function (r) {
        if (r.getAttribute("data-question") === q.id) r.checked = r.value === answer;
      });
    });
    var ids = m.components.map(function (c) { return c.id; }).filter(Boolean);
    var kinds = data.data_kinds.map(function (k) { return { value: k.id, text: k.name }; });
    var questions = data.intake.map(function (q) { return { value: q.id, text: q.question }; });

    var comps = this.$("mapper-components");
    clear(comps);
    m.components.forEach(function (c, i) {
      var f = "components:" + i + ":", type = self.types[c.type];
      var title = "Component " + (i + 1) + (c.id ? ": " + c.id : "");
      var describe = el("p", { "class": "mapper-help", id: fieldId("c", i, "type-help"),
        text: type ? type.description + (type.examples.length ? " Examples: " + type.examples.join(", ") + "." : "") : "Pick the kind of component; the list is grouped by layer." });
      var others = ids.filter(function (x) { return x !== c.id; }).map(function (x) { return { value: x, text: x }; });
      var more = el("details", { "class": "mapper-more" }, [
        el("summary", { text: "Data kinds, operation, what it runs on, concerns" }),
        noneOf(checkboxes("Data kinds it handles: tick every one (none ticked: don't know; the type's usual" +
          (type && type.data_kinds.length ? ", " + type.data_kinds.join(", ") + "," : "") + " are assumed and controls for other kinds are kept, marked assumed)",
          f + "data_kinds", kinds, c.data_kinds, fieldId("c", i, "kind")), f + "data_kinds", c.data_kinds, fieldId("c", i, "kind-none")),
        labelled(fieldId("c", i, "operation"), "How it is run", select(fieldId("c", i, "operation"), f + "operation",
          [{ value: "", text: DONT_KNOW + (type && type.operation ? " (usually " + type.operation + ")" : "") }]
            .concat(OPERATIONS.map(function (o) { return { value: o, text: o }; })), c.operation || "")),
        labelled(fieldId("c", i, "platform"), "Platform it runs on", select(fieldId("c", i, "platform"), f + "platform",
          self.platformOptions(), c.platform || ""), el("p", { "class": "mapper-help", text: "The review then offers the checks written for that platform, and never those for another; controls that concern only other platforms are left out (without a platform they are kept, marked assumed)." })),
        others.length ? checkboxes("Runs on (or is managed through)", f + "runs_on", others, c.runs_on, fieldId("c", i, "runs")) : null,
        checkboxes("Concerns: intake questions that are yes for this component", f + "concerns", questions, c.concerns, fieldId("c", i, "concern"))
      ]);
      comps.appendChild(el("fieldset", { "class": "mapper-item", id: "m-c" + i }, [
        el("legend", { text: title }),
        labelled(fieldId("c", i, "id"), "Id (lower-case words joined by hyphens)", textInput(fieldId("c", i, "id"), f + "id", c.id, { "data-rerender": true, maxlength: 60 })),
        labelled(fieldId("c", i, "type"), "Type", select(fieldId("c", i, "type"), f + "type", self.typeOptions(), c.type, { "data-rerender": true, "aria-describedby": fieldId("c", i, "type-help") }), describe),
        labelled(fieldId("c", i, "name"), "Name (optional)", textInput(fieldId("c", i, "name"), f + "name", c.name, { maxlength: 160 })),
        labelled(fieldId("c", i, "exposure"), "Who can reach it", select(fieldId("c", i, "exposure"), f + "exposure",
          [{ value: "", text: DONT_KNOW }].concat(EXPOSURES.map(function (e) { return { value: e, text: e }; })),
          c.exposure === "unknown" ? "" : c.exposure)),
        more,
        el("p", {}, [el("button", { type: "button", "class": "md-button", "data-remove": "components:" + i, text: "Remove component " + (c.id || i + 1) })])
      ]));
    });

    var idOptions = [{ value: "", text: "Choose a component" }].concat(ids.map(function (x) { return { value: x, text: x }; }));
    var flows = this.$("mapper-flows");
    clear(flows);
    m.flows.forEach(function (fl, i) {
      var f = "flows:" + i + ":";
      flows.appendChild(el("fieldset", { "class": "mapper-item", id: "m-f" + i }, [
        el("legend", { text: "Flow " + (i + 1) }),
        labelled(fieldId("f", i, "from"), "From", select(fieldId("f", i, "from"), f + "from", idOptions, fl.from)),
        labelled(fieldId("f", i, "to"), "To", select(fieldId("f", i, "to"), f + "to", idOptions, fl.to)),
        labelled(fieldId("f", i, "data"), "What moves", textInput(fieldId("f", i, "data"), f + "data", fl.data, { maxlength: 80 })),
        labelled(fieldId("f", i, "lifecycle"), "Lifecycle stage", select(fieldId("f", i, "lifecycle"), f + "lifecycle",
          data.lifecycle.map(function (s) { return { value: s, text: s }; }), fl.lifecycle)),
        el("details", { "class": "mapper-more" }, [el("summary", { text: "Data kinds it carries" }),
          checkboxes("Data kinds it carries", f + "data_kinds", kinds, fl.data_kinds, fieldId("f", i, "kind"))]),
        el("p", {}, [el("button", { type: "button", "class": "md-button", "data-remove": "flows:" + i, text: "Remove flow " + (i + 1) })])
      ]));
    });

    var people = this.$("mapper-people");
    clear(people);
    m.people.forEach(function (p, i) {
      var f = "people:" + i + ":";
      people.appendChild(el("fieldset", { "class": "mapper-item", id: "m-p" + i }, [
        el("legend", { text: "Person " + (i + 1) }),
        labelled(fieldId("p", i, "role"), "Role", textInput(fieldId("p", i, "role"), f + "role", p.role, { maxlength: 80 })),
        ids.length ? checkboxes("Components this role uses", f + "uses", ids.map(function (x) { return { value: x, text: x }; }), p.uses, fieldId("p", i, "uses"))
          : el("p", { "class": "mapper-help", text: "Add components first; then tick the ones this role uses." }),
        el("p", {}, [el("button", { type: "button", "class": "md-button", "data-remove": "people:" + i, text: "Remove person " + (i + 1) })])
      ]));
    });
    if (active && document.getElementById(active)) {
      var again = document.getElementById(active);
      again.focus();
      if (typeof again.setSelectionRange === "function" && selection) {
        try { again.setSelectionRange(selection[0], selection[1]); } catch (e) { /* not a text field */ }
      }
    }
    this.renderResults();
  };

  /* ---- results ---- */
  Mapper.prototype.problems = function (map, rel) {
    var doc = { data: map, marks: {}, keyMarks: {}, rel: rel || "map" };
    return AmbitChecks.check(this.data, this.schema, doc);
  };

  Mapper.prototype.controlHref = function (id) {
    var href = this.root.getAttribute("data-control-href").replace("__ID__", encodeURIComponent(id));
    // On file:// a link to a folder opens a listing: name its page (as the offline copy's links do).
    return window.location.protocol === "file:" && /\/$/.test(href) ? href + "index.html" : href;
  };

  Mapper.prototype.renderResults = function () {
    var map = this.cleanMap(), problems = this.problems(map), self = this;
    var box = this.$("mapper-problems"), list = this.$("mapper-checklist");
    clear(box);
    this.current = null;
    if (problems.length) {
      clear(list);
      this.shownSignature = null;
      this.$("mapper-summary").textContent = "";
      box.appendChild(el("p", { text: map.components.length ? "Complete the map to see its checklist:" : "Add a component (or open a map file) to see its checklist." }));
      if (map.components.length) {
        box.appendChild(el("ul", { "class": "mapper-problem-list" }, problems.map(function (d) {
          return el("li", { text: d.message + (d.hint ? " (" + d.hint + ")" : "") });
        })));
      }
      this.renderReview();
      this.updateJump();
      return;
    }
    this.current = map;
    var st = AmbitMapper.statement(this.data, map), items = st.items;
    this.items = items;
    var assumed = items.filter(function (i) { return i.assumed; }).length;
    var first = items.filter(function (i) { return i.tier === "first"; });
    var hours = first.reduce(function (n, i) { return n + i.control.effort_minutes; }, 0);
    this.$("mapper-summary").textContent = items.length + " controls apply to " + map.components.length + " components, ranked by risk; the first " +
      first.length + " (" + hours + " min to verify) are for this week" +
      (assumed ? "; " + assumed + " of them are assumed (a fact the map leaves open would decide them)." : ".");
    this.renderOpenFacts(st);
    // Redraw the tracker only when the checklist changed, so typing in the form leaves the
    // tracker (its open fields, a pending import preview) as it is.
    var signature = JSON.stringify([map.system, map.components.map(function (c) { return [c.id, c.type]; }),
      items.map(function (i) { return [i.control.id, i.tier, i.components, i.score.total, i.assumed, i.assumptions]; })]);
    if (signature !== this.shownSignature || !list.firstChild) {
      AmbitMapperTracker.render(list, this.data, map, items, function (id) { return self.controlHref(id); });
      this.shownSignature = signature;
    }
    this.renderStatement(st);
    this.updateJump();
    this.renderReview();
  };

  /* The map's open facts: components with no control, and the first tasks, each answerable in place. */
  Mapper.prototype.renderOpenFacts = function (st) {
    var box = this.$("mapper-open-facts"), self = this;
    clear(box);
    if (st.uncovered.length) {
      box.appendChild(el("p", { "class": "mapper-uncovered-head", text: "Components with no control:" }));
      box.appendChild(el("ul", { "class": "mapper-uncovered" }, st.uncovered.map(function (u) {
        return el("li", { "data-component-id": u.component, text: u.component + ": " + u.reason + "." });
      })));
    }
    var tasks = st.tasks.slice(0, this.data.constants.first_tasks);
    if (!tasks.length) return;
    box.appendChild(el("p", { "class": "mapper-tasks-head", text: "First tasks: facts the map leaves open (answer here, or find out):" }));
    box.appendChild(el("ul", { "class": "mapper-tasks" }, tasks.map(function (t) {
      var li = el("li", { "data-task": t.kind + ":" + t.subject }, [el("span", { text: t.text + " (" + t.controls.length + " control" + (t.controls.length === 1 ? "" : "s") + ") " })]);
      self.answers(t).forEach(function (a) {
        li.appendChild(el("button", { type: "button", "class": "md-button mapper-answer", "data-answer": t.kind + ":" + t.subject + ":" + a[0], text: a[1] }));
      });
      return li;
    })));
  };

  /* [value, label] pairs that answer a task in place. */
  Mapper.prototype.answers = function (t) {
    if (t.kind === "intake") return [["yes", "Yes"], ["no", "No"]];
    if (t.kind === "exposure") return EXPOSURES.map(function (e) { return [e, e]; });
    if (t.kind === "operation") return OPERATIONS.map(function (o) { return [o, o]; });
    if (t.kind === "sectors") return this.data.sectors.map(function (s) { return [s.id, s.name]; });
    if (t.kind === "data_kinds") return [["", "Tick its data kinds"]];
    if (t.kind === "platforms") return [["", "Pick its platform"]];
    return [];
  };

  Mapper.prototype.answer = function (spec) {
    var parts = spec.split(":"), kind = parts[0], subject = parts[1], value = parts[2], m = this.map;
    var index = m.components.map(function (c) { return c.id; }).indexOf(subject);
    if (kind === "intake") m.intake[subject] = value === "yes";
    else if (kind === "sectors") m.sector = value;
    else if ((kind === "exposure" || kind === "operation") && index >= 0) m.components[index][kind] = value;
    else if ((kind === "data_kinds" || kind === "platforms") && index >= 0) {
      var more = document.querySelector("#m-c" + index + " details");
      if (more) more.open = true;
      var first = document.getElementById(kind === "platforms" ? fieldId("c", index, "platform") : fieldId("c", index, "kind") + "-0");
      if (first) first.focus();
      return;
    } else return;
    this.changed(true);
  };

  Mapper.prototype.renderStatement = function (st) {
    var box = this.$("mapper-statement");
    clear(box);
    var counts = {};
    st.rows.forEach(function (r) { counts[r.status] = (counts[r.status] || 0) + 1; });
    box.appendChild(el("p", { text: this.data.constants.statuses.map(function (s) { return (counts[s] || 0) + " " + s; }).join(", ") + "." }));
    var body = el("tbody", {}, st.rows.map(function (r) {
      return el("tr", { "data-control-id": r.id, "data-status": r.status }, [
        el("td", { text: r.id }), el("td", { text: r.status }), el("td", { text: r.components.join(", ") }), el("td", { text: r.reason })
      ]);
    }));
    box.appendChild(el("table", { "class": "mapper-statement" }, [
      el("thead", {}, [el("tr", {}, ["Control", "Status", "Components", "Reason"].map(function (h) { return el("th", { text: h }); }))]), body
    ]));
  };

  Mapper.prototype.renderReview = function () {
    var map = this.current, pick = this.$("mapper-review-component"), steps = this.$("mapper-review"), blast = this.$("mapper-blast");
    clear(steps); clear(blast);
    var summary = this.$("mapper-review-summary");
    if (!map) {
      clear(pick);
      summary.textContent = "The review appears once the map is complete.";
      return;
    }
    var ids = map.components.map(function (c) { return c.id; });
    if (ids.indexOf(this.review.component) < 0) this.review.component = AmbitMapper.riskiest(this.data, map);
    clear(pick);
    var self = this;
    map.components.forEach(function (c) {
      var type = self.types[c.type];
      pick.appendChild(el("option", { value: c.id, text: c.id + (type ? " (" + type.name + ")" : "") }));
    });
    pick.value = this.review.component;
    var pack = AmbitMapper.review(this.data, map, this.review.component, this.review.minutes);
    this.pack = pack;
    summary.textContent = pack.steps.length + " steps, " + pack.used + " of " + pack.budget + " minutes, for " + pack.component + "." +
      (pack.shortfall ? " " + pack.shortfall : "");
    pack.steps.forEach(function (s) {
      steps.appendChild(el("li", { "data-control-id": s.control.id, "data-step": s.number, "data-minutes": s.minutes }, [
        el("a", { href: self.controlHref(s.control.id), text: s.control.id }),
        el("span", { text: " step " + s.number + ", " + s.minutes + " min: " }),
        el("span", { text: window.AmbitMapper.stepText(s.step) })
      ]));
    });
    var hops = AmbitMapper.downstream(map, this.review.component);
    if (!hops.length) blast.appendChild(el("li", { text: "Nothing downstream: no flow leaves it and nothing runs on it." }));
    hops.forEach(function (h) {
      var type = self.types[(map.components.filter(function (c) { return c.id === h.id; })[0] || {}).type];
      blast.appendChild(el("li", { "data-component-id": h.id }, [
        el("strong", { text: h.id }),
        el("span", { text: (type && type.ai ? " (AI component)" : "") + ", " + h.distance + " hop" + (h.distance === 1 ? "" : "s") + " away: " + [pack.component].concat(h.via).join(" → ") })
      ]));
    });
  };

  /* ---- files ---- */
  Mapper.prototype.status = function (text) { this.$("mapper-file-status").textContent = text; };

  Mapper.prototype.open = function (file) {
    var self = this, reader = new FileReader();
    reader.onload = function () {
      var result;
      try {
        result = AmbitChecks.readMap(self.data, self.schema, new Uint8Array(reader.result), file.name);
      } catch (e) {
        result = { diagnostics: [{ path: file.name, line: 1, col: 1, code: "unreadable", message: "the page could not read this file (" + e.message + ")", hint: "check it with ambit map" }] };
      }
      var box = self.$("mapper-file-errors");
      if (result.diagnostics.length) {
        self.$("mapper-file-errors-text").textContent = result.diagnostics.map(AmbitChecks.formatText).join("\n") +
          "\n" + result.diagnostics.length + " error(s) found; the form was left as it was.";
        box.hidden = false;
        self.status("");
        return;
      }
      box.hidden = true;
      self.map = fill(result.map);
      self.review.component = "";
      self.changed(true);
      self.status("Opened " + file.name + ".");
    };
    reader.readAsArrayBuffer(file);
  };

  Mapper.prototype.download = function () {
    var text = "# An Ambit system map, written by the mapper page. Run: ambit map <this file> -o out/\n" +
      AmbitYaml.dump(this.cleanMap());
    var name = (this.map.system || "system").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "system";
    var url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    var a = el("a", { href: url, download: name + ".yml" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
    this.lastDownload = text;
    this.status("Saved " + name + ".yml.");
  };

  function boot() {
    var rootEl = document.getElementById("ambit-mapper");
    if (!rootEl || rootEl.getAttribute("data-ready") !== null) return;
    rootEl.setAttribute("data-ready", "loading");
    // The data as scripts (assets/mapper/data.js) work from file://, where fetch is refused.
    var preloaded = window.AmbitMapperData && window.AmbitMapperSchema ? Promise.resolve([window.AmbitMapperData, window.AmbitMapperSchema]) : null;
    (preloaded || Promise.all([rootEl.getAttribute("data-data"), rootEl.getAttribute("data-schema")].map(function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(u + ": " + r.status);
        return r.json();
      });
    }))).then(function (got) {
      var mapper = new Mapper(rootEl, got[0], got[1]);
      window.ambitMapperPage = mapper;
      mapper.start();
      rootEl.setAttribute("data-ready", "true");
    }).catch(function (e) {
      rootEl.setAttribute("data-ready", "failed");
      var p = document.getElementById("mapper-problems");
      if (p) p.textContent = "The mapper's data could not be loaded (" + e.message + "); reload the page; from the offline copy, keep its folders as they were unpacked.";
    });
  }

  if (typeof window.document$ === "object" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
