// Draws each [data-diagram] with the bpmn-js navigated viewer (vendor/bpmn-js): the BPMN from
// data-diagram, then from data-diagram-state either {states: {id: state}} (a case: markers on
// the current, finished and failed steps) or {counts: {id: n}} (a process: open work items per
// step). Drag pans, the wheel scrolls, Ctrl+wheel and the buttons zoom. If anything fails, the
// steps list in the page stands in for the drawing.
(function () {
  "use strict";
  var MARKERS = { ready: "diagram-current", waiting: "diagram-current", completed: "diagram-done", error: "diagram-error" };
  // bpmn-js writes 12px names in shapes, 11px beside them; shrunk to fit a 2,000 px process they
  // cannot be read. Names in shapes are larger (the shape bounds them); those beside events and
  // flows only a little, as the diagrams place them for the default size. The first view never
  // zooms out below READABLE (适应 shows it all).
  var TEXT = { fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", Arial, sans-serif', fontSize: 14, lineHeight: 1.2 };
  var BESIDE = { fontSize: 12 };
  var READABLE = 1;
  var STEP = 1.25;

  function fetchOk(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json, application/xml" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response;
      });
  }

  function elementsOf(viewer, ids) {
    var registry = viewer.get("elementRegistry");
    return ids.map(function (id) { return registry.get(id); }).filter(Boolean);
  }

  function markStates(viewer, states) {
    var canvas = viewer.get("canvas");
    elementsOf(viewer, Object.keys(states)).forEach(function (element) {
      var marker = MARKERS[states[element.id]];
      if (marker) { canvas.addMarker(element.id, marker); }
    });
    return elementsOf(viewer, Object.keys(states).filter(function (id) {
      return states[id] === "ready" || states[id] === "waiting" || states[id] === "error";
    }));
  }

  function addCounts(viewer, counts) {
    var overlays = viewer.get("overlays");
    var busy = elementsOf(viewer, Object.keys(counts).filter(function (id) { return counts[id] > 0; }));
    busy.forEach(function (element) {
      var badge = document.createElement("span");
      badge.className = "diagram-count";
      badge.textContent = String(counts[element.id]);
      badge.title = counts[element.id] + " 件待办";
      overlays.add(element.id, "diagram-count", { position: { top: -12, right: 12 }, html: badge });
    });
    return busy;
  }

  // Where the view starts along one axis: the whole extent if it fits, else around the focus
  // (or the start) without running past either end.
  function start(from, extent, span, focusCentre) {
    var margin = 20;
    if (extent + 2 * margin <= span) { return from + extent / 2 - span / 2; }
    var wanted = focusCentre === null ? from - margin : focusCentre - span / 2;
    return Math.min(Math.max(wanted, from - margin), from + extent + margin - span);
  }

  function centre(elements, axis, size) {
    if (!elements.length) { return null; }
    var sum = elements.reduce(function (total, e) { return total + e[axis] + e[size] / 2; }, 0);
    return sum / elements.length;
  }

  // The whole process if it is legible that way; else at READABLE, around the steps in focus.
  function firstView(canvas, focus) {
    canvas.zoom("fit-viewport", "auto");
    var box = canvas.viewbox();
    if (box.scale >= READABLE) { return; }
    var inner = box.inner, width = box.outer.width / READABLE, height = box.outer.height / READABLE;
    canvas.viewbox({
      x: start(inner.x, inner.width, width, centre(focus, "x", "width")),
      y: start(inner.y, inner.height, height, centre(focus, "y", "height")),
      width: width,
      height: height
    });
  }

  function wireZoom(container, canvas) {
    container.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.dataset.zoom;
        if (how === "fit") { canvas.zoom("fit-viewport", "auto"); return; }
        canvas.zoom(canvas.zoom() * (how === "in" ? STEP : 1 / STEP), "auto");
      });
    });
  }

  // Lane names sit at the lanes' left edge; once that edge is panned out of sight they are
  // pinned to the canvas's left side instead, so a reader always knows whose steps these are.
  function pinLaneNames(viewer, canvasElement) {
    var canvas = viewer.get("canvas");
    var lanes = viewer.get("elementRegistry").filter(function (e) {
      return e.type === "bpmn:Lane" && e.businessObject.name;
    });
    var pins = lanes.map(function (lane) {
      var pin = document.createElement("span");
      pin.className = "diagram-lane-pin";
      pin.textContent = lane.businessObject.name;
      canvasElement.appendChild(pin);
      return pin;
    });
    function place() {
      var box = canvas.viewbox();
      lanes.forEach(function (lane, i) {
        var top = Math.max((lane.y - box.y) * box.scale, 0);
        var bottom = Math.min((lane.y + lane.height - box.y) * box.scale, box.outer.height);
        var edgeShown = lane.x >= box.x;
        pins[i].hidden = edgeShown || bottom - top < 40;
        pins[i].style.top = top + "px";
        pins[i].style.height = (bottom - top) + "px";
      });
    }
    viewer.on("canvas.viewbox.changed", place);
    place();
  }

  function draw(container) {
    if (typeof window.BpmnJS !== "function") { throw new Error("bpmn-js did not load"); }
    var viewer = new window.BpmnJS({
      container: container.querySelector(".diagram-canvas"),
      textRenderer: { defaultStyle: TEXT, externalStyle: BESIDE }
    });
    return Promise.all([
      fetchOk(container.dataset.diagram).then(function (r) { return r.text(); }),
      fetchOk(container.dataset.diagramState).then(function (r) { return r.json(); })
    ]).then(function (loaded) {
      return viewer.importXML(loaded[0]).then(function () { return loaded[1]; });
    }).then(function (data) {
      var canvas = viewer.get("canvas");
      var focus = data.counts ? addCounts(viewer, data.counts) : markStates(viewer, data.states || {});
      pinLaneNames(viewer, container.querySelector(".diagram-canvas"));
      firstView(canvas, focus);
      wireZoom(container, canvas);
      container.classList.add("diagram-ready");
    });
  }

  function broken(container, error) {
    container.classList.add("diagram-broken");
    if (window.console) { window.console.warn("流程图无法显示", error); }
  }

  document.querySelectorAll("[data-diagram]").forEach(function (container) {
    try {
      draw(container).catch(function (error) { broken(container, error); });
    } catch (error) {
      broken(container, error);
    }
  });
})();
