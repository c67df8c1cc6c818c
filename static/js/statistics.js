// Draws the bar charts of the statistics page from the figures in the
// "data-statistik" JSON element. The tables under each chart hold the same
// figures for screen readers and for browsers without JavaScript.
(function () {
  "use strict";

  var source = document.getElementById("data-statistik");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Bootstrap's darker primary blue (primary-text-emphasis), 6.1:1 on white.
  var barColour = "#0a58ca";

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var series = data[canvas.dataset.chart];
    if (!series || series.counts.length === 0) {
      canvas.parentElement.hidden = true;
      return;
    }
    var horizontal = canvas.dataset.chart === "by_province";
    if (horizontal) {
      // One bar per province: the box grows with the number of provinces.
      canvas.parentElement.style.height = Math.max(8, 2 * series.counts.length + 4) + "rem";
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [{ label: series.label, data: series.counts, backgroundColor: barColour }]
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { ticks: { precision: 0, autoSkip: !horizontal } },
          y: { ticks: { precision: 0, autoSkip: false } }
        }
      }
    });
  });
})();
