/*
 * callvault console. Calls only the hub's API (/api/...), with the token typed at sign-in, which is kept in this
 * closure's memory only (never in storage, cookies or URLs). A person's phone number or CRM id travels in the
 * X-Callvault-Subject header, never in a URL. Everything the API answers is put on the page as text (no HTML).
 */
(function () {
  'use strict';
  var I = window.CallvaultI18n;
  var t = I.t;
  var token = null;
  var session = null;
  var subjectRef = null;
  var holdsById = {};

  function $(id) { return document.getElementById(id); }

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }

  function show(node, visible) { node.hidden = !visible; }

  function message(kind, text) {
    var err = $('app-error'), note = $('app-notice');
    show(err, kind === 'error'); show(note, kind === 'notice');
    if (kind === 'error') { err.textContent = text; }
    if (kind === 'notice') { note.textContent = text; }
  }

  /** An API call; rejects with an Error whose message is ready for the user. */
  function api(method, path, opts) {
    opts = opts || {};
    var headers = { 'Authorization': 'Bearer ' + token };
    if (opts.subject) { headers['X-Callvault-Subject'] = opts.subject; }
    if (opts.actor) { headers['X-Callvault-Actor'] = opts.actor; }
    var init = { method: method, headers: headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
    if (opts.json) { headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(opts.json); }
    return fetch(path, init).catch(function (e) {
      throw new Error(t('error.network', { detail: e.message }));
    }).then(function (resp) {
      if (resp.ok) { return resp; }
      return resp.text().then(function (body) {
        var detail = body;
        try { detail = JSON.parse(body).detail || body; } catch (ignored) { /* not a problem document */ }
        var error = new Error(resp.status === 401 ? t('error.expired') : t('error.generic', { status: resp.status, detail: detail }));
        error.status = resp.status;
        throw error;
      });
    });
  }

  function apiJson(method, path, opts) {
    return api(method, path, opts).then(function (r) { return r.json(); });
  }

  function table(captionKey, columns, rows, rowClass) {
    var head = el('tr', {}, columns.map(function (c) { return el('th', { scope: 'col', text: t(c) }); }));
    var body = rows.map(function (cells, i) {
      return el('tr', { 'class': rowClass ? rowClass(i) : null }, cells.map(function (c) {
        return el('td', {}, [c === null || c === undefined ? '' : c]);
      }));
    });
    return el('table', {}, [el('caption', { text: t(captionKey) }), el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  function badge(text, kind) { return el('span', { 'class': 'badge ' + kind, text: text }); }

  function day(iso) { return iso ? String(iso).substring(0, 10) : ''; }

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* ---- sign in / out --------------------------------------------------------------------------- */

  function signIn(event) {
    event.preventDefault();
    var field = $('token');
    var candidate = field.value.trim();
    var error = $('login-error');
    show(error, false);
    if (!candidate) { error.textContent = t('login.empty'); show(error, true); field.focus(); return; }
    fetch('/api/session', { headers: { 'Authorization': 'Bearer ' + candidate }, cache: 'no-store', credentials: 'omit' })
      .then(function (resp) {
        if (resp.status === 401 || resp.status === 403) {
          throw new Error(resp.status === 401 ? t('login.rejected') : t('login.noRole'));
        }
        if (!resp.ok) { throw new Error(t('error.generic', { status: resp.status, detail: '' })); }
        return resp.json();
      }, function () { throw new Error(t('login.unreachable')); })
      .then(function (s) {
        token = candidate;
        session = s;
        field.value = '';
        started();
      })
      .catch(function (e) {
        error.textContent = e.message;
        show(error, true);
        field.focus();
      });
  }

  function signOut() {
    token = null; session = null; subjectRef = null; holdsById = {};
    clear($('person-result')); clear($('person-detail'));
    ['retention-chart', 'retention-sweeps', 'holds-list', 'holds-review', 'holds-form', 'quarantine-list', 'audit-entries', 'status-body']
      .forEach(function (id) { clear($(id)); });
    show($('app'), false); show($('login'), true);
    show($('signed-in'), false); show($('sign-out'), false);
    $('token').focus();
  }

  var VIEWS = {
    person: function (s) { return s.purposes.length > 0; },
    retention: function (s) { return s.purposes.length > 0; },
    holds: function (s) { return s.dpo; },
    quarantine: function (s) { return s.dpo; },
    audit: function (s) { return s.audit; },
    status: function (s) { return s.dpo; }
  };

  function started() {
    show($('login'), false); show($('app'), true);
    var who = $('signed-in');
    who.textContent = t('session.as', { actor: session.actor, roles: session.roles.join(', ') });
    show(who, true); show($('sign-out'), true);
    var first = null;
    document.querySelectorAll('nav [data-view]').forEach(function (b) {
      var allowed = VIEWS[b.getAttribute('data-view')](session);
      b.parentNode.hidden = !allowed;
      if (allowed && !first) { first = b.getAttribute('data-view'); }
    });
    if (first) { open(first); }
  }

  var LOADERS = {};

  function open(view) {
    message(null);
    document.querySelectorAll('nav [data-view]').forEach(function (b) {
      if (b.getAttribute('data-view') === view) { b.setAttribute('aria-current', 'page'); } else { b.removeAttribute('aria-current'); }
    });
    document.querySelectorAll('.view').forEach(function (v) { show(v, v.id === 'view-' + view); });
    var heading = document.querySelector('#view-' + view + ' h2');
    if (LOADERS[view]) {
      LOADERS[view]().catch(function (e) { message('error', e.message); });
    }
    if (view === 'person') { $('subject-ref').focus(); } else if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
  }

  /* ---- person ---------------------------------------------------------------------------------- */

  function employeeChosen() { return $('kind-employee').checked; }

  /** The reference field's label follows the kind of person chosen (its key is kept for a change of language). */
  function subjectKindChanged() {
    var label = $('subject-ref-label');
    label.setAttribute('data-i18n', employeeChosen() ? 'person.refEmployee' : 'person.ref');
    label.textContent = t(label.getAttribute('data-i18n'));
  }

  /**
   * The reference the API takes in X-Callvault-Subject: a customer's number or CRM id as typed, an employee's id
   * as employee:<id> (an id typed with that prefix already is taken as it is).
   */
  function findPerson(event) {
    event.preventDefault();
    var ref = $('subject-ref').value.trim();
    var employee = employeeChosen();
    clear($('person-detail'));
    if (employee) { ref = ref.replace(/^employee:\s*/i, ''); }
    if (!ref) { message('error', t(employee ? 'person.emptyEmployee' : 'person.empty')); $('subject-ref').focus(); return; }
    subjectRef = employee ? 'employee:' + ref : ref;
    loadPerson().catch(function (e) { message('error', e.message); });
  }

  function loadPerson() {
    message(null);
    var holds = session.dpo ? apiJson('GET', '/api/holds').then(function (list) {
      holdsById = {};
      list.forEach(function (h) { holdsById[h.id] = h; });
    }) : Promise.resolve();
    return holds.then(function () {
      return apiJson('GET', '/api/subjects/-/recordings', { subject: subjectRef });
    }).then(renderPerson);
  }

  function holdCell(c) {
    if (!c.held) { return el('span', { 'class': 'muted', text: t('hold.none') }); }
    var h = c.holdId ? holdsById[c.holdId] : null;
    if (!h) { return badge(c.holdId || t('hold.yes'), 'held'); }
    return el('span', {}, [badge(h.id, 'held'), ' ' + h.reason + ' (' + t('col.reviewAt') + ' ' + day(h.reviewAt) + ')']);
  }

  function renderPerson(answer) {
    var out = clear($('person-result'));
    var copies = answer.copies;
    var recordings = {};
    copies.forEach(function (c) { recordings[c.recordingId] = true; });
    show($('person-actions'), session.dpo && copies.length > 0);
    show($('person-erase'), session.dpo);
    if (!session.dpo) {
      out.appendChild(el('p', { 'class': 'muted', text: t('person.onlyPurposes', { purposes: session.purposes.join(', ') }) }));
    }
    if (copies.length === 0) {
      out.appendChild(el('p', { id: 'person-none', text: t('person.none') }));
      show($('person-actions'), session.dpo);
      return;
    }
    out.appendChild(el('p', { id: 'person-count', text: t('person.count', { n: copies.length, r: Object.keys(recordings).length }) }));
    out.appendChild(table('person.caption',
      ['col.recording', 'col.callDay', 'col.purpose', 'col.basis', 'col.retention', 'col.retainUntil', 'col.state', 'col.hold'],
      copies.map(function (c) {
        var gone = c.state !== 'STORED';
        return [c.recordingId, c.callDay, c.purpose, c.legalBasis, c.retention, day(c.retainUntil),
          gone ? badge(c.state, 'gone') : c.state, holdCell(c)];
      }), function (i) { return copies[i].state === 'STORED' ? 'copy' : 'copy gone'; }));
    out.querySelector('table').id = 'person-copies';
  }

  function exportPackage() {
    var button = $('person-export');
    button.disabled = true;
    api('POST', '/api/subjects/-/export', { subject: subjectRef }).then(function (r) { return r.blob(); })
      .then(function (blob) {
        download(blob, 'access-package.zip');
        message('notice', t('person.exported', { size: blob.size }));
      })
      .catch(function (e) { message('error', e.message); })
      .then(function () { button.disabled = false; });
  }

  function outcomeBadge(outcome) {
    var kind = outcome === 'KEPT' ? 'kept' : (outcome === 'ALREADY_GONE' ? 'gone' : 'erase');
    return badge(t('outcome.' + outcome), kind);
  }

  function copyRows(copies) {
    return copies.map(function (c) { return [c.recordingId, c.purpose, c.legalBasis, outcomeBadge(c.outcome), c.reason]; });
  }

  var COPY_COLUMNS = ['col.recording', 'col.purpose', 'col.basis', 'col.outcome', 'col.reason'];

  function previewErasure() {
    var detail = clear($('person-detail'));
    apiJson('GET', '/api/subjects/-/erasure-preview', { subject: subjectRef }).then(function (p) {
      var n = { erase: 0, kept: 0, gone: 0 };
      p.copies.forEach(function (c) {
        n[c.outcome === 'WOULD_ERASE' ? 'erase' : (c.outcome === 'KEPT' ? 'kept' : 'gone')] += 1;
      });
      var confirm = el('button', { type: 'button', id: 'erase-confirm', 'class': 'danger', text: t('preview.confirm') });
      var cancel = el('button', { type: 'button', id: 'erase-cancel', text: t('preview.cancel') });
      var panel = el('div', { 'class': 'panel', id: 'erasure-preview', role: 'region', 'aria-labelledby': 'preview-heading' }, [
        el('h3', { id: 'preview-heading', text: t('preview.heading') }),
        el('p', { text: t('preview.summary', n) }),
        table('preview.caption', COPY_COLUMNS, copyRows(p.copies)),
        el('div', { 'class': 'actions' }, [confirm, cancel])]);
      detail.appendChild(panel);
      confirm.addEventListener('click', erase);
      cancel.addEventListener('click', function () { clear(detail); $('person-erase').focus(); });
      confirm.focus();
    }).catch(function (e) { message('error', e.message); });
  }

  function erase() {
    $('erase-confirm').disabled = true;
    apiJson('DELETE', '/api/subjects/-', { subject: subjectRef }).then(function (c) {
      var detail = clear($('person-detail'));
      var facts = el('dl', { 'class': 'facts' }, [
        el('dt', { text: t('certificate.id') }), el('dd', { id: 'certificate-id', text: c.certificateId }),
        el('dt', { text: t('certificate.issued') }), el('dd', { text: c.issuedAt }),
        el('dt', { text: t('certificate.by') }), el('dd', { text: c.requestedBy }),
        el('dt', { text: t('certificate.grounds') }), el('dd', { text: c.grounds }),
        el('dt', { text: t('certificate.hash') }), el('dd', { id: 'certificate-hash', text: c.contentHash })]);
      var panel = el('div', { 'class': 'panel', id: 'erasure-certificate', role: 'region', 'aria-labelledby': 'certificate-heading', tabindex: '-1' }, [
        el('h3', { id: 'certificate-heading', text: t('certificate.heading') }), facts,
        table('certificate.caption', COPY_COLUMNS, copyRows(c.copies))]);
      detail.appendChild(panel);
      panel.focus();
      return loadPerson();
    }).catch(function (e) { message('error', e.message); });
  }

  /** The hold form; {@code fixedSubject} places a subject hold on the person shown. */
  function holdForm(container, fixedSubject, done) {
    var today = new Date();
    var review = new Date(today.getTime() + 90 * 86400000).toISOString().substring(0, 10);
    var scope = el('select', { id: 'hold-scope' }, ['recording', 'subject', 'case'].map(function (s) {
      return el('option', { value: s, text: t('scope.' + s) });
    }));
    var target = el('input', { type: 'text', id: 'hold-target', autocomplete: 'off' });
    var reason = el('input', { type: 'text', id: 'hold-reason', maxlength: '500', autocomplete: 'off' });
    var reviewAt = el('input', { type: 'date', id: 'hold-review', value: review });
    var fields = [];
    if (!fixedSubject) {
      fields.push(el('label', { 'for': 'hold-scope', text: t('holdform.scope') }), scope,
        el('label', { 'for': 'hold-target', text: t('holdform.target') }), target);
    }
    fields.push(el('label', { 'for': 'hold-reason', text: t('holdform.reason') }), reason,
      el('label', { 'for': 'hold-review', text: t('holdform.review') }), reviewAt,
      el('span'), el('button', { type: 'submit', id: 'hold-submit', text: t('holdform.submit') }));
    var form = el('form', { 'class': 'stack', id: 'hold-form', novalidate: 'novalidate', autocomplete: 'off' }, fields);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { scope: fixedSubject ? 'subject' : scope.value, target: fixedSubject ? subjectRef : target.value.trim(),
        reason: reason.value.trim(), review_at: reviewAt.value };
      apiJson('POST', '/api/holds', { json: body }).then(function (h) {
        message('notice', t('holdform.placed', { id: h.id }));
        return done();
      }).catch(function (e) { message('error', e.message); });
    });
    container.appendChild(el('div', { 'class': 'panel' }, [el('h3', { text: t('holdform.heading') }), form]));
    (fixedSubject ? reason : scope).focus();
  }

  function personHold() {
    var detail = clear($('person-detail'));
    holdForm(detail, true, function () { clear(detail); return loadPerson(); });
  }

  /* ---- retention ------------------------------------------------------------------------------- */

  LOADERS.retention = function () {
    var sweeps = session.dpo ? apiJson('GET', '/api/retention/sweeps') : Promise.resolve(null);
    return Promise.all([apiJson('GET', '/api/retention/forecast'), sweeps])
      .then(function (answers) {
        window.CallvaultCharts.retention(clear($('retention-chart')), answers[0], t);
        renderSweeps(answers[1]);
      });
  };

  function renderSweeps(sweeps) {
    var out = clear($('retention-sweeps'));
    show(out.previousElementSibling, sweeps !== null);
    if (sweeps === null) { return; }
    if (sweeps.length === 0) { out.appendChild(el('p', { text: t('sweeps.none') })); return; }
    out.appendChild(table('retention.sweeps', ['col.sweep', 'col.finished', 'col.dryRun', 'col.actions', 'col.errors'],
      sweeps.map(function (s) {
        var actions = Object.keys(s.counts).map(function (p) {
          return p + ': ' + Object.keys(s.counts[p]).map(function (a) { return a.toLowerCase() + ' ' + s.counts[p][a]; }).join(', ');
        }).join('; ');
        return [s.id, s.finishedAt, s.dryRun ? t('yes') : t('no'), actions, s.errors.length ? s.errors.join('; ') : '0'];
      })));
  }

  /* ---- holds ----------------------------------------------------------------------------------- */

  LOADERS.holds = function () {
    return apiJson('GET', '/api/holds').then(function (list) {
      var out = clear($('holds-list'));
      var now = new Date().toISOString();
      if (list.length === 0) { out.appendChild(el('p', { text: t('holds.none') })); }
      if (list.length > 0) {
        out.appendChild(table('holds.caption',
          ['col.id', 'col.scope', 'col.target', 'col.reason', 'col.placedBy', 'col.placedAt', 'col.reviewAt', 'col.actions'],
          list.map(function (h) {
            var release = el('button', { type: 'button', 'data-hold': h.id, text: t('holds.release') });
            release.addEventListener('click', function () { releaseHold(h.id); });
            var review = el('button', { type: 'button', 'data-review': h.id, text: t('holds.review') });
            review.addEventListener('click', function () { reviewForm(h, review); });
            var reviewCell = h.reviewAt < now ? el('span', {}, [day(h.reviewAt) + ' ', badge(t('holds.overdue'), 'overdue')]) : day(h.reviewAt);
            return [h.id, h.scope.toLowerCase(), h.target, h.reason, h.placedBy, h.placedAt, reviewCell,
              el('span', { 'class': 'actions' }, [review, release])];
          }), function (i) { return list[i].reviewAt < now ? 'overdue' : null; }));
      }
      clear($('holds-review'));
      var form = clear($('holds-form'));
      holdForm(form, false, LOADERS.holds);
    });
  };

  /** The review of one hold: a new review date (today or later), sent as PATCH /api/holds/{id}. */
  function reviewForm(h, opener) {
    var container = clear($('holds-review'));
    var today = new Date().toISOString().substring(0, 10);
    var date = el('input', { type: 'date', id: 'review-date', min: today, required: 'required' });
    var save = el('button', { type: 'submit', id: 'review-submit', text: t('review.submit') });
    var cancel = el('button', { type: 'button', id: 'review-cancel', text: t('preview.cancel') });
    var form = el('form', { 'class': 'stack', id: 'review-form', novalidate: 'novalidate', autocomplete: 'off' }, [
      el('label', { 'for': 'review-date', text: t('review.date') }), date, el('span'), el('span', { 'class': 'actions' }, [save, cancel])]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!date.value) { message('error', t('review.empty')); date.focus(); return; }
      apiJson('PATCH', '/api/holds/' + encodeURIComponent(h.id), { json: { review_at: date.value } }).then(function (r) {
        message('notice', t('review.done', { id: r.id, day: day(r.reviewAt) }));
        return LOADERS.holds();
      }).catch(function (e) { message('error', e.message); });
    });
    cancel.addEventListener('click', function () { clear(container); opener.focus(); });
    container.appendChild(el('div', { 'class': 'panel', id: 'hold-review', role: 'region', 'aria-labelledby': 'review-heading' }, [
      el('h3', { id: 'review-heading', text: t('review.heading', { id: h.id }) }),
      el('p', { text: t('review.intro', { reason: h.reason, day: day(h.reviewAt) }) }), form]));
    date.focus();
  }

  function releaseHold(id) {
    api('DELETE', '/api/holds/' + encodeURIComponent(id)).then(function () {
      message('notice', t('holds.released', { id: id }));
      return LOADERS.holds();
    }).catch(function (e) { message('error', e.message); });
  }

  /* ---- quarantine ------------------------------------------------------------------------------ */

  LOADERS.quarantine = function () {
    return apiJson('GET', '/api/quarantine').then(function (list) {
      var out = clear($('quarantine-list'));
      if (list.length === 0) { out.appendChild(el('p', { text: t('quarantine.none') })); return; }
      out.appendChild(table('quarantine.caption', ['col.source', 'col.file', 'col.reason', 'col.at'],
        list.map(function (q) { return [q.sourceId, q.file, q.reason, q.at]; })));
    });
  };

  /* ---- audit ----------------------------------------------------------------------------------- */

  LOADERS.audit = function () {
    var verify = apiJson('GET', '/api/audit/verify').catch(function (e) {
      if (e.status === 409) { return { intact: false, problem: e.message }; }
      throw e;
    }).then(function (v) {
      $('audit-verify').textContent = v.intact ? t('audit.intact', { n: v.entriesChecked }) : t('audit.broken', { problem: v.problem });
      $('audit-verify').className = v.intact ? 'notice' : 'error';
      var a = v.latestAnchor;
      $('audit-anchor').textContent = a ? t('audit.anchor', { seq: a.seq, at: a.at, hub: a.hub, location: a.location }) : t('audit.noAnchor');
    });
    return Promise.all([verify, loadAuditEntries()]);
  };

  /**
   * The last 100 entries that match the filters, newest first: the hub filters and stops at 100 (the page never
   * reads the whole trail); the actor filter travels in a header, like a person's reference.
   */
  function loadAuditEntries() {
    var select = $('audit-action');
    var action = select.value;
    var actor = $('audit-actor').value.trim();
    var path = '/api/audit/latest?limit=100' + (action ? '&action=' + encodeURIComponent(action) : '');
    return apiJson('GET', path, { actor: actor }).then(function (answer) {
      if (select.options.length <= 1) {
        answer.actions.forEach(function (a) { select.appendChild(el('option', { value: a, text: a })); });
        select.value = action;
      }
      var out = clear($('audit-entries'));
      out.appendChild(table('audit.caption', ['col.seq', 'col.at', 'col.actor', 'col.action', 'col.target', 'col.reason'],
        answer.entries.map(function (e) { return [String(e.seq), e.at, e.actor, e.action, e.target, e.reason]; })));
    });
  }

  var auditTimer = null;

  /** Filters again once the user stops typing for a moment, or at once when the action changes. */
  function filterAudit(event) {
    clearTimeout(auditTimer);
    auditTimer = setTimeout(function () {
      loadAuditEntries().catch(function (e) { message('error', e.message); });
    }, event && event.type === 'input' ? 300 : 0);
  }

  function exportAudit() {
    api('GET', '/api/audit').then(function (r) { return r.blob(); })
      .then(function (blob) { download(blob, 'audit-trail.jsonl'); })
      .catch(function (e) { message('error', e.message); });
  }

  /* ---- status ---------------------------------------------------------------------------------- */

  LOADERS.status = function () {
    return apiJson('GET', '/api/status').then(function (s) {
      var out = clear($('status-body'));
      out.appendChild(table('status.drops', ['col.source', 'col.waiting', 'col.oldest', 'col.quarantined', 'col.lastPoll'],
        Object.keys(s.drops).map(function (k) {
          var d = s.drops[k];
          return [k, d.filesWaiting === null ? '-' : String(d.filesWaiting), d.oldestWaitingSeconds === null ? '-' : String(d.oldestWaitingSeconds),
            String(d.quarantined), d.lastPoll || '-'];
        })));
      out.appendChild(table('status.purposes', ['col.purpose', 'col.storedToday', 'col.stored', 'col.discarded', 'col.nextExpiry', 'col.underHold'],
        Object.keys(s.purposes).map(function (k) {
          var p = s.purposes[k];
          return [k, String(p.storedToday), String(p.stored), String(p.discarded), day(p.nextExpiry) || '-', String(p.underHold)];
        })));
      out.appendChild(el('p', { text: t('status.summary', { discarded: s.discardedRecordings, pending: s.erasures.pending, audit: s.audit.detail.split('\n')[0] }) }));
      if (s.ingestedPerDay) {
        out.appendChild(el('h3', { text: t('status.perDay') }));
        window.CallvaultCharts.perDay(out, s.ingestedPerDay, t);
      }
    });
  };

  /* ---- wiring ---------------------------------------------------------------------------------- */

  document.addEventListener('DOMContentLoaded', function () {
    $('lang').value = I.lang();
    I.apply(document);
    $('lang').addEventListener('change', function () {
      I.setLang($('lang').value);
      if (session) { started(); }
    });
    $('login-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    document.querySelectorAll('nav [data-view]').forEach(function (b) {
      b.addEventListener('click', function () { open(b.getAttribute('data-view')); });
    });
    $('person-form').addEventListener('submit', findPerson);
    ['kind-customer', 'kind-employee'].forEach(function (id) { $(id).addEventListener('change', subjectKindChanged); });
    $('person-export').addEventListener('click', exportPackage);
    $('person-erase').addEventListener('click', previewErasure);
    $('person-hold').addEventListener('click', personHold);
    $('audit-actor').addEventListener('input', filterAudit);
    $('audit-action').addEventListener('change', filterAudit);
    $('audit-filter').addEventListener('submit', function (event) { event.preventDefault(); filterAudit(); });
    $('audit-export').addEventListener('click', exportAudit);
    $('token').focus();
  });
}());
