/*
 * Live word counter for the proposal editor.
 *
 * Each textarea with data-word-limit names its counter in aria-describedby.
 * The counter's data-template holds the translated text with {count} and
 * {limit}. Words are counted as the server counts them (innovations/text.py):
 * runs of characters between whitespace, with the same whitespace class.
 */
(function () {
  "use strict";

  var WORD = /[^\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;

  function countWords(text) {
    var matches = text.match(WORD);
    return matches ? matches.length : 0;
  }

  function update(textarea, counter) {
    var limit = parseInt(textarea.getAttribute("data-word-limit"), 10);
    var count = countWords(textarea.value);
    counter.textContent = counter.getAttribute("data-template")
      .replace("{count}", count)
      .replace("{limit}", limit);
    var over = count > limit;
    counter.classList.toggle("is-over", over);
    textarea.classList.toggle("is-invalid", over);
  }

  document.querySelectorAll("textarea[data-word-limit]").forEach(function (textarea) {
    var counter = document.getElementById(textarea.getAttribute("aria-describedby").split(" ")[0]);
    if (!counter) {
      return;
    }
    update(textarea, counter);
    textarea.addEventListener("input", function () {
      update(textarea, counter);
    });
  });
})();
