// Renders window.KMODFORGE_COVERAGE (coverage.js, the same data as coverage.json) and filters it by kernel release.
(function () {
  'use strict';
  var data = window.KMODFORGE_COVERAGE;
  var statuses = ['published', 'failed', 'not_applicable', 'missing'];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }

  // A download URL (GitHub releases) or a local store's absolute path, linked as a file.
  function link(url, text) {
    if (/^https?:\/\//.test(url)) { return el('a', { href: url }, [text]); }
    if (url.charAt(0) === '/') { return el('a', { href: 'file://' + encodeURI(url) }, [text]); }
    return el('span', { title: url }, [text]);
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MiB' : bytes >= 1024 ? (bytes / 1024).toFixed(1) + ' KiB' : bytes + ' B';
  }

  function detail(row) {
    if (row.status === 'published') { return [link(row.url, row.file), ' (' + size(row.size) + ')']; }
    var parts = [row.reason || (row.status === 'missing' ? 'not built yet' : '')];
    if (row.run_url) { parts.push(' ', link(row.run_url, 'run')); }
    return parts;
  }

  function render() {
    var meta = data.driver_name + ' ' + data.driver_versions.join(', ') + ' · ' + data.release_store + ' · generated ' + data.generated_at;
    if (data.matrix_id) { meta += ' · matrix ' + data.matrix_id; }
    document.getElementById('meta').textContent = meta;

    var counts = document.querySelector('#counts tbody');
    Object.keys(data.counts).forEach(function (d) {
      counts.append(el('tr', {}, [el('td', {}, [d])].concat(statuses.map(function (s) { return el('td', { 'class': s }, [String(data.counts[d][s])]); }))));
    });

    var groups = document.getElementById('groups');
    data.groups.forEach(function (g) {
      var body = el('tbody');
      g.rows.forEach(function (r) {
        body.append(el('tr', { 'class': 'row', 'data-kernel': r.kernel_release }, [
          el('td', { 'class': 'kernel' }, [r.kernel_release]),
          el('td', {}, [r.driver_version]),
          el('td', { 'class': 'status ' + r.status }, [r.status.replace('_', ' ')]),
          el('td', { 'class': 'detail' }, detail(r)),
          el('td', { 'class': 'sha' }, [r.sha256 || ''])
        ]));
      });
      var head = el('thead', {}, [el('tr', {}, ['kernel release', 'driver', 'status', 'package or reason', 'SHA-256'].map(function (h, i) {
        return el('th', i === 4 ? { 'class': 'sha' } : {}, [h]);
      }))]);
      groups.append(el('section', { 'class': 'group' }, [
        el('h2', {}, [g.distribution + ' ' + g.distro_version + ' ' + g.architecture + ' (' + g.rows.length + ')']),
        el('div', { 'class': 'wrap' }, [el('table', {}, [head, body])])
      ]));
    });
  }

  // An exact release shows exactly its rows; anything else matches as a substring.
  function filter() {
    var q = document.getElementById('search').value.trim();
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr.row'));
    var exact = q !== '' && rows.some(function (r) { return r.getAttribute('data-kernel') === q; });
    var shown = 0;
    rows.forEach(function (r) {
      var k = r.getAttribute('data-kernel');
      var show = q === '' || (exact ? k === q : k.indexOf(q) >= 0);
      r.hidden = !show;
      if (show) { shown++; }
    });
    document.querySelectorAll('section.group').forEach(function (s) {
      s.hidden = s.querySelector('tr.row:not([hidden])') === null;
    });
    document.getElementById('matches').textContent = q === '' ? rows.length + ' rows'
      : shown === 0 ? 'No row for ' + q + ': this kernel is not in the list.' : shown + ' of ' + rows.length + ' rows match ' + q;
  }

  if (!data) {
    document.getElementById('matches').textContent = 'coverage.js is missing: the report has no data.';
    return;
  }
  render();
  var search = document.getElementById('search');
  search.addEventListener('input', filter);
  var initial = new URLSearchParams(window.location.search).get('kernel');
  if (initial) { search.value = initial; }
  filter();
})();
