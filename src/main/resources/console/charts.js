/* callvault console: charts as plain SVG, drawn from the API's numbers (no library, no network). */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function html(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  /**
   * One chart per purpose: for each of the forecast's weeks a bar above the axis (copies whose retention ends that
   * week) and, apart and on a scale of their own, a bar below it (copies a legal hold keeps past that week). Each bar
   * has a title; a summary line
   * says the totals for screen readers and for anyone who does not read charts.
   */
  function retention(container, forecast, t) {
    var weeks = forecast.weeks;
    var legend = html('p', { 'class': 'legend' });
    [['due', t('retention.due')], ['held', t('retention.held')]].forEach(function (l) {
      var item = html('span', {});
      item.appendChild(html('span', { 'class': 'swatch ' + l[0], 'aria-hidden': 'true' }));
      item.appendChild(document.createTextNode(l[1]));
      legend.appendChild(item);
    });
    container.appendChild(legend);
    Object.keys(forecast.purposes).forEach(function (purpose) {
      var series = forecast.purposes[purpose];
      var max = Math.max(1, Math.max.apply(null, series.due));
      var maxHeld = Math.max(1, Math.max.apply(null, series.held));
      var sum = function (a) { return a.reduce(function (x, y) { return x + y; }, 0); };
      var STEP = 14, W = STEP * weeks.length + 60, H = 150, axis = 95, top = 15;
      var scaleUp = (axis - top) / max, scaleDown = (H - 22 - axis) / maxHeld;
      var figure = html('figure', { 'class': 'chart', 'data-purpose': purpose });
      var caption = html('figcaption', {}, purpose + ': ' + t('retention.total', { due: sum(series.due), held: sum(series.held) }));
      var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': caption.textContent });
      chart.appendChild(svg('line', { 'class': 'axis', x1: 50, x2: W - 5, y1: axis, y2: axis }));
      chart.appendChild(svg('text', { x: 0, y: top + 8 }, String(max)));
      chart.appendChild(svg('text', { x: 0, y: axis + 4 }, '0'));
      chart.appendChild(svg('text', { x: 0, y: H - 20 }, String(maxHeld)));
      weeks.forEach(function (week, i) {
        var x = 52 + i * STEP;
        var label = t('retention.week', { week: week });
        if (series.due[i] > 0) {
          var h = Math.max(1, series.due[i] * scaleUp);
          var bar = svg('rect', { 'class': 'bar-due', x: x, y: axis - h, width: 10, height: h, 'data-week': week, 'data-count': series.due[i] });
          bar.appendChild(svg('title', {}, label + ': ' + series.due[i] + ' ' + t('retention.due')));
          chart.appendChild(bar);
        }
        if (series.held[i] > 0) {
          var hh = Math.max(1, series.held[i] * scaleDown);
          var held = svg('rect', { 'class': 'bar-held', x: x, y: axis + 1, width: 10, height: hh, 'data-week': week, 'data-count': series.held[i] });
          held.appendChild(svg('title', {}, label + ': ' + series.held[i] + ' ' + t('retention.held')));
          chart.appendChild(held);
        }
        if (i % 4 === 0) {
          chart.appendChild(svg('text', { x: x, y: H - 4 }, week.substring(5)));
        }
      });
      figure.appendChild(caption);
      figure.appendChild(chart);
      container.appendChild(figure);
    });
  }

  /** Bars of recordings ingested per day ({day: count}), oldest first, with a summary line. */
  function perDay(container, counts, t) {
    var days = Object.keys(counts).sort();
    var max = Math.max.apply(null, [1].concat(days.map(function (d) { return counts[d]; })));
    var total = days.reduce(function (n, d) { return n + counts[d]; }, 0);
    var W = 14 * days.length + 60, H = 110, axis = 90;
    var figure = html('figure', { 'class': 'chart', id: 'ingest-chart' });
    var caption = html('figcaption', {}, t('status.perDayTotal', { n: total, days: days.length, today: days.length ? counts[days[days.length - 1]] : 0 }));
    var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': caption.textContent });
    chart.appendChild(svg('line', { 'class': 'axis', x1: 50, x2: W - 5, y1: axis, y2: axis }));
    chart.appendChild(svg('text', { x: 0, y: 15 }, String(max)));
    days.forEach(function (d, i) {
      var h = counts[d] === 0 ? 0 : Math.max(1, counts[d] * (axis - 10) / max);
      var bar = svg('rect', { 'class': 'bar-due', x: 52 + i * 14, y: axis - h, width: 10, height: h, 'data-day': d, 'data-count': counts[d] });
      bar.appendChild(svg('title', {}, d + ': ' + counts[d]));
      chart.appendChild(bar);
      if (i % 7 === 0) { chart.appendChild(svg('text', { x: 52 + i * 14, y: H - 4 }, d.substring(5))); }
    });
    figure.appendChild(caption);
    figure.appendChild(chart);
    container.appendChild(figure);
  }

  window.CallvaultCharts = { retention: retention, perDay: perDay };
}());
