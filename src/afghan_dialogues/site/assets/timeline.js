// Filters of the timeline: hides the meetings that do not match. The page is complete without
// it; the form stays hidden until this script shows it.
(() => {
  "use strict";
  const form = document.getElementById("filters");
  const list = document.getElementById("meetings");
  const shown = document.getElementById("shown");
  if (!form || !list || !shown) return;
  const rows = Array.from(list.children);
  const has = (tokens, value) => (tokens || "").split(" ").includes(value);
  const apply = () => {
    const series = form.elements.series.value;
    const country = form.elements.country.value;
    const actor = form.elements.actor.value;
    let count = 0;
    for (const row of rows) {
      const match =
        (!series || row.dataset.series === series) &&
        (!country || has(row.dataset.country, country)) &&
        (!actor || has(row.dataset.actors, actor));
      row.hidden = !match;
      if (match) count += 1;
    }
    shown.textContent = count === rows.length ? String(count) : `${count} of ${rows.length} shown`;
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", () => setTimeout(apply, 0));
  form.hidden = false;
  apply();
})();
