// Starts the round's schools batch after batch and shows the progress; without script the
// page's own button does the same one batch per click.
(function () {
  var box = document.getElementById("round-progress");
  var next = document.getElementById("round-next");
  if (!box || !next) { return; }
  next.hidden = true;
  var bar = document.getElementById("round-bar");
  var status = document.getElementById("round-status");
  var token = document.getElementById("csrf-token").value;
  function step() {
    fetch(box.dataset.batchUrl, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (p) {
      bar.max = p.total;
      bar.value = p.started + p.skipped;
      status.textContent = "已发起 " + p.started + " 所，跳过 " + p.skipped + " 所，剩余 " + p.remaining + " 所（共 " + p.total + " 所）。";
      if (p.remaining > 0) { step(); } else { window.location = box.dataset.doneUrl; }
    }).catch(function () {
      status.textContent += " 发起中断，请点击“继续发起下一批”重试。";
      next.hidden = false;
    });
  }
  step();
})();
