// Folds the top menu (templates/base.html) behind the 菜单 button on narrow screens.
// Loaded in <head>: the class it sets lets app.css fold the menu before the first paint.
// Without this script the menu stays unfolded and its links wrap. Plain ES5: old intranet browsers.
(function () {
  "use strict";

  document.documentElement.className += " menu-js";

  function setOpen(button, menu, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.className = menu.className.replace(/\s*\bopen\b/g, "") + (open ? " open" : "");
  }

  function wire() {
    var button = document.querySelector(".menu-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    button.addEventListener("click", function () {
      setOpen(button, menu, button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && button.getAttribute("aria-expanded") === "true") {
        setOpen(button, menu, false);
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
