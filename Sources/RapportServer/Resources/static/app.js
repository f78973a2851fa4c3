/* Rapport — progressive enhancement. Hand-written, no libraries.
   Every page works without this file; it only makes things quicker. */
(function () {
  'use strict';

  var doc = document;
  var root = doc.documentElement;
  root.classList.add('js');

  function isTypingTarget(el) {
    if (!el || el === doc.body) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
  }

  /* ---------- Navigation rail (phones) ---------- */
  var rail = doc.getElementById('nav');
  var navToggle = doc.querySelector('[data-nav-toggle]');

  function setNav(open, focusAfter) {
    if (!rail || !navToggle) return;
    rail.classList.toggle('is-open', open);
    navToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      var first = rail.querySelector('.nav-link[aria-current="page"]') || rail.querySelector('.nav-link');
      if (first) first.focus();
    } else if (focusAfter) {
      navToggle.focus();
    }
  }

  if (rail && navToggle) {
    navToggle.setAttribute('role', 'button');
    navToggle.addEventListener('click', function (e) {
      e.preventDefault();
      setNav(!rail.classList.contains('is-open'), false);
    });
    var closer = rail.querySelector('[data-nav-close]');
    if (closer) {
      closer.setAttribute('role', 'button');
      closer.addEventListener('click', function (e) {
        e.preventDefault();
        setNav(false, true);
      });
    }
    doc.addEventListener('click', function (e) {
      if (rail.classList.contains('is-open') && !rail.contains(e.target) && !navToggle.contains(e.target)) {
        setNav(false, false);
      }
    });
    // Arrived with #nav (the no-JavaScript way to open the menu): open it the JavaScript way.
    if (location.hash === '#nav') {
      if (history.replaceState) history.replaceState(null, '', location.pathname + location.search);
      setNav(true, false);
    }
  }

  /* ---------- Menus built on <details> ---------- */
  function closeMenus(except) {
    var open = doc.querySelectorAll('details[data-menu][open]');
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) open[i].removeAttribute('open');
    }
  }
  doc.addEventListener('click', function (e) {
    var inside = e.target.closest ? e.target.closest('details[data-menu]') : null;
    closeMenus(inside);
  });

  /* ---------- Global search: "/" to focus, suggestions as you type ---------- */
  var searchInput = doc.querySelector('[data-global-search]');
  var results = searchInput ? searchInput.form && searchInput.form.querySelector('[data-search-results]') : null;
  var options = [];
  var active = -1;
  var timer = 0;
  var seq = 0;
  var controller = null;

  function closeResults() {
    if (!results) return;
    results.hidden = true;
    results.textContent = '';
    options = [];
    active = -1;
    searchInput.setAttribute('aria-expanded', 'false');
    searchInput.removeAttribute('aria-activedescendant');
  }

  function setActive(index) {
    if (!options.length) return;
    if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
    active = (index + options.length) % options.length;
    var opt = options[active];
    opt.setAttribute('aria-selected', 'true');
    searchInput.setAttribute('aria-activedescendant', opt.id);
    opt.scrollIntoView({ block: 'nearest' });
  }

  function el(tag, cls, text) {
    var node = doc.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function safeHref(href) {
    // Only same-site relative links are expected from the server.
    return typeof href === 'string' && href.charAt(0) === '/' && href.charAt(1) !== '/' ? href : null;
  }

  function renderResults(q, data) {
    results.textContent = '';
    options = [];
    active = -1;
    searchInput.removeAttribute('aria-activedescendant');
    var groups = (data && Array.isArray(data.groups)) ? data.groups : [];
    var n = 0;
    groups.forEach(function (group, gi) {
      var hits = Array.isArray(group.hits) ? group.hits : [];
      if (!hits.length) return;
      var wrap = el('div', 'search-group-box');
      wrap.setAttribute('role', 'group');
      var labelId = 'gs-group-' + gi;
      var label = el('div', 'search-group-label', String(group.label || ''));
      label.id = labelId;
      label.setAttribute('role', 'presentation');
      wrap.setAttribute('aria-labelledby', labelId);
      wrap.appendChild(label);
      hits.forEach(function (hit) {
        var href = safeHref(hit.href);
        if (!href) return;
        var a = el('a', 'search-option');
        a.href = href;
        a.id = 'gs-opt-' + (n++);
        a.setAttribute('role', 'option');
        a.setAttribute('aria-selected', 'false');
        a.tabIndex = -1;
        a.appendChild(el('span', 'search-option-title', String(hit.title || '')));
        if (hit.subtitle) a.appendChild(el('span', 'search-option-sub', String(hit.subtitle)));
        wrap.appendChild(a);
        options.push(a);
      });
      results.appendChild(wrap);
    });
    if (!options.length) {
      results.appendChild(el('div', 'search-empty', 'No quick matches.'));
    }
    var all = el('a', 'search-option search-option-all');
    all.href = '/search?q=' + encodeURIComponent(q);
    all.id = 'gs-opt-all';
    all.setAttribute('role', 'option');
    all.setAttribute('aria-selected', 'false');
    all.tabIndex = -1;
    all.appendChild(el('span', null, 'See all results for “' + q + '”'));
    results.appendChild(all);
    options.push(all);
    results.hidden = false;
    searchInput.setAttribute('aria-expanded', 'true');
  }

  function suggest() {
    var q = searchInput.value.trim();
    if (!q) { closeResults(); return; }
    var mine = ++seq;
    if (controller) controller.abort();
    controller = typeof AbortController === 'function' ? new AbortController() : null;
    fetch('/search/suggest?q=' + encodeURIComponent(q), {
      headers: { 'Accept': 'application/json' },
      credentials: 'same-origin',
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    }).then(function (data) {
      if (mine !== seq || doc.activeElement !== searchInput) return;
      renderResults(q, data);
    }).catch(function () { /* suggestions are optional; the form still works */ });
  }

  if (searchInput && results) {
    results.setAttribute('role', 'listbox');
    results.setAttribute('aria-label', 'Search suggestions');
    searchInput.setAttribute('role', 'combobox');
    searchInput.setAttribute('aria-autocomplete', 'list');
    searchInput.setAttribute('aria-expanded', 'false');
    searchInput.setAttribute('aria-controls', results.id);

    searchInput.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });
    searchInput.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        if (results.hidden) { suggest(); return; }
        e.preventDefault();
        setActive(active + 1);
      } else if (e.key === 'ArrowUp') {
        if (results.hidden) return;
        e.preventDefault();
        setActive(active - 1);
      } else if (e.key === 'Enter') {
        if (!results.hidden && active >= 0 && options[active]) {
          e.preventDefault();
          location.assign(options[active].href);
        }
        // otherwise the form submits to /search as usual
      } else if (e.key === 'Escape') {
        if (!results.hidden) { e.preventDefault(); closeResults(); }
        else if (searchInput.value) { /* let the browser clear it */ }
        else { searchInput.blur(); }
      }
    });
    searchInput.addEventListener('blur', function () {
      // Let a click on a suggestion land before closing.
      setTimeout(function () {
        if (doc.activeElement !== searchInput) closeResults();
      }, 150);
    });
    searchInput.addEventListener('focus', function () {
      if (searchInput.value.trim() && results.hidden) {
        clearTimeout(timer);
        timer = setTimeout(suggest, 120);
      }
    });
    results.addEventListener('mousedown', function (e) {
      // Keep focus in the input while the pointer is down on a suggestion.
      e.preventDefault();
    });
  }

  doc.addEventListener('keydown', function (e) {
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && searchInput && !isTypingTarget(e.target)) {
      e.preventDefault();
      if (rail && rail.classList.contains('is-open')) setNav(false, false);
      searchInput.focus();
      searchInput.select();
    } else if (e.key === 'Escape') {
      if (rail && rail.classList.contains('is-open')) setNav(false, true);
      var openMenu = doc.querySelector('details[data-menu][open]');
      if (openMenu) {
        openMenu.removeAttribute('open');
        var summary = openMenu.querySelector('summary');
        if (summary) summary.focus();
      }
    }
  });

  /* ---------- Filters that submit on change ---------- */
  doc.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.matches && t.matches('[data-autosubmit]') && t.form) {
      if (typeof t.form.requestSubmit === 'function') t.form.requestSubmit();
      else t.form.submit();
    }
  });

  /* ---------- Confirm before destructive submits ---------- */
  doc.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form || !form.getAttribute) return;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      e.preventDefault();
      return;
    }
    // Avoid double submits: disable the submit buttons once the form is on its way.
    if (!e.defaultPrevented && (form.method || '').toLowerCase() === 'post') {
      setTimeout(function () {
        var buttons = form.querySelectorAll('button[type="submit"], button:not([type])');
        for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      }, 0);
    }
  });

  // Coming back through the history cache must not leave buttons disabled.
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    var disabled = doc.querySelectorAll('form button[disabled]');
    for (var i = 0; i < disabled.length; i++) disabled[i].disabled = false;
  });

  /* ---------- Ctrl/Cmd + Enter submits record forms ---------- */
  doc.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    var form = e.target && e.target.closest ? e.target.closest('form[data-submit-shortcut]') : null;
    if (!form) return;
    e.preventDefault();
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  });
  var hints = doc.querySelectorAll('.form-hint .kbd:first-child');
  if (/Mac|iPhone|iPad/.test(navigator.platform || '')) {
    for (var h = 0; h < hints.length; h++) hints[h].textContent = '⌘';
  }

  /* ---------- Whole table rows open their record ---------- */
  doc.addEventListener('click', function (e) {
    if (e.defaultPrevented || e.button !== 0) return;
    var row = e.target.closest ? e.target.closest('tr[data-href]') : null;
    if (!row) return;
    if (e.target.closest('a, button, input, select, textarea, label, summary')) return;
    var sel = window.getSelection && window.getSelection();
    if (sel && String(sel).length) return;
    var href = safeHref(row.getAttribute('data-href'));
    if (!href) return;
    if (e.metaKey || e.ctrlKey) window.open(href, '_blank');
    else location.assign(href);
  });

  /* ---------- Focus: error summary first, then login fields ---------- */
  var summaryBox = doc.querySelector('[data-error-summary]');
  if (summaryBox) {
    summaryBox.focus();
  } else {
    var login = doc.querySelector('[data-login-form]');
    if (login && login.email && login.password && login.email.value) login.password.focus();
  }

  /* ---------- Flash messages can be dismissed ---------- */
  var flashes = doc.querySelectorAll('[data-flash]');
  for (var f = 0; f < flashes.length; f++) {
    (function (flash) {
      var btn = el('button', 'flash-dismiss');
      btn.type = 'button';
      btn.setAttribute('aria-label', 'Dismiss message');
      btn.textContent = '×';
      btn.addEventListener('click', function () { flash.remove(); });
      flash.appendChild(btn);
    })(flashes[f]);
  }

  /* ---------- Relative times in the viewer's time zone ---------- */
  var rtf = (typeof Intl === 'object' && Intl.RelativeTimeFormat) ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;
  var full = (typeof Intl === 'object') ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : null;
  var dateOnly = (typeof Intl === 'object') ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }) : null;

  function relative(date) {
    var seconds = Math.round((date.getTime() - Date.now()) / 1000);
    var abs = Math.abs(seconds);
    if (abs < 45) return rtf.format(0, 'second');
    if (abs < 2700) return rtf.format(Math.round(seconds / 60), 'minute');
    if (abs < 79200) return rtf.format(Math.round(seconds / 3600), 'hour');
    if (abs < 6 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
    return dateOnly.format(date);
  }

  function refreshTimes() {
    if (!rtf || !full) return;
    var times = doc.querySelectorAll('time[datetime][data-relative]');
    for (var i = 0; i < times.length; i++) {
      var d = new Date(times[i].getAttribute('datetime'));
      if (isNaN(d.getTime())) continue;
      times[i].textContent = relative(d);
      times[i].title = full.format(d);
    }
  }
  refreshTimes();
  setInterval(refreshTimes, 60000);

  /* ---------- Copy buttons: <button data-copy="#input-id" hidden> ---------- */
  var copyButtons = doc.querySelectorAll('button[data-copy]');
  for (var c = 0; c < copyButtons.length; c++) copyButtons[c].hidden = false;
  doc.addEventListener('click', function (e) {
    var button = e.target.closest ? e.target.closest('button[data-copy]') : null;
    if (!button) return;
    var input = doc.querySelector(button.getAttribute('data-copy'));
    if (!input) return;
    var label = button.querySelector('[data-copy-label]') || button;
    function done(ok) {
      var before = label.textContent;
      label.textContent = ok ? 'Copied' : 'Press Ctrl+C';
      setTimeout(function () { label.textContent = before; }, 2000);
    }
    input.focus();
    input.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(function () { done(true); }, function () { done(false); });
    } else {
      var ok = false;
      try { ok = doc.execCommand('copy'); } catch (err) { ok = false; }
      done(ok);
    }
  });
  /* ---------- Pipeline board: drag a card to another stage; load more cards ---------- */
  var board = doc.querySelector('[data-board]');
  if (board) {
    var boardCsrf = board.getAttribute('data-csrf') || '';
    var boardStatus = doc.querySelector('[data-board-status]');
    var dragged = null;
    var columnOf = function (node) { return node && node.closest ? node.closest('.board-column') : null; };
    var clearTargets = function () {
      var targets = board.querySelectorAll('.is-drop-target');
      for (var i = 0; i < targets.length; i++) targets[i].classList.remove('is-drop-target');
    };
    var updateTotals = function (columns) {
      if (!columns) return;
      var cols = board.querySelectorAll('.board-column');
      for (var i = 0; i < cols.length; i++) {
        var info = columns[cols[i].getAttribute('data-stage')];
        if (!info) continue;
        var count = cols[i].querySelector('[data-count]');
        var totals = cols[i].querySelector('[data-totals]');
        if (count) count.textContent = String(info.count);
        if (totals) totals.textContent = info.totals;
      }
    };
    var moveCard = function (card, column) {
      var fromColumn = columnOf(card);
      var body = new URLSearchParams();
      body.set('_csrf', boardCsrf);
      body.set('stage_id', column.getAttribute('data-stage'));
      body.set('version', card.getAttribute('data-version'));
      body.set('return_to', location.pathname + location.search);
      card.classList.add('is-dragging');
      fetch('/deals/' + card.getAttribute('data-deal') + '/stage', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString()
      }).then(function (r) {
        return r.json().then(function (data) { return { status: r.status, data: data }; });
      }).then(function (res) {
        card.classList.remove('is-dragging');
        if (res.status === 200 && res.data.moved) {
          card.setAttribute('data-version', String(res.data.version));
          var versions = card.querySelectorAll('input[name="version"]');
          for (var i = 0; i < versions.length; i++) versions[i].value = String(res.data.version);
          var list = column.querySelector('.board-cards');
          var empty = list.querySelector('.board-empty');
          if (empty) empty.parentNode.removeChild(empty);
          list.insertBefore(card, list.firstChild);
          // The card's "Move to" list now offers the stage it left, not the one it is in.
          var select = card.querySelector('select[name="stage_id"]');
          var from = fromColumn;
          if (select) {
            var here = select.querySelector('option[value="' + column.getAttribute('data-stage') + '"]');
            if (here) here.parentNode.removeChild(here);
            if (from) {
              var option = doc.createElement('option');
              option.value = from.getAttribute('data-stage');
              option.textContent = from.querySelector('h2 span').textContent;
              select.insertBefore(option, select.firstChild);
            }
          }
          updateTotals(res.data.columns);
          if (boardStatus) boardStatus.textContent = res.data.message || '';
        } else if (res.status === 200 && res.data.form_href) {
          location.href = res.data.form_href;
        } else {
          location.reload();
        }
      }, function () { location.reload(); });
    };
    board.addEventListener('dragstart', function (e) {
      var card = e.target.closest ? e.target.closest('.deal-card[draggable="true"]') : null;
      if (!card) return;
      dragged = card;
      card.classList.add('is-dragging');
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', card.getAttribute('data-deal'));
    });
    board.addEventListener('dragend', function () {
      if (dragged) dragged.classList.remove('is-dragging');
      dragged = null;
      clearTargets();
    });
    board.addEventListener('dragover', function (e) {
      var column = columnOf(e.target);
      if (!dragged || !column || column.contains(dragged)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (!column.classList.contains('is-drop-target')) {
        clearTargets();
        column.classList.add('is-drop-target');
      }
    });
    board.addEventListener('drop', function (e) {
      var column = columnOf(e.target);
      if (!dragged || !column || column.contains(dragged)) return;
      e.preventDefault();
      clearTargets();
      moveCard(dragged, column);
    });
    board.addEventListener('click', function (e) {
      var more = e.target.closest ? e.target.closest('a[data-more]') : null;
      if (!more) return;
      e.preventDefault();
      fetch(more.getAttribute('data-more'), { credentials: 'same-origin' }).then(function (r) {
        return r.ok ? r.text() : Promise.reject(r.status);
      }).then(function (html) {
        var list = columnOf(more).querySelector('.board-cards');
        var holder = doc.createElement('template');
        holder.innerHTML = html;
        var next = holder.content.querySelector('.board-more-next');
        if (next) next.parentNode.removeChild(next);
        list.appendChild(holder.content);
        if (next) more.setAttribute('data-more', next.getAttribute('data-next'));
        else more.parentNode.parentNode.removeChild(more.parentNode);
      }, function () { location.href = more.href; });
    });
  }

  /* ---------- Copyable fields (a web form's link and embed code) ---------- */
  Array.prototype.forEach.call(doc.querySelectorAll('[data-select-on-focus]'), function (field) {
    field.addEventListener('focus', function () { field.select(); });
  });
})();
