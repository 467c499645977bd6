/* Replays of training runs for pages without a Python kernel (the static HTML book).
 *
 * ganlib.widgets.Replay.static_html() writes a <div class="ganlib-replay"> holding the frames as JSON
 * (<script type="application/json" class="ganlib-replay-data">) and this script after it. The frames
 * were computed by the chapter when it executed (ganlib.widgets.replay_1d / replay_2d): curves and
 * heat maps quantised for drawing, readout numbers at full precision. Nothing is computed from the
 * model here and nothing is loaded from anywhere.
 *
 * Each replay gets a play button and a step slider; root.ganlibReplay = {show(i), frame(), data,
 * lastDrawMs (the last redraw, DOM updates and layout), playing()} lets a test drive it. Readout numbers carry their full value in data-value.
 */
(function () {
  "use strict";
  if (!window.ganlibReplay) {
    var SVG = "http://www.w3.org/2000/svg";
    function el(tag, attrs, parent, ns) {
      var e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
      for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
      if (parent) parent.appendChild(e);
      return e;
    }
    function fixed(v, digits) { // as Python's f"{round(v, d) + 0.0:.{d}f}": no "-0.000"
      var s = v.toFixed(digits);
      return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
    }
    function readoutText(key, v, nModes) { // ganlib.widgets.replay_view.readout_text
      if (key === "jsd") return fixed(v, 3);
      if (key === "modes") return Math.round(v) + " of " + nModes;
      if (key === "quality") return (100 * v).toFixed(1) + "%";
      return v.toFixed(3);
    }
    function bytes(b64) {
      var s = atob(b64), out = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      return out;
    }
    // a blue-white-red scale (matplotlib's RdBu_r at its ends and middle)
    var LUT = (function () {
      var stops = [[0, [33, 102, 172]], [0.5, [247, 247, 247]], [1, [178, 24, 43]]], lut = [];
      for (var i = 0; i < 256; i++) {
        var t = i / 255, j = t <= 0.5 ? 0 : 1, a = stops[j], b = stops[j + 1], u = (t - a[0]) / (b[0] - a[0]);
        lut.push([0, 1, 2].map(function (k) { return Math.round(a[1][k] + u * (b[1][k] - a[1][k])); }));
      }
      return lut;
    })();

    function text(parent, x, y, s, anchor, size) {
      var t = el("text", { x: x, y: y, "text-anchor": anchor || "middle", "font-size": size || 10, fill: "#222" }, parent, SVG);
      t.textContent = s;
      return t;
    }

    // a small 1-D plot: returns {svg, sx, sy, line(cls, color, dash, width)}
    function plot(parent, W, H, xr, yr, xlabel, ylabel, right) {
      var L = 38, R = right ? 30 : 8, T = 8, B = 28, pw = W - L - R, ph = H - T - B;
      var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, style: "max-width:100%;height:auto;display:block" }, parent, SVG);
      el("rect", { x: L, y: T, width: pw, height: ph, fill: "none", stroke: "#444" }, svg, SVG);
      function sx(v) { return L + (v - xr[0]) / (xr[1] - xr[0]) * pw; }
      function sy(v, r) { // kept inside the frame (a curve may leave the range)
        r = r || yr;
        return T + ph * (1 - Math.max(-0.01, Math.min(1.01, (v - r[0]) / (r[1] - r[0]))));
      }
      [xr[0], (xr[0] + xr[1]) / 2, xr[1]].forEach(function (v) {
        text(svg, sx(v), T + ph + 12, Number(v.toPrecision(3)).toString().replace("-", "\u2212"));
      });
      [yr[0], yr[1]].forEach(function (v) { text(svg, L - 3, sy(v) + 4, Number(v.toPrecision(2)).toString().replace("-", "\u2212"), "end"); });
      if (right) [0, 1].forEach(function (v) { text(svg, L + pw + 3, sy(v, [0, 1]) + 4, String(v), "start"); });
      text(svg, L + pw / 2, H - 3, xlabel);
      var yl = text(svg, 10, T + ph / 2, ylabel);
      yl.setAttribute("transform", "rotate(-90 10 " + (T + ph / 2) + ")");
      function line(cls, color, dash, width) {
        return el("polyline", { fill: "none", stroke: color, "stroke-width": width || 1.8, "stroke-dasharray": dash || "none",
                                "class": cls }, svg, SVG);
      }
      return { svg: svg, sx: sx, sy: sy, line: line };
    }
    function points(p, xs, ys, scale, r, top) {
      var out = new Array(xs.length);
      for (var i = 0; i < xs.length; i++) {
        var v = ys[i] / scale;
        if (top !== undefined) v = Math.min(v, top);
        out[i] = p.sx(xs[i]).toFixed(1) + "," + p.sy(v, r).toFixed(1);
      }
      return out.join(" ");
    }

    function panel1d(box, data, c, colors) {
      var x = data.x, top = 0, i;
      for (i = 0; i < data.p_data.length; i++) top = Math.max(top, 2.5 * data.p_data[i] / 1000);
      var xr = [x[0], x[x.length - 1]];
      var p = plot(box, 300, 170, xr, [0, top], "x", "density", true);
      p.line("ganlib-replay-p_data", colors.p_data).setAttribute("points", points(p, x, data.p_data, 1000));
      var lines = { p_g: p.line("ganlib-replay-p_g", colors.p_g), d: p.line("ganlib-replay-d", colors.d),
                    d_star: p.line("ganlib-replay-d_star", colors.d_star, "5 3") };
      var m = null, gline = null;
      if (data.z) {
        m = plot(box, 220, 170, [data.z[0], data.z[data.z.length - 1]], xr, "noise z", "sample x", false);
        m.line("ganlib-replay-t", "#000", "4 3", 1.2).setAttribute("points", points(m, data.z, data.t, 1000));
        gline = m.line("ganlib-replay-g", colors.p_g);
      }
      return function (f) {
        var fr = data.frames;
        lines.p_g.setAttribute("points", points(p, x, fr.p_g[f][c], 1000, null, top * 1.02));
        lines.d.setAttribute("points", points(p, x, fr.d[f][c], 1000, [0, 1]));
        lines.d_star.setAttribute("points", points(p, x, fr.d_star[f][c], 1000, [0, 1]));
        if (gline) gline.setAttribute("points", points(m, data.z, fr.g[f][c], 1000));
      };
    }

    function panel2d(box, data, c) {
      var S = 200, n = data.cells, lim = data.lim;
      var canvas = el("canvas", { width: S, height: S, "class": "ganlib-replay-canvas",
                                  style: "width:100%;display:block;border:1px solid #444;box-sizing:border-box" }, box);
      var ctx = canvas.getContext("2d"), off = document.createElement("canvas");
      off.width = off.height = n;
      var octx = off.getContext("2d"), img = octx.createImageData(n, n);
      function px(v) { return (v + lim) / (2 * lim) * S; }
      return function (f) {
        var fr = data.frames, heat = bytes(fr.heat[f][c]), pts = bytes(fr.pts[f][c]), i;
        for (i = 0; i < n * n; i++) {
          var col = LUT[heat[i]];
          img.data[4 * i] = col[0]; img.data[4 * i + 1] = col[1]; img.data[4 * i + 2] = col[2]; img.data[4 * i + 3] = 255;
        }
        octx.putImageData(img, 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(off, 0, 0, S, S);
        ctx.fillStyle = "#111";
        for (i = 0; i < pts.length; i += 2) ctx.fillRect(pts[i] / 255 * S - 1, S - pts[i + 1] / 255 * S - 1, 2.2, 2.2);
        [["#fff", 3.5], ["#006d2c", 1.6]].forEach(function (pen) { // dark green crosses, outlined in white
          ctx.strokeStyle = pen[0];
          ctx.lineWidth = pen[1];
          data.modes.forEach(function (mo) {
            var a = px(mo[0]), b = S - px(mo[1]);
            ctx.beginPath(); ctx.moveTo(a - 4, b); ctx.lineTo(a + 4, b); ctx.moveTo(a, b - 4); ctx.lineTo(a, b + 4); ctx.stroke();
          });
        });
        ctx.strokeStyle = "#e69f00";
        ctx.lineWidth = 1.6;
        fr.arrows[f][c].forEach(function (v, k) {
          var a = pts[2 * k] / 255 * S, b = S - pts[2 * k + 1] / 255 * S, dx = v[0] / 100 * 0.12 * S, dy = -v[1] / 100 * 0.12 * S;
          var len = Math.sqrt(dx * dx + dy * dy);
          if (len < 0.5) return;
          var ux = dx / len, uy = dy / len, h = Math.min(4, 0.5 * len);
          ctx.beginPath();
          ctx.moveTo(a, b); ctx.lineTo(a + dx, b + dy);
          ctx.moveTo(a + dx, b + dy); ctx.lineTo(a + dx - h * (ux - 0.5 * uy), b + dy - h * (uy + 0.5 * ux));
          ctx.moveTo(a + dx, b + dy); ctx.lineTo(a + dx - h * (ux + 0.5 * uy), b + dy - h * (uy - 0.5 * ux));
          ctx.stroke();
        });
      };
    }

    function init(root) {
      if (root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "1");
      var data = JSON.parse(root.querySelector(".ganlib-replay-data").textContent);
      var colors = JSON.parse(root.getAttribute("data-colors"));
      var nModes = data.modes ? data.modes.length : 0, last = data.steps.length - 1;
      root.style.fontFamily = "sans-serif";
      root.style.fontSize = "13px";
      root.style.margin = "10px 0 22px";
      if (data.title) el("div", { style: "font-weight:bold;margin-bottom:4px" }, root).textContent = data.title;
      var bar = el("div", { style: "display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-bottom:6px" }, root);
      var button = el("button", { type: "button", "class": "ganlib-replay-play", style: "min-width:64px" }, bar);
      button.textContent = "\u25b6 play";
      var slider = el("input", { type: "range", min: 0, max: last, step: 1, value: 0, "aria-label": "training step",
                                 "class": "ganlib-replay-slider", style: "width:260px;max-width:60vw" }, bar);
      var label = el("span", { "class": "ganlib-replay-step", style: "font-variant-numeric:tabular-nums" }, bar);
      var grid = el("div", { style: "display:flex;flex-wrap:wrap;gap:10px 18px" }, root);
      var drawers = [], outs = [];
      data.copies.forEach(function (seed, c) {
        var box = el("div", { "class": "ganlib-replay-copy", "data-copy": c,
                              style: data.kind === "2d" ? "width:202px;max-width:calc(50% - 9px)" : "max-width:100%" }, grid);
        var head = el("div", { style: "font-size:12px;margin-bottom:2px" }, box);
        var row = el("div", { style: "display:flex;flex-wrap:wrap;gap:4px" }, box);
        drawers.push(data.kind === "1d" ? panel1d(row, data, c, colors) : panel2d(row, data, c));
        var spans = {};
        head.appendChild(document.createTextNode("seed " + seed + ": "));
        Object.keys(data.readout).forEach(function (key, j) {
          if (j) head.appendChild(data.kind === "2d" ? el("br", {}) : document.createTextNode(", "));
          head.appendChild(document.createTextNode(data.readout[key] + " "));
          spans[key] = el("span", { "class": "ganlib-replay-value ganlib-replay-" + key, "data-key": key }, head);
        });
        outs.push(spans);
      });
      var legend = el("div", { style: "color:#555;font-size:12px;margin-top:4px" }, root);
      legend.innerHTML = data.kind === "1d"
        ? "<span style=\"color:" + colors.p_data + "\">p<sub>data</sub></span>, <span style=\"color:" + colors.p_g +
          "\">p<sub>g</sub> (kernel estimate" + (data.z ? "; G(z) on the right" : "") + ")</span>, <span style=\"color:" + colors.d +
          "\">learned D</span>, <span style=\"color:" + colors.d_star + "\">D* (dashed)</span>; D on the right axis, 0 to 1" +
          (data.z ? "; black dashes: the increasing map F<sup>\u22121</sup>(\u03a6(z))" : "") +
          ". Frames computed by the chapter when it ran; this page only draws them."
        : "Heat map: " + (data.probability ? "D(x), blue 0 to red 1" : "the critic, blue low to red high (each frame's own range)") +
          "; black dots: samples; green crosses: the modes; orange arrows: where the generator's loss pushes a sample " +
          "(longest arrow = strongest push in that frame). Frames computed by the chapter when it ran.";
      var frame = 0, timer = null;
      function show(i) {
        var t0 = performance.now();
        frame = Math.max(0, Math.min(last, i | 0));
        slider.value = String(frame);
        label.textContent = "step " + data.steps[frame] + " (" + (frame + 1) + " of " + data.steps.length + ")";
        root.setAttribute("data-frame", String(frame));
        root.setAttribute("data-step", String(data.steps[frame]));
        drawers.forEach(function (d, c) {
          d(frame);
          Object.keys(outs[c]).forEach(function (key) {
            var v = data.values[key][frame][c];
            outs[c][key].textContent = readoutText(key, v, nModes);
            outs[c][key].setAttribute("data-value", String(v));
          });
        });
        void root.offsetHeight; // the layout too, so that the time covers style and layout, not only the DOM calls
        api.lastDrawMs = performance.now() - t0;
      }
      function stop() {
        if (timer !== null) clearInterval(timer);
        timer = null;
        button.textContent = "\u25b6 play";
      }
      button.addEventListener("click", function () {
        if (timer !== null) { stop(); return; }
        if (frame >= last) show(0);
        button.textContent = "\u275a\u275a pause";
        timer = setInterval(function () { if (frame >= last) stop(); else show(frame + 1); }, 700);
      });
      slider.addEventListener("input", function () { stop(); show(parseInt(slider.value, 10)); });
      var api = { show: show, frame: function () { return frame; }, data: data, lastDrawMs: 0,
                  playing: function () { return timer !== null; } };
      root.ganlibReplay = api;
      show(0);
    }
    window.ganlibReplay = { init: init };
  }
  var all = document.querySelectorAll(".ganlib-replay");
  for (var n = 0; n < all.length; n++) window.ganlibReplay.init(all[n]);
})();
