/* Rapport — a CSV import's progress. Polls the import's progress once a second and moves the bar and
   the counts; reloads the page when the import stops, to show what it did. Without JavaScript the
   page reloads itself (a <noscript> refresh). */
(function () {
  'use strict';
  var panel = document.querySelector('[data-import-progress]');
  if (!panel || !window.fetch) return;
  var url = panel.getAttribute('data-poll');
  var bar = panel.querySelector('[data-progress-bar]');
  var text = panel.querySelector('[data-progress-text]');
  var failures = 0;

  function update(state) {
    if (bar) {
      bar.value = state.percent;
      bar.textContent = state.percent + '%';
    }
    if (text && state.text) text.textContent = state.text;
    var counts = state.counts || {};
    Object.keys(counts).forEach(function (key) {
      var cell = panel.querySelector('[data-count="' + key + '"]');
      if (cell) cell.textContent = counts[key];
    });
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        update(state);
        if (state.active) {
          setTimeout(poll, 1000);
        } else {
          location.reload();
        }
      })
      .catch(function () {
        failures += 1;
        setTimeout(poll, Math.min(10000, 1000 * failures));
      });
  }

  setTimeout(poll, 1000);
})();
