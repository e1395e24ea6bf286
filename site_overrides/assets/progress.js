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
 * page lists every problem and the stored progress stays as it was. A sound file is merged, never
 * swapped in: the page first lists what it would change (new answers, changed answers with the
 * stored and the file's value, stored answers the file does not mention, which are kept), the user
 * applies or cancels, and one Undo brings back the progress as it was before the import. Empty
 * cells and "not started" in a file say nothing, so they never erase a stored answer.
 *
 * Saving is per item: a change re-reads what is stored and writes back only the item changed, and
 * the page follows the `storage` event, so two tabs of one checklist never overwrite each other.
 * Answers stored under an older catalogue version are found and offered for carrying forward
 * (through the same preview). Progress exports as JSON or as an XLSX workbook with the answers
 * filled in, which Import and `ambit progress from-xlsx` read back.
 *
 * Start-up is kept light: each item gets its status select (and per-component selects) at once,
 * in slices after the first items; the owner, due date and notes fields only when the reader
 * opens them or the item has one of those answers. Export, import, Clear and other tabs' changes
 * work on what is stored, so they reach items whose fields were never built.
 *
 * Notes and owners are only ever set as form values or textContent, never as markup.
 * window.AmbitProgress.setUp(root) tracks a checklist built after load (the mapper's result).
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
  /** Workbooks are read up to this size; progress JSON up to MAX_JSON, the limit of `ambit progress`. */
  const MAX_FILE = 10 * 1024 * 1024;
  const MAX_JSON = 5000000;
  /** Deepest nesting read, as generator/progress/load.py MAX_DEPTH (a progress file needs four levels). */
  const MAX_DEPTH = 16;
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
      const title = li.querySelector(".ambit-item__title strong");
      items.set(li.dataset.controlId, { li, components, title: title ? title.textContent : li.dataset.title || "" });
    }
    return {
      root,
      catalogueName: root.dataset.catalogueName || "Ambit",
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

  /** Characters as Python counts them (code points), not UTF-16 units: an emoji is one. */
  function characters(text) {
    let count = 0;
    for (const ch of text) if (ch) count += 1;
    return count;
  }

  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  /**
   * JSON text as `ambit progress` reads it (generator/progress/load.py): JSON.parse alone would
   * take a key given twice (the last wins), half of a UTF-16 pair ("\ud800") and any nesting, which
   * the CLI refuses. Returns {data, errors}; used for files and for what storage holds alike.
   */
  function readJson(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { data: null, errors: ["the file is neither an Ambit progress JSON file nor an XLSX workbook (" + error.message + ")"] };
    }
    const errors = [];
    const keys = [];
    let depth = 0;
    // The text is valid JSON here, so a plain scan finds every key: a string right after "{" or ","
    // inside an object, followed by ":".
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === "\"") {
        let end = i + 1;
        while (text[end] !== "\"") end += text[end] === "\\" ? 2 : 1;
        const top = keys[keys.length - 1];
        let next = end + 1;
        while (/\s/.test(text[next] || "")) next += 1;
        if (top && text[next] === ":") {
          const key = JSON.parse(text.slice(i, end + 1));
          if (top.has(key)) errors.push("key " + JSON.stringify(key) + " appears twice; keep one of them");
          top.add(key);
        }
        i = end;
      } else if (ch === "{" || ch === "[") {
        depth += 1;
        if (depth > MAX_DEPTH) return { data: null, errors: ["values are nested more than " + MAX_DEPTH + " levels deep"] };
        keys.push(ch === "{" ? new Set() : null);
      } else if (ch === "}" || ch === "]") {
        depth -= 1;
        keys.pop();
      }
    }
    const walk = (value, where) => {
      if (typeof value === "string") {
        if (LONE_SURROGATE.test(value)) errors.push((where || "(top)") + ": holds half of a UTF-16 pair (\\ud800-\\udfff), which is not a character");
      } else if (value && typeof value === "object") {
        for (const key of Object.keys(value)) {
          const at = where ? where + "/" + key : key;
          if (LONE_SURROGATE.test(key)) errors.push(at + ": a key holds half of a UTF-16 pair");
          walk(value[key], at);
        }
      }
    };
    walk(data, "");
    return { data: errors.length ? null : data, errors };
  }

  function isRealDate(text) {
    const date = new Date(text + "T00:00:00Z");
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }

  /**
   * Every problem of `data` as a progress file for `page`; an empty list when it is fine.
   * With `stored`, answers for controls or components not on the page are allowed (stored progress
   * keeps them: a map checklist changes as the map does, and they come back with the control).
   */
  function check(data, page, stored) {
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
    if (data.catalogue_version !== page.version && !stored) {
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
      if (!onPage && !stored) {
        errors.push(where + ": " + id + " is not on this checklist");
        continue;
      }
      checkItem(data.items[id], where, onPage || null, page, errors);
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
      else if (characters(item[field]) > LIMITS[field]) {
        errors.push(where + "." + field + ": " + characters(item[field]) + " characters; at most " + LIMITS[field] + " are allowed");
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
        else if (onPage && (!page.perComponent || !onPage.components.has(component))) {
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

  /** The headings each sheet is read by (the reader keeps only these columns), as ambit progress from-xlsx reads them. */
  const WORKBOOK_COLUMNS = {
    Checklist: { required: ["ID", "Status", "Owner", "Due date", "Notes"], keep: ["ID", "Status", "Owner", "Due date", "Notes"] },
    "By component": { required: ["ID", "Component", "Status"], keep: ["ID", "Component", "Status"] },
  };

  function headerRow(rows, sheet, required, errors) {
    for (const row of rows.slice(0, 10)) {
      const columns = new Map();
      row.cells.forEach((cell, index) => {
        // The first of two alike headings counts, as in ambit progress from-xlsx.
        const heading = cell ? cell.text.trim().toLowerCase() : "";
        if (cell && !columns.has(heading)) columns.set(heading, index);
      });
      if (required.every((name) => columns.has(name.toLowerCase()))) return { row, columns };
    }
    errors.push("sheet \"" + sheet + "\" has no header row with the columns " + required.map((n) => "\"" + n + "\"").join(", "));
    return null;
  }

  const MAX_SERIAL = 2958465; // 9999-12-31, the last day a spreadsheet can hold

  /** The day of a date serial (its time of day left out), as openpyxl's from_excel gives it to the CLI. */
  function serialDate(number, date1904) {
    let day = Math.floor(number);
    // Excel counts a 1900-02-29 that never was: serials before it are one day later than the epoch says.
    if (!date1904 && day < 60) day += 1;
    const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
    return new Date(epoch + day * 86400000).toISOString().slice(0, 10);
  }

  function readStatus(cell, label, errors) {
    // Case and runs of spaces do not matter ("Partially  Implemented"), as in ambit progress from-xlsx.
    const text = cellText(cell).toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    if (!text) return "";
    const status = XLSX_STATUS.get(text);
    if (!status) {
      errors.push(label + ": " + JSON.stringify(cellText(cell)) + " is not a status; use one of " + STATUSES.map(([, l]) => l.toLowerCase()).join(", "));
    }
    return status || "";
  }

  const HEADINGS = { id: "ID", status: "Status", owner: "Owner", "due date": "Due date", notes: "Notes", component: "Component" };

  /**
   * The cells of `columns` in `row` ({name: cell}, a formula's left out) and whether any held a
   * formula, with an error for each: a formula is never evaluated nor taken as its cached value, as
   * ambit progress from-xlsx refuses it too (type the value itself).
   */
  function takeCells(row, columns, sheet, errors) {
    const cells = {};
    let formula = false;
    for (const [name, index] of columns) {
      const cell = row.cells[index];
      if (cell && cell.formula) {
        formula = true;
        errors.push(
          sheet + "!" + cell.ref + ": the " + HEADINGS[name] + " cell holds a formula; Ambit reads typed values only (type the value itself; to keep text that starts with \"=\", type ' before it)",
        );
        continue;
      }
      cells[name] = cell;
    }
    return { cells, formula };
  }

  /*
   * Which checklist and catalogue version a workbook holds: its keywords, "ambit-checklist:<id>
   * ambit-catalogue:<version>" as Ambit writes them, or a list ("ambit-checklist saas
   * ambit-catalogue 0.3.0") as LibreOffice saves them back; generator/progress/xlsx_import.py
   * _KEYWORDS. A title alone is no identity: it carries no version, and any workbook can have it.
   */
  const KEYWORDS = /ambit-checklist[:\s,;]+([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:[\s,;]+ambit-catalogue[:\s,;]+(\d+\.\d+\.\d+))?/;

  function workbookIdentity(book, page) {
    const named = KEYWORDS.exec(book.keywords || "");
    if (!named || !named[2]) {
      return (
        "the workbook does not say which Ambit checklist and catalogue version it holds (a title is not enough): " +
        "its keywords (File > Properties) must read \"ambit-checklist:" + page.id + " ambit-catalogue:" + page.version +
        "\", as in this checklist's XLSX download; copy the answers into a fresh download"
      );
    }
    if (named[1] !== page.id) {
      return "the workbook is the checklist \"" + (book.title || named[1]) + "\" (" + named[1] + "), this page is \"" + (page.title || page.id) + "\" (" + page.id + ")";
    }
    if (named[2] !== page.version) {
      return "the workbook is for catalogue " + named[2] + ", this page shows catalogue " + page.version + " (progress is kept per catalogue version)";
    }
    return "";
  }

  function progressFromWorkbook(book, page) {
    const errors = [];
    const identity = workbookIdentity(book, page);
    if (identity) return { errors: [identity] };
    const rows = book.sheets.Checklist;
    if (!rows) return { errors: ["the workbook has no sheet named \"Checklist\""] };
    const header = headerRow(rows, "Checklist", WORKBOOK_COLUMNS.Checklist.required, errors);
    const progress = emptyProgress(page);
    if (header) {
      const columns = ["id", "status", "owner", "due date", "notes"].map((n) => [n, header.columns.get(n)]);
      const seen = new Map();
      for (const row of rows.filter((r) => r.number > header.row.number)) {
        if (!columns.some(([, index]) => row.cells[index] && (row.cells[index].formula || cellText(row.cells[index])))) continue;
        const { cells, formula } = takeCells(row, columns, "Checklist", errors);
        const id = cellText(cells.id).replace(/^'+/, "");
        const where = cells.id ? "Checklist!" + cells.id.ref : "Checklist, row " + row.number;
        if (!id) {
          // Answers on a row without an ID would be lost: refused, as by ambit progress from-xlsx.
          if (!formula) errors.push(where + ": the row has answers but no control ID; keep the ID column as Ambit wrote it");
          continue;
        }
        if (!page.items.has(id)) {
          errors.push(where + ": " + id + " is not on this checklist");
          continue;
        }
        if (seen.has(id)) {
          errors.push(where + ": " + id + " is also on row " + seen.get(id) + "; keep one row per control");
          continue;
        }
        seen.set(id, row.number);
        if (formula) continue;
        const item = {};
        const status = readStatus(cells.status, "Checklist!" + (cells.status ? cells.status.ref : "row " + row.number) + " (Status)", errors);
        if (status && status !== "not-started") item.status = status;
        if (cellText(cells.owner)) item.owner = cellText(cells.owner);
        if (cellText(cells.notes)) item.notes = cellText(cells.notes);
        const due = cells["due date"];
        if (due && due.number !== null && Number.isFinite(due.number)) {
          // A spreadsheet date is a day count from 1900 (or 1904); anything outside 1 .. 9999-12-31 is no date,
          // and ambit progress from-xlsx refuses it too (F-15: -5 was imported as 1899-12-25).
          if (due.number >= 1 && due.number <= MAX_SERIAL) item.due = serialDate(due.number, book.date1904);
          else errors.push("Checklist!" + due.ref + " (Due date): " + due.number + " is not a date; use YYYY-MM-DD");
        } else if (cellText(due)) {
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
    const header = headerRow(rows, "By component", WORKBOOK_COLUMNS["By component"].required, errors);
    if (!header) return;
    const columns = ["id", "component", "status"].map((n) => [n, header.columns.get(n)]);
    for (const row of rows.filter((r) => r.number > header.row.number)) {
      const { cells, formula } = takeCells(row, columns, "By component", errors);
      if (formula) continue;
      const id = cellText(cells.id).replace(/^'+/, "");
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
  // Storage: one key per checklist and catalogue version; writes are per item.

  const PREFIX = "ambit-progress:";

  function readKey(key, page) {
    let text = null;
    try {
      text = window.localStorage.getItem(key);
    } catch (error) {
      return { progress: null, problem: "This browser does not let the page store progress: " + error.message };
    }
    if (text === null) return { progress: null, problem: "" };
    // Stored text passes the rules of an imported file: on file:// any local page can write it.
    const read = readJson(text);
    if (read.data !== null && check(read.data, page, true).length === 0) return { progress: read.data, problem: "" };
    return { progress: null, problem: "The progress stored for this checklist could not be read; it is shown empty until you change something." };
  }

  /** What is stored for the page now (answers for controls not on the page included). */
  function load(page) {
    const got = readKey(page.key, page);
    return { progress: got.progress || emptyProgress(page), problem: got.problem };
  }

  function writeAll(page, progress) {
    try {
      window.localStorage.setItem(page.key, JSON.stringify(progress));
      return "";
    } catch (error) {
      return "Could not store progress in this browser: " + error.message;
    }
  }

  /**
   * Store one item's answer: re-read what is stored (another tab may have saved since), change
   * only this item, write it back. Returns {progress, problem}.
   */
  function saveItem(page, id, item) {
    const fresh = load(page).progress;
    if (item && Object.keys(item).length) fresh.items[id] = item;
    else delete fresh.items[id];
    fresh.saved = new Date().toISOString();
    return { progress: fresh, problem: writeAll(page, fresh) };
  }

  function storageKeys() {
    const keys = [];
    try {
      for (let i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
    } catch (error) {
      // no storage: nothing older to find
    }
    return keys;
  }

  /** Progress stored for this checklist under other catalogue versions, newest first. */
  function olderVersions(page) {
    const prefix = PREFIX + page.id + "@";
    const found = [];
    for (const key of storageKeys()) {
      if (!key || !key.startsWith(prefix) || key === page.key) continue;
      const version = key.slice(prefix.length);
      if (!/^\d+\.\d+\.\d+$/.test(version)) continue;
      const got = readKey(key, Object.assign({}, page, { version }));
      if (got.progress && Object.keys(got.progress.items).length) found.push({ key, version, progress: got.progress });
    }
    const parts = (v) => v.split(".").map(Number);
    found.sort((a, b) => {
      const x = parts(a.version);
      const y = parts(b.version);
      return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
    });
    return found;
  }

  function storeUndo(page, snapshot) {
    try {
      window.localStorage.setItem(page.key + "#undo", JSON.stringify(snapshot));
      return true;
    } catch (error) {
      return false;
    }
  }

  function readUndo(page) {
    try {
      const data = readJson(window.localStorage.getItem(page.key + "#undo") || "null").data;
      if (isObject(data) && isObject(data.before) && check(data.before, page, true).length === 0) return data;
    } catch (error) {
      // an unreadable undo record is ignored
    }
    return null;
  }

  function dropUndo(page) {
    try {
      window.localStorage.removeItem(page.key + "#undo");
    } catch (error) {
      // nothing to drop
    }
  }

  // ---------------------------------------------------------------------------------------
  // Merging a file's answers into what is stored: progress_merge.js, with this page's labels.

  const STATUS_LABEL = new Map(STATUSES);

  function shown(field, value) {
    return window.AmbitProgressMerge.shown(field, value, STATUS_LABEL);
  }

  function plan(page, stored, incoming) {
    return window.AmbitProgressMerge.plan(page.items.keys(), stored, incoming, STATUS_LABEL);
  }

  // ---------------------------------------------------------------------------------------
  // Writing the answers into an XLSX workbook.

  const XLSX_STATUS_LABELS = STATUSES.map(([, label]) => label.toLowerCase());

  function componentLabel(id, label) {
    return label && label.startsWith(id) ? label : id + (label && label !== id ? " (" + label + ")" : "");
  }

  /** The workbook "Export progress (XLSX)" downloads: the checklist with the answers filled in. */
  function workbook(page, progress) {
    const ranked = [...page.items.values()].some(({ li }) => li.dataset.rank);
    const header = ["ID", "Title", "Priority", "Layer", "Effort (minutes)"];
    if (ranked) header.push("Rank", "Tier", "Components");
    header.push("Status", "Owner", "Due date", "Notes");
    const rows = [header];
    const byComponent = [["ID", "Title", "Component", "Status"]];
    for (const [id, { li, components, title }] of page.items) {
      const item = progress.items[id] || {};
      const row = [id, title, li.dataset.priority || "", li.dataset.layer || "", Number(li.dataset.effort) || ""];
      if (ranked) row.push(Number(li.dataset.rank) || "", li.dataset.tier || "", [...components.keys()].join("; "));
      row.push(shown("status", item.status || "not-started"), item.owner || "", item.due || "", item.notes || "");
      rows.push(row);
      for (const [component, label] of components) {
        byComponent.push([id, title, componentLabel(component, label), shown("status", (item.components || {})[component] || "not-started")]);
      }
    }
    const statusColumn = header.indexOf("Status");
    const sheets = [
      {
        name: "Checklist",
        rows,
        widths: header.map((h) => ({ ID: 10, Title: 50, Notes: 50, Owner: 18, Components: 30 })[h] || 12),
        lists: [{ column: statusColumn, values: XLSX_STATUS_LABELS }],
      },
    ];
    if (page.perComponent) {
      sheets.push({ name: "By component", rows: byComponent, widths: [10, 50, 36, 20], lists: [{ column: 3, values: XLSX_STATUS_LABELS }] });
    }
    return window.AmbitXlsx.write(sheets, {
      title: page.title,
      subject: page.catalogueName + " catalogue " + page.version,
      keywords: "ambit-checklist:" + page.id + " ambit-catalogue:" + page.version,
    });
  }

  // ---------------------------------------------------------------------------------------
  // The controls on each item.

  function element(tag, props, children) {
    const el = document.createElement(tag);
    Object.assign(el, props || {});
    for (const c of children || []) el.append(c);
    return el;
  }

  /**
   * The parts every tracker shares, built once and cloned: a status select with its options and
   * the closed "Owner, due date and notes" <details> with only its summary. Cloning a built subtree
   * costs a fraction of building each element again, and a checklist page has hundreds of items.
   */
  let prototypes = null;

  function prototype() {
    if (prototypes) return prototypes;
    const select = element("select");
    for (const [id, label] of STATUSES) select.append(element("option", { value: id, textContent: label }));
    const status = labelled("Status", select);
    select.name = "status";
    const more = element("details", { className: "ambit-track__more" }, [element("summary", { textContent: "Owner, due date and notes" })]);
    const box = element("div", { className: "ambit-track", role: "group" }, [status, more]);
    prototypes = { box, select };
    return prototypes;
  }

  function statusSelect(name) {
    const select = prototype().select.cloneNode(true);
    select.name = name;
    return select;
  }

  function labelled(text, control) {
    return element("label", {}, [element("span", { className: "ambit-track__label", textContent: text }), control]);
  }

  /**
   * An item's tracker: its status select and, on map checklists, a status per component. The
   * owner, due date and notes fields sit in a closed <details> that few readers open, so they are
   * built by buildMore when it opens or when the item has one of those answers to show; until
   * then the item has none of them, and read() reports none.
   */
  function buildTracker(id, onPage) {
    const box = prototype().box.cloneNode(true);
    box.setAttribute("aria-label", "Progress on " + id);
    const status = box.firstChild.lastChild;
    status.setAttribute("aria-label", "Status of " + id);
    const fields = { status, components: new Map(), more: box.lastChild, owner: null, due: null, notes: null };
    if (onPage.components.size) {
      const set = element("fieldset", { className: "ambit-track__components" }, [element("legend", { textContent: "Status per component" })]);
      for (const [component, label] of onPage.components) {
        const select = statusSelect("component");
        select.dataset.component = component;
        fields.components.set(component, select);
        set.append(labelled(label, select));
      }
      box.insertBefore(set, fields.more);
    }
    return { box, fields };
  }

  /** Build the owner, due date and notes fields of `tracker` (once). */
  function buildMore(tracker) {
    const f = tracker.fields;
    if (f.owner) return;
    f.owner = element("input", { type: "text", name: "owner", maxLength: LIMITS.owner, autocomplete: "off" });
    f.due = element("input", { type: "date", name: "due" });
    f.notes = element("textarea", { name: "notes", maxLength: LIMITS.notes, rows: 3 });
    f.more.append(labelled("Owner", f.owner), labelled("Due date", f.due), labelled("Notes", f.notes));
  }

  function show(tracker, item) {
    const f = tracker.fields;
    f.status.value = item.status || "not-started";
    for (const [component, select] of f.components) select.value = (item.components || {})[component] || "not-started";
    const more = Boolean(item.owner || item.due || item.notes);
    if (more) buildMore(tracker);
    if (f.owner) {
      f.owner.value = item.owner || "";
      f.due.value = item.due || "";
      f.notes.value = item.notes || "";
    }
    if (more) f.more.open = true;
  }

  function read(tracker) {
    const f = tracker.fields;
    const item = {};
    if (f.status.value !== "not-started") item.status = f.status.value;
    const components = {};
    for (const [component, select] of f.components) if (select.value !== "not-started") components[component] = select.value;
    if (Object.keys(components).length) item.components = components;
    if (f.owner) {
      if (f.owner.value.trim()) item.owner = f.owner.value.trim().slice(0, LIMITS.owner);
      if (f.due.value && DATE.test(f.due.value)) item.due = f.due.value;
      if (f.notes.value.trim()) item.notes = f.notes.value.slice(0, LIMITS.notes);
    }
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
    if (!text) {
      box.replaceChildren();
      box.classList.remove("ambit-message--error");
      return;
    }
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

  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const link = element("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  function exportJson(page, progress) {
    const blob = new Blob([JSON.stringify(ordered(page, progress), null, 2) + "\n"], { type: "application/json" });
    download(page.id + "-" + page.version + "-progress.json", blob);
  }

  function exportXlsx(page, progress) {
    const blob = new Blob([workbook(page, progress)], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    download(page.id + "-" + page.version + "-progress.xlsx", blob);
  }

  async function parseFile(file, page) {
    if (file.size > MAX_FILE) return { errors: ["the file is " + file.size + " bytes; at most " + MAX_FILE + " are read"] };
    const buffer = await file.arrayBuffer();
    const head = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
    if (head[0] === 0x50 && head[1] === 0x4b) {
      try {
        const book = await window.AmbitXlsx.readOffPage(buffer, ["Checklist", "By component"], WORKBOOK_COLUMNS);
        return progressFromWorkbook(book, page);
      } catch (error) {
        if (error instanceof window.AmbitXlsx.XlsxError) return { errors: [error.message] };
        throw error;
      }
    }
    if (buffer.byteLength > MAX_JSON) {
      return { errors: ["the file is " + buffer.byteLength + " bytes; a progress JSON file is read up to " + MAX_JSON] };
    }
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
    } catch (error) {
      return { errors: ["the file is neither an Ambit progress JSON file nor an XLSX workbook (it is not UTF-8 text)"] };
    }
    const read = readJson(text);
    if (read.errors.length) return { errors: read.errors };
    const data = read.data;
    const errors = check(data, page);
    return { progress: data, errors };
  }

  function listSection(title, entries) {
    const section = element("details", { className: "ambit-preview__section" }, [element("summary", { textContent: title })]);
    const list = element("ul");
    for (const entry of entries.slice(0, 200)) {
      const li = element("li", {}, [element("strong", { textContent: entry.id })]);
      if (entry.lines) li.append(": " + entry.lines.join("; "));
      list.append(li);
    }
    if (entries.length > 200) list.append(element("li", { textContent: "… and " + (entries.length - 200) + " more" }));
    section.append(list);
    return section;
  }

  /**
   * Show what taking `incoming` would change, and store it only when the user applies it.
   * `source` names where it comes from ("progress.xlsx", "catalogue 0.1.0"); `left` lists
   * answers the source has for controls not on this checklist (not taken).
   */
  function preview(page, state, incoming, source, left, onApplied) {
    const result = plan(page, state.progress, incoming);
    const box = state.preview;
    box.replaceChildren();
    box.hidden = false;
    const count = result.added.length + result.changed.length;
    const title = element("p", {
      className: "ambit-preview__title",
      tabIndex: -1,
      textContent: count
        ? "Importing " + source + " would change " + count + " control" + (count === 1 ? "" : "s") + ". Nothing is stored until you apply it."
        : "Importing " + source + " would change nothing: every answer in it is already stored.",
    });
    box.append(title);
    const facts = element("ul", { className: "ambit-preview__counts" }, [
      element("li", { textContent: result.added.length + " new answer" + (result.added.length === 1 ? "" : "s") }),
      element("li", { textContent: result.changed.length + " changed answer" + (result.changed.length === 1 ? "" : "s") + " (stored value → the file's)" }),
      element("li", {
        textContent: result.kept.length + " stored answer" + (result.kept.length === 1 ? "" : "s") + " the file does not mention, kept as they are",
      }),
    ]);
    if (result.same) facts.append(element("li", { textContent: result.same + " answer" + (result.same === 1 ? "" : "s") + " already the same" }));
    if (left && left.length) facts.append(element("li", { textContent: left.length + " answer" + (left.length === 1 ? "" : "s") + " for controls not on this checklist, left out: " + left.slice(0, 20).join(", ") + (left.length > 20 ? " …" : "") }));
    box.append(facts);
    if (result.added.length) box.append(listSection("New answers (" + result.added.length + ")", result.added));
    if (result.changed.length) box.append(listSection("Changed answers (" + result.changed.length + ")", result.changed));
    if (result.kept.length) box.append(listSection("Kept, not in the file (" + result.kept.length + ")", result.kept.map((id) => ({ id }))));
    box.append(element("p", { className: "ambit-preview__hint", textContent: "Empty cells and \"not started\" in a file never erase a stored answer." }));
    const apply = element("button", { type: "button", className: "md-button md-button--primary", textContent: count ? "Apply these changes" : "Close" });
    apply.dataset.action = "apply-import";
    const cancel = element("button", { type: "button", className: "md-button", textContent: "Cancel" });
    cancel.dataset.action = "cancel-import";
    box.append(element("div", { className: "ambit-buttons" }, count ? [apply, cancel] : [apply]));
    const close = () => {
      box.hidden = true;
      box.replaceChildren();
    };
    cancel.addEventListener("click", () => {
      close();
      message(page, "Nothing was imported from " + source + "; your stored progress is unchanged.");
    });
    apply.addEventListener("click", () => {
      close();
      if (!count) return;
      // Re-plan against what is stored now: another tab may have saved since the preview.
      const current = load(page).progress;
      const fresh = plan(page, current, incoming);
      fresh.merged.saved = new Date().toISOString();
      storeUndo(page, { before: current, source, when: fresh.merged.saved });
      const problem = writeAll(page, fresh.merged);
      if (problem) {
        dropUndo(page);
        message(page, problem, [problem]);
        return;
      }
      state.progress = fresh.merged;
      refresh(page, state);
      if (onApplied) onApplied();
      message(page, "Imported " + source + ": " + fresh.added.length + " new and " + fresh.changed.length + " changed answers; " + fresh.kept.length + " other stored answers kept.");
      showUndo(page, state);
    });
    title.focus();
  }

  function showUndo(page, state) {
    const undo = readUndo(page);
    state.undo.hidden = !undo;
    if (undo) state.undo.textContent = "Undo the import of " + String(undo.source).slice(0, 80);
  }

  function undoImport(page, state) {
    const undo = readUndo(page);
    if (!undo) return;
    const problem = writeAll(page, undo.before);
    if (problem) {
      message(page, problem, [problem]);
      return;
    }
    dropUndo(page);
    state.progress = load(page).progress;
    refresh(page, state);
    showUndo(page, state);
    message(page, "The import of " + String(undo.source).slice(0, 80) + " was undone: progress is as it was before it.");
  }

  async function importFile(page, state, file) {
    let result;
    try {
      result = await parseFile(file, page);
    } catch (error) {
      result = { errors: ["the file could not be read: " + error.message] };
    }
    if (result.errors.length) {
      state.preview.hidden = true;
      message(page, "Nothing was imported from " + file.name + ", and your stored progress is unchanged:", result.errors);
      return;
    }
    message(page, "");
    preview(page, state, result.progress, file.name, []);
  }

  /** Offer answers stored under an older catalogue version, through the import preview. */
  function offerOlder(page, state) {
    const box = state.older;
    const dismissedKey = page.key + "#older-dismissed";
    let dismissed = "";
    try {
      dismissed = window.localStorage.getItem(dismissedKey) || "";
    } catch (error) {
      dismissed = "";
    }
    const older = olderVersions(page).filter((o) => o.version !== dismissed);
    box.replaceChildren();
    box.hidden = !older.length;
    if (!older.length) return;
    const newest = older[0];
    const ids = Object.keys(newest.progress.items);
    const onPage = ids.filter((id) => page.items.has(id));
    const left = ids.filter((id) => !page.items.has(id));
    const carry = element("button", { type: "button", className: "md-button", textContent: "Review and carry forward" });
    carry.dataset.action = "carry-forward";
    const dismiss = element("button", { type: "button", className: "md-button", textContent: "Not now" });
    box.append(
      element("p", {
        textContent:
          "This browser holds " + ids.length + " answer" + (ids.length === 1 ? "" : "s") + " for this checklist from catalogue " + newest.version +
          " (" + onPage.length + " for controls still on it). Carry them forward to catalogue " + page.version + "? You will see what changes first; a control may have changed since, so check the answers.",
      }),
      element("div", { className: "ambit-buttons" }, [carry, dismiss]),
    );
    carry.addEventListener("click", () => {
      const incoming = { items: {} };
      for (const id of onPage) {
        const item = Object.assign({}, newest.progress.items[id]);
        if (item.components) {
          const kept = {};
          for (const [c, s] of Object.entries(item.components)) if (page.items.get(id).components.has(c)) kept[c] = s;
          item.components = kept;
        }
        incoming.items[id] = item;
      }
      preview(page, state, incoming, "the answers from catalogue " + newest.version, left, () => {
        try {
          window.localStorage.setItem(dismissedKey, newest.version);
        } catch (error) {
          // the offer simply stays
        }
        box.hidden = true;
      });
    });
    dismiss.addEventListener("click", () => {
      try {
        window.localStorage.setItem(dismissedKey, newest.version);
      } catch (error) {
        // the offer comes back on the next visit
      }
      box.hidden = true;
    });
  }

  function changed(page, state) {
    summarise(page, state.progress);
    page.root.dispatchEvent(new CustomEvent("ambit:progress"));
  }

  /** Show the stored answers in every tracker but the one being typed in. */
  function refresh(page, state, skip) {
    for (const [id, tracker] of state.trackers) {
      if (tracker === skip) continue;
      show(tracker, state.progress.items[id] || {});
    }
    changed(page, state);
  }

  // ---------------------------------------------------------------------------------------

  function button(action, text) {
    const b = element("button", { type: "button", className: "md-button", textContent: text });
    b.dataset.action = action;
    return b;
  }

  /** The tools' parts this script adds to the page's own: XLSX export, undo, preview, notices. */
  function extendTools(page, tools, state) {
    const buttons = tools.querySelector(".ambit-buttons");
    if (!tools.querySelector("[data-action=export-xlsx]")) {
      buttons.querySelector("[data-action=export-json]").after(button("export-xlsx", "Export progress (XLSX)"));
    }
    state.undo = button("undo-import", "Undo the import");
    state.undo.hidden = true;
    buttons.append(state.undo);
    state.preview = element("div", { className: "ambit-preview", role: "region" });
    state.preview.setAttribute("aria-label", "What the import would change");
    state.preview.hidden = true;
    state.older = element("div", { className: "ambit-older" });
    state.older.hidden = true;
    tools.querySelector(".ambit-message").before(state.older, state.preview);
    if (window.location.protocol === "file:" && !tools.querySelector(".ambit-file-note")) {
      tools.querySelector(".ambit-progress-note").after(
        element("p", {
          className: "ambit-progress-note ambit-file-note",
          textContent:
            "This page was opened from a file: this browser keeps one storage for every page opened from files, so another local copy of this checklist shares (and can change) this progress. Export it (JSON or XLSX) to keep a copy of your own.",
        }),
      );
    }
  }

  /** Trackers are built in slices of about this many milliseconds, with the page free between them. */
  const SLICE_MS = 10;
  /** The first slice, built before the page is first shown, is at least this many items. */
  const FIRST_ITEMS = 12;

  /**
   * Build every item's tracker, showing what is stored. The first items (and every item up to one
   * the address names, #item-HST-007) are built at once, so what the reader first sees does not
   * move; the rest are built in short slices that leave the page free to answer between them
   * (built in one go, the 158 trackers of the SaaS checklist were one long task on a phone). A
   * tracker built late shows
   * state.progress as it is then, so an import, a Clear or another tab's change made meanwhile is
   * shown in it too.
   */
  function buildTrackers(page, state) {
    const ids = [...page.items.keys()];
    let target = -1;
    try {
      if (window.location.hash.startsWith("#item-")) target = ids.indexOf(decodeURIComponent(window.location.hash.slice(6)));
    } catch (error) {
      // a malformed address names no item
    }
    let next = 0;
    const slice = (minimum) => {
      if (!page.root.isConnected && next > 0) return; // the mapper drew another checklist
      const until = performance.now() + SLICE_MS;
      while (next < ids.length && (next < minimum || performance.now() < until)) {
        const id = ids[next++];
        const onPage = page.items.get(id);
        const tracker = buildTracker(id, onPage);
        show(tracker, state.progress.items[id] || {});
        onPage.li.append(tracker.box);
        state.trackers.set(id, tracker);
      }
      if (next < ids.length) setTimeout(() => slice(0), 0);
      else page.root.dataset.progressBuilt = "true";
    };
    slice(Math.max(FIRST_ITEMS, target + 1));
  }

  function setUp(root) {
    if (root.dataset.progressReady) return;
    root.dataset.progressReady = "1";
    const page = describePage(root);
    const loaded = load(page);
    const state = { progress: loaded.progress, trackers: new Map() };
    // One listener for every tracker: an answer changed in one is saved at once.
    const update = (event) => {
      const li = event.target.closest(".ambit-track") && event.target.closest(".ambit-item[data-control-id]");
      const tracker = li && state.trackers.get(li.dataset.controlId);
      if (!tracker || !tracker.box.contains(event.target)) return;
      const saved = saveItem(page, li.dataset.controlId, read(tracker));
      if (saved.problem) message(page, saved.problem, [saved.problem]);
      state.progress = saved.progress;
      refresh(page, state, tracker);
    };
    root.addEventListener("change", update);
    root.addEventListener("input", update);
    // The owner, due date and notes fields are built as their <details> opens: on the click (a
    // key press on the summary is one too) that opens it, so a Tab right after reaches them, and
    // on "toggle" (which does not bubble: caught on its way down) for any other way it opens.
    const opening = (more) => {
      if (!more || !more.classList.contains("ambit-track__more")) return;
      const li = more.closest(".ambit-item[data-control-id]");
      const tracker = li && state.trackers.get(li.dataset.controlId);
      if (tracker && tracker.fields.more === more) buildMore(tracker);
    };
    root.addEventListener("click", (event) => {
      const summary = event.target.closest && event.target.closest("summary");
      if (summary && !summary.parentElement.open) opening(summary.parentElement);
    });
    root.addEventListener("toggle", (event) => event.target.open && opening(event.target), true);
    buildTrackers(page, state);
    const tools = root.querySelector(".ambit-progress-tools");
    extendTools(page, tools, state);
    tools.hidden = false;
    tools.querySelector("[data-action=export-json]").addEventListener("click", () => exportJson(page, load(page).progress));
    tools.querySelector("[data-action=export-xlsx]").addEventListener("click", () => exportXlsx(page, load(page).progress));
    state.undo.addEventListener("click", () => undoImport(page, state));
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
      dropUndo(page);
      state.progress = emptyProgress(page);
      refresh(page, state);
      showUndo(page, state);
      message(page, "Progress for this checklist was cleared.");
    });
    // Another tab saved: show its answers (but not over the field being typed in here).
    const onStorage = (event) => {
      if (!root.isConnected) {
        window.removeEventListener("storage", onStorage);
        return;
      }
      if (event.key !== null && event.key !== page.key && event.key !== page.key + "#undo") return;
      state.progress = load(page).progress;
      const active = document.activeElement;
      const typing = [...state.trackers.values()].find((t) => t.box.contains(active));
      refresh(page, state, typing);
      showUndo(page, state);
    };
    window.addEventListener("storage", onStorage);
    if (loaded.problem) message(page, loaded.problem, [loaded.problem]);
    offerOlder(page, state);
    showUndo(page, state);
    changed(page, state);
  }

  function init() {
    for (const root of document.querySelectorAll(".ambit-checklist[data-checklist-id]")) setUp(root);
  }

  window.AmbitProgress = { setUp, statuses: STATUSES };
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
