/* Ambit: filters on checklist and layer pages.
 *
 * The page carries a hidden <form class="ambit-filters"> whose options were computed at build
 * time, and items (li.ambit-item) whose data attributes say their layer, priority, components
 * and effort; progress.js adds data-status. This script reveals the form, hides items that do
 * not match and says how many are shown. Nothing leaves the page.
 *
 * Printing prints what is shown: a filtered list prints filtered, with the line that says so
 * ("Showing 12 of 72 controls: priority essential"); collapsed layers are opened for printing.
 */
(function () {
  "use strict";

  const DONE = ["implemented", "not-applicable", "risk-accepted"];

  function matches(item, filters) {
    const d = item.dataset;
    if (filters.priority && d.priority !== filters.priority) return false;
    if (filters.layer && d.layer !== filters.layer) return false;
    if (filters.tier && d.tier !== filters.tier) return false;
    if (filters.component && !(d.components || "").split(" ").includes(filters.component)) return false;
    if (filters.effort && Number(d.effort) > Number(filters.effort)) return false;
    if (filters.status) {
      const status = d.status || "not-started";
      if (filters.status === "open" ? DONE.includes(status) : status !== filters.status) return false;
    }
    return true;
  }

  function describe(form) {
    const parts = [];
    for (const select of form.querySelectorAll("select")) {
      if (select.value) {
        const label = select.closest("label").firstChild.textContent.trim().toLowerCase();
        parts.push(label + " " + select.selectedOptions[0].textContent);
      }
    }
    return parts.join(", ");
  }

  function apply(root) {
    const form = root.querySelector(".ambit-filters");
    if (!form) return;
    const filters = Object.fromEntries(new FormData(form));
    const items = root.querySelectorAll(".ambit-item");
    let shown = 0;
    for (const item of items) {
      const keep = matches(item, filters);
      item.hidden = !keep;
      if (keep) shown += 1;
    }
    for (const section of root.querySelectorAll(".ambit-layer")) {
      section.hidden = !section.querySelector(".ambit-item:not([hidden])");
    }
    const active = describe(form);
    const count = form.querySelector(".ambit-filter-count");
    count.textContent = active
      ? "Showing " + shown + " of " + items.length + " controls: " + active + "."
      : "Showing all " + items.length + " controls.";
    root.classList.toggle("ambit-filtered", Boolean(active));
  }

  function setUp(root) {
    const form = root.querySelector(".ambit-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    form.addEventListener("change", () => apply(root));
    form.addEventListener("submit", (event) => event.preventDefault());
    // "reset" fires before the fields are reset; apply once they are.
    form.addEventListener("reset", () => setTimeout(() => apply(root)));
    root.addEventListener("ambit:progress", () => apply(root));
    apply(root);
  }

  function init() {
    for (const root of document.querySelectorAll(".ambit-checklist")) setUp(root);
  }

  /** For a checklist built after load (the mapper's result). */
  window.AmbitFilters = { setUp };

  // Printing: open every layer (the filtered ones stay hidden), close them again afterwards.
  let reopened = [];
  window.addEventListener("beforeprint", () => {
    reopened = Array.from(document.querySelectorAll(".ambit-layer__items:not([open])"));
    reopened.forEach((details) => (details.open = true));
  });
  window.addEventListener("afterprint", () => {
    reopened.forEach((details) => (details.open = false));
    reopened = [];
  });

  // Material's instant navigation swaps pages without reloading scripts; document$ tells us.
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
