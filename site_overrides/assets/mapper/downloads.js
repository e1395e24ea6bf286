/* Downloads from the mapper: the files `ambit map` writes for the map (the tailored checklist as
 * XLSX, CSV and JSON, the statement of applicability as CSV and JSON, the diagram's Graphviz
 * source), made by exportfiles.js with the answers kept in this browser filled in; the checklist
 * and the one-hour review as Markdown; and a print view (the browser's "Save as PDF").
 *
 * The files' layouts and the text they need beyond the engine's data are in
 * assets/mapper/exports.js (the page's data-exports), loaded as a script file on the first
 * download: it is as large as the engine's data, and a script loads from file:// where fetch
 * does not. Markdown special characters in the map's and the user's text are escaped.
 */
(function () {
  "use strict";

  var TIER_HEADINGS = { first: "First tier: do this week", next: "Next tier: this month", later: "Later: when the first two tiers are done" };
  var STATUS_LABELS = { "not-started": "not started", "in-progress": "in progress", "implemented": "implemented",
    "partially-implemented": "partially implemented", "not-applicable": "not applicable", "risk-accepted": "risk accepted" };

  function md(text) { return String(text == null ? "" : text).replace(/([\\`*_[\]<>|#])/g, "\\$1"); }

  function numbered(list) { return list.map(function (x, i) { return (i + 1) + ". " + String(x).trim(); }).join("\n"); }

  function slug(system) {
    return String(system || "system").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "system";
  }

  /** The answers stored for the map's checklist (see progress.js), or no answers. */
  function stored(data, map) {
    var key = "ambit-progress:" + window.AmbitMapperTracker.checklistId(map.system) + "@" + data.catalogue.version;
    try {
      var parsed = JSON.parse(window.localStorage.getItem(key) || "null");
      if (parsed && typeof parsed.items === "object" && parsed.items) return parsed.items;
    } catch (e) { /* unreadable: no answers */ }
    return {};
  }

  function absolute(href) {
    try { return new URL(href, window.location.href).href; } catch (e) { return href; }
  }

  // A component's label in a checklist item, with the assumption it is kept on
  // (applies_label in generator/systemmap/select.py).
  function appliesLabel(data, map, item, id) {
    var label = window.AmbitMapperTracker.componentLabel(data, map, id);
    var assumed = (item.assumptions || []).filter(function (a) { return a.component === id; })[0];
    return assumed ? label.slice(0, -1) + "; assumed: " + assumed.text + ")" : label;
  }

  function checklistMarkdown(data, map, items, controlHref) {
    var answers = stored(data, map), out = [];
    var first = items.filter(function (i) { return i.tier === "first"; }).length;
    out.push("# " + md(map.system) + ": checklist for this system", "");
    out.push(items.length + " of " + data.controls.length + " controls for the " + map.components.length + " components of " +
      md(map.system) + ", ranked by risk; the first " + first + " are for this week.", "");
    out.push(data.catalogue.name + " catalogue " + data.catalogue.version + " (" + data.catalogue.date + "), made in the browser by the mapper page.", "");
    data.constants.tiers.forEach(function (tier) {
      var members = items.filter(function (i) { return i.tier === tier; });
      if (!members.length) return;
      out.push("## " + (TIER_HEADINGS[tier] || tier), "");
      members.forEach(function (item) {
        var c = item.control, a = answers[c.id] || {};
        var done = ["implemented", "not-applicable", "risk-accepted"].indexOf(a.status) >= 0;
        out.push("- [" + (done ? "x" : " ") + "] **[" + c.id + "](<" + absolute(controlHref(c.id)) + ">)** " + md(c.title));
        out.push("  - " + md(String(c.summary).trim()));
        out.push("  - Priority: " + c.priority + "; about " + c.effort_minutes + " minutes to verify");
        out.push("  - Rank " + item.rank + ", risk score " + item.score.total);
        out.push("  - Applies to: " + item.components.map(function (id) { return md(appliesLabel(data, map, item, id)); }).join("; "));
        c.steps.forEach(function (s, n) {
          out.push("  - Verify " + (n + 1) + ": " + String(window.AmbitMapper.stepText(s)).trim().replace(/\n/g, " "));
          out.push("    Evidence: " + String(s.evidence).trim().replace(/\n/g, " "));
        });
        if (a.status) out.push("  - Status: " + (STATUS_LABELS[a.status] || a.status));
        Object.keys(a.components || {}).forEach(function (id) { out.push("  - Status on " + md(id) + ": " + (STATUS_LABELS[a.components[id]] || a.components[id])); });
        if (a.owner) out.push("  - Owner: " + md(a.owner));
        if (a.due) out.push("  - Due: " + a.due);
        if (a.notes) out.push("  - Notes: " + md(a.notes).replace(/\r?\n/g, " "));
      });
      out.push("");
    });
    return out.join("\n").replace(/\n+$/, "") + "\n";
  }

  function reviewMarkdown(data, map, pack, controlHref) {
    var out = ["# One-hour review of " + md(pack.component), ""];
    out.push(md(map.system) + ": " + pack.steps.length + " steps, " + pack.used + " of " + pack.budget + " minutes. " +
      data.catalogue.name + " catalogue " + data.catalogue.version + ".", "");
    pack.steps.forEach(function (s, n) {
      out.push((n + 1) + ". **[" + s.control.id + "](<" + absolute(controlHref(s.control.id)) + ">) step " + s.number + "** (" + s.minutes + " min): " +
        String(window.AmbitMapper.stepText(s.step)).trim().replace(/\n/g, " "));
      out.push("   Evidence: " + String(s.step.evidence).trim().replace(/\n/g, " "));
    });
    return out.join("\n") + "\n";
  }

  function save(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  /** Run `done(exports)` once assets/mapper/exports.js is loaded; `fail(message)` if it cannot be. */
  function withExports(done, fail) {
    if (window.AmbitMapperExports) { done(window.AmbitMapperExports); return; }
    var root = document.getElementById("ambit-mapper"), src = root && root.getAttribute("data-exports");
    if (!src) { fail("This page does not name the downloads' data (data-exports)."); return; }
    var script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", function () {
      if (window.AmbitMapperExports) done(window.AmbitMapperExports);
      else fail("The downloads' data did not load (" + src + ").");
    });
    script.addEventListener("error", function () { fail("The downloads' data could not be loaded (" + src + ")."); });
    document.body.appendChild(script);
  }

  /**
   * Wire the download buttons of the mapper page. `current()` gives {data, map, items, pack,
   * controlHref} for a complete map, or null (the buttons then say so instead of downloading).
   */
  function wire(current, say) {
    function on(id, make) {
      var button = document.getElementById(id);
      if (!button) return;
      button.addEventListener("click", function () {
        var now = current();
        if (!now) { say("Complete the map first: the downloads are made from its checklist."); return; }
        make(now);
      });
    }
    // A file `ambit map` writes: made from the map, the exports data and the stored answers.
    function file(id, suffix, type, make) {
      on(id, function (n) {
        withExports(function (ex) {
          var ctx = window.AmbitMapperExportFiles.context(n.data, ex, n.map, stored(n.data, n.map));
          save(slug(n.map.system) + "-" + suffix, make(ctx), type);
        }, say);
      });
    }
    file("mapper-download-xlsx", "checklist.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", function (ctx) {
      var book = window.AmbitMapperExportFiles.checklistWorkbook(ctx);
      return window.AmbitXlsx.write(book.sheets, book.props);
    });
    file("mapper-download-csv", "checklist.csv", "text/csv;charset=utf-8", window.AmbitMapperExportFiles.checklistCsv);
    file("mapper-download-json", "checklist.json", "application/json", window.AmbitMapperExportFiles.checklistJson);
    file("mapper-download-statement-csv", "applicability.csv", "text/csv;charset=utf-8", window.AmbitMapperExportFiles.statementCsv);
    file("mapper-download-statement-json", "applicability.json", "application/json", window.AmbitMapperExportFiles.statementJson);
    file("mapper-download-diagram", "diagram.dot", "text/vnd.graphviz;charset=utf-8", window.AmbitMapperExportFiles.diagramDot);
    on("mapper-download-md", function (n) {
      save(slug(n.map.system) + "-checklist.md", checklistMarkdown(n.data, n.map, n.items, n.controlHref), "text/markdown;charset=utf-8");
    });
    on("mapper-download-review", function (n) {
      save(slug(n.map.system) + "-review-" + n.pack.component + ".md", reviewMarkdown(n.data, n.map, n.pack, n.controlHref), "text/markdown;charset=utf-8");
    });
    on("mapper-print", function () { window.print(); });
  }

  window.AmbitMapperDownloads = { wire: wire, checklistMarkdown: checklistMarkdown, reviewMarkdown: reviewMarkdown };
})();
