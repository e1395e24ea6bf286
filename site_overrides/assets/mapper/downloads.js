/* Downloads from the mapper: the tailored checklist as CSV and Markdown with the answers kept in
 * this browser, the one-hour review as Markdown, and a print view (the browser's "Save as PDF").
 *
 * Built from the engine's output (AmbitMapper.checklist and .review) and the stored progress of
 * the map's checklist; nothing is computed here that the engine does not give. The CSV has the
 * columns of `ambit map`'s checklist.csv up to notes (framework columns are not in the mapper's
 * data), then rank, tier and components like a map checklist's CSV; status, owner, due date and
 * notes hold the answers. Text a spreadsheet would run as a formula gets a leading "'" (as the
 * site's downloads do); Markdown special characters in the map's and the user's text are escaped.
 */
(function () {
  "use strict";

  var CSV_COLUMNS = ["id", "title", "layer", "layer_name", "priority", "summary", "how_to_verify", "evidence_to_keep",
    "sector_note", "applies_to", "effort_minutes", "url", "status", "owner", "due_date", "notes", "rank", "tier", "components"];
  var TIER_HEADINGS = { first: "First tier: do this week", next: "Next tier: this month", later: "Later: when the first two tiers are done" };
  var STATUS_LABELS = { "not-started": "not started", "in-progress": "in progress", "implemented": "implemented",
    "partially-implemented": "partially implemented", "not-applicable": "not applicable", "risk-accepted": "risk accepted" };

  function neutralise(text) { return /^[=+\-@\t\r]/.test(text) ? "'" + text : text; }

  function csvCell(value) {
    var text = neutralise(String(value == null ? "" : value));
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

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

  function layerName(data, id) {
    var layer = data.layers.filter(function (l) { return l.id === id; })[0];
    return layer ? layer.name : id;
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

  function checklistCsv(data, map, items, controlHref) {
    var answers = stored(data, map), lines = [CSV_COLUMNS.join(",")];
    items.forEach(function (item) {
      var c = item.control, a = answers[c.id] || {};
      var labels = item.components.map(function (id) { return appliesLabel(data, map, item, id); });
      lines.push([c.id, c.title, c.layer, layerName(data, c.layer), c.priority, String(c.summary).trim(),
        numbered(c.steps.map(function (s) { return s.step; })), numbered(c.steps.map(function (s) { return s.evidence; })),
        String((c.sectors || {})[map.sector] || "").trim(), labels.join("; "), c.effort_minutes, absolute(controlHref(c.id)),
        a.status ? STATUS_LABELS[a.status] || a.status : "", a.owner || "", a.due || "", a.notes || "",
        item.rank, item.tier, item.components.join("; ")].map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
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
          out.push("  - Verify " + (n + 1) + ": " + String(s.step).trim().replace(/\n/g, " "));
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
        String(s.step.step).trim().replace(/\n/g, " "));
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
    on("mapper-download-csv", function (n) {
      save(slug(n.map.system) + "-checklist.csv", checklistCsv(n.data, n.map, n.items, n.controlHref), "text/csv;charset=utf-8");
    });
    on("mapper-download-md", function (n) {
      save(slug(n.map.system) + "-checklist.md", checklistMarkdown(n.data, n.map, n.items, n.controlHref), "text/markdown;charset=utf-8");
    });
    on("mapper-download-review", function (n) {
      save(slug(n.map.system) + "-review-" + n.pack.component + ".md", reviewMarkdown(n.data, n.map, n.pack, n.controlHref), "text/markdown;charset=utf-8");
    });
    on("mapper-print", function () { window.print(); });
  }

  window.AmbitMapperDownloads = { wire: wire, checklistCsv: checklistCsv, checklistMarkdown: checklistMarkdown, reviewMarkdown: reviewMarkdown };
})();
