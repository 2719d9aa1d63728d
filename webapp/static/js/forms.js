// Adds and removes rows of task-form tables (templates/forms/_form.html); forms work without it.
// Plain ES5 on purpose: intranet browsers are old.
(function () {
  "use strict";

  function up(element, selector) {
    while (element && element.nodeType === 1) {
      var matches = element.matches || element.msMatchesSelector;
      if (matches.call(element, selector)) return element;
      element = element.parentNode;
    }
    return null;
  }

  // Names must stay "<field>-<row>-<column>" with rows counted from 0, as the server reads them.
  function renumber(table) {
    var field = table.getAttribute("data-field");
    var label = table.getAttribute("data-label");
    var rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var number = rows[i].querySelector(".row-number");
      if (number) number.textContent = String(i + 1);
      var controls = rows[i].querySelectorAll("[data-col]");
      for (var j = 0; j < controls.length; j++) {
        var control = controls[j];
        var column = control.getAttribute("data-col");
        control.name = field + "-" + i + "-" + column;
        control.id = "f-" + field + "-" + i + "-" + column;
        control.setAttribute(
          "aria-label", label + "第 " + (i + 1) + " 行：" + control.getAttribute("data-col-label")
        );
      }
    }
  }

  function clear(row) {
    var errors = row.querySelectorAll(".field-error");
    for (var i = 0; i < errors.length; i++) errors[i].parentNode.removeChild(errors[i]);
    var cells = row.querySelectorAll(".has-error");
    for (var k = 0; k < cells.length; k++) cells[k].className = cells[k].className.replace("has-error", "");
    var controls = row.querySelectorAll("[data-col]");
    for (var j = 0; j < controls.length; j++) {
      var control = controls[j];
      control.removeAttribute("aria-invalid");
      control.removeAttribute("aria-describedby");
      if (control.type === "checkbox") control.checked = false;
      else if (control.tagName === "SELECT") control.selectedIndex = 0;
      else control.value = "";
      // a date shown as text after a failed check becomes a date picker again
      if (control.getAttribute("data-type")) control.type = control.getAttribute("data-type");
    }
  }

  function addRow(table) {
    var body = table.tBodies[0];
    var max = parseInt(table.getAttribute("data-max-rows"), 10);
    if (!isNaN(max) && body.rows.length >= max) return;
    var row = body.rows[body.rows.length - 1].cloneNode(true);
    clear(row);
    body.appendChild(row);
    renumber(table);
    var first = row.querySelector("[data-col]");
    if (first) first.focus();
  }

  function removeRow(table, row) {
    if (table.tBodies[0].rows.length > 1) row.parentNode.removeChild(row);
    else clear(row);
    renumber(table);
  }

  document.addEventListener("click", function (event) {
    var button = up(event.target, "[data-action]");
    var box = button && up(button, ".field-table");
    var table = box && box.querySelector("table[data-field]");
    if (!table) return;
    var action = button.getAttribute("data-action");
    if (action === "add-row") addRow(table);
    else if (action === "remove-row") removeRow(table, up(button, "tr"));
  });

  function reveal() {
    var buttons = document.querySelectorAll(".field-table [data-action]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
