/* Ambit: merging imported progress into what is stored, and saying what that would change.
 *
 * Used by progress.js for an import and for carrying answers forward from an older catalogue.
 * A file's answers are merged per field, never swapped in: a value the file gives replaces the
 * stored one, and what it leaves empty ("not started" included) keeps the stored answer, so an
 * import can add and change answers but never erase one. `plan` lists the new answers, the
 * changed ones with the stored and the file's value, and the stored answers the file does not
 * mention, before anything is stored.
 */
(function () {
  "use strict";

  const FIELDS = [
    ["status", "status"],
    ["owner", "owner"],
    ["due", "due date"],
    ["notes", "notes"],
  ];

  /** `stored` with every answer `incoming` gives; what the file leaves empty is kept. */
  function mergeItem(stored, incoming) {
    const out = Object.assign({}, stored || {});
    for (const [field] of FIELDS) {
      const value = incoming[field];
      if (value && !(field === "status" && value === "not-started")) out[field] = value;
    }
    const components = Object.assign({}, (stored && stored.components) || {});
    for (const [component, status] of Object.entries(incoming.components || {})) {
      if (status && status !== "not-started") components[component] = status;
    }
    if (Object.keys(components).length) out.components = components;
    return out;
  }

  /** A value as the preview shows it: a status by its label, long text cut short. */
  function shown(field, value, labels) {
    if (!value) return "(empty)";
    if (field === "status") return (labels.get(value) || value).toLowerCase();
    return value.length > 80 ? value.slice(0, 79) + "…" : value;
  }

  /** The changes one item's merge makes, as text: ["status: not started → implemented", ...]. */
  function itemChanges(before, after, labels) {
    const lines = [];
    for (const [field, label] of FIELDS) {
      const old = (before || {})[field] || "";
      const now = after[field] || "";
      if (old !== now) lines.push(label + ": " + shown(field, old || (field === "status" ? "not-started" : ""), labels) + " → " + shown(field, now, labels));
    }
    const oldComponents = (before && before.components) || {};
    for (const [component, status] of Object.entries(after.components || {})) {
      const old = oldComponents[component] || "not-started";
      if (old !== status) lines.push(component + ": " + shown("status", old, labels) + " → " + shown("status", status, labels));
    }
    return lines;
  }

  function answered(item) {
    return Boolean(item && Object.keys(item).length);
  }

  /**
   * What merging `incoming` into `stored` would do, for the controls `ids` (the page's, in order):
   * {merged, added: [{id, lines}], changed: [{id, lines}], kept: [id], same: n}. `merged` is a
   * copy of `stored` (answers for other controls included) with the changes made.
   */
  function plan(ids, stored, incoming, labels) {
    const onPage = new Set(ids);
    const merged = JSON.parse(JSON.stringify(stored));
    const added = [];
    const changed = [];
    const mentioned = new Set();
    let same = 0;
    for (const id of onPage) {
      const item = incoming.items[id];
      if (!answered(item)) continue;
      mentioned.add(id);
      const before = stored.items[id];
      const after = mergeItem(before, item);
      const lines = itemChanges(before, after, labels);
      if (!lines.length) {
        same += 1;
        continue;
      }
      merged.items[id] = after;
      (answered(before) ? changed : added).push({ id, lines });
    }
    const kept = Object.keys(stored.items).filter((id) => onPage.has(id) && answered(stored.items[id]) && !mentioned.has(id));
    return { merged, added, changed, kept, same };
  }

  window.AmbitProgressMerge = { plan, mergeItem, shown };
})();
