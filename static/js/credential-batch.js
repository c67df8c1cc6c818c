/*
 * Issuing a batch of accounts: posts the progress form chunk after chunk
 * and moves the progress bar, then opens the slips. Without this script
 * each press of "Continue" issues one chunk.
 *
 * On the slips page, the "Print slips" button opens the print dialog.
 */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.querySelector("form[data-batch-process]");
  if (!form) {
    return;
  }
  var bar = document.querySelector("#kemajuan");
  var text = document.querySelector("#kemajuan-teks");
  var failure = document.querySelector("#kemajuan-gagal");
  var button = form.querySelector("button");

  function show(progress) {
    bar.setAttribute("aria-valuenow", progress.done);
    bar.firstElementChild.style.width = progress.percent + "%";
    text.textContent = text.getAttribute("data-template")
      .replace("{done}", progress.done)
      .replace("{total}", progress.total);
  }

  function next() {
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    }).then(function (progress) {
      show(progress);
      if (progress.finished) {
        window.location.assign(progress.slips_url);
      } else {
        next();
      }
    }).catch(function () {
      failure.hidden = false;
      button.disabled = false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    failure.hidden = true;
    button.disabled = true;
    next();
  });
  button.disabled = true;
  next();
}());
