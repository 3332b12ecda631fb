// Optional enhancements; the report reads fully without JavaScript.
// Escape closes a highlight's card by moving focus away from it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var active = document.activeElement;
    if (active && active.classList && active.classList.contains("seg")) { active.blur(); }
  });
})();
