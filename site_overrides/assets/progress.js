/* Ambit: progress on checklist pages, kept in this browser and never sent anywhere.
 *
 * A checklist page holds <div class="ambit-checklist" data-checklist-id data-catalogue-version>
 * with one li.ambit-item[data-control-id] per control. For each item this script adds a status,
 * an owner, a due date and notes, and on map checklists (data-per-component="true") a status per
 * component the item applies to. Progress is stored in localStorage under a key made of the
 * checklist id and the catalogue version, in the format of progress.schema.json, which is also
 * what Export writes and Import reads (Import reads the site's XLSX download too).
 *
 * An imported file is checked in full before anything is stored: if it has any problem, the
 * page lists every problem and the stored progress stays as it was. Notes and owners are only
 * ever set as form values or textContent, never as markup.
 */
(function () {
  "use strict";

  const STATUSES = [
    ["not-started", "Not started"],
    ["in-progress", "In progress"],
    ["implemented", "Implemented"],
    ["partially-implemented", "Partially implemented"],
    ["not-applicable", "Not applicable"],
    ["risk-accepted", "Risk accepted"],
  ];
  const STATUS_IDS = STATUSES.map(([id]) => id);
  /** Statuses that need no further work: they count as done in the summary. */
  const DONE = ["implemented", "not-applicable", "risk-accepted"];
  const FORMAT = "ambit-progress";
  const FORMAT_VERSION = 1;
  const MAX_FILE = 10 * 1024 * 1024;
  const CONTROL_ID = /^(ING|HST|IAM|END|PPL)-(\d{3}|[1-9]\d{3})$/;
  const COMPONENT_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
  const DATE = /^\d{4}-\d{2}-\d{2}$/;
  const ITEM_FIELDS = ["status", "owner", "due", "notes", "components"];
  const TOP_FIELDS = ["format", "format_version", "checklist", "catalogue_version", "saved", "items"];
  const LIMITS = { owner: 200, notes: 5000 };
  const MAX_ITEMS = 2000;
  const MAX_COMPONENTS = 200;

  // ---------------------------------------------------------------------------------------
  // The page: which checklist, which controls, which components each applies to.

  function describePage(root) {
    const items = new Map();
    for (const li of root.querySelectorAll(".ambit-item[data-control-id]")) {
      const components = new Map();
      for (const span of li.querySelectorAll(".ambit-component[data-component]")) {
        components.set(span.dataset.component, span.textContent);
      }
      items.set(li.dataset.controlId, { li, components });
    }
    return {
      root,
      id: root.dataset.checklistId,
      title: root.dataset.checklistTitle || "",
      version: root.dataset.catalogueVersion,
      perComponent: root.dataset.perComponent === "true",
      items,
      key: "ambit-progress:" + root.dataset.checklistId + "@" + root.dataset.catalogueVersion,
    };
  }

  function emptyProgress(page) {
    return { format: FORMAT, format_version: FORMAT_VERSION, checklist: page.id, catalogue_version: page.version, items: {} };
  }

  // ---------------------------------------------------------------------------------------
  // Checking a progress object against progress.schema.json and the page.

  function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  }

  function isRealDate(text) {
    const date = new Date(text + "T00:00:00Z");
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }

  /** Every problem of `data` as a progress file for `page`; an empty list when it is fine. */
  function check(data, page) {
    const errors = [];
    if (!isObject(data)) return ["the file does not hold a JSON object"];
    for (const key of Object.keys(data)) {
      if (!TOP_FIELDS.includes(key)) errors.push("unknown field \"" + key + "\"");
    }
    if (data.format !== FORMAT) {
      return ["this is not an Ambit progress file (\"format\" must be \"" + FORMAT + "\")"];
    }
    if (data.format_version !== FORMAT_VERSION) {
      errors.push("format_version " + JSON.stringify(data.format_version) + " is not supported (this page reads version " + FORMAT_VERSION + ")");
    }
    if (data.checklist !== page.id) {
      errors.push("the file is for checklist " + JSON.stringify(data.checklist) + ", this page is \"" + page.id + "\"");
    }
    if (data.catalogue_version !== page.version) {
      errors.push(
        "the file is for catalogue " + JSON.stringify(data.catalogue_version) + ", this page shows catalogue " + page.version +
          " (progress is kept per catalogue version)",
      );
    }
    if ("saved" in data && (typeof data.saved !== "string" || data.saved.length > 40)) {
      errors.push("\"saved\" must be a date-time text of at most 40 characters");
    }
    if (!isObject(data.items)) {
      errors.push("\"items\" must be an object keyed by control id");
      return errors;
    }
    const ids = Object.keys(data.items);
    if (ids.length > MAX_ITEMS) errors.push("\"items\" has " + ids.length + " entries; at most " + MAX_ITEMS + " are allowed");
    for (const id of ids.slice(0, MAX_ITEMS)) {
      const where = "items[" + JSON.stringify(id) + "]";
      if (!CONTROL_ID.test(id)) {
        errors.push(where + ": not a control id");
        continue;
      }
      const onPage = page.items.get(id);
      if (!onPage) {
        errors.push(where + ": " + id + " is not on this checklist");
        continue;
      }
      checkItem(data.items[id], where, onPage, page, errors);
    }
    return errors;
  }

  function checkItem(item, where, onPage, page, errors) {
    if (!isObject(item)) {
      errors.push(where + ": must be an object");
      return;
    }
    for (const key of Object.keys(item)) {
      if (!ITEM_FIELDS.includes(key)) errors.push(where + ": unknown field \"" + key + "\"");
    }
    if ("status" in item && !STATUS_IDS.includes(item.status)) {
      errors.push(where + ".status: " + JSON.stringify(item.status) + " is not a status; use one of " + STATUS_IDS.join(", "));
    }
    for (const field of ["owner", "notes"]) {
      if (!(field in item)) continue;
      if (typeof item[field] !== "string") errors.push(where + "." + field + ": must be text");
      else if (item[field].length > LIMITS[field]) {
        errors.push(where + "." + field + ": " + item[field].length + " characters; at most " + LIMITS[field] + " are allowed");
      }
    }
    if ("due" in item && (typeof item.due !== "string" || (item.due !== "" && !(DATE.test(item.due) && isRealDate(item.due))))) {
      errors.push(where + ".due: " + JSON.stringify(item.due) + " is not a date as YYYY-MM-DD");
    }
    if ("components" in item) {
      if (!isObject(item.components)) {
        errors.push(where + ".components: must be an object keyed by component id");
        return;
      }
      const keys = Object.keys(item.components);
      if (keys.length > MAX_COMPONENTS) errors.push(where + ".components: more than " + MAX_COMPONENTS + " components");
      for (const component of keys.slice(0, MAX_COMPONENTS)) {
        const at = where + ".components[" + JSON.stringify(component) + "]";
        if (!COMPONENT_ID.test(component)) errors.push(at + ": not a component id");
        else if (!page.perComponent || !onPage.components.has(component)) {
          errors.push(at + ": this control does not apply to a component \"" + component + "\" on this checklist");
        } else if (!STATUS_IDS.includes(item.components[component])) {
          errors.push(at + ": " + JSON.stringify(item.components[component]) + " is not a status; use one of " + STATUS_IDS.join(", "));
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Reading the site's XLSX download back.

  const XLSX_STATUS = new Map(STATUSES.flatMap(([id, label]) => [[label.toLowerCase(), id], [id, id]]));
  const NEUTRALISED = /^'(?=[=+\-@\t\r])/;

  function cellText(cell) {
    return cell ? cell.text.replace(NEUTRALISED, "").trim() : "";
  }

  function headerRow(rows, sheet, required, errors) {
    for (const row of rows.slice(0, 10)) {
      const columns = new Map();
      row.cells.forEach((cell, index) => {
        if (cell) columns.set(cell.text.trim().toLowerCase(), index);
      });
      if (required.every((name) => columns.has(name.toLowerCase()))) return { row, columns };
    }
    errors.push("sheet \"" + sheet + "\" has no header row with the columns " + required.map((n) => "\"" + n + "\"").join(", "));
    return null;
  }

  function serialDate(number, date1904) {
    const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
    return new Date(epoch + Math.round(number) * 86400000).toISOString().slice(0, 10);
  }

  function readStatus(cell, label, errors) {
    const text = cellText(cell).toLowerCase();
    if (!text) return "";
    const status = XLSX_STATUS.get(text);
    if (!status) {
      errors.push(label + ": " + JSON.stringify(cellText(cell)) + " is not a status; use one of " + STATUSES.map(([, l]) => l.toLowerCase()).join(", "));
    }
    return status || "";
  }

  /** The cells of `columns` in `row`; an error for each that holds a formula. */
  function takeCells(row, columns, sheet, errors) {
    const cells = {};
    for (const [name, index] of columns) {
      const cell = row.cells[index];
      if (cell && cell.formula) {
        errors.push(sheet + "!" + cell.ref + " (" + name + "): the cell holds a formula; Import takes typed values only");
      }
      cells[name] = cell;
    }
    return cells;
  }

  function progressFromWorkbook(book, page) {
    const errors = [];
    const version = /catalogue (\d+\.\d+\.\d+)/.exec(book.subject || "");
    if (version && version[1] !== page.version) {
      errors.push("the workbook is for catalogue " + version[1] + ", this page shows catalogue " + page.version);
    }
    if (book.title && page.title && book.title !== page.title) {
      errors.push("the workbook is the checklist \"" + book.title + "\", this page is \"" + page.title + "\"");
    }
    const rows = book.sheets.Checklist;
    if (!rows) return { errors: ["the workbook has no sheet named \"Checklist\""] };
    const header = headerRow(rows, "Checklist", ["ID", "Status"], errors);
    const progress = emptyProgress(page);
    if (header) {
      const wanted = ["id", "status", "owner", "due date", "notes"].filter((n) => header.columns.has(n));
      const columns = wanted.map((n) => [n, header.columns.get(n)]);
      for (const row of rows.filter((r) => r.number > header.row.number)) {
        const cells = takeCells(row, columns, "Checklist", errors);
        const id = cellText(cells.id);
        if (!id) continue;
        const where = "Checklist!" + cells.id.ref;
        if (!page.items.has(id)) {
          errors.push(where + ": " + id + " is not on this checklist");
          continue;
        }
        const item = {};
        const status = readStatus(cells.status, "Checklist!" + (cells.status ? cells.status.ref : "row " + row.number) + " (Status)", errors);
        if (status && status !== "not-started") item.status = status;
        if (cellText(cells.owner)) item.owner = cellText(cells.owner);
        if (cellText(cells.notes)) item.notes = cellText(cells.notes);
        const due = cells["due date"];
        if (due && due.number !== null && Number.isFinite(due.number)) item.due = serialDate(due.number, book.date1904);
        else if (cellText(due)) {
          if (DATE.test(cellText(due)) && isRealDate(cellText(due))) item.due = cellText(due);
          else errors.push("Checklist!" + due.ref + " (Due date): " + JSON.stringify(cellText(due)) + " is not a date; use YYYY-MM-DD");
        }
        if (Object.keys(item).length) progress.items[id] = item;
      }
    }
    const byComponent = book.sheets["By component"];
    if (byComponent && page.perComponent) readComponents(byComponent, page, progress, errors);
    if (errors.length) return { errors };
    return { progress, errors: check(progress, page) };
  }

  function readComponents(rows, page, progress, errors) {
    const header = headerRow(rows, "By component", ["ID", "Component", "Status"], errors);
    if (!header) return;
    const columns = ["id", "component", "status"].map((n) => [n, header.columns.get(n)]);
    for (const row of rows.filter((r) => r.number > header.row.number)) {
      const cells = takeCells(row, columns, "By component", errors);
      const id = cellText(cells.id);
      if (!id) continue;
      const onPage = page.items.get(id);
      if (!onPage) {
        errors.push("By component!" + cells.id.ref + ": " + id + " is not on this checklist");
        continue;
      }
      // The download names a component "route-history (object storage bucket)"; the id comes first.
      const component = cellText(cells.component).split(" (")[0];
      if (!onPage.components.has(component)) {
        const ref = cells.component ? cells.component.ref : "row " + row.number;
        errors.push("By component!" + ref + ": " + id + " does not apply to a component \"" + component + "\" on this checklist");
        continue;
      }
      const status = readStatus(cells.status, "By component!" + (cells.status ? cells.status.ref : "row " + row.number) + " (Status)", errors);
      if (!status) continue;
      const item = (progress.items[id] = progress.items[id] || {});
      item.components = item.components || {};
      item.components[component] = status;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Storage.

  function load(page) {
    let text = null;
    try {
      text = window.localStorage.getItem(page.key);
    } catch (error) {
      return { progress: emptyProgress(page), problem: "This browser does not let the page store progress: " + error.message };
    }
    if (text === null) return { progress: emptyProgress(page), problem: "" };
    try {
      const data = JSON.parse(text);
      if (check(data, page).length === 0) return { progress: data, problem: "" };
    } catch (error) {
      // fall through: unreadable stored progress is reported, not used
    }
    return { progress: emptyProgress(page), problem: "The progress stored for this checklist could not be read; it is shown empty until you change something." };
  }

  function save(page, progress) {
    try {
      window.localStorage.setItem(page.key, JSON.stringify(progress));
      return "";
    } catch (error) {
      return "Could not store progress in this browser: " + error.message;
    }
  }

  // ---------------------------------------------------------------------------------------
  // The controls on each item.

  function element(tag, props, children) {
    const el = document.createElement(tag);
    Object.assign(el, props || {});
    for (const c of children || []) el.append(c);
    return el;
  }

  function statusSelect(name) {
    const select = element("select", { name });
    for (const [id, label] of STATUSES) select.append(element("option", { value: id, textContent: label }));
    return select;
  }

  function labelled(text, control) {
    return element("label", {}, [element("span", { className: "ambit-track__label", textContent: text }), control]);
  }

  function buildTracker(id, onPage) {
    const status = statusSelect("status");
    status.setAttribute("aria-label", "Status of " + id);
    const fields = { status, components: new Map() };
    const parts = [labelled("Status", status)];
    if (onPage.components.size) {
      const set = element("fieldset", { className: "ambit-track__components" }, [element("legend", { textContent: "Status per component" })]);
      for (const [component, label] of onPage.components) {
        const select = statusSelect("component");
        select.dataset.component = component;
        fields.components.set(component, select);
        set.append(labelled(label, select));
      }
      parts.push(set);
    }
    fields.owner = element("input", { type: "text", name: "owner", maxLength: LIMITS.owner, autocomplete: "off" });
    fields.due = element("input", { type: "date", name: "due" });
    fields.notes = element("textarea", { name: "notes", maxLength: LIMITS.notes, rows: 3 });
    fields.more = element("details", { className: "ambit-track__more" }, [
      element("summary", { textContent: "Owner, due date and notes" }),
      labelled("Owner", fields.owner),
      labelled("Due date", fields.due),
      labelled("Notes", fields.notes),
    ]);
    parts.push(fields.more);
    const box = element("div", { className: "ambit-track", role: "group" }, parts);
    box.setAttribute("aria-label", "Progress on " + id);
    return { box, fields };
  }

  function show(tracker, item) {
    const f = tracker.fields;
    f.status.value = item.status || "not-started";
    for (const [component, select] of f.components) select.value = (item.components || {})[component] || "not-started";
    f.owner.value = item.owner || "";
    f.due.value = item.due || "";
    f.notes.value = item.notes || "";
    if (item.owner || item.due || item.notes) f.more.open = true;
  }

  function read(tracker) {
    const f = tracker.fields;
    const item = {};
    if (f.status.value !== "not-started") item.status = f.status.value;
    const components = {};
    for (const [component, select] of f.components) if (select.value !== "not-started") components[component] = select.value;
    if (Object.keys(components).length) item.components = components;
    if (f.owner.value.trim()) item.owner = f.owner.value.trim().slice(0, LIMITS.owner);
    if (f.due.value && DATE.test(f.due.value)) item.due = f.due.value;
    if (f.notes.value.trim()) item.notes = f.notes.value.slice(0, LIMITS.notes);
    return item;
  }

  // ---------------------------------------------------------------------------------------
  // Summary and messages.

  function summarise(page, progress) {
    const layers = new Map();
    let done = 0;
    let started = 0;
    for (const [id, { li }] of page.items) {
      const status = (progress.items[id] || {}).status || "not-started";
      li.dataset.status = status;
      const layer = layers.get(li.dataset.layer) || { done: 0, total: 0 };
      layer.total += 1;
      if (DONE.includes(status)) {
        layer.done += 1;
        done += 1;
      } else if (status !== "not-started") started += 1;
      layers.set(li.dataset.layer, layer);
    }
    const summary = page.root.querySelector(".ambit-summary");
    summary.textContent =
      "Done: " + done + " of " + page.items.size + " controls (implemented, not applicable or risk accepted); " + started + " in progress or partly done.";
    for (const section of page.root.querySelectorAll(".ambit-layer[data-layer]")) {
      const layer = layers.get(section.dataset.layer);
      const span = section.querySelector(".ambit-layer__progress");
      if (layer && span) span.textContent = ", " + layer.done + " of " + layer.total + " done";
    }
  }

  function message(page, text, problems) {
    const box = page.root.querySelector(".ambit-message");
    box.replaceChildren(element("p", { textContent: text }));
    box.classList.toggle("ambit-message--error", Boolean(problems && problems.length));
    if (problems && problems.length) {
      const list = element("ul");
      for (const p of problems.slice(0, 20)) list.append(element("li", { textContent: p }));
      if (problems.length > 20) list.append(element("li", { textContent: "… and " + (problems.length - 20) + " more" }));
      box.append(list);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Export and import.

  function ordered(page, progress) {
    const items = {};
    for (const id of page.items.keys()) if (progress.items[id]) items[id] = progress.items[id];
    return {
      format: FORMAT,
      format_version: FORMAT_VERSION,
      checklist: page.id,
      catalogue_version: page.version,
      saved: new Date().toISOString(),
      items,
    };
  }

  function exportJson(page, progress) {
    const blob = new Blob([JSON.stringify(ordered(page, progress), null, 2) + "\n"], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = element("a", { href: url, download: page.id + "-" + page.version + "-progress.json" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  async function parseFile(file, page) {
    if (file.size > MAX_FILE) return { errors: ["the file is " + file.size + " bytes; at most " + MAX_FILE + " are read"] };
    const buffer = await file.arrayBuffer();
    const head = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
    if (head[0] === 0x50 && head[1] === 0x4b) {
      try {
        const book = await window.AmbitXlsx.read(buffer, ["Checklist", "By component"]);
        return progressFromWorkbook(book, page);
      } catch (error) {
        if (error instanceof window.AmbitXlsx.XlsxError) return { errors: [error.message] };
        throw error;
      }
    }
    let data;
    try {
      data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buffer));
    } catch (error) {
      return { errors: ["the file is neither an Ambit progress JSON file nor an XLSX workbook (" + error.message + ")"] };
    }
    const errors = check(data, page);
    return { progress: data, errors };
  }

  async function importFile(page, state, file) {
    let result;
    try {
      result = await parseFile(file, page);
    } catch (error) {
      result = { errors: ["the file could not be read: " + error.message] };
    }
    if (result.errors.length) {
      message(page, "Nothing was imported from " + file.name + ", and your stored progress is unchanged:", result.errors);
      return;
    }
    const progress = emptyProgress(page);
    for (const id of page.items.keys()) if (result.progress.items[id]) progress.items[id] = result.progress.items[id];
    const problem = save(page, progress);
    if (problem) {
      message(page, problem, [problem]);
      return;
    }
    state.progress = progress;
    for (const [id, tracker] of state.trackers) show(tracker, progress.items[id] || {});
    changed(page, state);
    const count = Object.keys(progress.items).length;
    message(page, "Imported " + file.name + ": progress on " + count + " control" + (count === 1 ? "" : "s") + " replaces what was stored.");
  }

  function changed(page, state) {
    summarise(page, state.progress);
    page.root.dispatchEvent(new CustomEvent("ambit:progress"));
  }

  // ---------------------------------------------------------------------------------------

  function setUp(root) {
    if (root.dataset.progressReady) return;
    root.dataset.progressReady = "1";
    const page = describePage(root);
    const loaded = load(page);
    const state = { progress: loaded.progress, trackers: new Map() };
    for (const [id, onPage] of page.items) {
      const tracker = buildTracker(id, onPage);
      show(tracker, state.progress.items[id] || {});
      onPage.li.append(tracker.box);
      state.trackers.set(id, tracker);
      const update = () => {
        const item = read(tracker);
        if (Object.keys(item).length) state.progress.items[id] = item;
        else delete state.progress.items[id];
        const problem = save(page, state.progress);
        if (problem) message(page, problem, [problem]);
        changed(page, state);
      };
      tracker.box.addEventListener("change", update);
      tracker.box.addEventListener("input", update);
    }
    const tools = root.querySelector(".ambit-progress-tools");
    tools.hidden = false;
    tools.querySelector("[data-action=export-json]").addEventListener("click", () => exportJson(page, state.progress));
    const input = tools.querySelector("[data-action=import]");
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (file) await importFile(page, state, file);
      input.value = "";
    });
    tools.querySelector("[data-action=clear]").addEventListener("click", () => {
      if (!window.confirm("Clear the progress this browser keeps for this checklist? Export it first to keep a copy.")) return;
      try {
        window.localStorage.removeItem(page.key);
      } catch (error) {
        // nothing stored, nothing to clear
      }
      state.progress = emptyProgress(page);
      for (const tracker of state.trackers.values()) show(tracker, {});
      changed(page, state);
      message(page, "Progress for this checklist was cleared.");
    });
    if (loaded.problem) message(page, loaded.problem, [loaded.problem]);
    changed(page, state);
  }

  function init() {
    for (const root of document.querySelectorAll(".ambit-checklist[data-checklist-id]")) setUp(root);
  }

  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
