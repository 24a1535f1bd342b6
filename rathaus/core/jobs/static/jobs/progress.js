// Keeps a job's progress page up to date without reloading it. Optional: without
// JavaScript the page offers a "Refresh" link instead.
const POLL_MS = 2000;

function update(section, status) {
  const set = (name, value) => {
    const element = section.querySelector(`[data-job-${name}]`);
    if (element && element.textContent !== String(value)) element.textContent = value;
  };
  const bar = section.querySelector("progress");
  if (bar) {
    bar.value = status.percent;
    bar.textContent = `${status.percent} %`;
  }
  set("percent", status.percent);
  set("state", status.state_label);
  set("done", status.done);
  set("total", status.total || "–");
  set("message", status.message || "–");
}

async function poll(section) {
  const url = section.dataset.jobStatusUrl;
  try {
    const response = await fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) return;
    const status = await response.json();
    update(section, status);
    if (status.finished) {
      // Show the final page with its result link or error message.
      window.location.reload();
      return;
    }
  } catch (error) {
    // A failed poll is retried; the Refresh link still works.
  }
  window.setTimeout(() => poll(section), POLL_MS);
}

for (const section of document.querySelectorAll("[data-job-status-url]")) {
  if (section.dataset.jobFinished !== "true") {
    window.setTimeout(() => poll(section), POLL_MS);
  }
}
