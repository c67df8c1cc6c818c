// Saves the scoring sheet in the background whenever a score or comment
// changes, so that nothing a judge typed is lost. The Save and Submit
// buttons work the same without this script.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var timer = null;

  function show(message, failed) {
    status.textContent = message;
    status.classList.toggle("text-danger", failed);
  }

  function save() {
    var data = new FormData(form);
    data.append("save", "");
    fetch(window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          show(body.message, !response.ok);
        });
      })
      .catch(function () {
        show(form.dataset.autosaveFailed, true);
      });
  }

  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 300);
  });
})();
