/* The files `ambit map` writes for a map, made in the browser from the engine's answers: the
 * tailored checklist as CSV, JSON and XLSX (its sheets as AmbitXlsx.write takes them), the
 * statement of applicability as CSV and JSON, and the diagram's Graphviz source (DOT).
 *
 * Column names and orders, sheet layouts, templates and the texts the engine does not need come
 * from the exports data (window.AmbitMapperExports, built by generator/systemmap/browser_exports.py
 * from the Python modules that write the CLI's files); this file holds how a cell is made, each a
 * twin of the Python named beside it. tests/systemmap/test_browser_exports.py compares the result
 * with the CLI's files: the same bytes (CSV, JSON, DOT), the same cells (XLSX).
 *
 * The checklist's status, owner, due date and notes columns hold the answers kept in this browser
 * (`answers`: the tracker's stored items); with none they are as the CLI writes them. Text a
 * spreadsheet would run as a formula gets a leading "'" (generator/downloads/cells.py).
 */
(function () {
  "use strict";

  // str.isspace() in Python: what str.split() and str.strip() treat as whitespace.
  var PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var PY_SPLIT = new RegExp("[" + PY_SPACE + "]+");
  var PY_LEAD = new RegExp("^[" + PY_SPACE + "]+"), PY_TRAIL = new RegExp("[" + PY_SPACE + "]+$");
  // generator/systemmap/diagram.py _NOT_XML: characters XML 1.0 cannot hold.
  var NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

  function str(value) { return value == null ? "" : String(value); }
  function strip(text) { return str(text).replace(PY_LEAD, "").replace(PY_TRAIL, ""); }
  function words(text) { return strip(text).split(PY_SPLIT).filter(Boolean); }
  function fill(template, fields) {
    return template.replace(/\{([a-z_]+)\}/g, function (_, name) { return str(fields[name]); });
  }

  /* generator/downloads/cells.py neutralise */
  function neutraliser(ex) {
    var triggers = ex.formula_triggers;
    return function (text) {
      text = str(text);
      return triggers.some(function (t) { return text.slice(0, t.length) === t; }) ? "'" + text : text;
    };
  }

  /* csv.writer(dialect="excel", lineterminator="\r\n"): quote a cell holding , " CR or LF. */
  function csvLine(cells) {
    return cells.map(function (text) {
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }).join(",") + "\r\n";
  }

  function json(doc) { return JSON.stringify(doc, null, 2) + "\n"; }

  /* generator/downloads/rows.py _numbered */
  function numbered(texts) {
    return texts.map(function (t, i) { return (i + 1) + ". " + words(t).join(" "); }).join("\n");
  }

  /* generator/downloads/rows.py control_url */
  function controlUrl(ex, id) {
    var base = strip(ex.catalogue.site_url);
    return base.indexOf("https://") === 0 ? base.replace(/\/+$/, "") + "/controls/" + id + "/" : "";
  }

  /* generator/systemmap/select.py applies_label */
  function appliesLabel(data, raw, item, id) {
    var label = window.AmbitMapperTracker.componentLabel(data, raw, id);
    var assumed = (item.assumptions || []).filter(function (a) { return a.component === id; })[0];
    return assumed ? label.slice(0, -1) + "; assumed: " + assumed.text + ")" : label;
  }

  /**
   * What every file is made from: the map (as given and as the engine reads it), the engine's
   * statement (its items are the checklist, riskiest first), the exports data and the answers.
   */
  function context(data, ex, raw, answers) {
    var map = window.AmbitMapper.normalise(raw), st = window.AmbitMapper.statement(data, raw);
    var layers = {}, omitted = omittedKeys(ex, map.sector);
    data.layers.forEach(function (l) { layers[l.id] = l.name; });
    var rows = st.items.map(function (item) {
      var c = item.control, more = ex.controls[c.id] || { description: "", rationale: "", references: {} };
      return {
        item: item, control: c, id: c.id, layerName: layers.hasOwnProperty(c.layer) ? layers[c.layer] : c.layer,
        sectorNote: map.sector ? str((c.sectors || {})[map.sector]) : "",
        appliesTo: item.components.map(function (id) { return appliesLabel(data, raw, item, id); }),
        description: more.description, rationale: more.rationale, references: scopedReferences(more.references, omitted),
        url: controlUrl(ex, c.id), answer: (answers || {})[c.id] || {}
      };
    });
    var columns = frameworkColumns(ex, rows);
    return { data: data, ex: ex, raw: raw, map: map, st: st, rows: rows, neutralise: neutraliser(ex), columns: columns,
      listed: columns.filter(function (col) { return !omitted[col.key]; }) };
  }

  /* generator/downloads/framework_scope.py kept and omitted_keys, for a map: a framework whose
   * registry binds sectors is left out of a map stating another sector; a map stating none is of
   * an unknown sector, and keeps it. */
  function keptFramework(bound, sector) {
    return !bound.length || !sector || bound.indexOf(sector) >= 0;
  }

  function omittedKeys(ex, sector) {
    var omitted = {};
    ex.frameworks.columns.forEach(function (col) { if (!keptFramework(col.sectors || [], sector)) omitted[col.key] = true; });
    return omitted;
  }

  /* generator/downloads/framework_scope.py scoped: a control's references without the omitted frameworks */
  function scopedReferences(references, omitted) {
    var out = {};
    Object.keys(references).forEach(function (k) { if (!omitted[k]) out[k] = references[k]; });
    return out;
  }

  /* generator/downloads/references.py sheet_columns: every known framework, then the keys the
   * checklist cites (a framework the map leaves out keeps its CSV and XLSX column, empty) */
  function frameworkColumns(ex, rows) {
    var fw = ex.frameworks, byKey = {}, known = {};
    fw.columns.forEach(function (col) { byKey[col.key] = col; });
    fw.known.forEach(function (k) { known[k] = true; });
    var extra = {};
    fw.columns.forEach(function (col) { if (!known[col.key]) extra[col.key] = true; });
    rows.forEach(function (r) { Object.keys(r.references).forEach(function (k) { if (!known[k]) extra[k] = true; }); });
    var keys = fw.known.concat(Object.keys(extra).sort());
    return keys.map(function (k) { return byKey[k] || { key: k, short_name: k, name: k, version: "", titles: [] }; });
  }

  function refCell(ex, references, key) { return (references[key] || []).join(ex.frameworks.separator); }

  function statusLabel(ex, id) {
    var found = ex.xlsx.statuses.filter(function (s) { return s.replace(/ /g, "-") === id; })[0];
    return found || str(id);
  }

  /* ---- checklist.csv (generator/downloads/csv_export.py render) ---- */
  function checklistCsv(ctx) {
    var ex = ctx.ex, n = ctx.neutralise;
    var out = csvLine(ex.csv.columns.concat(ctx.columns.map(function (c) { return c.short_name; }), ex.csv.map_columns));
    ctx.rows.forEach(function (r) {
      var c = r.control, a = r.answer;
      var values = [c.id, strip(c.title), c.layer, r.layerName, c.priority, strip(c.summary),
        numbered(c.steps.map(window.AmbitMapper.stepText)), numbered(c.steps.map(function (s) { return s.evidence; })),
        strip(r.sectorNote), r.appliesTo.join("; "), String(c.effort_minutes), r.url,
        a.status ? statusLabel(ex, a.status) : "", str(a.owner), str(a.due), str(a.notes)]
        .concat(ctx.columns.map(function (col) { return refCell(ex, r.references, col.key); }))
        .concat([String(r.item.rank), r.item.tier, r.item.components.join("; ")]);
      out += csvLine(values.map(n));
    });
    return out;
  }

  function summaryText(ctx) {
    var t = ctx.ex.checklist, first = ctx.rows.filter(function (r) { return r.item.tier === "first"; }).length;
    var text = fill(t.summary, { count: ctx.rows.length, active: ctx.data.controls.length, components: ctx.map.components.length,
      system: ctx.map.system, first: first });
    if (ctx.st.uncovered.length) {
      text += fill(t.no_control, { uncovered: ctx.st.uncovered.map(function (u) { return u.component + ": " + u.reason; }).join("; ") });
    }
    return text;
  }

  function checklistId(ctx) { return window.AmbitMapperTracker.checklistId(ctx.map.system); }
  function checklistTitle(ctx) { return fill(ctx.ex.checklist.title, { system: ctx.map.system }); }

  /* ---- checklist.json (generator/downloads/json_export.py document) ---- */
  function checklistJson(ctx) {
    var ex = ctx.ex, cat = ex.catalogue;
    var controls = ctx.rows.map(function (r) {
      var c = r.control, score = {};
      ex.checklist.score_keys.forEach(function (k) { score[k] = r.item.score[k]; });
      var refs = {};
      Object.keys(r.references).forEach(function (k) { refs[k] = r.references[k].slice(); });
      return {
        id: c.id, title: strip(c.title), layer: c.layer, layer_name: r.layerName, priority: c.priority,
        required_by: [], named_risks: [], summary: strip(c.summary), description: strip(r.description), rationale: strip(r.rationale),
        verification: c.steps.map(function (s) {
          return { step: strip(s.step), evidence: strip(s.evidence), minutes: s.minutes, platforms: s.platforms.slice() };
        }),
        sector_note: strip(r.sectorNote), applies_to: r.appliesTo, effort_minutes: c.effort_minutes,
        lifecycle: c.lifecycle.slice(), components: c.components.slice(), threats: c.threats.slice(), references: refs, url: r.url,
        rank: r.item.rank, tier: r.item.tier, score: score, applies_to_ids: r.item.components.slice()
      };
    });
    return json({
      format: ex.checklist.json_format, format_version: ex.checklist.json_format_version,
      checklist: { id: checklistId(ctx), title: strip(checklistTitle(ctx)), summary: strip(summaryText(ctx)), sector: ctx.map.sector,
        introduction: strip(ex.checklist.introduction), regulations: [] },
      catalogue: { name: cat.name, version: cat.version, date: cat.date, site_url: cat.site_url },
      control_count: controls.length, controls: controls,
      frameworks: ctx.listed.map(function (col) { return { key: col.key, short_name: col.short_name, name: col.name, version: col.version }; })
    });
  }

  /* ---- applicability.csv and applicability.json (generator/systemmap/statement_export.py) ---- */
  function statementRows(ctx) {
    var byId = {};
    ctx.data.controls.forEach(function (c) { byId[c.id] = c; });
    return ctx.st.rows.map(function (r) { return { row: r, control: byId[r.id] }; });
  }

  function statementCsv(ctx) {
    var ex = ctx.ex, n = ctx.neutralise, out = csvLine(ex.statement.columns);
    statementRows(ctx).forEach(function (x) {
      var r = x.row, c = x.control;
      out += csvLine([c.id, strip(c.title), c.layer, c.priority, r.status, r.components.join("; "), r.reason,
        r.rank == null ? "" : String(r.rank), r.tier == null ? "" : r.tier].map(n));
    });
    ctx.st.uncovered.forEach(function (u) {
      out += csvLine(["", "", "", "", ex.statement.no_control, u.component, u.reason, "", ""].map(n));
    });
    return out;
  }

  function statementJson(ctx) {
    var ex = ctx.ex, cat = ex.catalogue, counts = {};
    ctx.data.constants.statuses.forEach(function (s) { counts[s] = ctx.st.rows.filter(function (r) { return r.status === s; }).length; });
    return json({
      format: ex.statement.json_format, format_version: ex.statement.json_format_version, system: ctx.map.system,
      catalogue: { name: cat.name, version: cat.version, date: cat.date }, counts: counts,
      controls: statementRows(ctx).map(function (x) {
        var r = x.row, c = x.control;
        return { id: c.id, title: strip(c.title), layer: c.layer, priority: c.priority, status: r.status, components: r.components.slice(),
          reason: r.reason, rank: r.rank == null ? null : r.rank, tier: r.tier == null ? null : r.tier };
      }),
      uncovered: ctx.st.uncovered.map(function (u) { return { component: u.component, reason: u.reason }; }),
      first_tasks: ctx.st.tasks.map(function (t) { return { kind: t.kind, subject: t.subject, text: t.text, controls: t.controls.slice() }; })
    });
  }

  /* ---- the diagram's DOT source (generator/systemmap/diagram.py to_dot) ---- */
  function clean(text) { return words(str(text).replace(NOT_XML, "")).join(" "); }

  function shorten(text, limit) {
    var chars = Array.from(clean(text));
    return chars.length <= limit ? chars.join("") : chars.slice(0, limit - 1).join("").replace(PY_TRAIL, "") + "\u2026";
  }

  /* lines joined by \n (centred), or each ended by \l (left-aligned) when end is "l" */
  function quoted(lines, end) {
    var parts = lines.map(function (l) { return clean(l).replace(/\\/g, "\\\\").replace(/"/g, '\\"'); });
    if (end === "l") return '"' + parts.map(function (p) { return p + "\\l"; }).join("") + '"';
    return '"' + parts.join("\\n") + '"';
  }

  /* textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False), lengths in code points */
  function wrap(text, width) {
    var chunks = clean(text).split(/( +)/).filter(Boolean).map(function (c) { return Array.from(c); });
    var lines = [], blank = function (chunk) { return chunk[0] === " "; };
    chunks.reverse();
    while (chunks.length) {
      var line = [], len = 0;
      if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
      while (chunks.length && len + chunks[chunks.length - 1].length <= width) {
        var taken = chunks.pop();
        line.push(taken);
        len += taken.length;
      }
      if (chunks.length && chunks[chunks.length - 1].length > width) {
        var left = width < 1 ? 1 : width - len, chunk = chunks[chunks.length - 1];
        line.push(chunk.slice(0, left));
        chunks[chunks.length - 1] = chunk.slice(left);
      }
      if (line.length && blank(line[line.length - 1])) line.pop();
      if (line.length) lines.push(line.map(function (c) { return c.join(""); }).join(""));
    }
    return lines.length ? lines : [""];
  }

  /* diagram.py hosts: each component's first runs_on host that does not lead back to it, in map order */
  function hosts(map) {
    var ids = {}, parent = Object.create(null);
    map.components.forEach(function (c) { ids[c.id] = true; });
    map.components.forEach(function (c) {
      for (var i = 0; i < c.runs_on.length; i++) {
        var host = c.runs_on[i], seen = Object.create(null), up = host;
        seen[c.id] = true;
        while (up in parent && !(up in seen)) { seen[up] = true; up = parent[up]; }
        if (ids[host] && host !== c.id && !(up in seen)) { parent[c.id] = host; break; }
      }
    });
    return parent;
  }

  function diagramDot(ctx) {
    var d = ctx.ex.diagram, map = ctx.map, data = ctx.data, ai = {};
    data.components.forEach(function (t) { if (t.ai) ai[t.id] = true; });
    var parent = hosts(map);
    var out = [
      "digraph map {",
      '  graph [rankdir=TB, fontname="' + d.font + '", fontsize=10, nodesep=0.2, ranksep=0.25, pad=0.2,' +
        " labelloc=b, labeljust=l, label=" + quoted(wrap(d.caption, d.caption_wrap), "l") + "];",
      '  node [shape=box, style="rounded,filled", fontname="' + d.font + '", fontsize=10, margin="0.1,0.05"];',
      '  edge [fontname="' + d.font + '", fontsize=9, color="#444444", arrowsize=0.7];'
    ];
    var nodes = Object.create(null);
    map.components.forEach(function (c) {
      var users = map.people.filter(function (p) { return p.uses.indexOf(c.id) >= 0; }).map(function (p) { return p.role; }).join(", ");
      var lines = wrap(c.id, d.box_wrap).concat(wrap(window.AmbitMapper.typeLabel(data, c.type), d.box_wrap));
      if (ai[c.type]) lines[lines.length - 1] += " \u00b7 AI";
      if (users) lines = lines.concat(wrap("used by " + shorten(users, d.users_limit), d.box_wrap));
      var others = c.runs_on.filter(function (h, i) { return c.runs_on.indexOf(h) === i && h !== parent[c.id]; });
      if (others.length) lines = lines.concat(wrap("runs on " + shorten(others.join(", "), d.users_limit), d.box_wrap));
      nodes[c.id] = '"' + c.id + '" [label=' + quoted(lines) + ', fillcolor="' + (ai[c.type] ? d.ai_fill : d.plain_fill) + '", ' +
        d.exposure_style[c.exposure] + ", tooltip=" + quoted([c.name || c.id]) + "];";
    });
    var guests = Object.create(null), boxes = 0;
    map.components.forEach(function (c) {
      if (c.id in parent) (guests[parent[c.id]] = guests[parent[c.id]] || []).push(c.id);
    });
    function place(id, indent) {
      if (!(id in guests)) { out.push(indent + nodes[id]); return; }
      out.push(indent + "subgraph cluster_" + (boxes++) + " {");
      out.push(indent + "  graph [label=" + quoted(wrap("runs on " + id, d.box_wrap)) + ", " + d.host_style + "];");
      out.push(indent + "  " + nodes[id]);
      guests[id].forEach(function (g) { place(g, indent + "  "); });
      out.push(indent + "}");
    }
    map.components.forEach(function (c) { if (!(c.id in parent)) place(c.id, "  "); });
    map.flows.forEach(function (f) {
      out.push('  "' + f.source + '" -> "' + f.target + '" [label=' + quoted(wrap(f.data, d.label_wrap)) + ", tooltip=" + quoted([f.data]) + "];");
    });
    out.push("}");
    return out.join("\n") + "\n";
  }

  /* ---- checklist.xlsx (generator/downloads/xlsx_export.py build), as AmbitXlsx.write's sheets ---- */
  function colName(index) {
    var name = "";
    for (var n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    return name;
  }

  function checklistSheet(ctx) {
    var x = ctx.ex.xlsx, n = ctx.neutralise;
    var heads = x.columns.map(function (c) { return c[0]; });
    var widths = x.columns.map(function (c) { return c[1]; })
      .concat(ctx.columns.map(function () { return x.framework_width; }), x.map_columns.map(function (c) { return c[1]; }));
    var header = heads.concat(ctx.columns.map(function (c) { return c.short_name; }), x.map_columns.map(function (c) { return c[0]; })).map(n);
    var rows = [header], links = {};
    ctx.rows.forEach(function (r, i) {
      var c = r.control, a = r.answer;
      var texts = [c.id, strip(c.title), c.priority, c.effort_minutes,
        numbered(c.steps.map(window.AmbitMapper.stepText)), numbered(c.steps.map(function (s) { return s.evidence; })),
        r.appliesTo.join("; "), statusLabel(ctx.ex, a.status || "not-started"), str(a.owner), str(a.due), str(a.notes),
        strip(c.summary), r.layerName, strip(r.sectorNote), ""]
        .concat(ctx.columns.map(function (col) { return refCell(ctx.ex, r.references, col.key); }));
      var cells = texts.map(function (t) { return typeof t === "number" ? t : n(t); });
      cells[0] = c.id;  // the ID is written as is (a link when the site has an address), as xlsxwriter's write_url does
      rows.push(cells.concat([r.item.rank, n(r.item.tier), n(r.item.components.join("; "))]));
      if (r.url) links["A" + (i + 2)] = r.url;
    });
    var status = heads.indexOf("Status");
    return { name: x.sheets.checklist, rows: rows, widths: widths, freeze: { rows: 1, cols: 1 }, autofilter: true, links: links,
      lists: [{ column: status, values: x.statuses }] };
  }

  function componentSheet(ctx) {
    var x = ctx.ex.xlsx, n = ctx.neutralise, rows = [x.component_columns.map(function (c) { return c[0]; })], links = {};
    ctx.rows.forEach(function (r) {
      r.appliesTo.forEach(function (label, i) {
        var id = r.item.components[i], status = ((r.answer.components || {})[id]) || "not-started";
        if (r.url) links["A" + (rows.length + 1)] = r.url;
        rows.push([r.id, n(strip(r.control.title)), n(label), n(statusLabel(ctx.ex, status))]);
      });
    });
    return { name: x.sheets.component, rows: rows, widths: x.component_columns.map(function (c) { return c[1]; }),
      freeze: { rows: 1, cols: 1 }, autofilter: true, links: links, lists: [{ column: 3, values: x.statuses }] };
  }

  /* generator/downloads/rows.py summary_line */
  function summaryLine(ctx) {
    var count = ctx.rows.length, essential = ctx.rows.filter(function (r) { return r.control.priority === "essential"; }).length;
    var minutes = ctx.rows.reduce(function (s, r) { return s + r.control.effort_minutes; }, 0);
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    var effort = hours ? hours + " h " + (rest < 10 ? "0" : "") + rest + " min" : rest + " min";
    return count + " " + (count === 1 ? "control" : "controls") + ", " + essential + " essential; about " + effort + " to verify them all.";
  }

  function summarySheet(ctx, checklist) {
    var x = ctx.ex.xlsx, n = ctx.neutralise, cat = ctx.ex.catalogue, heads = x.columns.map(function (c) { return c[0]; });
    var count = ctx.rows.length;
    function range(col) { var l = colName(col); return x.sheets.checklist + "!$" + l + "$2:$" + l + "$" + (count + 1); }
    var layerRange = range(heads.indexOf("Layer")), statusRange = range(heads.indexOf("Status")), effortRange = range(heads.indexOf("Effort (minutes)"));
    var statusCol = heads.indexOf("Status");
    var headerRow = 4, first = headerRow + 1;
    var rows = [[n(strip(checklistTitle(ctx)))], [cat.name + " catalogue " + cat.version + " (" + cat.date + ")"], [summaryLine(ctx)], [],
      ["Layer", "Controls", "Minutes"].concat(x.statuses)];
    var names = [];
    ctx.rows.forEach(function (r) { if (names.indexOf(r.layerName) < 0) names.push(r.layerName); });
    var totals = [count, 0].concat(x.statuses.map(function () { return 0; }));
    names.forEach(function (name, i) {
      var r = first + i, nameCell = "$A" + (r + 1);
      var inLayer = checklist.rows.slice(1).filter(function (row) { return row[heads.indexOf("Layer")] === n(name); });
      var minutes = inLayer.reduce(function (s, row) { return s + row[heads.indexOf("Effort (minutes)")]; }, 0);
      totals[1] += minutes;
      var row = [n(name), { formula: "SUMPRODUCT(--(" + layerRange + "=" + nameCell + "))", value: inLayer.length },
        { formula: "SUMPRODUCT((" + layerRange + "=" + nameCell + ")*" + effortRange + ")", value: minutes }];
      x.statuses.forEach(function (s, j) {
        var statusCell = colName(3 + j) + "$" + (headerRow + 1);
        var cached = inLayer.filter(function (row) { return row[statusCol] === s; }).length;
        totals[2 + j] += cached;
        row.push({ formula: "SUMPRODUCT((" + layerRange + "=" + nameCell + ")*(" + statusRange + "=" + statusCell + "))", value: cached });
      });
      rows.push(row);
    });
    var totalRow = first + names.length, total = ["Total"];
    for (var col = 1; col < 3 + x.statuses.length; col++) {
      var l = colName(col);
      total.push({ formula: "SUM(" + l + (first + 1) + ":" + l + totalRow + ")", value: totals[col - 1] });
    }
    rows.push(total);
    return { name: x.sheets.summary, rows: rows, widths: [28].concat(x.statuses.concat(["", ""]).map(function () { return 13; })),
      header: headerRow, freeze: null };
  }

  /* generator/downloads/references.py crosswalk */
  function crosswalkSheet(ctx) {
    var x = ctx.ex.xlsx, n = ctx.neutralise, rows = [x.crosswalk_columns.map(function (c) { return c[0]; })];
    ctx.columns.forEach(function (col) {
      var citing = {}, order = [], titles = {}, position = {};
      col.titles.forEach(function (t, i) { titles[t[0]] = t[1]; position[t[0]] = i; });
      ctx.rows.forEach(function (r) {
        (r.references[col.key] || []).forEach(function (item) {
          if (!citing.hasOwnProperty(item)) { citing[item] = []; order.push(item); }
          if (citing[item].indexOf(r.id) < 0) citing[item].push(r.id);
        });
      });
      var last = col.titles.length;
      var ranked = order.map(function (item, i) { return [position.hasOwnProperty(item) ? position[item] : last, i, item]; });
      ranked.sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]); });
      ranked.forEach(function (e) {
        var item = e[2];
        rows.push([col.short_name, item, titles.hasOwnProperty(item) ? titles[item] : "", citing[item].join("; ")].map(n));
      });
    });
    return { name: x.sheets.crosswalk, rows: rows, widths: x.crosswalk_columns.map(function (c) { return c[1]; }),
      freeze: { rows: 1, cols: 0 }, autofilter: true };
  }

  function statementSheet(ctx) {
    var x = ctx.ex.xlsx, n = ctx.neutralise, rows = [x.statement_columns.map(function (c) { return c[0]; })];
    ctx.st.rows.forEach(function (r) {
      rows.push([r.id, strip(r.title), r.status, r.components.join(", "), r.reason].map(n));
    });
    // Every cell is written, empty ones too (as xlsxwriter's write_string does for the CLI).
    return { name: x.sheets.statement, rows: rows, widths: x.statement_columns.map(function (c) { return c[1]; }),
      freeze: { rows: 1, cols: 1 }, autofilter: true, keepEmpty: true };
  }

  /** The workbook's sheets and properties, for AmbitXlsx.write. */
  function checklistWorkbook(ctx) {
    var cat = ctx.ex.catalogue, checklist = checklistSheet(ctx);
    var sheets = [checklist, componentSheet(ctx), summarySheet(ctx, checklist), crosswalkSheet(ctx), statementSheet(ctx)];
    return {
      sheets: sheets,
      props: {
        title: checklistTitle(ctx), subject: cat.name + " catalogue " + cat.version, creator: cat.name,
        description: cat.name + " catalogue " + cat.version + " (" + cat.date + "); checklist " + checklistId(ctx),
        keywords: "ambit-checklist:" + checklistId(ctx) + " ambit-catalogue:" + cat.version, created: cat.date + "T00:00:00Z"
      }
    };
  }

  window.AmbitMapperExportFiles = {
    context: context, checklistCsv: checklistCsv, checklistJson: checklistJson, checklistWorkbook: checklistWorkbook,
    statementCsv: statementCsv, statementJson: statementJson, diagramDot: diagramDot, wrap: wrap
  };
})();
