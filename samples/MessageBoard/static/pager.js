// The board's pager, enhanced: "Older" and "Newer" fetch only the list and its pager (the template's "messages"
// block, which the server sends for requests with HX-Request: true) and swap it in place, keeping the URL in the
// address bar and history. Without JavaScript, or when anything goes wrong, the links navigate as plain links; so does
// a link back to the live first page, whose list needs board-live.js to start again.
(function () {
  'use strict';
  if (!('fetch' in window) || !('pushState' in history)) return;

  function load(url, push) {
    var current = document.querySelector('[data-pager]');
    if (!current) return Promise.resolve(false);
    return fetch(url, { headers: { 'HX-Request': 'true' }, credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) return false;
      return response.text().then(function (html) {
        var template = document.createElement('template');
        template.innerHTML = html;
        var next = template.content.querySelector('[data-pager]');
        // The first page's list is live (static/board-live.js listens for new posts on it): it needs a page load.
        if (!next || next.querySelector('[data-events]')) return false;
        current.replaceWith(next);
        if (push) history.pushState({ pager: true }, '', url);
        // Keyboard and screen-reader users land on the new list, as they would after a page load.
        next.setAttribute('tabindex', '-1');
        next.focus({ preventScroll: true });
        next.scrollIntoView({ block: 'start' });
        return true;
      });
    }).catch(function () { return false; });
  }

  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('[data-pager] nav.pager a[href]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    load(link.href, true).then(function (swapped) { if (!swapped) location.href = link.href; });
  });

  window.addEventListener('popstate', function () {
    load(location.href, false).then(function (swapped) { if (!swapped) location.reload(); });
  });
})();
