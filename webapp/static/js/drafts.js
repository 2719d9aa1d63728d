// Autosaves a form marked data-autosave="<url>" as a draft a few seconds after the user stops
// typing, and once more when the page is hidden. Files are sent only by the 保存草稿 button.
// Plain ES5 on purpose: intranet browsers are old. The form works without it.
(function () {
  "use strict";

  var DELAY = 3000;

  function setup(form) {
    var url = form.getAttribute("data-autosave");
    var status = form.querySelector("[data-draft-status]");
    var timer = null;
    var dirty = false;
    var busy = false;

    function say(text, failed) {
      if (!status) return;
      status.textContent = text;
      status.className = "draft-status " + (failed ? "draft-failed" : "muted");
    }

    function payload() {
      var data = new FormData();
      var controls = form.elements;
      for (var i = 0; i < controls.length; i++) {
        var c = controls[i];
        if (!c.name || c.disabled || c.type === "file" || c.type === "submit") continue;
        if ((c.type === "checkbox" || c.type === "radio") && !c.checked) continue;
        if (c.tagName === "SELECT" && c.multiple) {
          for (var j = 0; j < c.options.length; j++) {
            if (c.options[j].selected) data.append(c.name, c.options[j].value);
          }
          continue;
        }
        data.append(c.name, c.value);
      }
      return data;
    }

    function save() {
      timer = null;
      if (!dirty || !window.fetch) return;
      if (busy) {
        timer = setTimeout(save, DELAY);
        return;
      }
      dirty = false;
      busy = true;
      say("正在保存草稿……");
      fetch(url, {
        method: "POST",
        body: payload(),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        return response.json().then(function (body) {
          busy = false;
          if (response.ok) say(body.message || "草稿已保存");
          else say("草稿未能保存：" + (body.message || response.status), true);
        });
      }).catch(function () {
        busy = false;
        dirty = true;
        say("草稿未能保存（网络中断），恢复连接后将自动重试。", true);
      });
    }

    function changed(event) {
      if (event.target && event.target.type === "file") return;
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      dirty = false;  // the form itself is being sent
      if (timer) clearTimeout(timer);
    });
    window.addEventListener("online", save);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save();
    });
  }

  var forms = document.querySelectorAll("form[data-autosave]");
  for (var i = 0; i < forms.length; i++) setup(forms[i]);
})();
