/* The D* / JSD sliders panel for pages without a Python kernel (the static HTML book).
 *
 * ganlib.widgets.static_panel_html() puts this script after a <div class="ganlib-dstar-panel">
 * whose data-* attributes carry the starting values, the sliders' ranges, the grid (ganlib's
 * GRID_POINTS, GRID_WIDTH and VIEW) and the colours. The numbers are computed here exactly as
 * ganlib.widgets.panel_state computes them (same grid, same mixture densities, same sums), and
 * tests/test_browser.py checks that they agree. Nothing is loaded from anywhere: the page works
 * offline.
 *
 * window.ganlibDStar.state(params, grid) returns {x, dx, p_data, p_g, d_star, jsd, jsd_fraction,
 * criterion, force_minimax, force_nonsaturating, push_minimax, push_nonsaturating}, like panel_state;
 * grid is a panel's data-grid ({points, width, view}). The forces follow ganlib.generator_force
 * (numpy.gradient of the logit log(p_data / p_g), times D* or 1 - D*) on each stretch of the grid
 * where both densities are positive, NaN elsewhere.
 */
(function () {
  "use strict";
  if (!window.ganlibDStar) {
    var TINY = 2.2250738585072014e-308; // numpy.finfo(float64).tiny
    var SQRT_2PI = Math.sqrt(2 * Math.PI);
    var LOG2 = Math.log(2), LOG4 = Math.log(4);
    var SVG = "http://www.w3.org/2000/svg";

    function normPdf(x, m, s) {
      var z = (x - m) / s;
      return Math.exp(-0.5 * z * z) / SQRT_2PI / s;
    }
    function relEntr(a, b) { // scipy.special.rel_entr
      if (a > 0 && b > 0) return a * Math.log(a / b);
      if (a === 0 && b >= 0) return 0;
      return Infinity;
    }
    function xlogy(a, b) { return a > 0 ? a * Math.log(b) : 0; }
    function expit(v) { return 1 / (1 + Math.exp(-v)); } // scipy.special.expit

    // numpy.gradient(f[i0:i1], x[i0:i1]) (edge_order 1) into out[i0:i1]
    function gradient(f, x, i0, i1, out) {
      var n = i1 - i0, i, uniform = true, h0 = x[i0 + 1] - x[i0];
      for (i = i0 + 1; i < i1 - 1 && uniform; i++) uniform = x[i + 1] - x[i] === h0;
      out[i0] = (f[i0 + 1] - f[i0]) / (x[i0 + 1] - x[i0]);
      out[i1 - 1] = (f[i1 - 1] - f[i1 - 2]) / (x[i1 - 1] - x[i1 - 2]);
      for (i = i0 + 1; i < i1 - 1; i++) {
        if (uniform) { out[i] = (f[i + 1] - f[i - 1]) / (2 * h0); continue; }
        var d1 = x[i] - x[i - 1], d2 = x[i + 1] - x[i];
        out[i] = -(d2) / (d1 * (d1 + d2)) * f[i - 1] + (d2 - d1) / (d1 * d2) * f[i] + d1 / (d2 * (d1 + d2)) * f[i + 1];
      }
      return n;
    }

    // ganlib.widgets.maths._forces and _push
    function forces(x, pd, pg, dx) {
      var n = x.length, fm = new Float64Array(n).fill(NaN), fn = new Float64Array(n).fill(NaN);
      var logit = new Float64Array(n), slope = new Float64Array(n), i = 0, j;
      while (i < n) {
        if (!(pd[i] > 0 && pg[i] > 0)) { i++; continue; }
        j = i;
        while (j < n && pd[j] > 0 && pg[j] > 0) { logit[j] = Math.log(pd[j]) - Math.log(pg[j]); j++; }
        if (j - i >= 2) {
          gradient(logit, x, i, j, slope);
          for (var k = i; k < j; k++) { fm[k] = expit(logit[k]) * slope[k]; fn[k] = expit(-logit[k]) * slope[k]; }
        }
        i = j;
      }
      function push(f) {
        var mass = 0, tot = 0;
        for (var k = 0; k < n; k++) if (isFinite(f[k])) { mass += pg[k]; tot += pg[k] * Math.abs(f[k]); }
        mass *= dx;
        return mass > 0 ? tot * dx / mass : NaN;
      }
      return { force_minimax: fm, force_nonsaturating: fn, push_minimax: push(fm), push_nonsaturating: push(fn) };
    }

    function state(p, grid) {
      var n = grid.points;
      var means = [p.data_mean1, p.data_mean2, p.g_mean1, p.g_mean2];
      var stds = [p.data_std, p.data_std, p.g_std, p.g_std];
      var lo = Infinity, hi = -Infinity, i;
      for (i = 0; i < 4; i++) {
        lo = Math.min(lo, means[i] - grid.width * stds[i]);
        hi = Math.max(hi, means[i] + grid.width * stds[i]);
      }
      var step = (hi - lo) / (n - 1); // numpy.linspace
      var x = new Float64Array(n), pd = new Float64Array(n), pg = new Float64Array(n), ds = new Float64Array(n);
      var wd = p.data_weight, wg = p.g_weight, sumD = 0, sumG = 0;
      for (i = 0; i < n; i++) {
        x[i] = i === n - 1 ? hi : lo + i * step;
        var a = (1 - wd) * normPdf(x[i], p.data_mean1, p.data_std) + wd * normPdf(x[i], p.data_mean2, p.data_std);
        var b = (1 - wg) * normPdf(x[i], p.g_mean1, p.g_std) + wg * normPdf(x[i], p.g_mean2, p.g_std);
        pd[i] = a < TINY ? 0 : a;
        pg[i] = b < TINY ? 0 : b;
        sumD += pd[i];
        sumG += pg[i];
      }
      var dx = x[1] - x[0];
      // js_divergence and generator_criterion both work on the densities renormalised on the grid
      var klP = 0, klQ = 0, crit = 0;
      for (i = 0; i < n; i++) {
        var pn = pd[i] / (sumD * dx), qn = pg[i] / (sumG * dx), m = 0.5 * (pn + qn), tn = pn + qn;
        klP += relEntr(pn, m);
        klQ += relEntr(qn, m);
        crit += xlogy(pn, pn / (tn > 0 ? tn : 1)) + xlogy(qn, qn / (tn > 0 ? tn : 1));
        var tot = pd[i] + pg[i];
        ds[i] = tot > 0 ? pd[i] / tot : 0.5; // ganlib.optimal_discriminator
      }
      var jsd = 0.5 * (klP + klQ) * dx, f = forces(x, pd, pg, dx);
      return { x: x, dx: dx, p_data: pd, p_g: pg, d_star: ds, jsd: jsd, jsd_fraction: jsd / LOG2,
               criterion: crit * dx, force_minimax: f.force_minimax, force_nonsaturating: f.force_nonsaturating,
               push_minimax: f.push_minimax, push_nonsaturating: f.push_nonsaturating };
    }

    // a round upper limit >= 1.15 v (ganlib.widgets._nice_ceiling)
    function niceCeiling(v) {
      var target = Math.max(1.15 * v, 1e-6), k = Math.floor(Math.log10(target));
      var ms = [1.0, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
      for (var j = 0; j < ms.length; j++) if (ms[j] * Math.pow(10, k) >= target) return ms[j] * Math.pow(10, k);
      return Math.pow(10, k + 1);
    }
    function fixed(v, digits) { // no "-0.0000" for values a hair below zero
      var s = v.toFixed(digits);
      return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
    }
    function pushText(v) { return isFinite(v) ? fixed(v, 3) : "undefined (a density is 0 there)"; }
    function el(tag, attrs, parent, ns) {
      var e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
      for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
      if (parent) parent.appendChild(e);
      return e;
    }

    function init(root) {
      if (root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "1");
      var spec = JSON.parse(root.getAttribute("data-spec"));
      var params = JSON.parse(root.getAttribute("data-params"));
      var colors = JSON.parse(root.getAttribute("data-colors"));
      var grid = JSON.parse(root.getAttribute("data-grid")), VIEW = grid.view;
      var W = 660, H = 280, L = 56, R = 56, T = 34, B = 40, pw = W - L - R, ph = H - T - B;
      root.innerHTML = "";
      root.style.fontFamily = "sans-serif";
      root.style.fontSize = "13px";
      var cols = el("div", { style: "display:flex;flex-wrap:wrap;gap:8px 28px" }, root);
      var sliders = {};
      ["data", "g"].forEach(function (who) {
        var col = el("div", { "class": "ganlib-dstar-col" }, cols);
        el("div", { style: "font-weight:bold;margin-bottom:2px" }, col).innerHTML =
          who === "data" ? "p<sub>data</sub> (the data)" : "p<sub>g</sub> (the generator)";
        Object.keys(spec).forEach(function (name) {
          if (name.indexOf(who + "_") !== 0) return;
          var s = spec[name];
          var row = el("label", { style: "display:flex;align-items:center;gap:6px;margin:1px 0" }, col);
          el("span", { style: "width:64px;text-align:right" }, row).textContent = s.label;
          var input = el("input", { type: "range", min: s.lo, max: s.hi, step: s.step, value: params[name],
                                    name: name, "aria-label": (who === "data" ? "p_data " : "p_g ") + s.label,
                                    style: "width:170px" }, row);
          var out = el("output", { style: "width:40px;font-variant-numeric:tabular-nums" }, row);
          var decimals = Math.max(1, -Math.floor(Math.log10(s.step) + 1e-9));
          out.textContent = Number(params[name]).toFixed(decimals);
          input.addEventListener("input", function () {
            params[name] = parseFloat(input.value);
            out.textContent = params[name].toFixed(decimals);
            draw();
          });
          sliders[name] = input;
        });
      });

      var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
                            "aria-label": "p_data, p_g and D*", style: "max-width:100%;height:auto;display:block" }, root, SVG);
      var frame = el("g", {}, svg, SVG), lines = {};
      el("rect", { x: L, y: T, width: pw, height: ph, fill: "none", stroke: "#444" }, frame, SVG);
      function sx(v) { return L + (v - VIEW[0]) / (VIEW[1] - VIEW[0]) * pw; }
      function text(x, y, s, anchor, parent) {
        var t = el("text", { x: x, y: y, "text-anchor": anchor || "middle", "font-size": 11, fill: "#222" }, parent || frame, SVG);
        t.textContent = s;
        return t;
      }
      for (var v = VIEW[0]; v <= VIEW[1]; v += 2) {
        el("line", { x1: sx(v), x2: sx(v), y1: T + ph, y2: T + ph + 4, stroke: "#444" }, frame, SVG);
        text(sx(v), T + ph + 16, String(v).replace("-", "\u2212"));
      }
      text(L + pw / 2, H - 6, "x");
      [0, 0.5, 1].forEach(function (d) {
        var y = T + ph * (1 - d);
        el("line", { x1: L + pw, x2: L + pw + 4, y1: y, y2: y, stroke: "#444" }, frame, SVG);
        text(L + pw + 7, y + 4, String(d), "start");
      });
      var half = T + ph / 2;
      el("line", { x1: L, x2: L + pw, y1: half, y2: half, stroke: "#8c8c8c", "stroke-dasharray": "1 3" }, frame, SVG);
      var rl = text(W - 12, T + ph / 2, "D*(x)", "middle");
      rl.setAttribute("transform", "rotate(90 " + (W - 12) + " " + (T + ph / 2) + ")");
      var ll = text(14, T + ph / 2, "density", "middle");
      ll.setAttribute("transform", "rotate(-90 14 " + (T + ph / 2) + ")");
      var yticks = el("g", {}, svg, SVG);
      var legend = [["p_data", "p", "data"], ["p_g", "p", "g"], ["d_star", "D*", " (right axis)"]];
      legend.forEach(function (item, j) {
        var x0 = L + j * 150, c = colors[item[0]];
        el("line", { x1: x0, x2: x0 + 24, y1: 14, y2: 14, stroke: c.color, "stroke-width": 2,
                     "stroke-dasharray": c.dash || "none" }, svg, SVG);
        var t = text(x0 + 30, 18, "", "start", svg);
        t.textContent = item[1];
        if (item[0] !== "d_star") {
          var sub = el("tspan", { "baseline-shift": "sub", "font-size": 9 }, t, SVG);
          sub.textContent = item[2];
        } else {
          t.textContent = item[1] + item[2];
        }
        lines[item[0]] = el("polyline", { fill: "none", stroke: c.color, "stroke-width": 2,
                                          "stroke-dasharray": c.dash || "none", "class": "ganlib-" + item[0] },
                            svg, SVG);
      });
      // the forces on generated samples, in a strip under the densities
      var FH = 150, FT = 26, FB = 34, fph = FH - FT - FB;
      var fsvg = el("svg", { viewBox: "0 0 " + W + " " + FH, width: W, height: FH, role: "img",
                             "aria-label": "force on a generated sample under each loss",
                             style: "max-width:100%;height:auto;display:block" }, root, SVG);
      el("rect", { x: L, y: FT, width: pw, height: fph, fill: "none", stroke: "#444" }, fsvg, SVG);
      el("line", { x1: L, x2: L + pw, y1: FT + fph / 2, y2: FT + fph / 2, stroke: "#8c8c8c", "stroke-dasharray": "1 3" }, fsvg, SVG);
      for (v = VIEW[0]; v <= VIEW[1]; v += 2) {
        el("line", { x1: sx(v), x2: sx(v), y1: FT + fph, y2: FT + fph + 4, stroke: "#444" }, fsvg, SVG);
        text(sx(v), FT + fph + 16, String(v).replace("-", "\u2212"), "middle", fsvg);
      }
      text(L + pw / 2, FH - 4, "x (force drawn where p_g is at least 0.1% of its peak)", "middle", fsvg);
      var fl = text(14, FT + fph / 2, "force", "middle", fsvg);
      fl.setAttribute("transform", "rotate(-90 14 " + (FT + fph / 2) + ")");
      var fticks = el("g", {}, fsvg, SVG), flines = {};
      [["force_minimax", "saturating log(1 \u2212 D*)"], ["force_nonsaturating", "non-saturating \u2212log D*"]]
        .forEach(function (item, j) {
          var x0 = L + j * 230, c = colors[item[0]];
          el("line", { x1: x0, x2: x0 + 24, y1: 12, y2: 12, stroke: c.color, "stroke-width": 2,
                       "stroke-dasharray": c.dash || "none" }, fsvg, SVG);
          text(x0 + 30, 16, item[1], "start", fsvg);
          flines[item[0]] = el("path", { fill: "none", stroke: c.color, "stroke-width": 2,
                                         "stroke-dasharray": c.dash || "none", "class": "ganlib-" + item[0] }, fsvg, SVG);
        });
      function drawForces(st) {
        var i, peak = 0, big = 0, shown = [];
        for (i = 0; i < st.x.length; i++) if (st.x[i] >= VIEW[0] && st.x[i] <= VIEW[1]) peak = Math.max(peak, st.p_g[i]);
        for (i = 0; i < st.x.length; i++) {
          shown[i] = st.x[i] >= VIEW[0] && st.x[i] <= VIEW[1] && st.p_g[i] >= grid.shown_force * peak;
          if (!shown[i]) continue;
          if (isFinite(st.force_minimax[i])) big = Math.max(big, Math.abs(st.force_minimax[i]));
          if (isFinite(st.force_nonsaturating[i])) big = Math.max(big, Math.abs(st.force_nonsaturating[i]));
        }
        var ftop = niceCeiling(Math.max(big, grid.force_floor));
        fticks.innerHTML = "";
        [-1, 0, 1].forEach(function (k) {
          var y = FT + fph * (1 - (k + 1) / 2);
          el("line", { x1: L - 4, x2: L, y1: y, y2: y, stroke: "#444" }, fticks, SVG);
          text(L - 6, y + 4, Number((ftop * k).toPrecision(3)).toString().replace("-", "\u2212"), "end", fticks);
        });
        ["force_minimax", "force_nonsaturating"].forEach(function (key) {
          var d = [], pen = "M";
          for (i = 0; i < st.x.length; i++) {
            if (!shown[i] || !isFinite(st[key][i])) { pen = "M"; continue; }
            var yv = Math.max(-1.02, Math.min(1.02, st[key][i] / ftop));
            d.push(pen + sx(st.x[i]).toFixed(1) + " " + (FT + fph * (1 - (yv + 1) / 2)).toFixed(1));
            pen = "L";
          }
          flines[key].setAttribute("d", d.join(""));
        });
      }

      var readout = el("div", { "class": "ganlib-dstar-readout", "aria-live": "polite", style: "line-height:1.5" }, root);
      el("div", { style: "color:#555;font-size:12px;margin-top:4px" }, root).textContent =
        "Runs in your browser: the numbers are computed as ganlib.widgets.panel_state computes them. " +
        "In Jupyter or Colab the same cell shows the ipywidgets panel.";

      var ytop = null;
      function draw() {
        var st = state(params, grid), i, peak = 0;
        for (i = 0; i < st.x.length; i++) {
          if (st.x[i] >= VIEW[0] && st.x[i] <= VIEW[1]) peak = Math.max(peak, st.p_data[i], st.p_g[i]);
        }
        if (ytop === null || peak > ytop || peak < 0.35 * ytop) {
          ytop = niceCeiling(peak);
          yticks.innerHTML = "";
          for (var k = 0; k <= 4; k++) {
            var y = T + ph * (1 - k / 4);
            el("line", { x1: L - 4, x2: L, y1: y, y2: y, stroke: "#444" }, yticks, SVG);
            text(L - 6, y + 4, Number((ytop * k / 4).toPrecision(3)).toString(), "end", yticks);
          }
        }
        ["p_data", "p_g", "d_star"].forEach(function (key) {
          var pts = [], top = key === "d_star" ? 1 : ytop;
          for (i = 0; i < st.x.length; i++) {
            if (st.x[i] < VIEW[0] || st.x[i] > VIEW[1]) continue;
            var yv = Math.min(st[key][i] / top, 1.02);
            pts.push(sx(st.x[i]).toFixed(1) + "," + (T + ph * (1 - yv)).toFixed(1));
          }
          lines[key].setAttribute("points", pts.join(" "));
        });
        drawForces(st);
        var pct = Math.min(Math.max(st.jsd_fraction, 0), 1) * 100;
        readout.setAttribute("data-jsd", String(st.jsd));
        readout.setAttribute("data-criterion", String(st.criterion));
        readout.setAttribute("data-jsd-fraction", String(st.jsd_fraction));
        readout.setAttribute("data-push-minimax", String(st.push_minimax));
        readout.setAttribute("data-push-nonsaturating", String(st.push_nonsaturating));
        readout.innerHTML =
          "<b>JSD</b>(p<sub>data</sub> &#8214; p<sub>g</sub>) = <span class=\"ganlib-jsd\">" + fixed(st.jsd, 4) +
          "</span> nats = <span class=\"ganlib-jsd-fraction\">" + fixed(100 * st.jsd_fraction, 1) +
          "%</span> of log 2 &nbsp;&nbsp; <b>C(G)</b> = &minus;log 4 + 2 JSD = <span class=\"ganlib-criterion\">" +
          fixed(st.criterion, 4) + "</span>" +
          "<div style=\"display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin-top:4px\"><span>C(G): &minus;log 4 = " +
          fixed(-LOG4, 4) + " (p<sub>g</sub> = p<sub>data</sub>)</span>" +
          "<div style=\"position:relative;width:320px;height:12px;background:#eee;border:1px solid #888\">" +
          "<div class=\"ganlib-gauge\" style=\"position:absolute;left:0;top:0;height:100%;width:" + pct.toFixed(1) +
          "%;background:" + colors.d_star.color + "\"></div></div><span>0 (disjoint supports)</span></div>" +
          "<div>Mean |force| on the generated samples: saturating <span class=\"ganlib-push-minimax\">" +
          pushText(st.push_minimax) + "</span>, non-saturating <span class=\"ganlib-push-nonsaturating\">" +
          pushText(st.push_nonsaturating) + "</span></div>";
        root.ganlibState = st;
        return st;
      }
      root.ganlibSliders = sliders;
      root.ganlibDraw = draw;
      draw();
    }

    window.ganlibDStar = { state: state, init: init };
  }
  var panels = document.querySelectorAll(".ganlib-dstar-panel");
  for (var n = 0; n < panels.length; n++) window.ganlibDStar.init(panels[n]);
})();
