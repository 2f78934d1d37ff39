// Search over the index the page loaded (search-index-*.js): every word of the query must occur
// in an entry's text, ignoring case and diacritics. Results are built with textContent only:
// record text is never read as HTML.
(() => {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const folders = { actor: "actors", meeting: "meetings", source: "sources", claim: "claims" };
  const kinds = { actor: "Actor", meeting: "Meeting", source: "Source", claim: "Claim" };
  const LIMIT = 100;
  const entries = (window.searchIndexParts || []).flat().map(([kind, id, label, other]) => ({
    kind,
    id,
    label,
    other,
    text: fold(`${label} ${other}`),
  }));
  const form = document.getElementById("search");
  const input = document.getElementById("q");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  if (!form || !input || !status || !results) return;

  const item = (entry) => {
    const li = document.createElement("li");
    const kind = document.createElement("span");
    kind.className = "meta";
    kind.textContent = `${kinds[entry.kind]} `;
    const link = document.createElement("a");
    link.href = `${folders[entry.kind]}/${entry.id}.html`;
    link.textContent = entry.label.length > 240 ? `${entry.label.slice(0, 240)}…` : entry.label;
    link.dir = "auto";
    li.append(kind, link);
    if (entry.other) {
      const other = document.createElement("span");
      other.className = "meta";
      other.textContent = entry.kind === "actor" ? ` also written: ${entry.other}` : ` (${entry.other})`;
      li.append(other);
    }
    return li;
  };

  const search = () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    results.replaceChildren();
    if (words.length === 0) {
      status.textContent = "Type a name, a title or words of a quote.";
      return;
    }
    const found = entries.filter((entry) => words.every((word) => entry.text.includes(word)));
    results.append(...found.slice(0, LIMIT).map(item));
    const more = found.length > LIMIT ? `; the first ${LIMIT} are shown` : "";
    status.textContent = `${found.length} ${found.length === 1 ? "result" : "results"}${more}.`;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", search);
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  search();
})();
