// Participatory budget ballot: updates the sum of the chosen projects while ticking.
// The page works without it; the server checks and shows the same sum.
const form = document.querySelector("form[data-ballot]");

if (form) {
  const total = Number(form.dataset.total);
  const sentence = form.dataset.sentence;
  const text = form.querySelector("[data-ballot-progress]");
  const bar = form.querySelector("[data-ballot-bar]");
  const euro = (cents) => {
    const whole = cents % 100 === 0;
    return new Intl.NumberFormat(document.documentElement.lang || "de", {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    }).format(cents / 100);
  };
  const update = () => {
    let chosen = 0;
    for (const box of form.querySelectorAll("input[data-cost]:checked")) {
      chosen += Number(box.dataset.cost);
    }
    text.textContent = sentence
      .replace("{chosen}", euro(chosen))
      .replace("{total}", euro(total));
    bar.value = Math.min(chosen, total);
    form.classList.toggle("rh-ballot--over", chosen > total);
  };
  form.addEventListener("change", update);
}
