/*
 * Ask before an action that cannot be undone.
 *
 * A submit button or a form with data-confirm="…" shows that question when
 * the form is submitted, and the form is sent only if the user agrees. The
 * button's question wins, so one form may have a plain "Save" beside a
 * confirmed "Save and submit". Without JavaScript the form submits as usual,
 * and the server's own checks still apply.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
